// env math functions: hashes and signature checks (nearcore logic.rs "Math API").
// Hash functions charge their own base, not `base` (as nearcore does).
#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include <array>
#include <cstring>

#include "keccak.h"
#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {
namespace {

std::string as_string(const uint8_t* p, size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }

// One-shot OpenSSL digest. The digests used are in OpenSSL 3's default provider.
std::string evp_digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!md || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return {};
  return as_string(out, len);
}

const secp256k1_context* secp_context() {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
  return ctx;
}

// Big-endian 256-bit comparison.
int compare_be(const uint8_t* a, const uint8_t* b) { return std::memcmp(a, b, 32); }

// secp256k1 group order n, and n/2 (s <= n/2 is "lower half").
constexpr uint8_t kN[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                            0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                            0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
constexpr uint8_t kHalfN[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};
constexpr uint8_t kZero[32] = {};

// nearcore Secp256K1Signature::check_signature_values.
bool signature_values_ok(const uint8_t* sig, bool reject_upper) {
  const uint8_t* r = sig;
  const uint8_t* s = sig + 32;
  if (compare_be(r, kZero) == 0 || compare_be(r, kN) >= 0) return false;
  if (compare_be(s, kZero) == 0) return false;
  return reject_upper ? compare_be(s, kHalfN) <= 0 : compare_be(s, kN) < 0;
}

}  // namespace

// sha256(value_len, value_ptr, register_id). Errors: MemoryAccessViolation, InvalidRegisterId.
// Cost: sha256_base + input read + sha256_byte * len + write_register_base + write_register_byte * 32
HostResult<void> VmLogic::sha256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.sha256_base));
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  HOST_TRY(pay_per(config_.ext.sha256_byte, value.size()));
  return set_register(register_id, evp_digest(EVP_sha256(), value));
}

// keccak256(value_len, value_ptr, register_id). Errors: as sha256.
// Cost: keccak256_base + input read + keccak256_byte * len + write_register_base + write_register_byte * 32
HostResult<void> VmLogic::keccak256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.keccak256_base));
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  HOST_TRY(pay_per(config_.ext.keccak256_byte, value.size()));
  auto hash = runtime::keccak256(value);
  return set_register(register_id, as_string(hash.data(), hash.size()));
}

// keccak512(value_len, value_ptr, register_id). Errors: as sha256.
// Cost: keccak512_base + input read + keccak512_byte * len + write_register_base + write_register_byte * 64
HostResult<void> VmLogic::keccak512(uint64_t value_len, uint64_t value_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.keccak512_base));
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  HOST_TRY(pay_per(config_.ext.keccak512_byte, value.size()));
  auto hash = runtime::keccak512(value);
  return set_register(register_id, as_string(hash.data(), hash.size()));
}

// ripemd160(value_len, value_ptr, register_id). Errors: as sha256.
// Cost: ripemd160_base + input read + ripemd160_block * ((len + 8) / 64 + 1)
//       + write_register_base + write_register_byte * 20
HostResult<void> VmLogic::ripemd160(uint64_t value_len, uint64_t value_ptr, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.ripemd160_base));
  HOST_TRY_ASSIGN(std::string value, read_memory_or_register(value_ptr, value_len));
  uint64_t blocks = (uint64_t(value.size()) + 8) / 64 + 1;  // size <= 4 GiB: no overflow
  HOST_TRY(pay_per(config_.ext.ripemd160_block, blocks));
  return set_register(register_id, evp_digest(EVP_ripemd160(), value));
}

// ecrecover(hash_len, hash_ptr, sig_len, sig_ptr, v, malleability_flag, register_id) -> 1 with the
// 64-byte uncompressed public key (no 0x04 prefix) in the register, or 0.
// Errors: ECRecoverError (signature not 64 bytes, v >= 4, hash not 32 bytes, flag not 0/1),
//         MemoryAccessViolation, InvalidRegisterId.
// Cost: ecrecover_base + input reads + (on success) write_register_base + write_register_byte * 64
HostResult<uint64_t> VmLogic::ecrecover(uint64_t hash_len, uint64_t hash_ptr, uint64_t sig_len, uint64_t sig_ptr,
                                        uint64_t v, uint64_t malleability_flag, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.ecrecover_base));
  HOST_TRY_ASSIGN(std::string sig, read_memory_or_register(sig_ptr, sig_len));
  if (sig.size() != 64)
    return host_error(HostErrorKind::ECRecoverError,
                      "The length of the signature: " + std::to_string(sig.size()) + ", exceeds the limit of 64 bytes");
  if (v >= 4)
    return host_error(HostErrorKind::ECRecoverError,
                      "V recovery byte 0 through 3 are valid but was provided " + std::to_string(v));
  HOST_TRY_ASSIGN(std::string hash, read_memory_or_register(hash_ptr, hash_len));
  if (hash.size() != 32)
    return host_error(HostErrorKind::ECRecoverError,
                      "The length of the hash: " + std::to_string(hash.size()) + ", exceeds the limit of 32 bytes");
  if (malleability_flag > 1)
    return host_error(HostErrorKind::ECRecoverError, "Malleability flag needs to be 0 or 1, but is instead " +
                                                         std::to_string(malleability_flag));
  const auto* sig_bytes = reinterpret_cast<const uint8_t*>(sig.data());
  if (!signature_values_ok(sig_bytes, malleability_flag != 0)) return uint64_t(0);
  secp256k1_ecdsa_recoverable_signature rsig;
  secp256k1_pubkey pubkey;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp_context(), &rsig, sig_bytes, int(v)) ||
      !secp256k1_ecdsa_recover(secp_context(), &pubkey, &rsig, reinterpret_cast<const uint8_t*>(hash.data())))
    return uint64_t(0);
  uint8_t out[65];
  size_t out_len = sizeof out;
  secp256k1_ec_pubkey_serialize(secp_context(), out, &out_len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
  HOST_TRY(set_register(register_id, as_string(out + 1, 64)));
  return uint64_t(1);
}

// ed25519_verify(sig_len, sig_ptr, msg_len, msg_ptr, pub_key_len, pub_key_ptr) -> 1 valid, 0 not.
// Errors: Ed25519VerifyInvalidInput (signature not 64 bytes, key not 32 bytes),
//         MemoryAccessViolation, InvalidRegisterId.
// Cost: ed25519_verify_base + input reads + ed25519_verify_byte * msg_len
// PROTOCOL: returns 0 before reading the message when sig[63] & 0xE0 != 0 (nearcore keeps
// ed25519-dalek 1's sanity check so costs do not change).
HostResult<uint64_t> VmLogic::ed25519_verify(uint64_t sig_len, uint64_t sig_ptr, uint64_t msg_len, uint64_t msg_ptr,
                                             uint64_t pub_key_len, uint64_t pub_key_ptr) {
  HOST_TRY(pay(config_.ext.ed25519_verify_base));
  HOST_TRY_ASSIGN(std::string sig, read_memory_or_register(sig_ptr, sig_len));
  if (sig.size() != 64) return host_error(HostErrorKind::Ed25519VerifyInvalidInput, "invalid signature length");
  if (uint8_t(sig[63]) & 0xe0) return uint64_t(0);
  HOST_TRY_ASSIGN(std::string msg, read_memory_or_register(msg_ptr, msg_len));
  HOST_TRY(pay_per(config_.ext.ed25519_verify_byte, msg.size()));
  HOST_TRY_ASSIGN(std::string key, read_memory_or_register(pub_key_ptr, pub_key_len));
  if (key.size() != 32) return host_error(HostErrorKind::Ed25519VerifyInvalidInput, "invalid public key length");
  static const bool sodium_ready = sodium_init() >= 0;
  if (!sodium_ready) return uint64_t(0);
  int rc = crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                       reinterpret_cast<const unsigned char*>(key.data()));
  return uint64_t(rc == 0 ? 1 : 0);
}

}  // namespace syncwasm::runtime
