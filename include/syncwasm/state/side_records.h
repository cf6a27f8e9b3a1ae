// SideRecords: records kept beside the consensus state, committed atomically with it but never
// part of it. They live in the store's meta column family under kSideRecordPrefix: not in the
// flat state (get/scan_prefix never see them), not in the trie, so they never change a state root.
// They are written only through StateStore::commit's `side` argument, in the same RocksDB write
// batch as the state changes, so a crash leaves both or neither. The chain's block records
// (include/syncwasm/node/block_log.h) are side records.
//
// Thread safety: as StateStore's reads. The StateStore must outlive this object.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "syncwasm/state/status.h"

namespace syncwasm::state {

class StateStore;

// Prepended to every side-record key in the meta column family (the store's own meta keys start
// with "syncwasm.", so the two never collide).
inline constexpr std::string_view kSideRecordPrefix = "side/";

class SideRecords {
 public:
  explicit SideRecords(const StateStore& store) : store_(store) {}

  // The record under key, or nullopt.
  Result<std::optional<std::string>> get(std::string_view key) const;

  // The record with the greatest key <= `key` among the keys starting with `prefix` (keys compare
  // bytewise), as (key, value); nullopt when there is none.
  Result<std::optional<std::pair<std::string, std::string>>> last_at_or_before(
      std::string_view prefix, std::string_view key) const;

 private:
  const StateStore& store_;
};

}  // namespace syncwasm::state
