#!/bin/bash
# SPDX-License-Identifier: MIT
# An identity whose side or difference leaves the int64 amount range (also
# after a 万元→元 conversion) cannot be judged: it is an error finding that
# says so, counted, so --strict fails and convert --validate refuses to write.
. "$(dirname "$0")/lib.sh"
corpus="$(dirname "$0")/../malformed/json"
for f in identity-overflow.json identity-overflow-unit.json; do
    rc=0
    "$BK_BIN" validate "$corpus/$f" --strict >"$scratch/out" 2>&1 || rc=$?
    [ "$rc" -eq 1 ] || { cat "$scratch/out"; fail "$f: validate --strict exit $rc, expected 1"; }
    grep -E '^ +error +V[0-9]+ .*cannot be evaluated: a side or the difference is out of the amount range' "$scratch/out" \
        || { cat "$scratch/out"; fail "$f: no error finding saying the identity cannot be evaluated"; }
    "$BK_BIN" validate "$corpus/$f" --format json >"$scratch/json" 2>/dev/null || true
    "$BK_PYTHON" - "$scratch/json" <<'PY' || fail "$f: the JSON summary does not count the finding"
import json, sys
d = json.load(open(sys.argv[1]))
bad = [x for x in d["findings"] if "cannot be evaluated" in x["message"]]
assert bad and all(x["severity"] == "error" for x in bad), bad
assert d["summary"]["errors"] >= len(bad) and d["summary"]["failed"], d["summary"]
PY
done
# the only defect of identity-overflow.json is the overflow: before, it validated clean
rc=0
"$BK_BIN" convert "$corpus/identity-overflow.json" "$scratch/o.json" --validate -q 2>"$scratch/err" || rc=$?
[ "$rc" -eq 1 ] || fail "convert --validate exit $rc, expected 1"
[ ! -e "$scratch/o.json" ] || fail "convert --validate wrote the output"
echo ok
