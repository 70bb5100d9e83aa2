#!/bin/bash
# SPDX-License-Identifier: MIT
# Positions as the reader saw them, on the real documents (../shared/realdocs):
#  1. workbooks: every figure's cell position (sheet, row, column) names the cell where
#     openpyxl reads that figure;
#  2. PDFs (when the pdf plugin is built): every figure has a page and a box inside that
#     page, and the words pdftotext -bbox finds inside the box read the figure;
#  3. JSON → JSON and JSON → XML → JSON carry every position value for value (the bytes
#     are the same); the seed's round trip stays byte-identical (it has no positions);
#  4. validate cites a workbook figure as 表N!B36 and a PDF figure by page and box;
#  5. malformed positions are refused with a located error.
set -u
: "${BK_BIN:?}" "${BK_SOURCE_DIR:?}"
real=$BK_SOURCE_DIR/../shared/realdocs
[ -d "$real" ] || { echo "positions: $real not found: skipped"; exit 77; }
PY=/usr/bin/python3
"$PY" -c "import openpyxl" 2>/dev/null || { echo "positions: python3-openpyxl not installed: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bk-pos.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# 3. round trips of one file: canonical JSON → JSON and → XML → JSON give the same bytes
roundtrip() {
    local json=$1 name=$2
    rm -f "$tmp/$name".again.json "$tmp/$name".xml "$tmp/$name".back.json
    "$BK_BIN" convert "$json" "$tmp/$name.again.json" || { fail "$name: JSON → JSON"; return; }
    cmp -s "$json" "$tmp/$name.again.json" || fail "$name: JSON → JSON changed the file"
    "$BK_BIN" convert "$json" "$tmp/$name.xml" && "$BK_BIN" convert "$tmp/$name.xml" "$tmp/$name.back.json" ||
        { fail "$name: JSON → XML → JSON"; return; }
    cmp -s "$json" "$tmp/$name.back.json" || fail "$name: JSON → XML → JSON changed the file"
    if command -v xmllint >/dev/null; then
        xmllint --noout --nonet --schema "$BK_SOURCE_DIR/schemas/budgetkit.xsd" "$tmp/$name.xml" 2>"$tmp/xsd.err" ||
            { fail "$name: the XML breaks the XSD"; head -3 "$tmp/xsd.err"; }
    fi
}

# 1. workbooks
for doc in shpt_bgo_2025_budget shpt_shgzb_2024_final; do
    x=$real/$doc/document.xlsx
    "$BK_BIN" convert "$x" "$tmp/$doc.x.json" 2>/dev/null || { fail "$doc: convert xlsx"; continue; }
    "$PY" - "$tmp/$doc.x.json" "$x" <<'PYEOF' || fail "$doc: workbook cell positions"
import json, sys, decimal, openpyxl
doc = json.load(open(sys.argv[1], encoding="utf-8"), parse_float=str, parse_int=str)["document"]
wb = openpyxl.load_workbook(sys.argv[2], data_only=True)
checked = bad = 0
for t in doc["tables"]:
    for p in t["panels"]:
        for r in p["rows"]:
            if "pos" not in r or "sheet" not in r["pos"]:
                print("row without a sheet position:", t["title"], r.get("name")); bad += 1; continue
            cps = r.get("cell_pos") or [None] * len(r["cells"])
            for v, cp in zip(r["cells"], cps):
                if v is None or not isinstance(v, str) or not v[:1].lstrip("-").isdigit(): continue  # blanks, text
                if cp is None: print("figure without a position:", t["title"], r.get("name"), v); bad += 1; continue
                got = wb[cp["sheet"]].cell(row=int(cp["row"]), column=int(cp["column"])).value
                try: ok = decimal.Decimal(str(got).replace(",", "")) == decimal.Decimal(v)
                except decimal.InvalidOperation: ok = False
                if not ok:
                    print("%s: %s!R%sC%s holds %r, the model %s" % (t["title"], cp["sheet"], cp["row"], cp["column"], got, v)); bad += 1
                checked += 1
print("%s: %d figures at their workbook cells, %d wrong" % (sys.argv[2].split("/")[-2], checked, bad))
sys.exit(1 if bad or checked < 200 else 0)
PYEOF
    roundtrip "$tmp/$doc.x.json" "$doc.x"
done

# 4. a workbook finding cites its sheet and cell (the 决算's two rounding defects)
out=$("$BK_BIN" validate "$real/shpt_shgzb_2024_final/document.xlsx" 2>&1)
grep -Eq '\([^()]+![A-Z]+[0-9]+\): ' <<<"$out" || { fail "validate on the workbook cites no sheet!cell"; echo "$out" | head -5; }

# 2. PDFs
if "$BK_BIN" formats 2>/dev/null | grep -q '^ *pdf\b' && command -v pdftotext >/dev/null; then
    for pdf in "$real"/pdfs/*.pdf; do
        name=$(basename "$pdf" .pdf)
        rm -f "$tmp"/p.*
        "$BK_BIN" convert "$pdf" "$tmp/p.json" 2>/dev/null || { fail "$name: convert pdf"; continue; }
        pdftotext -bbox "$pdf" "$tmp/p.html" || { fail "$name: pdftotext -bbox"; continue; }
        "$PY" - "$tmp/p.json" "$tmp/p.html" "$name" <<'PYEOF' || fail "$name: PDF positions"
import json, re, sys, html
doc = json.load(open(sys.argv[1], encoding="utf-8"), parse_float=str, parse_int=str)["document"]
pages, words = [], []
for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', open(sys.argv[2], encoding="utf-8").read(), re.S):
    pages.append((float(m.group(1)), float(m.group(2))))
    words.append([(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                  re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(3))])
def box_ok(pos, what):
    pg = int(pos["page"])
    if not 1 <= pg <= len(pages): print("%s: page %d of %d" % (what, pg, len(pages))); return False
    if "box" not in pos: print("%s: no box" % what); return False
    x0, y0, x1, y1 = (float(v) for v in pos["box"])
    w, h = pages[pg - 1]
    if not (0 <= x0 <= x1 <= w + 0.01 and 0 <= y0 <= y1 <= h + 0.01):
        print("%s: box %s outside the %gx%g page" % (what, pos["box"], w, h)); return False
    return True
def text_in(pos):
    x0, y0, x1, y1 = (float(v) for v in pos["box"])
    inside = [wd for wd in words[int(pos["page"]) - 1] if x0 <= (wd[0] + wd[2]) / 2 <= x1 and y0 <= (wd[1] + wd[3]) / 2 <= y1]
    return "".join(wd[4] for wd in sorted(inside, key=lambda wd: (round(wd[1]), wd[0])))
figures = bad = 0
for t in doc["tables"]:
    if "pos" not in t or not box_ok(t["pos"], t["title"]): bad += 1; continue
    for p in t["panels"]:
        for r in p["rows"]:
            if "pos" not in r or not box_ok(r["pos"], "%s / %s" % (t["title"], r.get("name"))): bad += 1; continue
            cps = r.get("cell_pos") or [None] * len(r["cells"])
            for v, cp in zip(r["cells"], cps):
                if v is None or not isinstance(v, str) or not v[:1].lstrip("-").isdigit(): continue
                what = "%s / %s / %s" % (t["title"], r.get("name"), v)
                if cp is None: print(what, ": no position"); bad += 1; continue
                if not box_ok(cp, what): bad += 1; continue
                # a row's box holds its cells' boxes
                if not (float(r["pos"]["box"][1]) <= float(cp["box"][1]) and float(cp["box"][3]) <= float(r["pos"]["box"][3]) + 0.01):
                    print(what, ": outside its row's box"); bad += 1
                seen = text_in(cp).replace(",", "")
                if seen != v and not (seen.startswith(".") and "0" + seen == v):
                    print("%s: pdftotext reads %r in its box on page %s" % (what, seen, cp["page"])); bad += 1
                figures += 1
for s in doc["sections"]:
    if "pos" not in s or not box_ok(s["pos"], "section %s" % s.get("heading")): bad += 1
print("%s: %d figures read in their boxes, %d tables, %d sections, %d wrong" % (sys.argv[3], figures, len(doc["tables"]), len(doc["sections"]), bad))
sys.exit(1 if bad else 0)
PYEOF
        roundtrip "$tmp/p.json" "pdf"
    done
    # the 部门决算's rounding defects: cited by page and box
    out=$("$BK_BIN" validate "$real/pdfs/中共上海市普陀区委社会工作部2024年度部门决算.pdf" 2>&1)
    grep -Eq '\(page [0-9]+ \[[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+\]\)' <<<"$out" ||
        { fail "validate on the PDF cites no page and box"; echo "$out" | head -5; }
else
    echo "positions: the pdf plugin or pdftotext is absent: PDF checks skipped"
fi

# 3. the seed: no positions, byte-identical
"$BK_BIN" convert "$BK_SOURCE_DIR/samples/seed.json" "$tmp/seed.json" && cmp -s "$BK_SOURCE_DIR/samples/seed.json" "$tmp/seed.json" ||
    fail "samples/seed.json does not round-trip byte for byte"
grep -q '"pos"' "$tmp/seed.json" && fail "the seed (a text file) gained positions"

# 5. malformed positions: a located error, non-zero exit, no output
mk() { rm -f "$tmp/bad.json"; sed "s|\"level\": 1, \"cells\": \[4000.70\]|\"level\": 1, \"cells\": [4000.70], \"pos\": $1|" "$BK_SOURCE_DIR/samples/seed.json" >"$tmp/bad.json"; }
for bad in '{"page": 1, "box": [1, 2, 3]}' '{"page": 1, "sheet": "x"}' '{"page": 0}' '{"page": 2, "box": [1.001, 2, 3, 4]}' \
           '{"page": 2, "box": [5, 2, 3, 4]}' '{"sheet": "表1", "box": [1, 2, 3, 4]}' '{"sheet": "表1", "row": 0}' '{"box": [1, 2, 3, 4]}' '{"page": 1, "x": 2}'; do
    mk "$bad"
    grep -q '"pos"' "$tmp/bad.json" || { fail "fixture not made for $bad"; continue; }
    rm -f "$tmp/out.json"
    if "$BK_BIN" convert "$tmp/bad.json" "$tmp/out.json" 2>"$tmp/err"; then fail "accepted the position $bad"; fi
    [ -e "$tmp/out.json" ] && fail "wrote output for $bad"
    grep -q 'bad.json:[0-9]*:[0-9]*:' "$tmp/err" || { fail "no located error for $bad"; cat "$tmp/err"; }
done
mk '{"page": 3, "box": [0.5, 2, 3.25, 4]}'
rm -f "$tmp/ok.xml" "$tmp/ok.json"
"$BK_BIN" convert "$tmp/bad.json" "$tmp/ok.xml" && "$BK_BIN" convert "$tmp/ok.xml" "$tmp/ok.json" && cmp -s "$tmp/bad.json" "$tmp/ok.json" ||
    fail "a hand-written page position does not round-trip"
for bad in 'page="1" box="1 2 3"' 'page="1" sheet="x"' 'sheet="x" cell="36B"' 'page="1" box="1 2 3 4.001"' 'cell="B2"'; do
    rm -f "$tmp/out.json"
    sed "0,/<amount>4000.70<\/amount>/s||<amount $bad>4000.70</amount>|" "$tmp/ok.xml" >"$tmp/bad.xml"
    grep -q "$bad" "$tmp/bad.xml" || { fail "xml fixture not made for $bad"; continue; }
    if "$BK_BIN" convert "$tmp/bad.xml" "$tmp/out.json" 2>"$tmp/err"; then fail "xml: accepted the position $bad"; fi
    grep -q 'bad.xml:[0-9]' "$tmp/err" || { fail "xml: no located error for $bad"; cat "$tmp/err"; }
done

[ $failed -eq 0 ] && echo "positions: all passed" || echo "positions: $failed failed"
[ $failed -eq 0 ]
