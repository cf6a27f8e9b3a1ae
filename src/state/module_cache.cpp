#include "syncwasm/state/module_cache.h"

#include "store_impl.h"
#include "syncwasm/state/limits.h"

namespace syncwasm::state {
namespace {

std::string module_key(const Hash32& code_hash, uint32_t format_version) {
  std::string key(as_bytes(code_hash));
  for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<char>((format_version >> shift) & 0xff));
  return key;
}

std::string describe(const Hash32& code_hash, uint32_t format_version) {
  return "lowered module " + to_hex(code_hash) + " (format " + std::to_string(format_version) + ")";
}

}  // namespace

Status ModuleCache::put(const Hash32& code_hash, uint32_t format_version, std::string_view serialized) {
  if (serialized.size() > kMaxCachedModuleSize) {
    return make_error(ErrorCode::LimitExceeded, describe(code_hash, format_version) + " is " +
                                                    std::to_string(serialized.size()) +
                                                    " bytes, over kMaxCachedModuleSize (" +
                                                    std::to_string(kMaxCachedModuleSize) + ")");
  }
  StateStore::Impl& impl = *store_.impl_;
  // Not synced: a cache entry lost in a crash is recomputed.
  const std::string key = module_key(code_hash, format_version);
  rocksdb::Status status = impl.db->Put(rocksdb::WriteOptions(), impl.modules, key, serialized);
  if (!status.ok()) return rocks_error(status, "storing " + describe(code_hash, format_version));
  if (impl.module_rows) impl.module_rows->update(key, serialized);
  return Status{};
}

Result<std::optional<std::string>> ModuleCache::get(const Hash32& code_hash, uint32_t format_version) const {
  StateStore::Impl& impl = *store_.impl_;
  const std::string key = module_key(code_hash, format_version);
  RowCache::Miss miss;
  if (impl.module_rows) {
    if (std::optional<std::string> cached = impl.module_rows->lookup(key, &miss)) return cached;
  }
  std::string value;
  rocksdb::Status status = impl.db->Get(rocksdb::ReadOptions(), impl.modules, key, &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return rocks_error(status, "reading " + describe(code_hash, format_version));
  if (impl.module_rows) impl.module_rows->fill(key, value, miss);
  return std::optional<std::string>(std::move(value));
}

Status ModuleCache::remove(const Hash32& code_hash, uint32_t format_version) {
  StateStore::Impl& impl = *store_.impl_;
  const std::string key = module_key(code_hash, format_version);
  rocksdb::Status status = impl.db->Delete(rocksdb::WriteOptions(), impl.modules, key);
  if (!status.ok()) return rocks_error(status, "removing " + describe(code_hash, format_version));
  if (impl.module_rows) impl.module_rows->update(key, std::nullopt);
  return Status{};
}

}  // namespace syncwasm::state
