#!/bin/bash
# SPDX-License-Identifier: MIT
# One test per failure class of the definitions issue, on the real documents of
# ../shared/realdocs (text and workbook alike): each assertion failed before its fix.
set -euo pipefail
REAL="$(dirname "$(dirname "$BK_SEED")")/realdocs"
[ -d "$REAL" ] || { echo "no corpus at $REAL"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for d in shpt_bgo_2025_budget shpt_shgzb_2024_final; do
  for ext in txt xlsx; do
    "$BK_BIN" convert "$REAL/$d/document.$ext" "$work/$d.$ext.json" 2>"$work/$d.$ext.warn"
    "$BK_BIN" validate "$REAL/$d/document.$ext" --format json -q >"$work/$d.$ext.val" || true
  done
done
"$BK_PYTHON" - "$work" <<'PY'
import json, sys
from decimal import Decimal as D
work = sys.argv[1]
fails = []
def check(cond, what):
    if not cond: fails.append(what)
def load(name):
    return json.load(open('%s/%s.json' % (work, name), encoding='utf-8'), parse_float=D)['document']
def table(doc, kind):
    ts = [t for t in doc['tables'] if t['kind'] == kind]
    return ts[0] if len(ts) == 1 else None
def column(panel, key):
    return [c['key'] for c in panel['columns']].index(key)
def row(panel, **kw):
    for r in panel['rows']:
        if all(r.get(k) == v for k, v in kw.items()): return r
    return None

for ext in ('txt', 'xlsx'):
    b = load('shpt_bgo_2025_budget.' + ext)
    tag = 'budget ' + ext
    # 9-table 部门预算: every table starts, none swallowed by the one before
    kinds = [t['kind'] for t in b['tables']]
    check(kinds == ['budget.finance_summary', 'budget.income', 'budget.expense', 'budget.fiscal_summary',
                    'budget.general_public_expense', 'budget.gov_fund_expense', 'budget.state_capital_expense',
                    'budget.general_public_basic', 'budget.three_public_columns'], '%s: table kinds %s' % (tag, kinds))
    fs = table(b, 'budget.finance_summary')
    if fs:
        inc, exp = fs['panels']
        # income rows and the whole expense side of 财务收支预算总表
        r = row(inc, key='fiscal_appropriation')
        check(r and r['cells'][0] == D('91016775.35') and r['level'] == 1, '%s: 一、财政拨款收入' % tag)
        r = row(inc, key='general_public')
        check(r and r['level'] == 2 and r['cells'][0] == D('91016775.35'), '%s: 1. 一般公共预算资金 under 财政拨款收入' % tag)
        r = row(exp, key='f201')
        check(r and r['cells'][0] == D('82096797.42'), '%s: expense side 一般公共服务支出' % tag)
        r = row(exp, key='expense_total')
        check(r and r['cells'][0] == D('91016775.35'), '%s: 支出总计' % tag)
    inc = table(b, 'budget.income')
    if inc:
        p = inc['panels'][0]
        # source columns 财政拨款收入 … are placed, with their printed header
        fa = column(p, 'fiscal_appropriation')
        check(p['columns'][fa]['label'] == '收入预算/财政拨款收入', '%s: 财政拨款收入 label' % tag)
        check(sum(1 for r in p['rows'] if r['cells'][fa] is not None) == 21, '%s: 21 figures under 财政拨款收入' % tag)
        # 合计 at the bottom, merged over the split code columns: a total row, not code "合计"
        last = p['rows'][-1]
        check(last.get('role') == 'total' and 'code' not in last and last['name'] == '合计', '%s: bottom 合计 %r' % (tag, last))
    g = table(b, 'budget.general_public_expense')
    check(g and len(g['panels'][0]['rows']) == 21, '%s: 一般公共预算支出功能分类预算表 rows over its page break' % tag)
    tp = table(b, 'budget.three_public_columns')
    if tp:
        p = tp['panels'][0]
        r = p['rows'][0]
        check(r['cells'][column(p, 'total')] == D('867.50') and r['cells'][column(p, 'travel_abroad')] == D('839.00')
              and r['cells'][column(p, 'reception')] == D('28.50') and r['cells'][column(p, 'operating_costs')] == D('213.28')
              and r['cells'][column(p, 'vehicle_total')] is None, '%s: 三公和机关运行经费 columns %r' % (tag, r))
    # the text under the one-row 三公 table is not a second row of it
    check(tp and len(tp['panels'][0]['rows']) == 1, '%s: 三公和机关运行经费 has one row' % tag)
    check(b['fiscal_year'] == 2025 and b['region'] == '上海市普陀区' and b['level'] == '区县级', '%s: facts %s %s %s' % (tag, b['fiscal_year'], b['region'], b['level']))

    f = load('shpt_shgzb_2024_final.' + ext)
    tag = 'final ' + ext
    kinds = [t['kind'] for t in f['tables']]
    # the merged 财政拨款“三公”经费 header is not a second table
    check(kinds == ['final.summary', 'final.income', 'final.expense', 'final.fiscal_summary', 'final.general_public_expense',
                    'final.general_public_basic', 'final.three_public', 'final.gov_fund', 'final.state_capital'],
          '%s: table kinds %s' % (tag, kinds))
    tp = table(f, 'final.three_public')
    if tp:
        keys = [c['key'] for c in tp['panels'][0]['columns']]
        check(keys[:2] == ['budget_total', 'actual_total'] and len(keys) == 12 and not any(k.startswith('unmapped') for k in keys),
              '%s: 三公 预算数/决算数 pairs %s' % (tag, keys))
        check(tp['panels'][0]['rows'] == [], '%s: 三公 has no data row' % tag)
    bb = table(f, 'final.general_public_basic')
    if bb:
        panels = {p['key']: p for p in bb['panels']}
        pu = panels.get('public_use')
        # the right-hand panel (302/310, 公用经费合计) is kept
        check(pu and row(pu, code='302') and row(pu, code='302')['cells'][0] == D('10.23'), '%s: 302 in the right panel' % tag)
        check(pu and row(pu, role='total') and row(pu, role='total')['cells'][0] == D('10.23'), '%s: 公用经费合计 is the right total' % tag)
        check(pu and row(pu, code='31099') is not None, '%s: 310 block in the right panel' % tag)
        pe = panels.get('personnel')
        check(pe and row(pe, role='total')['cells'][0] == D('95.36') and row(pe, code='302') is None, '%s: left panel' % tag)
    if ext == 'txt':
        check(f['fiscal_year'] == 2024, '%s: fiscal year from "2024 年度" (got %s)' % (tag, f['fiscal_year']))
    check(f['region'] == '上海市普陀区', '%s: region %s' % (tag, f.get('region')))

    # no invented zeros: no false error, the two rounding defects found, not-applicable counted
    for name, defects in (('shpt_bgo_2025_budget', 0), ('shpt_shgzb_2024_final', 2)):
        v = json.load(open('%s/%s.%s.val' % (work, name, ext), encoding='utf-8'))
        errs = [x for x in v['findings'] if x['severity'] == 'error']
        # the 决算's two leftover template instructions (their 说明 follows): R9 warnings
        r9 = [x for x in v['findings'] if x['rule'] == 'R9' and x['severity'] == 'warning' and '仍保留该表格式' in x['message']]
        check(len(r9) == (2 if name == 'shpt_shgzb_2024_final' else 0), '%s %s: %d R9 warnings' % (name, ext, len(r9)))
        check(not errs, '%s %s: false errors %s' % (name, ext, [x['message'] for x in errs][:3]))
        check(v['summary']['rounding'] == defects, '%s %s: %d rounding findings' % (name, ext, v['summary']['rounding']))
        if defects == 0:  # the local template's 收入总表 identities over columns this one does not print
            check(v['summary']['not_applicable'] > 0, '%s %s: not-applicable identities counted' % (name, ext))
for x in fails: print('FAIL:', x)
print('%d failures' % len(fails))
sys.exit(1 if fails else 0)
PY
