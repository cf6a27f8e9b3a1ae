// env math functions: known digests, signature checks and exact gas.
#include <gtest/gtest.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "logic_harness.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::from_hex;
using syncwasm::testing::LogicHarness;
using syncwasm::testing::memory_read;
using syncwasm::testing::register_write;
using syncwasm::testing::to_hex;

TEST(HostCrypto, Sha256) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "abc");
  ASSERT_TRUE(L.sha256(3, 0, 1).ok());
  EXPECT_EQ(to_hex(L.read_register_content(1).value()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(h.burnt() - (h.c.read_register_base + 32 * h.c.read_register_byte),
            h.c.sha256_base + memory_read(h.c, 3) + 3 * h.c.sha256_byte + register_write(h.c, 32));
}

TEST(HostCrypto, Keccak256AndKeccak512AreEthereumKeccak) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "abc");
  ASSERT_TRUE(L.keccak256(0, 0, 1).ok());
  EXPECT_EQ(to_hex(L.read_register_content(1).value()),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  ASSERT_TRUE(L.keccak256(3, 0, 1).ok());
  EXPECT_EQ(to_hex(L.read_register_content(1).value()),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  ASSERT_TRUE(L.keccak512(0, 0, 2).ok());
  EXPECT_EQ(to_hex(L.read_register_content(2).value()),
            "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e");
  // A 200-byte input crosses keccak256's 136-byte rate.
  std::string long_input(200, 'a');
  h.put(1000, long_input);
  LogicHarness g;
  VmLogic& G = g.start();
  g.put(0, long_input);
  ASSERT_TRUE(G.keccak256(200, 0, 1).ok());
  EXPECT_EQ(g.burnt(), g.c.keccak256_base + memory_read(g.c, 200) + 200 * g.c.keccak256_byte + register_write(g.c, 32));
}

TEST(HostCrypto, Ripemd160ChargesPerBlock) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "abc");
  ASSERT_TRUE(L.ripemd160(3, 0, 1).ok());
  EXPECT_EQ(h.burnt(), h.c.ripemd160_base + memory_read(h.c, 3) + 1 * h.c.ripemd160_block + register_write(h.c, 20));
  EXPECT_EQ(to_hex(L.read_register_content(1).value()), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  // (56 + 8) / 64 + 1 = 2 blocks.
  LogicHarness g;
  VmLogic& G = g.start();
  ASSERT_TRUE(G.ripemd160(56, 0, 1).ok());
  EXPECT_EQ(g.burnt(), g.c.ripemd160_base + memory_read(g.c, 56) + 2 * g.c.ripemd160_block + register_write(g.c, 20));
}

TEST(HostCrypto, HashInputFromARegister) {
  LogicHarness h;
  VmLogic& L = h.start();
  ASSERT_TRUE(L.set_register(9, "abc").ok());
  Gas before = h.burnt();
  ASSERT_TRUE(L.sha256(UINT64_MAX, 9, 1).ok());
  EXPECT_EQ(h.burnt() - before, h.c.sha256_base + h.c.read_register_base + 3 * h.c.read_register_byte +
                                    3 * h.c.sha256_byte + register_write(h.c, 32));
}

TEST(HostCrypto, Ed25519VerifyRfc8032Vector) {
  LogicHarness h;
  VmLogic& L = h.start();
  std::string pk = from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::string sig = from_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  h.put(0, sig);
  h.put(100, pk);
  auto ok = L.ed25519_verify(64, 0, 0, 200, 32, 100);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 1u);
  EXPECT_EQ(h.burnt(), h.c.ed25519_verify_base + memory_read(h.c, 64) + memory_read(h.c, 0) + memory_read(h.c, 32));
  h.put(200, "x");
  EXPECT_EQ(L.ed25519_verify(64, 0, 1, 200, 32, 100).value(), 0u);
  EXPECT_EQ(L.ed25519_verify(63, 0, 0, 200, 32, 100).take_error().kind, HostErrorKind::Ed25519VerifyInvalidInput);
  EXPECT_EQ(L.ed25519_verify(64, 0, 0, 200, 31, 100).take_error().kind, HostErrorKind::Ed25519VerifyInvalidInput);
}

TEST(HostCrypto, Ed25519VerifyReturnsZeroEarlyOnHighBitsOfS) {
  LogicHarness h;
  VmLogic& L = h.start();
  std::string sig(64, '\0');
  sig[63] = char(0x20);
  h.put(0, sig);
  EXPECT_EQ(L.ed25519_verify(64, 0, 5, 200, 31, 100).value(), 0u);  // before reading msg and key
  EXPECT_EQ(h.burnt(), h.c.ed25519_verify_base + memory_read(h.c, 64));
}

TEST(HostCrypto, EcrecoverRecoversTheSigner) {
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
  uint8_t seckey[32];
  for (int i = 0; i < 32; ++i) seckey[i] = uint8_t(i + 1);
  uint8_t hash[32];
  for (int i = 0; i < 32; ++i) hash[i] = uint8_t(0xa0 + i);
  secp256k1_ecdsa_recoverable_signature rsig;
  ASSERT_TRUE(secp256k1_ecdsa_sign_recoverable(ctx, &rsig, hash, seckey, nullptr, nullptr));
  uint8_t compact[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &rsig);
  secp256k1_pubkey pub;
  ASSERT_TRUE(secp256k1_ec_pubkey_create(ctx, &pub, seckey));
  uint8_t expected[65];
  size_t n = 65;
  secp256k1_ec_pubkey_serialize(ctx, expected, &n, &pub, SECP256K1_EC_UNCOMPRESSED);
  secp256k1_context_destroy(ctx);

  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, std::string(reinterpret_cast<char*>(hash), 32));
  h.put(100, std::string(reinterpret_cast<char*>(compact), 64));
  auto r = L.ecrecover(32, 0, 64, 100, uint64_t(recid), 1, 5);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), 1u);
  EXPECT_EQ(h.burnt(), h.c.ecrecover_base + memory_read(h.c, 64) + memory_read(h.c, 32) + register_write(h.c, 64));
  EXPECT_EQ(L.read_register_content(5).value(), std::string(reinterpret_cast<char*>(expected + 1), 64));
  // The other parity recovers another key; a zero r is invalid (0, nothing written).
  EXPECT_EQ(L.ecrecover(32, 0, 64, 100, uint64_t(recid ^ 1), 0, 6).value(), 1u);
  EXPECT_NE(L.read_register_content(6).value(), L.read_register_content(5).value());
  h.put(100, std::string(32, '\0'));
  EXPECT_EQ(L.ecrecover(32, 0, 64, 100, 0, 0, 7).value(), 0u);
  EXPECT_EQ(L.register_len(7).value(), UINT64_MAX);
}

TEST(HostCrypto, EcrecoverInputErrors) {
  LogicHarness h;
  VmLogic& L = h.start();
  EXPECT_EQ(L.ecrecover(32, 0, 63, 100, 0, 0, 1).take_error().kind, HostErrorKind::ECRecoverError);
  EXPECT_EQ(L.ecrecover(32, 0, 64, 100, 4, 0, 1).take_error().kind, HostErrorKind::ECRecoverError);
  EXPECT_EQ(L.ecrecover(31, 0, 64, 100, 0, 0, 1).take_error().kind, HostErrorKind::ECRecoverError);
  EXPECT_EQ(L.ecrecover(32, 0, 64, 100, 0, 2, 1).take_error().kind, HostErrorKind::ECRecoverError);
}

TEST(HostCrypto, EcrecoverRejectsUpperHalfSWhenAsked) {
  LogicHarness h;
  VmLogic& L = h.start();
  std::string sig(64, '\x01');
  sig[32] = char(0xff);  // s > n/2 (and < n)
  sig[33] = char(0x00);
  h.put(100, sig);
  EXPECT_EQ(L.ecrecover(32, 0, 64, 100, 0, 1, 1).value(), 0u);
}
