#include "units.h"

#include <cctype>
#include <utility>

#include "syncwasm/runtime/account.h"

namespace syncwasm::cli {
namespace {

using u128 = unsigned __int128;

constexpr u128 kMaxU128 = ~u128{0};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses "<digits>[.<digits>]" (underscores between digits allowed) times 10^scale exactly.
// nullopt with a reason for anything else, a fraction finer than the unit, or overflow of `max`.
std::optional<u128> parse_scaled(std::string_view number, unsigned scale, u128 max,
                                 std::string* error) {
  u128 value = 0;
  bool seen_digit = false, in_fraction = false, previous_digit = false;
  unsigned fraction_digits = 0;
  auto overflow = [&] {
    *error = "too large";
    return std::nullopt;
  };
  for (size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == '_') {
      if (!previous_digit || i + 1 >= number.size() ||
          !std::isdigit(static_cast<unsigned char>(number[i + 1]))) {
        *error = "'_' must stand between digits";
        return std::nullopt;
      }
      previous_digit = false;
      continue;
    }
    if (c == '.') {
      if (in_fraction || !seen_digit) {
        *error = "not a number";
        return std::nullopt;
      }
      in_fraction = true;
      previous_digit = false;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      *error = "not a number";
      return std::nullopt;
    }
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (in_fraction) {
      if (fraction_digits == scale) {
        if (digit != 0) {
          *error = "finer than the smallest unit";
          return std::nullopt;
        }
        previous_digit = true;
        continue;
      }
      ++fraction_digits;
    }
    if (value > (kMaxU128 - digit) / 10) return overflow();
    value = value * 10 + digit;
    seen_digit = previous_digit = true;
  }
  if (!seen_digit || (in_fraction && !previous_digit && fraction_digits == 0)) {
    *error = "not a number";
    return std::nullopt;
  }
  for (unsigned i = fraction_digits; i < scale; ++i) {
    if (value > kMaxU128 / 10) return overflow();
    value *= 10;
  }
  if (value > max) return overflow();
  return value;
}

// Splits "300Tgas" into ("300", "tgas"): the unit is the trailing run of letters.
std::pair<std::string_view, std::string> split_unit(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && std::isalpha(static_cast<unsigned char>(text[end - 1]))) --end;
  std::string_view number = text.substr(0, end);
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  return {number, lower(text.substr(end))};
}

std::string trim_zeros(std::string digits) {
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return digits;
}

}  // namespace

std::optional<runtime::Gas> parse_gas(std::string_view text, std::string* error) {
  auto [number, unit] = split_unit(text);
  unsigned scale = 0;
  if (unit == "pgas") {
    scale = 15;
  } else if (unit == "tgas") {
    scale = 12;
  } else if (unit == "ggas") {
    scale = 9;
  } else if (unit == "mgas") {
    scale = 6;
  } else if (unit == "kgas") {
    scale = 3;
  } else if (unit != "" && unit != "gas") {
    *error = "unknown unit '" + std::string(text.substr(number.size())) +
             "' (use gas, Kgas, Mgas, Ggas, Tgas or Pgas)";
    return std::nullopt;
  }
  auto value = parse_scaled(number, scale, u128{~runtime::Gas{0}}, error);
  if (!value) return std::nullopt;
  return static_cast<runtime::Gas>(*value);
}

std::optional<runtime::Balance> parse_yocto(std::string_view text, std::string* error) {
  auto [number, unit] = split_unit(text);
  unsigned scale = 0;
  if (unit == "near") {
    scale = 24;
  } else if (unit != "" && unit != "yocto" && unit != "yoctonear") {
    *error =
        "unknown unit '" + std::string(text.substr(number.size())) + "' (use yoctoNEAR or NEAR)";
    return std::nullopt;
  }
  return parse_scaled(number, scale, kMaxU128, error);
}

std::string format_gas(runtime::Gas gas) {
  // Rounded to 1e8 gas (four decimals of Tgas).
  const runtime::Gas units = (gas + 50'000'000) / 100'000'000;
  std::string fraction = std::to_string(units % 10'000);
  fraction = std::string(4 - fraction.size(), '0') + fraction;
  fraction = trim_zeros(fraction);
  return std::to_string(units / 10'000) + (fraction.empty() ? "" : "." + fraction) + " Tgas";
}

std::string format_near(runtime::Balance yocto) {
  const runtime::Balance kNear = runtime::Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;
  std::string fraction = runtime::balance_to_string(yocto % kNear);
  fraction = std::string(24 - fraction.size(), '0') + fraction;
  fraction = trim_zeros(fraction);
  return runtime::balance_to_string(yocto / kNear) + (fraction.empty() ? "" : "." + fraction) +
         " NEAR";
}

}  // namespace syncwasm::cli
