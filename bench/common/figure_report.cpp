#include "figure_report.h"

#include <cstdio>
#include <cstring>

namespace syncwasm::bench {

void print_figure(const std::string& name, double value, const char* unit) {
  std::printf("%s: %.4g %s\n", name.c_str(), value, unit);
  std::fflush(stdout);
}

void FigureReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    std::string name = run.run_name.function_name;
    if (!run.run_name.args.empty()) name += "/" + run.run_name.args;
    if (run.error_occurred) {
      std::fprintf(stderr, "%s: %s failed: %s\n", program_.c_str(), name.c_str(),
                   run.error_message.c_str());
      failed_ = true;
      continue;
    }
    report_run(run, name);
  }
}

int report_main(int argc, char** argv, FigureReporter& reporter,
                const std::function<bool(const char* arg)>& own_flag,
                const std::function<void()>& after_report) {
  bool report = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && std::strcmp(argv[i], "--report") == 0)
      report = true;
    else if (i > 0 && own_flag && own_flag(argv[i]))
      continue;
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
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (after_report) after_report();
  return reporter.failed() ? 1 : 0;
}

}  // namespace syncwasm::bench
