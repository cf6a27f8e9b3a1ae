// Status and Result<T>: the error channel of the state layer (no exceptions on hot paths).
// An Error carries a code (from errors.def) and a message naming the offending input.
// Separate from syncwasm::wasm::Result because the error kinds differ: the state layer's errors
// are storage failures and bad keys, not module validity.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

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

using Status = Result<void>;

}  // namespace syncwasm::state

#define SW_STATE_CONCAT_(a, b) a##b
#define SW_STATE_CONCAT(a, b) SW_STATE_CONCAT_(a, b)

// SW_STATE_TRY(expr): evaluates a Result; on error returns the error from the enclosing function.
#define SW_STATE_TRY(expr)                                    \
  do {                                                        \
    auto&& sw_state_try_r_ = (expr);                          \
    if (!sw_state_try_r_.ok()) return sw_state_try_r_.take_error(); \
  } while (0)

// SW_STATE_TRY_ASSIGN(lhs, expr): as SW_STATE_TRY, and on success moves the value into lhs.
#define SW_STATE_TRY_ASSIGN(lhs, expr) \
  SW_STATE_TRY_ASSIGN_(SW_STATE_CONCAT(sw_state_tmp_, __LINE__), lhs, expr)
#define SW_STATE_TRY_ASSIGN_(tmp, lhs, expr) \
  auto tmp = (expr);                         \
  if (!tmp.ok()) return tmp.take_error();    \
  lhs = std::move(tmp).value()
