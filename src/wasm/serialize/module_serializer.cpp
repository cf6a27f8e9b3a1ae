// Layout: magic "SYNCWASM", u32 format version, u32 number of internal ops, the engine config
// (every field), u64 size of the arena the module's blocks take when read back, the module,
// then SHA-256 of all preceding bytes. Handler addresses in the
// code are process-specific, so code is stored with op indices and relocated on load.

#include <algorithm>
#include <unordered_map>

#include "exec/op_table.h"
#include "serialize/byte_io.h"
#include "syncwasm/sha256.h"
#include "syncwasm/wasm/serialize.h"

namespace syncwasm::wasm {
namespace {

constexpr char kMagic[8] = {'S', 'Y', 'N', 'C', 'W', 'A', 'S', 'M'};
constexpr size_t kDigestBytes = sizeof(Sha256Digest);

Error corrupt(const std::string& why) { return make_error(ErrorKind::Malformed, "serialized module: " + why); }

std::string_view as_chars(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

constexpr size_t kConfigBytes = 6 + 18 * 8 + 1 + 4 * 8;  // what write_config writes

void write_config(ByteWriter& w, const EngineConfig& c) {
  const Features& f = c.features;
  for (bool b : {f.sign_extension, f.mutable_globals, f.multi_value, f.saturating_float_to_int,
                 f.bulk_memory, f.reference_types})
    w.u8(b);
  const EngineLimits& l = c.limits;
  for (uint64_t v : {l.max_module_bytes, uint64_t(l.max_types), uint64_t(l.max_functions),
                     uint64_t(l.max_imports), uint64_t(l.max_exports), uint64_t(l.max_globals),
                     uint64_t(l.max_tables), uint64_t(l.max_data_segments), uint64_t(l.max_elem_segments),
                     uint64_t(l.max_locals_per_function), uint64_t(l.max_params), uint64_t(l.max_results),
                     uint64_t(l.max_function_body_bytes), uint64_t(l.max_br_table_targets),
                     uint64_t(l.max_memory_pages), uint64_t(l.max_table_elements), uint64_t(l.max_call_depth),
                     uint64_t(l.max_stack_slots)})
    w.u64(v);
  const Metering& m = c.metering;
  w.u8(m.enabled);
  for (uint64_t v : {m.regular_op_cost, m.bulk_byte_cost, m.bulk_element_cost, m.memory_grow_page_cost}) w.u64(v);
}

void write_limits(ByteWriter& w, const Limits& l) {
  w.u64(l.min);
  w.u8(l.max.has_value());
  w.u64(l.max.value_or(0));
}
void write_expr(ByteWriter& w, const ConstExpr& e) {
  w.u8(uint8_t(e.op));
  w.u64(e.value);
  w.u32(e.index);
}
void write_types(ByteWriter& w, std::span<const ValType> v) {
  w.u32(uint32_t(v.size()));
  for (ValType t : v) w.u8(uint8_t(t));
}

const std::unordered_map<const void*, uint16_t>& handler_to_op() {
  static const auto map = [] {
    std::unordered_map<const void*, uint16_t> m;
    const void* const* handlers = interpreter_handlers();
    for (uint16_t i = 0; i < uint16_t(Op::kCount); ++i) m.emplace(handlers[i], i);
    return m;
  }();
  return map;
}

// Length in words of the instruction at `pos`, given its op; 0 if it overruns the code.
size_t instruction_words(std::span<const uint32_t> code, size_t pos, uint16_t op) {
  return wasm::instruction_words(code.data(), code.size(), pos, op);
}

size_t round_up8(size_t n) {
  return (n + 7) & ~size_t{7};
}
template <typename T>
size_t array_bytes(size_t count) {
  static_assert(alignof(T) <= 8);
  return round_up8(count * sizeof(T));
}

// The bytes ModuleReader takes from the arena for `m`: one block per non-empty container, each
// starting 8-aligned (its alignment at most 8), so this is what it takes at most. Import and
// export names stay std::string: names up to 15 bytes live inside them.
size_t arena_bytes(const Module& m) {
  size_t n = array_bytes<FuncType>(m.types.size()) + array_bytes<uint32_t>(m.types.size()) +
             array_bytes<Import>(m.imports.size()) + array_bytes<uint32_t>(m.func_types.size()) +
             array_bytes<TableType>(m.tables.size()) + array_bytes<MemoryType>(m.memories.size()) +
             array_bytes<GlobalType>(m.global_types.size()) +
             array_bytes<GlobalDef>(m.globals.size()) + array_bytes<Export>(m.exports.size()) +
             array_bytes<ElemSegment>(m.elems.size()) + array_bytes<DataSegment>(m.datas.size()) +
             array_bytes<CompiledFunction>(m.functions.size());
  for (const auto& t : m.types)
    n += array_bytes<ValType>(t.params.size()) + array_bytes<ValType>(t.results.size());
  for (const auto& seg : m.elems) n += array_bytes<ConstExpr>(seg.items.size());
  for (const auto& seg : m.datas) n += array_bytes<uint8_t>(seg.bytes.size());
  for (const auto& f : m.functions)
    n += array_bytes<Slot>(f.constants.size()) + array_bytes<uint32_t>(f.code.size());
  return n;
}

// A serialized module is at least this fraction of its arena (a function type: 8 bytes written,
// 76 in memory), so a recorded arena size beyond it is a damaged artifact, not a big module.
constexpr size_t kMaxArenaPerSerializedByte = 16;

class ModuleReader {
 public:
  ModuleReader(ByteReader& r, Module& m) : r_(r), m_(m) {}

  Result<void> read() {
    SW_TRY_ASSIGN(uint32_t ntypes, r_.count(8));
    m_.types.reserve(ntypes);
    for (uint32_t i = 0; i < ntypes; ++i) {
      SW_TRY_ASSIGN(auto params, types());
      SW_TRY_ASSIGN(auto results, types());
      m_.types.push_back(
          FuncType{std::move(params), std::move(results)});  // moved: stays in the arena
    }
    SW_TRY_ASSIGN(uint32_t nimports, r_.count(16));
    m_.imports.resize(nimports);
    for (auto& im : m_.imports) {
      SW_TRY_ASSIGN(im.module, r_.str());
      SW_TRY_ASSIGN(im.name, r_.str());
      SW_TRY_ASSIGN(uint8_t kind, r_.u8());
      if (kind > 3) return corrupt("bad import kind");
      im.kind = ExternKind(kind);
      SW_TRY_ASSIGN(im.func_type, type_index());
      SW_TRY_ASSIGN(im.table, table_type());
      SW_TRY_ASSIGN(im.memory.limits, limits());
      SW_TRY_ASSIGN(im.global, global_type());
    }
    SW_TRY_ASSIGN(m_.num_imported_funcs, r_.u32());
    SW_TRY_ASSIGN(m_.num_imported_tables, r_.u32());
    SW_TRY_ASSIGN(m_.num_imported_memories, r_.u32());
    SW_TRY_ASSIGN(m_.num_imported_globals, r_.u32());
    SW_TRY_ASSIGN(uint32_t nfuncs, r_.count(4));
    m_.func_types.resize(nfuncs);
    for (auto& f : m_.func_types) { SW_TRY_ASSIGN(f, type_index()); }
    SW_TRY_ASSIGN(uint32_t ntables, r_.count(18));
    m_.tables.resize(ntables);
    for (auto& t : m_.tables) { SW_TRY_ASSIGN(t, table_type()); }
    SW_TRY_ASSIGN(uint32_t nmems, r_.count(17));
    m_.memories.resize(nmems);
    for (auto& mt : m_.memories) { SW_TRY_ASSIGN(mt.limits, limits()); }
    SW_TRY_ASSIGN(uint32_t nglobal_types, r_.count(2));
    m_.global_types.resize(nglobal_types);
    for (auto& g : m_.global_types) { SW_TRY_ASSIGN(g, global_type()); }
    SW_TRY_ASSIGN(uint32_t nglobals, r_.count(15));
    m_.globals.resize(nglobals);
    for (auto& g : m_.globals) {
      SW_TRY_ASSIGN(g.type, global_type());
      SW_TRY_ASSIGN(g.init, expr());
    }
    if (m_.num_imported_funcs > m_.func_types.size() || m_.num_imported_tables > m_.tables.size() ||
        m_.num_imported_memories > m_.memories.size() || m_.num_imported_globals > m_.global_types.size() ||
        m_.global_types.size() - m_.num_imported_globals != m_.globals.size())
      return corrupt("inconsistent counts");
    SW_TRY_ASSIGN(uint32_t nexports, r_.count(9));
    m_.exports.resize(nexports);
    for (auto& e : m_.exports) {
      SW_TRY_ASSIGN(e.name, r_.str());
      SW_TRY_ASSIGN(uint8_t kind, r_.u8());
      if (kind > 3) return corrupt("bad export kind");
      e.kind = ExternKind(kind);
      SW_TRY_ASSIGN(e.index, r_.u32());
      size_t limit = e.kind == ExternKind::Func     ? m_.func_types.size()
                     : e.kind == ExternKind::Table  ? m_.tables.size()
                     : e.kind == ExternKind::Memory ? m_.memories.size()
                                                    : m_.global_types.size();
      if (e.index >= limit) return corrupt("export index out of range");
    }
    SW_TRY_ASSIGN(uint8_t has_start, r_.u8());
    SW_TRY_ASSIGN(uint32_t start, r_.u32());
    if (has_start) {
      if (start >= m_.func_types.size()) return corrupt("start function out of range");
      m_.start = start;
    }
    SW_TRY_ASSIGN(uint32_t nelems, r_.count(19));
    m_.elems.reserve(nelems);
    for (uint32_t i = 0; i < nelems; ++i) {
      SW_TRY_ASSIGN(SegmentMode seg_mode, mode());
      SW_TRY_ASSIGN(uint32_t table, r_.u32());
      if (seg_mode == SegmentMode::Active && table >= m_.tables.size())
        return corrupt("bad table index");
      SW_TRY_ASSIGN(ConstExpr offset, expr());
      SW_TRY_ASSIGN(ValType type, val_type());
      SW_TRY_ASSIGN(uint32_t n, r_.count(13));
      std::pmr::vector<ConstExpr> items(n, m_.memory);
      for (auto& item : items) {
        SW_TRY_ASSIGN(item, expr());
      }
      m_.elems.push_back(
          ElemSegment{seg_mode, table, offset, type, std::move(items)});  // stays in the arena
    }
    SW_TRY_ASSIGN(uint32_t ndatas, r_.count(18));
    m_.datas.reserve(ndatas);
    for (uint32_t i = 0; i < ndatas; ++i) {
      SW_TRY_ASSIGN(SegmentMode seg_mode, mode());
      SW_TRY_ASSIGN(uint32_t memory, r_.u32());
      if (seg_mode == SegmentMode::Active && memory >= m_.memories.size())
        return corrupt("bad memory index");
      SW_TRY_ASSIGN(ConstExpr offset, expr());
      SW_TRY_ASSIGN(std::span<const uint8_t> bytes, r_.bytes());
      m_.datas.push_back(
          DataSegment{seg_mode, memory, offset, {bytes.begin(), bytes.end(), m_.memory}});
    }
    SW_TRY_ASSIGN(uint8_t has_data_count, r_.u8());
    SW_TRY_ASSIGN(uint32_t data_count, r_.u32());
    if (has_data_count) m_.data_count = data_count;
    SW_TRY_ASSIGN(uint32_t ncode, r_.count(36));
    if (ncode != m_.func_types.size() - m_.num_imported_funcs) return corrupt("function count mismatch");
    m_.functions.reserve(ncode);
    for (uint32_t i = 0; i < ncode; ++i) {
      SW_TRY_ASSIGN(CompiledFunction f, function());
      m_.functions.push_back(std::move(f));  // moved: its code stays in the arena
    }
    return {};
  }

 private:
  Result<ValType> val_type() {
    SW_TRY_ASSIGN(uint8_t b, r_.u8());
    if (!(b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x70 || b == 0x6f))
      return corrupt("bad value type");
    return ValType(b);
  }
  Result<std::pmr::vector<ValType>> types() {
    SW_TRY_ASSIGN(uint32_t n, r_.count());
    std::pmr::vector<ValType> v(n, m_.memory);
    for (auto& t : v) { SW_TRY_ASSIGN(t, val_type()); }
    return v;
  }
  Result<uint32_t> type_index() {
    SW_TRY_ASSIGN(uint32_t i, r_.u32());
    if (i >= m_.types.size() && !(i == 0 && m_.types.empty())) return corrupt("type index out of range");
    return i;
  }
  Result<Limits> limits() {
    Limits l;
    SW_TRY_ASSIGN(l.min, r_.u64());
    SW_TRY_ASSIGN(uint8_t has_max, r_.u8());
    SW_TRY_ASSIGN(uint64_t max, r_.u64());
    if (has_max) l.max = max;
    return l;
  }
  Result<TableType> table_type() {
    TableType t;
    SW_TRY_ASSIGN(t.elem, val_type());
    SW_TRY_ASSIGN(t.limits, limits());
    return t;
  }
  Result<GlobalType> global_type() {
    GlobalType g;
    SW_TRY_ASSIGN(g.type, val_type());
    SW_TRY_ASSIGN(uint8_t mut, r_.u8());
    g.mut = mut != 0;
    return g;
  }
  Result<SegmentMode> mode() {
    SW_TRY_ASSIGN(uint8_t b, r_.u8());
    if (b > 2) return corrupt("bad segment mode");
    return SegmentMode(b);
  }
  Result<ConstExpr> expr() {
    ConstExpr e;
    SW_TRY_ASSIGN(uint8_t op, r_.u8());
    if (op > 3) return corrupt("bad constant expression");
    e.op = ConstExpr::Op(op);
    SW_TRY_ASSIGN(e.value, r_.u64());
    SW_TRY_ASSIGN(e.index, r_.u32());
    if (e.op == ConstExpr::Op::RefFunc && e.index >= m_.func_types.size()) return corrupt("bad function index");
    if (e.op == ConstExpr::Op::GlobalGet && e.index >= m_.num_imported_globals) return corrupt("bad global index");
    return e;
  }
  Result<CompiledFunction> function() {
    SW_TRY_ASSIGN(uint32_t type, type_index());
    SW_TRY_ASSIGN(uint32_t num_params, r_.u32());
    SW_TRY_ASSIGN(uint32_t num_results, r_.u32());
    SW_TRY_ASSIGN(uint32_t num_locals, r_.u32());
    SW_TRY_ASSIGN(uint32_t frame_slots, r_.u32());
    SW_TRY_ASSIGN(uint64_t entry_gas, r_.u64());
    SW_TRY_ASSIGN(uint32_t nconst, r_.count(8));
    if (uint64_t(num_params) + num_locals + nconst > frame_slots) return corrupt("bad frame size");
    std::pmr::vector<Slot> constants(nconst, m_.memory);
    for (auto& c : constants) {
      SW_TRY_ASSIGN(c, r_.u64());
    }
    SW_TRY_ASSIGN(uint32_t nwords, r_.count(4));
    std::pmr::vector<uint32_t> code(nwords, m_.memory);
    SW_TRY(r_.raw(code.data(), size_t(nwords) * 4));
    // Relocate op indices to this process's handler addresses.
    const void* const* handlers = interpreter_handlers();
    for (size_t pos = 0; pos < code.size();) {
      uint32_t op = code[pos];
      if (op >= uint32_t(Op::kCount) || pos + 1 >= code.size() || code[pos + 1] != 0)
        return corrupt("bad instruction");
      size_t len = instruction_words(code, pos, uint16_t(op));
      if (len == 0) return corrupt("instruction overruns its function");
      std::memcpy(&code[pos], &handlers[op], sizeof(void*));
      pos += len;
    }
    return CompiledFunction{type,        num_params, num_results,          num_locals,
                            frame_slots, entry_gas,  std::move(constants), std::move(code)};
  }

  ByteReader& r_;
  Module& m_;
};

}  // namespace

std::vector<uint8_t> serialize_module(const Module& m, const EngineConfig& config) {
  ByteWriter w;
  w.raw(kMagic, sizeof kMagic);
  w.u32(kSerializedFormatVersion);
  w.u32(uint32_t(Op::kCount));
  write_config(w, config);
  w.u64(arena_bytes(m));
  w.u32(uint32_t(m.types.size()));
  for (const auto& t : m.types) {
    write_types(w, t.params);
    write_types(w, t.results);
  }
  w.u32(uint32_t(m.imports.size()));
  for (const auto& im : m.imports) {
    w.str(im.module);
    w.str(im.name);
    w.u8(uint8_t(im.kind));
    w.u32(im.func_type);
    w.u8(uint8_t(im.table.elem));
    write_limits(w, im.table.limits);
    write_limits(w, im.memory.limits);
    w.u8(uint8_t(im.global.type));
    w.u8(im.global.mut);
  }
  w.u32(m.num_imported_funcs);
  w.u32(m.num_imported_tables);
  w.u32(m.num_imported_memories);
  w.u32(m.num_imported_globals);
  w.u32(uint32_t(m.func_types.size()));
  for (uint32_t t : m.func_types) w.u32(t);
  w.u32(uint32_t(m.tables.size()));
  for (const auto& t : m.tables) {
    w.u8(uint8_t(t.elem));
    write_limits(w, t.limits);
  }
  w.u32(uint32_t(m.memories.size()));
  for (const auto& mt : m.memories) write_limits(w, mt.limits);
  w.u32(uint32_t(m.global_types.size()));
  for (const auto& g : m.global_types) {
    w.u8(uint8_t(g.type));
    w.u8(g.mut);
  }
  w.u32(uint32_t(m.globals.size()));
  for (const auto& g : m.globals) {
    w.u8(uint8_t(g.type.type));
    w.u8(g.type.mut);
    write_expr(w, g.init);
  }
  w.u32(uint32_t(m.exports.size()));
  for (const auto& e : m.exports) {
    w.str(e.name);
    w.u8(uint8_t(e.kind));
    w.u32(e.index);
  }
  w.u8(m.start.has_value());
  w.u32(m.start.value_or(0));
  w.u32(uint32_t(m.elems.size()));
  for (const auto& seg : m.elems) {
    w.u8(uint8_t(seg.mode));
    w.u32(seg.table);
    write_expr(w, seg.offset);
    w.u8(uint8_t(seg.type));
    w.u32(uint32_t(seg.items.size()));
    for (const auto& item : seg.items) write_expr(w, item);
  }
  w.u32(uint32_t(m.datas.size()));
  for (const auto& seg : m.datas) {
    w.u8(uint8_t(seg.mode));
    w.u32(seg.memory);
    write_expr(w, seg.offset);
    w.bytes(seg.bytes);
  }
  w.u8(m.data_count.has_value());
  w.u32(m.data_count.value_or(0));
  w.u32(uint32_t(m.functions.size()));
  const auto& ops = handler_to_op();
  for (const auto& f : m.functions) {
    w.u32(f.type_index);
    w.u32(f.num_params);
    w.u32(f.num_results);
    w.u32(f.num_locals);
    w.u32(f.frame_slots);
    w.u64(f.entry_gas);
    w.u32(uint32_t(f.constants.size()));
    for (Slot c : f.constants) w.u64(c);
    std::vector<uint32_t> code(f.code.begin(), f.code.end());
    for (size_t pos = 0; pos < code.size();) {
      const void* h;
      std::memcpy(&h, &code[pos], sizeof h);
      uint16_t op = ops.at(h);
      size_t len = instruction_words(code, pos, op);
      code[pos] = op;
      code[pos + 1] = 0;
      pos += len;
    }
    w.u32(uint32_t(code.size()));
    w.raw(code.data(), code.size() * 4);
  }
  std::vector<uint8_t>& out = w.out();
  const Sha256Digest digest = sha256_of({as_chars(out)});
  out.insert(out.end(), digest.begin(), digest.end());
  return std::move(out);
}

Result<std::shared_ptr<const Module>> deserialize_module(std::span<const uint8_t> bytes,
                                                         const EngineConfig& config) {
  if (bytes.size() < sizeof kMagic + 8 + kDigestBytes) return corrupt("too short");
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return corrupt("not a syncwasm module artifact");
  std::span<const uint8_t> body = bytes.first(bytes.size() - kDigestBytes);
  const Sha256Digest digest = sha256_of({as_chars(body)});
  if (std::memcmp(digest.data(), bytes.data() + body.size(), kDigestBytes) != 0)
    return corrupt("checksum mismatch");

  ByteReader r(body.subspan(sizeof kMagic));
  SW_TRY_ASSIGN(uint32_t version, r.u32());
  if (version != kSerializedFormatVersion)
    return corrupt("format version " + std::to_string(version) + ", this engine reads " +
                   std::to_string(kSerializedFormatVersion));
  SW_TRY_ASSIGN(uint32_t op_count, r.u32());
  if (op_count != uint32_t(Op::kCount)) return corrupt("made by an engine with another instruction set");
  ByteWriter expected(kConfigBytes);
  write_config(expected, config);
  SW_TRY_ASSIGN(std::span<const uint8_t> recorded, r.view(expected.out().size()));
  if (!std::ranges::equal(recorded, expected.out()))
    return corrupt("lowered under another engine config");

  SW_TRY_ASSIGN(uint64_t arena, r.u64());
  if (arena > kMaxArenaPerSerializedByte * bytes.size()) return corrupt("arena size out of range");
  auto m = std::make_shared<Module>(size_t(arena));
  SW_TRY(ModuleReader(r, *m).read());
  if (r.remaining() != 0) return corrupt("trailing bytes");
  m->type_ids.reserve(m->types.size());
  for (const auto& t : m->types) m->type_ids.push_back(canonical_type_id(t));
  return std::shared_ptr<const Module>(std::move(m));
}

}  // namespace syncwasm::wasm
