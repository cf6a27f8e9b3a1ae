// One pass per function: validates each instruction (type stack, control stack) and lowers it to
// register-style interpreter code.
//
// Frame layout (8-byte slots): [params][locals][constants][operand stack]. Every operand-stack
// position has a fixed "home" slot, known at lowering time. A value on the abstract stack may
// also live elsewhere: a local.get stays a reference to the local's slot, and a constant a
// reference to the frame's constant area, until something forces it home (a write to that
// local, a block boundary, a branch, a call). Instructions read their operands straight from
// wherever the values live, so `local.get; local.get; i32.add; local.set` is one instruction.
//
// The number of constants is only known at the end, so stack and constant operands are emitted
// tagged (kStackTag / kConstTag) and resolved to byte offsets in finish().
#include "lower/function_compiler.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "binary/reader.h"
#include "exec/op_table.h"

namespace syncwasm::wasm {
namespace {

constexpr uint32_t kStackTag = 1u << 30;
constexpr uint32_t kConstTag = 1u << 31;
constexpr uint32_t kMaxConstants = 256;  // more constants are materialised by const64
constexpr ValType kBot = static_cast<ValType>(0);  // the unknown type of unreachable code

enum class CtrlKind : uint8_t { Func, Block, Loop, If, Else };

struct BlockType {
  const ValType* params = nullptr;
  uint32_t num_params = 0;
  const ValType* results = nullptr;
  uint32_t num_results = 0;
};

// A forward branch to a block's end (or an if's else): its offset word and, metered, the amount
// words that charge the block it enters (-1: none).
struct Patch {
  uint32_t off;
  int64_t gas = -1;
};

struct Ctrl {
  CtrlKind kind;
  BlockType type;
  uint32_t height;       // abstract stack height below the params
  bool unreachable = false;
  bool entered_dead = false;// the block itself began in dead code
  uint32_t label = 0;    // loop: code position of the loop head
  std::vector<Patch> patches;     // forward branches to this block's end
  Patch else_patch{0, -1};        // if: the br_unless to patch at else/end
  bool has_else_patch = false;
  // loop, with metering: the gas of the loop head's block, charged by every back-edge.
  bool head_gas_known = false;
  uint64_t head_gas = 0;
  std::vector<uint32_t> head_gas_pending;  // back-edge amount words written once it is known
  // Label types: what a branch to this block carries.
  const ValType* label_types() const { return kind == CtrlKind::Loop ? type.params : type.results; }
  uint32_t label_arity() const { return kind == CtrlKind::Loop ? type.num_params : type.num_results; }
};

Error invalid(std::string msg) { return make_error(ErrorKind::Invalid, std::move(msg)); }

const ValType kSingle[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128,
                           ValType::FuncRef, ValType::ExternRef};
const ValType* single(ValType t) {
  for (const auto& v : kSingle)
    if (v == t) return &v;
  return nullptr;
}

class FunctionCompiler {
 public:
  FunctionCompiler(const Module& m, const EngineConfig& cfg, const std::vector<uint8_t>& declared,
                   const FunctionBody& body, CompiledFunction& out)
      : m_(m), cfg_(cfg), declared_(declared), r_(body.bytes, body.offset), out_(out),
        code_(out.code), handlers_(interpreter_handlers()) {
    out_.type_index = m.func_types[body.func_index];
    type_ = &m.types[out_.type_index];
  }

  Result<void> run() {
    SW_TRY(read_locals());
    BlockType bt{type_->params.data(), 0, type_->results.data(), uint32_t(type_->results.size())};
    push_ctrl(CtrlKind::Func, bt);
    if (cfg_.metering.enabled) {  // charged by the call: no instruction
      gas_open_ = true;
      gas_entry_ = true;
    }
    while (!ctrls_.empty()) {
      if (r_.at_end()) return r_.error("unexpected end of section or function (END opcode expected)");
      size_t at = r_.offset();
      auto res = instruction();
      if (!res.ok()) {
        Error e = res.take_error();
        // Malformed errors carry the reader's offset; give validation errors the instruction's.
        if (e.kind != ErrorKind::Malformed) e.message += " at offset " + std::to_string(at);
        return e;
      }
    }
    if (!r_.at_end()) return r_.error("section size mismatch (operators remaining after function end)");
    finish();
    return {};
  }

 private:
  // ---------------------------------------------------------------- locals
  Result<void> read_locals() {
    SW_TRY_ASSIGN(uint32_t groups, r_.u32());
    uint64_t total = 0;
    local_types_.assign(type_->params.begin(), type_->params.end());
    for (uint32_t g = 0; g < groups; ++g) {
      SW_TRY_ASSIGN(uint32_t n, r_.u32());
      total += n;
      if (total > 0xffffffffull) return r_.error("too many locals");
      if (total > cfg_.limits.max_locals_per_function)
        return make_error(ErrorKind::LimitExceeded, "function declares " + std::to_string(total) +
                                                        " locals, more than max_locals_per_function " +
                                                        std::to_string(cfg_.limits.max_locals_per_function));
      SW_TRY_ASSIGN(uint8_t t, r_.u8());
      ValType vt = static_cast<ValType>(t);
      if (!(t == 0x7f || t == 0x7e || t == 0x7d || t == 0x7c || t == 0x70 ||
            (t == 0x6f && cfg_.features.reference_types)))
        return r_.error("malformed value type (local)");
      local_types_.insert(local_types_.end(), n, vt);
    }
    out_.num_params = uint32_t(type_->params.size());
    out_.num_results = uint32_t(type_->results.size());
    out_.num_locals = uint32_t(total);
    local_refs_.resize(local_types_.size());
    local_written_.assign(local_types_.size(), 0);
    return {};
  }

  // ---------------------------------------------------------------- emission
  // Code after an unconditional branch, or inside a block that began there, is never run: it
  // is validated but not emitted.
  bool dead() const { return ctrls_.back().unreachable || ctrls_.back().entered_dead; }

  uint32_t home(uint32_t index) const { return kStackTag | index; }

  void emit_op(Op op) {
    note_instr(op);
    const void* h = handlers_[static_cast<size_t>(op)];
    uint32_t w[2];
    std::memcpy(w, &h, sizeof h);
    code_.push_back(w[0]);
    code_.push_back(w[1]);
    last_dst_pos_ = -1;
  }
  // The last two instructions emitted, for fusions; a label between them forgets the earlier.
  void note_instr(Op op) {
    prev_op_ = last_op_;
    prev_instr_pos_ = last_instr_pos_;
    last_op_ = op;
    last_instr_pos_ = code_.size();
  }
  // At a label: the next instruction can be reached from elsewhere, so it fuses with nothing.
  void forget_instrs() {
    last_op_ = prev_op_ = Op::unreachable;
    last_dst_pos_ = -1;
  }
  // Removes the last instruction (a fusion replaces it); the one before becomes the last.
  void drop_last_instr() {
    code_.resize(last_instr_pos_);
    while (!fixups_.empty() && fixups_.back() >= last_instr_pos_) fixups_.pop_back();
    last_op_ = prev_op_;
    last_instr_pos_ = prev_instr_pos_;
    prev_op_ = Op::unreachable;
    last_dst_pos_ = -1;
  }
  void emit_word(uint32_t w) { code_.push_back(w); }
  // A slot operand: tagged ones are resolved in finish().
  void emit_slot(uint32_t loc) {
    if (loc & (kStackTag | kConstTag)) fixups_.push_back(uint32_t(code_.size()));
    code_.push_back(loc);
  }
  void emit_dst(uint32_t loc) {
    int64_t pos = int64_t(code_.size());
    emit_slot(loc);
    last_dst_pos_ = pos;
  }
  // A branch offset word to be patched, or resolved now for a known target.
  void emit_branch_to(uint32_t target) {
    uint32_t pos = uint32_t(code_.size());
    code_.push_back(uint32_t(int32_t(target) - int32_t(pos)));
  }
  void bind_label_here(std::vector<uint32_t>& patches) {
    uint32_t here = uint32_t(code_.size());
    for (uint32_t p : patches) code_[p] = uint32_t(int32_t(here) - int32_t(p));
    patches.clear();
    forget_instrs();
  }

  // Emits a conditional branch on `cond` (taken when it is non-zero, or zero with
  // `when_true` false) and returns the position of its offset word. A compare that just
  // computed `cond` is fused into the branch.
  struct CondBranch {
    uint32_t off_pos;       // the branch offset word
    int64_t taken_pos = -1;  // metered: gas amount words charged when taken / not taken
    int64_t fall_pos = -1;
  };
  CondBranch emit_cond_branch(uint32_t cond, bool when_true) {
    struct Fusion {
      Op compare, when_true, when_false;
      Op add, add_when_true, add_when_false;  // with the add computing the first operand
    };
    static constexpr Fusion kFusions[] = {
#define CMP(name, inverse, type, cond)                                                   \
  {Op::name, Op::br_if_##name, Op::br_if_##inverse, sizeof(type) == 4 ? Op::i32_add : Op::i64_add, \
   Op::br_if_add_##name, Op::br_if_add_##inverse},
#include "exec/compares.def"
#undef CMP
        {Op::i32_eqz, Op::br_unless, Op::br_if, Op::unreachable, Op::unreachable, Op::unreachable},
        {Op::i64_eqz, Op::br_if_i64_eqz, Op::br_if_i64_nez, Op::unreachable, Op::unreachable,
         Op::unreachable},
    };
    // The compare's result must be the condition and used by nothing else: it was the last
    // instruction, no label lies between, and it wrote the condition's home slot.
    if (last_dst_pos_ >= 0 && code_[size_t(last_dst_pos_)] == cond && (cond & kStackTag)) {
      for (const Fusion& f : kFusions) {
        if (f.compare != last_op_) continue;
        bool unary = f.compare == Op::i32_eqz || f.compare == Op::i64_eqz;
        uint32_t a = code_[last_instr_pos_ + 3];
        uint32_t b = unary ? 0 : code_[last_instr_pos_ + 4];
        drop_last_instr();
        // The add just before computed the first operand: it joins the branch (and still
        // writes its destination, which may be a local).
        if (!unary && last_op_ == f.add && code_[last_instr_pos_ + 2] == a) {
          uint32_t x = code_[last_instr_pos_ + 3], y = code_[last_instr_pos_ + 4];
          drop_last_instr();
          emit_op(metered(when_true ? f.add_when_true : f.add_when_false));
          emit_slot(a);
          emit_slot(x);
          emit_slot(y);
          emit_slot(b);
          return finish_cond_branch();
        }
        emit_op(metered(when_true ? f.when_true : f.when_false));
        emit_slot(a);
        if (!unary) emit_slot(b);
        return finish_cond_branch();
      }
    }
    emit_op(metered(when_true ? Op::br_if : Op::br_unless));
    emit_slot(cond);
    return finish_cond_branch();
  }
  Op metered(Op op) const { return cfg_.metering.enabled ? metered_branch(op) : op; }
  // The offset word and, when metered, the two gas amounts of a conditional branch.
  CondBranch finish_cond_branch() {
    CondBranch b{uint32_t(code_.size())};
    emit_word(0);
    if (cfg_.metering.enabled) {
      b.taken_pos = int64_t(code_.size());
      emit_word(0);
      emit_word(0);
      b.fall_pos = int64_t(code_.size());
      emit_word(0);
      emit_word(0);
    }
    return b;
  }

  void emit_copy(uint32_t dst, uint32_t src) {
    if (dst == src) return;
    // Moves come in runs (branch moves, shuffled locals): two take one dispatch.
    if (last_op_ == Op::copy && last_instr_pos_ + 4 == code_.size()) {
      const void* h = handlers_[static_cast<size_t>(Op::copy2)];
      std::memcpy(&code_[last_instr_pos_], &h, sizeof h);
      last_op_ = Op::copy2;
      emit_dst(dst);
      emit_slot(src);
      return;
    }
    emit_op(Op::copy);
    emit_dst(dst);
    emit_slot(src);
  }

  // ---------------------------------------------------------------- gas regions
  // With metering on, every basic block (straight-line code between labels and branches) is
  // charged once, before it runs, the cost of all its Wasm instructions. Who charges depends
  // on how the block is entered:
  //  - the function's first block: the call, with the frame (CompiledFunction::entry_gas);
  //  - the fall-through of a conditional branch: that branch, when not taken;
  //  - a loop head: a `gas` instruction before the loop for the first iteration, then every
  //    back-edge branch when taken (so a loop body runs no `gas` instruction);
  //  - a block end or else: every branch to it, in its amount words (skipping the label's
  //    `gas` instruction); the fall-through from an empty block hands over that block's
  //    chargers, from any other block it runs a `gas` instruction at the label.

  void add_gas(int64_t pos, uint64_t amount) {
    uint64_t v = uint64_t(code_[size_t(pos)]) | (uint64_t(code_[size_t(pos) + 1]) << 32);
    if (__builtin_add_overflow(v, amount, &v)) v = UINT64_MAX;
    code_[size_t(pos)] = uint32_t(v);
    code_[size_t(pos) + 1] = uint32_t(v >> 32);
  }
  // Opens a block charged by a `gas` instruction emitted here.
  void open_gas_region() {
    if (!cfg_.metering.enabled || dead()) return;
    emit_op(Op::gas);
    gas_op_pos_ = int64_t(code_.size());
    open_gas_region_at(gas_op_pos_);
    emit_word(0);
    emit_word(0);
  }
  // Opens a block whose charge goes to the amount words at `pos` (a branch's).
  void open_gas_region_at(int64_t pos) {
    if (!cfg_.metering.enabled || dead() || pos < 0) return;
    gas_open_ = true;
    gas_entry_ = false;
    gas_words_.assign(1, uint32_t(pos));
    gas_ops_ = 0;
    gas_loop_ = -1;
  }
  void close_gas_region() {
    if (!gas_open_) return;
    uint64_t amount;
    if (__builtin_mul_overflow(gas_ops_, cfg_.metering.regular_op_cost, &amount)) amount = UINT64_MAX;
    if (gas_entry_ && __builtin_add_overflow(out_.entry_gas, amount, &out_.entry_gas)) out_.entry_gas = UINT64_MAX;
    if (amount == 0 && !gas_entry_ && gas_words_.size() == 1 && int64_t(gas_words_[0]) == gas_op_pos_ &&
        size_t(gas_op_pos_) + 2 == code_.size() && gas_loop_ < 0) {
      code_.resize(size_t(gas_op_pos_) - 2);  // an empty block needs no `gas` instruction
      forget_instrs();
    } else {
      for (uint32_t w : gas_words_) add_gas(w, amount);
    }
    if (gas_loop_ >= 0) {  // a loop head: back-edges seen so far get the amount now
      Ctrl& loop = ctrls_[size_t(gas_loop_)];
      loop.head_gas_known = true;
      loop.head_gas = amount;
      for (uint32_t p : loop.head_gas_pending) add_gas(p, amount);
      loop.head_gas_pending.clear();
    }
    gas_open_ = false;
    gas_entry_ = false;
    gas_words_.clear();
    gas_op_pos_ = -1;
    gas_ops_ = 0;
    gas_loop_ = -1;
  }
  // Binds a block end or else label whose block starts here; `fall_live`: the code before runs
  // into it. With metering the block is charged by the edges that enter it (see above).
  void bind_block_label(std::vector<Patch>& patches, bool fall_live) {
    if (!cfg_.metering.enabled || dead()) {
      std::vector<uint32_t> offs;
      for (const Patch& p : patches) offs.push_back(p.off);
      patches.clear();
      bind_label_here(offs);
      close_gas_region();
      return;
    }
    bool all_charge = true;
    for (const Patch& p : patches) all_charge &= p.gas >= 0;
    std::vector<uint32_t> words;
    bool entry = false;
    int64_t op_pos = -1;
    if (fall_live && gas_open_ && gas_ops_ == 0 && gas_loop_ < 0 && all_charge) {
      // An empty block before: whatever charges it charges this block instead.
      words = std::move(gas_words_);
      entry = gas_entry_;
      op_pos = gas_op_pos_;
    }
    gas_open_ = false;  // (handed over, or closed by the caller)
    const uint32_t label = uint32_t(code_.size());
    if ((fall_live && words.empty() && !entry) || !all_charge) {
      emit_op(Op::gas);
      op_pos = int64_t(code_.size());
      words.push_back(uint32_t(op_pos));
      emit_word(0);
      emit_word(0);
    }
    const uint32_t after = uint32_t(code_.size());
    for (const Patch& p : patches) {
      uint32_t target = p.gas >= 0 ? after : label;
      code_[p.off] = uint32_t(int32_t(target) - int32_t(p.off));
      if (p.gas >= 0) words.push_back(uint32_t(p.gas));
    }
    patches.clear();
    forget_instrs();
    gas_open_ = true;
    gas_entry_ = entry;
    gas_words_ = std::move(words);
    gas_op_pos_ = op_pos;
    gas_ops_ = 0;
    gas_loop_ = -1;
  }
  // A back-edge to `loop` charges its head block: amount words at `pos`.
  void charge_loop_head(Ctrl& loop, int64_t pos) {
    if (pos < 0) return;
    if (loop.head_gas_known) add_gas(pos, loop.head_gas);
    else loop.head_gas_pending.push_back(uint32_t(pos));
  }

  // ---------------------------------------------------------------- abstract stack
  static uint32_t byte_size(ValType t) { return (t == ValType::I32 || t == ValType::F32) ? 4 : 8; }

  void push(ValType t, uint32_t loc) {
    types_.push_back(t);
    locs_.push_back(loc);
    if (types_.size() > max_height_) max_height_ = uint32_t(types_.size());
    stack_bytes_ += byte_size(t);
    if (stack_bytes_ > max_stack_bytes_) max_stack_bytes_ = stack_bytes_;
  }
  void truncate_stack(uint32_t h) {
    while (height() > h) {
      stack_bytes_ -= byte_size(types_.back());
      types_.pop_back();
      locs_.pop_back();
    }
    if (materialized_upto_ > h) materialized_upto_ = h;
  }
  // Pushes a value computed into its home slot; returns that slot.
  uint32_t push_home(ValType t) {
    uint32_t loc = home(uint32_t(types_.size()));
    push(t, loc);
    return loc;
  }
  uint32_t height() const { return uint32_t(types_.size()); }

  Result<ValType> pop_any() {
    Ctrl& c = ctrls_.back();
    if (height() == c.height) {
      if (c.unreachable) {
        popped_loc_ = home(height());
        return kBot;
      }
      return invalid("type mismatch: operand stack underflow");
    }
    ValType t = types_.back();
    popped_loc_ = locs_.back();
    truncate_stack(height() - 1);
    return t;
  }
  // Pops a value of type `expected`; its location is left in popped_loc_.
  Result<ValType> pop(ValType expected) {
    SW_TRY_ASSIGN(ValType t, pop_any());
    if (t != expected && t != kBot && expected != kBot)
      return invalid(std::string("type mismatch: expected ") + val_type_name(expected) + ", got " +
                     val_type_name(t));
    return t == kBot ? expected : t;
  }
  Result<uint32_t> pop_loc(ValType expected) {
    SW_TRY(pop(expected));
    return popped_loc_;
  }

  bool is_local_loc(uint32_t loc) const { return !(loc & (kStackTag | kConstTag)); }

  // Moves stack entry i to its home slot.
  void materialize(uint32_t i) {
    if (locs_[i] == home(i)) return;
    if (!dead()) emit_copy(home(i), locs_[i]);
    locs_[i] = home(i);
  }
  // Before a block: references to locals below it must become values, because a local.set
  // inside the block may run on only some paths.
  void materialize_local_refs() {
    for (uint32_t i = materialized_upto_; i < height(); ++i)
      if (is_local_loc(locs_[i])) materialize(i);
    materialized_upto_ = height();
  }
  void materialize_top(uint32_t n) {
    for (uint32_t i = height() - n; i < height(); ++i) materialize(i);
  }
  // Before local `index` is written: stack entries still referring to it take its old value.
  void materialize_refs_to_local(uint32_t index) {
    uint32_t loc = index * 8;
    for (uint32_t i : local_refs_[index])
      if (i < height() && locs_[i] == loc) materialize(i);
    local_refs_[index].clear();
  }

  uint32_t const_loc(Slot bits) {
    auto it = const_index_.find(bits);
    if (it != const_index_.end()) return kConstTag | it->second;
    if (out_.constants.size() >= kMaxConstants) return UINT32_MAX;
    uint32_t idx = uint32_t(out_.constants.size());
    out_.constants.push_back(bits);
    const_index_.emplace(bits, idx);
    return kConstTag | idx;
  }
  void push_const(ValType t, Slot bits) {
    uint32_t loc = const_loc(bits);
    if (loc != UINT32_MAX) {
      push(t, loc);
      return;
    }
    uint32_t dst = push_home(t);
    if (!dead()) {
      emit_op(Op::const64);
      emit_dst(dst);
      emit_word(uint32_t(bits));
      emit_word(uint32_t(bits >> 32));
    }
  }

  // ---------------------------------------------------------------- control
  void push_ctrl(CtrlKind kind, BlockType bt) {
    Ctrl c{};
    c.kind = kind;
    c.type = bt;
    c.height = height() - (kind == CtrlKind::Func ? 0 : bt.num_params);
    c.entered_dead = !ctrls_.empty() && dead();
    if (kind == CtrlKind::Loop) ++open_loops_;
    ctrls_.push_back(std::move(c));
  }

  Result<BlockType> block_type() {
    SW_TRY_ASSIGN(int64_t v, r_.s33());
    BlockType bt;
    if (v == -64) return bt;  // 0x40: empty
    if (v < 0) {
      uint8_t b = uint8_t(v & 0x7f);
      ValType t = static_cast<ValType>(b);
      if (!(b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x70 ||
            (b == 0x6f && cfg_.features.reference_types)))
        return r_.error("malformed value type (block type)");
      bt.results = single(t);
      bt.num_results = 1;
      return bt;
    }
    if (uint64_t(v) >= m_.types.size()) return invalid("unknown type " + std::to_string(v));
    const FuncType& ft = m_.types[size_t(v)];
    if (!cfg_.features.multi_value && (!ft.params.empty() || ft.results.size() > 1))
      return invalid("block type with params or several results (multi-value disabled)");
    bt.params = ft.params.data();
    bt.num_params = uint32_t(ft.params.size());
    bt.results = ft.results.data();
    bt.num_results = uint32_t(ft.results.size());
    return bt;
  }

  Result<void> pop_values(const ValType* types, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) SW_TRY(pop(types[i]));
    return {};
  }
  // Checks that the top n values have the given types without popping (for branches).
  Result<void> check_top(const ValType* types, uint32_t n) {
    Ctrl& c = ctrls_.back();
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t depth = n - i;  // 1 = top
      if (height() < c.height + depth) {
        if (c.unreachable) continue;
        return invalid("type mismatch: not enough values for branch");
      }
      ValType t = types_[height() - depth];
      if (t != types[i] && t != kBot) return invalid("type mismatch in branch operands");
    }
    return {};
  }

  void set_unreachable() {
    Ctrl& c = ctrls_.back();
    truncate_stack(c.height);
    c.unreachable = true;
  }

  // Emits the moves of a branch to `target` carrying the top n values (not popped).
  void emit_branch_moves(const Ctrl& target, uint32_t n) {
    uint32_t src = height() - n;
    for (uint32_t i = 0; i < n; ++i) emit_copy(home(target.height + i), locs_[src + i]);
  }
  bool branch_needs_moves(const Ctrl& target, uint32_t n) const {
    uint32_t src = height() - n;
    for (uint32_t i = 0; i < n; ++i)
      if (locs_[src + i] != home(target.height + i)) return true;
    return false;
  }
  // Returns from the function with the top n values as results.
  void emit_return_sequence(uint32_t n) {
    uint32_t src = height() - n;
    // Results go to slots [0, n); a source that is a local could be overwritten on the way.
    for (uint32_t i = 0; i < n; ++i)
      if (is_local_loc(locs_[src + i]) && locs_[src + i] < n * 8) materialize(src + i);
    // A single result just computed into its home slot: let that instruction write slot 0.
    if (n == 1 && last_dst_pos_ >= 0 && code_[size_t(last_dst_pos_)] == locs_[src] && locs_[src] == home(src)) {
      if (last_op_ == Op::copy && code_[last_instr_pos_ + 3] == 0) drop_last_instr();  // local 0 itself
      else code_[size_t(last_dst_pos_)] = 0;
    } else {
      for (uint32_t i = 0; i < n; ++i) emit_copy(i * 8, locs_[src + i]);
    }
    emit_op(Op::return_);
  }
  // An unconditional branch (br, or a br_if's taken path) to label depth d.
  void emit_branch(uint32_t depth) {
    Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
    uint32_t n = target.label_arity();
    if (target.kind == CtrlKind::Func) {
      emit_return_sequence(n);
      return;
    }
    emit_branch_moves(target, n);
    if (target.kind == CtrlKind::Loop) {
      emit_op(metered(Op::br));
      emit_branch_to(target.label);
      if (cfg_.metering.enabled) {
        int64_t amount_pos = int64_t(code_.size());
        emit_word(0);
        emit_word(0);
        charge_loop_head(target, amount_pos);
      }
    } else {
      emit_forward_br(target);
    }
  }
  // A `br` (metered: br_gas, charging the block it enters) to a block end, patched there.
  void emit_forward_br(Ctrl& target) {
    emit_op(metered(Op::br));
    Patch p{uint32_t(code_.size())};
    emit_word(0);
    if (cfg_.metering.enabled) {
      p.gas = int64_t(code_.size());
      emit_word(0);
      emit_word(0);
    }
    target.patches.push_back(p);
  }

  Result<uint32_t> label_depth() {
    SW_TRY_ASSIGN(uint32_t d, r_.u32());
    if (d >= ctrls_.size()) return invalid("unknown label " + std::to_string(d));
    return d;
  }

  // ---------------------------------------------------------------- instructions
  Result<void> instruction() {
    SW_TRY_ASSIGN(uint8_t opcode, r_.u8());
    if (opcode != 0x02 && opcode != 0x05 && opcode != 0x0b) ++gas_ops_;  // block/else/end are free
    switch (opcode) {
      case 0x00:  // unreachable
        if (!dead()) emit_op(Op::unreachable);
        close_gas_region();
        set_unreachable();
        return {};
      case 0x01: return {};  // nop
      case 0x02:
      case 0x03: {  // block, loop
        SW_TRY_ASSIGN(BlockType bt, block_type());
        SW_TRY(retype_top(bt.params, bt.num_params));
        if (!dead()) {
          materialize_local_refs();
          materialize_top(bt.num_params);
        }
        push_ctrl(opcode == 0x02 ? CtrlKind::Block : CtrlKind::Loop, bt);
        if (opcode == 0x03) {
          close_gas_region();
          open_gas_region();  // the first iteration; back-edges charge the others
          if (gas_open_) gas_loop_ = int64_t(ctrls_.size() - 1);
          ctrls_.back().label = uint32_t(code_.size());
          forget_instrs();
        }
        return {};
      }
      case 0x04: {  // if
        SW_TRY_ASSIGN(BlockType bt, block_type());
        SW_TRY_ASSIGN(uint32_t cond, pop_loc(ValType::I32));
        SW_TRY(retype_top(bt.params, bt.num_params));
        if (!dead()) {
          materialize_local_refs();
          materialize_top(bt.num_params);
        }
        bool was_dead = dead();
        push_ctrl(CtrlKind::If, bt);
        CondBranch br{0};
        if (!was_dead) {
          br = emit_cond_branch(cond, false);
          ctrls_.back().else_patch = Patch{br.off_pos, br.taken_pos};
          ctrls_.back().has_else_patch = true;
        }
        close_gas_region();
        open_gas_region_at(br.fall_pos);
        return {};
      }
      case 0x05: {  // else
        Ctrl& c = ctrls_.back();
        if (c.kind != CtrlKind::If) return invalid("else without matching if");
        SW_TRY(end_of_block_values(c));
        if (!dead()) {
          materialize_top(c.type.num_results);
          emit_forward_br(c);
        }
        close_gas_region();
        truncate_stack(c.height);
        for (uint32_t i = 0; i < c.type.num_params; ++i) push(c.type.params[i], home(c.height + i));
        c.kind = CtrlKind::Else;
        c.unreachable = false;
        // Only the if's branch enters the else block.
        std::vector<Patch> p;
        if (c.has_else_patch) p.push_back(c.else_patch);
        c.has_else_patch = false;
        bind_block_label(p, false);
        return {};
      }
      case 0x0b: return end();
      case 0x0c: {  // br
        SW_TRY_ASSIGN(uint32_t d, label_depth());
        const Ctrl& t = ctrls_[ctrls_.size() - 1 - d];
        SW_TRY(check_top(t.label_types(), t.label_arity()));
        if (!dead()) emit_branch(d);
        close_gas_region();
        set_unreachable();
        return {};
      }
      case 0x0d: {  // br_if
        SW_TRY_ASSIGN(uint32_t d, label_depth());
        SW_TRY_ASSIGN(uint32_t cond, pop_loc(ValType::I32));
        Ctrl& t = ctrls_[ctrls_.size() - 1 - d];
        uint32_t n = t.label_arity();
        SW_TRY(retype_top(t.label_types(), n));
        if (dead()) return {};
        if (t.kind != CtrlKind::Func && !branch_needs_moves(t, n)) {
          CondBranch br = emit_cond_branch(cond, true);
          if (t.kind == CtrlKind::Loop) {
            code_[br.off_pos] = uint32_t(int32_t(t.label) - int32_t(br.off_pos));
            charge_loop_head(t, br.taken_pos);
          } else {
            t.patches.push_back(Patch{br.off_pos, br.taken_pos});
          }
          close_gas_region();
          open_gas_region_at(br.fall_pos);
        } else {
          // Not taken: skip the moves and the branch; the next block is entered by the skip.
          CondBranch br = emit_cond_branch(cond, false);
          std::vector<uint32_t> skip{br.off_pos};
          emit_branch(d);
          bind_label_here(skip);
          close_gas_region();
          open_gas_region_at(br.taken_pos);
        }
        return {};
      }
      case 0x0e: return br_table();
      case 0x0f: {  // return
        SW_TRY(check_top(type_->results.data(), uint32_t(type_->results.size())));
        if (!dead()) emit_return_sequence(uint32_t(type_->results.size()));
        close_gas_region();
        set_unreachable();
        return {};
      }
      case 0x10: {  // call
        SW_TRY_ASSIGN(uint32_t f, r_.u32());
        if (f >= m_.func_types.size()) return invalid("unknown function " + std::to_string(f));
        const FuncType& ft = m_.func_type(f);
        SW_TRY_ASSIGN(uint32_t base, call_args(ft));
        if (!dead()) {
          bool local = f >= m_.num_imported_funcs;
          emit_op(local ? Op::call_local : Op::call);
          emit_word(local ? f - m_.num_imported_funcs : f);
          emit_slot(base);
        }
        return {};
      }
      case 0x11: {  // call_indirect
        SW_TRY_ASSIGN(uint32_t ti, r_.u32());
        SW_TRY_ASSIGN(uint32_t table, r_.u32());
        if (!cfg_.features.reference_types && table != 0) return r_.error("zero byte expected");
        if (table >= m_.tables.size()) return invalid("unknown table " + std::to_string(table));
        if (ti >= m_.types.size()) return invalid("unknown type " + std::to_string(ti));
        if (m_.tables[table].elem != ValType::FuncRef) return invalid("type mismatch: call_indirect on a table of externref");
        SW_TRY_ASSIGN(uint32_t index, pop_loc(ValType::I32));
        // The index may sit in the callee's frame: the interpreter reads it before the call.
        const FuncType& ft = m_.types[ti];
        SW_TRY_ASSIGN(uint32_t base, call_args(ft));
        if (!dead()) {
          emit_op(Op::call_indirect);
          emit_word(canonical_type_id(ft));
          emit_word(table);
          emit_slot(index);
          emit_slot(base);
        }
        return {};
      }
      case 0x1a:  // drop
        SW_TRY(pop_any());
        return {};
      case 0x1b:  // select
        return select(std::nullopt);
      case 0x1c: {  // select t*
        SW_TRY_ASSIGN(uint32_t n, r_.u32());
        if (n != 1) return invalid("invalid result arity for typed select");
        SW_TRY_ASSIGN(uint8_t b, r_.u8());
        ValType t = static_cast<ValType>(b);
        if (!(b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x70 || b == 0x6f))
          return r_.error("malformed value type (select)");
        return select(t);
      }
      case 0x20: {  // local.get
        SW_TRY_ASSIGN(uint32_t i, local_index());
        local_refs_[i].push_back(height());
        push(local_types_[i], i * 8);
        return {};
      }
      case 0x21:
      case 0x22: {  // local.set, local.tee
        SW_TRY_ASSIGN(uint32_t i, local_index());
        SW_TRY(pop(local_types_[i]));
        uint32_t src = popped_loc_;
        uint32_t idx = height();
        // Put the value back while the refs are materialised (they may sit below it).
        push(local_types_[i], src);
        if (!dead() && !sets_untouched_local_to_zero(i, src)) {
          local_written_[i] = 1;
          if (!retarget_before_materializing(i, src, idx)) {
            materialize_refs_to_local(i);
            src = locs_[idx];
            store_local(i, src, idx);
          }
        }
        truncate_stack(height() - 1);
        if (opcode == 0x22) {
          if (dead()) {
            push(local_types_[i], home(height()));
          } else {
            local_refs_[i].push_back(height());
            push(local_types_[i], i * 8);
          }
        }
        return {};
      }
      case 0x23: {  // global.get
        SW_TRY_ASSIGN(uint32_t g, r_.u32());
        if (g >= m_.global_types.size()) return invalid("unknown global " + std::to_string(g));
        uint32_t dst = push_home(m_.global_types[g].type);
        if (!dead()) {
          emit_op(Op::global_get);
          emit_dst(dst);
          emit_word(g);
        }
        return {};
      }
      case 0x24: {  // global.set
        SW_TRY_ASSIGN(uint32_t g, r_.u32());
        if (g >= m_.global_types.size()) return invalid("unknown global " + std::to_string(g));
        if (!m_.global_types[g].mut) return invalid("global is immutable");
        SW_TRY_ASSIGN(uint32_t src, pop_loc(m_.global_types[g].type));
        if (!dead()) {
          emit_op(Op::global_set);
          emit_word(g);
          emit_slot(src);
        }
        return {};
      }
      case 0x25: {  // table.get
        SW_TRY_ASSIGN(uint32_t t, table_index());
        SW_TRY_ASSIGN(uint32_t i, pop_loc(ValType::I32));
        uint32_t dst = push_home(m_.tables[t].elem);
        if (!dead()) {
          emit_op(Op::table_get);
          emit_dst(dst);
          emit_word(t);
          emit_slot(i);
        }
        return {};
      }
      case 0x26: {  // table.set
        SW_TRY_ASSIGN(uint32_t t, table_index());
        SW_TRY_ASSIGN(uint32_t v, pop_loc(m_.tables[t].elem));
        SW_TRY_ASSIGN(uint32_t i, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::table_set);
          emit_word(t);
          emit_slot(i);
          emit_slot(v);
        }
        return {};
      }
      case 0x28: return load(Op::i32_load, ValType::I32, 2);
      case 0x29: return load(Op::i64_load, ValType::I64, 3);
      case 0x2a: return load(Op::i32_load, ValType::F32, 2);
      case 0x2b: return load(Op::i64_load, ValType::F64, 3);
      case 0x2c: return load(Op::i32_load8_s, ValType::I32, 0);
      case 0x2d: return load(Op::i32_load8_u, ValType::I32, 0);
      case 0x2e: return load(Op::i32_load16_s, ValType::I32, 1);
      case 0x2f: return load(Op::i32_load16_u, ValType::I32, 1);
      case 0x30: return load(Op::i64_load8_s, ValType::I64, 0);
      case 0x31: return load(Op::i64_load8_u, ValType::I64, 0);
      case 0x32: return load(Op::i64_load16_s, ValType::I64, 1);
      case 0x33: return load(Op::i64_load16_u, ValType::I64, 1);
      case 0x34: return load(Op::i64_load32_s, ValType::I64, 2);
      case 0x35: return load(Op::i64_load32_u, ValType::I64, 2);
      case 0x36: return store(Op::i32_store, ValType::I32, 2);
      case 0x37: return store(Op::i64_store, ValType::I64, 3);
      case 0x38: return store(Op::i32_store, ValType::F32, 2);
      case 0x39: return store(Op::i64_store, ValType::F64, 3);
      case 0x3a: return store(Op::i32_store8, ValType::I32, 0);
      case 0x3b: return store(Op::i32_store16, ValType::I32, 1);
      case 0x3c: return store(Op::i64_store8, ValType::I64, 0);
      case 0x3d: return store(Op::i64_store16, ValType::I64, 1);
      case 0x3e: return store(Op::i64_store32, ValType::I64, 2);
      case 0x3f: {  // memory.size
        SW_TRY_ASSIGN(uint8_t z, r_.u8());
        if (z != 0) return r_.error("zero byte expected");
        if (m_.memories.empty()) return invalid("unknown memory 0");
        uint32_t dst = push_home(ValType::I32);
        if (!dead()) {
          emit_op(Op::memory_size);
          emit_dst(dst);
        }
        return {};
      }
      case 0x40: {  // memory.grow
        SW_TRY_ASSIGN(uint8_t z, r_.u8());
        if (z != 0) return r_.error("zero byte expected");
        if (m_.memories.empty()) return invalid("unknown memory 0");
        SW_TRY_ASSIGN(uint32_t delta, pop_loc(ValType::I32));
        uint32_t dst = push_home(ValType::I32);
        if (!dead()) {
          emit_op(Op::memory_grow);
          emit_dst(dst);
          emit_slot(delta);
        }
        return {};
      }
      case 0x41: {
        SW_TRY_ASSIGN(int32_t v, r_.s32());
        push_const(ValType::I32, uint32_t(v));
        return {};
      }
      case 0x42: {
        SW_TRY_ASSIGN(int64_t v, r_.s64());
        push_const(ValType::I64, uint64_t(v));
        return {};
      }
      case 0x43: {
        SW_TRY_ASSIGN(uint32_t v, r_.fixed_u32());
        push_const(ValType::F32, v);
        return {};
      }
      case 0x44: {
        SW_TRY_ASSIGN(uint64_t v, r_.fixed_u64());
        push_const(ValType::F64, v);
        return {};
      }
      case 0xd0: {  // ref.null t
        SW_TRY_ASSIGN(uint8_t b, r_.u8());
        if (b != 0x70 && b != 0x6f) return r_.error("malformed reference type");
        push_const(static_cast<ValType>(b), 0);
        return {};
      }
      case 0xd1: {  // ref.is_null
        SW_TRY_ASSIGN(ValType t, pop_any());
        if (t != kBot && !is_ref(t)) return invalid("type mismatch: ref.is_null on a non-reference");
        uint32_t a = popped_loc_;
        uint32_t dst = push_home(ValType::I32);
        if (!dead()) {
          emit_op(Op::ref_is_null);
          emit_dst(dst);
          emit_slot(a);
        }
        return {};
      }
      case 0xd2: {  // ref.func
        SW_TRY_ASSIGN(uint32_t f, r_.u32());
        if (f >= m_.func_types.size()) return invalid("unknown function " + std::to_string(f));
        if (!declared_[f]) return invalid("undeclared function reference " + std::to_string(f));
        uint32_t dst = push_home(ValType::FuncRef);
        if (!dead()) {
          emit_op(Op::ref_func);
          emit_dst(dst);
          emit_word(f);
        }
        return {};
      }
      case 0xfc: return prefixed();
      default: break;
    }
    if (opcode >= 0x45 && opcode <= 0xc4) return numeric(opcode);
    return r_.error("illegal opcode " + std::to_string(opcode));
  }

  // Checks the top n values against types and gives them those types (unknown values of dead
  // code become typed), keeping their locations.
  Result<void> retype_top(const ValType* types, uint32_t n) {
    std::vector<uint32_t> locs(n);
    for (uint32_t i = n; i-- > 0;) {
      SW_TRY(pop(types[i]));
      locs[i] = popped_loc_;
    }
    for (uint32_t i = 0; i < n; ++i) push(types[i], locs[i]);
    return {};
  }

  Result<void> end_of_block_values(const Ctrl& c) {
    // The block's results must be exactly on top of its height.
    SW_TRY(check_top(c.type.results, c.type.num_results));
    uint32_t have = height() - c.height;
    if (have > c.type.num_results) return invalid("type mismatch: values remaining on the stack at end of block");
    if (have < c.type.num_results && !c.unreachable) return invalid("type mismatch: missing block results");
    return {};
  }

  Result<void> end() {
    Ctrl& c = ctrls_.back();
    SW_TRY(end_of_block_values(c));
    if (c.kind == CtrlKind::If && c.type.num_params != c.type.num_results)
      return invalid("type mismatch: if without else must leave its params as results");
    if (c.kind == CtrlKind::If) {
      for (uint32_t i = 0; i < c.type.num_params; ++i)
        if (c.type.params[i] != c.type.results[i]) return invalid("type mismatch: if without else");
    }
    if (c.kind == CtrlKind::Func) {
      if (!dead()) {
        // Fill in dead-code gaps before emitting the final return.
        emit_return_sequence(c.type.num_results);
      }
      close_gas_region();
      ctrls_.pop_back();
      return {};
    }
    const bool fall_live = !dead();
    if (fall_live) materialize_top(c.type.num_results);
    Ctrl done = std::move(ctrls_.back());
    if (done.kind == CtrlKind::Loop) --open_loops_;
    if (done.has_else_patch) done.patches.push_back(done.else_patch);
    // An empty block before the label may hand its chargers over (bind_block_label).
    bool all_charge = true;
    for (const Patch& p : done.patches) all_charge &= p.gas >= 0;
    if (!(fall_live && gas_ops_ == 0 && gas_loop_ < 0 && all_charge)) close_gas_region();
    ctrls_.pop_back();
    truncate_stack(done.height);
    for (uint32_t i = 0; i < done.type.num_results; ++i) push(done.type.results[i], home(done.height + i));
    bind_block_label(done.patches, fall_live);
    return {};
  }

  Result<void> br_table() {
    SW_TRY_ASSIGN(uint32_t n, r_.u32());
    if (n > cfg_.limits.max_br_table_targets)
      return make_error(ErrorKind::LimitExceeded, "br_table with " + std::to_string(n) + " targets exceeds max_br_table_targets");
    if (n > r_.remaining()) return r_.error("unexpected end (br_table)");
    std::vector<uint32_t> depths(n + 1);
    for (uint32_t i = 0; i <= n; ++i) { SW_TRY_ASSIGN(depths[i], label_depth()); }
    SW_TRY_ASSIGN(uint32_t index, pop_loc(ValType::I32));
    uint32_t arity = ctrls_[ctrls_.size() - 1 - depths[n]].label_arity();
    for (uint32_t d : depths) {
      const Ctrl& t = ctrls_[ctrls_.size() - 1 - d];
      if (t.label_arity() != arity) return invalid("type mismatch: br_table targets of different arity");
      SW_TRY(check_top(t.label_types(), arity));
    }
    if (!dead()) {
      const bool gas = cfg_.metering.enabled;
      emit_op(gas ? Op::br_table_gas : Op::br_table);
      emit_slot(index);
      emit_word(n);
      uint32_t table_pos = uint32_t(code_.size());
      for (uint32_t i = 0; i <= n; ++i) emit_word(0);
      // Metered: each entry's charge for the block it enters (0 for stubs, which charge).
      const uint32_t gas_pos = uint32_t(code_.size());
      if (gas)
        for (uint32_t i = 0; i <= n; ++i) emit_word(0), emit_word(0);
      // Each entry jumps to its label directly, or to a stub that moves the values first.
      std::unordered_map<uint32_t, uint32_t> stub_of_depth;
      for (uint32_t i = 0; i <= n; ++i) {
        uint32_t d = depths[i];
        Ctrl& t = ctrls_[ctrls_.size() - 1 - d];
        uint32_t p = table_pos + i;
        const int64_t entry_gas = gas ? int64_t(gas_pos + 2 * i) : -1;
        if (t.kind == CtrlKind::Block || t.kind == CtrlKind::If || t.kind == CtrlKind::Else) {
          if (!branch_needs_moves(t, arity)) {
            t.patches.push_back(Patch{p, entry_gas});
            continue;
          }
        } else if (t.kind == CtrlKind::Loop && !branch_needs_moves(t, arity)) {
          code_[p] = uint32_t(int32_t(t.label) - int32_t(p));
          charge_loop_head(t, entry_gas);
          continue;
        }
        auto it = stub_of_depth.find(d);
        if (it == stub_of_depth.end()) {
          uint32_t stub = uint32_t(code_.size());
          emit_branch(d);
          it = stub_of_depth.emplace(d, stub).first;
        }
        code_[p] = uint32_t(int32_t(it->second) - int32_t(p));
      }
    }
    close_gas_region();
    set_unreachable();
    return {};
  }

  // Pops call arguments into consecutive home slots; pushes the results. Returns the arg base.
  Result<uint32_t> call_args(const FuncType& ft) {
    uint32_t np = uint32_t(ft.params.size());
    SW_TRY(retype_top(ft.params.data(), np));
    if (!dead()) materialize_top(np);
    SW_TRY(pop_values(ft.params.data(), np));
    uint32_t base = home(height());
    for (ValType t : ft.results) push(t, home(height()));
    return base;
  }

  Result<void> select(std::optional<ValType> typed) {
    SW_TRY_ASSIGN(uint32_t cond, pop_loc(ValType::I32));
    ValType t1, t2;
    uint32_t b, a;
    if (typed) {
      SW_TRY(pop(*typed));
      b = popped_loc_;
      SW_TRY(pop(*typed));
      a = popped_loc_;
      t1 = *typed;
    } else {
      SW_TRY_ASSIGN(t2, pop_any());
      b = popped_loc_;
      SW_TRY_ASSIGN(t1, pop_any());
      a = popped_loc_;
      if (is_ref(t1) || is_ref(t2)) return invalid("type mismatch: untyped select on references");
      if (t1 == ValType::V128 || t2 == ValType::V128) return invalid("type mismatch");
      if (t1 != t2 && t1 != kBot && t2 != kBot) return invalid("type mismatch: select operands differ");
      if (t1 == kBot) t1 = t2;
    }
    uint32_t dst = push_home(t1);
    if (!dead()) {
      emit_op(Op::select);
      emit_dst(dst);
      emit_slot(a);
      emit_slot(b);
      emit_slot(cond);
    }
    return {};
  }

  // memory.init and data.drop need the data count section, unless there is no segment to name.
  Result<void> check_data_index(uint32_t seg) {
    if (seg >= m_.datas.size() && (!m_.data_count || seg >= *m_.data_count))
      return invalid("unknown data segment " + std::to_string(seg));
    if (!m_.data_count) return r_.error("data count section required");
    return {};
  }

  Result<uint32_t> local_index() {
    SW_TRY_ASSIGN(uint32_t i, r_.u32());
    if (i >= local_types_.size()) return invalid("unknown local " + std::to_string(i));
    return i;
  }
  Result<uint32_t> table_index() {
    SW_TRY_ASSIGN(uint32_t t, r_.u32());
    if (t >= m_.tables.size()) return invalid("unknown table " + std::to_string(t));
    return t;
  }

  // Outside loops every path runs forward in code order: a declared local that no code before
  // writes is still the zero it starts with, and setting it to zero again needs no instruction.
  bool sets_untouched_local_to_zero(uint32_t i, uint32_t src) const {
    return open_loops_ == 0 && i >= out_.num_params && !local_written_[i] && (src & kConstTag) &&
           out_.constants[src & ~kConstTag] == 0;
  }

  // local.set i of a value the last instruction just computed, while stack entries still refer
  // to local i: those must copy the old value first, so that instruction moves after the copies
  // and writes local i itself. Its operands are entries above the copied ones, so the copies
  // cannot change them. Returns false when the pattern does not apply.
  bool retarget_before_materializing(uint32_t i, uint32_t src, uint32_t idx) {
    if (last_dst_pos_ < 0 || code_[size_t(last_dst_pos_)] != src || src != home(idx)) return false;
    if (last_op_ == Op::copy2) return false;  // its first copy must stay before the new copies
    bool has_refs = false;
    for (uint32_t j : local_refs_[i]) has_refs |= j < idx && locs_[j] == i * 8;
    if (!has_refs) return false;
    const size_t start = last_instr_pos_, dst_offset = size_t(last_dst_pos_) - start;
    std::vector<uint32_t> instr(code_.begin() + ptrdiff_t(start), code_.end());
    std::vector<uint32_t> tagged;
    while (!fixups_.empty() && fixups_.back() >= start) {
      tagged.push_back(fixups_.back() - uint32_t(start));
      fixups_.pop_back();
    }
    Op op = last_op_;
    drop_last_instr();
    materialize_refs_to_local(i);
    note_instr(op);
    std::sort(tagged.begin(), tagged.end());  // fixups stay in code order
    for (uint32_t t : tagged)
      if (t != dst_offset) fixups_.push_back(uint32_t(code_.size() + t));
    instr[dst_offset] = i * 8;
    code_.insert(code_.end(), instr.begin(), instr.end());
    last_dst_pos_ = -1;
    return true;
  }

  // Writes stack entry idx (at src) into local i.
  void store_local(uint32_t i, uint32_t src, uint32_t idx) {
    uint32_t dst = i * 8;
    if (src == dst) return;
    // The value was just computed into its home slot: let that instruction write the local.
    if (last_dst_pos_ >= 0 && code_[size_t(last_dst_pos_)] == src && src == home(idx)) {
      code_[size_t(last_dst_pos_)] = dst;
      last_dst_pos_ = -1;
      return;
    }
    emit_copy(dst, src);
    last_dst_pos_ = -1;
  }

  Result<uint32_t> memarg(uint32_t natural_align) {
    SW_TRY_ASSIGN(uint32_t align, r_.u32());
    SW_TRY_ASSIGN(uint32_t offset, r_.u32());
    if (m_.memories.empty()) return invalid("unknown memory 0");
    if (align > natural_align) return invalid("alignment must not be larger than natural");
    return offset;
  }

  // The operands of an i32.add that just computed `addr` (and nothing since): the add is
  // removed so a memory access can do it. False when there is no such add.
  bool take_address_add(uint32_t addr, uint32_t& a, uint32_t& b) {
    if (last_dst_pos_ < 0 || last_op_ != Op::i32_add || code_[size_t(last_dst_pos_)] != addr ||
        !(addr & kStackTag))
      return false;
    a = code_[last_instr_pos_ + 3];
    b = code_[last_instr_pos_ + 4];
    drop_last_instr();
    return true;
  }

  Result<void> load(Op op, ValType t, uint32_t align) {
    SW_TRY_ASSIGN(uint32_t offset, memarg(align));
    SW_TRY_ASSIGN(uint32_t addr, pop_loc(ValType::I32));
    uint32_t dst = push_home(t);
    if (!dead()) {
      uint32_t a, b;
      if (last_dst_pos_ >= 0 && last_op_ == Op::i32_shl_add && code_[size_t(last_dst_pos_)] == addr &&
          (addr & kStackTag)) {
        // An indexed element, (x << s) + base: the shift and add join the load.
        uint32_t x = code_[last_instr_pos_ + 3], s = code_[last_instr_pos_ + 4], base = code_[last_instr_pos_ + 5];
        drop_last_instr();
        emit_op(Op(uint16_t(Op::i32_load_idx) + (uint16_t(op) - uint16_t(Op::i32_load))));
        emit_dst(dst);
        emit_slot(x);
        emit_slot(s);
        emit_slot(base);
      } else if (take_address_add(addr, a, b)) {
        emit_op(Op(uint16_t(Op::i32_load_add) + (uint16_t(op) - uint16_t(Op::i32_load))));
        emit_dst(dst);
        emit_slot(a);
        emit_slot(b);
      } else {
        emit_op(op);
        emit_dst(dst);
        emit_slot(addr);
      }
      emit_word(offset);
    }
    return {};
  }

  Result<void> store(Op op, ValType t, uint32_t align) {
    SW_TRY_ASSIGN(uint32_t offset, memarg(align));
    SW_TRY_ASSIGN(uint32_t value, pop_loc(t));
    SW_TRY_ASSIGN(uint32_t addr, pop_loc(ValType::I32));
    if (!dead() && fuse_read_modify_write(op, addr, value, offset)) return {};
    if (!dead()) {
      uint32_t a, b;
      if (take_address_add(addr, a, b)) {
        emit_op(Op(uint16_t(Op::i32_store_add) + (uint16_t(op) - uint16_t(Op::i32_store))));
        emit_slot(a);
        emit_slot(b);
      } else {
        emit_op(op);
        emit_slot(addr);
      }
      emit_slot(value);
      emit_word(offset);
    }
    return {};
  }

  Result<void> numeric(uint32_t opcode) {
    Op op;
    ValType in, out;
    bool binary;
    switch (opcode) {
#define UN(code, name, i, o, expr) \
  case code: op = Op::name; in = ValType::i; out = ValType::o; binary = false; break;
#define BIN(code, name, i, o, expr) \
  case code: op = Op::name; in = ValType::i; out = ValType::o; binary = true; break;
#define UN_TRAP UN
#define BIN_TRAP BIN
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
      default: return r_.error("illegal opcode " + std::to_string(opcode));
    }
    if (!cfg_.features.sign_extension && opcode >= 0xc0 && opcode <= 0xc4)
      return r_.error("illegal opcode (sign-extension disabled)");
    if (!cfg_.features.saturating_float_to_int && opcode >= 0x100)
      return r_.error("illegal opcode (saturating float-to-int disabled)");
    uint32_t b = 0;
    if (binary) { SW_TRY_ASSIGN(b, pop_loc(in)); }
    SW_TRY_ASSIGN(uint32_t a, pop_loc(in));
    uint32_t dst = push_home(out);
    if (binary && !dead() && (fuse_loaded_operand(op, a, b, dst) || fuse_chain(op, a, b, dst))) return {};
    if (!dead()) {
      emit_op(op);
      emit_dst(dst);
      emit_slot(a);
      if (binary) emit_slot(b);
    }
    return {};
  }

  // `a op b` where one operand is the value the previous instruction loaded, used by nothing
  // else: one instruction loads it and computes (load_binops.def). Returns false otherwise.
  bool fuse_loaded_operand(Op op, uint32_t a, uint32_t b, uint32_t dst) {
    struct Fusable {
      Op op, fused, fused_add;
      bool commutative;
      bool wide;  // loads through i64_load (64-bit values), else i32_load
    };
    static constexpr Fusable kFusable[] = {
#define LB(name, T, commutative, expr) {Op::name, Op::name##_load, Op::name##_load_add, commutative, sizeof(T) == 8},
#include "exec/load_binops.def"
#undef LB
    };
    if (last_dst_pos_ < 0) return false;
    for (const Fusable& f : kFusable) {
      if (f.op != op) continue;
      Op load = f.wide ? Op::i64_load : Op::i32_load;
      Op load_add = f.wide ? Op::i64_load_add : Op::i32_load_add;
      if (last_op_ != load && last_op_ != load_add) return false;
      uint32_t loaded = code_[size_t(last_dst_pos_)];
      if (!(loaded & kStackTag)) return false;
      uint32_t x;
      if (loaded == b) x = a;
      else if (loaded == a && f.commutative) x = b;
      else return false;
      std::vector<uint32_t> addr(code_.begin() + ptrdiff_t(last_instr_pos_) + 3, code_.end());  // addr.., offset
      bool with_add = last_op_ == load_add;
      drop_last_instr();
      emit_op(with_add ? f.fused_add : f.fused);
      emit_dst(dst);
      emit_slot(x);
      for (size_t i = 0; i + 1 < addr.size(); ++i) emit_slot(addr[i]);
      emit_word(addr.back());  // the offset
      return true;
    }
    return false;
  }

  // `outer(inner(x, y), c)` where the previous instruction computed inner's result, used by
  // nothing else: one instruction computes both (chain_binops.def). Returns false otherwise.
  bool fuse_chain(Op op, uint32_t a, uint32_t b, uint32_t dst) {
    struct Chain {
      Op inner, outer, fused;
    };
    static constexpr Chain kChains[] = {
#define CHAIN(inner, outer) {Op::i32_##inner, Op::i32_##outer, Op::i32_##inner##_##outer},
#include "exec/chain_binops.def"
#undef CHAIN
    };
    if (last_dst_pos_ < 0) return false;
    uint32_t t = code_[size_t(last_dst_pos_)];
    if (!(t & kStackTag)) return false;
    uint32_t c;
    if (t == a) c = b;
    else if (t == b && (op == Op::i32_add || op == Op::i32_mul || op == Op::i32_and ||
                        op == Op::i32_or || op == Op::i32_xor)) c = a;
    else return false;
    for (const Chain& ch : kChains) {
      if (ch.inner != last_op_ || ch.outer != op) continue;
      uint32_t x = code_[last_instr_pos_ + 3], y = code_[last_instr_pos_ + 4];
      drop_last_instr();
      emit_op(ch.fused);
      emit_dst(dst);
      emit_slot(x);
      emit_slot(y);
      emit_slot(c);
      return true;
    }
    return false;
  }

  // A store of what the previous instruction computed from a value it loaded from the same
  // address (name_load, load_binops.def), of the same width: `C[i] += x` in one instruction.
  bool fuse_read_modify_write(Op store, uint32_t addr, uint32_t value, uint32_t offset) {
    struct Rmw {
      Op fused_load, rmw;
      bool wide;
    };
    static constexpr Rmw kRmw[] = {
#define LB(name, T, commutative, expr) {Op::name##_load, Op::name##_load_store, sizeof(T) == 8},
#include "exec/load_binops.def"
#undef LB
    };
    if (last_dst_pos_ < 0 || code_[size_t(last_dst_pos_)] != value || !(value & kStackTag)) return false;
    for (const Rmw& f : kRmw) {
      if (f.fused_load != last_op_) continue;
      // [dst][x][addr][offset]
      if (store != (f.wide ? Op::i64_store : Op::i32_store) || code_[last_instr_pos_ + 4] != addr ||
          code_[last_instr_pos_ + 5] != offset)
        return false;
      uint32_t x = code_[last_instr_pos_ + 3];
      drop_last_instr();
      if (fuse_multiply_add(f.rmw, x, addr, offset)) return true;
      emit_op(f.rmw);
      emit_slot(x);
      emit_slot(addr);
      emit_word(offset);
      return true;
    }
    return false;
  }

  // mem[c] += x * mem[b]: the read-modify-write add `rmw` (not yet emitted) of a product the
  // last instruction computed from a loaded value joins that multiply.
  bool fuse_multiply_add(Op rmw, uint32_t product, uint32_t c, uint32_t c_offset) {
    struct MulAdd {
      Op rmw, mul_load, mul_load_add, fused, fused_add;
    };
    static constexpr MulAdd kMulAdds[] = {
        {Op::f64_add_load_store, Op::f64_mul_load, Op::f64_mul_load_add, Op::f64_muladd_store,
         Op::f64_muladd_store_add},
        {Op::f32_add_load_store, Op::f32_mul_load, Op::f32_mul_load_add, Op::f32_muladd_store,
         Op::f32_muladd_store_add},
    };
    if (!(product & kStackTag)) return false;
    for (const MulAdd& f : kMulAdds) {
      if (f.rmw != rmw || (last_op_ != f.mul_load && last_op_ != f.mul_load_add)) continue;
      if (code_[last_instr_pos_ + 2] != product) return false;
      // [dst][x][addr..][offset]
      std::vector<uint32_t> operands(code_.begin() + ptrdiff_t(last_instr_pos_) + 3, code_.end());
      bool with_add = last_op_ == f.mul_load_add;
      drop_last_instr();
      emit_op(with_add ? f.fused_add : f.fused);
      for (size_t i = 0; i + 1 < operands.size(); ++i) emit_slot(operands[i]);
      emit_word(operands.back());
      emit_slot(c);
      emit_word(c_offset);
      return true;
    }
    return false;
  }

  Result<void> prefixed() {
    SW_TRY_ASSIGN(uint32_t sub, r_.u32());
    if (sub <= 7) return numeric(0x100 + sub);
    bool bulk = cfg_.features.bulk_memory;
    bool refs = cfg_.features.reference_types;
    switch (sub) {
      case 8: {  // memory.init
        if (!bulk) break;
        SW_TRY_ASSIGN(uint32_t seg, r_.u32());
        SW_TRY_ASSIGN(uint8_t z, r_.u8());
        if (z != 0) return r_.error("zero byte expected");
        if (m_.memories.empty()) return invalid("unknown memory 0");
        SW_TRY(check_data_index(seg));
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t s, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t d, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::memory_init);
          emit_word(seg);
          emit_slot(d);
          emit_slot(s);
          emit_slot(n);
        }
        return {};
      }
      case 9: {  // data.drop
        if (!bulk) break;
        SW_TRY_ASSIGN(uint32_t seg, r_.u32());
        SW_TRY(check_data_index(seg));
        if (!dead()) {
          emit_op(Op::data_drop);
          emit_word(seg);
        }
        return {};
      }
      case 10: {  // memory.copy
        if (!bulk) break;
        SW_TRY_ASSIGN(uint8_t z1, r_.u8());
        SW_TRY_ASSIGN(uint8_t z2, r_.u8());
        if (z1 != 0 || z2 != 0) return r_.error("zero byte expected");
        if (m_.memories.empty()) return invalid("unknown memory 0");
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t s, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t d, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::memory_copy);
          emit_slot(d);
          emit_slot(s);
          emit_slot(n);
        }
        return {};
      }
      case 11: {  // memory.fill
        if (!bulk) break;
        SW_TRY_ASSIGN(uint8_t z, r_.u8());
        if (z != 0) return r_.error("zero byte expected");
        if (m_.memories.empty()) return invalid("unknown memory 0");
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t v, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t d, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::memory_fill);
          emit_slot(d);
          emit_slot(v);
          emit_slot(n);
        }
        return {};
      }
      case 12: {  // table.init
        if (!bulk) break;
        SW_TRY_ASSIGN(uint32_t seg, r_.u32());
        SW_TRY_ASSIGN(uint32_t t, table_index());
        if (seg >= m_.elems.size()) return invalid("unknown elem segment " + std::to_string(seg));
        if (m_.elems[seg].type != m_.tables[t].elem) return invalid("type mismatch: table.init element type");
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t s, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t d, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::table_init);
          emit_word(t);
          emit_word(seg);
          emit_slot(d);
          emit_slot(s);
          emit_slot(n);
        }
        return {};
      }
      case 13: {  // elem.drop
        if (!bulk) break;
        SW_TRY_ASSIGN(uint32_t seg, r_.u32());
        if (seg >= m_.elems.size()) return invalid("unknown elem segment " + std::to_string(seg));
        if (!dead()) {
          emit_op(Op::elem_drop);
          emit_word(seg);
        }
        return {};
      }
      case 14: {  // table.copy
        if (!bulk) break;
        SW_TRY_ASSIGN(uint32_t dt, table_index());
        SW_TRY_ASSIGN(uint32_t st, table_index());
        if (m_.tables[dt].elem != m_.tables[st].elem) return invalid("type mismatch: table.copy element types");
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t s, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t d, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::table_copy);
          emit_word(dt);
          emit_word(st);
          emit_slot(d);
          emit_slot(s);
          emit_slot(n);
        }
        return {};
      }
      case 15: {  // table.grow
        if (!refs) break;
        SW_TRY_ASSIGN(uint32_t t, table_index());
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t init, pop_loc(m_.tables[t].elem));
        uint32_t dst = push_home(ValType::I32);
        if (!dead()) {
          emit_op(Op::table_grow);
          emit_dst(dst);
          emit_word(t);
          emit_slot(init);
          emit_slot(n);
        }
        return {};
      }
      case 16: {  // table.size
        if (!refs) break;
        SW_TRY_ASSIGN(uint32_t t, table_index());
        uint32_t dst = push_home(ValType::I32);
        if (!dead()) {
          emit_op(Op::table_size);
          emit_dst(dst);
          emit_word(t);
        }
        return {};
      }
      case 17: {  // table.fill
        if (!refs) break;
        SW_TRY_ASSIGN(uint32_t t, table_index());
        SW_TRY_ASSIGN(uint32_t n, pop_loc(ValType::I32));
        SW_TRY_ASSIGN(uint32_t v, pop_loc(m_.tables[t].elem));
        SW_TRY_ASSIGN(uint32_t i, pop_loc(ValType::I32));
        if (!dead()) {
          emit_op(Op::table_fill);
          emit_word(t);
          emit_slot(i);
          emit_slot(v);
          emit_slot(n);
        }
        return {};
      }
      default: break;
    }
    return r_.error("illegal opcode 0xfc " + std::to_string(sub));
  }

  // Resolves tagged operands now that the frame layout is known.
  void finish() {
    uint32_t locals = uint32_t(local_types_.size());
    uint32_t consts = uint32_t(out_.constants.size());
    for (uint32_t p : fixups_) {
      uint32_t v = code_[p];
      if (v & kConstTag) code_[p] = (locals + (v & ~kConstTag)) * 8;
      else if (v & kStackTag) code_[p] = (locals + consts + (v & ~kStackTag)) * 8;
    }
    // One spare slot: a dead-code pop may name the slot just above the stack.
    out_.frame_slots = locals + consts + max_height_ + 1;
    // PROTOCOL: each entry pays for its frame as NEAR's finite-wasm does: ceil(frame bytes / 8)
    // ops, frame bytes = 64 + params and locals (4 or 8 bytes each) + the deepest operand stack.
    if (cfg_.metering.enabled) {
      uint64_t frame_bytes = 64 + max_stack_bytes_;
      for (ValType t : local_types_) frame_bytes += byte_size(t);
      uint64_t frame_cost;
      if (__builtin_mul_overflow((frame_bytes + 7) / 8, cfg_.metering.regular_op_cost, &frame_cost))
        frame_cost = UINT64_MAX;
      if (__builtin_add_overflow(out_.entry_gas, frame_cost, &out_.entry_gas)) out_.entry_gas = UINT64_MAX;
    }
    fixups_.clear();
    fixups_.shrink_to_fit();
    code_.shrink_to_fit();
  }

  const Module& m_;
  const EngineConfig& cfg_;
  const std::vector<uint8_t>& declared_;
  Reader r_;
  CompiledFunction& out_;
  std::pmr::vector<uint32_t>& code_;
  const void* const* handlers_;
  const FuncType* type_ = nullptr;
  std::vector<ValType> local_types_;
  std::vector<std::vector<uint32_t>> local_refs_;
  std::vector<uint8_t> local_written_;  // locals set so far (for sets_untouched_local_to_zero)
  uint32_t open_loops_ = 0;             // loops around the current instruction
  std::vector<ValType> types_;
  std::vector<uint32_t> locs_;
  std::vector<Ctrl> ctrls_;
  std::vector<uint32_t> fixups_;
  std::unordered_map<Slot, uint32_t> const_index_;
  uint32_t max_height_ = 0;
  uint64_t stack_bytes_ = 0;      // operand stack size in Wasm value bytes
  uint64_t max_stack_bytes_ = 0;
  uint32_t materialized_upto_ = 0;
  uint32_t popped_loc_ = 0;
  int64_t last_dst_pos_ = -1;     // dst operand of the last instruction, while no label follows
  Op last_op_ = Op::unreachable;  // the last instruction and where it starts
  size_t last_instr_pos_ = 0;
  Op prev_op_ = Op::unreachable;  // the one before it, unless a label lies between
  size_t prev_instr_pos_ = 0;
  bool gas_open_ = false;                // a block is open (its cost being counted)
  bool gas_entry_ = false;               // ... charged by the call (CompiledFunction::entry_gas)
  std::vector<uint32_t> gas_words_;      // ... and by these amount words (branches, `gas`)
  int64_t gas_op_pos_ = -1;     // the amount words of the open block's `gas` instruction
  int64_t gas_loop_ = -1;       // the open block is the head of this loop (a ctrls_ index)
  uint64_t gas_ops_ = 0;        // Wasm instructions in the open region
};

}  // namespace

Result<void> compile_function(const Module& module, const EngineConfig& config,
                              const std::vector<uint8_t>& declared_funcs, const FunctionBody& body,
                              CompiledFunction& out) {
  return FunctionCompiler(module, config, declared_funcs, body, out).run();
}

}  // namespace syncwasm::wasm
