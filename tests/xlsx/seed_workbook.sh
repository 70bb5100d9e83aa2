#!/bin/bash
# SPDX-License-Identifier: MIT
# The seed's publication workbook (seed text → recognizer → document → core layout → xlsx):
# openpyxl reads back sheets, merged headers, values, number formats, frozen panes, print
# settings, charts and properties (check_seed_workbook.py); a copy re-saved by LibreOffice
# imports value-identically. Skipped while the core layout or recognizer are placeholders.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
if ! out=$("$BK_BIN" convert "$BK_SEED" "$DIR/seed.json" 2>&1) || ! out=$("$BK_BIN" convert "$DIR/seed.json" "$DIR/seed.xlsx" 2>&1); then
    grep -q "not built yet" <<<"$out" && { echo "core not built yet: skipped"; exit 77; }
    echo "seed → xlsx: $out"
    exit 1
fi
"$PY" "$BK_SOURCE_DIR/tests/xlsx/check_seed_workbook.py" "$DIR/seed.xlsx" "$DIR/seed.json" || exit 1
if command -v soffice >/dev/null; then
    mkdir "$DIR/lo"
    timeout 300 soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to xlsx --outdir "$DIR/lo" \
        "$DIR/seed.xlsx" >/dev/null 2>&1
    "$BK_BIN" convert "$DIR/seed.xlsx" "$DIR/ours.json" >/dev/null 2>&1 || { echo "ours → json failed"; exit 1; }
    out=$("$BK_BIN" convert "$DIR/lo/seed.xlsx" "$DIR/lo.json" 2>&1) || { echo "LibreOffice's copy → json: $out"; exit 1; }
    "$PY" "$BK_SOURCE_DIR/tests/xlsx/compare_json.py" "$DIR/ours.json" "$DIR/lo.json" || exit 1
    # printed as a finance officer prints it: no page below 60 % (issue 14)
    if command -v pdftotext >/dev/null; then
        timeout 300 soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to pdf --outdir "$DIR" \
            "$DIR/seed.xlsx" >/dev/null 2>&1
        "$PY" "$BK_SOURCE_DIR/tests/xlsx/check_pdf_scale.py" "$DIR/seed.pdf" || exit 1
    else
        echo "pdftotext missing: the print scale not checked"
    fi
else
    echo "LibreOffice missing: its re-save round trip not run"
fi
echo "seed_workbook: 1 passed, 0 failed"
