#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Copy a workbook, padding one sheet's XML with MB mebibytes of comments and
whitespace before <sheetData> (a zip-bomb-like part that passes the per-entry
limits). Usage: make_bomb.py IN.xlsx OUT.xlsx MB [sheet-part]"""
import sys
import zipfile

src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
part = sys.argv[4] if len(sys.argv) > 4 else "xl/worksheets/sheet1.xml"
# 1 MiB of padding: comments of 64 KiB with a little variety, then whitespace
chunk = []
for i in range(8):
    chunk.append("<!-- %d %s -->" % (i, ("padding %d " % i) * 6500))
    chunk.append(" \n\t" * 10000)
pad = "".join(chunk).encode()
pad = (pad * (1 + (1 << 20) // len(pad)))[: 1 << 20]
# keep the comments whole: cut after the last complete one
pad = pad[: pad.rindex(b"-->") + 3]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename != part:
            zout.writestr(info, data)
            continue
        at = data.index(b"<sheetData")
        zi = zipfile.ZipInfo(info.filename)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(zi, "w", force_zip64=True) as w:
            w.write(data[:at])
            for _ in range(mb):
                w.write(pad)
            w.write(data[at:])
