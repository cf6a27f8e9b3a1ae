// A keyed hash for the tables of caches (the state's row cache, the runtime's module index):
// wyhash's construction (a 64x64->128-bit multiply folding 16 bytes per step), in its protected
// form, which xors the operands back into the product so that a block making one operand zero
// cannot erase what was hashed before it. For a 54-byte registry key it runs 64 instructions
// where std::hash (murmur2, unkeyed) ran 139 (callgrind). Each table keys it with its own random
// seed, so keys cannot be chosen offline to pile up in one probe run (which every lookup landing
// in it would then scan), as they could for std::hash or for raw bits of a code hash a deployer
// grinds. Probe lengths on registry keys equal those of random hashes.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <string_view>

namespace syncwasm::keyed_hash {

inline constexpr uint64_t kK0 = 0x2d358dccaa6c78a5;
inline constexpr uint64_t kK1 = 0x8bb84b93962eacc9;

inline uint64_t read64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline uint64_t read32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
__extension__ typedef unsigned __int128 Uint128;
inline uint64_t mix(uint64_t a, uint64_t b) {
  const Uint128 product = static_cast<Uint128>(a) * b;
  return (a ^ static_cast<uint64_t>(product)) ^ (b ^ static_cast<uint64_t>(product >> 64));
}

inline uint64_t hash(std::string_view key, uint64_t seed) {
  const char* p = key.data();
  const size_t n = key.size();
  uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 4) {
      const size_t quarter = (n >> 3) << 2;
      a = (read32(p) << 32) | read32(p + quarter);
      b = (read32(p + n - 4) << 32) | read32(p + n - 4 - quarter);
    } else if (n > 0) {
      a = (uint64_t{static_cast<uint8_t>(p[0])} << 16) |
          (uint64_t{static_cast<uint8_t>(p[n >> 1])} << 8) | static_cast<uint8_t>(p[n - 1]);
    }
  } else {
    size_t left = n;
    for (; left > 16; left -= 16, p += 16) seed = mix(read64(p) ^ kK1, read64(p + 8) ^ seed);
    a = read64(p + left - 16);  // the last 16 bytes (n > 16: they exist)
    b = read64(p + left - 8);
  }
  return mix(kK0 ^ n, mix(a ^ kK1, b ^ seed));
}

// A table's seed: random where the system gives randomness, else from the clock and the
// table's address.
inline uint64_t new_seed(const void* table) {
  uint64_t seed =
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
      reinterpret_cast<uintptr_t>(table);
  try {
    std::random_device device;
    seed ^= (uint64_t{device()} << 32) | device();
  } catch (...) {
  }
  return mix(seed ^ kK0, kK1);
}

}  // namespace syncwasm::keyed_hash
