// The engine end to end: compile, link, instantiate and run small modules; exact results,
// exact trap kinds, exact error kinds.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

using testing::wat_to_wasm;

std::shared_ptr<const Module> compile_wat(const std::string& wat, const EngineConfig& config = {}) {
  auto m = compile(wat_to_wasm(wat), config);
  EXPECT_TRUE(m.ok()) << m.error().message;
  return m.ok() ? m.value() : nullptr;
}

struct Fixture {
  explicit Fixture(const std::string& wat, EngineConfig config = {}) : store(config) {
    module = compile_wat(wat, config);
    auto inst = store.instantiate(module, {});
    EXPECT_TRUE(inst.ok()) << inst.error().message;
    instance = inst.value();
  }
  ExecResult call(const char* name, std::vector<Slot> args, std::vector<Slot>& results) {
    auto e = instance->find_export(name);
    EXPECT_TRUE(e.has_value()) << name;
    results.assign(e->func->type->results.size(), 0);
    return store.invoke(e->func, args, results);
  }
  Slot call1(const char* name, std::vector<Slot> args = {}) {
    std::vector<Slot> r;
    ExecResult x = call(name, std::move(args), r);
    EXPECT_TRUE(x.ok()) << x.message;
    return r.empty() ? 0 : r[0];
  }
  TrapKind trap(const char* name, std::vector<Slot> args = {}) {
    std::vector<Slot> r;
    return call(name, std::move(args), r).trap;
  }
  Store store;
  std::shared_ptr<const Module> module;
  Instance* instance = nullptr;
};

TEST(Engine, ArithmeticAndRecursion) {
  Fixture f(R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "sub64") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))))");
  EXPECT_EQ(f.call1("fib", {20}), 6765u);
  EXPECT_EQ(f.call1("sub64", {5, 7}), uint64_t(-2));
}

TEST(Engine, DeferredLocalReadsSeeTheOldValue) {
  Fixture f(R"((module
    (func (export "old") (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.sub))
    (func (export "swap") (param i32 i32) (result i32 i32)
      (local.get 1) (local.get 0) (local.set 1) (local.set 0) (local.get 0) (local.get 1))
    (func (export "in_block") (param i32) (result i32)
      (local.get 0)
      (block (local.set 0 (i32.const 100)))
      (local.get 0) (i32.add))
    (func (export "tee") (param i32) (result i32)
      (i32.add (local.tee 0 (i32.mul (local.get 0) (i32.const 3))) (local.get 0)))))");
  EXPECT_EQ(f.call1("old", {12}), uint32_t(12 - 5));
  std::vector<Slot> r;
  ASSERT_TRUE(f.call("swap", {1, 2}, r).ok());
  EXPECT_EQ(r, (std::vector<Slot>{2, 1}));
  EXPECT_EQ(f.call1("in_block", {7}), 107u);
  EXPECT_EQ(f.call1("tee", {4}), 24u);
}

TEST(Engine, ZeroingALocalIsSkippedOnlyWhenNoPathWroteIt) {
  // The lowering drops `local.set (i32.const 0)` of a local that nothing before wrote, outside
  // loops; a write on one path of an if, or in an earlier iteration, must still be undone.
  Fixture f(R"((module
    (func (export "after_if") (param i32) (result i32) (local i32)
      (if (local.get 0) (then (local.set 1 (i32.const 5))))
      (local.set 1 (i32.const 0))
      (local.get 1))
    (func (export "in_loop") (param i32) (result i32) (local i32 i32)
      (loop
        (local.set 2 (i32.add (local.get 2) (local.get 1)))
        (local.set 1 (i32.const 0))
        (if (i32.eq (local.get 0) (i32.const 3)) (then (local.set 1 (i32.const 7))))
        (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 2))
    (func (export "untouched") (param i32) (result i32) (local i32)
      (block (br_if 0 (local.get 0)) (local.set 1 (i32.const 0)))
      (local.set 1 (i32.const 0))
      (local.get 1))))");
  EXPECT_EQ(f.call1("after_if", {1}), 0u);
  EXPECT_EQ(f.call1("in_loop", {3}), 7u);  // 0 + 7 + 0
  EXPECT_EQ(f.call1("untouched", {0}), 0u);
}

TEST(Engine, BranchesCarryValues) {
  Fixture f(R"((module
    (func (export "table") (param i32) (result i32)
      (block (result i32)
        (block (result i32)
          (block (result i32)
            (br_table 0 1 2 (i32.const 10) (local.get 0)))
          (i32.add (i32.const 1)))
        (i32.add (i32.const 2))))
    (func (export "loop_sum") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))
    (func (export "multi") (result i32 i64)
      (block (result i32 i64) (br 0 (i32.const 3) (i64.const 4))))))");
  EXPECT_EQ(f.call1("table", {0}), 13u);
  EXPECT_EQ(f.call1("table", {1}), 12u);
  EXPECT_EQ(f.call1("table", {2}), 10u);
  EXPECT_EQ(f.call1("table", {99}), 10u);
  EXPECT_EQ(f.call1("loop_sum", {100}), 5050u);
  std::vector<Slot> r;
  ASSERT_TRUE(f.call("multi", {}, r).ok());
  EXPECT_EQ(r, (std::vector<Slot>{3, 4}));
}

TEST(Engine, TrapsAreStatusValues) {
  Fixture f(R"((module (memory 1 2)
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "oob") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "unreachable") unreachable)
    (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  EXPECT_EQ(f.trap("div", {1, 0}), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(f.trap("div", {0x80000000u, 0xffffffffu}), TrapKind::IntegerOverflow);
  EXPECT_EQ(f.trap("oob", {65533}), TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(f.trap("oob", {65532}), TrapKind::None);
  EXPECT_EQ(f.trap("unreachable"), TrapKind::Unreachable);
  EXPECT_EQ(f.trap("trunc", {std::bit_cast<uint32_t>(3e9f)}), TrapKind::IntegerOverflow);
  EXPECT_EQ(f.trap("trunc", {0x7fc00000u}), TrapKind::InvalidConversion);
  EXPECT_EQ(f.call1("grow", {1}), 1u);
  EXPECT_EQ(f.call1("grow", {1}), 0xffffffffu);  // beyond the declared maximum of 2 pages
  EXPECT_EQ(f.trap("oob", {65536 + 100}), TrapKind::None);
}

TEST(Engine, AddressArithmeticWrapsAt32BitsBeforeTheOffset) {
  // The lowering folds the i32.add into the access: the sum must still wrap.
  Fixture f(R"((module (memory 1) (data (i32.const 4) "\2a")
    (func (export "load") (param i32 i32) (result i32) (i32.load8_u offset=0 (i32.add (local.get 0) (local.get 1))))
    (func (export "load_off") (param i32 i32) (result i32) (i32.load8_u offset=65535 (i32.add (local.get 0) (local.get 1))))
    (func (export "store") (param i32 i32) (i32.store8 (i32.add (local.get 0) (local.get 1)) (i32.const 9)))))");
  EXPECT_EQ(f.call1("load", {0xffffffffu, 5}), 42u);
  EXPECT_EQ(f.trap("load_off", {0xffffffffu, 2}), TrapKind::MemoryOutOfBounds);  // 1 + 65535
  EXPECT_EQ(f.call1("load_off", {0xffffffffu, 1}), 0u);                          // 0 + 65535
  EXPECT_EQ(f.trap("store", {0xffffffffu, 6}), TrapKind::None);
  EXPECT_EQ(f.call1("load", {3, 2}), 9u);
}

TEST(Engine, NaNResultsAreCanonical) {
  Fixture f(R"((module
    (func (export "add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))))");
  EXPECT_EQ(f.call1("add", {0x7fa00001u, std::bit_cast<uint32_t>(1.0f)}), 0x7fc00000u);
  EXPECT_EQ(f.call1("neg", {0x7fa00001u}), 0xffa00001u);  // sign flip keeps the payload
}

TEST(Engine, UnboundedRecursionIsCallStackExhausted) {
  Fixture f(R"((module (func $f (export "f") (call $f))
                      (func $g (export "g") (param i64) (result i64)
                        (i64.add (call $g (local.get 0)) (i64.const 1)))))");
  EXPECT_EQ(f.trap("f"), TrapKind::CallStackExhausted);
  EXPECT_EQ(f.trap("g", {1}), TrapKind::CallStackExhausted);
  // The store is usable after the trap.
  EXPECT_EQ(f.trap("g", {1}), TrapKind::CallStackExhausted);
}

TEST(Engine, CallDepthLimitIsExact) {
  EngineConfig config;
  config.limits.max_call_depth = 50;
  Fixture f(R"((module (func $d (export "depth") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1)))))))))",
            config);
  EXPECT_EQ(f.call1("depth", {49}), 49u);  // 50 frames
  EXPECT_EQ(f.trap("depth", {50}), TrapKind::CallStackExhausted);
}

TrapKind host_add(HostCall& call, Slot* slots) {
  auto* counter = static_cast<int*>(call.user);
  ++*counter;
  slots[0] = uint32_t(uint32_t(slots[0]) + uint32_t(slots[1]));
  return TrapKind::None;
}

TrapKind host_fail(HostCall& call, Slot*) {
  call.store->set_host_error("refused");
  return TrapKind::HostError;
}

TEST(Engine, HostFunctionsAndLinking) {
  Store store;
  int calls = 0;
  FuncInstance* add = store.create_host_function({{ValType::I32, ValType::I32}, {ValType::I32}}, host_add, &calls);
  FuncInstance* fail = store.create_host_function({{}, {}}, host_fail);
  auto m = compile_wat(R"((module
    (import "env" "add" (func $add (param i32 i32) (result i32)))
    (import "env" "fail" (func $fail))
    (func (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0)))
    (func (export "fail") (call $fail))))");
  std::vector<Extern> imports{{ExternKind::Func, add}, {ExternKind::Func, fail}};
  auto inst = store.instantiate(m, imports);
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  std::vector<Slot> r(1);
  ASSERT_TRUE(store.invoke((*inst)->find_export("twice")->func, std::vector<Slot>{21}, r).ok());
  EXPECT_EQ(r[0], 42u);
  EXPECT_EQ(calls, 1);
  ExecResult x = store.invoke((*inst)->find_export("fail")->func, {}, {});
  EXPECT_EQ(x.trap, TrapKind::HostError);
  EXPECT_EQ(x.message, "host error: refused");

  // A function of the wrong type does not link.
  std::vector<Extern> wrong{{ExternKind::Func, fail}, {ExternKind::Func, fail}};
  auto bad = store.instantiate(m, wrong);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Unlinkable);
}

TEST(Engine, InstancesShareMemoryGlobalsAndFunctions) {
  Store store;
  auto provider = compile_wat(R"((module
    (memory (export "mem") 1)
    (global (export "g") (mut i32) (i32.const 7))
    (func (export "get_g") (result i32) (global.get 0))
    (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))))");
  auto p = store.instantiate(provider, {});
  ASSERT_TRUE(p.ok());
  auto user = compile_wat(R"((module
    (import "p" "mem" (memory 1))
    (import "p" "g" (global $g (mut i32)))
    (import "p" "peek" (func $peek (param i32) (result i32)))
    (func (export "run") (result i32)
      (i32.store8 (i32.const 10) (i32.const 99))
      (global.set $g (i32.const 11))
      (call $peek (i32.const 10)))))");
  std::vector<Extern> imports{*(*p)->find_export("mem"), *(*p)->find_export("g"), *(*p)->find_export("peek")};
  auto u = store.instantiate(user, imports);
  ASSERT_TRUE(u.ok()) << u.error().message;
  std::vector<Slot> r(1);
  ASSERT_TRUE(store.invoke((*u)->find_export("run")->func, {}, r).ok());
  EXPECT_EQ(r[0], 99u);
  ASSERT_TRUE(store.invoke((*p)->find_export("get_g")->func, {}, r).ok());
  EXPECT_EQ(r[0], 11u);
}

TEST(Engine, MalformedAndInvalidModulesAreErrors) {
  std::vector<uint8_t> bad_magic{0, 'a', 's', 'x', 1, 0, 0, 0};
  auto m = compile(bad_magic);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_NE(m.error().message.find("magic header not detected"), std::string::npos);

  auto truncated = wat_to_wasm("(module (func (export \"f\") (result i32) (i32.const 1)))");
  truncated.pop_back();
  m = compile(truncated);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_NE(m.error().message.find("code section"), std::string::npos) << m.error().message;

  // i32.add with an i64 operand: wat2wasm checks types, so build the binary by hand.
  std::vector<uint8_t> bytes{0, 'a', 's', 'm', 1, 0, 0, 0,
                             1, 5, 1, 0x60, 0, 1, 0x7f,                 // type () -> i32
                             3, 2, 1, 0,                                // func 0: type 0
                             10, 9, 1, 7, 0, 0x41, 1, 0x42, 1, 0x6a, 0x0b};  // i32.const i64.const i32.add
  m = compile(bytes);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_NE(m.error().message.find("type mismatch"), std::string::npos) << m.error().message;
  // The offending instruction, i32.add, is byte 28 of the module.
  EXPECT_NE(m.error().message.find("at offset 28"), std::string::npos) << m.error().message;
}

TEST(Engine, LimitsAreEnforcedAtCompileTime) {
  EngineConfig config;
  config.limits.max_locals_per_function = 10;
  auto m = compile(wat_to_wasm("(module (func (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))"), config);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
  EXPECT_NE(m.error().message.find("max_locals_per_function"), std::string::npos);

  config = {};
  config.limits.max_module_bytes = 8;
  m = compile(wat_to_wasm("(module (func))"), config);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
}

TEST(Engine, StartFunctionTrapIsUninstantiable) {
  Store store;
  auto m = compile_wat("(module (func $s unreachable) (start $s))");
  auto inst = store.instantiate(m, {});
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Uninstantiable);
  EXPECT_EQ(inst.error().trap, TrapKind::Unreachable);
  EXPECT_NE(inst.error().message.find("unreachable"), std::string::npos);
}

}  // namespace
}  // namespace syncwasm::wasm
