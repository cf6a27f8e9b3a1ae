// `syncwasm account create ACCOUNT [--balance YOCTO]` and `syncwasm account view ACCOUNT`.
#include "command.h"
#include "data_dir.h"
#include "json_output.h"
#include "outcome_output.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/account_id.h"
#include "units.h"

namespace syncwasm::cli {
namespace {

struct CreateOptions {
  std::string account;
  std::string balance = "100NEAR";
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
  auto chain = open_chain(ctx);
  auto pending = chain->execute({node::CreateAccountOp{options.account, *balance}});
  if (!pending.ok()) fail_data_dir(ctx, pending.error());
  const runtime::TransactionResult& result = pending->results().front();
  if (result.status != runtime::CallStatus::Success) {
    const bool exists = result.error->kind == runtime::CallErrorKind::AccountAlreadyExists;
    fail(exists || result.error->kind == runtime::CallErrorKind::InvalidAccountId ? kExitUsage
                                                                                  : kExitCallFailed,
         describe_error(*result.error));
  }
  auto block = chain->commit(std::move(*pending));
  if (!block.ok()) fail_data_dir(ctx, block.error());
  *ctx.out << "created " << options.account << " with " << format_near(*balance) << " ("
           << runtime::balance_to_string(*balance) << " yoctoNEAR) in block " << block->height
           << ", state root " << state::to_hex(block->root) << "\n";
  return kExitOk;
}

int run_view(const ViewOptions& options, CommandContext& ctx) {
  check_account_id(options.account, "ACCOUNT");
  auto chain = open_chain(ctx);
  auto account = runtime::load_account(chain->state(), options.account);
  if (!account.ok()) fail_data_dir(ctx, account.error());
  if (!account->has_value())
    fail(kExitNotFound, "account '" + options.account + "' does not exist");
  const runtime::Account& a = **account;
  if (options.json) {
    nlohmann::json o = {{"account_id", options.account},
                        {"balance", runtime::balance_to_string(a.amount)},
                        {"locked", runtime::balance_to_string(a.locked)},
                        {"storage_usage", a.storage_usage},
                        {"code_hash", a.code_hash ? nlohmann::json(state::to_hex(*a.code_hash))
                                                  : nlohmann::json()}};
    *ctx.out << json_line(o);
    return kExitOk;
  }
  *ctx.out << "account: " << options.account << "\n"
           << "balance: " << runtime::balance_to_string(a.amount) << " (" << format_near(a.amount)
           << ")\n"
           << "locked: " << runtime::balance_to_string(a.locked) << "\n"
           << "storage usage: " << a.storage_usage << " bytes\n"
           << "code hash: " << (a.code_hash ? state::to_hex(*a.code_hash) : "none") << "\n";
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
  create->footer(
      "On this local chain account creation is privileged (nobody pays, as genesis records on\n"
      "NEAR): any valid id can be created, with any balance. An existing account is refused\n"
      "(exit 2) and nothing is committed.\n" +
      chain_exit_statuses(", account exists"));
  on_parsed(create, ctx,
            [create_options](CommandContext& c) { return run_create(*create_options, c); });

  auto view_options = std::make_shared<ViewOptions>();
  CLI::App* view =
      account->add_subcommand("view", "Show an account: balance, locked, storage usage, code hash");
  view->add_option("ACCOUNT", view_options->account, "The account id")->required();
  view->add_flag(
      "--json", view_options->json,
      "Print one JSON object: account_id, balance and locked (yoctoNEAR as decimal strings), "
      "storage_usage, code_hash (hex or null)");
  view->footer(chain_exit_statuses());
  on_parsed(view, ctx, [view_options](CommandContext& c) { return run_view(*view_options, c); });
}

}  // namespace syncwasm::cli
