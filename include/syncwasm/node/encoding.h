// Text encodings shared by the chain's records and the command line's output: standard base64
// (RFC 4648, with padding) and the strict UTF-8 check of syncwasm/utf8.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/utf8.h"

namespace syncwasm::node {

std::string base64_encode(std::string_view bytes);
// Strict: the standard alphabet, padding to a multiple of 4, no whitespace; nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

// No overlong forms, no surrogates, nothing above U+10FFFF.
using ::syncwasm::is_valid_utf8;

}  // namespace syncwasm::node
