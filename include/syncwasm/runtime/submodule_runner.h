// SubmoduleRunner: the submodule machinery of one main-contract execution (DESIGN.md §5).
// It lives beside the execution's wasm::Store and main instance and runs, on behalf of the
// host functions (host/submodules.cpp, which read the guest's arguments and pay the fixed costs):
//  - call: a submodule, synchronously, in a fresh instance in the same Store, with its own frame
//    (VmLogic), under a gas limit, on a checkpoint of the overlay rolled back unless it succeeds;
//  - parent_call: an allowed main-contract export, bytes in and bytes out, in a new frame that
//    keeps the calling submodule's restrictions;
//  - deploy / remove / exists on the account's registry.
// Literal imports ("parent" "<name>", "parent" "memory") are linked to the main instance, so
// the main-contract code they reach runs in the submodule's frame (its gas, storage view,
// registers): the env host functions always act on the frame running now (*current).
//
// Ownership: borrows everything; lives on the executor's stack for one call. Thread: one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "syncwasm/runtime/env_imports.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/host_result.h"
#include "syncwasm/runtime/submodule_cache.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/runtime/vm_logic.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::runtime {

// submodule_call's and parent_call's status codes (DESIGN.md §5, PROTOCOL).
enum class SubmoduleStatus : uint64_t {
  Success = 0,
  Failed = 1,        // trapped or panicked: the message is the result
  OutOfGas = 2,
  NoSuchKey = 3,
  NoSuchMethod = 4,  // no such export, not () -> (), or (parent_call) not allowed
  DepthExceeded = 5,
};

struct SubmoduleCallResult {
  SubmoduleStatus status = SubmoduleStatus::Success;
  std::optional<std::string> data;  // Success: the returned bytes; Failed: the message
};

class SubmoduleRunner {
 public:
  SubmoduleRunner(const RuntimeConfig& config, state::StateOverlay& overlay, SubmoduleCache& cache,
                  wasm::Store& store, EnvLinker& env, VmLogic*& current, std::string account);

  // The main contract's instance, once instantiated (literal imports and parent_call use it).
  void set_main_instance(wasm::Instance* main) { main_ = main; }

  // The caller paid base, submodule_call_base and its key/method/args reads. Charges the load
  // cost, then runs; gas_limit 0 = all the caller has left.
  HostResult<SubmoduleCallResult> call(VmLogic& caller, const std::string& key, const std::string& method,
                                       std::string args, Gas gas_limit, bool read_only);
  // The caller (a submodule frame) paid base, parent_call_base and its reads.
  HostResult<SubmoduleCallResult> parent_call(VmLogic& caller, const std::string& method, std::string args);

  // submodule_deploy: nullopt when deployed, else why it was refused (nothing changed). The
  // account's storage usage is updated on the caller.
  HostResult<std::optional<std::string>> deploy(VmLogic& caller, const std::string& key, std::string_view code,
                                                std::string_view policy_json);
  HostResult<bool> remove(VmLogic& caller, const std::string& key);
  HostResult<bool> exists(VmLogic& caller, const std::string& key);

 private:
  // The imports of a submodule linked for this execution (env functions, "parent" functions and
  // memory), or why they do not link.
  using Linked = std::variant<std::vector<wasm::Extern>, std::string>;
  // Runs func (of a fresh instance of `module` linked to *linked, or of the main instance when
  // module is null) in callee's frame and maps the outcome; the checkpoint is released or rolled
  // back. Restores the current frame and the caller's gas.
  HostResult<SubmoduleCallResult> run_frame(VmLogic& caller, VmLogic& callee, state::StateOverlay::Checkpoint cp,
                                            Gas caller_gas_left, const std::shared_ptr<const wasm::Module>& module,
                                            uint32_t func_index, const Linked* linked);
  // A key's registry entry as this execution sees it (nullopt: no such key), and its module once
  // a call loaded it. Only the main frame's deploy and remove change the registry during an
  // execution (submodule frames may not), and they drop the key, so the entry read first stays
  // right; a later call of the same key skips the state read and the decoding (gas is charged
  // the same: the costs never depend on what is loaded).
  // Its imports are linked once too: they depend only on the module, the policy and this
  // execution's Store and main instance.
  struct Loaded {
    std::optional<SubmoduleEntry> entry;
    std::shared_ptr<const wasm::Module> module;
    std::optional<Linked> linked;
  };
  Linked link(const wasm::Module& module, const SubmodulePolicy& policy);

  const RuntimeConfig& config_;
  state::StateOverlay& overlay_;
  SubmoduleCache& cache_;
  wasm::Store& store_;
  EnvLinker& env_;
  VmLogic*& current_;
  std::string account_;
  wasm::Instance* main_ = nullptr;
  // Shared pointers: a nested call may add keys while an outer call uses its entry.
  std::unordered_map<std::string, std::shared_ptr<Loaded>> loaded_;
};

}  // namespace syncwasm::runtime
