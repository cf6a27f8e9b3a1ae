// The hashing rules of the state trie (docs/state.md explains the layout and why).
//
// The trie is a binary Merkle trie over sha256(key): a key's path is the bits of its key hash,
// most significant bit first. Its shape is canonical: a subtree holding no entry is empty (hash
// all zero), a subtree holding exactly one entry is that entry's leaf, placed at the subtree's
// top, and any other subtree is an internal node. So the root depends only on the set of
// entries, never on the order they were written in.
//
// PROTOCOL: changing any of these functions changes every state root.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syncwasm/state/hash.h"

namespace syncwasm::state {

// sha256(key): the path of a key in the trie.
Hash32 trie_key_hash(std::string_view key);
// sha256(value).
Hash32 trie_value_hash(std::string_view value);
// sha256(0x00 || key_hash || value_hash).
Hash32 trie_leaf_hash(const Hash32& key_hash, const Hash32& value_hash);
// sha256(0x01 || left || right); an empty child contributes 32 zero bytes.
Hash32 trie_internal_hash(const Hash32& left, const Hash32& right);

// Bit `index` of a hash, most significant bit of byte 0 first. REQUIRES: index < 256.
inline bool hash_bit(const Hash32& hash, unsigned index) {
  return (hash[index / 8] >> (7 - index % 8)) & 1;
}

// The root of the trie holding exactly these entries (key, value), computed from scratch.
// A reference for tests and for checking a store; StateStore maintains its root incrementally.
// REQUIRES: keys are distinct.
Hash32 trie_root_of(std::vector<std::pair<std::string, std::string>> entries);

}  // namespace syncwasm::state
