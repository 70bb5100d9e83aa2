# SPDX-License-Identifier: MIT
"""samples/seed-first-tables.json is the exact subset of samples/seed.json (which the recognizer made
from the seed text): the document facts and budget units, the first four tables and the
补充生活救助资金 project form, in the recognizer's one vocabulary of form field keys.

    make_seed_first_tables.py SEED.json OUT.json       write the subset (then canonicalise it with
                                                       `budgetkit convert OUT.json samples/seed-first-tables.json`)
    make_seed_first_tables.py SEED.json SAMPLE.json --check   exit 1 unless SAMPLE is that subset
Figures keep their printed decimals (4000.70 stays 4000.70): numbers are carried as text."""
import json
import re
import sys

FORM_PROJECT = "补充生活救助资金"
N_TABLES = 4
NUM = "\u0000NUM:"


def load(path):
    return json.load(open(path, encoding="utf-8"), parse_float=lambda s: NUM + s)


def subset(seed):
    doc = seed["document"]
    out = {k: v for k, v in doc.items() if k not in ("tables", "perf_targets", "sections")}
    out["tables"] = doc["tables"][:N_TABLES]
    out["perf_targets"] = [p for p in doc["perf_targets"]
                           if any(f.get("key") == "project_name" and f.get("value") == FORM_PROJECT
                                  for f in p["fields"])]
    if len(out["perf_targets"]) != 1:
        sys.exit(f"expected one {FORM_PROJECT} form, found {len(out['perf_targets'])}")
    out["sections"] = []
    return {**{k: v for k, v in seed.items() if k != "document"}, "document": out}


def main():
    seed, path = load(sys.argv[1]), sys.argv[2]
    want = subset(seed)
    if "--check" in sys.argv:
        got = load(path)
        if got != want:
            for key in sorted(set(got["document"]) | set(want["document"])):
                if got["document"].get(key) != want["document"].get(key):
                    print(f"FAIL: {path}: document.{key} differs from samples/seed.json")
            return 1
        print(f"{path}: the seed's facts, first {N_TABLES} tables and the {FORM_PROJECT} form, as in seed.json")
        return 0
    text = json.dumps(want, ensure_ascii=False, indent=2)
    text = re.sub('"\\\\u0000NUM:([^"]*)"', r"\1", text)
    open(path, "w", encoding="utf-8").write(text + "\n")
    return 0


sys.exit(main())
