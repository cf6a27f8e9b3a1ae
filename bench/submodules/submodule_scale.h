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
//   submodule_call_p{50,99}_us_<N>: calls of uniformly random keys once every key has been
//     called (in random order), the caches as those calls left them: the registry entry read
//     through the overlay (state row cache, else RocksDB), the module from the runtime's
//     in-memory LRU when its budget kept it, else from the store's module cache (in-memory
//     copy, else RocksDB) and deserialized. Thread CPU time of an execution making one call
//     minus the median of executions making none;
//   submodule_call_cold_p{50,99}_us_<N>: the same with the in-memory module cache cleared
//     before each call (every module deserialized);
//   submodule_call_warm_p{50,99}_us_<N>: the same among warm_keys random keys whose modules are
//     in the in-memory cache (the registry entry is still read, once per execution);
//   submodule_call_first_p{50,99}_us_<N>: before the warm-up: each key's first call after its
//     deployment (what the deployments left in the caches);
//   submodule_call_wall_p{50,99}_us_<N>: the first figures in elapsed time (on a shared machine
//     its p99 is mostly other processes' turns on the core).
std::vector<Figure> measure_scale_figures(const ScaleOptions& options);

}  // namespace syncwasm::bench
