#!/bin/bash
# Runs a command and checks its exit status, its exact stdout and a substring of its stderr.
# usage: expect.sh STATUS STDOUT STDERR_PART -- COMMAND [ARGS...]
#   STDOUT is compared after printf %b (so "5\n"); <empty> means no output; ~TEXT means
#   stdout contains TEXT.
#   STDERR_PART must occur in stderr (ignoring case); <any> skips the check, <empty> requires no stderr.
set -uo pipefail
want_rc=$1 want_out=$2 want_err=$3
shift 3
[[ ${1:-} == -- ]] && shift
out_file=$(mktemp) err_file=$(mktemp)
trap 'rm -f "$out_file" "$err_file"' EXIT
"$@" >"$out_file" 2>"$err_file"
rc=$?
ok=1
if [[ $rc != "$want_rc" ]]; then
  echo "FAIL: exit status $rc, expected $want_rc"; ok=0
fi
[[ $want_out == "<empty>" ]] && want_out=""
if [[ $want_out == "~"* ]]; then
  grep -qF -- "${want_out#"~"}" "$out_file" || { echo "FAIL: stdout lacks \"${want_out#"~"}\""; ok=0; }
elif [[ "$(cat "$out_file"; echo x)" != "$(printf '%b' "$want_out"; echo x)" ]]; then
  echo "FAIL: stdout differs"; echo "--- expected:"; printf '%b' "$want_out"; echo "--- got:"; cat "$out_file"; ok=0
fi
if [[ $want_err == "<empty>" ]]; then
  [[ -s $err_file ]] && { echo "FAIL: unexpected stderr"; ok=0; }
elif [[ $want_err != "<any>" ]] && ! grep -qiF -- "$want_err" "$err_file"; then
  echo "FAIL: stderr lacks \"$want_err\""; ok=0
fi
echo "--- command: $*"; echo "--- stderr:"; cat "$err_file"
[[ $ok == 1 ]]
