#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: 1,000 seed-sized documents into one SQLite database (goal: <= 2 s),
# beside what an analyst would run instead: Python's sqlite3 loading the same
# figures from the documents' JSON with executemany (one transaction).
# Usage: bench/sqlite/run.sh [BUILD_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-bench}
n=${2:-1000}
PY=/usr/bin/python3
W=${TMPDIR:-/tmp}/bk-bench-sqlite
if [ ! -e "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build "$build" --target bench_sqlite budgetkit_cli bk_sqlite bk_json -j2 > /dev/null 2>&1 ||
    cmake --build "$build" -j2 > /dev/null
mkdir -p "$W"
[ -e "$W/docs/dept$(printf %04d "$n").json" ] || $PY "$here/bench/validate/gen_docs.py" "$here/samples/seed.json" "$n" "$W/docs"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# the plugin's write alone: documents already in memory, one transaction, then fsync
"$build/bin/bench_sqlite" "$W/docs" "$n" "$W/bench.sqlite"
# end to end through the CLI: read N JSON files, write one database
rm -f "$W/cli.sqlite"
/usr/bin/time -f "budgetkit convert $n JSON files -> one database: %e s wall, %U s user, %S s sys, %M KiB" \
    "$build/bin/budgetkit" convert -q "$W"/docs/dept*.json "$W/cli.sqlite"
# what a user would write instead: the figures only, with Python's json + sqlite3
/usr/bin/time -f "python3 json + sqlite3 executemany (figures only): %e s wall, %U s user, %S s sys, %M KiB" \
    $PY - "$W/docs" "$W/py.sqlite" <<'PY'
import glob, json, os, sqlite3, sys
out = sys.argv[2]
if os.path.exists(out): os.remove(out)
con = sqlite3.connect(out)
con.execute("CREATE TABLE figures(document, table_kind, code, name, column_key, value TEXT)")
with con:
    for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
        doc = json.load(open(f, encoding="utf-8"), parse_float=str)["document"]
        rows = []
        for t in doc["tables"]:
            for p in t["panels"]:
                keys = [c["key"] for c in p["columns"]]
                for r in p["rows"]:
                    for k, v in zip(keys, r["cells"]):
                        if v is not None: rows.append((doc["department_name"], t["kind"], r.get("code"), r.get("name"), k, str(v)))
        con.executemany("INSERT INTO figures VALUES(?, ?, ?, ?, ?, ?)", rows)
con.close()
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall time is inflated when other work shares the cores; CPU time is not)"
