// The internal op enumeration and the table of handler addresses, both expanded from ops.def
// and numeric.def.
#pragma once

#include <cstdint>

namespace syncwasm::wasm {

enum class Op : uint16_t {
#define OP(name) name,
#include "exec/ops.def"
#undef OP
#define UN(code, name, in, out, expr) name,
#define BIN(code, name, in, out, expr) name,
#define UN_TRAP(code, name, in, out, expr) name,
#define BIN_TRAP(code, name, in, out, expr) name,
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
  kCount
};

// Handler addresses of the interpreter, indexed by Op (computed-goto labels).
const void* const* interpreter_handlers();

}  // namespace syncwasm::wasm
