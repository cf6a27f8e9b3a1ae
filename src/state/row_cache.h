// The flat state's row cache (internal): committed key -> value pairs held in memory, so that a
// point read of a cached key costs one hash probe instead of a RocksDB Get (memtable bloom and
// skiplist, file filter, index binary search, block cache lookup, data block search: ≈ 15–25
// dependent cache misses once the state outgrows the CPU caches). docs/state.md ("Reads").
//
// Filled by commits (write-through: a commit's changes once its batch is written) and by reads
// that missed it; bounded in bytes, evicting by CLOCK (a hit only sets a bit, so lookups do not
// reorder lists). Entries over kRowCacheMaxEntryBytes (code, large contract data) are not cached:
// their read costs more than the lookup anyway. Sharded, a mutex per shard: reads may run
// concurrently with each other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncwasm::state {

// Largest key + value kept in the flat state's row cache.
inline constexpr size_t kRowCacheMaxEntryBytes = 1024;
// The largest any RowCache can keep (key and value sizes are 16-bit in a slot).
inline constexpr size_t kRowCacheEntryLimit = 65535;

class RowCache {
 public:
  // Entries whose key + value exceed max_entry_bytes (at most kRowCacheEntryLimit) are not kept.
  explicit RowCache(size_t capacity_bytes, size_t max_entry_bytes = kRowCacheMaxEntryBytes);
  ~RowCache();
  RowCache(const RowCache&) = delete;
  RowCache& operator=(const RowCache&) = delete;

  // What a lookup that missed hands to fill: where the key belongs, and the shard's generation
  // when it missed (a commit touching the shard since makes the read value possibly stale).
  struct Miss {
    uint64_t hash = 0;
    uint64_t generation = 0;
  };

  // The cached value of key, or nullopt and *miss filled in.
  std::optional<std::string> lookup(std::string_view key, Miss* miss) const;
  // Caches key -> value as read from the store after lookup missed, unless a commit changed the
  // shard since.
  void fill(std::string_view key, std::string_view value, const Miss& miss);
  // A committed change (value, or nullopt for a deletion), applied after the commit's batch is
  // written. The value's bytes are copied only into the cache's own slot.
  void update(std::string_view key, std::optional<std::string_view> value);

  // Entries held and bytes charged, for tests and benchmarks.
  size_t entries() const;
  size_t charged_bytes() const;
  // The longest run of consecutive occupied slots in any shard: what a lookup of an absent key
  // may have to probe. For tests of the table's health under eviction.
  size_t longest_probe_run() const;

 private:
  struct Shard;
  Shard& shard_of(uint64_t hash) const;
  bool keeps(std::string_view key, size_t value_size) const;
  std::unique_ptr<Shard[]> shards_;
  uint64_t seed_;  // keys the hash of this cache's keys
  size_t max_entry_bytes_;
};

}  // namespace syncwasm::state
