// Store: owns run-time objects (instances, memories, tables, globals, functions) and the
// execution stack. Objects live as long as their Store; references between them are raw
// pointers. A Store is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/result.h"
#include "syncwasm/wasm/trap.h"
#include "syncwasm/wasm/types.h"

namespace syncwasm::wasm {

class Store;
struct Instance;

// What a host function sees of its caller.
struct HostCall {
  Store* store;
  Instance* caller;  // the instance whose code made the call (null when invoked from the host)
  void* user;        // the pointer given at creation
};

// A host function reads its arguments from slots[0..params) and writes its results to
// slots[0..results). It returns TrapKind::None, or a trap (HostError with store->set_host_error).
using HostFunction = TrapKind (*)(HostCall& call, Slot* slots);

struct FuncInstance {
  uint32_t type_id = 0;  // canonical_type_id(*type)
  const FuncType* type = nullptr;  // owned by the module, or by the store for host functions
  Instance* instance = nullptr;                // wasm function: its instance
  const CompiledFunction* code = nullptr;      // wasm function: its code
  HostFunction host = nullptr;                 // host function
  void* host_user = nullptr;
};

class MemoryInstance {
 public:
  // Takes an address-space reservation from the pool, so the base never moves.
  static Result<std::unique_ptr<MemoryInstance>> create(const MemoryType& type,
                                                        uint32_t engine_max_pages);
  ~MemoryInstance();
  MemoryInstance(const MemoryInstance&) = delete;
  MemoryInstance& operator=(const MemoryInstance&) = delete;

  // The bytes [0, size_bytes()), for reading.
  const uint8_t* data() const { return base_; }
  // The bytes [offset, offset + len), for writing: the caller has checked that they are in
  // bounds. Records them as written, so that releasing the memory zeroes them.
  uint8_t* writable(uint64_t offset, uint64_t len) {
    if (offset + len > dirty_) note_access(offset + len);
    return base_ + offset;
  }
  uint64_t size_bytes() const { return size_; }
  // Bytes [0, dirty_bytes()) may be non-zero; every byte beyond is zero. It covers every byte
  // written (and every byte Wasm code read). Releasing or resetting the memory zeroes this prefix
  // only, so its cost follows what was used, not the size.
  uint64_t dirty_bytes() const { return dirty_; }
  uint32_t pages() const { return static_cast<uint32_t>(size_ / kPageSize); }
  const MemoryType& type() const { return type_; }
  // Returns the old size in pages, or -1 when the memory cannot grow that much.
  int64_t grow(uint32_t delta_pages);
  // Zeroes the memory and sets its size (instance reuse).
  void reset(uint32_t pages);
  // Raises the dirty prefix to cover [0, end), end <= size_bytes() (rounded up, never beyond the
  // size) and returns it. The interpreter's loads and stores check against the dirty prefix
  // rather than the size, so an access within it costs what it cost before; only one beyond it
  // comes here (a load too: reading zeros beyond it is harmless but would take the slow path
  // every time).
  uint64_t note_access(uint64_t end);

  // The dirty prefix grows in steps of this many bytes, and beyond MemoryPool's memset limit by
  // at least a quarter of itself (madvise costs what was touched, not the range).
  static constexpr uint64_t kDirtyGranule = 1024;

 private:
  friend struct Interpreter;
  MemoryInstance() = default;
  uint8_t* base_ = nullptr;  // a MemoryPool reservation
  uint64_t size_ = 0;
  uint64_t dirty_ = 0;  // bytes that may be non-zero (<= size_); all beyond are zero
  uint32_t max_pages_ = 0;
  MemoryType type_;
};

struct TableInstance {
  TableType type;
  std::vector<Slot> elems;
  uint32_t max_elements = 0;  // min(type max, engine limit)
  int64_t grow(uint32_t delta, Slot init);
};

struct GlobalInstance {
  GlobalType type;
  Slot value = 0;
};

// An import or export: exactly one pointer is set, matching kind.
struct Extern {
  ExternKind kind = ExternKind::Func;
  FuncInstance* func = nullptr;
  TableInstance* table = nullptr;
  MemoryInstance* memory = nullptr;
  GlobalInstance* global = nullptr;
};

// An instance: its index spaces (imports first) and the objects it defines, which it owns.
struct Instance {
  Instance() = default;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // The containers below take their blocks from this arena, first from the bytes inline: a
  // small module's instance, made for every submodule call, is one allocation instead of ten.
  // (Blocks are given back with the instance; a table.grow's old block waits until then.)
  static constexpr size_t kInlineArenaBytes = 448;
  alignas(16) std::byte inline_arena[kInlineArenaBytes];
  std::pmr::monotonic_buffer_resource arena{inline_arena, kInlineArenaBytes};

  std::shared_ptr<const Module> module;
  std::pmr::vector<FuncInstance*> funcs{&arena};
  std::pmr::vector<TableInstance*> tables{&arena};
  std::pmr::vector<MemoryInstance*> memories{&arena};
  std::pmr::vector<GlobalInstance*> globals{&arena};
  std::pmr::vector<FuncInstance> own_funcs{&arena};
  std::pmr::vector<TableInstance> own_tables{&arena};
  std::pmr::vector<GlobalInstance> own_globals{&arena};
  std::pmr::vector<std::unique_ptr<MemoryInstance>> own_memories{&arena};
  std::pmr::vector<std::vector<Slot>> elem_segments{
      &arena};                                      // evaluated references; emptied when dropped
  std::pmr::vector<uint8_t> dropped_datas{&arena};  // 1 = dropped
  // Hot fields read by the interpreter.
  MemoryInstance* memory0 = nullptr;

  std::optional<Extern> find_export(std::string_view name) const;
};

// The charge that ran out of gas, and the gas that was left for it.
struct GasFailure {
  uint64_t charge = 0;
  uint64_t gas_left = 0;
};

struct ExecResult {
  TrapKind trap = TrapKind::None;
  std::string message;  // trap message, with host-error detail
  bool ok() const { return trap == TrapKind::None; }
};

class Store {
 public:
  explicit Store(EngineConfig config = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const EngineConfig& config() const { return config_; }

  FuncInstance* create_host_function(FuncType type, HostFunction fn, void* user = nullptr);
  Result<MemoryInstance*> create_memory(const MemoryType& type);
  TableInstance* create_table(const TableType& type, Slot init = 0);
  GlobalInstance* create_global(const GlobalType& type, Slot value);

  // Links imports (in the module's import order), initialises segments, runs the start function.
  // When a segment or the start function traps, the store keeps the instance (tables and
  // memories it wrote into may be shared and refer to its functions), unless the caller knows
  // nothing can refer to it (keep_on_failure = false: it is released at once).
  Result<Instance*> instantiate(std::shared_ptr<const Module> module, std::span<const Extern> imports,
                                bool keep_on_failure = true);

  // Puts an instance back in the state instantiation left it in (memory, globals, tables,
  // segments), to reuse it without leaking anything between uses; imported objects are
  // untouched. Runs the start function again. Same errors as instantiate.
  Result<void> reset_instance(Instance* instance);

  // Frees an instance and what it owns (its memory returns to the pool). REQUIRES: nothing
  // refers to it any more (no table of another instance holds its functions, no import).
  void release_instance(Instance* instance);

  // Calls a function with args (one slot each); writes the results.
  ExecResult invoke(FuncInstance* func, std::span<const Slot> args, std::span<Slot> results);

  // Gas (with metering on): what the next invocations may spend, and what is left.
  void set_gas_left(uint64_t gas);
  uint64_t gas_left() const;
  // For host functions: charges gas; OutOfGas (leaving 0) when not enough is left.
  TrapKind charge_gas(uint64_t amount);
  // After an OutOfGas trap: the charge that did not fit and what was left before it (a
  // runtime that burns "used + cost" as nearcore does needs both).
  GasFailure last_gas_failure() const;

  // For host functions: attach a message to the HostError trap being returned.
  void set_host_error(std::string message) { host_error_ = std::move(message); }

  struct Impl;

 private:
  EngineConfig config_;
  Result<void> initialize(Instance& inst);

  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<std::unique_ptr<FuncInstance>> funcs_;
  std::vector<std::unique_ptr<FuncType>> host_types_;
  std::vector<std::unique_ptr<MemoryInstance>> memories_;
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::unique_ptr<Impl> impl_;  // execution stack
  std::string host_error_;
  friend struct Interpreter;
};

}  // namespace syncwasm::wasm
