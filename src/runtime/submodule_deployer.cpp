#include "syncwasm/runtime/submodule_deployer.h"

#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/state/hash.h"

namespace syncwasm::runtime {

state::Result<const wasm::Module*> deployment_parent(ContractCache& cache,
                                                     const state::StateReader& state,
                                                     const Account& account) {
  if (!account.code_hash) return static_cast<const wasm::Module*>(nullptr);
  SW_STATE_TRY_ASSIGN(const PreparedContract* prepared, cache.load(state, *account.code_hash));
  return prepared ? prepared->module.get() : nullptr;
}

// GCC 12 under -fsanitize=address,undefined reports moving the result (a variant whose other
// alternative holds a string) as a read of an uninitialized string: a false positive of that
// build only, silenced here alone.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
state::Result<std::variant<int64_t, DeployRejected>> deploy_submodule(
    state::StateOverlay& overlay, SubmoduleCache& cache, const RuntimeConfig& config, std::string_view account,
    std::string_view key, std::span<const uint8_t> code, const SubmodulePolicy& policy,
    const wasm::Module* main_contract) {
  using Out = std::variant<int64_t, DeployRejected>;
  if (std::string why = submodule_key_error(key); !why.empty()) return Out(DeployRejected{why});
  std::string_view bytes(reinterpret_cast<const char*>(code.data()), code.size());
  const state::Hash32 hash = state::sha256(bytes);
  SubmoduleCache::Compiled compiled = cache.put(hash, code);
  if (auto* why = std::get_if<std::string>(&compiled)) return Out(DeployRejected{*why});
  const wasm::Module& module = *std::get<std::shared_ptr<const wasm::Module>>(compiled);
  if (std::string why = check_submodule_imports(module, policy, main_contract); !why.empty())
    return Out(DeployRejected{why});
  SW_STATE_TRY_ASSIGN(int64_t delta, SubmoduleRegistry::put(overlay, account, key, bytes, policy, config.storage));
  return Out(delta);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace syncwasm::runtime
