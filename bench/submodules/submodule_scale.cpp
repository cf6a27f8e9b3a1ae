#include "submodule_scale.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "submodule_world.h"
#include "syncwasm/runtime/prepare.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/wasm/serialize.h"

namespace syncwasm::bench {
namespace {

using Clock = std::chrono::steady_clock;

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// Submodule i: a 20-byte key (an EVM address's size) and its own code.
std::string key_of(uint64_t i) {
  char key[21];
  std::snprintf(key, sizeof key, "sub%017llu", static_cast<unsigned long long>(i));
  return std::string(key, 20);
}

// This thread's CPU time in microseconds (user and system: RocksDB's reads of the page cache
// count, waiting for another process's turn on the core does not).
double thread_cpu_micros() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e6 + double(t.tv_nsec) / 1e3;
}

double percentile(std::vector<double> samples, double p) {
  const auto index = static_cast<size_t>(p * static_cast<double>(samples.size() - 1));
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index),
                   samples.end());
  return samples[index];
}

std::string suffix_of(uint64_t count) {
  if (count >= 1'000'000 && count % 1'000'000 == 0) return std::to_string(count / 1'000'000) + "m";
  if (count >= 1'000 && count % 1'000 == 0) return std::to_string(count / 1'000) + "k";
  return std::to_string(count);
}

struct Latency {
  double p50, p99;            // thread CPU time
  double wall_p50, wall_p99;  // elapsed time
};

// How the in-memory module cache stands when a sampled call starts.
enum class Modules {
  kSteady,  // as the calls before left it: the LRU holds what its byte budget allows
  kCold,    // cleared before each call (not timed): the module comes from the store's cache
  kWarm,    // the calls go to warm_keys keys called before, whose modules are all in memory
};

// Calls every one of the first `present` keys once, in random order: the state of a node whose
// submodules have all been called since it started (registry entries and serialized modules in
// the state store's caches as far as their budgets allow).
void call_every_key(World& world, uint64_t present, std::mt19937_64& random) {
  std::vector<uint64_t> order(present);
  for (uint64_t k = 0; k < present; ++k) order[k] = k;
  std::shuffle(order.begin(), order.end(), random);
  for (uint64_t k : order) world.run("calls", calls_input(1, "run", "", key_of(k)));
}

// Timed executions of "calls" with n = 1 on random keys among the first `present`, each minus
// the median of executions with n = 0 (the same input, no call) run in between, so what is left
// is the submodule_call.
Latency measure_calls(World& world, uint64_t present, uint64_t samples, Modules modules,
                      uint64_t warm_keys, std::mt19937_64& random, bool verbose) {
  runtime::SubmoduleCache& cache = world.executor().submodule_cache();
  std::vector<uint64_t> keys;
  if (modules == Modules::kWarm) {
    for (uint64_t k = 0; k < warm_keys; ++k) keys.push_back(random() % present);
    for (uint64_t k : keys) world.run("calls", calls_input(1, "run", "", key_of(k)));
  }
  std::vector<double> base, call, base_wall, call_wall;
  const runtime::SubmoduleCache::Stats before = cache.stats();
  for (uint64_t s = 0; s < samples; ++s) {
    const uint64_t k = keys.empty() ? random() % present : keys[random() % keys.size()];
    const std::string key = key_of(k);
    const std::string input0 = calls_input(0, "run", "", key),
                      input1 = calls_input(1, "run", "", key);
    double cpu = thread_cpu_micros();
    auto start = Clock::now();
    world.run("calls", input0);
    base_wall.push_back(micros_since(start));
    base.push_back(thread_cpu_micros() - cpu);
    if (modules == Modules::kCold) cache.clear_memory();
    cpu = thread_cpu_micros();
    start = Clock::now();
    world.run("calls", input1);
    call_wall.push_back(micros_since(start));
    call.push_back(thread_cpu_micros() - cpu);
  }
  if (verbose) {
    const runtime::SubmoduleCache::Stats after = cache.stats();
    std::fprintf(stderr,
                 "  %s calls at %llu: %llu from memory, %llu from disk (%llu not kept), %llu "
                 "compiled; %zu modules in memory (%.1f MiB)\n",
                 modules == Modules::kSteady ? "steady" : modules == Modules::kCold ? "cold" : "warm",
                 static_cast<unsigned long long>(present),
                 static_cast<unsigned long long>(after.memory_hits - before.memory_hits),
                 static_cast<unsigned long long>(after.disk_hits - before.disk_hits),
                 static_cast<unsigned long long>(after.not_admitted - before.not_admitted),
                 static_cast<unsigned long long>(after.compiles - before.compiles), after.entries,
                 double(after.bytes) / double(1 << 20));
  }
  const double base_cpu = percentile(base, 0.5), base_elapsed = percentile(base_wall, 0.5);
  for (double& c : call) c -= base_cpu;
  for (double& c : call_wall) c -= base_elapsed;
  return {percentile(call, 0.5), percentile(call, 0.99), percentile(call_wall, 0.5),
          percentile(call_wall, 0.99)};
}

// --verbose: the parts of a cold call that read the store, alone (p50 over `samples` random
// keys): the registry entry through an overlay, the serialized module from the module cache, and
// its deserialization.
void print_read_parts(World& world, uint64_t present, uint64_t samples, std::mt19937_64& random) {
  std::vector<double> entry_us, module_us, deserialize_us;
  size_t artifact_bytes = 0;
  const wasm::EngineConfig engine = runtime::near_engine_config(runtime::near_mainnet_config());
  for (uint64_t s = 0; s < samples; ++s) {
    const std::string key = key_of(random() % present);
    state::StateOverlay overlay(world.store());
    auto start = Clock::now();
    auto entry = runtime::SubmoduleRegistry::get(overlay, kEngineAccount, key);
    entry_us.push_back(micros_since(start));
    if (!entry.ok() || !*entry) fail("registry entry missing");
    start = Clock::now();
    auto stored = world.module_cache().get((*entry)->code_hash, wasm::kSerializedFormatVersion);
    module_us.push_back(micros_since(start));
    if (!stored.ok() || !*stored) fail("serialized module missing");
    artifact_bytes = (*stored)->size();
    start = Clock::now();
    auto module = wasm::deserialize_module(
        std::span(reinterpret_cast<const uint8_t*>((*stored)->data()), (*stored)->size()), engine);
    deserialize_us.push_back(micros_since(start));
    if (!module.ok()) fail("deserialize: " + module.error().message);
  }
  std::fprintf(
      stderr,
      "at %llu: registry entry %.2f us, serialized module (%zu bytes) %.2f us, deserialize %.2f us "
      "(p50)\n",
      static_cast<unsigned long long>(present), percentile(entry_us, 0.5), artifact_bytes,
      percentile(module_us, 0.5), percentile(deserialize_us, 0.5));
}

}  // namespace

std::vector<Figure> measure_scale_figures(const ScaleOptions& options) {
  World world("scale");
  std::vector<Figure> figures;
  std::mt19937_64 random(42);
  const runtime::SubmodulePolicy policy;  // the defaults: storage read_write, no prefix
  const std::vector<uint64_t> points = {1'000, 100'000, 1'000'000};
  double deploy_us = 0, commit_us = 0;
  uint64_t deployed = 0;
  while (deployed < options.submodules) {
    // Batches end at the measurement points, so each is measured with exactly that many.
    uint64_t end = std::min(options.submodules, deployed + options.batch);
    for (uint64_t point : points)
      if (point > deployed && point < end) end = point;
    const auto start = Clock::now();
    {
      state::StateOverlay overlay(world.store());
      // Constants from 1: "k" (tiny_submodule(0)) is already there.
      for (uint64_t i = deployed; i < end; ++i)
        world.deploy(overlay, key_of(i), tiny_submodule(i + 1), policy);
      const auto commit_start = Clock::now();
      auto root = overlay.commit(world.store());
      if (!root.ok()) fail("commit: " + root.error().to_string());
      commit_us += micros_since(commit_start);
    }
    deploy_us += micros_since(start);
    const uint64_t before = deployed;
    deployed = end;
    if (options.verbose && (deployed % 100'000 == 0 || deployed == options.submodules))
      std::fprintf(stderr,
                   "deployed %llu submodules, %.0f per second (%.0f%% of the time in commits)\n",
                   static_cast<unsigned long long>(deployed), double(deployed) / (deploy_us / 1e6),
                   100 * commit_us / deploy_us);
    for (uint64_t point : points) {
      if (before >= point || deployed < point) continue;
      const std::string suffix = suffix_of(point);
      // Before any call: registry entries and modules only where the deployments left them.
      const Latency first =
          measure_calls(world, deployed, options.samples, Modules::kSteady, 0, random, options.verbose);
      const auto warm_up = Clock::now();
      call_every_key(world, deployed, random);
      if (options.verbose)
        std::fprintf(stderr, "called all %llu submodules once in %.1f s\n",
                     static_cast<unsigned long long>(deployed), micros_since(warm_up) / 1e6);
      if (options.verbose) print_read_parts(world, deployed, options.samples, random);
      const Latency steady =
          measure_calls(world, deployed, options.samples, Modules::kSteady, 0, random, options.verbose);
      const Latency cold =
          measure_calls(world, deployed, options.samples, Modules::kCold, 0, random, options.verbose);
      const Latency warm = measure_calls(world, deployed, options.samples, Modules::kWarm,
                                         options.warm_keys, random, options.verbose);
      figures.push_back({"submodule_call_p50_us_" + suffix, steady.p50, "us"});
      figures.push_back({"submodule_call_p99_us_" + suffix, steady.p99, "us"});
      figures.push_back({"submodule_call_cold_p50_us_" + suffix, cold.p50, "us"});
      figures.push_back({"submodule_call_cold_p99_us_" + suffix, cold.p99, "us"});
      figures.push_back({"submodule_call_warm_p50_us_" + suffix, warm.p50, "us"});
      figures.push_back({"submodule_call_warm_p99_us_" + suffix, warm.p99, "us"});
      figures.push_back({"submodule_call_first_p50_us_" + suffix, first.p50, "us"});
      figures.push_back({"submodule_call_first_p99_us_" + suffix, first.p99, "us"});
      figures.push_back({"submodule_call_wall_p50_us_" + suffix, steady.wall_p50, "us"});
      figures.push_back({"submodule_call_wall_p99_us_" + suffix, steady.wall_p99, "us"});
    }
  }
  figures.insert(figures.begin(),
                 {"submodule_deploy_per_s", double(deployed) / (deploy_us / 1e6), "submodules/s"});
  figures.insert(figures.begin(), {"submodule_deploy_count", double(deployed), "submodules"});
  return figures;
}

}  // namespace syncwasm::bench
