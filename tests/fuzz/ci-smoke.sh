#!/bin/bash
# SPDX-License-Identifier: MIT
# Fuzz smoke test for CI: build every harness with clang in its own build
# directory and run each for a short, bounded time. BK_FUZZ_SECONDS is the
# total budget (default 30), shared by the harnesses, at least 2 s each.
# Exits 0 when nothing was found, 1 on a finding (the log and the input are
# printed), 2 when the harnesses cannot be built. Needs only the Debian
# packages clang and libclang-rt-14-dev.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${BK_FUZZ_BUILD_DIR:-$src/build-fuzz-ci}
total=${BK_FUZZ_SECONDS:-30}
cc=${BK_FUZZ_CC:-clang}

command -v "$cc" >/dev/null || { echo "ci-smoke: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
echo "ci-smoke: building the harnesses in $build"
mkdir -p "$build"
if ! CC=$cc cmake -S "$src" -B "$build" -DBK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/ci-smoke-configure.log" 2>&1; then
    cat "$build/ci-smoke-configure.log" >&2
    exit 2
fi
if ! cmake --build "$build" --target fuzz -j"$(nproc)" >"$build/ci-smoke-build.log" 2>&1; then
    tail -40 "$build/ci-smoke-build.log" >&2
    exit 2
fi
n=$(find "$build/fuzz" -maxdepth 1 -name 'fuzz_*' -type f -perm -u+x | wc -l)
[ "$n" -gt 0 ] || { echo "ci-smoke: no harness was built" >&2; exit 2; }
each=$((total / n))
[ "$each" -ge 2 ] || each=2
echo "ci-smoke: $n harnesses, $each s each"
if BK_FUZZ_JOBS=${BK_FUZZ_JOBS:-1} "$here/run-harnesses.sh" "$build" "$each"; then
    echo "ci-smoke: no findings"
    exit 0
fi
for log in "$build"/fuzz-logs/*.log; do
    grep -q -E '==ERROR|deadly signal|ALARM|out-of-memory' "$log" || continue
    echo "---- $log" >&2
    tail -60 "$log" >&2
done
echo "ci-smoke: findings; reproduce with: $build/fuzz/NAME ARTIFACT (artifacts in $build/fuzz-artifacts/)" >&2
exit 1
