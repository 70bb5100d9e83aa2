#!/bin/bash
# SPDX-License-Identifier: MIT
# Lossless fallback on the real documents: a table the definitions do not know (here a real
# table whose title was changed to one no template has, in the text and in the workbook) is kept
# whole as a `custom` table -- its printed figures, codes, names and header paths -- named in one
# warning, listed by `info`, and carried value for value through JSON, XML, CSV, XLSX and SQLite.
set -euo pipefail
REAL="$(dirname "$(dirname "$BK_SEED")")/realdocs"
[ -d "$REAL" ] || { echo "no corpus at $REAL"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src=$REAL/shpt_bgo_2025_budget
old=2025年部门支出预算总表; new=2025年部门资产配置情况统计表
grep -q "$old" "$src/document.txt" || { echo "the corpus no longer prints $old"; exit 1; }
sed "s/$old/$new/" "$src/document.txt" > "$work/renamed.txt"
"$BK_PYTHON" - "$src/document.xlsx" "$work/renamed.xlsx" "$old" "$new" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
hits = 0
for ws in wb:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and sys.argv[3] in c.value:
                c.value = c.value.replace(sys.argv[3], sys.argv[4]); hits += 1
    if ws.title == sys.argv[3]: ws.title = sys.argv[4][:31]
assert hits, 'title not found in the workbook'
wb.save(sys.argv[2])
PY
"$BK_BIN" convert "$src/document.txt" "$work/orig.json" 2>/dev/null
for ext in txt xlsx; do
  in=$work/renamed.$ext
  "$BK_BIN" convert "$in" "$work/$ext.json" 2>"$work/$ext.warn"
  n=$(grep -c "custom table" "$work/$ext.warn" || true)
  [ "$n" = 1 ] || { echo "FAIL $ext: $n warnings naming the custom table"; cat "$work/$ext.warn"; exit 1; }
  grep -q "$new: not a table the definitions know" "$work/$ext.warn" || { echo "FAIL $ext: warning does not name it"; exit 1; }
  ! grep -q "is not an amount\|not placed" "$work/$ext.warn" || { echo "FAIL $ext: rows swallowed by the table before"; cat "$work/$ext.warn"; exit 1; }
  "$BK_BIN" info "$in" 2>/dev/null | grep -q "unrecognised: 1" || { echo "FAIL $ext: info does not list it"; exit 1; }
  "$BK_BIN" info "$in" 2>/dev/null | grep -q "$new: table of no known kind (custom)" || { echo "FAIL $ext: info line"; exit 1; }
  for f in json xml csv xlsx sqlite; do
    "$BK_BIN" convert "$work/$ext.json" "$work/$ext.rt.$f" 2>/dev/null
    "$BK_BIN" convert "$work/$ext.rt.$f" "$work/$ext.rt.$f.json" 2>/dev/null
  done
done
"$BK_PYTHON" - "$work" <<'PY'
import json, sys
from decimal import Decimal as D
w = sys.argv[1]
fails = []
def check(c, what):
    if not c: fails.append(what)
def strip(x):  # where a figure was read differs by route (sheet/cell, page/box): not compared
    if isinstance(x, dict): return {k: strip(v) for k, v in x.items() if k not in ('pos', 'cell_pos')}
    if isinstance(x, list): return [strip(v) for v in x]
    return x
def doc(name): return strip(json.load(open('%s/%s' % (w, name), encoding='utf-8'), parse_float=D)['document'])
orig = [t for t in doc('orig.json')['tables'] if t['kind'] == 'budget.expense'][0]
for ext in ('txt', 'xlsx'):
    d = doc(ext + '.json')
    kinds = [t['kind'] for t in d['tables']]
    check(kinds.count('custom') == 1 and 'budget.expense' not in kinds and len(kinds) == 9, '%s: kinds %s' % (ext, kinds))
    cu = [t for t in d['tables'] if t['kind'] == 'custom']
    if not cu: continue
    cu = cu[0]
    p, o = cu['panels'][0], orig['panels'][0]
    # every printed figure of the table, row by row, with its code and name
    check(len(p['rows']) == len(o['rows']), '%s: %d rows, printed %d' % (ext, len(p['rows']), len(o['rows'])))
    for a, b in zip(p['rows'], o['rows']):
        check(a.get('code') == b.get('code') and a.get('name') == b.get('name') and a['cells'] == b['cells'],
              '%s: row %s %s: %s, printed %s' % (ext, b.get('code'), b.get('name'), a['cells'], b['cells']))
    check([c['label'] for c in p['columns']] == [c['label'] for c in o['columns']],
          '%s: header paths %s' % (ext, [c['label'] for c in p['columns']]))
    check(cu['unit_label'] == '元' and cu['title'].endswith('资产配置情况统计表'), '%s: unit, title' % ext)
    check(p['rows'][-1].get('role') == 'total' and p['rows'][-1]['cells'][0] == D('91016775.35'), '%s: 合计 row' % ext)
    for f in ('json', 'xml', 'csv', 'xlsx', 'sqlite'):
        r = doc('%s.rt.%s.json' % (ext, f))
        check(r['tables'] == d['tables'], '%s -> %s -> json: tables differ' % (ext, f))
for x in fails: print('FAIL:', x)
print('%d failures' % len(fails))
sys.exit(1 if fails else 0)
PY
