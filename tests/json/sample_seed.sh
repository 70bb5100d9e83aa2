#!/bin/bash
# SPDX-License-Identifier: MIT
# Every amount of samples/seed-first-tables.json comes from the seed text: per
# table, the multiset of printed numbers in the seed's lines equals the
# multiset of the sample's amounts (a typo, a dropped or an invented figure
# fails), and the form's funding figures are those of 补充生活救助资金.
set -u
[ -r "${BK_SEED:-}" ] || { echo "seed not found: skipped"; exit 77; }
"${BK_PYTHON:-python3}" - "$BK_SEED" "$BK_SOURCE_DIR/samples/seed-first-tables.json" <<'PYEOF'
import collections, json, re, sys
seed = open(sys.argv[1], encoding="utf-8").read().split("\n")
doc = json.loads(open(sys.argv[2], encoding="utf-8").read(), parse_float=str, parse_int=str)["document"]
NUM = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")
def seed_numbers(title, stop_title):
    a = seed.index(title)
    b = seed.index(stop_title, a + 1)
    out = collections.Counter()
    for line in seed[a:b]:
        fields = line.split("\t")
        for f in fields[1:] if fields and re.match(r"^[0-9]{3,7}$", fields[0]) else fields:
            f = f.strip()
            if NUM.match(f) and not re.match(r"^20[0-9]{2}$", f): out[f.replace(",", "")] += 1
    return out
fail = 0
stops = ["2024年预算收入总表", "2024年预算支出总表", "2024年财政拨款收支总表", "2024年一般公共预算支出预算表（不含上年结转）"]
for t, stop in zip(doc["tables"], stops):
    got = collections.Counter(c for p in t["panels"] for r in p["rows"] for c in r["cells"] if c is not None)
    want = seed_numbers(t["title"], stop)
    if got != want:
        fail = 1
        print("FAIL: %s: only in the sample %s, only in the seed %s" % (t["title"], dict(got - want), dict(want - got)))
    else:
        print("%s: %d figures match the seed" % (t["title"], sum(got.values())))
form = doc["perf_targets"][0]
i = next(k for k, l in enumerate(seed) if "补充生活救助资金" in l and l.startswith("项目名称"))
printed = collections.Counter(f.strip().replace(",", "") for l in seed[i:i + 9] for f in l.split("\t") if NUM.match(f.strip()))
got = collections.Counter(a["value"] for a in form["amounts"] if a["value"] is not None)
if got != printed:
    fail = 1
    print("FAIL: form funding: sample %s, seed %s" % (dict(got), dict(printed)))
else:
    print("form funding: %d figures match the seed" % sum(got.values()))
sys.exit(fail)
PYEOF
