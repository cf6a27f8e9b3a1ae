// A progress bar on stderr for long commands (bulk deployment). On a terminal it redraws one line
// in place (at most ten times a second, and at every forced update); when it is enabled on
// something else (--progress with stderr redirected) it prints one line per forced update. When
// disabled it prints nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace syncwasm::cli {

// Whether stderr is a terminal.
bool stderr_is_terminal();

class Progress {
 public:
  // `unit` names what is counted ("deployments").
  Progress(std::ostream& err, uint64_t total, std::string unit, bool enabled, bool terminal);
  // `done` of the total so far; `note` follows the counts (e.g. "block 7"). A forced update is
  // always shown.
  void update(uint64_t done, const std::string& note, bool force = false);
  // Ends the bar's line (a terminal's in-place line); no-op when nothing was drawn.
  void finish();
  // Items per second since construction.
  double rate(uint64_t done) const;

 private:
  std::ostream& err_;
  uint64_t total_;
  std::string unit_;
  bool enabled_;
  bool terminal_;
  bool drawn_ = false;
  size_t last_width_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace syncwasm::cli
