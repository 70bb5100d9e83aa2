# SPDX-License-Identifier: MIT
"""A zipped Fiscal Data Package checked against the published specifications, with
no network: Data Package (descriptor, resources), Tabular Data Resource and Table
Schema (fields, types, primary key, the CSV against its schema) and Fiscal Data
Package (profile, the model: measures with source and currency, dimensions with
attributes, primaryKey and dimensionType). With --against DOC.json, every figure of
the document must be in the CSV exactly (and nothing else), read with pandas and
with SQLite. --mutate NAME breaks the package first: the check must then fail.
Usage: check_fdp.py PACKAGE [--against DOC.json] [--mutate NAME]"""
import csv, io, json, re, sqlite3, sys, zipfile
from decimal import Decimal

NAME = re.compile(r"^[a-z0-9._-]+$")
TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year",
         "yearmonth", "duration", "geopoint", "geojson", "any"}
DIMENSION_TYPES = {"datetime", "entity", "classification", "activity", "fact", "location", "other"}
PHASES = {"proposed", "approved", "adjusted", "executed"}
DIRECTIONS = {"expenditure", "revenue"}
INTEGER = re.compile(r"^[+-]?[0-9]+$")
NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
problems = []


def bad(msg):
    problems.append(msg)


def check_descriptor(dp, members):
    if not isinstance(dp, dict): return bad("descriptor is not an object")
    if dp.get("profile") != "fiscal-data-package": bad("profile is not fiscal-data-package")
    if not isinstance(dp.get("name"), str) or not NAME.match(dp["name"]): bad("name missing or not [a-z0-9._-]+")
    if not isinstance(dp.get("title"), str) or not dp["title"]: bad("title missing")
    fp = dp.get("fiscalPeriod")
    if fp is not None and not (isinstance(fp, dict) and re.match(r"^\d{4}-\d{2}-\d{2}$", str(fp.get("start", "")))):
        bad("fiscalPeriod without an ISO start date")
    res = dp.get("resources")
    if not isinstance(res, list) or not res: return bad("resources missing or empty")
    fields_of = {}
    for r in res:
        n = r.get("name")
        if not isinstance(n, str) or not NAME.match(n) or n in fields_of: bad(f"resource name {n!r} invalid or repeated")
        p = r.get("path")
        if not isinstance(p, str) or p.startswith("/") or ".." in p.split("/") or p not in members:
            bad(f"resource {n}: path {p!r} is not a relative path inside the package")
        if r.get("profile") != "tabular-data-resource": bad(f"resource {n}: not a tabular-data-resource")
        s = r.get("schema")
        if not isinstance(s, dict) or not isinstance(s.get("fields"), list) or not s["fields"]:
            bad(f"resource {n}: schema without fields")
            continue
        names = [f.get("name") for f in s["fields"]]
        if len(set(names)) != len(names) or not all(isinstance(x, str) and x for x in names):
            bad(f"resource {n}: field names missing or repeated")
        for f in s["fields"]:
            if f.get("type", "string") not in TYPES: bad(f"resource {n}: field {f.get('name')} has type {f.get('type')!r}")
        pk = s.get("primaryKey")
        pk = [pk] if isinstance(pk, str) else pk
        if pk is not None and not all(k in names for k in pk): bad(f"resource {n}: primaryKey names unknown fields")
        fields_of[n] = {f["name"]: f.get("type", "string") for f in s["fields"] if isinstance(f.get("name"), str)}
    model = dp.get("model")
    if not isinstance(model, dict): return bad("model missing") or fields_of
    only = next(iter(fields_of)) if len(fields_of) == 1 else None

    def source(where, obj):
        r = obj.get("resource", only)
        if r not in fields_of: return bad(f"{where}: resource {r!r} unknown")
        if obj.get("source") not in fields_of[r]: return bad(f"{where}: source {obj.get('source')!r} is no field of {r}")
        return fields_of[r][obj["source"]]

    ms = model.get("measures")
    if not isinstance(ms, dict) or not ms: bad("model.measures missing or empty")
    for k, m in (ms or {}).items():
        if not isinstance(m, dict) or "source" not in m: bad(f"measure {k}: no source"); continue
        if source(f"measure {k}", m) not in ("number", "integer"): bad(f"measure {k}: source is not numeric")
        if not re.match(r"^[A-Z]{3}$", str(m.get("currency", ""))): bad(f"measure {k}: currency not ISO 4217")
        if "factor" in m and not isinstance(m["factor"], (int, float)): bad(f"measure {k}: factor not a number")
        if "phase" in m and m["phase"] not in PHASES: bad(f"measure {k}: phase {m['phase']!r}")
        if "direction" in m and m["direction"] not in DIRECTIONS: bad(f"measure {k}: direction {m['direction']!r}")
    ds = model.get("dimensions")
    if not isinstance(ds, dict) or not ds: bad("model.dimensions missing or empty")
    for k, d in (ds or {}).items():
        at = d.get("attributes") if isinstance(d, dict) else None
        if not isinstance(at, dict) or not at: bad(f"dimension {k}: no attributes"); continue
        for a, v in at.items():
            if not isinstance(v, dict) or "source" not in v: bad(f"dimension {k}.{a}: no source"); continue
            source(f"dimension {k}.{a}", v)
            if "labelfor" in v and v["labelfor"] not in at: bad(f"dimension {k}.{a}: labelfor names no attribute")
        pk = d.get("primaryKey")
        pk = [pk] if isinstance(pk, str) else pk
        if not isinstance(pk, list) or not pk or not all(p in at for p in pk): bad(f"dimension {k}: primaryKey")
        if "dimensionType" in d and d["dimensionType"] not in DIMENSION_TYPES: bad(f"dimension {k}: dimensionType")
    return fields_of


def check_csv(dp, z):
    for r in dp.get("resources", []):
        try:
            text = z.read(r["path"]).decode("utf-8")
        except (KeyError, UnicodeDecodeError) as e:
            bad(f"resource {r.get('name')}: {e}"); continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        fields = r["schema"]["fields"]
        if rows[0] != [f["name"] for f in fields]: bad(f"resource {r['name']}: the header is not the schema's fields")
        pk = r["schema"].get("primaryKey") or []
        idx = [rows[0].index(k) for k in pk if k in rows[0]]
        seen = set()
        for ln, row in enumerate(rows[1:], 2):
            if len(row) != len(fields): bad(f"{r['path']}:{ln}: {len(row)} values for {len(fields)} fields"); continue
            for f, v in zip(fields, row):
                t = f.get("type", "string")
                if v and t == "integer" and not INTEGER.match(v): bad(f"{r['path']}:{ln}: {f['name']} {v!r} not an integer")
                if v and t == "number" and not NUMBER.match(v): bad(f"{r['path']}:{ln}: {f['name']} {v!r} not a number")
            key = tuple(row[i] for i in idx)
            if any(not k for k in key) or key in seen: bad(f"{r['path']}:{ln}: primary key missing or repeated")
            seen.add(key)
    return rows


def expected_figures(doc):
    """(table_seq, panel, row_seq, column_key) -> (printed, amount in 元) for every amount cell."""
    out = {}
    for ti, t in enumerate(doc["tables"]):
        f = {"wan_yuan": Decimal(10000), "yuan": Decimal(1)}.get(t.get("unit"))
        if f is None: continue
        for p in t["panels"]:
            amt = [c.get("type", "amount") == "amount" for c in p["columns"]]
            for ri, r in enumerate(p["rows"]):
                for c, v, a in zip(p["columns"], r["cells"], amt):
                    if a and v is not None:
                        out[(str(ti), p["key"], str(ri), c["key"])] = (str(v), Decimal(str(v)) * f)
    return out


def check_figures(z, path, doc):
    import pandas as pd
    want = expected_figures(doc)
    df = pd.read_csv(io.BytesIO(z.read(path)), dtype=str, keep_default_na=False)
    got = {(r.table_seq, r.panel, r.row_seq, r.column_key): (r.printed, r.amount) for r in df.itertuples()}
    if set(got) != set(want): bad(f"pandas: {len(set(want) - set(got))} figures missing, {len(set(got) - set(want))} extra")
    for k, (pr, a) in want.items():
        if k in got and (got[k][0] != pr or Decimal(got[k][1]) != a):
            bad(f"pandas: figure {k}: {got[k]} against {pr} / {a}")
            break
    con = sqlite3.connect(":memory:")
    rows = list(csv.reader(io.StringIO(z.read(path).decode("utf-8"), newline="")))
    con.execute("CREATE TABLE f(%s)" % ", ".join(f'"{c}" TEXT' for c in rows[0]))
    con.executemany("INSERT INTO f VALUES(%s)" % ", ".join("?" * len(rows[0])), rows[1:])
    i = rows[0].index("amount")
    total = sum((Decimal(r[i]) for r in rows[1:] if r[i]), Decimal(0))
    (n,) = con.execute("SELECT count(*) FROM f WHERE amount <> ''").fetchone()
    texts = [t for (t,) in con.execute("SELECT amount FROM f WHERE amount <> ''")]
    if n != len(want) or sum(map(Decimal, texts), Decimal(0)) != sum((a for _, a in want.values()), Decimal(0)) or \
       total != sum((a for _, a in want.values()), Decimal(0)):
        bad(f"sqlite: {n} figures, total {total}; the document has {len(want)}")


def mutate(name, files):
    dp = json.loads(files["datapackage.json"])
    if name == "no-currency": del dp["model"]["measures"]["amount"]["currency"]
    elif name == "bad-source": dp["model"]["dimensions"]["table"]["attributes"]["table_kind"]["source"] = "nope"
    elif name == "no-model": del dp["model"]
    elif name == "bad-name": dp["name"] = "Budget 2024"
    elif name == "bad-path": dp["resources"][0]["path"] = "../figures.csv"
    elif name == "bad-amount": files["figures.csv"] = files["figures.csv"].replace(b",40007000,", b",4000.70 ,", 1)
    elif name == "changed-figure": files["figures.csv"] = files["figures.csv"].replace(b",40007000,", b",40007001,", 1)
    elif name == "dup-key":
        lines = files["figures.csv"].split(b"\r\n")
        files["figures.csv"] = b"\r\n".join(lines[:2] + [lines[1]] + lines[2:])
    else: sys.exit(f"unknown mutation {name}")
    if "datapackage.json" in files and name not in ("bad-amount", "changed-figure", "dup-key"):
        files["datapackage.json"] = json.dumps(dp).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for k, v in files.items(): out.writestr(k, v)
    return zipfile.ZipFile(buf)


def main():
    args = sys.argv[1:]
    pkg, against, mut = args[0], None, None
    if "--against" in args: against = args[args.index("--against") + 1]
    if "--mutate" in args: mut = args[args.index("--mutate") + 1]
    z = zipfile.ZipFile(pkg)
    if z.testzip() is not None: sys.exit("a member's CRC is wrong")
    if mut: z = mutate(mut, {n: z.read(n) for n in z.namelist()})
    members = set(z.namelist())
    if "datapackage.json" not in members: sys.exit("no datapackage.json at the package's root")
    dp = json.loads(z.read("datapackage.json"))
    check_descriptor(dp, members)
    if not problems: check_csv(dp, z)
    if not problems and against:
        check_figures(z, dp["resources"][0]["path"], json.load(open(against, encoding="utf-8"), parse_float=str)["document"])
    for p in problems: print("FDP:", p)
    sys.exit(1 if problems else 0)


main()
