// CodeStore (code by hash, reference counted) and ModuleCache (lowered modules, outside the trie).
#include "syncwasm/state/code_store.h"

#include <gtest/gtest.h>

#include <random>

#include "store_fixture.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/module_cache.h"
#include "temp_directory.h"

namespace syncwasm::state {
namespace {

using Code = testing::StoreTest;

uint64_t count_of(const StateReader& reader, const Hash32& hash) {
  auto count = CodeStore::reference_count(reader, hash);
  EXPECT_TRUE(count.ok());
  return count.ok() ? *count : ~0ull;
}

TEST_F(Code, AHundredThousandDeploymentsStoreTheCodeOnce) {
  const std::string code(10000, 'w');
  StateOverlay overlay(*store_);
  Hash32 hash{};
  for (int i = 0; i < 100000; ++i) {
    auto added = CodeStore::add_reference(overlay, code);
    ASSERT_TRUE(added.ok());
    hash = *added;
  }
  EXPECT_EQ(hash, sha256(code));
  EXPECT_EQ(overlay.size(), 2u);  // the bytes and the count
  ASSERT_TRUE(overlay.commit(*store_).ok());
  EXPECT_EQ(count_of(*store_, hash), 100000u);
  auto stored = CodeStore::get(*store_, hash);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, code);
  int code_entries = 0;
  ASSERT_TRUE(store_->scan_prefix(std::string(1, static_cast<char>(KeySpace::Code)), [&](std::string_view, std::string_view) {
    ++code_entries;
    return true;
  }).ok());
  EXPECT_EQ(code_entries, 1);
}

TEST_F(Code, ReleasingTheLastReferenceRemovesTheCode) {
  StateOverlay overlay(*store_);
  const Hash32 hash = *CodeStore::add_reference(overlay, "code");
  ASSERT_TRUE(CodeStore::add_reference(overlay, "code").ok());
  ASSERT_TRUE(overlay.commit(*store_).ok());

  auto left = CodeStore::release_reference(overlay, hash);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 1u);
  EXPECT_TRUE(CodeStore::get(overlay, hash)->has_value());
  left = CodeStore::release_reference(overlay, hash);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0u);
  EXPECT_FALSE(CodeStore::get(overlay, hash)->has_value());
  EXPECT_EQ(count_of(overlay, hash), 0u);
  ASSERT_TRUE(overlay.commit(*store_).ok());
  EXPECT_EQ(get(code_key(hash)), std::nullopt);
  EXPECT_EQ(get(code_ref_count_key(hash)), std::nullopt);
  EXPECT_EQ(store_->root(), kZeroHash);  // nothing else was stored
}

TEST_F(Code, ReleasingUnknownCodeIsNotFound) {
  StateOverlay overlay(*store_);
  const Hash32 hash = sha256("never stored");
  auto left = CodeStore::release_reference(overlay, hash);
  ASSERT_FALSE(left.ok());
  EXPECT_EQ(left.error().code, ErrorCode::NotFound);
  EXPECT_NE(left.error().message.find(to_hex(hash)), std::string::npos);
}

TEST_F(Code, DistinctCodesAreCountedSeparately) {
  StateOverlay overlay(*store_);
  const Hash32 one = *CodeStore::add_reference(overlay, "one");
  const Hash32 two = *CodeStore::add_reference(overlay, "two");
  ASSERT_TRUE(CodeStore::add_reference(overlay, "two").ok());
  EXPECT_EQ(count_of(overlay, one), 1u);
  EXPECT_EQ(count_of(overlay, two), 2u);
}

TEST_F(Code, AFailedDeploymentRollsBackItsReference) {
  StateOverlay overlay(*store_);
  auto cp = overlay.checkpoint();
  const Hash32 hash = *CodeStore::add_reference(overlay, "code");
  ASSERT_TRUE(overlay.rollback_to(cp).ok());
  EXPECT_EQ(count_of(overlay, hash), 0u);
  EXPECT_FALSE(CodeStore::get(overlay, hash)->has_value());
}

TEST_F(Code, AGarbledCountIsCorruption) {
  const Hash32 hash = sha256("code");
  commit({{code_ref_count_key(hash), "bad"}});
  auto count = CodeStore::reference_count(*store_, hash);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().code, ErrorCode::Corruption);
}

TEST_F(Code, LoweredModulesLiveOutsideTheStateRoot) {
  const Hash32 root = commit({{"k", "v"}});
  ModuleCache cache(*store_);
  const Hash32 hash = sha256("code");
  ASSERT_TRUE(cache.put(hash, 1, "lowered v1").ok());
  ASSERT_TRUE(cache.put(hash, 2, "lowered v2").ok());
  EXPECT_EQ(*cache.get(hash, 1), "lowered v1");
  EXPECT_EQ(*cache.get(hash, 2), "lowered v2");
  EXPECT_EQ(*cache.get(hash, 3), std::nullopt);
  EXPECT_EQ(store_->root(), root);
  EXPECT_EQ(scan(*store_, "").size(), 1u);  // not in the flat state either
  EXPECT_TRUE(store_->verify_trie().ok());
  ASSERT_TRUE(cache.remove(hash, 1).ok());
  EXPECT_EQ(*cache.get(hash, 1), std::nullopt);
}

// The module cache's in-memory copy (StoreOptions::module_row_cache_bytes) changes nothing that
// get returns: against the same operations on a store without it, through replacements, removals,
// eviction under a small budget, artifacts on both sides of kModuleRowCacheMaxEntryBytes and a
// reopen (the copy starts empty; RocksDB has the artifacts).
TEST(ModuleCacheMemory, ServesExactlyWhatRocksDbHolds) {
  struct Side {
    testing::TempDirectory dir;
    std::unique_ptr<StateStore> store;
    void open(size_t module_row_cache_bytes) {
      StoreOptions options;
      options.sync_commits = false;
      options.block_cache_bytes = 1u << 20;
      options.module_row_cache_bytes = module_row_cache_bytes;
      store.reset();
      auto opened = StateStore::open(dir.str(), options);
      ASSERT_TRUE(opened.ok()) << opened.error().to_string();
      store = std::move(opened).value();
    }
  };
  Side cached, plain;
  cached.open(256u << 10);  // small: evicts
  plain.open(0);
  std::mt19937_64 random(7);
  const std::vector<size_t> sizes = {1,
                                     100,
                                     119,
                                     120,
                                     1024,
                                     kModuleRowCacheMaxEntryBytes - 36,
                                     kModuleRowCacheMaxEntryBytes - 35,
                                     100'000};
  auto artifact = [&](size_t size) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    return bytes;
  };
  for (int round = 0; round < 2; ++round) {
    if (round > 0) {
      cached.open(256u << 10);
      plain.open(0);
    }
    ModuleCache with(*cached.store), without(*plain.store);
    for (int op = 0; op < 3'000; ++op) {
      const Hash32 hash = sha256(std::to_string(random() % 200));
      const auto version = static_cast<uint32_t>(random() % 2);
      switch (random() % 4) {
        case 0: {
          const std::string bytes = artifact(sizes[random() % sizes.size()]);
          ASSERT_TRUE(with.put(hash, version, bytes).ok());
          ASSERT_TRUE(without.put(hash, version, bytes).ok());
          break;
        }
        case 1:
          ASSERT_TRUE(with.remove(hash, version).ok());
          ASSERT_TRUE(without.remove(hash, version).ok());
          break;
        default: {
          auto a = with.get(hash, version), b = without.get(hash, version);
          ASSERT_TRUE(a.ok() && b.ok());
          ASSERT_EQ(*a, *b) << "op " << op << " round " << round;
        }
      }
    }
  }
}

}  // namespace
}  // namespace syncwasm::state
