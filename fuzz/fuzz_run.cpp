// libFuzzer target: compile, instantiate with every import satisfied by a dummy of the right
// type, then call every exported function with zero arguments, under a gas bound.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/store.h"

namespace {

using namespace syncwasm::wasm;

// Small limits keep each input fast and its memory low; they are engine limits, so a module
// over them is rejected cleanly (which is also under test).
constexpr uint32_t kMaxPages = 256;             // 16 MiB per memory
constexpr uint32_t kMaxTableElements = 100'000;
constexpr uint64_t kGasPerCall = 1'000'000;    // Wasm instructions per call (start too)
constexpr size_t kMaxExportsCalled = 64;

// Gas is the step bound that makes running arbitrary code safe (`loop br 0` never ends):
// one unit per instruction, bulk operations per byte and element.
EngineConfig fuzz_config() {
  EngineConfig config;
  config.limits.max_memory_pages = kMaxPages;
  config.limits.max_table_elements = kMaxTableElements;
  config.metering = {true, 1, 1, 1, 1};
  return config;
}

// A host function that returns zeros; the number of results travels in the user pointer.
TrapKind return_zeros(HostCall& call, Slot* slots) {
  const auto results = reinterpret_cast<uintptr_t>(call.user);
  for (uintptr_t i = 0; i < results; ++i) slots[i] = 0;
  return TrapKind::None;
}

// An extern of the import's type, or nullopt when it would be too large to create cheaply.
std::optional<Extern> make_dummy(Store& store, const Module& module, const Import& import) {
  Extern e;
  e.kind = import.kind;
  switch (import.kind) {
    case ExternKind::Func: {
      if (import.func_type >= module.types.size()) return std::nullopt;
      const FuncType& type = module.types[import.func_type];
      e.func = store.create_host_function(
          type, &return_zeros, reinterpret_cast<void*>(static_cast<uintptr_t>(type.results.size())));
      return e;
    }
    case ExternKind::Table:
      if (import.table.limits.min > kMaxTableElements) return std::nullopt;
      e.table = store.create_table(import.table, 0);
      return e;
    case ExternKind::Memory: {
      if (import.memory.limits.min > kMaxPages) return std::nullopt;
      auto memory = store.create_memory(import.memory);
      if (!memory.ok()) return std::nullopt;
      e.memory = memory.value();
      return e;
    }
    case ExternKind::Global:
      e.global = store.create_global(import.global, 0);
      return e;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const EngineConfig config = fuzz_config();
  auto compiled = compile(std::span<const uint8_t>(data, size), config);
  if (!compiled.ok()) return 0;
  std::shared_ptr<const Module> module = compiled.value();

  Store store(config);
  std::vector<Extern> imports;
  for (const auto& import : module->imports) {
    auto dummy = make_dummy(store, *module, import);
    if (!dummy) return 0;
    imports.push_back(*dummy);
  }
  store.set_gas_left(kGasPerCall);
  auto instance = store.instantiate(module, imports);
  if (!instance.ok()) return 0;

  size_t called = 0;
  for (const auto& exp : module->exports) {
    if (exp.kind != ExternKind::Func || called++ == kMaxExportsCalled) continue;
    auto ext = instance.value()->find_export(exp.name);
    if (!ext || ext->func == nullptr) continue;
    const FuncType& type = module->func_type(exp.index);
    std::vector<Slot> args(type.params.size(), 0);  // zero of every type, null references
    std::vector<Slot> results(type.results.size(), 0);
    store.set_gas_left(kGasPerCall);
    (void)store.invoke(ext->func, args, results);
  }
  return 0;
}
