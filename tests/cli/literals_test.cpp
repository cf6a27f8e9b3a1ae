// Argument literals and result formatting of `syncwasm run`: bit-exact in both directions.
#include "literals.h"

#include <gtest/gtest.h>

namespace syncwasm::cli {
namespace {

using wasm::Slot;
using wasm::ValType;

Slot parse_ok(ValType type, const char* text) {
  std::string error;
  auto slot = parse_literal(type, text, &error);
  EXPECT_TRUE(slot.has_value()) << text << ": " << error;
  return slot.value_or(0xdeadbeef);
}

std::string parse_error(ValType type, const char* text) {
  std::string error;
  auto slot = parse_literal(type, text, &error);
  EXPECT_FALSE(slot.has_value()) << text;
  return error;
}

TEST(CliLiterals, I32AcceptsSignedUnsignedHexAndUnderscores) {
  EXPECT_EQ(parse_ok(ValType::I32, "0"), 0u);
  EXPECT_EQ(parse_ok(ValType::I32, "-1"), 0xffffffffu);
  EXPECT_EQ(parse_ok(ValType::I32, "4294967295"), 0xffffffffu);
  EXPECT_EQ(parse_ok(ValType::I32, "-2147483648"), 0x80000000u);
  EXPECT_EQ(parse_ok(ValType::I32, "0xFF"), 0xffu);
  EXPECT_EQ(parse_ok(ValType::I32, "-0x10"), 0xfffffff0u);
  EXPECT_EQ(parse_ok(ValType::I32, "+7"), 7u);
  EXPECT_EQ(parse_ok(ValType::I32, "1_000"), 1000u);
}

TEST(CliLiterals, I32RejectsOutOfRangeAndJunk) {
  EXPECT_NE(parse_error(ValType::I32, "4294967296").find("range"), std::string::npos);
  EXPECT_NE(parse_error(ValType::I32, "-2147483649").find("range"), std::string::npos);
  parse_error(ValType::I32, "");
  parse_error(ValType::I32, "1x");
  parse_error(ValType::I32, "0x");
  parse_error(ValType::I32, "1.5");
}

TEST(CliLiterals, I64FullRange) {
  EXPECT_EQ(parse_ok(ValType::I64, "18446744073709551615"), ~uint64_t{0});
  EXPECT_EQ(parse_ok(ValType::I64, "-9223372036854775808"), uint64_t{1} << 63);
  parse_error(ValType::I64, "18446744073709551616");
  parse_error(ValType::I64, "-9223372036854775809");
}

TEST(CliLiterals, FloatsAreBitExact) {
  EXPECT_EQ(parse_ok(ValType::F32, "1"), 0x3f800000u);
  EXPECT_EQ(parse_ok(ValType::F32, "-0"), 0x80000000u);
  EXPECT_EQ(parse_ok(ValType::F32, "0.1"), 0x3dcccccdu);
  EXPECT_EQ(parse_ok(ValType::F32, "inf"), 0x7f800000u);
  EXPECT_EQ(parse_ok(ValType::F32, "-inf"), 0xff800000u);
  EXPECT_EQ(parse_ok(ValType::F32, "nan"), 0x7fc00000u);
  EXPECT_EQ(parse_ok(ValType::F32, "-nan"), 0xffc00000u);
  EXPECT_EQ(parse_ok(ValType::F32, "nan:0x1"), 0x7f800001u);  // signalling, kept as is
  EXPECT_EQ(parse_ok(ValType::F64, "0x1.8p3"), 0x4028000000000000u);
  EXPECT_EQ(parse_ok(ValType::F64, "-nan:0x4000000000001"), 0xfff4000000000001u);
  EXPECT_EQ(parse_ok(ValType::F64, "1e308"), 0x7fe1ccf385ebc8a0u);
}

TEST(CliLiterals, FloatErrors) {
  parse_error(ValType::F32, "1e39");  // overflows f32
  parse_error(ValType::F32, "nan:0x800000");
  parse_error(ValType::F32, "nan:0x0");
  parse_error(ValType::F64, "nan:12");
  parse_error(ValType::F64, "1.5.2");
  parse_error(ValType::F64, "e5");
  parse_error(ValType::F64, "--1");
}

TEST(CliLiterals, References) {
  EXPECT_EQ(parse_ok(ValType::FuncRef, "null"), 0u);
  EXPECT_EQ(parse_ok(ValType::ExternRef, "null"), 0u);
  EXPECT_EQ(parse_ok(ValType::ExternRef, "5"), 6u);
  parse_error(ValType::FuncRef, "1");
  parse_error(ValType::ExternRef, "-1");
}

TEST(CliLiterals, FormatIntegersSigned) {
  EXPECT_EQ(format_value(ValType::I32, 0xffffffffu), "-1");
  EXPECT_EQ(format_value(ValType::I32, 0x7fffffffu), "2147483647");
  EXPECT_EQ(format_value(ValType::I64, uint64_t{1} << 63), "-9223372036854775808");
}

TEST(CliLiterals, FormatFloatsRoundTrip) {
  EXPECT_EQ(format_value(ValType::F32, 0x3dcccccdu), "0.1");
  EXPECT_EQ(format_value(ValType::F32, 0x80000000u), "-0");
  EXPECT_EQ(format_value(ValType::F32, 0x7fc00000u), "nan");
  EXPECT_EQ(format_value(ValType::F32, 0xffc00000u), "-nan");
  EXPECT_EQ(format_value(ValType::F32, 0x7f800001u), "nan:0x1");
  EXPECT_EQ(format_value(ValType::F64, 0xfff0000000000000u), "-inf");
  EXPECT_EQ(format_value(ValType::F64, 0x3fd5555555555555u), "0.3333333333333333");
  for (const char* text : {"1.5", "-0", "1e-45", "3.4028235e+38", "nan:0x200001", "-inf"}) {
    EXPECT_EQ(format_value(ValType::F32, parse_ok(ValType::F32, text)), text);
  }
}

TEST(CliLiterals, FormatReferences) {
  EXPECT_EQ(format_value(ValType::FuncRef, 0), "null");
  EXPECT_EQ(format_value(ValType::ExternRef, 6), "ref.extern 5");
}

}  // namespace
}  // namespace syncwasm::cli
