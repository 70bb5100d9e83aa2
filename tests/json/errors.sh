#!/bin/bash
# SPDX-License-Identifier: MIT
# Bad JSON input: each case gives a located error (file:line:col, a JSON path
# for semantic errors), exit code 3 (input) and no output file.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=${BK_PYTHON:-python3}

# bad NAME EXPECTED-MESSAGE-FRAGMENT... : converts $tmp/NAME.json, which must fail cleanly
bad() {
  local name=$1; shift
  local in="$tmp/$name.json" out="$tmp/$name.out.json"
  msg=$("$BK_BIN" convert "$in" "$out" 2>&1); rc=$?
  if [ $rc -ne 3 ]; then echo "FAIL: $name: exit $rc, expected 3: $msg"; fail=1; fi
  if [ -e "$out" ]; then echo "FAIL: $name: output file was created"; fail=1; fi
  if ls -a "$tmp" | grep -q "^\.$name\.out\.json\.tmp"; then echo "FAIL: $name: temporary file left"; fail=1; fi
  for want in "$@"; do
    if ! grep -qF -- "$want" <<<"$msg"; then echo "FAIL: $name: missing '$want' in: $msg"; fail=1; fi
  done
}
HEAD='{"format": "budgetkit", "version": 1, "document": '
# a document whose only cell is $1
cell_doc() {
  printf '%s{"tables": [{"kind": "budget.income", "panels": [{"key": "main",\n"columns": [{"key": "total", "type": "amount"}],\n"rows": [{"code": "208", "cells": [%s]}]}]}]}}\n' "$HEAD" "$1"
}
CELL_CTX="document.tables[0].panels[0].rows[0].cells[0]"

printf '{"format": "budgetkit",\n  "version": 1,,\n}\n' > "$tmp/malformed.json"
bad malformed "malformed.json:2:16: error:" "[json]"
printf '{"format": "budgetkit", "version": 1, "document": {"title": "unterminated}\n' > "$tmp/unterminated.json"
bad unterminated "unterminated.json:1:75: error: control character inside a string"
printf '{"format": "budgetkit", "version": 1, "document": {"title": "unterminated' > "$tmp/eof.json"
bad eof "eof.json:1:74: error: unexpected end of the JSON text"
cell_doc '12.3.4' > "$tmp/num_syntax.json";   bad num_syntax "num_syntax.json:3:40: error: malformed number"
cell_doc '1e400' > "$tmp/num_exp.json";       bad num_exp "num_exp.json:3:36: error: $CELL_CTX: amount 1e400 is not a plain decimal"
cell_doc '12.345678901' > "$tmp/num_dec.json"; bad num_dec "num_dec.json:3:36: error: $CELL_CTX: amount 12.345678901 is out of range"
cell_doc '123456789012345678901' > "$tmp/num_big.json"; bad num_big "num_big.json:3:36: error: integer too large to keep exactly"
cell_doc '9223372036854775808' > "$tmp/num_u64.json"; bad num_u64 "num_u64.json:3:36: error: $CELL_CTX: amount 9223372036854775808 is out of range"
cell_doc '1.' > "$tmp/num_point.json";        bad num_point "$CELL_CTX: amount 1. is not a plain decimal"
cell_doc 'true' > "$tmp/type_cell.json";      bad type_cell "type_cell.json:3:36: error: $CELL_CTX: expected a number, a string or null, found a boolean"
cell_doc '"a\u0000b"' > "$tmp/nul.json";      bad nul "$CELL_CTX: text contains a NUL character"
cell_doc '1, 2' > "$tmp/cell_count.json";     bad cell_count "document.tables[0].panels[0].rows[0].cells: 2 cells for 1 columns"
printf '%s{"fiscal_year": "2024"}}\n' "$HEAD" > "$tmp/type_year.json"
bad type_year "type_year.json:1:67: error: document.fiscal_year: expected a whole number, found a string"
printf '%s{"department_code": 305}}\n' "$HEAD" > "$tmp/type_code.json"
bad type_code "document.department_code: a code is a string"
# json-c lets these through even in strict mode; we do not
printf '{"format": "budgetkit", '"'"'version'"'"': 1, "document": {}}\n' > "$tmp/single_quote.json"
bad single_quote "single_quote.json:1:25: error: keys and strings take double quotes"
printf '%s{"title": "a\tb"}}\n' "$HEAD" > "$tmp/control.json"
bad control "control.json:1:63: error: control character inside a string"
cell_doc '-01.50' > "$tmp/leading_zero.json";  bad leading_zero "leading_zero.json:3:38: error: number with a leading zero"
printf '{"format": "budgetkit", "version": 1, "document": {"tables": [], "tables": []}}\n' > "$tmp/dup_array.json"
bad dup_array "duplicate key \"tables\""
printf '%s{"tables": {}}}\n' "$HEAD" > "$tmp/type_tables.json"
bad type_tables "document.tables: expected an array, found an object"
printf '%s{"tables": [{"kind": "budget.nonsense"}]}}\n' "$HEAD" > "$tmp/kind.json"
bad kind "kind.json:1:72: error: document.tables[0].kind: unknown table kind \"budget.nonsense\""
printf '{"format": "budgetkit", "version": 1,\n "version": 1, "document": {}}\n' > "$tmp/dup.json"
bad dup "dup.json:2:2: error: duplicate key \"version\""
printf '%s{"tables": [{"kind": "custom", "panels": [{"key": "main", "rows": [], "key": "x"}]}]}}\n' "$HEAD" > "$tmp/dup_deep.json"
bad dup_deep "duplicate key \"key\""
printf '  {"": 1, "": 2}' > "$tmp/empty_keys.json"
bad empty_keys "empty_keys.json:1:11: error: duplicate key \"\""
printf '%s{"": 1}}\n' "$HEAD" > "$tmp/empty_key.json"
bad empty_key "unknown key \"\" in document"
printf '%s{"titel": "x"}}\n' "$HEAD" > "$tmp/unknown.json"
bad unknown "unknown.json:1:61: error: document.titel: unknown key \"titel\" in document"
printf '%s{"ti\\u0074le": "x"}}\n' "$HEAD" > "$tmp/escaped_key.json"
bad escaped_key "unknown key"
printf '{"format": "budgetkit", "version": 2, "document": {}}\n' > "$tmp/version.json"
bad version "version 2 is not supported"
printf '{"format": "other", "version": 1, "document": {}}\n' > "$tmp/format.json"
bad format '"format" is "other"'
printf '[1, 2]\n' > "$tmp/array.json"
bad array "expected budgetkit file object, found an array"
printf '%s{}} trailing\n' "$HEAD" > "$tmp/trailing.json"
bad trailing "trailing.json:1:55: error:"
: > "$tmp/empty.json"
bad empty "empty.json:1:1: error: empty input"
$PY -c "import sys; sys.stdout.write('[' * 200 + ']' * 200)" > "$tmp/deep.json"
bad deep "JSON nested too deeply"
# invalid UTF-8 inside a string, on line 2
printf '%s{\n"title": "ab\xff"}}\n' "$HEAD" > "$tmp/utf8.json"
bad utf8 "utf8.json:2:13: error: invalid UTF-8 byte sequence"
# overlong encoding and a lone surrogate are invalid too
printf '%s{"title": "\xc0\xaf"}}\n' "$HEAD" > "$tmp/overlong.json"; bad overlong "invalid UTF-8"
printf '%s{"title": "\xed\xa0\x80"}}\n' "$HEAD" > "$tmp/surrogate.json"; bad surrogate "invalid UTF-8"

# a semantic error deep in the real sample points at its own line and column
sample="$BK_SOURCE_DIR/samples/seed-first-tables.json"
line=$(grep -n '"code": "2080505"' "$sample" | head -1 | cut -d: -f1)
sed "${line}s/399.18, 283.18/399.18, false/" "$sample" > "$tmp/deep_cell.json"
col=$(sed -n "${line}p" "$tmp/deep_cell.json" | $PY -c "import sys; l=sys.stdin.read(); print(l.index('false') + 1)")
bad deep_cell "deep_cell.json:$line:$col: error: document.tables[1].panels[0].rows[12].cells[1]: expected a number"

# a 100 MB string stops at limit.string_bytes, early, without holding it whole
$PY - "$tmp/huge.json" <<'PYEOF'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b'{"format": "budgetkit", "version": 1, "document": {"title": "')
    block = b"x" * (1 << 20)
    for _ in range(100): f.write(block)
    f.write(b'"}}\n')
PYEOF
if command -v /usr/bin/time >/dev/null; then
  /usr/bin/time -f '%M' -o "$tmp/rss" "$BK_BIN" convert "$tmp/huge.json" "$tmp/huge.out.json" 2>/dev/null
  rss=$(tail -1 "$tmp/rss")
  # peak RSS in KiB: a few MiB, far below the 100 MB string (sanitizer builds excepted)
  if [ -z "${BK_SANITIZED:-}" ] && [ "$rss" -gt 65536 ]; then echo "FAIL: huge: peak RSS ${rss} KiB"; fail=1; fi
fi
bad huge "huge.json:1:61: error: string longer than limit.string_bytes"
# the limit is configurable: a smaller one catches a smaller string
printf '%s{"title": "%s"}}\n' "$HEAD" "$(head -c 300 /dev/zero | tr '\0' y)" > "$tmp/limit.json"
msg=$(BUDGETKIT_LIMIT_STRING_BYTES=100 "$BK_BIN" convert "$tmp/limit.json" "$tmp/limit.out.json" 2>&1)
if [ $? -ne 3 ] || ! grep -qF "limit.string_bytes" <<<"$msg"; then echo "FAIL: string limit from env: $msg"; fail=1; fi
"$BK_BIN" convert "$tmp/limit.json" "$tmp/limit.ok.json" || { echo "FAIL: 300-byte title under the default limit"; fail=1; }

# other limits: rows, cells, tables (through the environment)
sample="$BK_SOURCE_DIR/samples/seed-first-tables.json"
for spec in "ROWS=10:limit.rows=10" "CELLS=5:limit.cells=5" "TABLES=2:limit.tables=2" "COLUMNS=2:limit.columns=2"; do
  var=${spec%%:*}; want=${spec#*:}
  msg=$(env "BUDGETKIT_LIMIT_$var" "$BK_BIN" convert "$sample" "$tmp/lim.out.json" 2>&1); rc=$?
  if [ $rc -ne 3 ] || ! grep -qE "seed-first-tables.json:[0-9]+:[0-9]+: error: .*$want" <<<"$msg"; then
    echo "FAIL: $want: exit $rc: $msg"; fail=1
  fi
  [ ! -e "$tmp/lim.out.json" ] || { echo "FAIL: $want: output written"; fail=1; }
done

# errors on standard input name <stdin>
msg=$("$BK_BIN" convert --from json - "$tmp/stdin.out.json" < "$tmp/dup.json" 2>&1)
grep -qF "<stdin>:2:2: error: duplicate key" <<<"$msg" || { echo "FAIL: stdin error: $msg"; fail=1; }

# an existing output is left untouched by a failed conversion
echo precious > "$tmp/keep.json"
"$BK_BIN" convert "$tmp/dup.json" "$tmp/keep.json" 2>/dev/null
[ "$(cat "$tmp/keep.json")" = precious ] || { echo "FAIL: existing output clobbered"; fail=1; }

# characters split across the reader's 64 KiB chunks are fine, and errors after them are located
$PY - "$tmp/chunks.json" "$tmp/chunks_bad.json" <<'PYEOF'
import sys
head = '{"format": "budgetkit", "version": 1, "document": {"title": "'
for path, tail in ((sys.argv[1], ''), (sys.argv[2], '\n\n"x')):
    with open(path, "w", encoding="utf-8") as f:
        n = len(head.encode())
        f.write(head + "a" * (65536 - n - 1) + "中文" * 1000 + '"' + tail + "}}\n")
PYEOF
"$BK_BIN" convert "$tmp/chunks.json" "$tmp/chunks.out.json" || { echo "FAIL: multibyte across chunks"; fail=1; }
grep -qF "中文中文" "$tmp/chunks.out.json" || { echo "FAIL: text across chunks lost"; fail=1; }
bad chunks_bad "chunks_bad.json:3:1: error:"

[ $fail -eq 0 ] && echo "json_errors: all passed"
exit $fail
