// StateOverlay: the writes of one execution above a StateReader, as a journal with nested
// checkpoints (DESIGN.md §3). Reads see the overlay first, then the base. A failing submodule call
// rolls back to its checkpoint; a failing transaction discards everything; a successful one
// commits the overlay to the store (or the runtime merges it into a block's changes).
//
// Thread safety: none; one overlay belongs to one execution. The base must outlive the overlay
// and must not change while the overlay is in use (the store commits only between executions).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/state/change_set.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"

namespace syncwasm::state {

class StateStore;

class StateOverlay final : public StateReader {
 public:
  // A handle to an open checkpoint. Handles of rolled-back or released checkpoints are refused.
  struct Checkpoint {
    uint32_t level = 0;  // 0 = outermost
    uint64_t id = 0;     // unique per overlay, so a stale handle is recognised
  };

  // To stack overlays (a transaction's above a block's), pass the parent as a `const StateReader&`
  // (overlays are not copyable, so the parent itself would pick the deleted copy constructor).
  explicit StateOverlay(const StateReader& base);
  StateOverlay(const StateOverlay&) = delete;
  StateOverlay& operator=(const StateOverlay&) = delete;

  Result<std::optional<std::string>> get(std::string_view key) const override;
  // Merges the overlay's writes and deletions with the base's entries, in key order.
  Status scan_prefix(std::string_view prefix, const Visitor& visit) const override;

  // Refuse (LimitExceeded, naming the limit and the key) keys over kMaxKeySize or values over
  // kMaxValueSize, and (InvalidArgument) empty keys, leaving the overlay unchanged.
  Status put(std::string_view key, std::string_view value);
  Status remove(std::string_view key);

  // Opens a checkpoint nested in the currently open ones.
  Checkpoint checkpoint();
  // Undoes every write made since cp was opened and closes cp and every checkpoint nested in it.
  Status rollback_to(Checkpoint cp);
  // Keeps the writes made since cp and closes cp and every checkpoint nested in it (an enclosing
  // checkpoint can still roll them back).
  Status release(Checkpoint cp);
  size_t open_checkpoints() const { return checkpoints_.size(); }

  // Number of keys written or deleted (after coalescing repeated writes to one key).
  size_t size() const { return writes_.size(); }
  bool empty() const { return writes_.empty(); }
  // Drops every write and checkpoint.
  void clear();

  // The writes as a ChangeSet in key order; the overlay is cleared. Refused (InvalidArgument)
  // while a checkpoint is open: its owner has not decided yet.
  Result<ChangeSet> take_changes();
  // take_changes() committed to the store; returns the new root.
  // REQUIRES: store is this overlay's base (or holds the same state).
  Result<Hash32> commit(StateStore& store);

 private:
  // A write's previous overlay entry, to undo it: absent = the key was not in the overlay.
  struct JournalEntry {
    std::string key;
    std::optional<std::optional<std::string>> previous;
  };
  struct OpenCheckpoint {
    uint64_t id;
    size_t journal_size;
  };

  Status write(std::string_view key, std::optional<std::string_view> value);
  Status find_open(Checkpoint cp, const char* operation) const;

  const StateReader& base_;
  // key -> value, or nullopt for a deletion. Ordered, for merged prefix scans and sorted commits.
  std::map<std::string, std::optional<std::string>, std::less<>> writes_;
  // Journaled only while a checkpoint is open: without one there is nothing to roll back to.
  std::vector<JournalEntry> journal_;
  std::vector<OpenCheckpoint> checkpoints_;
  uint64_t next_checkpoint_id_ = 1;
};

}  // namespace syncwasm::state
