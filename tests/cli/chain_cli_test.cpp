// The chain commands of the syncwasm binary on a temporary data directory: init, accounts,
// deploy, call, view, state root and block, with exact results, the JSON fields, failures that
// leave the state root unchanged, every kind of bad input (exit status, one-line error, nothing
// committed), locked and foreign directories, and replay on a fresh directory.
// echo.wasm (tests/cli/data/echo.wat) needs nothing else; the real NEAR contracts come from
// ${SYNCWASM_SHARED_DIR}/near-contracts and their tests skip when it is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "syncwasm/node/chain.h"

using nlohmann::json;
using syncwasm::testing::CliResult;
using syncwasm::testing::describe;
using syncwasm::testing::expect_one_line_error;
using syncwasm::testing::fresh_data_dir;
using syncwasm::testing::lines;
using syncwasm::testing::run_cli;

namespace {

const std::string kEcho = std::string(CLI_WASM_DIR) + "/echo.wasm";
const std::string kMalformed = std::string(CLI_WASM_DIR) + "/malformed.wasm";
const std::string kInvalid = std::string(CLI_WASM_DIR) + "/invalid.wasm";

std::string contract(const std::string& name) {
  return (std::filesystem::path(SYNCWASM_SHARED_DIR) / "near-contracts" / name).string();
}

#define SKIP_WITHOUT(file)                      \
  if (!std::filesystem::exists(contract(file))) \
  GTEST_SKIP() << "no " << contract(file)       \
               << ": the shared NEAR contracts folder is absent (../shared)"

class ChainCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fresh_data_dir(std::string(info->test_suite_name()) + "-" + info->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliResult sw(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dir_});
    return run_cli(args);
  }
  // Runs a command that must succeed; returns its stdout.
  std::string ok(const std::vector<std::string>& args) {
    CliResult r = sw(args);
    EXPECT_EQ(r.status, 0) << describe(r);
    EXPECT_EQ(r.err, "") << describe(r);
    return r.out;
  }
  json ok_json(const std::vector<std::string>& args) { return json::parse(ok(args)); }
  std::string root() {
    std::string out = ok({"state", "root"});
    EXPECT_EQ(out.size(), 65u) << out;
    return out.substr(0, 64);
  }
  uint64_t head() { return ok_json({"block", "--json"}).at("height").get<uint64_t>(); }

  // A command that must be refused: `status`, one line on stderr containing `message`, no stdout,
  // and nothing committed (same root, same head block).
  void refused(const std::vector<std::string>& args, int status, const std::string& message) {
    SCOPED_TRACE(::testing::PrintToString(args));
    const std::string root_before = root();
    const uint64_t head_before = head();
    CliResult r = sw(args);
    expect_one_line_error(r, status, message);
    EXPECT_EQ(root(), root_before);
    EXPECT_EQ(head(), head_before);
  }

  void init_with_echo() {
    ok({"init"});
    ok({"account", "create", "alice.near"});
    ok({"account", "create", "bob.near", "--balance", "5NEAR"});
    ok({"account", "create", "echo.near"});
    ok({"deploy", "echo.near", kEcho});
  }

  std::string dir_;
};

TEST(ChainCliHelp, EveryCommandHasHelp) {
  const std::vector<std::vector<std::string>> commands = {{"--help"},
                                                          {"init", "--help"},
                                                          {"account", "--help"},
                                                          {"account", "create", "--help"},
                                                          {"account", "view", "--help"},
                                                          {"deploy", "--help"},
                                                          {"call", "--help"},
                                                          {"view", "--help"},
                                                          {"state", "--help"},
                                                          {"state", "root", "--help"},
                                                          {"block", "--help"},
                                                          {"run", "--help"}};
  for (const auto& args : commands) {
    CliResult r = run_cli(args);
    EXPECT_EQ(r.status, 0) << ::testing::PrintToString(args) << describe(r);
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << describe(r);
  }
  EXPECT_NE(
      run_cli({"call", "--help"}).out.find("Exit status: 0 success; 1 the call ran and failed"),
      std::string::npos);
  EXPECT_NE(run_cli({"call", "--help"}).out.find("300Tgas"), std::string::npos);
}

TEST_F(ChainCli, InitMakesGenesisBlock) {
  EXPECT_EQ(ok({"init"}),
            "initialised " + dir_ + ": genesis block 0, state root " + std::string(64, '0') + "\n");
  json block = ok_json({"block", "--json"});
  EXPECT_EQ(block["height"], 0);
  EXPECT_EQ(block["timestamp_ns"], 1704067200000000000ull);
  EXPECT_EQ(block["root"], std::string(64, '0'));
  EXPECT_TRUE(block["transactions"].empty());
  CliResult again = sw({"init"});
  EXPECT_EQ(again.status, 6) << describe(again);
  EXPECT_NE(again.err.find("already holds a chain"), std::string::npos) << describe(again);
}

TEST_F(ChainCli, GenesisTimeSetsTimestamps) {
  ok({"init", "--genesis-time", "1000"});
  ok({"account", "create", "alice.near"});
  EXPECT_EQ(ok_json({"block", "1", "--json"})["timestamp_ns"], 1001000000000ull);
}

TEST_F(ChainCli, CommandsNeedAnInitialisedDirectory) {
  CliResult r = sw({"state", "root"});
  EXPECT_EQ(r.status, 6) << describe(r);
  EXPECT_NE(r.err.find("run 'syncwasm init' first"), std::string::npos) << describe(r);
  EXPECT_FALSE(std::filesystem::exists(dir_)) << "a read command created the directory";
  r = sw({"account", "create", "alice.near"});
  EXPECT_EQ(r.status, 6) << describe(r);
}

TEST_F(ChainCli, RefusesADirectoryThatIsNotOurs) {
  std::filesystem::create_directories(dir_);
  std::ofstream(std::filesystem::path(dir_) / "notes.txt") << "mine\n";
  for (const auto& args : std::vector<std::vector<std::string>>{{"init"}, {"state", "root"}}) {
    CliResult r = sw(args);
    EXPECT_EQ(r.status, 6) << describe(r);
    EXPECT_NE(r.err.find("not a syncwasm state database"), std::string::npos) << describe(r);
    EXPECT_EQ(lines(r.err), 1u) << describe(r);
  }
  EXPECT_EQ(syncwasm::testing::slurp(std::filesystem::path(dir_) / "notes.txt"), "mine\n");
}

TEST_F(ChainCli, RefusesALockedDirectory) {
  ok({"init"});
  const std::string root_before = root();
  {
    auto holder = syncwasm::node::Chain::open(dir_);  // holds the database lock
    ASSERT_TRUE(holder.ok()) << holder.error().to_string();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"account", "create", "alice.near"}, {"state", "root"}}) {
      CliResult r = sw(args);
      EXPECT_EQ(r.status, 6) << describe(r);
      EXPECT_NE(r.err.find("locked"), std::string::npos) << describe(r);
      EXPECT_EQ(lines(r.err), 1u) << describe(r);
    }
  }
  EXPECT_EQ(root(), root_before);
  EXPECT_EQ(head(), 0u);
}

TEST_F(ChainCli, DataDirectoryFromTheEnvironment) {
  CliResult r = run_cli({"init"}, "SYNCWASM_DATA=" + syncwasm::testing::shell_quote(dir_));
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_NE(r.out.find(dir_), std::string::npos);
  EXPECT_EQ(ok({"state", "root"}), std::string(64, '0') + "\n");  // the same directory via --data
}

TEST_F(ChainCli, AccountsAreCreatedAndShown) {
  ok({"init"});
  EXPECT_EQ(ok({"account", "create", "alice.near", "--balance", "1_000"})
                .rfind("created alice.near with 0.000000000000000000001 NEAR (1000 yoctoNEAR) in "
                       "block 1, state root ",
                       0),
            0u);
  json alice = ok_json({"account", "view", "alice.near", "--json"});
  EXPECT_EQ(alice["account_id"], "alice.near");
  EXPECT_EQ(alice["balance"], "1000");
  EXPECT_EQ(alice["locked"], "0");
  EXPECT_EQ(alice["storage_usage"], 100);  // storage_num_bytes_account
  EXPECT_TRUE(alice["code_hash"].is_null());
  ok({"account", "create", "bob.near"});
  EXPECT_EQ(ok({"account", "view", "bob.near"}),
            "account: bob.near\nbalance: 100000000000000000000000000 (100 NEAR)\nlocked: 0\n"
            "storage usage: 100 bytes\ncode hash: none\naccess keys: none\n");
  ok({"deploy", "bob.near", kEcho});
  EXPECT_EQ(ok_json({"account", "view", "bob.near", "--json"})["code_hash"],
            "426e25265494cefd55a374edffdb0dfc974b34b8261082354308661b1af9e551");
  EXPECT_EQ(ok_json({"account", "view", "bob.near", "--json"})["access_keys"], json::array());
}

TEST_F(ChainCli, AccessKeys) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  // Block 2: the account and its full-access key (an AddKey of the account itself), nonce
  // (2 - 1) * 10^6 as nearcore sets it.
  const std::string key = "ed25519:1thX6LZfHDZZKUs92febYZhYRcXddmzfzF2NvTkPNE";  // bytes 0..31
  EXPECT_EQ(
      ok({"account", "create", "keys.near", "--public-key", key})
          .rfind("created keys.near with 100 NEAR (100000000000000000000000000 yoctoNEAR) and "
                 "the full-access key " +
                     key + " in block 2, state root ",
                 0),
      0u);
  json created = ok_json({"account", "view", "keys.near", "--json"});
  EXPECT_EQ(created["storage_usage"], 100 + 82);  // account + 33 + 9 + 40
  EXPECT_EQ(created["access_keys"],
            json::parse(R"([{"public_key":")" + key +
                        R"(","access_key":{"nonce":1000000,"permission":"FullAccess"}}])"));
  // Function-call keys added by the contract's promises (tests/cli/data/keys.wat): the AddKey
  // receipt runs in the round after the call.
  ok({"deploy", "keys.near", std::string(CLI_WASM_DIR) + "/keys.wasm"});
  ok({"call", "keys.near", "add_limited", "--signer", "alice.near"});    // block 4, AddKey at 5
  ok({"call", "keys.near", "add_unlimited", "--signer", "alice.near"});  // block 6, AddKey at 7
  const std::string code_hash = ok_json({"account", "view", "keys.near", "--json"})["code_hash"];
  const std::string limited = "ed25519:LbUiWL3xVV8hTFYBVdbTNrpDo41NKS6o3LHHuDzjfcY";    // 32 x 0x05
  const std::string unlimited = "ed25519:QWmroo4YnnMqYW3cnxWkFdaTxGD3P7vMSzwMHGbUzwF";  // 32 x 0x06
  const uint64_t code_size = std::filesystem::file_size(std::string(CLI_WASM_DIR) + "/keys.wasm");
  // Storage: account, code, full-access key 82, limited key 33 + 56 + 40, unlimited 33 + 26 + 40.
  const uint64_t usage = 100 + code_size + 82 + 129 + 99;
  EXPECT_EQ(ok({"account", "view", "keys.near"}),
            "account: keys.near\nbalance: 100000000000000000000000000 (100 NEAR)\nlocked: 0\n"
            "storage usage: " +
                std::to_string(usage) + " bytes\ncode hash: " + code_hash +
                "\naccess keys: 3\n"
                "  " +
                key +
                " nonce 1000000, full access\n"
                "  " +
                limited +
                " nonce 4000000, function call to bob.near (methods get, set), "
                "allowance 0.25 NEAR (250000000000000000000000 yoctoNEAR)\n"
                "  " +
                unlimited +
                " nonce 6000000, function call to bob.near (any method), "
                "unlimited allowance\n");
  json keys = ok_json({"account", "view", "keys.near", "--json"})["access_keys"];
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[1],
            json::parse(R"({"public_key":")" + limited + R"(","access_key":{"nonce":4000000,)" +
                        R"("permission":{"FunctionCall":{"allowance":"250000000000000000000000",)" +
                        R"("receiver_id":"bob.near","method_names":["get","set"]}}}})"));
  EXPECT_EQ(keys[2]["access_key"]["permission"]["FunctionCall"],
            json::parse(R"({"allowance":null,"receiver_id":"bob.near","method_names":[]})"));
  // The same key again: the call succeeds (its result is its own), its AddKey receipt fails.
  json again = ok_json({"call", "keys.near", "add_limited", "--signer", "alice.near", "--json"});
  EXPECT_EQ(again["status"], "success");
  ASSERT_EQ(again["receipts"].size(), 2u);
  EXPECT_EQ(again["receipts"][1]["status"], "failure");
  EXPECT_EQ(again["receipts"][1]["error"]["kind"], "AddKeyAlreadyExists");
  EXPECT_EQ(ok_json({"account", "view", "keys.near", "--json"})["storage_usage"], usage);

  // Refused, nothing committed: a malformed key, a balance that cannot pay for the key's storage.
  refused({"account", "create", "bad.near", "--public-key", "ed25519:abc0"}, 2,
          "--public-key 'ed25519:abc0': the key is not base58");
  refused({"account", "create", "bad.near", "--public-key", "rsa:abc"}, 2,
          "--public-key 'rsa:abc': unknown key type 'rsa' (ed25519 or secp256k1)");
  refused({"account", "create", "bad.near", "--public-key", "ed25519:111"}, 2,
          "the key is 3 bytes, a ed25519 key is 32");
  refused({"account", "create", "poor.near", "--balance", "1000", "--public-key", key}, 1,
          "LackBalanceForState");
  refused({"account", "create", "keys.near", "--public-key", key}, 2,
          "account 'keys.near' already exists");
}

TEST_F(ChainCli, CallAndViewTheEchoContract) {
  init_with_echo();
  json stored =
      ok_json({"call", "echo.near", "store", R"({"v":1})", "--signer", "bob.near", "--json"});
  EXPECT_EQ(stored["status"], "success");
  EXPECT_EQ(stored["result_base64"], "");
  EXPECT_EQ(stored["result_utf8"], "");
  EXPECT_EQ(stored["logs"], json::array({"stored"}));
  EXPECT_GT(stored["gas_burnt"].get<uint64_t>(), 0u);
  EXPECT_FALSE(stored.contains("receipts"));
  EXPECT_FALSE(stored.contains("error"));
  EXPECT_EQ(stored["block_height"], 5);
  EXPECT_EQ(stored["state_root"], root());

  json got = ok_json({"view", "echo.near", "get", "--json"});
  EXPECT_EQ(got["status"], "success");
  EXPECT_EQ(got["result_utf8"], R"({"v":1})");
  EXPECT_EQ(got["result_base64"], "eyJ2IjoxfQ==");
  EXPECT_EQ(got["logs"], json::array());
  EXPECT_EQ(ok({"view", "echo.near", "echo", "[1, 2]"}).substr(0, 16), "result: [1, 2]\ng");

  // Any bytes through --args-base64 and --args-file; a non-UTF-8 result has no result_utf8.
  json binary = ok_json({"view", "echo.near", "echo", "--args-base64", "/wA=", "--json"});
  EXPECT_EQ(binary["result_base64"], "/wA=");
  EXPECT_FALSE(binary.contains("result_utf8"));
  const std::string file = dir_ + "-args";
  std::ofstream(file, std::ios::binary) << "not json";
  EXPECT_EQ(ok_json({"view", "echo.near", "echo", "--args-file", file, "--json"})["result_utf8"],
            "not json");
  std::filesystem::remove(file);

  // The text form: logs, result, gas, the block.
  std::string text =
      ok({"call", "echo.near", "echo", R"("hi")", "--signer", "alice.near", "--gas", "30Tgas"});
  EXPECT_EQ(text.rfind("result: \"hi\"\ngas burnt: ", 0), 0u) << text;
  EXPECT_NE(text.find("\nblock 6, state root "), std::string::npos) << text;
  json block = ok_json({"block", "6", "--json"});
  ASSERT_EQ(block["transactions"].size(), 1u);
  EXPECT_EQ(block["transactions"][0]["signer_id"], "alice.near");
  EXPECT_EQ(block["transactions"][0]["result_base64"], "ImhpIg==");
  EXPECT_EQ(block["transactions"][0]["actions"][0],
            "FunctionCall echo (4 bytes of args, deposit 0, gas 30000000000000)");
}

TEST_F(ChainCli, FailingCallLeavesTheStateRootUnchanged) {
  init_with_echo();
  ok({"call", "echo.near", "store", R"("first")", "--signer", "bob.near"});
  const std::string before = root();
  const uint64_t head_before = head();
  CliResult r = sw({"call", "echo.near", "store_then_fail", R"("second")", "--signer", "bob.near",
                    "--json", "--deposit", "1NEAR"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_EQ(r.err, "error: HostError/GuestPanic: boom\n");
  json out = json::parse(r.out);
  EXPECT_EQ(out["status"], "failure");
  EXPECT_EQ(out["error"],
            json({{"kind", "HostError"}, {"detail", "GuestPanic"}, {"message", "boom"}}));
  EXPECT_EQ(out["result_base64"], "");
  EXPECT_EQ(out["state_root"], before);
  // The failure is recorded in a block; the state root and the deposit are as before.
  EXPECT_EQ(root(), before);
  EXPECT_GT(head(), head_before);
  json block = ok_json({"block", "--json"});
  EXPECT_EQ(block["prev_root"], before);
  EXPECT_EQ(block["root"], before);
  EXPECT_EQ(block["transactions"][0]["success"], false);
  EXPECT_EQ(block["transactions"][0]["error"]["kind"], "HostError/GuestPanic");
  EXPECT_EQ(ok_json({"view", "echo.near", "get", "--json"})["result_utf8"], R"("first")");
  EXPECT_EQ(ok_json({"account", "view", "bob.near", "--json"})["balance"],
            "5000000000000000000000000");

  CliResult text = sw({"call", "echo.near", "fail", "--signer", "bob.near"});
  EXPECT_EQ(text.status, 1);
  EXPECT_EQ(text.err, "error: HostError/GuestPanic: boom\n");
  EXPECT_EQ(text.out.find("result:"), std::string::npos) << text.out;
  EXPECT_EQ(root(), before);
  CliResult view = sw({"view", "echo.near", "store", R"("x")", "--json"});
  EXPECT_EQ(view.status, 1) << describe(view);
  EXPECT_EQ(json::parse(view.out)["error"]["detail"], "ProhibitedInView");
}

// A call whose contract creates a receipt that cannot run fails as any call that ran: recorded in a
// block, state root unchanged, exit 1, one "error: <kind>/<detail>: <message>" line naming the
// receipt's receiver (NewReceiptValidationError) or the actor and the account (ActorNoPermission).
TEST_F(ChainCli, CallsCreatingReceiptsThatCannotRunFail) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  ok({"account", "create", "bob.near", "--balance", "5NEAR"});
  ok({"account", "create", "actions.near"});
  ok({"deploy", "actions.near", std::string(CLI_WASM_DIR) + "/actions.wasm"});
  const std::string before = root();
  uint64_t head_before = head();

  CliResult r = sw({"call", "actions.near", "delete_then_create", "--signer", "alice.near"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_EQ(r.err,
            "error: NewReceiptValidationError/DeleteActionMustBeFinal: a receipt to "
            "'actions.near' created by the call is not valid: DeleteAccount must be the last "
            "action: it is action 1 of 2\n");
  EXPECT_EQ(r.out.rfind("log: batching\n", 0), 0u) << describe(r);
  EXPECT_EQ(root(), before);
  EXPECT_EQ(head(), head_before + 1);
  json block = ok_json({"block", "--json"});
  EXPECT_EQ(block["transactions"][0]["success"], false);
  EXPECT_EQ(block["transactions"][0]["error"]["kind"],
            "NewReceiptValidationError/DeleteActionMustBeFinal");

  head_before = head();
  r = sw({"call", "actions.near", "deploy_to", "--args-base64", "Ym9iLm5lYXI=", "--signer",
          "alice.near", "--json"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_EQ(r.err,
            "error: ActorNoPermission: 'actions.near' may not deploy a contract to 'bob.near'\n");
  json out = json::parse(r.out);
  EXPECT_EQ(out["status"], "failure");
  EXPECT_EQ(out["error"],
            json({{"kind", "ActorNoPermission"},
                  {"message", "'actions.near' may not deploy a contract to 'bob.near'"}}));
  EXPECT_EQ(root(), before);
  EXPECT_GT(head(), head_before);
  EXPECT_TRUE(ok_json({"account", "view", "bob.near", "--json"})["code_hash"].is_null());
}

TEST_F(ChainCli, BadInputIsRefusedAndCommitsNothing) {
  init_with_echo();
  ok({"call", "echo.near", "store", R"("kept")", "--signer", "bob.near"});
  const std::string big = dir_ + "-big";
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string(4'194'305, 'x');
  }
  // Invalid account ids.
  refused({"account", "create", "Alice"}, 2, "ACCOUNT 'Alice' is invalid");
  refused({"account", "view", "a"}, 2, "ACCOUNT 'a' is invalid");
  refused({"deploy", "x..y", kEcho}, 2, "ACCOUNT 'x..y' is invalid");
  refused({"call", "echo.near", "echo", "--signer", "BOB"}, 2, "--signer 'BOB' is invalid");
  refused({"view", "-x-", "echo"}, 2, "");  // CLI11 reads it as an option: a usage error
  // Existing account, bad amounts.
  refused({"account", "create", "alice.near"}, 2, "account 'alice.near' already exists");
  refused({"account", "create", "carol.near", "--balance", "12abc"}, 2, "--balance '12abc'");
  refused({"account", "create", "carol.near", "--balance", "-5"}, 2, "");
  refused({"call", "echo.near", "echo", "--signer", "bob.near", "--gas", "lots"}, 2,
          "--gas 'lots'");
  refused({"call", "echo.near", "echo", "--signer", "bob.near", "--gas", "1001Tgas"}, 2,
          "over the limit of 1000 Tgas");
  refused({"call", "echo.near", "echo", "--signer", "bob.near", "--deposit", "6NEAR"}, 2,
          "NotEnoughBalance");
  // Missing accounts, contracts, methods, blocks.
  refused({"account", "view", "carol.near"}, 5, "account 'carol.near' does not exist");
  refused({"call", "carol.near", "echo", "--signer", "bob.near"}, 5,
          "account 'carol.near' does not exist");
  refused({"call", "echo.near", "echo", "--signer", "carol.near"}, 5,
          "signer 'carol.near' does not exist");
  refused({"call", "alice.near", "echo", "--signer", "bob.near"}, 5,
          "account 'alice.near' has no contract");
  refused({"call", "echo.near", "nope", "--signer", "bob.near"}, 5,
          "the contract of 'echo.near' has no method 'nope'");
  refused({"call", "echo.near", "not_a_method", "--signer", "bob.near"}, 5,
          "is not a contract method");
  refused({"view", "carol.near", "get"}, 5, "account 'carol.near' does not exist");
  refused({"view", "alice.near", "get"}, 5, "has no contract");
  refused({"view", "echo.near", "nope"}, 5, "has no method 'nope'");
  refused({"deploy", "carol.near", kEcho}, 5, "account 'carol.near' does not exist");
  refused({"block", "999"}, 5, "no block at height 999");
  refused({"block", "two"}, 2, "HEIGHT 'two' is not a block height");
  // Malformed and invalid Wasm, unreadable files.
  refused({"deploy", "alice.near", kMalformed}, 4, "malformed.wasm: Deserialization");
  refused({"deploy", "alice.near", kInvalid}, 4, "invalid.wasm: Deserialization");
  refused({"deploy", "alice.near", dir_ + "-absent.wasm"}, 3, "cannot read");
  refused({"call", "echo.near", "echo", "--signer", "bob.near", "--args-file", dir_ + "-absent"}, 3,
          "cannot read");
  // Oversized and malformed input.
  refused({"call", "echo.near", "echo", "--signer", "bob.near", "--args-file", big}, 2,
          "the input is 4194305 bytes, over the limit of 4194304 (max_arguments_length)");
  refused({"view", "echo.near", "echo", "--args-file", big}, 2, "over the limit");
  refused({"call", "echo.near", "echo", R"({"a":)", "--signer", "bob.near"}, 2,
          "ARGS is not valid JSON");
  refused({"view", "echo.near", "echo", "hello"}, 2, "ARGS is not valid JSON");
  refused({"view", "echo.near", "echo", "--args-base64", "abc"}, 2,
          "--args-base64 is not valid base64");
  refused({"view", "echo.near", "echo", "1", "--args-base64", "AA=="}, 2, "give the input once");
  // Usage errors.
  refused({"call", "echo.near", "echo"}, 2, "--signer is required");
  refused({"frobnicate"}, 2, "");
  std::filesystem::remove(big);
  EXPECT_EQ(ok_json({"view", "echo.near", "get", "--json"})["result_utf8"], R"("kept")");
}

TEST_F(ChainCli, StatusMessageAsTheManifestSays) {
  SKIP_WITHOUT("status_message.wasm");
  ok({"init"});
  ok({"account", "create", "status.near"});
  ok({"account", "create", "bob.near"});
  ok({"deploy", "status.near", contract("status_message.wasm")});
  json set = ok_json({"call", "status.near", "set_status", R"({"message":"hello"})", "--signer",
                      "bob.near", "--json"});
  EXPECT_EQ(set["status"], "success");
  EXPECT_EQ(set["logs"], json::array({"bob.near set_status with message hello"}));
  EXPECT_EQ(set["result_base64"], "");
  json get =
      ok_json({"view", "status.near", "get_status", R"({"account_id":"bob.near"})", "--json"});
  EXPECT_EQ(get["result_utf8"], R"("hello")");
  EXPECT_EQ(get["logs"], json::array({"get_status for account_id bob.near"}));
  EXPECT_EQ(ok_json({"view", "status.near", "get_status", R"({"account_id":"x.near"})",
                     "--json"})["result_utf8"],
            "null");
}

TEST_F(ChainCli, FungibleTokenTransfer) {
  SKIP_WITHOUT("fungible_token.wasm");
  ok({"init"});
  for (const char* id : {"ft.near", "alice.near", "bob.near"}) ok({"account", "create", id});
  ok({"deploy", "ft.near", contract("fungible_token.wasm")});
  ok({"call", "ft.near", "new_default_meta",
      R"({"owner_id":"alice.near","total_supply":"1000000"})", "--signer", "alice.near"});
  ok({"call", "ft.near", "storage_deposit", R"({"account_id":"bob.near"})", "--signer", "bob.near",
      "--deposit", "0.00125NEAR"});
  // Without the one yoctoNEAR it fails, and changes nothing.
  const std::string before = root();
  EXPECT_EQ(sw({"call", "ft.near", "ft_transfer", R"({"receiver_id":"bob.near","amount":"10"})",
                "--signer", "alice.near"})
                .status,
            1);
  EXPECT_EQ(root(), before);
  json transfer =
      ok_json({"call", "ft.near", "ft_transfer", R"({"receiver_id":"bob.near","amount":"10"})",
               "--signer", "alice.near", "--deposit", "1", "--json"});
  ASSERT_EQ(transfer["logs"].size(), 1u);
  EXPECT_EQ(transfer["logs"][0].get<std::string>().rfind("EVENT_JSON:{\"standard\":\"nep141\"", 0),
            0u);
  EXPECT_EQ(ok_json({"view", "ft.near", "ft_balance_of", R"({"account_id":"bob.near"})",
                     "--json"})["result_utf8"],
            R"("10")");
  EXPECT_EQ(ok_json({"view", "ft.near", "ft_balance_of", R"({"account_id":"alice.near"})",
                     "--json"})["result_utf8"],
            R"("999990")");
}

TEST_F(ChainCli, ReceiptsRunInTheFollowingHeights) {
  SKIP_WITHOUT("cross_contract_low_level.wasm");
  ok({"init"});
  ok({"account", "create", "cc.near"});
  ok({"account", "create", "bob.near"});
  ok({"deploy", "cc.near", contract("cross_contract_low_level.wasm")});
  json r =
      ok_json({"call", "cc.near", "factorial", R"({"n":5})", "--signer", "bob.near", "--json"});
  EXPECT_EQ(r["status"], "success");
  EXPECT_EQ(r["result_utf8"], "120");
  ASSERT_EQ(r["receipts"].size(), 9u);
  EXPECT_EQ(r["receipts"][0]["block_height"], 4);
  EXPECT_EQ(r["receipts"][8]["block_height"], 12);
  EXPECT_EQ(r["receipts"][8]["result_base64"], "MTIw");
  EXPECT_EQ(r["receipts"][8]["predecessor_id"], "cc.near");
  json block = ok_json({"block", "--json"});
  EXPECT_EQ(block["height"], 4);
  EXPECT_EQ(block["last_height"], 12);
  EXPECT_EQ(block["transactions"][0]["receipts"], 9);
  EXPECT_EQ(ok_json({"block", "9", "--json"})["height"], 4);  // a receipt round of block 4
  ok({"account", "create", "later.near"});
  EXPECT_EQ(head(), 13u);
  EXPECT_EQ(ok_json({"view", "cc.near", "factorial", R"({"n":1})", "--json"})["result_utf8"], "1");
}

// The same commands on a fresh directory give the same blocks: heights, timestamps, roots.
TEST(ChainCliReplay, SameCommandsGiveSameRoots) {
  std::vector<std::vector<std::string>> script = {
      {"init"},
      {"account", "create", "alice.near"},
      {"account", "create", "echo.near", "--balance", "7NEAR"},
      {"deploy", "echo.near", kEcho},
      {"call", "echo.near", "store", R"("one")", "--signer", "alice.near", "--deposit", "3"},
      {"call", "echo.near", "store_then_fail", R"("two")", "--signer", "alice.near"},
      {"call", "echo.near", "store", R"("three")", "--signer", "alice.near"},
  };
  if (std::filesystem::exists(contract("status_message.wasm"))) {
    script.push_back({"account", "create", "status.near"});
    script.push_back({"deploy", "status.near", contract("status_message.wasm")});
    script.push_back(
        {"call", "status.near", "set_status", R"({"message":"hi"})", "--signer", "alice.near"});
  }
  std::vector<std::vector<json>> runs;
  for (const char* name : {"replay-a", "replay-b"}) {
    const std::string dir = fresh_data_dir(name);
    std::vector<json> blocks;
    for (const auto& command : script) {
      std::vector<std::string> args = {"--data", dir};
      args.insert(args.end(), command.begin(), command.end());
      CliResult r = run_cli(args);
      EXPECT_EQ(r.status, command[0] == "call" && command[2] == "store_then_fail" ? 1 : 0)
          << describe(r);
      CliResult block = run_cli({"--data", dir, "block", "--json"});
      ASSERT_EQ(block.status, 0) << describe(block);
      blocks.push_back(json::parse(block.out));
    }
    runs.push_back(std::move(blocks));
    std::filesystem::remove_all(dir);
  }
  ASSERT_EQ(runs[0].size(), runs[1].size());
  for (size_t i = 0; i < runs[0].size(); ++i) {
    EXPECT_EQ(runs[0][i], runs[1][i]) << "block after command " << i;
    EXPECT_EQ(runs[0][i]["height"], i);
  }
  // The failing call made a block with the root unchanged.
  EXPECT_EQ(runs[0][5]["prev_root"], runs[0][5]["root"]);
  EXPECT_NE(runs[0][4]["prev_root"], runs[0][4]["root"]);
}

}  // namespace
