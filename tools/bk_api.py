#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The public API of libbudgetkit, as its headers declare it.

Every function declared at file scope in include/budgetkit/*.h is public and
must carry BK_API (include/budgetkit/export.h): the library is built with
hidden visibility, so a declaration without it is a link error for callers.

  bk_api.py names HEADER...   print the name of every BK_API declaration
  bk_api.py check HEADER...   list declarations without BK_API (exit 1 if any)
  bk_api.py fix HEADER...     prefix those declarations with BK_API in place

`fix` is what to run after adding a declaration (or merging a branch that did).
"""
import re
import sys

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def mask(text):
    """Text of the same length with comments, strings, preprocessor lines and
    `#ifdef __cplusplus` blocks blanked, so only C declarations remain."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    line_start = True
    while i < n:
        c = text[i]
        if line_start and text[i:].lstrip(" \t").startswith("#"):
            end = i
            while True:  # a directive with backslash continuations
                e = text.find("\n", end)
                e = n if e < 0 else e
                if e > 0 and text[e - 1] == "\\":
                    end = e + 1
                    continue
                break
            if text[i:e].split() and text[i:e].split()[0] == "#ifdef" and "__cplusplus" in text[i:e]:
                close = text.find("#endif", e)
                e = n if close < 0 else text.find("\n", close)
                e = n if e < 0 else e
            blank(i, e)
            i = e
            continue
        line_start = False
        if text.startswith("/*", i):
            e = text.find("*/", i + 2)
            e = n if e < 0 else e + 2
            blank(i, e)
            i = e
        elif text.startswith("//", i):
            e = text.find("\n", i)
            e = n if e < 0 else e
            blank(i, e)
            i = e
        elif c in "\"'":
            e = i + 1
            while e < n and text[e] != c:
                e += 2 if text[e] == "\\" else 1
            blank(i, e + 1)
            i = e + 1
        else:
            if c == "\n":
                line_start = True
            i += 1
    return "".join(out)


def declarations(text):
    """(offset, statement, name) of each file-scope function declaration."""
    m = mask(text)
    depth, start, found = 0, None, []
    for i, c in enumerate(m):
        if c.isspace():
            continue
        if start is None and depth == 0:
            start = i
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and start is not None and m[start:i].lstrip().startswith("static"):
                start = None  # a static inline definition ends here
        elif c == ";" and depth == 0:
            stmt = m[start:i]
            words = IDENT.findall(stmt)
            if "(" in stmt and words and words[0] not in ("typedef", "static", "struct", "enum", "union"):
                head = stmt[: stmt.index("(")]
                names = IDENT.findall(head)
                if names:
                    found.append((start, stmt, names[-1]))
            start = None
    return found


def main(argv):
    if len(argv) < 3 or argv[1] not in ("names", "check", "fix"):
        sys.stderr.write(__doc__)
        return 2
    missing = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        decls = declarations(text)
        bare = [d for d in decls if IDENT.findall(d[1])[0] != "BK_API"]
        if argv[1] == "names":
            for _, stmt, name in decls:
                if IDENT.findall(stmt)[0] == "BK_API":
                    print(name)
        elif argv[1] == "check":
            for off, _, name in bare:
                line = text.count("\n", 0, off) + 1
                print(f"{path}:{line}: error: public declaration of {name} without BK_API")
            missing += len(bare)
        elif bare:
            for off, _, _ in reversed(bare):
                text = text[:off] + "BK_API " + text[off:]
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
