// Gas metering: exact charges per basic block, frame charges, host charges, out of gas.
// The expected figures are worked out by hand in the comments; they are protocol.
#include <gtest/gtest.h>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

constexpr uint64_t kOp = 822'756;

EngineConfig metered() {
  EngineConfig c;
  c.metering.enabled = true;
  return c;
}

struct Metered {
  explicit Metered(const std::string& wat, std::vector<Extern> imports = {}) : store(metered()) {
    auto m = compile(testing::wat_to_wasm(wat), metered());
    EXPECT_TRUE(m.ok()) << m.error().message;
    auto inst = store.instantiate(*m, imports);
    EXPECT_TRUE(inst.ok()) << inst.error().message;
    instance = *inst;
  }
  // Runs export `name` with a gas limit; returns the gas used.
  uint64_t gas_of(const char* name, std::vector<Slot> args, uint64_t limit, ExecResult* out = nullptr) {
    FuncInstance* f = instance->find_export(name)->func;
    std::vector<Slot> results(f->type->results.size());
    store.set_gas_left(limit);
    ExecResult r = store.invoke(f, args, results);
    if (out) *out = r;
    else EXPECT_TRUE(r.ok()) << r.message;
    last = results.empty() ? 0 : results[0];
    return limit - store.gas_left();
  }
  Store store;
  Instance* instance = nullptr;
  Slot last = 0;
};

const char* kSum = R"((module
  (func (export "sum") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))))";

TEST(Gas, StraightLineFunction) {
  Metered m(R"((module (func (export "f") (result i32) (i32.add (i32.const 1) (i32.const 2)))))");
  // 3 instructions (end is free) + frame: ceil((64 + 0 locals + 8 bytes of stack) / 8) = 9.
  EXPECT_EQ(m.gas_of("f", {}, 1'000'000'000), 12 * kOp);
  EXPECT_EQ(m.last, 3u);
}

TEST(Gas, LoopChargesEveryIteration) {
  Metered m(kSum);
  // entry region: loop = 1, frame ceil((64 + 8 + 8) / 8) = 10; each iteration that continues:
  // local.get, i32.eqz, br_if (3) + 4 + 4 + br (9) = 12; the last: 3; after the block: 1.
  EXPECT_EQ(m.gas_of("sum", {10}, 1'000'000'000'000), (1 + 10 + 12 * 10 + 3 + 1) * kOp);
  EXPECT_EQ(m.last, 55u);
  EXPECT_EQ(m.gas_of("sum", {0}, 1'000'000'000'000), (1 + 10 + 3 + 1) * kOp);
}

TEST(Gas, OutOfGasUsesTheWholeLimit) {
  Metered m(kSum);
  ExecResult r;
  uint64_t limit = 100 * kOp + 5;
  EXPECT_EQ(m.gas_of("sum", {1000}, limit, &r), limit);
  EXPECT_EQ(r.trap, TrapKind::OutOfGas);
  // Exactly enough gas succeeds; one unit less does not.
  uint64_t need = (1 + 10 + 12 * 3 + 3 + 1) * kOp;
  EXPECT_EQ(m.gas_of("sum", {3}, need), need);
  EXPECT_EQ(m.gas_of("sum", {3}, need - 1, &r), need - 1);
  EXPECT_EQ(r.trap, TrapKind::OutOfGas);
  // The failing charge is the last block (local.get 1) with one unit short.
  EXPECT_EQ(m.store.last_gas_failure().charge, 1 * kOp);
  EXPECT_EQ(m.store.last_gas_failure().gas_left, 1 * kOp - 1);
}

TEST(Gas, ConditionalBackEdgeAndFallThroughBlocks) {
  Metered m(R"((module
    (func (export "dowhile") (param i32) (result i32) (local i32)
      (loop
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))
    (func (export "abs") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 0))
        (then (i32.sub (i32.const 0) (local.get 0)))
        (else (local.get 0))))))");
  // entry: loop 1 + frame ceil((64 + 8 + 8) / 8) = 10; each iteration 4 + 4 + br_if = 9; after
  // the loop: local.get 1.
  EXPECT_EQ(m.gas_of("dowhile", {5}, 1'000'000'000'000), (11 + 9 * 5 + 1) * kOp);
  EXPECT_EQ(m.last, 15u);
  // entry: 3 + if = 4, frame ceil((64 + 4 + 8) / 8) = 10; then: 3; else: 1.
  EXPECT_EQ(m.gas_of("abs", {uint32_t(-7)}, 1'000'000'000), 17 * kOp);
  EXPECT_EQ(m.last, 7u);
  EXPECT_EQ(m.gas_of("abs", {7}, 1'000'000'000), 15 * kOp);
  // Out of gas in the middle of the loop: the whole limit is used.
  ExecResult r;
  EXPECT_EQ(m.gas_of("dowhile", {1000}, 500 * kOp, &r), 500 * kOp);
  EXPECT_EQ(r.trap, TrapKind::OutOfGas);
}

TEST(Gas, BranchTablesAndForwardBranchesChargeTheBlockTheyEnter) {
  Metered m(R"((module
    (func (export "sw") (param i32) (result i32)
      (block $b1
        (block $b0 (br_table $b0 $b1 (local.get 0)))
        (return (i32.const 10)))
      (i32.const 20))
    (func (export "skip") (param i32) (result i32)
      (block (br_if 0 (local.get 0)))
      (i32.const 1))))");
  // entry: local.get, br_table = 2, frame ceil((64 + 4 + 4) / 8) = 9; then $b0's end: 2 (const,
  // return), or $b1's end: 1.
  EXPECT_EQ(m.gas_of("sw", {0}, 1'000'000'000), 13 * kOp);
  EXPECT_EQ(m.last, 10u);
  EXPECT_EQ(m.gas_of("sw", {1}, 1'000'000'000), 12 * kOp);
  EXPECT_EQ(m.gas_of("sw", {9}, 1'000'000'000), 12 * kOp);
  ExecResult r;
  EXPECT_EQ(m.gas_of("sw", {0}, 12 * kOp, &r), 12 * kOp);
  EXPECT_EQ(r.trap, TrapKind::OutOfGas);
  EXPECT_EQ(m.store.last_gas_failure().charge, 2 * kOp);
  EXPECT_EQ(m.store.last_gas_failure().gas_left, 1 * kOp);
  // entry: local.get, br_if = 2, frame 9; after the block, taken or not: 1.
  EXPECT_EQ(m.gas_of("skip", {0}, 1'000'000'000), 12 * kOp);
  EXPECT_EQ(m.gas_of("skip", {1}, 1'000'000'000), 12 * kOp);
  EXPECT_EQ(m.gas_of("skip", {0}, 11 * kOp, &r), 11 * kOp);
  EXPECT_EQ(m.store.last_gas_failure().charge, 1 * kOp);
  EXPECT_EQ(m.store.last_gas_failure().gas_left, 0u);
}

TrapKind charge_1000(HostCall& call, Slot*) { return call.store->charge_gas(1000); }

TEST(Gas, HostFunctionsChargeTheSameCounter) {
  EngineConfig cfg = metered();
  Store store(cfg);
  FuncInstance* host = store.create_host_function({{}, {}}, charge_1000);
  auto mod = compile(testing::wat_to_wasm(R"((module (import "env" "h" (func $h))
      (func (export "f") (call $h) (call $h))))"), cfg);
  ASSERT_TRUE(mod.ok());
  std::vector<Extern> imports{{ExternKind::Func, host}};
  auto inst = store.instantiate(*mod, imports);
  ASSERT_TRUE(inst.ok());
  store.set_gas_left(1'000'000'000);
  ASSERT_TRUE(store.invoke((*inst)->find_export("f")->func, {}, {}).ok());
  // 2 calls + frame ceil(64 / 8) = 8 ops, plus 2 host charges.
  EXPECT_EQ(1'000'000'000 - store.gas_left(), 10 * kOp + 2000);
  store.set_gas_left(10 * kOp + 1500);
  ExecResult r = store.invoke((*inst)->find_export("f")->func, {}, {});
  EXPECT_EQ(r.trap, TrapKind::OutOfGas);
  EXPECT_EQ(store.gas_left(), 0u);
}

TEST(Gas, BulkMemoryPaysPerByte) {
  Metered m(R"((module (memory 1)
    (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))))");
  // 4 instructions + frame ceil((64 + 4 + 12) / 8) = 10, plus n bytes.
  uint64_t base = 14 * kOp;
  EXPECT_EQ(m.gas_of("fill", {0}, 1'000'000'000'000), base);
  EXPECT_EQ(m.gas_of("fill", {1000}, 1'000'000'000'000), base + 1000 * (kOp / 8));
}

TEST(Gas, MeteringOffChargesNothing) {
  Store store;
  auto mod = compile(testing::wat_to_wasm(kSum));
  ASSERT_TRUE(mod.ok());
  auto inst = store.instantiate(*mod, {});
  ASSERT_TRUE(inst.ok());
  store.set_gas_left(5);
  std::vector<Slot> r(1);
  ASSERT_TRUE(store.invoke((*inst)->find_export("sum")->func, std::vector<Slot>{100}, r).ok());
  EXPECT_EQ(r[0], 5050u);
  EXPECT_EQ(store.gas_left(), 5u);
}

}  // namespace
}  // namespace syncwasm::wasm
