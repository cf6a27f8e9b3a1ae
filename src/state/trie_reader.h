// Read-only walks of the stored trie (internal): proofs and a full consistency check.
#pragma once

#include <functional>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"
#include "syncwasm/state/trie_proof.h"
#include "trie_node.h"

namespace syncwasm::state {

// The proof for the key with this hash: reads the nodes on its path, one per depth.
Result<TrieProof> prove_key_hash(const TrieNodeSource& source, const Hash32& key_hash);

// Walks every node: each stored child must have the kind and hash its parent records, each leaf
// must lie on its own key's path, and no internal node may hold fewer than two entries (the
// canonical shape). Calls visit_leaf for each leaf in key-hash order and returns the root hash.
// Errors: Corruption naming the first bad node's position.
Result<Hash32> check_trie(const TrieNodeSource& source, const std::function<Status(const TrieNode&)>& visit_leaf);

}  // namespace syncwasm::state
