#!/bin/bash
# SPDX-License-Identifier: MIT
# Regenerate docs/xlsx-*.png: the seed's publication workbook (seed text → recognizer →
# core layout → xlsx) rendered by LibreOffice headless to PDF, then the first page of
# 收支总表, 收入总表, a performance-target form and the chart sheet to PNG with pdftoppm.
#   tests/xlsx/render_docs.sh [BUILD_DIR]   (needs libreoffice-calc-nogui, poppler-utils, fonts-noto-cjk)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-xlsx}
SEED=${BK_SEED:-$ROOT/../shared/seed/000_b39ab111367c9db1.txt}
BIN="$BUILD/bin/budgetkit"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" convert "$SEED" "$DIR/seed.json" 2>/dev/null
"$BIN" convert "$DIR/seed.json" "$DIR/seed.xlsx"
soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to pdf --outdir "$DIR" "$DIR/seed.xlsx" >/dev/null 2>&1
# the first page of each sheet: find it by the sheet's title text on the page
page_of() { for p in $(seq 1 "$(pdfinfo "$DIR/seed.pdf" | awk '/^Pages:/ {print $2}')"); do
    pdftotext -f "$p" -l "$p" "$DIR/seed.pdf" - | grep -q "$1" && { echo "$p"; return; }; done; }
render() { local p; p=$(page_of "$2"); pdftoppm -r 80 -png -f "$p" -l "$p" -singlefile "$DIR/seed.pdf" "$ROOT/docs/$1"; }
render xlsx-summary "2024年预算收支总表"
render xlsx-income "2024年预算收入总表"
render xlsx-perf "绩效目标"
render xlsx-charts "三公经费分布图"
ls -l "$ROOT"/docs/xlsx-*.png
