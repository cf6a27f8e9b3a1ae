// Text encodings shared by the chain's records and the command line's output: standard base64
// (RFC 4648, with padding) and a strict UTF-8 check (as Rust's String::from_utf8).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace syncwasm::node {

std::string base64_encode(std::string_view bytes);
// Strict: the standard alphabet, padding to a multiple of 4, no whitespace; nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

// No overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

}  // namespace syncwasm::node
