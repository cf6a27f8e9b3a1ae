#include "text.h"

#include <cstdint>

namespace syncwasm::runtime {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = uint8_t(s[i]);
    if (c < 0x80) { ++i; continue; }
    int len;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return false;
    if (n - i < size_t(len)) return false;
    for (int k = 1; k < len; ++k) {
      uint8_t cc = uint8_t(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += size_t(len);
  }
  return true;
}

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
