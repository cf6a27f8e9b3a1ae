// env register and context functions: results and exact gas (nearcore formulas).
#include <gtest/gtest.h>

#include "logic_harness.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::LogicHarness;

TEST(HostRegisters, WriteReadAndLength) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(100, "hello");
  ASSERT_TRUE(L.write_register(7, 5, 100).ok());
  Gas expected = h.c.base + h.c.read_memory_base + 5 * h.c.read_memory_byte + h.c.write_register_base +
                 5 * h.c.write_register_byte;
  EXPECT_EQ(h.burnt(), expected);
  auto len = L.register_len(7);
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len.value(), 5u);
  expected += h.c.base;
  ASSERT_TRUE(L.read_register(7, 200).ok());
  expected += h.c.base + h.c.read_register_base + 5 * h.c.read_register_byte + h.c.write_memory_base +
              5 * h.c.write_memory_byte;
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(h.get(200, 5), "hello");
}

TEST(HostRegisters, UnsetRegisterHasLengthMaxAndCannotBeRead) {
  LogicHarness h;
  VmLogic& L = h.start();
  EXPECT_EQ(L.register_len(3).value(), UINT64_MAX);
  auto r = L.read_register(3, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.take_error().kind, HostErrorKind::InvalidRegisterId);
  EXPECT_EQ(h.burnt(), 2 * h.c.base);  // pays base before failing
}

TEST(HostRegisters, OutOfBoundsPaysThenFails) {
  LogicHarness h;
  VmLogic& L = h.start();
  auto r = L.write_register(1, 10, 65536 - 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.take_error().kind, HostErrorKind::MemoryAccessViolation);
  EXPECT_EQ(h.burnt(), h.c.base + h.c.read_memory_base + 10 * h.c.read_memory_byte);
  // A pointer + length that overflows u64 is a violation, not a wrap-around.
  auto w = L.write_register(1, 2, UINT64_MAX);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.take_error().kind, HostErrorKind::MemoryAccessViolation);
}

TEST(HostRegisters, HugeLengthsOverflowGasAsIntegerOverflow) {
  LogicHarness h;
  VmLogic& L = h.start();
  auto r = L.write_register(1, UINT64_MAX / 2, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.take_error().kind, HostErrorKind::IntegerOverflow);
}

TEST(HostRegisters, RegisterCountLimitRefusesEvenReplacement) {
  LogicHarness h;
  h.config.limits.max_number_registers = 2;
  VmLogic& L = h.start();
  // nearcore's registers_max_number_limit sequence (vmstate.rs): each success is read back.
  ASSERT_TRUE(L.set_register(42, "foo").ok());
  EXPECT_EQ(L.read_register_content(42).value(), "foo");
  ASSERT_TRUE(L.set_register(24, "bar").ok());
  EXPECT_EQ(L.read_register_content(24).value(), "bar");
  EXPECT_EQ(L.set_register(12, "baz").take_error().kind, HostErrorKind::MemoryAccessViolation);
  // PROTOCOL: nearcore's historical bug: replacing fails at the limit too.
  EXPECT_EQ(L.set_register(42, "O_o").take_error().kind, HostErrorKind::MemoryAccessViolation);
  EXPECT_EQ(L.set_register(24, "O_o").take_error().kind, HostErrorKind::MemoryAccessViolation);
  // The gas nearcore's test asserts for the same sequence.
  EXPECT_EQ(h.burnt(), 19'419'557'634u);
}

TEST(HostRegisters, RegisterSizeAndMemoryLimits) {
  LogicHarness h;
  h.config.limits.max_register_size = 3;
  VmLogic& L = h.start();
  ASSERT_TRUE(L.set_register(42, "foo").ok());
  EXPECT_EQ(L.read_register_content(42).value(), "foo");
  EXPECT_EQ(L.set_register(24, "quux").take_error().kind, HostErrorKind::MemoryAccessViolation);
  EXPECT_EQ(h.burnt(), 8'275'116'792u);  // nearcore registers_register_size_limit

  LogicHarness u;
  u.config.limits.registers_memory_limit = 11;
  VmLogic& U = u.start();
  for (const char* v : {"foo", "bar", "", "baz"}) {
    ASSERT_TRUE(U.set_register(42, v).ok());
    EXPECT_EQ(U.read_register_content(42).value(), v);
  }
  EXPECT_EQ(U.set_register(42, "quux").take_error().kind, HostErrorKind::MemoryAccessViolation);
  EXPECT_EQ(u.burnt(), 24'446'580'564u);  // nearcore registers_usage_limit
}

TEST(HostContext, AccountIdsInputAndBlock) {
  LogicHarness h;
  h.context.input = "{\"a\":1}";
  VmLogic& L = h.start();
  ASSERT_TRUE(L.current_account_id(1).ok());
  ASSERT_TRUE(L.signer_account_id(2).ok());
  ASSERT_TRUE(L.predecessor_account_id(3).ok());
  ASSERT_TRUE(L.signer_account_pk(4).ok());
  Gas expected = 4 * (h.c.base + h.c.write_register_base) + (10 + 8 + 10 + 33) * h.c.write_register_byte;
  EXPECT_EQ(h.burnt(), expected);
  ASSERT_TRUE(L.input(5).ok());
  expected += h.c.base + h.c.write_register_base;  // PROTOCOL: no per-byte charge for input
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(L.read_register_content(1).value(), "alice.near");
  EXPECT_EQ(L.read_register_content(2).value(), "bob.near");
  EXPECT_EQ(L.read_register_content(3).value(), "carol.near");
  EXPECT_EQ(L.read_register_content(5).value(), "{\"a\":1}");
  EXPECT_EQ(L.block_index().value(), 42u);
  EXPECT_EQ(L.block_timestamp().value(), 1'700'000'000'000'000'000u);
  EXPECT_EQ(L.epoch_height().value(), 3u);
  EXPECT_EQ(L.storage_usage_fn().value(), 1000u);
  ASSERT_TRUE(L.random_seed(6).ok());
  EXPECT_EQ(L.read_register_content(6).value().size(), 32u);
}

TEST(HostContext, ViewCallsRefuseSignerAndPredecessorAfterPayingBase) {
  LogicHarness h;
  h.context.view = true;
  VmLogic& L = h.start();
  EXPECT_EQ(L.signer_account_id(1).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(L.predecessor_account_id(1).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(L.signer_account_pk(1).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(L.prepaid_gas().take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(L.used_gas().take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(h.burnt(), 5 * h.c.base);
  EXPECT_TRUE(L.current_account_id(1).ok());
}

TEST(HostEconomics, BalancesAreLittleEndianU128) {
  LogicHarness h;
  h.context.account_locked_balance = (Balance(1) << 64) + 5;
  VmLogic& L = h.start();
  ASSERT_TRUE(L.account_balance(0).ok());
  ASSERT_TRUE(L.attached_deposit(16).ok());
  ASSERT_TRUE(L.account_locked_balance(32).ok());
  EXPECT_EQ(h.get(0, 16), std::string("\x6b") + std::string(15, '\0'));  // 100 + 7
  EXPECT_EQ(h.get(16, 16), std::string("\x07") + std::string(15, '\0'));
  EXPECT_EQ(h.get(32, 16), std::string("\x05") + std::string(7, '\0') + "\x01" + std::string(7, '\0'));
  EXPECT_EQ(h.burnt(), 3 * (h.c.base + h.c.write_memory_base + 16 * h.c.write_memory_byte));
  EXPECT_EQ(L.prepaid_gas().value(), 300'000'000'000'000u);
  Gas before = h.burnt();
  EXPECT_EQ(L.used_gas().value(), before + h.c.base);  // includes its own base
}

TEST(HostEconomics, GasRunsOutAsGasExceededBurningEverything) {
  LogicHarness h;
  h.context.prepaid_gas = 1000;
  VmLogic& L = h.start();
  EXPECT_EQ(L.block_index().take_error().kind, HostErrorKind::GasExceeded);
  EXPECT_EQ(h.burnt(), 1000u);
}

TEST(HostEconomics, TheOnePetagasCapIsGasLimitExceeded) {
  LogicHarness h;
  h.config.limits.max_gas_burnt = 1000;
  h.context.prepaid_gas = 5000;
  VmLogic& L = h.start();
  EXPECT_EQ(L.block_index().take_error().kind, HostErrorKind::GasLimitExceeded);
  EXPECT_EQ(h.burnt(), 1000u);
}

TEST(HostEconomics, LegacyGasImportBurnsRegularOps) {
  LogicHarness h;
  VmLogic& L = h.start();
  ASSERT_TRUE(L.gas(10).ok());
  EXPECT_EQ(h.burnt(), 10 * h.config.wasm.regular_op_cost);
}
