#!/bin/bash
# SPDX-License-Identifier: MIT
# A 2 MiB quoted CSV field is read in linear time: the field buffer grows
# geometrically (libcsv's own step is 128 bytes, which made this 85 s under
# ASan). Read back exactly, well within 20 s even under ASan.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_csv.so" ] && [ -f "$BUDGETKIT_PLUGIN_PATH/bk_json.so" ] || exit 77
"$BK_PYTHON" - "$BK_SOURCE_DIR/tests/malformed/csv/long-field.csv" "$scratch/big.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
title = "长," * (2 * 1024 * 1024 // 4)  # 2 MiB of text with commas: quoted, so libcsv parses it
out = []
for l in lines:
    if l.startswith(",,,,,,title,"):
        cells = l.split(",")
        l = ",,,,,,title," + ",".join(cells[7:26]) + ',"' + title + '",' + ",".join(cells[27:])
    out.append(l)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
start=$(date +%s%N)
rc=0
timeout 120 "$BK_BIN" convert "$scratch/big.csv" "$scratch/big.json" --from csv -o limit.string_bytes=4194304 -q \
    2>"$scratch/err" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "2 MiB field: ${ms} ms"
[ "$rc" -eq 0 ] || { head -c 2000 "$scratch/err"; fail "exit $rc"; }
"$BK_PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))["document"]
assert d["title"] == "长," * (2 * 1024 * 1024 // 4), len(d.get("title") or "")
' "$scratch/big.json" || fail "the field did not come back exactly"
[ "$ms" -lt 20000 ] || fail "reading took ${ms} ms"
echo ok
