// The `syncwasm submodule` commands, driven as a child process on temporary data directories
// (labels cli and submodules): deploy / delete / list / show with exact output and JSON fields,
// every bad-input case (exit status, one error line, nothing committed), bulk deployment from a
// directory and from the generator (batches, blocks, progress, partial commits when the balance
// runs out), and the C SDK examples of docs/submodules-sdk.md end to end through the command line:
// main.c with sub_isolated / sub_imports / sub_shared_memory / sub_callback deployed by
// `submodule deploy`, called with `call --json --args-base64`, and the token registry. The SDK
// cases skip when clang could not build wasm32 modules at configure time.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "submodule_input.h"
#include "syncwasm/hex.h"
#include "syncwasm/node/encoding.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/state/hash.h"
#include "wat.h"

using nlohmann::json;
using syncwasm::hex_encode;
using syncwasm::testing::CliResult;
using syncwasm::testing::describe;
using syncwasm::testing::expect_one_line_error;
using syncwasm::testing::fresh_data_dir;
using syncwasm::testing::lines;
using syncwasm::testing::run_cli;

namespace {

#define SKIP_WITHOUT_EXAMPLES()                                                      \
  do {                                                                               \
    if (!SYNCWASM_SDK_EXAMPLES)                                                      \
      GTEST_SKIP() << "the SDK examples were not built: clang cannot target wasm32 " \
                      "here (needs clang + wasm-ld, see the CMake output)";          \
  } while (0)

std::string example(const std::string& name) {
  return std::string(SYNCWASM_SDK_EXAMPLES_DIR) + "/submodules/" + name + ".wasm";
}

// docs/submodules-sdk.md's notation.
std::string u64(uint64_t n) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out;
}
std::string u32(uint32_t n) {
  return u64(n).substr(0, 4);
}
std::string field(const std::string& bytes) {
  return u32(static_cast<uint32_t>(bytes.size())) + bytes;
}

std::string wat(const std::string& text) {
  std::vector<uint8_t> bytes = syncwasm::testing::wat_to_wasm(text);
  return std::string(bytes.begin(), bytes.end());
}

// A main contract for the cases without the SDK examples. call: input = [key_len u8][key][method];
// calls the submodule with all the gas and answers [status u8] ‖ its result or message.
const char* const kCallerMainWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "submodule_call"
    (func $submodule_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (func (export "call") (local $len i64) (local $k i64) (local $rl i64)
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 1024))
    (local.set $len (call $register_len (i64.const 0)))
    (local.set $k (i64.load8_u (i32.const 1024)))
    (i64.store8 (i32.const 0)
      (call $submodule_call (local.get $k) (i64.const 1025)
        (i64.sub (i64.sub (local.get $len) (local.get $k)) (i64.const 1))
        (i64.add (i64.const 1025) (local.get $k))
        (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 1)))
    (local.set $rl (call $register_len (i64.const 1)))
    (if (i64.eq (local.get $rl) (i64.const -1))
      (then (call $value_return (i64.const 1) (i64.const 0)))
      (else
        (call $read_register (i64.const 1) (i64.const 1))
        (call $value_return (i64.add (local.get $rl) (i64.const 1)) (i64.const 0))))))
)";

// A submodule that imports one env function (to break policies with).
std::string importing(const std::string& name, const std::string& signature) {
  return wat("(module (import \"env\" \"" + name + "\" (func " + signature +
             ")) (memory 1) (func (export \"f\")))");
}

class SubmoduleCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    dir_ = fresh_data_dir(name);
    files_ = std::filesystem::path(::testing::TempDir()) /
             ("syncwasm-subcli-files-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(files_);
    std::filesystem::create_directories(files_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    std::filesystem::remove_all(files_);
  }

  CliResult sw(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dir_});
    return run_cli(args);
  }
  std::string ok(const std::vector<std::string>& args) {
    CliResult r = sw(args);
    EXPECT_EQ(r.status, 0) << ::testing::PrintToString(args) << describe(r);
    EXPECT_EQ(r.err, "") << ::testing::PrintToString(args) << describe(r);
    return r.out;
  }
  json ok_json(const std::vector<std::string>& args) {
    const std::string out = ok(args);
    json parsed = json::parse(out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << out;
    return parsed;
  }
  std::string root() {
    std::string out = ok({"state", "root"});
    return out.substr(0, 64);
  }
  uint64_t head() { return ok_json({"block", "--json"}).at("height").get<uint64_t>(); }

  // Refused: `status`, nothing on stdout, one line on stderr containing `message`, the same head
  // block (height and state root) as before.
  void refused(const std::vector<std::string>& args, int status, const std::string& message) {
    SCOPED_TRACE(::testing::PrintToString(args));
    const json head_before = ok_json({"block", "--json"});
    CliResult r = sw(args);
    expect_one_line_error(r, status, message);
    const json head_after = ok_json({"block", "--json"});
    EXPECT_EQ(head_after.at("height"), head_before.at("height"));
    EXPECT_EQ(head_after.at("root"), head_before.at("root"));
  }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::filesystem::path path = files_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  // `call ACCOUNT METHOD --args-base64 ... --signer SIGNER --json`, which must succeed.
  json call(const std::string& account, const std::string& method, const std::string& input,
            const std::string& signer = "alice.near") {
    json out = ok_json({"call", account, method, "--args-base64",
                        syncwasm::node::base64_encode(input), "--signer", signer, "--json"});
    EXPECT_EQ(out.value("status", ""), "success") << out.dump();
    return out;
  }
  // The result bytes of a successful call.
  std::string result(const std::string& account, const std::string& method,
                     const std::string& input, const std::string& signer = "alice.near") {
    json out = call(account, method, input, signer);
    auto bytes = syncwasm::node::base64_decode(out.value("result_base64", ""));
    EXPECT_TRUE(bytes.has_value()) << out.dump();
    return bytes.value_or("");
  }

  uint64_t storage_usage(const std::string& account) {
    return ok_json({"account", "view", account, "--json"}).at("storage_usage").get<uint64_t>();
  }

  std::string dir_;
  std::filesystem::path files_;
};

// ---------------------------------------------------------------------------------------------
// Without the SDK examples: generated modules and WAT.

TEST(SubmoduleCliHelp, EveryCommandHasHelp) {
  const std::vector<std::vector<std::string>> commands = {{"submodule", "--help"},
                                                          {"submodule", "deploy", "--help"},
                                                          {"submodule", "delete", "--help"},
                                                          {"submodule", "list", "--help"},
                                                          {"submodule", "show", "--help"},
                                                          {"submodule", "deploy-dir", "--help"},
                                                          {"submodule", "deploy-gen", "--help"}};
  for (const auto& args : commands) {
    CliResult r = run_cli(args);
    EXPECT_EQ(r.status, 0) << ::testing::PrintToString(args) << describe(r);
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << describe(r);
    if (args.size() > 2) {
      EXPECT_NE(r.out.find("Exit status: 0 success"), std::string::npos) << describe(r);
      EXPECT_NE(r.out.find("4 module rejected"), std::string::npos) << describe(r);
    }
  }
  EXPECT_NE(run_cli({"--help"}).out.find("submodule"), std::string::npos);
  EXPECT_NE(run_cli({"submodule", "deploy", "--help"}).out.find("utf8:TEXT"), std::string::npos);
  CliResult none = run_cli({"submodule"});
  EXPECT_EQ(none.status, 2) << describe(none);
}

TEST(SubmoduleCliInput, KeysAndGeneratedModules) {
  using namespace syncwasm::cli;
  EXPECT_EQ(parse_submodule_key("6b6579"), "key");
  EXPECT_EQ(parse_submodule_key("0x6B6579"), "key");
  EXPECT_EQ(parse_submodule_key("hex:00ff"), std::string("\0\xff", 2));
  EXPECT_EQ(parse_submodule_key("utf8:iso/1"), "iso/1");
  EXPECT_EQ(parse_submodule_key(std::string(2048, 'a')), std::string(1024, '\xaa'));
  EXPECT_THROW(parse_submodule_key("xyz"), CommandError);
  EXPECT_THROW(parse_submodule_key("abc"), CommandError);
  EXPECT_THROW(parse_submodule_key(""), CommandError);
  EXPECT_THROW(parse_submodule_key("utf8:"), CommandError);
  EXPECT_THROW(parse_submodule_key(std::string(2050, 'a')), CommandError);
  EXPECT_EQ(describe_key("iso"), "69736f (utf8:iso)");
  EXPECT_EQ(describe_key(std::string("\0\x01", 2)), "0001");
  EXPECT_EQ(hex_encode(counter_key(0x1234)), std::string(36, '0') + "1234");
  // Generated modules compile as submodules under the default policy and differ for each n.
  const syncwasm::runtime::RuntimeConfig& config = syncwasm::runtime::near_mainnet_config();
  for (uint64_t n : {uint64_t{0}, uint64_t{7}, UINT64_MAX}) {
    for (const std::string& code :
         {generated_submodule(n), templated_submodule(generated_submodule(1), n)}) {
      auto compiled = syncwasm::runtime::compile_submodule(
          std::span(reinterpret_cast<const uint8_t*>(code.data()), code.size()), config);
      ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const syncwasm::wasm::Module>>(compiled))
          << n << ": " << std::get<std::string>(compiled);
      EXPECT_EQ(syncwasm::runtime::check_submodule_imports(
                    *std::get<std::shared_ptr<const syncwasm::wasm::Module>>(compiled),
                    syncwasm::runtime::SubmodulePolicy{}, nullptr),
                "");
    }
  }
  EXPECT_NE(generated_submodule(1), generated_submodule(2));
  EXPECT_NE(templated_submodule("x", 1), templated_submodule("x", 2));
}

TEST_F(SubmoduleCli, DeployListShowReplaceDelete) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  const uint64_t usage_before = storage_usage("alice.near");
  const std::string code1 = syncwasm::cli::generated_submodule(1);
  const std::string code2 = syncwasm::cli::generated_submodule(2);
  const std::string file1 = write("one.wasm", code1);
  const std::string file2 = write("two.wasm", code2);
  const std::string hash1 = syncwasm::state::to_hex(syncwasm::state::sha256(code1));
  const std::string hash2 = syncwasm::state::to_hex(syncwasm::state::sha256(code2));
  const std::string policy =
      R"({"nested_calls":false,"parent_functions":[],"share_parent_memory":false,)"
      R"("storage_access":"read_write","storage_prefix_hex":""})";
  const std::string read_policy =
      R"({"nested_calls":false,"parent_functions":[],"share_parent_memory":false,)"
      R"("storage_access":"read","storage_prefix_hex":"69736f2f"})";

  const std::string root0 = root();
  std::string out = ok({"submodule", "deploy", "alice.near", "utf8:iso", file1});
  EXPECT_EQ(out.substr(0, out.find('\n') + 1),
            "deployed submodule 69736f (utf8:iso) of alice.near: " + file1 + " (" +
                std::to_string(code1.size()) + " bytes, sha256 " + hash1 + "), policy " + policy +
                "\n");
  EXPECT_EQ(out.substr(out.find('\n') + 1),
            "block 2, state root " + root() + "\n");  // block 1 created the account
  EXPECT_NE(root(), root0);
  EXPECT_GT(storage_usage("alice.near"), usage_before);

  // Hex keys, --policy-file, and --data after the command.
  const std::string policy_file =
      write("policy.json", R"({"storage_prefix_hex":"69736f2f","storage_access":"read"})");
  CliResult r = run_cli({"submodule", "deploy", "alice.near", "0x0001ff", file2, "--policy-file",
                         policy_file, "--data", dir_});
  EXPECT_EQ(r.status, 0) << describe(r);
  ok({"submodule", "deploy", "alice.near", "000002", file1, "--policy",
      R"({"parent_functions":["b","a","b"]})"});

  // list: key order, text and JSON.
  EXPECT_EQ(
      ok({"submodule", "list", "alice.near"}),
      "000002  " + std::to_string(code1.size()) + " bytes  sha256 " + hash1 +
          R"(  {"nested_calls":false,"parent_functions":["a","b"],"share_parent_memory":false,)"
          R"("storage_access":"read_write","storage_prefix_hex":""})" +
          "\n0001ff  " + std::to_string(code2.size()) + " bytes  sha256 " + hash2 + "  " +
          read_policy + "\n69736f (utf8:iso)  " + std::to_string(code1.size()) + " bytes  sha256 " +
          hash1 + "  " + policy + "\n(3 submodules of alice.near)\n");
  json list = ok_json({"submodule", "list", "alice.near", "--json"});
  EXPECT_EQ(list["account_id"], "alice.near");
  EXPECT_EQ(list["count"], 3);
  EXPECT_EQ(list["more"], false);
  ASSERT_EQ(list["submodules"].size(), 3u);
  EXPECT_EQ(list["submodules"][2]["key_hex"], "69736f");
  EXPECT_EQ(list["submodules"][2]["key_utf8"], "iso");
  EXPECT_FALSE(list["submodules"][1].contains("key_utf8"));
  EXPECT_EQ(list["submodules"][1]["key_hex"], "0001ff");
  EXPECT_EQ(list["submodules"][1]["code_hash"], hash2);
  EXPECT_EQ(list["submodules"][1]["code_size"], code2.size());
  EXPECT_EQ(list["submodules"][1]["policy"], json::parse(read_policy));
  json limited = ok_json({"submodule", "list", "alice.near", "--limit", "2", "--json"});
  EXPECT_EQ(limited["count"], 2);
  EXPECT_EQ(limited["more"], true);
  const std::string first = ok({"submodule", "list", "alice.near", "--limit", "1"});
  EXPECT_EQ(first.substr(0, 8), "000002  ");
  EXPECT_NE(first.find("\n(the first 1 submodules of alice.near; more with a higher --limit)\n"),
            std::string::npos);
  json prefixed = ok_json({"submodule", "list", "alice.near", "--prefix", "0000", "--json"});
  EXPECT_EQ(prefixed["count"], 1);
  EXPECT_EQ(prefixed["submodules"][0]["key_hex"], "000002");
  EXPECT_EQ(ok({"submodule", "list", "alice.near", "--prefix", "ff"}),
            "(0 submodules with keys starting ff of alice.near)\n");

  // show: text and JSON.
  EXPECT_EQ(ok({"submodule", "show", "alice.near", "utf8:iso"}),
            "account: alice.near\nkey: 69736f (utf8:iso)\ncode hash: " + hash1 + "\ncode size: " +
                std::to_string(code1.size()) + " bytes\npolicy: " + policy + "\n");
  json shown = ok_json({"submodule", "show", "alice.near", "0001FF", "--json"});
  EXPECT_EQ(shown, json({{"account_id", "alice.near"},
                         {"key_hex", "0001ff"},
                         {"code_hash", hash2},
                         {"code_size", code2.size()},
                         {"policy", json::parse(read_policy)}}));

  // Replace: new code and policy under the same key.
  out = ok({"submodule", "deploy", "alice.near", "utf8:iso", file2, "--policy", read_policy});
  EXPECT_EQ(out.rfind("replaced submodule 69736f (utf8:iso) of alice.near: ", 0), 0u) << out;
  shown = ok_json({"submodule", "show", "alice.near", "utf8:iso", "--json"});
  EXPECT_EQ(shown["code_hash"], hash2);
  EXPECT_EQ(shown["policy"], json::parse(read_policy));

  // The block records the transaction.
  json block = ok_json({"block", "--json"});
  ASSERT_EQ(block["transactions"].size(), 1u);
  EXPECT_EQ(block["transactions"][0]["signer_id"], "alice.near");
  EXPECT_EQ(block["transactions"][0]["actions"][0].get<std::string>().rfind(
                "DeploySubmodule 69736f (", 0),
            0u);

  // Delete all three: the account's storage usage is what it was.
  out = ok({"submodule", "delete", "alice.near", "utf8:iso"});
  EXPECT_EQ(out, "deleted submodule 69736f (utf8:iso) of alice.near\nblock " +
                     std::to_string(head()) + ", state root " + root() + "\n");
  ok({"submodule", "delete", "alice.near", "0001ff"});
  ok({"submodule", "delete", "alice.near", "000002"});
  EXPECT_EQ(ok({"submodule", "list", "alice.near"}), "(0 submodules of alice.near)\n");
  EXPECT_EQ(storage_usage("alice.near"), usage_before);
  refused({"submodule", "show", "alice.near", "utf8:iso"}, 5,
          "account 'alice.near' has no submodule 69736f (utf8:iso)");
  refused({"submodule", "delete", "alice.near", "utf8:iso"}, 5,
          "account 'alice.near' has no submodule 69736f (utf8:iso)");
}

TEST_F(SubmoduleCli, BadInputIsRefusedAndCommitsNothing) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  ok({"account", "create", "poor.near", "--balance", "0.0012NEAR"});
  const std::string good = write("good.wasm", syncwasm::cli::generated_submodule(5));
  ok({"submodule", "deploy", "alice.near", "utf8:kept", good});
  const std::string not_wasm = write("not.wasm", "not wasm");
  const std::string writer = write("writer.wasm", importing("storage_write",
                                                            "(param i64 i64 i64 i64 i64) "
                                                            "(result i64)"));
  const std::string promiser =
      write("promiser.wasm", importing("promise_batch_create", "(param i64 i64) (result i64)"));
  const std::string caller = write(
      "caller.wasm",
      importing("submodule_call", "(param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)"));
  const std::string missing = (files_ / "absent.wasm").string();
  const std::string key_1025(2050, 'a');

  // Keys.
  refused({"submodule", "deploy", "alice.near", "xyz", good}, 2,
          "KEY 'xyz' is not hex (an even number of hex digits, e.g. 6b6579) nor utf8:TEXT");
  refused({"submodule", "deploy", "alice.near", "abc", good}, 2, "KEY 'abc' is not hex");
  refused({"submodule", "deploy", "alice.near", key_1025, good}, 2,
          "is 1025 bytes: a submodule key is 1 to 1024 bytes");
  refused({"submodule", "deploy", "alice.near", "utf8:", good}, 2,
          "KEY 'utf8:' is 0 bytes: a submodule key is 1 to 1024 bytes");
  refused({"submodule", "delete", "alice.near", "zz"}, 2, "KEY 'zz' is not hex");
  refused({"submodule", "show", "alice.near", key_1025}, 2, "is 1025 bytes");
  refused({"submodule", "list", "alice.near", "--prefix", "xx"}, 2, "--prefix 'xx' is not hex");
  refused({"submodule", "list", "alice.near", "--limit", "0"}, 2, "--limit must be at least 1");
  refused({"submodule", "list", "alice.near", "--limit", "many"}, 2, "--limit");

  // Policies: the message names the field.
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy",
           R"({"storage_access":"write"})"},
          2, R"(--policy: storage_access must be "none", "read" or "read_write")");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy", R"({"colour":1})"}, 2,
          "--policy: unknown policy field 'colour'");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy",
           R"({"storage_prefix_hex":"zz"})"},
          2, "--policy: storage_prefix_hex is not hex");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy",
           R"({"nested_calls":"yes"})"},
          2, "--policy: nested_calls must be true or false");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy", "{"}, 2,
          "--policy: policy is not valid JSON");
  const std::string bad_policy = write("bad-policy.json", R"({"parent_functions":"x"})");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy-file", bad_policy}, 2,
          "--policy-file " + bad_policy + ": parent_functions must be an array of strings");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy", "{}", "--policy-file",
           bad_policy},
          2, "give the policy once: --policy or --policy-file");
  refused({"submodule", "deploy", "alice.near", "utf8:k", good, "--policy-file", missing}, 3,
          "cannot read " + missing);

  // Accounts.
  refused({"submodule", "deploy", "ghost.near", "utf8:k", good}, 5,
          "account 'ghost.near' does not exist (nothing committed)");
  refused({"submodule", "deploy", "Bad!", "utf8:k", good}, 2, "ACCOUNT 'Bad!' is invalid");
  refused({"submodule", "delete", "ghost.near", "utf8:k"}, 5,
          "account 'ghost.near' does not exist");
  refused({"submodule", "list", "ghost.near"}, 5, "account 'ghost.near' does not exist");
  refused({"submodule", "show", "ghost.near", "utf8:k"}, 5, "account 'ghost.near' does not exist");

  // Modules.
  refused({"submodule", "deploy", "alice.near", "utf8:k", missing}, 3, "cannot read " + missing);
  refused({"submodule", "deploy", "alice.near", "utf8:k", files_.string()}, 3,
          files_.string() + " is a directory");
  refused({"submodule", "deploy", "alice.near", "utf8:k", not_wasm}, 4,
          not_wasm + ": invalid module: magic header not detected at offset 0 (nothing committed)");
  refused({"submodule", "deploy", "alice.near", "utf8:k", writer, "--policy",
           R"({"storage_access":"read"})"},
          4,
          writer +
              ": import env.storage_write: the policy's storage access is read (nothing "
              "committed)");
  refused({"submodule", "deploy", "alice.near", "utf8:k", promiser}, 4,
          "import env.promise_batch_create: submodules cannot use promises");
  refused({"submodule", "deploy", "alice.near", "utf8:k", caller}, 4,
          "import env.submodule_call: the policy does not allow nested submodule calls");
  ok({"submodule", "deploy", "alice.near", "utf8:nested", caller, "--policy",
      R"({"nested_calls":true})"});

  // The balance cannot cover the storage.
  refused({"submodule", "deploy", "poor.near", "utf8:k", good}, 1,
          "the balance of 'poor.near' cannot cover the storage");

  // Bulk.
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "nodir").string()}, 3,
          "cannot read directory " + (files_ / "nodir").string());
  write("empty/readme.txt", "no modules here");
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "empty").string()}, 2,
          "holds no .wasm files");
  write("mixed/a.wasm", syncwasm::cli::generated_submodule(1));
  write("mixed/b.wasm", "not wasm");
  write("mixed/c.wasm", syncwasm::cli::generated_submodule(3));
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "mixed").string(), "--batch", "1"}, 4,
          (files_ / "mixed" / "b.wasm").string() +
              ": invalid module: magic header not detected at offset 0 (nothing committed)");
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "mixed").string()}, 4,
          (files_ / "mixed" / "b.wasm").string() +
              ": invalid module: magic header not detected at offset 0 (nothing committed)");
  refused(
      {"submodule", "deploy-dir", "alice.near", (files_ / "mixed").string(), "--key-from", "path"},
      2, "--key-from must be 'name' or 'hash', not 'path'");
  refused({"submodule", "deploy-gen", "alice.near", "--count", "0"}, 2,
          "--count must be at least 1");
  refused({"submodule", "deploy-gen", "alice.near"}, 2, "--count is required");
  refused({"submodule", "deploy-gen", "alice.near", "--count", "3", "--batch", "0"}, 2,
          "--batch must be at least 1");
  refused({"submodule", "deploy-gen", "alice.near", "--count", "3", "--template", not_wasm}, 4,
          not_wasm + ": invalid module: magic header not detected at offset 0");
  refused({"submodule", "deploy-gen", "alice.near", "--count", "3", "--template", writer,
           "--policy", R"({"storage_access":"none"})"},
          4, "import env.storage_write: the policy's storage access is none");
  refused({"submodule", "deploy-gen", "ghost.near", "--count", "3"}, 5,
          "account 'ghost.near' does not exist");

  // Only what succeeded above is there.
  json list = ok_json({"submodule", "list", "alice.near", "--json"});
  ASSERT_EQ(list["count"], 2) << list.dump();
  EXPECT_EQ(list["submodules"][0]["key_utf8"], "kept");
  EXPECT_EQ(list["submodules"][1]["key_utf8"], "nested");
}

TEST_F(SubmoduleCli, BulkDeployGeneratedAndFromDirectory) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  ok({"account", "create", "gen.near", "--balance", "50NEAR"});
  ok({"deploy", "gen.near", write("main.wasm", wat(kCallerMainWat))});
  const uint64_t head_before = head();

  // 1,000 generated submodules, 400 per block: three blocks.
  CliResult r = sw({"submodule", "deploy-gen", "gen.near", "--count", "1000", "--batch", "400"});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.err, "") << "no progress bar when stderr is not a terminal";
  EXPECT_EQ(lines(r.out), 1u) << r.out;
  const std::string first_key = std::string(40, '0');
  const std::string last_key = std::string(37, '0') + "3e7";
  EXPECT_EQ(
      r.out.rfind("deployed 1000 submodules (generated, keys " + first_key + ".." + last_key + ", ",
                  0),
      0u)
      << r.out;
  EXPECT_NE(r.out.find(" to gen.near in 3 blocks " + std::to_string(head_before + 1) + ".." +
                       std::to_string(head_before + 3) + ", "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("; state root " + root() + "\n"), std::string::npos) << r.out;
  EXPECT_EQ(head(), head_before + 3);
  EXPECT_EQ(ok_json({"block", "--json"})["transactions"].size(), 200u);

  json list = ok_json({"submodule", "list", "gen.near", "--limit", "3", "--json"});
  EXPECT_EQ(list["count"], 3);
  EXPECT_EQ(list["more"], true);
  EXPECT_EQ(list["submodules"][0]["key_hex"], first_key);
  EXPECT_EQ(list["submodules"][2]["key_hex"], std::string(39, '0') + "2");
  std::string text = ok(
      {"submodule", "list", "gen.near", "--prefix", std::string(36, '0') + "03", "--limit", "2"});
  EXPECT_EQ(text.rfind(std::string(36, '0') + "0300  ", 0), 0u) << text;
  EXPECT_NE(text.find("(the first 2 submodules with keys starting " + std::string(36, '0') +
                      "03 of gen.near; more with a higher --limit)"),
            std::string::npos)
      << text;
  EXPECT_EQ(ok_json({"submodule", "list", "gen.near", "--json"})["count"], 1000);

  // Call submodule 42 through the main contract: status 0, its counter.
  const std::string key42 = syncwasm::cli::counter_key(42);
  EXPECT_EQ(result("gen.near", "call", std::string(1, 20) + key42 + "get"),
            std::string(1, '\0') + "42");
  // A key past the last: status 3.
  const std::string key1000 = syncwasm::cli::counter_key(1000);
  const std::string input = std::string(1, 20) + key1000 + "get";
  EXPECT_EQ(result("gen.near", "call", input), std::string(1, '\3'));

  // --progress when stderr is not a terminal: one line per block; --start continues.
  r = sw({"submodule", "deploy-gen", "gen.near", "--count", "5", "--start", "1000", "--batch", "2",
          "--progress"});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_NE(r.err.find("progress: 100% 5/5 deployments"), std::string::npos) << r.err;
  EXPECT_EQ(lines(r.err), 3u) << r.err;  // one per block
  EXPECT_EQ(result("gen.near", "call", input), std::string(1, '\0') + "1000");

  // --template: copies of a module, each with its own code hash.
  const std::string template_file = write("t.wasm", syncwasm::cli::generated_submodule(7));
  r = sw({"submodule", "deploy-gen", "alice.near", "--count", "3", "--start", "100", "--template",
          template_file});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_NE(r.out.find("generated from " + template_file), std::string::npos) << r.out;
  list = ok_json({"submodule", "list", "alice.near", "--json"});
  ASSERT_EQ(list["count"], 3);
  EXPECT_EQ(list["submodules"][0]["key_hex"], std::string(38, '0') + "64");
  EXPECT_NE(list["submodules"][0]["code_hash"], list["submodules"][1]["code_hash"]);

  // A directory, keys from the file names, then from the code's hash (the same code twice is
  // one submodule).
  write("dir/alpha.wasm", syncwasm::cli::generated_submodule(1));
  write("dir/beta.wasm", syncwasm::cli::generated_submodule(2));
  write("dir/gamma.wasm", syncwasm::cli::generated_submodule(1));
  write("dir/notes.txt", "ignored");
  r = sw({"submodule", "deploy-dir", "alice.near", (files_ / "dir").string(), "--batch", "2",
          "--policy", R"({"storage_access":"none"})"});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.out.rfind("deployed 3 submodules (3 files of " + (files_ / "dir").string() +
                            ", keys from file names, ",
                        0),
            0u)
      << r.out;
  EXPECT_EQ(ok_json({"submodule", "show", "alice.near", "utf8:beta",
                     "--json"})["policy"]["storage_access"],
            "none");
  ok({"account", "create", "hashes.near"});
  r = sw(
      {"submodule", "deploy-dir", "hashes.near", (files_ / "dir").string(), "--key-from", "hash"});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_NE(r.out.find("deployed 2 submodules (3 files of "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 files with code already seen skipped"), std::string::npos) << r.out;
  const std::string hash1 =
      syncwasm::state::to_hex(syncwasm::state::sha256(syncwasm::cli::generated_submodule(1)));
  json shown = ok_json({"submodule", "show", "hashes.near", hash1, "--json"});
  EXPECT_EQ(shown["code_hash"], hash1);
}

TEST_F(SubmoduleCli, BulkStopsWhenTheBalanceRunsOut) {
  ok({"init"});
  // Room for a few dozen generated submodules (about 0.0018 NEAR each).
  ok({"account", "create", "small.near", "--balance", "0.05NEAR"});
  const uint64_t head_before = head();
  CliResult r = sw({"submodule", "deploy-gen", "small.near", "--count", "100", "--batch", "10"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_EQ(r.out, "") << describe(r);
  EXPECT_EQ(lines(r.err), 1u) << describe(r);
  EXPECT_NE(r.err.find("the balance of 'small.near' cannot cover the storage"), std::string::npos)
      << describe(r);
  const uint64_t committed = head() - head_before;
  EXPECT_GT(committed, 0u);
  EXPECT_LT(committed, 10u);
  EXPECT_NE(r.err.find("(the " + std::to_string(committed * 10) +
                       " deployments before it are committed in blocks " +
                       std::to_string(head_before + 1) + ".." +
                       std::to_string(head_before + committed) + ")"),
            std::string::npos)
      << describe(r);
  EXPECT_EQ(ok_json({"submodule", "list", "small.near", "--json"})["count"], committed * 10);
}

TEST_F(SubmoduleCli, DeployDirChecksParentImportsAgainstTheMainContractBeforeAnyBlock) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  // The main contract exports call: [] -> [].
  ok({"deploy", "alice.near", write("main.wasm", wat(kCallerMainWat))});
  const std::string policy = R"({"parent_functions":["call","absent"]})";
  auto parent_import = [](const std::string& name, const std::string& signature) {
    return wat("(module (import \"parent\" \"" + name + "\" (func " + signature +
               ")) (func (export \"f\")))");
  };
  // b.wasm, between two good files, imports call with another signature: with one file per
  // block, a.wasm would be committed before b.wasm's deployment is refused, unless every file is
  // checked first.
  write("sig/a.wasm", syncwasm::cli::generated_submodule(1));
  const std::string bad_signature = write("sig/b.wasm", parent_import("call", "(param i32)"));
  write("sig/c.wasm", parent_import("call", ""));
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "sig").string(), "--batch", "1",
           "--policy", policy},
          4,
          bad_signature +
              ": import parent.call has type [i32] -> [], the main contract's export has [] -> [] "
              "(nothing committed)");
  // An import the policy allows but the main contract does not export.
  write("missing/a.wasm", syncwasm::cli::generated_submodule(1));
  const std::string missing = write("missing/b.wasm", parent_import("absent", ""));
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "missing").string(), "--batch", "1",
           "--policy", policy},
          4,
          missing +
              ": import parent.absent: the main contract exports no such function (nothing "
              "committed)");
  // In one block too, before the block runs.
  refused({"submodule", "deploy-dir", "alice.near", (files_ / "sig").string(), "--policy", policy},
          4,
          bad_signature +
              ": import parent.call has type [i32] -> [], the main contract's export has [] -> [] "
              "(nothing committed)");
  // deploy-gen checks its template the same way.
  refused({"submodule", "deploy-gen", "alice.near", "--count", "3", "--batch", "1", "--template",
           bad_signature, "--policy", policy},
          4,
          bad_signature +
              ": import parent.call has type [i32] -> [], the main contract's export has [] -> []");
  EXPECT_EQ(ok_json({"submodule", "list", "alice.near", "--json"})["count"], 0);

  // A directory whose parent imports match deploys, one block per file.
  std::filesystem::remove(bad_signature);
  const uint64_t head_before = head();
  CliResult r = sw({"submodule", "deploy-dir", "alice.near", (files_ / "sig").string(), "--batch",
                    "1", "--policy", policy});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(head(), head_before + 2);
  EXPECT_EQ(ok_json({"submodule", "list", "alice.near", "--json"})["count"], 2);
}

// deploy-dir checks every file before anything is deployed, also when all of them fit in one block:
// the refusal is the check's (the file and why, no key), not a deployment's in a dropped block.
TEST_F(SubmoduleCli, DeployDirChecksEveryFileFirstAlsoInOneBlock) {
  ok({"init"});
  ok({"account", "create", "alice.near"});
  const std::string policy = R"({"storage_access":"read"})";
  write("two/a_good.wasm", syncwasm::cli::generated_submodule(1));
  const std::string bad = write(
      "two/b_bad.wasm", importing("storage_write", "(param i64 i64 i64 i64 i64) (result i64)"));
  const std::string root_before = root();
  const uint64_t head_before = head();
  CliResult r =
      sw({"submodule", "deploy-dir", "alice.near", (files_ / "two").string(), "--policy", policy});
  EXPECT_EQ(r.status, 4) << describe(r);
  EXPECT_EQ(r.out, "") << describe(r);
  EXPECT_EQ(r.err, "error: " + bad +
                       ": import env.storage_write: the policy's storage access is read (nothing "
                       "committed)\n");
  EXPECT_EQ(root(), root_before);
  EXPECT_EQ(head(), head_before);
  EXPECT_EQ(ok_json({"submodule", "list", "alice.near", "--json"})["count"], 0);

  // Without the bad file, the good one deploys in one block.
  std::filesystem::remove(bad);
  r = sw({"submodule", "deploy-dir", "alice.near", (files_ / "two").string(), "--policy", policy});
  ASSERT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(head(), head_before + 1);
  EXPECT_EQ(ok_json({"submodule", "list", "alice.near", "--json"})["count"], 1);
}

// ---------------------------------------------------------------------------------------------
// The SDK examples end to end (docs/submodules-sdk.md).

class SubmoduleCliSdk : public SubmoduleCli {
 protected:
  // main(M, input) through `call`.
  std::string main_call(const std::string& method, const std::string& input) {
    return result("main.near", method, input);
  }
  std::string sub_call(const std::string& key, const std::string& method, const std::string& args,
                       uint64_t flags = 0, uint64_t gas = 0) {
    return main_call("call", u64(gas) + u64(flags) + field(key) + field(method) + args);
  }
  std::vector<std::string> logs_of(const std::string& key, const std::string& method,
                                   const std::string& args) {
    json out = call("main.near", "call", u64(0) + u64(0) + field(key) + field(method) + args);
    return out.at("logs").get<std::vector<std::string>>();
  }
  std::string shared_call(const std::string& method, const std::string& data) {
    return main_call("call_shared", u64(0) + u64(0) + field("shm") + field(method) + data);
  }
  std::string relay(const std::string& method, const std::string& bytes) {
    return sub_call("cb", "relay", field(method) + bytes);
  }
};

TEST_F(SubmoduleCliSdk, MainContractWithEveryKindOfSubmodule) {
  SKIP_WITHOUT_EXAMPLES();
  ok({"init"});
  ok({"account", "create", "alice.near"});
  ok({"account", "create", "main.near"});
  ok({"deploy", "main.near", example("main")});

  // Refusals at deploy, each naming the import (docs section 1).
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_isolated"), "--policy",
           R"({"storage_access":"read"})"},
          4, "import env.storage_write: the policy's storage access is read");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_reader"), "--policy",
           R"({"storage_access":"none"})"},
          4, "import env.storage_read: the policy's storage access is none");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_promise")}, 4,
          "import env.promise_batch_create: submodules cannot use promises");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_nested")}, 4,
          "import env.submodule_call: the policy does not allow nested submodule calls");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_shared_memory")}, 4,
          "import parent.memory: the policy does not share the parent's memory");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_shared_memory"), "--policy",
           R"({"share_parent_memory":true})"},
          4, "import parent.log_bytes: not in the policy's parent_functions");
  refused({"submodule", "deploy", "main.near", "utf8:bad", example("sub_imports"), "--policy",
           R"({"parent_functions":["add_u64","get_counter","log_twice"]})"},
          4, "import parent.put_counter: not in the policy's parent_functions");
  EXPECT_EQ(main_call("exists", "bad"), "0");

  ok({"submodule", "deploy", "main.near", "utf8:iso", example("sub_isolated"), "--policy",
      R"({"storage_prefix_hex":"69736f2f"})"});
  ok({"submodule", "deploy", "main.near", "utf8:imp", example("sub_imports"), "--policy",
      R"({"parent_functions":["add_u64","get_counter","log_twice","put_counter"]})"});
  ok({"submodule", "deploy", "main.near", "utf8:shm", example("sub_shared_memory"), "--policy",
      R"({"share_parent_memory":true,"parent_functions":["log_bytes"]})"});
  ok({"submodule", "deploy", "main.near", "utf8:cb", example("sub_callback"), "--policy",
      R"({"parent_functions":["add_u64","boom","call","echo","ghost","recall","remember"]})"});
  EXPECT_EQ(main_call("exists", "iso"), "1");

  // Section 2: sub_isolated.
  EXPECT_EQ(sub_call("iso", "get", ""), "00");
  EXPECT_EQ(sub_call("iso", "increment", ""), "01");
  EXPECT_EQ(sub_call("iso", "increment", ""), "02");
  EXPECT_EQ(sub_call("iso", "has_count", ""), "01");
  EXPECT_EQ(sub_call("iso", "echo", "hello"), "0hello");
  EXPECT_EQ(sub_call("iso", "fail", ""), "1Smart contract panicked: isolated: fail");
  EXPECT_EQ(sub_call("iso", "trap", ""), "1WebAssembly trap: Unreachable (unreachable)");
  EXPECT_EQ(sub_call("iso", "increment_fail", ""),
            "1Smart contract panicked: isolated: after write");
  EXPECT_EQ(sub_call("iso", "get", ""), "02");
  EXPECT_EQ(sub_call("iso", "spin", "", 0, 5'000'000'000'000), "2");
  EXPECT_EQ(sub_call("iso", "increment", "", 1),
            "1StorageAccessDenied: storage_write in a read-only call");
  EXPECT_EQ(sub_call("iso", "missing", ""), "4");
  EXPECT_EQ(main_call("call_n", u64(3) + u64(0) + u64(0) + field("iso") + field("increment")),
            "0005");

  // Section 4: literal imports.
  EXPECT_EQ(sub_call("imp", "sum", u64(2) + u64(40)), "042");
  EXPECT_EQ(sub_call("imp", "sum", u64(UINT64_MAX) + u64(2)), "01");
  EXPECT_EQ(sub_call("imp", "peek", ""), "00");
  EXPECT_EQ(logs_of("imp", "bump", ""), (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(sub_call("imp", "bump", ""), "02");
  EXPECT_EQ(main_call("read_counter", ""), "2");

  // Section 5: the parent's memory.
  EXPECT_EQ(shared_call("upper", "Hello, World"), "0HELLO, WORLD8");
  EXPECT_EQ(shared_call("sum", "abc"), "0abc294");
  json logged =
      call("main.near", "call_shared", u64(0) + u64(0) + field("shm") + field("log") + "hi there");
  EXPECT_EQ(logged["result_utf8"], "0hi there");
  EXPECT_EQ(logged["logs"], json::array({"hi there"}));
  EXPECT_EQ(main_call("echo", "z"), "echo:z");

  // Section 6: parent_call.
  EXPECT_EQ(relay("echo", "hi"), "00echo:hi");
  EXPECT_EQ(relay("remember", "x1"), "00ok");
  EXPECT_EQ(main_call("recall", ""), "x1");
  EXPECT_EQ(relay("boom", ""), "01Smart contract panicked: boom");
  EXPECT_EQ(main_call("recall", ""), "x1");
  EXPECT_EQ(relay("read_counter", ""), "04");
  EXPECT_EQ(relay("ghost", ""), "04");

  // list / show / delete on the same account.
  std::string list = ok({"submodule", "list", "main.near"});
  EXPECT_EQ(lines(list), 5u) << list;
  EXPECT_EQ(list.rfind("6362 (utf8:cb)  ", 0), 0u) << list;
  EXPECT_NE(list.find("\n696d70 (utf8:imp)  "), std::string::npos) << list;
  EXPECT_NE(list.find("\n69736f (utf8:iso)  "), std::string::npos) << list;
  EXPECT_NE(list.find("\n73686d (utf8:shm)  "), std::string::npos) << list;
  EXPECT_NE(list.find("(4 submodules of main.near)"), std::string::npos) << list;
  json shown = ok_json({"submodule", "show", "main.near", "utf8:iso", "--json"});
  std::ifstream in(example("sub_isolated"), std::ios::binary);
  const std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(shown["code_hash"], syncwasm::state::to_hex(syncwasm::state::sha256(code)));
  EXPECT_EQ(shown["code_size"], code.size());
  EXPECT_EQ(shown["policy"]["storage_prefix_hex"], "69736f2f");
  EXPECT_EQ(shown["policy"]["storage_access"], "read_write");
  ok({"submodule", "delete", "main.near", "utf8:iso"});
  EXPECT_EQ(sub_call("iso", "get", ""), "3");
  EXPECT_EQ(main_call("exists", "iso"), "0");
}

TEST_F(SubmoduleCliSdk, TokenRegistry) {
  SKIP_WITHOUT_EXAMPLES();
  const std::string a(20, '\x11'), b(20, '\x22');
  ok({"init"});
  ok({"account", "create", "alice.near"});
  ok({"account", "create", "bob.near"});
  ok({"account", "create", "tokens.near"});
  ok({"deploy", "tokens.near", example("token_main")});

  // Failing calls: recorded, exit 1, the panic message on stderr.
  CliResult r = sw({"call", "tokens.near", "create_token", "--args-base64",
                    syncwasm::node::base64_encode(a + u64(1000)), "--signer", "alice.near"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_NE(r.err.find("token_main: no code, call set_code"), std::string::npos) << describe(r);
  r = sw({"call", "tokens.near", "set_code", "--args-file", example("token_sub"), "--signer",
          "alice.near"});
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_NE(r.err.find("token_main: only the account may set the code"), std::string::npos)
      << describe(r);

  ok({"call", "tokens.near", "set_code", "--args-file", example("token_sub"), "--signer",
      "tokens.near"});
  EXPECT_EQ(result("tokens.near", "create_token", a + u64(1000), "alice.near"), "");
  EXPECT_EQ(result("tokens.near", "balance_of", a + "alice.near"), "1000");
  EXPECT_EQ(result("tokens.near", "total_supply", a), "1000");
  EXPECT_EQ(result("tokens.near", "transfer", a + u64(300) + "bob.near", "alice.near"), "700");
  EXPECT_EQ(result("tokens.near", "balance_of", a + "bob.near"), "300");
  r = sw({"call", "tokens.near", "transfer", "--args-base64",
          syncwasm::node::base64_encode(a + u64(301) + "alice.near"), "--signer", "bob.near",
          "--json"});
  EXPECT_EQ(r.status, 1) << describe(r);
  json failed = json::parse(r.out);
  EXPECT_EQ(failed["status"], "failure");
  EXPECT_EQ(failed["error"]["message"], "Smart contract panicked: token: insufficient balance");
  EXPECT_EQ(result("tokens.near", "balance_of", a + "bob.near"), "300");
  EXPECT_EQ(result("tokens.near", "create_token", b + u64(7), "bob.near"), "");
  EXPECT_EQ(result("tokens.near", "balance_of", b + "bob.near"), "7");

  // view works too: balance_of calls the token read-only.
  json viewed = ok_json({"view", "tokens.near", "balance_of", "--args-base64",
                         syncwasm::node::base64_encode(a + "alice.near"), "--json"});
  EXPECT_EQ(viewed["result_utf8"], "700");

  // The tokens are the account's submodules, keyed by address, one code.
  json list = ok_json({"submodule", "list", "tokens.near", "--json"});
  ASSERT_EQ(list["count"], 2);
  EXPECT_EQ(list["submodules"][0]["key_hex"], hex_encode(a));
  EXPECT_EQ(list["submodules"][1]["key_hex"], hex_encode(b));
  EXPECT_EQ(list["submodules"][0]["code_hash"], list["submodules"][1]["code_hash"]);
  json shown = ok_json({"submodule", "show", "tokens.near", hex_encode(b), "--json"});
  EXPECT_EQ(shown["policy"]["storage_prefix_hex"], hex_encode(b));
  EXPECT_EQ(shown["policy"]["storage_access"], "read_write");
}

}  // namespace
