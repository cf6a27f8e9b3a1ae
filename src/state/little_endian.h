// Fixed-width little-endian integers in stored values (internal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace syncwasm::state {

inline std::string encode_u64(uint64_t value) {
  std::string out(8, '\0');
  for (size_t i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

// REQUIRES: bytes.size() == 8.
inline uint64_t decode_u64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 8; i-- > 0;) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

}  // namespace syncwasm::state
