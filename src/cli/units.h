// Amounts on the command line: gas and yoctoNEAR, parsed strictly (a typo is an error, never a
// silently different amount) and printed for people.
//   GAS:   a whole number of gas units (`300000000000000`, `300_000_000_000_000`), or a number with
//          a unit: `300Tgas`, `30Ggas`, `5Mgas`, `1Kgas`, `1Pgas`, decimals allowed (`2.5Tgas`)
//          when the result is whole. Units are case-insensitive.
//   YOCTO: a whole number of yoctoNEAR (`1`, `10_000`), or NEAR with a unit: `5NEAR`, `0.01NEAR`
//          (1 NEAR = 10^24 yoctoNEAR).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/runtime/gas_config.h"

namespace syncwasm::cli {

// nullopt with the reason in *error.
std::optional<runtime::Gas> parse_gas(std::string_view text, std::string* error);
std::optional<runtime::Balance> parse_yocto(std::string_view text, std::string* error);

// "2.4273 Tgas" (four significant decimals, trailing zeros dropped).
std::string format_gas(runtime::Gas gas);
// "100 NEAR", "0.000001 NEAR" (exact, trailing zeros dropped).
std::string format_near(runtime::Balance yocto);

}  // namespace syncwasm::cli
