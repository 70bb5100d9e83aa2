#!/bin/bash
# SPDX-License-Identifier: MIT
# A stylesheet or schema a user passes is untrusted: xsl:include/xsl:import are
# refused unless -o xslt-allow-read names the stylesheet's own folder, and then
# only files inside it (symlinks resolved) load, parsed with no DOCTYPE and no
# entities; document() reads nothing; no URL is ever fetched (the loader
# refuses it before any connection: its message says so); an XSD's
# xs:import/xs:include is refused and is an error, not a skipped import.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_xml.so" ] || { echo "no xml plugin"; exit 77; }
X="$(cd "$(dirname "$0")/xslt" && pwd)"
in="$BK_SOURCE_DIR/samples/seed-first-tables.json"
out="$scratch/out.xml"

# refused NAME WANT_EXIT MESSAGE ARGS...: the conversion fails with MESSAGE, writes nothing, leaks nothing
refused() {
    local name=$1 want=$2 msg=$3 rc=0
    shift 3
    rm -f "$out"
    "$BK_BIN" convert "$in" "$out" --to xml "$@" 2>"$scratch/err" || rc=$?
    [ "$rc" -eq "$want" ] || { cat "$scratch/err"; fail "$name: exit $rc, expected $want"; }
    grep -q -F -- "$msg" "$scratch/err" || { cat "$scratch/err"; fail "$name: no '$msg' in the error"; }
    [ ! -e "$out" ] || fail "$name: an output was written"
    if grep -q -e SECRET-7f3a9c -e 'root:x:0' "$scratch/err"; then fail "$name: a file's contents reached the message"; fi
}
refused "include, no allow-read" 2 "includes are off" -o xslt="$X/include-part.xsl"
refused "include with an entity" 2 "a DOCTYPE is not allowed" -o xslt="$X/include-entity.xsl" -o xslt-allow-read="$X"
refused "include of /etc/passwd" 2 "outside the folder" -o xslt="$X/include-abs.xsl" -o xslt-allow-read="$X"
refused "include through a symlink out" 2 "outside the folder" -o xslt="$X/include-link.xsl" -o xslt-allow-read="$X"
refused "include from the parent folder" 2 "outside the folder" -o xslt="$X/other/include-up.xsl" -o xslt-allow-read="$X/other"
refused "allow-read of another folder" 2 "only the stylesheet's own folder" -o xslt="$X/include-part.xsl" -o xslt-allow-read="$X/other"
refused "allow-read of /" 2 "only the stylesheet's own folder" -o xslt="$X/include-part.xsl" -o xslt-allow-read=/
refused "import over http" 2 "refused" -o xslt="$X/import-http.xsl"
grep -q -i "network" "$scratch/err" || fail "import over http: the refusal does not name the network"
refused "document('/etc/passwd')" 4 "refused" -o xslt="$X/document-passwd.xsl"
refused "xs:import over http" 2 "refused: no network access" -o schema="$X/import-http.xsd"
refused "xs:include of a local file" 2 "refused" -o schema="$X/include-local.xsd"
# the same stylesheets on the reading side (xslt-in)
"$BK_BIN" convert "$in" "$scratch/seed.xml" -q || fail "cannot write the canonical XML"
rc=0
"$BK_BIN" convert "$scratch/seed.xml" "$scratch/back.json" -o xslt-in="$X/include-entity.xsl" -o xslt-allow-read="$X" \
    2>"$scratch/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "DOCTYPE is not allowed" "$scratch/err" || { cat "$scratch/err"; fail "xslt-in: the entity include was not refused"; }

# out of memory in a transformation (a string doubled 40 times) is exit 70 and no output, not a
# truncated result with a warning (ASan reserves more address space than the limit leaves)
if ! grep -q -a __asan_init "$BK_BIN"; then
    rm -f "$out"
    rc=0
    (ulimit -v 600000 && exec timeout 600 "$BK_BIN" convert "$in" "$out" --to xml -o xslt="$X/memory-bomb.xsl") \
        2>"$scratch/err" || rc=$?
    [ "$rc" -eq 70 ] || { cat "$scratch/err"; fail "out of memory in a transformation: exit $rc, expected 70"; }
    [ ! -e "$out" ] || fail "out of memory: an output was written"
fi

# allowed: an include inside the stylesheet's own folder, clean
"$BK_BIN" convert "$in" "$out" --to xml -o xslt="$X/include-part.xsl" -o xslt-allow-read="$X" 2>"$scratch/err" ||
    { cat "$scratch/err"; fail "an allowed include failed"; }
grep -q "<part>included</part>" "$out" || fail "the allowed include was not applied"
echo ok
