// The `env` module a contract links against, built from env_functions.def.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/runtime/vm_logic.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::runtime {

struct EnvFunctionInfo {
  const char* name;
  wasm::FuncType type;
  bool implemented;
};

// Every env function, in env_functions.def order.
const std::vector<EnvFunctionInfo>& env_functions();

// The env host functions of one Store, created on first use and shared by every instance in it
// (the main contract's and each submodule's). Each call goes to the frame running at that moment
// (*current), so main-contract code called from a submodule runs under the submodule's frame.
// REQUIRES: store and *current outlive the linker and the instances it links.
class EnvLinker {
 public:
  EnvLinker(wasm::Store& store, VmLogic* const* current);

  // The host function for one env import, or the LinkError message when env has no function of
  // that name or provides another signature.
  std::variant<wasm::Extern, std::string> resolve(const wasm::Module& module, const wasm::Import& import);
  // Every import of a prepared contract (only env functions), in import order.
  std::variant<std::vector<wasm::Extern>, std::string> link(const wasm::Module& module);

 private:
  wasm::Store& store_;
  VmLogic* const* current_;
  std::vector<wasm::FuncInstance*> funcs_;  // by env_functions() index; null until first used
};

}  // namespace syncwasm::runtime
