// cross_contract_low_level.wasm and callback_results.wasm (MANIFEST.md): the calls that run in one
// VM. The promise-creating calls fail with HostError Unsupported until promises exist.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(CrossContractLowLevel, FactorialOfOneNeedsNoPromise) {
  SKIP_WITHOUT_CONTRACT(code, "cross_contract_low_level.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("cc.near", code);
  auto one = env.call("cc.near", "factorial", R"({"n":1})");
  EXPECT_RETURNS(one, "1");
  EXPECT_EQ(one.gas_burnt, 172'195'842'359u);  // golden: docs/near-contracts.md
}

TEST(CrossContractLowLevel, FactorialOfFiveCreatesACallAndItsCallback) {
  SKIP_WITHOUT_CONTRACT(code, "cross_contract_low_level.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("cc.near", code);
  using namespace syncwasm::runtime;
  // 300 Tgas prepaid: factorial(4) gets prepaid - 30 Tgas, factorial_mult 10 Tgas (the source's
  // constants); the call returns the callback's promise. TODO(issue 5): 120 once receipts run.
  auto five = env.call("cc.near", "factorial", R"({"n":5})");
  EXPECT_RETURNS(five, "");
  EXPECT_EQ(five.returned_receipt, std::optional<uint64_t>(1));
  ASSERT_EQ(five.receipts.size(), 2u);
  EXPECT_EQ(five.receipts[0], (OutgoingReceipt{"cc.near", {}, {FunctionCallReceiptAction{"factorial", "[4]", 0, 270 * kTeraGas, 0}}}));
  EXPECT_EQ(five.receipts[1],
            (OutgoingReceipt{"cc.near", {0}, {FunctionCallReceiptAction{"factorial_mult", "[5]", 0, 10 * kTeraGas, 0}}}));
  EXPECT_EQ(five.gas_burnt, 903'627'259'564u);  // golden: docs/near-contracts.md
  EXPECT_EQ(five.gas_used, five.gas_burnt + 280 * kTeraGas + 2 * near_mainnet_config().fees.action_receipt_creation.execution +
                               2 * near_mainnet_config().fees.action_function_call.execution +
                               (9 + 3 + 14 + 3) * near_mainnet_config().fees.action_function_call_per_byte.execution);
}

TEST(CallbackResults, PrivateMethodsRunForTheContractItself) {
  SKIP_WITHOUT_CONTRACT(code, "callback_results.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("cb.near", code);
  // #[private]: predecessor must be the contract itself (here it signs its own call).
  auto b = env.call("cb.near", "b", R"({"fail":false})", "cb.near");
  EXPECT_RETURNS(b, "\"Some string\"");
  EXPECT_EQ(b.gas_burnt, 145'800'540'806u);
  EXPECT_RETURNS(env.call("cb.near", "b", "[false]", "cb.near"), "\"Some string\"");  // positional
  auto foreign = env.call("cb.near", "b", R"({"fail":false})", "bob.near");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error->message, "Method b is private");
  auto fail = env.call("cb.near", "b", R"({"fail":true})", "cb.near");
  ASSERT_FALSE(fail.ok());
  EXPECT_EQ(fail.error->message, "failed within function b");
  EXPECT_RETURNS(env.call("cb.near", "c", R"({"value":3})", "cb.near"), "3");
  auto zero = env.call("cb.near", "c", R"({"value":0})", "cb.near");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error->message, "Value must be positive");
  auto d = env.call("cb.near", "d", R"({"value":1})", "cb.near");
  EXPECT_RETURNS(d, "");
  EXPECT_FALSE(d.return_data.has_value());  // () returns nothing
}
