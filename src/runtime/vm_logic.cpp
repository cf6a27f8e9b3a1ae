// VmLogic: gas, the metered accessors of guest memory, registers and strings. The host
// functions themselves live in host/, one file per group.
#include "syncwasm/runtime/vm_logic.h"

#include <algorithm>
#include <cstring>

#include "syncwasm/state/key_space.h"
#include "syncwasm/state/limits.h"
#include "text.h"

namespace syncwasm::runtime {

VmLogic::VmLogic(const RuntimeConfig& config, const VmContext& context, state::StateOverlay& overlay,
                 wasm::Store& store)
    : config_(config), context_(context), overlay_(overlay), store_(store) {
  reset_gas_budget(0);
  storage_usage_ = context.storage_usage;
  current_account_balance_ = context.account_balance + context.attached_deposit;
}

VmLogic::VmLogic(const VmLogic& caller, const VmContext& context, FrameRestrictions frame)
    : config_(caller.config_),
      context_(context),
      overlay_(caller.overlay_),
      store_(caller.store_),
      storage_usage_(caller.storage_usage_),
      current_account_balance_(caller.current_account_balance_),
      frame_(std::move(frame)),
      submodules_(caller.submodules_),
      caller_logs_(caller.caller_logs_ + caller.logs_.size()) {
  total_log_length_ = caller.total_log_length_;
  reset_gas_budget(0);
}

void VmLogic::absorb(VmLogic& callee) {
  storage_usage_ = callee.storage_usage_;
  total_log_length_ = callee.total_log_length_;
  for (std::string& log : callee.logs_) logs_.push_back(std::move(log));
  callee.logs_.clear();
}

HostResult<void> VmLogic::prohibited_in_submodule(const char* method) const {
  if (frame_.in_submodule) return host_error(HostErrorKind::ProhibitedInSubmodule, method);
  return {};
}

HostResult<std::string> VmLogic::storage_key(const std::string& key, bool write, const char* method) const {
  if (frame_.storage_access == StorageAccess::None || (write && frame_.storage_access != StorageAccess::ReadWrite))
    return host_error(HostErrorKind::StorageAccessDenied,
                      std::string(method) + " with storage access " + storage_access_name(frame_.storage_access));
  if (write && frame_.read_only) return host_error(HostErrorKind::StorageAccessDenied, std::string(method) + " in a read-only call");
  if (frame_.storage_prefix.empty()) return state::contract_data_key(context_.current_account_id, key);
  std::string state_key =
      state::contract_data_key(context_.current_account_id, frame_.storage_prefix + key);
  // Nested submodules' prefixes compose (up to 1024 bytes each): a prefixed key the state cannot
  // hold is the guest's error, as a key over max_length_storage_key is, never a node error.
  if (state_key.size() > state::kMaxKeySize)
    return host_error(HostErrorKind::KeyLengthExceeded,
                      std::to_string(frame_.storage_prefix.size() + key.size()) +
                          " bytes with the storage prefix");
  return state_key;
}

void VmLogic::reset_gas_budget(Gas burnt) {
  // REQUIRES: burnt <= max_gas_burnt and burnt + promises_gas_ <= prepaid_gas.
  Gas by_prepaid = context_.prepaid_gas - std::min(context_.prepaid_gas, promises_gas_);
  Gas hard = std::min(by_prepaid, config_.limits.max_gas_burnt);
  budget_ = hard - std::min(hard, burnt);
  burnt_at_reset_ = burnt;
  store_.set_gas_left(budget_);
}

HostErrorKind VmLogic::wasm_gas_exhausted() {
  wasm::GasFailure failure = store_.last_gas_failure();
  Gas burnt_before = burnt_at_reset_ + (budget_ - std::min(budget_, failure.gas_left));
  Gas new_burnt = burnt_before > UINT64_MAX - failure.charge ? UINT64_MAX : burnt_before + failure.charge;
  Gas new_used = new_burnt > UINT64_MAX - promises_gas_ ? UINT64_MAX : new_burnt + promises_gas_;
  return gas_limit_crossed(new_burnt, new_used).take_error().kind;
}

// nearcore GasCounter::process_gas_limit: burnt is clamped to min(prepaid, max_gas_burnt), the
// reservation to what prepaid gas leaves, and crossing max_gas_burnt wins the error kind.
HostResult<void> VmLogic::gas_limit_crossed(Gas new_burnt, Gas new_used) {
  Gas hard = std::min(context_.prepaid_gas, config_.limits.max_gas_burnt);
  Gas burnt = std::min(new_burnt, hard);
  Gas used = std::min(context_.prepaid_gas, new_used);
  promises_gas_ = used - std::min(used, burnt);
  burnt_at_reset_ = burnt;
  budget_ = 0;
  store_.set_gas_left(0);
  return host_error(new_burnt > config_.limits.max_gas_burnt ? HostErrorKind::GasLimitExceeded
                                                             : HostErrorKind::GasExceeded);
}

HostResult<void> VmLogic::pay(Gas amount) {
  Gas burnt = burnt_gas();
  if (store_.charge_gas(amount) == wasm::TrapKind::None) return {};
  Gas new_burnt, new_used;
  if (__builtin_add_overflow(burnt, amount, &new_burnt) || __builtin_add_overflow(new_burnt, promises_gas_, &new_used))
    return host_error(HostErrorKind::IntegerOverflow);
  return gas_limit_crossed(new_burnt, new_used);
}

HostResult<void> VmLogic::pay_per(Gas per_unit, uint64_t units) {
  Gas total;
  if (__builtin_mul_overflow(per_unit, units, &total)) return host_error(HostErrorKind::IntegerOverflow);
  return pay(total);
}

HostResult<void> VmLogic::pay_action(Gas burn, Gas use) {
  Gas burnt = burnt_gas();
  Gas new_burnt, new_used;
  if (__builtin_add_overflow(burnt, burn, &new_burnt) || __builtin_add_overflow(promises_gas_, use, &new_used) ||
      __builtin_add_overflow(new_used, burnt, &new_used))
    return host_error(HostErrorKind::IntegerOverflow);
  if (new_burnt > config_.limits.max_gas_burnt || new_used > context_.prepaid_gas)
    return gas_limit_crossed(new_burnt, new_used);
  promises_gas_ = new_used - new_burnt;
  reset_gas_budget(new_burnt);
  return {};
}

wasm::TrapKind VmLogic::fail(HostError error) {
  std::string message = std::string(host_error_name(error.kind));
  if (!error.message.empty()) message += ": " + error.message;
  store_.set_host_error(message);
  error_ = std::move(error);
  return wasm::TrapKind::HostError;
}

HostError VmLogic::node_failure(state::Error error) {
  node_error_ = error;
  return host_error(HostErrorKind::Unsupported, "node error: " + error.to_string());
}

HostResult<void> VmLogic::prohibited_in_view(const char* method) const {
  if (context_.view) return host_error(HostErrorKind::ProhibitedInView, method);
  return {};
}

HostResult<void> VmLogic::memory_bounds(uint64_t ptr, uint64_t len) const {
  uint64_t end;
  if (!memory_ || __builtin_add_overflow(ptr, len, &end) || end > memory_->size_bytes())
    return host_error(HostErrorKind::MemoryAccessViolation);
  return {};
}

HostResult<std::string> VmLogic::read_memory(uint64_t ptr, uint64_t len) {
  HOST_TRY(pay(config_.ext.read_memory_base));
  HOST_TRY(pay_per(config_.ext.read_memory_byte, len));
  HOST_TRY(memory_bounds(ptr, len));
  return std::string(reinterpret_cast<const char*>(memory_->data() + ptr), size_t(len));
}

HostResult<void> VmLogic::write_memory(uint64_t ptr, std::span<const uint8_t> data) {
  HOST_TRY(pay(config_.ext.write_memory_base));
  HOST_TRY(pay_per(config_.ext.write_memory_byte, data.size()));
  HOST_TRY(memory_bounds(ptr, data.size()));
  if (!data.empty()) std::memcpy(memory_->writable(ptr, data.size()), data.data(), data.size());
  return {};
}

HostResult<void> VmLogic::write_u128(uint64_t ptr, Balance value) {
  uint8_t bytes[16];
  for (int i = 0; i < 16; ++i) bytes[i] = uint8_t(value >> (8 * i));
  return write_memory(ptr, bytes);
}

HostResult<std::string> VmLogic::read_register_content(uint64_t register_id) {
  auto it = registers_.find(register_id);
  if (it == registers_.end())
    return host_error(HostErrorKind::InvalidRegisterId, "register " + std::to_string(register_id) + " is not set");
  HOST_TRY(pay(config_.ext.read_register_base));
  HOST_TRY(pay_per(config_.ext.read_register_byte, it->second.size()));
  return it->second;
}

HostResult<std::string> VmLogic::read_memory_or_register(uint64_t ptr, uint64_t len) {
  if (len == UINT64_MAX) return read_register_content(ptr);
  return read_memory(ptr, len);
}

HostResult<void> VmLogic::set_register(uint64_t register_id, std::string data, bool charge_bytes) {
  const LimitConfig& l = config_.limits;
  uint64_t len = data.size();
  HOST_TRY(pay(config_.ext.write_register_base));
  if (charge_bytes) HOST_TRY(pay_per(config_.ext.write_register_byte, len));
  if (len > l.max_register_size) return host_error(HostErrorKind::MemoryAccessViolation, "register too large");
  // PROTOCOL: at the register-count limit even replacing a register fails (nearcore's bug,
  // kept by the protocol).
  if (registers_.size() >= l.max_number_registers)
    return host_error(HostErrorKind::MemoryAccessViolation, "too many registers");
  auto it = registers_.find(register_id);
  uint64_t old_usage = it == registers_.end() ? 0 : it->second.size() + 8;
  uint64_t usage = registers_memory_ - old_usage + len + 8;
  if (usage > l.registers_memory_limit)
    return host_error(HostErrorKind::MemoryAccessViolation, "registers_memory_limit exceeded");
  registers_memory_ = usage;
  registers_[register_id] = std::move(data);
  return {};
}

HostResult<std::string> VmLogic::read_utf8_string(uint64_t len, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.utf8_decoding_base));
  const uint64_t max_len =
      config_.limits.max_total_log_length - std::min(total_log_length_, config_.limits.max_total_log_length);
  std::string buf;
  if (len != UINT64_MAX) {
    if (len > max_len) return host_error(HostErrorKind::TotalLogLengthExceeded);
    HOST_TRY_ASSIGN(buf, read_memory(ptr, len));
  } else {
    // NUL-terminated: each byte read pays read_memory_base + read_memory_byte.
    for (uint64_t i = 0; i <= max_len; ++i) {
      uint64_t at;
      if (__builtin_add_overflow(ptr, i, &at)) return host_error(HostErrorKind::MemoryAccessViolation);
      HOST_TRY_ASSIGN(std::string byte, read_memory(at, 1));
      if (byte[0] == 0) break;
      if (i == max_len) return host_error(HostErrorKind::TotalLogLengthExceeded);
      buf.push_back(byte[0]);
    }
  }
  HOST_TRY(pay_per(config_.ext.utf8_decoding_byte, buf.size()));
  if (!is_valid_utf8(buf)) return host_error(HostErrorKind::BadUTF8);
  return buf;
}

HostResult<std::string> VmLogic::read_utf16_string(uint64_t len, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.utf16_decoding_base));
  const uint64_t max_len =
      config_.limits.max_total_log_length - std::min(total_log_length_, config_.limits.max_total_log_length);
  std::string buf;
  if (len == UINT64_MAX) {
    // NUL-terminated (0x0000): each code unit read pays read_memory_base + 2 * read_memory_byte.
    len = 0;
    for (;;) {
      uint64_t at = ptr > UINT64_MAX - len ? UINT64_MAX : ptr + len;  // saturating, as nearcore
      HOST_TRY_ASSIGN(std::string unit, read_memory(at, 2));
      if (unit[0] == 0 && unit[1] == 0) break;
      if (len + 2 > max_len) return host_error(HostErrorKind::TotalLogLengthExceeded);
      len += 2;
    }
    HOST_TRY(memory_bounds(ptr, len));
    buf.assign(reinterpret_cast<const char*>(memory_->data() + ptr), size_t(len));
  } else {
    HOST_TRY_ASSIGN(buf, read_memory(ptr, len));
  }
  if (len % 2 != 0) return host_error(HostErrorKind::BadUTF16);
  if (len > max_len) return host_error(HostErrorKind::TotalLogLengthExceeded);
  HOST_TRY(pay_per(config_.ext.utf16_decoding_byte, len));
  std::optional<std::string> text = utf16le_to_utf8(buf);
  if (!text) return host_error(HostErrorKind::BadUTF16);
  return std::move(*text);
}

HostResult<void> VmLogic::check_can_add_log() const {
  if (caller_logs_ + logs_.size() >= config_.limits.max_number_logs) return host_error(HostErrorKind::NumberOfLogsExceeded);
  return {};
}

HostResult<void> VmLogic::push_log(std::string message) {
  uint64_t total;
  if (__builtin_add_overflow(total_log_length_, uint64_t(message.size()), &total) ||
      total > config_.limits.max_total_log_length)
    return host_error(HostErrorKind::TotalLogLengthExceeded);
  total_log_length_ = total;
  logs_.push_back(std::move(message));
  return {};
}

}  // namespace syncwasm::runtime
