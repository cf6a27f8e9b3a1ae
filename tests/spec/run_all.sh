#!/bin/bash
# Runs the whole spec suite with one spec_runner process and prints every failure, the counts
# per file and the total line "spec: N passed, N failed, N skipped".
# usage: tests/spec/run_all.sh BUILD_DIR [--summary]
set -euo pipefail
build=${1:?usage: run_all.sh BUILD_DIR [--summary]}
shift
here=$(cd "$(dirname "$0")" && pwd)
suite=${SYNCWASM_SHARED_DIR:-$here/../../../shared}/spectest
runner=$build/tests/spec/spec_runner
if [[ ! -x $runner ]]; then
  echo "run_all.sh: $runner not built (cmake --build $build --target spec_runner)" >&2
  exit 2
fi
if [[ ! -d $suite ]]; then
  echo "spec tests skipped: $suite is absent"
  exit 0
fi
exec "$runner" --out "$build/tests/spec/converted" "$@" "$suite"/*.wast
