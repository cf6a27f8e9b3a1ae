#include "syncwasm/runtime/account_id.h"

#include <gtest/gtest.h>

using syncwasm::runtime::is_valid_account_id;

TEST(AccountId, AcceptsNearNames) {
  for (const char* id : {"ok", "bowen", "ek-2", "ek.near", "com", "google.com", "bowen.near", "a.b-c_d.e",
                         "0o0ooo00oo00o", "alex-skidanov", "10-4.8-2", "b-o_w_e-n", "no_lols",
                         "0123456789012345678901234567890123456789012345678901234567890123"})
    EXPECT_TRUE(is_valid_account_id(id)) << id;
}

TEST(AccountId, RefusesBadNames) {
  for (const char* id : {"", "a", "A", "Abc", "-near", "near-", "-near-", "near.", ".near", "near@", "@near",
                         "неар", "_bowen", "hello world", "abcdefghijklmnopqrstuvwxyz.abcdefghijklmnopqrstuvwxyz.abcdefghijk",
                         "01234567890123456789012345678901234567890123456789012345678901234", "a..near", "a-_b",
                         "near_", "alice.near\n"})
    EXPECT_FALSE(is_valid_account_id(id)) << id;
}
