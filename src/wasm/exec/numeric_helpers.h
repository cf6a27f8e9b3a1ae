// Semantics of the numeric instructions that are more than one C++ operator: trapping integer
// division, checked and saturating float-to-int, NaN canonicalisation (DESIGN.md §2: every NaN
// produced by arithmetic is the canonical quiet NaN, so results are identical on every CPU).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "syncwasm/wasm/trap.h"

namespace syncwasm::wasm::numeric {

inline float canon(float x) { return x != x ? std::bit_cast<float>(0x7fc00000u) : x; }
inline double canon(double x) { return x != x ? std::bit_cast<double>(0x7ff8000000000000ull) : x; }

inline float fabs_bits(float x) { return std::bit_cast<float>(std::bit_cast<uint32_t>(x) & 0x7fffffffu); }
inline double fabs_bits(double x) {
  return std::bit_cast<double>(std::bit_cast<uint64_t>(x) & 0x7fffffffffffffffull);
}
inline float fneg_bits(float x) { return std::bit_cast<float>(std::bit_cast<uint32_t>(x) ^ 0x80000000u); }
inline double fneg_bits(double x) {
  return std::bit_cast<double>(std::bit_cast<uint64_t>(x) ^ 0x8000000000000000ull);
}
inline float copysign_bits(float a, float b) {
  uint32_t s = std::bit_cast<uint32_t>(b) & 0x80000000u;
  return std::bit_cast<float>((std::bit_cast<uint32_t>(a) & 0x7fffffffu) | s);
}
inline double copysign_bits(double a, double b) {
  uint64_t s = std::bit_cast<uint64_t>(b) & 0x8000000000000000ull;
  return std::bit_cast<double>((std::bit_cast<uint64_t>(a) & 0x7fffffffffffffffull) | s);
}

template <typename F>
F fmin_wasm(F a, F b) {
  if (a != a || b != b) return canon(a + b);
  if (a == b) return std::signbit(a) ? a : b;  // min(-0, +0) = -0
  return a < b ? a : b;
}
template <typename F>
F fmax_wasm(F a, F b) {
  if (a != a || b != b) return canon(a + b);
  if (a == b) return std::signbit(a) ? b : a;  // max(-0, +0) = +0
  return a > b ? a : b;
}

// Integer division and remainder on the unsigned bit patterns of i32 (U = uint32_t) and i64.
template <typename U>
TrapKind div_s(U a, U b, U& r) {
  using S = std::make_signed_t<U>;
  if (b == 0) return TrapKind::IntegerDivideByZero;
  if (a == U(std::numeric_limits<S>::min()) && b == U(-1)) return TrapKind::IntegerOverflow;
  r = U(S(a) / S(b));
  return TrapKind::None;
}
template <typename U>
TrapKind div_u(U a, U b, U& r) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  r = a / b;
  return TrapKind::None;
}
template <typename U>
TrapKind rem_s(U a, U b, U& r) {
  using S = std::make_signed_t<U>;
  if (b == 0) return TrapKind::IntegerDivideByZero;
  r = b == U(-1) ? 0 : U(S(a) % S(b));  // INT_MIN % -1 is 0 in Wasm, overflow in C++
  return TrapKind::None;
}
template <typename U>
TrapKind rem_u(U a, U b, U& r) {
  if (b == 0) return TrapKind::IntegerDivideByZero;
  r = a % b;
  return TrapKind::None;
}

// Whether trunc(x) fits Int; x is exact in double for f32 and f64 inputs.
template <typename Int>
bool trunc_fits(double x) {
  if constexpr (std::is_same_v<Int, int32_t>) return x > -2147483649.0 && x < 2147483648.0;
  if constexpr (std::is_same_v<Int, uint32_t>) return x > -1.0 && x < 4294967296.0;
  if constexpr (std::is_same_v<Int, int64_t>) return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
  if constexpr (std::is_same_v<Int, uint64_t>) return x > -1.0 && x < 18446744073709551616.0;
}

template <typename Int, typename F, typename Out>
TrapKind trunc_checked(F a, Out& r) {
  if (a != a) return TrapKind::InvalidConversion;
  if (!trunc_fits<Int>(double(a))) return TrapKind::IntegerOverflow;
  r = Out(std::make_unsigned_t<Int>(Int(a)));
  return TrapKind::None;
}

template <typename Int, typename F>
std::make_unsigned_t<Int> trunc_sat(F a) {
  using U = std::make_unsigned_t<Int>;
  if (a != a) return 0;
  if (trunc_fits<Int>(double(a))) return U(Int(a));
  return a < 0 ? U(std::numeric_limits<Int>::min()) : U(std::numeric_limits<Int>::max());
}

}  // namespace syncwasm::wasm::numeric
