# SPDX-License-Identifier: MIT
"""Make definitions/codebook.tsv: every 功能分类 / 经济分类 / 收入分类 code and name that the
real documents print, merged with the curated base list.

usage (from the project root):
  /usr/bin/python3 definitions/make_codebook.py [SHARED_DIR] > definitions/codebook.tsv
SHARED_DIR defaults to ../shared; it holds seed/*.txt and realdocs/*/{figures.tsv,transcription.txt}.

Sources, in order of precedence (the first name given for a code is kept; a different
name elsewhere is reported on stderr): definitions/codebook-base.tsv, the seed, then
each realdocs folder (figures.tsv, then transcription.txt). Output: a header line, then
`code<TAB>name<TAB>source`, sorted by code. budgetkit reads the first two columns.
"""
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# 功能分类 2xx (3/5/7 digits), 收入分类 1xx (3/5/7), 经济分类 3xx / 5xx (3/5)
CODE = re.compile(r"^(?:[12]\d{2}(?:\d{2}){0,2}|[35]\d{2}(?:\d{2})?)$")
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\w+\)|\d+[.、．]\s*)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def clean(name):
    name = ORDINAL.sub("", name.strip().replace("\u3000", " ")).strip()
    return name if CJK.search(name) and not name.startswith(("合计", "总计", "小计")) else None


def row_pairs(fields):
    """(code, name) of a tab-separated row: leading digit fields (类/款/项 split or one
    code column) joined, then the first text field."""
    digits = []
    i = 0
    while i < len(fields) and re.fullmatch(r"\d{1,7}", fields[i].strip() or "x"):
        digits.append(fields[i].strip())
        i += 1
    while i < len(fields) and not fields[i].strip():  # empty 款/项 cells of a split code
        i += 1
    if not digits or i >= len(fields):
        return None
    code = "".join(digits)
    name = clean(fields[i])
    return (code, name) if CODE.match(code) and name else None


def from_text(path):
    for line in open(path, encoding="utf-8-sig"):
        fields = line.rstrip("\n").split("\t")
        p = row_pairs(fields)
        if p:
            yield p


def from_figures(path):
    for line in list(open(path, encoding="utf-8-sig"))[1:]:
        f = line.rstrip("\n").split("\t")
        if len(f) > 4 and f[3].strip() and CODE.match(f[3].strip()):
            name = clean(f[4])
            if name:
                yield f[3].strip(), name


def from_base(path):
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or line.startswith("code\t"):
            continue
        code, name = line.rstrip("\n").split("\t")[:2]
        yield code, name


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared")
    sources = [("base", from_base(os.path.join(HERE, "codebook-base.tsv")))]
    for p in sorted(glob.glob(os.path.join(shared, "seed", "*.txt"))):
        sources.append(("seed", from_text(p)))
    for d in sorted(glob.glob(os.path.join(shared, "realdocs", "*", ""))):
        tag = "realdocs/" + os.path.basename(os.path.dirname(d))
        if os.path.exists(d + "figures.tsv"):
            sources.append((tag, from_figures(d + "figures.tsv")))
        if os.path.exists(d + "transcription.txt"):
            sources.append((tag, from_text(d + "transcription.txt")))
    names, origin = {}, {}
    for tag, pairs in sources:
        for code, name in pairs:
            if code not in names:
                names[code], origin[code] = name, tag
            elif names[code] != name:
                print(f"note: {code}: '{name}' ({tag}) differs from '{names[code]}' ({origin[code]}): kept the latter",
                      file=sys.stderr)
    print("code\tname\tsource")
    for code in sorted(names):
        print(f"{code}\t{names[code]}\t{origin[code]}")
    print(f"{len(names)} codes", file=sys.stderr)


main()
