// Access keys (nearcore AccessKey): what a public key may do on an account, stored under
// state::access_key_key(account, Borsh public key).
//
// The value is exactly the Borsh encoding of nearcore's AccessKey (PROTOCOL: hashed into the state
// root; its length is also what storage usage charges), little endian:
//   nonce u64
//   permission u8: 0 = FunctionCall, 1 = FullAccess
//   FunctionCall only:
//     allowance   u8 0 (unlimited) | u8 1 + u128
//     receiver_id u32 length + UTF-8 bytes
//     method_names u32 count, then each u32 length + UTF-8 bytes (none: any method)
// A full-access key is 9 bytes; a function-call key 8 + 1 + (1 or 17) + 4 + len(receiver) + 4 +
// Σ(4 + len(name)).
//
// Storage usage of a key (nearcore access_key_storage_usage): len(Borsh public key) + len(value)
// + storage_num_extra_bytes_record (40); e.g. an ed25519 full-access key: 33 + 9 + 40 = 82 bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/receipt.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"

namespace syncwasm::runtime {

struct FullAccessPermission {
  bool operator==(const FullAccessPermission&) const = default;
};

struct FunctionCallPermission {
  std::optional<Balance> allowance;  // nullopt: unlimited
  std::string receiver_id;
  std::vector<std::string> method_names;  // empty: any method
  bool operator==(const FunctionCallPermission&) const = default;
};

struct AccessKey {
  uint64_t nonce = 0;
  std::variant<FullAccessPermission, FunctionCallPermission> permission;
  bool full_access() const { return std::holds_alternative<FullAccessPermission>(permission); }
  bool operator==(const AccessKey&) const = default;
};

// nearcore's AccessKey::ACCESS_KEY_NONCE_RANGE_MULTIPLIER: a key added at block h starts at nonce
// (h - 1) * 10^6 whatever nonce the action carried (so old transactions cannot be replayed).
inline constexpr uint64_t kAccessKeyNonceRangeMultiplier = 1'000'000;
// The nonce of a key added in block `height` (0 for heights 0 and 1).
uint64_t initial_access_key_nonce(uint64_t height);

// The key an AddKey action describes (allowance 0 = unlimited), with the action's nonce.
AccessKey access_key_of(const AddKeyAction& action);

std::string encode_access_key(const AccessKey& key);
// nullopt when the bytes are not exactly one encoded key (state is corrupt).
std::optional<AccessKey> decode_access_key(std::string_view bytes);

// Bytes of storage usage one key costs its account (see above).
uint64_t access_key_storage_usage(std::string_view public_key, const AccessKey& key,
                                  const StorageUsageConfig& config);

// REQUIRES: account is a valid account id, public_key a Borsh public key. Errors are the state
// layer's; an undecodable stored key is Corruption.
state::Result<std::optional<AccessKey>> load_access_key(const state::StateReader& reader,
                                                        std::string_view account,
                                                        std::string_view public_key);
state::Status store_access_key(state::StateOverlay& overlay, std::string_view account,
                               std::string_view public_key, const AccessKey& key);
state::Status remove_access_key(state::StateOverlay& overlay, std::string_view account,
                                std::string_view public_key);
// The account's keys in the order of their Borsh public keys; stops when `each` returns false.
state::Status list_access_keys(
    const state::StateReader& reader, std::string_view account,
    const std::function<bool(std::string_view public_key, const AccessKey& key)>& each);

}  // namespace syncwasm::runtime
