// ChangeSet: the unit of one commit, a list of writes and deletions of state keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace syncwasm::state {

struct StateChange {
  std::string key;
  std::optional<std::string> value;  // nullopt deletes the key (deleting an absent key is a no-op)
};

// Order does not matter; each key may appear at most once (StateStore::commit refuses duplicates).
using ChangeSet = std::vector<StateChange>;

}  // namespace syncwasm::state
