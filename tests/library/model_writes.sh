#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Plugins change the model only through bk_host (docs/library.md, "Plugins write the model
# through the host"): no assignment through a model pointer in plugins/, except in the files
# of PENDING (an allow-list for a file being rewritten on another branch; empty now).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
PENDING=()

# the checker sees a write of each shape (so this test can fail)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/plugins/demo"
cat >"$tmp/plugins/demo/demo.c" <<'C'
typedef struct st {
    bk_document *doc;
} st;
static void facts(bk_document *doc, bk_row *row, bk_pos *cp, st *x, const bk_table *t, const char *s)
{
    bk_pos local = {0};
    local.line = 3; /* a local struct: the plugin's own */
    doc->title = s;
    row->pos.line = 4;
    cp[1] = local;
    *cp = local;
    x->doc->fiscal_year = 2024;
    get_str(s, &doc->region);
    if (t->n_panels != 0 && row->level >= 1) return;
}
C
out=$("$py" "$here/model_writes.py" "$tmp/plugins" || true)
for want in "demo.c:8: error: direct model write: doc->title =" "demo.c:9: error: direct model write: row->pos.line =" \
    "demo.c:10: error: direct model write: cp[1] =" "demo.c:11: error: direct model write: *cp =" \
    "demo.c:12: error: direct model write: ->doc->fiscal_year =" "demo.c:13: error: direct model write: &doc->region"; do
    grep -qF "$want" <<<"$out" || { echo "the checker missed: $want"; echo "$out"; exit 1; }
done
[ "$(grep -c error <<<"$out")" = 6 ] || { echo "the checker flagged a read or a local:"; echo "$out"; exit 1; }

# the tree: the pending files are listed, any other write fails
cd "$root"
if ! "$py" "$here/model_writes.py" plugins "${PENDING[@]}"; then
    echo "a plugin writes a model struct directly: use the bk_host setter (include/budgetkit/plugin.h)" >&2
    exit 1
fi
echo "ok: no plugin writes a model struct directly${PENDING[*]:+ outside ${PENDING[*]}}"
