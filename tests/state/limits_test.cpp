// Every limit of the state layer, at the limit (accepted) and one past it (refused, naming it).
#include <gtest/gtest.h>

#include "store_fixture.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/state/limits.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/overlay.h"
#include "trie_updater.h"

namespace syncwasm::state {
namespace {

using Limits = testing::StoreTest;

void expect_limit_error(const Error& error, const char* limit_name) {
  EXPECT_EQ(error.code, ErrorCode::LimitExceeded) << error.to_string();
  EXPECT_NE(error.message.find(limit_name), std::string::npos) << error.message;
}

TEST_F(Limits, Values) {
  EXPECT_EQ(kMaxKeySize, 4096u);
  EXPECT_EQ(kMaxValueSize, 4u * 1024 * 1024);
  EXPECT_EQ(kMaxCachedModuleSize, 64u * 1024 * 1024);
  EXPECT_EQ(kMaxTrieDepth, 255u);
}

TEST_F(Limits, MaxKeySizeInCommits) {
  const std::string at_limit(kMaxKeySize, 'k');
  commit({{at_limit, "v"}});
  EXPECT_EQ(get(at_limit), "v");
  auto over = store_->commit({{std::string(kMaxKeySize + 1, 'k'), "v"}});
  ASSERT_FALSE(over.ok());
  expect_limit_error(over.error(), "kMaxKeySize");
  EXPECT_NE(over.error().message.find("4097 bytes"), std::string::npos);
  EXPECT_EQ(store_->commit_count(), 1u);
}

TEST_F(Limits, MaxValueSizeInCommits) {
  commit({{"big", std::string(kMaxValueSize, 'v')}});
  EXPECT_EQ(get("big")->size(), kMaxValueSize);
  auto over = store_->commit({{"bigger", std::string(kMaxValueSize + 1, 'v')}});
  ASSERT_FALSE(over.ok());
  expect_limit_error(over.error(), "kMaxValueSize");
  EXPECT_NE(over.error().message.find(printable_bytes("bigger")), std::string::npos) << over.error().message;
}

TEST_F(Limits, OverlayRefusesOversizedWritesAndStaysUnchanged) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put(std::string(kMaxKeySize, 'k'), std::string(kMaxValueSize, 'v')).ok());
  Status key = overlay.put(std::string(kMaxKeySize + 1, 'k'), "v");
  ASSERT_FALSE(key.ok());
  expect_limit_error(key.error(), "kMaxKeySize");
  Status removal = overlay.remove(std::string(kMaxKeySize + 1, 'k'));
  ASSERT_FALSE(removal.ok());
  expect_limit_error(removal.error(), "kMaxKeySize");
  Status value = overlay.put("k", std::string(kMaxValueSize + 1, 'v'));
  ASSERT_FALSE(value.ok());
  expect_limit_error(value.error(), "kMaxValueSize");
  EXPECT_EQ(overlay.size(), 1u);
}

TEST_F(Limits, CodeStoreRefusesOversizedCode) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(CodeStore::add_reference(overlay, std::string(kMaxValueSize, 'c')).ok());
  auto over = CodeStore::add_reference(overlay, std::string(kMaxValueSize + 1, 'c'));
  ASSERT_FALSE(over.ok());
  expect_limit_error(over.error(), "kMaxValueSize");
}

TEST_F(Limits, MaxCachedModuleSize) {
  ModuleCache cache(*store_);
  const Hash32 hash = sha256("code");
  ASSERT_TRUE(cache.put(hash, 1, std::string(kMaxCachedModuleSize, 'm')).ok());
  Status over = cache.put(hash, 2, std::string(kMaxCachedModuleSize + 1, 'm'));
  ASSERT_FALSE(over.ok());
  expect_limit_error(over.error(), "kMaxCachedModuleSize");
}

// Nothing to read: an empty trie in memory.
class EmptyNodes final : public TrieNodeSource, public TrieNodeSink {
 public:
  Result<std::optional<TrieNode>> load(const Hash32&, unsigned) const override { return std::optional<TrieNode>{}; }
  void store(const Hash32&, unsigned, const TrieNode&) override {}
  void erase(const Hash32&, unsigned) override {}
};

TEST_F(Limits, MaxTrieDepth) {
  // Two key hashes sharing their first 254 bits fit; sharing 255 bits would need a node at depth 256.
  Hash32 a{}, b{};
  a[31] = 0x00;
  b[31] = 0x02;  // differ at bit 254
  EmptyNodes nodes;
  std::vector<LeafChange> fits = {{a, sha256("1")}, {b, sha256("2")}};
  EXPECT_TRUE(update_trie(nodes, nodes, fits).ok());
  b[31] = 0x01;  // differ only at bit 255
  std::vector<LeafChange> too_deep = {{a, sha256("1")}, {b, sha256("2")}};
  auto root = update_trie(nodes, nodes, too_deep);
  ASSERT_FALSE(root.ok());
  EXPECT_NE(root.error().message.find("kMaxTrieDepth"), std::string::npos) << root.error().message;
}

}  // namespace
}  // namespace syncwasm::state
