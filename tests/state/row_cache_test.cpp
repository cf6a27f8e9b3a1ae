// The flat state's row cache (src/state/row_cache.*, docs/state.md "Reads"):
//  - the RowCache alone against a std::map model under millions of random operations, at byte
//    budgets from nothing to "everything fits": a hit always equals the model, deleted or
//    overwritten values never come back, a fill that raced an update is refused, the table stays
//    consistent (every entry reachable) and within its byte bound;
//  - the generation guard under a real race (a simulated store committing while readers
//    look up, read and fill);
//  - through StateStore: cache on (several budgets) and off give the same reads, scans and roots
//    over a random workload with reopens; overlays that are rolled back or discarded never reach
//    the cache; entries at and around the slot and 1 KiB limits; concurrent readers (store.h
//    allows get with get, not with commit, so commits happen between reader phases).
// Deterministic seeds; bounded time (operation counts are scaled down under sanitizers).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "row_cache.h"
#include "syncwasm/state/merkle.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"

#if defined(__SANITIZE_ADDRESS__)
#define ROW_CACHE_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ROW_CACHE_TEST_SANITIZED 1
#endif
#endif

namespace syncwasm::state {
namespace {

#ifdef ROW_CACHE_TEST_SANITIZED
constexpr size_t kSlowdown = 2;
#else
constexpr size_t kSlowdown = 1;
#endif

// Key + value bytes that fit in a slot inline (row_cache.cpp: Slot::kInlineBytes).
constexpr size_t kInlineLimit = 119;
// Slots a shard starts with, 128 bytes each; 16 shards.
constexpr size_t kShards = 16;
constexpr size_t kMinTableBytes = 64 * 128;

using Model = std::map<std::string, std::string>;

std::string random_bytes(std::mt19937_64& rng, size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    const uint64_t word = rng();
    std::memcpy(out.data() + i, &word, std::min<size_t>(8, size - i));
  }
  return out;
}

// A value of exactly `size` bytes that differs from every earlier value of the same size (a
// counter in its first bytes), so a stale value cannot pass for the current one by accident.
std::string unique_value(std::mt19937_64& rng, size_t size, uint64_t serial) {
  std::string out = random_bytes(rng, size);
  for (size_t i = 0; i < std::min<size_t>(size, 8); ++i) out[i] = static_cast<char>(serial >> (8 * i));
  return out;
}

// Key lengths around every limit: empty, tiny, registry-shaped (54), the inline slot limit and
// the 1 KiB entry limit on their own, and random short ones.
std::vector<std::string> make_key_pool(std::mt19937_64& rng, size_t count, bool allow_empty) {
  static constexpr size_t kLengths[] = {1, 2, 8, 20, 32, 54, 64, 100, 118, 119, 120, 200, 500, 1023, 1024, 1025, 2000};
  std::vector<std::string> keys;
  if (allow_empty) keys.emplace_back();
  for (size_t length : kLengths) keys.push_back(random_bytes(rng, length));
  while (keys.size() < count) keys.push_back(random_bytes(rng, 1 + rng() % 80));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::shuffle(keys.begin(), keys.end(), rng);
  return keys;
}

// A value length for key: empty, key + value exactly at / just over the inline slot limit and
// the 1 KiB limit, or random small, medium and large.
size_t value_size_for(std::mt19937_64& rng, const std::string& key, size_t huge_per_mille) {
  auto total = [&](size_t t) { return t >= key.size() ? t - key.size() : rng() % 16; };
  if (rng() % 1000 < huge_per_mille) return 65536 + 1000 + rng() % 8000;  // over a uint16 size
  switch (rng() % 10) {
    case 0: return 0;
    case 1: return total(kInlineLimit);
    case 2: return total(kInlineLimit + 1);
    case 3: return total(kRowCacheMaxEntryBytes);
    case 4: return total(kRowCacheMaxEntryBytes + 1);
    case 5: return rng() % 300;
    case 6: return rng() % 1200;
    default: return rng() % 64;
  }
}

// ---------------------------------------------------------------------------------------------
// The RowCache alone against a model.

struct ModelRun {
  size_t budget;
  size_t operations;
  size_t pool;
  uint64_t seed;
  bool nothing_evicted;  // the budget holds the whole pool: every cacheable model entry must hit
};

struct PendingFill {
  std::string key;
  std::string value;  // the model's value when the lookup missed
  RowCache::Miss miss;
};

void check_model_sweep(const RowCache& cache, const std::vector<std::string>& keys, const Model& model,
                       bool nothing_evicted, const std::string& where) {
  size_t hits = 0;
  for (const std::string& key : keys) {
    RowCache::Miss miss;
    const std::optional<std::string> hit = cache.lookup(key, &miss);
    auto it = model.find(key);
    if (hit) {
      ++hits;
      ASSERT_NE(it, model.end()) << where << ": deleted key of " << key.size() << " bytes came back";
      ASSERT_TRUE(*hit == it->second) << where << ": wrong value (" << hit->size() << " bytes, model "
                                      << it->second.size() << ") for a key of " << key.size() << " bytes";
    } else if (nothing_evicted && it != model.end() && !key.empty() &&
               key.size() + it->second.size() <= kRowCacheMaxEntryBytes) {
      FAIL() << where << ": a committed entry of " << key.size() << "+" << it->second.size()
             << " bytes is missing although the budget holds everything";
    }
  }
  // Every entry held is one of the pool's keys and reachable by a lookup (none lost in a probe
  // run, none a phantom).
  ASSERT_EQ(cache.entries(), hits) << where << ": entries() disagrees with the reachable entries";
}

void run_model(const ModelRun& run) {
  SCOPED_TRACE("budget " + std::to_string(run.budget) + " seed " + std::to_string(run.seed));
  std::mt19937_64 rng(run.seed);
  const std::vector<std::string> keys = make_key_pool(rng, run.pool, /*allow_empty=*/true);
  RowCache cache(run.budget);
  Model model;
  std::vector<PendingFill> pending;
  // Per shard: at most max(budget share, initial table) plus one entry on the heap that an empty
  // shard always admits (row_cache.cpp, Shard::insert).
  const size_t byte_bound = kShards * (std::max(run.budget / kShards, kMinTableBytes) + kRowCacheMaxEntryBytes);
  uint64_t serial = 0;
  size_t hits = 0, lookups = 0, stale_fills = 0;
  // A hot tenth of the keys takes half the operations, so small budgets see hits too.
  const size_t hot = std::max<size_t>(1, keys.size() / 10);

  for (size_t op = 0; op < run.operations; ++op) {
    const unsigned dice = static_cast<unsigned>(rng() % 100);
    // A quarter of the writes and deletions go to a key whose read awaits its fill, so that fill
    // turns stale.
    const bool racing = dice >= 45 && dice < 88 && !pending.empty() && rng() % 4 == 0;
    const std::string key = racing ? pending[rng() % pending.size()].key
                                   : keys[(rng() & 1) ? rng() % hot : rng() % keys.size()];
    if (dice < 45) {  // a read: lookup, and on a miss the store's read and fill
      RowCache::Miss miss;
      const std::optional<std::string> hit = cache.lookup(key, &miss);
      ++lookups;
      auto it = model.find(key);
      if (hit) {
        ++hits;
        ASSERT_NE(it, model.end()) << "op " << op << ": a deleted (or never written) key of " << key.size()
                                   << " bytes was a hit";
        ASSERT_TRUE(*hit == it->second) << "op " << op << ": wrong value (" << hit->size() << " bytes, model "
                                        << it->second.size() << ") for a key of " << key.size() << " bytes";
      } else if (it != model.end()) {
        if (dice < 37) {
          cache.fill(key, it->second, miss);
        } else if (pending.size() < 64) {
          pending.push_back({key, it->second, miss});  // filled later, maybe after updates
        }
      }
    } else if (dice < 75) {  // a committed write: insert or overwrite
      std::string value = unique_value(rng, value_size_for(rng, key, 1), ++serial);
      cache.update(key, value);
      model[key] = std::move(value);
      if (run.nothing_evicted && !key.empty() && key.size() + model[key].size() <= kRowCacheMaxEntryBytes) {
        RowCache::Miss miss;
        const std::optional<std::string> hit = cache.lookup(key, &miss);
        ASSERT_TRUE(hit.has_value()) << "op " << op << ": write-through did not cache an entry of " << key.size()
                                     << "+" << model[key].size() << " bytes";
        ASSERT_TRUE(*hit == model[key]) << "op " << op << ": write-through cached a wrong value";
      }
    } else if (dice < 88) {  // a committed deletion (of a present or absent key)
      cache.update(key, std::nullopt);
      model.erase(key);
      RowCache::Miss miss;
      ASSERT_FALSE(cache.lookup(key, &miss).has_value()) << "op " << op << ": a deleted key is still a hit";
    } else if (!pending.empty()) {  // a late fill: the read's value, possibly stale by now
      const size_t i = rng() % pending.size();
      PendingFill fill = std::move(pending[i]);
      pending[i] = std::move(pending.back());
      pending.pop_back();
      auto it = model.find(fill.key);
      if (it == model.end() || it->second != fill.value) ++stale_fills;
      cache.fill(fill.key, fill.value, fill.miss);
      // Stale or not, the next lookup must agree with the model.
      RowCache::Miss miss;
      const std::optional<std::string> hit = cache.lookup(fill.key, &miss);
      if (hit) {
        ASSERT_NE(it, model.end()) << "op " << op << ": a stale fill resurrected a deleted key";
        ASSERT_TRUE(*hit == it->second) << "op " << op << ": a stale fill was cached";
      }
    }
    if (op % 4096 == 0) {
      ASSERT_LE(cache.charged_bytes(), byte_bound) << "op " << op << ": over the byte budget";
    }
    if (op % (run.operations / 8) == 0) {
      ASSERT_NO_FATAL_FAILURE(check_model_sweep(cache, keys, model, run.nothing_evicted, "op " + std::to_string(op)));
    }
  }
  ASSERT_NO_FATAL_FAILURE(check_model_sweep(cache, keys, model, run.nothing_evicted, "end"));
  ASSERT_LE(cache.charged_bytes(), byte_bound);
  EXPECT_GT(stale_fills, run.operations / 1000) << "the run hardly tried stale fills";
  if (run.budget >= (64u << 10)) {
    EXPECT_GT(hits, lookups / 20) << "a cache with room that hardly ever hits";
  }
  // Deleting everything empties the cache.
  for (const std::string& key : keys) cache.update(key, std::nullopt);
  EXPECT_EQ(cache.entries(), 0u);
}

TEST(RowCacheModel, TinyBudgets) {
  const size_t ops = 400'000 / kSlowdown;
  // 0 and 1 byte: each shard holds at most one entry; 16 KiB: less than the shards' tables.
  for (size_t budget : {size_t{0}, size_t{1}, size_t{16} << 10}) {
    ASSERT_NO_FATAL_FAILURE(run_model({budget, ops, 600, 1000 + budget, false}));
  }
}

TEST(RowCacheModel, BudgetsUnderPressure) {
  const size_t ops = 500'000 / kSlowdown;
  for (size_t budget : {size_t{160} << 10, size_t{512} << 10, size_t{2} << 20}) {
    ASSERT_NO_FATAL_FAILURE(run_model({budget, ops, 4000, 2000 + budget, false}));
  }
}

TEST(RowCacheModel, EverythingFits) {
  // 3,000 keys of at most 1 KiB cached each: a few MiB, far under the budget.
  ASSERT_NO_FATAL_FAILURE(run_model({size_t{256} << 20, 600'000 / kSlowdown, 3000, 3, true}));
}

TEST(RowCache, LimitsOfWhatIsCached) {
  RowCache cache(size_t{64} << 20);
  RowCache::Miss miss;
  const std::string key(20, 'k');
  for (size_t total : {size_t{20}, kInlineLimit - 1, kInlineLimit, kInlineLimit + 1, kRowCacheMaxEntryBytes - 1,
                       kRowCacheMaxEntryBytes}) {
    const std::string value(total - key.size(), static_cast<char>('a' + total % 26));
    cache.update(key, value);
    EXPECT_EQ(cache.lookup(key, &miss), value) << total;
  }
  // Over 1 KiB: not cached, and the smaller value it replaces is gone.
  cache.update(key, std::string(kRowCacheMaxEntryBytes + 1 - key.size(), 'x'));
  EXPECT_EQ(cache.lookup(key, &miss), std::nullopt);
  // A value whose size does not fit 16 bits.
  cache.update(key, std::string(70000, 'y'));
  EXPECT_EQ(cache.lookup(key, &miss), std::nullopt);
  ASSERT_EQ(cache.lookup(key, &miss), std::nullopt);
  cache.fill(key, std::string(70000, 'y'), miss);
  EXPECT_EQ(cache.lookup(key, &miss), std::nullopt);
  // A key alone over the limit.
  const std::string long_key(kRowCacheMaxEntryBytes + 1, 'L');
  cache.update(long_key, "");
  EXPECT_EQ(cache.lookup(long_key, &miss), std::nullopt);
  EXPECT_EQ(cache.entries(), 0u);
  // An empty value is a value.
  cache.update(key, "");
  EXPECT_EQ(cache.lookup(key, &miss), std::optional<std::string>(""));
}

TEST(RowCache, GrowsToHugePageTablesAndKeepsEveryEntry) {
  // 180,000 small entries: about 11,000 a shard, tables of 16,384 slots (2 MiB, the huge-page
  // allocation path) after growing five times.
  constexpr size_t kCount = 180'000;
  RowCache cache(size_t{256} << 20);
  auto key_of = [](size_t i) { return "account/" + std::to_string(i * 2654435761u); };
  for (size_t i = 0; i < kCount; ++i) cache.update(key_of(i), std::to_string(i));
  EXPECT_EQ(cache.entries(), kCount);
  EXPECT_GE(cache.charged_bytes(), kShards * (size_t{2} << 20));
  RowCache::Miss miss;
  for (size_t i = 0; i < kCount; ++i) {
    const std::optional<std::string> hit = cache.lookup(key_of(i), &miss);
    ASSERT_TRUE(hit.has_value()) << i;
    ASSERT_EQ(*hit, std::to_string(i));
  }
  // Every other entry deleted (backward shifts through long probe runs), the rest intact.
  for (size_t i = 0; i < kCount; i += 2) cache.update(key_of(i), std::nullopt);
  EXPECT_EQ(cache.entries(), kCount / 2);
  for (size_t i = 0; i < kCount; ++i) {
    const std::optional<std::string> hit = cache.lookup(key_of(i), &miss);
    ASSERT_EQ(hit.has_value(), i % 2 == 1) << i;
    if (hit) {
      ASSERT_EQ(*hit, std::to_string(i));
    }
  }
}

TEST(RowCache, EvictionKeepsProbeRunsShort) {
  // A full cache taking a stream of new keys (a commit writing ten times what the cache holds, as
  // a million submodule deployments do): eviction must keep the table's load even, so that no
  // probe run grows long. With a single CLOCK hand sweeping the table, entries left only where it
  // passed while arriving everywhere, and the slots ahead of it filled into runs of thousands.
  RowCache cache(size_t{4} << 20);  // 16 shards of 256 KiB: 2,048 slots each once full
  for (size_t i = 0; i < 400'000; ++i)
    cache.update("key/" + std::to_string(i * 2654435761u), "value");
  EXPECT_GT(cache.entries(), 16u * 1'400);
  // At 3/4 load, linear probing's longest run among 2,048 slots is a few dozen.
  EXPECT_LT(cache.longest_probe_run(), 200u);
}

TEST(RowCache, AnEmptyKeyIsNeverAPhantomEntry) {
  // State keys are never empty (commit refuses them), but the cache must not corrupt itself when
  // handed one: an empty key must not occupy a slot that looks free.
  for (size_t budget : {size_t{0}, size_t{64} << 20}) {
    RowCache cache(budget);
    RowCache::Miss miss;
    cache.update("", std::string(500, 'v'));  // a heap entry
    cache.update("", "v");
    EXPECT_EQ(cache.lookup("", &miss).value_or("v"), "v");
    cache.fill("", std::string(300, 'w'), miss);
    cache.update("", std::nullopt);
    EXPECT_EQ(cache.lookup("", &miss), std::nullopt);
    for (int i = 0; i < 2000; ++i) cache.update("k" + std::to_string(i), std::string(200, 'z'));
    size_t hits = 0;
    for (int i = 0; i < 2000; ++i) hits += cache.lookup("k" + std::to_string(i), &miss).has_value();
    EXPECT_EQ(cache.entries(), hits) << budget;
  }
}

TEST(RowCache, AFillThatRacedAnUpdateIsRefused) {
  RowCache cache(size_t{64} << 20);
  RowCache::Miss miss;
  ASSERT_EQ(cache.lookup("key", &miss), std::nullopt);
  cache.update("key", "new");  // the commit lands between the read and its fill
  cache.fill("key", "old", miss);
  EXPECT_EQ(cache.lookup("key", &miss).value_or("new"), "new");

  RowCache::Miss second;
  cache.update("gone", "v1");
  cache.update("gone", std::nullopt);
  ASSERT_EQ(cache.lookup("gone", &second), std::nullopt);
  RowCache::Miss stale = second;
  cache.update("gone", "v2");
  cache.update("gone", std::nullopt);
  cache.fill("gone", "v2", stale);
  EXPECT_EQ(cache.lookup("gone", &second), std::nullopt);

  // Without a commit in between, the fill is kept.
  ASSERT_EQ(cache.lookup("read", &miss), std::nullopt);
  cache.fill("read", "value", miss);
  EXPECT_EQ(cache.lookup("read", &miss), "value");
}

// A simulated store: a writer commits (backing map first, then the cache, as StateStore::commit
// does) while readers look up, read the backing map on a miss and fill. Values encode their
// commit and key; a hit must be the key's own value, from a commit no older than the last one
// that was complete before the lookup began.
TEST(RowCache, ReadersRacingCommitsNeverSeeAStaleOrForeignValue) {
  constexpr size_t kKeys = 48;  // few keys: commits and fills meet in the same shards
  const size_t commits = 40'000 / kSlowdown;
  RowCache cache(size_t{24} << 10);  // small: evictions and refills all the time
  std::vector<std::string> keys;
  for (size_t i = 0; i < kKeys; ++i) keys.push_back("key/" + std::to_string(i));
  auto encode = [](uint64_t commit, size_t key, size_t padding) {
    std::string value = std::to_string(commit) + "/" + std::to_string(key) + "/";
    value.append(padding, '.');
    return value;
  };
  std::mutex backing_mutex;
  std::map<std::string, std::string> backing;
  // Per key: (commit << 1) | deleted of its last change whose cache update is complete.
  std::vector<std::atomic<uint64_t>> done(kKeys);
  std::atomic<uint64_t> started{0};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> violations{0}, hits{0}, fills{0};
  std::mutex report_mutex;
  std::string first_violation;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(6);

  auto reader = [&](uint64_t seed) {
    std::mt19937_64 rng(seed);
    while (!stop.load(std::memory_order_acquire)) {
      const size_t k = rng() % kKeys;
      const uint64_t floor = done[k].load(std::memory_order_acquire);
      RowCache::Miss miss;
      if (std::optional<std::string> hit = cache.lookup(keys[k], &miss)) {
        hits.fetch_add(1, std::memory_order_relaxed);
        const size_t slash = hit->find('/');
        const size_t slash2 = hit->find('/', slash + 1);
        bool ok = slash != std::string::npos && slash2 != std::string::npos;
        uint64_t commit = 0;
        if (ok) {
          commit = std::stoull(hit->substr(0, slash));
          ok = hit->substr(slash + 1, slash2 - slash - 1) == std::to_string(k) &&
               commit <= started.load(std::memory_order_acquire) &&
               ((floor & 1) ? commit > (floor >> 1) : commit >= (floor >> 1));
        }
        if (!ok) {
          violations.fetch_add(1);
          std::lock_guard lock(report_mutex);
          if (first_violation.empty()) {
            first_violation = "key " + std::to_string(k) + ": hit '" + hit->substr(0, 40) + "' after commit " +
                              std::to_string(floor >> 1) + ((floor & 1) ? " deleted it" : " wrote it");
          }
        }
        continue;
      }
      std::optional<std::string> read;
      {
        std::lock_guard lock(backing_mutex);
        auto it = backing.find(keys[k]);
        if (it != backing.end()) read = it->second;
      }
      if ((rng() & 3) == 0) std::this_thread::yield();  // widen the read-to-fill window
      if (read) {
        cache.fill(keys[k], *read, miss);
        fills.fetch_add(1, std::memory_order_relaxed);
      }
    }
  };
  std::vector<std::thread> readers;
  for (uint64_t i = 0; i < 2; ++i) readers.emplace_back(reader, 77 + i);

  std::mt19937_64 rng(5);
  uint64_t commit = 0;
  for (; commit < commits && std::chrono::steady_clock::now() < deadline; ) {
    ++commit;
    started.store(commit, std::memory_order_release);
    std::vector<std::pair<size_t, std::optional<std::string>>> changes;
    const size_t n = 1 + rng() % 4;
    for (size_t i = 0; i < n; ++i) {
      const size_t k = rng() % kKeys;
      if (std::any_of(changes.begin(), changes.end(), [&](const auto& c) { return c.first == k; })) continue;
      if (rng() % 5 == 0) {
        changes.emplace_back(k, std::nullopt);
      } else {
        static constexpr size_t kPadding[] = {0, 100, 110, 200, 1000, 1100};
        changes.emplace_back(k, encode(commit, k, kPadding[rng() % 6]));
      }
    }
    {
      std::lock_guard lock(backing_mutex);
      for (const auto& [k, value] : changes) {
        if (value) backing[keys[k]] = *value;
        if (!value) backing.erase(keys[k]);
      }
    }
    if ((rng() & 3) == 0) std::this_thread::yield();
    for (const auto& [k, value] : changes) cache.update(keys[k], value);
    for (const auto& [k, value] : changes) done[k].store((commit << 1) | (value ? 0 : 1), std::memory_order_release);
  }
  stop.store(true, std::memory_order_release);
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(violations.load(), 0u) << first_violation;
  EXPECT_GT(hits.load(), 0u);
  EXPECT_GT(fills.load(), 0u);
  EXPECT_GT(commit, 1000u);
}

// ---------------------------------------------------------------------------------------------
// Through StateStore.

using testing::TempDirectory;

std::unique_ptr<StateStore> open_store(const std::string& directory, size_t row_cache_bytes) {
  StoreOptions options;
  options.sync_commits = false;
  options.block_cache_bytes = 4u << 20;
  options.row_cache_bytes = row_cache_bytes;
  auto opened = StateStore::open(directory, options);
  EXPECT_TRUE(opened.ok()) << opened.error().to_string();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::optional<std::string> get_or_fail(const StateReader& reader, std::string_view key) {
  auto value = reader.get(key);
  EXPECT_TRUE(value.ok()) << value.error().to_string();
  return value.ok() ? *value : std::nullopt;
}

std::vector<std::pair<std::string, std::string>> scan_all(const StateStore& store) {
  std::vector<std::pair<std::string, std::string>> out;
  Status status = store.scan_prefix("", [&](std::string_view key, std::string_view value) {
    out.emplace_back(key, value);
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.error().to_string();
  return out;
}

// Stores with the cache off, thrashing (each shard under its own table), small and large.
constexpr size_t kStoreBudgets[] = {0, 4u << 10, 96u << 10, 64u << 20};

struct StoreSet {
  TempDirectory dir;
  std::vector<std::unique_ptr<StateStore>> stores;

  StoreSet() { reopen(); }
  void reopen() {
    stores.clear();  // close before reopening the same directories
    for (size_t i = 0; i < std::size(kStoreBudgets); ++i) {
      stores.push_back(open_store(dir.sub("store" + std::to_string(i)), kStoreBudgets[i]));
    }
  }
};

void expect_same_everywhere(StoreSet& set, const Model& model, const std::vector<std::string>& keys,
                            const std::string& where) {
  for (const std::string& key : keys) {
    auto it = model.find(key);
    const std::optional<std::string> expected =
        it == model.end() ? std::nullopt : std::optional<std::string>(it->second);
    for (size_t s = 0; s < set.stores.size(); ++s) {
      // Twice: the first read may fill the cache, the second may be served by it.
      for (int round = 0; round < 2; ++round) {
        const std::optional<std::string> got = get_or_fail(*set.stores[s], key);
        ASSERT_EQ(got.has_value(), expected.has_value())
            << where << ": store with row cache " << kStoreBudgets[s] << " bytes, key of " << key.size() << " bytes";
        if (got) {
          ASSERT_TRUE(*got == *expected) << where << ": store with row cache " << kStoreBudgets[s]
                                         << " bytes returns a value of " << got->size() << " bytes, committed "
                                         << expected->size() << " (key of " << key.size() << " bytes)";
        }
      }
    }
  }
}

TEST(RowCacheStore, CacheOnAndOffAgreeOverARandomWorkloadWithReopens) {
  std::mt19937_64 rng(11);
  std::vector<std::string> keys = make_key_pool(rng, 260, /*allow_empty=*/false);
  keys.push_back(std::string(4096, 'K'));  // kMaxKeySize
  StoreSet set;
  Model model;
  uint64_t serial = 0;
  const size_t commits = 240 / (kSlowdown > 1 ? 2 : 1);
  const size_t hot = 30;
  auto pick = [&]() -> const std::string& { return keys[(rng() & 1) ? rng() % hot : rng() % keys.size()]; };

  for (size_t c = 1; c <= commits; ++c) {
    ChangeSet changes;
    std::map<std::string, bool> in_commit;
    const size_t n = 1 + rng() % 12;
    for (size_t i = 0; i < n; ++i) {
      const std::string& key = pick();
      if (!in_commit.emplace(key, true).second) continue;
      if (rng() % 4 == 0) {
        changes.push_back({key, std::nullopt});
      } else {
        // Rarely a value of 70 KB, and once in a while a maximal one (4 MiB).
        size_t size = value_size_for(rng, key, 20);
        if (c % 97 == 0 && i == 0) size = 4u << 20;
        changes.push_back({key, unique_value(rng, size, ++serial)});
      }
    }
    // Read what the commit is about to change, so the caches hold the old values.
    for (const StateChange& change : changes) {
      for (auto& store : set.stores) (void)get_or_fail(*store, change.key);
    }
    std::optional<Hash32> root;
    for (size_t s = 0; s < set.stores.size(); ++s) {
      auto committed = set.stores[s]->commit(changes);
      ASSERT_TRUE(committed.ok()) << committed.error().to_string();
      if (root) {
        ASSERT_EQ(*committed, *root) << "commit " << c << ": the root depends on the row cache";
      }
      root = *committed;
    }
    for (const StateChange& change : changes) {
      if (change.value) model[change.key] = *change.value;
      if (!change.value) model.erase(change.key);
    }
    // A refused commit (a duplicate key) changes nothing, in the store or its cache.
    if (c % 10 == 0 && !changes.empty()) {
      ChangeSet refused{{changes[0].key, std::string("refused-1")}, {changes[0].key, std::string("refused-2")}};
      for (auto& store : set.stores) EXPECT_FALSE(store->commit(refused).ok());
    }
    // Reads: what was just written, and random keys (hot ones mostly).
    std::vector<std::string> reads;
    for (const StateChange& change : changes) reads.push_back(change.key);
    for (int i = 0; i < 16; ++i) reads.push_back(pick());
    ASSERT_NO_FATAL_FAILURE(expect_same_everywhere(set, model, reads, "commit " + std::to_string(c)));

    if (c % 40 == 0 || c == commits) {
      ASSERT_NO_FATAL_FAILURE(expect_same_everywhere(set, model, keys, "before reopen at " + std::to_string(c)));
      std::vector<std::pair<std::string, std::string>> entries(model.begin(), model.end());
      const Hash32 expected_root = trie_root_of(entries);
      for (auto& store : set.stores) {
        EXPECT_EQ(store->root(), expected_root);
        EXPECT_EQ(scan_all(*store), entries);
      }
      set.reopen();
      for (auto& store : set.stores) ASSERT_NE(store, nullptr);
      for (auto& store : set.stores) EXPECT_EQ(store->root(), expected_root) << "after reopen";
      ASSERT_NO_FATAL_FAILURE(expect_same_everywhere(set, model, keys, "after reopen at " + std::to_string(c)));
    }
  }
  for (auto& store : set.stores) EXPECT_TRUE(store->verify_trie().ok());
}

TEST(RowCacheStore, EntriesAroundTheSlotAndSizeLimitsAreServedExactly) {
  TempDirectory dir;
  auto store = open_store(dir.str(), 64u << 20);
  ASSERT_NE(store, nullptr);
  const std::string key = "registry/entry/with/a/key/of/some/length";
  // Each size overwrites the previous one; each is read three times (miss, fill, hit).
  const size_t totals[] = {key.size(), kInlineLimit, kInlineLimit + 1, kInlineLimit - 1, kRowCacheMaxEntryBytes,
                           kRowCacheMaxEntryBytes + 1, 4000, kRowCacheMaxEntryBytes - 1, 70000, key.size() + 1,
                           (4u << 20) + key.size(), kInlineLimit};
  uint64_t serial = 0;
  std::mt19937_64 rng(21);
  for (size_t total : totals) {
    const std::string value = unique_value(rng, total - key.size(), ++serial);
    ASSERT_TRUE(store->commit({{key, value}}).ok());
    for (int i = 0; i < 3; ++i) {
      const std::optional<std::string> got = get_or_fail(*store, key);
      ASSERT_TRUE(got.has_value()) << total;
      ASSERT_TRUE(*got == value) << "key + value of " << total << " bytes: read " << got->size() << " bytes";
    }
  }
  ASSERT_TRUE(store->commit({{key, std::nullopt}}).ok());
  EXPECT_EQ(get_or_fail(*store, key), std::nullopt);
  EXPECT_EQ(get_or_fail(*store, key), std::nullopt);
  // An empty key is refused by commit and never found by get.
  EXPECT_FALSE(store->commit({{"", std::string("v")}}).ok());
  EXPECT_EQ(get_or_fail(*store, ""), std::nullopt);
}

TEST(RowCacheStore, RolledBackOrDiscardedOverlaysNeverReachTheCache) {
  for (size_t budget : {size_t{0}, size_t{64} << 20}) {
    SCOPED_TRACE("row cache " + std::to_string(budget));
    TempDirectory dir;
    auto store = open_store(dir.str(), budget);
    ASSERT_NE(store, nullptr);
    const std::string big(2000, 'B');
    ASSERT_TRUE(store->commit({{"a", std::string("a0")}, {"b", std::string("b0")}, {"big", big}}).ok());
    const Hash32 root = store->root();
    // Reads through the overlay warm the cache with committed values.
    {
      StateOverlay overlay(*store);
      EXPECT_EQ(get_or_fail(overlay, "a"), "a0");
      ASSERT_TRUE(overlay.put("a", "a-discarded").ok());
      ASSERT_TRUE(overlay.remove("b").ok());
      ASSERT_TRUE(overlay.put("c", "c-discarded").ok());
      ASSERT_TRUE(overlay.put("big", "small-discarded").ok());
      EXPECT_EQ(get_or_fail(overlay, "a"), "a-discarded");
      EXPECT_EQ(get_or_fail(overlay, "b"), std::nullopt);
      EXPECT_EQ(get_or_fail(*store, "a"), "a0");
      overlay.clear();
      EXPECT_EQ(get_or_fail(overlay, "a"), "a0");
    }
    {
      StateOverlay overlay(*store);  // dropped without commit
      ASSERT_TRUE(overlay.put("a", "a-dropped").ok());
      ASSERT_TRUE(overlay.remove("big").ok());
    }
    EXPECT_EQ(get_or_fail(*store, "a"), "a0");
    EXPECT_EQ(get_or_fail(*store, "b"), "b0");
    EXPECT_EQ(get_or_fail(*store, "c"), std::nullopt);
    EXPECT_EQ(get_or_fail(*store, "big"), big);
    EXPECT_EQ(store->root(), root);

    // Rolled-back writes are not committed; the kept ones are, and the cache serves them.
    StateOverlay overlay(*store);
    ASSERT_TRUE(overlay.put("a", "a1").ok());
    const auto outer = overlay.checkpoint();
    ASSERT_TRUE(overlay.put("b", "b-rolled-back").ok());
    ASSERT_TRUE(overlay.put("d", "d-rolled-back").ok());
    const auto inner = overlay.checkpoint();
    ASSERT_TRUE(overlay.remove("a").ok());
    ASSERT_TRUE(overlay.release(inner).ok());
    ASSERT_TRUE(overlay.rollback_to(outer).ok());
    const auto kept = overlay.checkpoint();
    ASSERT_TRUE(overlay.put("big", "big-now-small").ok());
    ASSERT_TRUE(overlay.release(kept).ok());
    ASSERT_TRUE(overlay.commit(*store).ok());
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(get_or_fail(*store, "a"), "a1");
      EXPECT_EQ(get_or_fail(*store, "b"), "b0");
      EXPECT_EQ(get_or_fail(*store, "d"), std::nullopt);
      EXPECT_EQ(get_or_fail(*store, "big"), "big-now-small");
    }
    EXPECT_EQ(store->root(), trie_root_of({{"a", "a1"}, {"b", "b0"}, {"big", "big-now-small"}}));
  }
}

// store.h: get may run concurrently with get, commit with nothing. So readers run in phases
// between commits, racing each other's lookups, fills and evictions in shared shards.
TEST(RowCacheStore, ConcurrentReadersSeeExactlyTheCommittedState) {
  for (size_t budget : {size_t{48} << 10, size_t{64} << 20}) {
    SCOPED_TRACE("row cache " + std::to_string(budget));
    TempDirectory dir;
    auto store = open_store(dir.str(), budget);
    ASSERT_NE(store, nullptr);
    std::mt19937_64 rng(31 + budget);
    std::vector<std::string> keys = make_key_pool(rng, 300, /*allow_empty=*/false);
    Model model;
    uint64_t serial = 0;
    const size_t phases = 24 / (kSlowdown > 1 ? 2 : 1);
    const size_t reads_per_thread = 3000 / kSlowdown;
    for (size_t phase = 0; phase < phases; ++phase) {
      ChangeSet changes;
      std::map<std::string, bool> seen;
      for (size_t i = 0; i < 40; ++i) {
        const std::string& key = keys[rng() % keys.size()];
        if (!seen.emplace(key, true).second) continue;
        if (rng() % 4 == 0) {
          changes.push_back({key, std::nullopt});
        } else {
          // The value names its commit and key.
          std::string value = "phase " + std::to_string(phase) + " key " + std::to_string(key.size()) + ":";
          value += unique_value(rng, value_size_for(rng, key, 0), ++serial);
          changes.push_back({key, std::move(value)});
        }
      }
      ASSERT_TRUE(store->commit(changes).ok());
      for (const StateChange& change : changes) {
        if (change.value) model[change.key] = *change.value;
        if (!change.value) model.erase(change.key);
      }
      std::atomic<uint64_t> wrong{0};
      std::mutex report_mutex;
      std::string first_wrong;
      auto reader = [&](uint64_t seed) {
        std::mt19937_64 local(seed);
        for (size_t i = 0; i < reads_per_thread; ++i) {
          // Half the reads go to 20 hot keys, so threads fill and hit the same entries.
          const std::string& key = keys[(local() & 1) ? local() % 20 : local() % keys.size()];
          auto got = store->get(key);
          auto it = model.find(key);
          const bool ok = got.ok() && got->has_value() == (it != model.end()) &&
                          (!got->has_value() || **got == it->second);
          if (!ok) {
            wrong.fetch_add(1);
            std::lock_guard lock(report_mutex);
            if (first_wrong.empty()) first_wrong = "key of " + std::to_string(key.size()) + " bytes";
          }
        }
      };
      std::vector<std::thread> threads;
      for (uint64_t t = 0; t < 3; ++t) threads.emplace_back(reader, phase * 10 + t);
      for (std::thread& t : threads) t.join();
      ASSERT_EQ(wrong.load(), 0u) << "phase " << phase << ": " << first_wrong;
    }
  }
}

}  // namespace
}  // namespace syncwasm::state
