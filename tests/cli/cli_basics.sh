#!/bin/bash
# SPDX-License-Identifier: MIT
# The command line: help on every command, exit codes, error format, stdin/stdout,
# option checking, and atomic output — driven through the fake test plugin.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
expect() { # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  out=$("$@" 2>&1); got=$?
  if [ "$got" -ne "$want" ]; then echo "FAIL: $what: exit $got, expected $want"; echo "$out"; fail=1; fi
}
contains() { if ! grep -qF -- "$2" <<<"$out"; then echo "FAIL: $1: missing '$2' in:"; echo "$out"; fail=1; fi; }

for cmd in convert info validate compile formats; do
  expect 0 "$cmd --help" -- "$BK_BIN" "$cmd" --help
  contains "$cmd --help" "usage: budgetkit $cmd"
done
expect 0 "--help" -- "$BK_BIN" --help;          contains "--help" "Exit codes"
expect 0 "--version" -- "$BK_BIN" --version;    contains "--version" "plugin ABI 2.2"
expect 2 "no command" -- "$BK_BIN"
expect 2 "unknown command" -- "$BK_BIN" frobnicate; contains "unknown command" "unknown command 'frobnicate'"
expect 2 "unknown option" -- "$BK_BIN" convert --frob a b
expect 2 "missing OUT" -- "$BK_BIN" convert only-one
expect 2 "-o without =" -- "$BK_BIN" convert -o novalue a.fake b.fake

F="--plugin-dir $BK_FAKE_DIR/good"
expect 3 "missing input" -- "$BK_BIN" convert $F "$tmp/nope.fake" "$tmp/out.fake"
contains "missing input" "$tmp/nope.fake: error: cannot open: No such file or directory"
[ ! -e "$tmp/out.fake" ] || { echo "FAIL: output created for a missing input"; fail=1; }

echo x > "$tmp/in.fake"
expect 0 "convert via extension" -- "$BK_BIN" convert $F "$tmp/in.fake" "$tmp/out.fake"
[ "$(cat "$tmp/out.fake")" = "fakegood tables=1" ] || { echo "FAIL: unexpected output $(cat "$tmp/out.fake")"; fail=1; }
expect 5 "no writer for extension" -- "$BK_BIN" convert $F "$tmp/in.fake" "$tmp/out.unknownext"
contains "no writer" "no writer for the extension '.unknownext'"
expect 5 "unknown --to" -- "$BK_BIN" convert $F --to nosuch "$tmp/in.fake" "$tmp/out.fake"
expect 2 "stdout needs --to" -- "$BK_BIN" convert $F "$tmp/in.fake" -
echo x > "$tmp/in.unknownext"
expect 5 "unrecognised input" -- "$BK_BIN" convert $F "$tmp/in.unknownext" "$tmp/x.fake"
contains "unrecognised input" "unrecognised input format; use --from FORMAT (known: fakegood"

# stdin and stdout
out=$(echo x | "$BK_BIN" convert $F --from fakegood --to fakegood - - 2>"$tmp/err"); rc=$?
grep -q "input does not look like fakegood" "$tmp/err" || { echo "FAIL: forced format without a probe match should warn"; fail=1; }
[ $rc -eq 0 ] && [ "$out" = "fakegood tables=1" ] || { echo "FAIL: stdin→stdout: exit $rc, out '$out'"; fail=1; }

# -o keys: one the writer declares is accepted, an unknown one is refused before writing
expect 0 "-o declared" -- "$BK_BIN" convert $F -o fail=false "$tmp/in.fake" "$tmp/out2.fake"
expect 2 "-o unknown" -- "$BK_BIN" convert $F -o colour=red "$tmp/in.fake" "$tmp/out3.fake"
contains "-o unknown" "option -o colour is not known to fakegood"
[ ! -e "$tmp/out3.fake" ] || { echo "FAIL: output written despite an unknown option"; fail=1; }
expect 2 "-O bad bool" -- "$BK_BIN" convert $F -O fail=maybe "$tmp/in.fake" "$tmp/out3.fake"
contains "-O bad bool" "expected true or false"

# a failing writer: previous output untouched, no temporary file, located error with the plugin
echo previous > "$tmp/keep.fake"
expect 4 "failing writer" -- "$BK_BIN" convert $F --overwrite -O fail=true "$tmp/in.fake" "$tmp/keep.fake"
contains "failing writer" "$tmp/keep.fake:3:7: error: fake table: asked to fail [fakegood]"
[ "$(cat "$tmp/keep.fake")" = previous ] || { echo "FAIL: previous output clobbered"; fail=1; }
[ "$(ls -A "$tmp" | grep -c tmp)" -eq 0 ] || { echo "FAIL: temporary file left: $(ls -A "$tmp")"; fail=1; }

# info prints the total row
expect 0 "info" -- "$BK_BIN" info $F "$tmp/in.fake"
contains "info" "合计: total=8261.00"
# limits are checked options too
expect 2 "bad limit" -- "$BK_BIN" info $F -o limit.rows=abc "$tmp/in.fake"
expect 3 "input over limit" -- "$BK_BIN" info $F -o limit.input_bytes=1 "$tmp/in.fake"
contains "input over limit" "larger than limit.input_bytes=1"
exit $fail
