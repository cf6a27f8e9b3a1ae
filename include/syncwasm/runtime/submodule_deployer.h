// Deploying a submodule (DESIGN.md §5), shared by the DeploySubmodule action and the
// submodule_deploy host function: the code is compiled (and cached), its imports are checked
// against the policy (and against the main contract's exports when it has one), then the registry
// entry and the code are stored. A rejected deployment changes nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/contract_cache.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/submodule_cache.h"
#include "syncwasm/runtime/submodule_policy.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/status.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

struct DeployRejected {
  std::string message;  // names the key, import, limit or byte offset at fault
};

// The fee of deploying a submodule of `bytes` bytes (key + code + policy) and of deleting one by
// a key of `key_bytes` bytes: the send part (sender is receiver or not) plus the execution part
// of SubmoduleConfig's action_deploy_submodule{,_per_byte} / action_delete_submodule{,_per_byte}.
// Sizes are bounded (keys 1 KiB, code max_contract_size), so nothing overflows.
inline Gas deploy_submodule_fee(const SubmoduleConfig& c, bool sender_is_receiver, uint64_t bytes) {
  const Fee& base = c.action_deploy_submodule;
  const Fee& per_byte = c.action_deploy_submodule_per_byte;
  return base.send_fee(sender_is_receiver) + base.execution +
         (per_byte.send_fee(sender_is_receiver) + per_byte.execution) * bytes;
}
// The bytes deploy_submodule_fee counts for a deployment: the key, the code and the policy's
// canonical encoding (encode_policy).
inline uint64_t deploy_submodule_fee_bytes(std::string_view key, size_t code_size,
                                           const SubmodulePolicy& policy) {
  return key.size() + code_size + encode_policy(policy).size();
}
inline Gas delete_submodule_fee(const SubmoduleConfig& c, bool sender_is_receiver,
                                uint64_t key_bytes) {
  const Fee& base = c.action_delete_submodule;
  const Fee& per_byte = c.action_delete_submodule_per_byte;
  return base.send_fee(sender_is_receiver) + base.execution +
         (per_byte.send_fee(sender_is_receiver) + per_byte.execution) * key_bytes;
}

// The main contract a DeploySubmodule to `account` checks the submodule's "parent" imports
// against (deploy_submodule's main_contract): the prepared module of the account's code, prepared
// from state's CodeStore on a miss and kept in cache; null when the account has no code, or its
// code is missing or does not prepare (no parent check at deployment then). For checks made
// before a deployment runs (the CLI's bulk deployment) to use the same parent as the action.
state::Result<const wasm::Module*> deployment_parent(ContractCache& cache,
                                                     const state::StateReader& state,
                                                     const Account& account);

// Returns the change of the account's storage usage in bytes, or why the deployment is refused.
// REQUIRES: account is a valid account id.
state::Result<std::variant<int64_t, DeployRejected>> deploy_submodule(
    state::StateOverlay& overlay, SubmoduleCache& cache, const RuntimeConfig& config, std::string_view account,
    std::string_view key, std::span<const uint8_t> code, const SubmodulePolicy& policy,
    const wasm::Module* main_contract);

}  // namespace syncwasm::runtime
