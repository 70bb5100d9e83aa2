# SPDX-License-Identifier: MIT
"""Plugins change the model only through bk_host (docs/library.md, "ABI"): list every
assignment in plugins/ through a pointer to a model struct (bk_document *, bk_row *,
bk_pos * ...), or through a plugin state member of such a type (x->doc->title = ...).

Per function: a name declared `bk_<model> *name` (not const) is a model pointer; a write
`name->m = `, `name[i] = `, `*name = ` (also `+=`, `++` ...) is a direct model write.
Locals of struct type (`bk_pos p; p.line = 1;`) are the plugin's own and pass.
Usage: model_writes.py PLUGINS_DIR [ALLOWED_PREFIX ...]; exit 1 and one line per write."""
import os
import re
import sys

MODEL = ('document|table|panel|row|cell|column|pos|perf_target|perf_amount|indicator|field|section|'
         'para_pos|budget_unit')
DECL = re.compile(r'(?<![\w])(const\s+)?bk_(?:%s)\s*\*\s*(?:const\s+)?(\w+)' % MODEL)
# members that are model structs (or arrays of them): a pointer to one is a model pointer, seen above
STRUCT_MEMBERS = ('pos|value|number|cells|cell_pos|amounts|fields|tasks|indicators|rows|columns|panels|'
                  'tables|sections|units|perf_targets|para_pos|box')
ASSIGN = r'\s*(?:(?:[-+*/|&^]|(?<![!<>=]))=(?!=)|(?:\+\+|--)\s*[;),])'


def strip(src):
    """Comments and string/char literals blanked (lengths and lines kept)."""
    out = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                 lambda m: re.sub(r'[^\n]', ' ', m.group(0)), src, flags=re.S)
    return out


def functions(src):
    """(start offset, body) of each top-level brace block."""
    depth, start = 0, 0
    for i, ch in enumerate(src):
        if ch == '{':
            if depth == 0:
                start = src.rfind('\n', 0, src.rfind(')', 0, i) if src.rfind(')', 0, i) > 0 else i)
                start = src.rfind('\n', 0, max(start, 0)) + 1 if start > 0 else 0
                # back to the line that holds the function's name (its parameters may span lines)
                j = src.rfind(';', 0, i)
                k = src.rfind('}', 0, i)
                start = max(j, k) + 1
            depth += 1
        elif ch == '}':
            depth -= 1
            if depth == 0:
                yield start, src[start:i + 1]


def member_names(src):
    """Members of plugin structs that point to the model (`bk_document *doc;` inside a struct)."""
    names = set()
    for m in re.finditer(r'^\s+(?!const)bk_(?:%s)\s*\*\s*(\w+)\s*;' % MODEL, src, flags=re.M):
        names.add(m.group(1))
    return names


def scan(path, members):
    src = strip(open(path, encoding='utf-8').read())
    found = []
    for start, body in functions(src):
        ptrs = {m.group(2) for m in DECL.finditer(body) if not m.group(1)}
        consts = {m.group(2) for m in DECL.finditer(body) if m.group(1)}
        ptrs -= consts
        pats = []
        if ptrs:
            alt = '|'.join(sorted(ptrs))
            pats.append(r'(?<![\w.>])(?:%s)\s*(?:->|\[)[^;=()]*?' % alt + ASSIGN)
            pats.append(r'\*\s*(?:%s)\b' % alt + ASSIGN)
        if ptrs:
            # the address of a member that is not itself a model struct, handed to a helper that
            # writes it (get_str(..., &doc->title)): the write escapes the patterns above
            pats.append(r'(?<![&\w)\]])&\s*(?:%s)\s*->\s*(?!(?:%s)\b)\w+\b(?!\s*[\[.(]|\s*->)' % ('|'.join(sorted(ptrs)), STRUCT_MEMBERS))
        if members:
            alt = '|'.join(sorted(members))
            pats.append(r'->\s*(?:%s)\s*(?:->|\[)[^;=()]*?' % alt + ASSIGN)
            pats.append(r'(?<![&\w)\]])&\s*\w+\s*->\s*(?:%s)\s*->\s*(?!(?:%s)\b)\w+\b(?!\s*[\[.(]|\s*->)' %
                        (alt, STRUCT_MEMBERS))
        for pat in pats:
            for m in re.finditer(pat, body):
                before = body[:m.start()].rstrip()
                if m.group(0).startswith('*') and re.search(r'\w$', before):
                    continue  # `bk_row *row = ...`: a declaration, not a write through it
                line = src.count('\n', 0, start + m.start()) + 1
                found.append((line, m.group(0).strip()))
    return sorted(set(found))


def main():
    root = sys.argv[1]
    allowed = sys.argv[2:]
    headers = ''
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith('.h'):
                headers += strip(open(os.path.join(d, f), encoding='utf-8').read())
    bad = 0
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not f.endswith('.c'):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, os.path.dirname(os.path.abspath(root)))
            src = strip(open(path, encoding='utf-8').read())
            members = member_names(src) | member_names(headers)
            for line, text in scan(path, members):
                tag = 'pending' if any(rel.startswith(a) for a in allowed) else 'error'
                print('%s:%d: %s: direct model write: %s' % (rel, line, tag, ' '.join(text.split())))
                if tag == 'error':
                    bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
