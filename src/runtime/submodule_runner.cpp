#include "syncwasm/runtime/submodule_runner.h"

#include <algorithm>

#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/runtime/submodule_registry.h"

namespace syncwasm::runtime {
namespace {

SubmoduleCallResult status(SubmoduleStatus s) { return SubmoduleCallResult{s, std::nullopt}; }

SubmoduleCallResult failed(std::string message) {
  return SubmoduleCallResult{SubmoduleStatus::Failed, std::move(message)};
}

bool is_gas_error(HostErrorKind kind) {
  return kind == HostErrorKind::GasExceeded || kind == HostErrorKind::GasLimitExceeded;
}

// The message a failed frame leaves for its caller, worded as nearcore words the error.
std::string failure_message(const VmLogic& frame, wasm::TrapKind trap, const std::string& trap_text) {
  if (frame.error()) {
    const HostError& e = *frame.error();
    if (e.kind == HostErrorKind::GuestPanic) return "Smart contract panicked: " + e.message;
    std::string text = host_error_name(e.kind);
    return e.message.empty() ? text : text + ": " + e.message;
  }
  if (trap == wasm::TrapKind::CallStackExhausted) return "MemoryAccessViolation: stack exhausted";
  return std::string("WebAssembly trap: ") + near_trap_name(trap) + " (" + trap_text + ")";
}

// Whether the export is a callable entry point: a function () -> ().
const wasm::Export* entry_point(const wasm::Module& module, const std::string& method) {
  const wasm::Export* e = module.find_export(method);
  if (!e || e->kind != wasm::ExternKind::Func) return nullptr;
  const wasm::FuncType& type = module.func_type(e->index);
  return type.params.empty() && type.results.empty() ? e : nullptr;
}

StorageAccess narrower(StorageAccess a, StorageAccess b) { return std::min(a, b); }

// The context of a frame called from one with context `c`: the same account, block and balances,
// its own input and gas; a submodule (receipts = false) sees no promise results and answers no
// data receivers. Built field by field (every field named, so -Wmissing-field-initializers flags
// a new one) so that the caller's input, up to max_arguments_length bytes, is not copied per call.
VmContext frame_context(const VmContext& c, std::string input, Gas prepaid_gas, bool receipts) {
  return VmContext{c.current_account_id,
                   c.signer_account_id,
                   c.signer_account_pk,
                   c.predecessor_account_id,
                   std::move(input),
                   c.block_height,
                   c.block_timestamp,
                   c.epoch_height,
                   c.account_balance,
                   c.account_locked_balance,
                   c.attached_deposit,
                   c.storage_usage,
                   prepaid_gas,
                   c.random_seed,
                   c.view,
                   receipts ? c.promise_results : std::vector<PromiseResult>{},
                   receipts ? c.output_data_receivers : std::vector<std::string>{}};
}

}  // namespace

SubmoduleRunner::SubmoduleRunner(const RuntimeConfig& config, state::StateOverlay& overlay, SubmoduleCache& cache,
                                 wasm::Store& store, EnvLinker& env, VmLogic*& current, std::string account)
    : config_(config),
      overlay_(overlay),
      cache_(cache),
      store_(store),
      env_(env),
      current_(current),
      account_(std::move(account)) {}

SubmoduleRunner::Linked SubmoduleRunner::link(const wasm::Module& module, const SubmodulePolicy& policy) {
  std::vector<wasm::Extern> externs;
  externs.reserve(module.imports.size());
  for (const wasm::Import& import : module.imports) {
    if (import.module != "parent") {
      auto resolved = env_.resolve(module, import);
      if (auto* why = std::get_if<std::string>(&resolved)) return std::move(*why);
      externs.push_back(std::get<wasm::Extern>(resolved));
      continue;
    }
    if (!main_) return "import parent." + import.name + ": no main-contract instance";
    wasm::Extern e;
    e.kind = import.kind;
    if (import.kind == wasm::ExternKind::Memory && import.name == "memory" && policy.share_parent_memory &&
        main_->memory0) {
      e.memory = main_->memory0;
    } else if (import.kind == wasm::ExternKind::Func && policy.allows_parent_function(import.name)) {
      if (std::string why = check_parent_function(module, import, *main_->module); !why.empty()) return why;
      e.func = main_->funcs[main_->module->find_export(import.name)->index];
    } else {
      return "import parent." + import.name + " is not allowed by the submodule's policy";
    }
    externs.push_back(e);
  }
  return externs;
}

HostResult<SubmoduleCallResult> SubmoduleRunner::run_frame(VmLogic& caller, VmLogic& callee,
                                                           state::StateOverlay::Checkpoint cp, Gas caller_gas_left,
                                                           const std::shared_ptr<const wasm::Module>& module,
                                                           uint32_t func_index, const Linked* linked) {
  VmLogic* const previous = current_;
  current_ = &callee;
  wasm::TrapKind trap = wasm::TrapKind::None;
  std::string trap_text;
  std::optional<std::string> link_error;
  if (module) {  // a submodule: a fresh instance
    if (auto* why = std::get_if<std::string>(linked)) {
      link_error = "link error: " + *why;
    } else {
      // Nothing refers to a submodule instance (it imports, never exports, tables): a failed one
      // goes at once, so a hostile submodule failing in a loop holds no memory.
      auto instance = store_.instantiate(module, std::get<std::vector<wasm::Extern>>(*linked),
                                         /*keep_on_failure=*/false);
      if (!instance.ok()) {
        trap = instance.error().trap;
        trap_text = instance.error().message;
        if (trap == wasm::TrapKind::None) link_error = "link error: " + trap_text;
      } else {
        wasm::ExecResult run = store_.invoke((*instance)->funcs[func_index], {}, {});
        trap = run.trap;
        trap_text = std::move(run.message);
        store_.release_instance(*instance);
      }
    }
  } else {  // parent_call: the main instance's export
    wasm::ExecResult run = store_.invoke(main_->funcs[func_index], {}, {});
    trap = run.trap;
    trap_text = std::move(run.message);
  }
  current_ = previous;
  // What the callee burnt is the caller's (never more than the limit it was given).
  store_.set_gas_left(caller_gas_left - std::min(caller_gas_left, callee.burnt_gas()));

  if (callee.node_error()) {
    (void)overlay_.rollback_to(cp);
    return caller.propagate_node_error(*callee.node_error());
  }
  const bool ok = !link_error && trap == wasm::TrapKind::None;
  if (auto st = ok ? overlay_.release(cp) : overlay_.rollback_to(cp); !st.ok())
    return caller.propagate_node_error(st.take_error());
  if (ok) {
    caller.absorb(callee);
    return SubmoduleCallResult{SubmoduleStatus::Success, callee.return_data().value_or(std::string())};
  }
  if (link_error) return failed(std::move(*link_error));
  if (trap == wasm::TrapKind::OutOfGas || (callee.error() && is_gas_error(callee.error()->kind)))
    return status(SubmoduleStatus::OutOfGas);
  return failed(failure_message(callee, trap, trap_text));
}

HostResult<SubmoduleCallResult> SubmoduleRunner::call(VmLogic& caller, const std::string& key,
                                                      const std::string& method, std::string args, Gas gas_limit,
                                                      bool read_only) {
  const SubmoduleConfig& costs = config_.submodules;
  const FrameRestrictions& outer = caller.frame();
  if (outer.depth >= costs.max_call_depth) return status(SubmoduleStatus::DepthExceeded);
  auto known = loaded_.find(key);
  if (known == loaded_.end()) {
    auto found = SubmoduleRegistry::get(overlay_, account_, key);
    if (!found.ok()) return caller.propagate_node_error(found.take_error());
    auto loaded = std::make_shared<Loaded>();
    loaded->entry = std::move(*found);
    known = loaded_.emplace(key, std::move(loaded)).first;
  }
  const std::shared_ptr<Loaded> loaded = known->second;  // kept alive through nested calls
  // PROTOCOL: the load cost is paid before the code is read, whether or not it is cached, and its
  // base also when the key is missing (DESIGN.md §5, as NEAR charges a missing method's contract).
  HOST_TRY(caller.pay(costs.submodule_load_base));
  if (!loaded->entry) return status(SubmoduleStatus::NoSuchKey);
  const SubmoduleEntry& entry = *loaded->entry;
  HOST_TRY(caller.pay_per(costs.submodule_load_byte, entry.code_size));
  if (!loaded->module) {
    auto compiled = cache_.get(overlay_, entry.code_hash);
    if (!compiled.ok()) return caller.propagate_node_error(compiled.take_error());
    if (auto* why = std::get_if<std::string>(&*compiled)) return failed("the submodule no longer compiles: " + *why);
    loaded->module = std::get<std::shared_ptr<const wasm::Module>>(*compiled);
  }
  const std::shared_ptr<const wasm::Module>& module = loaded->module;
  const wasm::Export* method_export = entry_point(*module, method);
  if (!method_export) return status(SubmoduleStatus::NoSuchMethod);
  if (!loaded->linked) loaded->linked = link(*module, entry.policy);

  const Gas left = store_.gas_left();
  const Gas limit = gas_limit == 0 ? left : std::min(gas_limit, left);
  FrameRestrictions frame;
  frame.in_submodule = true;
  frame.storage_prefix = outer.storage_prefix + entry.policy.storage_prefix;
  frame.storage_access = narrower(outer.storage_access, entry.policy.storage_access);
  frame.read_only = outer.read_only || read_only;
  frame.nested_calls = entry.policy.nested_calls;
  frame.policy = &entry.policy;
  frame.depth = outer.depth + 1;
  const VmContext context = frame_context(caller.context(), std::move(args), limit, false);

  state::StateOverlay::Checkpoint cp = overlay_.checkpoint();
  VmLogic callee(caller, context, std::move(frame));  // the store now counts the callee's limit
  return run_frame(caller, callee, cp, left, module, method_export->index, &*loaded->linked);
}

HostResult<SubmoduleCallResult> SubmoduleRunner::parent_call(VmLogic& caller, const std::string& method,
                                                             std::string args) {
  const FrameRestrictions& outer = caller.frame();
  if (!main_ || !outer.policy || !outer.policy->allows_parent_function(method))
    return status(SubmoduleStatus::NoSuchMethod);
  const wasm::Export* method_export = entry_point(*main_->module, method);
  if (!method_export) return status(SubmoduleStatus::NoSuchMethod);
  if (outer.depth >= config_.submodules.max_call_depth) return status(SubmoduleStatus::DepthExceeded);

  FrameRestrictions frame = outer;  // the callback keeps the submodule's restrictions
  frame.depth = outer.depth + 1;
  const Gas left = store_.gas_left();
  const VmContext context = frame_context(caller.context(), std::move(args), left, true);

  state::StateOverlay::Checkpoint cp = overlay_.checkpoint();
  VmLogic callee(caller, context, std::move(frame));
  HOST_TRY_ASSIGN(SubmoduleCallResult result,
                  run_frame(caller, callee, cp, left, nullptr, method_export->index, nullptr));
  // PROTOCOL: running out of gas is not caught here: it ends the submodule's frame (status 2).
  if (result.status == SubmoduleStatus::OutOfGas) return host_error(HostErrorKind::GasExceeded, "in parent_call");
  return result;
}

HostResult<std::optional<std::string>> SubmoduleRunner::deploy(VmLogic& caller, const std::string& key,
                                                               std::string_view code, std::string_view policy_json) {
  auto policy = parse_policy_json(policy_json);
  if (auto* why = std::get_if<std::string>(&policy)) return std::optional<std::string>("policy: " + *why);
  loaded_.erase(key);
  auto deployed = deploy_submodule(overlay_, cache_, config_, account_, key,
                                   std::span(reinterpret_cast<const uint8_t*>(code.data()), code.size()),
                                   std::get<SubmodulePolicy>(policy), main_ ? main_->module.get() : nullptr);
  if (!deployed.ok()) return caller.propagate_node_error(deployed.take_error());
  if (auto* rejected = std::get_if<DeployRejected>(&*deployed)) return std::optional<std::string>(rejected->message);
  caller.add_storage_usage(std::get<int64_t>(*deployed));
  return std::optional<std::string>();
}

HostResult<bool> SubmoduleRunner::remove(VmLogic& caller, const std::string& key) {
  loaded_.erase(key);
  auto removed = SubmoduleRegistry::remove(overlay_, account_, key, config_.storage);
  if (!removed.ok()) return caller.propagate_node_error(removed.take_error());
  if (!*removed) return false;
  caller.add_storage_usage(**removed);
  return true;
}

HostResult<bool> SubmoduleRunner::exists(VmLogic& caller, const std::string& key) {
  auto found = SubmoduleRegistry::get(overlay_, account_, key);
  if (!found.ok()) return caller.propagate_node_error(found.take_error());
  return found->has_value();
}

}  // namespace syncwasm::runtime
