// Hash32 and sha256: the hash of code (the code store's key) and of trie nodes.
// sha256 is OpenSSL's; the functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace syncwasm::state {

using Hash32 = std::array<uint8_t, 32>;

// All zero: the hash of the empty trie and of an empty subtree.
inline constexpr Hash32 kZeroHash{};

Hash32 sha256(std::string_view bytes);
// sha256 of the concatenation of the parts, without copying them into one buffer.
Hash32 sha256_concat(std::initializer_list<std::string_view> parts);

// Views a hash as bytes (for keys and hashing).
inline std::string_view as_bytes(const Hash32& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}
// Copies 32 bytes into a Hash32. REQUIRES: bytes.size() == 32.
Hash32 hash_from_bytes(std::string_view bytes);

// Lowercase hex, 64 characters.
std::string to_hex(const Hash32& hash);
// Lowercase hex of any bytes (for error messages; long inputs are shortened with "...").
std::string printable_bytes(std::string_view bytes, size_t max_bytes = 16);

}  // namespace syncwasm::state
