#!/bin/bash
# Builds the libFuzzer targets with clang, ASan and UBSan in their own build folder and runs
# each for SECONDS, seeded with the spec suite's modules (or the CLI test modules without
# ../shared). Exits non-zero when a fuzzer finds a crash, leak, timeout or sanitizer report;
# the reproducer is left in BUILD/artifacts/.
# usage: fuzz/run_fuzzers.sh SECONDS    (env: SYNCWASM_FUZZ_BUILD, SYNCWASM_SHARED_DIR, JOBS)
set -euo pipefail
seconds=${1:?usage: run_fuzzers.sh SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SYNCWASM_FUZZ_BUILD:-$root/build-fuzz}
shared=${SYNCWASM_SHARED_DIR:-$root/../shared}

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSYNCWASM_FUZZ=ON -DSYNCWASM_SANITIZE=ON -DSYNCWASM_BENCH=OFF \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
  -DSYNCWASM_SHARED_DIR="$shared" >/dev/null
cmake --build "$build" --target fuzz_compile fuzz_run -j "${JOBS:-2}"

# Seed corpus: every module of the spec scripts (valid and not), else the CLI test modules.
seeds=$build/seeds
rm -rf "$seeds" && mkdir -p "$seeds"
if [[ -d $shared/spectest ]]; then
  tmp=$(mktemp -d)
  for wast in "$shared"/spectest/*.wast; do
    wast2json "$wast" -o "$tmp/$(basename "$wast" .wast).json" >/dev/null 2>&1 || true
  done
  cp "$tmp"/*.wasm "$seeds"/
  rm -rf "$tmp"
  [[ -d $shared/bench/kernels/wasm ]] && cp "$shared"/bench/kernels/wasm/*.wasm "$seeds"/
else
  for wat in "$root"/tests/cli/data/*.wat; do
    wat2wasm --no-check "$wat" -o "$seeds/$(basename "$wat" .wat).wasm"
  done
fi
echo "run_fuzzers: $(ls "$seeds" | wc -l) seed modules, $seconds s per fuzzer"

mkdir -p "$build/artifacts"
status=0
for fuzzer in fuzz_compile fuzz_run; do
  corpus=$build/corpus/$fuzzer
  mkdir -p "$corpus"
  echo "=== $fuzzer"
  if ! "$build/fuzz/$fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 \
      -artifact_prefix="$build/artifacts/$fuzzer-" -print_final_stats=1 \
      "$corpus" "$seeds" 2>"$build/$fuzzer.log"; then
    status=1
    echo "$fuzzer FAILED; the end of its log ($build/$fuzzer.log):"
    tail -n 60 "$build/$fuzzer.log"
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|fuzz_run: NOTE)' "$build/$fuzzer.log" || true
  fi
done
exit $status
