# SPDX-License-Identifier: MIT
"""Write the malformed .xls cases of tests/malformed/xls/ from a good fixture.

usage: make_malformed.py GOOD.xls OUTDIR
Each case breaks one thing the reader must check (see tests/malformed/cases.tsv);
the files are committed, so this runs only when the corpus is to be remade.
"""
import os
import struct
import sys


def u16(b, o):
    return struct.unpack_from("<H", b, o)[0]


def u32(b, o):
    return struct.unpack_from("<I", b, o)[0]


class Cfb:
    """Just enough of the compound file to find sectors, the FAT and the Workbook entry."""

    def __init__(self, data):
        self.d = bytearray(data)
        self.ss = 1 << u16(data, 0x1E)
        n_fat = u32(data, 0x2C)
        self.fat_sectors = [u32(data, 0x4C + 4 * i) for i in range(min(n_fat, 109))]
        self.fat = []
        for s in self.fat_sectors:
            off = (s + 1) * self.ss
            self.fat += list(struct.unpack_from("<%dI" % (self.ss // 4), data, off))
        self.dir_sectors = self.chain(u32(data, 0x30))

    def chain(self, s):
        out = []
        while s < 0xFFFFFFFA and len(out) <= len(self.fat):
            out.append(s)
            s = self.fat[s]
        return out

    def entries(self):
        for s in self.dir_sectors:
            base = (s + 1) * self.ss
            for k in range(self.ss // 128):
                off = base + 128 * k
                n = u16(self.d, off + 0x40)
                name = bytes(self.d[off:off + max(n - 2, 0)]).decode("utf-16-le", "replace")
                yield off, name

    def entry(self, want):
        for off, name in self.entries():
            if name == want:
                return off
        raise SystemExit("no entry " + want)

    def set_fat(self, s, value):
        per = self.ss // 4
        off = (self.fat_sectors[s // per] + 1) * self.ss + 4 * (s % per)
        struct.pack_into("<I", self.d, off, value)
        self.fat[s] = value

    def stream(self, entry_off):
        start, size = u32(self.d, entry_off + 0x74), u32(self.d, entry_off + 0x78)
        return self.chain(start), size


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    data = open(good, "rb").read()
    cases = {}
    cases["truncated.xls"] = data[: len(data) // 2]
    cases["header-only.xls"] = data[:512]
    cases["not-ole2.xls"] = b"ID;PWXL;N;E\r\nC;Y1;X1;K\"plain text, not a compound file\"\r\nE\r\n"

    c = Cfb(data)
    wb = c.entry("Workbook")
    sectors, size = c.stream(wb)
    assert size >= 4096, "the fixture's Workbook stream must be in big sectors"

    loop = Cfb(data)
    loop.set_fat(sectors[2], sectors[1])  # the third sector points back to the second
    cases["fat-loop.xls"] = bytes(loop.d)

    outside = Cfb(data)
    outside.set_fat(sectors[1], 0x00FFFFFF)  # a sector far past the end of the file
    cases["chain-leaves-file.xls"] = bytes(outside.d)

    noname = Cfb(data)
    off = noname.entry("Workbook")
    noname.d[off:off + 2] = "X".encode("utf-16-le")  # "Xorkbook": a compound file but no workbook
    cases["no-workbook-stream.xls"] = bytes(noname.d)

    # the first BOUNDSHEET's stream offset pointed past the stream
    bs = Cfb(data)
    first = (sectors[0] + 1) * bs.ss
    stream = bytearray()
    for s in sectors:
        stream += bs.d[(s + 1) * bs.ss:(s + 2) * bs.ss]
    pos = 0
    while pos + 4 <= len(stream):
        typ, ln = u16(stream, pos), u16(stream, pos + 2)
        if typ == 0x0085:
            break
        pos += 4 + ln
    # BOUNDSHEET body starts at pos + 4; translate the stream offset into the file offset
    def file_off(stream_off):
        return (sectors[stream_off // bs.ss] + 1) * bs.ss + stream_off % bs.ss
    struct.pack_into("<I", bs.d, file_off(pos + 4), 0x7FFFFFF0)
    cases["sheet-offset-past-stream.xls"] = bytes(bs.d)
    del first

    # a record length that runs past the end of the Workbook stream: the last record (EOF)
    # gets a length of 0xFFFF
    rl = Cfb(data)
    pos = 0
    last = 0
    while pos + 4 <= size:
        last = pos
        pos += 4 + u16(stream, pos + 2)
    struct.pack_into("<H", rl.d, file_off(last + 2), 0xFFFF)
    cases["record-past-stream.xls"] = bytes(rl.d)

    os.makedirs(outdir, exist_ok=True)
    for name, body in cases.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(body)
    print("wrote", len(cases), "cases to", outdir)


main()
