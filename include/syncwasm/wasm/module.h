// Module: a decoded, validated and lowered WebAssembly module. Immutable after compile();
// shareable across threads and instances; the unit cached by code hash.
#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/result.h"
#include "syncwasm/wasm/types.h"

namespace syncwasm::wasm {

// A constant expression (globals, segment offsets, element items): one instruction in 2.0.
struct ConstExpr {
  enum class Op : uint8_t { Value, RefNull, RefFunc, GlobalGet };
  Op op = Op::Value;
  Slot value = 0;      // Op::Value: the bits
  uint32_t index = 0;  // RefFunc: function index; GlobalGet: global index
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  ConstExpr offset;
  ValType type = ValType::FuncRef;
  std::pmr::vector<ConstExpr> items;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory = 0;
  ConstExpr offset;
  std::pmr::vector<uint8_t> bytes;
};

struct GlobalDef {
  GlobalType type;
  ConstExpr init;
};

// The interpreter's code for one function (see src/wasm/lower/README in lowerer.h).
struct CompiledFunction {
  uint32_t type_index = 0;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t num_locals = 0;        // declared locals, after the params
  uint32_t frame_slots = 0;       // params + locals + constants + max operand stack
  uint64_t entry_gas = 0;         // charged on entry: the frame and the first basic block
  std::pmr::vector<Slot> constants;  // copied after the locals on entry
  std::pmr::vector<uint32_t> code;   // lowered instruction stream
};

struct Module {
  Module() = default;
  // A module whose blocks all come from one arena of `arena_bytes` (more, if that runs out, from
  // further blocks): what deserialize_module builds, so a call on a module cached long ago reads
  // a few adjacent lines instead of a dozen blocks scattered over the heap.
  explicit Module(size_t arena_bytes);
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // Declared before the containers: destroyed after them.
  std::unique_ptr<std::byte[]> arena_block;
  size_t arena_block_bytes = 0;
  std::optional<std::pmr::monotonic_buffer_resource> arena;
  std::pmr::memory_resource* memory = std::pmr::get_default_resource();  // what the containers use

  std::pmr::vector<FuncType> types{memory};
  std::pmr::vector<uint32_t> type_ids{
      memory};  // canonical (process-wide) id of each type, for call_indirect
  std::pmr::vector<Import> imports{memory};
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  std::pmr::vector<uint32_t> func_types{memory};      // type index of every function, imports first
  std::pmr::vector<TableType> tables{memory};         // imports first
  std::pmr::vector<MemoryType> memories{memory};      // imports first
  std::pmr::vector<GlobalType> global_types{memory};  // imports first
  std::pmr::vector<GlobalDef> globals{memory};        // defined globals only
  std::pmr::vector<Export> exports{memory};
  std::optional<uint32_t> start;
  std::pmr::vector<ElemSegment> elems{memory};
  std::pmr::vector<DataSegment> datas{memory};
  std::optional<uint32_t> data_count;
  std::pmr::vector<CompiledFunction> functions{memory};  // defined functions only

  const Export* find_export(std::string_view name) const;
  const FuncType& func_type(uint32_t func_index) const { return types[func_types[func_index]]; }
  // Starts loading, all at once, the memory that instantiating and entering the module read (the
  // object, its arena's first lines, or else its vectors' buffers and first functions' code)
  // without waiting for it. For a module cached long ago that is all in main memory; read line
  // after line as instantiation reaches them, each costs a full memory latency.
  void prefetch() const;
};

// Decodes, validates and lowers a binary module. Errors name the section, byte offset and reason.
Result<std::shared_ptr<const Module>> compile(std::span<const uint8_t> bytes,
                                              const EngineConfig& config = {});

// Process-wide canonical id of a function type (equal types, equal ids).
uint32_t canonical_type_id(const FuncType& type);

}  // namespace syncwasm::wasm
