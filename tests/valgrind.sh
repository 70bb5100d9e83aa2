#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/valgrind.sh [CTEST ARGS...]: run the test suite under valgrind memcheck.
#
# Builds a plain (no sanitizer) Debug tree in $BK_VALGRIND_BUILD_DIR (default
# build-valgrind) and runs `ctest -T memcheck` on it. valgrind follows the
# child processes, so the shell tests' budgetkit runs are checked too (the
# shell and the text tools they use are skipped). Any memcheck error or
# definite/indirect leak fails the run. Not part of the default suite: it
# takes many times longer. Extra arguments go to ctest (e.g. -L malformed,
# -j2). Needs the Debian package valgrind.
#
# tests/valgrind.sh --conversions [BUILD_DIR]: the short run (a few minutes on
# 2 cores, CI can call it): every conversion path on the seed disclosure and
# the real documents (../shared/realdocs: text, workbook, PDF) under memcheck,
# using an existing non-sanitized build (default: build). Each budgetkit run
# must have no memcheck error and no definite or indirect leak; one line per
# run, the logs in BUILD_DIR/valgrind-conversions/. Exit 1 on any defect.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }
if [ "${1:-}" = "--conversions" ]; then
    exec bash "$src/tests/valgrind_conversions.sh" "${2:-$src/build}"
fi
build=${BK_VALGRIND_BUILD_DIR:-$src/build-valgrind}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DBK_SANITIZE=OFF -DBK_FUZZ=OFF >/dev/null || exit 2
cmake --build "$build" -j"$(nproc)" >/dev/null || { echo "valgrind.sh: build failed" >&2; exit 2; }

# Known false leaks (kept here so the script is self-contained).
cat >"$build/valgrind.supp" <<'SUPP'
{
   bash's own leaks: a shell test's top process is bash, which valgrind must run too
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   ...
   obj:/usr/bin/bash
}
# Suppressions for tests/valgrind.sh. Each says why; keep it short.
{
   libxml2 keeps its encoding-handler table in globals; when the registry dlcloses a plugin that loaded libxml2, the library is unmapped and the table looks lost (fixed for good by RTLD_NODELETE in the registry)
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   fun:malloc
   ...
   fun:xmlInitCharEncodingHandlers
}
{
   libxml2 global mutexes, same cause as above
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   fun:malloc
   fun:xmlNewRMutex
}
{
   libxml2 encoding handlers registered by xmlInitCharEncodingHandlers, same cause
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   fun:malloc
   fun:xmlNewCharEncodingHandler
}
SUPP

# Processes not worth checking: the shell and the tools the test scripts call.
# Never skip env or timeout: a skipped process runs natively, and so would the
# budgetkit it starts.
tools="bash sh dash grep sed awk mawk gawk cat cut head tail tr wc sort uniq cmp diff od xxd find ls cp mv rm"
tools+=" mkdir mktemp sleep seq date printf sha256sum md5sum mount umount python3 xmllint xsltproc soffice"
tools+=" soffice.bin libreoffice zip unzip file dirname basename readlink"
skip=""
for t in $tools; do skip+="${skip:+,}$t,*/$t"; done # by bare name (execvp) and by path
opts="--tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect"
opts+=" --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=40"
opts+=" --trace-children=yes --trace-children-skip=$skip --keep-debuginfo=yes"
opts+=" --suppressions=$build/valgrind.supp"

# ASan/UBSan options in the test environment mean nothing here.
ctest --test-dir "$build" -T memcheck \
    --overwrite "MemoryCheckCommand=$(command -v valgrind)" \
    --overwrite "MemoryCheckCommandOptions=$opts" \
    --output-on-failure "$@" 2>&1 | tee "$build/valgrind-ctest.log"
status=${PIPESTATUS[0]}
# ctest lists defects per kind ("Memory Leak - 2"); any is a failure.
if grep -q -E '^(Memory Leak|Invalid|Uninitialized|Mismatched|Potential Memory Leak|Use of uninitialized).* - [1-9]' \
    "$build/valgrind-ctest.log"; then
    echo "valgrind.sh: memcheck defects (logs: $build/Testing/Temporary/MemoryChecker.*.log)" >&2
    exit 1
fi
exit "$status"
