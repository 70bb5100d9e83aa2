#!/bin/bash
# SPDX-License-Identifier: MIT
# Mutated copies of the sample (bytes flipped, cut, duplicated, spliced; fixed
# seed) never crash the reader: each converts (exit 0, and then the output reads
# back to the same bytes) or fails cleanly (exit 3, a located message, no output).
set -u
PY=${BK_PYTHON:-python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=${BK_JSON_MUTATIONS:-120}
"$PY" - "$BK_SOURCE_DIR/samples/seed-first-tables.json" "$tmp" "$n" <<'PYEOF'
import random, sys
src = open(sys.argv[1], "rb").read()
rnd = random.Random(20241127)
tokens = [b"null", b"1e400", b"12.3.4", b"\"\xff\"", b"{", b"}", b"[", b"]", b",", b":", b"\"kind\": 1, ", b"-", b"0.1234567", b"\\u0000", b"\"\\ud800\""]
for i in range(int(sys.argv[3])):
    b = bytearray(src)
    for _ in range(rnd.randint(1, 4)):
        if len(b) < 2: b = bytearray(b"{}")
        op = rnd.randrange(5); p = rnd.randrange(len(b))
        if op == 0: b[p] = rnd.randrange(256)
        elif op == 1: del b[p:p + rnd.randint(1, 40)]
        elif op == 2: b[p:p] = rnd.choice(tokens)
        elif op == 3: q = rnd.randrange(len(b)); b[p:p] = b[q:q + rnd.randint(1, 200)]
        else: b = b[:p]
    open("%s/m%03d.json" % (sys.argv[2], i), "wb").write(bytes(b))
PYEOF
fail=0 ok=0 bad=0
for f in "$tmp"/m*.json; do
  out="${f%.json}.out.json"
  msg=$("$BK_BIN" convert --from json "$f" "$out" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    ok=$((ok + 1))
    "$BK_BIN" convert "$out" "$out.2.json" 2>/dev/null && cmp -s "$out" "$out.2.json" ||
      { echo "FAIL: $(basename "$f"): accepted, but its output does not round-trip"; fail=1; }
  elif [ $rc -eq 3 ]; then
    bad=$((bad + 1))
    grep -qE "^.*m[0-9]+\.json:[0-9]+:[0-9]+: error: .*\[json\]$" <<<"$msg" ||
      { echo "FAIL: $(basename "$f"): unlocated error: $msg"; fail=1; }
    [ ! -e "$out" ] || { echo "FAIL: $(basename "$f"): output left behind"; fail=1; }
  else
    echo "FAIL: $(basename "$f"): exit $rc: $msg"; fail=1
  fi
  if grep -qE "runtime error|AddressSanitizer|LeakSanitizer" <<<"$msg"; then echo "FAIL: $(basename "$f"): $msg"; fail=1; fi
done
echo "mutations: $ok accepted, $bad rejected"
[ $fail -eq 0 ] && echo "json_mutations: all passed"
exit $fail
