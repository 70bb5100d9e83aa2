#!/bin/bash
# SPDX-License-Identifier: MIT
# Random report fragments: every file either imports (and its report and long forms
# import again) or fails with a located error; never a crash (the suite also runs
# under ASan+UBSan, which turns undefined behaviour into a failure here).
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
for i in $(seq 1 60); do
    "$PY" "$HERE/random_shapes.py" "$T/f$i.txt" "$i"
    "$BK_BIN" convert -q "$T/f$i.txt" "$T/r$i.csv" 2>"$T/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        grep -Eq 'f[0-9]+\.txt(:[0-9]+(:[0-9]+)?)?: error: ' "$T/err" || { echo "FAIL: f$i: exit $rc without a located error"; head -3 "$T/err"; failed=1; }
        continue
    fi
    "$BK_BIN" convert -q "$T/r$i.csv" "$T/l$i.csv" -O layout=long 2>"$T/err" || { echo "FAIL: f$i: its report does not import"; head -3 "$T/err"; failed=1; continue; }
    "$BK_BIN" convert -q "$T/l$i.csv" "$T/m$i.csv" -O layout=long 2>"$T/err" || { echo "FAIL: f$i: its long form does not import"; head -3 "$T/err"; failed=1; continue; }
    cmp -s "$T/l$i.csv" "$T/m$i.csv" || { echo "FAIL: f$i: long -> long changed it"; failed=1; }
done
[ "$failed" -eq 0 ] && echo "test_csv_random: all passed"
exit "$failed"
