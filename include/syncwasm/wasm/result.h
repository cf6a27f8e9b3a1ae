// The engine's errors: Result<T> (syncwasm/result.h) is the channel of decode, validate, lower
// and link. An Error names who is at fault (its kind) and what, in a message.
#pragma once

#include <string>
#include <utility>

#include "syncwasm/result.h"
#include "syncwasm/wasm/trap.h"

namespace syncwasm::wasm {

enum class ErrorKind : uint8_t {
  Malformed,      // the bytes are not a well-formed binary module
  Invalid,        // well-formed, but fails validation (types, indices, ...)
  LimitExceeded,  // exceeds a configured engine limit
  Unlinkable,     // an import cannot be resolved or has the wrong type
  Uninstantiable, // instantiation trapped (segment out of bounds, start function trap)
  Unsupported,    // a feature that the engine config disables
};

const char* error_kind_name(ErrorKind kind);

struct Error {
  ErrorKind kind;
  std::string message;
  TrapKind trap = TrapKind::None;  // Uninstantiable: the trap that stopped instantiation
};

template <typename T>
using Result = BasicResult<T, Error>;

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

}  // namespace syncwasm::wasm
