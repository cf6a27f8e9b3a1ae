// StateReader: the read interface shared by the persistent StateStore and the StateOverlay above
// it, so code that only reads (the code store, a view call) works on either.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/state/status.h"

namespace syncwasm::state {

class StateReader {
 public:
  virtual ~StateReader() = default;

  // The value under key, or nullopt when the key is absent. Errors are the node's (I/O,
  // corruption), never "absent".
  virtual Result<std::optional<std::string>> get(std::string_view key) const = 0;

  // Called once per entry; return false to stop the scan early.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;

  // Visits every entry whose key starts with prefix, in ascending bytewise order of keys.
  // The views passed to visit are valid only during the call. REQUIRES: visit does not write to
  // the reader being scanned.
  virtual Status scan_prefix(std::string_view prefix, const Visitor& visit) const = 0;
};

}  // namespace syncwasm::state
