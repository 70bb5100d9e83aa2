#!/bin/bash
# SPDX-License-Identifier: MIT
# The xls plugin reads a workbook saved as .xls (BIFF8) to the same document as
# the .xlsx it was saved from: the realdocs workbooks and the seed's publication
# workbook (fixtures made with `soffice --headless --convert-to xls`, see
# tests/xls/README.md), compared as long CSV. With LibreOffice present the seed's
# .xls is also made afresh from the current writer and compared byte for byte.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
bk() { "$BK_BIN" "$@"; }
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_xls.so" ] || { echo "the xls plugin is not built (no libfreexl)"; exit 77; }
RD=$(dirname "$(dirname "$BK_SEED")")/realdocs
SEED_JSON="$BK_SOURCE_DIR/samples/seed.json"

# 1. the realdocs workbooks: .xls and .xlsx give the same long CSV, byte for byte
for d in shpt_bgo_2025_budget shpt_shgzb_2024_final; do
    bk convert -q "$RD/$d/document.xlsx" "$T/$d-xlsx.csv" -O layout=long || fail "$d: xlsx -> long"
    bk convert -q "$HERE/fixtures/$d.xls" "$T/$d-xls.csv" -O layout=long || fail "$d: xls -> long"
    cmp -s "$T/$d-xlsx.csv" "$T/$d-xls.csv" || { fail "$d: the .xls reads to another long CSV than the .xlsx"; diff "$T/$d-xlsx.csv" "$T/$d-xls.csv" | head -5; }
done

# 2. the seed's workbook (without charts, see docs/xls.md): the same 575 figures and forms as
#    the .xlsx the current writer makes (figures: independent of layout details)
bk convert -q "$SEED_JSON" "$T/seed.xlsx" -O charts=false || fail "seed -> xlsx"
bk convert -q "$T/seed.xlsx" "$T/seed-xlsx-fig.csv" -O layout=figures || fail "seed xlsx -> figures"
bk convert -q "$HERE/fixtures/seed.xls" "$T/seed-xls-fig.csv" -O layout=figures || fail "seed xls -> figures"
cmp -s "$T/seed-xlsx-fig.csv" "$T/seed-xls-fig.csv" || { fail "seed: the .xls has other figures than the .xlsx"; diff "$T/seed-xlsx-fig.csv" "$T/seed-xls-fig.csv" | head -5; }
n=$(grep -c ',budget\.' "$T/seed-xls-fig.csv")
[ "$n" = 575 ] || fail "seed .xls: $n table figures, expected 575"
# amounts print with their number format's decimals (#,##0.00), as from the .xlsx
grep -q '^忻州市民政局,2024,budget.summary,2024年预算收支总表,,收入总计,amount,2024年,8261.00,万元$' "$T/seed-xls-fig.csv" \
    || fail "seed .xls: 收入总计 is not 8261.00"

# 3. probing: a .xls needs no --from; .ods gets the conversion to run (exit 5)
bk info "$HERE/fixtures/shpt_bgo_2025_budget.xls" >"$T/info.txt" 2>/dev/null || fail "info on .xls without --from"
grep -q '2025年部门财务收支预算总表' "$T/info.txt" || fail "info on .xls: no table"
cp "$BK_SOURCE_DIR/tests/malformed/xls/spreadsheet.ods" "$T/book.ods"
rc=0; bk convert "$T/book.ods" "$T/o.json" 2>"$T/err" || rc=$?
[ "$rc" = 5 ] || fail ".ods: exit $rc, expected 5"
grep -q 'soffice --headless --convert-to xlsx' "$T/err" || fail ".ods: the message does not name the conversion"
[ ! -e "$T/o.json" ] || fail ".ods: an output was written"

# 4. a workbook with charts (the seed's, 图表 sheet and all, saved by LibreOffice): libfreexl 1.0.6
#    alone stops at an embedded chart; the plugin hides the charts from it and reads every figure,
#    leaving no temporary copy behind
mkdir -p "$T/tmp"
TMPDIR="$T/tmp" bk convert "$HERE/fixtures/seed-charts.xls" "$T/charts-fig.csv" -O layout=figures 2>"$T/err" \
    || { fail "charts .xls: not read"; cat "$T/err"; }
cmp -s "$T/seed-xlsx-fig.csv" "$T/charts-fig.csv" || { fail "charts .xls: other figures than the .xlsx"; diff "$T/seed-xlsx-fig.csv" "$T/charts-fig.csv" | head -5; }
grep -q 'embedded chart(s) skipped' "$T/err" || fail "charts .xls: the skipped charts are not named"
[ -z "$(ls -A "$T/tmp")" ] || fail "charts .xls: a temporary copy was left in TMPDIR"

# 5. with LibreOffice: the seed's workbook made now by the current writer, with and without its
#    charts, saved as .xls, reads to the same long CSV as the .xlsx
if command -v soffice >/dev/null 2>&1; then
    bk convert -q "$SEED_JSON" "$T/charts.xlsx" || fail "seed -> xlsx with charts"
    (cd "$T" && HOME="$T" timeout 300 soffice --headless --convert-to xls seed.xlsx charts.xlsx >/dev/null 2>&1) \
        || fail "soffice could not save .xls"
    for b in seed charts; do
        bk convert -q "$T/$b.xlsx" "$T/$b-xlsx-long.csv" -O layout=long || fail "$b xlsx -> long"
        bk convert -q "$T/$b.xls" "$T/$b-xls-long.csv" -O layout=long || fail "fresh $b xls -> long"
        cmp -s "$T/$b-xlsx-long.csv" "$T/$b-xls-long.csv" || { fail "$b: fresh .xls reads to another long CSV"; diff "$T/$b-xlsx-long.csv" "$T/$b-xls-long.csv" | head -5; }
    done
else
    echo "note: soffice not found; the fresh .xls comparison is skipped"
fi

"$BK_BIN" formats xls | grep -q 'BIFF8' || fail "formats xls"
[ $failed = 0 ] && echo ok
exit $failed
