// `syncwasm account create ACCOUNT [--balance YOCTO] [--public-key KEY]` and
// `syncwasm account view ACCOUNT` (the record and its access keys).
#include "command.h"
#include "data_dir.h"
#include "json_output.h"
#include "outcome_output.h"
#include "submit.h"
#include "syncwasm/runtime/access_key.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/account_id.h"
#include "syncwasm/runtime/public_key.h"
#include "units.h"

namespace syncwasm::cli {
namespace {

struct CreateOptions {
  std::string account;
  std::string balance = "100NEAR";
  std::string public_key;  // empty: no access key
};

struct ViewOptions {
  std::string account;
  bool json = false;
};

void check_account_id(const std::string& id, const char* what) {
  if (auto why = runtime::account_id_error(id))
    fail(kExitUsage, std::string(what) + " '" + id + "' is invalid: " + *why);
}

int run_create(const CreateOptions& options, CommandContext& ctx) {
  check_account_id(options.account, "ACCOUNT");
  std::string why;
  auto balance = parse_yocto(options.balance, &why);
  if (!balance) fail(kExitUsage, "--balance '" + options.balance + "': " + why);
  std::vector<node::BlockOp> ops = {node::CreateAccountOp{options.account, *balance}};
  std::string key;
  if (!options.public_key.empty()) {
    auto parsed = runtime::parse_public_key_text(options.public_key, &why);
    if (!parsed) fail(kExitUsage, "--public-key '" + options.public_key + "': " + why);
    key = *parsed;
    // The account adds its own key: an AddKey transaction it signs, in the same block.
    runtime::AddKeyAction add;
    add.public_key = key;
    ops.push_back(runtime::Transaction{options.account, options.account, key, {add}});
  }
  auto chain = open_chain(ctx);
  auto pending = chain->execute(ops);
  if (!pending.ok()) fail_data_dir(ctx, pending.error());
  for (const runtime::TransactionResult& result : pending->results()) {
    if (result.status == runtime::CallStatus::Success) continue;
    const Refusal refusal = refusal_or_failure(*result.error, options.account, "");
    fail(refusal.code, refusal.message);
  }
  auto block = chain->commit(std::move(*pending));
  if (!block.ok()) fail_data_dir(ctx, block.error());
  *ctx.out << "created " << options.account << " with " << format_near(*balance) << " ("
           << runtime::balance_to_string(*balance) << " yoctoNEAR)";
  if (!key.empty()) *ctx.out << " and the full-access key " << runtime::public_key_to_text(key);
  *ctx.out << " in block " << block->height << ", state root " << state::to_hex(block->root)
           << "\n";
  return kExitOk;
}

// An access key as NEAR's RPC shows it (view_access_key_list): {public_key, access_key: {nonce,
// permission: "FullAccess" | {"FunctionCall": {allowance, receiver_id, method_names}}}}.
nlohmann::json access_key_json(std::string_view public_key, const runtime::AccessKey& key) {
  nlohmann::json permission = "FullAccess";
  if (const auto* call = std::get_if<runtime::FunctionCallPermission>(&key.permission)) {
    permission = {{"FunctionCall",
                   {{"allowance", call->allowance
                                      ? nlohmann::json(runtime::balance_to_string(*call->allowance))
                                      : nlohmann::json()},
                    {"receiver_id", call->receiver_id},
                    {"method_names", call->method_names}}}};
  }
  return {{"public_key", runtime::public_key_to_text(public_key)},
          {"access_key", {{"nonce", key.nonce}, {"permission", permission}}}};
}

// "ed25519:... nonce N, full access" or "..., function call to R (methods a, b | any method),
// allowance X NEAR (Y yoctoNEAR) | unlimited allowance".
std::string access_key_line(std::string_view public_key, const runtime::AccessKey& key) {
  std::string line =
      runtime::public_key_to_text(public_key) + " nonce " + std::to_string(key.nonce) + ", ";
  const auto* call = std::get_if<runtime::FunctionCallPermission>(&key.permission);
  if (call == nullptr) return line + "full access";
  line += "function call to " + call->receiver_id + " (";
  if (call->method_names.empty()) line += "any method";
  for (size_t i = 0; i < call->method_names.size(); ++i)
    line += (i == 0 ? "methods " : ", ") + call->method_names[i];
  line += "), ";
  if (!call->allowance) return line + "unlimited allowance";
  return line + "allowance " + format_near(*call->allowance) + " (" +
         runtime::balance_to_string(*call->allowance) + " yoctoNEAR)";
}

int run_view(const ViewOptions& options, CommandContext& ctx) {
  check_account_id(options.account, "ACCOUNT");
  auto chain = open_chain(ctx);
  auto account = runtime::load_account(chain->state(), options.account);
  if (!account.ok()) fail_data_dir(ctx, account.error());
  if (!account->has_value())
    fail(kExitNotFound, "account '" + options.account + "' does not exist");
  const runtime::Account& a = **account;
  std::vector<std::pair<std::string, runtime::AccessKey>> keys;
  auto listed =
      runtime::list_access_keys(chain->state(), options.account,
                                [&](std::string_view public_key, const runtime::AccessKey& key) {
                                  keys.emplace_back(std::string(public_key), key);
                                  return true;
                                });
  if (!listed.ok()) fail_data_dir(ctx, listed.error());
  if (options.json) {
    nlohmann::json key_list = nlohmann::json::array();
    for (const auto& [public_key, key] : keys) key_list.push_back(access_key_json(public_key, key));
    nlohmann::json o = {
        {"account_id", options.account},
        {"balance", runtime::balance_to_string(a.amount)},
        {"locked", runtime::balance_to_string(a.locked)},
        {"storage_usage", a.storage_usage},
        {"code_hash", a.code_hash ? nlohmann::json(state::to_hex(*a.code_hash)) : nlohmann::json()},
        {"access_keys", key_list}};
    *ctx.out << json_line(o);
    return kExitOk;
  }
  *ctx.out << "account: " << options.account << "\n"
           << "balance: " << runtime::balance_to_string(a.amount) << " (" << format_near(a.amount)
           << ")\n"
           << "locked: " << runtime::balance_to_string(a.locked) << "\n"
           << "storage usage: " << a.storage_usage << " bytes\n"
           << "code hash: " << (a.code_hash ? state::to_hex(*a.code_hash) : "none") << "\n"
           << "access keys: " << (keys.empty() ? "none" : std::to_string(keys.size())) << "\n";
  for (const auto& [public_key, key] : keys)
    *ctx.out << "  " << access_key_line(public_key, key) << "\n";
  return kExitOk;
}

}  // namespace

void register_account_command(CLI::App& app, CommandContext& ctx) {
  CLI::App* account = app.add_subcommand("account", "Create or show accounts");
  account->require_subcommand(1);
  account->footer("Run 'syncwasm account create --help' or 'syncwasm account view --help'.");

  auto create_options = std::make_shared<CreateOptions>();
  CLI::App* create =
      account->add_subcommand("create", "Create an account with a balance (in a new block)");
  create
      ->add_option("ACCOUNT", create_options->account,
                   "The new account's id (NEAR rules: alice.near)")
      ->required();
  create
      ->add_option("--balance", create_options->balance,
                   "Initial balance: yoctoNEAR (1 NEAR = 10^24) or NEAR with the unit, e.g. 5NEAR "
                   "(default 100NEAR)")
      ->type_name("YOCTO");
  create
      ->add_option("--public-key", create_options->public_key,
                   "Give the account a full-access key: ed25519:BASE58 or secp256k1:BASE58 (added "
                   "by an AddKey transaction of the account in the same block)")
      ->type_name("KEY");
  create->footer(
      "On this local chain account creation is privileged (nobody pays, as genesis records on\n"
      "NEAR): any valid id can be created, with any balance. An existing account or a malformed\n"
      "key is refused (exit 2); a balance too small for the key's storage (82 bytes for an\n"
      "ed25519 key, beside the account's 100) fails with LackBalanceForState (exit 1); nothing is\n"
      "committed then.\n" +
      chain_exit_statuses(", account exists"));
  on_parsed(create, ctx,
            [create_options](CommandContext& c) { return run_create(*create_options, c); });

  auto view_options = std::make_shared<ViewOptions>();
  CLI::App* view = account->add_subcommand(
      "view", "Show an account: balance, locked, storage usage, code hash, access keys");
  view->add_option("ACCOUNT", view_options->account, "The account id")->required();
  view->add_flag(
      "--json", view_options->json,
      "Print one JSON object: account_id, balance and locked (yoctoNEAR as decimal strings), "
      "storage_usage, code_hash (hex or null), access_keys (a list of {public_key, access_key: "
      "{nonce, permission}} as NEAR's RPC shows them: permission \"FullAccess\" or "
      "{\"FunctionCall\": {allowance (yoctoNEAR string or null: unlimited), receiver_id, "
      "method_names}})");
  view->footer(chain_exit_statuses());
  on_parsed(view, ctx, [view_options](CommandContext& c) { return run_view(*view_options, c); });
}

}  // namespace syncwasm::cli
