#!/bin/bash
# SPDX-License-Identifier: MIT
# The seed workbook (收支总表 + 收入总表 laid out by hand, with the pie charts)
# read back by openpyxl: sheets, merged header ranges, values, number formats,
# frozen panes, print settings, fonts, charts, document properties.
set -euo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
TOOL="$BK_BUILD_DIR/tests/xlsx_tool"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$TOOL" write-seed "$BK_SEED" "$OUT/seed.xlsx"
"$TOOL" write-seed "$BK_SEED" "$OUT/kaiti.xlsx" font=楷体
"$PY" "$BK_SOURCE_DIR/tests/xlsx/check_openpyxl.py" "$OUT/seed.xlsx" "$OUT/kaiti.xlsx"
