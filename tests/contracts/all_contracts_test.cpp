// Every sample contract prepares, links against env and instantiates (near-sdk 2.x/3.x contracts
// import ~48 functions whether they call them or not).
#include <gtest/gtest.h>

#include "contract_env.h"
#include "syncwasm/runtime/env_imports.h"
#include "syncwasm/runtime/prepare.h"

using namespace syncwasm;
using namespace syncwasm::runtime;

TEST(AllContracts, EveryContractPreparesLinksAndInstantiates) {
  if (!std::filesystem::exists(syncwasm::testing::contracts_dir()))
    GTEST_SKIP() << syncwasm::testing::contracts_dir().string() << " is absent (set SYNCWASM_SHARED_DIR)";
  int seen = 0;
  for (const char* file : {"noop_contract.wasm", "sdk_test_contract.wasm", "status_message.wasm", "counter_sdk3.wasm",
                           "fungible_token.wasm", "non_fungible_token.wasm", "cross_contract_low_level.wasm",
                           "callback_results.wasm", "factory_contract_low_level.wasm", "staking_pool.wasm",
                           "store_collections.wasm", "as_test_helper.wasm"}) {
    SCOPED_TRACE(file);
    auto code = syncwasm::testing::read_contract(file);
    ASSERT_TRUE(code);
    auto prepared = prepare_contract(*code, near_mainnet_config());
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const wasm::Module>>(prepared))
        << std::get<PrepareError>(prepared).message;
    auto module = std::get<std::shared_ptr<const wasm::Module>>(prepared);
    EXPECT_EQ(module->memories[0].limits.min, 1024u);
    VmContext context;
    context.prepaid_gas = 300 * kTeraGas;
    syncwasm::testing::EmptyReader base;
    state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
    wasm::Store store(near_engine_config(near_mainnet_config()));
    VmLogic logic(near_mainnet_config(), context, overlay, store);
    VmLogic* current = &logic;
    EnvLinker env(store, &current);
    auto externs = env.link(*module);
    ASSERT_TRUE(std::holds_alternative<std::vector<wasm::Extern>>(externs)) << std::get<std::string>(externs);
    auto instance = store.instantiate(module, std::get<std::vector<wasm::Extern>>(externs));
    ASSERT_TRUE(instance.ok()) << instance.error().message;
    ++seen;
  }
  EXPECT_EQ(seen, 12);
}
