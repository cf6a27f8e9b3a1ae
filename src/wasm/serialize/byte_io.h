// Little-endian byte writer and bounds-checked reader for the serialized module format.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/wasm/result.h"

namespace syncwasm::wasm {

class ByteWriter {
 public:
  explicit ByteWriter(size_t capacity = 0) { out_.reserve(capacity); }
  void u8(uint8_t v) { out_.push_back(v); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void bytes(std::span<const uint8_t> b) {
    u32(uint32_t(b.size()));
    raw(b.data(), b.size());
  }
  void str(std::string_view s) { bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()}); }
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<uint8_t>& out() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}

  Result<uint8_t> u8() {
    uint8_t v = 0;
    SW_TRY(raw(&v, 1));
    return v;
  }
  Result<uint32_t> u32() {
    uint32_t v = 0;
    SW_TRY(raw(&v, 4));
    return v;
  }
  Result<uint64_t> u64() {
    uint64_t v = 0;
    SW_TRY(raw(&v, 8));
    return v;
  }
  // A count of items that take at least `min_item_bytes` each: bounded by what is left.
  Result<uint32_t> count(size_t min_item_bytes = 1) {
    SW_TRY_ASSIGN(uint32_t n, u32());
    if (uint64_t(n) * min_item_bytes > remaining()) return truncated();
    return n;
  }
  // Views into the input: valid as long as it is.
  Result<std::span<const uint8_t>> view(size_t n) {
    if (n > remaining()) return truncated();
    std::span<const uint8_t> v = in_.subspan(pos_, n);
    pos_ += n;
    return v;
  }
  Result<std::span<const uint8_t>> bytes() {
    SW_TRY_ASSIGN(uint32_t n, count());
    return view(n);
  }
  Result<std::string_view> str() {
    SW_TRY_ASSIGN(std::span<const uint8_t> b, bytes());
    return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
  }
  Result<void> raw(void* p, size_t n) {
    if (n > remaining()) return truncated();
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return {};
  }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  Error truncated() const {
    return make_error(ErrorKind::Malformed,
                      "serialized module: truncated at byte " + std::to_string(pos_));
  }
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace syncwasm::wasm
