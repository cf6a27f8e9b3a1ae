// What a call costs the engine, beyond the work it does: instantiating a cached, serialized or
// raw module and calling a trivial export; a host call and a Wasm call from a Wasm loop.
#include <benchmark/benchmark.h>

#include <vector>

#include "syncwasm/wasm/serialize.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::bench {
namespace {

using wasm::Slot;

// A small module as a contract or submodule would be: a memory, a data segment, a mutable
// global, a table, and a trivial export reading all of them. Hand-assembled so the benchmark
// needs no tools at run time.
const std::vector<uint8_t> kSmallModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // type section: 0: () -> i32
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    // function section: 1 function of type 0
    0x03, 0x02, 0x01, 0x00,
    // table section: funcref, min 1
    0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
    // memory section: min 1
    0x05, 0x03, 0x01, 0x00, 0x01,
    // global section: mut i32 = 5
    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x05, 0x0b,
    // export section: "f" func 0
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
    // element section: table 0 offset 0: func 0
    0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,
    // code section: global.get 0; i32.const 16; i32.load8_u; i32.add; end
    0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x23, 0x00, 0x41, 0x10, 0x2d, 0x00, 0x00, 0x6a, 0x0b,
    // data section: memory 0 offset 16: "\x07"
    0x0b, 0x07, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x01, 0x07,
};

// (func (param i32) (result i32)) calling import 0 or function 1 n times in a loop:
//   loop: local.set 1 (call f (local.get 1)); br_if 0 (local.tee 0 (i32.sub (local.get 0) 1))
std::vector<uint8_t> loop_module(bool host) {
  std::vector<uint8_t> m = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      // types: 0: (i32) -> i32
      0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
  };
  if (host) {
    // import "env" "f" func type 0
    const uint8_t imp[] = {0x02, 0x09, 0x01, 0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x00};
    m.insert(m.end(), std::begin(imp), std::end(imp));
    // functions: the loop (type 0)
    const uint8_t fn[] = {0x03, 0x02, 0x01, 0x00};
    m.insert(m.end(), std::begin(fn), std::end(fn));
  } else {
    // functions: the loop and the callee (both type 0)
    const uint8_t fn[] = {0x03, 0x03, 0x02, 0x00, 0x00};
    m.insert(m.end(), std::begin(fn), std::end(fn));
  }
  // export "loop": function 1 with an import (import is 0), function 0 otherwise
  const uint8_t exp[] = {0x07, 0x08, 0x01, 0x04, 'l', 'o', 'o', 'p', 0x00, uint8_t(host ? 1 : 0)};
  m.insert(m.end(), std::begin(exp), std::end(exp));
  const uint8_t callee = host ? 0 : 1;
  std::vector<uint8_t> loop_body = {
      0x01, 0x01, 0x7f,                    // 1 local i32
      0x03, 0x40,                          // loop
      0x20, 0x01, 0x10, callee, 0x21, 0x01,  // local.set 1 (call f (local.get 1))
      0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00,  // local.tee 0 (i32.sub (local.get 0) (i32.const 1))
      0x0d, 0x00,                          // br_if 0
      0x0b,                                // end
      0x20, 0x01, 0x0b,                    // local.get 1; end
  };
  std::vector<uint8_t> identity_body = {0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b};  // local.get 0 + 1
  std::vector<uint8_t> code = {uint8_t(host ? 1 : 2), uint8_t(loop_body.size())};
  code.insert(code.end(), loop_body.begin(), loop_body.end());
  if (!host) {
    code.push_back(uint8_t(identity_body.size()));
    code.insert(code.end(), identity_body.begin(), identity_body.end());
  }
  m.push_back(0x0a);
  m.push_back(uint8_t(code.size()));
  m.insert(m.end(), code.begin(), code.end());
  return m;
}

wasm::EngineConfig metered() {
  wasm::EngineConfig c;
  c.metering.enabled = true;
  return c;
}

// Instantiates `module` in `store`, calls "f", releases the instance.
bool instantiate_and_call(wasm::Store& store, const std::shared_ptr<const wasm::Module>& module,
                          benchmark::State& state) {
  auto inst = store.instantiate(module, {});
  if (!inst.ok()) {
    state.SkipWithError(inst.error().message.c_str());
    return false;
  }
  Slot result = 0;
  store.set_gas_left(1'000'000'000'000);
  wasm::ExecResult r = store.invoke((*inst)->find_export("f")->func, {}, {&result, 1});
  if (!r.ok() || result != 12) {
    state.SkipWithError(("trivial call failed: " + r.message).c_str());
    return false;
  }
  store.release_instance(*inst);
  return true;
}

void bm_instantiate_call_hot(benchmark::State& state) {
  auto module = wasm::compile(kSmallModule, metered());
  if (!module.ok()) return state.SkipWithError(module.error().message.c_str());
  wasm::Store store(metered());
  for (auto _ : state)
    if (!instantiate_and_call(store, *module, state)) break;
}

void bm_instantiate_call_serialized(benchmark::State& state) {
  auto module = wasm::compile(kSmallModule, metered());
  if (!module.ok()) return state.SkipWithError(module.error().message.c_str());
  const std::vector<uint8_t> artifact = wasm::serialize_module(**module, metered());
  wasm::Store store(metered());
  for (auto _ : state) {
    auto loaded = wasm::deserialize_module(artifact, metered());
    if (!loaded.ok()) return state.SkipWithError(loaded.error().message.c_str());
    if (!instantiate_and_call(store, *loaded, state)) break;
  }
}

void bm_instantiate_call_raw(benchmark::State& state) {
  wasm::Store store(metered());
  for (auto _ : state) {
    auto module = wasm::compile(kSmallModule, metered());
    if (!module.ok()) return state.SkipWithError(module.error().message.c_str());
    if (!instantiate_and_call(store, *module, state)) break;
  }
}

wasm::TrapKind host_increment(wasm::HostCall&, Slot* slots) {
  slots[0] = uint32_t(uint32_t(slots[0]) + 1);
  return wasm::TrapKind::None;
}

// Runs the call loop `iterations` times per benchmark iteration; reports time per call.
void bm_call_loop(benchmark::State& state, bool host) {
  constexpr uint32_t kCalls = 1'000'000;
  wasm::Store store(metered());
  auto module = wasm::compile(loop_module(host), metered());
  if (!module.ok()) return state.SkipWithError(module.error().message.c_str());
  std::vector<wasm::Extern> imports;
  if (host) {
    wasm::FuncInstance* f = store.create_host_function({{wasm::ValType::I32}, {wasm::ValType::I32}}, host_increment);
    imports.push_back({wasm::ExternKind::Func, f});
  }
  auto inst = store.instantiate(*module, imports);
  if (!inst.ok()) return state.SkipWithError(inst.error().message.c_str());
  wasm::FuncInstance* loop = (*inst)->find_export("loop")->func;
  for (auto _ : state) {
    Slot arg = kCalls, result = 0;
    store.set_gas_left(UINT64_MAX);
    wasm::ExecResult r = store.invoke(loop, {&arg, 1}, {&result, 1});
    if (!r.ok() || result != kCalls) return state.SkipWithError(("call loop failed: " + r.message).c_str());
  }
  state.counters["calls"] = kCalls;
}

BENCHMARK(bm_instantiate_call_hot)->Name("engine/instantiate_call_hot");
BENCHMARK(bm_instantiate_call_serialized)->Name("engine/instantiate_call_serialized");
BENCHMARK(bm_instantiate_call_raw)->Name("engine/instantiate_call_raw");
BENCHMARK_CAPTURE(bm_call_loop, host, true)->Name("engine/host_call")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_call_loop, wasm, false)->Name("engine/wasm_call")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace syncwasm::bench
