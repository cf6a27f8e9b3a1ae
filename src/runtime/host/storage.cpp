// env storage functions (nearcore logic.rs "Storage API"), on the call's StateOverlay under
// state::contract_data_key(current account, key); in a submodule frame the key gets the policy's
// prefix, and a read or write its storage access does not allow fails with StorageAccessDenied
// after the key was read and paid for (VmLogic::storage_key).
// Not charged yet: touching_trie_node / read_cached_trie_node (nearcore's trie shape differs from
// syncwasm's binary trie; docs/runtime.md).
#include "syncwasm/runtime/vm_logic.h"
#include "syncwasm/state/key_space.h"

namespace syncwasm::runtime {
namespace {
// PROTOCOL: nearcore INLINE_DISK_VALUE_THRESHOLD: values longer than this pay the large-read overhead.
constexpr uint64_t kInlineDiskValueThreshold = 4000;
}  // namespace

// storage_write(key_len, key_ptr, value_len, value_ptr, register_id) -> 1 with the old value in the
// register when the key existed, else 0. storage_usage grows by key+value+40 for a new key, by
// value - old value otherwise.
// Errors: ProhibitedInView, MemoryAccessViolation, InvalidRegisterId, KeyLengthExceeded,
//         ValueLengthExceeded.
// Cost: base + storage_write_base + key read + value read + storage_write_key_byte * key_len
//       + storage_write_value_byte * value_len + storage_write_evicted_byte * old_len
//       + (old value) write_register_base + write_register_byte * old_len
HostResult<uint64_t> VmLogic::storage_write(uint64_t key_len, uint64_t key_ptr, uint64_t value_len,
                                            uint64_t value_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("storage_write"));
  HOST_TRY(pay(config_.ext.storage_write_base));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(key_ptr, key_len));
  if (key.size() > config_.limits.max_length_storage_key)
    return host_error(HostErrorKind::KeyLengthExceeded, std::to_string(key.size()) + " bytes");
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  if (value.size() > config_.limits.max_length_storage_value)
    return host_error(HostErrorKind::ValueLengthExceeded, std::to_string(value.size()) + " bytes");
  HOST_TRY(pay_per(config_.ext.storage_write_key_byte, key.size()));
  HOST_TRY(pay_per(config_.ext.storage_write_value_byte, value.size()));
  HOST_TRY_ASSIGN(const std::string state_key, storage_key(key, true, "storage_write"));
  auto old = overlay_.get(state_key);
  if (!old.ok()) return node_failure(old.take_error());
  if (*old) HOST_TRY(pay_per(config_.ext.storage_write_evicted_byte, (*old)->size()));
  if (auto put = overlay_.put(state_key, value); !put.ok()) return node_failure(put.take_error());
  if (*old) {
    // Cannot overflow or underflow: usage includes the old value, lengths are bounded.
    storage_usage_ = storage_usage_ - (*old)->size() + value.size();
    HOST_TRY(set_register(register_id, std::move(**old)));
    return uint64_t(1);
  }
  storage_usage_ += frame_.storage_prefix.size() + key.size() + value.size() + config_.storage.storage_num_extra_bytes_record;
  return uint64_t(0);
}

// storage_read(key_len, key_ptr, register_id) -> 1 with the value in the register, or 0 (register
// untouched). Allowed in views.
// Errors: MemoryAccessViolation, InvalidRegisterId, KeyLengthExceeded.
// Cost: base + storage_read_base + key read + storage_read_key_byte * key_len
//       + storage_read_value_byte * value_len (+ storage_large_read_overhead_base/_byte * value_len
//       above 4000 bytes) + write_register_base + write_register_byte * value_len
HostResult<uint64_t> VmLogic::storage_read(uint64_t key_len, uint64_t key_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(pay(config_.ext.storage_read_base));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(key_ptr, key_len));
  if (key.size() > config_.limits.max_length_storage_key)
    return host_error(HostErrorKind::KeyLengthExceeded, std::to_string(key.size()) + " bytes");
  HOST_TRY(pay_per(config_.ext.storage_read_key_byte, key.size()));
  HOST_TRY_ASSIGN(const std::string state_key, storage_key(key, false, "storage_read"));
  auto value = overlay_.get(state_key);
  if (!value.ok()) return node_failure(value.take_error());
  if (!*value) return uint64_t(0);
  uint64_t len = (*value)->size();
  HOST_TRY(pay_per(config_.ext.storage_read_value_byte, len));
  if (len > kInlineDiskValueThreshold) {
    HOST_TRY(pay(config_.ext.storage_large_read_overhead_base));
    HOST_TRY(pay_per(config_.ext.storage_large_read_overhead_byte, len));
  }
  HOST_TRY(set_register(register_id, std::move(**value)));
  return uint64_t(1);
}

// storage_remove(key_len, key_ptr, register_id) -> 1 with the old value in the register, or 0.
// Errors: ProhibitedInView, MemoryAccessViolation, InvalidRegisterId, KeyLengthExceeded.
// Cost: base + storage_remove_base + key read + storage_remove_key_byte * key_len
//       + storage_remove_ret_value_byte * value_len + write_register_base + write_register_byte * value_len
HostResult<uint64_t> VmLogic::storage_remove(uint64_t key_len, uint64_t key_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("storage_remove"));
  HOST_TRY(pay(config_.ext.storage_remove_base));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(key_ptr, key_len));
  if (key.size() > config_.limits.max_length_storage_key)
    return host_error(HostErrorKind::KeyLengthExceeded, std::to_string(key.size()) + " bytes");
  HOST_TRY(pay_per(config_.ext.storage_remove_key_byte, key.size()));
  HOST_TRY_ASSIGN(const std::string state_key, storage_key(key, true, "storage_remove"));
  auto old = overlay_.get(state_key);
  if (!old.ok()) return node_failure(old.take_error());
  if (!*old) return uint64_t(0);
  HOST_TRY(pay_per(config_.ext.storage_remove_ret_value_byte, (*old)->size()));
  if (auto rm = overlay_.remove(state_key); !rm.ok()) return node_failure(rm.take_error());
  storage_usage_ -= frame_.storage_prefix.size() + key.size() + (*old)->size() + config_.storage.storage_num_extra_bytes_record;
  HOST_TRY(set_register(register_id, std::move(**old)));
  return uint64_t(1);
}

// storage_has_key(key_len, key_ptr) -> 1 or 0. Allowed in views.
// Errors: MemoryAccessViolation, InvalidRegisterId, KeyLengthExceeded.
// Cost: base + storage_has_key_base + key read + storage_has_key_byte * key_len
HostResult<uint64_t> VmLogic::storage_has_key(uint64_t key_len, uint64_t key_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(pay(config_.ext.storage_has_key_base));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(key_ptr, key_len));
  if (key.size() > config_.limits.max_length_storage_key)
    return host_error(HostErrorKind::KeyLengthExceeded, std::to_string(key.size()) + " bytes");
  HOST_TRY(pay_per(config_.ext.storage_has_key_byte, key.size()));
  HOST_TRY_ASSIGN(const std::string state_key, storage_key(key, false, "storage_has_key"));
  auto value = overlay_.get(state_key);
  if (!value.ok()) return node_failure(value.take_error());
  return uint64_t(value->has_value() ? 1 : 0);
}

// storage_iter_prefix / storage_iter_range / storage_iter_next: deprecated, always Deprecated.
// Cost: none.
HostResult<uint64_t> VmLogic::storage_iter_prefix(uint64_t, uint64_t) {
  return host_error(HostErrorKind::Deprecated, "storage_iter_prefix");
}
HostResult<uint64_t> VmLogic::storage_iter_range(uint64_t, uint64_t, uint64_t, uint64_t) {
  return host_error(HostErrorKind::Deprecated, "storage_iter_range");
}
HostResult<uint64_t> VmLogic::storage_iter_next(uint64_t, uint64_t, uint64_t) {
  return host_error(HostErrorKind::Deprecated, "storage_iter_next");
}

}  // namespace syncwasm::runtime
