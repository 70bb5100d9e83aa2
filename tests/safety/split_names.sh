#!/bin/bash
# SPDX-License-Identifier: MIT
# compile --split-by gives every group its own file: names that map to one
# ('/' → '_') or that a file system may take for one (ASCII case, full-width
# ASCII) get "(2)", "(3)", …, the same with any -j; a long name is cut on a
# UTF-8 boundary within NAME_MAX bytes, extension included.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_csv.so" ] && [ -f "$BUDGETKIT_PLUGIN_PATH/bk_json.so" ] || exit 77
ledger="$BK_SOURCE_DIR/tests/compile/rich_ledger.csv"
line=$(sed -n 2p "$ledger")
long=$(printf '民%.0s' $(seq 100)) # 100 CJK characters: 300 bytes
{
    head -1 "$ledger"
    for d in 'a/b' 'a_b' 'A_B' 'ａ_ｂ' "$long"; do echo "$line" | sed "s|^2024,101,忻州市民政局,|2024,,$d,|"; done
} >"$scratch/l.csv"
for j in 1 2; do
    rc=0
    "$BK_BIN" compile "$scratch/l.csv" "$scratch/j$j" --split-by department --to json -j $j -q 2>"$scratch/err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$scratch/err"; fail "-j $j: exit $rc"; }
    n=$(ls "$scratch/j$j" | wc -l)
    [ "$n" -eq 5 ] || { ls "$scratch/j$j"; fail "-j $j: $n files for 5 departments"; }
    "$BK_PYTHON" - "$scratch/j$j" "$long" <<'PY' || fail "-j $j: the files are not one per department"
import json, os, sys
d, long = sys.argv[1], sys.argv[2]
names = {}
for f in os.listdir(d):
    assert len(os.fsencode(f)) <= 255, f
    f.encode("utf-8")  # a cut name is still valid UTF-8 (raises if not)
    names[json.load(open(os.path.join(d, f)))["document"]["department_name"]] = f
want = {"a/b", "a_b", "A_B", "ａ_ｂ", long}
assert set(names) == want, sorted(names)
assert names[long].startswith("民" * 70) and names[long].endswith(".json"), names[long]
PY
done
diff <(ls "$scratch/j1") <(ls "$scratch/j2") || fail "-j 2 names the files otherwise than -j 1"
echo ok
