// `syncwasm submodule ...`: an account's submodules (DESIGN.md §5).
//   submodule deploy ACCOUNT KEY FILE.wasm [--policy JSON | --policy-file F]
//   submodule delete ACCOUNT KEY
//   submodule list ACCOUNT [--prefix HEX] [--limit N] [--json]
//   submodule show ACCOUNT KEY [--json]
//   submodule deploy-dir / deploy-gen (bulk deployment, submodule_bulk.cpp)
// deploy and delete are DeploySubmodule / DeleteSubmodule transactions the account signs to itself
// (a new block, in the state root); list and show read the head block's state.
#include <nlohmann/json.hpp>

#include "command.h"
#include "data_dir.h"
#include "json_output.h"
#include "outcome_output.h"
#include "submodule_input.h"
#include "submodule_tx.h"
#include "syncwasm/hex.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/account_id.h"
#include "syncwasm/runtime/submodule_registry.h"

namespace syncwasm::cli {

void check_submodule_account(const std::string& id) {
  if (auto why = runtime::account_id_error(id))
    fail(kExitUsage, "ACCOUNT '" + id + "' is invalid: " + *why);
}

runtime::Transaction deploy_submodule_transaction(const std::string& account, std::string key,
                                                  std::string code,
                                                  const runtime::SubmodulePolicy& policy) {
  return runtime::Transaction{
      account,
      account,
      {},
      {runtime::DeploySubmoduleAction{std::move(key), std::move(code), policy}}};
}

Refusal submodule_refusal(const runtime::TransactionResult& result, const std::string& account) {
  using K = runtime::CallErrorKind;
  if (!result.error) return Refusal{kExitCallFailed, "the transaction failed"};
  const runtime::CallError& error = *result.error;
  // The messages that say more for a submodule deployment; the exit statuses are refusal_of's.
  switch (error.kind) {
    case K::AccountDoesNotExist:
      return Refusal{kExitNotFound, "account '" + account + "' does not exist"};
    case K::LackBalanceForState:
      return Refusal{kExitCallFailed,
                     "the balance of '" + account + "' cannot cover the storage: " + error.message};
    default:
      return refusal_or_failure(error, account, "");
  }
}

BatchOutcome apply_all_or_nothing(node::Chain& chain, const std::vector<node::BlockOp>& ops,
                                  const std::string& account, const CommandContext& ctx) {
  auto pending = chain.execute(ops);
  if (!pending.ok()) fail_data_dir(ctx, pending.error());
  BatchOutcome outcome;
  const std::vector<runtime::TransactionResult>& results = pending->results();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].status != runtime::CallStatus::Success) {
      outcome.failed = i;
      outcome.refusal = submodule_refusal(results[i], account);
      return outcome;  // the pending block is dropped: nothing committed
    }
  }
  auto block = chain.commit(std::move(*pending));
  if (!block.ok()) fail_data_dir(ctx, block.error());
  outcome.block = std::move(*block);
  return outcome;
}

std::string submodule_exit_statuses() {
  return "Exit status: 0 success; 1 the deployment failed when it ran (the balance cannot cover\n"
         "the storage; nothing committed); 2 bad command line or input (invalid account id, bad\n"
         "KEY, bad policy JSON, bad number); 3 unreadable file or directory; 4 module rejected\n"
         "(malformed or invalid Wasm, over a limit, an import the policy does not allow);\n"
         "5 no such account or submodule; 6 data directory not initialised, locked by another\n"
         "process, not a syncwasm directory, or damaged.";
}

namespace {

const char* const kKeyHelp =
    "The submodule's key: hex (6b6579, 0x6b6579) or utf8:TEXT; 1 to 1024 bytes";

struct DeployOptions {
  std::string account;
  std::string key;
  std::string file;
  PolicyOptions policy;
};

struct DeleteOptions {
  std::string account;
  std::string key;
};

struct ListOptions {
  std::string account;
  std::string prefix;
  uint64_t limit = 0;  // 0: all
  CLI::Option* limit_option = nullptr;
  bool json = false;
};

struct ShowOptions {
  std::string account;
  std::string key;
  bool json = false;
};

// The account, which must exist (kExitNotFound otherwise).
void require_account(const node::Chain& chain, const std::string& account,
                     const CommandContext& ctx) {
  auto loaded = runtime::load_account(chain.state(), account);
  if (!loaded.ok()) fail_data_dir(ctx, loaded.error());
  if (!*loaded) fail(kExitNotFound, "account '" + account + "' does not exist");
}

nlohmann::json entry_json(std::string_view key, const runtime::SubmoduleEntry& entry) {
  nlohmann::json out = {{"key_hex", hex_encode(key)}};
  if (std::string text = printable_key(key); !text.empty()) out["key_utf8"] = text;
  out["code_hash"] = state::to_hex(entry.code_hash);
  out["code_size"] = entry.code_size;
  out["policy"] = nlohmann::json::parse(runtime::policy_to_json(entry.policy));
  return out;
}

int run_deploy(const DeployOptions& options, CommandContext& ctx) {
  check_submodule_account(options.account);
  std::string key = parse_submodule_key(options.key);
  const runtime::SubmodulePolicy policy = read_policy(options.policy);
  std::string code = read_file_bytes(options.file);
  const size_t code_size = code.size();
  const std::string code_hash = state::to_hex(state::sha256(code));

  auto chain = open_chain(ctx);
  auto existing = runtime::SubmoduleRegistry::get(chain->state(), options.account, key);
  if (!existing.ok()) fail_data_dir(ctx, existing.error());
  const bool replaces = existing->has_value();
  const std::string described = describe_key(key);
  BatchOutcome outcome = apply_all_or_nothing(
      *chain,
      {deploy_submodule_transaction(options.account, std::move(key), std::move(code), policy)},
      options.account, ctx);
  if (!outcome.block) {
    std::string message = outcome.refusal.message;
    if (outcome.refusal.code == kExitModuleRejected) message = options.file + ": " + message;
    fail(outcome.refusal.code, message + " (nothing committed)");
  }
  *ctx.out << (replaces ? "replaced" : "deployed") << " submodule " << described << " of "
           << options.account << ": " << options.file << " (" << code_size << " bytes, sha256 "
           << code_hash << "), policy " << runtime::policy_to_json(policy) << "\n"
           << "block " << outcome.block->height << ", state root "
           << state::to_hex(outcome.block->root) << "\n";
  return kExitOk;
}

int run_delete(const DeleteOptions& options, CommandContext& ctx) {
  check_submodule_account(options.account);
  std::string key = parse_submodule_key(options.key);
  auto chain = open_chain(ctx);
  require_account(*chain, options.account, ctx);
  const std::string described = describe_key(key);
  auto existing = runtime::SubmoduleRegistry::get(chain->state(), options.account, key);
  if (!existing.ok()) fail_data_dir(ctx, existing.error());
  if (!existing->has_value())
    fail(kExitNotFound, "account '" + options.account + "' has no submodule " + described);
  runtime::Transaction tx{
      options.account, options.account, {}, {runtime::DeleteSubmoduleAction{std::move(key)}}};
  BatchOutcome outcome = apply_all_or_nothing(*chain, {tx}, options.account, ctx);
  if (!outcome.block) fail(outcome.refusal.code, outcome.refusal.message + " (nothing committed)");
  *ctx.out << "deleted submodule " << described << " of " << options.account << "\n"
           << "block " << outcome.block->height << ", state root "
           << state::to_hex(outcome.block->root) << "\n";
  return kExitOk;
}

int run_list(const ListOptions& options, CommandContext& ctx) {
  check_submodule_account(options.account);
  const std::string prefix = parse_key_prefix(options.prefix);
  if (options.limit_option->count() > 0 && options.limit == 0)
    fail(kExitUsage, "--limit must be at least 1");
  auto chain = open_chain(ctx);
  require_account(*chain, options.account, ctx);
  uint64_t shown = 0;
  bool more = false;
  nlohmann::json entries = nlohmann::json::array();
  auto status = runtime::SubmoduleRegistry::list(
      chain->state(), options.account, prefix,
      [&](std::string_view key, const runtime::SubmoduleEntry& entry) {
        if (options.limit != 0 && shown == options.limit) {
          more = true;
          return false;
        }
        ++shown;
        if (options.json) {
          entries.push_back(entry_json(key, entry));
        } else {
          *ctx.out << describe_key(key) << "  " << entry.code_size << " bytes  sha256 "
                   << state::to_hex(entry.code_hash) << "  "
                   << runtime::policy_to_json(entry.policy) << "\n";
        }
        return true;
      });
  if (!status.ok()) fail_data_dir(ctx, status.error());
  if (options.json) {
    *ctx.out << json_line({{"account_id", options.account},
                           {"prefix_hex", hex_encode(prefix)},
                           {"submodules", entries},
                           {"count", shown},
                           {"more", more}});
    return kExitOk;
  }
  const std::string where = prefix.empty() ? "" : " with keys starting " + hex_encode(prefix);
  if (more) {
    *ctx.out << "(the first " << shown << " submodules" << where << " of " << options.account
             << "; more with a higher --limit)\n";
  } else {
    *ctx.out << "(" << shown << (shown == 1 ? " submodule" : " submodules") << where << " of "
             << options.account << ")\n";
  }
  return kExitOk;
}

int run_show(const ShowOptions& options, CommandContext& ctx) {
  check_submodule_account(options.account);
  const std::string key = parse_submodule_key(options.key);
  auto chain = open_chain(ctx);
  require_account(*chain, options.account, ctx);
  auto entry = runtime::SubmoduleRegistry::get(chain->state(), options.account, key);
  if (!entry.ok()) fail_data_dir(ctx, entry.error());
  if (!entry->has_value())
    fail(kExitNotFound, "account '" + options.account + "' has no submodule " + describe_key(key));
  const runtime::SubmoduleEntry& found = **entry;
  if (options.json) {
    nlohmann::json out = {{"account_id", options.account}};
    out.update(entry_json(key, found));
    *ctx.out << json_line(out);
    return kExitOk;
  }
  *ctx.out << "account: " << options.account << "\n"
           << "key: " << describe_key(key) << "\n"
           << "code hash: " << state::to_hex(found.code_hash) << "\n"
           << "code size: " << found.code_size << " bytes\n"
           << "policy: " << runtime::policy_to_json(found.policy) << "\n";
  return kExitOk;
}

}  // namespace

void register_submodule_command(CLI::App& app, CommandContext& ctx) {
  CLI::App* group = app.add_subcommand(
      "submodule", "An account's submodules: deploy, delete, list, show, bulk deployment");
  group->require_subcommand(1);
  group->footer(
      "Submodules are Wasm modules an account holds beside its main contract under binary keys;\n"
      "the main contract calls them synchronously (submodule_call). Deploy and delete are\n"
      "transactions the account signs to itself (each a new block); list and show read the\n"
      "head block's state. Run 'syncwasm submodule COMMAND --help' for each command.");

  auto deploy_options = std::make_shared<DeployOptions>();
  CLI::App* deploy = group->add_subcommand("deploy", "Deploy (or replace) a submodule under a key");
  deploy->add_option("ACCOUNT", deploy_options->account, "The account (it signs)")->required();
  deploy->add_option("KEY", deploy_options->key, kKeyHelp)->required();
  deploy->add_option("FILE", deploy_options->file, "The submodule, a .wasm binary")->required();
  add_policy_options(deploy, deploy_options->policy);
  deploy->footer(
      "A DeploySubmodule transaction in a new block. The code is compiled with NEAR's limits and\n"
      "every import is checked against the policy (and \"parent\" imports against the main\n"
      "contract's exports): storage functions need the storage_access, \"parent\" functions must\n"
      "be listed in parent_functions, \"parent\" \"memory\" needs share_parent_memory, "
      "submodule_*\n"
      "needs nested_calls, promise functions are refused. A key that holds a submodule gets the\n"
      "new code and policy. The account pays the storage (key, entry, and the code once per\n"
      "distinct code it holds). Anything refused commits nothing.\n"
      "Example: syncwasm submodule deploy main.near utf8:iso sub.wasm \\\n"
      "           --policy "
      "'{\"storage_prefix_hex\":\"69736f2f\",\"storage_access\":\"read_write\"}'\n" +
      submodule_exit_statuses());
  on_parsed(deploy, ctx,
            [deploy_options](CommandContext& c) { return run_deploy(*deploy_options, c); });

  auto delete_options = std::make_shared<DeleteOptions>();
  CLI::App* del = group->add_subcommand("delete", "Delete a submodule");
  del->add_option("ACCOUNT", delete_options->account, "The account (it signs)")->required();
  del->add_option("KEY", delete_options->key, kKeyHelp)->required();
  del->footer(
      "A DeleteSubmodule transaction in a new block; the account's storage usage drops by the\n"
      "entry (and the code, when no other of its submodules uses it). The submodule's storage\n"
      "(under its prefix) stays: it belongs to the account.\n" +
      submodule_exit_statuses());
  on_parsed(del, ctx,
            [delete_options](CommandContext& c) { return run_delete(*delete_options, c); });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = group->add_subcommand("list", "List an account's submodules (by key)");
  list->add_option("ACCOUNT", list_options->account, "The account")->required();
  list->add_option("--prefix", list_options->prefix, "Only keys that start with these bytes (hex)")
      ->type_name("HEX");
  list_options->limit_option =
      list->add_option("--limit", list_options->limit, "Show at most N submodules (default: all)")
          ->type_name("N");
  list->add_flag("--json", list_options->json,
                 "Print one JSON object: account_id, prefix_hex, submodules [{key_hex, key_utf8 "
                 "(printable keys), code_hash, code_size, policy}], count, more");
  list->footer(
      "In ascending key order, one line each: key (hex, and utf8:TEXT when printable), code\n"
      "size, code sha256, policy; then a count (and whether --limit cut the list).\n" +
      submodule_exit_statuses());
  on_parsed(list, ctx, [list_options](CommandContext& c) { return run_list(*list_options, c); });

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = group->add_subcommand("show", "Show one submodule: code hash, size, policy");
  show->add_option("ACCOUNT", show_options->account, "The account")->required();
  show->add_option("KEY", show_options->key, kKeyHelp)->required();
  show->add_flag("--json", show_options->json,
                 "Print one JSON object: account_id, key_hex, key_utf8 (printable keys), "
                 "code_hash, code_size, policy");
  show->footer(submodule_exit_statuses());
  on_parsed(show, ctx, [show_options](CommandContext& c) { return run_show(*show_options, c); });

  register_submodule_bulk_commands(group, ctx);
}

}  // namespace syncwasm::cli
