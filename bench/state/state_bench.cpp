// bench_state: `--report [--entries=N] [--row-cache-mb=N] [--verbose] [--profile]` prints the
// state store's figures as "name: value unit" lines (bench/report); otherwise a Google Benchmark
// binary whose StateFigures benchmark reports the same figures as counters, plus
// micro-benchmarks of single operations.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "state_figures.h"
#include "syncwasm/state/merkle.h"
#include "syncwasm/state/store.h"

namespace {

using namespace syncwasm::state;

bench::FigureOptions g_options;

void BM_StateFigures(benchmark::State& state) {
  for (auto _ : state) {
    for (const bench::Figure& figure : bench::measure_state_figures(g_options)) {
      state.counters[figure.name] = figure.value;
    }
  }
}
BENCHMARK(BM_StateFigures)->Iterations(1)->Unit(benchmark::kSecond);

void BM_TrieLeafHash(benchmark::State& state) {
  const Hash32 a = sha256("a"), b = sha256("b");
  for (auto _ : state) benchmark::DoNotOptimize(trie_leaf_hash(a, b));
}
BENCHMARK(BM_TrieLeafHash);

void BM_PointRead10k(benchmark::State& state) {
  const std::string directory = (std::filesystem::temp_directory_path() / "syncwasm-bench-point-read").string();
  std::filesystem::remove_all(directory);
  {
    auto store = std::move(StateStore::open(directory)).value();
    ChangeSet changes;
    for (int i = 0; i < 10000; ++i) changes.push_back({"key" + std::to_string(i), std::string(64, 'v')});
    (void)store->commit(changes);
    // Keys built before timing: the loop measures the read, not a string build.
    std::vector<std::string> keys;
    for (const StateChange& change : changes) keys.push_back(change.key);
    std::mt19937_64 random(1);
    for (auto _ : state) benchmark::DoNotOptimize(store->get(keys[random() % keys.size()]));
  }
  std::filesystem::remove_all(directory);
}
BENCHMARK(BM_PointRead10k);

}  // namespace

int main(int argc, char** argv) {
  bool report = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--report") == 0) {
      report = true;
    } else if (std::strncmp(argv[i], "--entries=", 10) == 0) {
      g_options.entries = std::stoull(argv[i] + 10);
    } else if (std::strcmp(argv[i], "--verbose") == 0) {
      g_options.verbose = true;
    } else if (std::strncmp(argv[i], "--row-cache-mb=", 15) == 0) {
      g_options.row_cache_bytes = std::stoull(argv[i] + 15) << 20;
    } else if (std::strcmp(argv[i], "--profile") == 0) {
      g_options.profile = true;
    } else if (std::strncmp(argv[i], "--dir=", 6) == 0) {
      g_options.directory = argv[i] + 6;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (report) {
    for (const bench::Figure& figure : bench::measure_state_figures(g_options)) {
      std::printf("%s: %.3f %s\n", figure.name.c_str(), figure.value, figure.unit.c_str());
    }
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
