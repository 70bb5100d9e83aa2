#!/bin/bash
# SPDX-License-Identifier: MIT
# The sqlite plugin through the CLI, on the seed and the real documents:
# documents in and back out byte for byte, --append / duplicates / --overwrite,
# validate --db, and the figures view against the documents' own totals.
set -u
fail=0
B="$BK_BIN"
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
SEED=../../samples/seed.json
R=../../../shared/realdocs
PY=/usr/bin/python3
q() { $PY - "$@" <<'PY'
import sqlite3, sys
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

# the seed into a new database and back out: samples/seed.json byte for byte
$B convert -q "$SEED" "$T/one.sqlite" || bad "seed -> sqlite"
$B convert -q "$T/one.sqlite" "$T/back.json" || bad "sqlite -> json"
cmp -s "$T/back.json" "$SEED" || bad "seed.json -> db -> json differs"
# drop the printed positions ("pos", "cell_pos", "para_pos") of a canonical JSON file in place, keeping its layout
nopos() { $PY - "$1" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
for key in (', "cell_pos": [', ', "para_pos": ['):  # arrays of positions (boxes nest; no brackets in them)
    out, i = [], 0
    while (j := s.find(key, i)) >= 0:
        out.append(s[i:j]); k, depth = j + len(key), 1
        while depth: depth += {"[": 1, "]": -1}.get(s[k], 0); k += 1
        i = k
    s = "".join(out) + s[i:]
s = re.sub(r', "pos": \{[^}]*\}', "", s)
s = re.sub(r'(?m)^ *"pos": \{[^}]*\},\n', "", s)
open(sys.argv[1], "w", encoding="utf-8").write(s)
PY
}
# the same for the seed disclosure as printed and the real documents (text, workbook and, with the
# pdf plugin, PDF): the database keeps every printed position (a workbook's sheet and cell, a PDF's
# page and box, of tables, rows, cells, forms, indicators, sections and paragraphs)
pdfs=()
$B formats 2>/dev/null | grep -q '^ *pdf\b' && pdfs=("$R"/pdfs/*.pdf)
n_pos=0
for f in "$BK_SEED" "$R/shpt_bgo_2025_budget/document.txt" "$R/shpt_bgo_2025_budget/document.xlsx" \
         "$R/shpt_shgzb_2024_final/document.txt" "$R/shpt_shgzb_2024_final/document.xlsx" "${pdfs[@]}"; do
    [ -e "$f" ] || { bad "missing $f"; continue; }
    rm -f "$T/x.sqlite" "$T/a.json" "$T/b.json"
    $B convert -q "$f" "$T/a.json" && $B convert -q "$f" "$T/x.sqlite" && $B convert -q "$T/x.sqlite" "$T/b.json" ||
        { bad "convert $f"; continue; }
    cmp -s "$T/a.json" "$T/b.json" || bad "$f: json and json through the database differ"
    grep -q '"cell_pos"' "$T/a.json" && [ "$(q "$T/x.sqlite" "select count(*) > 0 from positions where object = 'cell'")" = 1 ] &&
        n_pos=$((n_pos + 1))
done
[ "$n_pos" -ge $((2 + ${#pdfs[@]} - 1)) ] || bad "only $n_pos documents with cell positions went through the database"

# a schema 1 database (before positions) still reads, without positions; --append upgrades it to 2
f=$R/shpt_shgzb_2024_final/document.xlsx
rm -f "$T/v1.sqlite"
$B convert -q "$f" "$T/v1.sqlite" && $B convert -q "$f" "$T/v1.json" || bad "convert $f"
$PY - "$T/v1.sqlite" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript("DROP TABLE positions; PRAGMA user_version = 1;")
con.commit()
PY
rm -f "$T/v1.back.json"
$B convert -q "$T/v1.sqlite" "$T/v1.back.json" && nopos "$T/v1.json" && cmp -s "$T/v1.json" "$T/v1.back.json" ||
    bad "a schema 1 database does not read as the document without positions"
$B convert -q --append "$SEED" "$T/v1.sqlite" || bad "--append to a schema 1 database"
[ "$(q "$T/v1.sqlite" "pragma user_version")" = 2 ] || bad "--append did not upgrade the schema to 2"
[ "$(q "$T/v1.sqlite" "select count(*) from documents")" = 2 ] || bad "--append to schema 1: documents"

# the content hash: a new database is schema 3 and hashes by the word mix, the same on every build
# and machine (integers as values, strings as little-endian words); a schema 2 database keeps its
# FNV-1a hashes, so that --append still finds a copy it holds (the seed's FNV-1a hash is pinned)
rm -f "$T/h3.sqlite" "$T/h2.sqlite"
$B convert -q "$SEED" "$T/h3.sqlite" || bad "seed -> h3.sqlite"
[ "$(q "$T/h3.sqlite" "pragma user_version")" = 3 ] || bad "a new database is not schema 3"
[ "$(q "$T/h3.sqlite" "select hash from documents")" = cdb24aa324197804 ] ||
    bad "the seed's content hash changed: $(q "$T/h3.sqlite" "select hash from documents")"
cp "$T/h3.sqlite" "$T/h2.sqlite"
$PY - "$T/h2.sqlite" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript("UPDATE documents SET hash = '1cb76bc80eff78c8'; PRAGMA user_version = 2;")
con.commit()
PY
$B convert -q --append "$SEED" "$T/h2.sqlite" 2> "$T/err"; rc=$?
[ $rc -eq 4 ] && grep -q "content hash 1cb76bc80eff78c8" "$T/err" ||
    bad "--append of the seed to a schema 2 database holding it: exit $rc, $(cat "$T/err")"
$B convert -q --append "$R/shpt_shgzb_2024_final/document.txt" "$T/h2.sqlite" || bad "--append to schema 2"
[ "$(q "$T/h2.sqlite" "pragma user_version")" = 2 ] || bad "--append changed a schema 2 database's version"
$B convert -q --append "$R/shpt_shgzb_2024_final/document.txt" "$T/h2.sqlite" 2>/dev/null; rc=$?
[ $rc -eq 4 ] || bad "the same document twice into a schema 2 database exited $rc"

# several inputs into one database; each comes back unchanged, by id or by content hash
$B convert -q "$SEED" "$R/shpt_bgo_2025_budget/document.xlsx" "$T/many.sqlite" || bad "two documents into one database"
[ "$(q "$T/many.sqlite" "select count(*) from documents")" = 2 ] || bad "documents count"
$B convert -q "$T/many.sqlite" "$T/y.json" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] || bad "reading a database of two without -i document exited $rc"
grep -q "choose one with -i document=ID" "$T/err" || bad "message: $(cat "$T/err")"
$B convert -q -i document=1 "$T/many.sqlite" "$T/d1.json" && cmp -s "$T/d1.json" "$SEED" || bad "-i document=1"
h=$(q "$T/many.sqlite" "select hash from documents where id = 2")
$B convert -q "$R/shpt_bgo_2025_budget/document.xlsx" "$T/bgo.json"
$B convert -q -i document="$h" "$T/many.sqlite" "$T/d2.json" && cmp -s "$T/d2.json" "$T/bgo.json" || bad "-i document=HASH"
$B convert -q -i document=99 "$T/many.sqlite" "$T/d9.json" 2>/dev/null; rc=$?
[ $rc -eq 3 ] || bad "a missing document id exited $rc"

# an existing database: refused without --append/--overwrite, untouched
cp "$T/many.sqlite" "$T/orig.sqlite"
$B convert -q "$BK_SEED" "$T/many.sqlite" 2>/dev/null; rc=$?
[ $rc -eq 4 ] || bad "convert over an existing database exited $rc"
cmp -s "$T/many.sqlite" "$T/orig.sqlite" || bad "the database changed"
# --append: the same document again is refused (nothing written), a new one is added
$B convert -q --append "$R/shpt_shgzb_2024_final/document.txt" "$SEED" "$T/many.sqlite" 2> "$T/err"; rc=$?
[ $rc -eq 4 ] || bad "--append of a document already there exited $rc"
grep -q "already holds this document (id 1" "$T/err" || bad "duplicate message: $(cat "$T/err")"
cmp -s "$T/many.sqlite" "$T/orig.sqlite" || bad "a refused --append changed the database"
$B convert -q --append "$R/shpt_shgzb_2024_final/document.txt" "$T/many.sqlite" || bad "--append failed"
[ "$(q "$T/many.sqlite" "select count(*) from documents")" = 3 ] || bad "--append did not add"
# the plugin numbers the rows itself (batched inserts): 1 … n with no gap, as SQLite would, on
# --append too, every cell on a row of its document, every row in seq order 0 … under its panel
[ "$(q "$T/many.sqlite" "select min(id) = 1 and max(id) = count(*) from rows")" = 1 ] || bad "rows ids not 1 … n"
[ "$(q "$T/many.sqlite" "select count(*) from cells where row_id not in (select id from rows)")" = 0 ] || bad "cells without their row"
[ "$(q "$T/many.sqlite" "select count(*) from rows r where seq <> (select count(*) from rows s where s.panel_id = r.panel_id and s.id < r.id)")" = 0 ] ||
    bad "rows ids not in seq order"
# --append --overwrite: the same document is kept once, with the new source
$B convert -q --append --overwrite "$BK_SEED" "$T/many.sqlite" || bad "--append --overwrite failed"
[ "$(q "$T/many.sqlite" "select count(*) from documents")" = 3 ] || bad "--overwrite added a copy"
[ "$(q "$T/many.sqlite" "select source from documents where id = 1")" = "$BK_SEED" ] || bad "source not replaced"
# --overwrite without --append: a new database
$B convert -q --overwrite "$SEED" "$T/many.sqlite" || bad "--overwrite of a database failed"
[ "$(q "$T/many.sqlite" "select count(*) from documents")" = 1 ] || bad "--overwrite kept old documents"

# validate --db: the findings of each document, as validate reports them
$B validate -q --db "$T/v.sqlite" "$SEED" "$R/shpt_bgo_2025_budget/document.xlsx" > /dev/null; rc=$?
[ $rc -eq 1 ] || bad "validate --db exited $rc (the documents have errors)"
n_json=$($B validate --format json "$SEED" | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
n_db=$(q "$T/v.sqlite" "select count(*) from findings f join documents d on d.id = f.document_id where d.source = '$SEED'")
[ "$n_json" = "$n_db" ] && [ "$n_db" -gt 0 ] || bad "findings: $n_db in the database, $n_json from validate"
e_db=$(q "$T/v.sqlite" "select count(*) from findings f join documents d on d.id = f.document_id where d.source = '$SEED' and severity = 'error'")
[ "$e_db" = 3 ] || bad "the seed's 3 errors: $e_db in the database"
# again: the same documents, their findings replaced, not doubled
$B validate -q --db "$T/v.sqlite" "$SEED" > /dev/null
[ "$(q "$T/v.sqlite" "select count(*) from documents")" = 2 ] || bad "validate --db twice added documents"
n_db2=$(q "$T/v.sqlite" "select count(*) from findings f join documents d on d.id = f.document_id where d.source = '$SEED'")
[ "$n_db2" = "$n_json" ] || bad "validate --db twice: $n_db2 findings"

# the figures view: total 项目支出 by department, against each document's own 合计
$PY ../../bench/validate/gen_docs.py "$SEED" 5 "$T/docs"
$B convert -q "$T"/docs/*.json "$T/five.sqlite" || bad "five documents"
$PY - "$T/five.sqlite" "$T/docs" <<'PY' || fail=1
import glob, json, os, sqlite3, sys
from decimal import Decimal
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
want, want_sum = {}, {}
for f in sorted(glob.glob(os.path.join(sys.argv[2], "*.json"))):
    doc = json.load(open(f, encoding="utf-8"), parse_float=Decimal)["document"]
    t = next(t for t in doc["tables"] if t["kind"] == "budget.expense")
    p = t["panels"][0]
    k = [c["key"] for c in p["columns"]].index("project")
    total = next(r for r in p["rows"] if r.get("role") == "total")
    want[doc["department_name"]] = total["cells"][k]
    # the seed's 类 rows add up to 1616.93 against a printed 1616.92 (a rounding finding): both are exact
    want_sum[doc["department_name"]] = sum(r["cells"][k] for r in p["rows"]
                                           if r.get("role", "data") == "data" and r["level"] == 1 and r["cells"][k] is not None)
# the printed total row, as exact text and as a number
got = dict(con.execute("select department, value from figures where table_kind = 'budget.expense'"
                       " and column_key = 'project' and role = 'total'"))
# and summed from the 类 rows, exactly (integer units at one scale)
summed = {d: Decimal(u).scaleb(-s) for d, u, s in con.execute(
    "select department, sum(units), max(scale) from figures where table_kind = 'budget.expense'"
    " and column_key = 'project' and role = 'data' and level = 1 group by department")}
ok = True
for d, v in want.items():
    if Decimal(got.get(d, "nan")) != v or summed.get(d) != want_sum[d]:
        print("FAIL: %s: document %s (类 rows %s), view total %s, sum of 类 rows %s" % (d, v, want_sum[d], got.get(d), summed.get(d)))
        ok = False
if len(want) != 5 or len(got) != 5:
    print("FAIL: departments: %d documents, %d in the view" % (len(want), len(got)))
    ok = False
num = con.execute("select value_number from figures where table_kind = 'budget.expense' and column_key = 'project'"
                  " and role = 'total' limit 1").fetchone()[0]
if abs(num - float(next(iter(want.values())))) > 1e-9:
    print("FAIL: value_number %r" % num)
    ok = False
sys.exit(0 if ok else 1)
PY
# the indexes the usual questions use
plan=$(q "$T/five.sqlite" "explain query plan select * from rows where code = '2080201'")
grep -q "rows_code" <<<"$plan" || bad "a function code across departments does not use rows_code: $plan"
plan=$(q "$T/five.sqlite" "explain query plan select * from documents where department_name = '部门0001' order by fiscal_year")
grep -q "documents_department" <<<"$plan" || bad "a department over years does not use documents_department: $plan"
exit $fail
