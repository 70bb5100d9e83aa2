# SPDX-License-Identifier: MIT
"""Check an annotated workbook (validate --annotate) against the findings of validate --format json:
every finding is a row of 检查结果 with an internal link to a cell whose comment carries its message
and whose fill is its severity's; a table or form finding's cell holds the printed figure, a text
finding's cell the sentence it quotes.
usage: check_annotate.py OUT.xlsx FINDINGS.json [EXPECTED_COUNT]"""
import json
import re
import sys
from decimal import Decimal

import openpyxl

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "rounding": "DDEBF7"}
LABELS = {"error": "错误", "warning": "警告", "rounding": "舍入"}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    findings = json.load(open(sys.argv[2], encoding="utf-8"))["findings"]
    if len(sys.argv) > 3 and len(findings) != int(sys.argv[3]):
        fail(f"{len(findings)} findings, expected {sys.argv[3]}")
    if wb.sheetnames[0] != "检查结果" or wb.active.title != "检查结果":
        fail(f"检查结果 is not the first, active sheet: {wb.sheetnames[:2]}, active {wb.active.title}")
    ws = wb["检查结果"]
    header = [c.value for c in ws[3]]
    if header[:5] != ["序号", "类别", "规则", "位置", "原文位置"] or header[-1] != "说明":
        fail(f"header {header}")
    msg_col, src_col = header.index("说明"), header.index("原文位置")
    rows = list(ws.iter_rows(min_row=4))
    if len(rows) != len(findings):
        fail(f"检查结果 has {len(rows)} rows for {len(findings)} findings")
    # errors first, then warnings, then rounding
    order = [r[1].value for r in rows]
    rank = {"错误": 0, "警告": 1, "舍入": 2}
    if order != sorted(order, key=rank.get):
        fail("检查结果 is not ordered errors, warnings, rounding")
    by_message = {}
    for r in rows:
        by_message.setdefault((r[2].value, r[msg_col].value), []).append(r)
    checked = {"table": 0, "text": 0}
    for f in findings:
        key = (f["rule"], f["message"])
        if not by_message.get(key):
            fail(f"finding not listed: {key}")
        r = by_message[key].pop()
        if r[1].value != LABELS[f["severity"]]:
            fail(f"severity {r[1].value} for {f['severity']}: {key}")
        # beside the link: where the input printed it (a text file's line here; PDFs: pdf_annotate.sh)
        pos = f.get("position") or {}
        if pos.get("line") and (r[src_col].value or "") not in ("", f"line {pos['line']}") and "!" not in (r[src_col].value or ""):
            fail(f"原文位置 {r[src_col].value!r} for line {pos['line']}: {key}")
        link = r[3].hyperlink
        if link is None or not link.location:
            fail(f"no internal link for {key}")
        sheet, ref = link.location.rsplit("!", 1)
        sheet = sheet.strip("'").replace("''", "'")
        if r[3].value != f"{sheet}!{ref}":
            fail(f"link text {r[3].value} for {link.location}")
        cell = wb[sheet][ref]
        if cell.comment is None or f["message"] not in cell.comment.text:
            fail(f"{sheet}!{ref}: no comment with the message of {key}")
        fill = (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type else ""
        worst = [s for s in ("error", "warning", "rounding")
                 if f"[{LABELS[s]} " in cell.comment.text][0]
        if fill.upper() != FILLS[worst]:
            fail(f"{sheet}!{ref}: fill {fill} for a {worst} finding")
        if f["table_kind"] == "narrative":
            if sheet != "情况说明":
                fail(f"text finding on {sheet}")
            m = re.search(r"“([^”]+)”", f["message"])
            if m and m.group(1) not in str(cell.value):
                fail(f"{sheet}!{ref} does not hold the sentence of {key}")
            checked["text"] += 1
        elif f["cells"]:
            printed = Decimal(f["actual"])
            value = cell.value
            if value is None and printed == 0:
                pass  # a blank printed cell counts 0
            elif value is None or Decimal(str(value)).quantize(printed) != printed:
                fail(f"{sheet}!{ref} holds {value!r}, the finding printed {printed}: {key}")
            checked["table"] += 1
    print(f"annotate: {len(findings)} findings on their cells ({checked['table']} figures checked by value, "
          f"{checked['text']} sentences)")


main()
