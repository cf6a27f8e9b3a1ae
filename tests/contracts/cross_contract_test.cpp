// cross_contract_low_level.wasm and callback_results.wasm (MANIFEST.md): the calls that run in one
// VM. The promise-creating calls fail with HostError Unsupported until promises exist.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(CrossContractLowLevel, FactorialOfOneNeedsNoPromise) {
  SKIP_WITHOUT_CONTRACT(code, "cross_contract_low_level.wasm");
  ContractEnv env;
  env.create("bob.near");
  env.create("cc.near");
  env.deploy("cc.near", code);
  auto one = env.call("cc.near", "factorial", R"({"n":1})");
  EXPECT_RETURNS(one, "1");
  EXPECT_EQ(one.gas_burnt, 172'195'842'359u);  // golden: docs/near-contracts.md
  auto five = env.call("cc.near", "factorial", R"({"n":5})");
  ASSERT_FALSE(five.ok());  // TODO(issue 5): 120 once receipts run
  EXPECT_EQ(five.error->detail, "Unsupported");
  EXPECT_EQ(five.error->message, "promise_create");
}

TEST(CallbackResults, PrivateMethodsRunForTheContractItself) {
  SKIP_WITHOUT_CONTRACT(code, "callback_results.wasm");
  ContractEnv env;
  env.create("bob.near");
  env.create("cb.near");
  env.deploy("cb.near", code);
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
