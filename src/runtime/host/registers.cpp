// env register functions (nearcore logic.rs "Registers API").
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

// read_register(register_id, ptr): copies the whole register into guest memory at ptr.
// Errors: InvalidRegisterId (unset register), MemoryAccessViolation (out of bounds).
// Cost: base + read_register_base + read_register_byte * len + write_memory_base + write_memory_byte * len
HostResult<void> VmLogic::read_register(uint64_t register_id, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY_ASSIGN(std::string data, read_register_content(register_id));
  return write_memory(ptr, std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

// register_len(register_id) -> length, or u64::MAX when the register is unset.
// Cost: base
HostResult<uint64_t> VmLogic::register_len(uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  auto it = registers_.find(register_id);
  return it == registers_.end() ? UINT64_MAX : uint64_t(it->second.size());
}

// write_register(register_id, data_len, data_ptr): copies guest memory into a register.
// Errors: MemoryAccessViolation (out of bounds, or a register limit exceeded).
// Cost: base + read_memory_base + read_memory_byte * len + write_register_base + write_register_byte * len
HostResult<void> VmLogic::write_register(uint64_t register_id, uint64_t data_len, uint64_t data_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY_ASSIGN(std::string data, read_memory(data_ptr, data_len));
  return set_register(register_id, std::move(data));
}

}  // namespace syncwasm::runtime
