// staking_pool.wasm and factory_contract_low_level.wasm (MANIFEST.md): batch actions (stake,
// create account, transfer, add key, deploy) through the ReceiptExecutor.
#include "contract_env.h"
#include "syncwasm/runtime/access_key.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using namespace syncwasm::testing;

TEST(StakingPool, NewStakesTheBalanceAndAnswersViews) {
  SKIP_WITHOUT_CONTRACT(code, "staking_pool.wasm");
  ReceiptChain c;
  c.create("owner.near");
  c.create("pool.near");
  c.deploy("pool.near", code);
  auto init = c.call("owner.near", "pool.near", "new",
                     R"({"owner_id":"owner.near","stake_public_key":"ed25519:6E8sCci9badyRkXb3JoRpBj5p8C6Tw41ELDZoiihKEtp","reward_fee_fraction":{"numerator":10,"denominator":100}})");
  EXPECT_EQ(init.status, CallStatus::Success) << (init.error ? init.error->message : "");
  // new -> a stake receipt to itself -> the on_stake_action callback.
  ASSERT_EQ(init.receipts.size(), 3u);
  for (const auto& r : init.receipts) EXPECT_TRUE(r.outcome.ok());
  // Everything but the contract's 1e12-yocto share-price guarantee fund is staked (MANIFEST.md
  // says 1e24; the source's STAKE_SHARE_PRICE_GUARANTEE_FUND is 1e12).
  Account pool = *load_account(c.overlay, "pool.near").value();
  EXPECT_EQ(pool.amount, Balance(1'000'000'000'000ull));
  EXPECT_EQ(pool.locked, 100 * kNear - Balance(1'000'000'000'000ull));
  EXPECT_EQ(c.view("pool.near", "get_owner_id"), "\"owner.near\"");
  EXPECT_EQ(c.view("pool.near", "get_reward_fee_fraction"), R"({"numerator":10,"denominator":100})");
  EXPECT_EQ(c.view("pool.near", "get_staking_key"), "\"ed25519:6E8sCci9badyRkXb3JoRpBj5p8C6Tw41ELDZoiihKEtp\"");
  EXPECT_EQ(c.view("pool.near", "is_staking_paused"), "false");
  EXPECT_EQ(c.view("pool.near", "get_number_of_accounts"), "0");
  EXPECT_EQ(c.view("pool.near", "get_total_staked_balance"), "\"99999999999999000000000000\"");
  EXPECT_EQ(c.view("pool.near", "get_account_staked_balance", R"({"account_id":"bob.near"})"), "\"0\"");
}

TEST(FactoryContract, DeployStatusMessageCreatesTheAccountWithTheSignersKey) {
  SKIP_WITHOUT_CONTRACT(code, "factory_contract_low_level.wasm");
  SKIP_WITHOUT_CONTRACT(status_code, "status_message.wasm");
  ReceiptChain c;
  c.create("owner.near");
  c.create("factory.near");
  c.deploy("factory.near", code);
  std::string signer_pk = std::string(1, '\0') + std::string(32, '\x07');
  auto r = c.call("owner.near", "factory.near", "deploy_status_message",
                  R"({"account_id":"status.factory.near","amount":"1000000000000000000000000"})", 0,
                  300 * kTeraGas, signer_pk);
  ASSERT_GE(r.receipts.size(), 2u);
  const CallOutcome& first = r.receipts[0].outcome;
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.receipts.size(), 1u);
  const OutgoingReceipt& created = first.receipts[0];
  EXPECT_EQ(created.receiver_id, "status.factory.near");
  ASSERT_EQ(created.actions.size(), 4u);
  EXPECT_EQ(created.actions[0], ReceiptAction{CreateAccountAction{}});
  EXPECT_EQ(created.actions[1], ReceiptAction{TransferAction{kNear}});
  AddKeyAction key;
  key.public_key = signer_pk;
  EXPECT_EQ(created.actions[2], ReceiptAction{key});
  // The embedded contract is status_message.wasm, byte for byte.
  EXPECT_EQ(created.actions[3],
            ReceiptAction{DeployContractAction{std::string(status_code.begin(), status_code.end())}});
  // The account gets 1 NEAR and the signer's key (82 bytes), then 122,381 bytes of code that 1 NEAR
  // cannot stake (1e19 yocto per byte): the receipt fails as a whole (LackBalanceForState, as
  // nearcore's storage check at the end of the receipt) and the deposit returns to the factory.
  ASSERT_EQ(r.receipts.size(), 3u);
  EXPECT_EQ(r.receipts[1].outcome.error->kind, CallErrorKind::LackBalanceForState);
  EXPECT_EQ(r.receipts[2].receiver_id, "factory.near");
  EXPECT_FALSE(load_account(c.overlay, "status.factory.near").value().has_value());
  EXPECT_FALSE(load_access_key(c.overlay, "status.factory.near", signer_pk).value().has_value());
  EXPECT_EQ(load_account(c.overlay, "factory.near").value()->amount, 100 * kNear);
  // With 2 NEAR it is created with the contract and the signer's full-access key, whose nonce is
  // (height - 1) * 10^6 for the round the receipt ran in (11).
  Transaction tx{"owner.near",
                 "factory.near",
                 signer_pk,
                 {FunctionCallReceiptAction{
                     "deploy_status_message",
                     R"({"account_id":"status.factory.near","amount":"2000000000000000000000000"})",
                     0, 300 * kTeraGas, 0}}};
  BlockContext block;
  block.height = 10;
  auto deployed = c.receipts.apply(c.overlay, tx, block);
  ASSERT_TRUE(deployed.ok());
  EXPECT_EQ(deployed->status, CallStatus::Success);
  ASSERT_EQ(deployed->receipts.size(), 2u);
  EXPECT_TRUE(deployed->receipts[1].outcome.ok());
  EXPECT_EQ(deployed->receipts[1].block_height, 11u);
  EXPECT_EQ(load_access_key(c.overlay, "status.factory.near", signer_pk).value(),
            (AccessKey{10'000'000, FullAccessPermission{}}));
  const Account account = *load_account(c.overlay, "status.factory.near").value();
  EXPECT_EQ(account.amount, 2 * kNear);
  EXPECT_EQ(account.storage_usage, 100 + 82 + status_code.size());
  EXPECT_EQ(load_account(c.overlay, "factory.near").value()->amount, 98 * kNear);
}
