// BasicResult<T, E>: a value or an error, the error channel of every layer (no exceptions on
// the contract path). Each layer names its own error type E (wasm::Error, state::Error) and
// aliases Result<T> = BasicResult<T, E>. SW_TRY / SW_TRY_ASSIGN propagate any of them.
#pragma once

#include <utility>
#include <variant>

namespace syncwasm {

template <typename T, typename E>
class [[nodiscard]] BasicResult {
 public:
  BasicResult(T value) : v_(std::move(value)) {}
  BasicResult(E error) : v_(std::move(error)) {}

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
  const E& error() const { return std::get<1>(v_); }
  E&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

template <typename E>
class [[nodiscard]] BasicResult<void, E> {
 public:
  BasicResult() = default;
  BasicResult(E error) : err_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const { return err_; }
  E&& take_error() { return std::move(err_); }

 private:
  E err_{};
  bool ok_ = true;
};

}  // namespace syncwasm

#define SW_CONCAT_(a, b) a##b
#define SW_CONCAT(a, b) SW_CONCAT_(a, b)

// SW_TRY(expr): evaluates a result; on error returns the error from the enclosing function.
#define SW_TRY(expr)                                    \
  do {                                                  \
    auto&& sw_try_r_ = (expr);                          \
    if (!sw_try_r_.ok()) return sw_try_r_.take_error(); \
  } while (0)

// SW_TRY_ASSIGN(lhs, expr): as SW_TRY, and on success moves the value into lhs. It declares a
// variable, so use it as a statement of its own (braces in a one-line if or loop body).
#define SW_TRY_ASSIGN(lhs, expr) SW_TRY_ASSIGN_(SW_CONCAT(sw_tmp_, __LINE__), lhs, expr)
#define SW_TRY_ASSIGN_(tmp, lhs, expr)    \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.take_error(); \
  lhs = std::move(tmp).value()
