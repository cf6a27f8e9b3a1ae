// The deterministic sequence of commits the crash test's writer performs: batch n depends only
// on (seed, n), so the checker can rebuild the exact state after any number of commits.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "syncwasm/state/change_set.h"

namespace syncwasm::state::testing {

// Batch n (n >= 1): 1..300 writes and deletions over 3,000 keys, values of 0..2,000 bytes, and a
// 256 KiB value every 10th batch so some commits take long enough to be interrupted.
ChangeSet crash_workload_batch(uint64_t seed, uint64_t n);

// The state after the first `applied` batches.
class CrashWorkloadModel {
 public:
  explicit CrashWorkloadModel(uint64_t seed) : seed_(seed) {}
  // REQUIRES: n >= applied().
  void advance_to(uint64_t n);
  uint64_t applied() const { return applied_; }
  const std::map<std::string, std::string>& state() const { return state_; }

 private:
  uint64_t seed_;
  uint64_t applied_ = 0;
  std::map<std::string, std::string> state_;
};

}  // namespace syncwasm::state::testing
