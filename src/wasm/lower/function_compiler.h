// Validates one function body and lowers it to interpreter code in a single pass.
#pragma once

#include <span>
#include <vector>

#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/result.h"

namespace syncwasm::wasm {

struct FunctionBody {
  uint32_t func_index;              // in the function index space
  std::span<const uint8_t> bytes;   // locals + code
  size_t offset;                    // of bytes in the module, for error messages
};

// declared_funcs[i] != 0 when function i may be named by ref.func (C.refs of the spec).
Result<void> compile_function(const Module& module, const EngineConfig& config,
                              const std::vector<uint8_t>& declared_funcs, const FunctionBody& body,
                              CompiledFunction& out);

}  // namespace syncwasm::wasm
