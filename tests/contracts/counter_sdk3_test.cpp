// counter_sdk3.wasm (MANIFEST.md): near-sdk 3.1, imports 48 host functions.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(CounterSdk3, IncrementDecrementReset) {
  SKIP_WITHOUT_CONTRACT(code, "counter_sdk3.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("counter.near", code);
  EXPECT_RETURNS(env.call("counter.near", "get_num"), "0");
  auto inc = env.call("counter.near", "increment");
  EXPECT_RETURNS(inc, "");
  // near-examples rust-counter logs after_counter_change()'s warning after each change
  // (MANIFEST.md lists only the first line).
  EXPECT_EQ(inc.logs, (std::vector<std::string>{"Increased number to 1", "Make sure you don't overflow, my friend."}));
  EXPECT_RETURNS(env.call("counter.near", "get_num"), "1");
  EXPECT_RETURNS(env.call("counter.near", "decrement"), "");
  auto dec = env.call("counter.near", "decrement");
  EXPECT_EQ(dec.logs, (std::vector<std::string>{"Decreased number to -1", "Make sure you don't overflow, my friend."}));
  EXPECT_RETURNS(env.view("counter.near", "get_num"), "-1");
  auto reset = env.call("counter.near", "reset");
  EXPECT_EQ(reset.logs, (std::vector<std::string>{"Reset counter to zero"}));
  EXPECT_RETURNS(env.call("counter.near", "get_num"), "0");
  EXPECT_EQ(inc.gas_burnt, 222'986'512'490u);  // golden: docs/near-contracts.md
}

TEST(CounterSdk3, MutatingMethodsRejectDeposits) {
  SKIP_WITHOUT_CONTRACT(code, "counter_sdk3.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("counter.near", code);
  auto out = env.call("counter.near", "increment", "", "bob.near", 1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->detail, "GuestPanic");
  EXPECT_EQ(out.error->message, "Method increment doesn't accept deposit");
  EXPECT_RETURNS(env.call("counter.near", "get_num"), "0");
}
