// NEAR account ids: 2..64 bytes of [a-z0-9] separated by single '-', '_' or '.', no separator at
// either end (near-account-id's validation). PROTOCOL: the rule decides which accounts exist.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace syncwasm::runtime {

inline constexpr size_t kMinAccountIdLength = 2;
inline constexpr size_t kMaxAccountIdLength = 64;

// Why an id is invalid, or nullopt when it is valid.
std::optional<std::string> account_id_error(std::string_view id);
inline bool is_valid_account_id(std::string_view id) { return !account_id_error(id).has_value(); }

}  // namespace syncwasm::runtime
