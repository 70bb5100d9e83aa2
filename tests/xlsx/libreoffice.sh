#!/bin/bash
# SPDX-License-Identifier: MIT
# Our seed workbook re-saved by LibreOffice (soffice --headless --convert-to xlsx)
# reads back cell for cell, merge for merge, as our own file does.
set -euo pipefail
command -v soffice >/dev/null || { echo "LibreOffice missing (apt-get install libreoffice-calc-nogui): skipped"; exit 77; }
TOOL="$BK_BUILD_DIR/tests/xlsx_tool"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$TOOL" write-seed "$BK_SEED" "$DIR/ours.xlsx"
mkdir "$DIR/lo"
timeout 300 soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to xlsx --outdir "$DIR/lo" \
    "$DIR/ours.xlsx" >/dev/null 2>&1
"$TOOL" grids "$DIR/ours.xlsx" > "$DIR/ours.grid"
"$TOOL" grids "$DIR/lo/ours.xlsx" > "$DIR/lo.grid"
grep -q $'\tn\t8261.00$' "$DIR/lo.grid"
[ "$(wc -l < "$DIR/ours.grid")" -gt 500 ]
diff -u "$DIR/ours.grid" "$DIR/lo.grid"
echo "libreoffice: 1 passed, 0 failed"
