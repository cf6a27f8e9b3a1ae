// The main of the benchmark binaries whose `--report` prints summary figures for bench/report
// ("name: value unit" lines): Google Benchmark's usual command line, plus --report and the
// binary's own flags. Used by bench_wasm and bench_submodules.
#pragma once

#include <benchmark/benchmark.h>

#include <functional>
#include <string>
#include <vector>

namespace syncwasm::bench {

// One figure as bench/report collects it: "name: value unit" on stdout (value as %.4g), flushed.
void print_figure(const std::string& name, double value, const char* unit);

// Base of the --report reporters: no context, and a run that failed is printed on stderr as
// "<program>: <name> failed: <message>" and remembered (failed()); every other run goes to
// report_run, under its name: the registered name, then "/<args>" when it has arguments.
class FigureReporter : public benchmark::BenchmarkReporter {
 public:
  explicit FigureReporter(std::string program) : program_(std::move(program)) {}

  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) final;
  void Finalize() override {}

  bool failed() const { return failed_; }

 protected:
  virtual void report_run(const Run& run, const std::string& name) = 0;

 private:
  std::string program_;
  bool failed_ = false;
};

// Parses the command line and runs the benchmarks. --report and the arguments that own_flag
// takes (it returns true for those) are kept from Google Benchmark, which gets the others (an
// argument it does not know: status 1). Without --report the benchmarks run with the console
// reporter (status 0); with it they run with `reporter`, then after_report runs, and the status
// is 1 when a benchmark failed, else 0.
int report_main(int argc, char** argv, FigureReporter& reporter,
                const std::function<bool(const char* arg)>& own_flag = {},
                const std::function<void()>& after_report = {});

}  // namespace syncwasm::bench
