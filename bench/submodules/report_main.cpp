// bench_submodules: Google Benchmark's usual command line (the per-call benchmarks of
// submodule_bench.cpp), plus
//   --report            run them and the scale figures once, print "name: value unit" lines;
//   --submodules=N      submodules deployed for the scale figures (default 1,000,000; the
//                       environment variable SYNCWASM_BENCH_SUBMODULES sets the default);
//   --batch=N           deployments per committed overlay (default 10,000);
//   --samples=N         timed calls per latency figure (default 5,000);
//   --no-scale          skip the scale figures; --verbose: progress on stderr.
// Figures (see submodule_bench.cpp and submodule_scale.h for the methods):
//   submodule_call_hot_us, submodule_call_hot_imports_us, wasm_call_ns,
//   submodule_call_vs_wasm_call_ratio, import_call_ns, local_call_in_submodule_ns,
//   import_call_vs_wasm_call_ratio, parent_call_roundtrip_us, submodule_call_cold_us,
//   submodule_call_cold_compile_us, execution_base_us, submodule_deploy_per_s,
//   submodule_call_{,warm_}p{50,99}_us_{1k,100k,1m}.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "submodule_scale.h"

namespace {

// Collects the median CPU time (seconds) of each "sub/<loop>/<n>" benchmark.
class MedianCollector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const std::string name = run.run_name.function_name + "/" + run.run_name.args;
      if (run.error_occurred) {
        std::fprintf(stderr, "bench_submodules: %s failed: %s\n", name.c_str(),
                     run.error_message.c_str());
        failed = true;
        continue;
      }
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      seconds[name] = run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
    }
  }
  void Finalize() override {}

  // (T(name/n) - T(name/0)) / n, in seconds; negative when missing.
  double per_call(const std::string& name, double n, const std::string& base_name = "") const {
    auto with = seconds.find(name + "/" + std::to_string(static_cast<long long>(n)));
    auto without = seconds.find((base_name.empty() ? name : base_name) + "/0");
    if (with == seconds.end() || without == seconds.end()) return -1;
    return (with->second - without->second) / n;
  }

  std::map<std::string, double> seconds;
  bool failed = false;
};

void line(const std::string& name, double value, const char* unit) {
  std::printf("%s: %.4g %s\n", name.c_str(), value, unit);
  std::fflush(stdout);
}

void print_call_figures(const MedianCollector& c) {
  const double hot = c.per_call("sub/calls", 2000);
  const double hot_imports = c.per_call("sub/calls_imports", 2000, "sub/calls");
  const double wasm = c.per_call("sub/local_calls", 1'000'000);
  const double import_call = c.per_call("sub/import_loop", 1'000'000);
  const double local_call = c.per_call("sub/local_loop", 1'000'000);
  const double parent = c.per_call("sub/parent_calls", 5000);
  const double cold = c.per_call("sub/cold", 1, "sub/calls");
  const double cold_compile = c.per_call("sub/cold_compile", 1, "sub/calls");
  if (hot > 0) line("submodule_call_hot_us", hot * 1e6, "us");
  if (hot_imports > 0) line("submodule_call_hot_imports_us", hot_imports * 1e6, "us");
  if (cold > 0) line("submodule_call_cold_us", cold * 1e6, "us");
  if (cold_compile > 0) line("submodule_call_cold_compile_us", cold_compile * 1e6, "us");
  if (wasm > 0) line("wasm_call_ns", wasm * 1e9, "ns");
  if (hot > 0 && wasm > 0) line("submodule_call_vs_wasm_call_ratio", hot / wasm, "x");
  if (import_call > 0) line("import_call_ns", import_call * 1e9, "ns");
  if (local_call > 0) line("local_call_in_submodule_ns", local_call * 1e9, "ns");
  if (import_call > 0 && local_call > 0)
    line("import_call_vs_wasm_call_ratio", import_call / local_call, "x");
  if (parent > 0) line("parent_call_roundtrip_us", parent * 1e6, "us");
  if (auto base = c.seconds.find("sub/calls/0"); base != c.seconds.end())
    line("execution_base_us", base->second * 1e6, "us");
}

}  // namespace

int main(int argc, char** argv) {
  bool report = false, scale = true;
  syncwasm::bench::ScaleOptions options;
  if (const char* n = std::getenv("SYNCWASM_BENCH_SUBMODULES")) options.submodules = std::stoull(n);
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--report") == 0)
      report = true;
    else if (std::strncmp(argv[i], "--submodules=", 13) == 0)
      options.submodules = std::stoull(argv[i] + 13);
    else if (std::strncmp(argv[i], "--batch=", 8) == 0)
      options.batch = std::stoull(argv[i] + 8);
    else if (std::strncmp(argv[i], "--samples=", 10) == 0)
      options.samples = std::stoull(argv[i] + 10);
    else if (std::strcmp(argv[i], "--no-scale") == 0)
      scale = false;
    else if (std::strcmp(argv[i], "--verbose") == 0)
      options.verbose = true;
    else
      args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  if (!report) {
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
  }
  MedianCollector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::Shutdown();
  print_call_figures(collector);
  if (scale) {
    for (const auto& f : syncwasm::bench::measure_scale_figures(options))
      line(f.name, f.value, f.unit.c_str());
  }
  return collector.failed ? 1 : 0;
}
