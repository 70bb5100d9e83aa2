#!/bin/bash
# SPDX-License-Identifier: MIT
# Measure reading and writing a large canonical document (one table of N rows):
# time and peak RSS of `budgetkit convert`, and that the output round-trips.
# Usage: tests/json/bench_document.sh BUILD_DIR [N_ROWS]   (default 200000)
set -eu
build=${1:?usage: $0 BUILD_DIR [N]}; n=${2:-200000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/doc.json" "$n" <<'PYEOF'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write('{"format": "budgetkit", "version": 1, "document": {"tables": [{"kind": "custom", "title": "大表", '
            '"unit": "yuan", "scale": 2, "panels": [{"key": "main", "columns": [{"key": "a", "type": "amount"}, '
            '{"key": "b", "type": "amount"}, {"key": "c", "type": "text"}], "rows": [\n')
    f.write(",\n".join('{"code": "%07d", "name": "项目名称%d", "level": 1, "cells": [%d.%02d, null, "说明"]}'
                       % (i, i, i * 13 % 100000, i % 100) for i in range(n)))
    f.write("]}]}]}}\n")
PYEOF
echo "input: $n rows, $(($(stat -c %s "$tmp/doc.json") / 1048576)) MiB"
export BUDGETKIT_PLUGIN_PATH="$build/bin/plugins"
/usr/bin/time -f "convert: wall %e s, user %U s, peak RSS %M KiB" "$build/bin/budgetkit" convert "$tmp/doc.json" "$tmp/a.json"
/usr/bin/time -f "canonical again: wall %e s, user %U s, peak RSS %M KiB" "$build/bin/budgetkit" convert "$tmp/a.json" "$tmp/b.json"
cmp "$tmp/a.json" "$tmp/b.json" && echo "round trip: identical"
