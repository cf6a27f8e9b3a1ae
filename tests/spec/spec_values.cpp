#include "spec_values.h"

#include <charconv>
#include <cstdio>

namespace syncwasm::spec {
namespace {

using wasm::Slot;
using wasm::ValType;

std::optional<uint64_t> parse_u64(const std::string& text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

bool is_32bit(ValType t) { return t == ValType::I32 || t == ValType::F32; }

// Parses "value" (a decimal bit pattern, or "null" for references) for the given type.
std::optional<Slot> parse_bits(ValType type, const nlohmann::json& value, std::string* error) {
  if (!value.is_string()) {
    *error = "value is not a JSON string: " + value.dump();
    return std::nullopt;
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (wasm::is_ref(type)) {
    if (text == "null") return Slot{0};
    if (type == ValType::ExternRef) {
      auto id = parse_u64(text);
      if (id && *id < UINT64_MAX) return *id + 1;  // host reference N is slot N + 1
    }
    *error = "unsupported reference value \"" + text + "\"";
    return std::nullopt;
  }
  auto bits = parse_u64(text);
  if (!bits || (is_32bit(type) && *bits > UINT32_MAX)) {
    *error = "bad " + std::string(wasm::val_type_name(type)) + " bit pattern \"" + text + "\"";
    return std::nullopt;
  }
  return *bits;
}

}  // namespace

std::optional<ValType> parse_val_type(const std::string& name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  if (name == "v128") return ValType::V128;
  return std::nullopt;
}

static std::optional<ValType> type_of(const nlohmann::json& value, std::string* error) {
  if (!value.is_object() || !value.contains("type") || !value["type"].is_string()) {
    *error = "value without a type: " + value.dump();
    return std::nullopt;
  }
  auto type = parse_val_type(value["type"].get<std::string>());
  if (!type || *type == ValType::V128) {
    *error = "unsupported value type " + value["type"].dump();
    return std::nullopt;
  }
  return type;
}

std::optional<Slot> parse_arg(const nlohmann::json& value, std::string* error) {
  auto type = type_of(value, error);
  if (!type) return std::nullopt;
  if (!value.contains("value")) {
    *error = "argument without a value: " + value.dump();
    return std::nullopt;
  }
  return parse_bits(*type, value["value"], error);
}

std::optional<ExpectedValue> parse_expected(const nlohmann::json& value, std::string* error) {
  auto type = type_of(value, error);
  if (!type) return std::nullopt;
  ExpectedValue expected;
  expected.type = *type;
  if (!value.contains("value")) {
    *error = "expected result without a value: " + value.dump();
    return std::nullopt;
  }
  const auto& v = value["value"];
  if (v.is_string() && (*type == ValType::F32 || *type == ValType::F64)) {
    if (v == "nan:canonical") {
      expected.kind = ExpectedValue::Kind::CanonicalNan;
      return expected;
    }
    if (v == "nan:arithmetic") {
      expected.kind = ExpectedValue::Kind::ArithmeticNan;
      return expected;
    }
  }
  auto bits = parse_bits(*type, v, error);
  if (!bits) return std::nullopt;
  expected.bits = *bits;
  return expected;
}

bool matches(const ExpectedValue& expected, Slot actual) {
  const bool f32 = expected.type == ValType::F32;
  if (is_32bit(expected.type)) actual &= 0xffffffffu;
  switch (expected.kind) {
    case ExpectedValue::Kind::Exact:
      return actual == expected.bits;
    case ExpectedValue::Kind::CanonicalNan:
      return f32 ? (actual & 0x7fffffffu) == 0x7fc00000u
                 : (actual & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    case ExpectedValue::Kind::ArithmeticNan:
      return f32 ? (actual & 0x7fc00000u) == 0x7fc00000u
                 : (actual & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
  }
  return false;
}

std::string describe(ValType type, Slot bits) {
  if (is_32bit(type)) bits &= 0xffffffffu;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s:%llu (0x%llx)", wasm::val_type_name(type),
                static_cast<unsigned long long>(bits), static_cast<unsigned long long>(bits));
  return buf;
}

std::string describe(const ExpectedValue& expected) {
  switch (expected.kind) {
    case ExpectedValue::Kind::CanonicalNan:
      return std::string(wasm::val_type_name(expected.type)) + ":nan:canonical";
    case ExpectedValue::Kind::ArithmeticNan:
      return std::string(wasm::val_type_name(expected.type)) + ":nan:arithmetic";
    case ExpectedValue::Kind::Exact:
      break;
  }
  return describe(expected.type, expected.bits);
}

}  // namespace syncwasm::spec
