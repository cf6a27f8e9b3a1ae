// Values of the spec suite's JSON scripts (wast2json output): arguments become raw slot bits,
// expected results become matchers that compare bits (with nan:canonical / nan:arithmetic).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "syncwasm/wasm/types.h"

namespace syncwasm::spec {

// The type named by a JSON value's "type" field ("i32", "funcref", ...), or nullopt.
std::optional<wasm::ValType> parse_val_type(const std::string& name);

// An argument value: {"type": "f32", "value": "1065353216"} -> the slot bits.
// i32/f32 are zero-extended into the slot; references: null = 0, externref N = N + 1.
// Returns nullopt (and sets *error) when the value cannot be represented.
std::optional<wasm::Slot> parse_arg(const nlohmann::json& value, std::string* error);

// What an expected result accepts.
struct ExpectedValue {
  enum class Kind : uint8_t { Exact, CanonicalNan, ArithmeticNan };
  wasm::ValType type = wasm::ValType::I32;
  Kind kind = Kind::Exact;
  wasm::Slot bits = 0;  // Kind::Exact
};

std::optional<ExpectedValue> parse_expected(const nlohmann::json& value, std::string* error);

// True when the result slot (as the engine returns it) satisfies the expectation.
// i32 and f32 compare the low 32 bits only.
bool matches(const ExpectedValue& expected, wasm::Slot actual);

// Human-readable forms for failure messages: "i32:4294967295 (0xffffffff)", "f32:nan:canonical".
std::string describe(const ExpectedValue& expected);
std::string describe(wasm::ValType type, wasm::Slot bits);

}  // namespace syncwasm::spec
