#!/bin/bash
# SPDX-License-Identifier: MIT
# Regenerate docs/xlsx-*.png: the seed's publication workbook (seed text → recognizer →
# core layout → xlsx) rendered by LibreOffice headless to PDF, then the first page of
# the cover, 收支总表, 收入总表, 项目支出（上年结转）, the department and a project form, 情况说明 and the
# chart sheet to PNG with pdftoppm; and an annotated workbook (validate --annotate): 检查结果 and a table.
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
render() { local p; p=$(page_of "$2"); pdftoppm -r 60 -png -f "$p" -l "$p" -singlefile "$DIR/seed.pdf" "$ROOT/docs/$1"; }
render xlsx-cover "忻州市民政局2024年度部门预算公开"
render xlsx-summary "2024年预算收支总表"
render xlsx-income "2024年预算收入总表"
render xlsx-carryover "2024年项目支出预算表（上年结转）"
render xlsx-dept-form "部门职责"
render xlsx-perf "项目支出绩效目标表"
render xlsx-notes "第一部分"
render xlsx-charts "三公经费分布图（单位"
# validate --annotate: the 检查结果 sheet and a table with a wrong figure (支出总表 201: 15.55 → 25.55)
/usr/bin/python3 - "$DIR/seed.json" "$DIR/bad.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = next(t for t in d["document"]["tables"] if t["title"] == "2024年预算支出总表")
next(r for r in t["panels"][0]["rows"] if r.get("code") == "201")["cells"][0] = 25.55
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
"$BIN" validate "$DIR/bad.json" --annotate "$DIR/annotated.xlsx" >/dev/null 2>&1 || true
soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to pdf --outdir "$DIR" "$DIR/annotated.xlsx" >/dev/null 2>&1
pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$DIR/annotated.pdf" "$ROOT/docs/xlsx-annotate"
# the table's first page after 检查结果 (whose findings name the table too)
p=$(for q in $(seq 2 "$(pdfinfo "$DIR/annotated.pdf" | awk '/^Pages:/ {print $2}')"); do
    pdftotext -f "$q" -l "$q" "$DIR/annotated.pdf" - | grep -q "2024年预算支出总表" && { echo "$q"; break; }; done)
pdftoppm -r 60 -png -f "$p" -l "$p" -singlefile "$DIR/annotated.pdf" "$ROOT/docs/xlsx-annotate-table"
ls -l "$ROOT"/docs/xlsx-*.png
