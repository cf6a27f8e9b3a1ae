#include "syncwasm/state/hash.h"

#include <openssl/evp.h>

#include <cstring>
#include <cstdlib>

namespace syncwasm::state {
namespace {

// Fetching the algorithm once and reusing one context per thread avoids OpenSSL 3's per-call
// provider lookup, which costs more than hashing a trie node.
const EVP_MD* sha256_md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* thread_context() {
  thread_local DigestContext context;
  return context.ctx;
}

[[noreturn]] void openssl_failed() {
  // A failing sha256 means OpenSSL is broken or out of memory: nothing sensible can continue.
  std::abort();
}

}  // namespace

Hash32 sha256_concat(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* ctx = thread_context();
  const EVP_MD* md = sha256_md();
  if (ctx == nullptr || md == nullptr || EVP_DigestInit_ex2(ctx, md, nullptr) != 1) openssl_failed();
  for (std::string_view part : parts) {
    if (EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) openssl_failed();
  }
  Hash32 out;
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, out.data(), &length) != 1 || length != out.size()) openssl_failed();
  return out;
}

Hash32 sha256(std::string_view bytes) { return sha256_concat({bytes}); }

Hash32 hash_from_bytes(std::string_view bytes) {
  Hash32 out{};
  std::memcpy(out.data(), bytes.data(), out.size());
  return out;
}

std::string to_hex(const Hash32& hash) { return printable_bytes(as_bytes(hash), hash.size()); }

std::string printable_bytes(std::string_view bytes, size_t max_bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  size_t shown = bytes.size() < max_bytes ? bytes.size() : max_bytes;
  out.reserve(shown * 2 + 3);
  for (size_t i = 0; i < shown; ++i) {
    auto byte = static_cast<uint8_t>(bytes[i]);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  if (shown < bytes.size()) out += "...";
  return out;
}

}  // namespace syncwasm::state
