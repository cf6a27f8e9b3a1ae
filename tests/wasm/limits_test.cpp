// Every EngineLimits field: a module or a run that goes past it gets the expected error or trap
// (never a crash), and one at the limit still works.
#include <gtest/gtest.h>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

// Compiles `wat` under `limits`; returns the error kind, or nullopt when it compiles.
std::optional<ErrorKind> compile_error(const std::string& wat, const EngineLimits& limits,
                                       const char* must_mention = nullptr) {
  EngineConfig config;
  config.limits = limits;
  auto m = compile(testing::wat_to_wasm(wat), config);
  if (m.ok()) return std::nullopt;
  if (must_mention) {
    EXPECT_NE(m.error().message.find(must_mention), std::string::npos) << m.error().message;
  }
  return m.error().kind;
}

template <typename Field>
void expect_compile_limit(Field EngineLimits::*field, Field at_limit, const std::string& within,
                          const std::string& beyond, const char* mention = nullptr) {
  EngineLimits limits;
  limits.*field = at_limit;
  EXPECT_EQ(compile_error(within, limits), std::nullopt);
  EXPECT_EQ(compile_error(beyond, limits, mention), ErrorKind::LimitExceeded);
}

TEST(Limits, ModuleBytes) {
  auto bytes = testing::wat_to_wasm("(module (func))");
  EngineConfig config;
  config.limits.max_module_bytes = bytes.size();
  EXPECT_TRUE(compile(bytes, config).ok());
  config.limits.max_module_bytes = bytes.size() - 1;
  auto m = compile(bytes, config);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
  EXPECT_NE(m.error().message.find("max_module_bytes"), std::string::npos);
}

TEST(Limits, Types) {
  expect_compile_limit(&EngineLimits::max_types, 2u, "(module (type (func)) (type (func (param i32))))",
                       "(module (type (func)) (type (func (param i32))) (type (func (param i64))))", "types");
}

TEST(Limits, Functions) {
  expect_compile_limit(&EngineLimits::max_functions, 2u, "(module (func) (func))", "(module (func) (func) (func))",
                       "functions");
}

TEST(Limits, Imports) {
  expect_compile_limit(&EngineLimits::max_imports, 1u, R"((module (import "a" "b" (func))))",
                       R"((module (import "a" "b" (func)) (import "a" "c" (func))))", "imports");
}

TEST(Limits, Exports) {
  expect_compile_limit(&EngineLimits::max_exports, 1u, R"((module (func (export "a"))))",
                       R"((module (func (export "a") (export "b"))))", "exports");
}

TEST(Limits, Globals) {
  expect_compile_limit(&EngineLimits::max_globals, 1u, "(module (global i32 (i32.const 0)))",
                       "(module (global i32 (i32.const 0)) (global i32 (i32.const 1)))", "globals");
}

TEST(Limits, Tables) {
  expect_compile_limit(&EngineLimits::max_tables, 1u, "(module (table 0 funcref))",
                       "(module (table 0 funcref) (table 0 funcref))", "tables");
}

TEST(Limits, DataSegments) {
  expect_compile_limit(&EngineLimits::max_data_segments, 1u, R"((module (memory 1) (data (i32.const 0) "a")))",
                       R"((module (memory 1) (data (i32.const 0) "a") (data (i32.const 1) "b")))", "data segments");
}

TEST(Limits, ElemSegments) {
  expect_compile_limit(&EngineLimits::max_elem_segments, 1u, "(module (func $f) (elem declare func $f))",
                       "(module (func $f) (elem declare func $f) (elem declare func $f))", "element segments");
}

TEST(Limits, LocalsPerFunction) {
  expect_compile_limit(&EngineLimits::max_locals_per_function, 3u, "(module (func (local i32 i64 f32)))",
                       "(module (func (local i32 i64 f32 f64)))", "max_locals_per_function");
}

TEST(Limits, Params) {
  expect_compile_limit(&EngineLimits::max_params, 2u, "(module (type (func (param i32 i32))))",
                       "(module (type (func (param i32 i32 i32))))", "params");
}

TEST(Limits, Results) {
  expect_compile_limit(&EngineLimits::max_results, 2u, "(module (type (func (result i32 i32))))",
                       "(module (type (func (result i32 i32 i32))))", "results");
}

TEST(Limits, FunctionBodyBytes) {
  // Body: 1 byte of local count, nop x n, end.
  expect_compile_limit(&EngineLimits::max_function_body_bytes, 5u, "(module (func nop nop nop))",
                       "(module (func nop nop nop nop))", "max_function_body_bytes");
}

TEST(Limits, BrTableTargets) {
  expect_compile_limit(&EngineLimits::max_br_table_targets, 2u,
                       "(module (func (block (br_table 0 0 0 (i32.const 0)))))",
                       "(module (func (block (br_table 0 0 0 0 (i32.const 0)))))", "max_br_table_targets");
}

Result<Instance*> instantiate_with(Store& store, const std::string& wat) {
  auto m = compile(testing::wat_to_wasm(wat), store.config());
  if (!m.ok()) return m.take_error();
  return store.instantiate(*m, {});
}

TEST(Limits, MemoryPages) {
  EngineConfig config;
  config.limits.max_memory_pages = 4;
  Store store(config);
  EXPECT_TRUE(instantiate_with(store, "(module (memory 4))").ok());
  auto too_big = instantiate_with(store, "(module (memory 5))");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::LimitExceeded);
  // memory.grow past the limit fails with -1 even when the module declares no maximum.
  auto inst = instantiate_with(store, R"((module (memory 3)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  ASSERT_TRUE(inst.ok());
  std::vector<Slot> r(1);
  ASSERT_TRUE(store.invoke((*inst)->find_export("grow")->func, std::vector<Slot>{2}, r).ok());
  EXPECT_EQ(r[0], 0xffffffffu);
  ASSERT_TRUE(store.invoke((*inst)->find_export("grow")->func, std::vector<Slot>{1}, r).ok());
  EXPECT_EQ(r[0], 3u);
}

TEST(Limits, TableElements) {
  EngineConfig config;
  config.limits.max_table_elements = 10;
  Store store(config);
  auto too_big = instantiate_with(store, "(module (table 11 funcref))");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::LimitExceeded);
  auto inst = instantiate_with(store, R"((module (table 8 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0)))))");
  ASSERT_TRUE(inst.ok());
  std::vector<Slot> r(1);
  ASSERT_TRUE(store.invoke((*inst)->find_export("grow")->func, std::vector<Slot>{3}, r).ok());
  EXPECT_EQ(r[0], 0xffffffffu);
  ASSERT_TRUE(store.invoke((*inst)->find_export("grow")->func, std::vector<Slot>{2}, r).ok());
  EXPECT_EQ(r[0], 8u);
}

TEST(Limits, StackSlots) {
  // Each frame of $f holds 1 param + 64 i64 locals + its operand stack: about 70 slots, so
  // 1,000 slots allow about 14 nested frames.
  EngineConfig config;
  config.limits.max_stack_slots = 1000;
  Store store(config);
  std::string locals;
  for (int i = 0; i < 64; ++i) locals += " i64";
  auto inst = instantiate_with(store, R"((module (func $f (export "f") (param i32) (result i32) (local)" + locals +
                                          R"()
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1)))))))))");
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  std::vector<Slot> r(1);
  ExecResult ok = store.invoke((*inst)->find_export("f")->func, std::vector<Slot>{5}, r);
  ASSERT_TRUE(ok.ok()) << ok.message;
  EXPECT_EQ(r[0], 5u);
  ExecResult deep = store.invoke((*inst)->find_export("f")->func, std::vector<Slot>{100}, r);
  EXPECT_EQ(deep.trap, TrapKind::CallStackExhausted);
}

}  // namespace
}  // namespace syncwasm::wasm
