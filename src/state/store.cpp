#include "syncwasm/state/store.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "store_impl.h"
#include "syncwasm/state/limits.h"
#include "syncwasm/state/merkle.h"
#include "syncwasm/state/side_records.h"
#include "trie_reader.h"
#include "trie_updater.h"

namespace syncwasm::state {
namespace {

// Trie nodes as committed in the database, through the node cache. Only a committing source
// (`fill_cache`) adds to the cache: commit runs alone, readers may run concurrently.
class StoredTrieNodes final : public TrieNodeSource {
 public:
  StoredTrieNodes(StateStore::Impl& impl, bool fill_cache) : impl_(impl), fill_cache_(fill_cache) {}

  Result<std::optional<TrieNode>> load(const Hash32& path, unsigned depth) const override {
    std::string key = trie_node_key(path, depth);
    const bool cacheable = depth <= kCachedTrieDepth;
    if (cacheable) {
      auto it = impl_.node_cache.find(key);
      if (it != impl_.node_cache.end()) return it->second;
    }
    ++reads;
    rocksdb::PinnableSlice value;
    rocksdb::Status status = impl_.db->Get(rocksdb::ReadOptions(), impl_.trie, key, &value);
    std::optional<TrieNode> node;
    if (!status.ok() && !status.IsNotFound()) {
      return rocks_error(status, "reading the trie node at " + trie_position(path, depth));
    }
    if (status.ok()) {
      SW_STATE_TRY_ASSIGN(node, TrieNode::decode(value.ToStringView(), trie_position(path, depth)));
    }
    if (cacheable && fill_cache_) impl_.node_cache.emplace(std::move(key), node);
    return node;
  }

  mutable size_t reads = 0;

 private:
  StateStore::Impl& impl_;
  bool fill_cache_;
};

uint64_t nanoseconds_since(std::chrono::steady_clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
}

// Trie node writes collected for the commit's write batch; the cached ones are applied to the
// node cache only once the batch is written.
class BatchTrieSink final : public TrieNodeSink {
 public:
  void store(const Hash32& path, unsigned depth, const TrieNode& node) override {
    ++written;
    writes_.emplace_back(trie_node_key(path, depth), static_cast<uint32_t>(nodes_.size()));
    nodes_.emplace_back(node);
  }
  void erase(const Hash32& path, unsigned depth) override {
    ++deleted;
    writes_.emplace_back(trie_node_key(path, depth), static_cast<uint32_t>(nodes_.size()));
    nodes_.emplace_back(std::nullopt);
  }

  // Adds the writes to the batch in key order, only the last write to each position (a position
  // can be written and then erased in one update, when a leaf moves up). Sorted, each memtable
  // insert starts where the previous one ended (memtable_insert_with_hint_prefix_extractor).
  void add_to(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* trie) {
    // The sorted records are small (node keys are short strings held inline), so sorting them is
    // cache-friendly; the nodes stay where they are.
    std::sort(writes_.begin(), writes_.end(), [](const Write& a, const Write& b) {
      if (a.head != b.head) return a.head < b.head;
      const int c = a.head_is_key && b.head_is_key ? 0 : a.key.compare(b.key);
      if (c != 0) return c < 0;
      if (a.key.size() != b.key.size()) return a.key.size() < b.key.size();
      return a.index < b.index;
    });
    size_t kept = 0;
    for (size_t i = 0; i < writes_.size(); ++i) {
      if (i + 1 < writes_.size() && writes_[i + 1].key == writes_[i].key) continue;  // a later write wins
      if (kept != i) writes_[kept] = std::move(writes_[i]);
      ++kept;
    }
    writes_.erase(writes_.begin() + static_cast<ptrdiff_t>(kept), writes_.end());
    for (const Write& write : writes_) {
      const std::optional<TrieNode>& node = nodes_[write.index];
      if (node) {
        batch.Put(trie, write.key, node->encode());
      } else {
        batch.Delete(trie, write.key);
      }
    }
  }

  // The written nodes down to kCachedTrieDepth into the node cache (after add_to: one write per
  // position). The last byte of a node key is its depth.
  void apply_to_cache(StateStore::Impl& impl) {
    for (Write& write : writes_) {
      if (static_cast<uint8_t>(write.key.back()) <= kCachedTrieDepth) {
        impl.node_cache[std::move(write.key)] = std::move(nodes_[write.index]);
      }
    }
  }

  size_t written = 0;
  size_t deleted = 0;

 private:
  struct Write {
    Write(std::string k, uint32_t i) : key(std::move(k)), index(i) {
      head_is_key = key.size() <= 16;
      unsigned __int128 h = 0;
      for (size_t b = 0; b < 16; ++b) h = (h << 8) | (b < key.size() ? static_cast<uint8_t>(key[b]) : 0u);
      head = h;
    }
    // The first 16 key bytes, zero-padded, big-endian: the sort compares these first (node keys
    // are at most 16 bytes down to depth 120, so this usually decides); equal heads of keys that
    // fit fall back to the length (a prefix sorts first), longer keys to the full comparison.
    unsigned __int128 head;
    bool head_is_key;
    std::string key;
    uint32_t index;  // into nodes_, which is also the write order
  };
  std::vector<Write> writes_;
  std::vector<std::optional<TrieNode>> nodes_;  // nullopt: erase
};

Status check_change(const StateChange& change) {
  if (change.key.empty()) return make_error(ErrorCode::InvalidArgument, "empty state key");
  if (change.key.size() > kMaxKeySize) {
    return make_error(ErrorCode::LimitExceeded, "key " + printable_bytes(change.key) + " is " +
                                                    std::to_string(change.key.size()) + " bytes, over kMaxKeySize (" +
                                                    std::to_string(kMaxKeySize) + ")");
  }
  if (change.value && change.value->size() > kMaxValueSize) {
    return make_error(ErrorCode::LimitExceeded, "value of key " + printable_bytes(change.key) + " is " +
                                                    std::to_string(change.value->size()) +
                                                    " bytes, over kMaxValueSize (" + std::to_string(kMaxValueSize) + ")");
  }
  return Status{};
}

// The smallest key greater than every key starting with prefix, or "" when there is none.
std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}


}  // namespace

StateStore::StateStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateStore::~StateStore() = default;

Result<std::unique_ptr<StateStore>> StateStore::open(const std::string& directory, const StoreOptions& options) {
  SW_STATE_TRY_ASSIGN(auto impl, open_store_impl(directory, options));
  return std::unique_ptr<StateStore>(new StateStore(std::move(impl)));
}

Hash32 StateStore::root() const { return impl_->root; }
uint64_t StateStore::commit_count() const { return impl_->commit_count; }
const std::string& StateStore::directory() const { return impl_->directory; }

Result<std::optional<std::string>> StateStore::get(std::string_view key) const {
  RowCache* rows = impl_->rows.get();
  RowCache::Miss miss;
  if (rows != nullptr) {
    if (std::optional<std::string> cached = rows->lookup(key, &miss)) return cached;
  }
  rocksdb::PinnableSlice value;
  rocksdb::Status status = impl_->db->Get(rocksdb::ReadOptions(), impl_->flat, key, &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return rocks_error(status, "reading key " + printable_bytes(key));
  if (rows != nullptr) rows->fill(key, value.ToStringView(), miss);
  return std::optional<std::string>(value.ToString());
}

Status StateStore::scan_prefix(std::string_view prefix, const Visitor& visit) const {
  rocksdb::ReadOptions read;
  const std::string end = prefix_end(prefix);
  rocksdb::Slice upper_bound(end);
  if (!end.empty()) read.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->flat));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    if (!it->key().starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) break;
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) return Status{};
  }
  if (!it->status().ok()) return rocks_error(it->status(), "scanning prefix " + printable_bytes(prefix));
  return Status{};
}

Result<Hash32> StateStore::commit(const ChangeSet& changes, CommitStats* stats) {
  return commit(changes, stats, SideRecordWriter());
}

Result<Hash32> StateStore::commit(const ChangeSet& changes, CommitStats* stats, const SideRecordWriter& side) {
  std::vector<size_t> order(changes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return changes[a].key < changes[b].key; });
  for (size_t i = 0; i < order.size(); ++i) {
    SW_STATE_TRY(check_change(changes[order[i]]));
    if (i > 0 && changes[order[i]].key == changes[order[i - 1]].key) {
      return make_error(ErrorCode::InvalidArgument, "key " + printable_bytes(changes[order[i]].key) +
                                                        " appears twice in one commit");
    }
  }

  rocksdb::WriteBatch batch;
  std::vector<LeafChange> leaf_changes;
  leaf_changes.reserve(changes.size());
  for (size_t index : order) {
    const StateChange& change = changes[index];
    if (change.value) {
      batch.Put(impl_->flat, change.key, *change.value);
      leaf_changes.push_back({trie_key_hash(change.key), trie_value_hash(*change.value)});
    } else {
      batch.Delete(impl_->flat, change.key);
      leaf_changes.push_back({trie_key_hash(change.key), std::nullopt});
    }
  }
  std::sort(leaf_changes.begin(), leaf_changes.end(),
            [](const LeafChange& a, const LeafChange& b) { return a.key_hash < b.key_hash; });

  const auto trie_start = std::chrono::steady_clock::now();
  StoredTrieNodes source(*impl_, true);
  BatchTrieSink sink;
  SW_STATE_TRY_ASSIGN(Hash32 root, update_trie(source, sink, leaf_changes));
  sink.add_to(batch, impl_->trie);
  const uint64_t trie_ns = nanoseconds_since(trie_start);

  const uint64_t commit_count = impl_->commit_count + 1;
  batch.Put(impl_->meta, kRootKey, as_bytes(root));
  batch.Put(impl_->meta, kCommitCountKey, encode_u64(commit_count));
  if (side) {
    for (const StateChange& record : side(root)) {
      const std::string key = std::string(kSideRecordPrefix) + record.key;
      if (record.value) batch.Put(impl_->meta, key, *record.value);
      if (!record.value) batch.Delete(impl_->meta, key);
    }
  }
  const auto write_start = std::chrono::steady_clock::now();
  rocksdb::WriteOptions write;
  write.sync = impl_->options.sync_commits;
  rocksdb::Status status = impl_->db->Write(write, &batch);
  if (!status.ok()) return rocks_error(status, "committing " + std::to_string(changes.size()) + " changes");
  sink.apply_to_cache(*impl_);
  if (impl_->rows != nullptr) {
    for (const StateChange& change : changes) impl_->rows->update(change.key, change.value);
  }
  impl_->root = root;
  impl_->commit_count = commit_count;
  if (stats != nullptr) {
    stats->changes = changes.size();
    stats->trie_nodes_read = source.reads;
    stats->trie_nodes_written = sink.written;
    stats->trie_nodes_deleted = sink.deleted;
    stats->trie_update_ns = trie_ns;
    stats->write_ns = nanoseconds_since(write_start);
  }
  return root;
}

Result<TrieProof> StateStore::prove(std::string_view key) const {
  return prove_key_hash(StoredTrieNodes(*impl_, false), trie_key_hash(key));
}

Status StateStore::verify_trie() const {
  // The flat state's entries as leaves, in key-hash order: the order check_trie visits leaves in.
  std::vector<TrieNode> expected;
  SW_STATE_TRY(scan_prefix("", [&](std::string_view key, std::string_view value) {
    expected.push_back(TrieNode::leaf(trie_key_hash(key), trie_value_hash(value)));
    return true;
  }));
  std::sort(expected.begin(), expected.end(),
            [](const TrieNode& a, const TrieNode& b) { return a.key_hash < b.key_hash; });
  size_t next = 0;
  auto visit_leaf = [&](const TrieNode& leaf) -> Status {
    if (next >= expected.size() || expected[next].key_hash != leaf.key_hash) {
      return make_error(ErrorCode::Corruption, "trie leaf " + to_hex(leaf.key_hash) + " has no flat state entry");
    }
    if (expected[next].value_hash != leaf.value_hash) {
      return make_error(ErrorCode::Corruption, "trie leaf " + to_hex(leaf.key_hash) + " disagrees with the flat state");
    }
    ++next;
    return Status{};
  };
  SW_STATE_TRY_ASSIGN(Hash32 root, check_trie(StoredTrieNodes(*impl_, false), visit_leaf));
  if (next != expected.size()) {
    return make_error(ErrorCode::Corruption, std::to_string(expected.size() - next) +
                                                 " flat state entries have no trie leaf (first: key hash " +
                                                 to_hex(expected[next].key_hash) + ")");
  }
  if (root != impl_->root) {
    return make_error(ErrorCode::Corruption, "trie root " + to_hex(root) + " differs from the recorded root " +
                                                 to_hex(impl_->root));
  }
  return Status{};
}

Status StateStore::verify_checksums() const {
  rocksdb::Status status = impl_->db->VerifyChecksum();
  if (!status.ok()) return rocks_error(status, "verifying the checksums of '" + impl_->directory + "'");
  return Status{};
}

Status StateStore::compact() {
  rocksdb::Status status = impl_->db->Flush(rocksdb::FlushOptions(), impl_->handles);
  if (!status.ok()) return rocks_error(status, "flushing '" + impl_->directory + "'");
  for (rocksdb::ColumnFamilyHandle* handle : impl_->handles) {
    status = impl_->db->CompactRange(rocksdb::CompactRangeOptions(), handle, nullptr, nullptr);
    if (!status.ok()) return rocks_error(status, "compacting '" + impl_->directory + "'");
  }
  return Status{};
}

}  // namespace syncwasm::state

namespace syncwasm::state {

std::string StateStore::storage_summary() const {
  std::string out;
  for (rocksdb::ColumnFamilyHandle* handle : impl_->handles) {
    std::string levels;
    impl_->db->GetProperty(handle, "rocksdb.levelstats", &levels);
    out += "column family " + handle->GetName() + ":\n" + levels;
  }
  return out;
}

}  // namespace syncwasm::state
