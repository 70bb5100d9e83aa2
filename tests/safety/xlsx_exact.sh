#!/bin/bash
# SPDX-License-Identifier: MIT
# The XLSX writer never changes a figure: an amount a spreadsheet number cannot
# hold exactly (more than 15 significant digits, or a double that does not read
# back as the same decimal) is written as text with the number format, with one
# warning; the rest stay numbers. Read back by budgetkit and by openpyxl, exact.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_xlsx.so" ] || { echo "no xlsx plugin"; exit 77; }
in="$(dirname "$0")/big-amounts.json"
"$BK_BIN" convert "$in" "$scratch/big.xlsx" 2>"$scratch/err" || { cat "$scratch/err"; fail "writing the workbook failed"; }
cat "$scratch/err"
"$BK_BIN" convert "$scratch/big.xlsx" "$scratch/back.json" -q || fail "budgetkit cannot read the workbook back"
grep -o '"cells": \[[^]]*\]' "$in" >"$scratch/want"
grep -o '"cells": \[[^]]*\]' "$scratch/back.json" >"$scratch/got"
diff "$scratch/want" "$scratch/got" || fail "budgetkit reads back other figures"
"$BK_PYTHON" - "$scratch/big.xlsx" <<'PY' || fail "openpyxl reads back other figures"
import sys
from decimal import Decimal
import openpyxl
want = {"B4": ("12345678901.123457", "s"), "B5": ("922337203685477.58", "s"),
        "B6": ("9999999999999999.99", "s"), "B7": ("-9223372036854775.80", "s"),
        "B8": ("9007199254740993", "s"), "B9": ("1234567890123.45", "n"),
        "B10": ("4000.70", "n"), "B11": ("0.10", "n")}
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
bad = 0
for ref, (text, kind) in want.items():
    c = ws[ref]
    if kind == "s":
        ok = c.data_type == "s" and c.value == text
    else: # a number: the double, printed shortest, is the decimal itself
        ok = c.data_type == "n" and Decimal(repr(c.value)).quantize(Decimal(text)) == Decimal(text) \
             and float(text) == c.value
    if not ok:
        print(f"{ref}: want {text} ({kind}), got {c.value!r} ({c.data_type})")
        bad += 1
sys.exit(1 if bad else 0)
PY
[ "$(grep -c 'warning:.*5 amounts written as text' "$scratch/err")" -eq 1 ] || fail "not one warning naming the 5 amounts"
grep -q '预算收支总表!B4' "$scratch/err" || fail "the warning does not name the first cell"
echo ok
