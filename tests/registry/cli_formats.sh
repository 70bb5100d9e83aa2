#!/bin/bash
# SPDX-License-Identifier: MIT
# `budgetkit formats` lists loaded plugins and the refused ones with reasons; it never crashes.
set -u
fail=0
check() { if ! grep -q -- "$2" <<<"$1"; then echo "FAIL: expected '$2' in output:"; echo "$1"; fail=1; fi; }
out=$(BUDGETKIT_PLUGIN_PATH=disable "$BK_BIN" formats --plugin-dir "$BK_FAKE_DIR/good" --plugin-dir "$BK_FAKE_DIR/bad" 2>&1)
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc"; fail=1; }
check "$out" "fakegood"
check "$out" "refused plugins"
check "$out" "bk_abimajor.so: built for plugin ABI 1\.[0-9]*, but this budgetkit provides 2\.[0-9]*$"
check "$out" "bk_noentry.so: no entry point"
check "$out" "bk_mismatch.so: plugin calls itself 'other'"
check "$out" "bk_garbage.so: cannot load"
out=$("$BK_BIN" formats --plugin-dir "$BK_FAKE_DIR/good" fakegood 2>&1)
check "$out" "fail=true|false"
out=$("$BK_BIN" formats --plugin-dir "$BK_FAKE_DIR/bad" abimajor 2>&1); rc=$?
[ $rc -eq 5 ] || { echo "FAIL: refused format exit $rc, expected 5"; fail=1; }
check "$out" "was refused"
# the build's own plugins are found through BUDGETKIT_PLUGIN_PATH
out=$("$BK_BIN" formats 2>&1)
check "$out" "skeleton"
# the optional pdf reader is either there or named as not built, with the reason
check "$out" "^\(pdf  *read  *\.pdf\|not built: pdf (.*when budgetkit was built.*)\)"
exit $fail
