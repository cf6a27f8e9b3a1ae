#include "spectest_host.h"

#include <bit>
#include <cstdint>

namespace syncwasm::spec {
namespace {

using wasm::ValType;

// The reference interpreter prints its arguments; the runner needs only the signature.
wasm::TrapKind print_nothing(wasm::HostCall&, wasm::Slot*) { return wasm::TrapKind::None; }

wasm::Extern func_extern(wasm::FuncInstance* f) {
  wasm::Extern e;
  e.kind = wasm::ExternKind::Func;
  e.func = f;
  return e;
}

wasm::Extern global_extern(wasm::GlobalInstance* g) {
  wasm::Extern e;
  e.kind = wasm::ExternKind::Global;
  e.global = g;
  return e;
}

}  // namespace

wasm::Result<ExportMap> create_spectest_host(wasm::Store& store) {
  ExportMap exports;
  const struct {
    const char* name;
    std::initializer_list<ValType> params;
  } prints[] = {
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const auto& p : prints) {
    wasm::FuncType type{p.params, {}};
    exports[p.name] = func_extern(store.create_host_function(type, &print_nothing));
  }

  // 666 everywhere, as wabt's spectest-interp (the spec interpreter uses 666.6 for floats).
  exports["global_i32"] = global_extern(store.create_global({ValType::I32, false}, 666));
  exports["global_i64"] = global_extern(store.create_global({ValType::I64, false}, 666));
  exports["global_f32"] =
      global_extern(store.create_global({ValType::F32, false}, std::bit_cast<uint32_t>(666.0f)));
  exports["global_f64"] =
      global_extern(store.create_global({ValType::F64, false}, std::bit_cast<uint64_t>(666.0)));

  wasm::TableType table_type;
  table_type.elem = ValType::FuncRef;
  table_type.limits = {10, 20};
  wasm::Extern table;
  table.kind = wasm::ExternKind::Table;
  table.table = store.create_table(table_type, 0);
  exports["table"] = table;

  wasm::MemoryType memory_type;
  memory_type.limits = {1, 2};
  auto memory = store.create_memory(memory_type);
  if (!memory.ok()) return memory.take_error();
  wasm::Extern mem;
  mem.kind = wasm::ExternKind::Memory;
  mem.memory = memory.value();
  exports["memory"] = mem;
  return exports;
}

}  // namespace syncwasm::spec
