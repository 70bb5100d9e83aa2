#!/bin/bash
# SPDX-License-Identifier: MIT
# Garbage in: a located error, bounded memory, and no output file.
set -u
PY=${BK_PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)
failed=0
fail() { echo "FAIL: $*"; failed=1; }
# peak memory bound: 200 MiB, or 800 MiB when AddressSanitizer's shadow memory is in the binary
RSS_MAX=204800
if ldd "$BK_BIN" 2>/dev/null | grep -q asan || nm -D "$BK_BIN" 2>/dev/null | grep -q __asan_init; then RSS_MAX=819200; fi
bk() { "$BK_BIN" "$@"; }

# expect_error NAME PATTERN -- command...: non-zero exit, stderr matching PATTERN, no $T/out.*
expect_error() {
    local name=$1 pattern=$2
    shift 3
    rm -f "$T"/out.*
    if "$@" 2>"$T/err"; then
        fail "$name: accepted"
    elif ! grep -Eq "$pattern" "$T/err"; then
        fail "$name: error does not match /$pattern/: $(head -c 400 "$T/err")"
    fi
    ls "$T"/out.* >/dev/null 2>&1 && fail "$name: left an output file"
    return 0
}

# a binary file (bytes 0..255 repeated), named .csv
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64)' >"$T/bin.csv"
expect_error binary 'bin\.csv:1(:[0-9]+)?: error: .*(binary|NUL)' -- bk convert "$T/bin.csv" "$T/out.json" --from csv
expect_error binary-long 'bin\.csv:1(:[0-9]+)?: error' -- bk convert "$T/bin.csv" "$T/out.csv" -O layout=long --from csv

# an unbalanced quote: located at the line where the record starts
printf '项目,金额\n"一、一般公共预算,4000.70\n二、政府性基金预算,521.56\n' >"$T/quote.csv"
expect_error unbalanced-quote 'quote\.csv:2(:[0-9]+)?: error: .*(quote|unterminated)' -- bk convert "$T/quote.csv" "$T/out.csv"
printf 'a,b\n1,"x"y\n' >"$T/stray.csv"
expect_error stray-quote 'stray\.csv:2:2: error' -- bk convert "$T/stray.csv" "$T/out.csv"

# invalid UTF-8 deep in a file whose head is UTF-8
"$PY" -c '
import sys
sys.stdout.buffer.write("项目,金额\n".encode() + "名称,1.00\n".encode() * 2000 + b"bad\xff\xfe,2\n")' >"$T/late.csv"
expect_error late-invalid-utf8 'late\.csv:2002:1: error: .*UTF-8' -- bk convert "$T/late.csv" "$T/out.csv"

# a very long line streamed through standard input: limit.string_bytes stops it early, memory stays small.
# (The core spools standard input to a temporary file before any reader runs, so this streams 64 MiB, not 2 GiB.)
"$PY" -c '
import sys
chunk = b"a" * (1 << 20)
for _ in range(64):
    sys.stdout.buffer.write(chunk)' >"$T/long.fifo.src" 2>/dev/null
expect_error long-line '<stdin>:1(:[0-9]+)?: error: .*limit\.string_bytes' -- \
    "$PY" "$HERE/rss_run.py" "$T/rss-long" "$BK_BIN" convert - "$T/out.json" --from csv <"$T/long.fifo.src"
rm -f "$T/long.fifo.src"
rss=$(cat "$T/rss-long" 2>/dev/null)
[ -n "$rss" ] && [ "$rss" -lt "$RSS_MAX" ] || fail "long line: peak RSS ${rss:-?} KiB (want < $RSS_MAX KiB)"

# a row of a million fields: limit.columns stops it, located at line 1 and the first field over the limit
"$PY" -c 'import sys; sys.stdout.write("x," * 999999 + "x\n")' >"$T/wide.csv"
expect_error million-fields 'wide\.csv:1:16385: error: .*limit\.columns' -- \
    "$PY" "$HERE/rss_run.py" "$T/rss-wide" "$BK_BIN" convert "$T/wide.csv" "$T/out.json"
rss=$(cat "$T/rss-wide" 2>/dev/null)
[ -n "$rss" ] && [ "$rss" -lt "$RSS_MAX" ] || fail "wide row: peak RSS ${rss:-?} KiB (want < $RSS_MAX KiB)"

# a long-layout file with a bad amount: located at its line and column
printf 'table_title,row_code,row_name,column_label,value,record,seq,table_kind,panel,column_key,row_order\nT,,,,,table,0,custom,,,\nT,,,,,panel,0,,main,,\nT,,,合计,,column,0,,main,total,\nT,,x,合计,12..5,cell,0,,main,total,0\n' >"$T/badlong.csv"
expect_error long-bad-amount 'badlong\.csv:5:5: error: .*12\.\.5' -- bk convert "$T/badlong.csv" "$T/out.csv"

[ "$failed" -eq 0 ] && echo "test_csv_garbage: all passed"
exit "$failed"
