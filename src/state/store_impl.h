// StateStore's private parts (internal): the open RocksDB database and its column families.
//
// Layout of the directory (one RocksDB database, docs/state.md):
//   column family "default"  meta: format marker, state root, commit count
//   column family "flat"     state key -> value
//   column family "trie"     trie node position -> encoded node (trie_node.h)
//   column family "modules"  code hash + format version -> serialized lowered module
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"
#include "syncwasm/state/store.h"
#include "little_endian.h"
#include "row_cache.h"
#include "trie_node.h"

namespace syncwasm::state {

inline constexpr std::string_view kFlatFamily = "flat";
inline constexpr std::string_view kTrieFamily = "trie";
inline constexpr std::string_view kModulesFamily = "modules";

inline constexpr std::string_view kFormatKey = "syncwasm.format";
// Bump when the layout changes; an older or newer database is then refused as NotOurs.
inline constexpr std::string_view kFormatMarker = "syncwasm-state/1";
inline constexpr std::string_view kRootKey = "syncwasm.root";
inline constexpr std::string_view kCommitCountKey = "syncwasm.commits";

// Memtable size of every family. An 8 MiB flat-state memtable made reads at 100k entries faster
// (they no longer walk a large skiplist) but reads at 1M slower (frequent compactions rewrite the
// cached bottom file) and inserts ≈ 1.5x slower (atomic_flush flushes the trie with it): not kept.
inline constexpr size_t kWriteBufferBytes = 64u << 20;
// Keys decoded at most per point read in a flat-state data block after its hash index lookup.
inline constexpr int kFlatBlockRestartInterval = 4;

// Trie nodes down to this depth are kept in memory once read or written (at most 2^17 positions,
// a few MiB): every update and proof walks through them, and without the cache each costs a
// RocksDB read. Below it, nodes are read from RocksDB (its block cache).
inline constexpr unsigned kCachedTrieDepth = 16;

struct StateStore::Impl {
  std::string directory;
  StoreOptions options;
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // all opened families, owned
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* flat = nullptr;
  rocksdb::ColumnFamilyHandle* trie = nullptr;
  rocksdb::ColumnFamilyHandle* modules = nullptr;
  Hash32 root{};
  uint64_t commit_count = 0;
  // Node key -> node (nullopt: known empty), for depths <= kCachedTrieDepth. Filled and updated
  // only by commit (which runs alone); concurrent readers only look up.
  std::unordered_map<std::string, std::optional<TrieNode>> node_cache;
  // Committed flat-state entries in memory (row_cache.h); null when StoreOptions::row_cache_bytes
  // is 0. Updated by commit after its batch is written.
  std::unique_ptr<RowCache> rows;
  // Serialized modules in memory (module_cache.cpp); null when StoreOptions::module_row_cache_bytes
  // is 0.
  std::unique_ptr<RowCache> module_rows;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();
};

// Opens or creates the database (store_open.cpp).
Result<std::unique_ptr<StateStore::Impl>> open_store_impl(const std::string& directory, const StoreOptions& options);

// A RocksDB status as a state error; `context` says what was being done to what.
Error rocks_error(const rocksdb::Status& status, const std::string& context);

}  // namespace syncwasm::state
