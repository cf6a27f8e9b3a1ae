// The stored form of a trie node (internal to the state layer; docs/state.md describes it).
// Nodes are stored by position (depth + path bits), not by hash: an update overwrites the nodes on
// the changed paths in place, so no garbage of old nodes accumulates and nothing needs pruning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"

namespace syncwasm::state {

enum class NodeKind : uint8_t { Empty = 0, Leaf = 1, Internal = 2 };

struct TrieNode {
  NodeKind kind = NodeKind::Empty;
  // Leaf: the entry's key hash and value hash.
  Hash32 key_hash{};
  Hash32 value_hash{};
  // Internal: the kinds and hashes of both children (kinds, so an update can tell whether an
  // unchanged sibling is a lone leaf that must move up, without reading it).
  NodeKind left_kind = NodeKind::Empty;
  NodeKind right_kind = NodeKind::Empty;
  Hash32 left{};
  Hash32 right{};

  static TrieNode leaf(const Hash32& key_hash, const Hash32& value_hash);
  static TrieNode internal(NodeKind left_kind, const Hash32& left, NodeKind right_kind, const Hash32& right);

  Hash32 hash() const;
  // Leaf: 0x01 key_hash value_hash (65 bytes). Internal: 0x02 left_kind right_kind left right (67).
  std::string encode() const;
  // Errors: Corruption naming `where` for any other byte string.
  static Result<TrieNode> decode(std::string_view bytes, const std::string& where);
};

// The RocksDB key of the node at `depth` on `path`: the first ceil(depth / 8) bytes of path with
// the bits past depth cleared, then the depth byte (which makes keys unique). Path first keeps a
// subtree's nodes next to each other in RocksDB's order: the few levels below the in-memory
// node cache that one update walks usually share one data block. REQUIRES: depth <= 255.
std::string trie_node_key(const Hash32& path, unsigned depth);
// Printable position, for error messages: "depth 3 path 101".
std::string trie_position(const Hash32& path, unsigned depth);

// path with bit `index` set to `bit`.
Hash32 with_bit(Hash32 path, unsigned index, bool bit);

// Where the trie's nodes live. load returns nullopt for an empty position.
class TrieNodeSource {
 public:
  virtual ~TrieNodeSource() = default;
  virtual Result<std::optional<TrieNode>> load(const Hash32& path, unsigned depth) const = 0;
};

class TrieNodeSink {
 public:
  virtual ~TrieNodeSink() = default;
  virtual void store(const Hash32& path, unsigned depth, const TrieNode& node) = 0;
  virtual void erase(const Hash32& path, unsigned depth) = 0;
};

}  // namespace syncwasm::state
