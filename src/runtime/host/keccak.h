// Keccak-256 and Keccak-512 as Ethereum uses them (original Keccak padding 0x01, not SHA-3's
// 0x06). OpenSSL 3.0 has no KECCAK-256, so this is the reference permutation.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace syncwasm::runtime {

std::array<uint8_t, 32> keccak256(std::string_view data);
std::array<uint8_t, 64> keccak512(std::string_view data);

}  // namespace syncwasm::runtime
