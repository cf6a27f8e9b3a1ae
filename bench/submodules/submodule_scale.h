// Submodules at scale (issue 6): deployment of many distinct submodules into one account, and
// the latency of calls to random keys as the account grows (1k, 100k, 1M submodules).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncwasm::bench {

struct ScaleOptions {
  uint64_t submodules = 1'000'000;  // deployed, each with its own code
  uint64_t batch = 10'000;          // deployments per committed overlay
  uint64_t samples = 5'000;         // timed calls per latency figure
  uint64_t warm_keys = 1'000;       // keys of the warm figures (in the in-memory cache)
  bool verbose = false;             // progress on stderr
};

struct Figure {
  std::string name;
  double value;
  std::string unit;
};

// Deploys options.submodules tiny distinct submodules (tiny_submodule(i)) into one account in
// committed batches through StateOverlay::commit, measuring calls when 1k, 100k and 1M are
// deployed (those reached):
//   submodule_deploy_per_s: deployments per second over the whole run, commits included;
//   submodule_call_p{50,99}_us_<N>: calls of random keys, in-memory module cache cold (cleared
//     before each call): the registry entry is read from RocksDB through the overlay and the
//     serialized module from the store's module cache (RocksDB), then deserialized. Thread CPU
//     time of an execution making one call minus the median of executions making none;
//   submodule_call_warm_p{50,99}_us_<N>: the same among warm_keys random keys whose modules are
//     in the in-memory cache (the registry entry is still read from RocksDB);
//   submodule_call_wall_p{50,99}_us_<N>: the cold figures in elapsed time (on a shared machine
//     its p99 is mostly other processes' turns on the core).
std::vector<Figure> measure_scale_figures(const ScaleOptions& options);

}  // namespace syncwasm::bench
