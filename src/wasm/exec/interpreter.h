// The interpreter's entry point and the execution state it keeps in the Store.
#pragma once

#include <vector>

#include "syncwasm/wasm/store.h"

namespace syncwasm::wasm {

// A suspended caller: where to resume and in which frame and instance.
struct Frame {
  const uint32_t* pc;
  uint8_t* fp;
  const CompiledFunction* fn;
  Instance* inst;
};

// The execution stack of a Store: one value stack (slots) and one frame array, shared by
// nested invocations (host -> wasm -> host -> wasm) so every limit counts them all. Both live in
// one mapping taken from a process-wide pool, so creating a Store costs no system call.
struct Store::Impl {
  explicit Impl(const EngineLimits& limits);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  Slot* stack = nullptr;      // lazily committed memory
  Slot* stack_end = nullptr;
  Slot* sp = nullptr;         // first free slot above the running frame
  Frame* frames = nullptr;    // max_call_depth + 1 entries
  uint32_t depth = 0;
  uint64_t gas_left = UINT64_MAX;
  GasFailure gas_failure;
  uint8_t* mapping = nullptr;
  size_t mapping_bytes = 0;
};

struct Interpreter {
  // Runs `entry` with its arguments at `args` (results written there). With table_out set,
  // only returns the handler table (the labels live inside this function).
  static TrapKind run(Store* store, FuncInstance* entry, Slot* args, const void* const** table_out);
};

}  // namespace syncwasm::wasm
