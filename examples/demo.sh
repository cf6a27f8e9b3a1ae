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
echo "== submodules: Wasm modules an account holds under binary keys, called synchronously by its"
echo "== main contract (docs/submodules-sdk.md); deployed with 'syncwasm submodule ...'"
# The C examples of sdk/examples/submodules: built by the sdk_examples target (next to the binary),
# else compiled here with clang --target=wasm32, else only the generated submodules are shown.
sdk_built=$(cd "$(dirname "$sw")/../.." && pwd)/sdk/examples/submodules
sdk=$work/sdk
mkdir -p "$sdk"
have_sdk=1
for name in main token_main sub_isolated token_sub; do
  if [[ -f $sdk_built/$name.wasm ]]; then
    cp "$sdk_built/$name.wasm" "$sdk/"
  else
    flags=()
    [[ $name == main || $name == token_main ]] || flags=(-Wl,-z,stack-size=16384 -Wl,--initial-memory=65536)
    command -v clang >/dev/null &&
      clang --target=wasm32 -nostdlib -O2 -mbulk-memory -Wl,--no-entry "${flags[@]}" \
        -o "$sdk/$name.wasm" "$repo/sdk/examples/submodules/$name.c" 2>/dev/null || have_sdk=0
  fi
done
# Binary arguments (docs/submodules-sdk.md's notation), base64 for --args-base64.
bytes() { local b; for b in "$@"; do printf "\\x$b"; done; }
le() { local i; for ((i = 0; i < $2; i++)); do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
u64() { le "$1" 8; }
u32() { le "$1" 4; }
field() { u32 ${#1}; printf '%s' "$1"; }
address() { local i; for i in $(seq 20); do printf "\\x$1"; done; }
b64() { base64 -w0; }

if [[ $have_sdk == 1 ]]; then
  echo
  echo "-- a main contract (main.c) and a submodule under the key \"counter\" with its own storage"
  echo "-- prefix \"ctr/\" (hex 6374722f); main's method call takes u64 gas, u64 flags,"
  echo "-- field(key), field(method), args and answers status ‖ result"
  sw account create app.near
  sw deploy app.near "$sdk/main.wasm"
  sw submodule deploy app.near utf8:counter "$sdk/sub_isolated.wasm" \
    --policy '{"storage_prefix_hex":"6374722f","storage_access":"read_write"}'
  sw call app.near call --signer alice.near \
    --args-base64 "$({ u64 0; u64 0; field counter; field increment; } | b64)"
  sw call app.near call --signer alice.near --json \
    --args-base64 "$({ u64 0; u64 0; field counter; field increment; } | b64)"
  echo
  echo "-- the policy is checked at deployment: this submodule writes storage, read-only is refused"
  sw_fails submodule deploy app.near utf8:reader "$sdk/sub_isolated.wasm" --policy '{"storage_access":"read"}'
  sw submodule show app.near utf8:counter

  echo
  echo "-- a token registry (token_main.c): every token is a submodule (token_sub.c) under its"
  echo "-- 20-byte address, with its balances in the address's storage prefix"
  sw account create tokens.near
  sw deploy tokens.near "$sdk/token_main.wasm"
  sw call tokens.near set_code --args-file "$sdk/token_sub.wasm" --signer tokens.near
  echo "-- create_token(address ‖ u64 supply): tokens 0x1111..11, 0x2222..22, 0x3333..33"
  sw call tokens.near create_token --signer alice.near --args-base64 "$({ address 11; u64 1000000; } | b64)"
  sw call tokens.near create_token --signer alice.near --args-base64 "$({ address 22; u64 500; } | b64)"
  sw call tokens.near create_token --signer bob.near --args-base64 "$({ address 33; u64 42; } | b64)"
  sw submodule list tokens.near
  echo "-- transfer(address ‖ u64 amount ‖ receiver) returns the sender's new balance"
  sw call tokens.near transfer --signer alice.near --args-base64 "$({ address 11; u64 2500; printf bob.near; } | b64)"
  sw view tokens.near balance_of --args-base64 "$({ address 11; printf bob.near; } | b64)"
  sw view tokens.near balance_of --args-base64 "$({ address 11; printf alice.near; } | b64)"
  echo "-- bob cannot send more than he has: the call fails, the state root stays the same"
  sw state root
  sw_fails call tokens.near transfer --signer bob.near --args-base64 "$({ address 11; u64 9999; printf alice.near; } | b64)"
  sw state root
else
  echo
  echo "-- (the SDK examples are not built and clang cannot target wasm32 here: showing only"
  echo "-- generated submodules; build the sdk_examples target for the main contracts)"
  sw account create app.near
fi

echo
echo "-- bulk deployment: 1,000 generated submodules (keys = 20-byte counters), in blocks of 500"
sw submodule deploy-gen app.near --count 1000 --batch 500
sw submodule list app.near --prefix 000000000000000000000000000000000000 --limit 3
sw submodule show app.near 000000000000000000000000000000000000002a
if [[ $have_sdk == 1 ]]; then
  echo "-- submodule 42's method get returns its counter: status 0, then \"42\""
  sw call app.near call --signer alice.near \
    --args-base64 "$({ u64 0; u64 0; u32 20; bytes 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 2a; field get; } | b64)"
  sw submodule delete app.near utf8:counter
fi

echo
echo "== accounts and blocks"
sw account view bob.near
sw block 1
echo
echo "demo finished: head block $("$sw" --data "$data" block --json | sed 's/.*"height":\([0-9]*\).*/\1/')"
