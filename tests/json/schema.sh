#!/bin/bash
# SPDX-License-Identifier: MIT
# schemas/budgetkit.schema.json (JSON Schema 2020-12) accepts what the json
# plugin writes and rejects what it refuses; every key the schema documents
# occurs in the test files. Needs python3-jsonschema (Debian); skipped without it.
set -u
PY=${BK_PYTHON:-python3}
"$PY" -c "import jsonschema" 2>/dev/null || { echo "python3-jsonschema not installed: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# a written file, not only the committed ones: convert the fixture with indent=0 and back
"$BK_BIN" convert -o indent=0 data/full.json "$tmp/flat.json" || exit 1
"$PY" - "$BK_SOURCE_DIR/schemas/budgetkit.schema.json" "$BK_SOURCE_DIR/samples/seed-first-tables.json" \
  data/full.json "$tmp/flat.json" data/positions.json <<'PYEOF'
import copy, json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
fail = 0
docs = []
for path in sys.argv[2:]:
    d = json.load(open(path, encoding="utf-8"))
    docs.append(d)
    for e in v.iter_errors(d):
        print("FAIL: %s: %s at %s" % (path, e.message, list(e.path))); fail = 1
# every documented key is used somewhere (so the schema describes the real form)
used = set()
def walk(x):
    if isinstance(x, dict):
        used.update(x.keys()); [walk(y) for y in x.values()]
    elif isinstance(x, list):
        [walk(y) for y in x]
for d in docs: walk(d)
for name, sub in schema["$defs"].items():
    for key in sub.get("properties", {}):
        if key not in used: print("FAIL: schema key %s.%s occurs in no test file" % (name, key)); fail = 1
# and it rejects what the reader rejects
base = docs[1]
def bad(what, mutate):
    global fail
    d = copy.deepcopy(base); mutate(d)
    if v.is_valid(d): print("FAIL: schema accepts %s" % what); fail = 1
bad("an unknown key", lambda d: d["document"].__setitem__("titel", "x"))
bad("a numeric code", lambda d: d["document"]["tables"][1]["panels"][0]["rows"][0].__setitem__("code", 208))
bad("a boolean cell", lambda d: d["document"]["tables"][0]["panels"][0]["rows"][0]["cells"].__setitem__(0, True))
bad("an unknown role", lambda d: d["document"]["tables"][0]["panels"][0]["rows"][0].__setitem__("role", "sum"))
bad("version 2", lambda d: d.__setitem__("version", 2))
bad("a row without cells", lambda d: d["document"]["tables"][0]["panels"][0]["rows"][0].pop("cells"))
pos = docs[-1]
def badpos(what, p):
    global fail
    d = copy.deepcopy(pos); d["document"]["tables"][0]["pos"] = p
    if v.is_valid(d): print("FAIL: schema accepts %s" % what); fail = 1
badpos("a position with a page and a sheet", {"page": 1, "sheet": "x"})
badpos("a sheet position with a box", {"sheet": "x", "box": [1, 2, 3, 4]})
badpos("a box of 3 numbers", {"page": 1, "box": [1, 2, 3]})
badpos("page 0", {"page": 0})
badpos("a position naming neither", {"row": 3})
sys.exit(fail)
PYEOF
rc=$?
[ $rc -eq 0 ] && echo "json_schema: all passed"
exit $rc
