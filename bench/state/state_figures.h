// The state store's benchmark figures, measured in one run over a growing store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncwasm::state::bench {

struct FigureOptions {
  uint64_t entries = 1'000'000;  // submodule-registry entries inserted
  uint64_t codes = 1'000;        // distinct codes they reference
  size_t code_bytes = 8 * 1024;  // size of each code
  uint64_t batch = 10'000;       // entries per committed batch
  uint64_t reads = 20'000;       // point reads per read measurement
  size_t block_cache_bytes = 1u << 30;  // RocksDB's block cache: 1M entries' state fits
  size_t row_cache_bytes = 256u << 20;  // the flat state's row cache: 1M registry entries fit
  bool verbose = false;          // print RocksDB's level summary to stderr at each read point
  bool profile = false;          // print RocksDB's perf context counters per read, each point
  std::string directory;         // empty: a fresh directory under $TMPDIR, removed afterwards
};

struct Figure {
  std::string name;
  double value;
  std::string unit;
};

// Inserts the entries in committed batches, measuring reads when the store holds 10k, 100k and
// 1M entries (those reached), then the trie update cost and the size on disk.
std::vector<Figure> measure_state_figures(const FigureOptions& options);

}  // namespace syncwasm::state::bench
