// Gas and yoctoNEAR amounts on the command line (src/cli/units.h): exact, strict, and printed.
#include "units.h"

#include <gtest/gtest.h>

namespace syncwasm::cli {
namespace {

using runtime::Balance;
using runtime::Gas;

std::optional<Gas> gas(const char* text) {
  std::string why;
  return parse_gas(text, &why);
}
std::optional<Balance> yocto(const char* text) {
  std::string why;
  return parse_yocto(text, &why);
}
std::string gas_error(const char* text) {
  std::string why;
  EXPECT_FALSE(parse_gas(text, &why).has_value()) << text;
  return why;
}

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

TEST(CliUnits, Gas) {
  EXPECT_EQ(gas("300000000000000"), Gas{300'000'000'000'000});
  EXPECT_EQ(gas("300_000_000_000_000"), Gas{300'000'000'000'000});
  EXPECT_EQ(gas("300Tgas"), Gas{300'000'000'000'000});
  EXPECT_EQ(gas("300tgas"), Gas{300'000'000'000'000});
  EXPECT_EQ(gas("300 TGas"), Gas{300'000'000'000'000});
  EXPECT_EQ(gas("30Ggas"), Gas{30'000'000'000});
  EXPECT_EQ(gas("2.5Tgas"), Gas{2'500'000'000'000});
  EXPECT_EQ(gas("1Pgas"), Gas{1'000'000'000'000'000});
  EXPECT_EQ(gas("5Mgas"), Gas{5'000'000});
  EXPECT_EQ(gas("7Kgas"), Gas{7'000});
  EXPECT_EQ(gas("42gas"), Gas{42});
  EXPECT_EQ(gas("18446744073709551615"), Gas{18'446'744'073'709'551'615ull});
  EXPECT_EQ(gas_error("18446744073709551616"), "too large");
  EXPECT_EQ(gas_error("1.5"), "finer than the smallest unit");
  EXPECT_EQ(gas_error("0.0000000000001Tgas"), "finer than the smallest unit");
  EXPECT_EQ(gas_error("300Xgas").substr(0, 20), "unknown unit 'Xgas' ");
  EXPECT_EQ(gas_error(""), "not a number");
  EXPECT_EQ(gas_error("Tgas"), "not a number");
  EXPECT_EQ(gas_error("-1"), "not a number");
  EXPECT_EQ(gas_error("1._5"), "'_' must stand between digits");
  EXPECT_EQ(gas_error("1__0"), "'_' must stand between digits");
  EXPECT_EQ(gas_error("1."), "not a number");
  EXPECT_EQ(gas_error(".5Tgas"), "not a number");
}

TEST(CliUnits, Yocto) {
  EXPECT_EQ(yocto("0"), Balance{0});
  EXPECT_EQ(yocto("1"), Balance{1});
  EXPECT_EQ(yocto("5NEAR"), 5 * kNear);
  EXPECT_EQ(yocto("0.00125NEAR"), kNear / 800);
  EXPECT_EQ(yocto("0.000000000000000000000001NEAR"), Balance{1});
  EXPECT_EQ(yocto("1000yocto"), Balance{1000});
  EXPECT_EQ(yocto("340282366920938463463374607431768211455"), ~Balance{0});
  EXPECT_FALSE(yocto("340282366920938463463374607431768211456"));
  EXPECT_FALSE(yocto("0.0000000000000000000000001NEAR"));
  EXPECT_FALSE(yocto("1e24"));
  EXPECT_FALSE(yocto("5 EUR"));
}

TEST(CliUnits, Printing) {
  EXPECT_EQ(format_gas(0), "0 Tgas");
  EXPECT_EQ(format_gas(300'000'000'000'000), "300 Tgas");
  EXPECT_EQ(format_gas(2'427'384'729'823), "2.4274 Tgas");
  EXPECT_EQ(format_gas(311'783'038'981), "0.3118 Tgas");
  EXPECT_EQ(format_near(100 * kNear), "100 NEAR");
  EXPECT_EQ(format_near(kNear / 800), "0.00125 NEAR");
  EXPECT_EQ(format_near(1), "0.000000000000000000000001 NEAR");
}

}  // namespace
}  // namespace syncwasm::cli
