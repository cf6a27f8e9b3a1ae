// Account records: balance, locked balance, storage usage and code hash, stored under
// state::account_key(id). The encoding is fixed little-endian (PROTOCOL: it is hashed into the
// state root):
//   version u8 (=1) | amount u128 | locked u128 | storage_usage u64 | has_code u8 | [code_hash 32]
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"

namespace syncwasm::runtime {

struct Account {
  Balance amount = 0;
  Balance locked = 0;
  uint64_t storage_usage = 0;  // bytes, including storage_num_bytes_account and the code
  std::optional<state::Hash32> code_hash;
  bool operator==(const Account&) const = default;
};

std::string encode_account(const Account& account);
// nullopt when the bytes are not a valid record (a node error: state is corrupt).
std::optional<Account> decode_account(std::string_view bytes);

// REQUIRES: id is a valid account id. Errors are the state layer's (node errors); a corrupt
// record is Corruption.
state::Result<std::optional<Account>> load_account(const state::StateReader& reader, std::string_view id);
state::Status store_account(state::StateOverlay& overlay, std::string_view id, const Account& account);

// Decimal text of a balance (u128 has no std::to_string).
std::string balance_to_string(Balance value);
// Parses decimal digits; nullopt when empty, not digits or above u128.
std::optional<Balance> parse_balance(std::string_view text);

}  // namespace syncwasm::runtime
