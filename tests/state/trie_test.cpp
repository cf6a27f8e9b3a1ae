// The state root kept by StateStore: canonical, order-independent, incremental.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "store_fixture.h"
#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

using Trie = testing::StoreTest;
using Entries = std::vector<std::pair<std::string, std::string>>;

Entries sample_entries(int count, uint32_t seed) {
  std::mt19937 random(seed);
  Entries entries;
  for (int i = 0; i < count; ++i) {
    entries.emplace_back("key/" + std::to_string(i) + "/" + std::to_string(random()), "value-" + std::to_string(random()));
  }
  return entries;
}

ChangeSet as_changes(const Entries& entries) {
  ChangeSet changes;
  for (const auto& [key, value] : entries) changes.push_back({key, value});
  return changes;
}

TEST_F(Trie, EmptyStateHasTheZeroRoot) {
  EXPECT_EQ(store_->root(), kZeroHash);
  EXPECT_EQ(trie_root_of({}), kZeroHash);
}

TEST_F(Trie, OneEntryIsItsLeafAtTheRoot) {
  const Hash32 root = commit({{"k", "v"}});
  EXPECT_EQ(root, trie_leaf_hash(sha256("k"), sha256("v")));
  EXPECT_EQ(store_->root(), root);
}

TEST_F(Trie, PinnedRoot) {
  // PROTOCOL: the hashing rules (merkle.h) fix this root; if it changes, every state root changes.
  const Hash32 root = commit({{"alice", "1"}, {"bob", "2"}, {"carol", "3"}});
  EXPECT_EQ(to_hex(root), to_hex(trie_root_of({{"alice", "1"}, {"bob", "2"}, {"carol", "3"}})));
  EXPECT_EQ(to_hex(root), "8e0538a8f7d7d490cb03f94bcc29326f897ba6b003b0dada58aa63ee034a2fec");
}

TEST_F(Trie, RootMatchesTheFromScratchComputation) {
  const Entries entries = sample_entries(2000, 1);
  EXPECT_EQ(commit(as_changes(entries)), trie_root_of(entries));
  EXPECT_TRUE(store_->verify_trie().ok());
}

TEST(TrieOrder, SameEntriesGiveTheSameRootInAnyOrderAndBatching) {
  const Entries entries = sample_entries(1500, 2);
  const Hash32 expected = trie_root_of(entries);
  std::mt19937 random(3);
  for (int round = 0; round < 3; ++round) {
    testing::TempDirectory dir;
    StoreOptions options;
    options.sync_commits = false;
    auto store = std::move(StateStore::open(dir.str(), options)).value();
    Entries shuffled = entries;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    // Batches of varying size, and some keys first written with another value, then fixed.
    size_t next = 0;
    while (next < shuffled.size()) {
      const size_t batch = 1 + random() % 400;
      ChangeSet changes;
      for (size_t i = next; i < std::min(shuffled.size(), next + batch); ++i) {
        changes.push_back({shuffled[i].first, round == 2 ? "temporary" : shuffled[i].second});
      }
      ASSERT_TRUE(store->commit(changes).ok());
      if (round == 2) {
        const auto first = shuffled.begin() + static_cast<std::ptrdiff_t>(next);
        ASSERT_TRUE(store->commit(as_changes(Entries(first, first + static_cast<std::ptrdiff_t>(changes.size())))).ok());
      }
      next += changes.size();
    }
    EXPECT_EQ(store->root(), expected) << "round " << round;
    EXPECT_TRUE(store->verify_trie().ok());
  }
}

TEST_F(Trie, DeletingWhatWasAddedRestoresTheRoot) {
  const Entries base = sample_entries(500, 4);
  const Hash32 before = commit(as_changes(base));
  const Entries extra = sample_entries(300, 5);
  commit(as_changes(extra));
  ChangeSet deletions;
  for (const auto& [key, value] : extra) deletions.push_back({key, std::nullopt});
  EXPECT_EQ(commit(deletions), before);
  EXPECT_TRUE(store_->verify_trie().ok());
  ChangeSet all;
  for (const auto& [key, value] : base) all.push_back({key, std::nullopt});
  EXPECT_EQ(commit(all), kZeroHash);
  EXPECT_TRUE(store_->verify_trie().ok());
}

TEST_F(Trie, RandomOperationsKeepTheTrieCanonical) {
  std::mt19937 random(6);
  std::map<std::string, std::string> model;
  for (int batch = 0; batch < 40; ++batch) {
    std::map<std::string, std::optional<std::string>> changes;
    const int size = 1 + static_cast<int>(random() % 100);
    for (int i = 0; i < size; ++i) {
      const std::string key = "k" + std::to_string(random() % 400);
      if (random() % 3 == 0) {
        changes[key] = std::nullopt;
      } else {
        changes[key] = "v" + std::to_string(random() % 5);
      }
    }
    ChangeSet set;
    for (const auto& [key, value] : changes) {
      set.push_back({key, value});
      if (value) {
        model[key] = *value;
      } else {
        model.erase(key);
      }
    }
    commit(set);
    ASSERT_EQ(store_->root(), trie_root_of(Entries(model.begin(), model.end()))) << "batch " << batch;
  }
  Status verified = store_->verify_trie();
  EXPECT_TRUE(verified.ok()) << verified.error().to_string();
}

TEST_F(Trie, UpdateCostIsProportionalToChangedKeysNotStateSize) {
  commit(as_changes(sample_entries(20000, 7)));
  // A trie over 20,000 hashed keys is about log2(20000) = 15 levels deep.
  CommitStats one;
  ASSERT_TRUE(store_->commit({{"one more", "x"}}, &one).ok());
  EXPECT_LE(one.trie_nodes_read, 40u);
  EXPECT_LE(one.trie_nodes_written + one.trie_nodes_deleted, 40u);

  CommitStats hundred;
  ASSERT_TRUE(store_->commit(as_changes(sample_entries(100, 8)), &hundred).ok());
  // Shared upper levels are visited once: well under 100 separate paths.
  EXPECT_LE(hundred.trie_nodes_read, 100u * 40u);
  EXPECT_GE(hundred.trie_nodes_written, 100u);

  CommitStats removal;
  ASSERT_TRUE(store_->commit({{"one more", std::nullopt}}, &removal).ok());
  EXPECT_LE(removal.trie_nodes_read, 41u);
  EXPECT_LE(removal.trie_nodes_written + removal.trie_nodes_deleted, 41u);
}

}  // namespace
}  // namespace syncwasm::state
