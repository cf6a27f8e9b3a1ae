// The kernels of ../shared/bench/kernels: compile, instantiate and run the wasm builds on the
// interpreter, and run the native builds of the same C sources in the same process, so their
// ratio is measured in one run. Each run checks the kernel's checksum.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "native_kernels.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::bench {
namespace {

struct Kernel {
  const char* name;
  uint32_t checksum;  // run() as unsigned, from the kernels' README
  unsigned int (*native)(void);
};

constexpr Kernel kKernels[] = {
    {"fib", 165580141u, native_fib_run},         {"sieve", 2182892480u, native_sieve_run},
    {"sha256", 627447846u, native_sha256_run},   {"matmul", 3600441u, native_matmul_run},
    {"interp", 3098172218u, native_interp_run},
};

std::vector<uint8_t> read_kernel(const Kernel& k) {
  const auto path = std::filesystem::path(SYNCWASM_KERNELS_DIR) / "wasm" / (std::string(k.name) + ".wasm");
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string checksum_error(const Kernel& k, uint32_t got) {
  return std::string(k.name) + ": checksum " + std::to_string(got) + ", expected " +
         std::to_string(k.checksum);
}

void bm_compile(benchmark::State& state, const Kernel& k) {
  const auto bytes = read_kernel(k);
  for (auto _ : state) {
    auto module = wasm::compile(bytes);
    if (!module.ok()) {
      state.SkipWithError(module.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(module);
  }
}

void bm_instantiate(benchmark::State& state, const Kernel& k) {
  auto module = wasm::compile(read_kernel(k));
  if (!module.ok()) {
    state.SkipWithError(module.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    wasm::Store store;  // a fresh store each time, as a contract call would have
    auto instance = store.instantiate(module.value(), {});
    if (!instance.ok()) {
      state.SkipWithError(instance.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(instance);
  }
}

// Runs the kernel with gas metering on (as contracts run) or off.
void bm_wasm(benchmark::State& state, const Kernel& k, bool metered) {
  wasm::EngineConfig config;
  config.metering.enabled = metered;
  auto module = wasm::compile(read_kernel(k), config);
  if (!module.ok()) {
    state.SkipWithError(module.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    state.PauseTiming();
    wasm::Store store(config);
    store.set_gas_left(UINT64_MAX);
    auto instance = store.instantiate(module.value(), {});
    wasm::FuncInstance* run = nullptr;
    if (instance.ok()) {
      if (auto ext = instance.value()->find_export("run")) run = ext->func;
    }
    state.ResumeTiming();
    if (run == nullptr) {
      state.SkipWithError(instance.ok() ? "no export run" : instance.error().message.c_str());
      break;
    }
    wasm::Slot result = 0;
    wasm::ExecResult r = store.invoke(run, {}, std::span<wasm::Slot>(&result, 1));
    if (!r.ok()) {
      state.SkipWithError(("trap: " + r.message).c_str());
      break;
    }
    if (static_cast<uint32_t>(result) != k.checksum) {
      state.SkipWithError(checksum_error(k, static_cast<uint32_t>(result)).c_str());
      break;
    }
  }
}

void bm_native(benchmark::State& state, const Kernel& k) {
  for (auto _ : state) {
    const uint32_t result = k.native();
    if (result != k.checksum) {
      state.SkipWithError(checksum_error(k, result).c_str());
      break;
    }
  }
}

const bool kRegistered = [] {
  for (const Kernel& k : kKernels) {
    const std::string name = k.name;
    benchmark::RegisterBenchmark(("kernel_compile/" + name).c_str(), bm_compile, k)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("kernel_instantiate/" + name).c_str(), bm_instantiate, k)
        ->Unit(benchmark::kMicrosecond);
    // Seconds per call: one iteration is enough, and the native run repeats three times.
    // The report compares CPU time: the machine is shared, so wall time is noisier.
    benchmark::RegisterBenchmark(("kernel_wasm/" + name).c_str(), bm_wasm, k, true)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    benchmark::RegisterBenchmark(("kernel_wasm_unmetered/" + name).c_str(), bm_wasm, k, false)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    benchmark::RegisterBenchmark(("kernel_native/" + name).c_str(), bm_native, k)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3);
  }
  return true;
}();

}  // namespace
}  // namespace syncwasm::bench
