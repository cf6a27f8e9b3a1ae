// noop_contract.wasm (MANIFEST.md): the smallest near-sdk contract.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(NoopContract, NoopSucceedsWithNothing) {
  SKIP_WITHOUT_CONTRACT(code, "noop_contract.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("noop.near", code);
  auto out = env.call("noop.near", "noop");
  EXPECT_RETURNS(out, "");
  EXPECT_FALSE(out.return_data.has_value());
  EXPECT_TRUE(out.logs.empty());
  EXPECT_EQ(out.gas_burnt, 108'337'422'976u);  // golden: docs/near-contracts.md
}
