#include "trie_reader.h"

#include "syncwasm/state/limits.h"
#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

class TrieChecker {
 public:
  TrieChecker(const TrieNodeSource& source, const std::function<Status(const TrieNode&)>& visit_leaf)
      : source_(source), visit_leaf_(visit_leaf) {}

  Status check(const Hash32& path, unsigned depth, NodeKind expected_kind, const Hash32& expected_hash) {
    SW_STATE_TRY_ASSIGN(std::optional<TrieNode> node, source_.load(path, depth));
    const NodeKind kind = node ? node->kind : NodeKind::Empty;
    if (kind != expected_kind) return corrupt(path, depth, "has a different kind than its parent records");
    if (!node) return Status{};
    if (node->hash() != expected_hash) return corrupt(path, depth, "hash differs from its parent's record");
    if (node->kind == NodeKind::Leaf) {
      for (unsigned i = 0; i < depth; ++i) {
        if (hash_bit(node->key_hash, i) != hash_bit(path, i)) return corrupt(path, depth, "leaf off its key's path");
      }
      return visit_leaf_(*node);
    }
    const bool fewer_than_two = (node->left_kind != NodeKind::Internal && node->right_kind == NodeKind::Empty) ||
                                (node->right_kind != NodeKind::Internal && node->left_kind == NodeKind::Empty);
    if (fewer_than_two) return corrupt(path, depth, "internal node with fewer than two entries");
    if (depth >= kMaxTrieDepth) return corrupt(path, depth, "internal node deeper than kMaxTrieDepth");
    SW_STATE_TRY(check(with_bit(path, depth, false), depth + 1, node->left_kind, node->left));
    return check(with_bit(path, depth, true), depth + 1, node->right_kind, node->right);
  }

 private:
  static Error corrupt(const Hash32& path, unsigned depth, const char* what) {
    return make_error(ErrorCode::Corruption, "trie node at " + trie_position(path, depth) + ": " + what);
  }

  const TrieNodeSource& source_;
  const std::function<Status(const TrieNode&)>& visit_leaf_;
};

}  // namespace

Result<TrieProof> prove_key_hash(const TrieNodeSource& source, const Hash32& key_hash) {
  TrieProof proof;
  for (unsigned depth = 0;; ++depth) {
    SW_STATE_TRY_ASSIGN(std::optional<TrieNode> node, source.load(key_hash, depth));
    if (!node) {
      proof.terminal = TrieProof::Terminal::Empty;
      return proof;
    }
    if (node->kind == NodeKind::Leaf) {
      if (node->key_hash == key_hash) {
        proof.terminal = TrieProof::Terminal::Leaf;
      } else {
        proof.terminal = TrieProof::Terminal::OtherLeaf;
        proof.other_key_hash = node->key_hash;
        proof.other_value_hash = node->value_hash;
      }
      return proof;
    }
    if (depth >= kMaxTrieDepth) {
      return make_error(ErrorCode::Corruption,
                        "trie node at " + trie_position(key_hash, depth) + ": internal node deeper than kMaxTrieDepth");
    }
    proof.siblings.push_back(hash_bit(key_hash, depth) ? node->left : node->right);
  }
}

Result<Hash32> check_trie(const TrieNodeSource& source, const std::function<Status(const TrieNode&)>& visit_leaf) {
  SW_STATE_TRY_ASSIGN(std::optional<TrieNode> root, source.load(kZeroHash, 0));
  if (!root) return kZeroHash;
  TrieChecker checker(source, visit_leaf);
  const Hash32 root_hash = root->hash();
  SW_STATE_TRY(checker.check(kZeroHash, 0, root->kind, root_hash));
  return root_hash;
}

}  // namespace syncwasm::state
