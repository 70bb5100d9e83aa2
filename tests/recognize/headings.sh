#!/bin/bash
# SPDX-License-Identifier: MIT
# Headings the numbering does not tell (core/recognize_heading.c): an unnumbered line that names
# a section the 目录 or the definitions list is a heading at its entry's level; a numbered item
# that continues the list of the line before it is text. On a small text (named_headings.txt)
# and on the 司法局 2026 部门预算 PDF, whose 编制说明 a list item "2. 普陀区法律援助中心" used
# to swallow.
set -uo pipefail
B="$BK_BIN"; S="$BK_SEED"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# sections DOC.json: one line per section, "LEVEL<TAB>HEADING<TAB>TEXT" (newlines as ⏎)
sections() {
  /usr/bin/env "$BK_PYTHON" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))['document']
for s in d.get('sections', []):
    print('%s\t%s\t%s' % (s.get('level'), s.get('heading') or '', (s.get('text') or '').replace('\n', '⏎').replace('\t', ' ')))
PY
}
# has FILE LEVEL HEADING-RE TEXT-RE WHAT: a section of that level whose heading and text match
has() {
  awk -F'\t' -v l="$2" -v h="$3" -v t="$4" '$1 == l && $2 ~ h && $3 ~ t { found = 1 } END { exit !found }' "$1" \
    || fail "$5: no level-$2 section /$3/ with text /$4/: $(cut -f1,2 "$1" | tr '\n' '|')"
}
# lacks FILE HEADING-RE WHAT: no section heading matches
lacks() {
  awk -F'\t' -v h="$2" '$2 ~ h { found = 1 } END { exit found }' "$1" || fail "$3: a heading /$2/: $(grep -E "$2" "$1" | cut -f1,2 | head -1)"
}

# the text: every unnumbered heading its 目录 lists, at level 2 (一、…); another department's
# 机构设置 line, a line no 目录 entry names (实施方案) and the list items stay text
$B convert --overwrite named_headings.txt "$T/fx.json" 2>/dev/null || fail "named_headings.txt: not converted"
sections "$T/fx.json" > "$T/fx.s"
has "$T/fx.s" 2 '^上海市测试区文化局主要职能$' '^上海市测试区文化局是主管.*体育局机构设置⏎本行说明' '主要职能 (with the other department’s line as its text)'
has "$T/fx.s" 2 '^上海市测试区文化局机构设置$' '具体包括： 1\. 测试区文化局本部⏎2\. 测试区文化馆$' '机构设置 (with its list)'
has "$T/fx.s" 2 '^名词解释$' '^（一）财政拨款收入' '名词解释'
has "$T/fx.s" 2 '^2026年部门预算编制说明$' '^2026年，上海市测试区文化局收入预算100\.00万元。⏎实施方案⏎1\.签订合同.*⏎4\.开展评比活动。$' '编制说明'
lacks "$T/fx.s" '^(2\. |[0-9]\.)|体育局|^实施方案' 'named_headings.txt'
[ "$(wc -l < "$T/fx.s")" = 5 ] || fail "named_headings.txt: not 5 sections: $(cut -f1,2 "$T/fx.s" | tr '\n' '|')"

# the seed (a 目录 with leaders and page numbers, 第X部分 parts): its sections unchanged in number
$B convert --overwrite "$S" "$T/seed.json" 2>/dev/null || fail "seed: not converted"
sections "$T/seed.json" > "$T/seed.s"
[ "$(wc -l < "$T/seed.s")" = 25 ] || fail "seed: not its 25 sections: $(wc -l < "$T/seed.s")"

# the 司法局 PDF (the pdf plugin is optional)
P="$(dirname "$(dirname "$S")")/realdocs/pdfs/上海市普陀区司法局2026年部门预算.pdf"
if $B formats | grep -q '^pdf ' && [ -f "$P" ]; then
  $B convert --overwrite "$P" "$T/sfj.json" 2>/dev/null || fail "司法局 PDF: not converted"
  sections "$T/sfj.json" > "$T/sfj.s"
  has "$T/sfj.s" 2 '^上海市普陀区司法局主要职能$' '主要职责是：⏎（一）贯彻执行.*（十）完成区委、区政府交办的其他任务。$' '司法局 主要职能'
  has "$T/sfj.s" 2 '^上海市普陀区司法局机构设置$' '^上海市普陀区司法局部门预算是包括.*1\. 普陀区司法局本部⏎2\. 普陀区法律援助中心$' '司法局 机构设置'
  has "$T/sfj.s" 2 '^名词解释$' '^（一）财政拨款收入：.*（八）机关运行经费：' '司法局 名词解释'
  has "$T/sfj.s" 2 '^2026年部门预算编制说明$' '^2026年，上海市普陀区司法局收入预算9628\.22万元.*购房补贴（03项）243\.36万元' '司法局 编制说明'
  # the items of its 实施方案 ("2.由…；" / "3.全年开展专题培训；") are its text, not a heading
  has "$T/sfj.s" 2 '^四、实施方案$' '⏎3\.全年开展专题培训；⏎4\.开展' '司法局 实施方案'
  lacks "$T/sfj.s" '^[0-9]+\.' '司法局 PDF'
else
  echo "pdf plugin not built or no corpus: the PDF's sections not checked"
fi

[ $fails -eq 0 ] && echo "recognize_headings: ok"
exit $((fails > 0))
