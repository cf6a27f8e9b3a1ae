#include "syncwasm/runtime/account_id.h"

namespace syncwasm::runtime {

std::optional<std::string> account_id_error(std::string_view id) {
  if (id.size() < kMinAccountIdLength)
    return "account id '" + std::string(id) + "' is too short (at least 2 bytes)";
  if (id.size() > kMaxAccountIdLength) return "account id is too long (at most 64 bytes)";
  bool last_was_separator = true;  // so a leading separator is refused
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool separator;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      separator = false;
    } else if (c == '-' || c == '_' || c == '.') {
      separator = true;
    } else {
      return "account id '" + std::string(id) + "' has an invalid character at byte " + std::to_string(i);
    }
    if (separator && last_was_separator)
      return "account id '" + std::string(id) + "' has a redundant separator at byte " + std::to_string(i);
    last_was_separator = separator;
  }
  if (last_was_separator) return "account id '" + std::string(id) + "' ends with a separator";
  return std::nullopt;
}

}  // namespace syncwasm::runtime
