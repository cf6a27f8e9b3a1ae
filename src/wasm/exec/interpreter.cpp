// The interpreter: direct-threaded dispatch (each instruction holds its handler's address),
// operands are frame-slot byte offsets, branch targets precomputed. Wasm calls never recurse on
// the C++ stack: frames live in the store's frame array and value stack.
#include "exec/interpreter.h"

#include <cstring>

#include "exec/numeric_helpers.h"
#include "exec/op_table.h"

namespace syncwasm::wasm {
namespace {

using namespace numeric;

using T_I32 = uint32_t;
using T_I64 = uint64_t;
using T_F32 = float;
using T_F64 = double;

template <typename T>
inline T rd(const uint8_t* p) {
  if constexpr (sizeof(T) == 4) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return std::bit_cast<T>(v);
  } else {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return std::bit_cast<T>(v);
  }
}
// Writes a whole slot: 32-bit values are zero-extended so slots compare by value.
template <typename T>
inline void wr(uint8_t* p, T v) {
  uint64_t bits;
  if constexpr (sizeof(T) == 4) bits = std::bit_cast<uint32_t>(v);
  else bits = std::bit_cast<uint64_t>(v);
  std::memcpy(p, &bits, 8);
}
// Writes an arithmetic result; a float NaN becomes the canonical NaN (off the data path).
template <typename T>
inline void wr_result(uint8_t* p, T r) {
  wr<T>(p, r);
  if constexpr (std::is_floating_point_v<T>)
    if (__builtin_expect(r != r, 0)) wr<T>(p, canon(r));
}
// An arithmetic result with a NaN made canonical (for results that go straight to memory).
template <typename T>
inline T canon_result(T r) {
  if constexpr (std::is_floating_point_v<T>)
    if (__builtin_expect(r != r, 0)) return canon(r);
  return r;
}
inline const void* load_handler(const uint32_t* pc) {
  const void* h;
  std::memcpy(&h, pc, sizeof h);
  return h;
}
template <typename T>
inline T load_mem(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename T>
inline void store_mem(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

// The binary numeric ops as functions, for the handlers of fused ops (chain_binops.def).
#define UN(code, name, in, out, expr)
#define UN_TRAP(code, name, in, out, expr)
#define BIN_TRAP(code, name, in, out, expr)
#define BIN(code, name, in, out, expr) \
  [[maybe_unused]] inline T_##out bin_##name(T_##in a, T_##in b) { return T_##out(expr); }
#include "exec/numeric.def"
#undef UN
#undef UN_TRAP
#undef BIN_TRAP
#undef BIN

}  // namespace

TrapKind Interpreter::run(Store* store, FuncInstance* entry, Slot* args, const void* const** table_out) {
  static const void* const kHandlers[] = {
#define OP(name, words) &&op_##name,
#include "exec/ops.def"
#undef OP
#define UN(code, name, in, out, expr) &&op_##name,
#define BIN(code, name, in, out, expr) &&op_##name,
#define UN_TRAP(code, name, in, out, expr) &&op_##name,
#define BIN_TRAP(code, name, in, out, expr) &&op_##name,
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == size_t(Op::kCount));
  if (table_out) {
    *table_out = kHandlers;
    return TrapKind::None;
  }

  Store::Impl& st = *store->impl_;
  const uint32_t max_depth = store->config_.limits.max_call_depth;
  uint8_t* const stack_end = reinterpret_cast<uint8_t*>(st.stack_end);
  const uint32_t entry_depth = st.depth;
  uint32_t depth = entry_depth;
  Frame* const frames = st.frames;

  const uint32_t* pc = nullptr;
  uint8_t* fp = reinterpret_cast<uint8_t*>(args);
  const CompiledFunction* fn = nullptr;
  Instance* inst = nullptr;
  uint8_t* mem = nullptr;
  // Loads and stores check against mem_limit, the memory's dirty prefix (dirty_bytes(), at most
  // its size), instead of its size: one compare against a register, as the size check was.
  // Beyond it, ACCESS_CHECK's slow path checks the size (and traps beyond it) and raises the
  // prefix, so every byte the code writes lies below the prefix, which is all that releasing the
  // memory zeroes. May lag behind the memory's (a memory shared with another instance): the
  // prefix only grows during a call, so a stale limit only sends an access the slow way.
  uint64_t mem_limit = 0;
  FuncInstance* callee = entry;
  const CompiledFunction* cf = nullptr;           // the function being entered
  const CompiledFunction* local_funcs = nullptr;  // the current instance's own functions
  uint64_t gas = st.gas_left;  // kept in a register; synced with the store around host calls
  const Metering& metering = store->config_.metering;
  const uint64_t byte_cost = metering.enabled ? metering.bulk_byte_cost : 0;
  const uint64_t element_cost = metering.enabled ? metering.bulk_element_cost : 0;
  const uint64_t page_cost = metering.enabled ? metering.memory_grow_page_cost : 0;
  uint8_t* new_fp = fp;
  TrapKind trap = TrapKind::None;

#define W(i) pc[2 + (i)]
#define SLOT(i) (fp + W(i))
#define DISPATCH() goto* load_handler(pc)
#define NEXT(n)   \
  do {            \
    pc += 2 + (n); \
    DISPATCH();   \
  } while (0)
// Records the charge that did not fit (Store::last_gas_failure), then traps with gas left 0.
#define OUT_OF_GAS(amount)                     \
  do {                                         \
    st.gas_failure = {(amount), gas};          \
    gas = 0;                                   \
    TRAP(TrapKind::OutOfGas);                  \
  } while (0)
#define TRAP(kind)  \
  do {              \
    trap = (kind);  \
    goto trapped;   \
  } while (0)
// The current memory's size in bytes (0 without a memory).
#define MEM_SIZE() (inst->memory0 ? inst->memory0->size_ : 0)
// An access to the bytes below `end`: the bounds check, and beyond the dirty prefix the slow
// path (the size check, then the prefix raised to cover them).
#define ACCESS_CHECK(end)                                       \
  do {                                                          \
    uint64_t end_ = (end);                                      \
    if (end_ > mem_limit) [[unlikely]] {                        \
      if (end_ > MEM_SIZE()) TRAP(TrapKind::MemoryOutOfBounds); \
      mem_limit = inst->memory0->note_access(end_);             \
    }                                                           \
  } while (0)
// A bulk write of n bytes at d (n = 0 writes nothing, even at the end of the memory).
#define BULK_WRITE_CHECK(d, n)                                                           \
  do {                                                                                   \
    if ((d) + (n) > MEM_SIZE()) TRAP(TrapKind::MemoryOutOfBounds);                       \
    if ((n) && (d) + (n) > mem_limit) mem_limit = inst->memory0->note_access((d) + (n)); \
  } while (0)
// Charges units x unit_cost gas (bulk operations), saturating on overflow.
#define CHARGE(units, unit_cost)                                                  \
  do {                                                                            \
    uint64_t cost_;                                                               \
    if (__builtin_mul_overflow(uint64_t(units), (unit_cost), &cost_)) cost_ = UINT64_MAX; \
    if (gas < cost_) OUT_OF_GAS(cost_);                                           \
    gas -= cost_;                                                                 \
  } while (0)
#define RELOAD_MEM()                              \
  do {                                            \
    MemoryInstance* m0 = inst->memory0;           \
    mem = m0 ? m0->base_ : nullptr;               \
    mem_limit = m0 ? m0->dirty_ : 0;              \
    local_funcs = inst->module->functions.data(); \
  } while (0)

  if (callee->host) {
    HostCall hc{store, nullptr, callee->host_user};
    return callee->host(hc, args);
  }
  inst = callee->instance;
  RELOAD_MEM();
  cf = callee->code;
  goto enter;

do_call:
  if (callee->host) {
    st.sp = reinterpret_cast<Slot*>(fp + size_t(fn->frame_slots) * 8);
    st.depth = depth;
    st.gas_left = gas;
    HostCall hc{store, inst, callee->host_user};
    TrapKind t = callee->host(hc, reinterpret_cast<Slot*>(new_fp));
    st.depth = depth;
    gas = st.gas_left;
    if (t != TrapKind::None) TRAP(t);
    RELOAD_MEM();
    DISPATCH();
  }
  if (depth + 1 >= max_depth) TRAP(TrapKind::CallStackExhausted);
  frames[depth++] = Frame{pc, fp, fn, inst};
  fp = new_fp;
  cf = callee->code;
  if (callee->instance != inst) {
    inst = callee->instance;
    RELOAD_MEM();
  }
enter:
  if (fp + size_t(cf->frame_slots) * 8 > stack_end) TRAP(TrapKind::CallStackExhausted);
  if (gas < cf->entry_gas) OUT_OF_GAS(cf->entry_gas);
  gas -= cf->entry_gas;
  fn = cf;
  {
    // Locals start at zero; constants follow them. Loops: most functions have few of each.
    Slot* slots = reinterpret_cast<Slot*>(fp) + cf->num_params;
    for (uint32_t i = 0, n = cf->num_locals; i < n; ++i) slots[i] = 0;
    slots += cf->num_locals;
    const Slot* consts = cf->constants.data();
    for (size_t i = 0, n = cf->constants.size(); i < n; ++i) slots[i] = consts[i];
  }
  pc = cf->code.data();
  DISPATCH();

op_call_local:
  // A function defined in this module: no host or instance switch to consider.
  cf = local_funcs + W(0);
  new_fp = fp + W(1);
  pc += 4;
  if (depth + 1 >= max_depth) TRAP(TrapKind::CallStackExhausted);
  frames[depth++] = Frame{pc, fp, fn, inst};
  fp = new_fp;
  goto enter;

op_return_:
  if (depth == entry_depth) {
    st.depth = depth;
    st.gas_left = gas;
    return TrapKind::None;
  }
  {
    const Frame& f = frames[--depth];
    pc = f.pc;
    fp = f.fp;
    fn = f.fn;
    // Only another instance's memory can have changed size behind this frame's back.
    if (f.inst != inst) {
      inst = f.inst;
      RELOAD_MEM();
    }
    DISPATCH();
  }

op_call:
  callee = inst->funcs[W(0)];
  new_fp = fp + W(1);
  pc += 4;
  goto do_call;

op_call_indirect: {
  TableInstance* table = inst->tables[W(1)];
  uint32_t index = rd<uint32_t>(SLOT(2));
  if (index >= table->elems.size()) TRAP(TrapKind::UndefinedElement);
  callee = reinterpret_cast<FuncInstance*>(table->elems[index]);
  if (!callee) TRAP(TrapKind::UninitializedElement);
  if (callee->type_id != W(0)) TRAP(TrapKind::IndirectCallTypeMismatch);
  new_fp = fp + W(3);
  pc += 6;
  goto do_call;
}

op_unreachable:
  TRAP(TrapKind::Unreachable);

op_br:
  pc = pc + 2 + int32_t(W(0));
  DISPATCH();

op_br_if:
  if (rd<uint32_t>(SLOT(0))) {
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  NEXT(2);

op_br_unless:
  if (!rd<uint32_t>(SLOT(0))) {
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  NEXT(2);

#define BR_IF_CMP(name, T, cond)                   \
  op_br_if_##name : {                              \
    T a = rd<T>(SLOT(0));                          \
    T b = rd<T>(SLOT(1));                          \
    if (cond) {                                    \
      pc = pc + 4 + int32_t(W(2));                 \
      DISPATCH();                                  \
    }                                              \
    NEXT(3);                                       \
  }
#define CMP(name, inverse, T, cond) BR_IF_CMP(name, T, cond)
#include "exec/compares.def"
#undef CMP
#undef BR_IF_CMP

#define BR_IF_ADD_CMP(name, T, cond)               \
  op_br_if_add_##name : {                          \
    T a = T(rd<T>(SLOT(1)) + rd<T>(SLOT(2)));      \
    wr<T>(SLOT(0), a);                             \
    T b = rd<T>(SLOT(3));                          \
    if (cond) {                                    \
      pc = pc + 6 + int32_t(W(4));                 \
      DISPATCH();                                  \
    }                                              \
    NEXT(5);                                       \
  }
#define CMP(name, inverse, T, cond) BR_IF_ADD_CMP(name, T, cond)
#include "exec/compares.def"
#undef CMP
#undef BR_IF_ADD_CMP

op_br_if_i64_eqz:
  if (rd<uint64_t>(SLOT(0)) == 0) {
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  NEXT(2);

op_br_if_i64_nez:
  if (rd<uint64_t>(SLOT(0)) != 0) {
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  NEXT(2);

// Metered branches: charge the block they enter (amount words after the plain operands).
#define CHARGE_WORDS(p)                          \
  do {                                           \
    uint64_t amount_;                            \
    std::memcpy(&amount_, (p), 8);              \
    if (gas < amount_) OUT_OF_GAS(amount_);      \
    gas -= amount_;                              \
  } while (0)

op_br_gas:
  CHARGE_WORDS(pc + 3);
  pc = pc + 2 + int32_t(W(0));
  DISPATCH();

op_br_if_gas:
  if (rd<uint32_t>(SLOT(0))) {
    CHARGE_WORDS(pc + 4);
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  CHARGE_WORDS(pc + 6);
  NEXT(6);

op_br_unless_gas:
  if (!rd<uint32_t>(SLOT(0))) {
    CHARGE_WORDS(pc + 4);
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  CHARGE_WORDS(pc + 6);
  NEXT(6);

op_br_if_i64_eqz_gas:
  if (rd<uint64_t>(SLOT(0)) == 0) {
    CHARGE_WORDS(pc + 4);
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  CHARGE_WORDS(pc + 6);
  NEXT(6);

op_br_if_i64_nez_gas:
  if (rd<uint64_t>(SLOT(0)) != 0) {
    CHARGE_WORDS(pc + 4);
    pc = pc + 3 + int32_t(W(1));
    DISPATCH();
  }
  CHARGE_WORDS(pc + 6);
  NEXT(6);

#define BR_IF_CMP_GAS(name, T, cond)               \
  op_br_if_##name##_gas : {                        \
    T a = rd<T>(SLOT(0));                          \
    T b = rd<T>(SLOT(1));                          \
    if (cond) {                                    \
      CHARGE_WORDS(pc + 5);                        \
      pc = pc + 4 + int32_t(W(2));                 \
      DISPATCH();                                  \
    }                                              \
    CHARGE_WORDS(pc + 7);                          \
    NEXT(7);                                       \
  }
#define CMP(name, inverse, T, cond) BR_IF_CMP_GAS(name, T, cond)
#include "exec/compares.def"
#undef CMP
#undef BR_IF_CMP_GAS

// Each entry charges the block it enters: [index][count][off x count+1][lo hi x count+1].
op_br_table_gas: {
  uint32_t i = rd<uint32_t>(SLOT(0));
  uint32_t n = W(1);
  if (i > n) i = n;
  const uint32_t* entry_word = pc + 4 + i;
  CHARGE_WORDS(pc + 4 + (n + 1) + 2 * i);
  pc = entry_word + int32_t(*entry_word);
  DISPATCH();
}

#define BR_IF_ADD_CMP_GAS(name, T, cond)           \
  op_br_if_add_##name##_gas : {                    \
    T a = T(rd<T>(SLOT(1)) + rd<T>(SLOT(2)));      \
    wr<T>(SLOT(0), a);                             \
    T b = rd<T>(SLOT(3));                          \
    if (cond) {                                    \
      CHARGE_WORDS(pc + 7);                        \
      pc = pc + 6 + int32_t(W(4));                 \
      DISPATCH();                                  \
    }                                              \
    CHARGE_WORDS(pc + 9);                          \
    NEXT(9);                                       \
  }
#define CMP(name, inverse, T, cond) BR_IF_ADD_CMP_GAS(name, T, cond)
#include "exec/compares.def"
#undef CMP
#undef BR_IF_ADD_CMP_GAS
#undef CHARGE_WORDS

op_br_table: {
  uint32_t i = rd<uint32_t>(SLOT(0));
  uint32_t n = W(1);
  if (i > n) i = n;
  const uint32_t* entry_word = pc + 4 + i;
  pc = entry_word + int32_t(*entry_word);
  DISPATCH();
}

op_copy:
  std::memcpy(SLOT(0), SLOT(1), 8);
  NEXT(2);

op_copy2:
  std::memcpy(SLOT(0), SLOT(1), 8);
  std::memcpy(SLOT(2), SLOT(3), 8);
  NEXT(4);

op_const64:
  wr<uint64_t>(SLOT(0), uint64_t(W(1)) | (uint64_t(W(2)) << 32));
  NEXT(3);

op_select:
  std::memcpy(SLOT(0), rd<uint32_t>(SLOT(3)) ? SLOT(1) : SLOT(2), 8);
  NEXT(4);

op_global_get:
  wr<uint64_t>(SLOT(0), inst->globals[W(1)]->value);
  NEXT(2);

op_global_set:
  inst->globals[W(0)]->value = rd<uint64_t>(SLOT(1));
  NEXT(2);

#define LOAD(name, T, Mem)                                \
  op_##name : {                                           \
    uint64_t ea = uint64_t(rd<uint32_t>(SLOT(1))) + W(2); \
    ACCESS_CHECK(ea + sizeof(Mem));                       \
    wr<T>(SLOT(0), T(load_mem<Mem>(mem + ea)));           \
    NEXT(3);                                              \
  }
  LOAD(i32_load, uint32_t, uint32_t)
  LOAD(i64_load, uint64_t, uint64_t)
  LOAD(i32_load8_s, uint32_t, int8_t)
  LOAD(i32_load8_u, uint32_t, uint8_t)
  LOAD(i32_load16_s, uint32_t, int16_t)
  LOAD(i32_load16_u, uint32_t, uint16_t)
  LOAD(i64_load8_s, uint64_t, int8_t)
  LOAD(i64_load8_u, uint64_t, uint8_t)
  LOAD(i64_load16_s, uint64_t, int16_t)
  LOAD(i64_load16_u, uint64_t, uint16_t)
  LOAD(i64_load32_s, uint64_t, int32_t)
  LOAD(i64_load32_u, uint64_t, uint32_t)
#undef LOAD

#define LOAD_ADD(name, T, Mem)                                                              \
  op_##name##_add : {                                                                       \
    uint64_t ea = uint64_t(uint32_t(rd<uint32_t>(SLOT(1)) + rd<uint32_t>(SLOT(2)))) + W(3); \
    ACCESS_CHECK(ea + sizeof(Mem));                                                         \
    wr<T>(SLOT(0), T(load_mem<Mem>(mem + ea)));                                             \
    NEXT(4);                                                                                \
  }
  LOAD_ADD(i32_load, uint32_t, uint32_t)
  LOAD_ADD(i64_load, uint64_t, uint64_t)
  LOAD_ADD(i32_load8_s, uint32_t, int8_t)
  LOAD_ADD(i32_load8_u, uint32_t, uint8_t)
  LOAD_ADD(i32_load16_s, uint32_t, int16_t)
  LOAD_ADD(i32_load16_u, uint32_t, uint16_t)
  LOAD_ADD(i64_load8_s, uint64_t, int8_t)
  LOAD_ADD(i64_load8_u, uint64_t, uint8_t)
  LOAD_ADD(i64_load16_s, uint64_t, int16_t)
  LOAD_ADD(i64_load16_u, uint64_t, uint16_t)
  LOAD_ADD(i64_load32_s, uint64_t, int32_t)
  LOAD_ADD(i64_load32_u, uint64_t, uint32_t)
#undef LOAD_ADD

#define LOAD_IDX(name, T, Mem)                                                           \
  op_##name##_idx : {                                                                    \
    uint32_t x = rd<uint32_t>(SLOT(1)), base = rd<uint32_t>(SLOT(3));                    \
    uint64_t ea = uint64_t(uint32_t((x << (rd<uint32_t>(SLOT(2)) & 31)) + base)) + W(4); \
    ACCESS_CHECK(ea + sizeof(Mem));                                                      \
    wr<T>(SLOT(0), T(load_mem<Mem>(mem + ea)));                                          \
    NEXT(5);                                                                             \
  }
  LOAD_IDX(i32_load, uint32_t, uint32_t)
  LOAD_IDX(i64_load, uint64_t, uint64_t)
  LOAD_IDX(i32_load8_s, uint32_t, int8_t)
  LOAD_IDX(i32_load8_u, uint32_t, uint8_t)
  LOAD_IDX(i32_load16_s, uint32_t, int16_t)
  LOAD_IDX(i32_load16_u, uint32_t, uint16_t)
  LOAD_IDX(i64_load8_s, uint64_t, int8_t)
  LOAD_IDX(i64_load8_u, uint64_t, uint8_t)
  LOAD_IDX(i64_load16_s, uint64_t, int16_t)
  LOAD_IDX(i64_load16_u, uint64_t, uint16_t)
  LOAD_IDX(i64_load32_s, uint64_t, int32_t)
  LOAD_IDX(i64_load32_u, uint64_t, uint32_t)
#undef LOAD_IDX

#define STORE(name, Mem)                                  \
  op_##name : {                                           \
    uint64_t ea = uint64_t(rd<uint32_t>(SLOT(0))) + W(2); \
    ACCESS_CHECK(ea + sizeof(Mem));                       \
    store_mem<Mem>(mem + ea, Mem(rd<uint64_t>(SLOT(1)))); \
    NEXT(3);                                              \
  }
  STORE(i32_store, uint32_t)
  STORE(i64_store, uint64_t)
  STORE(i32_store8, uint8_t)
  STORE(i32_store16, uint16_t)
  STORE(i64_store8, uint8_t)
  STORE(i64_store16, uint16_t)
  STORE(i64_store32, uint32_t)
#undef STORE

#define STORE_ADD(name, Mem)                                                                \
  op_##name##_add : {                                                                       \
    uint64_t ea = uint64_t(uint32_t(rd<uint32_t>(SLOT(0)) + rd<uint32_t>(SLOT(1)))) + W(3); \
    ACCESS_CHECK(ea + sizeof(Mem));                                                         \
    store_mem<Mem>(mem + ea, Mem(rd<uint64_t>(SLOT(2))));                                   \
    NEXT(4);                                                                                \
  }
  STORE_ADD(i32_store, uint32_t)
  STORE_ADD(i64_store, uint64_t)
  STORE_ADD(i32_store8, uint8_t)
  STORE_ADD(i32_store16, uint16_t)
  STORE_ADD(i64_store8, uint8_t)
  STORE_ADD(i64_store16, uint16_t)
  STORE_ADD(i64_store32, uint32_t)
#undef STORE_ADD

// A binary op whose second operand comes straight from memory (a fused load).
#define LB(name, T, commutative, expr)                                                      \
  op_##name##_load : {                                                                      \
    uint64_t ea = uint64_t(rd<uint32_t>(SLOT(2))) + W(3);                                   \
    ACCESS_CHECK(ea + sizeof(T));                                                           \
    T x = rd<T>(SLOT(1));                                                                   \
    T m = load_mem<T>(mem + ea);                                                            \
    wr_result<T>(SLOT(0), expr);                                                            \
    NEXT(4);                                                                                \
  }                                                                                         \
  op_##name##_load_add : {                                                                  \
    uint64_t ea = uint64_t(uint32_t(rd<uint32_t>(SLOT(2)) + rd<uint32_t>(SLOT(3)))) + W(4); \
    ACCESS_CHECK(ea + sizeof(T));                                                           \
    T x = rd<T>(SLOT(1));                                                                   \
    T m = load_mem<T>(mem + ea);                                                            \
    wr_result<T>(SLOT(0), expr);                                                            \
    NEXT(5);                                                                                \
  }                                                                                         \
  op_##name##_load_store : {                                                                \
    uint64_t ea = uint64_t(rd<uint32_t>(SLOT(1))) + W(2);                                   \
    ACCESS_CHECK(ea + sizeof(T));                                                           \
    T x = rd<T>(SLOT(0));                                                                   \
    T m = load_mem<T>(mem + ea);                                                            \
    store_mem<T>(mem + ea, canon_result<T>(expr));                                          \
    NEXT(3);                                                                                \
  }
#include "exec/load_binops.def"
#undef LB

// outer(inner(a, b), c): the inner result never goes through a slot.
#define CHAIN(inner, outer)                                                                     \
  op_i32_##inner##_##outer : {                                                                  \
    uint32_t t = bin_i32_##inner(rd<uint32_t>(SLOT(1)), rd<uint32_t>(SLOT(2)));                   \
    wr<uint32_t>(SLOT(0), bin_i32_##outer(t, rd<uint32_t>(SLOT(3))));                             \
    NEXT(4);                                                                                    \
  }
#include "exec/chain_binops.def"
#undef CHAIN

// mem[c] = mem[c] + x * mem[b]: both addresses are checked before anything is stored.
#define MULADD_STORE(name, T, b_ea, c_word, words)                        \
  op_##name : {                                                           \
    uint64_t bea = b_ea;                                                  \
    uint64_t cea = uint64_t(rd<uint32_t>(SLOT(c_word))) + W(c_word + 1);  \
    ACCESS_CHECK(bea + sizeof(T));                                        \
    ACCESS_CHECK(cea + sizeof(T));                                        \
    T p = rd<T>(SLOT(0)) * load_mem<T>(mem + bea);                        \
    store_mem<T>(mem + cea, canon_result<T>(p + load_mem<T>(mem + cea))); \
    NEXT(words);                                                          \
  }
  MULADD_STORE(f64_muladd_store, double, uint64_t(rd<uint32_t>(SLOT(1))) + W(2), 3, 5)
  MULADD_STORE(f64_muladd_store_add, double,
               uint64_t(uint32_t(rd<uint32_t>(SLOT(1)) + rd<uint32_t>(SLOT(2)))) + W(3), 4, 6)
  MULADD_STORE(f32_muladd_store, float, uint64_t(rd<uint32_t>(SLOT(1))) + W(2), 3, 5)
  MULADD_STORE(f32_muladd_store_add, float,
               uint64_t(uint32_t(rd<uint32_t>(SLOT(1)) + rd<uint32_t>(SLOT(2)))) + W(3), 4, 6)
#undef MULADD_STORE

op_memory_size:
  wr<uint32_t>(SLOT(0), uint32_t(MEM_SIZE() / kPageSize));
  NEXT(1);

op_memory_grow: {
  CHARGE(rd<uint32_t>(SLOT(1)), page_cost);
  int64_t old = inst->memory0->grow(rd<uint32_t>(SLOT(1)));
  wr<uint32_t>(SLOT(0), uint32_t(int32_t(old)));
  RELOAD_MEM();
  NEXT(2);
}

op_memory_init: {
  uint32_t seg = W(0);
  uint64_t d = rd<uint32_t>(SLOT(1)), s = rd<uint32_t>(SLOT(2)), n = rd<uint32_t>(SLOT(3));
  const auto& bytes = inst->module->datas[seg].bytes;
  uint64_t seg_size = inst->dropped_datas[seg] ? 0 : bytes.size();
  CHARGE(n, byte_cost);
  if (s + n > seg_size) TRAP(TrapKind::MemoryOutOfBounds);
  BULK_WRITE_CHECK(d, n);
  if (n) std::memcpy(mem + d, bytes.data() + s, n);
  NEXT(4);
}

op_data_drop:
  inst->dropped_datas[W(0)] = 1;
  NEXT(1);

op_memory_copy: {
  uint64_t d = rd<uint32_t>(SLOT(0)), s = rd<uint32_t>(SLOT(1)), n = rd<uint32_t>(SLOT(2));
  CHARGE(n, byte_cost);
  if (s + n > MEM_SIZE()) TRAP(TrapKind::MemoryOutOfBounds);
  BULK_WRITE_CHECK(d, n);
  if (n) std::memmove(mem + d, mem + s, n);
  NEXT(3);
}

op_memory_fill: {
  uint64_t d = rd<uint32_t>(SLOT(0)), n = rd<uint32_t>(SLOT(2));
  CHARGE(n, byte_cost);
  BULK_WRITE_CHECK(d, n);
  if (n) std::memset(mem + d, int(rd<uint32_t>(SLOT(1)) & 0xff), n);
  NEXT(3);
}

op_table_get: {
  TableInstance* t = inst->tables[W(1)];
  uint32_t i = rd<uint32_t>(SLOT(2));
  if (i >= t->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  wr<uint64_t>(SLOT(0), t->elems[i]);
  NEXT(3);
}

op_table_set: {
  TableInstance* t = inst->tables[W(0)];
  uint32_t i = rd<uint32_t>(SLOT(1));
  if (i >= t->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  t->elems[i] = rd<uint64_t>(SLOT(2));
  NEXT(3);
}

op_table_size:
  wr<uint32_t>(SLOT(0), uint32_t(inst->tables[W(1)]->elems.size()));
  NEXT(2);

op_table_grow: {
  CHARGE(rd<uint32_t>(SLOT(3)), element_cost);
  int64_t old = inst->tables[W(1)]->grow(rd<uint32_t>(SLOT(3)), rd<uint64_t>(SLOT(2)));
  wr<uint32_t>(SLOT(0), uint32_t(int32_t(old)));
  NEXT(4);
}

op_table_fill: {
  TableInstance* t = inst->tables[W(0)];
  uint64_t i = rd<uint32_t>(SLOT(1)), n = rd<uint32_t>(SLOT(3));
  Slot v = rd<uint64_t>(SLOT(2));
  CHARGE(n, element_cost);
  if (i + n > t->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  std::fill_n(t->elems.begin() + ptrdiff_t(i), n, v);
  NEXT(4);
}

op_table_copy: {
  TableInstance* dt = inst->tables[W(0)];
  TableInstance* stbl = inst->tables[W(1)];
  uint64_t d = rd<uint32_t>(SLOT(2)), s = rd<uint32_t>(SLOT(3)), n = rd<uint32_t>(SLOT(4));
  CHARGE(n, element_cost);
  if (s + n > stbl->elems.size() || d + n > dt->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  if (n) std::memmove(dt->elems.data() + d, stbl->elems.data() + s, n * sizeof(Slot));
  NEXT(5);
}

op_table_init: {
  TableInstance* t = inst->tables[W(0)];
  const auto& seg = inst->elem_segments[W(1)];
  uint64_t d = rd<uint32_t>(SLOT(2)), s = rd<uint32_t>(SLOT(3)), n = rd<uint32_t>(SLOT(4));
  CHARGE(n, element_cost);
  if (s + n > seg.size() || d + n > t->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  if (n) std::memcpy(t->elems.data() + d, seg.data() + s, n * sizeof(Slot));
  NEXT(5);
}

op_elem_drop:
  inst->elem_segments[W(0)].clear();
  inst->elem_segments[W(0)].shrink_to_fit();
  NEXT(1);

op_ref_is_null:
  wr<uint32_t>(SLOT(0), rd<uint64_t>(SLOT(1)) == 0);
  NEXT(2);

op_ref_func:
  wr<uint64_t>(SLOT(0), reinterpret_cast<uint64_t>(inst->funcs[W(1)]));
  NEXT(2);

op_gas: {
  uint64_t amount = uint64_t(W(0)) | (uint64_t(W(1)) << 32);
  if (gas < amount) OUT_OF_GAS(amount);
  gas -= amount;
  NEXT(2);
}

#define UN(code, name, in, out, expr)                     \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    wr<T_##out>(SLOT(0), T_##out(expr));                  \
    NEXT(2);                                              \
  }
#define BIN(code, name, in, out, expr)                    \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    T_##in b = rd<T_##in>(SLOT(2));                       \
    wr<T_##out>(SLOT(0), T_##out(expr));                  \
    NEXT(3);                                              \
  }
#define UN_TRAP(code, name, in, out, expr)                \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    T_##out r{};                                          \
    TrapKind t = expr;                                    \
    if (t != TrapKind::None) TRAP(t);                     \
    wr<T_##out>(SLOT(0), r);                              \
    NEXT(2);                                              \
  }
#define BIN_TRAP(code, name, in, out, expr)               \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    T_##in b = rd<T_##in>(SLOT(2));                       \
    T_##out r{};                                          \
    TrapKind t = expr;                                    \
    if (t != TrapKind::None) TRAP(t);                     \
    wr<T_##out>(SLOT(0), r);                              \
    NEXT(3);                                              \
  }
// The result is stored first and replaced when it is a NaN (wr_result): the check stays off
// the data path (a predicted branch instead of a conditional move after every float operation).
#define UN_NAN(code, name, in, out, expr)                 \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    wr_result<T_##out>(SLOT(0), expr);                    \
    NEXT(2);                                              \
  }
#define BIN_NAN(code, name, in, out, expr)                \
  op_##name : {                                           \
    T_##in a = rd<T_##in>(SLOT(1));                       \
    T_##in b = rd<T_##in>(SLOT(2));                       \
    wr_result<T_##out>(SLOT(0), expr);                    \
    NEXT(3);                                              \
  }
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
#undef UN_NAN
#undef BIN_NAN

trapped:
  st.depth = entry_depth;
  st.gas_left = gas;
  return trap;

#undef W
#undef SLOT
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef RELOAD_MEM
#undef ACCESS_CHECK
#undef MEM_SIZE
#undef BULK_WRITE_CHECK
#undef CHARGE
#undef OUT_OF_GAS
}

const void* const* interpreter_handlers() {
  static const void* const* table = [] {
    const void* const* t = nullptr;
    Interpreter::run(nullptr, nullptr, nullptr, &t);
    return t;
  }();
  return table;
}

}  // namespace syncwasm::wasm
