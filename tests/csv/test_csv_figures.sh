#!/bin/bash
# SPDX-License-Identifier: MIT
# -o layout=figures (one row per figure, for pandas) and -o excel=true (BOM + CRLF)
# on the seed: counts and values checked with pandas.read_csv(dtype=str).
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SEED_JSON="$BK_SOURCE_DIR/samples/seed.json"
"$PY" -c "import pandas" 2>/dev/null || { echo "python3-pandas is not installed"; exit 1; }
"$BK_BIN" convert -q "$SEED_JSON" "$T/figures.csv" -O layout=figures || { echo "FAIL: seed -> figures"; exit 1; }
"$BK_BIN" convert -q "$SEED_JSON" "$T/excel.csv" -O layout=figures -O excel=true || { echo "FAIL: excel=true"; exit 1; }
"$PY" "$HERE/figures_check.py" "$T/figures.csv" "$T/excel.csv" || exit 1
# the report layout with excel=true: CRLF throughout, BOM first
"$BK_BIN" convert -q "$SEED_JSON" "$T/report.csv" -O excel=true || { echo "FAIL: report excel=true"; exit 1; }
head -c 3 "$T/report.csv" | cmp -s - <(printf '\357\273\277') || { echo "FAIL: report has no BOM"; exit 1; }
[ "$(tr -cd '\n' < "$T/report.csv" | wc -c)" = "$(grep -c $'\r$' "$T/report.csv")" ] || { echo "FAIL: report: LF without CR"; exit 1; }
# the option is in the plugin's help
"$BK_BIN" formats csv | grep -q 'excel' || { echo "FAIL: formats csv does not list excel"; exit 1; }
"$BK_BIN" formats csv | grep -q 'figures' || { echo "FAIL: formats csv does not list layout=figures"; exit 1; }
grep -q "excel=true" <("$BK_BIN" convert --help) || { echo "FAIL: convert --help does not mention excel=true"; exit 1; }
echo "ok"
