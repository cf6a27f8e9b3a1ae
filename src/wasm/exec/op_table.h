// The internal op enumeration and the table of handler addresses, both expanded from ops.def
// and numeric.def.
#pragma once

#include <cstddef>
#include <cstdint>

namespace syncwasm::wasm {

enum class Op : uint16_t {
#define OP(name, words) name,
#include "exec/ops.def"
#undef OP
#define UN(code, name, in, out, expr) name,
#define BIN(code, name, in, out, expr) name,
#define UN_TRAP(code, name, in, out, expr) name,
#define BIN_TRAP(code, name, in, out, expr) name,
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
  kCount
};

// Operand words after the 2 handler words of each op; -1: br_table ([index][count][count+1]),
// -2: br_table_gas ([index][count][count+1][2 x (count+1)]).
constexpr int8_t kOperandWords[] = {
#define OP(name, words) words,
#include "exec/ops.def"
#undef OP
#define UN(code, name, in, out, expr) 2,
#define BIN(code, name, in, out, expr) 3,
#define UN_TRAP(code, name, in, out, expr) 2,
#define BIN_TRAP(code, name, in, out, expr) 3,
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
};
static_assert(sizeof(kOperandWords) == size_t(Op::kCount));

// The words of the instruction at code[pos] (op), or 0 when it would overrun `size` words.
inline size_t instruction_words(const uint32_t* code, size_t size, size_t pos, uint16_t op) {
  int w = kOperandWords[op];
  size_t len;
  if (w >= 0)
    len = 2 + size_t(w);
  else if (pos + 3 >= size)
    return 0;
  else
    len = 2 + 2 + (size_t(code[pos + 3]) + 1) * (w == -1 ? 1 : 3);
  return pos + len <= size ? len : 0;
}

// The fused address-add forms keep the order of the plain loads and stores.
static_assert(uint16_t(Op::i64_load32_u_add) - uint16_t(Op::i32_load_add) ==
              uint16_t(Op::i64_load32_u) - uint16_t(Op::i32_load));
static_assert(uint16_t(Op::i64_load32_u_idx) - uint16_t(Op::i32_load_idx) ==
              uint16_t(Op::i64_load32_u) - uint16_t(Op::i32_load));
static_assert(uint16_t(Op::i64_store32_add) - uint16_t(Op::i32_store_add) ==
              uint16_t(Op::i64_store32) - uint16_t(Op::i32_store));

// The metered form of a branch op (see ops.def), or the op itself when it has none.
constexpr Op metered_branch(Op op) {
  switch (op) {
#define METERED(name) \
  case Op::name: return Op::name##_gas;
    METERED(br) METERED(br_if) METERED(br_unless) METERED(br_if_i64_eqz) METERED(br_if_i64_nez)
#define CMP(name, inverse, type, cond) METERED(br_if_##name) METERED(br_if_add_##name)
#include "exec/compares.def"
#undef CMP
#undef METERED
    default: return op;
  }
}

// Handler addresses of the interpreter, indexed by Op (computed-goto labels).
const void* const* interpreter_handlers();

}  // namespace syncwasm::wasm
