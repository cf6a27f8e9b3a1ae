// Reader: bounds-checked reading of the binary format (bytes, LEB128, names). Every failure is
// a Malformed error carrying the spec's reason and the absolute byte offset.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "syncwasm/utf8.h"
#include "syncwasm/wasm/result.h"

namespace syncwasm::wasm {

class Reader {
 public:
  Reader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : data_(bytes.data()), pos_(0), end_(bytes.size()), base_(base_offset) {}

  size_t offset() const { return base_ + pos_; }  // absolute offset in the module
  size_t pos() const { return pos_; }
  size_t remaining() const { return end_ - pos_; }
  bool at_end() const { return pos_ >= end_; }
  const uint8_t* cursor() const { return data_ + pos_; }

  Error error(std::string reason) const {
    return make_error(ErrorKind::Malformed, reason + " at offset " + std::to_string(offset()));
  }

  Result<uint8_t> u8() {
    if (pos_ >= end_) return error("unexpected end");
    return data_[pos_++];
  }

  Result<uint32_t> fixed_u32() {
    if (remaining() < 4) return error("unexpected end");
    uint32_t v;
    std::memcpy(&v, data_ + pos_, 4);
    pos_ += 4;
    return v;
  }

  Result<uint64_t> fixed_u64() {
    if (remaining() < 8) return error("unexpected end");
    uint64_t v;
    std::memcpy(&v, data_ + pos_, 8);
    pos_ += 8;
    return v;
  }

  Result<uint32_t> u32() {
    SW_TRY_ASSIGN(uint64_t v, leb(32, false));
    return static_cast<uint32_t>(v);
  }
  Result<int32_t> s32() {
    SW_TRY_ASSIGN(uint64_t v, leb(32, true));
    return static_cast<int32_t>(static_cast<uint32_t>(v));
  }
  Result<int64_t> s64() {
    SW_TRY_ASSIGN(uint64_t v, leb(64, true));
    return static_cast<int64_t>(v);
  }
  Result<uint64_t> u64() { return leb(64, false); }
  // The block type's s33.
  Result<int64_t> s33() {
    SW_TRY_ASSIGN(uint64_t v, leb(33, true));
    return static_cast<int64_t>(v);
  }

  Result<std::span<const uint8_t>> bytes(size_t n) {
    if (n > remaining()) return error("unexpected end of section or function");
    std::span<const uint8_t> s(data_ + pos_, n);
    pos_ += n;
    return s;
  }

  Result<std::string> name() {
    SW_TRY_ASSIGN(uint32_t len, u32());
    if (len > remaining()) return error("unexpected end of section or function (length out of bounds)");
    std::string s(reinterpret_cast<const char*>(data_ + pos_), len);
    if (!is_valid_utf8(s)) return error("malformed UTF-8 encoding");
    pos_ += len;
    return s;
  }

 private:
  Result<uint64_t> leb(unsigned bits, bool is_signed) {
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; ++i) {
      if (pos_ >= end_) return error("unexpected end");
      uint8_t b = data_[pos_++];
      if (i == max_bytes - 1) {
        if (b & 0x80) return error("integer representation too long");
        // The unused bits of the last byte must be a sign (or zero) extension.
        unsigned used = bits - shift;  // bits this byte may carry
        if (is_signed) {
          uint8_t top = static_cast<uint8_t>(b & 0x7f) >> (used - 1);  // sign bit and above
          if (top != 0 && top != (0x7f >> (used - 1))) return error("integer too large");
        } else if (used < 7 && (b & 0x7f) >> used) {
          return error("integer too large");
        }
        result |= static_cast<uint64_t>(b & 0x7f) << shift;
        shift += 7;
        break;
      }
      result |= static_cast<uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (is_signed && shift < 64 && (data_[pos_ - 1] & 0x40)) result |= ~uint64_t{0} << shift;
    if (bits < 64) {
      uint64_t mask = (uint64_t{1} << bits) - 1;
      if (!is_signed) result &= mask;
    }
    return result;
  }

  const uint8_t* data_;
  size_t pos_;
  size_t end_;
  size_t base_;
};

}  // namespace syncwasm::wasm
