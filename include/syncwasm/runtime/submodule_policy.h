// SubmodulePolicy: what a submodule may do, fixed when it is deployed (DESIGN.md §5):
// its storage prefix and access, the main-contract exports it may import or call back, whether it
// may import the main contract's memory and whether it may call submodules itself.
//
// Two encodings: JSON for people (the CLI, submodule_deploy) and a canonical binary form stored in
// the registry (PROTOCOL: hashed into the state root):
//   version u8 (=1) | prefix_len u16 | prefix | access u8 | flags u8 (bit 0 share memory,
//   bit 1 nested calls) | n u16 | n x (name_len u8 | name)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace syncwasm::runtime {

enum class StorageAccess : uint8_t { None = 0, Read = 1, ReadWrite = 2 };
const char* storage_access_name(StorageAccess access);

// Limits on a policy (named here so errors can cite them).
inline constexpr size_t kMaxSubmodulePrefixSize = 1024;
inline constexpr size_t kMaxParentFunctions = 256;
inline constexpr size_t kMaxParentFunctionName = 255;

struct SubmodulePolicy {
  std::string storage_prefix;  // raw bytes
  StorageAccess storage_access = StorageAccess::ReadWrite;
  std::vector<std::string> parent_functions;  // sorted, unique
  bool share_parent_memory = false;
  bool nested_calls = false;

  bool allows_parent_function(std::string_view name) const;
  bool operator==(const SubmodulePolicy&) const = default;
};

// Parses the JSON form {"storage_prefix_hex": "...", "storage_access": "none|read|read_write",
// "parent_functions": [...], "share_parent_memory": bool, "nested_calls": bool}; every field is
// optional (defaults above), unknown fields are refused. Returns the policy or an error message
// naming the offending field.
std::variant<SubmodulePolicy, std::string> parse_policy_json(std::string_view json);
std::string policy_to_json(const SubmodulePolicy& policy);

std::string encode_policy(const SubmodulePolicy& policy);
// nullopt when the bytes are not a canonical encoding (corrupt state).
std::optional<SubmodulePolicy> decode_policy(std::string_view bytes);

}  // namespace syncwasm::runtime
