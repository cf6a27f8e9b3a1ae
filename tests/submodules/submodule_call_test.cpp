// Submodules through the executor (DESIGN.md §5): every status code, every policy rule attempted
// to be broken, rollback on panic, trap and out of gas, exact gas differences, the depth limit,
// re-entry through literal imports and parent_call, several calls per execution, replace and
// delete, storage charged per distinct code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "logic_harness.h"
#include "state_snapshot.h"
#include "submodule_wat.h"
#include "syncwasm/hex.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/receipt_executor.h"
#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"
#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using namespace syncwasm::testing;

namespace {

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;
constexpr const char* kAccount = "engine.near";

std::string bytes_of(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }

uint64_t u64_at(const std::string& s, size_t at) {
  uint64_t v = 0;
  std::memcpy(&v, s.data() + at, 8);
  return v;
}

struct Reply {
  uint8_t status = 255;
  uint64_t gas = 0;     // used_gas delta around submodule_call, measured by the main contract
  std::string data;     // register content, if any
};

struct SubmoduleTest : ::testing::Test {
  const RuntimeConfig& config = near_mainnet_config();
  EmptyState base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  Executor executor{config};
  BlockContext block;
  std::vector<uint8_t> storage_sub = wat_to_wasm(kStorageSubWat);

  void SetUp() override {
    ASSERT_TRUE(executor.create_account(overlay, kAccount, 1000 * kNear)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "bob.near", 100 * kNear)->ok());
    auto main = executor.deploy_contract(overlay, kAccount, wat_to_wasm(kMainWat));
    ASSERT_TRUE(main.ok() && main->ok());
    deploy("s", storage_sub, R"({"storage_prefix_hex": "732f"})");  // "s/"
  }

  CallOutcome deploy_outcome(const std::string& key, const std::vector<uint8_t>& code, const std::string& policy_json) {
    auto policy = parse_policy_json(policy_json);
    EXPECT_TRUE(std::holds_alternative<SubmodulePolicy>(policy)) << std::get<std::string>(policy);
    auto r = executor.deploy_submodule(overlay, kAccount, key, code, std::get<SubmodulePolicy>(policy));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CallOutcome{};
  }
  void deploy(const std::string& key, const std::vector<uint8_t>& code, const std::string& policy_json = "{}") {
    CallOutcome out = deploy_outcome(key, code, policy_json);
    ASSERT_TRUE(out.ok()) << out.error->message;
  }
  CallOutcome run(const std::string& method, const std::string& args = "") {
    FunctionCallAction a;
    a.receiver_id = kAccount;
    a.signer_id = "bob.near";
    a.method_name = method;
    a.args = args;
    auto r = executor.function_call(overlay, a, block);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CallOutcome{};
  }
  // The main contract's "call": submodule `key`.`method`(args) with a gas limit and flags.
  Reply call(const std::string& key, const std::string& method, const std::string& args = "", Gas gas_limit = 0,
             uint8_t flags = 0, CallOutcome* outcome = nullptr) {
    std::string in;
    in.push_back(char(key.size()));
    in.push_back(char(method.size()));
    in.append(reinterpret_cast<const char*>(&gas_limit), 8);
    in.push_back(char(flags));
    in += key + method + args;
    CallOutcome out = run("call", in);
    if (outcome) *outcome = out;
    EXPECT_TRUE(out.ok()) << (out.error ? out.error->message : "");
    Reply reply;
    if (!out.ok() || !out.return_data || out.return_data->size() < 9) return reply;
    reply.status = uint8_t((*out.return_data)[0]);
    reply.gas = u64_at(*out.return_data, 1);
    reply.data = out.return_data->substr(9);
    return reply;
  }
  std::optional<std::string> stored(const std::string& key) {
    auto v = overlay.get(state::contract_data_key(kAccount, key));
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::nullopt;
  }
  uint64_t storage_usage() {
    auto account = load_account(overlay, kAccount);
    return account.ok() && *account ? (*account)->storage_usage : 0;
  }
};

std::string u64_bytes(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

}  // namespace

// ---- status codes ----

TEST_F(SubmoduleTest, Status0ReturnsTheResultAndKeepsWritesUnderThePrefix) {
  Reply r = call("s", "inc");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.data, u64_bytes(1));
  EXPECT_EQ(stored("s/c"), u64_bytes(1));
  EXPECT_EQ(stored("c"), std::nullopt);  // never outside its prefix
  EXPECT_EQ(call("s", "inc").data, u64_bytes(2));
  EXPECT_EQ(call("s", "echo", "hello").data, "hello");
}

TEST_F(SubmoduleTest, OwnRegistersOwnMemoryTheAccountsContextAndLogsInTheOutcome) {
  Reply r = call("s", "frame");  // the main contract's register 0 holds its input
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(u64_at(r.data, 0), UINT64_MAX);  // not set in the submodule's frame
  EXPECT_EQ(r.data.substr(8, 4), std::string("\1\0\0\0", 4));  // its own 1-page memory, not NEAR's 1024
  EXPECT_EQ(r.data.substr(12), kAccount);
  CallOutcome out;
  call("s", "log", "", 0, 0, &out);
  EXPECT_EQ(out.logs, std::vector<std::string>{"sub boom"});
  CallOutcome huge = deploy_outcome("huge", wat_to_wasm(kHugeMemorySubWat), "{}");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error->message.find("memory"), std::string::npos) << huge.error->message;
}

TEST_F(SubmoduleTest, SeveralCallsInOneExecution) {
  CallOutcome out = run("count3");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.return_data->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(out.return_data->substr(9), u64_bytes(3));
  EXPECT_EQ(stored("s/c"), u64_bytes(3));
}

TEST_F(SubmoduleTest, Status1PanicRollsBackWritesAndLogs) {
  CallOutcome out;
  Reply r = call("s", "write_then_panic", "", 0, 0, &out);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.data, "Smart contract panicked: sub boom");
  EXPECT_EQ(stored("s/c"), std::nullopt);
  EXPECT_TRUE(out.logs.empty());
}

TEST_F(SubmoduleTest, Status1TrapRollsBack) {
  Reply r = call("s", "write_then_trap");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.data.rfind("WebAssembly trap: Unreachable", 0), 0u) << r.data;
  EXPECT_EQ(stored("s/c"), std::nullopt);
}

TEST_F(SubmoduleTest, Status2OutOfGasRollsBackAndBurnsExactlyTheLimit) {
  const Gas limit = 5 * kTeraGas;
  Reply oog = call("s", "write_then_loop", "", limit);
  EXPECT_EQ(oog.status, 2);
  EXPECT_EQ(oog.data, "");
  EXPECT_EQ(stored("s/c"), std::nullopt);
  // Same key, method and argument lengths, no such key: the difference is the load per code byte
  // and the limit (a missing key pays the load base too).
  Reply missing = call("x", "write_then_loop", "", limit);
  EXPECT_EQ(missing.status, 3);
  const SubmoduleConfig& c = config.submodules;
  EXPECT_EQ(oog.gas - missing.gas, c.submodule_load_byte * storage_sub.size() + limit);
}

TEST_F(SubmoduleTest, Status3And4ChargeAsDocumented) {
  Reply missing = call("x", "nosuchm");
  Reply absent = call("s", "nosuchm");
  Reply not_entry = call("s", "with_param", "");
  EXPECT_EQ(missing.status, 3);
  EXPECT_EQ(absent.status, 4);
  EXPECT_EQ(not_entry.status, 4);
  const SubmoduleConfig& c = config.submodules;
  // A missing key pays the load base too (no code bytes); an absent method the whole load cost.
  EXPECT_EQ(absent.gas - missing.gas, c.submodule_load_byte * storage_sub.size());
  // Each key byte pays the key charge and the memory read.
  Reply longer = call("xxxxx", "nosuchm");
  EXPECT_EQ(longer.gas - missing.gas, 4 * (c.submodule_key_byte + config.ext.read_memory_byte));
}

TEST_F(SubmoduleTest, Status5AtTheDepthLimit) {
  deploy("n", wat_to_wasm(kRecursiveSubWat), R"({"nested_calls": true})");
  Reply r = call("n", "recurse");
  EXPECT_EQ(r.status, 0);
  // Frames 1..16 run; the 16th is refused a 17th (105), each level adds one.
  const uint32_t depth = config.submodules.max_call_depth;
  EXPECT_EQ(r.data, std::string(1, char(105 + depth - 1)));
}

// ---- gas ----

TEST_F(SubmoduleTest, GasDoesNotDependOnTheCache) {
  Reply warm = call("s", "echo", "abc");
  executor.submodule_cache().clear_memory();
  Reply cold = call("s", "echo", "abc");
  EXPECT_EQ(warm.status, 0);
  EXPECT_EQ(cold.status, 0);
  EXPECT_EQ(warm.gas, cold.gas);
}

TEST_F(SubmoduleTest, ReservedFlagsFailTheCaller) {
  CallOutcome out = run("bad_flags");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->detail, "InvalidSubmoduleFlags");
}

// ---- policy ----

TEST_F(SubmoduleTest, ReadOnlyFlagRefusesWrites) {
  Reply r = call("s", "inc", "", 0, /*flags=*/1);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.data.find("StorageAccessDenied"), std::string::npos) << r.data;
  EXPECT_EQ(stored("s/c"), std::nullopt);
  EXPECT_EQ(call("s", "read_m", "", 0, 1).data, "absent");  // reads still work
}

TEST_F(SubmoduleTest, StoragePrefixIsATransparentSubtrie) {
  ASSERT_TRUE(overlay.put(state::contract_data_key(kAccount, "m"), "main").ok());
  ASSERT_TRUE(overlay.put(state::contract_data_key(kAccount, "s/m"), "mine").ok());
  EXPECT_EQ(call("s", "read_m").data, "mine");
  deploy("all", storage_sub);  // empty prefix: the account's whole storage
  EXPECT_EQ(call("all", "read_m").data, "main");
}

TEST_F(SubmoduleTest, DeployRefusesImportsThePolicyDoesNotAllow) {
  auto refused = [&](const std::vector<uint8_t>& code, const std::string& policy) {
    CallOutcome out = deploy_outcome("bad", code, policy);
    EXPECT_FALSE(out.ok());
    return out.error ? out.error->message : std::string();
  };
  EXPECT_NE(refused(storage_sub, R"({"storage_access": "read"})").find("storage_write"), std::string::npos);
  EXPECT_NE(refused(storage_sub, R"({"storage_access": "none"})").find("storage"), std::string::npos);
  const auto parent_sub = wat_to_wasm(kParentSubWat);
  EXPECT_NE(refused(parent_sub, R"({"parent_functions": ["add", "parent_write"]})").find("make_promise"),
            std::string::npos);
  EXPECT_NE(refused(wat_to_wasm(kMemorySubWat), "{}").find("memory"), std::string::npos);
  EXPECT_NE(refused(wat_to_wasm(kRecursiveSubWat), "{}").find("nested"), std::string::npos);
  EXPECT_NE(refused(wat_to_wasm(R"((module (import "env" "promise_batch_create" (func (param i64 i64) (result i64)))))"),
                    "{}")
                .find("promises"),
            std::string::npos);
  EXPECT_NE(refused(wat_to_wasm(R"((module (import "other" "f" (func))))"), "{}").find("other.f"), std::string::npos);
  // A parent import whose signature differs from the main contract's export.
  EXPECT_NE(refused(wat_to_wasm(R"((module (import "parent" "add" (func (param i32)))))"),
                    R"({"parent_functions": ["add"]})")
                .find("type"),
            std::string::npos);
  EXPECT_NE(refused({0, 'a', 's', 'm', 2, 0, 0, 0}, "{}").find("invalid module"), std::string::npos);
  EXPECT_FALSE(deploy_outcome(std::string(1025, 'k'), storage_sub, "{}").ok());
  EXPECT_EQ(SubmoduleRegistry::get(overlay, kAccount, "bad")->has_value(), false);  // nothing stored
}

const char* kParentPolicy =
    R"({"storage_prefix_hex": "702f", "parent_functions": ["add", "parent_write", "make_promise",
        "echo_upper", "cb_panic", "cb_loop", "cb_write"]})";

TEST_F(SubmoduleTest, LiteralImportsCallTheMainContract) {
  deploy("p", wat_to_wasm(kParentSubWat), kParentPolicy);
  EXPECT_EQ(call("p", "use_add").data, u64_bytes(42));
  // Main-contract code run for a submodule writes in the submodule's subtrie ("p/").
  EXPECT_EQ(call("p", "use_parent_write").status, 0);
  EXPECT_EQ(stored("p/m"), "parent:");
  EXPECT_EQ(stored("m"), std::nullopt);
  // ... and cannot create promises.
  Reply promise = call("p", "use_promise");
  EXPECT_EQ(promise.status, 1);
  EXPECT_NE(promise.data.find("ProhibitedInSubmodule"), std::string::npos) << promise.data;
}

TEST_F(SubmoduleTest, LiteralImportsKeepTheSubmodulesStorageAccess) {
  deploy("ro", wat_to_wasm(kParentSubWat),
         R"({"storage_access": "read", "parent_functions": ["add", "parent_write", "make_promise"]})");
  Reply r = call("ro", "use_parent_write");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.data.find("StorageAccessDenied"), std::string::npos) << r.data;
  EXPECT_EQ(stored("m"), std::nullopt);
}

TEST_F(SubmoduleTest, ParentCallbackBytesInBytesOut) {
  deploy("p", wat_to_wasm(kParentSubWat), kParentPolicy);
  Reply echo = call("p", "cb_echo", "xyz");
  EXPECT_EQ(echo.status, 0);
  EXPECT_EQ(echo.data, std::string(1, '\0') + "parent:xyz");
  Reply panic = call("p", "cb_panic");
  EXPECT_EQ(panic.data, std::string(1, '\1') + "Smart contract panicked: main boom");
  Reply not_listed = call("p", "cb_not_listed");
  EXPECT_EQ(not_listed.data, std::string(1, '\4'));
  Reply write = call("p", "cb_write");
  EXPECT_EQ(write.data, std::string(1, '\0'));
  EXPECT_EQ(stored("p/cb"), "1");
  // Out of gas inside the callback ends the whole submodule frame: status 2 for the caller.
  Reply loop = call("p", "cb_loop", "", 3 * kTeraGas);
  EXPECT_EQ(loop.status, 2);
}

TEST_F(SubmoduleTest, OnlySubmodulesMayCallBack) {
  CallOutcome out = run("parent_call_here");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->detail, "OnlyInSubmodule");
}

TEST_F(SubmoduleTest, SharedMemory) {
  deploy("mem", wat_to_wasm(kMemorySubWat), R"({"share_parent_memory": true})");
  CallOutcome out = run("shared");
  ASSERT_TRUE(out.ok()) << out.error->message;
  EXPECT_EQ(out.return_data, std::string(1, char(42)));
}

// ---- deploy, replace, delete ----

TEST_F(SubmoduleTest, DeployFromTheMainContractReplaceAndRemove) {
  auto deploy_in = [](const std::string& key, const std::string& policy, const std::vector<uint8_t>& code) {
    std::string in;
    in.push_back(char(key.size()));
    in.push_back(char(policy.size() & 0xff));
    in.push_back(char(policy.size() >> 8));
    return in + key + policy + bytes_of(code);
  };
  CallOutcome bad = run("deploy", deploy_in("k", R"({"color": 1})", storage_sub));
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad.return_data->substr(0, 1), std::string(1, '\1'));
  EXPECT_EQ(bad.return_data->substr(9), "policy: unknown policy field 'color'");
  EXPECT_EQ(*run("exists", "k").return_data, std::string(1, '\0'));
  CallOutcome good = run("deploy", deploy_in("k", R"({"storage_prefix_hex": "6b2f"})", storage_sub));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.return_data->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(*run("exists", "k").return_data, std::string(1, '\1'));
  EXPECT_EQ(call("k", "inc").data, u64_bytes(1));
  EXPECT_EQ(stored("k/c"), u64_bytes(1));
  // Replacing a key replaces code and policy.
  ASSERT_TRUE(run("deploy", deploy_in("k", "{}", wat_to_wasm(kPureSubWat))).ok());
  EXPECT_EQ(call("k", "inc").status, 4);
  EXPECT_EQ(call("k", "echo", "hi").data, "hi");
  EXPECT_EQ(run("remove", "k").return_data->substr(0, 1), std::string(1, '\1'));
  EXPECT_EQ(run("remove", "k").return_data->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(call("k", "echo").status, 3);
}

TEST_F(SubmoduleTest, ReplacingAKeyMidExecutionIsSeenByTheNextCall) {
  CallOutcome out = run("replace_s", bytes_of(wat_to_wasm(kPureSubWat)));
  ASSERT_TRUE(out.ok()) << out.error->message;
  EXPECT_EQ(out.return_data->substr(0, 1), std::string(1, '\4'));  // the new code has no "inc"
  EXPECT_EQ(stored("s/c"), u64_bytes(1));                           // the first call's write stays
}

TEST_F(SubmoduleTest, StorageIsChargedOncePerDistinctCode) {
  const uint64_t before = storage_usage();
  const uint64_t extra = config.storage.storage_num_extra_bytes_record;
  auto policy = std::get<SubmodulePolicy>(parse_policy_json("{}"));
  const uint64_t entry = encode_submodule_entry({state::sha256(bytes_of(storage_sub)), storage_sub.size(), policy}).size();
  deploy("a1", storage_sub);  // the same code as "s": no code bytes again
  EXPECT_EQ(storage_usage() - before, 2 + entry + extra);
  const auto pure = wat_to_wasm(kPureSubWat);
  deploy("a2", pure);
  EXPECT_EQ(storage_usage() - before, 2 * (2 + entry + extra) + pure.size());
  deploy("a3", pure);
  EXPECT_EQ(storage_usage() - before, 3 * (2 + entry + extra) + pure.size());
  ASSERT_TRUE(executor.delete_submodule(overlay, kAccount, "a2")->ok());
  ASSERT_TRUE(executor.delete_submodule(overlay, kAccount, "a3")->ok());
  ASSERT_TRUE(executor.delete_submodule(overlay, kAccount, "a1")->ok());
  EXPECT_EQ(storage_usage(), before);
  auto again = executor.delete_submodule(overlay, kAccount, "a1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->error->kind, CallErrorKind::SubmoduleDoesNotExist);
}

// ---- fees: deploying and deleting are charged as NEAR charges DeployContract / DeleteKey ----

// NEAR mainnet's DeployContract fee: base 184,765,750,000 (send and execution alike), per byte
// 6,812,999 / 47,683,715 (send, sender is / is not receiver) + 64,572,944 (execution); DeleteKey:
// 94,946,625,000 each, and action_add_function_call_key_per_byte 1,925,331 each per key byte.
constexpr Gas kDeployBaseSir = 2 * 184'765'750'000, kDeployByteSir = 6'812'999 + 64'572'944;
constexpr Gas kDeployByteNotSir = 47'683'715 + 64'572'944;
constexpr Gas kDeleteBaseSir = 2 * 94'946'625'000, kDeleteByteSir = 2 * 1'925'331;

TEST_F(SubmoduleTest, SubmoduleActionsChargeTheDeployContractAndDeleteKeyFees) {
  const SubmoduleConfig& c = config.submodules;
  EXPECT_EQ(deploy_submodule_fee(c, true, 1000), kDeployBaseSir + 1000 * kDeployByteSir);
  EXPECT_EQ(deploy_submodule_fee(c, false, 1000), kDeployBaseSir + 1000 * kDeployByteNotSir);
  EXPECT_EQ(delete_submodule_fee(c, true, 20), kDeleteBaseSir + 20 * kDeleteByteSir);

  const std::string code = bytes_of(wat_to_wasm(kPureSubWat));
  auto policy = std::get<SubmodulePolicy>(parse_policy_json(R"({"storage_prefix_hex": "7421"})"));
  const uint64_t bytes = 2 + code.size() + encode_policy(policy).size();
  ReceiptExecutor receipts(executor);
  // A transaction from the account to itself: sender is receiver. Two actions, two fees.
  Transaction tx{
      kAccount,
      kAccount,
      {},
      {DeploySubmoduleAction{"t1", code, policy}, DeploySubmoduleAction{"t2", code, policy}}};
  auto applied = receipts.apply(overlay, tx, block);
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(applied->status, CallStatus::Success) << applied->error->message;
  ASSERT_EQ(applied->receipts.size(), 1u);
  EXPECT_EQ(applied->receipts[0].outcome.gas_burnt, 2 * (kDeployBaseSir + bytes * kDeployByteSir));
  EXPECT_EQ(applied->receipts[0].outcome.gas_used, applied->receipts[0].outcome.gas_burnt);
  // The same deployment again (the module is cached now): the same fee.
  Transaction again{kAccount, kAccount, {}, {DeploySubmoduleAction{"t1", code, policy}}};
  auto applied_again = receipts.apply(overlay, again, block);
  ASSERT_TRUE(applied_again.ok());
  EXPECT_EQ(applied_again->receipts[0].outcome.gas_burnt, kDeployBaseSir + bytes * kDeployByteSir);
  // Sender is not receiver: the send part of the per-byte fee is the other one.
  auto other = executor.deploy_submodule(
      overlay, kAccount, "t3",
      std::span(reinterpret_cast<const uint8_t*>(code.data()), code.size()), policy, false);
  ASSERT_TRUE(other.ok() && other->ok());
  EXPECT_EQ(other->gas_burnt, kDeployBaseSir + bytes * kDeployByteNotSir);
  // A refused deployment burns the fee all the same, and changes nothing.
  const std::string bad_code("\0asm\1\0\0\0\xff", 9);
  Transaction bad{kAccount, kAccount, {}, {DeploySubmoduleAction{"t4", bad_code, {}}}};
  auto refused = receipts.apply(overlay, bad, block);
  ASSERT_TRUE(refused.ok());
  ASSERT_TRUE(refused->error);
  EXPECT_EQ(refused->error->kind, CallErrorKind::SubmoduleRejected);
  EXPECT_EQ(refused->receipts[0].outcome.gas_burnt,
            kDeployBaseSir + (2 + bad_code.size() + encode_policy({}).size()) * kDeployByteSir);
  // DeleteSubmodule: DeleteKey's fee and a fee per key byte, whether the key held one or not.
  Transaction del{kAccount, kAccount, {}, {DeleteSubmoduleAction{"t1"}}};
  auto deleted = receipts.apply(overlay, del, block);
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->status, CallStatus::Success);
  EXPECT_EQ(deleted->receipts[0].outcome.gas_burnt, kDeleteBaseSir + 2 * kDeleteByteSir);
  auto absent = receipts.apply(overlay, del, block);
  ASSERT_TRUE(absent.ok());
  ASSERT_TRUE(absent->error);
  EXPECT_EQ(absent->receipts[0].outcome.gas_burnt, kDeleteBaseSir + 2 * kDeleteByteSir);
  // A receipt with a deployment then a call reports the call's gas plus the fee.
  Transaction both{kAccount,
                   kAccount,
                   {},
                   {DeploySubmoduleAction{"t5", code, policy},
                    FunctionCallReceiptAction{"exists", "t5", 0, 10 * kTeraGas}}};
  auto mixed = receipts.apply(overlay, both, block);
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed->status, CallStatus::Success) << mixed->error->message;
  CallOutcome exists = run("exists", "t5");
  EXPECT_EQ(mixed->receipts[0].outcome.gas_burnt,
            exists.gas_burnt + kDeployBaseSir + bytes * kDeployByteSir);
}

TEST_F(SubmoduleTest, HostDeployAndRemoveChargeTheActionFeesExactly) {
  auto deploy_in = [](const std::string& key, const std::string& policy, const std::string& code) {
    std::string in;
    in.push_back(char(key.size()));
    in.push_back(char(policy.size() & 0xff));
    in.push_back(char(policy.size() >> 8));
    return in + key + policy + code;
  };
  auto used = [](const CallOutcome& out) {
    EXPECT_TRUE(out.ok()) << out.error->message;
    return out.ok() ? u64_at(*out.return_data, 1) : 0;
  };
  const ExtCosts& e = config.ext;
  const std::string code = bytes_of(wat_to_wasm(kPureSubWat));
  const std::string policy = R"({"storage_prefix_hex": "6b2f"})";
  // Between the two used_gas calls: submodule_deploy's base, the fee, three reads, the key bytes;
  // then the second used_gas's base (no instruction gas: the export's body is one basic block,
  // charged before it runs).
  const uint64_t bytes = 1 + code.size() + policy.size();
  const Gas expected = 2 * e.base + kDeployBaseSir + bytes * kDeployByteSir +
                       3 * e.read_memory_base + bytes * e.read_memory_byte +
                       config.submodules.submodule_key_byte;
  const Gas deployed = used(run("deploy", deploy_in("k", policy, code)));
  EXPECT_EQ(deployed, expected);
  // Longer key, code (a custom section "x") and policy: each byte pays the fee, the read and
  // (key bytes) the key charge.
  const Gas longer =
      used(run("deploy", deploy_in("kkk", policy + "    ", code + std::string("\0\2\1x", 4))));
  EXPECT_EQ(longer - deployed,
            10 * (kDeployByteSir + e.read_memory_byte) + 2 * config.submodules.submodule_key_byte);
  // Refused (the code does not compile): the same fee, and the message's register write.
  CallOutcome refused = run("deploy", deploy_in("k", policy, std::string("\0asm", 4)));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused.return_data->substr(0, 1), std::string(1, '\1'));
  const uint64_t message = refused.return_data->size() - 9;
  EXPECT_EQ(used(refused), expected - (code.size() - 4) * (kDeployByteSir + e.read_memory_byte) +
                               e.write_register_base + message * e.write_register_byte);
  // submodule_remove: DeleteKey's fee and the per-key-byte fee, removed or not.
  const Gas remove_expected = 2 * e.base + kDeleteBaseSir + kDeleteByteSir + e.read_memory_base +
                              e.read_memory_byte + config.submodules.submodule_key_byte;
  CallOutcome removed = run("remove", "k");
  EXPECT_EQ(removed.return_data->substr(0, 1), std::string(1, '\1'));
  EXPECT_EQ(used(removed), remove_expected);
  CallOutcome absent = run("remove", "k");
  EXPECT_EQ(absent.return_data->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(used(absent), remove_expected);
}

TEST_F(SubmoduleTest, PolicyJsonRoundTripsAndRejectsBadFields) {
  auto p = parse_policy_json(
      R"({"storage_prefix_hex": "00ff", "storage_access": "read", "parent_functions": ["b", "a", "b"],
          "share_parent_memory": true, "nested_calls": true})");
  ASSERT_TRUE(std::holds_alternative<SubmodulePolicy>(p));
  const SubmodulePolicy& policy = std::get<SubmodulePolicy>(p);
  EXPECT_EQ(policy.storage_prefix, std::string("\0\xff", 2));
  EXPECT_EQ(policy.parent_functions, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(decode_policy(encode_policy(policy)), policy);
  EXPECT_EQ(std::get<SubmodulePolicy>(parse_policy_json(policy_to_json(policy))), policy);
  for (const char* bad : {"[]", "{", R"({"storage_access": "write"})", R"({"storage_prefix_hex": "xyz"})",
                          R"({"parent_functions": [1]})", R"({"nested_calls": "yes"})", R"({"extra": 0})"})
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_policy_json(bad))) << bad;
  std::string encoded = encode_policy(policy);
  for (size_t cut = 0; cut < encoded.size(); ++cut) EXPECT_FALSE(decode_policy(encoded.substr(0, cut))) << cut;
}

// ---- actions in transactions ----

TEST_F(SubmoduleTest, DeploySubmoduleActionThenDeleteAccountReleasesEverything) {
  ReceiptExecutor receipts(executor);
  Transaction tx{kAccount, kAccount, {}, {}};
  tx.actions.push_back(DeploySubmoduleAction{"t", bytes_of(wat_to_wasm(kPureSubWat)), {}});
  auto applied = receipts.apply(overlay, tx, block);
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(applied->status, CallStatus::Success) << applied->error->message;
  EXPECT_EQ(call("t", "echo", "via action").data, "via action");

  Transaction bad{kAccount, kAccount, {}, {DeleteSubmoduleAction{"none"}}};
  auto refused = receipts.apply(overlay, bad, block);
  ASSERT_TRUE(refused.ok());
  ASSERT_TRUE(refused->error);
  EXPECT_EQ(refused->error->kind, CallErrorKind::SubmoduleDoesNotExist);

  Transaction del{kAccount, kAccount, {}, {DeleteAccountAction{"bob.near"}}};
  auto deleted = receipts.apply(overlay, del, block);
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->status, CallStatus::Success);
  size_t left = 0;
  ASSERT_TRUE(overlay.scan_prefix(std::string(1, char(state::KeySpace::SubmoduleRegistry)), [&](auto, auto) {
    ++left;
    return true;
  }).ok());
  EXPECT_EQ(left, 0u);
  EXPECT_EQ(*state::CodeStore::reference_count(overlay, state::sha256(bytes_of(storage_sub))), 0u);
  EXPECT_EQ(*state::CodeStore::reference_count(overlay, state::sha256(bytes_of(wat_to_wasm(kPureSubWat)))), 0u);
}

// ---- every attempt to break a rule fails with its exact status and changes nothing ----

namespace {

std::map<std::string, std::string> snapshot(const state::StateOverlay& overlay) { return state_snapshot(overlay); }

const char* kImportingPolicy =
    R"({"storage_prefix_hex": "692f", "parent_functions": ["cb_loop", "cb_write_panic", "deploy_here",
        "remove_here", "nested_call"]})";

}  // namespace

TEST_F(SubmoduleTest, OnlyTheAccountItselfChangesItsSubmodules) {
  ReceiptExecutor receipts(executor);
  const std::string code = bytes_of(wat_to_wasm(kPureSubWat));
  const std::map<std::string, std::string> before = snapshot(overlay);
  // Another account's DeploySubmodule and DeleteSubmodule: ActorNoPermission, nothing written,
  // the action's fee burnt (sender is not receiver; DeleteKey's send fees are the same either way).
  Transaction deploy{"bob.near", kAccount, {}, {DeploySubmoduleAction{"t", code, {}}}};
  auto refused_deploy = receipts.apply(overlay, deploy, block);
  ASSERT_TRUE(refused_deploy.ok());
  EXPECT_EQ(refused_deploy->status, CallStatus::Failure);
  ASSERT_TRUE(refused_deploy->error);
  EXPECT_EQ(refused_deploy->error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(refused_deploy->error->message,
            "'bob.near' may not change the submodules of 'engine.near'");
  ASSERT_EQ(refused_deploy->receipts.size(), 1u);
  EXPECT_EQ(refused_deploy->receipts[0].outcome.gas_burnt,
            kDeployBaseSir + (1 + code.size() + encode_policy({}).size()) * kDeployByteNotSir);
  Transaction remove{"bob.near", kAccount, {}, {DeleteSubmoduleAction{"s"}}};
  auto refused_delete = receipts.apply(overlay, remove, block);
  ASSERT_TRUE(refused_delete.ok());
  ASSERT_TRUE(refused_delete->error);
  EXPECT_EQ(refused_delete->error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(refused_delete->error->message,
            "'bob.near' may not change the submodules of 'engine.near'");
  EXPECT_EQ(refused_delete->receipts[0].outcome.gas_burnt, kDeleteBaseSir + kDeleteByteSir);
  // Also after an action that succeeds: the whole receipt is rolled back.
  Transaction both{
      "bob.near", kAccount, {}, {TransferAction{kNear}, DeploySubmoduleAction{"t", code, {}}}};
  auto refused_both = receipts.apply(overlay, both, block);
  ASSERT_TRUE(refused_both.ok());
  ASSERT_TRUE(refused_both->error);
  EXPECT_EQ(refused_both->error->kind, CallErrorKind::ActorNoPermission);
  // The refund of the transfer comes back to bob: every balance and the registry are as before.
  EXPECT_EQ(snapshot(overlay), before);
  EXPECT_TRUE(SubmoduleRegistry::get(overlay, kAccount, "s")->has_value());
  EXPECT_FALSE(SubmoduleRegistry::get(overlay, kAccount, "t")->has_value());

  // The account itself deploys and deletes.
  Transaction own_deploy{kAccount, kAccount, {}, {DeploySubmoduleAction{"t", code, {}}}};
  auto deployed = receipts.apply(overlay, own_deploy, block);
  ASSERT_TRUE(deployed.ok());
  EXPECT_EQ(deployed->status, CallStatus::Success) << deployed->error->message;
  EXPECT_EQ(call("t", "echo", "own").data, "own");
  Transaction own_delete{kAccount, kAccount, {}, {DeleteSubmoduleAction{"s"}}};
  auto deleted = receipts.apply(overlay, own_delete, block);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->status, CallStatus::Success) << deleted->error->message;
  EXPECT_FALSE(SubmoduleRegistry::get(overlay, kAccount, "s")->has_value());

  // The main contract deploys and removes its own account's submodules whoever calls it: a call
  // from bob.near runs submodule_deploy and submodule_remove on engine.near.
  const std::string policy = "{}";
  std::string in;
  in.push_back(char(1));
  in.push_back(char(policy.size()));
  in.push_back(char(0));
  in += "h" + policy + code;
  Transaction host_deploy{
      "bob.near", kAccount, {}, {FunctionCallReceiptAction{"deploy", in, 0, 100 * kTeraGas}}};
  auto by_host = receipts.apply(overlay, host_deploy, block);
  ASSERT_TRUE(by_host.ok());
  ASSERT_EQ(by_host->status, CallStatus::Success) << by_host->error->message;
  EXPECT_EQ(by_host->value->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(call("h", "echo", "host").data, "host");
  Transaction host_remove{
      "bob.near", kAccount, {}, {FunctionCallReceiptAction{"remove", "h", 0, 100 * kTeraGas}}};
  auto removed_by_host = receipts.apply(overlay, host_remove, block);
  ASSERT_TRUE(removed_by_host.ok());
  ASSERT_EQ(removed_by_host->status, CallStatus::Success) << removed_by_host->error->message;
  EXPECT_EQ(removed_by_host->value->substr(0, 1), std::string(1, '\1'));
  EXPECT_FALSE(SubmoduleRegistry::get(overlay, kAccount, "h")->has_value());

  // The creator of an account deploys its first submodules in the creating receipt (the factory
  // pattern, as for keys and DeployContract in nearcore), but not afterwards.
  Transaction create{
      "bob.near",
      "new.bob.near",
      {},
      {CreateAccountAction{}, TransferAction{10 * kNear}, DeploySubmoduleAction{"f", code, {}}}};
  auto created = receipts.apply(overlay, create, block);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->status, CallStatus::Success) << created->error->message;
  EXPECT_TRUE(SubmoduleRegistry::get(overlay, "new.bob.near", "f")->has_value());
  Transaction later{"bob.near", "new.bob.near", {}, {DeleteSubmoduleAction{"f"}}};
  auto refused_later = receipts.apply(overlay, later, block);
  ASSERT_TRUE(refused_later.ok());
  ASSERT_TRUE(refused_later->error);
  EXPECT_EQ(refused_later->error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_TRUE(SubmoduleRegistry::get(overlay, "new.bob.near", "f")->has_value());
}

TEST_F(SubmoduleTest, FailedCallsChangeNothingAndLeaveNoLogs) {
  deploy("p", wat_to_wasm(kParentSubWat), kParentPolicy);
  deploy(
      "ro", wat_to_wasm(kParentSubWat),
      R"({"storage_access": "read", "parent_functions": ["add", "parent_write", "make_promise"]})");
  deploy(
      "no", wat_to_wasm(kParentSubWat),
      R"({"storage_access": "none", "parent_functions": ["add", "parent_write", "make_promise"]})");
  deploy("i", wat_to_wasm(kImportingSubWat), kImportingPolicy);
  ASSERT_EQ(call("s", "inc").status, 0);  // something under the prefix to protect
  struct Case {
    const char* key;
    const char* method;
    Gas limit;
    uint8_t flags;
    uint8_t status;
    const char* message_start;  // status 1: the start of the message
  };
  const Case cases[] = {
      {"s", "write_then_panic", 0, 0, 1, "Smart contract panicked: sub boom"},
      {"s", "write_then_trap", 0, 0, 1, "WebAssembly trap: Unreachable"},
      {"s", "write_then_loop", 5 * kTeraGas, 0, 2, ""},
      {"s", "inc", 0, 1, 1, "StorageAccessDenied: storage_write in a read-only call"},
      {"ro", "use_parent_write", 0, 0, 1,
       "StorageAccessDenied: storage_write with storage access read"},
      {"no", "use_parent_write", 0, 0, 1,
       "StorageAccessDenied: storage_write with storage access none"},
      {"p", "use_promise", 0, 0, 1, "ProhibitedInSubmodule: promise functions"},
      {"i", "write_panic", 0, 0, 1, "Smart contract panicked: main boom"},
      {"i", "loop", 3 * kTeraGas, 0, 2, ""},
      {"i", "deploy", 0, 0, 1, "ProhibitedInSubmodule: submodule_deploy"},
      {"i", "remove", 0, 0, 1, "ProhibitedInSubmodule: submodule_remove"},
      {"i", "nested", 0, 0, 1, "ProhibitedInSubmodule: nested submodule calls"},
      {"x", "inc", 0, 0, 3, ""},
      {"s", "nope", 0, 0, 4, ""},
      {"s", "with_param", 0, 0, 4, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "." + c.method);
    const auto before = snapshot(overlay);
    const uint64_t usage = storage_usage();
    CallOutcome out;
    Reply r = call(c.key, c.method, "", c.limit, c.flags, &out);
    EXPECT_EQ(r.status, c.status);
    if (c.status == 1)
      EXPECT_EQ(r.data.rfind(c.message_start, 0), 0u) << r.data;
    else
      EXPECT_EQ(r.data, "");  // statuses 2, 3, 4 write no register
    EXPECT_TRUE(out.logs.empty());
    EXPECT_TRUE(out.receipts.empty());
    EXPECT_EQ(storage_usage(), usage);
    EXPECT_EQ(snapshot(overlay), before);
  }
  EXPECT_EQ(stored("s/c"), u64_bytes(1));
  EXPECT_EQ(*run("exists", "s").return_data, std::string(1, '\1'));  // remove_here removed nothing
}

TEST_F(SubmoduleTest, LiteralImportsAreMeteredAgainstTheSubmodulesLimit) {
  deploy("i", wat_to_wasm(kImportingSubWat), kImportingPolicy);
  const Gas limit = 3 * kTeraGas;
  Reply loop = call("i", "loop", "", limit);  // main-contract code looping for the submodule
  Reply absent = call("i", "none", "", limit);
  ASSERT_EQ(loop.status, 2);
  ASSERT_EQ(absent.status, 4);
  EXPECT_EQ(loop.gas - absent.gas, limit);
  // With nested calls allowed, main-contract code run for the submodule calls "s" in the
  // submodule's frame: the prefixes compose ("j/" + "s/").
  deploy("j", wat_to_wasm(kImportingSubWat),
         R"({"storage_prefix_hex": "6a2f", "nested_calls": true, "parent_functions": ["cb_loop",
             "cb_write_panic", "deploy_here", "remove_here", "nested_call"]})");
  EXPECT_EQ(call("j", "nested").status, 0);
  EXPECT_EQ(stored("j/s/c"), u64_bytes(1));
  EXPECT_EQ(stored("s/c"), std::nullopt);
}

TEST_F(SubmoduleTest, ParentCallbackFailureRollsBackOnlyTheCallback) {
  deploy(
      "p", wat_to_wasm(kParentSubWat),
      R"({"storage_prefix_hex": "702f", "parent_functions": ["add", "parent_write", "make_promise",
             "cb_write_panic"]})");
  const auto before = snapshot(overlay);
  CallOutcome out;
  Reply r = call("p", "cb_write_panic", "", 0, 0, &out);
  EXPECT_EQ(r.status, 0);  // the submodule goes on after the failed callback
  EXPECT_EQ(r.data, std::string(1, '\1') + "Smart contract panicked: main boom");
  EXPECT_EQ(stored("p/cb"), std::nullopt);
  EXPECT_EQ(snapshot(overlay), before);
  // Listed and exported, but not () -> (): status 4, like an unlisted or missing export.
  EXPECT_EQ(call("p", "cb_add").data, std::string(1, '\4'));
  EXPECT_EQ(call("p", "cb_not_listed").data, std::string(1, '\4'));
  EXPECT_EQ(snapshot(overlay), before);
}

TEST_F(SubmoduleTest, NestedCallsComposePrefixesAndOnlyNarrow) {
  const auto fwd = wat_to_wasm(kForwardSubWat);
  deploy("a", fwd, R"({"storage_prefix_hex": "612f", "nested_calls": true})");
  deploy("ar", fwd,
         R"({"storage_prefix_hex": "612f", "storage_access": "read", "nested_calls": true})");
  const std::string to_inc = std::string("\1s") + "inc";
  // "s" called from "a" lives in a/s/.
  EXPECT_EQ(call("a", "fwd", to_inc).data, std::string(1, '\0') + u64_bytes(1));
  EXPECT_EQ(stored("a/s/c"), u64_bytes(1));
  EXPECT_EQ(stored("s/c"), std::nullopt);
  ASSERT_TRUE(overlay.put(state::contract_data_key(kAccount, "a/s/m"), "deep").ok());
  EXPECT_EQ(call("ar", "fwd", std::string("\1s") + "read_m").data, std::string(1, '\0') + "deep");
  // A nested submodule's literal imports reach the main contract's instance too, and the main
  // code runs in the nested frame (a/ + p/).
  deploy("p", wat_to_wasm(kParentSubWat), kParentPolicy);
  EXPECT_EQ(call("a", "fwd", std::string("\1p") + "use_add").data,
            std::string(1, '\0') + u64_bytes(42));
  EXPECT_EQ(call("a", "fwd", std::string("\1p") + "use_parent_write").data, std::string(1, '\0'));
  EXPECT_EQ(stored("a/p/m"), "parent:");
  EXPECT_EQ(stored("p/m"), std::nullopt);
  // Never wider: "s" may write, but not below a caller that may only read ...
  const auto before = snapshot(overlay);
  EXPECT_EQ(call("ar", "fwd", to_inc).data,
            std::string(1, '\1') + "StorageAccessDenied: storage_write with storage access read");
  // ... nor below a read-only call, the flag set by the main contract ...
  EXPECT_EQ(call("a", "fwd", to_inc, 0, 1).data,
            std::string(1, '\1') + "StorageAccessDenied: storage_write in a read-only call");
  // ... or by the submodule.
  EXPECT_EQ(call("a", "fwd_ro", to_inc).data,
            std::string(1, '\1') + "StorageAccessDenied: storage_write in a read-only call");
  // A callee's writes are undone when its caller fails afterwards.
  Reply panicked = call("a", "fwd_then_panic", to_inc);
  EXPECT_EQ(panicked.status, 1);
  EXPECT_EQ(panicked.data, "Smart contract panicked: outer boom");
  EXPECT_EQ(snapshot(overlay), before);
  EXPECT_EQ(stored("a/s/c"), u64_bytes(1));
}

TEST_F(SubmoduleTest, StatusesOtherThan0And1LeaveTheRegisterUntouched) {
  deploy("f", wat_to_wasm(kForwardSubWat), R"({"nested_calls": true})");
  auto through_f = [&](const std::string& key, const std::string& method) {
    const std::string in = std::string(1, char(key.size())) + key + method;
    return std::make_pair(call("f", "fwd", in), in);
  };
  auto [missing, in3] = through_f("x", "inc");
  EXPECT_EQ(missing.data, std::string(1, '\3') + in3);
  auto [absent, in4] = through_f("s", "nope");
  EXPECT_EQ(absent.data, std::string(1, '\4') + in4);
  // f forwarding to itself: frames 1..16 run, the 16th is refused (5) and keeps its input.
  auto [deep, in5] = through_f("f", "fwd");
  const uint32_t depth = config.submodules.max_call_depth;
  EXPECT_EQ(deep.data, std::string(depth - 1, '\0') + '\5' + in5);
  // A callee given all that is left (limit 0) and running out leaves its caller nothing either:
  // the caller ends with status 2 too, and exactly the caller's limit is burnt.
  const Gas limit = 4 * kTeraGas;
  Reply oog = call("f", "fwd", std::string("\1s") + "write_then_loop", limit);
  Reply none = call("f", "non", std::string("\1s") + "write_then_loop", limit);
  EXPECT_EQ(oog.status, 2);
  EXPECT_EQ(none.status, 4);
  EXPECT_EQ(oog.gas - none.gas, limit);
  EXPECT_EQ(stored("s/c"), std::nullopt);
}

TEST_F(SubmoduleTest, TheCallerPaysExactlyWhatTheSubmoduleUsedWithinItsLimit) {
  const std::string args = "hello";
  Reply ok = call("s", "echo", args);
  Reply absent = call("s", "ecco", args);  // same lengths, no such export
  ASSERT_EQ(ok.status, 0);
  ASSERT_EQ(absent.status, 4);
  const ExtCosts& e = config.ext;
  const Gas used =
      ok.gas - absent.gas - e.write_register_base - args.size() * e.write_register_byte;
  ASSERT_GT(used, 0u);
  // A limit of exactly what it uses is enough, and costs the same; a limit above what is left
  // is what is left.
  EXPECT_EQ(call("s", "echo", args, used).gas, ok.gas);
  EXPECT_EQ(call("s", "echo", args, UINT64_MAX).gas, ok.gas);
  // One gas less: status 2, the limit burnt and nothing more.
  Reply short_by_one = call("s", "echo", args, used - 1);
  EXPECT_EQ(short_by_one.status, 2);
  EXPECT_EQ(short_by_one.data, "");
  EXPECT_EQ(short_by_one.gas, absent.gas + used - 1);
}

TEST_F(SubmoduleTest, SeveralCallsInOneExecutionCostTheSameAndGetFreshInstances) {
  CallOutcome out = run("twice");
  ASSERT_TRUE(out.ok()) << out.error->message;
  ASSERT_EQ(out.return_data->size(), 18u);
  const Reply single = call("s", "echo");  // the same call, first of its execution
  EXPECT_EQ((*out.return_data)[0], '\0');
  EXPECT_EQ((*out.return_data)[9], '\0');
  EXPECT_EQ(u64_at(*out.return_data, 1), single.gas);
  EXPECT_EQ(u64_at(*out.return_data, 10), single.gas);
  // Memory and globals start clean in every call of an execution.
  deploy("s", wat_to_wasm(kFreshSubWat));
  CallOutcome three = run("count3");
  ASSERT_TRUE(three.ok()) << three.error->message;
  EXPECT_EQ(three.return_data->substr(0, 1), std::string(1, '\0'));
  EXPECT_EQ(three.return_data->substr(9), std::string("\1\1", 2));
  // Growing beyond the account's page limit fails as memory.grow does (-1).
  ASSERT_EQ(config.limits.max_memory_pages, 2048u);
  EXPECT_EQ(call("s", "grow").data, std::string("\xff\xff\xff\xff", 4));
}

TEST_F(SubmoduleTest, ReplacingAKeyReplacesItsPolicy) {
  ASSERT_EQ(call("s", "inc").data, u64_bytes(1));
  deploy("s", storage_sub, R"({"storage_prefix_hex": "742f"})");  // same code, prefix "t/"
  EXPECT_EQ(call("s", "inc").data, u64_bytes(1));
  EXPECT_EQ(stored("t/c"), u64_bytes(1));
  EXPECT_EQ(stored("s/c"), u64_bytes(1));
  EXPECT_FALSE(deploy_outcome("s", storage_sub, R"({"storage_access": "read"})").ok());  // writes
  auto entry = SubmoduleRegistry::get(overlay, kAccount, "s");
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_EQ((*entry)->policy.storage_prefix, "t/");  // the refused deployment changed nothing
}

TEST_F(SubmoduleTest, LinkingChecksTheMainContractsExportsAgain) {
  deploy("p", wat_to_wasm(kParentSubWat), kParentPolicy);
  ASSERT_EQ(call("p", "use_add").data, u64_bytes(42));
  // The main contract is redeployed with "add" taking one i32: the import no longer links.
  std::string main = kMainWat;
  const std::string add =
      R"((func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1))))";
  ASSERT_NE(main.find(add), std::string::npos);
  main.replace(main.find(add), add.size(), R"((func (export "add") (param i32)))");
  auto redeployed = executor.deploy_contract(overlay, kAccount, wat_to_wasm(main.c_str()));
  ASSERT_TRUE(redeployed.ok() && redeployed->ok());
  const auto before = snapshot(overlay);
  Reply r = call("p", "use_add");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.data,
            "link error: import parent.add has type [i64 i64] -> [i64], the main contract's export "
            "has [i32] -> []")
      << r.data;
  EXPECT_EQ(snapshot(overlay), before);
}

TEST_F(SubmoduleTest, KeysOutsideOneTo1024BytesAreTheCallersError) {
  CallOutcome empty =
      run("call", std::string("\0\4", 2) + u64_bytes(0) + std::string(1, '\0') + "echo");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error->detail, "InvalidSubmoduleKey");
  CallOutcome too_long = deploy_outcome(std::string(1025, 'k'), storage_sub, "{}");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error->kind, CallErrorKind::SubmoduleRejected);
  CallOutcome longest = deploy_outcome(std::string(1024, 'k'), storage_sub, "{}");
  EXPECT_TRUE(longest.ok()) << longest.error->message;
}

TEST_F(SubmoduleTest, ComposedPrefixesNeverMakeAKeyTheStateCannotHold) {
  // Two 1024-byte prefixes (the most a policy has) and a 2048-byte key (the most NEAR allows):
  // each is valid, together they are longer than a state key may be.
  const std::string long_prefix_a(1024, 'a'), long_prefix_b(1024, 'b');
  deploy("f", wat_to_wasm(kForwardSubWat),
         R"({"nested_calls": true, "storage_prefix_hex": ")" + hex_encode(long_prefix_a) + "\"}");
  deploy("w", wat_to_wasm(kLongKeySubWat),
         R"({"storage_prefix_hex": ")" + hex_encode(long_prefix_b) + "\"}");
  // Alone, "w" stores its key under its prefix.
  EXPECT_EQ(call("w", "write").status, 0);
  EXPECT_EQ(stored(long_prefix_b + std::string(2048, '\0')), "v");
  EXPECT_EQ(call("w", "read").data, "v");
  // Below "f": the key would be 4096 bytes of prefixes and key. The submodule fails (status 1
  // for "f"), the execution goes on, nothing is written.
  const auto before = snapshot(overlay);
  Reply r = call("f", "fwd", std::string("\1w") + "write");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.data, std::string(1, '\1') + "KeyLengthExceeded: 4096 bytes with the storage prefix")
      << r.data;
  EXPECT_EQ(snapshot(overlay), before);
  EXPECT_EQ(call("f", "fwd", std::string("\1w") + "read").data,
            std::string(1, '\1') + "KeyLengthExceeded: 4096 bytes with the storage prefix");
}

// ---- caching: memory (CLOCK within a byte budget), then the store's module cache, then code ----

// Distinct modules of one shape (equal footprints): "run" returns i.
std::vector<std::vector<uint8_t>> numbered_modules(int count) {
  std::vector<std::vector<uint8_t>> codes;
  for (int i = 0; i < count; ++i)
    codes.push_back(wat_to_wasm("(module (func (export \"run\") (result i64) (i64.const " +
                                std::to_string(1000000 + i) + ")))"));
  return codes;
}

// The footprint of `code`'s module as a cache keeps it (read back into one arena).
size_t cached_footprint(const RuntimeConfig& config, const std::vector<uint8_t>& code) {
  SubmoduleCache probe(config, SIZE_MAX);
  auto module =
      std::get<std::shared_ptr<const wasm::Module>>(probe.put(state::sha256(bytes_of(code)), code));
  EXPECT_TRUE(module->arena);
  return module_footprint(*module);
}

TEST_F(SubmoduleTest, CacheEvictsByClockGivingAHitModuleASecondChance) {
  const auto codes = numbered_modules(9);
  std::vector<state::Hash32> hashes;
  for (const auto& code : codes) hashes.push_back(state::sha256(bytes_of(code)));
  const size_t footprint = cached_footprint(config, codes[0]);
  SubmoduleCache cache(config, 8 * footprint);
  auto put = [&](int i) { return std::get<std::shared_ptr<const wasm::Module>>(cache.put(hashes[i], codes[i])); };
  std::vector<std::shared_ptr<const wasm::Module>> first;
  for (int i = 0; i < 8; ++i) first.push_back(put(i));  // full
  EXPECT_EQ(put(0), first[0]);                          // a hit: 0 is referenced
  EXPECT_EQ(cache.stats().compiles, 8u);
  put(8);  // evicts: 0 is passed over (its bit cleared), 1 goes
  EXPECT_EQ(cache.stats().entries, 8u);
  EXPECT_EQ(cache.stats().bytes, 8 * footprint);
  EXPECT_EQ(put(0), first[0]);  // still there
  EXPECT_EQ(put(2), first[2]);
  EXPECT_EQ(cache.stats().compiles, 9u);
  EXPECT_NE(put(1), first[1]);  // compiled again
  EXPECT_EQ(cache.stats().compiles, 10u);
}

// Puts modules 5000 times (a few hot keys) through a cache holding 8: thousands of evictions,
// each emptying an index slot (backward shift) and moving the last entry into the hole. Every
// answer must be the module of the hash asked for, from memory exactly when it is held. A second
// cache takes the same puts: its index is keyed by another seed (other slots), and it must hold
// the same modules and count the same, as the seed never changes what the cache answers.
void expect_index_exact_through_eviction(const RuntimeConfig& config,
                                         const std::vector<state::Hash32>& hashes,
                                         const std::vector<std::vector<uint8_t>>& codes) {
  const int n = int(hashes.size());
  const size_t footprint = cached_footprint(config, codes[0]);
  SubmoduleCache cache(config, 8 * footprint), twin(config, 8 * footprint);
  std::map<const wasm::Module*, int> owner;  // every module ever returned (all kept alive)
  std::vector<std::shared_ptr<const wasm::Module>> alive;
  std::mt19937 random(7);
  for (int step = 0; step < 5000; ++step) {
    const int i = step % 3 == 0 ? int(random() % 12) : int(random() % n);  // a few hot keys
    const SubmoduleCache::Stats before = cache.stats();
    auto module = std::get<std::shared_ptr<const wasm::Module>>(cache.put(hashes[i], codes[i]));
    for (int twice = 0; twice < 2; ++twice) (void)twin.put(hashes[i], codes[i]);  // as below
    const SubmoduleCache::Stats after = cache.stats();
    auto [it, fresh] = owner.emplace(module.get(), i);
    ASSERT_EQ(it->second, i) << "step " << step << ": the module of another hash";
    ASSERT_EQ(fresh, after.compiles == before.compiles + 1) << "step " << step;
    if (fresh) alive.push_back(module);
    ASSERT_EQ(std::get<std::shared_ptr<const wasm::Module>>(cache.put(hashes[i], codes[i])), module)
        << "step " << step << ": just kept";
    ASSERT_LE(after.entries, 8u);
    ASSERT_EQ(after.bytes, after.entries * footprint);
    ASSERT_EQ(size_t(std::count_if(hashes.begin(), hashes.end(),
                                   [&](const state::Hash32& h) { return cache.in_memory(h); })),
              after.entries)
        << "step " << step << ": every module held is found";
    const SubmoduleCache::Stats twin_stats = twin.stats();
    ASSERT_EQ(twin_stats.compiles, after.compiles) << "step " << step;
    ASSERT_EQ(twin_stats.entries, after.entries) << "step " << step;
    for (const state::Hash32& h : hashes)
      ASSERT_EQ(twin.in_memory(h), cache.in_memory(h)) << "step " << step << ": the same modules";
  }
  EXPECT_GT(cache.stats().compiles, 1000u);
}

TEST_F(SubmoduleTest, CacheIndexStaysExactThroughHeavyEviction) {
  const auto codes = numbered_modules(200);
  std::vector<state::Hash32> hashes;
  for (const auto& code : codes) hashes.push_back(state::sha256(bytes_of(code)));
  expect_index_exact_through_eviction(config, hashes, codes);
}

TEST_F(SubmoduleTest, CacheIndexStaysExactWhenCodeHashesShareTheirFirst8Bytes) {
  // Hashes a deployer grinding code variants would aim for: equal in bytes 0-7 (the index's slot
  // came from bytes 0-3 before it was keyed), different only after them; and equal in all but
  // the last byte. The cache keys a module by the hash it is given (put does not check its
  // REQUIRES sha256(code) == hash), so chosen hashes stand in for ground ones.
  const int n = 200;
  const auto codes = numbered_modules(n);
  std::vector<state::Hash32> shared_prefix(n), last_byte_only(n);
  std::mt19937 random(11);
  for (int i = 0; i < n; ++i) {
    shared_prefix[i].fill(0x5a);
    for (size_t b = 8; b < shared_prefix[i].size(); ++b) shared_prefix[i][b] = uint8_t(random());
    last_byte_only[i].fill(0xa5);
    last_byte_only[i].back() = uint8_t(i);
  }
  ASSERT_EQ(std::set(shared_prefix.begin(), shared_prefix.end()).size(), size_t(n));
  const size_t footprint = cached_footprint(config, codes[0]);
  for (const auto* hashes : {&shared_prefix, &last_byte_only}) {
    SCOPED_TRACE(hashes == &shared_prefix ? "bytes 0-7 shared" : "bytes 0-30 shared");
    expect_index_exact_through_eviction(config, *hashes, codes);
    // All held at once: 200 entries in 512 slots. Keyed by the raw bytes they would all share
    // one home slot and make one run of 200; keyed by the seed they spread as random hashes do.
    SubmoduleCache all(config, n * footprint);
    for (int i = 0; i < n; ++i) all.put((*hashes)[i], codes[i]);
    EXPECT_EQ(all.stats().entries, size_t(n));
    EXPECT_EQ(all.stats().compiles, uint64_t(n));
    for (int i = 0; i < n; ++i) EXPECT_TRUE(all.in_memory((*hashes)[i])) << i;
    EXPECT_LT(all.longest_probe_run(), 40u);
  }
}

TEST_F(SubmoduleTest, CacheKeepsWhatItsBudgetAllowsAndGasNeverDependsOnIt) {
  const auto pure = wat_to_wasm(kPureSubWat), fresh = wat_to_wasm(kFreshSubWat);
  deploy("pure", pure);
  deploy("fresh", fresh);
  auto footprint = [&](const std::vector<uint8_t>& code) { return cached_footprint(config, code); };
  const auto hash = [](const std::vector<uint8_t>& code) { return state::sha256(bytes_of(code)); };
  // Room for "s" and one of the others, not for all three.
  SubmoduleCache cache(config,
                       footprint(storage_sub) + std::max(footprint(pure), footprint(fresh)));
  state::testing::TempDirectory dir;
  auto store = std::move(state::StateStore::open(dir.str())).value();
  state::ModuleCache disk(*store);
  cache.attach_disk(&disk);
  auto get = [&](const std::vector<uint8_t>& code) {
    auto got = cache.get(overlay, hash(code));
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const wasm::Module>>(*got));
  };
  get(storage_sub);  // compiled (and serialized to disk)
  get(pure);         // compiled
  get(storage_sub);  // memory: "s" is now referenced
  get(fresh);        // compiled; the cache is full and "fresh" missed for the first time: not kept
  SubmoduleCache::Stats st = cache.stats();
  EXPECT_EQ(st.compiles, 3u);
  EXPECT_EQ(st.memory_hits, 1u);
  EXPECT_EQ(st.not_admitted, 1u);
  EXPECT_EQ(st.entries, 2u);
  EXPECT_EQ(st.bytes, footprint(storage_sub) + footprint(pure));
  get(fresh);  // from disk; its second miss: kept; the CLOCK passes over "s" (referenced), "pure" goes
  st = cache.stats();
  EXPECT_EQ(st.disk_hits, 1u);
  EXPECT_EQ(st.not_admitted, 1u);
  EXPECT_EQ(st.bytes, footprint(storage_sub) + footprint(fresh));
  get(storage_sub);  // still in memory
  get(pure);         // from disk, not compiled again (and, its first miss, not kept)
  st = cache.stats();
  EXPECT_EQ(st.memory_hits, 2u);
  EXPECT_EQ(st.disk_hits, 2u);
  EXPECT_EQ(st.compiles, 3u);
  EXPECT_EQ(st.not_admitted, 2u);
  EXPECT_EQ(st.bytes, footprint(storage_sub) + footprint(fresh));
  cache.attach_disk(nullptr);

  // The executor's cache: memory, disk and compilation cost the same gas.
  executor.submodule_cache().attach_disk(&disk);
  executor.submodule_cache().clear_memory();
  const Reply compiled_or_disk = call("s", "echo", "abc");
  const Reply from_memory = call("s", "echo", "abc");
  executor.submodule_cache().clear_memory();
  const uint64_t disk_hits = executor.submodule_cache().stats().disk_hits;
  const Reply from_disk = call("s", "echo", "abc");
  EXPECT_EQ(executor.submodule_cache().stats().disk_hits, disk_hits + 1);
  executor.submodule_cache().attach_disk(nullptr);
  EXPECT_EQ(from_memory.status, 0);
  EXPECT_EQ(from_disk.gas, from_memory.gas);
  EXPECT_EQ(compiled_or_disk.gas, from_memory.gas);
}
