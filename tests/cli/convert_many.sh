#!/bin/bash
# SPDX-License-Identifier: MIT
# convert over many documents: folders recursed (their layout mirrored in the output folder,
# files no format claims skipped and counted), -j N giving the same files, messages and
# database as -j 1, an unreadable input reported while the others are written.
set -u
fail=0
B="$BK_BIN"
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
R=../../../shared/realdocs
PY=/usr/bin/python3

mkdir -p "$T/in/sub" "$T/in/deep/er"
cp ../../samples/seed.json "$T/in/a.json"
cp "$R/shpt_bgo_2025_budget/document.xlsx" "$T/in/sub/b.xlsx"
cp "$R/shpt_shgzb_2024_final/document.txt" "$T/in/deep/er/c.txt"
echo "notes, not a disclosure" > "$T/in/notes.md"
$B formats 2>/dev/null | grep -q '^ *pdf\b' && cp "$R/pdfs/上海市普陀区司法局2026年单位预算.pdf" "$T/in/deep/d.pdf"

# a folder: every document under it, at its path below the folder; notes.md skipped and counted
for j in 1 2; do
    mkdir "$T/run$j"
    (cd "$T/run$j" && $B convert -j $j "$T/in" out --to json 2> err) || bad "-j $j: convert of the folder failed: $(cat "$T/run$j/err")"
done
for f in a.json sub/b.json deep/er/c.json; do
    [ -s "$T/run1/out/$f" ] || bad "missing out/$f: $(cd "$T/run1/out" && find . -type f)"
done
[ "$(cd "$T/run1/out" && find . -type f | wc -l)" -eq "$(cd "$T/in" && find . -type f ! -name notes.md | wc -l)" ] ||
    bad "files written: $(cd "$T/run1/out" && find . -type f)"
cmp -s "$T/run1/out/a.json" ../../samples/seed.json || bad "out/a.json is not the seed"
$B convert -q "$R/shpt_bgo_2025_budget/document.xlsx" "$T/b.json" && cmp -s "$T/b.json" "$T/run1/out/sub/b.json" ||
    bad "out/sub/b.json is not the workbook's document"
grep -q "1 file in the folders skipped: no format claims it" "$T/run1/err" || bad "no skipped note: $(cat "$T/run1/err")"
diff -r "$T/run1/out" "$T/run2/out" > /dev/null || bad "-j 2 wrote other files than -j 1"
cmp -s "$T/run1/err" "$T/run2/err" || bad "-j 2's messages differ from -j 1's: $(diff "$T/run1/err" "$T/run2/err")"

# an unreadable input: named with its error, the others still written, the exit code the read's (3)
printf 'PK\003\004not a workbook' > "$T/in/sub/bad.xlsx"
$B convert -j 2 "$T/in" "$T/out3" --to csv 2> "$T/err3"; rc=$?
[ $rc -eq 3 ] || bad "a folder with an unreadable workbook exited $rc"
grep -q "in/sub/bad.xlsx: error: " "$T/err3" || bad "the unreadable file is not named: $(cat "$T/err3")"
[ -s "$T/out3/a.csv" ] && [ -s "$T/out3/deep/er/c.csv" ] || bad "the readable inputs were not written"
grep -q " of .* written to $T/out3" "$T/err3" || bad "no summary line: $(cat "$T/err3")"
rm "$T/in/sub/bad.xlsx"

# two inputs to one output file: refused before anything is written
cp ../../samples/seed.json "$T/in/sub/b.json"
$B convert -q "$T/in" "$T/out4" --to csv 2> "$T/err4"; rc=$?
[ $rc -eq 2 ] && grep -q "two inputs would both be written to $T/out4/sub/b.csv" "$T/err4" ||
    bad "a collision exited $rc: $(cat "$T/err4")"
[ ! -e "$T/out4" ] || bad "a refused run created $T/out4"
rm "$T/in/sub/b.json"

# a folder with no document in it
mkdir "$T/empty"; echo x > "$T/empty/readme.md"
$B convert -q "$T/empty" "$T/out5" --to csv 2> "$T/err5"; rc=$?
[ $rc -eq 3 ] && grep -q "no file in the folders given is a document" "$T/err5" || bad "an empty folder exited $rc: $(cat "$T/err5")"

# a folder into one database: -j 2 gives the database of -j 1; each document comes back as it went in
for j in 1 2; do
    (cd "$T" && $B convert -q -j $j in "db$j.sqlite") || bad "-j $j: the folder into a database failed"
done
dump() { $PY -c "import sqlite3,sys; print('\n'.join(sqlite3.connect(sys.argv[1]).iterdump()))" "$1"; }
[ "$(dump "$T/db1.sqlite")" = "$(dump "$T/db2.sqlite")" ] || bad "-j 2's database differs from -j 1's"
n=$($PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from documents').fetchone()[0])" "$T/db2.sqlite")
[ "$n" -eq "$(cd "$T/run1/out" && find . -type f | wc -l)" ] || bad "the database holds $n documents"
$B convert -q -i document=1 "$T/db2.sqlite" "$T/back.json" && cmp -s "$T/back.json" ../../samples/seed.json ||
    bad "document 1 of the database is not the seed"

# -j takes 1..256
$B convert -j 0 "$T/in" "$T/out6" --to csv 2> "$T/err6"; rc=$?
[ $rc -eq 2 ] && grep -q -- "-j takes a number of jobs from 1 to 256" "$T/err6" || bad "-j 0 exited $rc"
exit $fail
