# SPDX-License-Identifier: MIT
"""text_amount_xlsx.py CSV OUT.xlsx KIND: the report table of CSV as a one-sheet workbook in which
every non-number cell of the first data row after the header (line 6) is of cell type KIND:
inline (inline string), bool, error, isodate (t="d"), str (formula string). Written by hand, not by
openpyxl, so that each cell type is exactly what a finance system may write."""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

src, out, kind = sys.argv[1:4]
rows = list(csv.reader(open(src, encoding="utf-8")))
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def cell(ref, v, odd):
    try:
        float(v)
        return f'<c r="{ref}"><v>{v}</v></c>'
    except ValueError:
        pass
    if odd and kind == "bool":
        return f'<c r="{ref}" t="b"><v>1</v></c>'
    if odd and kind == "error":
        return f'<c r="{ref}" t="e"><v>#REF!</v></c>'
    if odd and kind == "isodate":
        return f'<c r="{ref}" t="d"><v>2024-01-01</v></c>'
    if odd and kind == "str":
        return f'<c r="{ref}" t="str"><f>"N/A"</f><v>N/A</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'


xml_rows = []
for r, row in enumerate(rows, 1):
    cells = "".join(cell(f"{chr(65 + i)}{r}", v, r == 6 and i > 0) for i, v in enumerate(row) if v)
    xml_rows.append(f'<row r="{r}">{cells}</row>')
z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
z.close()
