#include "syncwasm/runtime/submodule_cache.h"

#include <algorithm>
#include <cstring>

#include "syncwasm/keyed_hash.h"
#include "syncwasm/runtime/prepare.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/wasm/serialize.h"

namespace syncwasm::runtime {

size_t module_footprint(const wasm::Module& module) {
  // Names longer than 15 bytes (outside the arena) aside.
  if (module.arena) return sizeof(wasm::Module) + module.arena_block_bytes;
  size_t bytes = sizeof(wasm::Module) + module.exports.size() * 48 + module.imports.size() * 64;
  for (const wasm::CompiledFunction& f : module.functions)
    bytes += sizeof f + f.code.size() * sizeof(uint32_t) + f.constants.size() * sizeof(wasm::Slot);
  for (const wasm::DataSegment& d : module.datas) bytes += sizeof d + d.bytes.size();
  return bytes;
}

namespace {

// The index's fingerprint of a code hash (its home slot, and compared before the entry): 32 bits
// of a keyed hash of it, keyed by the cache's random seed. A sha256 is uniform, but a deployer
// can grind code variants until their hashes share some bits; keyed, those bits say nothing about
// the slots they land in, so such variants cannot pile up in one probe run. The seed changes where
// an entry sits in the index, never which entry a lookup finds or which one the CLOCK evicts (that
// follows entries_), and gas never depends on the cache. The admission table (keep_for_call)
// reads bytes 8-23 directly.
uint32_t fingerprint_of(const state::Hash32& h, uint64_t seed) {
  return static_cast<uint32_t>(
      keyed_hash::hash(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()), seed));
}

constexpr size_t kInitialSlots = 64;
constexpr size_t kNotFound = SIZE_MAX;

}  // namespace

SubmoduleCache::SubmoduleCache(const RuntimeConfig& config, size_t byte_budget)
    : config_(config),
      engine_config_(near_engine_config(config)),
      byte_budget_(byte_budget),
      seed_(keyed_hash::new_seed(this)) {}

size_t SubmoduleCache::find(const state::Hash32& code_hash) const {
  if (slots_.empty()) return kNotFound;
  const uint32_t fingerprint = fingerprint_of(code_hash, seed_);
  const size_t mask = slots_.size() - 1;
  for (size_t i = fingerprint & mask; slots_[i].entry != 0; i = (i + 1) & mask) {
    if (slots_[i].fingerprint == fingerprint && entries_[slots_[i].entry - 1].code_hash == code_hash)
      return slots_[i].entry - 1;
  }
  return kNotFound;
}

size_t SubmoduleCache::slot_of_entry(size_t position) const {
  const size_t mask = slots_.size() - 1;
  size_t i = fingerprint_of(entries_[position].code_hash, seed_) & mask;
  while (slots_[i].entry != position + 1) i = (i + 1) & mask;  // it is there
  return i;
}

void SubmoduleCache::index_insert(uint32_t fingerprint, size_t position) {
  const size_t mask = slots_.size() - 1;
  size_t i = fingerprint & mask;
  while (slots_[i].entry != 0) i = (i + 1) & mask;
  slots_[i] = {fingerprint, static_cast<uint32_t>(position + 1)};
}

void SubmoduleCache::evict_one() {
  for (;; ++hand_) {
    if (hand_ >= entries_.size()) hand_ = 0;
    if (!entries_[hand_].referenced) break;
    entries_[hand_].referenced = false;
  }
  // Empty the entry's slot with a backward shift: later slots of its probe run move into the hole
  // unless their home lies cyclically in (hole, their slot].
  const size_t mask = slots_.size() - 1;
  size_t hole = slot_of_entry(hand_);
  for (size_t j = (hole + 1) & mask; slots_[j].entry != 0; j = (j + 1) & mask) {
    const size_t home = slots_[j].fingerprint & mask;
    const bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = {};
  // The last entry moves into the evicted one's place (the hand looks at it next).
  stats_.bytes -= entries_[hand_].footprint;
  const size_t last = entries_.size() - 1;
  if (hand_ != last) {
    slots_[slot_of_entry(last)].entry = static_cast<uint32_t>(hand_ + 1);
    entries_[hand_] = std::move(entries_[last]);
  }
  entries_.pop_back();
}

void SubmoduleCache::remember(const state::Hash32& code_hash, std::shared_ptr<const wasm::Module> module,
                              size_t footprint) {
  while (!entries_.empty() && stats_.bytes + footprint > byte_budget_) evict_one();
  if (2 * (entries_.size() + 1) > slots_.size()) {  // grow: at most half full
    slots_.assign(std::max(kInitialSlots, 2 * slots_.size()), Slot{});
    for (size_t p = 0; p < entries_.size(); ++p)
      index_insert(fingerprint_of(entries_[p].code_hash, seed_), p);
  }
  index_insert(fingerprint_of(code_hash, seed_), entries_.size());
  entries_.push_back({code_hash, std::move(module), footprint, false});
  stats_.bytes += footprint;
  stats_.entries = entries_.size();
}

void SubmoduleCache::keep_for_call(const state::Hash32& code_hash, const std::shared_ptr<const wasm::Module>& module) {
  const size_t footprint = module_footprint(*module);
  if (stats_.bytes + footprint > byte_budget_) {
    constexpr size_t kSeenOnceSlots = size_t{1} << 16;  // 512 KiB
    if (seen_once_.empty()) seen_once_.assign(kSeenOnceSlots, 0);
    uint64_t fingerprint, where;
    std::memcpy(&fingerprint, code_hash.data() + 8, sizeof fingerprint);
    std::memcpy(&where, code_hash.data() + 16, sizeof where);
    fingerprint |= 1;  // 0 marks an empty slot
    uint64_t& slot = seen_once_[where & (kSeenOnceSlots - 1)];
    if (slot != fingerprint) {
      slot = fingerprint;
      ++stats_.not_admitted;
      return;
    }
    slot = 0;
  }
  remember(code_hash, module, footprint);
}

SubmoduleCache::Compiled SubmoduleCache::compile_and_store(const state::Hash32& code_hash,
                                                           std::span<const uint8_t> code) {
  ++stats_.compiles;
  Compiled compiled = compile_submodule(code, config_);
  auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled);
  if (!module) return compiled;
  std::vector<uint8_t> bytes = wasm::serialize_module(**module, engine_config_);
  // A failed cache write only costs a later compilation.
  if (disk_)
    (void)disk_->put(code_hash, wasm::kSerializedFormatVersion,
                     std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  // What is kept is the module read back: all its blocks in one arena, as a module loaded from
  // disk has them. The compiler's are spread over the heap.
  auto compact = wasm::deserialize_module(bytes, engine_config_);
  if (compact.ok()) *module = std::move(compact).value();
  return compiled;
}

SubmoduleCache::Compiled SubmoduleCache::put(const state::Hash32& code_hash, std::span<const uint8_t> code) {
  if (size_t p = find(code_hash); p != kNotFound) {
    entries_[p].referenced = true;
    return entries_[p].module;
  }
  Compiled compiled = compile_and_store(code_hash, code);
  // A deployment's module is kept: it is likely to be called next.
  if (auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled))
    remember(code_hash, *module, module_footprint(**module));
  return compiled;
}

state::Result<SubmoduleCache::Compiled> SubmoduleCache::get(const state::StateReader& reader,
                                                            const state::Hash32& code_hash) {
  if (size_t p = find(code_hash); p != kNotFound) {
    ++stats_.memory_hits;
    entries_[p].referenced = true;
    entries_[p].module->prefetch();  // overlaps its misses with the call's set-up
    return Compiled(entries_[p].module);
  }
  if (disk_) {
    SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, disk_->get(code_hash, wasm::kSerializedFormatVersion));
    if (stored) {
      auto loaded = wasm::deserialize_module(
          std::span(reinterpret_cast<const uint8_t*>(stored->data()), stored->size()), engine_config_);
      if (loaded.ok()) {  // a stale or damaged artifact is recompiled below
        ++stats_.disk_hits;
        keep_for_call(code_hash, *loaded);
        return Compiled(std::move(loaded).value());
      }
    }
  }
  SW_STATE_TRY_ASSIGN(std::optional<std::string> code, state::CodeStore::get(reader, code_hash));
  if (!code)
    return state::make_error(state::ErrorCode::Corruption, "submodule code " + state::to_hex(code_hash) + " is missing");
  Compiled compiled = compile_and_store(
      code_hash, std::span(reinterpret_cast<const uint8_t*>(code->data()), code->size()));
  if (auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&compiled)) keep_for_call(code_hash, *module);
  return compiled;
}

void SubmoduleCache::clear_memory() {
  // Frees the arrays too: clear() would keep them, and the next growth would zero megabytes.
  decltype(entries_)().swap(entries_);
  decltype(slots_)().swap(slots_);
  hand_ = 0;
  stats_.bytes = 0;
  stats_.entries = 0;
}

SubmoduleCache::Stats SubmoduleCache::stats() const { return stats_; }

size_t SubmoduleCache::longest_probe_run() const {
  size_t longest = 0, run = 0;
  // Twice round: a run may wrap past the end of the table.
  for (size_t i = 0; i < 2 * slots_.size(); ++i) {
    run = slots_[i & (slots_.size() - 1)].entry != 0 ? run + 1 : 0;
    longest = std::max(longest, std::min(run, slots_.size()));
  }
  return longest;
}

}  // namespace syncwasm::runtime
