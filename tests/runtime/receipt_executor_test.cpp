// ReceiptExecutor on its own: transfers, refunds of failed receipts, transaction checks (access
// keys: access_key_test.cpp).
#include "syncwasm/runtime/receipt_executor.h"

#include <gtest/gtest.h>

#include "logic_harness.h"
#include "syncwasm/runtime/account.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::EmptyState;

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
