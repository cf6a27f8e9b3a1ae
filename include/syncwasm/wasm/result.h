// Result<T>: the error channel of decode, validate, lower and link (no exceptions on the
// contract path). An Error names who is at fault (its kind) and what, in a message.
#pragma once

#include <string>
#include <utility>
#include <variant>

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
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }
  Error&& take_error() { return std::move(err_); }

 private:
  Error err_{};
  bool ok_ = true;
};

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

}  // namespace syncwasm::wasm

#define SW_CONCAT_(a, b) a##b
#define SW_CONCAT(a, b) SW_CONCAT_(a, b)

// TRY(expr): evaluates a Result; on error returns it from the enclosing function.
#define SW_TRY(expr)                                       \
  do {                                                     \
    auto&& sw_try_r_ = (expr);                             \
    if (!sw_try_r_.ok()) return sw_try_r_.take_error();    \
  } while (0)

// TRY_ASSIGN(lhs, expr): as TRY, and on success moves the value into lhs.
#define SW_TRY_ASSIGN(lhs, expr) SW_TRY_ASSIGN_(SW_CONCAT(sw_tmp_, __LINE__), lhs, expr)
#define SW_TRY_ASSIGN_(tmp, lhs, expr)             \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.take_error();          \
  lhs = std::move(tmp).value()
