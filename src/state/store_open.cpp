// Opening and creating the database directory, and telling apart the ways it can fail.
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "store_impl.h"

namespace syncwasm::state {
namespace {

namespace fs = std::filesystem;

rocksdb::DBOptions database_options(bool create) {
  rocksdb::DBOptions options;
  options.create_if_missing = create;
  options.create_missing_column_families = create;
  options.error_if_exists = create;
  options.paranoid_checks = true;
  // Flushing all families together keeps them at one point in time even without the WAL.
  options.atomic_flush = true;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 2;
  options.max_total_wal_size = 512u << 20;
  return options;
}

// Each column family is tuned for how it is used; docs/state.md ("Tuning") has the measurements.
rocksdb::ColumnFamilyOptions family_options(const std::shared_ptr<rocksdb::Cache>& cache, std::string_view name) {
  const bool flat = name == kFlatFamily;
  const bool trie = name == kTrieFamily;
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // A whole-key bloom filter (full filter, one per file, held with the open file) makes a read of
  // an absent key, and the probe of each file that does not hold the key, cost no block read.
  // Bloom rather than ribbon: it is probed on every read, and ribbon trades query CPU for memory.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.whole_key_filtering = true;
  // Point lookups inside a data block go through a hash index instead of a binary search.
  table.data_block_index_type = rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  // After the hash lookup a flat-state read decodes at most this many keys (default 16).
  if (flat) table.block_restart_interval = kFlatBlockRestartInterval;
  if (flat || trie) {
    // What a commit just wrote is what is most likely read next (the next update walks the same
    // upper trie levels): a flush puts its blocks in the block cache instead of leaving the first
    // read of each to the file system. Measured: the trie work of an insert batch at 1M entries
    // drops by about a third.
    table.prepopulate_block_cache = rocksdb::BlockBasedTableOptions::PrepopulateBlockCache::kFlushOnly;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.write_buffer_size = kWriteBufferBytes;
  // A bloom filter over the memtable too: most reads are of older keys, and without it each one
  // first walks the memtable skiplist.
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.05;
  // A commit adds its trie nodes sorted by key (store.cpp), so each memtable insert starts from
  // where the previous one ended instead of searching the skiplist from the top: this halves the
  // cost of writing the ≈ 10 node records per changed key. (A hint per first key byte.)
  if (trie) options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  options.level_compaction_dynamic_level_bytes = true;
  // Trie nodes are hashes: compressing them costs CPU on every read and saves nothing. State
  // values often compress; LZ4 decompresses faster than the default Snappy.
  options.compression = trie ? rocksdb::kNoCompression : rocksdb::kLZ4Compression;
  return options;
}

std::string in_quotes(const std::string& directory) { return "'" + directory + "'"; }

Error not_ours(const std::string& directory, const std::string& why) {
  return make_error(ErrorCode::NotOurs, in_quotes(directory) + " is not a syncwasm state database: " + why);
}

// Text for an error message, with unprintable bytes as '?' and at most 64 of them.
std::string printable_text(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 64)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (bytes.size() > 64) out += "...";
  return out;
}

bool has_family(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Result<std::unique_ptr<StateStore::Impl>> open_families(const std::string& directory, const StoreOptions& options,
                                                        const std::vector<std::string>& families, bool create) {
  auto impl = std::make_unique<StateStore::Impl>();
  impl->directory = directory;
  impl->options = options;
  if (options.row_cache_bytes > 0) impl->rows = std::make_unique<RowCache>(options.row_cache_bytes);
  if (options.module_row_cache_bytes > 0)
    impl->module_rows =
        std::make_unique<RowCache>(options.module_row_cache_bytes, kModuleRowCacheMaxEntryBytes);
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : families) descriptors.emplace_back(name, family_options(cache, name));
  rocksdb::Status status =
      rocksdb::DB::Open(database_options(create), directory, descriptors, &impl->handles, &impl->db);
  if (!status.ok()) return rocks_error(status, "opening " + in_quotes(directory));
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] == rocksdb::kDefaultColumnFamilyName) impl->meta = impl->handles[i];
    if (families[i] == kFlatFamily) impl->flat = impl->handles[i];
    if (families[i] == kTrieFamily) impl->trie = impl->handles[i];
    if (families[i] == kModulesFamily) impl->modules = impl->handles[i];
  }
  return impl;
}

Status check_readable(const std::string& directory, const std::vector<std::string>& families) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : families) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::OpenForReadOnly(database_options(false), directory, descriptors, &handles, &db);
  if (db != nullptr) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  if (status.IsCorruption()) return rocks_error(status, "opening " + in_quotes(directory));
  return Status{};
}

// Builds a complete database (all column families, the format marker, the zero root) in a
// scratch directory next to the target, then renames it into place: a crash during creation leaves
// either no database or a complete one, never a half-made one that would open as NotOurs.
Status create_store(const std::string& directory, const StoreOptions& options) {
  fs::path target = fs::path(directory).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "dir/" names "dir"
  const fs::path scratch = target.parent_path() / (target.filename().string() + ".syncwasm-creating");
  std::error_code ec;
  fs::remove_all(scratch, ec);  // left over from a creation that crashed
  fs::create_directories(scratch, ec);
  if (ec) return make_error(ErrorCode::Io, "creating " + in_quotes(scratch.string()) + ": " + ec.message());
  {
    const std::vector<std::string> families = {rocksdb::kDefaultColumnFamilyName, std::string(kFlatFamily),
                                               std::string(kTrieFamily), std::string(kModulesFamily)};
    SW_STATE_TRY_ASSIGN(auto impl, open_families(scratch.string(), options, families, true));
    rocksdb::WriteBatch batch;
    batch.Put(impl->meta, kFormatKey, kFormatMarker);
    batch.Put(impl->meta, kRootKey, as_bytes(kZeroHash));
    batch.Put(impl->meta, kCommitCountKey, encode_u64(0));
    rocksdb::WriteOptions write;
    write.sync = true;
    rocksdb::Status status = impl->db->Write(write, &batch);
    if (!status.ok()) return rocks_error(status, "initialising " + in_quotes(scratch.string()));
  }
  // rename(2) replaces an empty directory atomically.
  fs::rename(scratch, target, ec);
  if (ec) return make_error(ErrorCode::Io, "moving the new database into " + in_quotes(directory) + ": " + ec.message());
  return Status{};
}

Result<std::string> read_meta(StateStore::Impl& impl, std::string_view key, size_t expected_size) {
  std::string value;
  rocksdb::Status status = impl.db->Get(rocksdb::ReadOptions(), impl.meta, key, &value);
  if (!status.ok()) return rocks_error(status, "reading " + std::string(key) + " of " + in_quotes(impl.directory));
  if (value.size() != expected_size) {
    return make_error(ErrorCode::Corruption, std::string(key) + " of " + in_quotes(impl.directory) + " is " +
                                                 std::to_string(value.size()) + " bytes, expected " +
                                                 std::to_string(expected_size));
  }
  return value;
}

Result<std::unique_ptr<StateStore::Impl>> open_existing(const std::string& directory, const StoreOptions& options) {
  if (!fs::exists(fs::path(directory) / "CURRENT")) {
    return not_ours(directory, "it holds files but no RocksDB database (no CURRENT file)");
  }
  std::vector<std::string> families;
  rocksdb::Status status = rocksdb::DB::ListColumnFamilies(database_options(false), directory, &families);
  if (!status.ok()) return rocks_error(status, "listing the column families of " + in_quotes(directory));
  for (std::string_view needed : {kFlatFamily, kTrieFamily, kModulesFamily}) {
    if (!has_family(families, needed)) {
      // ListColumnFamilies skips damaged MANIFEST records: a full read-only open tells a damaged
      // database of ours from someone else's intact one.
      SW_STATE_TRY(check_readable(directory, families));
      return not_ours(directory, "a RocksDB database without the column family '" + std::string(needed) + "'");
    }
  }
  SW_STATE_TRY_ASSIGN(auto impl, open_families(directory, options, families, false));
  std::string marker;
  status = impl->db->Get(rocksdb::ReadOptions(), impl->meta, kFormatKey, &marker);
  if (status.IsNotFound()) return not_ours(directory, "no format marker");
  if (!status.ok()) return rocks_error(status, "reading the format marker of " + in_quotes(directory));
  if (marker != kFormatMarker) {
    return not_ours(directory, "format '" + printable_text(marker) + "', expected '" +
                                   std::string(kFormatMarker) + "'");
  }
  SW_STATE_TRY_ASSIGN(std::string root, read_meta(*impl, kRootKey, 32));
  SW_STATE_TRY_ASSIGN(std::string commits, read_meta(*impl, kCommitCountKey, 8));
  impl->root = hash_from_bytes(root);
  impl->commit_count = decode_u64(commits);
  return impl;
}

}  // namespace

StateStore::Impl::~Impl() {
  if (db == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  db->Close();
  delete db;
}

Result<std::unique_ptr<StateStore::Impl>> open_store_impl(const std::string& directory, const StoreOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(directory, ec);  // a missing path is not an error here
  if (fs::exists(status) && !fs::is_directory(status)) {
    return not_ours(directory, "it is a file, not a directory");
  }
  ec.clear();
  const bool empty = !fs::exists(status) || fs::is_empty(directory, ec);
  if (ec) return make_error(ErrorCode::Io, "reading " + in_quotes(directory) + ": " + ec.message());
  if (empty) {
    if (!options.create_if_missing) {
      return make_error(ErrorCode::NotFound, "no state database in " + in_quotes(directory));
    }
    SW_STATE_TRY(create_store(directory, options));
  }
  return open_existing(directory, options);
}

}  // namespace syncwasm::state
