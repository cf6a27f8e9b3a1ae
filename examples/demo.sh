#!/bin/bash
# The syncwasm demo: a fresh local chain, accounts, real NEAR contracts deployed and called.
# usage: examples/demo.sh [SYNCWASM_BINARY]   (default: build/src/cli/syncwasm)
# With ../shared/near-contracts (next to this repository; or $SYNCWASM_CONTRACTS) it runs the
# status_message, fungible-token and cross-contract contracts compiled with near-sdk; without it,
# the C counter of sdk/examples (clang --target=wasm32), or tests/cli/data/echo.wat (wat2wasm).
# The state directory is a new temporary one, removed at the end (keep it: DEMO_KEEP=1).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sw=${1:-$repo/build/src/cli/syncwasm}
contracts=${SYNCWASM_CONTRACTS:-$repo/../shared/near-contracts}
[[ -d $contracts ]] && contracts=$(cd "$contracts" && pwd)
[[ -x $sw ]] || { echo "demo: no syncwasm binary at $sw (build it: cmake --build build --target syncwasm)" >&2; exit 2; }

work=$(mktemp -d)
data=$work/syncwasm-data
if [[ ${DEMO_KEEP:-0} == 1 ]]; then
  echo "state directory: $data (kept)"
else
  trap 'rm -rf "$work"' EXIT
fi

# Prints the command (as you would type it), then runs it on the demo's state directory.
sw() {
  printf '\n$ syncwasm'
  local arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=@+-]+$ ]]; then printf ' %s' "$arg"; else printf " '%s'" "${arg//\'/\'\\\'\'}"; fi
  done
  printf '\n'
  "$sw" --data "$data" "$@" 2>&1
}
# The same for a command that is expected to fail (its exit status is shown).
sw_fails() {
  local status=0
  sw "$@" || status=$?
  echo "(exit status $status: expected)"
}

echo "== a fresh chain"
sw init
sw account create alice.near
sw account create bob.near --balance 10NEAR

if [[ -f $contracts/status_message.wasm && -f $contracts/fungible_token.wasm ]]; then
  echo
  echo "== status_message (near-sdk 4): set_status is a transaction, get_status a view call"
  sw account create status.near
  sw deploy status.near "$contracts/status_message.wasm"
  sw call status.near set_status '{"message":"hello from syncwasm"}' --signer bob.near
  sw view status.near get_status '{"account_id":"bob.near"}'

  echo
  echo "== fungible token (NEP-141): mint, register, transfer"
  sw account create ft.near
  sw deploy ft.near "$contracts/fungible_token.wasm"
  sw call ft.near new_default_meta '{"owner_id":"alice.near","total_supply":"1000000"}' --signer alice.near
  sw call ft.near storage_deposit '{"account_id":"bob.near"}' --signer bob.near --deposit 0.00125NEAR
  echo
  echo "-- ft_transfer needs exactly 1 yoctoNEAR: without it the call fails, is recorded in a"
  echo "-- block, and the state root stays the same"
  sw state root
  sw_fails call ft.near ft_transfer '{"receiver_id":"bob.near","amount":"250"}' --signer alice.near
  sw state root
  sw call ft.near ft_transfer '{"receiver_id":"bob.near","amount":"250"}' --signer alice.near --deposit 1 --json
  sw view ft.near ft_balance_of '{"account_id":"bob.near"}'
  sw view ft.near ft_balance_of '{"account_id":"alice.near"}'

  if [[ -f $contracts/cross_contract_low_level.wasm ]]; then
    echo
    echo "== promises: factorial(5) calls itself through receipts, one height per round"
    sw account create math.near
    sw deploy math.near "$contracts/cross_contract_low_level.wasm"
    sw call math.near factorial '{"n":5}' --signer bob.near --gas 300Tgas
    sw block
  fi
else
  echo
  echo "== (no $contracts: using a contract built here)"
  code=$work/contract.wasm
  if command -v clang >/dev/null &&
     clang --target=wasm32 -nostdlib -O2 -Wl,--no-entry -o "$code" "$repo/sdk/examples/counter.c" 2>/dev/null; then
    echo "== the C counter of sdk/examples/counter.c (clang --target=wasm32)"
    sw account create counter.near
    sw deploy counter.near "$code"
    sw call counter.near increment --signer bob.near
    sw call counter.near increment --signer alice.near --json
    sw view counter.near get
    echo
    echo "-- a method the contract does not have: refused, no block, nothing committed"
    sw_fails call counter.near decrement --signer bob.near
  else
    wat2wasm "$repo/tests/cli/data/echo.wat" -o "$code"
    echo "== the echo contract of tests/cli/data/echo.wat (wat2wasm)"
    sw account create echo.near
    sw deploy echo.near "$code"
    sw call echo.near store '{"greeting":"hello"}' --signer bob.near
    sw view echo.near get
    sw state root
    sw_fails call echo.near store_then_fail '{"greeting":"bye"}' --signer bob.near
    sw state root
    sw view echo.near get --json
  fi
fi

echo
echo "== accounts and blocks"
sw account view bob.near
sw block 1
echo
echo "demo finished: head block $("$sw" --data "$data" block --json | sed 's/.*"height":\([0-9]*\).*/\1/')"
