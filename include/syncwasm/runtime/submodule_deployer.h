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

// Returns the change of the account's storage usage in bytes, or why the deployment is refused.
// REQUIRES: account is a valid account id.
state::Result<std::variant<int64_t, DeployRejected>> deploy_submodule(
    state::StateOverlay& overlay, SubmoduleCache& cache, const RuntimeConfig& config, std::string_view account,
    std::string_view key, std::span<const uint8_t> code, const SubmodulePolicy& policy,
    const wasm::Module* main_contract);

}  // namespace syncwasm::runtime
