// env validator functions. syncwasm has no validators yet: every stake is 0.
#include "syncwasm/runtime/vm_logic.h"

#include "../text.h"
#include "syncwasm/runtime/account_id.h"

namespace syncwasm::runtime {

// Reads and validates an account id (nearcore read_and_parse_account_id).
// Errors: MemoryAccessViolation, InvalidRegisterId, BadUTF8, InvalidAccountId.
// Cost: input read + utf8_decoding_base + utf8_decoding_byte * len
HostResult<std::string> VmLogic::read_account_id(uint64_t ptr, uint64_t len) {
  HOST_TRY_ASSIGN(std::string id, read_memory_or_register(ptr, len));
  HOST_TRY(pay(config_.ext.utf8_decoding_base));
  HOST_TRY(pay_per(config_.ext.utf8_decoding_byte, id.size()));
  if (!is_valid_utf8(id)) return host_error(HostErrorKind::BadUTF8);
  if (!is_valid_account_id(id)) return host_error(HostErrorKind::InvalidAccountId, id);
  return id;
}

// validator_stake(account_id_len, account_id_ptr, stake_ptr): writes the u128 stake (always 0).
// Errors: MemoryAccessViolation, InvalidRegisterId, BadUTF8, InvalidAccountId.
// Cost: base + account id read and decoding + validator_stake_base + write_memory_base
//       + write_memory_byte * 16
HostResult<void> VmLogic::validator_stake(uint64_t account_id_len, uint64_t account_id_ptr, uint64_t stake_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY_ASSIGN(std::string id, read_account_id(account_id_ptr, account_id_len));
  HOST_TRY(pay(config_.ext.validator_stake_base));
  return write_u128(stake_ptr, 0);
}

// validator_total_stake(stake_ptr): writes the u128 total stake (always 0).
// Errors: MemoryAccessViolation.
// Cost: base + validator_total_stake_base + write_memory_base + write_memory_byte * 16
HostResult<void> VmLogic::validator_total_stake(uint64_t stake_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(pay(config_.ext.validator_total_stake_base));
  return write_u128(stake_ptr, 0);
}

}  // namespace syncwasm::runtime
