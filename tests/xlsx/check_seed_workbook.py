# SPDX-License-Identifier: MIT
"""Assert what openpyxl sees in the seed's publication workbook (budgetkit convert seed → xlsx):
sheets, merged header ranges, values, number formats, frozen panes, print settings, charts."""
import decimal
import json
import sys
import zipfile

import openpyxl

path, seed_json = sys.argv[1], sys.argv[2]
doc = json.load(open(seed_json, encoding="utf-8"), parse_float=decimal.Decimal)["document"]
wb = openpyxl.load_workbook(path)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


# the cover, one sheet per table in document order, then the forms, 情况说明, then the charts
titles = [t["title"] for t in doc["tables"]]
nt = len(titles)
check(wb.sheetnames[0] == "封面", f"first sheet {wb.sheetnames[0]}")
check(wb.sheetnames[1: nt + 1] == [t[:31] for t in titles], f"table sheets {wb.sheetnames[1:nt + 1]}")
check(len(wb.sheetnames) == nt + len(doc["perf_targets"]) + 4, f"{len(wb.sheetnames)} sheets")
check(wb.sheetnames[nt + 1] == "整体支出绩效目标", "department form sheet")
check(all(n.startswith("绩效-") for n in wb.sheetnames[nt + 2:-3]), "project forms named by project")
check(wb.sheetnames[-3] == "情况说明", f"sections sheet {wb.sheetnames[-3]}")

cover = wb["封面"]
crow = {c.value: c for row in cover.iter_rows() for c in row if c.value is not None}
title = crow.get(doc["title"])
check(title is not None and title.font.b and title.font.sz >= 20 and title.row > 4,
      "cover: the title large and bold, down the page")
check(title is not None and f"A{title.row}:D{title.row}" in {str(r) for r in cover.merged_cells.ranges},
      "cover: title across the sheet")
head = crow.get("项目")
check(head is not None and cover.cell(head.row, 2).value == "内容", "cover: facts header")
check(head is not None and any(b.id == head.row - 1 for b in cover.row_breaks.brk),
      "cover: the facts on the page after the cover")
facts = {r[0]: r[1] for r in cover.iter_rows(values_only=True) if r[0] in ("部门名称", "年度")}
check(facts == {"部门名称": "忻州市民政局", "年度": "2024"}, f"cover: facts {facts}")
unit_rows = [r for r in cover.iter_rows(values_only=True) if r[0] == "序号"]
check(unit_rows == [("序号", "预算单位", "单位编码", "单位类型")], f"cover: units header {unit_rows}")
names = [r[1] for r in cover.iter_rows(values_only=True) if r[0] and str(r[0]).isdigit()]
check(names == [u["name"] for u in doc["units"]] and len(names) == 6, f"cover: the 6 budget units {names}")
long_unit = next(c for c in cover["B"] if c.value and str(c.value).startswith("忻州市社会救助服务中心"))
check(long_unit.alignment.wrap_text and (cover.row_dimensions[long_unit.row].height or 0) > 14,
      "cover: a long unit name wraps in a taller row")
check(cover.sheet_properties.pageSetUpPr.fitToPage and cover.page_setup.fitToHeight in (0, "0"),
      "cover: one page wide")

notes = wb["情况说明"]
rows = list(notes.iter_rows(values_only=True))
check(rows[0][0] == "情况说明" and rows[1][:3] == ("标题与正文", "级次", "原文"), "情况说明: title and the header")
check(notes.row_dimensions[2].hidden, "情况说明: the header row hidden")
check(notes.column_dimensions["B"].hidden and notes.column_dimensions["C"].hidden
      or all(notes.column_dimensions[c].hidden for c in "BC"), "情况说明: 级次 and 原文 hidden")
heads = [(int(r[1]), r[0]) for r in rows[2:] if r[1]]
check(heads == [(s_["level"], s_["heading"]) for s_ in doc["sections"]], "情况说明: the 25 headings in order")
check(len(heads) == 25, f"{len(heads)} sections")
duty = next(i for i, r in enumerate(rows) if r[0] == "一、本部门职责")
check(rows[duty + 1][0] == doc["sections"][2]["text"].split("\n")[0], "情况说明: a paragraph per row")
para = notes.cell(duty + 2, 1)
check(para.alignment.wrap_text and para.border.left.style is None, "情况说明: paragraphs wrap, no box")
check(notes.cell(duty + 1, 1).font.b and notes.cell(duty + 1, 1).font.sz >= 12, "情况说明: headings as headings")
toc = next(i for i, r in enumerate(rows) if r[1] and r[0].replace(" ", "") == "目录")
check(rows[toc][2] == "原文" and rows[toc + 1][0] == titles[0] and "\t" not in (rows[toc + 1][0] or ""),
      "情况说明: the 目录 lists this workbook's sheets, not the PDF's pages")
check(rows[toc + 1][2] == doc["sections"][0]["text"].split("\n")[0], "情况说明: the source's 目录 kept hidden")
check(notes.page_setup.orientation == "portrait" and not notes.sheet_properties.pageSetUpPr.fitToPage,
      "情况说明: A4 portrait at full size over its pages, not shrunk to one")
check(notes.column_dimensions["A"].width >= 80, f"情况说明: a page-wide text column {notes.column_dimensions['A'].width}")
check("&P" in (notes.oddFooter.center.text or ""), "情况说明: footer")
check(all(len(n) <= 31 for n in wb.sheetnames), "names ≤ 31")
check(len({n.lower() for n in wb.sheetnames}) == len(wb.sheetnames), "names unique")
check(wb.sheetnames[-2:] == ["图表", "图表数据"] and wb["图表数据"].sheet_state == "hidden", "chart sheets")

s = wb["2024年预算收支总表"]
merged = {str(r) for r in s.merged_cells.ranges}
check({"A2:F2", "A4:B4", "C4:F4"} <= merged, f"收支总表 merges {merged}")
check(s["A1"].value == "预算公开表1", "number label")
check(s["A2"].value == "2024年预算收支总表" and s["A2"].font.b and s["A2"].font.sz >= 14, "title bold, larger")
check(s["A3"].value == "部门名称：忻州市民政局" and s["F3"].value == "单位：万元", "部门名称 left, 单位 right, one line")
check(s["F3"].alignment.horizontal == "right", "单位 right-aligned")
check([c.value for c in s[5]] == ["项目", "2024年", "项目", "2024年合计", "当年预算安排", "上年结转安排"], "header")
check(s.freeze_panes == "A6", f"frozen {s.freeze_panes}")
check(s.print_title_rows in ("$4:$5", "4:5"), f"repeated rows {s.print_title_rows}")
ps = s.page_setup
check(ps.orientation == "landscape" and str(ps.paperSize) == "9", "A4 landscape")
check(s.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth in (None, 1, "1"), "fit to one page wide")
check(ps.fitToHeight in (None, 1, "1"), "a short table: one page tall")
check("&P" in (s.oddFooter.center.text or "") and "宋体" in (s.oddFooter.center.font or ""),
      f"page numbers in the footer, in 宋体 {s.oddFooter.center.font}")
check("忻州市民政局" in (s.oddHeader.left.text or ""), "the department in the header")
check(s.page_margins.top >= 0.7 and s.page_margins.left >= 0.5 and s.page_margins.footer <= 0.35, "margins")
by_name = {}
for row in s.iter_rows(min_row=6):
    for i in (0, 2):
        if row[i].value:
            by_name[row[i].value] = row[i:i + (2 if i == 0 else 4)]
check(by_name["收入总计"][1].value == 8261 and by_name["收入总计"][1].number_format == "#,##0.00", "收入总计")
check(by_name["收入总计"][1].font.b and not by_name["一、一般公共预算"][1].font.b, "totals bold, items not")
check([c.value for c in by_name["八、社会保障和就业支出"][1:]] == [7247.2, 6848.15, 399.04], "社会保障和就业支出")
check(by_name["三、国有资本经营预算"][1].value is None, "blank stays blank")
check(by_name["收入总计"][1].border.left.style == "thin", "thin borders")
check(by_name["一、一般公共预算"][0].font.name == "宋体", "宋体")
check(by_name["一、一般公共预算"][0].alignment.wrap_text, "names wrap")
styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
first_font = styles[styles.index("<font>"):styles.index("</font>")]
check('val="宋体"' in first_font and 'sz val="10"' in first_font and "Calibri" not in styles,
      f"the Normal style's font is 宋体 10 pt, no Calibri anywhere: {first_font}")
# every table and form: A4, fit to the width only (long ones run on with their header repeated)
for t in doc["tables"]:
    ws = wb[t["title"][:31]]
    ok = str(ws.page_setup.paperSize) == "9" and ws.sheet_properties.pageSetUpPr.fitToPage
    check(ok and ws.page_setup.fitToWidth in (None, 1, "1") and ws.print_title_rows, f"{t['title']}: page setup")
for n in wb.sheetnames:
    if n == "整体支出绩效目标" or n.startswith("绩效-"):
        ws = wb[n]
        check(ws.page_setup.fitToHeight in (0, "0") and ws.print_title_rows, f"{n}: fit to the width only, titles repeated")
        width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8
                    for c in range(1, ws.max_column + 1))
        check(width <= 150, f"{n}: fits across A4 landscape ({width:.0f})")
proj_next = wb["2024年项目支出预算表（上年结转）"]
long_name = next(c for c in proj_next["A"] if c.value and "忻财社" in str(c.value))
check(long_name.alignment.wrap_text and (proj_next.row_dimensions[long_name.row].height or 0) > 14,
      "a long project name wraps in a taller row")

i = wb["2024年预算收入总表"]
codes = {r[0].value: r for r in i.iter_rows() if r[0].value and str(r[0].value).isdigit()}
check(codes["2080201"][0].data_type == "s" and codes["2080201"][0].number_format == "@", "codes as text")
check(codes["2080201"][1].alignment.indent > codes["20802"][1].alignment.indent > codes["208"][1].alignment.indent,
      "names indented by level")
check(codes["2080201"][2].value == 244.27, "2080201 合计 244.27")
check(i.freeze_panes is not None and i.print_title_rows, "收入总表 frozen header, repeated rows")

names = zipfile.ZipFile(path).namelist()
charts = sorted(n for n in names if n.startswith("xl/charts/chart"))
check(len(charts) == 2, f"charts {charts}")
c1 = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
check("一般公共预算当年拨款结构图（单位：万元）" in c1 and "<c:pieChart>" in c1 and "'图表数据'!$B$2:$B$6" in c1,
      "pie by 类, the unit in the title")
check('formatCode="0.0%"' in c1 and "<c:showLeaderLines" in c1 and 'val="outEnd"' in c1,
      "pie labels with one decimal, outside with leader lines")
check("&P" in (wb["图表"].oddFooter.center.text or ""), "图表: footer")
c2 = zipfile.ZipFile(path).read("xl/charts/chart2.xml").decode()
check("三公经费分布图" in c2 and "<c:pieChart>" in c2, "三公 pie")
data = wb["图表数据"]
slices = {data.cell(r, 1).value: data.cell(r, 2).value for r in range(2, 7)}
check(slices.get("社会保障和就业支出") == 3608.15 and round(sum(slices.values()), 2) == 4000.70, f"类 slices {slices}")

app = zipfile.ZipFile(path).read("docProps/app.xml").decode()
check("<Company>忻州市民政局</Company>" in app, "company = department")
check(str(wb.properties.created).startswith(f"{doc['fiscal_year']}-01-01"), f"created {wb.properties.created}")

# performance-target forms (core layout): title across, labels and values spanning their columns,
# the funding figures numbers in the amount format, their labels plain text
dept = wb["整体支出绩效目标"]
dm = {str(r) for r in dept.merged_cells.ranges}
check({"A1:E1", "A2:E2", "B3:E3", "B10:E10"} <= dm, f"department form merges {sorted(dm)[:12]}")
check(dept["C13"].value == 7762.27 and dept["C13"].number_format == "#,##0.00", "department form 合计 a number")
check(dept["C14"].value == 4000.7 and dept["C14"].data_type == "n", "一般公共预算资金 4000.7 a number")
check(dept["B14"].number_format == "General", "funding labels are not amounts")
proj = wb["绩效-民政事业工作经费"]
pm = {str(r) for r in proj.merged_cells.ranges}
check({"A1:H1", "A3:B3", "C3:H3", "C8:D8", "F8:H8"} <= pm, f"project form merges {sorted(pm)[:12]}")
check(proj["C8"].value == 80000 and proj["C8"].number_format == "#,##0", "实施期资金总额 80000 a number (元, no decimals)")
check(proj["C9"].value == 0 and proj["C13"].value is None, "0 stays 0, blank stays blank")

# official structure (issue 14 item 5; definitions: group_label, total_spans_code, column_numbers):
# 项目 over 科目编码 | 科目名称, 合计 merged over code and name, the 栏次 row under the 项目支出 headers
im = {str(r) for r in i.merged_cells.ranges}
check(i["A3"].value == "项目" and "A3:B3" in im and (i["A4"].value, i["B4"].value) == ("科目编码", "科目名称"),
      f"收入总表: 项目 over 科目编码 | 科目名称 {i['A3'].value} {sorted(im)}")
check(i["A5"].value == "合计" and "A5:B5" in im and i["C5"].value == 7762.27, "收入总表: 合计 merged over code and name")
check(i.print_title_rows in ("$3:$4", "3:4"), f"收入总表: both header rows repeated {i.print_title_rows}")
for name, width in (("2024年项目支出预算表（本年预算）", 7), ("2024年项目支出预算表（上年结转）", 5)):
    ws = wb[name]
    row = [c.value for c in ws[5]][:width]
    check(row == [str(k) for k in range(1, width + 1)] and ws.print_title_rows in ("$3:$5", "3:5"),
          f"{name}: the 栏次 row 1…{width} under the header, repeated with it: {row} {ws.print_title_rows}")
    check(ws["A6"].value == "忻州市民政局" and ws.freeze_panes == "A6", f"{name}: the data below the 栏次 row")
# the forms: 一级指标 merged down its rows, 二级指标 where it repeats
check({"B22:B27", "B28:B31", "C22:C23", "C26:C27", "F22:F23"} <= pm,
      f"project form: 一级/二级指标 merged down {sorted(x for x in pm if x[0] in 'ABCF' and int(x.split(':')[0][1:]) > 20)}")
check(proj["B22"].value == "产出指标" and proj["B23"].value is None and proj["C22"].value == "数量指标",
      "project form: 一级指标 printed once per group")
dept_ind = next(r for r in range(1, dept.max_row + 1) if dept.cell(r, 2).value == "一级指标")
check(any(str(x).startswith(f"B{dept_ind + 1}:B") for x in dm), "department form: 一级指标 merged down")
# fonts: the Normal style and every 宋体 font with charset 134 (written into styles.xml after libxlsxwriter)
fonts = styles[styles.index("<fonts"):styles.index("</fonts>")].split("<font>")[1:]
check(fonts and all('<charset val="134"/>' in f for f in fonts if 'val="宋体"' in f) and 'val="宋体"' in fonts[0],
      f"every 宋体 font (the Normal style first) has charset 134: {fonts[:2]}")
check(by_name["一、一般公共预算"][0].font.charset == 134 and i["C5"].font.charset == 134, "openpyxl: font.charset 134")
# the regenerated 目录 links each line to its sheet
links = {c.value: c.hyperlink.location for c in notes["A"] if c.hyperlink}
check(links.get(titles[0]) == f"'{titles[0]}'!A1" and links.get("情况说明") == "'情况说明'!A1" and
      len(links) == nt + len(doc["perf_targets"]) + 1, f"情况说明: the 目录 links to the sheets ({len(links)})")
# page setup of every sheet: A4, never a fixed scale below 60 %, wrapped text in taller rows
for ws in wb.worksheets:
    if ws.sheet_state == "hidden":
        continue
    check(str(ws.page_setup.paperSize) == "9", f"{ws.title}: A4")
    check(ws.page_setup.scale in (None, 100) or int(ws.page_setup.scale) >= 60, f"{ws.title}: scale {ws.page_setup.scale}")

for f in fails:
    print("FAIL:", f)
print(f"check_seed_workbook: {0 if fails else 1} passed, {1 if fails else 0} failed")
sys.exit(1 if fails else 0)
