// Submodule preparation (DESIGN.md §5): a submodule is compiled with NEAR's features, limits and
// metering (near_engine_config) but keeps the memory it declares (at most max_memory_pages), so a
// small submodule starts small. Its imports must be allowed by its policy:
//  - "env" functions of NEAR's list with the same signature, except promise functions (never
//    available in a submodule), storage functions beyond its storage_access, and the submodule_*
//    functions unless nested_calls is set;
//  - "parent" "<name>": a function named in parent_functions;
//  - "parent" "memory": a memory, when share_parent_memory is set (then it defines no memory);
//  - nothing else (no tables or globals, no other module).
// The signature of a "parent" function import is checked against the main contract's export when
// a main contract is given (at deploy) and again when it is linked (at each call).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <variant>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/submodule_policy.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

// Compiles the code; the error message names the offending import, limit or byte offset.
std::variant<std::shared_ptr<const wasm::Module>, std::string> compile_submodule(std::span<const uint8_t> code,
                                                                               const RuntimeConfig& config);

// Checks the module's imports against the policy and, when parent is not null, the parent
// function imports against the main contract's exports. Empty when allowed, else the reason.
std::string check_submodule_imports(const wasm::Module& module, const SubmodulePolicy& policy,
                                    const wasm::Module* parent);

// The signature mismatch (or missing export) of one "parent" function import, or empty.
std::string check_parent_function(const wasm::Module& module, const wasm::Import& import,
                                  const wasm::Module& parent);

// Whether an env function is a promise function (unavailable to submodules).
bool is_promise_function(std::string_view env_name);

}  // namespace syncwasm::runtime
