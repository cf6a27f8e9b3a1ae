// The C SDK (sdk/near.h): sdk/examples/counter.c compiled with clang for wasm32 at test time,
// deployed and called. Skipped when clang cannot target wasm32 here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "logic_harness.h"
#include "syncwasm/runtime/executor.h"

using namespace syncwasm;
using namespace syncwasm::runtime;

namespace {

std::optional<std::vector<uint8_t>> compile_example(const std::string& source) {
  std::string out = ::testing::TempDir() + "/syncwasm_sdk_example.wasm";
  std::string cmd = std::string(CLANG) + " --target=wasm32 -nostdlib -O2 -Wl,--no-entry -o " + out + " " + source +
                    " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  std::ifstream in(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  std::remove(out.c_str());
  if (bytes.empty()) return std::nullopt;
  return bytes;
}

}  // namespace

TEST(SdkC, CounterExample) {
  auto code = compile_example(std::string(SYNCWASM_SOURCE_DIR) + "/sdk/examples/counter.c");
  if (!code) GTEST_SKIP() << CLANG << " cannot build wasm32 contracts here (needs clang + wasm-ld)";
  syncwasm::testing::EmptyState base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  Executor executor(near_mainnet_config());
  const Balance ten_near = Balance(10) * 1'000'000'000'000ull * 1'000'000'000'000ull;
  ASSERT_TRUE(executor.create_account(overlay, "c.near", ten_near)->ok());
  ASSERT_TRUE(executor.deploy_contract(overlay, "c.near", *code)->ok());
  auto call = [&](const char* method, std::string args = "") {
    FunctionCallAction a;
    a.receiver_id = "c.near";
    a.signer_id = "c.near";
    a.method_name = method;
    a.args = std::move(args);
    return executor.function_call(overlay, a, BlockContext{}).value();
  };
  EXPECT_EQ(call("get").return_data, std::optional<std::string>("0"));
  CallOutcome one = call("increment");
  ASSERT_TRUE(one.ok()) << one.error->message;
  EXPECT_EQ(one.return_data, std::optional<std::string>("1"));
  EXPECT_EQ(one.logs, (std::vector<std::string>{"count is 1"}));
  EXPECT_EQ(call("increment").return_data, std::optional<std::string>("2"));
  EXPECT_EQ(call("get").return_data, std::optional<std::string>("2"));
  EXPECT_EQ(call("hash", "abc").return_data,
            std::optional<std::string>("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}
