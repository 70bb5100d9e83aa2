# SPDX-License-Identifier: MIT
"""Which amounts of a text's narrative does validate check against the tables?

usage: /usr/bin/python3 claims_coverage.py BUDGETKIT DOC.txt|DOC.json... [--list] [--min N]

A claim is a number followed by 万元/亿元/元/% in a narrative line (a line with no tab that is
not a table's 单位 line). Each claim is mutated alone (the last digit of its integer part + 1: 8,261.00 →
8,262.00, 34.30% → 35.30%, 0 → 1) and the document validated: the claim is *checked* when the mutated document has an
error the unmutated one has not (R4, R5, V39–V42 …), *unchecked* otherwise. Prints per document
the counts, the checked claims by rule and, with --list, every unchecked claim with its line.
Exits 1 when a document has fewer than N checked claims (--min N, default 0).
"""
import json
import re
import subprocess
import sys
import tempfile
import os

CLAIM = re.compile(r'(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|%|％)')


def errors(bk, path):
    out = subprocess.run([bk, 'validate', path, '--format', 'json'], capture_output=True, text=True).stdout
    try:
        fs = json.loads(out).get('findings', [])
    except ValueError:
        return None
    return {(f['rule'], f['message']) for f in fs if f['severity'] == 'error'}


def bump(num):
    """The number with the last digit of its integer part + 1 (9 → 8, so the format stays):
    one 万元, one 元 or one percentage point, beyond every rounding tolerance."""
    k = num.find('.')
    k = (k if k >= 0 else len(num)) - 1
    d = num[k]
    return num[:k] + (str(int(d) + 1) if d != '9' else '8') + num[k + 1:]


def claims(lines):
    for i, line in enumerate(lines):
        if '\t' in line or line.startswith('单位') or not CLAIM.search(line):
            continue
        for m in CLAIM.finditer(line):
            yield i, m


def mutations(doc, tmp):
    """(place, line, claim match, write(mutated line) -> path) for every claim of @doc: a text
    file's lines, or a JSON document's section texts (`budgetkit convert X.pdf X.json`: the PDFs'
    narratives, which are longer than the transcriptions)."""
    p = os.path.join(tmp, 'm.json' if doc.endswith('.json') else 'm.txt')
    if doc.endswith('.json'):
        d = json.load(open(doc, encoding='utf-8'))
        for j, sec in enumerate(d['document'].get('sections', [])):
            lines = (sec.get('text') or '').split('\n')
            for i, m in claims(lines):
                def write(new, j=j, i=i, lines=lines):
                    mutated = list(lines)
                    mutated[i] = new
                    e = json.loads(json.dumps(d))
                    e['document']['sections'][j]['text'] = '\n'.join(mutated)
                    with open(p, 'w', encoding='utf-8') as f:
                        json.dump(e, f, ensure_ascii=False)
                    return p
                yield 'section %d (%s) line %d' % (j, sec.get('heading'), i + 1), lines[i], m, write
        return
    lines = open(doc, encoding='utf-8-sig').read().split('\n')
    for i, m in claims(lines):
        def write(new, i=i):
            mutated = list(lines)
            mutated[i] = new
            with open(p, 'w', encoding='utf-8') as f:
                f.write('\n'.join(mutated))
            return p
        yield 'line %d' % (i + 1), lines[i], m, write


def main():
    args = [a for a in sys.argv[1:]]
    listing = '--list' in args
    minimum = 0
    if '--min' in args:
        minimum = int(args[args.index('--min') + 1])
        del args[args.index('--min'):args.index('--min') + 2]
    args = [a for a in args if a != '--list']
    bk, docs = args[0], args[1:]
    bad = 0
    total_c = total_n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            base = errors(bk, doc)
            checked, unchecked, by_rule = [], [], {}
            for where, line, m, write in mutations(doc, tmp):
                new = (errors(bk, write(line[:m.start(1)] + bump(m.group(1)) + line[m.end(1):])) or set()) - (base or set())
                claim = (where, m.group(0), line[max(0, m.start() - 24):m.end() + 4])
                if new:
                    checked.append(claim)
                    for r in sorted({r for r, _ in new}):
                        by_rule[r] = by_rule.get(r, 0) + 1
                else:
                    unchecked.append(claim)
            n = len(checked) + len(unchecked)
            total_c += len(checked)
            total_n += n
            rules = ', '.join('%s %d' % kv for kv in sorted(by_rule.items()))
            name = os.path.basename(os.path.dirname(doc)) if doc.endswith('document.txt') else os.path.basename(doc)
            print('%s: %d of %d claims checked (%s)' % (name, len(checked), n,
                                                       rules or 'none'))
            if listing:
                for ln, c, ctx in unchecked:
                    print('  unchecked %s: %s  …%s…' % (ln, c, ctx))
            if len(checked) < minimum:
                bad = 1
    print('total: %d of %d claims checked' % (total_c, total_n))
    return bad


if __name__ == '__main__':
    sys.exit(main())
