#include "syncwasm/state/side_records.h"

#include <memory>

#include "store_impl.h"

namespace syncwasm::state {

Result<std::optional<std::string>> SideRecords::get(std::string_view key) const {
  const StateStore::Impl& impl = *store_.impl_;
  std::string value;
  rocksdb::Status status = impl.db->Get(rocksdb::ReadOptions(), impl.meta,
                                        std::string(kSideRecordPrefix) + std::string(key), &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return rocks_error(status, "reading side record " + printable_bytes(key));
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<std::pair<std::string, std::string>>> SideRecords::last_at_or_before(
    std::string_view prefix, std::string_view key) const {
  const StateStore::Impl& impl = *store_.impl_;
  const std::string full_prefix = std::string(kSideRecordPrefix) + std::string(prefix);
  const std::string target = std::string(kSideRecordPrefix) + std::string(key);
  std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(rocksdb::ReadOptions(), impl.meta));
  it->SeekForPrev(target);
  using Found = std::optional<std::pair<std::string, std::string>>;
  if (!it->status().ok())
    return rocks_error(it->status(), "seeking side record " + printable_bytes(key));
  if (!it->Valid() || !it->key().starts_with(full_prefix)) return Found{};
  return Found(
      std::pair(it->key().ToString().substr(kSideRecordPrefix.size()), it->value().ToString()));
}

}  // namespace syncwasm::state
