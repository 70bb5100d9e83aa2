#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs ../shared/realdocs/check.py on the build and holds it to what it can score:
# every figure except those check.py cannot match at all (a figure printed with neither a row
# code nor a row name: its row_match() returns False for any row), every defect, no false error.
set -euo pipefail
REAL="$(dirname "$(dirname "$BK_SEED")")/realdocs"
[ -f "$REAL/check.py" ] || { echo "no corpus at $REAL"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
out="$work/check.log"
# the PDFs too, when the pdf plugin is built (it is optional)
pdf=""; routes=2
if "$BK_BIN" formats 2>/dev/null | grep -q '^ *pdf'; then pdf=--pdf; routes=3; fi
set +e
"$BK_PYTHON" "$REAL/check.py" "$BK_BIN" "$work/out" $pdf >"$out" 2>&1
set -e
cat "$out" | tail -3
"$BK_PYTHON" - "$out" "$REAL" "$routes" <<'PY'
import csv, os, re, sys
log, real, routes = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(log, encoding='utf-8').read().splitlines()
summary = [l for l in lines if l.startswith('realdocs:')]
assert summary, 'no summary line'
m = re.match(r'realdocs: \d+/\d+ inputs complete, (\d+)/(\d+) figures, (\d+)/(\d+) defects reported, (\d+) false errors', summary[-1])
found, total, dfound, dtotal, false_err = map(int, m.groups())
# the figures check.py cannot match: no code and no name
unmatchable = 0
for d in sorted(os.listdir(real)):
    f = os.path.join(real, d, 'figures.tsv')
    if not os.path.isfile(f): continue
    rows = list(csv.DictReader(open(f, encoding='utf-8'), delimiter='\t'))
    unmatchable += routes * sum(1 for r in rows if not r['row_code'].strip() and not r['row_name'].strip())  # per route: .txt, .xlsx (and .pdf)
missing = [l for l in lines if ': missing ' in l]
bad = [l for l in missing if not re.search(r'\|\s+\|', l.split(': missing ', 1)[1])]
assert not bad, 'figures missing that check.py can match:\n' + '\n'.join(bad)
assert found == total - unmatchable, (found, total, unmatchable)
assert dfound == dtotal == 2, (dfound, dtotal)
# check.py counts every error as false ("no real errors in their tables"). The 社会工作部 决算
# workbook carries the template instruction "…仍保留该表格式，并在本表下方作下述说明：" under two
# empty tables, each followed by the 说明 it asks for: review rule R9 names them as warnings
# (an error only when the 说明 is missing), so 0 errors here.
assert false_err == 0, (false_err, [l for l in lines if ': false error: ' in l])
print('ok: %d/%d figures (%d unmatchable by check.py), %d/%d defects, 0 false errors'
      % (found, total, unmatchable, dfound, dtotal))
PY
