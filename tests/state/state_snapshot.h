// Test helper: every key and value an overlay sees, to compare the whole state before and after an
// operation that must change nothing (a refused action, a failed call).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "syncwasm/state/overlay.h"

namespace syncwasm::testing {

inline std::map<std::string, std::string> state_snapshot(const state::StateOverlay& overlay) {
  std::map<std::string, std::string> all;
  EXPECT_TRUE(overlay
                  .scan_prefix("",
                               [&](std::string_view k, std::string_view v) {
                                 all.emplace(k, v);
                                 return true;
                               })
                  .ok());
  return all;
}

}  // namespace syncwasm::testing
