// Value literals of the command line: parsing arguments for a function's parameter types and
// printing its results, in the spelling of the WebAssembly text format.
//
// Integers: decimal or 0x-hex, optional sign, '_' between digits; an i32 accepts
// -2^31 .. 2^32-1 (signed or unsigned spelling), an i64 -2^63 .. 2^64-1.
// Floats: decimal (1.5, -0, 6.02e23), hex (0x1.8p3), inf, -inf, nan, -nan, nan:0x<payload>;
// nothing goes through a host float for NaNs, so payloads arrive bit-exact.
// References: null; an externref also accepts a host id N (ref.extern N).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/wasm/types.h"

namespace syncwasm::cli {

// The slot bits of `text` read as a `type` literal, or nullopt with the reason in *error.
std::optional<wasm::Slot> parse_literal(wasm::ValType type, std::string_view text,
                                        std::string* error);

// A result as text: i32/i64 signed decimal, floats with the fewest digits that read back to
// the same bits (nan, -nan, nan:0x..., inf, -inf spelled out), references as null / ref.func /
// ref.extern N.
std::string format_value(wasm::ValType type, wasm::Slot bits);

}  // namespace syncwasm::cli
