#!/bin/bash
# SPDX-License-Identifier: MIT
# read_records through the core (bk_read_records) and the dlopen'd bk_xlsx.so:
# the first visible sheet by default, -o sheet=NAME otherwise, a missing sheet is an error.
set -euo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "openpyxl missing: skipped"; exit 77; }
TOOL="$BK_BUILD_DIR/tests/xlsx_tool"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$PY" "$BK_SOURCE_DIR/tests/xlsx/fixtures/make_fixtures.py" "$BK_SEED" "$DIR" --no-hostile
got=$(cd "$DIR" && "$TOOL" records finance_export.xlsx sheet=流水)
want=$'sheet 流水\n1: 凭证号|科目编码|摘要|金额\n2: 0001|2080201|行政运行|244.27\n3: 0002|2080207|行政区划和地名管理|2.04\n4: 0003|2080299|其他民政管理事务支出|287.09\n5: 0004||无科目'
[ "$got" == "$want" ] || { echo "records differ:"; diff <(echo "$want") <(echo "$got"); exit 1; }
first=$(cd "$DIR" && "$TOOL" records finance_export.xlsx | sed -n 2p)
[ "$first" == "1: 2024年一般公共预算支出预算表（不含上年结转）" ] || { echo "first sheet: $first"; exit 1; }
err=$(cd "$DIR" && "$TOOL" records finance_export.xlsx sheet=无此表 || true)
grep -q "the workbook has no sheet named '无此表'" <<<"$err" || { echo "missing sheet: $err"; exit 1; }
echo "records: 1 passed, 0 failed"
