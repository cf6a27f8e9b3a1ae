// The lowering's fused instructions (chained binary ops, add + compare-and-branch, indexed
// loads, paired copies) compute exactly what the unfused instructions do, with metering on
// and off, including aliasing of operands, wrapping addresses and traps.
#include <gtest/gtest.h>

#include <bit>
#include <functional>
#include <string>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

struct Fixture {
  Fixture(const std::string& wat, bool metered) {
    EngineConfig config;
    config.metering.enabled = metered;
    store = std::make_unique<Store>(config);
    store->set_gas_left(UINT64_MAX);
    auto m = compile(testing::wat_to_wasm(wat), config);
    EXPECT_TRUE(m.ok()) << m.error().message;
    module = *m;
    auto inst = store->instantiate(module, {});
    EXPECT_TRUE(inst.ok()) << inst.error().message;
    instance = *inst;
  }
  ExecResult call(const std::string& name, std::vector<Slot> args, Slot& result) {
    auto e = instance->find_export(name);
    EXPECT_TRUE(e.has_value()) << name;
    std::vector<Slot> r(e->func->type->results.size());
    ExecResult x = store->invoke(e->func, args, r);
    result = r.empty() ? 0 : r[0];
    return x;
  }
  Slot call1(const std::string& name, std::vector<Slot> args) {
    Slot r = 0;
    ExecResult x = call(name, std::move(args), r);
    EXPECT_TRUE(x.ok()) << name << ": " << x.message;
    return r;
  }
  std::unique_ptr<Store> store;
  std::shared_ptr<const Module> module;
  Instance* instance = nullptr;
};

class Fusion : public ::testing::TestWithParam<bool> {};

struct I32Op {
  const char* name;
  std::function<uint32_t(uint32_t, uint32_t)> f;
};
const I32Op kOps[] = {
    {"add", [](uint32_t a, uint32_t b) { return a + b; }},
    {"sub", [](uint32_t a, uint32_t b) { return a - b; }},
    {"mul", [](uint32_t a, uint32_t b) { return a * b; }},
    {"and", [](uint32_t a, uint32_t b) { return a & b; }},
    {"or", [](uint32_t a, uint32_t b) { return a | b; }},
    {"xor", [](uint32_t a, uint32_t b) { return a ^ b; }},
    {"shl", [](uint32_t a, uint32_t b) { return a << (b & 31); }},
    {"shr_u", [](uint32_t a, uint32_t b) { return a >> (b & 31); }},
    {"rotl", [](uint32_t a, uint32_t b) { return std::rotl(a, int(b & 31)); }},
};

TEST_P(Fusion, ChainedBinaryOpsComputeBothSteps) {
  // outer(inner(a, b), c) and outer(c, inner(a, b)) for every pair.
  std::string wat = "(module\n";
  for (const I32Op& in : kOps)
    for (const I32Op& out : kOps) {
      std::string pair = std::string(in.name) + "_" + out.name;
      wat += "(func (export \"" + pair + "\") (param i32 i32 i32) (result i32) (i32." + out.name +
             " (i32." + in.name + " (local.get 0) (local.get 1)) (local.get 2)))\n";
      wat += "(func (export \"" + pair + "_r\") (param i32 i32 i32) (result i32) (i32." + out.name +
             " (local.get 2) (i32." + in.name + " (local.get 0) (local.get 1))))\n";
    }
  wat += ")";
  Fixture r(wat, GetParam());
  const uint32_t values[][3] = {
      {0x12345678u, 7, 0x9abcdef0u}, {0xffffffffu, 33, 5}, {3, 0, 0x80000000u}};
  for (const I32Op& in : kOps)
    for (const I32Op& out : kOps)
      for (const auto& v : values) {
        std::string pair = std::string(in.name) + "_" + out.name;
        EXPECT_EQ(r.call1(pair, {v[0], v[1], v[2]}), out.f(in.f(v[0], v[1]), v[2])) << pair;
        EXPECT_EQ(r.call1(pair + "_r", {v[0], v[1], v[2]}), out.f(v[2], in.f(v[0], v[1]))) << pair;
      }
}

TEST_P(Fusion, AddAndCompareBranch) {
  Fixture r(R"((module
    (func (export "count") (param i32 i32) (result i32) (local i32)
      (loop (br_if 0 (i32.lt_u (local.tee 2 (i32.add (local.get 2) (local.get 1))) (local.get 0))))
      (local.get 2))
    (func (export "self") (param i32) (result i32)
      ;; the compare's second operand is the local the add writes: it sees the new value
      (block (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
        (return (i32.const 7)))
      (local.get 0))
    (func (export "count64") (param i64) (result i64) (local i64)
      (loop (br_if 0 (i64.ne (local.tee 1 (i64.add (local.get 1) (i64.const 0x100000000))) (local.get 0))))
      (local.get 1))
    (func (export "if_sum") (param i32 i32) (result i32)
      (if (result i32) (i32.ge_s (i32.add (local.get 0) (local.get 1)) (i32.const 0))
        (then (i32.const 1)) (else (i32.const 2))))))",
            GetParam());
  EXPECT_EQ(r.call1("count", {100, 7}), 105u);
  EXPECT_EQ(r.call1("self", {41}), 7u);
  EXPECT_EQ(r.call1("count64", {0x500000000ull}), 0x500000000ull);
  EXPECT_EQ(r.call1("if_sum", {0x7fffffffu, 1}), 2u);  // wraps to negative at 32 bits
  EXPECT_EQ(r.call1("if_sum", {5, 0xfffffffbu}), 1u);
}

TEST_P(Fusion, IndexedLoadsWrapAndTrap) {
  Fixture r(R"((module (memory 1) (data (i32.const 16) "\01\02\03\04\05\06\07\08")
    (func (export "load") (param i32 i32) (result i32)
      (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (local.get 1))))
    (func (export "load_base_first") (param i32 i32) (result i32)
      (i32.load8_u offset=1 (i32.add (local.get 1) (i32.shl (local.get 0) (i32.const 34)))))
    (func (export "load64") (param i32 i32) (result i64)
      (i64.load offset=65528 (i32.add (i32.shl (local.get 0) (i32.const 3)) (local.get 1))))))",
            GetParam());
  EXPECT_EQ(r.call1("load", {4, 0}), 0x04030201u);
  EXPECT_EQ(r.call1("load", {0x40000004u, 0}), 0x04030201u);   // the shift wraps
  EXPECT_EQ(r.call1("load", {0x3fffffffu, 20}), 0x04030201u);  // the sum wraps: -4 + 20
  EXPECT_EQ(r.call1("load_base_first", {1, 12}), 0x02u);       // shift by 34 is by 2
  Slot out = 0;
  EXPECT_EQ(r.call("load", {0x4000, 0}, out).trap, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(r.call1("load", {0x3fff, 0}), 0u);  // the last word of the page
  EXPECT_EQ(r.call("load64", {1, 0}, out).trap, TrapKind::MemoryOutOfBounds);  // 65536 + 8
  EXPECT_EQ(r.call1("load64", {0, 0}), 0u);
}

TEST_P(Fusion, ReadModifyWriteStoresWhereItLoaded) {
  Fixture r(R"((module (memory 1)
    (func (export "acc") (param i32 f64)
      (f64.store offset=8 (local.get 0) (f64.add (local.get 1) (f64.load offset=8 (local.get 0)))))
    (func (export "sub") (param i32 i32)
      (i32.store (local.get 0) (i32.sub (local.get 1) (i32.load (local.get 0)))))
    (func (export "narrow") (param i32 i64)
      ;; a narrower store does not join
      (i64.store32 (local.get 0) (i64.add (local.get 1) (i64.load (local.get 0)))))
    (func (export "get") (param i32) (result i64) (i64.load (local.get 0)))))",
            GetParam());
  Slot out = 0;
  ASSERT_TRUE(r.call("acc", {0, std::bit_cast<uint64_t>(1.5)}, out).ok());
  ASSERT_TRUE(r.call("acc", {0, std::bit_cast<uint64_t>(2.25)}, out).ok());
  EXPECT_EQ(r.call1("get", {8}), std::bit_cast<uint64_t>(3.75));
  ASSERT_TRUE(r.call("acc", {0, 0x7ff0000000000001ull}, out).ok());  // a NaN is stored canonical
  EXPECT_EQ(r.call1("get", {8}), 0x7ff8000000000000ull);
  ASSERT_TRUE(r.call("sub", {100, 10}, out).ok());
  ASSERT_TRUE(r.call("sub", {100, 25}, out).ok());
  EXPECT_EQ(r.call1("get", {100}), 15u);  // 25 - (10 - 0)
  ASSERT_TRUE(r.call("narrow", {200, 0x100000005ull}, out).ok());
  ASSERT_TRUE(r.call("narrow", {200, 1}, out).ok());
  EXPECT_EQ(r.call1("get", {200}), 6u);
  EXPECT_EQ(r.call("acc", {65528, 0}, out).trap, TrapKind::MemoryOutOfBounds);
}

TEST_P(Fusion, MultiplyAddIntoMemory) {
  Fixture r(R"((module (memory 1)
    (func (export "axpy") (param f64 i32 i32)  ;; c[0] += a * b[0]
      (f64.store (local.get 2)
        (f64.add (f64.mul (local.get 0) (f64.load (local.get 1))) (f64.load (local.get 2)))))
    (func (export "axpy_add") (param f64 i32 i32)  ;; b's address is a sum
      (f64.store offset=8 (local.get 2)
        (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 1) (i32.const 8))))
                 (f64.load offset=8 (local.get 2)))))
    (func (export "axpy32") (param f32 i32 i32)
      (f32.store (local.get 2)
        (f32.add (f32.mul (local.get 0) (f32.load (local.get 1))) (f32.load (local.get 2)))))
    (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result i64) (i64.load (local.get 0)))))",
            GetParam());
  Slot out = 0;
  auto f64 = [](double d) { return std::bit_cast<uint64_t>(d); };
  ASSERT_TRUE(r.call("set", {0, f64(3.0)}, out).ok());
  ASSERT_TRUE(r.call("set", {16, f64(1.0)}, out).ok());
  ASSERT_TRUE(r.call("axpy", {f64(2.0), 0, 16}, out).ok());
  EXPECT_EQ(r.call1("get", {16}), f64(7.0));
  ASSERT_TRUE(r.call("axpy", {f64(0.5), 16, 16}, out).ok());  // b and c alias: 7 + 0.5 * 7
  EXPECT_EQ(r.call1("get", {16}), f64(10.5));
  // Rounded product then sum (no fused multiply-add): 0.1 * 3 rounds before + 0.7.
  ASSERT_TRUE(r.call("set", {40, f64(3.0)}, out).ok());
  ASSERT_TRUE(r.call("set", {56, f64(0.7)}, out).ok());
  ASSERT_TRUE(r.call("axpy_add", {f64(0.1), 32, 48}, out).ok());
  volatile double p = 0.1 * 3.0;
  EXPECT_EQ(r.call1("get", {56}), f64(p + 0.7));
  ASSERT_TRUE(r.call("set", {64, f64(0.0)}, out).ok());
  ASSERT_TRUE(r.call("axpy", {0x7ff0000000000001ull, 0, 64}, out).ok());  // NaN stored canonical
  EXPECT_EQ(r.call1("get", {64}), 0x7ff8000000000000ull);
  ASSERT_TRUE(r.call("set", {80, f64(0.0)}, out).ok());
  EXPECT_EQ(r.call("axpy", {f64(1.0), 65530, 80}, out).trap, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(r.call("axpy", {f64(1.0), 0, 65530}, out).trap, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(r.call1("get", {80}), 0u);  // the trapping calls stored nothing
  ASSERT_TRUE(r.call("set", {96, std::bit_cast<uint32_t>(3.0f)}, out).ok());
  ASSERT_TRUE(r.call("set", {104, std::bit_cast<uint32_t>(1.0f)}, out).ok());
  ASSERT_TRUE(r.call("axpy32", {std::bit_cast<uint32_t>(2.0f), 96, 104}, out).ok());
  EXPECT_EQ(r.call1("get", {104}), std::bit_cast<uint32_t>(7.0f));
}

TEST_P(Fusion, PairedCopiesKeepTheirOrder) {
  // Rotations of locals, as hash rounds do: every move reads the value before the next move.
  Fixture r(R"((module
    (func (export "rotate") (param i32 i32 i32 i32) (result i32) (local i32)
      (loop
        (local.set 4 (local.get 0))
        (local.set 0 (local.get 1))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 4))
        (br_if 0 (local.tee 3 (i32.sub (local.get 3) (i32.const 1)))))
      (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2))))))",
            GetParam());
  EXPECT_EQ(r.call1("rotate", {1, 2, 3, 1}), 231u);
  EXPECT_EQ(r.call1("rotate", {1, 2, 3, 2}), 312u);
  EXPECT_EQ(r.call1("rotate", {1, 2, 3, 3}), 123u);
}

INSTANTIATE_TEST_SUITE_P(Metering, Fusion, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "metered" : "unmetered"; });

}  // namespace
}  // namespace syncwasm::wasm
