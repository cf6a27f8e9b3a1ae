// Per-call costs of submodules (issue 6), as Google Benchmark benchmarks named
// "sub/<loop>/<n>": one benchmark iteration is one execution of the main contract (Executor::
// function_call on a fresh overlay over a committed RocksDB state) whose loop runs n times.
//
// Method: every per-call figure is a difference of two executions that differ only in the loop
// count, (T(n) - T(0)) / n, so the fixed cost of an execution (account read, linking and
// instantiating the main contract, reading the input) cancels out, and what remains is one loop
// iteration: the call and its arguments, plus the loop's own few instructions (a compare, a
// subtraction and a branch, a few nanoseconds, the same in both loops of a ratio). Times are CPU
// times (this process's), medians of the repetitions.
//   submodule_call_hot_us       calls/N: submodule_call of tiny_submodule's "run" (i64.const;
//                               drop) on key "k", the module in the in-memory cache;
//   submodule_call_hot_imports_us   calls_imports/N - calls/0: the same of an export doing
//                               nothing in the loop submodule (4 imports, a memory, a data
//                               segment, a global);
//   wasm_call_ns                local_calls/N: a local call to a function doing the same work;
//   submodule_call_vs_wasm_call_ratio   the two per-call times;
//   import_call_vs_wasm_call_ratio      import_loop/N (parent.add through a literal import) over
//                               local_loop/N (the same add defined in the submodule), both inside
//                               one submodule call;
//   parent_call_roundtrip_us    parent_calls/N: parent_call("noop") from the submodule and back;
//   submodule_call_cold_us      cold/1 - calls/0: one call after the in-memory cache was
//                               cleared, the serialized module read from the store's module cache
//                               (RocksDB) and deserialized; cold_compile/1 - calls/0 when the
//                               module is compiled from its code (no module cache attached).
#include <benchmark/benchmark.h>

#include <memory>

#include "submodule_world.h"

namespace syncwasm::bench {
namespace {

World& world() {
  static std::unique_ptr<World> w = std::make_unique<World>("calls");
  return *w;
}

std::string u32_bytes(uint32_t v) {
  return std::string(reinterpret_cast<const char*>(&v), 4);
}

// n hot submodule calls of key.method.
void bm_calls(benchmark::State& state, const char* key, const char* method) {
  World& w = world();
  const std::string input = calls_input(uint32_t(state.range(0)), method, "", key);
  w.run("calls", input);  // the module is cached from here on
  for (auto _ : state) w.run("calls", input);
}

// n local calls of the same work.
void bm_local_calls(benchmark::State& state) {
  World& w = world();
  const std::string input = calls_input(uint32_t(state.range(0)), "", "", "");
  for (auto _ : state) w.run("local_calls", input);
}

// One call of the loop submodule's `method` with n as its input.
void bm_loop(benchmark::State& state, const char* method) {
  World& w = world();
  const std::string input = calls_input(1, method, u32_bytes(uint32_t(state.range(0))), "l");
  w.run("calls", input);
  for (auto _ : state) w.run("calls", input);
}

// One call of "k".run with the in-memory cache cleared first; from_disk: the store's module
// cache attached (the serialized module is read and deserialized), else compiled from the code.
void bm_cold(benchmark::State& state, bool from_disk) {
  World& w = world();
  const std::string input = calls_input(1, "run", "", "k");
  w.run("calls", input);  // the serialized module is in the store's module cache
  runtime::SubmoduleCache& cache = w.executor().submodule_cache();
  cache.attach_disk(from_disk ? &w.module_cache() : nullptr);
  for (auto _ : state) {
    state.PauseTiming();
    cache.clear_memory();
    state.ResumeTiming();
    w.run("calls", input);
  }
  cache.attach_disk(&w.module_cache());
  const runtime::SubmoduleCache::Stats stats = cache.stats();
  state.counters["disk_hits"] = double(stats.disk_hits);
  state.counters["compiles"] = double(stats.compiles);
}

constexpr int kRepetitions = 5;

void repeated(benchmark::internal::Benchmark* b) {
  b->Repetitions(kRepetitions)->ReportAggregatesOnly(true)->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(bm_calls, tiny, "k", "run")
    ->Name("sub/calls")
    ->Arg(0)
    ->Arg(2000)
    ->Apply(repeated);
BENCHMARK_CAPTURE(bm_calls, imports, "l", "nothing")
    ->Name("sub/calls_imports")
    ->Arg(2000)
    ->Apply(repeated);
BENCHMARK(bm_local_calls)->Name("sub/local_calls")->Arg(0)->Arg(1'000'000)->Apply(repeated);
BENCHMARK_CAPTURE(bm_loop, import, "import_loop")
    ->Name("sub/import_loop")
    ->Arg(0)
    ->Arg(1'000'000)
    ->Apply(repeated);
BENCHMARK_CAPTURE(bm_loop, local, "local_loop")
    ->Name("sub/local_loop")
    ->Arg(0)
    ->Arg(1'000'000)
    ->Apply(repeated);
BENCHMARK_CAPTURE(bm_loop, parent, "parent_calls")
    ->Name("sub/parent_calls")
    ->Arg(0)
    ->Arg(5000)
    ->Apply(repeated);
BENCHMARK_CAPTURE(bm_cold, disk, true)->Name("sub/cold")->Arg(1)->Apply(repeated);
BENCHMARK_CAPTURE(bm_cold, compile, false)->Name("sub/cold_compile")->Arg(1)->Apply(repeated);

}  // namespace
}  // namespace syncwasm::bench
