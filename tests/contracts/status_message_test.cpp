// status_message.wasm (MANIFEST.md): the classic; the core nine host functions.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(StatusMessage, SetAndGetStatus) {
  SKIP_WITHOUT_CONTRACT(code, "status_message.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("status.near", code);
  auto set = env.call("status.near", "set_status", R"({"message":"hello"})", "bob.near");
  EXPECT_RETURNS(set, "");
  EXPECT_EQ(set.logs, (std::vector<std::string>{"bob.near set_status with message hello"}));
  auto get = env.call("status.near", "get_status", R"({"account_id":"bob.near"})");
  EXPECT_RETURNS(get, "\"hello\"");
  EXPECT_EQ(get.logs, (std::vector<std::string>{"get_status for account_id bob.near"}));
  EXPECT_RETURNS(env.call("status.near", "get_status", R"({"account_id":"carol.near"})"), "null");
  EXPECT_EQ(set.gas_burnt, 311'783'038'981u);  // golden: docs/near-contracts.md
  EXPECT_EQ(get.gas_burnt, 244'272'807'855u);
}

TEST(StatusMessage, GetStatusRunsAsAViewCall) {
  SKIP_WITHOUT_CONTRACT(code, "status_message.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("status.near", code);
  EXPECT_RETURNS(env.call("status.near", "set_status", R"({"message":"hi"})", "bob.near"), "");
  EXPECT_RETURNS(env.view("status.near", "get_status", R"({"account_id":"bob.near"})"), "\"hi\"");
  // set_status reads signer_account_id, which views refuse.
  auto refused = env.view("status.near", "set_status", R"({"message":"x"})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error->detail, "ProhibitedInView");
}

TEST(StatusMessage, ExecutorViewReadsTheStateAndWritesNothing) {
  SKIP_WITHOUT_CONTRACT(code, "status_message.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("status.near", code);
  EXPECT_RETURNS(env.call("status.near", "set_status", R"({"message":"hi"})", "bob.near"), "");
  syncwasm::runtime::Executor executor(syncwasm::runtime::near_mainnet_config());
  size_t writes = env.overlay().size();
  auto got = executor.view(env.overlay(), "status.near", "get_status", R"({"account_id":"bob.near"})", {});
  ASSERT_TRUE(got.ok());
  EXPECT_RETURNS(*got, "\"hi\"");
  EXPECT_EQ(got->logs, (std::vector<std::string>{"get_status for account_id bob.near"}));
  auto set = executor.view(env.overlay(), "status.near", "set_status", R"({"message":"x"})", {});
  ASSERT_TRUE(set.ok());
  ASSERT_FALSE(set->ok());
  EXPECT_EQ(set->error->detail, "ProhibitedInView");
  EXPECT_EQ(env.overlay().size(), writes);
  auto missing = executor.view(env.overlay(), "nobody.near", "get_status", "", {});
  EXPECT_EQ(missing->error->kind, syncwasm::runtime::CallErrorKind::AccountDoesNotExist);
}
