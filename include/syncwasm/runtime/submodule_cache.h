// SubmoduleCache: compiled submodules by code hash, in memory (within a byte budget, evicting
// by CLOCK) and, when a state store is attached, serialized in its module cache
// (outside consensus state), so a restarted node loads a submodule without compiling it.
// Gas never depends on this cache (DESIGN.md §6): callers charge before they ask it.
// Thread safety: none; one executor uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"
#include "syncwasm/table_memory.h"
#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

// A cap, taken only as modules are called. A module's footprint is its object (512 bytes) and
// its arena (a small submodule's: about 250 bytes), so 1 GiB holds about 1.4 million small
// submodules: an account of a million called ones stays in memory.
inline constexpr size_t kDefaultSubmoduleCacheBytes = size_t{1} << 30;

class SubmoduleCache {
 public:
  using Compiled = std::variant<std::shared_ptr<const wasm::Module>, std::string>;  // module or why not

  explicit SubmoduleCache(const RuntimeConfig& config, size_t byte_budget = kDefaultSubmoduleCacheBytes);

  // Serialized modules go to (and come from) disk as well; null detaches. The cache must
  // outlive neither the store: detach before closing it.
  void attach_disk(state::ModuleCache* disk) { disk_ = disk; }

  // The module of code_hash: from memory, else from disk, else compiled from the code in
  // reader's CodeStore (and kept as keep_for_call() says). Errors: the state's; Corruption when the
  // code is missing.
  state::Result<Compiled> get(const state::StateReader& reader, const state::Hash32& code_hash);
  // Compiles code (REQUIRES: sha256(code) == code_hash) and keeps the module, as a deployment does.
  Compiled put(const state::Hash32& code_hash, std::span<const uint8_t> code);

  // Whether code_hash's module is held in memory (get() would not load it).
  bool in_memory(const state::Hash32& code_hash) const { return find(code_hash) != SIZE_MAX; }

  // Drops the in-memory entries (benchmarks of cold calls; a restart).
  void clear_memory();

  struct Stats {
    uint64_t memory_hits = 0;
    uint64_t disk_hits = 0;
    uint64_t compiles = 0;
    uint64_t not_admitted = 0;  // loaded for a call while the cache was full, not kept (keep_for_call())
    size_t bytes = 0;    // estimated footprint of the modules held in memory
    size_t entries = 0;
  };
  Stats stats() const;
  // The longest run of consecutive occupied index slots: what a lookup of an absent hash may
  // probe. For tests of the index's health.
  size_t longest_probe_run() const;

 private:
  // The modules held, in no order (a removal moves the last one into the hole). A hit only sets
  // `referenced`: with hundreds of thousands of modules, a hit that relinked a list (LRU) touched
  // four or five nodes scattered in memory, each a cache miss.
  struct Entry {
    state::Hash32 code_hash;
    std::shared_ptr<const wasm::Module> module;
    size_t footprint = 0;
    bool referenced = false;
  };
  // The index over entries_: linear probing, a power of two of slots, at most half full, backward-
  // shift deletion. A slot holds 32 bits of a hash of the code hash keyed by seed_ (its home slot,
  // and compared before the entry is touched) and the entry's position + 1 (0: empty), so a lookup
  // costs the slot and the entry: two cache misses where the node-based map with its list cost
  // five or six.
  struct Slot {
    uint32_t fingerprint = 0;
    uint32_t entry = 0;
  };

  // Compiles code and writes the serialized module to disk; does not keep it in memory.
  Compiled compile_and_store(const state::Hash32& code_hash, std::span<const uint8_t> code);
  // A module loaded for a call is kept if there is room, else only on its second miss in a while
  // (its hash is remembered in a small direct-mapped table): with more distinct modules in use
  // than the budget holds, admitting every miss would evict a module on every call, and freeing a
  // module nobody touched for a while costs more than deserializing one; a module called again
  // soon is admitted then.
  void keep_for_call(const state::Hash32& code_hash, const std::shared_ptr<const wasm::Module>& module);
  // Keeps module, first evicting (CLOCK) until it fits; a module larger than the whole budget
  // empties the cache and is kept alone.
  void remember(const state::Hash32& code_hash, std::shared_ptr<const wasm::Module> module, size_t footprint);
  size_t find(const state::Hash32& code_hash) const;  // entries_ position, or SIZE_MAX
  size_t slot_of_entry(size_t position) const;
  void index_insert(uint32_t fingerprint, size_t position);
  void evict_one();

  const RuntimeConfig& config_;
  wasm::EngineConfig engine_config_;
  size_t byte_budget_;
  state::ModuleCache* disk_ = nullptr;
  std::vector<Entry, TableAllocator<Entry>> entries_;  // TableAllocator: huge pages when large
  std::vector<Slot, TableAllocator<Slot>> slots_;
  uint64_t seed_;    // keys the index's hash (random per cache; see fingerprint_of)
  size_t hand_ = 0;  // CLOCK: the next entry evict_one() looks at
  Stats stats_;
  std::vector<uint64_t> seen_once_;  // keep_for_call(): fingerprints of recent misses, when full
};

// An estimate of the memory a compiled module holds (code, constants, segments).
size_t module_footprint(const wasm::Module& module);

}  // namespace syncwasm::runtime
