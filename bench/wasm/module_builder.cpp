#include "module_builder.h"

namespace syncwasm::bench {
namespace {

// Opcodes and type codes used below (WebAssembly binary format).
constexpr uint8_t kBlock = 0x02, kLoop = 0x03, kEnd = 0x0b, kBr = 0x0c, kBrIf = 0x0d;
constexpr uint8_t kCall = 0x10, kLocalGet = 0x20, kLocalSet = 0x21, kLocalTee = 0x22;
constexpr uint8_t kI32Const = 0x41, kI32Add = 0x6a, kI32Mul = 0x6c;
constexpr uint8_t kVoid = 0x40, kI32 = 0x7f, kFuncType = 0x60;

using Bytes = std::vector<uint8_t>;

void put_u32(Bytes& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (byte | 0x80) : byte);
  } while (v);
}

void put_section(Bytes& module, uint8_t id, const Bytes& payload) {
  module.push_back(id);
  put_u32(module, static_cast<uint32_t>(payload.size()));
  module.insert(module.end(), payload.begin(), payload.end());
}

Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

// A type section with one type: (i32) -> i32, or () -> () when `unary` is false.
Bytes type_section(bool unary) {
  Bytes s;
  put_u32(s, 1);
  s.push_back(kFuncType);
  if (unary) {
    s.insert(s.end(), {1, kI32, 1, kI32});
  } else {
    s.insert(s.end(), {0, 0});
  }
  return s;
}

Bytes function_section(uint32_t count) {
  Bytes s;
  put_u32(s, count);
  for (uint32_t i = 0; i < count; ++i) s.push_back(0);  // type 0
  return s;
}

// A code section from complete bodies (locals + expression + end).
Bytes code_section(const std::vector<Bytes>& bodies) {
  Bytes s;
  put_u32(s, static_cast<uint32_t>(bodies.size()));
  for (const auto& body : bodies) {
    put_u32(s, static_cast<uint32_t>(body.size()));
    s.insert(s.end(), body.begin(), body.end());
  }
  return s;
}

Bytes assemble(bool unary, const std::vector<Bytes>& bodies) {
  Bytes m = header();
  put_section(m, 1, type_section(unary));
  put_section(m, 3, function_section(static_cast<uint32_t>(bodies.size())));
  put_section(m, 10, code_section(bodies));
  return m;
}

}  // namespace

std::vector<uint8_t> huge_function_module(uint32_t code_bytes) {
  Bytes body = {1, 1, kI32};  // one local i32 besides the parameter
  for (uint32_t unit = 0; body.size() < code_bytes; ++unit) {
    // x = (x + 1) * (x + 1), through the second local.
    body.insert(body.end(), {kLocalGet, 0, kI32Const, 1, kI32Add, kLocalTee, 1, kLocalGet, 1,
                             kI32Mul, kLocalSet, 0});
    if (unit % 8 == 7) body.insert(body.end(), {kBlock, kVoid, kLocalGet, 0, kBrIf, 0, kEnd});
  }
  body.insert(body.end(), {kLocalGet, 0, kEnd});
  return assemble(true, {body});
}

std::vector<uint8_t> many_functions_module(uint32_t count) {
  std::vector<Bytes> bodies;
  bodies.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Bytes body = {0, kLocalGet, 0};
    if (i > 0) {
      body.push_back(kCall);
      put_u32(body, i - 1);
    }
    body.insert(body.end(), {kI32Const, 1, kI32Add, kEnd});
    bodies.push_back(std::move(body));
  }
  return assemble(true, bodies);
}

std::vector<uint8_t> deep_nesting_module(uint32_t depth) {
  Bytes body = {0};
  for (uint32_t i = 0; i < depth; ++i) body.insert(body.end(), {i % 2 ? kLoop : kBlock, kVoid});
  body.push_back(kBr);
  put_u32(body, depth - 1);  // out of the outermost block
  for (uint32_t i = 0; i < depth; ++i) body.push_back(kEnd);
  body.push_back(kEnd);
  return assemble(false, {body});
}

}  // namespace syncwasm::bench
