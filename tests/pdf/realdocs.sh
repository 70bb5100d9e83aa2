#!/bin/bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The pdf reader on the real PDFs of ../shared/realdocs/pdfs:
#  1. the rebuilt grid holds the rows read by eye from the page images
#     (expected/*.rows: "PAGE|cell<TAB>cell…", every cell in its column; ≥ 10 figures each);
#  2. each PDF's tables are recognised with their kinds (the kinds both recognizer
#     versions share), none from the 目录 page, and twins agree: a 单位预算 with its
#     部门预算, the blank 决算 template with the published 决算;
#  3. for the two transcribed documents, every figure the text route (document.txt)
#     finds, the PDF route finds too, in the same table, row and column.
set -u
: "${BK_BIN:?}" "${BK_BUILD_DIR:?}" "${BK_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
real=$BK_SOURCE_DIR/../shared/realdocs
pdfs=$real/pdfs
[ -d "$pdfs" ] || { echo "pdf_realdocs: $pdfs not found: skipped"; exit 77; }
grid=$BK_BUILD_DIR/tests/pdf_grid
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bk-pdf.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

declare -A FILE=(
  [bgo_2025_dept]="上海市普陀区人民政府办公室2025年部门预算.pdf"
  [bgo_2025_unit]="上海市普陀区人民政府办公室2025年单位预算.pdf"
  [sfj_2026_dept]="上海市普陀区司法局2026年部门预算.pdf"
  [sfj_2026_unit]="上海市普陀区司法局2026年单位预算.pdf"
  [shgzb_2024_final]="中共上海市普陀区委社会工作部2024年度部门决算.pdf"
  [template_2024_final]="部门决算公开模板（上海市XX局2024年度）.pdf"
)

# 1. rows read from the page images
for key in "${!FILE[@]}"; do
    pdf=$pdfs/${FILE[$key]}
    "$grid" "$pdf" >"$scratch/$key.grid" 2>"$scratch/$key.err" || { fail "$key: pdf_grid: $(cat "$scratch/$key.err")"; continue; }
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        grep -Fxq -- "$line" "$scratch/$key.grid" || fail "$key: row not rebuilt: $line"
    done <"$here/expected/$key.rows"
    [ "$n" -ge 5 ] || fail "$key: only $n expected rows"
    # the contents page lists every table but is no table
    grep -q '^contents|' "$scratch/$key.grid" || fail "$key: no 目录 (contents) text"
done

# 2. kinds
kinds() { "$BK_BIN" info "$pdfs/${FILE[$1]}" -q | sed -nE 's/^ +\[[0-9]+\] .*\(([a-z_.]+), .*$/\1/p'; }
for key in "${!FILE[@]}"; do kinds "$key" >"$scratch/$key.kinds" || fail "$key: info failed"; done
for key in bgo_2025_dept bgo_2025_unit sfj_2026_dept sfj_2026_unit; do
    for k in budget.income budget.expense budget.fiscal_summary; do
        grep -qx "$k" "$scratch/$key.kinds" || fail "$key: no $k table"
    done
done
for key in shgzb_2024_final template_2024_final; do
    for k in final.summary final.income final.expense final.fiscal_summary final.general_public_expense \
             final.general_public_basic final.three_public final.gov_fund final.state_capital; do
        grep -qx "$k" "$scratch/$key.kinds" || fail "$key: no $k table"
    done
done
for key in "${!FILE[@]}"; do
    n=$(wc -l <"$scratch/$key.kinds")
    [ "$n" -le 10 ] || fail "$key: $n tables (phantom tables from the 目录?)"
done
cmp -s "$scratch/bgo_2025_dept.kinds" "$scratch/bgo_2025_unit.kinds" || fail "bgo: 部门预算 and 单位预算 differ in kinds"
cmp -s "$scratch/sfj_2026_dept.kinds" "$scratch/sfj_2026_unit.kinds" || fail "sfj: 部门预算 and 单位预算 differ in kinds"
cmp -s "$scratch/shgzb_2024_final.kinds" "$scratch/template_2024_final.kinds" || fail "决算 and its template differ in kinds"

# 2b. the 目录 section cites the page and box of each of its lines, as the other sections do
for key in bgo_2025_dept shgzb_2024_final; do
    "$BK_BIN" convert "$pdfs/${FILE[$key]}" "$scratch/$key.json" -q || { fail "$key: json convert"; continue; }
    out=$("${BK_PYTHON:-/usr/bin/python3}" - "$scratch/$key.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))['document']
toc = [s for s in doc['sections'] if s.get('heading') == '目录']
if not toc: print('no 目录 section'); sys.exit()
s = toc[0]
lines, pp = s['text'].split('\n'), s.get('para_pos') or []
if len(pp) != len(lines): print('%d positions for %d lines' % (len(pp), len(lines))); sys.exit()
bad = [i for i, p in enumerate(pp) if not p.get('page') or p['page'] < s['pos']['page'] or not any(p.get('box', []))]
if bad: print('line %d: no page and box: %r' % (bad[0] + 1, pp[bad[0]])); sys.exit()
ys = [p['box'][1] for p in pp if p['page'] == pp[0]['page']]
if ys != sorted(ys): print('the lines of its first page are not in reading order: %r' % ys); sys.exit()
print('ok %d' % len(pp))
PY
)
    [[ $out == ok* ]] || fail "$key: 目录: $out"
done

# 3. the PDF route finds what the text route finds
for pair in "shpt_bgo_2025_budget:bgo_2025_dept" "shpt_shgzb_2024_final:shgzb_2024_final"; do
    doc=${pair%%:*} key=${pair#*:}
    "$BK_BIN" convert "$real/$doc/document.txt" "$scratch/$doc.txt.csv" -o layout=long -q || fail "$doc: txt convert"
    "$BK_BIN" convert "$pdfs/${FILE[$key]}" "$scratch/$doc.pdf.csv" -o layout=long -q || fail "$doc: pdf convert"
    out=$("${BK_PYTHON:-/usr/bin/python3}" - "$scratch/$doc.txt.csv" "$scratch/$doc.pdf.csv" <<'PY'
import csv, sys
def figs(p):
    rows = csv.DictReader(open(p, newline='', encoding='utf-8-sig'))
    return {(r['table_title'], r.get('row_code') or '', (r.get('row_name') or '').replace(' ', ''), r['column_label'], r['value'])
            for r in rows if (r.get('value') or '').strip()}
t, p = figs(sys.argv[1]), figs(sys.argv[2])
miss = sorted(t - p)
print(len(t), len(miss))
for m in miss[:10]: print('  missing in the PDF route:', ' | '.join(m))
PY
)
    read -r total missing <<<"$(head -1 <<<"$out")"
    [ "${total:-0}" -ge 100 ] || fail "$doc: the text route found only ${total:-0} figures"
    [ "${missing:-1}" = 0 ] || fail "$doc: $out"
    echo "pdf_realdocs: $doc: the PDF route finds all ${total:-0} figures of the text route"
done

[ "$failed" = 0 ] && echo "pdf_realdocs: ok" && exit 0
echo "pdf_realdocs: $failed failed"
exit 1
