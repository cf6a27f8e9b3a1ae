#include "syncwasm/runtime/contract_cache.h"

#include "syncwasm/state/code_store.h"

namespace syncwasm::runtime {

const PreparedContract* ContractCache::find(const state::Hash32& code_hash) const {
  auto it = entries_.find(code_hash);
  return it == entries_.end() ? nullptr : &it->second;
}

const PreparedContract& ContractCache::prepare(const state::Hash32& code_hash, std::span<const uint8_t> code) {
  if (const PreparedContract* hit = find(code_hash)) return *hit;
  PreparedContract entry;
  entry.code_size = code.size();
  auto prepared = prepare_contract(code, config_);
  if (auto* module = std::get_if<std::shared_ptr<const wasm::Module>>(&prepared)) {
    entry.module = std::move(*module);
  } else {
    entry.error = std::get<PrepareError>(prepared);
  }
  return entries_.emplace(code_hash, std::move(entry)).first->second;
}

state::Result<const PreparedContract*> ContractCache::load(const state::StateReader& state,
                                                           const state::Hash32& code_hash) {
  if (const PreparedContract* hit = find(code_hash)) return hit;
  SW_STATE_TRY_ASSIGN(std::optional<std::string> code, state::CodeStore::get(state, code_hash));
  if (!code) return static_cast<const PreparedContract*>(nullptr);
  return &prepare(code_hash,
                  std::span(reinterpret_cast<const uint8_t*>(code->data()), code->size()));
}

}  // namespace syncwasm::runtime
