#!/bin/bash
# SPDX-License-Identifier: MIT
# A zip-bomb-like workbook that passes every per-entry limit (issue 17 item 6):
# sheet1.xml padded to 900 MiB with comments and whitespace (~500:1). Under a
# small limit.inflated_bytes it is a located error; with the default limits it
# reads to the same document as the unpadded workbook, in flat memory (the
# sheet XML is streamed through a SAX parser, never held).
set -u
BK=${BK_BIN:?}
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail=0
MB=900 MAX_KB=102400
if [ -n "${BK_SANITIZED:-}" ]; then MB=150 MAX_KB=409600; fi # ASan: smaller, and its shadow memory
"$BK" convert -q "${BK_SOURCE_DIR:?}/samples/seed.json" "$W/seed.xlsx" || exit 1
"$BK" convert -q "$W/seed.xlsx" "$W/seed.json" || exit 1
"$PY" "$HERE/make_bomb.py" "$W/seed.xlsx" "$W/bomb.xlsx" "$MB" || exit 1

# the part's declared size is past the total limit: refused before inflating
out=$("$BK" convert -q "$W/bomb.xlsx" "$W/x.json" -o limit.inflated_bytes=50000000 2>&1); rc=$?
[ $rc -eq 3 ] || { echo "FAIL: small limit: exit $rc, expected 3"; fail=1; }
grep -Eq "^$W/bomb\.xlsx: error: xl/worksheets/sheet1\.xml: part declares [0-9]+ bytes uncompressed, past the 50000000 the workbook may inflate in all .*limit\.inflated_bytes" <<<"$out" ||
    { echo "FAIL: small limit message: $out"; fail=1; }
[ -e "$W/x.json" ] && { echo "FAIL: an output was written"; fail=1; }
# the limit counts every part together: the padded sheet fits alone, the next parts do not
size=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' "$W/bomb.xlsx")
out=$("$BK" convert -q "$W/bomb.xlsx" "$W/x.json" -o limit.inflated_bytes=$((size + 40000)) 2>&1); rc=$?
[ $rc -eq 3 ] || { echo "FAIL: total limit: exit $rc, expected 3"; fail=1; }
grep -Eq "^$W/bomb\.xlsx: error: xl/worksheets/sheet[0-9]+\.xml: .*(in all|inflated before it).*limit\.inflated_bytes" <<<"$out" ||
    { echo "FAIL: total limit message: $out"; fail=1; }

# default limits: reads, the same document, bounded memory
# peak RSS of the child through getrusage (no /usr/bin/time needed)
"$PY" -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$BK" convert -q "$W/bomb.xlsx" "$W/bomb.json" >"$W/rss" || { echo "FAIL: the padded workbook does not read"; fail=1; }
cmp -s "$W/seed.json" "$W/bomb.json" || { echo "FAIL: the padded workbook reads to another document"; fail=1; }
kb=$(tail -1 "$W/rss")
echo "bomb: ${MB} MiB of padding read in ${kb} KB peak RSS"
[ "$kb" -lt "$MAX_KB" ] || { echo "FAIL: peak RSS $kb KB for $MB MiB inflated (limit $MAX_KB KB)"; fail=1; }
exit $fail
