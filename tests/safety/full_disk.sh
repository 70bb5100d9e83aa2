#!/bin/bash
# SPDX-License-Identifier: MIT
# A full disk (a 64 KiB tmpfs) during the write: exit 4 with the system's
# reason, the previous output intact and no temporary file left.
. "$(dirname "$0")/lib.sh"
mnt="$scratch/disk"
mkdir "$mnt"
if ! mount -t tmpfs -o size=64k bk-safety "$mnt" 2>/dev/null; then
    echo "cannot mount a tmpfs here (not root?): skipped"
    exit 77
fi
cleanup_hooks+=("umount '$mnt'")

gen 3 "$scratch/small.gen"
gen 100000 "$scratch/big.gen"
"${bk[@]}" "$scratch/small.gen" "$mnt/result.out" || fail "small conversion onto the tmpfs failed"
old=$(sum_of "$mnt/result.out")

rc=0
"${bk[@]}" "$scratch/big.gen" "$mnt/result.out" 2>"$scratch/err" || rc=$?
cat "$scratch/err"
[ "$rc" -eq 4 ] || fail "exit status $rc, expected 4 (output error)"
grep -q "No space left on device" "$scratch/err" || fail "the message does not say the disk is full"
grep -q "result.out" "$scratch/err" || fail "the message does not name the output"
assert_intact "$mnt/result.out" "$old"
assert_no_temp "$mnt"

# The space is free again: the same small conversion still works.
"${bk[@]}" "$scratch/small.gen" "$mnt/again.out" || fail "the file system was left full"
echo "ok"
