#!/bin/bash
# SPDX-License-Identifier: MIT
# The sample passes the arithmetic identities of the validator: no errors, only
# the 0.01 rounding differences the disclosure itself prints (23 of them).
set -u
sample="$BK_SOURCE_DIR/samples/seed-first-tables.json"
out=$("$BK_BIN" validate "$sample" 2>&1); rc=$?
fail=0
[ $rc -eq 0 ] || { echo "FAIL: validate exit $rc"; fail=1; }
grep -qE "seed-first-tables.json: 0 errors, 23 rounding, 0 warnings" <<<"$out" ||
  { echo "FAIL: unexpected findings:"; echo "$out" | tail -3; fail=1; }
[ $fail -eq 0 ] && echo "json_sample_validate: all passed"
exit $fail
