#!/bin/bash
# Test fixture: converts tests/cli/data/*.wat into OUT_DIR/*.wasm, and writes a malformed one.
# usage: make_wasm.sh WAT2WASM DATA_DIR OUT_DIR
set -euo pipefail
wat2wasm=$1 data=$2 out=$3
mkdir -p "$out"
for wat in "$data"/*.wat; do
  name=$(basename "$wat" .wat)
  flags=()
  [[ $name == invalid ]] && flags=(--no-check)
  "$wat2wasm" "${flags[@]}" "$wat" -o "$out/$name.wasm"
done
# The magic number and version, then a type section that claims 5 bytes but has 1.
printf '\x00asm\x01\x00\x00\x00\x01\x05\x01' > "$out/malformed.wasm"
