// The spec runner's value handling: raw bits in, bit-exact or NaN-class comparison out.
#include "spec_values.h"

#include <gtest/gtest.h>

namespace syncwasm::spec {
namespace {

using nlohmann::json;
using wasm::ValType;

ExpectedValue expected(const char* type, const char* value) {
  std::string error;
  auto e = parse_expected(json{{"type", type}, {"value", value}}, &error);
  EXPECT_TRUE(e.has_value()) << error;
  return e.value_or(ExpectedValue{});
}

TEST(SpecValues, ArgumentsAreRawBits) {
  std::string error;
  EXPECT_EQ(parse_arg(json{{"type", "i32"}, {"value", "4294967295"}}, &error), 0xffffffffu);
  EXPECT_EQ(parse_arg(json{{"type", "f32"}, {"value", "2141192192"}}, &error), 0x7fa00000u);
  EXPECT_EQ(parse_arg(json{{"type", "i64"}, {"value", "18446744073709551615"}}, &error),
            ~uint64_t{0});
  EXPECT_EQ(parse_arg(json{{"type", "externref"}, {"value", "0"}}, &error), 1u);
  EXPECT_EQ(parse_arg(json{{"type", "funcref"}, {"value", "null"}}, &error), 0u);
  EXPECT_FALSE(parse_arg(json{{"type", "i32"}, {"value", "4294967296"}}, &error));
  EXPECT_FALSE(parse_arg(json{{"type", "i32"}, {"value", "-1"}}, &error));
  EXPECT_FALSE(parse_arg(json{{"type", "v128"}, {"value", "0"}}, &error));
}

TEST(SpecValues, ExactComparesLow32BitsForI32AndF32) {
  EXPECT_TRUE(matches(expected("i32", "1"), 0xdead00000001ull));  // high bits ignored
  EXPECT_FALSE(matches(expected("i64", "1"), 0xdead00000001ull));
  EXPECT_TRUE(matches(expected("f32", "2147483648"), 0x80000000u));  // -0
  EXPECT_FALSE(matches(expected("f32", "2147483648"), 0));           // +0 differs
}

TEST(SpecValues, CanonicalNanAcceptsEitherSignOnly) {
  const auto f32 = expected("f32", "nan:canonical");
  EXPECT_TRUE(matches(f32, 0x7fc00000u));
  EXPECT_TRUE(matches(f32, 0xffc00000u));
  EXPECT_FALSE(matches(f32, 0x7fc00001u));
  EXPECT_FALSE(matches(f32, 0x7f800001u));
  const auto f64 = expected("f64", "nan:canonical");
  EXPECT_TRUE(matches(f64, 0xfff8000000000000ull));
  EXPECT_FALSE(matches(f64, 0x7ff8000000000001ull));
}

TEST(SpecValues, ArithmeticNanNeedsTheQuietBit) {
  const auto f32 = expected("f32", "nan:arithmetic");
  EXPECT_TRUE(matches(f32, 0x7fc00001u));
  EXPECT_TRUE(matches(f32, 0xffffffffu));
  EXPECT_FALSE(matches(f32, 0x7fa00000u));  // signalling
  const auto f64 = expected("f64", "nan:arithmetic");
  EXPECT_TRUE(matches(f64, 0x7ffc000000000000ull));
  EXPECT_FALSE(matches(f64, 0x7ff4000000000000ull));
  EXPECT_FALSE(matches(f64, 0x7ff0000000000000ull));  // infinity
}

}  // namespace
}  // namespace syncwasm::spec
