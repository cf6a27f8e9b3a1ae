// Text listing of lowered interpreter code, for debugging and `syncwasm` diagnostics.
#pragma once

#include <string>

#include "syncwasm/wasm/module.h"

namespace syncwasm::wasm {

// One instruction per line: word offset, op name, operand words (slots as byte offsets,
// branch targets resolved to word offsets).
std::string disassemble(const CompiledFunction& function);

}  // namespace syncwasm::wasm
