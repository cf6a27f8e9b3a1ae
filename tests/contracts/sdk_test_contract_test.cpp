// sdk_test_contract.wasm (MANIFEST.md): tiny near-sdk 4 contract with an empty state struct.
#include "contract_env.h"
#include "syncwasm/state/key_space.h"

using namespace syncwasm::testing;

TEST(SdkTestContract, InitOnceThenMigrate) {
  SKIP_WITHOUT_CONTRACT(code, "sdk_test_contract.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("test.near", code);
  auto old = env.call("test.near", "migrate_state");
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error->detail, "GuestPanic");
  EXPECT_EQ(old.error->message, "panicked at 'Old state doesn't exist', src/lib.rs:28:60");
  auto init = env.call("test.near", "new");
  EXPECT_RETURNS(init, "");
  auto state = env.overlay().get(syncwasm::state::contract_data_key("test.near", "STATE"));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, std::optional<std::string>(""));  // Borsh of an empty struct
  auto again = env.call("test.near", "new");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->message, "The contract has already been initialized");
  EXPECT_RETURNS(env.call("test.near", "migrate_state"), "");
  EXPECT_EQ(init.gas_burnt, 162'446'353'227u);  // golden: docs/near-contracts.md
}

TEST(SdkTestContract, DepositsAreRejectedAndPanicsCarryTheMessage) {
  SKIP_WITHOUT_CONTRACT(code, "sdk_test_contract.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("test.near", code);
  auto paid = env.call("test.near", "new", "", "bob.near", 1);
  ASSERT_FALSE(paid.ok());
  EXPECT_EQ(paid.error->message, "Method new doesn't accept deposit");
  auto panic = env.call("test.near", "test_panic_macro");
  ASSERT_FALSE(panic.ok());
  EXPECT_EQ(panic.error->detail, "GuestPanic");
  EXPECT_EQ(panic.error->message, "panicked at 'PANIC!', src/lib.rs:34:9");
}
