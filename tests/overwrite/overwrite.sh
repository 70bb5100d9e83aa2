#!/bin/bash
# SPDX-License-Identifier: MIT
# An existing output is never replaced without --overwrite (exit 4, the old file
# byte for byte as it was); with --overwrite it is replaced. convert (one file, into a
# directory), compile (one file, --split-by into a non-empty directory).
set -u
fail=0
B="$BK_BIN"
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
SEED=../../samples/seed.json
LEDGER=../compile/seed_ledger.csv

# convert: refused, the old file untouched, no temporary file left
printf 'an officer fixed this by hand\n' > "$T/out.json"; cp "$T/out.json" "$T/orig"
$B convert "$SEED" "$T/out.json" 2> "$T/err"; rc=$?
[ $rc -eq 4 ] || bad "convert over an existing file exited $rc, expected 4"
grep -q "out.json: error: the output file exists; use --overwrite to replace it" "$T/err" || bad "message: $(cat "$T/err")"
cmp -s "$T/out.json" "$T/orig" || bad "the existing file was changed"
[ -z "$(ls -A "$T" | grep tmp)" ] || bad "temporary file left: $(ls -A "$T")"
# ... and replaced with --overwrite: the seed's canonical JSON
$B convert --overwrite "$SEED" "$T/out.json" || bad "convert --overwrite failed"
cmp -s "$T/out.json" "$SEED" || bad "--overwrite did not write the document"
# the same for a workbook; a new file needs no flag
$B convert -q "$SEED" "$T/seed.xlsx" || bad "convert to a new xlsx failed"
cp "$T/seed.xlsx" "$T/seed.orig.xlsx"
$B convert -q "$SEED" "$T/seed.xlsx" 2>/dev/null; rc=$?
[ $rc -eq 4 ] || bad "xlsx over an existing file exited $rc"
cmp -s "$T/seed.xlsx" "$T/seed.orig.xlsx" || bad "the existing workbook was changed"
# writing to standard output is not replacing a file
$B convert --to json "$SEED" - | cmp -s - "$SEED" || bad "stdout"

# convert IN… DIR: each input to DIR/NAME.EXT; an existing one refused before anything is written
mkdir "$T/dir"
cp "$SEED" "$T/a.json"; cp "$SEED" "$T/b.json"
$B convert -q "$T/a.json" "$T/b.json" --to xml "$T/dir" || bad "convert into a directory failed"
[ -s "$T/dir/a.xml" ] && [ -s "$T/dir/b.xml" ] || bad "directory outputs missing: $(ls "$T/dir")"
echo old > "$T/dir/b.xml"; rm "$T/dir/a.xml"
$B convert -q "$T/a.json" "$T/b.json" --to xml "$T/dir" 2> "$T/err"; rc=$?
[ $rc -eq 4 ] || bad "convert into a directory over b.xml exited $rc"
[ ! -e "$T/dir/a.xml" ] || bad "a.xml was written although b.xml was refused"
[ "$(cat "$T/dir/b.xml")" = old ] || bad "b.xml was changed"
$B convert -q --overwrite "$T/a.json" "$T/b.json" --to xml "$T/dir" || bad "--overwrite into a directory failed"
$B convert -q "$T/dir/b.xml" "$T/b.back.json" && cmp -s "$T/b.back.json" "$SEED" || bad "b.xml is not the seed"
# two inputs of the same name would collide: refused
mkdir "$T/x" "$T/y"; cp "$SEED" "$T/x/doc.json"; cp "$SEED" "$T/y/doc.json"
$B convert -q "$T/x/doc.json" "$T/y/doc.json" --to xml "$T/dir2" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] || bad "colliding names exited $rc"
grep -q "would both be written" "$T/err" || bad "collision message: $(cat "$T/err")"
# a directory needs --to
$B convert -q "$T/a.json" "$T/b.json" "$T/dir" 2>/dev/null; rc=$?
[ $rc -eq 2 ] || bad "a directory without --to exited $rc"

# compile, one output
$B compile -q "$LEDGER" "$T/c.json" || bad "compile failed"
cp "$T/c.json" "$T/c.orig"; echo "hand edit" >> "$T/c.json"; cp "$T/c.json" "$T/c.edited"
$B compile -q "$LEDGER" "$T/c.json" 2> "$T/err"; rc=$?
[ $rc -eq 4 ] || bad "compile over an existing file exited $rc"
grep -q "use --overwrite" "$T/err" || bad "compile message: $(cat "$T/err")"
cmp -s "$T/c.json" "$T/c.edited" || bad "compile changed the existing file"
$B compile -q --overwrite "$LEDGER" "$T/c.json" || bad "compile --overwrite failed"
cmp -s "$T/c.json" "$T/c.orig" || bad "compile --overwrite did not write the document"

# compile --split-by: a non-empty directory is refused, an empty or missing one is not
mkdir "$T/split"
$B compile -q "$LEDGER" "$T/split" --split-by unit --to json || bad "split into an empty directory failed"
n=$(ls "$T/split" | wc -l); [ "$n" -ge 1 ] || bad "split wrote nothing"
first=$(ls "$T/split" | head -1); echo old > "$T/split/$first"
$B compile -q "$LEDGER" "$T/split" --split-by unit --to json 2> "$T/err"; rc=$?
[ $rc -eq 4 ] || bad "split into a non-empty directory exited $rc"
grep -q "not empty; use --overwrite" "$T/err" || bad "split message: $(cat "$T/err")"
[ "$(cat "$T/split/$first")" = old ] || bad "split changed a file without --overwrite"
$B compile -q --overwrite "$LEDGER" "$T/split" --split-by unit --to json || bad "split --overwrite failed"
[ "$(cat "$T/split/$first")" != old ] || bad "split --overwrite did not replace $first"
exit $fail
