// The process the crash test kills, and a probe for the lock test.
//   state_crash_writer run <dir> <seed>   commits workload batches forever, printing
//                                         "<commit count> <root hex>" after each commit returns
//   state_crash_writer probe <dir>        tries to open the store, prints "ok" or the error code name
#include <cstdio>
#include <cstdlib>
#include <string>

#include "crash_workload.h"
#include "syncwasm/state/store.h"

using namespace syncwasm::state;

namespace {

int run(const std::string& directory, uint64_t seed) {
  auto opened = StateStore::open(directory);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.error().to_string().c_str());
    return 2;
  }
  StateStore& store = **opened;
  for (;;) {
    const uint64_t n = store.commit_count() + 1;
    auto root = store.commit(testing::crash_workload_batch(seed, n));
    if (!root.ok()) {
      std::fprintf(stderr, "commit %llu: %s\n", static_cast<unsigned long long>(n), root.error().to_string().c_str());
      return 3;
    }
    std::printf("%llu %s\n", static_cast<unsigned long long>(n), to_hex(*root).c_str());
    std::fflush(stdout);
  }
}

int probe(const std::string& directory) {
  auto opened = StateStore::open(directory);
  std::printf("%s\n", opened.ok() ? "ok" : error_code_name(opened.error().code));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "run" && argc == 4) return run(argv[2], std::strtoull(argv[3], nullptr, 10));
  if (mode == "probe" && argc == 3) return probe(argv[2]);
  std::fprintf(stderr, "usage: %s run <dir> <seed> | probe <dir>\n", argv[0]);
  return 64;
}
