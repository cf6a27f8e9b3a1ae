// The incremental trie update against the from-scratch root, in memory and at random.
#include "trie_updater.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

// Trie nodes in a map; the writes of one update are applied after it, as a write batch would be.
class MemoryNodes final : public TrieNodeSource, public TrieNodeSink {
 public:
  Result<std::optional<TrieNode>> load(const Hash32& path, unsigned depth) const override {
    auto it = nodes_.find(trie_node_key(path, depth));
    if (it == nodes_.end()) return std::optional<TrieNode>{};
    return std::optional<TrieNode>(it->second);
  }
  void store(const Hash32& path, unsigned depth, const TrieNode& node) override {
    pending_.emplace_back(trie_node_key(path, depth), node);
  }
  void erase(const Hash32& path, unsigned depth) override {
    pending_.emplace_back(trie_node_key(path, depth), std::nullopt);
  }
  void apply() {
    for (auto& [key, node] : pending_) {
      if (node) {
        nodes_[key] = *node;
      } else {
        nodes_.erase(key);
      }
    }
    pending_.clear();
  }
  size_t size() const { return nodes_.size(); }
  const std::map<std::string, TrieNode>& nodes() const { return nodes_; }

 private:
  std::map<std::string, TrieNode> nodes_;
  std::vector<std::pair<std::string, std::optional<TrieNode>>> pending_;
};

TEST(TrieUpdater, MatchesTheFromScratchRootAfterEveryRandomBatch) {
  std::mt19937 random(11);
  MemoryNodes nodes;
  std::map<std::string, std::string> model;
  for (int batch = 0; batch < 300; ++batch) {
    std::map<Hash32, std::optional<Hash32>> by_hash;
    std::map<std::string, std::optional<std::string>> changes;
    const int size = 1 + static_cast<int>(random() % (batch % 10 == 0 ? 200 : 8));
    for (int i = 0; i < size; ++i) {
      const std::string key = std::to_string(random() % 300);
      changes[key] = random() % 3 == 0 ? std::nullopt : std::optional<std::string>(std::to_string(random() % 7));
    }
    std::vector<LeafChange> leaf_changes;
    for (const auto& [key, value] : changes) {
      leaf_changes.push_back({trie_key_hash(key), value ? std::optional<Hash32>(trie_value_hash(*value)) : std::nullopt});
      if (value) {
        model[key] = *value;
      } else {
        model.erase(key);
      }
    }
    std::sort(leaf_changes.begin(), leaf_changes.end(),
              [](const LeafChange& a, const LeafChange& b) { return a.key_hash < b.key_hash; });
    auto root = update_trie(nodes, nodes, leaf_changes);
    ASSERT_TRUE(root.ok()) << root.error().to_string();
    nodes.apply();
    ASSERT_EQ(*root, trie_root_of({model.begin(), model.end()})) << "batch " << batch;
  }
  // Nothing left behind: exactly the nodes of the same entries inserted into an empty trie at once.
  MemoryNodes fresh;
  std::vector<LeafChange> all;
  for (const auto& [key, value] : model) all.push_back({trie_key_hash(key), trie_value_hash(value)});
  std::sort(all.begin(), all.end(), [](const LeafChange& a, const LeafChange& b) { return a.key_hash < b.key_hash; });
  ASSERT_TRUE(update_trie(fresh, fresh, all).ok());
  fresh.apply();
  ASSERT_EQ(nodes.size(), fresh.size());
  for (const auto& [key, node] : fresh.nodes()) {
    auto it = nodes.nodes().find(key);
    ASSERT_NE(it, nodes.nodes().end());
    EXPECT_EQ(it->second.encode(), node.encode());
  }
}

TEST(TrieUpdater, DeletingEverythingLeavesNoNodes) {
  MemoryNodes nodes;
  std::vector<LeafChange> inserts, deletes;
  for (int i = 0; i < 100; ++i) {
    inserts.push_back({trie_key_hash(std::to_string(i)), trie_value_hash("v")});
    deletes.push_back({trie_key_hash(std::to_string(i)), std::nullopt});
  }
  auto by_hash = [](const LeafChange& a, const LeafChange& b) { return a.key_hash < b.key_hash; };
  std::sort(inserts.begin(), inserts.end(), by_hash);
  std::sort(deletes.begin(), deletes.end(), by_hash);
  ASSERT_TRUE(update_trie(nodes, nodes, inserts).ok());
  nodes.apply();
  size_t leaves = 0;
  for (const auto& [key, node] : nodes.nodes()) leaves += node.kind == NodeKind::Leaf;
  EXPECT_EQ(leaves, 100u);
  auto root = update_trie(nodes, nodes, deletes);
  ASSERT_TRUE(root.ok());
  nodes.apply();
  EXPECT_EQ(*root, kZeroHash);
  EXPECT_EQ(nodes.size(), 0u);
}

TEST(TrieUpdater, NodeEncodingRoundTripsAndRefusesGarbage) {
  const TrieNode leaf = TrieNode::leaf(sha256("k"), sha256("v"));
  auto decoded = TrieNode::decode(leaf.encode(), "here");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->hash(), leaf.hash());
  const TrieNode internal = TrieNode::internal(NodeKind::Leaf, sha256("a"), NodeKind::Internal, sha256("b"));
  decoded = TrieNode::decode(internal.encode(), "here");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->left_kind, NodeKind::Leaf);
  EXPECT_EQ(decoded->right_kind, NodeKind::Internal);
  EXPECT_EQ(decoded->hash(), internal.hash());
  auto bad = TrieNode::decode("\x02garbage", "depth 3 path 101");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::Corruption);
  EXPECT_NE(bad.error().message.find("depth 3 path 101"), std::string::npos);
}

TEST(TrieUpdater, NodeKeysClearBitsPastTheDepth) {
  Hash32 path{};
  path.fill(0xff);
  EXPECT_EQ(trie_node_key(path, 0), std::string(1, '\0'));
  EXPECT_EQ(trie_node_key(path, 3), std::string("\xe0\x03", 2));
  EXPECT_EQ(trie_node_key(path, 8), std::string("\xff\x08", 2));
  EXPECT_EQ(trie_node_key(path, 9), std::string("\xff\x80\x09", 3));
  EXPECT_EQ(trie_position(with_bit(Hash32{}, 1, true), 3), "depth 3 path 010");
}

}  // namespace
}  // namespace syncwasm::state
