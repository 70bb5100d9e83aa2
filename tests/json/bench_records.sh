#!/bin/bash
# SPDX-License-Identifier: MIT
# Measure read_records on a large JSON ledger: time and peak RSS (flat memory).
# Usage: tests/json/bench_records.sh BUILD_DIR [N_OBJECTS]   (default 1000000)
set -eu
build=${1:?usage: $0 BUILD_DIR [N]}; n=${2:-1000000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/ledger.json" "$n" <<'PYEOF'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("[\n")
    for i in range(n):
        f.write('  {"年度": "2024", "单位编码": "3050%02d", "单位名称": "忻州市社会救助服务中心", '
                '"功能分类科目编码": "20810%02d", "支出类型": "项目支出", "项目名称": "补充生活救助资金\\n第%d项", '
                '"金额": %d.%02d}%s\n' % (i % 7, i % 5, i, i * 37 % 1000000, i % 100, "," if i + 1 < n else ""))
    f.write("]\n")
PYEOF
size=$(stat -c %s "$tmp/ledger.json")
echo "input: $n objects, $((size / 1048576)) MiB"
BUDGETKIT_PLUGIN_PATH="$build/bin/plugins" /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" \
  "$build/tests/json_bench_records" "$tmp/ledger.json"
