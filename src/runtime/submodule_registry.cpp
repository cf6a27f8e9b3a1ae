#include "syncwasm/runtime/submodule_registry.h"

#include "syncwasm/state/code_store.h"
#include "syncwasm/state/key_space.h"

namespace syncwasm::runtime {
namespace {

constexpr uint8_t kEntryVersion = 1;
constexpr size_t kEntryHeader = 1 + 32 + 8;

state::Error corrupt_entry(std::string_view account, std::string_view key) {
  return state::make_error(state::ErrorCode::Corruption, "submodule " + state::printable_bytes(key) + " of '" +
                                                             std::string(account) + "' has a corrupt registry entry");
}

std::string encode_u64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = char(v >> (8 * i));
  return out;
}

std::optional<uint64_t> decode_u64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(bytes[i])) << (8 * i);
  return v;
}

// Adds delta (+1 or -1) to the account's count of submodules using code_hash; returns the new count.
state::Result<uint64_t> count_code_use(state::StateOverlay& overlay, std::string_view account,
                                       const state::Hash32& code_hash, int delta) {
  const std::string key = state::submodule_code_key(account, code_hash);
  SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, overlay.get(key));
  uint64_t count = 0;
  if (stored) {
    std::optional<uint64_t> decoded = decode_u64(*stored);
    if (!decoded || *decoded == 0)
      return state::make_error(state::ErrorCode::Corruption, "submodule code count of '" + std::string(account) +
                                                                 "' for " + state::to_hex(code_hash) + " is corrupt");
    count = *decoded;
  }
  if (delta < 0 && count == 0)
    return state::make_error(state::ErrorCode::Corruption, "submodule code count of '" + std::string(account) +
                                                               "' for " + state::to_hex(code_hash) + " is missing");
  count = delta < 0 ? count - 1 : count + 1;
  if (count == 0) {
    SW_STATE_TRY(overlay.remove(key));
  } else {
    SW_STATE_TRY(overlay.put(key, encode_u64(count)));
  }
  return count;
}

// Releases the old entry's code; returns the change of storage usage.
state::Result<int64_t> release_entry(state::StateOverlay& overlay, std::string_view account, std::string_view key,
                                     const std::string& stored, const SubmoduleEntry& old,
                                     const StorageUsageConfig& storage) {
  int64_t delta = -int64_t(key.size() + stored.size() + storage.storage_num_extra_bytes_record);
  SW_STATE_TRY_ASSIGN(uint64_t uses, count_code_use(overlay, account, old.code_hash, -1));
  if (uses == 0) delta -= int64_t(old.code_size);
  SW_STATE_TRY(state::CodeStore::release_reference(overlay, old.code_hash));
  return delta;
}

}  // namespace

std::string encode_submodule_entry(const SubmoduleEntry& entry) {
  std::string out;
  out.push_back(char(kEntryVersion));
  out.append(state::as_bytes(entry.code_hash));
  out += encode_u64(entry.code_size);
  out += encode_policy(entry.policy);
  return out;
}

std::optional<SubmoduleEntry> decode_submodule_entry(std::string_view bytes) {
  if (bytes.size() < kEntryHeader || uint8_t(bytes[0]) != kEntryVersion) return std::nullopt;
  SubmoduleEntry entry;
  entry.code_hash = state::hash_from_bytes(bytes.substr(1, 32));
  entry.code_size = *decode_u64(bytes.substr(33, 8));
  std::optional<SubmodulePolicy> policy = decode_policy(bytes.substr(kEntryHeader));
  if (!policy) return std::nullopt;
  entry.policy = std::move(*policy);
  return entry;
}

std::string submodule_key_error(std::string_view key) {
  if (key.size() < kMinSubmoduleKeySize || key.size() > kMaxSubmoduleKeySize)
    return "submodule key of " + std::to_string(key.size()) + " bytes: must be " +
           std::to_string(kMinSubmoduleKeySize) + " to " + std::to_string(kMaxSubmoduleKeySize) + " bytes";
  return {};
}

state::Result<std::optional<SubmoduleEntry>> SubmoduleRegistry::get(const state::StateReader& reader,
                                                                   std::string_view account, std::string_view key) {
  SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, reader.get(state::submodule_key(account, key)));
  if (!stored) return std::optional<SubmoduleEntry>();
  std::optional<SubmoduleEntry> entry = decode_submodule_entry(*stored);
  if (!entry) return corrupt_entry(account, key);
  return entry;
}

state::Result<int64_t> SubmoduleRegistry::put(state::StateOverlay& overlay, std::string_view account,
                                              std::string_view key, std::string_view code,
                                              const SubmodulePolicy& policy, const StorageUsageConfig& storage) {
  const std::string registry_key = state::submodule_key(account, key);
  int64_t delta = 0;
  SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, overlay.get(registry_key));
  if (stored) {
    std::optional<SubmoduleEntry> old = decode_submodule_entry(*stored);
    if (!old) return corrupt_entry(account, key);
    SW_STATE_TRY_ASSIGN(delta, release_entry(overlay, account, key, *stored, *old, storage));
  }
  SubmoduleEntry entry;
  SW_STATE_TRY_ASSIGN(entry.code_hash, state::CodeStore::add_reference(overlay, code));
  entry.code_size = code.size();
  entry.policy = policy;
  SW_STATE_TRY_ASSIGN(uint64_t uses, count_code_use(overlay, account, entry.code_hash, +1));
  if (uses == 1) delta += int64_t(code.size());
  std::string encoded = encode_submodule_entry(entry);
  delta += int64_t(key.size() + encoded.size() + storage.storage_num_extra_bytes_record);
  SW_STATE_TRY(overlay.put(registry_key, encoded));
  return delta;
}

state::Result<std::optional<int64_t>> SubmoduleRegistry::remove(state::StateOverlay& overlay,
                                                                std::string_view account, std::string_view key,
                                                                const StorageUsageConfig& storage) {
  const std::string registry_key = state::submodule_key(account, key);
  SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, overlay.get(registry_key));
  if (!stored) return std::optional<int64_t>();
  std::optional<SubmoduleEntry> old = decode_submodule_entry(*stored);
  if (!old) return corrupt_entry(account, key);
  SW_STATE_TRY_ASSIGN(int64_t delta, release_entry(overlay, account, key, *stored, *old, storage));
  SW_STATE_TRY(overlay.remove(registry_key));
  return std::optional<int64_t>(delta);
}

state::Status SubmoduleRegistry::list(const state::StateReader& reader, std::string_view account,
                                      std::string_view key_prefix, const Visitor& visit) {
  const std::string prefix = state::submodule_prefix(account);
  std::optional<state::Error> corrupt;
  SW_STATE_TRY(reader.scan_prefix(prefix + std::string(key_prefix), [&](std::string_view k, std::string_view v) {
    std::string_view key = k.substr(prefix.size());
    std::optional<SubmoduleEntry> entry = decode_submodule_entry(v);
    if (!entry) {
      corrupt = corrupt_entry(account, key);
      return false;
    }
    return visit(key, *entry);
  }));
  if (corrupt) return *corrupt;
  return {};
}

}  // namespace syncwasm::runtime
