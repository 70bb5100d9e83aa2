#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerate the malformed-input corpus (json/, csv/, xlsx/, xml/, any/).

Every file is derived from a small valid document, then damaged in one
precise way, so each case tests one thing. Run from anywhere; the files are
committed, so this script is only needed to change or add cases. Golden
errors live in cases.tsv (checked by run.sh), not here.
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def put(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- JSON
def jdoc(tables="", extra_doc="", head='"format": "budgetkit",\n  "version": 1,\n'):
    return ('{\n  ' + head + '  "document": {\n'
            '    "fiscal_year": 2024,\n    "kind": "budget",\n'
            '    "title": "忻州市民政局2024年部门预算公开",\n' + extra_doc +
            '    "tables": [' + tables + ']\n  }\n}\n')


def jtable(amount='"8261.00"', extra_row="", title="2024年预算收支总表"):
    # amounts are JSON numbers in the canonical format; amount is inserted verbatim
    return ('\n      {\n        "kind": "custom",\n        "title": "' + title + '",\n'
            '        "panels": [\n          {\n            "key": "main",\n'
            '            "columns": [{"key": "amount", "label": "金额", "type": "amount"}],\n'
            '            "rows": [\n'
            '              {"name": "收入总计", "cells": [' + amount + ']}' + extra_row + '\n'
            '            ]\n          }\n        ]\n      }\n    ')


def json_cases():
    good = jdoc(jtable("8261.00"))
    put("json/control-valid.json", good)
    put("json/truncated.json", good[: good.index('"panels"') + 12])
    put("json/truncated-in-string.json", good[: good.index("民政局") + 3])
    put("json/empty.json", b"")
    put("json/whitespace-only.json", " \n\t\n")
    put("json/nul-in-string.json", good.replace("忻州市民政局2024", "忻州市\x00民政局2024"))
    put("json/nul-between-tokens.json", good.replace('"kind": "budget",', '"kind": "budget",\x00'))
    put("json/bom-in-middle.json", good.replace('"kind": "budget",', '\ufeff"kind": "budget",'))
    put("json/latin1-byte.json", good.encode("utf-8").replace("民政局2024".encode(), b"caf\xe9 2024"))
    put("json/utf16le.json", b"\xff\xfe" + good.encode("utf-16-le"))
    put("json/gb18030.json", good.encode("gb18030"))
    put("json/overlong-utf8.json", good.encode("utf-8").replace(b'"budget"', b'"bud\xc0\xa7get"'))
    put("json/lone-surrogate.json", good.replace("民政局2024", "\\ud800 2024"))
    put("json/raw-control-char.json", good.replace("民政局2024", "民政\x01局2024"))
    put("json/duplicate-key.json", good.replace('"kind": "budget",', '"kind": "budget",\n    "kind": "final",'))
    put("json/duplicate-top-key.json", good.replace('"version": 1,', '"version": 1,\n  "version": 1,'))
    put("json/huge-number.json", jdoc(jtable("99999999999999999999999.00")))
    put("json/too-many-decimals.json", jdoc(jtable("1.0000001")))
    put("json/nan.json", jdoc(jtable("NaN")))
    put("json/infinity.json", jdoc(jtable("-Infinity")))
    put("json/exponent.json", jdoc(jtable("8.261e3")))
    put("json/amount-as-string.json", jdoc(jtable('"8261.00"')))
    put("json/negative-zero.json", jdoc(jtable("-0.00")))
    put("json/extra-cell.json", jdoc(jtable("1.00, 2.00")))
    put("json/top-level-array.json", "[" + good + "]\n")
    put("json/wrong-format-tag.json", good.replace('"format": "budgetkit"', '"format": "something-else"'))
    put("json/future-version.json", good.replace('"version": 1', '"version": 99'))
    put("json/trailing-garbage.json", good + "}\n")
    put("json/deep-nesting.json", '{"format": "budgetkit", "version": 1, "document": {"x": '
        + "[" * 5000 + "]" * 5000 + "}}\n")
    put("json/long-string.json", good.replace("忻州市民政局2024", "长" * 400 + "2024"))
    put("json/many-tables.json", jdoc(",".join(jtable(title="表%d" % i) for i in range(5))))
    put("json/unknown-key.json", good.replace('"kind": "budget",', '"kind": "budget",\n    "colour": "blue",'))
    # regressions: fuzz_json found UB on an empty first key (fixed in 701d775)
    put("json/fuzz-empty-first-key.json", '{\n""')
    put("json/fuzz-duplicate-empty-key.json", '{"format": "budgetkit", "": 1, "":2}')
    put("json/wrong-type.json", good.replace('"fiscal_year": 2024', '"fiscal_year": "二〇二四"'))


# ---------------------------------------------------------------- CSV (long layout)
def csv_cases():
    base = open(os.path.join(HERE, "base", "long.csv"), encoding="utf-8").read()
    lines = base.split("\n")
    header = lines[0]
    put("csv/control-valid.csv", base)
    put("csv/truncated-quote.csv", base[: base.index('"注：') + 8])
    put("csv/nul-byte.csv", base.replace("忻州市民政局2024", "忻州市\x00民政局2024", 1))
    put("csv/bom-in-middle.csv", base.replace(",8261.00,", ",\ufeff8261.00,", 1))
    put("csv/bom-at-line-start.csv", base.replace("\n2024年预算收支总表,,一、", "\n\ufeff2024年预算收支总表,,一、", 1))
    put("csv/short-row.csv", base.replace(",8261.00,budget.summary,amount,wan_yuan,1,income,total", ",8261.00", 1))
    put("csv/bad-utf8.csv", base.encode("utf-8").replace("救助管理站".encode(), b"\xe6\x95\x91\xff\xfe", 1))
    put("csv/gb18030-mislabelled.csv", base.encode("gb18030"))
    put("csv/utf16le.csv", b"\xff\xfe" + base.encode("utf-16-le"))
    put("csv/mixed-encodings.csv", base.encode("utf-8") + "备注,第二种编码\n".encode("gb18030"))
    put("csv/huge-number.csv", base.replace(",8261.00,", ",92233720368547758080.00,", 1))
    put("csv/nan-value.csv", base.replace(",8261.00,", ",NaN,", 1))
    put("csv/inf-value.csv", base.replace(",8261.00,", ",-Inf,", 1))
    put("csv/negative-zero.csv", base.replace(",8261.00,", ",-0.00,", 1))
    put("csv/thousands-separator.csv", base.replace(",8261.00,", ',"8,261.00",', 1))
    put("csv/long-no-value-column.csv", "\n".join(
        [",".join(c for c in header.split(",") if c != "value")] + lines[1:8]) + "\n")
    cols = header.split(",")
    put("csv/long-duplicate-value-column.csv", header + ",value\n" + "\n".join(
        l + "," if l else l for l in lines[1:]))
    put("csv/header-only.csv", header + "\n")
    put("csv/empty.csv", b"")
    put("csv/ragged-row.csv", base.replace("\n,,,,,,title,", "\n,,,,,,title,,,,,,", 1))
    put("csv/bad-row-role.csv", base.replace(",income,data,1,", ",income,datum,1,", 1))
    put("csv/bad-level.csv", base.replace(",income,data,1,", ",income,data,99999999999,", 1))
    put("csv/cell-before-table.csv", header + "\n" + "\n".join(l for l in lines[1:] if ",table," not in l))
    # regression: a limit below libcsv's 128-byte buffer block refused every file at 1:1
    put("csv/small-string-limit-ok.csv", "a,b\n1,2\n")
    put("csv/small-string-limit-exceeded.csv", "a,b\n1,2\n3," + "x" * 150 + "\n")
    put("csv/long-field.csv", base.replace("忻州市民政局2024", "长" * 400 + "2024", 1))
    put("csv/many-columns.csv", base.replace("\n,,,,,,title,", "\n" + "," * 600 + "\n,,,,,,title,", 1))
    del cols


# ---------------------------------------------------------------- CSV (report layout, from the seed)
def report_cases():
    # 2024年预算收入总表 of the seed disclosure, tab-separated as extracted from the PDF
    base = open(os.path.join(HERE, "base", "seed-income.tsv"), encoding="utf-8").read()
    lines = base.split("\n")
    hdr = lines.index("科目编码\t科目名称\t合计\t一般公共预算\t政府性基金\t国有资本经营预算\t财政专户管理资金\t\t单位资金")

    def drop_col(line, i):
        f = line.split("\t")
        return "\t".join(f[:i] + f[i + 1:]) if len(f) > i else line

    put("csv/report-control.tsv", base)
    put("csv/report-nan.tsv", base.replace("\t4000.70\t", "\tNaN\t", 1))
    put("csv/report-infinity.tsv", base.replace("\t4000.70\t", "\tInfinity\t", 1))
    put("csv/report-huge-number.tsv", base.replace("\t4000.70\t", "\t99999999999999999999.00\t", 1))
    put("csv/report-negative-zero.tsv", base.replace("\t15.55\t15.55\t", "\t-0.00\t-0.00\t", 1))
    put("csv/report-exponent.tsv", base.replace("\t4000.70\t", "\t4.0007E3\t", 1))
    put("csv/report-missing-column.tsv", "\n".join(lines[:hdr] + [drop_col(l, 3) for l in lines[hdr:]]))
    put("csv/report-duplicate-column.tsv", "\n".join(
        lines[:hdr] + [lines[hdr].replace("\t合计\t", "\t合计\t合计\t")] + [
            "\t".join(l.split("\t")[:3] + l.split("\t")[2:]) if l else l for l in lines[hdr + 1:]]))
    put("csv/report-no-data.tsv", "\n".join(lines[:hdr + 1]) + "\n")
    put("csv/report-truncated.tsv", base[: base.index("\t6848.15") + 5])
    put("csv/report-nul.tsv", base.replace("组织事务", "组织\x00事务", 1))
    put("pending/csv-report-bom-in-line.tsv", base.replace("\n201\t", "\n\ufeff201\t", 1))
    put("csv/report-mixed-encoding.tsv", base.encode("utf-8").replace(
        "行政运行".encode("utf-8"), "行政运行".encode("gb18030"), 1))
    put("csv/report-merged-chaos.tsv", base.replace("项目\t\t本年收入\t\t\t\t\t上年结转\t",
                                                    "项目\t项目\t本年收入\t本年收入\t上年结转\t本年收入\t\t上年结转\t项目", 1))
    put("csv/report-text-in-amount.tsv", base.replace("\t4000.70\t", "\t四千点七\t", 1))


# ---------------------------------------------------------------- XLSX
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets>SHEETS</sheets></workbook>')
SHEET1 = '<sheet name="预算公开表1" sheetId="1" r:id="rId1"/>'
WBRELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
          '</Relationships>')
STRINGS = ["2024年预算收支总表", "部门名称：忻州市民政局", "单位：万元", "项目", "预算数", "一、一般公共预算", "收入总计"]


def sst(strings):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (len(strings), len(strings)) + "".join("<si><t>%s</t></si>" % t for t in strings) + "</sst>")


def row(r, cells):
    out = '<row r="%d">' % r
    for ref, kind, v in cells:
        if kind == "s":
            out += '<c r="%s" t="s"><v>%s</v></c>' % (ref, v)
        else:
            out += '<c r="%s"><v>%s</v></c>' % (ref, v)
    return out + "</row>"


ROWS = [row(1, [("A1", "s", 0)]), row(2, [("A2", "s", 1), ("B2", "s", 2)]),
        row(3, [("A3", "s", 3), ("B3", "s", 4)]), row(4, [("A4", "s", 5), ("B4", "n", "5021")]),
        row(5, [("A5", "s", 6), ("B5", "n", "8261")])]
MERGES = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'


def sheet(rows=None, merges=MERGES, dims="A1:B5"):
    rows = ROWS if rows is None else rows
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<dimension ref="%s"/><sheetData>' % dims + "".join(rows) + "</sheetData>" + merges + "</worksheet>")


def xlsx(parts=None, drop=(), method=zipfile.ZIP_DEFLATED):
    files = {"[Content_Types].xml": CT, "_rels/.rels": RELS, "xl/workbook.xml": WB.replace("SHEETS", SHEET1),
             "xl/_rels/workbook.xml.rels": WBRELS, "xl/sharedStrings.xml": sst(STRINGS),
             "xl/worksheets/sheet1.xml": sheet()}
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in files.items():
            if name in drop:
                continue
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def xlsx_cases():
    good = xlsx()
    put("base/minimal.xlsx", good)
    put("xlsx/control-valid.xlsx", good)
    put("xlsx/truncated.xlsx", good[: len(good) // 2])
    put("xlsx/not-a-zip.xlsx", b"PK\x03\x04" + b"\x00" * 60)
    put("xlsx/empty.xlsx", b"")
    put("xlsx/no-workbook.xlsx", xlsx(drop=("xl/workbook.xml",)))
    put("xlsx/no-sheets.xlsx", xlsx({"xl/workbook.xml": WB.replace("SHEETS", "")}))
    put("xlsx/missing-sheet-part.xlsx", xlsx(drop=("xl/worksheets/sheet1.xml",)))
    put("xlsx/sheet-no-data.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(rows=[], merges="", dims="A1")}))
    put("xlsx/bad-shared-index.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS[:3] + [row(4, [("A4", "s", 999999), ("B4", "n", "5021")])])}))
    put("xlsx/broken-sheet-xml.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet().replace("</sheetData>", "")}))
    put("xlsx/nul-in-sheet-xml.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet().replace("<sheetData>", "<sheetData>\x00")}))
    put("xlsx/bad-utf8-in-strings.xlsx", xlsx({"xl/sharedStrings.xml": sst(STRINGS).encode("utf-8").replace(
        "忻州市".encode(), b"\xff\xfe\xfd")}))
    put("xlsx/gbk-declared-utf8.xlsx", xlsx({"xl/sharedStrings.xml": sst(STRINGS).replace(
        'encoding="UTF-8"', 'encoding="GBK"').encode("gbk")}))
    put("xlsx/huge-number.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS[:3] + [row(4, [("A4", "s", 5), ("B4", "n", "9.9E+300")])])}))
    put("xlsx/nan-number.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS[:3] + [row(4, [("A4", "s", 5), ("B4", "n", "NaN")])])}))
    put("xlsx/negative-zero.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS[:3] + [row(4, [("A4", "s", 5), ("B4", "n", "-0")])])}))
    put("xlsx/bad-cell-ref.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS[:3] + [row(4, [("ZZZZZZ99999999", "n", "1")])])}))
    put("xlsx/merged-cell-chaos.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(merges=(
        '<mergeCells count="4"><mergeCell ref="A1:B1"/><mergeCell ref="A1:B5"/>'
        '<mergeCell ref="B2:A1"/><mergeCell ref="XFD1048576:A1"/></mergeCells>'))}))
    put("xlsx/merge-out-of-range.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(merges=(
        '<mergeCells count="1"><mergeCell ref="A1:ZZZZ99999999"/></mergeCells>'))}))
    put("xlsx/duplicate-rows.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(rows=ROWS + ROWS[3:])}))
    put("xlsx/external-entity.xlsx", xlsx({"xl/sharedStrings.xml": sst(STRINGS).replace(
        "<sst ", '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst ').replace(
        "<t>项目</t>", "<t>&x;</t>")}))
    put("xlsx/billion-laughs.xlsx", xlsx({"xl/sharedStrings.xml": sst(STRINGS).replace(
        "<sst ", '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><sst ').replace(
        "<t>项目</t>", "<t>&f;&f;&f;&f;&f;&f;&f;&f;</t>")}))
    # one highly compressible entry: 8 MiB of spaces inside the sheet
    put("xlsx/zip-bomb-ratio.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet().replace(
        "<sheetData>", "<sheetData>" + " " * (8 << 20))}))
    put("xlsx/deep-xml.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet().replace(
        "<sheetData>", "<sheetData>" + "<x>" * 200 + "</x>" * 200)}))
    put("xlsx/stored-not-deflated.xlsx", xlsx(method=zipfile.ZIP_STORED))
    # a CRC mismatch: flip one byte of the stored sheet data
    stored = bytearray(xlsx(method=zipfile.ZIP_STORED))
    i = stored.find(b"<v>5021</v>")
    stored[i + 6] = ord("2")
    put("xlsx/crc-mismatch.xlsx", bytes(stored))


# ---------------------------------------------------------------- XML
def xdoc(body=None, root_attrs='version="1.0" fiscal-year="2024" kind="budget" title="忻州市民政局2024年部门预算公开"',
         decl='<?xml version="1.0" encoding="UTF-8"?>\n', amount="<amount>8261.00</amount>"):
    if body is None:
        body = ('  <table kind="custom" title="2024年预算收支总表" unit="wan_yuan" scale="2">\n'
                '    <panel key="main" name-label="项目">\n'
                '      <column key="amount" label="金额" type="amount"/>\n'
                '      <row name="收入总计" role="total">\n        ' + amount + '\n      </row>\n'
                '    </panel>\n  </table>\n')
    return decl + '<submission ' + root_attrs + ' xmlns="urn:budgetkit:submission:1">\n' + body + '</submission>\n'


def xml_cases():
    good = xdoc()
    put("xml/control-valid.xml", good)
    put("xml/truncated.xml", good[: good.index("<column")])
    put("xml/empty.xml", b"")
    put("xml/not-xml.xml", "this is not XML at all\n")
    put("xml/nul-byte.xml", good.replace("收入总计", "收入\x00总计"))
    put("xml/bom-in-middle.xml", good.replace("<table ", "\ufeff<table "))
    put("xml/latin1-undeclared.xml", good.encode("utf-8").replace("收入总计".encode(), b"caf\xe9"))
    put("xml/gb18030-declared.xml", good.replace('encoding="UTF-8"', 'encoding="GB18030"').encode("gb18030"))
    put("xml/utf16-declared-utf8.xml", b"\xff\xfe" + good.encode("utf-16-le"))
    put("xml/mismatched-tag.xml", good.replace("</panel>", "</panle>"))
    put("xml/wrong-root.xml", good.replace("<submission ", "<budget ").replace("</submission>", "</budget>"))
    put("xml/wrong-namespace.xml", good.replace("urn:budgetkit:submission:1", "urn:example:other"))
    put("xml/huge-number.xml", xdoc(amount="<amount>99999999999999999999.00</amount>"))
    put("xml/nan.xml", xdoc(amount="<amount>NaN</amount>"))
    put("xml/infinity.xml", xdoc(amount="<amount>INF</amount>"))
    put("xml/negative-zero.xml", xdoc(amount="<amount>-0.00</amount>"))
    put("xml/exponent.xml", xdoc(amount="<amount>8.261E3</amount>"))
    put("xml/extra-cell.xml", xdoc(amount="<amount>1.00</amount><amount>2.00</amount>"))
    put("xml/missing-cell.xml", xdoc(amount=""))
    put("xml/duplicate-attribute.xml", good.replace('kind="budget"', 'kind="budget" kind="final"'))
    put("xml/unknown-element.xml", good.replace("<column ", "<colour/>\n      <column "))
    put("xml/bad-year.xml", good.replace('fiscal-year="2024"', 'fiscal-year="二〇二四"'))
    put("xml/external-entity.xml", good.replace('<submission ', '<!DOCTYPE submission [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<submission ').replace("收入总计", "&x;"))
    put("xml/billion-laughs.xml", good.replace('<submission ', '<!DOCTYPE submission [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
        '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>\n<submission ').replace("收入总计", "&f;&f;&f;&f;&f;&f;&f;&f;"))
    put("xml/deeply-nested.xml", good.replace("<column ", "<x>" * 5000 + "</x>" * 5000 + "\n      <column "))
    put("xml/long-attribute.xml", good.replace("收入总计", "长" * 400))
    put("xml/many-tables.xml", xdoc(body="".join(
        '  <table kind="custom" title="表%d"><panel key="main"/></table>\n' % i for i in range(5))))
    put("xml/trailing-garbage.xml", good + "<extra/>\n")
    put("xml/no-data-tables.xml", xdoc(body=""))


# ---------------------------------------------------------------- anything
def pending_cases():
    # minimal reproducers of findings not fixed yet (see pending/README.md)
    put("pending/xlsx-duplicate-row-overwrites.xlsx", xlsx({"xl/worksheets/sheet1.xml": sheet(
        rows=ROWS + [row(4, [("A4", "s", 5), ("B4", "n", "9999")])])}))


def any_cases():
    put("any/random-binary.dat", bytes((i * 7919 + 13) % 256 for i in range(2048)))
    put("any/zero-bytes.dat", b"")
    put("any/ps-header.ps", b"%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n")


# ---------------------------------------------------------------- PDF
def pdf(objs, trailer_extra=b"", xref=True, shift=0):
    """A PDF of the numbered objects (bytes, without 'N 0 obj'); object 1 is the catalog.
    shift moves every xref offset (a broken table MuPDF must repair)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offs:
            out += b"%010d 00000 n \n" % (off + shift)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objs) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def pdf_pages(contents, resources=b"<< /Font << /F1 4 0 R >> >>", extra_objs=()):
    """Catalog, pages, one page per content stream (objects from 5 on), a Helvetica font."""
    n = len(contents)
    first = 5 + len(extra_objs)
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
            b"<< >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] + list(extra_objs)
    for i, c in enumerate(contents):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources +
                    b" /Contents %d 0 R >>" % (first + 2 * i + 1))
        objs.append(stream(c))
    return objs


def pdf_cases():
    hello = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    put("pdf/control-valid.pdf", pdf(pdf_pages([hello])))
    put("pdf/no-pages.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    put("pdf/three-pages.pdf", pdf(pdf_pages([hello, hello, hello])))
    put("pdf/no-text.pdf", pdf(pdf_pages([b"0 0 0 RG 72 700 m 500 700 l S 72 600 400 0.5 re f"])))
    put("pdf/broken-xref.pdf", pdf(pdf_pages([hello]), shift=7))
    put("pdf/no-xref.pdf", pdf(pdf_pages([hello]), xref=False))
    full = pdf(pdf_pages([hello]))
    put("pdf/truncated.pdf", full[: len(full) // 2])
    # a user password (the /U entry matches no password, not even the empty one)
    enc = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    objs = pdf_pages([hello]) + [enc]
    put("pdf/encrypted.pdf", pdf(objs, b"/Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] " % len(objs)))
    # forms nested 300 deep: X1 draws X2 … draws the text
    depth = 300
    forms = []
    for i in range(depth):
        body = (b"/X%d Do" % (i + 2)) if i + 1 < depth else hello
        res = (b"/Resources << /XObject << /X%d %d 0 R >> >> " % (i + 2, 7 + i)) if i + 1 < depth else \
              b"/Resources << /Font << /F1 4 0 R >> >> "
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", stream(b"/X1 Do")] + forms
    put("pdf/nested-forms.pdf", pdf(objs))
    # a form that draws itself
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", stream(hello + b" /X1 Do"),
            stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >> ")]
    put("pdf/form-cycle.pdf", pdf(objs))
    # 20,000 thin rules on one page: over the rules a table may have, read as text
    rules = b"".join(b"72 %d.%d 400 0.3 re " % (100 + i * 11 // 10, i * 11 % 10) for i in range(5000)) + b"f " + hello
    put("pdf/many-rules.pdf", pdf(pdf_pages([rules])))


if __name__ == "__main__":
    json_cases()
    csv_cases()
    report_cases()
    xlsx_cases()
    xml_cases()
    any_cases()
    pdf_cases()
    pending_cases()
