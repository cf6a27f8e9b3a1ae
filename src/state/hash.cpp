#include "syncwasm/state/hash.h"

#include <cstring>

#include "syncwasm/sha256.h"

namespace syncwasm::state {

Hash32 sha256_concat(std::initializer_list<std::string_view> parts) {
  return sha256_of(parts);
}

Hash32 sha256(std::string_view bytes) { return sha256_concat({bytes}); }

Hash32 hash_from_bytes(std::string_view bytes) {
  Hash32 out{};
  std::memcpy(out.data(), bytes.data(), out.size());
  return out;
}

std::string to_hex(const Hash32& hash) { return printable_bytes(as_bytes(hash), hash.size()); }

std::string printable_bytes(std::string_view bytes, size_t max_bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  size_t shown = bytes.size() < max_bytes ? bytes.size() : max_bytes;
  out.reserve(shown * 2 + 3);
  for (size_t i = 0; i < shown; ++i) {
    auto byte = static_cast<uint8_t>(bytes[i]);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  if (shown < bytes.size()) out += "...";
  return out;
}

}  // namespace syncwasm::state
