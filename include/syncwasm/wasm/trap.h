// Traps: a status value returned up the call chain, never an exception.
#pragma once

#include <cstdint>

namespace syncwasm::wasm {

enum class TrapKind : uint8_t {
#define X(name, msg) name,
#include "syncwasm/wasm/traps.def"
#undef X
};

// The spec interpreter's message for a trap kind ("out of bounds memory access", ...).
const char* trap_message(TrapKind kind);

}  // namespace syncwasm::wasm
