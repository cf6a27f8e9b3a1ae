// Submodule transactions of the `submodule` command group (submodule_command.cpp, bulk deployment
// in submodule_bulk.cpp): DeploySubmodule / DeleteSubmodule actions the account signs to itself,
// run as one block that is committed only when every one of them succeeded, so a refused
// deployment (missing account, rejected module, storage the balance cannot cover) commits nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "submit.h"
#include "syncwasm/node/block_op.h"
#include "syncwasm/node/chain.h"
#include "syncwasm/runtime/receipt_executor.h"
#include "syncwasm/runtime/submodule_policy.h"

namespace syncwasm::cli {

// Throws CommandError(kExitUsage) when `id` is not a valid account id.
void check_submodule_account(const std::string& id);

runtime::Transaction deploy_submodule_transaction(const std::string& account, std::string key,
                                                  std::string code,
                                                  const runtime::SubmodulePolicy& policy);

// The exit status and message for a failed submodule transaction of `account`: 5 for a missing
// account or submodule, 4 for a rejected module (malformed, invalid, an import the policy does
// not allow), 1 for anything else that ran and failed (the balance cannot cover the storage).
Refusal submodule_refusal(const runtime::TransactionResult& result, const std::string& account);

// A block of transactions that commits only when all succeeded.
struct BatchOutcome {
  std::optional<node::BlockRecord> block;  // committed (every transaction succeeded)
  size_t failed = 0;                       // else: the first that failed (nothing committed)
  Refusal refusal{0, ""};
};
BatchOutcome apply_all_or_nothing(node::Chain& chain, const std::vector<node::BlockOp>& ops,
                                  const std::string& account, const CommandContext& ctx);

// The exit statuses of the submodule commands, for their --help footers.
std::string submodule_exit_statuses();

// deploy-dir and deploy-gen, added to the `submodule` group.
void register_submodule_bulk_commands(CLI::App* group, CommandContext& ctx);

}  // namespace syncwasm::cli
