#include "syncwasm/runtime/submodule_cache.h"

#include <cstring>

#include "syncwasm/runtime/prepare.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/wasm/serialize.h"

namespace syncwasm::runtime {

size_t module_footprint(const wasm::Module& module) {
  size_t bytes = sizeof(wasm::Module) + module.exports.size() * 48 + module.imports.size() * 64;
  for (const wasm::CompiledFunction& f : module.functions)
    bytes += sizeof f + f.code.size() * sizeof(uint32_t) + f.constants.size() * sizeof(wasm::Slot);
  for (const wasm::DataSegment& d : module.datas) bytes += sizeof d + d.bytes.size();
  return bytes;
}

size_t SubmoduleCache::HashOf::operator()(const state::Hash32& h) const {
  size_t v;
  std::memcpy(&v, h.data(), sizeof v);  // a sha256: any 8 bytes are uniform
  return v;
}

SubmoduleCache::SubmoduleCache(const RuntimeConfig& config, size_t byte_budget)
    : config_(config), engine_config_(near_engine_config(config)), byte_budget_(byte_budget) {}

void SubmoduleCache::remember(const state::Hash32& code_hash, std::shared_ptr<const wasm::Module> module) {
  stats_.bytes += module_footprint(*module);
  lru_.emplace_front(code_hash, std::move(module));
  index_[code_hash] = lru_.begin();
  // Keep at least the newest entry, however large.
  while (stats_.bytes > byte_budget_ && lru_.size() > 1) {
    stats_.bytes -= module_footprint(*lru_.back().second);
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  stats_.entries = lru_.size();
}

bool SubmoduleCache::admits(const state::Hash32& code_hash, const wasm::Module& module) {
  if (stats_.bytes + module_footprint(module) <= byte_budget_) return true;
  constexpr size_t kSeenOnceSlots = size_t{1} << 16;  // 512 KiB
  if (seen_once_.empty()) seen_once_.assign(kSeenOnceSlots, 0);
  uint64_t fingerprint;
  std::memcpy(&fingerprint, code_hash.data() + 8, sizeof fingerprint);  // other bytes than HashOf's
  fingerprint |= 1;                                                     // 0 marks an empty slot
  uint64_t& slot = seen_once_[HashOf{}(code_hash) & (kSeenOnceSlots - 1)];
  if (slot == fingerprint) {
    slot = 0;
    return true;
  }
  slot = fingerprint;
  ++stats_.not_admitted;
  return false;
}

SubmoduleCache::Compiled SubmoduleCache::compile_and_store(const state::Hash32& code_hash,
                                                           std::span<const uint8_t> code) {
  ++stats_.compiles;
  Compiled compiled = compile_submodule(code, config_);
  auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled);
  if (module && disk_) {
    std::vector<uint8_t> bytes = wasm::serialize_module(**module, engine_config_);
    // A failed cache write only costs a later compilation.
    (void)disk_->put(code_hash, wasm::kSerializedFormatVersion,
                     std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  return compiled;
}

SubmoduleCache::Compiled SubmoduleCache::put(const state::Hash32& code_hash, std::span<const uint8_t> code) {
  if (auto it = index_.find(code_hash); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
  }
  Compiled compiled = compile_and_store(code_hash, code);
  // A deployment's module is kept: it is likely to be called next.
  if (auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled))
    remember(code_hash, *module);
  return compiled;
}

state::Result<SubmoduleCache::Compiled> SubmoduleCache::get(const state::StateReader& reader,
                                                            const state::Hash32& code_hash) {
  if (auto it = index_.find(code_hash); it != index_.end()) {
    ++stats_.memory_hits;
    lru_.splice(lru_.begin(), lru_, it->second);
    return Compiled(it->second->second);
  }
  if (disk_) {
    SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, disk_->get(code_hash, wasm::kSerializedFormatVersion));
    if (stored) {
      auto loaded = wasm::deserialize_module(
          std::span(reinterpret_cast<const uint8_t*>(stored->data()), stored->size()), engine_config_);
      if (loaded.ok()) {  // a stale or damaged artifact is recompiled below
        ++stats_.disk_hits;
        if (admits(code_hash, **loaded)) remember(code_hash, *loaded);
        return Compiled(std::move(loaded).value());
      }
    }
  }
  SW_STATE_TRY_ASSIGN(std::optional<std::string> code, state::CodeStore::get(reader, code_hash));
  if (!code)
    return state::make_error(state::ErrorCode::Corruption, "submodule code " + state::to_hex(code_hash) + " is missing");
  Compiled compiled = compile_and_store(
      code_hash, std::span(reinterpret_cast<const uint8_t*>(code->data()), code->size()));
  if (auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled)) {
    if (admits(code_hash, **module)) remember(code_hash, *module);
  }
  return compiled;
}

void SubmoduleCache::clear_memory() {
  lru_.clear();
  // Frees the bucket array too: clear() would zero it, megabytes once the cache has held a few
  // hundred thousand modules, and keep it.
  decltype(index_)().swap(index_);
  stats_.bytes = 0;
  stats_.entries = 0;
}

SubmoduleCache::Stats SubmoduleCache::stats() const { return stats_; }

}  // namespace syncwasm::runtime
