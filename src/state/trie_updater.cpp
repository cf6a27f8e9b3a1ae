#include "trie_updater.h"

#include <algorithm>
#include <vector>

#include "syncwasm/state/limits.h"
#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

// A subtree after the update: what its parent needs to know about it.
struct Subtree {
  NodeKind kind = NodeKind::Empty;
  Hash32 hash{};
  std::optional<TrieNode> leaf;  // the leaf itself, when kind == Leaf and it is at hand
};

Subtree subtree_of(const TrieNode& node) { return Subtree{node.kind, node.hash(), std::nullopt}; }

class TrieUpdater {
 public:
  TrieUpdater(const TrieNodeSource& source, TrieNodeSink& sink) : source_(source), sink_(sink) {}

  // The subtree at (path, depth) with `changes` applied; every change's key hash starts with the
  // first `depth` bits of path.
  Result<Subtree> update(const Hash32& path, unsigned depth, std::span<const LeafChange> changes) {
    SW_STATE_TRY_ASSIGN(std::optional<TrieNode> node, source_.load(path, depth));
    if (!node || node->kind != NodeKind::Internal) {
      // An empty position or a lone leaf: the new subtree is built from scratch out of the leaf
      // (if kept) and the inserted entries; nothing lies below it.
      std::vector<TrieNode> leaves = merge_leaves(node, changes);
      return build(path, depth, leaves, node.has_value());
    }
    auto split = split_point(changes, depth);
    Subtree left, right;
    if (split > 0) {
      SW_STATE_TRY_ASSIGN(left, update(with_bit(path, depth, false), depth + 1, changes.first(split)));
    } else {
      left = Subtree{node->left_kind, node->left, std::nullopt};
    }
    if (split < changes.size()) {
      SW_STATE_TRY_ASSIGN(right, update(with_bit(path, depth, true), depth + 1, changes.subspan(split)));
    } else {
      right = Subtree{node->right_kind, node->right, std::nullopt};
    }
    return combine(path, depth, std::move(left), std::move(right));
  }

 private:
  static size_t split_point(std::span<const LeafChange> changes, unsigned depth) {
    auto it = std::partition_point(changes.begin(), changes.end(), [depth](const LeafChange& change) {
      return !hash_bit(change.key_hash, depth);
    });
    return static_cast<size_t>(it - changes.begin());
  }

  // The leaves of a subtree that held at most `existing` (a leaf), after the changes.
  static std::vector<TrieNode> merge_leaves(const std::optional<TrieNode>& existing,
                                            std::span<const LeafChange> changes) {
    std::vector<TrieNode> leaves;
    leaves.reserve(changes.size() + 1);
    bool existing_pending = existing.has_value();
    for (const LeafChange& change : changes) {
      if (existing_pending && existing->key_hash <= change.key_hash) {
        if (existing->key_hash < change.key_hash) leaves.push_back(*existing);
        existing_pending = false;  // kept above, or replaced / deleted by this change
      }
      if (change.value_hash) leaves.push_back(TrieNode::leaf(change.key_hash, *change.value_hash));
    }
    if (existing_pending) leaves.push_back(*existing);
    return leaves;
  }

  // Builds the canonical subtree of `leaves` (sorted by key hash) at a position whose subtree held
  // at most one leaf, at the position itself (`occupied` says whether it did).
  Result<Subtree> build(const Hash32& path, unsigned depth, std::span<const TrieNode> leaves, bool occupied) {
    if (leaves.empty()) {
      if (occupied) sink_.erase(path, depth);
      return Subtree{};
    }
    if (leaves.size() == 1) {
      sink_.store(path, depth, leaves[0]);
      return Subtree{NodeKind::Leaf, leaves[0].hash(), leaves[0]};
    }
    if (depth >= kMaxTrieDepth) {
      return make_error(ErrorCode::InvalidArgument,
                        "two keys share a " + std::to_string(depth) + "-bit key hash prefix at " +
                            trie_position(path, depth) + " (over kMaxTrieDepth)");
    }
    auto it = std::partition_point(leaves.begin(), leaves.end(),
                                   [depth](const TrieNode& leaf) { return !hash_bit(leaf.key_hash, depth); });
    auto split = static_cast<size_t>(it - leaves.begin());
    SW_STATE_TRY_ASSIGN(Subtree left, build(with_bit(path, depth, false), depth + 1, leaves.first(split), false));
    SW_STATE_TRY_ASSIGN(Subtree right, build(with_bit(path, depth, true), depth + 1, leaves.subspan(split), false));
    return store_internal(path, depth, left, right);
  }

  // Joins two updated children into the canonical node at (path, depth), which was internal.
  Result<Subtree> combine(const Hash32& path, unsigned depth, Subtree left, Subtree right) {
    if (left.kind == NodeKind::Empty && right.kind == NodeKind::Empty) {
      sink_.erase(path, depth);
      return Subtree{};
    }
    const bool lone_left = left.kind == NodeKind::Leaf && right.kind == NodeKind::Empty;
    const bool lone_right = right.kind == NodeKind::Leaf && left.kind == NodeKind::Empty;
    if (lone_left || lone_right) {
      // One entry left in this subtree: its leaf moves up to here.
      Subtree& lone = lone_left ? left : right;
      const Hash32 child_path = with_bit(path, depth, lone_right);
      if (!lone.leaf) {
        SW_STATE_TRY_ASSIGN(std::optional<TrieNode> child, source_.load(child_path, depth + 1));
        if (!child || child->kind != NodeKind::Leaf) {
          return make_error(ErrorCode::Corruption, "trie node at " + trie_position(child_path, depth + 1) +
                                                       " should be a leaf, its parent says so");
        }
        lone.leaf = *child;
      }
      sink_.erase(child_path, depth + 1);
      sink_.store(path, depth, *lone.leaf);
      return std::move(lone);
    }
    return store_internal(path, depth, left, right);
  }

  Subtree store_internal(const Hash32& path, unsigned depth, const Subtree& left, const Subtree& right) {
    TrieNode node = TrieNode::internal(left.kind, left.hash, right.kind, right.hash);
    sink_.store(path, depth, node);
    return subtree_of(node);
  }

  const TrieNodeSource& source_;
  TrieNodeSink& sink_;
};

}  // namespace

Result<Hash32> update_trie(const TrieNodeSource& source, TrieNodeSink& sink, std::span<const LeafChange> changes) {
  if (changes.empty()) {
    SW_STATE_TRY_ASSIGN(std::optional<TrieNode> root, source.load(kZeroHash, 0));
    return root ? root->hash() : kZeroHash;
  }
  TrieUpdater updater(source, sink);
  SW_STATE_TRY_ASSIGN(Subtree root, updater.update(changes.front().key_hash, 0, changes));
  return root.hash;
}

}  // namespace syncwasm::state
