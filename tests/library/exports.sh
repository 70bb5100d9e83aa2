#!/bin/bash
# SPDX-License-Identifier: MIT
# libbudgetkit.so exports exactly the BK_API declarations of include/budgetkit/*.h
# (plus the thread-safe gmtime, core/thread_safe_gmtime.c), every public declaration
# carries BK_API, and the SONAME is libbudgetkit.so.<major>.
set -euo pipefail
py=${BK_PYTHON:-/usr/bin/python3}
tool="$BK_SOURCE_DIR/tools/bk_api.py"
headers=("$BK_SOURCE_DIR"/include/budgetkit/*.h)
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT

"$py" "$tool" check "${headers[@]}"   # names any declaration without BK_API
{ "$py" "$tool" names "${headers[@]}"; echo gmtime; } | sort -u > "$scratch/declared"
nm -D --defined-only "$BK_LIB" | awk '{print $NF}' | sed 's/@.*//' | sort -u > "$scratch/exported"
[ "$(wc -l < "$scratch/declared")" -gt 100 ] || { echo "FAIL: too few declarations found"; exit 1; }
if ! diff "$scratch/declared" "$scratch/exported" > "$scratch/diff"; then
  echo "FAIL: exported symbols differ from the BK_API declarations (< declared only, > exported only):"
  cat "$scratch/diff"; exit 1
fi
if grep -v -e '^bk_' -e '^gmtime$' "$scratch/exported"; then echo "FAIL: a name without bk_ is exported"; exit 1; fi

# the checker itself: a declaration without BK_API is caught
printf '#include <budgetkit/export.h>\nBK_API int bk_a(void);\nint bk_b(int x);\n' > "$scratch/t.h"
if "$py" "$tool" check "$scratch/t.h" > "$scratch/out"; then echo "FAIL: bk_api.py missed bk_b"; exit 1; fi
grep -q "t.h:3: error: public declaration of bk_b without BK_API" "$scratch/out"

soname=$(readelf -d "$BK_LIB" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libbudgetkit.so.0" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }

# libxlsxwriter's gmtime() binds to the library's per-thread one, in any program
# (not under the sanitizers: libasan interposes gmtime itself)
if [ -f "$BK_BUILD_DIR/bin/plugins/bk_xlsx.so" ] && [ -z "${BK_SANITIZED:-}" ]; then
  LD_DEBUG=bindings "$BK_BIN" convert "$BK_SOURCE_DIR/samples/seed.json" "$scratch/s.xlsx" 2> "$scratch/ld" >/dev/null
  grep -q "libxlsxwriter.*to .*libbudgetkit.so.0.*symbol \`gmtime'" "$scratch/ld" \
    || { echo "FAIL: gmtime of libxlsxwriter does not bind to libbudgetkit"; grep "gmtime'" "$scratch/ld"; exit 1; }
fi
echo "ok: $(wc -l < "$scratch/exported") exported names, all declared with BK_API"
