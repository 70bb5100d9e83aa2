/* SPDX-License-Identifier: MIT */
/* Header blocks of report tables: header cells mapped to the definition's column
 * keys by label and synonym, side-by-side panels, printed header paths, the
 * header-order recovery for misaligned PDF rows, and tables without a title. */
#include "recognize_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- header */

static void rz_norm_leaf(const char *s, char *out, size_t cap, bool *only_year)
{
    rz_norm_header(s, out, cap, only_year);
}

static bool rz_header_matches(const char *norm, bool only_year, const char *label)
{
    char n[RZ_NORM_MAX];
    bool oy = false;
    rz_norm_leaf(label, n, sizeof n, &oy);
    if (only_year) return oy;
    return n[0] && !strcmp(n, norm);
}

/* The header cell prints the column's own label (its leaf), not a synonym. */
static bool rz_col_matches_label(const bk_column_def *cd, const rz_hcell *h)
{
    const char *leaf = strrchr(cd->label, '/');
    leaf = leaf ? leaf + 1 : cd->label;
    return !h->only_year && rz_header_matches(h->norm, false, leaf);
}

static bool rz_col_matches(const bk_column_def *cd, const rz_hcell *h)
{
    if (rz_col_matches_label(cd, h)) return true;
    for (size_t k = 0; cd->synonyms && cd->synonyms[k]; k++)
        if (rz_header_matches(h->norm, h->only_year, cd->synonyms[k])) return true;
    return false;
}

/* Best unused header cell in [c0, c1] accepted by @p ok: deepest row, then leftmost. */
static int rz_pick(rz_tab *t, uint32_t c0, uint32_t c1, bool (*ok)(const void *, const rz_hcell *), const void *arg)
{
    int best = -1;
    for (size_t i = 0; i < t->n_hc; i++) {
        rz_hcell *h = &t->hc[i];
        if (h->used || h->panel_label || h->col < c0 || h->col > c1 || !ok(arg, h)) continue;
        if (best < 0 || h->k > t->hc[best].k || (h->k == t->hc[best].k && h->col < t->hc[best].col)) best = (int)i;
    }
    return best;
}

static bool rz_ok_col(const void *arg, const rz_hcell *h)
{
    return rz_col_matches(arg, h);
}

/* Header cell @p g is above @p h and its span covers h's column: a group over it. */
static bool rz_covers(const rz_hcell *g, const rz_hcell *h)
{
    return g->k < h->k && g->col <= h->col && h->col <= g->span_end;
}

/* Nothing is printed under @p h within its span: it names a column, not a group. */
static bool rz_is_leaf(const rz_tab *t, const rz_hcell *h)
{
    for (size_t i = 0; i < t->n_hc; i++)
        if (rz_covers(h, &t->hc[i])) return false;
    return true;
}

/* A column whose official header path has several levels ("合计/预算数" of the 决算 三公 table, where
 * the item is the group and 预算数/决算数 the leaf), matched on the whole printed path: every level of
 * the label is printed on the cell's path (the cell and the cells above whose span covers it), and
 * the cell itself prints one of them. */
typedef struct rz_path_arg {
    const rz_tab *t;
    const bk_column_def *cd;
} rz_path_arg;

/* Some cell on the path of @p leaf (itself or a group over it) prints normalized @p n. */
static bool rz_path_has(const rz_tab *t, const rz_hcell *leaf, const char *n)
{
    if (!n[0]) return false;
    for (size_t i = 0; i < t->n_hc; i++) {
        const rz_hcell *h = &t->hc[i];
        if ((h == leaf || rz_covers(h, leaf)) && !strcmp(h->norm, n)) return true;
    }
    return false;
}

static bool rz_ok_col_path(const void *arg, const rz_hcell *h)
{
    const rz_path_arg *a = arg;
    const char *label = a->cd->label;
    if (!strchr(label, '/') || !rz_is_leaf(a->t, h)) return false;
    bool leaf_named = false;
    char part[RZ_NORM_MAX], pn[RZ_NORM_MAX];
    for (const char *p = label; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        bool oy;
        rz_norm_leaf(part, pn, sizeof pn, &oy);
        if (!rz_path_has(a->t, h, pn)) return false;
        leaf_named |= !strcmp(pn, h->norm);
        p = e ? e + 1 : p + n;
    }
    return leaf_named;
}
static bool rz_ok_col_label(const void *arg, const rz_hcell *h)
{
    return rz_col_matches_label(arg, h);
}

static bool rz_ok_code(const void *arg, const rz_hcell *h)
{
    const bk_panel_def *pd = arg;
    char n[RZ_NORM_MAX];
    bool oy;
    if (pd->code_label) {
        rz_norm_leaf(pd->code_label, n, sizeof n, &oy);
        if (!strcmp(n, h->norm)) return true;
    }
    size_t len = strlen(h->norm);
    return len >= 6 && (!strcmp(h->norm + len - 6, "编码") || !strcmp(h->norm + len - 6, "代码"));
}

static bool rz_ok_name_exact(const void *arg, const rz_hcell *h)
{
    const bk_panel_def *pd = arg;
    char n[RZ_NORM_MAX];
    bool oy;
    if (!pd->name_label) return false;
    rz_norm_leaf(pd->name_label, n, sizeof n, &oy);
    return !strcmp(n, h->norm);
}

static bool rz_ok_name_generic(const void *arg, const rz_hcell *h)
{
    (void)arg;
    size_t len = strlen(h->norm);
    return !strcmp(h->norm, "项目") || !strcmp(h->norm, "科目") || (len >= 6 && !strcmp(h->norm + len - 6, "名称"));
}

static bool rz_ok_code_part(const void *arg, const rz_hcell *h)
{
    return !strcmp(h->norm, (const char *)arg);
}

static bool rz_ok_panel(const void *arg, const rz_hcell *h)
{
    const bk_panel_def *pd = arg;
    char n[RZ_NORM_MAX];
    bool oy;
    if (!pd->label) return false;
    rz_norm_leaf(pd->label, n, sizeof n, &oy);
    return !strcmp(n, h->norm);
}

int rz_collect_header(rz_tab *t)
{
    const bk_grid *g = t->c->g;
    t->hc = calloc(RZ_MAX_HCELLS, sizeof *t->hc);
    if (!t->hc) return bk_error_set(t->c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < t->nh; k++) {
        uint32_t r = t->hrows[k], w = rz_width(g, r);
        for (uint32_t i = 0; i < w && t->n_hc < RZ_MAX_HCELLS; i++) {
            const char *s = rz_cell(g, r, i);
            if (!*s) continue;
            rz_hcell *h = &t->hc[t->n_hc++];
            h->k = (uint32_t)k;
            h->col = i;
            h->text = s;
            rz_norm_leaf(s, h->norm, sizeof h->norm, &h->only_year);
        }
    }
    return BK_OK;
}

/* Span of each header cell in its row, bounded by the next non-blank cell and the panel. */
static void rz_spans(rz_tab *t, uint32_t c0, uint32_t c1)
{
    for (size_t i = 0; i < t->n_hc; i++) {
        rz_hcell *h = &t->hc[i];
        if (h->col < c0 || h->col > c1) continue;
        h->span_end = c1;
        for (size_t j = 0; j < t->n_hc; j++)
            if (t->hc[j].k == h->k && t->hc[j].col > h->col && t->hc[j].col <= h->span_end)
                h->span_end = t->hc[j].col - 1;
    }
    /* no wider than the group above it: 公务用车运行维护费 under 公务用车购置及运行维护费 stops
     * where that group stops, not at the next cell of its own row (rows top-down) */
    for (uint32_t k = 1; k < RZ_MAX_HEADER_ROWS; k++)
        for (size_t i = 0; i < t->n_hc; i++) {
            rz_hcell *h = &t->hc[i];
            if (h->k != k || h->col < c0 || h->col > c1) continue;
            const rz_hcell *up = NULL;
            for (size_t j = 0; j < t->n_hc; j++) {
                const rz_hcell *g = &t->hc[j];
                if (rz_covers(g, h) && g->col >= c0 && (!up || g->k > up->k)) up = g;
            }
            if (up && up->span_end < h->span_end) h->span_end = up->span_end;
        }
}

void rz_find_panels(rz_tab *t, uint32_t width)
{
    const bk_table_def *def = t->def;
    t->n_panels = def->n_panels < 4 ? def->n_panels : 4;
    if (t->n_panels == 1) {
        t->panels[0].def = &def->panels[0];
        t->panels[0].c0 = 0;
        t->panels[0].c1 = width ? width - 1 : 0;
        return;
    }
    int at[4];
    bool all = true;
    for (size_t p = 0; p < t->n_panels; p++) {
        t->panels[p].def = &def->panels[p];
        at[p] = rz_pick(t, 0, UINT32_MAX, rz_ok_panel, &def->panels[p]);
        if (at[p] >= 0) {
            t->hc[at[p]].panel_label = true;
            t->panels[p].label = t->hc[at[p]].text;
        } else {
            all = false;
        }
    }
    if (!all) {
        /* no panel labels: split where the header row starts again (经济分类科目编码 | 科目名称 |
         * 决算数 printed twice), else where the name header repeats */
        uint32_t second = width;
        for (size_t i = 0; i < t->n_hc; i++) {
            const rz_hcell *h = &t->hc[i];
            if (h->col == 0 || h->k != t->hc[0].k || t->hc[0].col != 0 || strcmp(h->norm, t->hc[0].norm)) continue;
            if (h->col < second) second = h->col;
        }
        bool restarts = second < width;
        for (size_t i = 0; i < t->n_hc && !restarts; i++) {
            if (t->hc[i].col == 0 || !rz_ok_name_generic(NULL, &t->hc[i])) continue;
            bool dup = false;
            for (size_t j = 0; j < t->n_hc; j++)
                if (t->hc[j].col < t->hc[i].col && !strcmp(t->hc[j].norm, t->hc[i].norm)) dup = true;
            if (dup && t->hc[i].col < second) second = t->hc[i].col;
        }
        for (size_t p = 0; p < t->n_panels; p++) at[p] = -1;
        t->panels[0].c0 = 0;
        t->panels[0].c1 = second > 0 ? second - 1 : 0;
        t->panels[1].c0 = second;
        t->panels[1].c1 = width ? width - 1 : 0;
        t->n_panels = 2;
        return;
    }
    for (size_t p = 0; p < t->n_panels; p++) {
        t->panels[p].c0 = t->hc[at[p]].col;
        uint32_t end = width ? width - 1 : 0;
        for (size_t q = 0; q < t->n_panels; q++)
            if (t->hc[at[q]].col > t->panels[p].c0 && t->hc[at[q]].col - 1 < end) end = t->hc[at[q]].col - 1;
        t->panels[p].c1 = end;
    }
}

static int rz_slot_cmp(const void *a, const void *b)
{
    const rz_slot *x = a, *y = b;
    if (x->anchor != y->anchor) return x->anchor < y->anchor ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return 0;
}

static void rz_add_slot(rz_panel *p, int what, const rz_hcell *h)
{
    if (p->n_slots >= RZ_MAX_SLOTS) return;
    rz_slot *s = &p->slots[p->n_slots++];
    memset(s, 0, sizeof *s);
    s->what = what;
    s->col = h->col;
    s->anchor = h->col;
    s->group = -1;
}

/* Printed header path of a slot: the cells above it whose span covers it, then its own text. */
static void rz_slot_label(rz_tab *t, rz_panel *p, rz_slot *s, const rz_hcell *leaf)
{
    size_t len = 0;
    s->label[0] = '\0';
    for (uint32_t k = 0; k < leaf->k; k++) {
        for (size_t i = 0; i < t->n_hc; i++) {
            const rz_hcell *h = &t->hc[i];
            if (h->k != k || h->panel_label || h == leaf) continue;
            bool covers = p->logical ? (s->group == (int)i) : (h->col <= leaf->col && leaf->col <= h->span_end);
            if (!covers) continue;
            /* a cell that is itself a code/name/column leaf is not a group */
            bool is_leaf = false;
            for (size_t q = 0; q < p->n_slots; q++)
                if (p->slots[q].col == h->col && &p->slots[q] != s && h->used && p->slots[q].anchor == h->col)
                    is_leaf = true;
            if (is_leaf && !(s->group == (int)i)) continue;
            int n = snprintf(s->label + len, sizeof s->label - len, "%s/", h->text);
            if (n > 0 && (size_t)n < sizeof s->label - len) len += (size_t)n;
        }
    }
    snprintf(s->label + len, sizeof s->label - len, "%s", leaf->text);
}

void rz_map_panel(rz_tab *t, rz_panel *p)
{
    const bk_panel_def *pd = p->def;
    const rz_hcell *leaf_of[RZ_MAX_SLOTS];
    rz_spans(t, p->c0, p->c1);
    /* columns whose own label is printed first, then by synonym: 合计 takes the header 合计
     * before its synonym 小计 can take the 小计 of 公务用车购置及运行费 */
    bool placed[RZ_MAX_SLOTS] = {false};
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < pd->n_columns && i < RZ_MAX_SLOTS; i++) {
            if (placed[i]) continue;
            rz_path_arg pa = {t, &pd->columns[i]};
            int h = pass == 0 ? rz_pick(t, p->c0, p->c1, rz_ok_col_path, &pa)
                              : rz_pick(t, p->c0, p->c1, pass == 1 ? rz_ok_col_label : rz_ok_col, &pd->columns[i]);
            if (h < 0) continue;
            t->hc[h].used = true;
            placed[i] = true;
            leaf_of[p->n_slots] = &t->hc[h];
            rz_add_slot(p, (int)i, &t->hc[h]);
        }
    /* codes split into 类 | 款 | 项 columns (under a 科目编码 group), or one code column */
    static const char *const parts[] = {"类", "款", "项"};
    int part_at[3], n_parts = 0;
    for (int k = 0; k < 3; k++) {
        part_at[k] = rz_pick(t, p->c0, p->c1, rz_ok_code_part, parts[k]);
        n_parts += part_at[k] >= 0;
    }
    int h = rz_pick(t, p->c0, p->c1, rz_ok_code, pd);
    if (n_parts >= 2) {
        if (h >= 0) {
            t->hc[h].used = true; /* the group over the parts */
            p->code_label = t->hc[h].text;
        }
        for (int k = 0; k < 3; k++) {
            if (part_at[k] < 0) continue;
            t->hc[part_at[k]].used = true;
            leaf_of[p->n_slots] = &t->hc[part_at[k]];
            rz_add_slot(p, RZ_SLOT_CODE_PART, &t->hc[part_at[k]]);
        }
    } else if (h >= 0) {
        t->hc[h].used = true;
        leaf_of[p->n_slots] = &t->hc[h];
        p->code_label = t->hc[h].text;
        rz_add_slot(p, RZ_SLOT_CODE, &t->hc[h]);
    }
    h = rz_pick(t, p->c0, p->c1, rz_ok_name_exact, pd);
    if (h < 0) h = rz_pick(t, p->c0, p->c1, rz_ok_name_generic, NULL);
    if (h >= 0) {
        t->hc[h].used = true;
        leaf_of[p->n_slots] = &t->hc[h];
        p->name_label = t->hc[h].text;
        rz_add_slot(p, RZ_SLOT_NAME, &t->hc[h]);
    }
    /* groups of "G/leaf" columns, and whether the printed positions agree with them */
    for (size_t s = 0; s < p->n_slots; s++) {
        rz_slot *sl = &p->slots[s];
        if (sl->what < 0) continue;
        const char *label = pd->columns[sl->what].label;
        const char *slash = strchr(label, '/');
        if (!slash) continue;
        char gl[RZ_NORM_MAX];
        snprintf(gl, sizeof gl, "%.*s", (int)(slash - label), label);
        char gn[RZ_NORM_MAX];
        bool oy;
        rz_norm_leaf(gl, gn, sizeof gn, &oy);
        int best = -1;
        for (size_t i = 0; i < t->n_hc; i++) {
            const rz_hcell *hc = &t->hc[i];
            if (hc->k >= leaf_of[s]->k || hc->col < p->c0 || hc->col > p->c1 || strcmp(hc->norm, gn)) continue;
            if (best < 0 || hc->k > t->hc[best].k) best = (int)i;
        }
        if (best < 0) continue;
        sl->group = best;
        sl->anchor = t->hc[best].col;
        if (sl->col < t->hc[best].col || sl->col > t->hc[best].span_end) p->logical = true;
    }
    /* printed leaf headers the definition does not know: kept as unmapped columns */
    for (size_t i = 0; i < t->n_hc && p->n_slots < RZ_MAX_SLOTS && !p->logical; i++) {
        rz_hcell *hc = &t->hc[i];
        if (hc->used || hc->panel_label || hc->col < p->c0 || hc->col > p->c1 || !rz_is_leaf(t, hc)) continue;
        hc->used = true;
        leaf_of[p->n_slots] = hc;
        rz_add_slot(p, RZ_SLOT_UNMAPPED, hc);
    }
    /* order the slots; their data positions follow the header order */
    for (size_t s = 0; s < p->n_slots; s++) {
        rz_slot_label(t, p, &p->slots[s], leaf_of[s]);
        if (!p->logical) p->slots[s].anchor = p->slots[s].col;
    }
    qsort(p->slots, p->n_slots, sizeof p->slots[0], rz_slot_cmp);
    for (size_t s = 0; s < p->n_slots; s++) p->slots[s].offset = p->logical ? (uint32_t)s : p->slots[s].col - p->c0;
}

/* A part of some column's printed label path (合计, 2024年预算数 …). */
static bool rz_col_path_part(const bk_column_def *cd, const rz_hcell *h)
{
    char part[RZ_NORM_MAX];
    for (const char *p = cd->label; *p;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len < sizeof part) {
            memcpy(part, p, len);
            part[len] = 0;
            if (rz_header_matches(h->norm, false, part)) return true;
        }
        p += len + (e != NULL);
    }
    return false;
}

bool rz_header_text(const bk_table_def *def, const char *s)
{
    rz_hcell h;
    memset(&h, 0, sizeof h);
    h.text = s;
    rz_norm_leaf(s, h.norm, sizeof h.norm, &h.only_year);
    if (!h.norm[0] || h.only_year || rz_ok_name_generic(NULL, &h)) return true;
    for (size_t p = 0; p < def->n_panels; p++) {
        const bk_panel_def *pd = &def->panels[p];
        if (rz_ok_code(pd, &h) || rz_ok_name_exact(pd, &h) || rz_ok_panel(pd, &h)) return true;
        for (size_t i = 0; i < pd->n_columns; i++)
            if (rz_col_matches(&pd->columns[i], &h) || rz_col_path_part(&pd->columns[i], &h)) return true;
    }
    return false;
}

/* ---------------------------------------------------------------- untitled tables */

static bool rz_any_col(const bk_panel_def *pd, const rz_hcell *h)
{
    for (size_t i = 0; i < pd->n_columns; i++)
        if (rz_col_matches(&pd->columns[i], h)) return true;
    return false;
}

const bk_table_def *rz_header_def(rz_ctx *c, uint32_t r)
{
    const bk_grid *g = c->g;
    uint32_t w = rz_width(g, r), nb = rz_nonblank(g, r);
    if (nb < 3 || w > 64) return NULL;
    /* data must follow within three lines: a code or an amount */
    bool data = false;
    for (uint32_t k = r + 1; k < g->n_rows && k <= r + 3 && !data; k++) {
        if (rz_is_digits(rz_cell(g, k, rz_first(g, k)), 3)) data = true;
        for (uint32_t i = 1; i < rz_width(g, k) && !data; i++) {
            bk_amount a;
            data = *rz_cell(g, k, i) && rz_amount(rz_cell(g, k, i), &a) == BK_AMOUNT_OK;
        }
    }
    if (!data) return NULL;
    size_t count = 0;
    const bk_table_def *defs = bk_table_defs(&count), *best = NULL;
    uint32_t best_score = 0;
    for (size_t d = 0; d < count; d++) {
        if (defs[d].n_panels != 1) continue;
        const bk_panel_def *pd = &defs[d].panels[0];
        uint32_t cols = 0, labels = 0;
        for (uint32_t i = 0; i < w; i++) {
            const char *s = rz_cell(g, r, i);
            if (!*s) continue;
            rz_hcell h;
            memset(&h, 0, sizeof h);
            h.text = s;
            rz_norm_leaf(s, h.norm, sizeof h.norm, &h.only_year);
            if (rz_any_col(pd, &h))
                cols++;
            else if (rz_ok_code(pd, &h) || rz_ok_name_exact(pd, &h))
                labels++;
        }
        /* every printed header cell is accounted for, with a code/name label and two columns */
        if (labels >= 1 && cols >= 2 && cols + labels == nb && cols > best_score) {
            best = &defs[d];
            best_score = cols;
        }
    }
    return best;
}
