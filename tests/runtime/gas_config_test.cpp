// Pins the PV85 values that the rest of the tests' formulas rely on (near-abi.md part 2 §3b).
#include "syncwasm/runtime/gas_config.h"

#include <gtest/gtest.h>

using namespace syncwasm::runtime;

TEST(GasConfig, MainnetValuesAreNearcorePv85) {
  const RuntimeConfig& c = near_mainnet_config();
  EXPECT_EQ(c.wasm.regular_op_cost, 822'756u);
  EXPECT_EQ(c.ext.base, 264'768'111u);
  EXPECT_EQ(c.ext.contract_loading_base, 35'445'963u);
  EXPECT_EQ(c.ext.contract_loading_bytes, 1'089'295u);
  EXPECT_EQ(c.ext.storage_read_base, 56'356'845'749u);
  EXPECT_EQ(c.ext.ecrecover_base, 278'821'988'457u);
  EXPECT_EQ(c.ext.touching_trie_node, 2'280'000'000u);
  EXPECT_EQ(c.fees.action_function_call.execution, 780'000'000'000u);
  EXPECT_EQ(c.limits.max_gas_burnt, 1'000'000'000'000'000u);
  EXPECT_EQ(c.limits.initial_memory_pages, 1024u);
  EXPECT_EQ(c.limits.max_memory_pages, 2048u);
  EXPECT_EQ(c.limits.max_length_storage_key, 2048u);
  EXPECT_EQ(c.limits.max_stack_height, 262'144u);
}
