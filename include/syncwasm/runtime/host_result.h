// HostResult<T>: the error channel of host functions (no exceptions on the contract path), the
// BasicResult of include/syncwasm/result.h with HostError as its error. Same layout and code as
// the class it replaces (a std::variant<T, HostError>; for void, a HostError and a flag), so the
// host-function adapters (env_imports.cpp) compile to the same instructions.
#pragma once

#include <string>
#include <utility>

#include "syncwasm/result.h"
#include "syncwasm/runtime/call_error.h"

namespace syncwasm::runtime {

template <typename T>
using HostResult = BasicResult<T, HostError>;

inline HostError host_error(HostErrorKind kind, std::string message = {}) {
  return HostError{kind, std::move(message)};
}

}  // namespace syncwasm::runtime

// HOST_TRY(expr) / HOST_TRY_ASSIGN(lhs, expr): SW_TRY / SW_TRY_ASSIGN, under the names the host
// functions use.
#define HOST_TRY(expr) SW_TRY(expr)
#define HOST_TRY_ASSIGN(lhs, expr) SW_TRY_ASSIGN(lhs, expr)
