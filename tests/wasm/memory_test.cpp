// Linear memories: every byte a write can reach lies in the memory's dirty prefix
// (MemoryInstance::dirty_bytes), which is all that releasing or resetting a memory zeroes, so a
// memory handed out again is all zeros whatever wrote into it (stores of every width, the fused
// stores, memory.fill/copy/init, data segments, another instance sharing the memory, grow).
#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <string>
#include <vector>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

// One export per way of writing memory; addresses and values come in as parameters.
const char* kWriter = R"((module
  (memory (export "mem") 1 64)
  (data (i32.const 3000) "\01\02\03")
  (data $p "\11\22\33\44\55\66\77\88")
  (func (export "i32.store") (param i32 i64) (i32.store (local.get 0) (i32.wrap_i64 (local.get 1))))
  (func (export "i64.store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "i32.store8") (param i32 i64) (i32.store8 (local.get 0) (i32.wrap_i64 (local.get 1))))
  (func (export "i32.store16") (param i32 i64) (i32.store16 (local.get 0) (i32.wrap_i64 (local.get 1))))
  (func (export "i64.store8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
  (func (export "i64.store16") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
  (func (export "i64.store32") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (export "offset.store") (param i32 i64)  ;; a static offset on top of the address
    (i64.store offset=7 (i32.shr_u (local.get 0) (i32.const 1)) (local.get 1)))
  (func (export "store_add") (param i32 i64)  ;; fused: the address is a sum
    (i64.store (i32.add (i32.shr_u (local.get 0) (i32.const 1))
                        (i32.sub (local.get 0) (i32.shr_u (local.get 0) (i32.const 1))))
               (local.get 1)))
  (func (export "load_store") (param i32 i64)  ;; fused read-modify-write
    (i64.store (local.get 0) (i64.add (local.get 1) (i64.load (local.get 0)))))
  (func (export "muladd_store") (param i32 i64)  ;; fused c += x * b, b at 0
    (f64.store (local.get 0)
      (f64.add (f64.mul (f64.reinterpret_i64 (local.get 1)) (f64.load (i32.const 0)))
               (f64.load (local.get 0)))))
  (func (export "fill") (param i32 i64)
    (memory.fill (local.get 0) (i32.wrap_i64 (local.get 1)) (i32.const 100)))
  (func (export "copy") (param i32 i64)  ;; copies the first 64 bytes
    (memory.copy (local.get 0) (i32.const 0) (i32.const 64)))
  (func (export "init") (param i32 i64)
    (memory.init $p (local.get 0) (i32.const 0) (i32.const 8)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "fill_n") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))
)";

// How many bytes each writer writes from the address it is given ("offset.store" is given twice
// the address less its offset).
struct Writer {
  const char* name;
  uint32_t width;
};
const Writer kWriters[] = {
    {"i32.store", 4},  {"i64.store", 8},   {"i32.store8", 1},   {"i32.store16", 2},
    {"i64.store8", 1}, {"i64.store16", 2}, {"i64.store32", 4},  {"offset.store", 8},
    {"store_add", 8},  {"load_store", 8},  {"muladd_store", 8}, {"fill", 100},
    {"copy", 64},      {"init", 8},
};

class MemoryFixture {
 public:
  explicit MemoryFixture(bool metered) {
    EngineConfig config;
    config.metering.enabled = metered;
    store_ = std::make_unique<Store>(config);
    store_->set_gas_left(UINT64_MAX);
    auto m = compile(testing::wat_to_wasm(kWriter), config);
    EXPECT_TRUE(m.ok()) << m.error().message;
    module_ = *m;
  }
  Instance* instantiate() {
    auto inst = store_->instantiate(module_, {});
    EXPECT_TRUE(inst.ok()) << inst.error().message;
    return *inst;
  }
  ExecResult call(Instance* inst, const std::string& name, std::vector<Slot> args) {
    auto e = inst->find_export(name);
    EXPECT_TRUE(e.has_value()) << name;
    std::vector<Slot> r(e->func->type->results.size());
    return store_->invoke(e->func, args, r);
  }
  Store& store() { return *store_; }

 private:
  std::unique_ptr<Store> store_;
  std::shared_ptr<const Module> module_;
};

// The first non-zero byte at or beyond `from` and below `to`, or `to`.
uint64_t first_nonzero(const MemoryInstance& m, uint64_t from, uint64_t to) {
  const uint8_t* p = m.data();
  for (uint64_t i = from; i < to; ++i)
    if (p[i]) return i;
  return to;
}

class Memory : public ::testing::TestWithParam<bool> {};

TEST_P(Memory, DirtyPrefixCoversEveryWrite) {
  MemoryFixture f(GetParam());
  Instance* inst = f.instantiate();
  MemoryInstance& m = *inst->memory0;
  // The data segment at 3000 is written at instantiation; the passive one is not.
  EXPECT_EQ(m.dirty_bytes(), 3072u);
  EXPECT_EQ(first_nonzero(m, m.dirty_bytes(), m.size_bytes()), m.size_bytes());
  std::mt19937_64 rng(7);
  uint64_t max_size = m.size_bytes();
  for (int i = 0; i < 3000; ++i) {
    if (i % 300 == 299) {
      ASSERT_TRUE(f.call(inst, "grow", {1 + rng() % 3}).ok());
      max_size = m.size_bytes();
    }
    const Writer& w = kWriters[rng() % std::size(kWriters)];
    uint64_t size = m.size_bytes();
    uint64_t span = w.width;
    // Half the writes land at the very end of the memory, half anywhere; some out of bounds.
    uint64_t addr = rng() % 2 ? size - span - rng() % 4 : rng() % (size - span + 1);
    if (rng() % 16 == 0) addr = size - span + 1 + rng() % 8;  // traps, writes nothing
    if (std::string(w.name) == "offset.store") addr = (addr < 7 ? 0 : addr - 7) * 2;
    uint64_t value = rng() | 1;
    if (std::string(w.name) == "muladd_store") value = std::bit_cast<uint64_t>(1.5);
    ExecResult r = f.call(inst, w.name, {addr, value});
    if (!r.ok()) {
      EXPECT_EQ(r.trap, TrapKind::MemoryOutOfBounds) << w.name << " at " << addr;
    }
    ASSERT_LE(m.dirty_bytes(), m.size_bytes());
    ASSERT_EQ(first_nonzero(m, m.dirty_bytes(), m.size_bytes()), m.size_bytes())
        << "after " << w.name << " at " << addr << ": a non-zero byte beyond the dirty prefix "
        << m.dirty_bytes();
  }
  EXPECT_GT(first_nonzero(m, 0, m.size_bytes()), 0u);  // something was written
  // Released, the reservation comes back (the pool is LIFO) all zeros at any size it had.
  f.store().release_instance(inst);
  inst = f.instantiate();
  MemoryInstance& again = *inst->memory0;
  uint64_t pages = max_size / kPageSize - again.pages();
  ASSERT_TRUE(f.call(inst, "grow", {pages}).ok());
  ASSERT_EQ(again.size_bytes(), max_size);
  std::vector<uint8_t> expected(again.size_bytes(), 0);
  expected[3000] = 1;
  expected[3001] = 2;
  expected[3002] = 3;
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), again.data()));
}

TEST_P(Memory, ResetZeroesWhatWasWritten) {
  MemoryFixture f(GetParam());
  Instance* inst = f.instantiate();
  MemoryInstance& m = *inst->memory0;
  ASSERT_TRUE(f.call(inst, "grow", {9}).ok());  // 640 KiB: the madvise path
  ASSERT_TRUE(f.call(inst, "fill_n", {1000, 0xab, 600000}).ok());
  ASSERT_TRUE(f.call(inst, "i64.store", {655352, 5}).ok());
  EXPECT_EQ(m.dirty_bytes(), 655360u);
  ASSERT_TRUE(f.store().reset_instance(inst).ok());
  EXPECT_EQ(m.pages(), 1u);
  EXPECT_EQ(m.dirty_bytes(), 3072u);
  ASSERT_TRUE(f.call(inst, "grow", {9}).ok());
  EXPECT_EQ(first_nonzero(m, 0, 3000), 3000u);
  EXPECT_EQ(first_nonzero(m, 3003, m.size_bytes()), m.size_bytes());
}

TEST_P(Memory, DirtyPrefixFollowsTheHighestAccess) {
  MemoryFixture f(GetParam());
  Instance* inst = f.instantiate();
  MemoryInstance& m = *inst->memory0;
  EXPECT_EQ(m.dirty_bytes(), 3072u);
  ASSERT_TRUE(f.call(inst, "i32.store8", {5000, 1}).ok());
  EXPECT_EQ(m.dirty_bytes(), 5120u);  // rounded up to MemoryInstance::kDirtyGranule
  ASSERT_TRUE(f.call(inst, "i32.store8", {100, 1}).ok());
  EXPECT_EQ(m.dirty_bytes(), 5120u);
  // A load beyond the prefix raises it too (so that reading zeros does not take the slow path
  // every time); one beyond the size traps and changes nothing.
  ASSERT_TRUE(f.call(inst, "load", {6000}).ok());
  EXPECT_EQ(m.dirty_bytes(), 6144u);
  EXPECT_EQ(f.call(inst, "load", {65530}).trap, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m.dirty_bytes(), 6144u);
  // Nothing written: a trapping store, a zero-length fill at the end, grow.
  EXPECT_EQ(f.call(inst, "i64.store", {65532, 1}).trap, TrapKind::MemoryOutOfBounds);
  ASSERT_TRUE(f.call(inst, "fill_n", {65536, 1, 0}).ok());
  EXPECT_EQ(f.call(inst, "fill_n", {65000, 1, 537}).trap, TrapKind::MemoryOutOfBounds);
  ASSERT_TRUE(f.call(inst, "grow", {3}).ok());
  EXPECT_EQ(m.dirty_bytes(), 6144u);
  ASSERT_TRUE(f.call(inst, "i32.store", {65534, 1}).ok());  // across a page boundary
  EXPECT_EQ(m.dirty_bytes(), 66560u);
  ASSERT_TRUE(f.call(inst, "i32.store8", {4 * 65536 - 1, 1}).ok());
  EXPECT_EQ(m.dirty_bytes(), 4 * 65536u);
}

// A large memory (a NEAR main contract's: 1,024 pages) that is barely written stays barely
// dirty: releasing it costs what was touched.
TEST(MemoryLarge, UntouchedPagesStayUntouched) {
  Store store;
  auto mem = store.create_memory(MemoryType{Limits{1024, 2048}});
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ((*mem)->dirty_bytes(), 0u);
  auto m = compile(testing::wat_to_wasm(R"((module (import "env" "memory" (memory 1024 2048))
    (func (export "st") (param i32 i64) (i64.store (local.get 0) (local.get 1)))))"));
  ASSERT_TRUE(m.ok());
  std::vector<Extern> imports{Extern{ExternKind::Memory, nullptr, nullptr, *mem, nullptr}};
  auto inst = store.instantiate(*m, imports);
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  auto st = (*inst)->find_export("st")->func;
  std::vector<Slot> none;
  ASSERT_TRUE(store.invoke(st, std::vector<Slot>{16, 1}, none).ok());
  EXPECT_EQ((*mem)->dirty_bytes(), 1024u);
  ASSERT_TRUE(store.invoke(st, std::vector<Slot>{1 << 20, 1}, none).ok());  // a stack at 1 MiB
  EXPECT_EQ((*mem)->dirty_bytes(), (1u << 20) + 1024);
  ASSERT_TRUE(store.invoke(st, std::vector<Slot>{(1 << 20) + 4096, 1}, none).ok());
  // Beyond the memset limit the prefix grows by a quarter at least.
  EXPECT_EQ((*mem)->dirty_bytes(), (1u << 20) + 1024 + ((1u << 20) + 1024) / 4);
}

// Two instances share a memory: what either writes is in the prefix, whichever frame wrote it.
TEST(MemoryShared, WritesThroughEitherInstanceAreTracked) {
  Store store;
  auto a = compile(testing::wat_to_wasm(R"((module
    (import "env" "mem" (memory 2))
    (import "b" "write" (func $write (param i32)))
    (func (export "run")
      (i32.store8 (i32.const 10) (i32.const 1))
      (call $write (i32.const 70000))
      (i32.store8 (i32.const 40000) (i32.const 3))
      (call $write (i32.const 100000))
      (i32.store8 (i32.const 90000) (i32.const 4)))))"));
  auto b = compile(testing::wat_to_wasm(R"((module
    (import "env" "mem" (memory 2))
    (func (export "write") (param i32) (i32.store8 (local.get 0) (i32.const 2)))))"));
  ASSERT_TRUE(a.ok() && b.ok());
  auto mem = store.create_memory(MemoryType{Limits{2, 2}});
  ASSERT_TRUE(mem.ok());
  Extern memory{ExternKind::Memory, nullptr, nullptr, *mem, nullptr};
  std::vector<Extern> b_imports{memory};
  auto ib = store.instantiate(*b, b_imports);
  ASSERT_TRUE(ib.ok()) << ib.error().message;
  std::vector<Extern> a_imports{memory, *(*ib)->find_export("write")};
  auto ia = store.instantiate(*a, a_imports);
  ASSERT_TRUE(ia.ok()) << ia.error().message;
  std::vector<Slot> none;
  ASSERT_TRUE(store.invoke((*ia)->find_export("run")->func, {}, none).ok());
  MemoryInstance& m = **mem;
  EXPECT_EQ(m.dirty_bytes(), 100352u);
  const uint8_t* p = m.data();
  EXPECT_EQ(p[10] + p[70000] + p[40000] + p[100000] + p[90000], 1 + 2 + 3 + 2 + 4);
  EXPECT_EQ(first_nonzero(m, m.dirty_bytes(), m.size_bytes()), m.size_bytes());
}

INSTANTIATE_TEST_SUITE_P(Metering, Memory, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "metered" : "unmetered"; });

}  // namespace
}  // namespace syncwasm::wasm
