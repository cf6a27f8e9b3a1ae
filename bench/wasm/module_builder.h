// Generators of large WebAssembly binaries for the compile-time benchmarks: each shape
// stresses one dimension of decoding, validation and lowering, at a size given by the caller,
// so that time proportional to size (or not) shows in the figures.
#pragma once

#include <cstdint>
#include <vector>

namespace syncwasm::bench {

// One function whose body is about `code_bytes` long: straight-line integer code on locals,
// with a small block + br_if every few instructions.
std::vector<uint8_t> huge_function_module(uint32_t code_bytes);

// `count` small functions, each calling the previous one.
std::vector<uint8_t> many_functions_module(uint32_t count);

// One function with `depth` nested blocks and loops; the innermost branches to the outermost.
std::vector<uint8_t> deep_nesting_module(uint32_t depth);

}  // namespace syncwasm::bench
