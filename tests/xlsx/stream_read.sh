#!/bin/bash
# SPDX-License-Identifier: MIT
# XLSX → long CSV / JSON with table streaming (issue 19): each sheet is recognized as soon as
# it is read and its tables written out, so a ~300k-amount workbook converts under 64 MB peak
# (skipped under sanitizers), to the same bytes as the whole-document read (--validate reads
# the whole document first). Also the workbooks whose later sheets end the streaming (the
# seed's forms, the 决算 workbook's text under a table) give the whole read's output.
set -uo pipefail
PY=${BK_PYTHON:-/usr/bin/python3}
"$BK_BIN" formats 2>/dev/null | grep -qw json || { echo "no json plugin: skipped"; exit 77; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
conv() { "$BK_BIN" convert -q "$@" >"$DIR/log" 2>&1 || fail "convert $*: $(tail -3 "$DIR/log")"; }
# streamed and whole (--validate) conversions of $1 to $2 (an extension) give the same bytes
same() {
    local in=$1 ext=$2 name
    shift 2
    name=$(basename "$in" .xlsx)
    conv --overwrite "$in" "$DIR/$name-s.$ext" "$@"
    conv --overwrite --validate --force "$in" "$DIR/$name-w.$ext" "$@"
    cmp "$DIR/$name-s.$ext" "$DIR/$name-w.$ext" || fail "$in → $ext $*: streamed and whole reads differ"
    [ -s "$DIR/$name-s.$ext" ] || fail "$in → $ext: empty output"
}

"$PY" "$BK_SOURCE_DIR/bench/csv-long/gen_long.py" 300000 >"$DIR/long.csv"
conv "$DIR/long.csv" "$DIR/book.xlsx" -o constant_memory=off # shared strings, like the bench
conv "$DIR/long.csv" "$DIR/inline.xlsx" -o constant_memory=on # inline strings
/usr/bin/time -f '%M' -o "$DIR/rss" "$BK_BIN" convert -q "$DIR/book.xlsx" "$DIR/out.csv" -O layout=long ||
    fail "300k workbook → long CSV"
cells=$(grep -c ',cell,' "$DIR/out.csv")
[ "$cells" -ge 290000 ] || fail "300k workbook → long CSV: only $cells cells"
if [ -z "${BK_SANITIZED:-}" ]; then
    rss=$(($(cat "$DIR/rss") / 1024))
    echo "300k workbook → long CSV: peak RSS $rss MB"
    [ "$rss" -le 64 ] || fail "300k workbook → long CSV: peak RSS $rss MB > 64 MB"
fi
same "$DIR/book.xlsx" csv -O layout=long
same "$DIR/inline.xlsx" csv -O layout=long
same "$DIR/book.xlsx" json
# the long CSV read back is the document the workbook was made from
conv "$DIR/long.csv" "$DIR/from-csv.json"
conv "$DIR/out.csv" "$DIR/from-xlsx.json"
"$PY" - "$DIR/from-csv.json" "$DIR/from-xlsx.json" <<'PYEOF' || fail "the workbook's tables are not the long CSV's"
import json, sys
a, b = (json.load(open(p))["document"] for p in sys.argv[1:3])
def figures(d):
    return [(t.get("kind"), len(t.get("panels", [])), sum(len(p.get("rows", [])) for p in t.get("panels", []))) for t in d["tables"]]
assert len(a["tables"]) >= 30 and figures(a) == figures(b), (figures(a)[:3], figures(b)[:3])
PYEOF

# workbooks whose later sheets end the streaming: the seed (forms after the tables) and the
# 决算 workbook (text under its 三公 table); also the small seed as 封面/情况说明 sheets
REAL=$(dirname "$BK_SEED")/../realdocs
conv "$BK_SEED" "$DIR/seed.xlsx"
n=0
for f in "$DIR/seed.xlsx" "$REAL"/*/document.xlsx; do
    [ -f "$f" ] || continue
    same "$f" csv -O layout=long
    same "$f" json
    n=$((n + 1))
done
# the spooled rows in another encoding and with Excel's line ends and BOM
for opts in "-O encoding=gb18030" "-O excel=true" "-O bom=true -O delimiter=tab"; do
    same "$DIR/seed.xlsx" csv -O layout=long $opts
done
[ "$n" -ge 3 ] || fail "the real documents' workbooks are missing ($REAL)"
echo "stream_read: passed"
