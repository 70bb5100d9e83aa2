#!/bin/bash
# SPDX-License-Identifier: MIT
# canonical JSON → XLSX → JSON through the CLI, value-identical (tests/xlsx/compare_json.py):
# the WHOLE seed document (samples/seed.json, or the seed text read by the recognizer): title,
# facts, budget units, tables, forms and sections; and the committed sample
# samples/seed-first-tables.json;
# the same input gives a byte-identical workbook. Skipped while the core layout or the
# recognizer are placeholders.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
skip_if_placeholder() { grep -q "not built yet" <<<"$1" && { echo "core not built yet: skipped"; exit 77; }; }

WANT="$BK_SOURCE_DIR/samples/seed.json"
if [ ! -f "$WANT" ]; then
    out=$("$BK_BIN" convert "$BK_SEED" "$DIR/seed.json" 2>&1) || { skip_if_placeholder "$out"; echo "seed → json: $out"; exit 1; }
    WANT="$DIR/seed.json"
fi
roundtrip() { # roundtrip NAME JSON [--forms]
    local name=$1 json=$2 out
    out=$("$BK_BIN" convert "$json" "$DIR/$name.xlsx" 2>&1) || { skip_if_placeholder "$out"; echo "$name → xlsx: $out"; exit 1; }
    "$BK_BIN" convert "$json" "$DIR/$name-again.xlsx" >/dev/null 2>&1 || { echo "$name: second write failed"; exit 1; }
    cmp "$DIR/$name.xlsx" "$DIR/$name-again.xlsx" || { echo "$name: the same input gave different bytes"; exit 1; }
    out=$("$BK_BIN" convert "$DIR/$name.xlsx" "$DIR/$name-back.json" 2>&1) || { skip_if_placeholder "$out"; echo "$name: xlsx → json: $out"; exit 1; }
    "$BK_BIN" convert "$json" "$DIR/$name-want.json" >/dev/null 2>&1 || { echo "$name: json → json failed"; exit 1; }
    "$PY" "$BK_SOURCE_DIR/tests/xlsx/compare_json.py" "$DIR/$name-want.json" "$DIR/$name-back.json" "${@:3}" || exit 1
}
roundtrip seed "$WANT"
SAMPLE="$BK_SOURCE_DIR/samples/seed-first-tables.json"
[ -f "$SAMPLE" ] && roundtrip sample "$SAMPLE"
echo "json_roundtrip: 1 passed, 0 failed"
