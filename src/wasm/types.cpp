#include "syncwasm/wasm/types.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>

#include "syncwasm/wasm/module.h"

namespace syncwasm::wasm {

const char* val_type_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string to_string(const FuncType& ft) {
  std::string s = "[";
  auto list = [&s](const std::pmr::vector<ValType>& types) {
    for (size_t i = 0; i < types.size(); ++i) {
      if (i) s += ' ';
      s += val_type_name(types[i]);
    }
  };
  list(ft.params);
  s += "] -> [";
  list(ft.results);
  s += ']';
  return s;
}

uint32_t canonical_type_id(const FuncType& type) {
  // Interned once per distinct signature, keyed by its bytes (params, a 0 no type has, results):
  // up to 14 types the key needs no heap, which matters as every module load asks.
  std::string key;
  for (ValType t : type.params) key += static_cast<char>(t);
  key += '\0';
  for (ValType t : type.results) key += static_cast<char>(t);
  static std::mutex mu;
  static std::unordered_map<std::string, uint32_t> ids;
  std::lock_guard<std::mutex> lock(mu);
  auto [it, inserted] = ids.try_emplace(std::move(key), static_cast<uint32_t>(ids.size()));
  return it->second;
}

Module::Module(size_t arena_bytes)
    : arena_block(new std::byte[std::max<size_t>(arena_bytes, 1)]),
      arena_block_bytes(std::max<size_t>(arena_bytes, 1)),
      arena(std::in_place, arena_block.get(), arena_block_bytes, std::pmr::new_delete_resource()),
      memory(&*arena) {}

namespace {
template <typename T>
void prefetch_buffer(const std::pmr::vector<T>& v) {
  if (!v.empty()) __builtin_prefetch(v.data());
}
}  // namespace

void Module::prefetch() const {
  const auto* object = reinterpret_cast<const char*>(this);
  for (size_t at = 0; at < sizeof(Module); at += 64) __builtin_prefetch(object + at);
  if (arena) {  // its blocks are adjacent: the first lines hold the tables and the first functions
    constexpr size_t kArenaBytes = 2048;
    for (size_t at = 0; at < std::min(arena_block_bytes, kArenaBytes); at += 64)
      __builtin_prefetch(arena_block.get() + at);
    return;
  }
  prefetch_buffer(types);
  prefetch_buffer(type_ids);
  prefetch_buffer(imports);
  prefetch_buffer(func_types);
  prefetch_buffer(tables);
  prefetch_buffer(memories);
  prefetch_buffer(global_types);
  prefetch_buffer(globals);
  prefetch_buffer(exports);
  prefetch_buffer(elems);
  prefetch_buffer(datas);
  prefetch_buffer(functions);
  constexpr size_t kFunctions = 4;  // a dispatcher's few entry points; the rest as they run
  for (size_t i = 0; i < std::min(functions.size(), kFunctions); ++i)
    prefetch_buffer(functions[i].code);
}

const Export* Module::find_export(std::string_view name) const {
  for (const auto& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace syncwasm::wasm
