#!/bin/bash
# SPDX-License-Identifier: MIT
# A province's own layout through XSLT, both ways (samples/province-example*),
# user schemas on input and output, and the XSLT sandbox: no file reads
# through document(), no file writes, failures reported with the stylesheet's
# own message and no output left behind.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*"; fail=1; }
command -v xmllint >/dev/null || { echo "xmllint (libxml2-utils) is not installed"; exit 77; }
S="$BK_SOURCE_DIR/samples"
to_prov=(-O "xslt=$S/province-example.xsl" -O "schema=$S/province-example.xsd")
from_prov=(-i "xslt-in=$S/province-example-in.xsl" -i "schema=$S/province-example.xsd")
# expect_fail NAME EXIT PATTERN convert-args...: that exit code, message matches, no output
expect_fail() {
  local name=$1 want=$2 pattern=$3; shift 3
  rm -f "$tmp/fail.out"
  "$BK_BIN" convert "$@" "$tmp/fail.out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || bad "$name: exit $got, expected $want"
  grep -qE -- "$pattern" "$tmp/err" || { bad "$name: message does not match /$pattern/"; cat "$tmp/err"; }
  [ -e "$tmp/fail.out" ] && bad "$name: output left behind"
}

# 1. canonical -> province, validated by the province's schema on the way out
"$BK_BIN" convert "${to_prov[@]}" data/full.xml "$tmp/prov.xml" || bad "canonical -> province"
xmllint --noout --schema "$S/province-example.xsd" "$tmp/prov.xml" 2>/dev/null || bad "xmllint rejects the province file"
grep -q '<部门预算报送 xmlns="urn:example:province:bmys:1" 版本="1" 年度="2024" 报送类型="部门预算"' "$tmp/prov.xml" \
  || bad "province root"
grep -qE '<科目 分栏码="expense" 行号="1" 栏码="total" 科目编码="208" 科目名称="八、社会保障和就业支出" [^>]*单位="忻州市民政局" 资金来源="合计" 支出类型="合计" 金额="7247.19"/>' \
  "$tmp/prov.xml" || bad "the 208 record"
grep -qE '栏码="current" 科目编码="208" [^>]*资金来源="当年预算安排" 支出类型="合计"/>' "$tmp/prov.xml" \
  || bad "a blank cell is a record without 金额"
[ "$(grep -c '<科目 ' "$tmp/prov.xml")" -eq 10 ] || bad "expected 10 科目 records (one per cell)"

# 2. province -> canonical: everything comes back
"$BK_BIN" convert "${from_prov[@]}" "$tmp/prov.xml" "$tmp/back.xml" || bad "province -> canonical"
cmp -s data/full.xml "$tmp/back.xml" || { bad "province round trip differs"; diff data/full.xml "$tmp/back.xml" | head; }

# 3. the seed's first tables, through JSON, the province layout and back
seed="$BK_SOURCE_DIR/samples/seed-first-tables.json"
if [ -e "$seed" ] && "$BK_BIN" formats 2>/dev/null | grep -qw json; then
  "$BK_BIN" convert "$seed" "$tmp/seed.xml" || bad "seed -> xml"
  "$BK_BIN" convert "${to_prov[@]}" "$seed" "$tmp/seed-prov.xml" || bad "seed -> province"
  grep -qE '项目代码="general_public" [^>]*资金来源="合计" 支出类型="合计" 金额="4000.70"' "$tmp/seed-prov.xml" \
    || bad "seed 一般公共预算 4000.70 in the province file"
  "$BK_BIN" convert "${from_prov[@]}" "$tmp/seed-prov.xml" "$tmp/seed-back.xml" || bad "seed province -> canonical"
  cmp -s "$tmp/seed.xml" "$tmp/seed-back.xml" || { bad "seed province round trip differs"; diff "$tmp/seed.xml" "$tmp/seed-back.xml" | head; }
fi

# a province file written by hand (records grouped by column, blank figures left out),
# in UTF-8 and as a GB18030 file, reads as the canonical XML we expect
"$BK_BIN" convert "${from_prov[@]}" data/province-hand.xml "$tmp/hand.xml" || bad "hand-written province file"
cmp -s data/province-hand.expected.xml "$tmp/hand.xml" || { bad "hand-written province file"; diff data/province-hand.expected.xml "$tmp/hand.xml" | head; }
"$BK_PYTHON" - data/province-hand.xml "$tmp/hand-gb.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding='utf-8').read().replace('encoding="UTF-8"', 'encoding="GB18030"', 1)
open(sys.argv[2], 'wb').write(s.encode('gb18030'))
PY
"$BK_BIN" convert "${from_prov[@]}" "$tmp/hand-gb.xml" "$tmp/hand-gb.out.xml" || bad "GB18030 province file"
cmp -s data/province-hand.expected.xml "$tmp/hand-gb.out.xml" || bad "GB18030 province file reads differently"

# the whole seed disclosure, as the recognizer reads it, through the province layout and back
if [ -e "${BK_SEED:-}" ] && "$BK_BIN" convert -q "$BK_SEED" "$tmp/whole.xml" 2>/dev/null; then
  "$BK_BIN" convert "${to_prov[@]}" "$tmp/whole.xml" "$tmp/whole-prov.xml" || bad "whole seed -> province"
  "$BK_BIN" convert "${from_prov[@]}" "$tmp/whole-prov.xml" "$tmp/whole-back.xml" || bad "whole seed province -> canonical"
  cmp -s "$tmp/whole.xml" "$tmp/whole-back.xml" || { bad "whole seed province round trip differs"; diff "$tmp/whole.xml" "$tmp/whole-back.xml" | head; }
fi

# 4. a province file that breaks the province's schema, or yields invalid canonical XML
sed '0,/<科目 分栏码="income" 行号="1"/s//<科目 分栏码="income" 行号="2"/' "$tmp/prov.xml" > "$tmp/dup.xml"
expect_fail "duplicate record" 3 "dup.xml:[0-9]+: error: input fails schema .*province-example.xsd: .*Duplicate key-sequence \['income', '2', 'amount'\]" \
  "${from_prov[@]}" --to xml "$tmp/dup.xml"
sed 's/资金来源="合计"/资金来源="别的"/' "$tmp/prov.xml" > "$tmp/enum.xml"
expect_fail "unknown 资金来源" 3 "enum.xml:[0-9]+: error: input fails schema .*'别的' is not an element of the set" \
  "${from_prov[@]}" --to xml "$tmp/enum.xml"
sed 's/金额="8261.00"/金额="8261.0.0"/' "$tmp/prov.xml" > "$tmp/amount.xml"
expect_fail "bad amount without the province schema" 3 \
  "amount.xml:[0-9]+:[0-9]+: error: in the XML the xslt-in stylesheet made: .*'8261.0.0' is not a valid value" \
  -i "xslt-in=$S/province-example-in.xsl" --to xml "$tmp/amount.xml"
{ echo '<?xml version="1.0"?>'; echo '<!DOCTYPE x [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]>'; echo '<部门预算报送 xmlns="urn:example:province:bmys:1" 版本="1">&e;</部门预算报送>'; } > "$tmp/xxe.xml"
expect_fail "XXE in a province file" 3 "xxe.xml:2: error: .*DOCTYPE is not allowed" "${from_prov[@]}" --to xml "$tmp/xxe.xml"

expect_fail "canonical XML given to the province's inverse" 3 "made no XML element from this input" \
  -i "xslt-in=$S/province-example-in.xsl" --to xml data/full.xml

# 5. user schemas on canonical XML: -i schema validates the input, -O schema the output
"$BK_BIN" convert -i "schema=$BK_SOURCE_DIR/schemas/budgetkit.xsd" data/full.xml "$tmp/ok.xml" || bad "-i schema=budgetkit.xsd"
expect_fail "input fails the user's schema" 3 "full.xml:2:[0-9]+: error: input fails schema .*province-example.xsd: .*No matching global declaration" \
  -i "schema=$S/province-example.xsd" data/full.xml --to xml
expect_fail "output fails the user's schema" 4 "error: output fails schema .*province-example.xsd: .*No matching global declaration" \
  -O "schema=$S/province-example.xsd" data/full.xml --to xml
expect_fail "xslt output fails the user's schema" 4 "error: after xslt: output fails schema .*budgetkit.xsd: .*部门预算报送.*No matching global declaration" \
  -O "xslt=$S/province-example.xsl" -O "schema=$BK_SOURCE_DIR/schemas/budgetkit.xsd" data/full.xml --to xml

# 6. the sandbox: document() cannot read files, xsl:document cannot write them
cat > "$tmp/read.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><out><xsl:copy-of select="document('file:///etc/hostname')"/></out></xsl:template>
</xsl:stylesheet>
XSL
expect_fail "document() read" 4 "Local file read for file:///etc/hostname refused" -O "xslt=$tmp/read.xsl" data/full.xml --to xml
cat > "$tmp/write.xsl" <<XSL
<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:document href="$tmp/pwned.txt" method="text">owned</xsl:document><out/></xsl:template>
</xsl:stylesheet>
XSL
expect_fail "xsl:document write" 4 "File write for .*pwned.txt refused" -O "xslt=$tmp/write.xsl" data/full.xml --to xml
[ -e "$tmp/pwned.txt" ] && bad "the stylesheet wrote a file"
cat > "$tmp/stop.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:message terminate="yes">本省要求：缺少单位编码</xsl:message></xsl:template>
</xsl:stylesheet>
XSL
expect_fail "xsl:message terminate" 4 "stop.xsl: 本省要求：缺少单位编码" -O "xslt=$tmp/stop.xsl" data/full.xml --to xml
cat > "$tmp/broken.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:value-of select="count(("/></xsl:template>
</xsl:stylesheet>
XSL
expect_fail "stylesheet that does not compile" 2 "could not compile select expression 'count\(\('" -O "xslt=$tmp/broken.xsl" data/full.xml --to xml
grep -q "XPath error" "$tmp/err" && bad "libxml2 printed to stderr by itself"
expect_fail "missing stylesheet" 2 "cannot open '.*nothere.xsl': No such file" -O "xslt=$tmp/nothere.xsl" data/full.xml --to xml

[ $fail -eq 0 ] && echo "xml_xslt: all passed"
exit $fail
