// HostResult<T>: the error channel of host functions (no exceptions on the contract path).
#pragma once

#include <utility>
#include <variant>

#include "syncwasm/runtime/call_error.h"

namespace syncwasm::runtime {

template <typename T>
class [[nodiscard]] HostResult {
 public:
  HostResult(T value) : v_(std::move(value)) {}
  HostResult(HostError error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  HostError&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, HostError> v_;
};

template <>
class [[nodiscard]] HostResult<void> {
 public:
  HostResult() = default;
  HostResult(HostError error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  HostError&& take_error() { return std::move(error_); }

 private:
  HostError error_{HostErrorKind::Unsupported, {}};
  bool ok_ = true;
};

inline HostError host_error(HostErrorKind kind, std::string message = {}) {
  return HostError{kind, std::move(message)};
}

}  // namespace syncwasm::runtime

// HOST_TRY(expr): propagates a failed HostResult from the enclosing host function.
#define HOST_TRY(expr)                                       \
  do {                                                       \
    auto&& host_try_r_ = (expr);                             \
    if (!host_try_r_.ok()) return host_try_r_.take_error();  \
  } while (0)
#define HOST_CONCAT_(a, b) a##b
#define HOST_CONCAT(a, b) HOST_CONCAT_(a, b)
#define HOST_TRY_ASSIGN(lhs, expr) HOST_TRY_ASSIGN_(HOST_CONCAT(host_tmp_, __LINE__), lhs, expr)
#define HOST_TRY_ASSIGN_(tmp, lhs, expr)      \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.take_error();     \
  lhs = std::move(tmp.value())
