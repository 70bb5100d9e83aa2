#!/bin/bash
# SPDX-License-Identifier: MIT
# The long CSV's src columns: src_page (a PDF's page) and src_sheet (a workbook's sheet) are
# appended after src_line/src_column; a file without them (written before) reads the same.
set -u
: "${BK_BIN:?}" "${BK_SOURCE_DIR:?}"
real=$BK_SOURCE_DIR/../shared/realdocs
[ -d "$real" ] || { echo "csv_long: $real not found: skipped"; exit 77; }
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bk-csvl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { # FILE KIND: every cell row names its page (pdf) or its sheet (xlsx)
    "$PY" - "$1" "$2" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
hdr = list(rows[0].keys())
if hdr[-4:] != ["src_line", "src_column", "src_page", "src_sheet"]: print("header ends", hdr[-4:]); sys.exit(1)
cells = [r for r in rows if r["record"] in ("", "cell")]
key = "src_page" if sys.argv[2] == "pdf" else "src_sheet"
bad = [r for r in cells if not r[key] or (key == "src_page" and int(r[key]) < 1)]
print("%s: %d cells, %d without %s" % (sys.argv[2], len(cells), len(bad), key))
sys.exit(1 if bad or len(cells) < 100 else 0)
PYEOF
}
"$BK_BIN" convert "$real/shpt_shgzb_2024_final/document.xlsx" "$tmp/x.csv" -O layout=long && check "$tmp/x.csv" xlsx || fail "xlsx: src_sheet"
if "$BK_BIN" formats 2>/dev/null | grep -q '^ *pdf\b'; then
    "$BK_BIN" convert "$real/pdfs/中共上海市普陀区委社会工作部2024年度部门决算.pdf" "$tmp/p.csv" -O layout=long && check "$tmp/p.csv" pdf ||
        fail "pdf: src_page"
fi
# long → long keeps them byte for byte; a file without the two columns (older) reads the same document
"$BK_BIN" convert "$tmp/x.csv" "$tmp/x2.csv" -O layout=long && cmp -s "$tmp/x.csv" "$tmp/x2.csv" || fail "long → long changed the file"
"$PY" - "$tmp/x.csv" "$tmp/old.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(r[:-2] for r in rows)
PYEOF
"$BK_BIN" convert -q "$BK_SOURCE_DIR/samples/seed-long.csv" "$tmp/seed-new.json" &&
    "$PY" - "$BK_SOURCE_DIR/samples/seed-long.csv" "$tmp/seed-old.csv" <<'PYEOF' &&
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(r[:-2] for r in rows)
PYEOF
    "$BK_BIN" convert -q "$tmp/seed-old.csv" "$tmp/seed-old.json" && cmp -s "$tmp/seed-new.json" "$tmp/seed-old.json" ||
    fail "the seed's long file without src_page/src_sheet does not read as the same document"
[ $failed -eq 0 ] && echo "csv_long: all passed" || echo "csv_long: $failed failed"
[ $failed -eq 0 ]
