#include "keccak.h"

#include <cstring>

namespace syncwasm::runtime {
namespace {

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};
constexpr int kRotations[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kPiLane[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

uint64_t rotl(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

void keccak_f(uint64_t st[25]) {
  for (int round = 0; round < 24; ++round) {
    uint64_t bc[5];
    for (int i = 0; i < 5; ++i) bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
    for (int i = 0; i < 5; ++i) {
      uint64_t t = bc[(i + 4) % 5] ^ rotl(bc[(i + 1) % 5], 1);
      for (int j = 0; j < 25; j += 5) st[j + i] ^= t;
    }
    uint64_t t = st[1];
    for (int i = 0; i < 24; ++i) {
      int j = kPiLane[i];
      uint64_t tmp = st[j];
      st[j] = rotl(t, kRotations[i]);
      t = tmp;
    }
    for (int j = 0; j < 25; j += 5) {
      for (int i = 0; i < 5; ++i) bc[i] = st[j + i];
      for (int i = 0; i < 5; ++i) st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
    }
    st[0] ^= kRoundConstants[round];
  }
}

template <size_t N>
std::array<uint8_t, N> keccak(std::string_view data) {
  constexpr size_t rate = 200 - 2 * N;
  uint64_t st[25] = {};
  auto absorb = [&](const uint8_t* block) {
    for (size_t i = 0; i < rate / 8; ++i) {
      uint64_t lane = 0;
      for (int b = 7; b >= 0; --b) lane = (lane << 8) | block[8 * i + size_t(b)];
      st[i] ^= lane;
    }
    keccak_f(st);
  };
  const uint8_t* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  while (n >= rate) {
    absorb(p);
    p += rate;
    n -= rate;
  }
  uint8_t last[rate] = {};
  if (n) std::memcpy(last, p, n);
  last[n] ^= 0x01;
  last[rate - 1] ^= 0x80;
  absorb(last);
  std::array<uint8_t, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = uint8_t(st[i / 8] >> (8 * (i % 8)));
  return out;
}

}  // namespace

std::array<uint8_t, 32> keccak256(std::string_view data) { return keccak<32>(data); }
std::array<uint8_t, 64> keccak512(std::string_view data) { return keccak<64>(data); }

}  // namespace syncwasm::runtime
