#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 19: the XML reader's memory does not grow with the comments and processing
# instructions of its input. libxml2's xmlTextReader builds a run of them between two
# start tags into its tree whole (20 MB of comments cost 51 MB, 80 MB 185 MB, 2,000,000
# tiny comments 585 MB); they are now dropped before the reader (plugins/xml/xml_strip.c).
# Peak RSS at two sizes is flat; the document read is the same; the line numbers of
# elements after multi-line comments are those of the file; an unclosed comment is refused.
set -u
BK=${BK_BIN:?}
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail=0
SMALL=10 BIG=60
[ -n "${BK_SANITIZED:-}" ] && SMALL=5 BIG=30
"$BK" convert -q "${BK_SOURCE_DIR:?}/samples/seed.json" "$W/seed.xml" || exit 1
"$BK" convert -q "$W/seed.xml" "$W/seed.json" || exit 1

# rss FILE: peak RSS (KB) of reading FILE to JSON; the JSON must be the seed's
rss() {
    "$PY" -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$BK" convert -q --overwrite "$1" "$W/out.json" >"$W/rss" || { echo "FAIL: $1 does not read" >&2; echo 0; return; }
    cmp -s "$W/seed.json" "$W/out.json" || { echo "FAIL: $1 reads to another document" >&2; echo 0; return; }
    cat "$W/rss"
}
for kind in comment pi tiny; do
    "$PY" "$HERE/pad_comments.py" "$W/seed.xml" "$W/small.xml" $kind $SMALL || exit 1
    "$PY" "$HERE/pad_comments.py" "$W/seed.xml" "$W/big.xml" $kind $BIG || exit 1
    a=$(rss "$W/small.xml") b=$(rss "$W/big.xml")
    [ "$a" -gt 0 ] && [ "$b" -gt 0 ] || { fail=1; continue; }
    echo "$kind: ${SMALL} MB → $a KB, ${BIG} MB → $b KB peak RSS"
    # flat: 6x the padding, at most 1.2x the memory (+2 MB for noise); before, about 2.3x the padding
    [ -n "${BK_SANITIZED:-}" ] || [ "$b" -le $((a * 12 / 10 + 2048)) ] || { echo "FAIL: $kind: memory grows with the padding ($a KB → $b KB)"; fail=1; }
    [ -n "${BK_SANITIZED:-}" ] || [ "$b" -le 32768 ] || { echo "FAIL: $kind: $b KB for $BIG MB of padding"; fail=1; }
done

# line numbers: the same element broken in the padded file and in the plain one
"$PY" "$HERE/pad_comments.py" "$W/seed.xml" "$W/lines.xml" comment 1 || exit 1
for f in seed lines; do
    n=$(grep -n '<row ' "$W/$f.xml" | sed -n 5p | cut -d: -f1)
    sed "${n}s/<row /<bogus /" "$W/$f.xml" >"$W/$f-bad.xml"
    "$BK" convert "$W/$f-bad.xml" "$W/x.json" 2>"$W/$f.err" && { echo "FAIL: $f-bad.xml was read"; fail=1; }
    grep -q "^$W/$f-bad.xml:$n:[0-9]*: error: .*bogus" "$W/$f.err" || { echo "FAIL: $f: not line $n:"; cat "$W/$f.err"; fail=1; }
done
# an unclosed comment or PI is still malformed XML
for end in '<!-- never closed' '<?pi never closed'; do
    { cat "$W/seed.xml"; echo "$end"; } >"$W/open.xml"
    rc=0; "$BK" convert -q "$W/open.xml" "$W/x.json" 2>/dev/null || rc=$?
    [ $rc -eq 3 ] || { echo "FAIL: '$end' at the end: exit $rc, expected 3"; fail=1; }
done
[ $fail -eq 0 ] && echo ok
exit $fail
