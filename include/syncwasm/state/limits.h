// Size limits of the state layer. Every limit is a named constant with its own test
// (tests/state/limits_test.cpp); an input over a limit is refused with an error naming it.
#pragma once

#include <cstddef>

namespace syncwasm::state {

// The largest full state key: type byte + account id (<= 64) + the contract's own key.
// PROTOCOL: NEAR's max_length_storage_key is 2 KiB; 4 KiB leaves room for the account part and a
// submodule's storage prefix on top of it. Changing it changes which transactions succeed.
inline constexpr size_t kMaxKeySize = 4096;

// The largest value under one key (contract data, account record, or contract / submodule code).
// PROTOCOL: NEAR's max_length_storage_value and max_contract_size are both 4 MiB.
inline constexpr size_t kMaxValueSize = 4 * 1024 * 1024;

// The largest serialized lowered module in the module cache (not consensus state: a lowered
// module is several times bigger than its code).
inline constexpr size_t kMaxCachedModuleSize = 64 * 1024 * 1024;

// The deepest trie position. Keys are hashed (sha256), so two keys share a 255-bit prefix only
// with a sha256 collision; the limit keeps node depths in one byte.
inline constexpr size_t kMaxTrieDepth = 255;

}  // namespace syncwasm::state
