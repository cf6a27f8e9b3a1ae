// Compile time (decode + validate + lower) of generated modules of three shapes, each at two
// sizes: per-KB figures that stay flat from half size to full size show linear time.
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "module_builder.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::bench {
namespace {

struct Shape {
  std::string name;  // as reported: compile_us_per_kb_<name>
  std::function<std::vector<uint8_t>()> generate;
};

void bm_compile(benchmark::State& state, const Shape& shape) {
  const std::vector<uint8_t> bytes = shape.generate();
  for (auto _ : state) {
    auto module = wasm::compile(bytes);
    if (!module.ok()) {
      state.SkipWithError(("compile failed: " + module.error().message).c_str());
      break;
    }
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
}

const bool kRegistered = [] {
  static const std::vector<Shape> shapes = {
      {"huge_function_1MB", [] { return huge_function_module(1u << 20); }},
      {"huge_function_512KB", [] { return huge_function_module(1u << 19); }},
      {"many_functions_100000", [] { return many_functions_module(100'000); }},
      {"many_functions_50000", [] { return many_functions_module(50'000); }},
      {"deep_nesting_10000", [] { return deep_nesting_module(10'000); }},
      {"deep_nesting_5000", [] { return deep_nesting_module(5'000); }},
  };
  for (const auto& shape : shapes) {
    benchmark::RegisterBenchmark(("compile/" + shape.name).c_str(), bm_compile, shape)
        ->Unit(benchmark::kMillisecond)
        ->Repetitions(5)
        ->ReportAggregatesOnly(true);
  }
  return true;
}();

}  // namespace
}  // namespace syncwasm::bench
