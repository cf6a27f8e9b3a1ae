#include "state_figures.h"

#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>

#include "syncwasm/state/code_store.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/store.h"

namespace syncwasm::state::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

[[noreturn]] void fail(const Error& error) {
  std::fprintf(stderr, "bench_state: %s\n", error.to_string().c_str());
  std::exit(1);
}

template <typename T>
T check(Result<T> result) {
  if (!result.ok()) fail(result.error());
  return std::move(result).value();
}
void check(Status status) {
  if (!status.ok()) fail(status.error());
}

// Registry-shaped entries (issue 4): a 32-byte account part, a 20-byte submodule key, a 64-byte
// value (code hash + policy bytes). Entry i is a pure function of i, so reads can pick any.
std::string account_of(uint64_t i) {
  char account[33];
  std::snprintf(account, sizeof account, "acct%028llu", static_cast<unsigned long long>(i % 1000));
  return std::string(account, 32);
}
std::string submodule_of(uint64_t i) {
  char key[21];
  std::snprintf(key, sizeof key, "sub%017llu", static_cast<unsigned long long>(i));
  return std::string(key, 20);
}
std::string registry_key(uint64_t i) { return submodule_key(account_of(i), submodule_of(i)); }

std::string random_bytes(std::mt19937_64& random, size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

double percentile(std::vector<double>& samples, double p) {
  const auto index = static_cast<size_t>(p * static_cast<double>(samples.size() - 1));
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index), samples.end());
  return samples[index];
}

// p50 and p99 of point reads of random existing entries, in microseconds: `rounds` rounds of
// `reads` reads, reporting the median round's figures, so that a burst of other work on a shared
// machine during one round does not decide the figure.
std::pair<double, double> measure_reads(const StateStore& store, uint64_t present, uint64_t reads,
                                        uint64_t seed, int rounds = 5,
                                        const std::function<void()>& after_round = nullptr) {
  std::mt19937_64 random(present * 31 + seed);
  std::vector<double> p50s, p99s;
  std::vector<double> micros;
  micros.reserve(reads);
  for (int round = 0; round < rounds; ++round) {
    micros.clear();
    for (uint64_t r = 0; r < reads; ++r) {
      const std::string key = registry_key(random() % present);
      const auto start = Clock::now();
      auto value = store.get(key);
      const double elapsed = seconds_since(start) * 1e6;
      if (!value.ok()) fail(value.error());
      if (!*value) {
        std::fprintf(stderr, "bench_state: entry missing\n");
        std::exit(1);
      }
      micros.push_back(elapsed);
    }
    p50s.push_back(percentile(micros, 0.50));
    p99s.push_back(percentile(micros, 0.99));
    if (after_round) after_round();
  }
  return {percentile(p50s, 0.5), percentile(p99s, 0.5)};
}

// What one random memory read costs on this machine at the moment, timed as measure_reads times
// a read: rounds of `reads` loads, each of one random 128-byte-aligned line of a buffer of
// `bytes` (the row cache's budget, as large as its table at 1M entries) on transparent huge
// pages like the row cache's tables; the median round's p50 and p99. A read the row cache serves
// at 1M entries needs at least this (its entry is in one random slot of such a table), so the
// two compared show what the cache itself adds. The figure moves with the load on the machine
// (other work in the shared caches and memory), so its rounds run between the rounds of the 1M
// reads (which a 256 MiB scan between rounds does not change: their table is never in the
// caches, and on this VM its pages are not in the TLB either). Also the timer pair alone (in
// every read figure).
class MemoryFloor {
 public:
  MemoryFloor(size_t bytes, uint64_t reads) : reads_(reads), random_(bytes) {
    const size_t alignment = size_t{2} << 20;
    bytes_ = std::max(alignment, bytes / alignment * alignment);
    memory_ = static_cast<char*>(std::aligned_alloc(alignment, bytes_));
    if (memory_ == nullptr) return;
    (void)madvise(memory_, bytes_, MADV_HUGEPAGE);
    std::memset(memory_, 1, bytes_);
  }
  ~MemoryFloor() { std::free(memory_); }
  MemoryFloor(const MemoryFloor&) = delete;
  MemoryFloor& operator=(const MemoryFloor&) = delete;

  void round() {
    if (memory_ == nullptr) return;
    micros_.clear();
    empty_.clear();
    uint64_t sum = 0;
    for (uint64_t r = 0; r < reads_; ++r) {
      const volatile char* line = memory_ + (random_() % (bytes_ / 128)) * 128;
      auto start = Clock::now();
      sum += *line;
      micros_.push_back(seconds_since(start) * 1e6);
      start = Clock::now();
      empty_.push_back(seconds_since(start) * 1e6);
    }
    if (sum != reads_) std::fprintf(stderr, "bench_state: memory floor read wrong bytes\n");
    p50s_.push_back(percentile(micros_, 0.50));
    p99s_.push_back(percentile(micros_, 0.99));
    timers_.push_back(percentile(empty_, 0.50));
  }
  bool measured() const { return !p50s_.empty(); }
  double p50() { return percentile(p50s_, 0.5); }
  double p99() { return percentile(p99s_, 0.5); }
  double timer() { return percentile(timers_, 0.5); }

 private:
  uint64_t reads_;
  std::mt19937_64 random_;
  size_t bytes_ = 0;
  char* memory_ = nullptr;
  std::vector<double> micros_, empty_, p50s_, p99s_, timers_;
};

// Bytes of the process on transparent huge pages (AnonHugePages in /proc/self/smaps_rollup).
uint64_t anon_huge_page_bytes() {
  FILE* file = std::fopen("/proc/self/smaps_rollup", "r");
  if (file == nullptr) return 0;
  char line[256];
  unsigned long long kb = 0;
  while (std::fgets(line, sizeof line, file) != nullptr) {
    if (std::sscanf(line, "AnonHugePages: %llu kB", &kb) == 1) break;
  }
  std::fclose(file);
  return kb * 1024;
}

// RocksDB's own counters for `reads` point reads of random existing entries, per read, to stderr:
// what a read touched (memtables, filters, blocks, key comparisons) rather than how long it took,
// so that figures from a busy machine still compare. A second pass times the phases. Reads the
// row cache serves do no RocksDB work at all (every counter 0).
void print_read_profile(const StateStore& store, uint64_t present, uint64_t reads) {
  std::mt19937_64 random(present * 31 + 5);
  std::vector<std::string> keys;
  for (uint64_t r = 0; r < reads; ++r) keys.push_back(registry_key(random() % present));
  rocksdb::PerfContext& perf = *rocksdb::get_perf_context();
  perf.EnablePerLevelPerfContext();
  for (const rocksdb::PerfLevel level :
       {rocksdb::PerfLevel::kEnableCount, rocksdb::PerfLevel::kEnableTimeExceptForMutex}) {
    rocksdb::SetPerfLevel(level);
    perf.Reset();
    perf.ClearPerLevelPerfContext();
    for (const std::string& key : keys) check(store.get(key));
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    const double n = static_cast<double>(reads);
    auto per = [&](uint64_t v) { return static_cast<double>(v) / n; };
    if (level == rocksdb::PerfLevel::kEnableCount) {
      std::fprintf(stderr,
                   "per read at %llu: memtables %.2f (bloom hit %.2f miss %.2f), sst bloom hit "
                   "%.2f miss %.2f, "
                   "block cache hits %.2f (index %.2f filter %.2f), block reads %.3f (%.0f bytes; "
                   "index %.3f filter %.3f), "
                   "key comparisons %.1f, entries skipped %.2f\n",
                   static_cast<unsigned long long>(present), per(perf.get_from_memtable_count),
                   per(perf.bloom_memtable_hit_count), per(perf.bloom_memtable_miss_count),
                   per(perf.bloom_sst_hit_count), per(perf.bloom_sst_miss_count),
                   per(perf.block_cache_hit_count), per(perf.block_cache_index_hit_count),
                   per(perf.block_cache_filter_hit_count), per(perf.block_read_count),
                   per(perf.block_read_byte), per(perf.index_block_read_count),
                   per(perf.filter_block_read_count), per(perf.user_key_comparison_count),
                   per(perf.internal_key_skipped_count));
      if (perf.level_to_perf_context != nullptr) {
        for (const auto& [lvl, by] : *perf.level_to_perf_context) {
          std::fprintf(stderr,
                       "  L%u: filter useful %.3f positive %.3f true positive %.3f, found %.3f, "
                       "block cache hits %.2f misses %.3f\n",
                       lvl, per(by.bloom_filter_useful), per(by.bloom_filter_full_positive),
                       per(by.bloom_filter_full_true_positive), per(by.user_key_return_count),
                       per(by.block_cache_hit_count), per(by.block_cache_miss_count));
        }
      }
    } else {
      std::fprintf(stderr,
                   "  ns per read: memtables %.0f, files %.0f (find table %.0f, block seek %.0f, "
                   "checksum %.0f, decompress %.0f, "
                   "block read %.0f), post %.0f, snapshot %.0f\n",
                   per(perf.get_from_memtable_time), per(perf.get_from_output_files_time),
                   per(perf.find_table_nanos), per(perf.block_seek_nanos),
                   per(perf.block_checksum_time), per(perf.block_decompress_time),
                   per(perf.block_read_time), per(perf.get_post_process_time),
                   per(perf.get_snapshot_time));
    }
  }
}
// Microseconds of trie update per changed key: `rounds` commits of `keys` random value changes.
double measure_trie_update(StateStore& store, uint64_t present, uint64_t keys, int rounds, double* commit_us_per_key) {
  std::mt19937_64 random(present + 7);
  uint64_t trie_ns = 0, commit_ns = 0, changed = 0;
  for (int round = 0; round < rounds; ++round) {
    ChangeSet changes;
    std::vector<uint64_t> picked;
    for (uint64_t k = 0; k < keys; ++k) picked.push_back(random() % present);
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    for (uint64_t i : picked) changes.push_back({registry_key(i), random_bytes(random, 64)});
    CommitStats stats;
    const auto start = Clock::now();
    check(store.commit(changes, &stats));
    commit_ns += static_cast<uint64_t>(seconds_since(start) * 1e9);
    trie_ns += stats.trie_update_ns;
    changed += changes.size();
  }
  if (commit_us_per_key != nullptr) *commit_us_per_key = static_cast<double>(commit_ns) / 1e3 / static_cast<double>(changed);
  return static_cast<double>(trie_ns) / 1e3 / static_cast<double>(changed);
}

uint64_t directory_bytes(const std::filesystem::path& directory) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.rfind("LOG", 0) == 0) continue;  // RocksDB's text logs are not state
    total += entry.file_size();
  }
  return total;
}

std::string suffix_of(uint64_t count) {
  if (count >= 1'000'000 && count % 1'000'000 == 0) return std::to_string(count / 1'000'000) + "m";
  if (count >= 1'000 && count % 1'000 == 0) return std::to_string(count / 1'000) + "k";
  return std::to_string(count);
}

}  // namespace

std::vector<Figure> measure_state_figures(const FigureOptions& options) {
  std::filesystem::path directory = options.directory;
  const bool temporary = directory.empty();
  if (temporary) {
    const char* base = std::getenv("TMPDIR");
    directory = std::filesystem::path(base != nullptr ? base : "/tmp") / ("syncwasm-bench-state-" + std::to_string(::getpid()));
  }
  std::filesystem::remove_all(directory);
  std::vector<Figure> figures;
  {
    StoreOptions store_options;  // fsync every commit, as a node runs
    store_options.block_cache_bytes = options.block_cache_bytes;
    store_options.row_cache_bytes = options.row_cache_bytes;
    auto store = check(StateStore::open(directory.string(), store_options));

    std::mt19937_64 random(42);
    std::vector<std::string> codes;
    for (uint64_t c = 0; c < options.codes; ++c) codes.push_back(random_bytes(random, options.code_bytes));

    const std::vector<uint64_t> read_points = {10'000, 100'000, 1'000'000};
    double insert_seconds = 0;
    uint64_t total_trie_ns = 0, total_write_ns = 0;
    uint64_t inserted = 0;
    while (inserted < options.entries) {
      const uint64_t end = std::min(options.entries, inserted + options.batch);
      const auto start = Clock::now();
      StateOverlay overlay(*store);
      for (uint64_t i = inserted; i < end; ++i) {
        const Hash32 code_hash = check(CodeStore::add_reference(overlay, codes[i % codes.size()]));
        std::string value(as_bytes(code_hash));
        value.append(32, static_cast<char>(i));  // the policy part
        check(overlay.put(registry_key(i), value));
      }
      const auto commit_start = Clock::now();
      CommitStats stats;
      check(store->commit(check(overlay.take_changes()), &stats));
      insert_seconds += seconds_since(start);
      total_trie_ns += stats.trie_update_ns;
      total_write_ns += stats.write_ns;
      if (options.verbose && (end % 100'000 == 0)) {
        std::fprintf(stderr, "batch ending at %llu: overlay %.0f ms, commit %.0f ms (trie %.0f ms, %zu nodes read, %zu written; write %.0f ms)\n",
                     static_cast<unsigned long long>(end),
                     std::chrono::duration<double, std::milli>(commit_start - start).count(),
                     seconds_since(commit_start) * 1e3, static_cast<double>(stats.trie_update_ns) / 1e6,
                     stats.trie_nodes_read, stats.trie_nodes_written, static_cast<double>(stats.write_ns) / 1e6);
      }
      const uint64_t before = inserted;
      inserted = end;
      for (uint64_t point : read_points) {
        if (before < point && inserted >= point) {
          // Cold: right after the inserts, blocks not yet in RocksDB's block cache. Warm (the
          // named figure): after one scan of the state, as a node whose state fits its cache.
          auto [cold50, cold99] = measure_reads(*store, inserted, options.reads, 1, 1);
          check(store->scan_prefix("", [](std::string_view, std::string_view) { return true; }));
          std::unique_ptr<MemoryFloor> floor;
          if (point == read_points.back() && options.row_cache_bytes > 0) {
            floor = std::make_unique<MemoryFloor>(options.row_cache_bytes, options.reads);
          }
          auto [p50, p99] = measure_reads(*store, inserted, options.reads, 2, 5, [&] {
            if (floor) floor->round();
          });
          if (options.verbose) {
            std::fprintf(stderr, "at %llu entries (process on huge pages: %llu MiB):\n%s",
                         static_cast<unsigned long long>(inserted),
                         static_cast<unsigned long long>(anon_huge_page_bytes() >> 20),
                         store->storage_summary().c_str());
          }
          if (options.profile) print_read_profile(*store, inserted, options.reads);
          figures.push_back({"state_read_p50_us_" + suffix_of(point), p50, "us"});
          figures.push_back({"state_read_p99_us_" + suffix_of(point), p99, "us"});
          figures.push_back({"state_read_cold_p50_us_" + suffix_of(point), cold50, "us"});
          figures.push_back({"state_read_cold_p99_us_" + suffix_of(point), cold99, "us"});
          if (floor && floor->measured()) {
            figures.push_back({"state_read_memory_floor_p50_us", floor->p50(), "us"});
            figures.push_back({"state_read_memory_floor_p99_us", floor->p99(), "us"});
            figures.push_back({"state_read_timer_us", floor->timer(), "us"});
          }
          if (point == 10'000) {
            double commit_us = 0;
            figures.push_back({"trie_update_us_per_key_10k", measure_trie_update(*store, inserted, 1000, 3, &commit_us), "us"});
          }
        }
      }
    }
    if (options.verbose) {
      std::fprintf(stderr, "inserts: %.1f s, of which trie %.1f s, RocksDB write %.1f s\n", insert_seconds,
                   static_cast<double>(total_trie_ns) / 1e9, static_cast<double>(total_write_ns) / 1e9);
    }
    figures.insert(figures.begin(), {"state_insert_per_s", static_cast<double>(inserted) / insert_seconds, "entries/s"});

    double commit_us = 0;
    figures.push_back({"trie_update_us_per_key", measure_trie_update(*store, inserted, 1000, 10, &commit_us), "us"});
    figures.push_back({"state_commit_us_per_key", commit_us, "us"});

    check(store->compact());
    figures.push_back({"state_bytes_per_entry", static_cast<double>(directory_bytes(directory)) / static_cast<double>(inserted), "bytes"});
    // Reads once memtables are flushed and the files compacted (a node between bursts of writes).
    auto [p50, p99] = measure_reads(*store, inserted, options.reads, 3, 1);
    figures.push_back({"state_read_compacted_p50_us_" + suffix_of(inserted), p50, "us"});
    figures.push_back({"state_read_compacted_p99_us_" + suffix_of(inserted), p99, "us"});
    if (options.verbose) std::fprintf(stderr, "compacted:\n%s", store->storage_summary().c_str());
    if (options.profile) print_read_profile(*store, inserted, options.reads);

    // The same compacted state through RocksDB alone (row cache off), every block cached by a
    // scan: what a read of an entry the row cache does not hold costs.
    store.reset();
    store_options.row_cache_bytes = 0;
    store = check(StateStore::open(directory.string(), store_options));
    check(store->scan_prefix("", [](std::string_view, std::string_view) { return true; }));
    auto [rocks50, rocks99] = measure_reads(*store, inserted, options.reads, 4);
    figures.push_back({"state_read_rocksdb_p50_us_" + suffix_of(inserted), rocks50, "us"});
    figures.push_back({"state_read_rocksdb_p99_us_" + suffix_of(inserted), rocks99, "us"});
    if (options.profile) print_read_profile(*store, inserted, options.reads);
  }
  if (temporary) std::filesystem::remove_all(directory);
  return figures;
}

}  // namespace syncwasm::state::bench
