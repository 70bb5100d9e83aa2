#!/bin/bash
# SPDX-License-Identifier: MIT
# The fdp plugin: the seed and the real documents as zipped Fiscal Data Packages,
# checked by check_fdp.py (written from the Data Package, Table Schema and Fiscal
# Data Package specifications), the figures exact in pandas and SQLite; each
# mutation of the package must make the check fail (the checker can fail).
set -u
fail=0
B="$BK_BIN"
PY=/usr/bin/python3
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
SEED=../../samples/seed.json
R=../../../shared/realdocs

# the seed has 3 narrative errors (V39, V41): a package of it needs --force
$B convert -q "$SEED" "$T/seed.fdp" 2> /dev/null; [ $? -eq 1 ] && [ ! -e "$T/seed.fdp" ] || bad "the seed (with errors) was written without --force"
$B convert -q --force "$SEED" "$T/seed.fdp" 2> /dev/null || bad "seed -> fdp"
$PY check_fdp.py "$T/seed.fdp" --against "$SEED" || bad "the seed's package does not check"
for m in no-currency bad-source no-model bad-name bad-path bad-amount changed-figure dup-key; do
    $PY check_fdp.py "$T/seed.fdp" --against "$SEED" --mutate $m > /dev/null && bad "mutation $m passed the check"
done
# the same bytes for the same document (no timestamps)
$B convert -q --force "$SEED" "$T/again.fdp" 2> /dev/null && cmp -s "$T/seed.fdp" "$T/again.fdp" || bad "two packages of the seed differ"
# the real documents, through their JSON (the figures compared with the model's own JSON)
for f in "$R/shpt_bgo_2025_budget/document.txt" "$R/shpt_shgzb_2024_final/document.xlsx"; do
    [ -e "$f" ] || { bad "missing $f"; continue; }
    $B convert -q "$f" "$T/d.json" --overwrite && $B convert -q --force "$f" "$T/d.fdp" --overwrite 2> /dev/null ||
        { bad "$f -> fdp"; continue; }
    $PY check_fdp.py "$T/d.fdp" --against "$T/d.json" || bad "$f: the package does not check"
done
# --validate refuses a document with errors, --force writes it
sed '0,/4000\.70/s//9999.99/' "$SEED" > "$T/broken.json" # 一般公共预算 no longer adds up
$B convert -q --validate "$T/broken.json" "$T/b.fdp" 2> /dev/null; [ $? -eq 1 ] || bad "--validate: a document with errors is not refused"
[ -e "$T/b.fdp" ] && bad "--validate: the package was written"
$B convert -q "$T/broken.json" "$T/b.fdp" 2> /dev/null; [ $? -eq 1 ] || bad "fdp without --validate: a document with errors is not refused"
[ -e "$T/b.fdp" ] && bad "fdp: the package of a document with errors was written"
$B convert -q --validate --force "$T/broken.json" "$T/b.fdp" 2> /dev/null && [ -s "$T/b.fdp" ] || bad "--force did not write"
exit $fail
