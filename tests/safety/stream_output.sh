#!/bin/bash
# SPDX-License-Identifier: MIT
# An output that exists and is not a regular file is a stream: written into,
# never replaced by a renamed temporary file. A directory is an error (exit 4).
# The null device is tested through a private node when we may create one
# (root): a regression would otherwise replace the machine's /dev/null.
. "$(dirname "$0")/lib.sh"
in="$BK_SOURCE_DIR/samples/seed-first-tables.json"
want=$(sum_of "$in")
conv() { "$BK_BIN" convert "$in" "$@" --to json -q; }

# the null device
if [ "$(id -u)" -eq 0 ] && mknod "$scratch/null" c 1 3 2>/dev/null; then
    null="$scratch/null"
else
    null=/dev/null # not root: the old rename could not replace it anyway
fi
conv "$null" 2>"$scratch/err" || { cat "$scratch/err"; fail "output to $null failed"; }
[ -c "$null" ] || fail "$null is no longer a character device"
[ "$(stat -c %t:%T "$null")" = 1:3 ] || fail "$null is another device now"
assert_no_temp "$(dirname "$null")"
if [ "$null" != /dev/null ] && [ -c /dev/null ]; then
    # (only when it is one now: on a shared machine an older build may have replaced it)
    conv /dev/null || fail "output to /dev/null failed"
    [ -c /dev/null ] || fail "/dev/null is no longer a character device"
fi

# a FIFO delivers the bytes to its reader
mkfifo "$scratch/fifo"
cat "$scratch/fifo" >"$scratch/got" &
reader=$!
rc=0
timeout 30 "$BK_BIN" convert "$in" "$scratch/fifo" --to json -q 2>"$scratch/err" || rc=$?
wait "$reader"
[ "$rc" -eq 0 ] || { cat "$scratch/err"; fail "output to a FIFO: exit $rc"; }
[ -p "$scratch/fifo" ] || fail "the FIFO was replaced"
[ -s "$scratch/got" ] || fail "the FIFO's reader got nothing"
conv "$scratch/file.json" || fail "output to a file failed"
cmp -s "$scratch/got" "$scratch/file.json" || fail "the FIFO's reader got other bytes than a file gets"

# a failed conversion writes nothing into the stream
rc=0
"$BK_BIN" convert "$BK_SOURCE_DIR/tests/malformed/json/truncated.json" "$null" --to json -q 2>/dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "a bad input to $null: exit $rc, expected 3"
[ -c "$null" ] || fail "$null is no longer a character device after a failure"

# an existing directory is never replaced by a file: the document goes into it as NAME.EXT
# (convert IN… DIR), and the directory stays a directory
mkdir "$scratch/dir"
rc=0
conv "$scratch/dir" 2>"$scratch/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$scratch/err"; fail "output into a directory: exit $rc, expected 0"; }
[ -d "$scratch/dir" ] && [ "$(ls -A "$scratch/dir" | wc -l)" -eq 1 ] || fail "the directory was replaced or not written into"
assert_no_temp "$scratch"
[ "$(sum_of "$in")" = "$want" ] || fail "the input changed"
echo ok
