#include "syncwasm/state/key_space.h"

#include <cassert>

namespace syncwasm::state {
namespace {

std::string with_account(KeySpace space, std::string_view account, size_t extra) {
  assert(account.size() <= kMaxAccountIdSize);
  std::string key;
  key.reserve(2 + account.size() + extra);
  key.push_back(static_cast<char>(space));
  key.push_back(static_cast<char>(account.size()));
  key.append(account);
  return key;
}

std::string with_hash(KeySpace space, const Hash32& hash) {
  std::string key(1, static_cast<char>(space));
  key.append(as_bytes(hash));
  return key;
}

}  // namespace

std::string account_key(std::string_view account) {
  return with_account(KeySpace::Account, account, 0);
}

std::string contract_data_prefix(std::string_view account) {
  return with_account(KeySpace::ContractData, account, 0);
}

std::string contract_data_key(std::string_view account, std::string_view data_key) {
  std::string key = with_account(KeySpace::ContractData, account, data_key.size());
  key.append(data_key);
  return key;
}

std::string submodule_prefix(std::string_view account) {
  return with_account(KeySpace::SubmoduleRegistry, account, 0);
}

std::string submodule_key(std::string_view account, std::string_view submodule) {
  std::string key = with_account(KeySpace::SubmoduleRegistry, account, submodule.size());
  key.append(submodule);
  return key;
}

std::string submodule_code_key(std::string_view account, const Hash32& code_hash) {
  std::string key = with_account(KeySpace::SubmoduleCode, account, code_hash.size());
  key.append(as_bytes(code_hash));
  return key;
}

std::string access_key_prefix(std::string_view account) {
  return with_account(KeySpace::AccessKey, account, 0);
}

std::string access_key_key(std::string_view account, std::string_view public_key) {
  std::string key = with_account(KeySpace::AccessKey, account, public_key.size());
  key.append(public_key);
  return key;
}

std::string code_key(const Hash32& code_hash) { return with_hash(KeySpace::Code, code_hash); }

std::string code_ref_count_key(const Hash32& code_hash) {
  return with_hash(KeySpace::CodeRefCount, code_hash);
}

}  // namespace syncwasm::state
