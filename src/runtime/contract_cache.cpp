#include "syncwasm/runtime/contract_cache.h"

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

}  // namespace syncwasm::runtime
