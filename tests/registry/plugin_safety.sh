#!/bin/bash
# SPDX-License-Identifier: MIT
# formats --check loads each plugin file in a child process and names the one
# that crashes while loading; a world-writable or relative plugin folder gets a
# warning (not with -q).
set -u
fail() { echo "FAIL: $*"; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bk-plugins.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
rc=0
out=$(BUDGETKIT_PLUGIN_PATH=disable "$BK_BIN" formats --check --plugin-dir "$BK_FAKE_DIR/good" \
    --plugin-dir "$BK_FAKE_DIR/crash" --plugin-dir "$BK_FAKE_DIR/bad" 2>&1) || rc=$?
echo "$out"
[ "$rc" -eq 5 ] || fail "formats --check with a crashing plugin: exit $rc, expected 5"
# (killed by SIGSEGV; under ASan, whose handler exits instead, "the process died")
grep -q -E "CRASHED .*bk_crasher.so: (killed by signal 11|the process died)" <<<"$out" || fail "the crashing plugin is not named"
grep -q "error: .*bk_crasher.so crashes while loading" <<<"$out" || fail "no error line for it"
grep -q "ok .*good/bk_fakegood.so" <<<"$out" || fail "the good plugin is not listed ok"
grep -q "refused .*bk_abimajor.so: built for plugin ABI 1" <<<"$out" || fail "a refused plugin lacks its reason"
rc=0
out=$(BUDGETKIT_PLUGIN_PATH=disable "$BK_BIN" formats --check --plugin-dir "$BK_FAKE_DIR/good" 2>&1) || rc=$?
[ "$rc" -eq 0 ] || fail "formats --check without a crashing plugin: exit $rc"

mkdir "$scratch/open"
cp "$BK_FAKE_DIR/good/bk_fakegood.so" "$scratch/open/"
chmod 777 "$scratch/open"
out=$(BUDGETKIT_PLUGIN_PATH=disable "$BK_BIN" formats --plugin-dir "$scratch/open" 2>&1)
grep -q "warning: plugin folder '$scratch/open' is world-writable" <<<"$out" || { echo "$out"; fail "no warning for a world-writable folder"; }
out=$(BUDGETKIT_PLUGIN_PATH=disable "$BK_BIN" formats -q --plugin-dir "$scratch/open" 2>&1)
! grep -q "warning" <<<"$out" || fail "-q does not silence the warning"
out=$(cd "$scratch" && chmod 755 open && BUDGETKIT_PLUGIN_PATH=open "$BK_BIN" formats 2>&1)
grep -q "warning: plugin folder 'open' is relative" <<<"$out" || { echo "$out"; fail "no warning for a relative folder"; }
echo ok
