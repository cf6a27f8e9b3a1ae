// TrieProof: a Merkle proof that a key holds a value (inclusion) or is absent (exclusion) in the
// trie with a given root. Proofs are produced by StateStore::prove and checked by verify_proof,
// which needs nothing but the root: a light client can run it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"

namespace syncwasm::state {

struct TrieProof {
  // Where the path of the key's hash ends.
  enum class Terminal : uint8_t {
    Leaf = 0,       // at the key's own leaf: the key is present (inclusion)
    OtherLeaf = 1,  // at the leaf of another key sharing the path so far: the key is absent
    Empty = 2,      // at an empty subtree: the key is absent
  };

  // The sibling hash at each depth along the path, from the root's children down;
  // siblings.size() is the depth at which the path ends.
  std::vector<Hash32> siblings;
  Terminal terminal = Terminal::Empty;
  // Only for OtherLeaf: the other leaf's key hash and value hash.
  Hash32 other_key_hash{};
  Hash32 other_value_hash{};

  // A compact encoding for transport: terminal byte, depth byte, a bitmap of non-zero siblings,
  // the non-zero siblings, then the other leaf (OtherLeaf only).
  std::string serialize() const;
  // Parses serialize()'s output; refuses truncated or trailing bytes.
  static Result<TrieProof> parse(std::string_view bytes);
};

// True iff the proof shows that, in the trie with this root, key holds exactly `value`
// (value given) or key is absent (value nullopt). Thread-safe, no I/O.
bool verify_proof(const Hash32& root, std::string_view key, std::optional<std::string_view> value,
                  const TrieProof& proof);

}  // namespace syncwasm::state
