// The flat state: one-lookup reads, atomic commits, ordered prefix scans.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace syncwasm::state {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;
using FlatState = testing::StoreTest;

TEST_F(FlatState, ReadsWhatWasCommitted) {
  commit({{"a", "1"}, {"b", "2"}});
  EXPECT_EQ(get("a"), "1");
  EXPECT_EQ(get("b"), "2");
  EXPECT_EQ(get("c"), std::nullopt);
}

TEST_F(FlatState, OverwritesAndDeletes) {
  commit({{"a", "1"}, {"b", "2"}});
  commit({{"a", "one"}, {"b", std::nullopt}, {"never-there", std::nullopt}});
  EXPECT_EQ(get("a"), "one");
  EXPECT_EQ(get("b"), std::nullopt);
  EXPECT_EQ(get("never-there"), std::nullopt);
  EXPECT_EQ(store_->commit_count(), 2u);
}

TEST_F(FlatState, EmptyValuesAreValuesNotDeletions) {
  commit({{"a", ""}});
  EXPECT_EQ(get("a"), std::optional<std::string>(""));
}

TEST_F(FlatState, BinaryKeysAndValuesSurvive) {
  const std::string key("\x00\xff\x00k", 4);
  const std::string value("\x00\x01\x02", 3);
  commit({{key, value}});
  EXPECT_EQ(get(key), value);
  EXPECT_EQ(get(std::string("\x00\xff", 2)), std::nullopt);
}

TEST_F(FlatState, PrefixScanIsInBytewiseOrder) {
  commit({{"p/b", "2"}, {"p/a", "1"}, {std::string("p/\xff", 3), "4"}, {"p/ab", "3"}, {"q", "x"}, {"p", "0"}});
  EXPECT_EQ(scan(*store_, "p/"), (Entries{{"p/a", "1"}, {"p/ab", "3"}, {"p/b", "2"}, {std::string("p/\xff", 3), "4"}}));
  EXPECT_EQ(scan(*store_, "p"), (Entries{{"p", "0"}, {"p/a", "1"}, {"p/ab", "3"}, {"p/b", "2"},
                                         {std::string("p/\xff", 3), "4"}}));
  EXPECT_EQ(scan(*store_, "zz"), Entries{});
  EXPECT_EQ(scan(*store_, "").size(), 6u);
}

TEST_F(FlatState, PrefixScanOfAllOnesPrefixHasNoUpperBoundProblem) {
  commit({{std::string("\xff\xff", 2), "a"}, {std::string("\xff\xff\x01", 3), "b"}, {std::string("\xff", 1), "c"}});
  EXPECT_EQ(scan(*store_, std::string("\xff\xff", 2)),
            (Entries{{std::string("\xff\xff", 2), "a"}, {std::string("\xff\xff\x01", 3), "b"}}));
}

TEST_F(FlatState, PrefixScanStopsWhenTheVisitorSaysSo) {
  commit({{"k1", "1"}, {"k2", "2"}, {"k3", "3"}});
  int visited = 0;
  ASSERT_TRUE(store_->scan_prefix("k", [&](std::string_view, std::string_view) { return ++visited < 2; }).ok());
  EXPECT_EQ(visited, 2);
}

TEST_F(FlatState, DuplicateKeysInOneCommitAreRefusedAndNothingIsWritten) {
  auto root = store_->commit({{"a", "1"}, {"b", "2"}, {"a", "3"}});
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(root.error().message.find("appears twice"), std::string::npos);
  EXPECT_NE(root.error().message.find(printable_bytes("a")), std::string::npos);
  EXPECT_EQ(get("b"), std::nullopt);
  EXPECT_EQ(store_->commit_count(), 0u);
}

TEST_F(FlatState, EmptyKeysAreRefused) {
  auto root = store_->commit({{"", "1"}});
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.error().code, ErrorCode::InvalidArgument);
}

TEST_F(FlatState, AnEmptyCommitKeepsTheRoot) {
  const Hash32 root = commit({{"a", "1"}});
  EXPECT_EQ(commit({}), root);
  EXPECT_EQ(store_->commit_count(), 2u);
}

TEST_F(FlatState, ConcurrentReadersSeeCommittedValues) {
  ChangeSet changes;
  for (int i = 0; i < 1000; ++i) changes.push_back({"k" + std::to_string(i), "v" + std::to_string(i)});
  commit(changes);
  std::vector<std::thread> readers;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = t; i < 1000; i += 4) {
        auto value = store_->get("k" + std::to_string(i));
        if (!value.ok() || *value != "v" + std::to_string(i)) ++mismatches;
      }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace syncwasm::state
