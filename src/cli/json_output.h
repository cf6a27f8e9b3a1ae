// JSON on stdout: one object per command, printed on one line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace syncwasm::cli {

// The object as one line ending in '\n'; invalid UTF-8 in strings becomes U+FFFD, never an
// exception.
inline std::string json_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace syncwasm::cli
