// as_test_helper.wasm (MANIFEST.md): the AssemblyScript sample: start function, 1-page memory
// replaced by NEAR's, env.abort.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(AsTestHelper, LogsAndReadsBack) {
  SKIP_WITHOUT_CONTRACT(code, "as_test_helper.wasm");
  ContractEnv env;  // block height 1, timestamp 0
  env.create("bob.near");
  env.create("as.near");
  env.deploy("as.near", code);
  auto log = env.call("as.near", "log", R"({"msg":"hello"})");
  EXPECT_RETURNS(log, "");
  EXPECT_EQ(log.gas_burnt, 392'027'832'833u);  // golden: docs/near-contracts.md
  // near-sdk-as encodes u64 as JSON strings.
  EXPECT_RETURNS(env.call("as.near", "get_log_block", R"({"log_msg":"hello"})"), "\"1\"");
  EXPECT_RETURNS(env.call("as.near", "get_logs", R"({"start":0,"end":10})"), R"([{"key":"hello","value":"1"}])");
  EXPECT_RETURNS(env.view("as.near", "get_block_index"), "\"1\"");
  EXPECT_RETURNS(env.view("as.near", "get_block_timestamp"), "\"0\"");
}

TEST(AsTestHelper, DoFailAbortsWithALogAndAPanic) {
  SKIP_WITHOUT_CONTRACT(code, "as_test_helper.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("as.near", code);
  auto out = env.call("as.near", "do_fail");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->kind, syncwasm::runtime::CallErrorKind::HostError);
  EXPECT_EQ(out.error->detail, "GuestPanic");
  EXPECT_EQ(out.error->message, R"(task failed successfully, filename: "assembly/test_helper/index.ts" line: 17 col: 3)");
  EXPECT_EQ(out.logs, (std::vector<std::string>{
                          R"(ABORT: task failed successfully, filename: "assembly/test_helper/index.ts" line: 17 col: 3)"}));
  EXPECT_EQ(out.gas_burnt, 68'854'326'657u);
}
