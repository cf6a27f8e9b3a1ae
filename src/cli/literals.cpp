#include "literals.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cctype>
#include <cstdio>

namespace syncwasm::cli {
namespace {

using wasm::Slot;
using wasm::ValType;

// Sign and the rest; '_' separators removed (the text format allows them between digits).
struct Split {
  bool negative = false;
  std::string body;
};

Split split_sign(std::string_view text) {
  Split s;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    s.negative = text[0] == '-';
    text.remove_prefix(1);
  }
  for (char c : text)
    if (c != '_') s.body.push_back(c);
  return s;
}

bool starts_with_hex_prefix(const std::string& s) {
  return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

// Parses the magnitude of an integer (decimal or 0x-hex) as uint64, all characters consumed.
std::optional<uint64_t> parse_magnitude(const std::string& body) {
  const bool hex = starts_with_hex_prefix(body);
  const char* first = body.data() + (hex ? 2 : 0);
  const char* last = body.data() + body.size();
  if (first == last) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(first, last, v, hex ? 16 : 10);
  if (ec != std::errc() || end != last) return std::nullopt;
  return v;
}

std::optional<Slot> parse_int(int bits, std::string_view text, std::string* error) {
  Split s = split_sign(text);
  auto magnitude = parse_magnitude(s.body);
  const uint64_t unsigned_max = bits == 32 ? UINT32_MAX : UINT64_MAX;
  const uint64_t negative_max = uint64_t{1} << (bits - 1);  // |INT_MIN|
  if (!magnitude) {
    *error = "not an integer";
    return std::nullopt;
  }
  if (s.negative ? *magnitude > negative_max : *magnitude > unsigned_max) {
    *error = bits == 32 ? "out of the i32 range (-2147483648 .. 4294967295)"
                        : "out of the i64 range (-9223372036854775808 .. 18446744073709551615)";
    return std::nullopt;
  }
  uint64_t v = s.negative ? uint64_t{0} - *magnitude : *magnitude;
  return bits == 32 ? (v & 0xffffffffu) : v;
}

// IEEE layout of one float format.
struct FloatFormat {
  int mantissa_bits;
  uint64_t sign_bit, exponent_mask, mantissa_mask, quiet_bit;
};
constexpr FloatFormat kF32{23, 0x80000000u, 0x7f800000u, 0x007fffffu, 0x00400000u};
constexpr FloatFormat kF64{52, 0x8000000000000000ull, 0x7ff0000000000000ull,
                           0x000fffffffffffffull, 0x0008000000000000ull};

std::optional<Slot> parse_float(const FloatFormat& fmt, std::string_view text,
                                std::string* error) {
  Split s = split_sign(text);
  const uint64_t sign = s.negative ? fmt.sign_bit : 0;
  if (s.body == "inf" || s.body == "infinity") return sign | fmt.exponent_mask;
  if (s.body == "nan") return sign | fmt.exponent_mask | fmt.quiet_bit;
  if (s.body.starts_with("nan:")) {
    auto payload = parse_magnitude(s.body.substr(4));
    if (!payload || !starts_with_hex_prefix(s.body.substr(4)) || *payload == 0 ||
        *payload > fmt.mantissa_mask) {
      *error = "bad NaN payload (expected nan:0x1 .. nan:0x" +
               std::string(fmt.mantissa_bits == 23 ? "7fffff" : "fffffffffffff") + ")";
      return std::nullopt;
    }
    return sign | fmt.exponent_mask | *payload;
  }

  const bool hex = starts_with_hex_prefix(s.body);
  const char* first = s.body.data() + (hex ? 2 : 0);
  const char* last = s.body.data() + s.body.size();
  const auto format = hex ? std::chars_format::hex : std::chars_format::general;
  // Reject what from_chars would take but the text format does not ("", "e5", leading sign).
  if (first == last || !((*first >= '0' && *first <= '9') || (hex && std::isxdigit(*first)))) {
    *error = "not a number";
    return std::nullopt;
  }
  Slot bits = 0;
  std::from_chars_result r;
  if (fmt.mantissa_bits == 23) {
    float f = 0;
    r = std::from_chars(first, last, f, format);
    bits = std::bit_cast<uint32_t>(f);
  } else {
    double d = 0;
    r = std::from_chars(first, last, d, format);
    bits = std::bit_cast<uint64_t>(d);
  }
  if (r.ec == std::errc::result_out_of_range) {
    *error = "out of range for " + std::string(fmt.mantissa_bits == 23 ? "f32" : "f64");
    return std::nullopt;
  }
  if (r.ec != std::errc() || r.ptr != last) {
    *error = "not a number";
    return std::nullopt;
  }
  return sign | bits;
}

std::string format_float(const FloatFormat& fmt, Slot bits) {
  const std::string sign = (bits & fmt.sign_bit) ? "-" : "";
  const uint64_t exponent = bits & fmt.exponent_mask;
  const uint64_t mantissa = bits & fmt.mantissa_mask;
  if (exponent == fmt.exponent_mask) {
    if (mantissa == 0) return sign + "inf";
    if (mantissa == fmt.quiet_bit) return sign + "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "nan:0x%llx", static_cast<unsigned long long>(mantissa));
    return sign + buf;
  }
  char buf[64];
  std::to_chars_result r;
  if (fmt.mantissa_bits == 23)
    r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<float>(static_cast<uint32_t>(bits)));
  else
    r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<double>(bits));
  return std::string(buf, r.ptr);
}

}  // namespace

std::optional<Slot> parse_literal(ValType type, std::string_view text, std::string* error) {
  switch (type) {
    case ValType::I32:
      return parse_int(32, text, error);
    case ValType::I64:
      return parse_int(64, text, error);
    case ValType::F32:
      return parse_float(kF32, text, error);
    case ValType::F64:
      return parse_float(kF64, text, error);
    case ValType::FuncRef:
      if (text == "null") return Slot{0};
      *error = "a funcref argument can only be null";
      return std::nullopt;
    case ValType::ExternRef: {
      if (text == "null") return Slot{0};
      std::string ignored;
      auto id = parse_int(64, text, &ignored);
      if (id && !text.starts_with("-") && *id < UINT64_MAX) return *id + 1;
      *error = "expected null or a host reference id (a non-negative integer)";
      return std::nullopt;
    }
    case ValType::V128:
      break;
  }
  *error = "parameters of type " + std::string(wasm::val_type_name(type)) + " are not supported";
  return std::nullopt;
}

std::string format_value(ValType type, Slot bits) {
  switch (type) {
    case ValType::I32:
      return std::to_string(static_cast<int32_t>(static_cast<uint32_t>(bits)));
    case ValType::I64:
      return std::to_string(static_cast<int64_t>(bits));
    case ValType::F32:
      return format_float(kF32, bits & 0xffffffffu);
    case ValType::F64:
      return format_float(kF64, bits);
    case ValType::FuncRef:
      return bits == 0 ? "null" : "ref.func";
    case ValType::ExternRef:
      return bits == 0 ? "null" : "ref.extern " + std::to_string(bits - 1);
    case ValType::V128:
      break;
  }
  return "<" + std::string(wasm::val_type_name(type)) + ">";
}

}  // namespace syncwasm::cli
