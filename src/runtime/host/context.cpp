// env context functions (nearcore logic.rs "Context API").
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

// current_account_id(register_id). Errors: MemoryAccessViolation (register limits).
// Cost: base + write_register_base + write_register_byte * len
HostResult<void> VmLogic::current_account_id(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  return set_register(register_id, context_.current_account_id);
}

// signer_account_id(register_id). Errors: ProhibitedInView, MemoryAccessViolation.
// Cost: base + write_register_base + write_register_byte * len
HostResult<void> VmLogic::signer_account_id(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("signer_account_id"));
  return set_register(register_id, context_.signer_account_id);
}

// signer_account_pk(register_id): the Borsh PublicKey. Errors: ProhibitedInView, MemoryAccessViolation.
// Cost: base + write_register_base + write_register_byte * len
HostResult<void> VmLogic::signer_account_pk(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("signer_account_pk"));
  return set_register(register_id, context_.signer_account_pk);
}

// predecessor_account_id(register_id). Errors: ProhibitedInView, MemoryAccessViolation.
// Cost: base + write_register_base + write_register_byte * len
HostResult<void> VmLogic::predecessor_account_id(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("predecessor_account_id"));
  return set_register(register_id, context_.predecessor_account_id);
}

// input(register_id): the call arguments (possibly empty). Errors: MemoryAccessViolation.
// Cost: base + write_register_base
// PROTOCOL: no per-byte register charge for input at PV85/86 (nearcore set_rc_data with
// deterministic_account_ids on).
HostResult<void> VmLogic::input(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  return set_register(register_id, context_.input, /*charge_bytes=*/false);
}

// block_index() -> height. Cost: base
HostResult<uint64_t> VmLogic::block_index() {
  HOST_TRY(pay(config_.ext.base));
  return context_.block_height;
}

// block_timestamp() -> ns since the Unix epoch. Cost: base
HostResult<uint64_t> VmLogic::block_timestamp() {
  HOST_TRY(pay(config_.ext.base));
  return context_.block_timestamp;
}

// epoch_height(). Cost: base
HostResult<uint64_t> VmLogic::epoch_height() {
  HOST_TRY(pay(config_.ext.base));
  return context_.epoch_height;
}

// storage_usage(): bytes the account uses, including this call's writes. Cost: base
HostResult<uint64_t> VmLogic::storage_usage_fn() {
  HOST_TRY(pay(config_.ext.base));
  return storage_usage_;
}

// random_seed(register_id): the 32-byte seed of the receipt. Errors: MemoryAccessViolation.
// Cost: base + write_register_base + write_register_byte * 32
HostResult<void> VmLogic::random_seed(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  return set_register(register_id,
                      std::string(reinterpret_cast<const char*>(context_.random_seed.data()), 32));
}

}  // namespace syncwasm::runtime
