// NEAR public keys: the Borsh bytes the runtime carries and stores (curve byte + key: 0x00 + 32
// bytes for ed25519, 0x01 + 64 bytes for secp256k1, as near_crypto::PublicKey) and their text
// form `ed25519:BASE58` / `secp256k1:BASE58` (Bitcoin's base58 alphabet, as near_crypto).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace syncwasm::runtime {

// True when `bytes` is a Borsh PublicKey (the curve byte and the length match).
bool is_borsh_public_key(std::string_view bytes);

// "ed25519:..." or "secp256k1:...". REQUIRES: is_borsh_public_key(bytes).
std::string public_key_to_text(std::string_view bytes);

// The Borsh bytes of `ed25519:BASE58` or `secp256k1:BASE58` (a key without a curve prefix is
// ed25519, as near_crypto parses it); nullopt with the reason in *why when it is not one.
std::optional<std::string> parse_public_key_text(std::string_view text, std::string* why = nullptr);

// Base58 (Bitcoin alphabet; leading zero bytes are leading '1's).
std::string base58_encode(std::string_view bytes);
std::optional<std::string> base58_decode(std::string_view text);

}  // namespace syncwasm::runtime
