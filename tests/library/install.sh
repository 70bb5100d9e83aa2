#!/bin/bash
# SPDX-License-Identifier: MIT
# Install into a clean prefix, build examples/read_totals.c against it from outside
# the build tree (with pkg-config, and with find_package), and run it on the seed
# with no budgetkit variable set: the library finds its plugins and definitions itself.
set -euo pipefail
[ -f "$BK_SEED" ] || { echo "skip: no seed"; exit 77; }
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
prefix="$scratch/prefix"
"$BK_CMAKE" --install "$BK_BUILD_DIR" --prefix "$prefix" > "$scratch/install.log"
for f in include/budgetkit/budgetkit.h include/budgetkit/export.h lib/libbudgetkit.so.0 \
         lib/pkgconfig/budgetkit.pc lib/cmake/budgetkit/budgetkitConfig.cmake \
         lib/budgetkit/plugins/bk_json.so share/budgetkit/definitions/codebook.tsv; do
  ls "$prefix"/$f > /dev/null 2>&1 || ls "$prefix"/lib*/"${f#lib/}" > /dev/null 2>&1 \
    || { echo "FAIL: not installed: $f"; exit 1; }
done
pcdir=$(dirname "$(ls "$prefix"/lib*/pkgconfig/budgetkit.pc "$prefix"/lib/*/pkgconfig/budgetkit.pc 2>/dev/null | head -1)")

# only what a user has: no BUDGETKIT_* variable, no LD_LIBRARY_PATH, another directory
clean=(env -u BUDGETKIT_PLUGIN_PATH -u BUDGETKIT_DEFINITIONS -u LD_LIBRARY_PATH)
cd "$scratch"
cflags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs budgetkit)
[ "$(PKG_CONFIG_PATH="$pcdir" pkg-config --modversion budgetkit)" = "$("$BK_BIN" --version | awk '{print $2}')" ]
extra=${BK_EXAMPLE_CFLAGS:-}
cc -std=c11 -Wall -Wextra -Werror $extra "$BK_SOURCE_DIR/examples/read_totals.c" $cflags -o read_totals
"${clean[@]}" ./read_totals "$BK_SEED" > out.txt
grep -q "收入总计 8261.00" out.txt || { echo "FAIL: pkg-config build:"; cat out.txt; exit 1; }
# the validator's verdict is the command's (the seed, as published, has 3 errors)
if "$BK_BIN" validate -q "$BK_SEED" > /dev/null; then want="the tables add up"; else want="validation errors"; fi
grep -q "$want" out.txt || { echo "FAIL: expected '$want'"; head -1 out.txt; exit 1; }

# a located error, in the CLI's form
if "${clean[@]}" ./read_totals "$scratch/missing.json" 2> err.txt; then echo "FAIL: missing file read"; exit 1; fi
grep -q "missing.json: error: " err.txt || { cat err.txt; exit 1; }

# find_package(budgetkit) with the imported target
"$BK_CMAKE" -S "$BK_SOURCE_DIR/examples" -B "$scratch/ex" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$extra" > ex.log
"$BK_CMAKE" --build "$scratch/ex" >> ex.log
"${clean[@]}" "$scratch/ex/read_totals" "$BK_SEED" > out2.txt
cmp out.txt out2.txt
# the other example writes a workbook through the installed xlsx plugin
"${clean[@]}" "$scratch/ex/write_workbook" "$scratch/ex.xlsx" > /dev/null
[ -s "$scratch/ex.xlsx" ]
echo "ok: $(grep -c . out.txt) lines; $(grep 收入总计 out.txt | head -1)"
