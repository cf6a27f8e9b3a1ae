#include "syncwasm/runtime/public_key.h"

#include <cstdint>
#include <vector>

namespace syncwasm::runtime {
namespace {

constexpr char kBase58Alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr uint8_t kEd25519 = 0;
constexpr uint8_t kSecp256k1 = 1;
constexpr size_t kEd25519KeySize = 32;
constexpr size_t kSecp256k1KeySize = 64;

int base58_digit(char c) {
  for (int i = 0; i < 58; ++i)
    if (kBase58Alphabet[i] == c) return i;
  return -1;
}

bool set_why(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
  return false;
}

}  // namespace

bool is_borsh_public_key(std::string_view bytes) {
  if (bytes.empty()) return false;
  const uint8_t curve = static_cast<uint8_t>(bytes[0]);
  return (curve == kEd25519 && bytes.size() == 1 + kEd25519KeySize) ||
         (curve == kSecp256k1 && bytes.size() == 1 + kSecp256k1KeySize);
}

std::string public_key_to_text(std::string_view bytes) {
  const char* curve = static_cast<uint8_t>(bytes[0]) == kEd25519 ? "ed25519:" : "secp256k1:";
  return curve + base58_encode(bytes.substr(1));
}

std::optional<std::string> parse_public_key_text(std::string_view text, std::string* why) {
  uint8_t curve = kEd25519;
  std::string_view data = text;
  if (size_t colon = text.find(':'); colon != std::string_view::npos) {
    std::string_view name = text.substr(0, colon);
    data = text.substr(colon + 1);
    if (name == "ed25519") {
      curve = kEd25519;
    } else if (name == "secp256k1") {
      curve = kSecp256k1;
    } else {
      set_why(why, "unknown key type '" + std::string(name) + "' (ed25519 or secp256k1)");
      return std::nullopt;
    }
  }
  // 64 bytes are at most 88 base58 digits: longer text is refused before the quadratic decoding.
  std::optional<std::string> key = data.size() <= 90 ? base58_decode(data) : std::nullopt;
  if (!key) {
    set_why(why, "the key is not base58");
    return std::nullopt;
  }
  const size_t expected = curve == kEd25519 ? kEd25519KeySize : kSecp256k1KeySize;
  if (key->size() != expected) {
    set_why(why, "the key is " + std::to_string(key->size()) + " bytes, a " +
                     (curve == kEd25519 ? "ed25519" : "secp256k1") + " key is " +
                     std::to_string(expected));
    return std::nullopt;
  }
  return std::string(1, static_cast<char>(curve)) + *key;
}

std::string base58_encode(std::string_view bytes) {
  size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  std::vector<uint8_t> digits;  // base 58, least significant first
  for (size_t i = zeros; i < bytes.size(); ++i) {
    uint32_t carry = static_cast<uint8_t>(bytes[i]);
    for (uint8_t& d : digits) {
      carry += uint32_t{d} << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kBase58Alphabet[*it]);
  return out;
}

std::optional<std::string> base58_decode(std::string_view text) {
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<uint8_t> bytes;  // base 256, least significant first
  for (size_t i = ones; i < text.size(); ++i) {
    const int digit = base58_digit(text[i]);
    if (digit < 0) return std::nullopt;
    uint32_t carry = static_cast<uint32_t>(digit);
    for (uint8_t& b : bytes) {
      carry += uint32_t{b} * 58;
      b = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push_back(static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  std::string out(ones, '\0');
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) out.push_back(static_cast<char>(*it));
  return out;
}

}  // namespace syncwasm::runtime
