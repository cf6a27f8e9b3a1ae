#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace syncwasm::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::ostream& err, uint64_t total, std::string unit, bool enabled, bool terminal)
    : err_(err),
      total_(total),
      unit_(std::move(unit)),
      enabled_(enabled),
      terminal_(terminal),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::rate(uint64_t done) const {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
}

void Progress::update(uint64_t done, const std::string& note, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && (!terminal_ || now - last_draw_ < kRedrawInterval)) return;
  last_draw_ = now;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / total_;
  char counts[160];
  std::snprintf(counts, sizeof counts, "%3d%% %llu/%llu %s, %.0f/s",
                static_cast<int>(fraction * 100), static_cast<unsigned long long>(done),
                static_cast<unsigned long long>(total_), unit_.c_str(), rate(done));
  std::string line = counts;
  if (!note.empty()) line += ", " + note;
  if (terminal_) {
    const int filled = std::clamp(static_cast<int>(fraction * kBarWidth), 0, kBarWidth);
    std::string bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] ";
    line = bar + line;
    const size_t width = line.size();
    if (width < last_width_) line += std::string(last_width_ - width, ' ');
    last_width_ = width;
    err_ << '\r' << line << std::flush;
  } else {
    err_ << "progress: " << line << '\n' << std::flush;
  }
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && terminal_ && drawn_) err_ << '\n' << std::flush;
  drawn_ = false;
}

}  // namespace syncwasm::cli
