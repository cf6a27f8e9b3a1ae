#include "syncwasm/state/key_space.h"

#include <gtest/gtest.h>

namespace syncwasm::state {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

TEST(KeySpace, EveryKeyStartsWithItsTypeByte) {
  const Hash32 hash = sha256("code");
  EXPECT_EQ(account_key("alice.near")[0], static_cast<char>(KeySpace::Account));
  EXPECT_EQ(contract_data_key("alice.near", "k")[0], static_cast<char>(KeySpace::ContractData));
  EXPECT_EQ(code_key(hash)[0], static_cast<char>(KeySpace::Code));
  EXPECT_EQ(code_ref_count_key(hash)[0], static_cast<char>(KeySpace::CodeRefCount));
  EXPECT_EQ(submodule_key("alice.near", "m")[0], static_cast<char>(KeySpace::SubmoduleRegistry));
  EXPECT_EQ(submodule_code_key("alice.near", hash)[0], static_cast<char>(KeySpace::SubmoduleCode));
  EXPECT_EQ(access_key_key("alice.near", std::string(33, '\0'))[0],
            static_cast<char>(KeySpace::AccessKey));
}

TEST(KeySpace, PinnedLayout) {
  // PROTOCOL: the key layout is hashed into the state root.
  EXPECT_EQ(contract_data_key("ab", "xy"), std::string("\x02\x02" "abxy", 6));
  EXPECT_EQ(submodule_key("ab", "m"), std::string("\x05\x02" "abm", 5));
  EXPECT_EQ(code_key(kZeroHash), std::string(1, '\x03') + std::string(32, '\0'));
  EXPECT_EQ(access_key_key("ab", std::string("\0pk", 3)), std::string("\7\2ab\0pk", 7));
  EXPECT_EQ(access_key_prefix("ab"), std::string("\7\2ab", 4));
}

TEST(KeySpace, AnAccountsPrefixNeverHoldsAnotherAccountsKeys) {
  // Without the length byte "a" + "b..." and "ab" + "..." would share a prefix.
  EXPECT_FALSE(starts_with(contract_data_key("ab", "c"), contract_data_prefix("a")));
  EXPECT_TRUE(starts_with(contract_data_key("a", "bc"), contract_data_prefix("a")));
  EXPECT_FALSE(starts_with(submodule_key("ab", "c"), submodule_prefix("a")));
  EXPECT_FALSE(starts_with(contract_data_key("a", "x"), submodule_prefix("a")));
  EXPECT_FALSE(starts_with(access_key_key("ab", "c"), access_key_prefix("a")));
  EXPECT_TRUE(starts_with(access_key_key("a", "bc"), access_key_prefix("a")));
}

TEST(KeySpace, MaxAccountIdSize) {
  // NEAR account ids are at most 64 bytes; the length byte holds it.
  EXPECT_EQ(kMaxAccountIdSize, 64u);
  const std::string longest(kMaxAccountIdSize, 'a');
  const std::string key = submodule_key(longest, "k");
  EXPECT_EQ(static_cast<uint8_t>(key[1]), kMaxAccountIdSize);
  EXPECT_EQ(key.size(), 2 + kMaxAccountIdSize + 1);
}

}  // namespace
}  // namespace syncwasm::state
