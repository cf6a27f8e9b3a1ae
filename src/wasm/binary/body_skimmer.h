// Decodes a function body without validating it, to find malformed encodings. Used after a
// validation error: the spec ranks "malformed" (decoding) before "invalid" (validation), and
// the one-pass compiler stops at the first error it meets.
#pragma once

#include "lower/function_compiler.h"

namespace syncwasm::wasm {

// Returns the body's first malformed encoding, or success.
Result<void> skim_function_body(const FunctionBody& body);

}  // namespace syncwasm::wasm
