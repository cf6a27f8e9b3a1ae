// The submodule registry of an account (DESIGN.md §5): key -> {code hash, code size, policy} under
// state::submodule_key(account, key), code in the shared CodeStore (one reference per entry), and
// per account the number of its submodules using each code hash (state::submodule_code_key), so
// its storage is charged the code bytes once per distinct code.
//
// Entry encoding (PROTOCOL, hashed into the state root):
//   version u8 (=1) | code_hash 32 | code_size u64 LE | encode_policy(policy)
//
// Storage usage of an account, per entry: key + entry + storage_num_extra_bytes_record; per
// distinct code hash among its submodules: the code size. Functions return the change in bytes.
// All writes go through the overlay (rolled back with their receipt). Stateless.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/submodule_policy.h"
#include "syncwasm/state/hash.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"

namespace syncwasm::runtime {

inline constexpr size_t kMinSubmoduleKeySize = 1;
inline constexpr size_t kMaxSubmoduleKeySize = 1024;

struct SubmoduleEntry {
  state::Hash32 code_hash{};
  uint64_t code_size = 0;
  SubmodulePolicy policy;
  bool operator==(const SubmoduleEntry&) const = default;
};

std::string encode_submodule_entry(const SubmoduleEntry& entry);
std::optional<SubmoduleEntry> decode_submodule_entry(std::string_view bytes);

// An error message when key is not 1..1024 bytes, else empty.
std::string submodule_key_error(std::string_view key);

class SubmoduleRegistry {
 public:
  // REQUIRES for all: account is a valid account id, key passes submodule_key_error.
  // A corrupt entry is state Corruption.
  static state::Result<std::optional<SubmoduleEntry>> get(const state::StateReader& reader, std::string_view account,
                                                          std::string_view key);
  // Stores (or replaces) the entry for code and policy; returns the change of the account's
  // storage usage in bytes.
  static state::Result<int64_t> put(state::StateOverlay& overlay, std::string_view account, std::string_view key,
                                    std::string_view code, const SubmodulePolicy& policy,
                                    const StorageUsageConfig& storage);
  // Removes the entry; nullopt when there was none, else the change of storage usage (negative).
  static state::Result<std::optional<int64_t>> remove(state::StateOverlay& overlay, std::string_view account,
                                                      std::string_view key, const StorageUsageConfig& storage);
  // Visits the account's entries whose key starts with key_prefix, in ascending key order; the
  // visitor returns false to stop.
  using Visitor = std::function<bool(std::string_view key, const SubmoduleEntry& entry)>;
  static state::Status list(const state::StateReader& reader, std::string_view account, std::string_view key_prefix,
                            const Visitor& visit);
};

}  // namespace syncwasm::runtime
