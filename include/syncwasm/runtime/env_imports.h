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

// Creates the host functions the module imports, in import order, bound to logic. Returns the
// LinkError message when an import is not an env function or has another signature.
// REQUIRES: the module was prepared (only function imports from env).
std::variant<std::vector<wasm::Extern>, std::string> link_env_imports(const wasm::Module& module, wasm::Store& store,
                                                                      VmLogic& logic);

}  // namespace syncwasm::runtime
