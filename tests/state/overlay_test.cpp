// StateOverlay: reads through, nested checkpoints, merged scans, commit.
#include "syncwasm/state/overlay.h"

#include <gtest/gtest.h>

#include "store_fixture.h"
#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

class Overlay : public testing::StoreTest {
 protected:
  void SetUp() override {
    testing::StoreTest::SetUp();
    commit({{"a", "base-a"}, {"b", "base-b"}, {"c", "base-c"}});
  }

  std::optional<std::string> read(const StateOverlay& overlay, std::string_view key) {
    auto value = overlay.get(key);
    EXPECT_TRUE(value.ok());
    return value.ok() ? *value : std::nullopt;
  }
};

TEST_F(Overlay, ReadsSeeTheOverlayFirstThenTheBase) {
  StateOverlay overlay(*store_);
  EXPECT_EQ(read(overlay, "a"), "base-a");
  ASSERT_TRUE(overlay.put("a", "new-a").ok());
  ASSERT_TRUE(overlay.remove("b").ok());
  ASSERT_TRUE(overlay.put("d", "new-d").ok());
  EXPECT_EQ(read(overlay, "a"), "new-a");
  EXPECT_EQ(read(overlay, "b"), std::nullopt);
  EXPECT_EQ(read(overlay, "c"), "base-c");
  EXPECT_EQ(read(overlay, "d"), "new-d");
  EXPECT_EQ(get("a"), "base-a");  // the store is untouched until commit
  EXPECT_EQ(overlay.size(), 3u);
}

TEST_F(Overlay, NestedCheckpointsRollBackToEachLevel) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put("a", "tx").ok());
  auto outer = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "outer").ok());
  ASSERT_TRUE(overlay.put("x", "outer-x").ok());
  auto inner = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "inner").ok());
  ASSERT_TRUE(overlay.remove("c").ok());
  ASSERT_TRUE(overlay.put("y", "inner-y").ok());
  EXPECT_EQ(overlay.open_checkpoints(), 2u);

  ASSERT_TRUE(overlay.rollback_to(inner).ok());
  EXPECT_EQ(read(overlay, "a"), "outer");
  EXPECT_EQ(read(overlay, "c"), "base-c");
  EXPECT_EQ(read(overlay, "y"), std::nullopt);
  EXPECT_EQ(read(overlay, "x"), "outer-x");
  EXPECT_EQ(overlay.open_checkpoints(), 1u);

  ASSERT_TRUE(overlay.rollback_to(outer).ok());
  EXPECT_EQ(read(overlay, "a"), "tx");
  EXPECT_EQ(read(overlay, "x"), std::nullopt);
  EXPECT_EQ(overlay.open_checkpoints(), 0u);
  EXPECT_EQ(overlay.size(), 1u);
}

TEST_F(Overlay, RollingBackAnOuterCheckpointUndoesReleasedInnerOnes) {
  StateOverlay overlay(*store_);
  auto outer = overlay.checkpoint();
  auto inner = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "inner").ok());
  ASSERT_TRUE(overlay.release(inner).ok());  // the inner call succeeded
  EXPECT_EQ(read(overlay, "a"), "inner");
  ASSERT_TRUE(overlay.rollback_to(outer).ok());  // its caller failed
  EXPECT_EQ(read(overlay, "a"), "base-a");
  EXPECT_TRUE(overlay.empty());
}

TEST_F(Overlay, RollingBackSkipsOverStillOpenNestedCheckpoints) {
  StateOverlay overlay(*store_);
  auto first = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "1").ok());
  auto second = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "2").ok());
  overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "3").ok());
  ASSERT_TRUE(overlay.rollback_to(first).ok());
  EXPECT_EQ(read(overlay, "a"), "base-a");
  EXPECT_EQ(overlay.open_checkpoints(), 0u);
  Status stale = overlay.rollback_to(second);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(stale.error().message.find("not open"), std::string::npos);
}

TEST_F(Overlay, StaleHandlesAreRefusedEvenAtAReusedLevel) {
  StateOverlay overlay(*store_);
  auto first = overlay.checkpoint();
  ASSERT_TRUE(overlay.release(first).ok());
  auto second = overlay.checkpoint();
  EXPECT_EQ(second.level, first.level);
  EXPECT_FALSE(overlay.rollback_to(first).ok());
  EXPECT_FALSE(overlay.release(first).ok());
  EXPECT_TRUE(overlay.release(second).ok());
}

TEST_F(Overlay, RollbackRestoresOverwrittenDeletions) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.remove("a").ok());
  auto cp = overlay.checkpoint();
  ASSERT_TRUE(overlay.put("a", "back").ok());
  ASSERT_TRUE(overlay.rollback_to(cp).ok());
  EXPECT_EQ(read(overlay, "a"), std::nullopt);
}

TEST_F(Overlay, PrefixScanMergesOverlayAndBaseInOrder) {
  commit({{"p/1", "b1"}, {"p/3", "b3"}, {"p/5", "b5"}, {"q/1", "other"}});
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put("p/0", "o0").ok());
  ASSERT_TRUE(overlay.put("p/3", "o3").ok());
  ASSERT_TRUE(overlay.remove("p/5").ok());
  ASSERT_TRUE(overlay.put("p/4", "o4").ok());
  ASSERT_TRUE(overlay.put("p/9", "o9").ok());
  ASSERT_TRUE(overlay.remove("p/7").ok());  // absent in the base too
  ASSERT_TRUE(overlay.put("q/0", "outside").ok());
  EXPECT_EQ(scan(overlay, "p/"), (Entries{{"p/0", "o0"}, {"p/1", "b1"}, {"p/3", "o3"}, {"p/4", "o4"}, {"p/9", "o9"}}));
  int visited = 0;
  ASSERT_TRUE(overlay.scan_prefix("p/", [&](std::string_view, std::string_view) { return ++visited < 3; }).ok());
  EXPECT_EQ(visited, 3);
}

TEST_F(Overlay, CommitWritesEverythingAtomicallyAndClears) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put("a", "new-a").ok());
  ASSERT_TRUE(overlay.remove("b").ok());
  ASSERT_TRUE(overlay.put("d", "new-d").ok());
  auto root = overlay.commit(*store_);
  ASSERT_TRUE(root.ok()) << root.error().to_string();
  EXPECT_TRUE(overlay.empty());
  EXPECT_EQ(*root, trie_root_of({{"a", "new-a"}, {"c", "base-c"}, {"d", "new-d"}}));
  EXPECT_EQ(get("b"), std::nullopt);
  EXPECT_EQ(get("d"), "new-d");
}

TEST_F(Overlay, CommitAndTakeChangesAreRefusedWithAnOpenCheckpoint) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put("a", "x").ok());
  auto cp = overlay.checkpoint();
  EXPECT_FALSE(overlay.commit(*store_).ok());
  EXPECT_FALSE(overlay.take_changes().ok());
  EXPECT_EQ(read(overlay, "a"), "x");
  ASSERT_TRUE(overlay.release(cp).ok());
  auto changes = overlay.take_changes();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].key, "a");
  EXPECT_TRUE(overlay.empty());
}

TEST_F(Overlay, ClearDropsEverything) {
  StateOverlay overlay(*store_);
  ASSERT_TRUE(overlay.put("a", "x").ok());
  overlay.checkpoint();
  overlay.clear();
  EXPECT_TRUE(overlay.empty());
  EXPECT_EQ(overlay.open_checkpoints(), 0u);
  EXPECT_EQ(read(overlay, "a"), "base-a");
}

TEST_F(Overlay, OverlaysStack) {
  StateOverlay block(*store_);
  ASSERT_TRUE(block.put("a", "block").ok());
  const StateReader& block_reader = block;
  StateOverlay transaction(block_reader);
  EXPECT_EQ(read(transaction, "a"), "block");
  ASSERT_TRUE(transaction.put("b", "tx").ok());
  EXPECT_EQ(scan(transaction, ""), (Entries{{"a", "block"}, {"b", "tx"}, {"c", "base-c"}}));
}

}  // namespace
}  // namespace syncwasm::state
