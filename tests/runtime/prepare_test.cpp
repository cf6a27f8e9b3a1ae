#include "syncwasm/runtime/prepare.h"

#include <gtest/gtest.h>

#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::wat_to_wasm;

namespace {

std::shared_ptr<const wasm::Module> prepared(const std::string& wat) {
  auto r = prepare_contract(wat_to_wasm(wat), near_mainnet_config());
  if (auto* e = std::get_if<PrepareError>(&r)) {
    ADD_FAILURE() << prepare_error_name(e->kind) << ": " << e->message;
    return nullptr;
  }
  return std::get<std::shared_ptr<const wasm::Module>>(r);
}

PrepareErrorKind error_of(const std::vector<uint8_t>& code) {
  auto r = prepare_contract(code, near_mainnet_config());
  EXPECT_TRUE(std::holds_alternative<PrepareError>(r));
  return std::holds_alternative<PrepareError>(r) ? std::get<PrepareError>(r).kind : PrepareErrorKind::Deserialization;
}

void expect_near_memory(const wasm::Module& m) {
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.min, 1024u);
  EXPECT_EQ(m.memories[0].limits.max, std::optional<uint64_t>(2048));
  const wasm::Export* e = m.find_export("memory");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, wasm::ExternKind::Memory);
  EXPECT_EQ(e->index, 0u);
}

}  // namespace

TEST(Prepare, ReplacesTheContractsMemoryAndKeepsItsExport) {
  auto m = prepared(R"((module (memory (export "memory") 17) (func (export "f"))
                               (data (i32.const 100) "hi")))");
  ASSERT_TRUE(m);
  expect_near_memory(*m);
  EXPECT_NE(m->find_export("f"), nullptr);
}

TEST(Prepare, AddsAMemoryToAContractWithoutOne) {
  auto m = prepared(R"((module (func (export "f"))))");
  ASSERT_TRUE(m);
  expect_near_memory(*m);
}

TEST(Prepare, AddsTheMemoryExportWhenTheContractHasOtherExportsOnly) {
  auto m = prepared(R"((module (import "env" "panic" (func)) (memory 1 1) (func (export "f")) (global (export "g") i32 (i32.const 1))))");
  ASSERT_TRUE(m);
  expect_near_memory(*m);
  EXPECT_NE(m->find_export("g"), nullptr);
}

TEST(Prepare, DropsCustomSections) {
  std::vector<uint8_t> code = wat_to_wasm("(module (func (export \"f\")))");
  // A custom section "x" with one byte of payload, appended.
  code.insert(code.end(), {0x00, 0x03, 0x01, 'x', 0x42});
  auto rewritten = rewrite_contract(code, near_mainnet_config());
  ASSERT_TRUE(std::holds_alternative<std::vector<uint8_t>>(rewritten));
  auto again = rewrite_contract(std::get<std::vector<uint8_t>>(rewritten), near_mainnet_config());
  EXPECT_EQ(std::get<std::vector<uint8_t>>(again), std::get<std::vector<uint8_t>>(rewritten));
  const auto& bytes = std::get<std::vector<uint8_t>>(rewritten);
  EXPECT_EQ(std::search(bytes.begin(), bytes.end(), code.end() - 3, code.end()), bytes.end());
}

TEST(Prepare, RefusesMemoryImportsAsMemory) {
  EXPECT_EQ(error_of(wat_to_wasm(R"((module (import "env" "memory" (memory 1))))")), PrepareErrorKind::Memory);
}

TEST(Prepare, RefusesImportsFromOtherModulesAsInstantiate) {
  EXPECT_EQ(error_of(wat_to_wasm(R"((module (import "other" "f" (func))))")), PrepareErrorKind::Instantiate);
  EXPECT_EQ(error_of(wat_to_wasm(R"((module (import "env" "g" (global i32))))")), PrepareErrorKind::Instantiate);
  EXPECT_EQ(error_of(wat_to_wasm(R"((module (import "env" "t" (table 1 funcref))))")), PrepareErrorKind::Instantiate);
}

TEST(Prepare, RefusesMultiValueAsDeserialization) {
  // PROTOCOL: nearcore never enabled multi-value.
  EXPECT_EQ(error_of(wat_to_wasm(R"((module (func (export "f") (result i32 i32) (i32.const 1) (i32.const 2))))")),
            PrepareErrorKind::Deserialization);
}

TEST(Prepare, RefusesGarbageAsDeserialization) {
  EXPECT_EQ(error_of({1, 2, 3}), PrepareErrorKind::Deserialization);
  std::vector<uint8_t> truncated = wat_to_wasm("(module (func (export \"f\")))");
  truncated.pop_back();
  EXPECT_EQ(error_of(truncated), PrepareErrorKind::Deserialization);
}

TEST(Prepare, EnforcesTheTableLimits) {
  EXPECT_EQ(error_of(wat_to_wasm("(module (table 10001 funcref))")), PrepareErrorKind::TooManyTableElements);
  EXPECT_TRUE(prepared("(module (table 10000 funcref))"));
  EXPECT_EQ(error_of(wat_to_wasm("(module (table 1 funcref) (table 1 funcref))")), PrepareErrorKind::TooManyTables);
}

TEST(Prepare, EnforcesTheContractSizeLimit) {
  std::vector<uint8_t> big(4'194'305, 0);
  EXPECT_EQ(error_of(big), PrepareErrorKind::ContractSizeExceeded);
}

TEST(Prepare, EnforcesTheFunctionCountLimit) {
  std::string wat = "(module";
  for (int i = 0; i < 10'001; ++i) wat += " (func)";
  wat += ")";
  EXPECT_EQ(error_of(wat_to_wasm(wat)), PrepareErrorKind::TooManyFunctions);
}

TEST(Prepare, EnforcesTheLocalsLimitPerContract) {
  // 21 functions of 48,000 locals: 1,008,000 > max_locals_per_contract (1,000,000); 20 are fine.
  std::string locals = "(local";
  for (int i = 0; i < 48'000; ++i) locals += " i32";
  locals += ")";
  auto module_of = [&](int functions) {
    std::string wat = "(module";
    for (int i = 0; i < functions; ++i) wat += " (func " + locals + ")";
    return wat + ")";
  };
  EXPECT_TRUE(prepared(module_of(20)));
  EXPECT_EQ(error_of(wat_to_wasm(module_of(21))), PrepareErrorKind::TooManyLocals);
}
