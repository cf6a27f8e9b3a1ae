// The strict UTF-8 check of every layer (module names, host-function text, the chain's records
// and the command line's output), as Rust's String::from_utf8 and the WebAssembly spec's names.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace syncwasm {

// No overlong forms, no surrogates, nothing above U+10FFFF.
inline bool is_valid_utf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t c = static_cast<uint8_t>(bytes[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      length = 2;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (length > bytes.size() - i) return false;
    for (size_t j = 1; j < length; ++j) {
      const uint8_t next = static_cast<uint8_t>(bytes[i + j]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr std::array<uint32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return false;
    i += length;
  }
  return true;
}

}  // namespace syncwasm
