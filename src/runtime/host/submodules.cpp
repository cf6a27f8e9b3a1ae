// env functions of syncwasm's submodules (DESIGN.md §5). Each pays base and its fixed cost first,
// then reads its arguments (metered), then asks the execution's SubmoduleRunner.
// All are unavailable (Unsupported) where no runner is attached (a bare VmLogic in tests).
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/runtime/submodule_runner.h"
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {
namespace {

constexpr uint64_t kReadOnlyFlag = 1;

HostError no_runner(const char* method) {
  return host_error(HostErrorKind::Unsupported, std::string(method) + ": no submodules in this execution");
}

// submodule_deploy and submodule_remove: only the main contract's own frame, outside views, may
// change the registry.
HostResult<void> registry_write_allowed(const VmLogic& logic, bool has_runner, const char* method) {
  HOST_TRY(logic.prohibited_in_view(method));
  HOST_TRY(logic.prohibited_in_submodule(method));
  if (!has_runner) return no_runner(method);
  return {};
}

}  // namespace

// The key argument: guest memory (or a register when len is u64::MAX), 1..1024 bytes, each byte
// paying submodule_key_byte. Errors: InvalidSubmoduleKey, MemoryAccessViolation.
HostResult<std::string> VmLogic::read_submodule_key(uint64_t key_len, uint64_t key_ptr) {
  if (key_len != UINT64_MAX && (key_len < kMinSubmoduleKeySize || key_len > kMaxSubmoduleKeySize))
    return host_error(HostErrorKind::InvalidSubmoduleKey, std::to_string(key_len) + " bytes");
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(key_ptr, key_len));
  if (std::string why = submodule_key_error(key); !why.empty())
    return host_error(HostErrorKind::InvalidSubmoduleKey, why);
  HOST_TRY(pay_per(config_.submodules.submodule_key_byte, key.size()));
  return key;
}

// submodule_deploy(key_len, key_ptr, code_len, code_ptr, policy_len, policy_ptr, register_id)
//   -> 0 deployed (or replaced), 1 refused with the reason in register_id (nothing changed).
// Policy: JSON (submodule_policy.h). Only the main contract's own frame may deploy.
// Errors: ProhibitedInView, ProhibitedInSubmodule, InvalidSubmoduleKey, ContractSizeExceeded,
//         MemoryAccessViolation, InvalidRegisterId.
// Cost: base + the DeploySubmodule action's fee with sender = receiver (send_sir + execution of
//       action_deploy_submodule, and of action_deploy_submodule_per_byte for each byte of key,
//       code and policy JSON) + reads + submodule_key_byte * key_len (+ the register write of a
//       refusal). Paid whether the deployment is refused or not, as the action's fee is.
HostResult<uint64_t> VmLogic::submodule_deploy(uint64_t key_len, uint64_t key_ptr, uint64_t code_len,
                                               uint64_t code_ptr, uint64_t policy_len, uint64_t policy_ptr,
                                               uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(registry_write_allowed(*this, submodules_, "submodule_deploy"));
  const SubmoduleConfig& c = config_.submodules;
  HOST_TRY(pay(c.action_deploy_submodule.send_sir + c.action_deploy_submodule.execution));
  HOST_TRY_ASSIGN(std::string key, read_submodule_key(key_len, key_ptr));
  if (code_len != UINT64_MAX && code_len > config_.limits.max_contract_size)
    return host_error(HostErrorKind::ContractSizeExceeded, std::to_string(code_len) + " bytes");
  HOST_TRY_ASSIGN(std::string code, read_memory_or_register(code_ptr, code_len));
  if (code.size() > config_.limits.max_contract_size)
    return host_error(HostErrorKind::ContractSizeExceeded, std::to_string(code.size()) + " bytes");
  HOST_TRY_ASSIGN(std::string policy, read_memory_or_register(policy_ptr, policy_len));
  HOST_TRY(pay_per(
      c.action_deploy_submodule_per_byte.send_sir + c.action_deploy_submodule_per_byte.execution,
      key.size() + code.size() + policy.size()));
  HOST_TRY_ASSIGN(std::optional<std::string> refused, submodules_->deploy(*this, key, code, policy));
  if (!refused) return uint64_t(0);
  HOST_TRY(set_register(register_id, std::move(*refused)));
  return uint64_t(1);
}

// submodule_remove(key_len, key_ptr) -> 1 removed, 0 no such submodule.
// Errors: ProhibitedInView, ProhibitedInSubmodule, InvalidSubmoduleKey, MemoryAccessViolation.
// Cost: base + the DeleteSubmodule action's fee with sender = receiver (send_sir + execution of
//       action_delete_submodule, and of action_delete_submodule_per_byte per key byte) + key read
//       + submodule_key_byte * key_len, whether a submodule was removed or not.
HostResult<uint64_t> VmLogic::submodule_remove(uint64_t key_len, uint64_t key_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(registry_write_allowed(*this, submodules_, "submodule_remove"));
  const SubmoduleConfig& c = config_.submodules;
  HOST_TRY(pay(c.action_delete_submodule.send_sir + c.action_delete_submodule.execution));
  HOST_TRY_ASSIGN(std::string key, read_submodule_key(key_len, key_ptr));
  HOST_TRY(pay_per(
      c.action_delete_submodule_per_byte.send_sir + c.action_delete_submodule_per_byte.execution,
      key.size()));
  HOST_TRY_ASSIGN(bool removed, submodules_->remove(*this, key));
  return uint64_t(removed ? 1 : 0);
}

// submodule_exists(key_len, key_ptr) -> 1 or 0. Allowed in views and submodules.
// Errors: InvalidSubmoduleKey, MemoryAccessViolation.
// Cost: base + submodule_exists_base + key read + submodule_key_byte * key_len
HostResult<uint64_t> VmLogic::submodule_exists(uint64_t key_len, uint64_t key_ptr) {
  HOST_TRY(pay(config_.ext.base));
  if (!submodules_) return no_runner("submodule_exists");
  HOST_TRY(pay(config_.submodules.submodule_exists_base));
  HOST_TRY_ASSIGN(std::string key, read_submodule_key(key_len, key_ptr));
  HOST_TRY_ASSIGN(bool found, submodules_->exists(*this, key));
  return uint64_t(found ? 1 : 0);
}

// submodule_call(key_len, key_ptr, method_len, method_ptr, args_len, args_ptr, gas_limit, flags,
//                register_id) -> status (SubmoduleStatus). Status 0 writes the result to
// register_id, status 1 the error message; the others leave it untouched.
// Errors (the caller's own fault, ending its frame): InvalidSubmoduleFlags, InvalidSubmoduleKey,
//   ProhibitedInSubmodule (nested calls not allowed), MemoryAccessViolation, the gas errors.
// Cost: base + submodule_call_base + reads + submodule_key_byte * key_len, then (key found)
//   submodule_load_base + submodule_load_byte * code size, then the gas the submodule used
//   (at most gas_limit), then the register write.
HostResult<uint64_t> VmLogic::submodule_call(uint64_t key_len, uint64_t key_ptr, uint64_t method_len,
                                             uint64_t method_ptr, uint64_t args_len, uint64_t args_ptr,
                                             uint64_t gas_limit, uint64_t flags, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  if (!submodules_) return no_runner("submodule_call");
  if (!frame_.nested_calls) return host_error(HostErrorKind::ProhibitedInSubmodule, "nested submodule calls");
  if (flags & ~kReadOnlyFlag) return host_error(HostErrorKind::InvalidSubmoduleFlags, std::to_string(flags));
  HOST_TRY(pay(config_.submodules.submodule_call_base));
  HOST_TRY_ASSIGN(std::string key, read_submodule_key(key_len, key_ptr));
  HOST_TRY_ASSIGN(std::string method, read_memory_or_register(method_ptr, method_len));
  HOST_TRY_ASSIGN(std::string args, read_memory_or_register(args_ptr, args_len));
  if (args.size() > config_.limits.max_arguments_length)
    return host_error(HostErrorKind::MemoryAccessViolation, "arguments of " + std::to_string(args.size()) + " bytes");
  HOST_TRY_ASSIGN(SubmoduleCallResult result,
                  submodules_->call(*this, key, method, std::move(args), gas_limit, flags & kReadOnlyFlag));
  if (result.data) HOST_TRY(set_register(register_id, std::move(*result.data)));
  return uint64_t(result.status);
}

// parent_call(method_len, method_ptr, args_len, args_ptr, register_id) -> status: 0 success (the
// result in register_id), 1 the export failed (its writes undone, the message in register_id),
// 4 not allowed by the policy or not a () -> () export, 5 depth limit. Out of gas ends the
// calling submodule (its caller sees status 2). Only in a submodule frame.
// Errors: OnlyInSubmodule (called by the main contract itself), MemoryAccessViolation.
// Cost: base + parent_call_base + reads, then the gas the export used, then the register write.
HostResult<uint64_t> VmLogic::parent_call(uint64_t method_len, uint64_t method_ptr, uint64_t args_len,
                                          uint64_t args_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  if (!submodules_) return no_runner("parent_call");
  if (!frame_.in_submodule) return host_error(HostErrorKind::OnlyInSubmodule, "parent_call");
  HOST_TRY(pay(config_.submodules.parent_call_base));
  HOST_TRY_ASSIGN(std::string method, read_memory_or_register(method_ptr, method_len));
  HOST_TRY_ASSIGN(std::string args, read_memory_or_register(args_ptr, args_len));
  HOST_TRY_ASSIGN(SubmoduleCallResult result, submodules_->parent_call(*this, method, std::move(args)));
  if (result.data) HOST_TRY(set_register(register_id, std::move(*result.data)));
  return uint64_t(result.status);
}

}  // namespace syncwasm::runtime
