#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole seed through the csv plugin: figures checked against the published
# document, round trips (report, long, JSON), the samples kept current, and
# encodings/quoting/separators/one-table-per-file variants importing identically.
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
bk() { "$BK_BIN" "$@"; }

[ -r "$BK_SEED" ] || { echo "seed not found at $BK_SEED"; exit 1; }

# 1. import the seed; check figures, forms, sections and facts
bk convert -q "$BK_SEED" "$T/seed-long.csv" -O layout=long || fail "seed -> long"
"$PY" "$HERE/seed_check.py" "$T/seed-long.csv" || fail "seed figures"

# 2. report layout: seed -> report -> long is the same document; long -> long is byte-identical
bk convert -q "$BK_SEED" "$T/seed-report.csv" || fail "seed -> report"
bk convert -q "$T/seed-report.csv" "$T/report-long.csv" -O layout=long || fail "report -> long"
"$PY" "$HERE/longcmp.py" "$T/seed-long.csv" "$T/report-long.csv" || fail "report round trip"
bk convert -q "$T/seed-long.csv" "$T/long-long.csv" -O layout=long || fail "long -> long"
cmp -s "$T/seed-long.csv" "$T/long-long.csv" || fail "long round trip is not byte-identical"

# 3. the samples are what the importer makes now
SAMPLES="$BK_SOURCE_DIR/samples"
cmp -s "$SAMPLES/seed-report.csv" "$T/seed-report.csv" || fail "samples/seed-report.csv is stale (regenerate it)"
cmp -s "$SAMPLES/seed-long.csv" "$T/seed-long.csv" || fail "samples/seed-long.csv is stale (regenerate it)"

# 4. canonical JSON -> CSV (report and long) -> JSON is value-identical (needs the json plugin)
if bk formats json >/dev/null 2>&1; then
    bk convert -q "$SAMPLES/seed.json" "$T/json-long.csv" -O layout=long || fail "samples/seed.json -> long"
    "$PY" "$HERE/longcmp.py" "$T/seed-long.csv" "$T/json-long.csv" || fail "samples/seed.json is not the seed as imported"
    bk convert -q "$BK_SEED" "$T/seed.json" || fail "seed -> json"
    bk convert -q "$T/seed.json" "$T/j-report.csv" || fail "json -> report"
    bk convert -q "$T/j-report.csv" "$T/j-report.json" || fail "report -> json"
    cmp -s "$T/seed.json" "$T/j-report.json" || fail "JSON -> report CSV -> JSON differs"
    bk convert -q "$T/seed.json" "$T/j-long.csv" -O layout=long || fail "json -> long"
    bk convert -q "$T/j-long.csv" "$T/j-long.json" || fail "long -> json"
    cmp -s "$T/seed.json" "$T/j-long.json" || fail "JSON -> long CSV -> JSON differs"
else
    echo "note: no json plugin in this build; JSON round trips skipped"
fi

# 5. variants of samples/seed-report.csv import identically
mkdir -p "$T/v"
"$PY" "$HERE/make_variants.py" "$SAMPLES/seed-report.csv" "$SAMPLES/seed-long.csv" "$T/v" || fail "making variants"
for f in crlf.csv quoted.csv grouped.csv gb18030.csv bom.csv tabs.tsv; do
    bk convert -q "$T/v/$f" "$T/v/$f.long.csv" -O layout=long || { fail "variant $f does not import"; continue; }
    "$PY" "$HERE/longcmp.py" "$T/report-long.csv" "$T/v/$f.long.csv" || fail "variant $f imports differently"
done
bk convert -q "$SAMPLES/seed-report.csv" "$T/v/out-gb.csv" -O encoding=gb18030 -O bom=true || fail "write gb18030"
bk convert -q "$T/v/out-gb.csv" "$T/v/out-gb.long.csv" -O layout=long || fail "read gb18030 with BOM"
"$PY" "$HERE/longcmp.py" "$T/report-long.csv" "$T/v/out-gb.long.csv" || fail "gb18030 written then read differs"
"$PY" - "$T/v/out-gb.csv" <<'EOF' || fail "gb18030 output is not GB18030 with its BOM"
import sys
b = open(sys.argv[1], "rb").read()
assert b[:4] == b"\x84\x31\x95\x33", b[:4]
b[4:].decode("gb18030")
try:
    b[4:].decode("utf-8")
    raise SystemExit("decodes as UTF-8")
except UnicodeDecodeError:
    pass
EOF
n=0
for f in "$T"/v/tables/*.csv; do
    seq=$(basename "$f" .csv)
    seq=$((10#$seq))
    bk convert -q "$f" "$f.long.csv" -O layout=long || { fail "table file $f does not import"; continue; }
    "$PY" "$HERE/longcmp.py" --table "$seq" "$T/report-long.csv" "$f.long.csv" || fail "table $seq alone imports differently"
    n=$((n + 1))
done
[ "$n" -eq 13 ] || fail "$n one-table files, expected 13"

[ "$failed" -eq 0 ] && echo "test_csv_seed: all passed"
exit "$failed"
