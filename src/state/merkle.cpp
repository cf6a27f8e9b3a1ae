#include "syncwasm/state/merkle.h"

#include <algorithm>
#include <span>

namespace syncwasm::state {
namespace {

constexpr char kLeafTag = 0x00;
constexpr char kInternalTag = 0x01;

struct LeafHashes {
  Hash32 key_hash;
  Hash32 value_hash;
};

// The canonical subtree of `leaves` (sorted by key hash, all sharing their first `depth` bits).
Hash32 subtree_root(std::span<const LeafHashes> leaves, unsigned depth) {
  if (leaves.empty()) return kZeroHash;
  if (leaves.size() == 1) return trie_leaf_hash(leaves[0].key_hash, leaves[0].value_hash);
  auto right_begin = std::partition_point(leaves.begin(), leaves.end(), [depth](const LeafHashes& l) {
    return !hash_bit(l.key_hash, depth);
  });
  size_t split = static_cast<size_t>(right_begin - leaves.begin());
  return trie_internal_hash(subtree_root(leaves.subspan(0, split), depth + 1),
                            subtree_root(leaves.subspan(split), depth + 1));
}

}  // namespace

Hash32 trie_key_hash(std::string_view key) { return sha256(key); }

Hash32 trie_value_hash(std::string_view value) { return sha256(value); }

Hash32 trie_leaf_hash(const Hash32& key_hash, const Hash32& value_hash) {
  static constexpr char tag = kLeafTag;
  return sha256_concat({std::string_view(&tag, 1), as_bytes(key_hash), as_bytes(value_hash)});
}

Hash32 trie_internal_hash(const Hash32& left, const Hash32& right) {
  static constexpr char tag = kInternalTag;
  return sha256_concat({std::string_view(&tag, 1), as_bytes(left), as_bytes(right)});
}

Hash32 trie_root_of(std::vector<std::pair<std::string, std::string>> entries) {
  std::vector<LeafHashes> leaves;
  leaves.reserve(entries.size());
  for (const auto& [key, value] : entries) {
    leaves.push_back({trie_key_hash(key), trie_value_hash(value)});
  }
  std::sort(leaves.begin(), leaves.end(),
            [](const LeafHashes& a, const LeafHashes& b) { return a.key_hash < b.key_hash; });
  return subtree_root(leaves, 0);
}

}  // namespace syncwasm::state
