// kernel_run: runs one kernel of ../shared/bench/kernels once on the interpreter, for instruction
// counts (perf stat, callgrind) without Google Benchmark's repetitions around it.
// usage: kernel_run NAME|FILE.wasm [--unmetered]   prints the checksum and the gas used
// (a FILE.wasm is any build of a kernel, e.g. one with smaller parameters for callgrind)
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/store.h"

int main(int argc, char** argv) {
  using namespace syncwasm;
  if (argc < 2) {
    std::fprintf(stderr, "usage: kernel_run NAME|FILE.wasm [--unmetered]\n");
    return 2;
  }
  wasm::EngineConfig config;
  config.metering.enabled = !(argc > 2 && std::strcmp(argv[2], "--unmetered") == 0);
  const std::string name = argv[1];
  const auto path = name.ends_with(".wasm")
                        ? std::filesystem::path(name)
                        : std::filesystem::path(SYNCWASM_KERNELS_DIR) / "wasm" / (name + ".wasm");
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto module = wasm::compile(bytes, config);
  if (!module.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), module.error().message.c_str());
    return 1;
  }
  wasm::Store store(config);
  store.set_gas_left(UINT64_MAX);
  auto instance = store.instantiate(module.value(), {});
  if (!instance.ok()) {
    std::fprintf(stderr, "instantiate: %s\n", instance.error().message.c_str());
    return 1;
  }
  auto ext = instance.value()->find_export("run");
  if (!ext || !ext->func) {
    std::fprintf(stderr, "no export run\n");
    return 1;
  }
  wasm::Slot result = 0;
  wasm::ExecResult r = store.invoke(ext->func, {}, std::span<wasm::Slot>(&result, 1));
  if (!r.ok()) {
    std::fprintf(stderr, "trap: %s\n", r.message.c_str());
    return 1;
  }
  std::printf("%s: checksum %u gas %llu\n", argv[1], unsigned(result),
              static_cast<unsigned long long>(UINT64_MAX - store.gas_left()));
  return 0;
}
