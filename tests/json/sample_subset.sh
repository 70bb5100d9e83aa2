#!/bin/bash
# SPDX-License-Identifier: MIT
# samples/seed-first-tables.json is exactly its part of samples/seed.json (facts, units, the first
# four tables, the 补充生活救助资金 form): one vocabulary, the recognizer's. Regenerate with
# make_seed_first_tables.py when samples/seed.json changes.
set -u
exec "${BK_PYTHON:-python3}" "$BK_SOURCE_DIR/tests/json/make_seed_first_tables.py" \
    "$BK_SOURCE_DIR/samples/seed.json" "$BK_SOURCE_DIR/samples/seed-first-tables.json" --check
