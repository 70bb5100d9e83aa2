#!/bin/bash
# SPDX-License-Identifier: MIT
# Table streaming (issue 19): long CSV -> JSON is written a table at a time.
#  1. the bytes are those of the two-step path (read whole, then write; forced with --validate --force)
#     on the seed and on a generated long file of many tables, also to standard output and at indent=0;
#  2. peak memory does not grow with the file: 90,000 and 450,000 amounts within 1.2x, under 64 MB;
#  3. an error in a later table names its line and leaves no output.
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
bk() { "$BK_BIN" "$@"; }
SAMPLES="$BK_SOURCE_DIR/samples"
GEN="$BK_SOURCE_DIR/bench/csv-long/gen_long.py"

# 1. byte-identical to the two-step path
bk convert -q "$SAMPLES/seed-long.csv" "$T/seed.json" || fail "seed long -> json"
bk convert -q --validate --force "$SAMPLES/seed-long.csv" "$T/seed-2step.json" 2>/dev/null || fail "seed two-step"
cmp -s "$T/seed.json" "$T/seed-2step.json" || fail "seed: streamed JSON differs from the two-step JSON"
cmp -s "$T/seed.json" "$SAMPLES/seed.json" || fail "seed: streamed JSON differs from samples/seed.json"
"$PY" "$GEN" 90000 >"$T/long-90k.csv" || fail "generating 90k"
bk convert -q "$T/long-90k.csv" "$T/s.json" || fail "90k long -> json"
bk convert -q --validate --force "$T/long-90k.csv" "$T/2.json" 2>/dev/null || fail "90k two-step"
cmp -s "$T/s.json" "$T/2.json" || fail "90k: streamed JSON differs from the two-step JSON"
[ "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["document"]["tables"]))' "$T/s.json")" = 10 ] ||
    fail "90k: expected 10 tables"
bk convert -q "$T/long-90k.csv" - --to json -O indent=0 >"$T/s0.json" || fail "90k -> stdout"
bk convert -q --validate --force "$T/long-90k.csv" "$T/20.json" -O indent=0 2>/dev/null || fail "90k two-step indent=0"
cmp -s "$T/s0.json" "$T/20.json" || fail "90k indent=0 to stdout differs from the two-step JSON"

# 2. flat memory
if [ -z "${BK_SANITIZED:-}" ]; then
    "$PY" "$GEN" 450000 >"$T/long-450k.csv" || fail "generating 450k"
    "$PY" "$HERE/rss_run.py" "$T/rss1" "$BK_BIN" convert -q "$T/long-90k.csv" "$T/m1.json" || fail "rss 90k"
    "$PY" "$HERE/rss_run.py" "$T/rss5" "$BK_BIN" convert -q "$T/long-450k.csv" "$T/m5.json" || fail "rss 450k"
    a=$(cat "$T/rss1") b=$(cat "$T/rss5")
    [ "$b" -le $((a * 12 / 10)) ] || fail "peak RSS grows with the file: ${a} KiB at 90k, ${b} KiB at 450k amounts"
    [ "$b" -le 65536 ] || fail "peak RSS ${b} KiB at 450k amounts is over 64 MB"
fi

# 3. a bad value in the 9th table: error with its line, no output left behind
line=$("$PY" - "$T/long-90k.csv" "$T/bad.csv" <<'PY'
import csv, io, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
seen = 0
for i, l in enumerate(lines):
    if l.startswith("2024年预算支出总表（第9部门）,") and l.endswith(",cell,8,,,,,,,"):
        seen += 1
        if seen == 20:
            f = next(csv.reader([l]))
            f[4] = "12x"
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(f)
            lines[i] = out.getvalue()
            print(i + 1)
            break
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
PY
)
[ -n "$line" ] || fail "could not make the bad file"
bk convert -q "$T/bad.csv" "$T/bad.json" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || fail "a bad value was accepted"
grep -q "bad.csv:$line" "$T/err" || fail "the error does not name line $line: $(cat "$T/err")"
[ ! -e "$T/bad.json" ] || fail "a failed conversion left $T/bad.json"
ls -A "$T" | grep -q '\.tmp' && fail "a temporary file was left: $(ls -A "$T")"
# 4. a writer error met while the tables stream in names the output, exits as a write error (2: usage)
bk convert -q "$T/long-90k.csv" "$T/i9.json" -O indent=9 2>"$T/err9"
rc=$?
[ "$rc" -eq 2 ] || fail "indent=9: exit $rc, expected 2"
grep -q "i9.json: error: indent=9" "$T/err9" || fail "indent=9: the error does not name the output: $(cat "$T/err9")"
[ ! -e "$T/i9.json" ] || fail "indent=9 left an output"
echo "ok"
