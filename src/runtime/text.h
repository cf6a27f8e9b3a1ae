// Strict text decoding for host functions, as Rust's String::from_utf8 and char::decode_utf16:
// no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/utf8.h"

namespace syncwasm::runtime {

using ::syncwasm::is_valid_utf8;  // include/syncwasm/utf8.h

// UTF-16LE bytes (even length) to UTF-8; nullopt for an odd length or an unpaired surrogate.
std::optional<std::string> utf16le_to_utf8(std::string_view bytes);

}  // namespace syncwasm::runtime
