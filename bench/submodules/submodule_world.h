// The contracts and the state behind the submodule benchmarks (issue 6): a main contract that
// calls submodules in a loop, submodules that call back into it, and a real StateStore (RocksDB
// in a temporary directory) they are deployed to and committed in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "syncwasm/runtime/executor.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/store.h"

namespace syncwasm::bench {

inline constexpr const char* kEngineAccount = "engine.near";

// A tiny submodule whose code differs for each `constant`: one export "run" () -> () doing
// `i64.const constant; drop` (the constant in a fixed-width 5-byte LEB128, constant < 2^34, so
// every variant has the same size: 48 bytes). Hand-assembled: no tools at run time.
std::vector<uint8_t> tiny_submodule(uint64_t constant);

// The input of the main contract's "calls" / "local_calls": n, method, args, key.
std::string calls_input(uint32_t n, const std::string& method, const std::string& args,
                        const std::string& key);

[[noreturn]] void fail(const std::string& what);

// A state store in a fresh temporary directory (removed on destruction) with the engine account,
// the main contract and a few submodules committed:
//   "k": tiny_submodule(0) (empty work, no imports), policy {};
//   "l": the loop submodule (literal import parent.add, parent_call of "noop"), policy
//        {"parent_functions": ["add", "noop"]}.
// The executor's submodule cache has the store's module cache attached.
class World {
 public:
  explicit World(const std::string& tag);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  state::StateStore& store() { return *store_; }
  runtime::Executor& executor() { return executor_; }
  state::ModuleCache& module_cache() { return *module_cache_; }

  // One execution of the main contract's `method` with 1 PGas (NEAR mainnet's configuration) on
  // a fresh overlay over the committed state (dropped afterwards: nothing is committed). Fails the
  // benchmark unless it succeeds.
  runtime::CallOutcome run(const std::string& method, const std::string& input);
  // Deploys a submodule on `overlay` (fails the benchmark if refused).
  void deploy(state::StateOverlay& overlay, const std::string& key,
              const std::vector<uint8_t>& code, const runtime::SubmodulePolicy& policy);

 private:
  std::string directory_;
  std::unique_ptr<state::StateStore> store_;
  runtime::Executor executor_;
  std::unique_ptr<state::ModuleCache> module_cache_;
  runtime::BlockContext block_;
};

}  // namespace syncwasm::bench
