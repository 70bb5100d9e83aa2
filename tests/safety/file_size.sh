#!/bin/bash
# SPDX-License-Identifier: MIT
# A failing write: the file-size limit (ulimit -f) is hit in the middle of the
# output. SIGXFSZ must not kill the process: exit 4 with "File too large", the
# previous output intact and no temporary file left.
. "$(dirname "$0")/lib.sh"
gen 3 "$scratch/small.gen"
gen 100000 "$scratch/big.gen"
mkdir "$scratch/out"
"${bk[@]}" "$scratch/small.gen" "$scratch/out/result.out" || fail "small conversion failed"
old=$(sum_of "$scratch/out/result.out")

rc=0
(ulimit -f 64 && "${bk[@]}" "$scratch/big.gen" "$scratch/out/result.out") 2>"$scratch/err" || rc=$?
cat "$scratch/err"
[ "$rc" -eq 4 ] || fail "exit status $rc, expected 4 (153 would mean SIGXFSZ killed it)"
grep -q "File too large" "$scratch/err" || fail "the message does not give the reason"
assert_intact "$scratch/out/result.out" "$old"
assert_no_temp "$scratch/out"
echo "ok"
