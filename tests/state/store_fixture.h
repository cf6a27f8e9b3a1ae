// A fresh StateStore in a temporary directory, for tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "syncwasm/state/store.h"
#include "temp_directory.h"

namespace syncwasm::state::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.sync_commits = false;  // tests do not need power-loss durability
    options.block_cache_bytes = 8u << 20;
    auto opened = StateStore::open(dir_.str(), options);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    store_ = std::move(opened).value();
  }

  Hash32 commit(const ChangeSet& changes) {
    auto root = store_->commit(changes);
    EXPECT_TRUE(root.ok()) << root.error().to_string();
    return root.ok() ? *root : kZeroHash;
  }

  std::optional<std::string> get(std::string_view key) {
    auto value = store_->get(key);
    EXPECT_TRUE(value.ok()) << value.error().to_string();
    return value.ok() ? *value : std::nullopt;
  }

  // All entries under prefix, in scan order.
  std::vector<std::pair<std::string, std::string>> scan(const StateReader& reader, std::string_view prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    Status status = reader.scan_prefix(prefix, [&](std::string_view key, std::string_view value) {
      out.emplace_back(key, value);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.error().to_string();
    return out;
  }

  TempDirectory dir_;
  std::unique_ptr<StateStore> store_;
};

}  // namespace syncwasm::state::testing
