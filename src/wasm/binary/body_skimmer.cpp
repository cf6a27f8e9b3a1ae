#include "binary/body_skimmer.h"

#include "binary/reader.h"

namespace syncwasm::wasm {

Result<void> skim_function_body(const FunctionBody& body) {
  Reader r(body.bytes, body.offset);
  SW_TRY_ASSIGN(uint32_t groups, r.u32());
  uint64_t locals = 0;
  for (uint32_t g = 0; g < groups; ++g) {
    SW_TRY_ASSIGN(uint32_t n, r.u32());
    locals += n;
    if (locals > 0xffffffffull) return r.error("too many locals");
    SW_TRY(r.u8());
  }
  uint64_t depth = 1;
  while (depth > 0) {
    if (r.at_end()) return r.error("unexpected end of section or function (END opcode expected)");
    SW_TRY_ASSIGN(uint8_t op, r.u8());
    switch (op) {
      case 0x02: case 0x03: case 0x04: SW_TRY(r.s33()); ++depth; break;
      case 0x0b: --depth; break;
      case 0x00: case 0x01: case 0x05: case 0x0f: case 0x1a: case 0x1b: case 0xd1: break;
      case 0x0c: case 0x0d: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
      case 0x25: case 0x26: case 0xd2:
        SW_TRY(r.u32());
        break;
      case 0x0e: {
        SW_TRY_ASSIGN(uint32_t n, r.u32());
        for (uint64_t i = 0; i <= n; ++i) SW_TRY(r.u32());
        break;
      }
      case 0x11: SW_TRY(r.u32()); SW_TRY(r.u32()); break;
      case 0x1c: {
        SW_TRY_ASSIGN(uint32_t n, r.u32());
        SW_TRY(r.bytes(n));
        break;
      }
      case 0x3f: case 0x40: case 0xd0: SW_TRY(r.u8()); break;
      case 0x41: SW_TRY(r.s32()); break;
      case 0x42: SW_TRY(r.s64()); break;
      case 0x43: SW_TRY(r.bytes(4)); break;
      case 0x44: SW_TRY(r.bytes(8)); break;
      case 0xfc: {
        SW_TRY_ASSIGN(uint32_t sub, r.u32());
        switch (sub) {
          case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: break;
          case 8: SW_TRY(r.u32()); SW_TRY(r.u8()); break;
          case 10: SW_TRY(r.u8()); SW_TRY(r.u8()); break;
          case 11: SW_TRY(r.u8()); break;
          case 12: case 14: SW_TRY(r.u32()); SW_TRY(r.u32()); break;
          case 9: case 13: case 15: case 16: case 17: SW_TRY(r.u32()); break;
          default: return r.error("illegal opcode 0xfc " + std::to_string(sub));
        }
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) {
          SW_TRY(r.u32());
          SW_TRY(r.u32());
        } else if (!(op >= 0x45 && op <= 0xc4)) {
          return r.error("illegal opcode " + std::to_string(op));
        }
    }
  }
  if (!r.at_end()) return r.error("section size mismatch (operators remaining after function end)");
  return {};
}

}  // namespace syncwasm::wasm
