// fungible_token.wasm (MANIFEST.md): NEP-141/145/148 reference token (near-sdk 4.0).
#include "contract_env.h"

using namespace syncwasm::testing;

namespace {
void set_up(ContractEnv& env, const std::vector<uint8_t>& code) {
  env.create("alice.near");
  env.create("bob.near");
  env.create("ft.near");
  env.deploy("ft.near", code);
  auto init = env.call("ft.near", "new_default_meta", R"({"owner_id":"alice.near","total_supply":"1000000"})",
                       "alice.near");
  EXPECT_RETURNS(init, "");
  EXPECT_TRUE(init.logs.empty());
  EXPECT_EQ(init.gas_burnt, 944'091'086'053u);  // golden: docs/near-contracts.md
}
}  // namespace

TEST(FungibleToken, SupplyBalancesAndMetadata) {
  SKIP_WITHOUT_CONTRACT(code, "fungible_token.wasm");
  ContractEnv env;
  set_up(env, code);
  EXPECT_RETURNS(env.view("ft.near", "ft_total_supply"), "\"1000000\"");
  EXPECT_RETURNS(env.view("ft.near", "ft_balance_of", R"({"account_id":"alice.near"})"), "\"1000000\"");
  EXPECT_RETURNS(env.view("ft.near", "ft_balance_of", R"({"account_id":"carol.near"})"), "\"0\"");
  auto meta = env.view("ft.near", "ft_metadata");
  ASSERT_TRUE(meta.ok()) << env.last_error();
  EXPECT_NE(meta.return_data->find("\"symbol\":\"EXAMPLE\""), std::string::npos);
  EXPECT_NE(meta.return_data->find("\"decimals\":24"), std::string::npos);
}

TEST(FungibleToken, RegisterThenTransfer) {
  SKIP_WITHOUT_CONTRACT(code, "fungible_token.wasm");
  ContractEnv env;
  set_up(env, code);
  // 125 bytes of storage per account at near-sdk's 1e19 yocto per byte.
  const syncwasm::runtime::Balance min = syncwasm::runtime::Balance(1'250'000'000'000ull) * 1'000'000'000ull;
  EXPECT_RETURNS(env.view("ft.near", "storage_balance_bounds"),
                 R"({"min":"1250000000000000000000","max":"1250000000000000000000"})");
  // Unregistered receivers are refused.
  auto early = env.call("ft.near", "ft_transfer", R"({"receiver_id":"bob.near","amount":"10"})", "alice.near", 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error->detail, "GuestPanic");
  EXPECT_EQ(early.error->message, "The account bob.near is not registered");
  auto reg = env.call("ft.near", "storage_deposit", R"({"account_id":"bob.near"})", "bob.near", min);
  EXPECT_RETURNS(reg, R"({"total":"1250000000000000000000","available":"0"})");
  EXPECT_RETURNS(env.view("ft.near", "storage_balance_of", R"({"account_id":"bob.near"})"),
                 R"({"total":"1250000000000000000000","available":"0"})");
  // ft_transfer needs exactly one yoctoNEAR.
  auto unpaid = env.call("ft.near", "ft_transfer", R"({"receiver_id":"bob.near","amount":"10"})", "alice.near", 0);
  ASSERT_FALSE(unpaid.ok());
  EXPECT_EQ(unpaid.error->message, "Requires attached deposit of exactly 1 yoctoNEAR");
  auto transfer = env.call("ft.near", "ft_transfer", R"({"receiver_id":"bob.near","amount":"10"})", "alice.near", 1);
  EXPECT_RETURNS(transfer, "");
  ASSERT_EQ(transfer.logs.size(), 1u);
  EXPECT_EQ(transfer.logs[0],
            R"(EVENT_JSON:{"standard":"nep141","version":"1.0.0","event":"ft_transfer","data":[{"old_owner_id":"alice.near","new_owner_id":"bob.near","amount":"10"}]})");
  EXPECT_RETURNS(env.view("ft.near", "ft_balance_of", R"({"account_id":"alice.near"})"), "\"999990\"");
  EXPECT_RETURNS(env.view("ft.near", "ft_balance_of", R"({"account_id":"bob.near"})"), "\"10\"");
  EXPECT_RETURNS(env.view("ft.near", "ft_total_supply"), "\"1000000\"");
  EXPECT_EQ(reg.gas_burnt, 613'967'005'219u);  // golden: docs/near-contracts.md
  EXPECT_EQ(transfer.gas_burnt, 813'396'412'164u);
}

TEST(FungibleToken, TransferCallCreatesTheReceiverCallAndTheResolveCallback) {
  SKIP_WITHOUT_CONTRACT(code, "fungible_token.wasm");
  ContractEnv env;
  set_up(env, code);
  const syncwasm::runtime::Balance min = syncwasm::runtime::Balance(1'250'000'000'000ull) * 1'000'000'000ull;
  // An over-deposit is registered and the excess refunded with a transfer receipt.
  auto reg = env.call("ft.near", "storage_deposit", R"({"account_id":"bob.near"})", "bob.near", 3 * min);
  EXPECT_RETURNS(reg, R"({"total":"1250000000000000000000","available":"0"})");
  ASSERT_EQ(reg.receipts.size(), 1u);
  EXPECT_EQ(reg.receipts[0], (syncwasm::runtime::OutgoingReceipt{"bob.near", {}, {syncwasm::runtime::TransferAction{2 * min}}}));
  auto call = env.call("ft.near", "ft_transfer_call", R"({"receiver_id":"bob.near","amount":"10","msg":"hi"})",
                       "alice.near", 1);
  using namespace syncwasm::runtime;
  EXPECT_RETURNS(call, "");
  EXPECT_EQ(call.logs, (std::vector<std::string>{
                           R"(EVENT_JSON:{"standard":"nep141","version":"1.0.0","event":"ft_transfer","data":[{"old_owner_id":"alice.near","new_owner_id":"bob.near","amount":"10"}]})"}));
  // Static gas 270 Tgas and 5 Tgas (prepaid - 30 Tgas, and the resolve constant), plus equal
  // shares (weight 1 each) of the unused gas: used gas becomes the whole 300 Tgas.
  const Gas share = 10'820'138'572'816;
  EXPECT_EQ(call.returned_receipt, std::optional<uint64_t>(1));
  ASSERT_EQ(call.receipts.size(), 2u);
  EXPECT_EQ(call.receipts[0],
            (OutgoingReceipt{"bob.near", {}, {FunctionCallReceiptAction{"ft_on_transfer", R"({"sender_id":"alice.near","amount":"10","msg":"hi"})", 0, 270 * kTeraGas + share, 1}}}));
  EXPECT_EQ(call.receipts[1],
            (OutgoingReceipt{"ft.near", {0}, {FunctionCallReceiptAction{"ft_resolve_transfer", R"({"sender_id":"alice.near","receiver_id":"bob.near","amount":"10"})", 0, 5 * kTeraGas + share, 1}}}));
  EXPECT_EQ(call.gas_used, 300 * kTeraGas);
  EXPECT_EQ(call.gas_burnt, 1'583'270'700'202u);  // golden: docs/near-contracts.md
  // The tokens moved already; ft_resolve_transfer would refund what ft_on_transfer returns.
  EXPECT_RETURNS(env.view("ft.near", "ft_balance_of", R"({"account_id":"bob.near"})"), "\"10\"");
}
