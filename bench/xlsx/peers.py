# SPDX-License-Identifier: MIT
"""Python peers for bench/xlsx/run.sh: the same workbooks with openpyxl and XlsxWriter.

    peers.py openpyxl-depts TEMPLATE N OUT     copy TEMPLATE's sheets (values, merges, number
    peers.py xlsxwriter-depts TEMPLATE N OUT   formats, thin borders, 宋体) N times
    peers.py openpyxl-rows N OUT | xlsxwriter-rows N OUT   the flat table of xlsx_bench rows
    peers.py openpyxl-read FILE                every cell of every sheet (read_only mode)
"""
import sys

import openpyxl


def template_sheets(path):
    """[(title, [(row, col, value, number_format)], [merge ranges])] of the template workbook."""
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        cells = [(c.row, c.column, c.value, c.number_format) for row in ws.iter_rows() for c in row
                 if c.value is not None]
        out.append((ws.title, cells, [str(m) for m in ws.merged_cells.ranges]))
    return out


def row_values(i):
    code = f"{2080000 + i % 9999:07d}"
    amounts = [((i * 7919 + c * 104729) % 100000000) / 100 for c in range(5)]
    return [code, f"项目支出明细第{i}项"] + amounts


HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年结转", "单位资金"]


def openpyxl_depts(template, n, out):
    from openpyxl.styles import Border, Font, Side
    thin = Side(style="thin")
    border, font = Border(left=thin, right=thin, top=thin, bottom=thin), Font(name="宋体", size=10)
    sheets = template_sheets(template)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for d in range(n):
        for t, (_, cells, merges) in enumerate(sheets):
            ws = wb.create_sheet(f"部门{d + 1:03d}表{t + 1:02d}")
            for r, c, v, fmt in cells:
                cell = ws.cell(r, c, v)
                cell.number_format, cell.border, cell.font = fmt, border, font
            for m in merges:
                ws.merge_cells(m)
    wb.save(out)


def xlsxwriter_depts(template, n, out):
    import xlsxwriter
    from openpyxl.utils.cell import range_boundaries
    sheets = template_sheets(template)
    wb = xlsxwriter.Workbook(out)
    formats = {}

    def fmt(code):
        if code not in formats:
            formats[code] = wb.add_format({"num_format": code, "border": 1, "font_name": "宋体", "font_size": 10})
        return formats[code]

    for d in range(n):
        for t, (_, cells, merges) in enumerate(sheets):
            ws = wb.add_worksheet(f"部门{d + 1:03d}表{t + 1:02d}")
            starts = {}
            for m in merges:
                c1, r1, c2, r2 = range_boundaries(m)
                starts[(r1, c1)] = (r2, c2)
            for r, c, v, code in cells:
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    ws.merge_range(r - 1, c - 1, r2 - 1, c2 - 1, v, fmt(code))
                else:
                    ws.write(r - 1, c - 1, v, fmt(code))
    wb.close()


def openpyxl_rows(n, out):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("明细")
    ws.append(HEADER)
    for i in range(n):
        ws.append(row_values(i))
    wb.save(out)


def xlsxwriter_rows(n, out):
    import xlsxwriter
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("明细")
    money = wb.add_format({"num_format": "#,##0.00", "border": 1, "font_name": "宋体"})
    text = wb.add_format({"border": 1, "font_name": "宋体"})
    ws.write_row(0, 0, HEADER, text)
    for i in range(n):
        v = row_values(i)
        ws.write_string(i + 1, 0, v[0], text)
        ws.write_string(i + 1, 1, v[1], text)
        for c in range(5):
            ws.write_number(i + 1, 2 + c, v[2 + c], money)
    wb.close()


def openpyxl_read(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    print(f"sheets={len(wb.worksheets)} cells={cells}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "openpyxl-depts":
        openpyxl_depts(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif mode == "xlsxwriter-depts":
        xlsxwriter_depts(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif mode == "openpyxl-rows":
        openpyxl_rows(int(sys.argv[2]), sys.argv[3])
    elif mode == "xlsxwriter-rows":
        xlsxwriter_rows(int(sys.argv[2]), sys.argv[3])
    elif mode == "openpyxl-read":
        openpyxl_read(sys.argv[2])
    else:
        sys.exit(f"unknown mode {mode}")
