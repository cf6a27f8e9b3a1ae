// env storage functions over the call's overlay: results, storage usage and exact gas.
#include <gtest/gtest.h>

#include "logic_harness.h"
#include "syncwasm/state/key_space.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::LogicHarness;
using syncwasm::testing::memory_read;
using syncwasm::testing::register_write;

TEST(HostStorage, WriteReadHasRemove) {
  LogicHarness h;
  VmLogic& L = h.start();
  const ExtCosts& c = h.c;
  h.put(0, "key");
  h.put(10, "value");
  h.put(20, "other!!");
  EXPECT_EQ(L.storage_write(3, 0, 5, 10, 1).value(), 0u);
  Gas expected = c.base + c.storage_write_base + memory_read(c, 3) + memory_read(c, 5) + 3 * c.storage_write_key_byte +
                 5 * c.storage_write_value_byte;
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(L.storage_usage(), 1000u + 3 + 5 + 40);
  EXPECT_EQ(L.register_len(1).value(), UINT64_MAX);
  expected += c.base;
  EXPECT_EQ(h.overlay.get(state::contract_data_key("alice.near", "key")).value(), std::optional<std::string>("value"));

  // Overwrite: the old value goes to the register and pays the evicted bytes.
  EXPECT_EQ(L.storage_write(3, 0, 7, 20, 1).value(), 1u);
  expected += c.base + c.storage_write_base + memory_read(c, 3) + memory_read(c, 7) + 3 * c.storage_write_key_byte +
              7 * c.storage_write_value_byte + 5 * c.storage_write_evicted_byte + register_write(c, 5);
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(L.storage_usage(), 1000u + 3 + 7 + 40);

  EXPECT_EQ(L.storage_read(3, 0, 2).value(), 1u);
  expected += c.base + c.storage_read_base + memory_read(c, 3) + 3 * c.storage_read_key_byte +
              7 * c.storage_read_value_byte + register_write(c, 7);
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(L.storage_has_key(3, 0).value(), 1u);
  expected += c.base + c.storage_has_key_base + memory_read(c, 3) + 3 * c.storage_has_key_byte;
  EXPECT_EQ(h.burnt(), expected);

  EXPECT_EQ(L.storage_remove(3, 0, 3).value(), 1u);
  expected += c.base + c.storage_remove_base + memory_read(c, 3) + 3 * c.storage_remove_key_byte +
              7 * c.storage_remove_ret_value_byte + register_write(c, 7);
  EXPECT_EQ(h.burnt(), expected);
  EXPECT_EQ(L.storage_usage(), 1000u);
  EXPECT_EQ(L.storage_has_key(3, 0).value(), 0u);
  EXPECT_EQ(L.storage_read(3, 0, 4).value(), 0u);
  EXPECT_EQ(L.storage_remove(3, 0, 4).value(), 0u);
  EXPECT_EQ(L.register_len(4).value(), UINT64_MAX);
}

TEST(HostStorage, KeyLengthLimitAndViewRestrictions) {
  LogicHarness h;
  VmLogic& L = h.start();
  EXPECT_EQ(L.storage_write(2049, 0, 1, 0, 1).take_error().kind, HostErrorKind::KeyLengthExceeded);
  EXPECT_EQ(L.storage_read(2049, 0, 1).take_error().kind, HostErrorKind::KeyLengthExceeded);
  EXPECT_EQ(L.storage_has_key(2049, 0).take_error().kind, HostErrorKind::KeyLengthExceeded);
  EXPECT_EQ(L.storage_remove(2049, 0, 1).take_error().kind, HostErrorKind::KeyLengthExceeded);

  LogicHarness v;
  v.context.view = true;
  VmLogic& V = v.start();
  EXPECT_EQ(V.storage_write(1, 0, 1, 0, 1).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(V.storage_remove(1, 0, 1).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(v.burnt(), 2 * v.c.base);
  EXPECT_EQ(V.storage_read(1, 0, 1).value(), 0u);
}

TEST(HostStorage, ValueLengthLimit) {
  LogicHarness h;
  h.config.limits.max_length_storage_value = 4;
  VmLogic& L = h.start();
  EXPECT_EQ(L.storage_write(1, 0, 5, 0, 1).take_error().kind, HostErrorKind::ValueLengthExceeded);
}

TEST(HostStorage, LargeValuesPayTheReadOverhead) {
  LogicHarness h;
  VmLogic& L = h.start();
  ASSERT_EQ(L.storage_write(1, 0, 4001, 0, 1).value(), 0u);
  Gas before = h.burnt();
  ASSERT_EQ(L.storage_read(1, 0, 1).value(), 1u);
  const ExtCosts& c = h.c;
  EXPECT_EQ(h.burnt() - before, c.base + c.storage_read_base + memory_read(c, 1) + c.storage_read_key_byte +
                                    4001 * c.storage_read_value_byte + c.storage_large_read_overhead_base +
                                    4001 * c.storage_large_read_overhead_byte + register_write(c, 4001));
}

TEST(HostStorage, IteratorsAreDeprecated) {
  LogicHarness h;
  VmLogic& L = h.start();
  EXPECT_EQ(L.storage_iter_prefix(0, 0).take_error().kind, HostErrorKind::Deprecated);
  EXPECT_EQ(L.storage_iter_range(0, 0, 0, 0).take_error().kind, HostErrorKind::Deprecated);
  EXPECT_EQ(L.storage_iter_next(0, 0, 0).take_error().kind, HostErrorKind::Deprecated);
  EXPECT_EQ(h.burnt(), 0u);
}

TEST(HostValidator, StakesAreZeroAndAccountIdsAreChecked) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "bob.near");
  h.put(100, std::string(16, '\x55'));
  ASSERT_TRUE(L.validator_stake(8, 0, 100).ok());
  EXPECT_EQ(h.get(100, 16), std::string(16, '\0'));
  const ExtCosts& c = h.c;
  EXPECT_EQ(h.burnt(), c.base + memory_read(c, 8) + c.utf8_decoding_base + 8 * c.utf8_decoding_byte +
                           c.validator_stake_base + c.write_memory_base + 16 * c.write_memory_byte);
  h.put(0, "Bob");
  EXPECT_EQ(L.validator_stake(3, 0, 100).take_error().kind, HostErrorKind::InvalidAccountId);
  ASSERT_TRUE(L.validator_total_stake(100).ok());
}
