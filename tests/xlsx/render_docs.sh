#!/bin/bash
# Regenerate docs/xlsx-*.png: the seed workbook rendered by LibreOffice headless to PDF,
# then the first page of each table (and the chart page) to PNG with pdftoppm.
#   tests/xlsx/render_docs.sh [BUILD_DIR]     (needs libreoffice-calc-nogui, poppler-utils, fonts-noto-cjk)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-xlsx}
SEED=${BK_SEED:-$ROOT/../shared/seed/000_b39ab111367c9db1.txt}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BUILD/tests/xlsx_tool" write-seed "$SEED" "$DIR/seed.xlsx"
soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to pdf --outdir "$DIR" "$DIR/seed.xlsx" >/dev/null 2>&1
pages=$(pdfinfo "$DIR/seed.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$DIR/seed.pdf" "$ROOT/docs/xlsx-summary"
pdftoppm -r 80 -png -f 3 -l 3 -singlefile "$DIR/seed.pdf" "$ROOT/docs/xlsx-income"
pdftoppm -r 80 -png -f "$pages" -l "$pages" -singlefile "$DIR/seed.pdf" "$ROOT/docs/xlsx-charts"
ls -l "$ROOT"/docs/xlsx-*.png
