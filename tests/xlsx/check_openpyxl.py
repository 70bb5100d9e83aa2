# SPDX-License-Identifier: MIT
"""Assert what openpyxl sees in the seed workbook written by xlsx_tool write-seed."""
import sys
import zipfile
import openpyxl

path, kaiti_path = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


check(wb.sheetnames[:3] == ["2024年预算收支总表", "2024年预算收入总表", "2024年预算收入总表(2)"], f"sheets {wb.sheetnames}")
check(all(len(n) <= 31 for n in wb.sheetnames), "sheet names longer than 31")
check(len(set(n.lower() for n in wb.sheetnames)) == len(wb.sheetnames), "sheet names not unique")
check(wb.sheetnames[-2:] == ["图表", "图表数据"], f"chart sheets {wb.sheetnames[-2:]}")
check(wb["图表数据"].sheet_state == "hidden", "chart data sheet is not hidden")

s = wb["2024年预算收支总表"]
merged = {str(r) for r in s.merged_cells.ranges}
check({"A1:F1", "A3:B3", "C3:F3"} <= merged, f"summary merges {merged}")
check(s["A1"].value == "2024年预算收支总表" and s["A1"].font.b and s["A1"].font.sz >= 14, "title bold and larger")
check(s["A1"].alignment.horizontal == "center", "title centred")
check(s["A2"].value == "部门名称：忻州市民政局" and s["F2"].value == "单位：万元", "meta line")
check(s["F2"].alignment.horizontal == "right", "单位 right-aligned")
check([c.value for c in s[4]] == ["项目", "2024年", "项目", "2024年合计", "当年预算安排", "上年结转安排"], "header row 2")
check(s["A3"].value == "收入" and s["C3"].value == "支出", "header row 1")
check(s.freeze_panes == "A5", f"frozen panes {s.freeze_panes}")
check(s.print_title_rows in ("$3:$4", "3:4"), f"repeated rows {s.print_title_rows}")
ps = s.page_setup
check(ps.orientation == "landscape", "landscape")
check(str(ps.paperSize) == "9", f"A4 {ps.paperSize}")
check(ps.fitToWidth in (None, 1, "1") and ps.fitToHeight in (None, 1, "1"), f"one page {ps.fitToWidth}x{ps.fitToHeight}")
check(s.sheet_properties.pageSetUpPr.fitToPage, "fitToPage flag")
check("&P" in (s.oddFooter.center.text or ""), f"footer {s.oddFooter.center.text}")
rows = {r[0].value: r for r in s.iter_rows(min_row=5) if r[0].value}
total = rows["收入总计"]
check(total[1].value == 8261 and total[1].number_format == "#,##0.00", "收入总计 8261.00")
check(total[0].font.b and total[1].font.b, "total row bold")
check(total[1].border.left.style == "thin", "thin borders")
check(rows["一、一般公共预算"][1].value == 4000.7, "一般公共预算 4000.70")
check(rows["一、一般公共预算"][0].font.name == "宋体", f"font {rows['一、一般公共预算'][0].font.name}")
check(rows["三、国有资本经营预算"][1].value is None, "blank stays blank")
check(s.column_dimensions["C"].width >= 20, "name column fits 资源勘探工业信息等支出")

i = wb["2024年预算收入总表"]
merged = {str(r) for r in i.merged_cells.ranges}
check({"A1:I1", "A3:B3", "C3:H3", "I3:I4", "A5:B5"} <= merged, f"income merges {merged}")
codes = {r[0].value: r for r in i.iter_rows(min_row=5) if r[0].value}
row = codes["2080201"]
check(row[0].data_type == "s" and row[0].number_format == "@", "codes stored as text")
check(row[1].value == "行政运行" and row[1].alignment.indent == 2, f"项 indented {row[1].alignment.indent}")
check(codes["20802"][1].alignment.indent == 1, "款 indented")
check(row[2].value == 244.27 and row[2].number_format == "#,##0.00", "244.27")
check(codes["合计"][2].value == 7762.27 and codes["合计"][2].font.b, "合计 7762.27 bold")
check(i.freeze_panes == "A5", "income frozen header")
sum_classes = sum(r[3].value or 0 for c, r in codes.items() if c.isdigit() and len(c) == 3)
check(round(sum_classes, 2) == 4000.70, f"类 sum {sum_classes}")

charts = wb["图表"]._charts
names = zipfile.ZipFile(path).namelist()
check(sum(1 for n in names if n.startswith("xl/charts/chart")) == 2, f"two charts: {names}")
chart_xml = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
check("一般公共预算当年拨款结构图" in chart_xml and "pieChart" in chart_xml, "pie 一般公共预算当年拨款结构图")
check("'图表数据'!$B$2:$B$6" in chart_xml, "pie over the five 类")
chart2 = zipfile.ZipFile(path).read("xl/charts/chart2.xml").decode()
check("三公经费分布图" in chart2, "pie 三公经费分布图")

check(wb.properties.creator == "忻州市民政局", f"author {wb.properties.creator}")
app = zipfile.ZipFile(path).read("docProps/app.xml").decode()
check("<Company>忻州市民政局</Company>" in app, "company = department")
check(str(wb.properties.created).startswith("2024-01-01"), f"created {wb.properties.created}")

k = openpyxl.load_workbook(kaiti_path)["2024年预算收支总表"]
check(k["A5"].font.name == "楷体", "-o font=楷体")

for f in fails:
    print("FAIL:", f)
print(f"check_openpyxl: {0 if fails else 1} passed, {1 if fails else 0} failed")
sys.exit(1 if fails else 0)
