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
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "figure_report.h"
#include "submodule_scale.h"

namespace {

using syncwasm::bench::print_figure;

// Collects the median CPU time (seconds) of each "sub/<loop>/<n>" benchmark.
class MedianCollector : public syncwasm::bench::FigureReporter {
 public:
  MedianCollector() : FigureReporter("bench_submodules") {}

  // (T(name/n) - T(name/0)) / n, in seconds; negative when missing.
  double per_call(const std::string& name, double n, const std::string& base_name = "") const {
    auto with = seconds.find(name + "/" + std::to_string(static_cast<long long>(n)));
    auto without = seconds.find((base_name.empty() ? name : base_name) + "/0");
    if (with == seconds.end() || without == seconds.end()) return -1;
    return (with->second - without->second) / n;
  }

  std::map<std::string, double> seconds;

 protected:
  void report_run(const Run& run, const std::string& name) override {
    if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") return;
    seconds[name] = run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
  }
};

void print_call_figures(const MedianCollector& c) {
  const double hot = c.per_call("sub/calls", 2000);
  const double hot_imports = c.per_call("sub/calls_imports", 2000, "sub/calls");
  const double wasm = c.per_call("sub/local_calls", 1'000'000);
  const double import_call = c.per_call("sub/import_loop", 1'000'000);
  const double local_call = c.per_call("sub/local_loop", 1'000'000);
  const double parent = c.per_call("sub/parent_calls", 5000);
  const double cold = c.per_call("sub/cold", 1, "sub/calls");
  const double cold_compile = c.per_call("sub/cold_compile", 1, "sub/calls");
  if (hot > 0) print_figure("submodule_call_hot_us", hot * 1e6, "us");
  if (hot_imports > 0) print_figure("submodule_call_hot_imports_us", hot_imports * 1e6, "us");
  if (cold > 0) print_figure("submodule_call_cold_us", cold * 1e6, "us");
  if (cold_compile > 0) print_figure("submodule_call_cold_compile_us", cold_compile * 1e6, "us");
  if (wasm > 0) print_figure("wasm_call_ns", wasm * 1e9, "ns");
  if (hot > 0 && wasm > 0) print_figure("submodule_call_vs_wasm_call_ratio", hot / wasm, "x");
  if (import_call > 0) print_figure("import_call_ns", import_call * 1e9, "ns");
  if (local_call > 0) print_figure("local_call_in_submodule_ns", local_call * 1e9, "ns");
  if (import_call > 0 && local_call > 0)
    print_figure("import_call_vs_wasm_call_ratio", import_call / local_call, "x");
  if (parent > 0) print_figure("parent_call_roundtrip_us", parent * 1e6, "us");
  if (auto base = c.seconds.find("sub/calls/0"); base != c.seconds.end())
    print_figure("execution_base_us", base->second * 1e6, "us");
}

}  // namespace

int main(int argc, char** argv) {
  bool scale = true;
  syncwasm::bench::ScaleOptions options;
  if (const char* n = std::getenv("SYNCWASM_BENCH_SUBMODULES")) options.submodules = std::stoull(n);
  auto own_flag = [&](const char* arg) {
    if (std::strncmp(arg, "--submodules=", 13) == 0)
      options.submodules = std::stoull(arg + 13);
    else if (std::strncmp(arg, "--batch=", 8) == 0)
      options.batch = std::stoull(arg + 8);
    else if (std::strncmp(arg, "--samples=", 10) == 0)
      options.samples = std::stoull(arg + 10);
    else if (std::strcmp(arg, "--no-scale") == 0)
      scale = false;
    else if (std::strcmp(arg, "--verbose") == 0)
      options.verbose = true;
    else
      return false;
    return true;
  };
  MedianCollector collector;
  return syncwasm::bench::report_main(argc, argv, collector, own_flag, [&] {
    print_call_figures(collector);
    if (scale) {
      for (const auto& f : syncwasm::bench::measure_scale_figures(options))
        print_figure(f.name, f.value, f.unit.c_str());
    }
  });
}
