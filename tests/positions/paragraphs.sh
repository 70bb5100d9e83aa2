#!/bin/bash
# SPDX-License-Identifier: MIT
# Paragraph positions (a section's text, line by line), on the real documents:
#  1. PDFs: every section read from the pages has one position per paragraph, a box inside
#     its page in which pdftotext -bbox reads the paragraph's first characters;
#  2. workbooks: a paragraph's sheet, row and column name the cell whose text it is;
#  3. findings on text cite the paragraph, not the heading: "line N" of the text file
#     holds the quoted sentence, a PDF's "page N [box]" holds it;
#  4. files without paragraph positions (older JSON and XML) still read, to the same document;
#  5. malformed paragraph positions are refused with a located error.
set -u
: "${BK_BIN:?}" "${BK_SOURCE_DIR:?}"
real=$BK_SOURCE_DIR/../shared/realdocs
[ -d "$real" ] || { echo "paragraphs: $real not found: skipped"; exit 77; }
PY=/usr/bin/python3
"$PY" -c "import openpyxl" 2>/dev/null || { echo "paragraphs: python3-openpyxl not installed: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bk-para.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# 4. the same file without its paragraph positions reads to the same document (less them)
older() {
    local json=$1 name=$2
    name=old-$name
    rm -f "$tmp/$name".*
    "$PY" - "$json" "$tmp/$name.old.json" <<'PYEOF' || { fail "$name: no paragraph positions to drop"; return; }
import sys
s = open(sys.argv[1], encoding="utf-8").read()
key, out, i = ', "para_pos": [', [], 0
while (j := s.find(key, i)) >= 0:  # drop each "para_pos" array (nested boxes, no brackets in strings)
    out.append(s[i:j]); k, depth = j + len(key), 1
    while depth: depth += {"[": 1, "]": -1}.get(s[k], 0); k += 1
    i = k
out.append(s[i:])
t = "".join(out)
open(sys.argv[2], "w", encoding="utf-8").write(t)
sys.exit(0 if t != s else 1)
PYEOF
    "$BK_BIN" convert "$tmp/$name.old.json" "$tmp/$name.old.again.json" && cmp -s "$tmp/$name.old.json" "$tmp/$name.old.again.json" ||
        fail "$name: JSON without para_pos does not read back the same"
    "$BK_BIN" convert "$json" "$tmp/$name.xml" || { fail "$name: JSON → XML"; return; }
    grep -q '<paragraph ' "$tmp/$name.xml" || fail "$name: the XML has no <paragraph> positions"
    sed '/^ *<paragraph .*\/>$/d' "$tmp/$name.xml" >"$tmp/$name.old.xml"
    "$BK_BIN" convert "$tmp/$name.old.xml" "$tmp/$name.old.back.json" && cmp -s "$tmp/$name.old.json" "$tmp/$name.old.back.json" ||
        fail "$name: XML without <paragraph> does not read as the JSON without para_pos"
}

# 2. workbooks
for doc in shpt_shgzb_2024_final; do
    "$BK_BIN" convert "$real/$doc/document.xlsx" "$tmp/$doc.json" 2>/dev/null || { fail "$doc: convert xlsx"; continue; }
    "$PY" - "$tmp/$doc.json" "$real/$doc/document.xlsx" <<'PYEOF' || fail "$doc: workbook paragraph positions"
import json, sys, openpyxl
doc = json.load(open(sys.argv[1], encoding="utf-8"))["document"]
wb = openpyxl.load_workbook(sys.argv[2], data_only=True)
n = bad = 0
for s in doc["sections"]:
    if not s.get("text"): continue
    paras = s["text"].split("\n")
    pp = s.get("para_pos")
    if pp is None or len(pp) != len(paras): print("section", s.get("heading"), ": paragraph positions", pp); bad += 1; continue
    for t, p in zip(paras, pp):
        got = wb[p["sheet"]].cell(row=p["row"], column=p["column"]).value
        first = t.split("\t")[0].strip()
        if not first or str(got).strip() != first: print("%s!R%dC%d holds %r, the paragraph %r" % (p["sheet"], p["row"], p["column"], got, t)); bad += 1
        n += 1
print("workbook: %d paragraphs at their cells, %d wrong" % (n, bad))
sys.exit(1 if bad or n < 3 else 0)
PYEOF
    older "$tmp/$doc.json" "$doc"
done

# 1. PDFs
if "$BK_BIN" formats 2>/dev/null | grep -q '^ *pdf\b' && command -v pdftotext >/dev/null; then
    for pdf in "$real"/pdfs/*.pdf; do
        name=$(basename "$pdf" .pdf)
        rm -f "$tmp"/p.*
        "$BK_BIN" convert "$pdf" "$tmp/p.json" 2>/dev/null || { fail "$name: convert pdf"; continue; }
        pdftotext -bbox "$pdf" "$tmp/p.html" || { fail "$name: pdftotext -bbox"; continue; }
        "$PY" - "$tmp/p.json" "$tmp/p.html" "$name" <<'PYEOF' || fail "$name: PDF paragraph positions"
import json, re, sys, html
doc = json.load(open(sys.argv[1], encoding="utf-8"))["document"]
pages, words = [], []
for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', open(sys.argv[2], encoding="utf-8").read(), re.S):
    pages.append((float(m.group(1)), float(m.group(2))))
    words.append([(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                  re.findall(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>', m.group(3))])
def squeeze(t): return re.sub(r"\s", "", t)
n = bad = 0
for s in doc["sections"]:
    if not s.get("text") or s.get("heading") == "目录": continue  # the contents page is one block
    paras = s["text"].split("\n")
    pp = s.get("para_pos")
    if pp is None or len(pp) != len(paras): print("section %r: %s positions for %d paragraphs" % (s.get("heading"), pp and len(pp), len(paras))); bad += 1; continue
    for t, p in zip(paras, pp):
        n += 1
        if p is None or "box" not in p: print("paragraph without a box:", t[:30]); bad += 1; continue
        pg = p["page"]; x0, y0, x1, y1 = p["box"]; w, h = pages[pg - 1]
        # on its page (a line may stick out of it: the PDF prints it there, pdftotext sees it there too)
        if not (x0 <= x1 and y0 <= y1 and x1 > 0 and x0 < w and y1 > 0 and y0 < h): print("box off page", pg, p["box"]); bad += 1; continue
        inside = [wd for wd in words[pg - 1] if x0 - 1 <= (wd[0] + wd[2]) / 2 <= x1 + 1 and y0 - 1 <= (wd[1] + wd[3]) / 2 <= y1 + 1]
        seen = squeeze("".join(wd[4] for wd in sorted(inside, key=lambda wd: (round(wd[1]), wd[0]))))
        head = squeeze(t)[:4]
        # each of them: pdftotext orders a raised "2024" apart
        if any(ch not in seen for ch in head): print("page %d %s: pdftotext reads %r, the paragraph begins %r" % (pg, p["box"], seen[:40], head)); bad += 1
print("%s: %d paragraphs read in their boxes, %d wrong" % (sys.argv[3], n, bad))
sys.exit(1 if bad or n < 10 else 0)
PYEOF
    done
    older "$tmp/p.json" pdf
    # 3. a text finding on a PDF cites its paragraph's box, and the box holds the sentence
    f="$real/pdfs/中共上海市普陀区委社会工作部2024年度部门决算.pdf"
    "$BK_BIN" validate "$f" >"$tmp/v.txt" 2>&1
    pdftotext -bbox "$f" "$tmp/v.html"
    "$PY" - "$tmp/v.txt" "$tmp/v.html" <<'PYEOF' || fail "PDF text findings do not cite their paragraphs"
import re, sys, html
pages = [[(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
          re.findall(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>', m)]
         for m in re.findall(r'<page [^>]*>(.*?)</page>', open(sys.argv[2], encoding="utf-8").read(), re.S)]
n = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r'\s(R5|R9|V39|V40|V41|V42)\s+\(page (\d+) \[([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)\]\): .*“([^”]{4})', line)
    if not m: continue
    pg = int(m.group(2)); x0, y0, x1, y1 = (float(m.group(i)) for i in range(3, 7))
    seen = "".join(w[4] for w in pages[pg - 1] if x0 - 1 <= (w[0] + w[2]) / 2 <= x1 + 1 and y0 - 1 <= (w[1] + w[3]) / 2 <= y1 + 1)
    n += 1
    if m.group(7).replace(" ", "") not in seen.replace(" ", ""): print("finding cites", m.group(0)[:80], "; the box reads", seen[:60]); bad += 1
print("%d text findings in their paragraph's box, %d wrong" % (n, bad))
sys.exit(1 if bad or n < 1 else 0)
PYEOF
else
    echo "paragraphs: the pdf plugin or pdftotext is absent: PDF checks skipped"
fi

# 3. a text file: a narrative finding cites the line that holds its sentence (not the heading's)
seed=$(ls "$BK_SOURCE_DIR"/../shared/seed/*.txt | head -1)
"$BK_BIN" validate "$seed" >"$tmp/s.txt" 2>&1
"$PY" - "$tmp/s.txt" "$seed" <<'PYEOF' || fail "seed: text findings do not cite their paragraph's line"
import re, sys
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
n = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r'\s(V39|V40|V41|V42|R4|R5)\s+\(line (\d+)\): .*“([^”]{8})', line)
    if not m: continue
    n += 1
    if m.group(3) not in lines[int(m.group(2)) - 1]: print("line %s does not hold %r: %r" % (m.group(2), m.group(3), lines[int(m.group(2)) - 1][:40])); bad += 1
print("seed: %d text findings at their paragraph's line, %d wrong" % (n, bad))
sys.exit(1 if bad or n < 3 else 0)
PYEOF

# 5. malformed: a count that is not the paragraphs', an index past the text
if [ -e "$tmp/p.json" ]; then
    sed -E '0,/"para_pos": \[/s//"para_pos": [null, /' "$tmp/p.json" >"$tmp/bad.json"
    rm -f "$tmp/out.json"
    "$BK_BIN" convert "$tmp/bad.json" "$tmp/out.json" 2>"$tmp/err" && fail "accepted one paragraph position too many"
    [ -e "$tmp/out.json" ] && fail "wrote output for a bad para_pos"
    grep -q 'bad.json:[0-9]*:[0-9]*:.*paragraph positions for' "$tmp/err" || { fail "no located error for a bad para_pos"; cat "$tmp/err"; }
    sed -E '0,/<paragraph index="1"/s//<paragraph index="999"/' "$tmp/old-pdf.xml" >"$tmp/bad.xml"
    "$BK_BIN" convert "$tmp/bad.xml" "$tmp/out.json" 2>"$tmp/err" && fail "xml: accepted paragraph 999"
    grep -q 'bad.xml:[0-9]*.*paragraph 999 of a text of' "$tmp/err" || { fail "xml: no located error for paragraph 999"; cat "$tmp/err"; }
fi

[ $failed -eq 0 ] && echo "paragraphs: all passed" || echo "paragraphs: $failed failed"
[ $failed -eq 0 ]
