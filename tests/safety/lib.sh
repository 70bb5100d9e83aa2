# SPDX-License-Identifier: MIT
# Shared by the safety tests: a scratch directory, the CLI with the test
# plugin, and the two checks every test makes.
set -u
: "${BK_BIN:?}" "${BK_SAFETY_PLUGIN_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/bk-safety.XXXXXX")
cleanup_hooks=()
cleanup() {
    local h
    for h in "${cleanup_hooks[@]}"; do eval "$h"; done
    rm -rf "$scratch"
}
trap cleanup EXIT

# gen ROWS FILE: a .gen input of ROWS rows
gen() { echo "rows $1" >"$2"; }

# bk IN OUT [args...]: the CLI through the test plugin. An array, not a
# function, so that `"${bk[@]}" ... &` gives the pid of budgetkit itself.
bk=("$BK_BIN" convert --overwrite --from safetygen --to safetygen --plugin-dir "$BK_SAFETY_PLUGIN_DIR" -q)

# assert_intact FILE SUM: FILE still has checksum SUM
assert_intact() {
    [ -f "$1" ] || fail "$1 is gone"
    local now
    now=$(sha256sum <"$1" | cut -d' ' -f1)
    [ "$now" = "$2" ] || fail "$1 was changed ($(wc -c <"$1") bytes now)"
}

# assert_no_temp DIR: no temporary file of the atomic writer is left in DIR
assert_no_temp() {
    local left
    left=$(find "$1" -maxdepth 1 -name '.*.tmp.*' | head -5)
    [ -z "$left" ] || fail "temporary file left behind: $left"
}

sum_of() { sha256sum <"$1" | cut -d' ' -f1; }
