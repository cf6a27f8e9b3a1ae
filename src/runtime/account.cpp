#include "syncwasm/runtime/account.h"

#include <cstring>

#include "syncwasm/state/key_space.h"

namespace syncwasm::runtime {
namespace {

constexpr uint8_t kAccountVersion = 1;

void put_le(std::string& out, unsigned __int128 v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(char(uint8_t(v >> (8 * i))));
}

unsigned __int128 get_le(std::string_view in, size_t at, int bytes) {
  unsigned __int128 v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | uint8_t(in[at + i]);
  return v;
}

}  // namespace

std::string encode_account(const Account& a) {
  std::string out;
  out.push_back(char(kAccountVersion));
  put_le(out, a.amount, 16);
  put_le(out, a.locked, 16);
  put_le(out, a.storage_usage, 8);
  out.push_back(a.code_hash ? 1 : 0);
  if (a.code_hash) out.append(state::as_bytes(*a.code_hash));
  return out;
}

std::optional<Account> decode_account(std::string_view b) {
  constexpr size_t kFixed = 1 + 16 + 16 + 8 + 1;
  if (b.size() < kFixed || uint8_t(b[0]) != kAccountVersion) return std::nullopt;
  Account a;
  a.amount = get_le(b, 1, 16);
  a.locked = get_le(b, 17, 16);
  a.storage_usage = uint64_t(get_le(b, 33, 8));
  uint8_t has_code = uint8_t(b[41]);
  if (has_code > 1) return std::nullopt;
  if (has_code == 1) {
    if (b.size() != kFixed + 32) return std::nullopt;
    a.code_hash = state::hash_from_bytes(b.substr(kFixed, 32));
  } else if (b.size() != kFixed) {
    return std::nullopt;
  }
  return a;
}

state::Result<std::optional<Account>> load_account(const state::StateReader& reader, std::string_view id) {
  SW_STATE_TRY_ASSIGN(std::optional<std::string> bytes, reader.get(state::account_key(id)));
  if (!bytes) return std::optional<Account>{};
  std::optional<Account> a = decode_account(*bytes);
  if (!a) return state::make_error(state::ErrorCode::Corruption, "account record of '" + std::string(id) + "' is malformed");
  return a;
}

state::Status store_account(state::StateOverlay& overlay, std::string_view id, const Account& account) {
  return overlay.put(state::account_key(id), encode_account(account));
}

std::string balance_to_string(Balance v) {
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.push_back(char('0' + int(v % 10)));
    v /= 10;
  }
  return std::string(s.rbegin(), s.rend());
}

std::optional<Balance> parse_balance(std::string_view t) {
  if (t.empty()) return std::nullopt;
  Balance v = 0;
  const Balance max = ~Balance(0);
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned d = unsigned(c - '0');
    if (v > (max - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace syncwasm::runtime
