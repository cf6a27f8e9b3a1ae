#include "syncwasm/runtime/submodule_policy.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "syncwasm/hex.h"

namespace syncwasm::runtime {
namespace {

constexpr uint8_t kPolicyVersion = 1;
constexpr uint8_t kShareMemoryBit = 1;
constexpr uint8_t kNestedCallsBit = 2;

std::optional<StorageAccess> access_from_name(std::string_view name) {
  if (name == "none") return StorageAccess::None;
  if (name == "read") return StorageAccess::Read;
  if (name == "read_write") return StorageAccess::ReadWrite;
  return std::nullopt;
}

// Sorts and checks the allow-list; an error message or empty.
std::string normalize_functions(std::vector<std::string>& names) {
  if (names.size() > kMaxParentFunctions)
    return "parent_functions: " + std::to_string(names.size()) + " names, at most " +
           std::to_string(kMaxParentFunctions);
  for (const std::string& n : names)
    if (n.empty() || n.size() > kMaxParentFunctionName)
      return "parent_functions: name '" + n + "' must be 1 to " + std::to_string(kMaxParentFunctionName) + " bytes";
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return {};
}

}  // namespace

const char* storage_access_name(StorageAccess access) {
  switch (access) {
    case StorageAccess::None: return "none";
    case StorageAccess::Read: return "read";
    case StorageAccess::ReadWrite: return "read_write";
  }
  return "?";
}

bool SubmodulePolicy::allows_parent_function(std::string_view name) const {
  return std::binary_search(parent_functions.begin(), parent_functions.end(), name);
}

std::variant<SubmodulePolicy, std::string> parse_policy_json(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::string("policy is not valid JSON");
  if (!json.is_object()) return std::string("policy must be a JSON object");
  SubmodulePolicy policy;
  for (auto& [field, value] : json.items()) {
    if (field == "storage_prefix_hex") {
      if (!value.is_string()) return std::string("storage_prefix_hex must be a string");
      std::optional<std::string> bytes = hex_decode(value.get<std::string>());
      if (!bytes) return std::string("storage_prefix_hex is not hex");
      if (bytes->size() > kMaxSubmodulePrefixSize)
        return "storage_prefix_hex: " + std::to_string(bytes->size()) + " bytes, at most " +
               std::to_string(kMaxSubmodulePrefixSize);
      policy.storage_prefix = std::move(*bytes);
    } else if (field == "storage_access") {
      std::optional<StorageAccess> access;
      if (value.is_string()) access = access_from_name(value.get<std::string>());
      if (!access) return std::string("storage_access must be \"none\", \"read\" or \"read_write\"");
      policy.storage_access = *access;
    } else if (field == "parent_functions") {
      if (!value.is_array()) return std::string("parent_functions must be an array of strings");
      for (const auto& name : value) {
        if (!name.is_string()) return std::string("parent_functions must be an array of strings");
        policy.parent_functions.push_back(name.get<std::string>());
      }
    } else if (field == "share_parent_memory" || field == "nested_calls") {
      if (!value.is_boolean()) return field + " must be true or false";
      (field == "nested_calls" ? policy.nested_calls : policy.share_parent_memory) = value.get<bool>();
    } else {
      return "unknown policy field '" + field + "'";
    }
  }
  if (std::string why = normalize_functions(policy.parent_functions); !why.empty()) return why;
  return policy;
}

std::string policy_to_json(const SubmodulePolicy& policy) {
  nlohmann::json json = {
      {"storage_prefix_hex", hex_encode(policy.storage_prefix)},
      {"storage_access", storage_access_name(policy.storage_access)},
      {"parent_functions", policy.parent_functions},
      {"share_parent_memory", policy.share_parent_memory},
      {"nested_calls", policy.nested_calls},
  };
  return json.dump();
}

std::string encode_policy(const SubmodulePolicy& policy) {
  std::string out;
  out.push_back(char(kPolicyVersion));
  out.push_back(char(policy.storage_prefix.size() & 0xff));
  out.push_back(char(policy.storage_prefix.size() >> 8));
  out += policy.storage_prefix;
  out.push_back(char(policy.storage_access));
  out.push_back(char((policy.share_parent_memory ? kShareMemoryBit : 0) | (policy.nested_calls ? kNestedCallsBit : 0)));
  out.push_back(char(policy.parent_functions.size() & 0xff));
  out.push_back(char(policy.parent_functions.size() >> 8));
  for (const std::string& name : policy.parent_functions) {
    out.push_back(char(name.size()));
    out += name;
  }
  return out;
}

std::optional<SubmodulePolicy> decode_policy(std::string_view bytes) {
  size_t pos = 0;
  auto take = [&](size_t n) -> std::optional<std::string_view> {
    if (n > bytes.size() - pos) return std::nullopt;
    std::string_view s = bytes.substr(pos, n);
    pos += n;
    return s;
  };
  auto u8 = [&]() -> std::optional<uint8_t> {
    auto s = take(1);
    return s ? std::optional<uint8_t>(uint8_t((*s)[0])) : std::nullopt;
  };
  auto u16 = [&]() -> std::optional<size_t> {
    auto s = take(2);
    return s ? std::optional<size_t>(uint8_t((*s)[0]) | size_t(uint8_t((*s)[1])) << 8) : std::nullopt;
  };
  SubmodulePolicy policy;
  auto version = u8();
  if (version != kPolicyVersion) return std::nullopt;
  auto prefix_len = u16();
  if (!prefix_len || *prefix_len > kMaxSubmodulePrefixSize) return std::nullopt;
  auto prefix = take(*prefix_len);
  auto access = u8();
  auto flags = u8();
  auto count = u16();
  if (!prefix || !access || *access > uint8_t(StorageAccess::ReadWrite) || !flags ||
      (*flags & ~(kShareMemoryBit | kNestedCallsBit)) || !count)
    return std::nullopt;
  policy.storage_prefix = *prefix;
  policy.storage_access = StorageAccess(*access);
  policy.share_parent_memory = *flags & kShareMemoryBit;
  policy.nested_calls = *flags & kNestedCallsBit;
  for (size_t i = 0; i < *count; ++i) {
    auto len = u8();
    auto name = len ? take(*len) : std::nullopt;
    if (!name) return std::nullopt;
    policy.parent_functions.emplace_back(*name);
  }
  if (pos != bytes.size()) return std::nullopt;
  std::vector<std::string> sorted = policy.parent_functions;
  if (!normalize_functions(sorted).empty() || sorted != policy.parent_functions) return std::nullopt;
  return policy;
}

}  // namespace syncwasm::runtime
