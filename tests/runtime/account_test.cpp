#include "syncwasm/runtime/account.h"

#include <gtest/gtest.h>

using namespace syncwasm::runtime;

TEST(Account, EncodingRoundTrips) {
  Account a;
  a.amount = (Balance(1) << 100) + 12345;
  a.locked = 7;
  a.storage_usage = 182;
  EXPECT_EQ(decode_account(encode_account(a)), a);
  EXPECT_EQ(encode_account(a).size(), 42u);
  a.code_hash = syncwasm::state::sha256("code");
  EXPECT_EQ(decode_account(encode_account(a)), a);
  EXPECT_EQ(encode_account(a).size(), 74u);
}

TEST(Account, DecodingRefusesMalformedRecords) {
  Account a;
  std::string bytes = encode_account(a);
  EXPECT_FALSE(decode_account(bytes.substr(0, 41)));
  EXPECT_FALSE(decode_account(bytes + "x"));
  bytes[0] = 2;
  EXPECT_FALSE(decode_account(bytes));
}

TEST(Account, BalancesPrintAndParseAsDecimal) {
  EXPECT_EQ(balance_to_string(0), "0");
  Balance max = ~Balance(0);
  EXPECT_EQ(balance_to_string(max), "340282366920938463463374607431768211455");
  EXPECT_EQ(parse_balance("340282366920938463463374607431768211455"), max);
  EXPECT_FALSE(parse_balance("340282366920938463463374607431768211456"));
  EXPECT_FALSE(parse_balance(""));
  EXPECT_FALSE(parse_balance("1e24"));
  EXPECT_EQ(parse_balance("1000000000000000000000000"), Balance(1'000'000'000'000ull) * 1'000'000'000'000ull);
}
