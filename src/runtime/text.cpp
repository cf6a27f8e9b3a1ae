#include "text.h"

#include <cstdint>

namespace syncwasm::runtime {

namespace {
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xc0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xe0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(char(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(char(0xf0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(char(0x80 | (cp & 0x3f)));
  }
}
}  // namespace

std::optional<std::string> utf16le_to_utf8(std::string_view b) {
  if (b.size() % 2 != 0) return std::nullopt;
  std::string out;
  size_t n = b.size() / 2;
  auto unit = [&](size_t k) { return uint16_t(uint8_t(b[2 * k]) | (uint16_t(uint8_t(b[2 * k + 1])) << 8)); };
  for (size_t k = 0; k < n; ++k) {
    uint16_t u = unit(k);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (k + 1 >= n) return std::nullopt;
      uint16_t lo = unit(k + 1);
      if (lo < 0xdc00 || lo > 0xdfff) return std::nullopt;
      append_utf8(out, 0x10000 + ((uint32_t(u) - 0xd800) << 10) + (lo - 0xdc00));
      ++k;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return std::nullopt;
    } else {
      append_utf8(out, u);
    }
  }
  return out;
}

}  // namespace syncwasm::runtime
