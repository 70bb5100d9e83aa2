#!/bin/bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# validate --annotate on a PDF: each finding's row of 检查结果 names where the PDF printed it
# (原文位置, beside the link to the workbook cell): "page N [x0 y0 x1 y1]", the same position
# validate's text output cites, and that box holds the figure (table findings) or the start of
# the quoted sentence (text findings), as pdftotext -bbox reads the page.
set -u
: "${BK_BIN:?}" "${BK_SOURCE_DIR:?}"
PY=/usr/bin/python3
pdf=$BK_SOURCE_DIR/../shared/realdocs/pdfs/中共上海市普陀区委社会工作部2024年度部门决算.pdf
[ -e "$pdf" ] || { echo "pdf_annotate: $pdf not found: skipped"; exit 77; }
"$PY" -c 'import openpyxl' 2>/dev/null && command -v pdftotext >/dev/null || { echo "pdf_annotate: openpyxl or pdftotext missing: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bk-pdfann.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$BK_BIN" validate "$pdf" >"$tmp/findings.txt" 2>/dev/null
# the real 决算 has warnings and rounding only (its one error was a false R3, fixed): exit 0
"$BK_BIN" validate "$pdf" --annotate "$tmp/out.xlsx" >/dev/null 2>"$tmp/err"
rc=$?; [ $rc -eq 0 ] || { echo "FAIL: --annotate on the PDF: exit $rc: $(cat "$tmp/err")"; exit 1; }
pdftotext -bbox "$pdf" "$tmp/words.html" || exit 1
"$PY" - "$tmp/out.xlsx" "$tmp/findings.txt" "$tmp/words.html" <<'PYEOF'
import collections, html, re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["检查结果"]
header = [c.value for c in ws[3]]
src, rule, msg = header.index("原文位置"), header.index("规则"), header.index("说明")
if src != header.index("位置") + 1: print("FAIL: 原文位置 is not beside 位置:", header); sys.exit(1)
pages = [[(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
          re.findall(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>', m)]
         for m in re.findall(r'<page [^>]*>(.*?)</page>', open(sys.argv[3], encoding="utf-8").read(), re.S)]
cited = collections.Counter()
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r'\s+(?:error|warning|rounding)\s+(\S+)\s+[^\n]*?\((page \d+ \[[^]]*\])\): ', line)
    if m: cited[(m.group(1), m.group(2))] += 1
listed, bad, boxes = collections.Counter(), 0, 0
for r in ws.iter_rows(min_row=4, values_only=True):
    where = r[src] or ""
    m = re.fullmatch(r'page (\d+) \[([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)\]', where)
    if not m:
        if r[rule] not in ("R3",): print("FAIL: no page and box for", r[rule], (r[msg] or "")[:60], repr(where)); bad += 1
        continue
    listed[(r[rule], where)] += 1
    pg = int(m.group(1)); x0, y0, x1, y1 = (float(m.group(i)) for i in range(2, 6))
    seen = "".join(w[4] for w in pages[pg - 1] if x0 - 1 <= (w[0] + w[2]) / 2 <= x1 + 1 and y0 - 1 <= (w[1] + w[3]) / 2 <= y1 + 1)
    seen = seen.replace(",", "").replace(" ", "")
    q = re.search(r"“([^”]{4})", r[msg] or "")
    figure = re.search(r"印出|printed|stated", r[msg] or "")
    printed = r[header.index("印出数")]
    if q and "narrative" not in str(r[header.index("表格")] or "x") and q.group(1).replace(" ", "") in seen: boxes += 1
    elif q and any(ch in seen for ch in q.group(1)): boxes += 1
    elif printed and str(printed).lstrip("0").rstrip("0").rstrip(".") and str(printed).split(".")[0] in seen: boxes += 1
    else: print("FAIL: %s %s reads %r: %s" % (r[rule], where, seen[:40], (r[msg] or "")[:60])); bad += 1
if listed != cited:
    print("FAIL: 原文位置 and validate's citations differ:", (listed - cited) or "", (cited - listed) or ""); bad += 1
print("pdf_annotate: %d findings with their page and box, %d boxes checked against pdftotext, %d wrong" % (sum(listed.values()), boxes, bad))
sys.exit(1 if bad or boxes < 3 else 0)
PYEOF
