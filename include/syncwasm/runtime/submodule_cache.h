// SubmoduleCache: compiled submodules by code hash, in memory (least recently used first out,
// within a byte budget) and, when a state store is attached, serialized in its module cache
// (outside consensus state), so a restarted node loads a submodule without compiling it.
// Gas never depends on this cache (DESIGN.md §6): callers charge before they ask it.
// Thread safety: none; one executor uses it.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"
#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

inline constexpr size_t kDefaultSubmoduleCacheBytes = size_t{256} << 20;

class SubmoduleCache {
 public:
  using Compiled = std::variant<std::shared_ptr<const wasm::Module>, std::string>;  // module or why not

  explicit SubmoduleCache(const RuntimeConfig& config, size_t byte_budget = kDefaultSubmoduleCacheBytes);

  // Serialized modules go to (and come from) disk as well; null detaches. The cache must
  // outlive neither the store: detach before closing it.
  void attach_disk(state::ModuleCache* disk) { disk_ = disk; }

  // The module of code_hash: from memory, else from disk, else compiled from the code in
  // reader's CodeStore (and kept when admits() says so). Errors: the state's; Corruption when the
  // code is missing.
  state::Result<Compiled> get(const state::StateReader& reader, const state::Hash32& code_hash);
  // Compiles code (REQUIRES: sha256(code) == code_hash) and keeps the module, as a deployment does.
  Compiled put(const state::Hash32& code_hash, std::span<const uint8_t> code);

  // Drops the in-memory entries (benchmarks of cold calls; a restart).
  void clear_memory();

  struct Stats {
    uint64_t memory_hits = 0;
    uint64_t disk_hits = 0;
    uint64_t compiles = 0;
    uint64_t not_admitted = 0;  // loaded for a call while the cache was full, not kept (admits())
    size_t bytes = 0;    // estimated footprint of the modules held in memory
    size_t entries = 0;
  };
  Stats stats() const;

 private:
  struct HashOf {
    size_t operator()(const state::Hash32& h) const;
  };
  using Lru = std::list<std::pair<state::Hash32, std::shared_ptr<const wasm::Module>>>;

  // Compiles code and writes the serialized module to disk; does not keep it in memory.
  Compiled compile_and_store(const state::Hash32& code_hash, std::span<const uint8_t> code);
  void remember(const state::Hash32& code_hash, std::shared_ptr<const wasm::Module> module);
  // A module loaded for a call is kept if there is room, else only on its second miss in a while
  // (its hash is remembered in a small direct-mapped table): with more distinct modules in use
  // than the budget holds, admitting every miss would evict a module on every call, and freeing a
  // module nobody touched for a while costs more than deserializing one; a module called again
  // soon is admitted then.
  bool admits(const state::Hash32& code_hash, const wasm::Module& module);

  const RuntimeConfig& config_;
  wasm::EngineConfig engine_config_;
  size_t byte_budget_;
  state::ModuleCache* disk_ = nullptr;
  Lru lru_;  // most recently used first
  std::unordered_map<state::Hash32, Lru::iterator, HashOf> index_;
  Stats stats_;
  std::vector<uint64_t> seen_once_;  // admits(): fingerprints of recent misses, when full
};

// An estimate of the memory a compiled module holds (code, constants, segments).
size_t module_footprint(const wasm::Module& module);

}  // namespace syncwasm::runtime
