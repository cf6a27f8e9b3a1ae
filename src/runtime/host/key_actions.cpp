// env batch actions on keys, stake and account deletion (nearcore logic.rs "Promises API").
// Public keys are Borsh PublicKey bytes: 0x00 + 32 bytes (ed25519) or 0x01 + 64 bytes (secp256k1).
// PROTOCOL: as nearcore (PublicKeyBuffer), a malformed key fails with InvalidPublicKey only after
// the receipt lookup and the action fee.
#include "../text.h"
#include "syncwasm/runtime/public_key.h"
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

// promise_batch_action_stake(promise_idx, amount_ptr, public_key_len, public_key_ptr).
// Errors: ProhibitedInView, MemoryAccessViolation, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise, InvalidPublicKey.
// Cost: base + read_memory of 16 + key read + action_stake (send burnt, exec reserved)
HostResult<void> VmLogic::promise_batch_action_stake(uint64_t promise_idx, uint64_t amount_ptr, uint64_t public_key_len,
                                                     uint64_t public_key_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_stake"));
  HOST_TRY_ASSIGN(Balance amount, read_u128(amount_ptr));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(public_key_ptr, public_key_len));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_stake, receipt.second));
  if (!is_borsh_public_key(key)) return host_error(HostErrorKind::InvalidPublicKey);
  receipts_[receipt.first].actions.push_back(StakeAction{amount, std::move(key)});
  return {};
}

// promise_batch_action_add_key_with_full_access(promise_idx, public_key_len, public_key_ptr, nonce).
// Errors: ProhibitedInView, MemoryAccessViolation, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise, InvalidPublicKey.
// Cost: base + key read + action_add_full_access_key
HostResult<void> VmLogic::promise_batch_action_add_key_with_full_access(uint64_t promise_idx, uint64_t public_key_len,
                                                                        uint64_t public_key_ptr, uint64_t nonce) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_add_key_with_full_access"));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(public_key_ptr, public_key_len));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_add_full_access_key, receipt.second));
  if (!is_borsh_public_key(key)) return host_error(HostErrorKind::InvalidPublicKey);
  AddKeyAction add;
  add.public_key = std::move(key);
  add.nonce = nonce;
  receipts_[receipt.first].actions.push_back(std::move(add));
  return {};
}

// promise_batch_action_add_key_with_function_call(promise_idx, public_key_len, public_key_ptr,
//   nonce, allowance_ptr, receiver_id_len, receiver_id_ptr, method_names_len, method_names_ptr):
// method names are comma-separated; allowance 0 means unlimited.
// Errors: as add_key_with_full_access, plus BadUTF8, InvalidAccountId, EmptyMethodName.
// Cost: base + key read + read_memory of 16 + receiver id read and decoding + method names read
//       + action_add_function_call_key + action_add_function_call_key_per_byte * Σ(len(name) + 1)
HostResult<void> VmLogic::promise_batch_action_add_key_with_function_call(
    uint64_t promise_idx, uint64_t public_key_len, uint64_t public_key_ptr, uint64_t nonce, uint64_t allowance_ptr,
    uint64_t receiver_id_len, uint64_t receiver_id_ptr, uint64_t method_names_len, uint64_t method_names_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_add_key_with_function_call"));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(public_key_ptr, public_key_len));
  HOST_TRY_ASSIGN(Balance allowance, read_u128(allowance_ptr));
  HOST_TRY_ASSIGN(std::string receiver, read_account_id(receiver_id_ptr, receiver_id_len));
  HOST_TRY_ASSIGN(std::string raw_names, read_memory_or_register(method_names_ptr, method_names_len));
  std::vector<std::string> names;
  if (!raw_names.empty()) {
    size_t start = 0;
    for (;;) {
      size_t comma = raw_names.find(',', start);
      std::string name = raw_names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (name.empty()) return host_error(HostErrorKind::EmptyMethodName);
      if (!is_valid_utf8(name)) return host_error(HostErrorKind::BadUTF8);
      names.push_back(std::move(name));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  uint64_t name_bytes = 0;
  for (const std::string& n : names) name_bytes += n.size() + 1;
  HOST_TRY(pay_action_fee(config_.fees.action_add_function_call_key, receipt.second));
  HOST_TRY(pay_action_fee(config_.fees.action_add_function_call_key_per_byte, receipt.second, name_bytes));
  if (!is_borsh_public_key(key)) return host_error(HostErrorKind::InvalidPublicKey);
  AddKeyAction add;
  add.public_key = std::move(key);
  add.nonce = nonce;
  add.full_access = false;
  add.allowance = allowance;
  add.receiver_id = std::move(receiver);
  add.method_names = std::move(names);
  receipts_[receipt.first].actions.push_back(std::move(add));
  return {};
}

// promise_batch_action_delete_key(promise_idx, public_key_len, public_key_ptr).
// Errors: as add_key_with_full_access. Cost: base + key read + action_delete_key
HostResult<void> VmLogic::promise_batch_action_delete_key(uint64_t promise_idx, uint64_t public_key_len,
                                                          uint64_t public_key_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_delete_key"));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(public_key_ptr, public_key_len));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_delete_key, receipt.second));
  if (!is_borsh_public_key(key)) return host_error(HostErrorKind::InvalidPublicKey);
  receipts_[receipt.first].actions.push_back(DeleteKeyAction{std::move(key)});
  return {};
}

// promise_batch_action_delete_account(promise_idx, beneficiary_id_len, beneficiary_id_ptr).
// Errors: ProhibitedInView, MemoryAccessViolation, BadUTF8, InvalidAccountId, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise.
// Cost: base + beneficiary id read and decoding + action_delete_account
HostResult<void> VmLogic::promise_batch_action_delete_account(uint64_t promise_idx, uint64_t beneficiary_id_len,
                                                              uint64_t beneficiary_id_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_delete_account"));
  HOST_TRY_ASSIGN(std::string beneficiary, read_account_id(beneficiary_id_ptr, beneficiary_id_len));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_delete_account, receipt.second));
  receipts_[receipt.first].actions.push_back(DeleteAccountAction{std::move(beneficiary)});
  return {};
}

}  // namespace syncwasm::runtime
