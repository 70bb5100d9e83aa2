#!/bin/bash
# SPDX-License-Identifier: MIT
# budgetkit validate over many documents: the seed and the four real inputs in one
# report naming each file; folders; unreadable and unclaimed files; json and csv; -j N.
set -u
fail=0
B="$BK_BIN"
bad() { echo "FAIL: $*"; fail=1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3
SEED=../../samples/seed.json
R=../../../shared/realdocs
DOCS=("$BK_SEED" "$SEED" "$R/shpt_bgo_2025_budget/document.txt" "$R/shpt_bgo_2025_budget/document.xlsx"
      "$R/shpt_shgzb_2024_final/document.txt" "$R/shpt_shgzb_2024_final/document.xlsx")

# one report naming each file: a block each, then the summary table
$B validate -q "${DOCS[@]}" > "$T/out.txt"; rc=$?
[ $rc -eq 1 ] || bad "the six documents (the two seeds with their errors) exited $rc, expected 1"
for f in "${DOCS[@]}"; do
    grep -qxF "== $f" "$T/out.txt" || bad "no block for $f"
    grep -q "^$f  *\(budget\|final_accounts\)  " "$T/out.txt" || bad "no summary row for $f"
done
grep -q "^document  *kind  *year  *department  *errors  *warnings  *rounding" "$T/out.txt" || bad "no summary header"
grep -q "^6 documents: 2 with errors, 0 unreadable" "$T/out.txt" || bad "summary line: $(tail -1 "$T/out.txt")"
# the seed's row: 2024, 忻州市民政局, its own error/warning/rounding counts
row=$(grep "^$SEED " "$T/out.txt" | tr -s ' ')
[ "$row" = "$SEED budget 2024 忻州市民政局 3 0 32 " ] || [ "$row" = "$SEED budget 2024 忻州市民政局 3 0 32" ] || bad "seed row: '$row'"

# json: one entry per document with the counts validate gives each alone
$B validate -q --format json "${DOCS[@]}" > "$T/out.json"
$PY - "$T/out.json" "$B" "${DOCS[@]}" <<'PY' || fail=1
import json, subprocess, sys
out, bk, docs = sys.argv[1], sys.argv[2], sys.argv[3:]
run = json.load(open(out, encoding="utf-8"))
ok = [d["path"] for d in run["documents"]] == docs
for d in run["documents"]:
    alone = json.loads(subprocess.run([bk, "validate", "-q", "--format", "json", d["path"]], capture_output=True).stdout)
    ok = ok and d["findings"] == alone["findings"] and d["summary"] == alone["summary"]
    ok = ok and set(d) >= {"path", "kind", "fiscal_year", "department", "summary", "findings"}
s = run["summary"]
ok = ok and s["documents"] == 6 and s["unreadable"] == 0 and s["errors"] == sum(d["summary"]["errors"] for d in run["documents"])
print("" if ok else "FAIL: json report: %s" % run["summary"], end="")
sys.exit(0 if ok else 1)
PY
# csv: one row per finding with its document; loads in pandas, row count = findings
$B validate -q --format csv "${DOCS[@]}" > "$T/out.csv"
$PY - "$T/out.csv" "$T/out.json" <<'PY' || fail=1
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
run = json.load(open(sys.argv[2], encoding="utf-8"))
n = sum(len(d["findings"]) for d in run["documents"])
ok = len(df) == n and list(df["document"].unique()) == [d["path"] for d in run["documents"] if d["findings"]]
ok = ok and (df["severity"] == "error").sum() == run["summary"]["errors"]
if not ok: print("FAIL: csv: %d rows, %d findings" % (len(df), n))
sys.exit(0 if ok else 1)
PY

# a folder: searched recursively; a file no format claims is skipped with a note,
# one that a format claims but cannot be read is reported, the others still run
mkdir -p "$T/dir/sub"
cp "$SEED" "$T/dir/a.json"; cp "$R/shpt_bgo_2025_budget/document.xlsx" "$T/dir/sub/b.xlsx"
printf '\x00\x01\x02 not a disclosure' > "$T/dir/notes.bin"
printf '{"format": "budgetkit", "version": 1, "document": {' > "$T/dir/sub/broken.json"
$B validate "$T/dir" > "$T/dir.txt" 2> "$T/dir.err"; rc=$?
[ $rc -eq 1 ] || bad "folder with errors and an unreadable file exited $rc, expected 1"
grep -q "notes.bin: note: skipped: no format claims this file" "$T/dir.err" || bad "no skip note: $(cat "$T/dir.err")"
grep -q "broken.json: unreadable:" "$T/dir.txt" || bad "broken.json not reported"
grep -q "^3 documents: 1 with errors, 1 unreadable, other files skipped" "$T/dir.txt" || bad "folder summary: $(tail -1 "$T/dir.txt")"
grep -qF "== $T/dir/sub/b.xlsx" "$T/dir.txt" || bad "the workbook in the subfolder was not validated"
# only unreadable documents and none with errors: exit 3; a file named explicitly is never skipped
$B validate -q "$T/dir/sub/broken.json" "$T/dir/notes.bin" > "$T/bad.txt" 2>/dev/null; rc=$?
[ $rc -eq 3 ] || bad "two unreadable files exited $rc, expected 3"
grep -q "notes.bin: unreadable:" "$T/bad.txt" || bad "an explicitly named file that cannot be read is not reported"

# -j: the same report for any number of jobs
$PY ../../bench/validate/gen_docs.py "$SEED" 40 "$T/many"
$B validate -q -j 1 "$T/many" > "$T/j1.txt"
$B validate -q -j 3 "$T/many" > "$T/j3.txt"
cmp -s "$T/j1.txt" "$T/j3.txt" || bad "-j 3 report differs from -j 1"
grep -q "^40 documents: 40 with errors" "$T/j1.txt" || bad "40 documents: $(tail -1 "$T/j1.txt")"
# on a terminal (script(1) gives one): a progress bar on stderr, the same report, for -j 1 and -j 3
# (skipped, with a note, where no pseudo-terminal can be made: a chroot without /dev/pts)
if command -v script > /dev/null && ! script -qec true /dev/null 2>&1 </dev/null | grep -q 'pseudo-terminal'; then
    $B validate -j 1 "$T/many" > "$T/j1full.txt" 2>/dev/null # the whole report (-q leaves only the summaries)
    for j in 1 3; do
        script -qec "$B validate -j $j '$T/many' > '$T/tty$j.txt'" /dev/null > "$T/tty$j.err"; rc=$?
        [ $rc -eq 1 ] || bad "on a terminal, -j $j exited $rc"
        cmp -s "$T/tty$j.txt" "$T/j1full.txt" || bad "on a terminal, -j $j gives another report"
        grep -q "validating \[" "$T/tty$j.err" || bad "no progress bar with -j $j"
    done
else
    echo "note: no pseudo-terminal here; the progress-bar checks are skipped"
fi
# one file keeps the one-document output (text and json) of earlier releases
$B validate -q --format json "$SEED" | $PY -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if set(d) == {"findings", "summary"} else 1)' ||
    bad "one document's JSON changed shape"
exit $fail
