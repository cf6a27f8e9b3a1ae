// non_fungible_token.wasm (MANIFEST.md): NEP-171 reference NFT, the calls that need no promise.
#include "contract_env.h"

using namespace syncwasm::testing;

TEST(NonFungibleToken, InitAndMintWithTheExactStorageDeposit) {
  SKIP_WITHOUT_CONTRACT(code, "non_fungible_token.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("nft.near", code);
  auto init = env.call("nft.near", "new_default_meta", R"({"owner_id":"bob.near"})");
  EXPECT_RETURNS(init, "");
  EXPECT_EQ(init.gas_burnt, 2'365'329'809'341u);  // golden: docs/near-contracts.md
  EXPECT_RETURNS(env.view("nft.near", "nft_total_supply"), "\"0\"");
  // The argument is token_owner_id (MANIFEST.md says receiver_id, which the contract refuses).
  const std::string mint_args = R"({"token_id":"0","token_owner_id":"bob.near","token_metadata":{"title":"t"}})";
  auto unpaid = env.call("nft.near", "nft_mint", mint_args, "bob.near", 0);
  ASSERT_FALSE(unpaid.ok());
  EXPECT_EQ(unpaid.error->message, "Must attach 5220000000000000000000 yoctoNEAR to cover storage");
  // The exact deposit leaves nothing to refund, so no transfer promise is needed.
  const syncwasm::runtime::Balance deposit = syncwasm::runtime::Balance(5'220'000'000'000ull) * 1'000'000'000ull;
  auto mint = env.call("nft.near", "nft_mint", mint_args, "bob.near", deposit);
  const std::string token =
      R"({"token_id":"0","owner_id":"bob.near","metadata":{"title":"t","description":null,"media":null,"media_hash":null,"copies":null,"issued_at":null,"expires_at":null,"starts_at":null,"updated_at":null,"extra":null,"reference":null,"reference_hash":null},"approved_account_ids":{}})";
  EXPECT_RETURNS(mint, token);
  EXPECT_EQ(mint.logs, (std::vector<std::string>{
                           R"(EVENT_JSON:{"standard":"nep171","version":"1.0.0","event":"nft_mint","data":[{"owner_id":"bob.near","token_ids":["0"]}]})"}));
  EXPECT_EQ(mint.gas_burnt, 1'296'239'410'327u);
  EXPECT_RETURNS(env.view("nft.near", "nft_total_supply"), "\"1\"");
  EXPECT_RETURNS(env.view("nft.near", "nft_token", R"({"token_id":"0"})"), token);
  auto big = env.call("nft.near", "nft_mint", R"({"token_id":"1","token_owner_id":"bob.near","token_metadata":{"title":"t"}})",
                      "bob.near", deposit * 2);
  // The second token of the same owner needs 3.85e21 (the owner's token set exists); the rest is
  // refunded with a transfer receipt to the predecessor.
  ASSERT_TRUE(big.ok()) << env.last_error();
  const syncwasm::runtime::Balance refund = syncwasm::runtime::Balance(6'590'000'000'000ull) * 1'000'000'000ull;
  ASSERT_EQ(big.receipts.size(), 1u);
  EXPECT_EQ(big.receipts[0], (syncwasm::runtime::OutgoingReceipt{"bob.near", {}, {syncwasm::runtime::TransferAction{refund}}}));
  EXPECT_RETURNS(env.view("nft.near", "nft_total_supply"), "\"2\"");
}
