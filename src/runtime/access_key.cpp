#include "syncwasm/runtime/access_key.h"

#include "syncwasm/state/key_space.h"

namespace syncwasm::runtime {
namespace {

constexpr uint8_t kFunctionCallTag = 0;
constexpr uint8_t kFullAccessTag = 1;

void put_le(std::string& out, unsigned __int128 v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
}

void put_string(std::string& out, std::string_view s) {
  put_le(out, s.size(), 4);
  out.append(s);
}

// Reads the Borsh fields of a key in order; any read past the end marks the input as bad.
struct Reader {
  std::string_view in;
  size_t at = 0;
  bool bad = false;

  unsigned __int128 le(int bytes) {
    if (bad || in.size() - at < static_cast<size_t>(bytes)) {
      bad = true;
      return 0;
    }
    unsigned __int128 v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(in[at + i]);
    at += bytes;
    return v;
  }
  std::string string() {
    const size_t n = static_cast<size_t>(le(4));
    if (bad || in.size() - at < n) {
      bad = true;
      return {};
    }
    std::string s(in.substr(at, n));
    at += n;
    return s;
  }
};

}  // namespace

uint64_t initial_access_key_nonce(uint64_t height) {
  return height == 0 ? 0 : (height - 1) * kAccessKeyNonceRangeMultiplier;
}

AccessKey access_key_of(const AddKeyAction& action) {
  AccessKey key;
  key.nonce = action.nonce;
  if (!action.full_access) {
    FunctionCallPermission permission;
    if (action.allowance > 0) permission.allowance = action.allowance;
    permission.receiver_id = action.receiver_id;
    permission.method_names = action.method_names;
    key.permission = std::move(permission);
  }
  return key;
}

std::string encode_access_key(const AccessKey& key) {
  std::string out;
  put_le(out, key.nonce, 8);
  if (const auto* call = std::get_if<FunctionCallPermission>(&key.permission)) {
    out.push_back(static_cast<char>(kFunctionCallTag));
    out.push_back(call->allowance ? 1 : 0);
    if (call->allowance) put_le(out, *call->allowance, 16);
    put_string(out, call->receiver_id);
    put_le(out, call->method_names.size(), 4);
    for (const std::string& name : call->method_names) put_string(out, name);
  } else {
    out.push_back(static_cast<char>(kFullAccessTag));
  }
  return out;
}

std::optional<AccessKey> decode_access_key(std::string_view bytes) {
  Reader r{bytes};
  AccessKey key;
  key.nonce = static_cast<uint64_t>(r.le(8));
  const auto tag = static_cast<uint8_t>(r.le(1));
  if (r.bad) return std::nullopt;
  if (tag == kFunctionCallTag) {
    FunctionCallPermission call;
    const auto has_allowance = static_cast<uint8_t>(r.le(1));
    if (has_allowance > 1) return std::nullopt;
    if (has_allowance == 1) call.allowance = r.le(16);
    call.receiver_id = r.string();
    const auto count = static_cast<uint64_t>(r.le(4));
    // Each name takes at least its 4-byte length: a count the bytes cannot hold is refused
    // before anything is reserved.
    if (r.bad || count > (bytes.size() - r.at) / 4) return std::nullopt;
    for (uint64_t i = 0; i < count && !r.bad; ++i) call.method_names.push_back(r.string());
    key.permission = std::move(call);
  } else if (tag != kFullAccessTag) {
    return std::nullopt;
  }
  if (r.bad || r.at != bytes.size()) return std::nullopt;
  return key;
}

uint64_t access_key_storage_usage(std::string_view public_key, const AccessKey& key,
                                  const StorageUsageConfig& config) {
  return public_key.size() + encode_access_key(key).size() + config.storage_num_extra_bytes_record;
}

state::Result<std::optional<AccessKey>> load_access_key(const state::StateReader& reader,
                                                        std::string_view account,
                                                        std::string_view public_key) {
  SW_STATE_TRY_ASSIGN(std::optional<std::string> bytes,
                      reader.get(state::access_key_key(account, public_key)));
  if (!bytes) return std::optional<AccessKey>{};
  std::optional<AccessKey> key = decode_access_key(*bytes);
  if (!key)
    return state::make_error(state::ErrorCode::Corruption,
                             "access key " + state::printable_bytes(public_key, 65) + " of '" +
                                 std::string(account) + "' is malformed");
  return key;
}

state::Status store_access_key(state::StateOverlay& overlay, std::string_view account,
                               std::string_view public_key, const AccessKey& key) {
  return overlay.put(state::access_key_key(account, public_key), encode_access_key(key));
}

state::Status remove_access_key(state::StateOverlay& overlay, std::string_view account,
                                std::string_view public_key) {
  return overlay.remove(state::access_key_key(account, public_key));
}

state::Status list_access_keys(
    const state::StateReader& reader, std::string_view account,
    const std::function<bool(std::string_view public_key, const AccessKey& key)>& each) {
  const std::string prefix = state::access_key_prefix(account);
  std::optional<std::string> corrupt;
  SW_STATE_TRY(reader.scan_prefix(prefix, [&](std::string_view k, std::string_view v) {
    std::optional<AccessKey> key = decode_access_key(v);
    if (!key) {
      corrupt = std::string(k.substr(prefix.size()));
      return false;
    }
    return each(k.substr(prefix.size()), *key);
  }));
  if (corrupt)
    return state::make_error(state::ErrorCode::Corruption,
                             "access key " + state::printable_bytes(*corrupt, 65) + " of '" +
                                 std::string(account) + "' is malformed");
  return {};
}

}  // namespace syncwasm::runtime
