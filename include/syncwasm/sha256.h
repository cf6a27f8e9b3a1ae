// SHA-256 of byte strings, for every layer (code hashes, trie nodes, module artifacts).
// OpenSSL 3's one-shot functions (SHA256(), EVP_Digest) look the algorithm up in the provider
// and allocate a context on every call, which costs more than hashing a trie node or a small
// module's artifact: here the algorithm is fetched once and each thread reuses one context.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

namespace syncwasm {

using Sha256Digest = std::array<uint8_t, 32>;

inline Sha256Digest sha256_of(std::initializer_list<std::string_view> parts) {
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local Context context;
  // Failing here means OpenSSL is broken or out of memory: nothing sensible can continue.
  if (context.ctx == nullptr || md == nullptr || EVP_DigestInit_ex2(context.ctx, md, nullptr) != 1)
    std::abort();
  for (std::string_view part : parts) {
    if (EVP_DigestUpdate(context.ctx, part.data(), part.size()) != 1) std::abort();
  }
  Sha256Digest digest;
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.ctx, digest.data(), &length) != 1 || length != digest.size())
    std::abort();
  return digest;
}

}  // namespace syncwasm
