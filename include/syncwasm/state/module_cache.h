// ModuleCache: serialized lowered modules by code hash, in their own key space (a separate RocksDB
// column family) outside the consensus state. A lowered module is derived from the code and the
// engine version, so it must never influence the state root: it is not in the trie, not written
// through overlays and not rolled back; losing it only costs recompilation.
// Entries are keyed by (code hash, format version) so a new engine never reads an old format.
//
// Thread safety: as StateStore's reads (get) and writes (put/remove: not concurrent with commit).
// The StateStore must outlive the cache object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/status.h"

namespace syncwasm::state {

class StateStore;

class ModuleCache {
 public:
  explicit ModuleCache(StateStore& store) : store_(store) {}

  // Errors: LimitExceeded for modules over kMaxCachedModuleSize.
  Status put(const Hash32& code_hash, uint32_t format_version, std::string_view serialized);
  Result<std::optional<std::string>> get(const Hash32& code_hash, uint32_t format_version) const;
  Status remove(const Hash32& code_hash, uint32_t format_version);

 private:
  StateStore& store_;
};

}  // namespace syncwasm::state
