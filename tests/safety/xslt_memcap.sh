#!/bin/bash
# SPDX-License-Identifier: MIT
# limit.xslt_memory: what libxml2/libxslt allocate for one transformation
# (-o xslt=, -o xslt-in=) or one pass of a user's schema (-o schema=) is
# counted per thread and capped. A hostile stylesheet (a string doubled 40
# times, a result tree doubled 30 times) stops with an error that names the
# stylesheet and the limit, a non-zero exit and no output; endless recursion
# stops at the template depth with no raw libxslt dump on stderr.
. "$(dirname "$0")/lib.sh"
[ -f "$BUDGETKIT_PLUGIN_PATH/bk_xml.so" ] || { echo "no xml plugin"; exit 77; }
X="$(cd "$(dirname "$0")/xslt" && pwd)"
in="$BK_SOURCE_DIR/samples/seed-first-tables.json"
out="$scratch/out.xml"
cap=64000000
# Without the cap these stylesheets would take the machine's memory: a safety
# net that turns that into exit 70 (ASan reserves too much address space for it).
if [ -z "${BK_SANITIZED:-}" ]; then net="ulimit -v 3000000;"; else net=""; fi

# capped NAME WANT_EXIT MESSAGE FILE CLI-ARGS...: fails with MESSAGE (and the limit's name), writes no FILE
capped() {
    local name=$1 want=$2 msg=$3 file=$4 rc=0
    shift 4
    rm -f "$file"
    (eval "$net" && exec timeout 600 /usr/bin/time -f "%M" -o "$scratch/rss" "$BK_BIN" "$@") 2>"$scratch/err" || rc=$?
    [ "$rc" -eq "$want" ] || { cat "$scratch/err"; fail "$name: exit $rc, expected $want"; }
    grep -q -F -- "$msg" "$scratch/err" || { cat "$scratch/err"; fail "$name: no '$msg' in the error"; }
    grep -q -F "(limit.xslt_memory)" "$scratch/err" || { cat "$scratch/err"; fail "$name: the limit is not named"; }
    [ ! -e "$file" ] || fail "$name: an output was written"
    if [ -z "${BK_SANITIZED:-}" ]; then
        local kb
        kb=$(tail -n 1 "$scratch/rss")
        echo "$name: peak RSS ${kb} kB"
        [ "$kb" -lt 400000 ] || fail "$name: peak RSS $kb kB, far above the cap"
    fi
}

capped "string doubling (write)" 4 "stylesheet $X/memory-bomb.xsl: the transformation needed more than $cap bytes" \
    "$out" convert "$in" "$out" --to xml -o xslt="$X/memory-bomb.xsl" -o limit.xslt_memory=$cap
capped "tree doubling (write)" 4 "stylesheet $X/node-bomb.xsl: the transformation needed more than $cap bytes" \
    "$out" convert "$in" "$out" --to xml -o xslt="$X/node-bomb.xsl" -o limit.xslt_memory=$cap

# the reading side, the limit from the environment
"$BK_BIN" convert "$in" "$scratch/seed.xml" -q || fail "cannot write the canonical XML"
export BUDGETKIT_LIMIT_XSLT_MEMORY=$cap
capped "string doubling (xslt-in, environment)" 3 "stylesheet $X/memory-bomb.xsl: the transformation needed more" \
    "$scratch/back.json" convert "$scratch/seed.xml" "$scratch/back.json" -o xslt-in="$X/memory-bomb.xsl"
capped "tree doubling (xslt-in, environment)" 3 "stylesheet $X/node-bomb.xsl: the transformation needed more" \
    "$scratch/back.json" convert "$scratch/seed.xml" "$scratch/back.json" -o xslt-in="$X/node-bomb.xsl"
unset BUDGETKIT_LIMIT_XSLT_MEMORY

# a user's schema: compiling it and validating with it count too (a tiny cap shows it)
xsd="$BK_SOURCE_DIR/schemas/budgetkit.xsd"
capped "schema compilation" 4 "compiling the schema needed more than 20000 bytes" \
    "$out" convert "$in" "$out" --to xml -o schema="$xsd" -o limit.xslt_memory=20000
"$BK_BIN" convert "$in" "$out" --to xml -o schema="$xsd" -q --overwrite || fail "the schema does not pass under the default cap"
"$BK_BIN" convert "$in" "$out" --to xml -o xslt="$BK_SOURCE_DIR/samples/province-example.xsl" -q --overwrite ||
    fail "the province stylesheet does not run under the default cap"

# endless recursion: the template depth bound, one line of error, no raw dump
rm -f "$out"
rc=0
timeout 600 "$BK_BIN" convert "$in" "$out" --to xml -o xslt="$X/deep-recursion.xsl" 2>"$scratch/err" || rc=$?
[ "$rc" -eq 4 ] || { cat "$scratch/err"; fail "recursion: exit $rc, expected 4"; }
grep -q "stylesheet $X/deep-recursion.xsl: .*infinite template recursion" "$scratch/err" ||
    { cat "$scratch/err"; fail "recursion: the error does not name the stylesheet and the bound"; }
[ "$(wc -l <"$scratch/err")" -eq 1 ] || { cat "$scratch/err"; fail "recursion: raw libxslt output on stderr"; }
[ ! -e "$out" ] || fail "recursion: an output was written"
echo ok
