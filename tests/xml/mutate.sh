#!/bin/bash
# SPDX-License-Identifier: MIT
# 200 mutated copies of data/full.xml (fixed seed): each converts cleanly or
# fails with a located input error (exit 3, "file:line"), never crashes,
# hangs or reports an internal error. Under ASan+UBSan this is a small fuzz run.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
exec "$BK_PYTHON" - "$BK_BIN" data/full.xml "$tmp" <<'PY'
import random, re, subprocess, sys
bk, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, 'rb').read()
rng = random.Random(20241127)
inserts = [b'<', b'>', b'&', b'&amp', b'"', b'\x01', b'\xff', b'\xe4\xb8', b']]>', b'<!--', b'<blank/>',
           b'<amount>1</amount>', b'<row>', b'</row>', b'<!DOCTYPE x>', b'xmlns="urn:x"', b'9' * 30, b'-', b'.']
def mutate(d):
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        i = rng.randrange(len(d) + 1)
        if op == 0:
            d = d[:i] + d[i + rng.randint(1, 40):]
        elif op == 1:
            d = d[:i] + rng.choice(inserts) + d[i:]
        elif op == 2:
            d = d[:i]
        elif op == 3:
            lines = d.split(b'\n')
            j = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines)), lines[j])
            d = b'\n'.join(lines)
        else:
            if i < len(d):
                d = d[:i] + bytes([d[i] ^ (1 << rng.randrange(8))]) + d[i + 1:]
    return d
fail = 0
ok = errors = 0
for n in range(200):
    m = mutate(data)
    path = '%s/m%03d.xml' % (tmp, n)
    open(path, 'wb').write(m)
    try:
        p = subprocess.run([bk, 'convert', '--overwrite', '--from', 'xml', '--to', 'xml', path, tmp + '/out.xml'],
                           capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        print('FAIL: mutant %d hangs' % n); fail = 1; continue
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode == 0:
        ok += 1
    elif p.returncode == 3 and re.search(r'm%03d\.xml:[0-9]+(:[0-9]+)?: error: ' % n, err):
        errors += 1
    else:
        print('FAIL: mutant %d: exit %d: %s' % (n, p.returncode, err[:300])); fail = 1
print('xml_mutation: %d converted, %d refused with a located error%s' % (ok, errors, '' if not fail else ', FAILURES'))
sys.exit(fail)
PY
