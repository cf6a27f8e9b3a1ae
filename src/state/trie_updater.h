// Incremental update of the state trie (internal to the state layer).
#pragma once

#include <optional>
#include <span>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"
#include "trie_node.h"

namespace syncwasm::state {

struct LeafChange {
  Hash32 key_hash;
  std::optional<Hash32> value_hash;  // nullopt removes the entry
};

// Applies the changes to the trie held by `source`, writing the changed nodes to `sink`, and
// returns the new root. Only the nodes on the changed keys' paths are read and written (plus a
// lone sibling leaf that moves up when its neighbour disappears), so the cost is proportional to
// the number of changes times the trie depth, never to the size of the state.
// REQUIRES: changes sorted by key_hash, without duplicates; source does not see sink's writes
// (a RocksDB write batch applied afterwards).
Result<Hash32> update_trie(const TrieNodeSource& source, TrieNodeSink& sink,
                           std::span<const LeafChange> changes);

}  // namespace syncwasm::state
