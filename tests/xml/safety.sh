#!/bin/bash
# SPDX-License-Identifier: MIT
# Untrusted XML: XXE and billion laughs are refused before any entity is
# declared or expanded; schema errors come with line:column and the schema's
# own message; nesting, string and count limits hold; nothing partial is written.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*"; fail=1; }
# expect_error NAME FILE PATTERN [convert options...]: non-zero exit, message matches, no output file
expect_error() {
  local name=$1 file=$2 pattern=$3; shift 3
  rm -f "$tmp/out.json"
  if timeout 20 "$BK_BIN" convert "$@" "$file" "$tmp/out.xml" 2>"$tmp/err"; then
    bad "$name: accepted"
  fi
  grep -qE -- "$pattern" "$tmp/err" || { bad "$name: message does not match /$pattern/"; cat "$tmp/err"; }
  [ -e "$tmp/out.xml" ] && bad "$name: an output file was left behind"
  if grep -q 'Unimplemented\|^[^:]*: *$' "$tmp/err"; then bad "$name: the library printed"; cat "$tmp/err"; fi
}
ns='xmlns="urn:budgetkit:submission:1" version="1.0"'

# XXE: an external entity naming a local file; the secret must never show up
echo "TOP-SECRET-$$" > "$tmp/secret.txt"
cat > "$tmp/xxe.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE submission [ <!ENTITY x SYSTEM "file://$tmp/secret.txt"> ]>
<submission $ns title="&x;"/>
XML
expect_error "XXE" "$tmp/xxe.xml" 'xxe.xml:2: error: .*DOCTYPE is not allowed'
grep -q "TOP-SECRET" "$tmp/err" && bad "XXE: the secret leaked into the message"
# the same through --to json, so the secret could not leak into an output either
if "$BK_BIN" convert "$tmp/xxe.xml" "$tmp/xxe.json" 2>/dev/null; then bad "XXE to json accepted"; fi
[ -e "$tmp/xxe.json" ] && grep -q "TOP-SECRET" "$tmp/xxe.json" && bad "XXE: secret in output"

# XXE by parameter entity (a network/file DTD fetch)
cat > "$tmp/xxe2.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE submission [ <!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p; ]>
<submission $ns/>
XML
expect_error "parameter-entity XXE" "$tmp/xxe2.xml" 'DOCTYPE is not allowed'

# billion laughs: refused at once, no expansion (the 20 s timeout would catch a hang)
{
  echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE lolz ['
  echo ' <!ENTITY lol "lol">'
  prev=lol
  for i in 1 2 3 4 5 6 7 8 9; do
    printf ' <!ENTITY lol%s "' "$i"; for j in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done; echo '">'
    prev=lol$i
  done
  echo ']>'
  echo "<submission $ns><section heading=\"h\"><text>&lol9;</text></section></submission>"
} > "$tmp/lol.xml"
start=$(date +%s)
expect_error "billion laughs" "$tmp/lol.xml" 'lol.xml:2: error: .*DOCTYPE is not allowed'
[ $(( $(date +%s) - start )) -le 5 ] || bad "billion laughs took more than 5 s"

# a DOCTYPE after a long prolog of comments is still caught
{ echo '<?xml version="1.0"?>'; for i in $(seq 1 300); do echo "<!-- padding comment number $i ...................... -->"; done
  echo '<!DOCTYPE submission [ <!ENTITY a "b"> ]>'; echo "<submission $ns/>"; } > "$tmp/late.xml"
expect_error "DOCTYPE after 16 KiB of comments" "$tmp/late.xml" 'late.xml:302: error: .*DOCTYPE'

# schema errors: line:column and the schema's own message
sed 's#<amount>7247.19</amount>#<amount>79.1</amount><!-- x -->#' data/full.xml > "$tmp/ok-scale.xml"
"$BK_BIN" convert "$tmp/ok-scale.xml" "$tmp/ok.xml" 2>"$tmp/err" || bad "a 1-decimal amount is valid: $(cat "$tmp/err")"
grep -qF '<amount>79.1</amount>' "$tmp/ok.xml" || bad "79.1 did not stay 79.1"
sed 's#<amount>7247.19</amount>#<amount>79.1.2</amount>#' data/full.xml > "$tmp/amount.xml"
expect_error "bad amount" "$tmp/amount.xml" \
  "amount.xml:19:[0-9]+: error: Element '\{urn:budgetkit:submission:1\}amount': '79.1.2' is not a valid value of the atomic type"
sed 's#<amount>7247.19</amount>#<amount>1.5E3</amount>#' data/full.xml > "$tmp/exp.xml"
expect_error "exponent" "$tmp/exp.xml" "exp.xml:19:[0-9]+: error: .*'1.5E3' is not a valid value"
sed 's#<amount>7247.19</amount>#<amount>1234567890123456789</amount>#' data/full.xml > "$tmp/big.xml"
expect_error "19 digits" "$tmp/big.xml" "big.xml:19:[0-9]+: error: .*1234567890123456789"
sed 's#<table kind="custom"#<table kind="custom" colour="red"#' data/full.xml > "$tmp/attr.xml"
expect_error "unknown attribute" "$tmp/attr.xml" "attr.xml:28:[0-9]+: error: .*attribute 'colour' is not allowed"
sed 's#<task label=#<bogus/><task label=#' data/full.xml > "$tmp/elem.xml"
expect_error "unknown element" "$tmp/elem.xml" "elem.xml:[0-9]+:[0-9]+: error: .*bogus.*This element is not expected"
sed 's#urn:budgetkit:submission:1#urn:other#' data/full.xml > "$tmp/ns.xml"
expect_error "foreign namespace" "$tmp/ns.xml" "ns.xml:2:[0-9]+: error: .*No matching global declaration" --from xml
# a row with a cell missing is caught by our own check (the schema cannot count columns)
"$BK_PYTHON" - "$tmp/cells.xml" <<'PY'
import sys
s = open('data/full.xml', encoding='utf-8').read()
s = s.replace('<amount>7247.19</amount>\n        <blank/>', '<amount>7247.19</amount>', 1)
open(sys.argv[1], 'w', encoding='utf-8').write(s)
PY
expect_error "missing cell" "$tmp/cells.xml" "cells.xml:1[89]: error: <row>: row 1 has 1 cells but its panel has 2 columns"
# not well-formed: truncated, mismatched, not UTF-8
head -c 600 data/full.xml > "$tmp/trunc.xml"
expect_error "truncated" "$tmp/trunc.xml" "trunc.xml:[0-9]+:[0-9]+: error: "
sed 's#</note>#</notes>#' data/full.xml > "$tmp/mismatch.xml"
expect_error "mismatched tag" "$tmp/mismatch.xml" "mismatch.xml:[0-9]+:[0-9]+: error: Opening and ending tag mismatch"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<submission %s title="\xb2\xe2"/>\n' "$ns" > "$tmp/gbk.xml"
expect_error "GBK bytes in a UTF-8 file" "$tmp/gbk.xml" "gbk.xml:2:[0-9]+: error: Input is not proper UTF-8"
# a declared GB18030 file is fine: libxml2 converts it
printf '<?xml version="1.0" encoding="GB18030"?>\n<submission %s title="\xb2\xe2\xca\xd4"/>\n' "$ns" > "$tmp/gb.xml"
"$BK_BIN" convert "$tmp/gb.xml" "$tmp/gb.out.xml" 2>"$tmp/err" || bad "GB18030 input: $(cat "$tmp/err")"
grep -q 'title="测试"' "$tmp/gb.out.xml" || bad "GB18030 title not converted"

# limits: nesting, string length, rows, tables
expect_error "depth limit" data/full.xml "full.xml:7: error: <column>: .*nested deeper than the limit of 3 \(limit.xml_depth\)" -o limit.xml_depth=3
expect_error "string limit" data/full.xml "longer than the limit of 10 bytes \(limit.string_bytes\)" -o limit.string_bytes=10
expect_error "row limit" data/full.xml "more than 5 rows \(limit.rows\)" -o limit.rows=5
expect_error "table limit" data/full.xml "more than 2 tables \(limit.tables\)" -o limit.tables=2
# deep nesting of foreign elements is refused by the schema at the first one
"$BK_PYTHON" -c "print('<?xml version=\"1.0\"?><submission $ns>' + '<a>'*5000 + '</a>'*5000 + '</submission>')" > "$tmp/deep.xml"
expect_error "deep nesting" "$tmp/deep.xml" "deep.xml:1:[0-9]+: error: "

# an existing output file is not clobbered by a failed read
echo "keep me" > "$tmp/keep.xml"
"$BK_BIN" convert "$tmp/amount.xml" "$tmp/keep.xml" 2>/dev/null && bad "bad input converted"
[ "$(cat "$tmp/keep.xml")" = "keep me" ] || bad "a failed conversion clobbered the output"

[ $fail -eq 0 ] && echo "xml_safety: all passed"
exit $fail
