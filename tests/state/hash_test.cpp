#include "syncwasm/state/hash.h"

#include <gtest/gtest.h>

namespace syncwasm::state {
namespace {

TEST(Hash, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, ConcatenationHashesLikeOneBuffer) {
  EXPECT_EQ(sha256_concat({"a", "", "bc"}), sha256("abc"));
}

TEST(Hash, PrintableBytesShortensLongInputs) {
  EXPECT_EQ(printable_bytes("\x01\xff", 16), "01ff");
  EXPECT_EQ(printable_bytes("abcdef", 2), "6162...");
}

TEST(Hash, FromBytesRoundTrips) {
  Hash32 hash = sha256("x");
  EXPECT_EQ(hash_from_bytes(as_bytes(hash)), hash);
}

}  // namespace
}  // namespace syncwasm::state
