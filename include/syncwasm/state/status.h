// Status and Result<T>: the error channel of the state layer (no exceptions on hot paths).
// An Error carries a code (from errors.def) and a message naming the offending input.
// The same BasicResult as the engine's, with the state layer's own error kinds: storage
// failures and bad keys, not module validity.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "syncwasm/result.h"

namespace syncwasm::state {

enum class ErrorCode : uint8_t {
#define SW_STATE_ERROR(name, text) name,
#include "syncwasm/state/errors.def"
#undef SW_STATE_ERROR
};

// A static, printable name for the code ("database locked", ...).
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;

  // "<code name>: <message>", for logs and test failure output.
  std::string to_string() const;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <typename T>
using Result = BasicResult<T, Error>;

using Status = Result<void>;

}  // namespace syncwasm::state

// The state layer's names for the shared propagation macros (syncwasm/result.h).
#define SW_STATE_TRY(expr) SW_TRY(expr)
#define SW_STATE_TRY_ASSIGN(lhs, expr) SW_TRY_ASSIGN(lhs, expr)
