// The WebAssembly type vocabulary shared by every layer of the engine.
#pragma once

#include <cstdint>
#include <memory_resource>
#include <optional>
#include <string>
#include <vector>

namespace syncwasm::wasm {

enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

const char* val_type_name(ValType t);
inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

// Every value is one 64-bit slot at run time: integers zero-extended, floats as raw bits,
// references as a pointer (funcref: FuncInstance*) or host id + 1 (externref); 0 is null.
using Slot = uint64_t;

struct Value {
  ValType type = ValType::I32;
  Slot bits = 0;
};

// Polymorphic-allocator vectors, so a module read from its serialized form keeps all its
// blocks in one arena (see Module::arena); elsewhere they use the ordinary heap.
struct FuncType {
  std::pmr::vector<ValType> params;
  std::pmr::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string to_string(const FuncType& ft);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* extern_kind_name(ExternKind k);

constexpr uint32_t kPageSize = 65536;

}  // namespace syncwasm::wasm
