// ReceiptExecutor on its own: transfers, refunds of failed receipts, transaction checks, the actor
// check of DeployContract, Stake and DeleteAccount (access keys: access_key_test.cpp).
#include "syncwasm/runtime/receipt_executor.h"

#include <gtest/gtest.h>

#include <map>

#include "logic_harness.h"
#include "state_snapshot.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/state/code_store.h"
#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::EmptyState;
using syncwasm::testing::wat_to_wasm;

namespace {
struct ReceiptExecutorTest : ::testing::Test {
  EmptyState base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  Executor executor{near_mainnet_config()};
  ReceiptExecutor receipts{executor};
  void SetUp() override {
    ASSERT_TRUE(executor.create_account(overlay, "alice.near", 1000)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "bob.near", 0)->ok());
  }
  Balance balance(const char* id) { return load_account(overlay, id).value()->amount; }
};
}  // namespace

TEST_F(ReceiptExecutorTest, TransferMovesTheDeposit) {
  auto r = receipts.apply(overlay, Transaction{"alice.near", "bob.near", {}, {TransferAction{300}}}, BlockContext{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CallStatus::Success);
  EXPECT_EQ(balance("alice.near"), 700u);
  EXPECT_EQ(balance("bob.near"), 300u);
  EXPECT_EQ(r->blocks, 1u);
}

TEST_F(ReceiptExecutorTest, AFailedReceiptRefundsItsDepositInTheNextBlock) {
  auto r = receipts.apply(overlay, Transaction{"alice.near", "nobody.near", {}, {TransferAction{300}}}, BlockContext{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CallStatus::Failure);
  EXPECT_EQ(r->error->kind, CallErrorKind::AccountDoesNotExist);
  ASSERT_EQ(r->receipts.size(), 2u);
  EXPECT_EQ(r->receipts[1].predecessor_id, "system");
  EXPECT_EQ(r->receipts[1].receiver_id, "alice.near");
  EXPECT_EQ(r->receipts[1].block_height, 2u);
  EXPECT_EQ(balance("alice.near"), 1000u);
}

TEST_F(ReceiptExecutorTest, CreateAccountThenTransferIsAtomic) {
  auto r = receipts.apply(overlay, Transaction{"alice.near", "carol.near", {}, {CreateAccountAction{}, TransferAction{100}}},
                          BlockContext{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CallStatus::Success);
  EXPECT_EQ(balance("carol.near"), 100u);
  // A second creation fails as a whole: the transfer after it is rolled back and refunded.
  auto again = receipts.apply(overlay, Transaction{"alice.near", "carol.near", {}, {CreateAccountAction{}, TransferAction{100}}},
                              BlockContext{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->error->kind, CallErrorKind::AccountAlreadyExists);
  EXPECT_EQ(balance("carol.near"), 100u);
  EXPECT_EQ(balance("alice.near"), 900u);
}

TEST_F(ReceiptExecutorTest, TransactionChecks) {
  auto poor = receipts.apply(overlay, Transaction{"alice.near", "bob.near", {}, {TransferAction{1001}}}, BlockContext{});
  ASSERT_TRUE(poor.ok());
  EXPECT_EQ(poor->error->kind, CallErrorKind::NotEnoughBalance);
  EXPECT_TRUE(poor->receipts.empty());
  EXPECT_EQ(balance("alice.near"), 1000u);
  auto ghost = receipts.apply(overlay, Transaction{"ghost.near", "bob.near", {}, {TransferAction{1}}}, BlockContext{});
  EXPECT_EQ(ghost->error->kind, CallErrorKind::AccountDoesNotExist);
  auto bad = receipts.apply(overlay, Transaction{"alice.near", "Bob", {}, {TransferAction{1}}}, BlockContext{});
  EXPECT_EQ(bad->error->kind, CallErrorKind::InvalidAccountId);
}

TEST_F(ReceiptExecutorTest, DeleteAccountPaysTheBeneficiary) {
  auto r = receipts.apply(overlay, Transaction{"alice.near", "alice.near", {}, {DeleteAccountAction{"bob.near"}}},
                          BlockContext{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CallStatus::Success);
  EXPECT_FALSE(load_account(overlay, "alice.near").value().has_value());
  EXPECT_EQ(balance("bob.near"), 1000u);
  EXPECT_EQ(r->blocks, 2u);
}

TEST_F(ReceiptExecutorTest, StakeLocks) {
  std::string key = std::string(1, '\0') + std::string(32, '\x05');
  auto r = receipts.apply(overlay, Transaction{"alice.near", "alice.near", {}, {StakeAction{400, key}}}, BlockContext{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, CallStatus::Success);
  EXPECT_EQ(balance("alice.near"), 600u);
  EXPECT_EQ(load_account(overlay, "alice.near").value()->locked, 400u);
  auto too_much = receipts.apply(overlay, Transaction{"alice.near", "alice.near", {}, {StakeAction{2000, key}}}, BlockContext{});
  EXPECT_EQ(too_much->error->kind, CallErrorKind::TriesToStake);
  auto del = receipts.apply(overlay, Transaction{"alice.near", "alice.near", {}, {DeleteAccountAction{"bob.near"}}}, BlockContext{});
  EXPECT_EQ(del->error->kind, CallErrorKind::DeleteAccountStaking);
}

// ---- only the account itself deploys its contract, stakes, or deletes itself ----

namespace {

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;
const std::string kStakeKey = std::string(1, '\0') + std::string(32, '\x05');

// A contract that batches actions on the account named by its input, from its own account:
// "overwrite" deploys the 8-byte empty module there, "steal" deletes it with this contract's
// account (evil.near) as the beneficiary.
const char* kForeignActionsContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "promise_batch_create" (func $create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_deploy_contract" (func $deploy (param i64 i64 i64)))
  (import "env" "promise_batch_action_delete_account" (func $delete (param i64 i64 i64)))
  (memory 1)
  (data (i32.const 0) "\00asm\01\00\00\00")
  (data (i32.const 16) "evil.near")
  (func $target (result i64)
    (call $input (i64.const 0))
    (call $create (i64.const -1) (i64.const 0)))
  (func (export "overwrite")
    (call $deploy (call $target) (i64.const 8) (i64.const 0)))
  (func (export "steal")
    (call $delete (call $target) (i64.const 9) (i64.const 16)))
))";

std::string bytes_of(const std::vector<uint8_t>& code) {
  return std::string(code.begin(), code.end());
}

struct ActorCheckTest : ReceiptExecutorTest {
  const std::string owner_code = bytes_of(wat_to_wasm(R"((module (func (export "owner"))))"));
  const std::string other_code = bytes_of(wat_to_wasm(R"((module (func (export "other"))))"));
  void SetUp() override {
    ReceiptExecutorTest::SetUp();
    ASSERT_TRUE(executor.create_account(overlay, "owner.near", 10 * kNear)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "carol.near", 10 * kNear)->ok());
    ASSERT_EQ(run("owner.near", "owner.near", {DeployContractAction{owner_code}}).status,
              CallStatus::Success);
  }
  TransactionResult run(const std::string& signer, const std::string& receiver,
                        std::vector<ReceiptAction> actions) {
    auto r = receipts.apply(overlay, Transaction{signer, receiver, {}, std::move(actions)},
                            BlockContext{});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : TransactionResult{};
  }
  // The whole state, to compare before and after a refused transaction.
  std::map<std::string, std::string> snapshot() { return syncwasm::testing::state_snapshot(overlay); }
  std::optional<state::Hash32> code_hash(const char* id) {
    return load_account(overlay, id).value()->code_hash;
  }
};

}  // namespace

TEST_F(ActorCheckTest, OnlyTheAccountItselfDeploysItsContract) {
  const auto before = snapshot();
  auto refused = run("carol.near", "owner.near", {DeployContractAction{other_code}});
  EXPECT_EQ(refused.status, CallStatus::Failure);
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(refused.error->message, "'carol.near' may not deploy a contract to 'owner.near'");
  ASSERT_EQ(refused.receipts.size(), 1u);
  // The executor charges no DeployContract fee yet: a refused one burns none either.
  EXPECT_EQ(refused.receipts[0].outcome.gas_burnt, 0u);
  // After an action that succeeds too: the receipt rolls back and the deposit is refunded.
  auto refused_after_transfer =
      run("carol.near", "owner.near", {TransferAction{kNear}, DeployContractAction{other_code}});
  ASSERT_TRUE(refused_after_transfer.error);
  EXPECT_EQ(refused_after_transfer.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(code_hash("owner.near"), state::sha256(owner_code));

  // The account itself redeploys.
  auto own = run("owner.near", "owner.near", {DeployContractAction{other_code}});
  EXPECT_EQ(own.status, CallStatus::Success);
  EXPECT_EQ(code_hash("owner.near"), state::sha256(other_code));
}

TEST_F(ActorCheckTest, TheCreatorDeploysInTheCreatingReceiptOnly) {
  // The factory pattern: create, fund and deploy in one receipt.
  auto created =
      run("carol.near", "new.carol.near",
          {CreateAccountAction{}, TransferAction{kNear}, DeployContractAction{owner_code}});
  EXPECT_EQ(created.status, CallStatus::Success);
  EXPECT_EQ(code_hash("new.carol.near"), state::sha256(owner_code));
  // Afterwards the account is another's.
  const auto before = snapshot();
  auto later = run("carol.near", "new.carol.near", {DeployContractAction{other_code}});
  ASSERT_TRUE(later.error);
  EXPECT_EQ(later.error->kind, CallErrorKind::ActorNoPermission);
  auto delete_later = run("carol.near", "new.carol.near", {DeleteAccountAction{"carol.near"}});
  ASSERT_TRUE(delete_later.error);
  EXPECT_EQ(delete_later.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(ActorCheckTest, OnlyTheAccountItselfDeletesItself) {
  const auto before = snapshot();
  auto refused = run("carol.near", "owner.near", {DeleteAccountAction{"carol.near"}});
  EXPECT_EQ(refused.status, CallStatus::Failure);
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(refused.error->message, "'carol.near' may not delete 'owner.near'");
  ASSERT_EQ(refused.receipts.size(), 1u);  // no payout to the beneficiary
  EXPECT_EQ(refused.receipts[0].outcome.gas_burnt, 0u);
  EXPECT_EQ(snapshot(), before);

  // nearcore checks the actor before the stake: a foreign deletion of a staking account is
  // ActorNoPermission, not DeleteAccountStaking.
  ASSERT_EQ(run("alice.near", "alice.near", {StakeAction{400, kStakeKey}}).status,
            CallStatus::Success);
  const auto staking = snapshot();
  auto refused_staking = run("carol.near", "alice.near", {DeleteAccountAction{"carol.near"}});
  ASSERT_TRUE(refused_staking.error);
  EXPECT_EQ(refused_staking.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(snapshot(), staking);

  // The account itself deletes itself; its balance and its code go.
  const Balance carol = balance("carol.near");
  auto own = run("owner.near", "owner.near", {DeleteAccountAction{"carol.near"}});
  EXPECT_EQ(own.status, CallStatus::Success);
  EXPECT_FALSE(load_account(overlay, "owner.near").value().has_value());
  EXPECT_EQ(balance("carol.near"), carol + 10 * kNear);
  EXPECT_EQ(*state::CodeStore::reference_count(overlay, state::sha256(owner_code)), 0u);
}

TEST_F(ActorCheckTest, OnlyTheAccountItselfStakes) {
  const auto before = snapshot();
  auto refused = run("carol.near", "owner.near", {StakeAction{kNear, kStakeKey}});
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->kind, CallErrorKind::ActorNoPermission);
  EXPECT_EQ(refused.error->message, "'carol.near' may not stake for 'owner.near'");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(run("owner.near", "owner.near", {StakeAction{kNear, kStakeKey}}).status,
            CallStatus::Success);
  EXPECT_EQ(load_account(overlay, "owner.near").value()->locked, kNear);
}

TEST_F(ActorCheckTest, AContractCannotDeployToOrDeleteAnotherAccount) {
  ASSERT_TRUE(executor.create_account(overlay, "evil.near", 10 * kNear)->ok());
  ASSERT_TRUE(
      executor.deploy_contract(overlay, "evil.near", wat_to_wasm(kForeignActionsContract))->ok());
  const auto before = snapshot();
  for (const char* method : {"overwrite", "steal"}) {
    SCOPED_TRACE(method);
    auto r = run("carol.near", "evil.near",
                 {FunctionCallReceiptAction{method, "owner.near", 0, 30 * kTeraGas, 0}});
    // The call succeeds; the receipt it sends from evil.near to owner.near is refused.
    EXPECT_EQ(r.status, CallStatus::Success);
    ASSERT_EQ(r.receipts.size(), 2u);
    EXPECT_EQ(r.receipts[1].predecessor_id, "evil.near");
    EXPECT_EQ(r.receipts[1].receiver_id, "owner.near");
    ASSERT_TRUE(r.receipts[1].outcome.error);
    EXPECT_EQ(r.receipts[1].outcome.error->kind, CallErrorKind::ActorNoPermission);
    EXPECT_EQ(snapshot(), before);
  }
  // On its own account the same receipts apply ("overwrite" replaces evil.near's code).
  auto own = run("carol.near", "evil.near",
                 {FunctionCallReceiptAction{"overwrite", "evil.near", 0, 30 * kTeraGas, 0}});
  ASSERT_EQ(own.receipts.size(), 2u);
  EXPECT_TRUE(own.receipts[1].outcome.ok());
  EXPECT_EQ(code_hash("evil.near"), state::sha256(std::string("\0asm\1\0\0\0", 8)));
}

// nearcore checks that the receiver exists before it checks the actor: every action but
// CreateAccount on a missing account is AccountDoesNotExist, whoever sends it.
TEST_F(ActorCheckTest, AMissingReceiverIsAccountDoesNotExistBeforeTheActorCheck) {
  ASSERT_TRUE(executor.create_account(overlay, "evil.near", 10 * kNear)->ok());
  ASSERT_TRUE(
      executor.deploy_contract(overlay, "evil.near", wat_to_wasm(kForeignActionsContract))->ok());
  const auto before = snapshot();
  const std::vector<ReceiptAction> actor_only = {
      DeployContractAction{other_code},
      StakeAction{kNear, kStakeKey},
      AddKeyAction{kStakeKey, 0, true, 0, "", {}},
      DeleteKeyAction{kStakeKey},
      DeleteAccountAction{"carol.near"},
      DeleteSubmoduleAction{"k"},
  };
  for (size_t i = 0; i < actor_only.size(); ++i) {
    SCOPED_TRACE(i);
    auto r = run("carol.near", "ghost.carol.near", {actor_only[i]});
    EXPECT_EQ(r.status, CallStatus::Failure);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, CallErrorKind::AccountDoesNotExist);
    EXPECT_EQ(r.error->message, "account 'ghost.carol.near' does not exist");
    ASSERT_EQ(r.receipts.size(), 1u);
    // The fee the action burns when refused: only the submodule actions have one yet.
    const Gas fee = std::holds_alternative<DeleteSubmoduleAction>(actor_only[i])
                        ? delete_submodule_fee(executor.config().submodules, false, 1)
                        : 0;
    EXPECT_EQ(r.receipts[0].outcome.gas_burnt, fee);
    EXPECT_EQ(snapshot(), before);
  }
  // The same from a contract's receipt (evil.near deploys to ghost.carol.near).
  auto from_contract =
      run("carol.near", "evil.near",
          {FunctionCallReceiptAction{"overwrite", "ghost.carol.near", 0, 30 * kTeraGas, 0}});
  EXPECT_EQ(from_contract.status, CallStatus::Success);
  ASSERT_EQ(from_contract.receipts.size(), 2u);
  EXPECT_EQ(from_contract.receipts[1].predecessor_id, "evil.near");
  EXPECT_EQ(from_contract.receipts[1].receiver_id, "ghost.carol.near");
  ASSERT_TRUE(from_contract.receipts[1].outcome.error);
  EXPECT_EQ(from_contract.receipts[1].outcome.error->kind, CallErrorKind::AccountDoesNotExist);
  EXPECT_EQ(snapshot(), before);
  // A CreateAccount first makes the receiver exist and its creator the actor.
  auto created =
      run("carol.near", "ghost.carol.near",
          {CreateAccountAction{}, TransferAction{kNear}, DeployContractAction{other_code}});
  EXPECT_EQ(created.status, CallStatus::Success);
  EXPECT_EQ(code_hash("ghost.carol.near"), state::sha256(other_code));
}

// nearcore's validate_actions: a DeleteAccount must be the transaction's last action. The
// transaction is refused before the signer is looked at or charged, and nothing is applied.
TEST_F(ActorCheckTest, DeleteAccountMustBeTheTransactionsLastAction) {
  const auto before = snapshot();
  struct Case {
    std::string signer;
    std::vector<ReceiptAction> actions;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"owner.near",
       {DeleteAccountAction{"carol.near"}, TransferAction{kNear}},
       "DeleteAccount must be the last action: it is action 1 of 2"},
      {"owner.near",
       {TransferAction{kNear}, DeleteAccountAction{"carol.near"}, DeployContractAction{other_code}},
       "DeleteAccount must be the last action: it is action 2 of 3"},
      {"owner.near",
       {DeleteAccountAction{"carol.near"}, DeleteAccountAction{"carol.near"}},
       "DeleteAccount must be the last action: it is action 1 of 2"},
      // Before the balance and the signer's existence are checked.
      {"owner.near",
       {TransferAction{100 * kNear}, DeleteAccountAction{"carol.near"}, TransferAction{1}},
       "DeleteAccount must be the last action: it is action 2 of 3"},
      {"ghost.near",
       {DeleteAccountAction{"carol.near"}, CreateAccountAction{}},
       "DeleteAccount must be the last action: it is action 1 of 2"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    auto r = run(cases[i].signer, "owner.near", cases[i].actions);
    EXPECT_EQ(r.status, CallStatus::Failure);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, CallErrorKind::DeleteActionMustBeFinal);
    EXPECT_EQ(r.error->message, cases[i].message);
    EXPECT_TRUE(r.receipts.empty());
    EXPECT_EQ(r.blocks, 0u);
    EXPECT_EQ(snapshot(), before);
  }
  // Last, it runs: the transfer comes back to owner.near, whose whole balance goes to carol.near.
  const Balance carol = balance("carol.near");
  auto last =
      run("owner.near", "owner.near", {TransferAction{kNear}, DeleteAccountAction{"carol.near"}});
  EXPECT_EQ(last.status, CallStatus::Success);
  EXPECT_FALSE(load_account(overlay, "owner.near").value().has_value());
  EXPECT_EQ(balance("carol.near"), carol + 10 * kNear);
}

namespace {

// Batches on the account named by its input: "delete_then_create" a DeleteAccount (beneficiary
// carol.near) followed by a CreateAccount, "delete_only" the DeleteAccount alone.
const char* kDeleteBatchContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "log_utf8" (func $log (param i64 i64)))
  (import "env" "promise_batch_create" (func $create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_delete_account" (func $delete (param i64 i64 i64)))
  (import "env" "promise_batch_action_create_account" (func $create_account (param i64)))
  (memory 1)
  (data (i32.const 16) "carol.near")
  (data (i32.const 32) "batching")
  (func $delete_target (result i64)
    (local $p i64)
    (call $log (i64.const 8) (i64.const 32))
    (call $input (i64.const 0))
    (local.set $p (call $create (i64.const -1) (i64.const 0)))
    (call $delete (local.get $p) (i64.const 10) (i64.const 16))
    (local.get $p))
  (func (export "delete_then_create")
    (call $create_account (call $delete_target)))
  (func (export "delete_only")
    (drop (call $delete_target)))
))";

}  // namespace

// nearcore validates the receipts a call creates as it validates a transaction: a DeleteAccount
// that is not the last action of one fails the call (NewReceiptValidationError), which sends none
// of them, keeps its logs and burns its gas; the receipt's state and deposits roll back.
TEST_F(ActorCheckTest, ACallsNewReceiptMustEndWithItsDeleteAccount) {
  ASSERT_TRUE(executor.create_account(overlay, "batch.near", 10 * kNear)->ok());
  ASSERT_TRUE(
      executor.deploy_contract(overlay, "batch.near", wat_to_wasm(kDeleteBatchContract))->ok());
  const auto before = snapshot();
  auto r =
      run("carol.near", "batch.near",
          {FunctionCallReceiptAction{"delete_then_create", "batch.near", kNear, 30 * kTeraGas, 0}});
  EXPECT_EQ(r.status, CallStatus::Failure);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, CallErrorKind::NewReceiptValidationError);
  EXPECT_EQ(r.error->detail, "DeleteActionMustBeFinal");
  EXPECT_EQ(r.error->message,
            "a receipt to 'batch.near' created by the call is not valid: DeleteAccount must be the "
            "last action: it is action 1 of 2");
  // The call's receipt, then the refund of its deposit: no receipt of the call ran.
  ASSERT_EQ(r.receipts.size(), 2u);
  const CallOutcome& call = r.receipts[0].outcome;
  EXPECT_GT(call.gas_burnt, 0u);
  EXPECT_EQ(call.gas_used, call.gas_burnt);
  EXPECT_TRUE(call.receipts.empty());
  EXPECT_EQ(call.logs, std::vector<std::string>{"batching"});
  EXPECT_EQ(r.receipts[1].predecessor_id, "system");
  EXPECT_EQ(r.receipts[1].receiver_id, "carol.near");
  EXPECT_EQ(snapshot(), before);

  // The DeleteAccount last: the receipt is sent and deletes batch.near.
  const Balance carol = balance("carol.near");
  auto valid = run("carol.near", "batch.near",
                   {FunctionCallReceiptAction{"delete_only", "batch.near", 0, 30 * kTeraGas, 0}});
  EXPECT_EQ(valid.status, CallStatus::Success);
  ASSERT_GE(valid.receipts.size(), 2u);
  EXPECT_TRUE(valid.receipts[1].outcome.ok());
  EXPECT_FALSE(load_account(overlay, "batch.near").value().has_value());
  EXPECT_EQ(balance("carol.near"), carol + 10 * kNear);
}

// nearcore validate_delete_action: a DeleteAccount's beneficiary must be a valid account id
// (ActionsValidationError::InvalidAccountId). The transaction is refused with InvalidAccountId
// before the signer is looked at, the message names the id, and nothing is applied.
TEST_F(ActorCheckTest, DeleteAccountBeneficiaryMustBeAValidAccountId) {
  const auto before = snapshot();
  struct Case {
    std::string signer;
    std::vector<ReceiptAction> actions;
    CallErrorKind kind;
    std::string message;
  };
  const std::string long_id(200, 'a');
  const std::vector<Case> cases = {
      {"owner.near",
       {DeleteAccountAction{"Bad!"}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary 'Bad!' of DeleteAccount (action 1 of 1) is invalid: account id 'Bad!' has "
       "an invalid character at byte 0"},
      {"owner.near",
       {TransferAction{kNear}, DeleteAccountAction{"a"}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary 'a' of DeleteAccount (action 2 of 2) is invalid: account id 'a' is too "
       "short (at least 2 bytes)"},
      {"owner.near",
       {DeleteAccountAction{""}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary '' of DeleteAccount (action 1 of 1) is invalid: account id '' is too short "
       "(at least 2 bytes)"},
      {"owner.near",
       {DeleteAccountAction{"carol.near."}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary 'carol.near.' of DeleteAccount (action 1 of 1) is invalid: account id "
       "'carol.near.' ends with a separator"},
      {"owner.near",
       {DeleteAccountAction{long_id}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary '" + std::string(128, 'a') +
           "...' of DeleteAccount (action 1 of 1) is invalid: account id is too long (at most 64 "
           "bytes)"},
      // Before the signer's existence is checked.
      {"ghost.near",
       {DeleteAccountAction{"Bad!"}},
       CallErrorKind::InvalidAccountId,
       "the beneficiary 'Bad!' of DeleteAccount (action 1 of 1) is invalid: account id 'Bad!' has "
       "an invalid character at byte 0"},
      // As in nearcore, a DeleteAccount that is not last is DeleteActionMustBeFinal first.
      {"owner.near",
       {DeleteAccountAction{"Bad!"}, TransferAction{1}},
       CallErrorKind::DeleteActionMustBeFinal,
       "DeleteAccount must be the last action: it is action 1 of 2"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    auto r = run(cases[i].signer, "owner.near", cases[i].actions);
    EXPECT_EQ(r.status, CallStatus::Failure);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, cases[i].kind);
    EXPECT_EQ(r.error->detail, "");
    EXPECT_EQ(r.error->message, cases[i].message);
    EXPECT_TRUE(r.receipts.empty());
    EXPECT_EQ(r.blocks, 0u);
    EXPECT_EQ(snapshot(), before);
  }
  // validate_actions also checks the receipts a call creates: such a receipt fails the call with
  // NewReceiptValidationError, detail InvalidAccountId (below: the host function refuses the id
  // before a receipt can hold it, so this is what the executor would report for one).
  auto invalid = validate_actions({TransferAction{1}, DeleteAccountAction{"Bad!"}});
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->kind, CallErrorKind::InvalidAccountId);
  EXPECT_EQ(invalid->message,
            "the beneficiary 'Bad!' of DeleteAccount (action 2 of 2) is invalid: account id 'Bad!' "
            "has an invalid character at byte 0");
  EXPECT_FALSE(validate_actions({TransferAction{1}, DeleteAccountAction{"carol.near"}}));
}

TEST_F(ActorCheckTest, AFunctionCallKeysReceiverMustBeAValidAccountId) {
  const auto before = snapshot();
  auto r =
      run("owner.near", "owner.near", {AddKeyAction{kStakeKey, 0, false, 0, "No Such!", {"m"}}});
  EXPECT_EQ(r.status, CallStatus::Failure);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, CallErrorKind::InvalidAccountId);
  EXPECT_EQ(
      r.error->message,
      "the receiver 'No Such!' of AddKey's function-call permission (action 1 of 1) is invalid: "
      "account id 'No Such!' has an invalid character at byte 0");
  EXPECT_TRUE(r.receipts.empty());
  EXPECT_EQ(snapshot(), before);
  // A full-access key has no receiver; a valid one is accepted.
  EXPECT_FALSE(validate_actions({AddKeyAction{kStakeKey, 0, true, 0, "", {}}}));
  EXPECT_FALSE(validate_actions({AddKeyAction{kStakeKey, 0, false, 0, "carol.near", {}}}));
}

namespace {

// Deletes its own account with the beneficiary given as its input.
const char* kDeleteToContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "current_account_id" (func $current_account_id (param i64)))
  (import "env" "promise_batch_create" (func $create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_delete_account" (func $delete (param i64 i64 i64)))
  (memory 1)
  (func (export "delete_to") (local $p i64)
    (call $current_account_id (i64.const 1))
    (local.set $p (call $create (i64.const -1) (i64.const 1)))
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 64))
    (call $delete (local.get $p) (call $register_len (i64.const 0)) (i64.const 64)))
))";

}  // namespace

// A contract cannot create a DeleteAccount receipt with an invalid beneficiary: the host function
// refuses the id (HostError InvalidAccountId, as nearcore's read_and_parse_account_id), the call
// fails and nothing is applied; a valid beneficiary gets the balance.
TEST_F(ActorCheckTest, AContractsDeleteAccountNeedsAValidBeneficiary) {
  ASSERT_TRUE(executor.create_account(overlay, "deleter.near", 10 * kNear)->ok());
  ASSERT_TRUE(
      executor.deploy_contract(overlay, "deleter.near", wat_to_wasm(kDeleteToContract))->ok());
  const auto before = snapshot();
  for (const std::string& beneficiary :
       std::vector<std::string>{"Bad!", "a", "carol.near.", std::string(65, 'a')}) {
    SCOPED_TRACE(beneficiary);
    auto r = run("carol.near", "deleter.near",
                 {FunctionCallReceiptAction{"delete_to", beneficiary, 0, 30 * kTeraGas, 0}});
    EXPECT_EQ(r.status, CallStatus::Failure);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, CallErrorKind::HostError);
    EXPECT_EQ(r.error->detail, "InvalidAccountId");
    ASSERT_EQ(r.receipts.size(), 1u);
    EXPECT_TRUE(r.receipts[0].outcome.receipts.empty());
    EXPECT_EQ(snapshot(), before);
  }
  const Balance carol = balance("carol.near");
  auto valid = run("carol.near", "deleter.near",
                   {FunctionCallReceiptAction{"delete_to", "carol.near", 0, 30 * kTeraGas, 0}});
  EXPECT_EQ(valid.status, CallStatus::Success);
  EXPECT_FALSE(load_account(overlay, "deleter.near").value().has_value());
  EXPECT_EQ(balance("carol.near"), carol + 10 * kNear);
}
