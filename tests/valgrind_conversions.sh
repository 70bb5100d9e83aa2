#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/valgrind_conversions.sh BUILD_DIR (called by tests/valgrind.sh --conversions):
# every conversion path on the seed disclosure and the real documents under
# valgrind memcheck, on an existing build without sanitizers. Exit 1 if any run
# has a memcheck error or a definite/indirect leak (or fails).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: valgrind_conversions.sh BUILD_DIR}" && pwd)
bin=$build/bin/budgetkit
[ -x "$bin" ] || { echo "valgrind: no $bin" >&2; exit 2; }
if grep -q -a __asan_init "$bin"; then echo "valgrind: $bin is built with ASan; use a plain build" >&2; exit 2; fi
shared=${BK_SHARED_DIR:-$src/../shared}
logs=$build/valgrind-conversions
rm -rf "$logs"
mkdir -p "$logs/out"
out=$logs/out
opts=(--tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 --num-callers=40 --keep-debuginfo=yes)
status=0 runs=0

# vg NAME EXPECT ARGS...: one budgetkit run under memcheck; EXPECT is its exit status (or "any")
vg() {
    local name=$1 want=$2 rc=0
    shift 2
    runs=$((runs + 1))
    local run=(valgrind "${opts[@]}" --log-file="$logs/$name.log")
    [ -n "${BK_VG_DRY:-}" ] && run=() # BK_VG_DRY=1: the same runs without valgrind (checks the script)
    "${run[@]}" "$bin" "$@" >"$logs/$name.out" 2>&1 || rc=$?
    local verdict=clean
    if [ "$rc" -eq 99 ]; then
        verdict="DEFECT: $(grep -m1 -E 'Invalid|uninitialised|definitely lost|indirectly lost|Mismatched' "$logs/$name.log")"
        status=1
    elif [ "$want" != any ] && [ "$rc" -ne "$want" ]; then
        verdict="exit $rc, expected $want: $(head -c 200 "$logs/$name.out")"
        status=1
    fi
    printf '%-44s %s\n' "$name" "$verdict"
}

inputs=("seed:$shared/seed/000_b39ab111367c9db1.txt")
for d in "$shared"/realdocs/shpt_*/; do
    n=$(basename "$d")
    [ -f "$d/document.txt" ] && inputs+=("$n-txt:$d/document.txt")
    [ -f "$d/document.xlsx" ] && inputs+=("$n-xlsx:$d/document.xlsx")
done
if [ -f "$build/bin/plugins/bk_pdf.so" ]; then
    for p in "$shared"/realdocs/pdfs/*2024年度部门决算.pdf "$shared"/realdocs/pdfs/*办公室2025年部门预算.pdf; do
        [ -f "$p" ] && inputs+=("pdf-$(echo "$p" | md5sum | cut -c1-6):$p")
    done
fi

for item in "${inputs[@]}"; do
    n=${item%%:*} f=${item#*:}
    vg "$n.read.json" any convert "$f" "$out/$n.json" --overwrite -q
    [ -s "$out/$n.json" ] || { echo "$n: no JSON, the other paths are skipped"; status=1; continue; }
    vg "$n.info" 0 info "$f" -q
    vg "$n.validate" any validate "$f" -q
    vg "$n.json.xml" 0 convert "$out/$n.json" "$out/$n.xml" --overwrite -q
    vg "$n.xml.json" 0 convert "$out/$n.xml" "$out/$n.back.json" --overwrite -q
    vg "$n.xml.schema" 0 convert "$out/$n.xml" "$out/$n.s.json" --overwrite -q -o schema="$src/schemas/budgetkit.xsd"
    vg "$n.json.xslt" 0 convert "$out/$n.json" "$out/$n.prov.xml" --overwrite -q -o xslt="$src/samples/province-example.xsl"
    vg "$n.xslt-in" any convert "$out/$n.prov.xml" "$out/$n.prov.json" --overwrite -q \
        -o xslt-in="$src/samples/province-example-in.xsl"
    vg "$n.json.xlsx" 0 convert "$out/$n.json" "$out/$n.xlsx" --overwrite -q
    vg "$n.xlsx.json" 0 convert "$out/$n.xlsx" "$out/$n.x.json" --overwrite -q
    vg "$n.json.csv" 0 convert "$out/$n.json" "$out/$n.csv" --overwrite -q
    vg "$n.csv.json" any convert "$out/$n.csv" "$out/$n.c.json" --overwrite -q
    [ -f "$build/bin/plugins/bk_sqlite.so" ] && vg "$n.json.sqlite" 0 convert "$out/$n.json" "$out/$n.db" --overwrite -q
    [ -f "$build/bin/plugins/bk_fdp.so" ] && vg "$n.json.fdp" any convert "$out/$n.json" "$out/$n.fdp" --overwrite -q
done
# compile: the long ledger sample into tables, as workbook and JSON
vg "compile.xlsx" 0 compile "$src/tests/compile/seed_ledger.csv" "$out/compiled.xlsx" --overwrite -q
vg "compile.json" 0 compile "$src/tests/compile/seed_ledger.csv" "$out/compiled.json" --overwrite -q
echo "valgrind: $runs runs, $([ $status -eq 0 ] && echo clean || echo "DEFECTS (logs: $logs)")"
exit $status
