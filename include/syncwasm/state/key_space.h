// The key spaces of consensus state (DESIGN.md §3): every state key starts with its type byte, so
// each space is a contiguous range in the flat state and can be listed with one prefix scan.
// Account ids are length-prefixed (one byte, NEAR ids are at most 64 bytes), so the data of one
// account is a prefix range that never contains another account's keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "syncwasm/state/hash.h"

namespace syncwasm::state {

// PROTOCOL: these bytes are part of every key hashed into the state root.
enum class KeySpace : uint8_t {
  Account = 0x01,            // account id -> account record
  ContractData = 0x02,       // (account id, contract key) -> value
  Code = 0x03,               // code hash -> code bytes (stored once for everyone)
  CodeRefCount = 0x04,       // code hash -> number of deployments using it (u64, little endian)
  SubmoduleRegistry = 0x05,  // (account id, submodule key) -> {code hash, policy}
  SubmoduleCode = 0x06,      // (account id, code hash) -> submodules of the account using it (u64)
  AccessKey = 0x07,          // (account id, Borsh public key) -> access key (runtime/access_key.h)
};

// The largest account id the key builders accept (NEAR's limit).
inline constexpr size_t kMaxAccountIdSize = 64;

// REQUIRES for every builder taking an account: account.size() <= kMaxAccountIdSize (callers
// validate account ids first; the builders only assert the length fits the prefix byte).
std::string account_key(std::string_view account);
std::string contract_data_key(std::string_view account, std::string_view data_key);
// The prefix of every contract data key of the account (to list or delete its storage).
std::string contract_data_prefix(std::string_view account);
std::string submodule_key(std::string_view account, std::string_view submodule);
std::string submodule_prefix(std::string_view account);
// How many of the account's submodules run this code (storage is charged once per distinct code).
std::string submodule_code_key(std::string_view account, const Hash32& code_hash);
// An access key of the account: the public key is its Borsh bytes (curve byte + key).
std::string access_key_key(std::string_view account, std::string_view public_key);
// The prefix of every access key of the account (to list or delete them).
std::string access_key_prefix(std::string_view account);
std::string code_key(const Hash32& code_hash);
std::string code_ref_count_key(const Hash32& code_hash);

}  // namespace syncwasm::state
