// env economics functions (nearcore logic.rs "Economics API") and the legacy env.gas.
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

// account_balance(ptr): u128 balance including the attached deposit. Errors: MemoryAccessViolation.
// Cost: base + write_memory_base + write_memory_byte * 16
HostResult<void> VmLogic::account_balance(uint64_t balance_ptr) {
  HOST_TRY(pay(config_.ext.base));
  return write_u128(balance_ptr, current_account_balance_);
}

// account_locked_balance(ptr): u128 staked balance. Errors: MemoryAccessViolation.
// Cost: base + write_memory_base + write_memory_byte * 16
HostResult<void> VmLogic::account_locked_balance(uint64_t balance_ptr) {
  HOST_TRY(pay(config_.ext.base));
  return write_u128(balance_ptr, context_.account_locked_balance);
}

// attached_deposit(ptr): u128 deposit of this call (allowed in views). Errors: MemoryAccessViolation.
// Cost: base + write_memory_base + write_memory_byte * 16
HostResult<void> VmLogic::attached_deposit(uint64_t balance_ptr) {
  HOST_TRY(pay(config_.ext.base));
  return write_u128(balance_ptr, context_.attached_deposit);
}

// prepaid_gas(). Errors: ProhibitedInView. Cost: base
HostResult<uint64_t> VmLogic::prepaid_gas() {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("prepaid_gas"));
  return context_.prepaid_gas;
}

// used_gas(): gas burnt so far plus gas reserved for receipts. Errors: ProhibitedInView.
// Cost: base
HostResult<uint64_t> VmLogic::used_gas() {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("used_gas"));
  return used_gas_total();
}

// gas(opcodes): legacy pwasm-utils hook a contract may still import: burns opcodes * regular_op_cost.
// Errors: GasExceeded / GasLimitExceeded. Cost: opcodes * regular_op_cost
HostResult<void> VmLogic::gas(uint32_t opcodes) { return pay_per(config_.wasm.regular_op_cost, opcodes); }

}  // namespace syncwasm::runtime
