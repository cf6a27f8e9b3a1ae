// env "Miscellaneous API": return value, panics, logs (nearcore logic.rs).
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

// value_return(value_len, value_ptr): sets the call's result (the last call wins).
// Errors: MemoryAccessViolation, InvalidRegisterId, ReturnedValueLengthExceeded.
// Cost: base + input read + for each output data receiver (burnt):
//       (data_receipt_creation_per_byte.send_fee(sir) + .execution) * len
HostResult<void> VmLogic::value_return(uint64_t value_len, uint64_t value_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  if (value.size() > config_.limits.max_length_returned_data)
    return host_error(HostErrorKind::ReturnedValueLengthExceeded,
                      std::to_string(value.size()) + " bytes exceed max_length_returned_data");
  Gas burn = 0;
  const Fee& per_byte = config_.fees.data_receipt_creation_per_byte;
  for (const std::string& receiver : context_.output_data_receivers) {
    bool sir = receiver == context_.current_account_id;
    Gas fee, total;
    if (__builtin_mul_overflow(per_byte.send_fee(sir) + per_byte.execution, uint64_t(value.size()), &fee) ||
        __builtin_add_overflow(burn, fee, &total))
      return host_error(HostErrorKind::IntegerOverflow);
    burn = total;
  }
  HOST_TRY(pay_action(burn, burn));
  return_data_ = std::move(value);
  returned_receipt_.reset();
  return {};
}

// panic(): fails the call with GuestPanic("explicit guest panic"). Cost: base
HostResult<void> VmLogic::panic() {
  HOST_TRY(pay(config_.ext.base));
  return host_error(HostErrorKind::GuestPanic, "explicit guest panic");
}

// panic_utf8(len, ptr): fails the call with GuestPanic(message); len == u64::MAX: NUL-terminated.
// Errors: MemoryAccessViolation, BadUTF8, TotalLogLengthExceeded.
// Cost: base + utf8_decoding_base + read + utf8_decoding_byte * len
HostResult<void> VmLogic::panic_utf8(uint64_t len, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY_ASSIGN(std::string message, read_utf8_string(len, ptr));
  return host_error(HostErrorKind::GuestPanic, std::move(message));
}

// log_utf8(len, ptr): appends a log line.
// Errors: NumberOfLogsExceeded, MemoryAccessViolation, BadUTF8, TotalLogLengthExceeded.
// Cost: base + utf8 read and decoding + log_base + log_byte * len
HostResult<void> VmLogic::log_utf8(uint64_t len, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(check_can_add_log());
  HOST_TRY_ASSIGN(std::string message, read_utf8_string(len, ptr));
  HOST_TRY(pay(config_.ext.log_base));
  HOST_TRY(pay_per(config_.ext.log_byte, message.size()));
  return push_log(std::move(message));
}

// log_utf16(len, ptr): appends a log line from UTF-16LE (len in bytes; u64::MAX: 0x0000-terminated).
// Errors: NumberOfLogsExceeded, MemoryAccessViolation, BadUTF16, TotalLogLengthExceeded.
// Cost: base + utf16 read and decoding + log_base + log_byte * utf8_len
HostResult<void> VmLogic::log_utf16(uint64_t len, uint64_t ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(check_can_add_log());
  HOST_TRY_ASSIGN(std::string message, read_utf16_string(len, ptr));
  HOST_TRY(pay(config_.ext.log_base));
  HOST_TRY(pay_per(config_.ext.log_byte, message.size()));
  return push_log(std::move(message));
}

// abort(msg_ptr, filename_ptr, line, col): AssemblyScript's abort. Reads two AS strings (u32 byte
// length at ptr-4, then UTF-16), logs "ABORT: <msg>, filename: \"<f>\" line: L col: C", then fails
// with GuestPanic("<msg>, filename: ...").
// Errors: BadUTF16 (a pointer below 4), NumberOfLogsExceeded, MemoryAccessViolation,
//         TotalLogLengthExceeded.
// Cost: base + 2 * (read_memory_base + 4 * read_memory_byte) + two utf16 reads
//       + log_base + log_byte * len(message without "ABORT: ")
HostResult<void> VmLogic::abort(uint32_t msg_ptr, uint32_t filename_ptr, uint32_t line, uint32_t col) {
  HOST_TRY(pay(config_.ext.base));
  if (msg_ptr < 4 || filename_ptr < 4) return host_error(HostErrorKind::BadUTF16);
  HOST_TRY(check_can_add_log());
  auto read_u32 = [&](uint64_t at) -> HostResult<uint32_t> {
    HOST_TRY_ASSIGN(std::string b, read_memory(at, 4));
    return uint32_t(uint8_t(b[0])) | uint32_t(uint8_t(b[1])) << 8 | uint32_t(uint8_t(b[2])) << 16 |
           uint32_t(uint8_t(b[3])) << 24;
  };
  HOST_TRY_ASSIGN(uint32_t msg_len, read_u32(uint64_t(msg_ptr) - 4));
  HOST_TRY_ASSIGN(uint32_t filename_len, read_u32(uint64_t(filename_ptr) - 4));
  HOST_TRY_ASSIGN(std::string msg, read_utf16_string(msg_len, msg_ptr));
  HOST_TRY_ASSIGN(std::string filename, read_utf16_string(filename_len, filename_ptr));
  std::string message = msg + ", filename: \"" + filename + "\" line: " + std::to_string(line) +
                        " col: " + std::to_string(col);
  HOST_TRY(pay(config_.ext.log_base));
  HOST_TRY(pay_per(config_.ext.log_byte, message.size()));
  HOST_TRY(push_log("ABORT: " + message));
  return host_error(HostErrorKind::GuestPanic, std::move(message));
}

}  // namespace syncwasm::runtime
