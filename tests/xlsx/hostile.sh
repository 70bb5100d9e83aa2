#!/bin/bash
# SPDX-License-Identifier: MIT
# Hostile workbooks: each must end in a located error (file, part or cell, line/column),
# a non-zero exit, bounded memory, and no crash or hang.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
TOOL="$BK_BUILD_DIR/tests/xlsx_tool"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$PY" "$BK_SOURCE_DIR/tests/xlsx/fixtures/make_fixtures.py" "$BK_SEED" "$DIR" || exit 1
fails=0
# expect NAME PATTERN: the error line must match PATTERN; peak RSS under 150 MB (when GNU time is there):
# far below the 300 MB the bomb would inflate to, with room for ASan's quarantine (the 10 MB cell: 26 MB, 78 MB under ASan)
expect() {
    local name=$1 pattern=$2 out rc rss
    if [ -x /usr/bin/time ]; then
        out=$(cd "$DIR" && /usr/bin/time -f 'rss %M' -o "$DIR/$name.time" timeout 60 "$TOOL" grids "$name.xlsx" 2>&1)
        rc=$?
        rss=$(sed -n 's/^rss //p' "$DIR/$name.time")
    else
        out=$(cd "$DIR" && timeout 60 "$TOOL" grids "$name.xlsx" 2>&1)
        rc=$?
        rss=0
    fi
    if [ "$rc" -ne 1 ] || ! grep -Eq -- "$pattern" <<<"$out"; then
        echo "FAIL $name (exit $rc): $out"
        fails=$((fails + 1))
    elif [ "${rss:-0}" -gt 153600 ]; then
        echo "FAIL $name: peak RSS ${rss} kB"
        fails=$((fails + 1))
    else
        echo "ok   $name (${rss:-?} kB): $out"
    fi
    if grep -q 'root:' <<<"$out"; then echo "FAIL $name: leaked a file's content"; fails=$((fails + 1)); fi
}
expect bomb      '^error: bomb\.xlsx:0:0: xl/worksheets/sheet1\.xml: compression ratio [0-9]+:1 is above the limit 1000:1'
expect liar      '^error: liar\.xlsx:[0-9]+:0: xl/worksheets/sheet1\.xml: .+\[malformed input\]'
expect xxe       '^error: xxe\.xlsx:2:0: xl/sharedStrings\.xml: a DTD or entity reference is not allowed'
expect laughs    '^error: laughs\.xlsx:[0-9]+:0: xl/sharedStrings\.xml: .*(entity|DTD)'
expect truncated '^error: truncated\.xlsx:0:0: : not a readable zip archive'
expect wide      '^error: wide\.xlsx:1:16385: Sheet1!XFE1: .*column 16385 is past the limit of 16384 columns'
expect wide_ref  "^error: wide_ref\.xlsx:1:1: Sheet1!A1: .*bad cell reference .*'ACOF1'"
expect midcell   '^error: midcell\.xlsx:2:2: Sheet1!B2: .*longer than 1048576 bytes \(limit\.string_bytes\)'
# a text past libxml2's 10 MB node cap: the SAX reader counts it against limit.string_bytes, at its cell
expect bigcell   '^error: bigcell\.xlsx:1:1: Sheet1!A1: .*longer than 1048576 bytes \(limit\.string_bytes\)'
# a lowered limit is honoured with the same kind of message
export BUDGETKIT_LIMIT_COLUMNS=3
expect finance_export '^error: finance_export\.xlsx:1:4: 一般公共预算支出!D1.*\(limit\.columns\)|^error: finance_export\.xlsx:2:7: 一般公共预算支出!G2: .*limit of 3 columns'
unset BUDGETKIT_LIMIT_COLUMNS
echo "hostile: $fails failed"
[ "$fails" -eq 0 ]
