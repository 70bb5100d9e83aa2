#!/bin/bash
# SPDX-License-Identifier: MIT
# A database given as input is untrusted: foreign, damaged or edited files are refused
# with a clear error and exit 3, never a crash, a hang or a wrong document.
set -u
fail=0
B="$BK_BIN"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3
$B convert -q ../../samples/seed.json "$T/good.sqlite" || { echo "FAIL: seed -> sqlite"; exit 1; }
# case NAME SQL EXPECTED-MESSAGE: copy the good database, run SQL on it, read it back
case_() {
    cp "$T/good.sqlite" "$T/$1.sqlite"
    $PY -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' \
        "$T/$1.sqlite" "$2" || { echo "FAIL: $1: cannot prepare"; fail=1; return; }
    check "$1" "$3"
}
check() {
    timeout 30 $B convert -q "$T/$1.sqlite" "$T/$1.json" 2> "$T/err"; rc=$?
    [ $rc -eq 3 ] || { echo "FAIL: $1: exit $rc, expected 3: $(cat "$T/err")"; fail=1; }
    grep -q -- "$2" "$T/err" || { echo "FAIL: $1: expected '$2' in: $(cat "$T/err")"; fail=1; }
    [ ! -e "$T/$1.json" ] || { echo "FAIL: $1: an output was written"; fail=1; }
}
case_ foreign "PRAGMA application_id = 0;" "not a budgetkit database"
case_ version "PRAGMA user_version = 4;" "schema version 4; this budgetkit reads versions 1 to 3"
case_ version0 "PRAGMA user_version = 0;" "schema version 0; this budgetkit reads versions 1 to 3"
case_ nopositions "DROP TABLE positions;" "without its table 'positions'"
case_ badpos "INSERT INTO positions VALUES(1, 'cell', 0, 0, 99999, 0, 1, 0, 0, 10, 10, NULL, NULL, NULL);" "names nothing of the document"
case_ badpos2 "INSERT INTO positions VALUES(1, 'table', 0, 0, 0, 0, 1, 0, 0, 10, 10, 'x', NULL, NULL);" "names nothing of the document, or is malformed"
case_ badbox "INSERT INTO positions VALUES(1, 'table', 0, 0, 0, 0, 1, 50, 0, 10, 10, NULL, NULL, NULL);" "or is malformed"
case_ view "DROP TABLE rows; CREATE VIEW rows AS SELECT * FROM cells;" "without its table 'rows'"
case_ mismatch "UPDATE cells SET text = '1.00' WHERE units IS NOT NULL AND row_id = (SELECT min(row_id) FROM cells WHERE units <> 100);" "does not match its text"
case_ scale "UPDATE cells SET scale = 40 WHERE row_id = (SELECT min(row_id) FROM cells);" "scale 0..6"
case_ parent "UPDATE rows SET parent = 100000 WHERE id = (SELECT max(id) FROM rows);" "bad role, level or parent"
case_ role "UPDATE rows SET role = 'boss' WHERE id = (SELECT min(id) FROM rows);" "bad role, level or parent"
case_ seq "UPDATE rows SET seq = seq + 1000 WHERE id = (SELECT min(id) FROM rows);" "out of sequence"
case_ outside "UPDATE cells SET col = 99 WHERE row_id = (SELECT min(row_id) FROM cells) AND col = (SELECT min(col) FROM cells WHERE row_id = (SELECT min(row_id) FROM cells));" "a cell outside its table"
case_ long "UPDATE sections SET text = printf('%.*c', 2000000, 'x') WHERE seq = 0;" "too big"
case_ utf8 "UPDATE sections SET text = CAST(X'FFFE41' AS TEXT) WHERE seq = 0;" "not valid UTF-8"
case_ nodoc "DELETE FROM documents;" "holds no documents"
# limit.string_bytes bounds every text, as SQLite reads it
cp "$T/good.sqlite" "$T/small.sqlite"
timeout 30 $B convert -q -i limit.string_bytes=2000 "$T/small.sqlite" "$T/small.json" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "too big\|limit.string_bytes" "$T/err" || { echo "FAIL: limit.string_bytes: exit $rc: $(cat "$T/err")"; fail=1; }
# the limits apply: a table count over limit.tables
cp "$T/good.sqlite" "$T/tables.sqlite"
timeout 30 $B convert -q -i limit.tables=3 "$T/tables.sqlite" "$T/tables.json" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "limit.tables=3" "$T/err" || { echo "FAIL: limit.tables: exit $rc: $(cat "$T/err")"; fail=1; }
# a truncated file and garbage after the SQLite header
head -c 40000 "$T/good.sqlite" > "$T/cut.sqlite"
timeout 30 $B convert -q "$T/cut.sqlite" "$T/cut.json" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] || { echo "FAIL: truncated: exit $rc: $(cat "$T/err")"; fail=1; }
{ printf 'SQLite format 3\0'; head -c 20000 /dev/urandom; } > "$T/junk.sqlite"
timeout 30 $B convert -q "$T/junk.sqlite" "$T/junk.json" 2> "$T/err"; rc=$?
[ $rc -eq 3 ] || { echo "FAIL: junk: exit $rc: $(cat "$T/err")"; fail=1; }
# an --append to a database that is not ours is refused, and the file is untouched
cp "$T/foreign.sqlite" "$T/foreign.orig"
$B convert -q --append ../../samples/seed.json "$T/foreign.sqlite" 2> "$T/err"; rc=$?
[ $rc -ne 0 ] && grep -q "not a budgetkit database" "$T/err" || { echo "FAIL: --append to a foreign database: exit $rc"; fail=1; }
cmp -s "$T/foreign.sqlite" "$T/foreign.orig" || { echo "FAIL: the foreign database was changed"; fail=1; }
[ -z "$(ls -A "$T" | grep '\.tmp\.')" ] || { echo "FAIL: temporary file left"; fail=1; }
exit $fail
