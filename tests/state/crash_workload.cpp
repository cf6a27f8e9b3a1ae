#include "crash_workload.h"

#include <random>

namespace syncwasm::state::testing {

ChangeSet crash_workload_batch(uint64_t seed, uint64_t n) {
  std::mt19937_64 random(seed * 1000003u + n);
  std::map<std::string, std::optional<std::string>> writes;
  const size_t size = 1 + random() % 300;
  for (size_t i = 0; i < size; ++i) {
    std::string key = "crash/" + std::to_string(random() % 3000);
    if (random() % 4 == 0) {
      writes[key] = std::nullopt;
    } else {
      std::string value(random() % 2001, '\0');
      for (char& c : value) c = static_cast<char>('a' + random() % 26);
      writes[key] = std::move(value);
    }
  }
  if (n % 10 == 0) writes["crash/big"] = std::string(256 * 1024, static_cast<char>('A' + n % 26));
  ChangeSet changes;
  for (auto& [key, value] : writes) changes.push_back({key, std::move(value)});
  return changes;
}

void CrashWorkloadModel::advance_to(uint64_t n) {
  for (; applied_ < n; ++applied_) {
    for (const StateChange& change : crash_workload_batch(seed_, applied_ + 1)) {
      if (change.value) {
        state_[change.key] = *change.value;
      } else {
        state_.erase(change.key);
      }
    }
  }
}

}  // namespace syncwasm::state::testing
