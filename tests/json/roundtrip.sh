#!/bin/bash
# SPDX-License-Identifier: MIT
# Canonical JSON files convert to themselves byte for byte; other layouts
# (indent=0, hand-written, keys in another order) come back canonical.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
same() { # same WHAT EXPECTED ACTUAL
  if ! cmp -s "$2" "$3"; then echo "FAIL: $1: $3 differs from $2"; diff "$2" "$3" | head -20; fail=1; fi
}
for f in data/full.json ../../samples/seed-first-tables.json; do
  [ -e "$f" ] || continue
  "$BK_BIN" convert --overwrite "$f" "$tmp/out.json" || { echo "FAIL: convert $f"; fail=1; continue; }
  same "round trip of $f" "$f" "$tmp/out.json"
  # through stdin and stdout as well
  "$BK_BIN" convert --overwrite --from json --to json - - < "$f" > "$tmp/stdout.json" || { echo "FAIL: stdin/stdout"; fail=1; }
  same "stdin/stdout round trip of $f" "$f" "$tmp/stdout.json"
  # indent=0 is another layout of the same model: it reads back to the canonical bytes
  "$BK_BIN" convert --overwrite -o indent=0 "$f" "$tmp/flat.json" || { echo "FAIL: indent=0"; fail=1; }
  if grep -q '^ ' "$tmp/flat.json"; then echo "FAIL: indent=0 still indents"; fail=1; fi
  "$BK_BIN" convert --overwrite "$tmp/flat.json" "$tmp/back.json" || { echo "FAIL: reading indent=0"; fail=1; }
  same "indent=0 and back for $f" "$f" "$tmp/back.json"
done
# a hand-written file (one line, explicit nulls, another key order) becomes canonical
cat > "$tmp/hand.json" <<'JSON'
{"version":1,"document":{"tables":[{"panels":[{"rows":[{"cells":[1.50,null],"code":"0101","name":null}],
"columns":[{"type":"amount","key":"total"},{"key":"note","type":"text"}],"key":"main"}],"kind":"custom","scale":2}],
"kind":"final_accounts","fiscal_year":2023},"format":"budgetkit"}
JSON
"$BK_BIN" convert --overwrite "$tmp/hand.json" "$tmp/hand.out.json" || { echo "FAIL: hand-written"; fail=1; }
cat > "$tmp/hand.expected.json" <<'JSON'
{
  "format": "budgetkit",
  "version": 1,
  "document": {
    "fiscal_year": 2023,
    "kind": "final_accounts",
    "units": [],
    "tables": [
      {
        "kind": "custom",
        "unit": "unknown",
        "scale": 2,
        "panels": [
          {
            "key": "main",
            "columns": [
              {"key": "total", "type": "amount"},
              {"key": "note", "type": "text"}
            ],
            "rows": [
              {"code": "0101", "level": 0, "cells": [1.50, null]}
            ]
          }
        ]
      }
    ],
    "perf_targets": [],
    "sections": []
  }
}
JSON
same "hand-written file made canonical" "$tmp/hand.expected.json" "$tmp/hand.out.json"
# the example in docs/json-format.md is itself a canonical file
"${BK_PYTHON:-python3}" - "$BK_SOURCE_DIR/docs/json-format.md" "$tmp/doc_example.json" <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
a = s.index("```json\n") + 8
open(sys.argv[2], "w", encoding="utf-8").write(s[a:s.index("```", a)])
PYEOF
"$BK_BIN" convert --overwrite "$tmp/doc_example.json" "$tmp/doc_example.out.json" || { echo "FAIL: docs example does not read"; fail=1; }
same "docs/json-format.md example" "$tmp/doc_example.json" "$tmp/doc_example.out.json"
# the probe: the content is recognised without the .json extension
cp data/full.json "$tmp/noext"
"$BK_BIN" convert --overwrite "$tmp/noext" "$tmp/noext.json" || { echo "FAIL: probe by content"; fail=1; }
same "probe by content" data/full.json "$tmp/noext.json"
[ $fail -eq 0 ] && echo "json_roundtrip: all passed"
exit $fail
