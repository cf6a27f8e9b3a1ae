// bench_wasm: Google Benchmark's usual command line, plus --report, which prints only the
// summary lines that bench/report collects ("name: value unit"):
//   compile_us_per_kb_<shape>_<size>, kernel_ratio_<name> (wasm time with gas metering on /
//   native time), kernel_ratio_geomean, the absolute kernel times behind them (CPU seconds),
//   metering_overhead_ratio (median over kernels of metered / unmetered time), and the engine's
//   per-call costs: instantiate_call_{hot,serialized,raw}_us, host_call_ns, wasm_call_ns.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "figure_report.h"

namespace {

using syncwasm::bench::print_figure;

class SummaryReporter : public syncwasm::bench::FigureReporter {
 public:
  SummaryReporter() : FigureReporter("bench_wasm") {}

 protected:
  // name: the registered name (these benchmarks take no arguments), without
  // "/iterations:1/real_time" and the like.
  void report_run(const Run& run, const std::string& name) override {
    if (run.iterations <= 0) return;
    const double seconds = run.real_accumulated_time / static_cast<double>(run.iterations);
    // Kernels compare CPU time (this process's), less disturbed by other load on the machine.
    const double cpu_seconds = run.cpu_accumulated_time / static_cast<double>(run.iterations);
    const auto slash = name.find('/');
    const std::string group = name.substr(0, slash);
    const std::string item = slash == std::string::npos ? name : name.substr(slash + 1);
    if (group == "compile") {
      // Repeated: the median of the repetitions, in CPU time, is the figure.
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") return;
      const double median_seconds =
          run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      auto bytes = run.counters.find("module_bytes");
      if (bytes != run.counters.end() && bytes->second.value > 0)
        print_figure("compile_us_per_kb_" + item,
                     median_seconds * 1e6 / (bytes->second.value / 1024.0), "us/KB");
      print_figure("compile_ms_" + item, median_seconds * 1e3, "ms");
    } else if (group == "kernel_compile") {
      print_figure("kernel_compile_us_" + item, seconds * 1e6, "us");
    } else if (group == "kernel_instantiate") {
      print_figure("kernel_instantiate_us_" + item, seconds * 1e6, "us");
    } else if (group == "kernel_wasm") {
      wasm_seconds_[item] = cpu_seconds;
    } else if (group == "kernel_wasm_unmetered") {
      unmetered_seconds_[item] = cpu_seconds;
    } else if (group == "engine") {
      auto calls = run.counters.find("calls");
      if (calls != run.counters.end() && calls->second.value > 0)
        print_figure(item + "_ns", cpu_seconds * 1e9 / calls->second.value, "ns");
      else
        print_figure(item + "_us", cpu_seconds * 1e6, "us");
    } else if (group == "kernel_native") {
      native_seconds_[item] = cpu_seconds;
    }
  }

 public:
  // The figures that compare runs: kernel and metering ratios.
  void Finalize() override {
    double log_sum = 0;
    int count = 0;
    for (const auto& [name, wasm] : wasm_seconds_) {
      auto native = native_seconds_.find(name);
      if (native == native_seconds_.end() || native->second <= 0) continue;
      print_figure("kernel_wasm_s_" + name, wasm, "s");
      print_figure("kernel_native_s_" + name, native->second, "s");
      const double ratio = wasm / native->second;
      print_figure("kernel_ratio_" + name, ratio, "x");
      log_sum += std::log(ratio);
      ++count;
    }
    if (count > 0) print_figure("kernel_ratio_geomean", std::exp(log_sum / count), "x");
    std::vector<double> metering;
    for (const auto& [name, unmetered] : unmetered_seconds_) {
      auto metered = wasm_seconds_.find(name);
      if (metered == wasm_seconds_.end() || unmetered <= 0) continue;
      print_figure("metering_ratio_" + name, metered->second / unmetered, "x");
      metering.push_back(metered->second / unmetered);
    }
    if (!metering.empty()) {
      std::sort(metering.begin(), metering.end());
      size_t n = metering.size();
      double median = n % 2 ? metering[n / 2] : (metering[n / 2 - 1] + metering[n / 2]) / 2;
      print_figure("metering_overhead_ratio", median, "x");
    }
  }

 private:
  std::map<std::string, double> wasm_seconds_;
  std::map<std::string, double> native_seconds_;
  std::map<std::string, double> unmetered_seconds_;
};

}  // namespace

int main(int argc, char** argv) {
  SummaryReporter reporter;
  return syncwasm::bench::report_main(argc, argv, reporter);
}
