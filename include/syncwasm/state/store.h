// StateStore: the persistent state of one node, a RocksDB database in one directory holding
//  - the flat state: key -> value, one lookup per read, ordered for prefix scans;
//  - the Merkle trie over the same entries (docs/state.md), giving the 32-byte state root;
//  - the module cache (serialized lowered modules, outside consensus state: see module_cache.h).
// A commit writes the changed entries, the changed trie nodes and the new root in one atomic
// RocksDB write batch, so after a crash at any moment (kill -9) the directory opens at exactly the
// last committed state.
//
// Thread safety: get, scan_prefix, prove, root and commit_count may run concurrently with each
// other. commit, flush and compact must not run concurrently with any other call (the runtime
// commits from one thread between executions).
// Ownership: the StateStore owns the open database; destroying it closes the directory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/state/change_set.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"
#include "syncwasm/state/trie_proof.h"

namespace syncwasm::state {

// The directory used when the operator names none (DESIGN.md §3).
inline constexpr std::string_view kDefaultDataDirectory = "./syncwasm-data";

// RocksDB's block cache by default (shared by all column families): room for the flat state's
// blocks of about a million registry-shaped entries (≈ 110 MB uncompressed) and the hot trie nodes.
inline constexpr size_t kDefaultBlockCacheBytes = size_t{256} << 20;
// The flat state's row cache by default: a table of up to 4M slots (512 MiB, about 3.1 million
// registry-shaped entries at its 3/4 load) beside up to 512 MiB of entries too large for a slot,
// so that an account with a million submodules keeps all their registry entries in memory beside
// the code entries and reference counts its deployments wrote. (The table doubles only when the
// doubled table and the large entries fit. With 512 MiB, 1.57M entries, some registry entries
// were evicted by deployments and each call on one read RocksDB: p99 10.8 us at 1M.)
inline constexpr size_t kDefaultRowCacheBytes = size_t{1} << 30;
// The module cache's in-memory copy of serialized modules by default: a million small submodules'
// artifacts (≈ 400 bytes each, ≈ 700 bytes with the key and the table slot).
inline constexpr size_t kDefaultModuleRowCacheBytes = size_t{1} << 30;
// Serialized modules larger than this are read from RocksDB each time (their deserialization
// costs far more than the read).
inline constexpr size_t kModuleRowCacheMaxEntryBytes = 64 * 1024 - 1;

struct StoreOptions {
  // Create the database when the directory is missing or empty; otherwise that is NotFound.
  bool create_if_missing = true;
  // fsync the write-ahead log on every commit, so a commit survives power loss. A killed process
  // loses no commit either way; turning this off only trades power-loss durability for speed.
  bool sync_commits = true;
  // RocksDB's block cache, shared by the flat state, the trie and the module cache.
  // Size it for the working set: a point read served from the cache costs a few microseconds, one
  // that misses costs a file read, a checksum and a decompression.
  size_t block_cache_bytes = kDefaultBlockCacheBytes;
  // The flat state's row cache: committed entries (key + value up to 1 KiB) held in memory, put
  // there by the commit that writes them and by reads, so that a point read of one is a hash
  // probe rather than a RocksDB lookup (docs/state.md, "Reads"). 171–341 bytes per entry of up
  // to 119 bytes; 0 turns it off. Grows only as entries arrive.
  size_t row_cache_bytes = kDefaultRowCacheBytes;
  // The same for the module cache (module_cache.h): serialized modules of up to
  // kModuleRowCacheMaxEntryBytes held in memory, so that loading one whose lowered form is not in
  // the runtime's own cache is a hash probe, not a RocksDB read. 0 turns it off. Grows only as
  // modules arrive.
  size_t module_row_cache_bytes = kDefaultModuleRowCacheBytes;
};

// What one commit did, for benchmarks and for tests of the cost of a root update.
struct CommitStats {
  size_t changes = 0;
  size_t trie_nodes_read = 0;
  size_t trie_nodes_written = 0;
  size_t trie_nodes_deleted = 0;
  uint64_t trie_update_ns = 0;  // computing the new trie nodes and root
  uint64_t write_ns = 0;        // the atomic RocksDB write (and fsync when sync_commits)
};

class StateStore final : public StateReader {
 public:
  // Opens (or creates, see StoreOptions) the database in `directory`. Errors:
  //  Locked     another process (or another StateStore in this one) has it open;
  //  NotOurs    the directory holds something that is not a syncwasm state database;
  //  Corruption a database file is damaged;
  //  NotFound   missing or empty directory with create_if_missing off; Io for other failures.
  static Result<std::unique_ptr<StateStore>> open(const std::string& directory,
                                                  const StoreOptions& options = {});
  ~StateStore() override;
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // StateReader: the committed flat state.
  Result<std::optional<std::string>> get(std::string_view key) const override;
  Status scan_prefix(std::string_view prefix, const Visitor& visit) const override;

  // The state root of the last commit (all zero for an empty state).
  Hash32 root() const;
  // How many commits this database has seen (0 when new).
  uint64_t commit_count() const;
  const std::string& directory() const;

  // Applies the changes atomically: flat state, trie and root in one write batch. Returns the new
  // root. Refuses (LimitExceeded / InvalidArgument, naming the key and the limit) keys over
  // kMaxKeySize, values over kMaxValueSize, empty keys and duplicate keys, writing nothing.
  // Work is proportional to the number of changes times the trie depth, not the state size.
  Result<Hash32> commit(const ChangeSet& changes, CommitStats* stats = nullptr);
  // The same, and in the same atomic write batch the side records (side_records.h) that
  // `side(new_root)` returns: written or (value nullopt) deleted outside the consensus state.
  // `side` runs once the new root is known and before anything is written.
  using SideRecordWriter = std::function<ChangeSet(const Hash32& new_root)>;
  Result<Hash32> commit(const ChangeSet& changes, CommitStats* stats, const SideRecordWriter& side);

  // A proof of key's value (or absence) against root().
  Result<TrieProof> prove(std::string_view key) const;

  // Walks the whole trie: every node hash, the canonical shape, every leaf against the flat state,
  // and the root. For tests and an operator's fsck; cost proportional to the state size.
  Status verify_trie() const;
  // Reads every database file and checks its checksums (RocksDB's VerifyChecksum).
  Status verify_checksums() const;

  // Flushes memtables to files and compacts everything (benchmarks measure size on disk after it).
  Status compact();

  // RocksDB's files per level of each column family, as text, for operators and benchmarks.
  std::string storage_summary() const;

  struct Impl;  // opaque: the RocksDB handles (src/state/store_impl.h)

 private:
  friend class ModuleCache;
  friend class SideRecords;
  explicit StateStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncwasm::state
