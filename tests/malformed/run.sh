#!/bin/bash
# SPDX-License-Identifier: MIT
# The malformed-input corpus: every file in cases.tsv is converted (to JSON,
# over an existing output) and must fail — or succeed — exactly as its golden
# line says: exit code, file:line:column of the error, and a message
# substring. Whatever the outcome: no crash, no sanitizer report, no hang
# (30 s), the previous output untouched and no temporary file left.
# Cases of a format whose plugin is not in the build are skipped.
#
# cases.tsv columns (tab-separated; '#' starts a comment line):
#   file     path under tests/malformed/
#   args     extra CLI arguments, or '-' (--from FORMAT is added unless given);
#            a word env:NAME=VALUE sets an environment variable instead
#   exit     expected exit status; '*' = 0 or 3 (outcome not pinned yet: only safety is checked)
#   where    'LINE:COL', 'LINE', '-' (no position) or '*' (not checked)
#   message  substring of the error line, or '-'. For exit 0, a warning that
#            must be printed at 'where' (e.g. a bad amount kept as text)
set -u
: "${BK_BIN:?}" "${BUDGETKIT_PLUGIN_PATH:?}"
cd "$(dirname "$0")"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bk-malformed.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/out"
prev="$scratch/out/previous.json"
has_plugin() { [ -f "$BUDGETKIT_PLUGIN_PATH/bk_$1.so" ]; }

# Write to JSON when the build has the JSON writer: that also proves a failed
# read never touches an existing output. Otherwise just read (info).
if has_plugin json; then mode=convert; else mode=info; fi

passed=0 failed=0 skipped=0
fail() {
    echo "FAIL $file: $*"
    sed 's/^/    | /' "$scratch/err" | head -8
    failed=$((failed + 1))
}

check_case() {
    local file=$1 args=$2 want_exit=$3 where=$4 message=$5
    local fmt=${file%%/*}
    if [ "$fmt" != any ] && ! has_plugin "$fmt"; then
        skipped=$((skipped + 1))
        return
    fi
    [ -f "$file" ] || { fail "no such file"; return; }
    local words=() extra=() envs=() w
    [ "$args" != - ] && read -r -a words <<<"$args"
    for w in "${words[@]}"; do
        if [[ $w == env:* ]]; then envs+=("${w#env:}"); else extra+=("$w"); fi
    done
    if [ "$fmt" != any ] && [[ " $args " != *" --from "* ]]; then extra+=(--from "$fmt"); fi
    # Known false leak: reading XLSX initialises libxml2's global encoding table;
    # when the registry dlcloses the plugin, libxml2 is unloaded with it and
    # LeakSanitizer reports the table (xmlInitCharEncodingHandlers, 400 bytes).
    # Fixed by dlopen(..., RTLD_NODELETE) in core/registry.c (asked of the lead);
    # until then XLSX rows run without LSan here. fuzz_xlsx, which never
    # unloads the plugin, still checks the XLSX reader for leaks.
    [ "$fmt" = xlsx ] && envs+=("ASAN_OPTIONS=detect_leaks=0:abort_on_error=0")
    printf 'previous output\n' >"$prev"
    local rc=0
    if [ "$mode" = convert ]; then
        env "${envs[@]}" timeout 30 "$BK_BIN" convert --overwrite "$file" "$prev" --to json "${extra[@]}" >/dev/null 2>"$scratch/err" || rc=$?
    else
        env "${envs[@]}" timeout 30 "$BK_BIN" info "$file" "${extra[@]}" >/dev/null 2>"$scratch/err" || rc=$?
    fi
    if [ "$rc" -eq 124 ]; then fail "hang: no answer in 30 s"; return; fi
    if grep -q -E 'Sanitizer|runtime error:|Segmentation fault|core dumped' "$scratch/err"; then
        fail "sanitizer report or crash (exit $rc)"
        return
    fi
    if [ "$want_exit" = '*' ]; then
        [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { fail "exit $rc, expected 0 or 3"; return; }
    elif [ "$rc" -ne "$want_exit" ]; then
        fail "exit $rc, expected $want_exit"
        return
    fi
    if [ "$rc" -ne 0 ]; then
        if [ "$mode" = convert ] && [ "$(cat "$prev")" != "previous output" ]; then
            fail "a failed conversion changed the previous output"
            return
        fi
        if [ "$where" != '*' ]; then
            local prefix="$file: error: "
            [ "$where" != - ] && prefix="$file:$where: error: "
            local line
            line=$(grep -F -- "$prefix" "$scratch/err" | head -1)
            [ -n "$line" ] || { fail "no error line starting '$prefix'"; return; }
            if [ "$message" != - ] && [[ "$line" != *"$message"* ]]; then
                fail "the error line lacks '$message'"
                return
            fi
        fi
    elif [ "$message" != - ]; then
        # a success with a golden warning: "file:where: warning: ... message"
        local prefix="$file: warning: "
        [ "$where" != - ] && [ "$where" != '*' ] && prefix="$file:$where: warning: "
        if ! grep -F -- "$prefix" "$scratch/err" | grep -q -F -- "$message"; then
            fail "no warning '$prefix...$message'"
            return
        fi
    fi
    if [ -n "$(find "$scratch/out" -name '.*.tmp.*')" ]; then fail "temporary file left behind"; return; fi
    passed=$((passed + 1))
}

while IFS=$'\t' read -r file args want_exit where message; do
    case $file in '' | '#'*) continue ;; esac
    check_case "$file" "$args" "$want_exit" "$where" "$message"
done <cases.tsv

# Every file of the corpus has a golden line (a file without one is a case nobody checks).
for f in json/* csv/* xlsx/* xml/* any/*; do
    [ -f "$f" ] || continue
    grep -q -F -- "$f	" cases.tsv || { echo "FAIL $f: no line in cases.tsv"; failed=$((failed + 1)); }
done

echo "malformed corpus ($mode): $passed passed, $failed failed, $skipped skipped (plugin not built)"
[ "$failed" -eq 0 ] || exit 1
[ "$passed" -gt 0 ] || exit 77
