// ContractCache: prepared contracts by code hash, in memory. Preparation failures are cached too
// (as nearcore caches CompileModuleError). The cache never changes results or gas: a hit and a
// miss cost the contract the same (DESIGN.md §6).
// Thread safety: none; one executor uses it.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <variant>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/prepare.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

struct PreparedContract {
  std::shared_ptr<const wasm::Module> module;  // null when preparation failed
  PrepareError error{PrepareErrorKind::Deserialization, {}};
  uint64_t code_size = 0;  // of the original code: contract_loading_bytes is per original byte
};

class ContractCache {
 public:
  explicit ContractCache(const RuntimeConfig& config) : config_(config) {}
  const PreparedContract* find(const state::Hash32& code_hash) const;
  // Prepares code (REQUIRES: sha256(code) == code_hash) and keeps the result.
  const PreparedContract& prepare(const state::Hash32& code_hash, std::span<const uint8_t> code);
  // The prepared contract of code_hash: kept, else prepared from state's CodeStore and kept; null
  // when the store has no such code. Errors: the state's.
  state::Result<const PreparedContract*> load(const state::StateReader& state,
                                              const state::Hash32& code_hash);

 private:
  const RuntimeConfig& config_;
  std::map<state::Hash32, PreparedContract> entries_;
};

}  // namespace syncwasm::runtime
