// Decodes the module's sections, validates everything outside function bodies, then hands each
// body to the function compiler. Decoding finishes before any body is validated, so a malformed
// module is reported as malformed even when it is also invalid.
#include <unordered_set>

#include "binary/body_skimmer.h"
#include "binary/reader.h"
#include "lower/function_compiler.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::wasm {
namespace {

enum SectionId : uint8_t {
  kCustom = 0, kType, kImport, kFunction, kTable, kMemory, kGlobal, kExport, kStart, kElement,
  kCode, kData, kDataCount,
};

// Sections must come in this order (DataCount sits between Element and Code).
int section_rank(uint8_t id) {
  static const int rank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return rank[id];
}

const char* section_name(uint8_t id) {
  static const char* names[] = {"custom", "type",   "import", "function", "table", "memory", "global",
                                "export", "start",  "element", "code",    "data",  "data count"};
  return id <= kDataCount ? names[id] : "unknown";
}

Error invalid(const std::string& msg) { return make_error(ErrorKind::Invalid, msg); }

class Decoder {
 public:
  Decoder(std::span<const uint8_t> bytes, const EngineConfig& config)
      : bytes_(bytes), config_(config), m_(std::make_shared<Module>()) {}

  Result<std::shared_ptr<const Module>> run() {
    if (bytes_.size() > config_.limits.max_module_bytes)
      return make_error(ErrorKind::LimitExceeded,
                        "module of " + std::to_string(bytes_.size()) + " bytes exceeds max_module_bytes " +
                            std::to_string(config_.limits.max_module_bytes));
    Reader r(bytes_);
    if (r.remaining() < 4 || std::memcmp(r.cursor(), "\0asm", 4) != 0)
      return r.error("magic header not detected");
    (void)r.bytes(4);
    if (r.remaining() < 4) return r.error("unknown binary version (unexpected end)");
    SW_TRY_ASSIGN(uint32_t version, r.fixed_u32());
    if (version != 1) return r.error("unknown binary version");

    int last_rank = 0;
    while (!r.at_end()) {
      size_t section_start = r.offset();
      SW_TRY_ASSIGN(uint8_t id, r.u8());
      if (id > kDataCount) return r.error("malformed section id " + std::to_string(id));
      SW_TRY_ASSIGN(uint32_t size, r.u32());
      if (size > r.remaining())
        return r.error(std::string(section_name(id)) + " section (at offset " + std::to_string(section_start) +
                       "): unexpected end: the section's " + std::to_string(size) + " bytes run past the module's end");
      size_t body_offset = r.offset();
      SW_TRY_ASSIGN(auto body, r.bytes(size));
      if (id != kCustom) {
        int rank = section_rank(id);
        if (rank <= last_rank) return Reader(body, body_offset).error("unexpected content after last section");
        last_rank = rank;
      }
      Reader s(body, body_offset);
      auto res = section(id, s);
      if (!res.ok()) {
        Error e = res.take_error();
        e.message = std::string(section_name(id)) + " section (at offset " + std::to_string(section_start) +
                    "): " + e.message;
        return e;
      }
      if (!s.at_end()) return s.error(std::string(section_name(id)) + " section: section size mismatch");
    }
    if (m_->func_types.size() - m_->num_imported_funcs != bodies_.size())
      return r.error("function and code section have inconsistent lengths");
    if (m_->data_count && *m_->data_count != m_->datas.size())
      return r.error("data count and data section have inconsistent lengths");

    SW_TRY(validate_module());
    m_->functions.resize(bodies_.size());
    for (size_t i = 0; i < bodies_.size(); ++i) {
      auto res = compile_function(*m_, config_, declared_, bodies_[i], m_->functions[i]);
      if (!res.ok()) {
        Error e = res.take_error();
        // A malformed body further on outranks this validation error.
        for (size_t k = i; e.kind == ErrorKind::Invalid && k < bodies_.size(); ++k) {
          auto skim = skim_function_body(bodies_[k]);
          if (!skim.ok()) {
            e = skim.take_error();
            i = k;
          }
        }
        e.message = "code section, function " + std::to_string(bodies_[i].func_index) + ": " + e.message;
        return e;
      }
    }
    m_->type_ids.reserve(m_->types.size());
    for (const auto& t : m_->types) m_->type_ids.push_back(canonical_type_id(t));
    return std::shared_ptr<const Module>(std::move(m_));
  }

 private:
  Result<void> section(uint8_t id, Reader& s) {
    switch (id) {
      case kCustom: return custom_section(s);
      case kType: return type_section(s);
      case kImport: return import_section(s);
      case kFunction: return function_section(s);
      case kTable: return table_section(s);
      case kMemory: return memory_section(s);
      case kGlobal: return global_section(s);
      case kExport: return export_section(s);
      case kStart: return start_section(s);
      case kElement: return element_section(s);
      case kCode: return code_section(s);
      case kData: return data_section(s);
      case kDataCount: return data_count_section(s);
    }
    return s.error("malformed section id");
  }

  Result<uint32_t> count(Reader& s, uint32_t limit, const char* what) {
    SW_TRY_ASSIGN(uint32_t n, s.u32());
    if (n > limit)
      return make_error(ErrorKind::LimitExceeded, std::string("too many ") + what + ": " + std::to_string(n) +
                                                       " exceeds the limit " + std::to_string(limit));
    // Every entry takes at least one byte: a count beyond the bytes left is malformed, and
    // checking it here keeps hostile counts from reserving memory.
    if (n > s.remaining()) return s.error("unexpected end of section or function (length out of bounds)");
    return n;
  }

  Result<void> custom_section(Reader& s) {
    SW_TRY(s.name());
    (void)s.bytes(s.remaining());
    return {};
  }

  Result<ValType> val_type(Reader& s) {
    SW_TRY_ASSIGN(uint8_t b, s.u8());
    switch (b) {
      case 0x7f: case 0x7e: case 0x7d: case 0x7c: return static_cast<ValType>(b);
      case 0x70: case 0x6f:
        if (!config_.features.reference_types && b == 0x6f) break;
        return static_cast<ValType>(b);
      default: break;
    }
    return s.error("malformed value type");
  }

  Result<ValType> ref_type(Reader& s) {
    SW_TRY_ASSIGN(uint8_t b, s.u8());
    if (b == 0x70 || (b == 0x6f && config_.features.reference_types)) return static_cast<ValType>(b);
    return s.error("malformed reference type");
  }

  Result<Limits> limits(Reader& s, bool memory) {
    SW_TRY_ASSIGN(uint8_t flags, s.u8());
    if (flags > 1) return s.error(memory ? "integer too large (malformed limits flags)" : "integer too large (malformed limits flags)");
    Limits l;
    SW_TRY_ASSIGN(l.min, s.u32());
    if (flags & 1) {
      SW_TRY_ASSIGN(uint32_t max, s.u32());
      l.max = max;
    }
    return l;
  }

  Result<TableType> table_type(Reader& s) {
    TableType t;
    SW_TRY_ASSIGN(t.elem, ref_type(s));
    SW_TRY_ASSIGN(t.limits, limits(s, false));
    if (t.limits.max && *t.limits.max < t.limits.min)
      return invalid("size minimum must not be greater than maximum");
    return t;
  }

  Result<MemoryType> memory_type(Reader& s) {
    MemoryType t;
    SW_TRY_ASSIGN(t.limits, limits(s, true));
    if (t.limits.min > 65536) return invalid("memory size must be at most 65536 pages (4GiB)");
    if (t.limits.max && *t.limits.max > 65536) return invalid("memory size must be at most 65536 pages (4GiB)");
    if (t.limits.max && *t.limits.max < t.limits.min)
      return invalid("size minimum must not be greater than maximum");
    return t;
  }

  Result<GlobalType> global_type(Reader& s) {
    GlobalType g;
    SW_TRY_ASSIGN(g.type, val_type(s));
    SW_TRY_ASSIGN(uint8_t mut, s.u8());
    if (mut > 1) return s.error("malformed mutability");
    g.mut = mut == 1;
    return g;
  }

  Result<void> type_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_types, "types"));
    m_->types.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      SW_TRY_ASSIGN(uint8_t form, s.u8());
      if (form != 0x60) return s.error("integer representation too long (malformed functype)");
      FuncType ft;
      SW_TRY_ASSIGN(uint32_t np, count(s, config_.limits.max_params, "params"));
      for (uint32_t k = 0; k < np; ++k) {
        SW_TRY_ASSIGN(ValType t, val_type(s));
        ft.params.push_back(t);
      }
      SW_TRY_ASSIGN(uint32_t nr, count(s, config_.limits.max_results, "results"));
      if (nr > 1 && !config_.features.multi_value) return invalid("invalid result arity (multi-value disabled)");
      for (uint32_t k = 0; k < nr; ++k) {
        SW_TRY_ASSIGN(ValType t, val_type(s));
        ft.results.push_back(t);
      }
      m_->types.push_back(std::move(ft));
    }
    return {};
  }

  Result<void> import_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_imports, "imports"));
    for (uint32_t i = 0; i < n; ++i) {
      Import im;
      SW_TRY_ASSIGN(im.module, s.name());
      SW_TRY_ASSIGN(im.name, s.name());
      SW_TRY_ASSIGN(uint8_t kind, s.u8());
      switch (kind) {
        case 0: {
          im.kind = ExternKind::Func;
          SW_TRY_ASSIGN(im.func_type, s.u32());
          if (im.func_type >= m_->types.size()) return invalid("unknown type " + std::to_string(im.func_type));
          m_->func_types.push_back(im.func_type);
          m_->num_imported_funcs++;
          break;
        }
        case 1: {
          im.kind = ExternKind::Table;
          SW_TRY_ASSIGN(im.table, table_type(s));
          m_->tables.push_back(im.table);
          m_->num_imported_tables++;
          break;
        }
        case 2: {
          im.kind = ExternKind::Memory;
          SW_TRY_ASSIGN(im.memory, memory_type(s));
          m_->memories.push_back(im.memory);
          m_->num_imported_memories++;
          break;
        }
        case 3: {
          im.kind = ExternKind::Global;
          SW_TRY_ASSIGN(im.global, global_type(s));
          if (im.global.mut && !config_.features.mutable_globals)
            return invalid("mutable global import (feature disabled)");
          m_->global_types.push_back(im.global);
          m_->num_imported_globals++;
          break;
        }
        default: return s.error("malformed import kind");
      }
      m_->imports.push_back(std::move(im));
    }
    return {};
  }

  Result<void> function_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_functions, "functions"));
    if (m_->func_types.size() + n > config_.limits.max_functions)
      return make_error(ErrorKind::LimitExceeded, "too many functions");
    for (uint32_t i = 0; i < n; ++i) {
      SW_TRY_ASSIGN(uint32_t t, s.u32());
      if (t >= m_->types.size()) return invalid("unknown type " + std::to_string(t));
      m_->func_types.push_back(t);
    }
    return {};
  }

  Result<void> table_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_tables, "tables"));
    for (uint32_t i = 0; i < n; ++i) {
      SW_TRY_ASSIGN(TableType t, table_type(s));
      m_->tables.push_back(t);
    }
    if (m_->tables.size() > 1 && !config_.features.reference_types) return invalid("multiple tables");
    return {};
  }

  Result<void> memory_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, 100, "memories"));
    for (uint32_t i = 0; i < n; ++i) {
      SW_TRY_ASSIGN(MemoryType t, memory_type(s));
      m_->memories.push_back(t);
    }
    return {};
  }

  // Reads a constant expression of the expected type, ending with `end`.
  Result<ConstExpr> const_expr(Reader& s, ValType expected) {
    ConstExpr e;
    ValType actual;
    SW_TRY_ASSIGN(uint8_t op, s.u8());
    switch (op) {
      case 0x41: { SW_TRY_ASSIGN(int32_t v, s.s32()); e.value = static_cast<uint32_t>(v); actual = ValType::I32; break; }
      case 0x42: { SW_TRY_ASSIGN(int64_t v, s.s64()); e.value = static_cast<uint64_t>(v); actual = ValType::I64; break; }
      case 0x43: { SW_TRY_ASSIGN(e.value, s.fixed_u32()); actual = ValType::F32; break; }
      case 0x44: { SW_TRY_ASSIGN(e.value, s.fixed_u64()); actual = ValType::F64; break; }
      case 0xd0: {
        e.op = ConstExpr::Op::RefNull;
        SW_TRY_ASSIGN(actual, ref_type(s));
        break;
      }
      case 0xd2: {
        e.op = ConstExpr::Op::RefFunc;
        SW_TRY_ASSIGN(e.index, s.u32());
        if (e.index >= m_->func_types.size()) return invalid("unknown function " + std::to_string(e.index));
        declared_funcs_pending_.push_back(e.index);
        actual = ValType::FuncRef;
        break;
      }
      case 0x23: {
        e.op = ConstExpr::Op::GlobalGet;
        SW_TRY_ASSIGN(e.index, s.u32());
        if (e.index >= m_->global_types.size()) return invalid("unknown global " + std::to_string(e.index));
        // In 2.0 only imported, immutable globals are constant.
        if (e.index >= m_->num_imported_globals) return invalid("unknown global " + std::to_string(e.index));
        if (m_->global_types[e.index].mut) return invalid("constant expression required");
        actual = m_->global_types[e.index].type;
        break;
      }
      case 0x0b: return invalid("type mismatch (empty constant expression)");
      default: {
        // Known non-constant instructions are invalid; anything else is illegal (malformed).
        bool known = op <= 0x05 || (op >= 0x0b && op <= 0x11) || (op >= 0x1a && op <= 0x1c) ||
                     (op >= 0x20 && op <= 0x26) || (op >= 0x28 && op <= 0xc4) || op == 0xd1 || op == 0xfc;
        if (!known) return s.error("illegal opcode " + std::to_string(op));
        return invalid("constant expression required");
      }
    }
    SW_TRY_ASSIGN(uint8_t end, s.u8());
    if (end != 0x0b) {
      if (end == 0x41 || end == 0x42 || end == 0x43 || end == 0x44 || end == 0xd0 || end == 0xd2 || end == 0x23)
        return invalid("type mismatch (constant expression has more than one value)");
      return invalid("constant expression required");
    }
    if (actual != expected) return invalid("type mismatch in constant expression");
    return e;
  }

  Result<void> global_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_globals, "globals"));
    for (uint32_t i = 0; i < n; ++i) {
      GlobalDef g;
      SW_TRY_ASSIGN(g.type, global_type(s));
      SW_TRY_ASSIGN(g.init, const_expr(s, g.type.type));
      m_->globals.push_back(g);
      m_->global_types.push_back(g.type);
    }
    return {};
  }

  Result<void> export_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_exports, "exports"));
    std::unordered_set<std::string> names;
    for (uint32_t i = 0; i < n; ++i) {
      Export e;
      SW_TRY_ASSIGN(e.name, s.name());
      SW_TRY_ASSIGN(uint8_t kind, s.u8());
      if (kind > 3) return s.error("malformed export kind");
      e.kind = static_cast<ExternKind>(kind);
      SW_TRY_ASSIGN(e.index, s.u32());
      if (!names.insert(e.name).second) return invalid("duplicate export name \"" + e.name + "\"");
      m_->exports.push_back(std::move(e));
    }
    return {};
  }

  Result<void> start_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t f, s.u32());
    m_->start = f;
    return {};
  }

  Result<void> element_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_elem_segments, "element segments"));
    for (uint32_t i = 0; i < n; ++i) {
      ElemSegment seg;
      SW_TRY_ASSIGN(uint32_t flags, s.u32());
      if (flags > 7) return s.error("malformed elements segment kind");
      if (flags != 0 && !config_.features.bulk_memory && !config_.features.reference_types)
        return s.error("malformed elements segment kind (bulk memory disabled)");
      bool passive_or_decl = flags & 1;
      bool explicit_table = flags & 2;
      bool uses_exprs = flags & 4;
      seg.mode = !passive_or_decl ? SegmentMode::Active
                                  : (explicit_table ? SegmentMode::Declarative : SegmentMode::Passive);
      if (seg.mode == SegmentMode::Active) {
        if (explicit_table) { SW_TRY_ASSIGN(seg.table, s.u32()); }
        SW_TRY_ASSIGN(seg.offset, const_expr(s, ValType::I32));
      }
      // Flags 0 and 4 imply funcref; others carry an elemkind (0x00) or a reftype.
      if (flags != 0 && flags != 4) {
        SW_TRY_ASSIGN(uint8_t k, s.u8());
        if (uses_exprs) {
          if (k != 0x70 && k != 0x6f) return s.error("malformed reference type");
          seg.type = static_cast<ValType>(k);
        } else if (k != 0x00) {
          return s.error("malformed element kind");
        }
      }
      SW_TRY_ASSIGN(uint32_t items, count(s, config_.limits.max_table_elements, "element items"));
      seg.items.reserve(items);
      for (uint32_t k = 0; k < items; ++k) {
        ConstExpr item;
        if (uses_exprs) {
          SW_TRY_ASSIGN(item, const_expr(s, seg.type));
        } else {
          item.op = ConstExpr::Op::RefFunc;
          SW_TRY_ASSIGN(item.index, s.u32());
          if (item.index >= m_->func_types.size()) return invalid("unknown function " + std::to_string(item.index));
          declared_funcs_pending_.push_back(item.index);
        }
        seg.items.push_back(item);
      }
      m_->elems.push_back(std::move(seg));
    }
    return {};
  }

  Result<void> data_count_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, s.u32());
    m_->data_count = n;
    return {};
  }

  Result<void> code_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_functions, "function bodies"));
    if (n != m_->func_types.size() - m_->num_imported_funcs)
      return s.error("function and code section have inconsistent lengths");
    bodies_.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      SW_TRY_ASSIGN(uint32_t size, s.u32());
      if (size > config_.limits.max_function_body_bytes)
        return make_error(ErrorKind::LimitExceeded, "function body of " + std::to_string(size) +
                                                        " bytes exceeds max_function_body_bytes");
      size_t off = s.offset();
      SW_TRY_ASSIGN(auto body, s.bytes(size));
      bodies_.push_back({m_->num_imported_funcs + i, body, off});
    }
    return {};
  }

  Result<void> data_section(Reader& s) {
    SW_TRY_ASSIGN(uint32_t n, count(s, config_.limits.max_data_segments, "data segments"));
    for (uint32_t i = 0; i < n; ++i) {
      DataSegment seg;
      SW_TRY_ASSIGN(uint32_t flags, s.u32());
      if (flags > 2) return s.error("malformed data segment kind");
      if (flags == 1) {
        seg.mode = SegmentMode::Passive;
      } else {
        if (flags == 2) { SW_TRY_ASSIGN(seg.memory, s.u32()); }
        if (seg.memory >= m_->memories.size()) return invalid("unknown memory " + std::to_string(seg.memory));
        SW_TRY_ASSIGN(seg.offset, const_expr(s, ValType::I32));
      }
      SW_TRY_ASSIGN(uint32_t len, s.u32());
      SW_TRY_ASSIGN(auto bytes, s.bytes(len));
      seg.bytes.assign(bytes.begin(), bytes.end());
      m_->datas.push_back(std::move(seg));
    }
    return {};
  }

  // Checks that need the whole module: indices in exports/start/segments, memory count.
  Result<void> validate_module() {
    Module& m = *m_;
    if (m.memories.size() > 1) return invalid("multiple memories");
    for (const auto& e : m.exports) {
      size_t limit = e.kind == ExternKind::Func     ? m.func_types.size()
                     : e.kind == ExternKind::Table  ? m.tables.size()
                     : e.kind == ExternKind::Memory ? m.memories.size()
                                                    : m.global_types.size();
      if (e.index >= limit)
        return invalid(std::string("unknown ") + extern_kind_name(e.kind) + " " + std::to_string(e.index));
      if (e.kind == ExternKind::Global && m.global_types[e.index].mut && !config_.features.mutable_globals)
        return invalid("mutable global export (feature disabled)");
      if (e.kind == ExternKind::Func) declared_funcs_pending_.push_back(e.index);
    }
    if (m.start) {
      if (*m.start >= m.func_types.size()) return invalid("unknown function " + std::to_string(*m.start));
      const FuncType& ft = m.func_type(*m.start);
      if (!ft.params.empty() || !ft.results.empty()) return invalid("start function must have type [] -> []");
    }
    for (const auto& seg : m.elems) {
      if (seg.mode == SegmentMode::Active) {
        if (seg.table >= m.tables.size()) return invalid("unknown table " + std::to_string(seg.table));
        if (m.tables[seg.table].elem != seg.type) return invalid("type mismatch (element segment vs table)");
      }
    }
    for (const auto& seg : m.datas)
      if (seg.mode == SegmentMode::Active && seg.memory >= m.memories.size())
        return invalid("unknown memory " + std::to_string(seg.memory));
    declared_.assign(m.func_types.size(), 0);
    for (uint32_t f : declared_funcs_pending_) declared_[f] = 1;
    return {};
  }

  std::span<const uint8_t> bytes_;
  const EngineConfig& config_;
  std::shared_ptr<Module> m_;
  std::vector<FunctionBody> bodies_;
  std::vector<uint32_t> declared_funcs_pending_;
  std::vector<uint8_t> declared_;
};

}  // namespace

Result<std::shared_ptr<const Module>> compile(std::span<const uint8_t> bytes, const EngineConfig& config) {
  return Decoder(bytes, config).run();
}

}  // namespace syncwasm::wasm
