#!/bin/bash
# SPDX-License-Identifier: MIT
# validate --annotate: the seed (3 text errors, 32 rounding findings), a mutated seed with a wrong
# figure in 支出总表 (an error on its cell) and the real 部门决算 workbook: every finding read back by
# openpyxl from its cell (check_annotate.py); the output refuses to replace a file without
# --overwrite (exit 4, untouched), a format that cannot carry findings is refused (exit 5), the
# annotated workbook reads back as the same document, and LibreOffice opens it.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
CHECK="$BK_SOURCE_DIR/tests/xlsx/check_annotate.py"
pass=0
ok() { pass=$((pass + 1)); }
die() { echo "FAIL: $*"; exit 1; }

# the seed: exit 1 (its 3 errors), 35 findings on their cells
"$BK_BIN" validate "$BK_SEED" --format json >"$DIR/seed.findings.json" 2>/dev/null
"$BK_BIN" validate "$BK_SEED" --annotate "$DIR/seed.xlsx" >/dev/null 2>"$DIR/err"
rc=$?; [ $rc -eq 1 ] || die "seed --annotate: exit $rc, expected 1: $(cat "$DIR/err")"
"$PY" "$CHECK" "$DIR/seed.xlsx" "$DIR/seed.findings.json" 35 || exit 1; ok
grep -c '"severity": "error"' "$DIR/seed.findings.json" | grep -qx 3 || die "the seed has not 3 errors"; ok

# an existing output: refused, untouched; replaced with --overwrite
sum=$(md5sum <"$DIR/seed.xlsx")
"$BK_BIN" validate "$BK_SEED" --annotate "$DIR/seed.xlsx" >/dev/null 2>"$DIR/err"
rc=$?; [ $rc -eq 4 ] || die "existing output: exit $rc, expected 4"
grep -q "use --overwrite" "$DIR/err" || die "no --overwrite hint: $(cat "$DIR/err")"
[ "$(md5sum <"$DIR/seed.xlsx")" = "$sum" ] || die "the existing output was changed"; ok
"$BK_BIN" validate "$BK_SEED" --annotate "$DIR/seed.xlsx" --overwrite >/dev/null 2>&1
rc=$?; [ $rc -eq 1 ] || die "--overwrite: exit $rc"
[ "$(md5sum <"$DIR/seed.xlsx")" = "$sum" ] || die "the same findings gave another workbook (not byte-identical)"; ok
# a format without findings on cells; several documents
"$BK_BIN" validate "$BK_SEED" --annotate "$DIR/x.json" >/dev/null 2>"$DIR/err"
rc=$?; [ $rc -eq 5 ] && [ ! -e "$DIR/x.json" ] || die "--annotate x.json: exit $rc"; ok
"$BK_BIN" validate "$BK_SEED" "$BK_SEED" --annotate "$DIR/two.xlsx" >/dev/null 2>&1
rc=$?; [ $rc -eq 2 ] || die "two documents: exit $rc, expected 2"; ok

# the annotated workbook is still the document: it reads back as the plain one
"$BK_BIN" convert "$BK_SEED" "$DIR/seed.json" 2>/dev/null
"$BK_BIN" convert "$DIR/seed.json" "$DIR/plain.xlsx" 2>/dev/null
"$BK_BIN" convert "$DIR/plain.xlsx" "$DIR/plain.json" 2>/dev/null || die "plain → json"
"$BK_BIN" convert "$DIR/seed.xlsx" "$DIR/annotated.json" 2>"$DIR/err" || die "annotated → json: $(cat "$DIR/err")"
"$PY" "$BK_SOURCE_DIR/tests/xlsx/compare_json.py" "$DIR/plain.json" "$DIR/annotated.json" || die "annotated ≠ plain"; ok

# a wrong figure: 2024年预算支出总表 row 201 total 15.55 → 25.55, an error on that very cell
"$PY" - "$DIR/seed.json" "$DIR/bad.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = next(t for t in d["document"]["tables"] if t["title"] == "2024年预算支出总表")
row = next(r for r in t["panels"][0]["rows"] if r.get("code") == "201")
assert str(row["cells"][0]) == "15.55", row
row["cells"][0] = "25.55" if isinstance(row["cells"][0], str) else 25.55
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
"$BK_BIN" validate "$DIR/bad.json" --format json >"$DIR/bad.findings.json" 2>/dev/null
"$BK_BIN" validate "$DIR/bad.json" --annotate "$DIR/bad.xlsx" >/dev/null 2>&1
rc=$?; [ $rc -eq 1 ] || die "mutated seed: exit $rc"
"$PY" "$CHECK" "$DIR/bad.xlsx" "$DIR/bad.findings.json" || exit 1
"$PY" - "$DIR/bad.xlsx" <<'PYEOF' || exit 1
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["2024年预算支出总表"]
hit = [c for row in ws.iter_rows() for c in row if c.comment and "[错误 " in c.comment.text]
assert any(c.value == 25.55 for c in hit), [(c.coordinate, c.value) for c in hit]
print("mutated figure: error comment on", [c.coordinate for c in hit if c.value == 25.55][0])
PYEOF
ok

# a real 部门决算 (its two +0.01 rounding defects, the text findings of its template instructions)
REAL="$BK_SOURCE_DIR/../shared/realdocs/shpt_shgzb_2024_final/document.xlsx"
if [ -f "$REAL" ]; then
    "$BK_BIN" validate "$REAL" --format json >"$DIR/real.findings.json" 2>/dev/null
    "$BK_BIN" validate "$REAL" --annotate "$DIR/real.xlsx" >/dev/null 2>&1
    rc=$?; [ $rc -le 1 ] || die "real 决算: exit $rc"
    "$PY" "$CHECK" "$DIR/real.xlsx" "$DIR/real.findings.json" || exit 1; ok
fi

if command -v soffice >/dev/null; then
    timeout 300 soffice -env:UserInstallation=file://"$DIR"/profile --headless --convert-to pdf --outdir "$DIR" \
        "$DIR/seed.xlsx" >/dev/null 2>&1
    [ -s "$DIR/seed.pdf" ] || die "LibreOffice did not open the annotated workbook"; ok
else
    echo "LibreOffice missing: the PDF conversion not run"
fi
echo "annotate: $pass passed, 0 failed"
