#!/bin/bash
# SPDX-License-Identifier: MIT
# Commands load only the plugins they need (issue 19): bk_trap.so marks a file
# when it is loaded and its probe claims every input, so loading it would also
# take over the read. convert/info by extension never load it; formats lists it;
# an input whose extension no plugin names loads every plugin and so finds it.
set -u
fail=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export BK_FAKE_MARKER="$W/mark"
SEED=$BK_SOURCE_DIR/samples/seed.json
TRAP="--plugin-dir $BK_FAKE_DIR/lazy"
loaded() { [ -e "$BK_FAKE_MARKER" ]; }
expect_not_loaded() {
    if loaded; then echo "FAIL: $1 loaded the trap plugin"; fail=1; fi
    rm -f "$BK_FAKE_MARKER"
}
"$BK_BIN" convert -q $TRAP "$SEED" "$W/a.csv" || { echo "FAIL: convert a.json b.csv"; fail=1; }
expect_not_loaded "convert a.json b.csv"
cmp -s <("$BK_BIN" convert -q "$SEED" -  --to csv) "$W/a.csv" || { echo "FAIL: output differs with the trap dir"; fail=1; }
rm -f "$BK_FAKE_MARKER"
"$BK_BIN" convert -q $TRAP "$W/a.csv" "$W/b.json" || { echo "FAIL: convert a.csv b.json"; fail=1; }
expect_not_loaded "convert a.csv b.json"
"$BK_BIN" convert -q $TRAP "$SEED" "$W/c" --to xlsx || { echo "FAIL: convert --to xlsx"; fail=1; }
expect_not_loaded "convert --to xlsx"
"$BK_BIN" info $TRAP "$SEED" >/dev/null || { echo "FAIL: info"; fail=1; }
expect_not_loaded "info a.json"
out=$("$BK_BIN" formats $TRAP 2>&1)
grep -q "^trap" <<<"$out" || { echo "FAIL: formats does not list trap:"; echo "$out"; fail=1; }
loaded || { echo "FAIL: formats did not load the trap plugin"; fail=1; }
rm -f "$BK_FAKE_MARKER"
# no plugin is named after .dat: every plugin is loaded and probed, the trap wins
cp "$SEED" "$W/seed.dat"
out=$("$BK_BIN" info $TRAP "$W/seed.dat" 2>&1)
loaded || { echo "FAIL: an unknown extension did not load every plugin"; fail=1; }
grep -q "fake table" <<<"$out" || { echo "FAIL: the trap's probe did not win:"; echo "$out"; fail=1; }
exit $fail
