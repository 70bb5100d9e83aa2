#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark of the xml plugin beside `xmllint --stream --schema` on the same files, in the same run.
#
#   bench/xml/bench.sh [BUILD_DIR] [DEPARTMENTS...]      (defaults: build-xml, 1000 2500 5000 10000)
#
# For each size it generates a canonical document (gen_departments.py), then
#  * write: the document written by the xml plugin (indented), MB/s of output;
#  * read:  the validated streaming read into the document model, MB/s of input;
#  * xmllint --stream --noout --schema schemas/budgetkit.xsd on the same file;
#  each the best of BENCH_RUNS runs (default 3);
#  * memory: peak RSS of the read, the size of the returned document model, and the
#    difference (the reader's own memory, which should stay flat as the file grows).
# Times are given as wall and CPU seconds: on a busy machine the wall time mostly measures
# the other processes, so the read/xmllint ratio is computed on CPU time (user+sys) as well.
# Goals (issue 6): write >= 50 MB/s; read within 1.5x of xmllint; reader memory flat.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build-xml}
shift || true
sizes=${*:-1000 2500 5000 10000}
[ -x "$build/bin/budgetkit" ] || { echo "no budgetkit build in $build (cmake --build it first)"; exit 2; }
command -v xmllint >/dev/null || { echo "xmllint (libxml2-utils) is required"; exit 2; }
work=${BK_BENCH_DIR:-${TMPDIR:-/tmp}/bk-xml-bench}
mkdir -p "$work"
py=${BK_PYTHON:-/usr/bin/python3}
runs=${BENCH_RUNS:-3}   # each measurement is the best of this many runs
gen_id=$(cksum < "$here/gen_departments.py" | cut -d' ' -f1)

cc -O2 -I"$src/include" "$here/xml_bench.c" -o "$work/xml_bench" -L"$build/lib" -lbudgetkit -Wl,-rpath,"$build/lib"

echo "# xml plugin benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# libxml2 $(xmllint --version 2>&1 | head -1 | sed 's/.*version //')"
printf "%-6s %7s | %-13s | %-13s | %-13s | %-11s | %8s %8s %9s\n" \
  depts MB "write MB/s" "read MB/s" "xmllint MB/s" "read/xmllint" "peak MB" "model MB" "reader MB"
printf "%-6s %7s | %-13s | %-13s | %-13s | %-11s | %8s %8s %9s\n" "" "" "wall   cpu" "wall   cpu" "wall   cpu" "wall  cpu" "" "" "(peak-model)"
for n in $sizes; do
  in="$work/dept-$n-$gen_id.xml"   # cached per generator version
  [ -s "$in" ] || "$py" "$here/gen_departments.py" "$n" "$in"
  out="$work/dept-$n.out.xml"
  line=$(BENCH_WRITES=$runs BENCH_READS=$runs "$work/xml_bench" "$build/bin/plugins" "$in" "$out")
  cmp -s "$in" "$out" || echo "WARNING: the written file differs from the generated one ($out)"
  t=""
  for _ in $(seq "$runs"); do
    t="$t$( { /usr/bin/time -f "%e %U %S %M" xmllint --stream --noout --schema "$src/schemas/budgetkit.xsd" "$in" 2>&1 >/dev/null; } | tail -1);"
  done
  # the fastest xmllint run (wall and CPU separately), as for the plugin
  t=$(tr ';' '\n' <<< "$t" | awk 'NF == 4 { if (!w || $1 < w) w = $1; c = $2 + $3; if (!bc || c < bc) bc = c; m = $4 }
                                 END { printf "%s %s 0 %s", w, bc, m }')
  awk -v n="$n" -v line="$line" -v t="$t" 'BEGIN {
    split(line, kv, " "); for (i in kv) { split(kv[i], p, "="); v[p[1]] = p[2] }
    split(t, x, " "); xw = x[1]; xc = x[2] + x[3]; mb = v["in_bytes"] / 1e6
    printf "%-6s %7.1f | %5.1f %6.1f  | %5.1f %6.1f  | %5.1f %6.1f  | %4.2f %5.2f  | %8.1f %8.1f %9.1f\n",
      n, mb, v["write_mbs"], v["write_cpu_mbs"], v["read_mbs"], v["read_cpu_mbs"], mb / xw, mb / xc,
      v["read_s"] / xw, v["read_cpu_s"] / xc, v["peak_rss_kib"] / 1024, v["model_kib"] / 1024,
      (v["peak_rss_kib"] - v["model_kib"]) / 1024
    printf "#   xmllint --stream peak RSS %.1f MB; %d rows\n", x[4] / 1024, v["rows"]
  }'
  rm -f "$out"
done
