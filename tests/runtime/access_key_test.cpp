// Access keys: the stored encoding (nearcore's Borsh AccessKey), public keys as text, the exact
// fees of the key host functions, and AddKey / DeleteKey / DeleteAccount through the
// ReceiptExecutor over a real store (exact storage usage, nonces, error kinds, the state root of a
// failed receipt), then keys added and deleted by a contract's promises.
#include "syncwasm/runtime/access_key.h"

#include <gtest/gtest.h>

#include "logic_harness.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/public_key.h"
#include "syncwasm/runtime/receipt_executor.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"
#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::from_hex;
using syncwasm::testing::LogicHarness;
using syncwasm::testing::wat_to_wasm;

namespace {

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;
const std::string kKey = std::string(1, '\0') + std::string(32, '\x05');        // ed25519
const std::string kOtherKey = std::string(1, '\0') + std::string(32, '\x06');   // ed25519
const std::string kSecpKey = std::string(1, '\x01') + std::string(64, '\x02');  // secp256k1

AddKeyAction full_access(const std::string& key, uint64_t nonce = 0) {
  AddKeyAction add;
  add.public_key = key;
  add.nonce = nonce;
  return add;
}

AddKeyAction function_call(const std::string& key, Balance allowance, std::string receiver,
                           std::vector<std::string> methods) {
  AddKeyAction add;
  add.public_key = key;
  add.full_access = false;
  add.allowance = allowance;
  add.receiver_id = std::move(receiver);
  add.method_names = std::move(methods);
  return add;
}

}  // namespace

TEST(AccessKeyEncoding, IsNearcoresBorshAccessKey) {
  AccessKey full{4'000'000, FullAccessPermission{}};
  EXPECT_EQ(encode_access_key(full), from_hex("00093d0000000000"
                                              "01"));
  AccessKey call{4'000'000, FunctionCallPermission{Balance(16), "bob.near", {"get", "set"}}};
  EXPECT_EQ(encode_access_key(call), from_hex("00093d0000000000"
                                              "00"
                                              "01"
                                              "10000000000000000000000000000000"
                                              "08000000"
                                              "626f622e6e656172"
                                              "02000000"
                                              "03000000"
                                              "676574"
                                              "03000000"
                                              "736574"));
  AccessKey unlimited{0, FunctionCallPermission{std::nullopt, "bob.near", {}}};
  EXPECT_EQ(encode_access_key(unlimited), from_hex("0000000000000000"
                                                   "00"
                                                   "00"
                                                   "08000000"
                                                   "626f622e6e656172"
                                                   "00000000"));
  for (const AccessKey& key : {full, call, unlimited})
    EXPECT_EQ(decode_access_key(encode_access_key(key)), key);
}

TEST(AccessKeyEncoding, MalformedValuesAreRefused) {
  const std::string call =
      encode_access_key(AccessKey{1, FunctionCallPermission{Balance(16), "bob.near", {"get"}}});
  for (size_t n = 0; n < call.size(); ++n) EXPECT_FALSE(decode_access_key(call.substr(0, n))) << n;
  EXPECT_FALSE(decode_access_key(call + "x"));  // trailing byte
  EXPECT_FALSE(
      decode_access_key(from_hex("0000000000000000"
                                 "02")));  // no such permission
  EXPECT_FALSE(
      decode_access_key(from_hex("0000000000000000"
                                 "00"
                                 "02")));  // allowance tag
  EXPECT_FALSE(
      decode_access_key(from_hex("0000000000000000"
                                 "00"
                                 "00"
                                 "00000000"
                                 "ffffffff")));  // names
}

TEST(AccessKeyEncoding, StorageUsageAndNonces) {
  const StorageUsageConfig config;
  EXPECT_EQ(access_key_storage_usage(kKey, AccessKey{}, config), 33u + 9 + 40);
  EXPECT_EQ(access_key_storage_usage(kSecpKey, AccessKey{}, config), 65u + 9 + 40);
  AccessKey call{0, FunctionCallPermission{Balance(16), "bob.near", {"get", "set"}}};
  EXPECT_EQ(access_key_storage_usage(kKey, call, config), 33u + 56 + 40);
  EXPECT_EQ(initial_access_key_nonce(0), 0u);
  EXPECT_EQ(initial_access_key_nonce(1), 0u);
  EXPECT_EQ(initial_access_key_nonce(5), 4'000'000u);
  // allowance 0 means unlimited, as in the host function.
  EXPECT_EQ(
      access_key_of(function_call(kKey, 0, "bob.near", {"a"})).permission,
      (decltype(AccessKey::permission)(FunctionCallPermission{std::nullopt, "bob.near", {"a"}})));
}

TEST(PublicKeyText, Base58AndCurves) {
  EXPECT_EQ(base58_encode("hello world"), "StV1DL6CwTryKyV");
  EXPECT_EQ(base58_encode(std::string("\0\0\x28\x7f\xb4\xcd", 6)), "11233QC4");
  EXPECT_EQ(base58_decode("11233QC4"), std::string("\0\0\x28\x7f\xb4\xcd", 6));
  EXPECT_EQ(base58_decode("0OIl"), std::nullopt);
  const std::string zero_key = std::string(33, '\0');
  EXPECT_EQ(public_key_to_text(zero_key), "ed25519:11111111111111111111111111111111");
  EXPECT_EQ(parse_public_key_text("ed25519:11111111111111111111111111111111"), zero_key);
  EXPECT_EQ(parse_public_key_text("11111111111111111111111111111111"),
            zero_key);  // ed25519 by default
  for (const std::string& key : {kKey, kOtherKey, kSecpKey}) {
    EXPECT_TRUE(is_borsh_public_key(key));
    EXPECT_EQ(parse_public_key_text(public_key_to_text(key)), key);
  }
  EXPECT_EQ(public_key_to_text(kSecpKey).rfind("secp256k1:", 0), 0u);
  std::string why;
  EXPECT_FALSE(parse_public_key_text("rsa:111", &why));
  EXPECT_EQ(why, "unknown key type 'rsa' (ed25519 or secp256k1)");
  EXPECT_FALSE(parse_public_key_text("ed25519:111", &why));
  EXPECT_EQ(why, "the key is 3 bytes, a ed25519 key is 32");
  EXPECT_FALSE(parse_public_key_text("ed25519:abc0", &why));
  EXPECT_EQ(why, "the key is not base58");
  EXPECT_FALSE(is_borsh_public_key(std::string(32, '\0')));
  EXPECT_FALSE(is_borsh_public_key(std::string(1, '\x01') + std::string(32, '\0')));
}

namespace {

Gas read_cost(const ExtCosts& c, uint64_t n) {
  return c.read_memory_base + n * c.read_memory_byte;
}
Gas account_read_cost(const ExtCosts& c, uint64_t n) {
  return read_cost(c, n) + c.utf8_decoding_base + n * c.utf8_decoding_byte;
}

}  // namespace

TEST(AccessKeyActions, HostFunctionFeesAreExact) {
  // nearcore logic.rs: base + the reads, then the action's send fee burnt and its execution fee
  // reserved; sir (sender is receiver) for a promise to the current account.
  LogicHarness h;
  VmLogic& L = h.start_with_batch_to_self();
  const ExtCosts& c = h.c;
  const ActionFees& f = h.config.fees;
  const std::string key = std::string(1, '\x01') + std::string(64, '\x03');  // secp256k1
  h.put(100, key);
  Gas burnt = L.burnt_gas(), used = L.used_gas_total();
  ASSERT_TRUE(L.promise_batch_action_add_key_with_full_access(0, 65, 100, 1).ok());
  Gas burn = c.base + read_cost(c, 65) + f.action_add_full_access_key.send_sir;
  EXPECT_EQ(L.burnt_gas() - burnt, burn);
  EXPECT_EQ(L.used_gas_total() - used, burn + f.action_add_full_access_key.execution);

  h.put(200, std::string(16, '\0'));  // allowance 0: unlimited
  h.put(300, "bob.near");
  h.put(400, "get_status,set_status");
  burnt = L.burnt_gas(), used = L.used_gas_total();
  ASSERT_TRUE(
      L.promise_batch_action_add_key_with_function_call(0, 65, 100, 2, 200, 8, 300, 21, 400).ok());
  const uint64_t name_bytes = (10 + 1) + (10 + 1);  // each name plus its terminator
  burn = c.base + read_cost(c, 65) + read_cost(c, 16) + account_read_cost(c, 8) + read_cost(c, 21) +
         f.action_add_function_call_key.send_sir +
         name_bytes * f.action_add_function_call_key_per_byte.send_sir;
  EXPECT_EQ(L.burnt_gas() - burnt, burn);
  EXPECT_EQ(L.used_gas_total() - used,
            burn + f.action_add_function_call_key.execution +
                name_bytes * f.action_add_function_call_key_per_byte.execution);

  burnt = L.burnt_gas(), used = L.used_gas_total();
  ASSERT_TRUE(L.promise_batch_action_delete_key(0, 65, 100).ok());
  burn = c.base + read_cost(c, 65) + f.action_delete_key.send_sir;
  EXPECT_EQ(L.burnt_gas() - burnt, burn);
  EXPECT_EQ(L.used_gas_total() - used, burn + f.action_delete_key.execution);

  AddKeyAction full;
  full.public_key = key;
  full.nonce = 1;
  AddKeyAction limited{key, 2, false, 0, "bob.near", {"get_status", "set_status"}};
  EXPECT_EQ(L.receipts()[0].actions,
            (std::vector<ReceiptAction>{full, limited, DeleteKeyAction{key}}));
  // The parameter values (nearcore parameters.yaml).
  EXPECT_EQ(f.action_add_full_access_key.send_sir, 101'765'125'000u);
  EXPECT_EQ(f.action_add_full_access_key.execution, 101'765'125'000u);
  EXPECT_EQ(f.action_add_function_call_key.send_sir, 102'217'625'000u);
  EXPECT_EQ(f.action_add_function_call_key_per_byte.send_sir, 1'925'331u);
  EXPECT_EQ(f.action_delete_key.send_sir, 94'946'625'000u);
}

namespace {

// Transactions applied one per committed block on a real store, so roots can be compared.
struct KeyChain : ::testing::Test {
  state::testing::TempDirectory dir;
  std::unique_ptr<state::StateStore> store;
  Executor executor{near_mainnet_config()};
  ReceiptExecutor receipts{executor};
  uint64_t height = 1;

  void SetUp() override {
    store = std::move(state::StateStore::open(dir.str())).value();
    state::StateOverlay overlay{static_cast<const state::StateReader&>(*store)};
    ASSERT_TRUE(executor.create_account(overlay, "keys.near", 10 * kNear)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "bob.near", 10 * kNear)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "poor.near", 1000)->ok());
    ASSERT_TRUE(overlay.commit(*store).ok());
  }
  TransactionResult apply(const std::string& signer, const std::string& receiver,
                          std::vector<ReceiptAction> actions) {
    state::StateOverlay overlay{static_cast<const state::StateReader&>(*store)};
    BlockContext block;
    block.height = height;
    auto r = receipts.apply(overlay, Transaction{signer, receiver, {}, std::move(actions)}, block);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(overlay.commit(*store).ok());
    height += r.ok() ? std::max<uint64_t>(r->blocks, 1) : 1;
    return r.ok() ? *r : TransactionResult{};
  }
  TransactionResult apply(const std::string& account, std::vector<ReceiptAction> actions) {
    return apply(account, account, std::move(actions));
  }
  uint64_t storage_usage(const std::string& account) {
    return load_account(*store, account).value()->storage_usage;
  }
  std::optional<AccessKey> key(const std::string& account, const std::string& public_key) {
    return load_access_key(*store, account, public_key).value();
  }
  size_t key_count(const std::string& account) {
    size_t n = 0;
    EXPECT_TRUE(list_access_keys(*store, account, [&](std::string_view, const AccessKey&) {
                  return ++n, true;
                }).ok());
    return n;
  }
};

}  // namespace

TEST_F(KeyChain, AddFullAccessKey) {
  height = 5;
  auto r = apply("keys.near", {full_access(kKey, 123)});
  EXPECT_EQ(r.status, CallStatus::Success);
  // The action's nonce is replaced by (height - 1) * 10^6, as nearcore does.
  EXPECT_EQ(key("keys.near", kKey), (AccessKey{4'000'000, FullAccessPermission{}}));
  EXPECT_EQ(store->get(state::access_key_key("keys.near", kKey)).value(),
            from_hex("00093d0000000000"
                     "01"));
  EXPECT_EQ(storage_usage("keys.near"), 100u + 82);
  // A secp256k1 key beside it.
  EXPECT_EQ(apply("keys.near", {full_access(kSecpKey)}).status, CallStatus::Success);
  EXPECT_EQ(storage_usage("keys.near"), 100u + 82 + 114);
  EXPECT_EQ(key_count("keys.near"), 2u);
}

TEST_F(KeyChain, AddFunctionCallKeys) {
  auto r = apply("keys.near", {function_call(kKey, 16, "bob.near", {"get", "set"}),
                               function_call(kOtherKey, 0, "bob.near", {})});
  EXPECT_EQ(r.status, CallStatus::Success);
  EXPECT_EQ(key("keys.near", kKey),
            (AccessKey{0, FunctionCallPermission{Balance(16), "bob.near", {"get", "set"}}}));
  EXPECT_EQ(key("keys.near", kOtherKey),
            (AccessKey{0, FunctionCallPermission{std::nullopt, "bob.near", {}}}));
  EXPECT_EQ(storage_usage("keys.near"), 100u + (33 + 56 + 40) + (33 + 26 + 40));
}

TEST_F(KeyChain, AddingAnExistingKeyFailsAndChangesNothing) {
  ASSERT_EQ(apply("keys.near", {full_access(kKey)}).status, CallStatus::Success);
  const state::Hash32 root = store->root();
  // The receipt is atomic: the new key before the duplicate is rolled back too.
  auto r = apply("keys.near", {full_access(kOtherKey), function_call(kKey, 1, "bob.near", {})});
  EXPECT_EQ(r.status, CallStatus::Failure);
  EXPECT_EQ(r.error->kind, CallErrorKind::AddKeyAlreadyExists);
  EXPECT_EQ(r.error->message,
            "account 'keys.near' already has the access key " + public_key_to_text(kKey));
  EXPECT_EQ(store->root(), root);
  EXPECT_EQ(storage_usage("keys.near"), 100u + 82);
  EXPECT_EQ(key("keys.near", kKey), (AccessKey{0, FullAccessPermission{}}));
  EXPECT_FALSE(key("keys.near", kOtherKey));
}

TEST_F(KeyChain, DeleteKeyReleasesItsStorage) {
  ASSERT_EQ(apply("keys.near",
                  {function_call(kKey, 16, "bob.near", {"get", "set"}), full_access(kOtherKey)})
                .status,
            CallStatus::Success);
  EXPECT_EQ(storage_usage("keys.near"), 100u + 129 + 82);
  auto r = apply("keys.near", {DeleteKeyAction{kKey}});
  EXPECT_EQ(r.status, CallStatus::Success);
  EXPECT_FALSE(key("keys.near", kKey));
  EXPECT_EQ(storage_usage("keys.near"), 100u + 82);
  EXPECT_EQ(key_count("keys.near"), 1u);
}

TEST_F(KeyChain, DeletingAMissingKeyFailsAndChangesNothing) {
  ASSERT_EQ(apply("keys.near", {full_access(kKey)}).status, CallStatus::Success);
  const state::Hash32 root = store->root();
  auto r = apply("keys.near", {DeleteKeyAction{kKey}, DeleteKeyAction{kOtherKey}});
  EXPECT_EQ(r.status, CallStatus::Failure);
  EXPECT_EQ(r.error->kind, CallErrorKind::DeleteKeyDoesNotExist);
  EXPECT_EQ(r.error->message,
            "account 'keys.near' has no access key " + public_key_to_text(kOtherKey));
  EXPECT_EQ(store->root(), root);  // the first deletion is rolled back with the receipt
  EXPECT_TRUE(key("keys.near", kKey));
  EXPECT_EQ(storage_usage("keys.near"), 100u + 82);
}

TEST_F(KeyChain, StorageStakingAppliesToKeys) {
  // 1000 yocto cannot cover 182 bytes (1e19 yocto per byte).
  const state::Hash32 root = store->root();
  auto r = apply("poor.near", {full_access(kKey)});
  EXPECT_EQ(r.error->kind, CallErrorKind::LackBalanceForState);
  EXPECT_EQ(store->root(), root);
  EXPECT_EQ(key_count("poor.near"), 0u);
}

TEST_F(KeyChain, OnlyTheAccountItselfChangesItsKeys) {
  const state::Hash32 root = store->root();
  auto add = apply("bob.near", "keys.near", {full_access(kKey)});
  EXPECT_EQ(add.error->kind, CallErrorKind::ActorNoPermission);
  auto del = apply("bob.near", "keys.near", {DeleteKeyAction{kKey}});
  EXPECT_EQ(del.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(store->root(), root);
  // The creator of an account adds its first key in the creating receipt (the factory pattern).
  auto created = apply("bob.near", "new.bob.near",
                       {CreateAccountAction{}, TransferAction{kNear}, full_access(kKey)});
  EXPECT_EQ(created.status, CallStatus::Success);
  EXPECT_TRUE(key("new.bob.near", kKey));
  EXPECT_EQ(storage_usage("new.bob.near"), 100u + 82);
}

TEST_F(KeyChain, DeleteAccountRemovesItsKeys) {
  ASSERT_EQ(
      apply("keys.near", {full_access(kKey), function_call(kOtherKey, 5, "bob.near", {"get"})})
          .status,
      CallStatus::Success);
  ASSERT_EQ(key_count("keys.near"), 2u);
  auto r = apply("keys.near", {DeleteAccountAction{"bob.near"}});
  EXPECT_EQ(r.status, CallStatus::Success);
  EXPECT_FALSE(load_account(*store, "keys.near").value());
  size_t left = 0;
  ASSERT_TRUE(store
                  ->scan_prefix(state::access_key_prefix("keys.near"),
                                [&](std::string_view, std::string_view) { return ++left, true; })
                  .ok());
  EXPECT_EQ(left, 0u);
  // The id can be created again, without keys.
  ASSERT_EQ(apply("bob.near", "keys.near", {CreateAccountAction{}, TransferAction{kNear}}).status,
            CallStatus::Success);
  EXPECT_EQ(key_count("keys.near"), 0u);
  EXPECT_EQ(storage_usage("keys.near"), 100u);
}

namespace {

// Batch promises on the account named by the input: add a full-access key, add a function-call
// key (allowance 16, bob.near, "get,set"), delete the key (ed25519, 32 bytes of 0x05).
const char* kKeysContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "promise_batch_create" (func $create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_add_key_with_full_access" (func $add_full (param i64 i64 i64 i64)))
  (import "env" "promise_batch_action_add_key_with_function_call"
    (func $add_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64)))
  (import "env" "promise_batch_action_delete_key" (func $delete (param i64 i64 i64)))
  (memory 1)
  (data (i32.const 0) "\00\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05")
  (data (i32.const 64) "\10")
  (data (i32.const 80) "bob.near")
  (data (i32.const 96) "get,set")
  (func $target (result i64)
    (call $input (i64.const 0))
    (call $create (i64.const -1) (i64.const 0)))
  (func (export "add_full")
    (call $add_full (call $target) (i64.const 33) (i64.const 0) (i64.const 99)))
  (func (export "add_call")
    (call $add_call (call $target) (i64.const 33) (i64.const 0) (i64.const 99) (i64.const 64)
      (i64.const 8) (i64.const 80) (i64.const 7) (i64.const 96)))
  (func (export "delete")
    (call $delete (call $target) (i64.const 33) (i64.const 0)))
))";

}  // namespace

TEST_F(KeyChain, AContractAddsAndDeletesKeysThroughPromises) {
  const std::vector<uint8_t> code = wat_to_wasm(kKeysContract);
  {
    state::StateOverlay overlay{static_cast<const state::StateReader&>(*store)};
    ASSERT_TRUE(executor.deploy_contract(overlay, "keys.near", code)->ok());
    ASSERT_TRUE(overlay.commit(*store).ok());
  }
  const uint64_t base_usage = 100 + code.size();
  auto call = [&](const std::string& method, const std::string& target) {
    return apply("bob.near", "keys.near",
                 {FunctionCallReceiptAction{method, target, 0, 30 * kTeraGas, 0}});
  };
  height = 10;
  auto added = call("add_full", "keys.near");
  EXPECT_EQ(added.status, CallStatus::Success);
  // The call runs at height 10, its AddKey receipt (from keys.near to itself) at 11.
  ASSERT_EQ(added.receipts.size(), 2u);
  EXPECT_EQ(added.receipts[1].block_height, 11u);
  EXPECT_EQ(added.receipts[1].predecessor_id, "keys.near");
  EXPECT_TRUE(added.receipts[1].outcome.ok());
  EXPECT_EQ(key("keys.near", kKey), (AccessKey{10'000'000, FullAccessPermission{}}));
  EXPECT_EQ(storage_usage("keys.near"), base_usage + 82);

  // The transaction's result is the call's; the AddKey receipt fails on its own.
  auto again = call("add_full", "keys.near");
  EXPECT_EQ(again.status, CallStatus::Success);
  ASSERT_EQ(again.receipts.size(), 2u);
  EXPECT_EQ(again.receipts[1].outcome.error->kind, CallErrorKind::AddKeyAlreadyExists);

  EXPECT_EQ(call("delete", "keys.near").status, CallStatus::Success);
  EXPECT_FALSE(key("keys.near", kKey));
  EXPECT_EQ(storage_usage("keys.near"), base_usage);

  EXPECT_EQ(call("add_call", "keys.near").status, CallStatus::Success);
  EXPECT_EQ(key("keys.near", kKey)->permission,
            (decltype(AccessKey::permission)(
                FunctionCallPermission{Balance(16), "bob.near", {"get", "set"}})));
  EXPECT_EQ(storage_usage("keys.near"), base_usage + 129);

  // A contract cannot change another account's keys.
  const state::Hash32 root = store->root();
  auto foreign = call("add_full", "bob.near");
  ASSERT_EQ(foreign.receipts.size(), 2u);
  EXPECT_EQ(foreign.receipts[1].outcome.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_FALSE(key("bob.near", kKey));
  // The call itself succeeded but wrote nothing (gas is not paid in tokens yet).
  EXPECT_EQ(store->root(), root);
}
