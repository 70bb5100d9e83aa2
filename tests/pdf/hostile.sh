#!/bin/bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Generated hostile PDFs: 10,000 pages in one flat page tree (read, quickly), 10,001
# pages (limit.pages), a DAG of forms that would draw one form 2^40 times (refused
# before the page is run), and a page ruled 1000 x 1000 (read).
set -u
: "${BK_BIN:?}" "${BK_SOURCE_DIR:?}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bk-pdf-hostile.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
"${BK_PYTHON:-/usr/bin/python3}" - "$BK_SOURCE_DIR/tests/malformed/make-corpus.py" "$scratch" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("mc", sys.argv[1])
mc = importlib.util.module_from_spec(spec); spec.loader.exec_module(mc)
out = sys.argv[2]
page = b"BT /F1 12 Tf 72 720 Td (P) Tj ET"
for n in (10000, 10001):
    open("%s/p%d.pdf" % (out, n), "wb").write(mc.pdf(mc.pdf_pages([page] * n)))
# forms X1..X40, each drawing the next twice
depth = 40
forms = []
for i in range(depth):
    if i + 1 < depth:
        forms.append(mc.stream(b"/N Do /N Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                               b"/Resources << /XObject << /N %d 0 R >> >> " % (7 + i)))
    else:
        forms.append(mc.stream(page, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "))
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /N 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", mc.stream(b"/N Do")] + forms
open(out + "/dag.pdf", "wb").write(mc.pdf(objs))
n = 1000
ops = b"".join(b"0 %.3f 1500 0.2 re " % (i * 1.5) for i in range(n)) + b"".join(b"%.3f 0 0.2 1500 re " % (i * 1.5) for i in range(n))
open(out + "/grid.pdf", "wb").write(mc.pdf(mc.pdf_pages([ops + b"f " + page])))
PY
start=$(date +%s)
"$BK_BIN" info "$scratch/p10000.pdf" -q >"$scratch/out" 2>"$scratch/err" || fail "10,000 pages: $(cat "$scratch/err")"
took=$(($(date +%s) - start))
[ "$took" -le 30 ] || fail "10,000 pages took $took s"
"$BK_BIN" info "$scratch/p10001.pdf" -q >/dev/null 2>"$scratch/err"
rc=$?
[ "$rc" = 3 ] && grep -q "10001 pages: more than limit.pages (10000)" "$scratch/err" || fail "10,001 pages: exit $rc: $(cat "$scratch/err")"
"$BK_BIN" info "$scratch/dag.pdf" -q >/dev/null 2>"$scratch/err"
rc=$?
[ "$rc" = 3 ] && grep -q "page 1: .*the page draws more than 5000000 things" "$scratch/err" || fail "form DAG: exit $rc: $(cat "$scratch/err")"
"$BK_BIN" info "$scratch/grid.pdf" >/dev/null 2>"$scratch/err" || fail "ruled page: $(cat "$scratch/err")"
[ "$failed" = 0 ] && echo "pdf_hostile: ok (10,000 pages in $took s)" && exit 0
exit 1
