/* SPDX-License-Identifier: MIT */
/* Building the document of one group from the compiler's exact sums (core/compile.c):
 * the standard tables from their definitions. Every printed figure is rounded on its own
 * from the exact sum. */
#include <budgetkit/compile.h>
#include <budgetkit/definitions.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile_sums.h"

typedef struct outctx {
    const bk_compiler *c;
    const group *g;
    bk_document *doc;
    bk_diags *diags;
    bk_error *err;
    int64_t total[NV]; /* Σ of every line of the group */
} outctx;

static int nomem(outctx *o)
{
    return bk_error_set(o->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

/* Round an exact internal sum to the printed unit and scale, half away from zero. */
static bool to_out(const outctx *o, int64_t v, bk_amount *a)
{
    bk_amount in = {v, BK_LEDGER_SCALE};
    if (o->c->s.output_unit == BK_UNIT_WAN_YUAN) return bk_amount_shift(in, 4, o->c->s.output_scale, a);
    return bk_amount_rescale(in, o->c->s.output_scale, a);
}

/* Zero prints as blank, as the published tables do. */
static int put(outctx *o, bk_cell *cell, int64_t v)
{
    if (v == 0) return BK_OK;
    bk_amount a;
    if (!to_out(o, v, &a)) return bk_error_set(o->err, BK_ERR_VALUE, 0, 0, NULL, "an amount is out of range");
    bk_cell_set_amount(cell, a);
    return BK_OK;
}

/* One warning per code and document: a code is named in several tables. */
static void warn_nameless(outctx *o, const char *code)
{
    char msg[96];
    snprintf(msg, sizeof msg, "no name for code %s: add it with -o codebook=FILE", code);
    for (size_t i = 0; o->diags && i < o->diags->count; i++)
        if (strcmp(o->diags->items[i].message, msg) == 0) return;
    bk_diags_add(o->diags, BK_SEV_WARNING, 0, 0, NULL, "%s", msg);
}

/* The user's codebook, else the ledger's own name, else the shipped codebook. */
static const char *name_for(outctx *o, const char *code, size_t n, const char *ledger_name)
{
    char buf[16];
    if (n >= sizeof buf) return ledger_name;
    memcpy(buf, code, n);
    buf[n] = '\0';
    const char *user = bk_codebook_name(o->c->s.codebook, buf);
    if (user) return user;
    if (ledger_name) return ledger_name;
    const char *name = bk_codebook_name(o->c->s.shipped, buf);
    if (!name) warn_nameless(o, buf);
    return name;
}

typedef bk_compile_mask colmask; /* definitions.h: funds × years × kinds of one column or item */

/* Column (or item) masks by key; a key the spec does not know stays blank. */
static vmask find_mask(const colmask *m, size_t n, const char *key, bool *found)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].key, key) == 0) {
            *found = true;
            return mask_of(m[i].funds, m[i].years, m[i].kinds);
        }
    *found = false;
    return 0;
}

static bk_table *new_table(outctx *o, const bk_table_def *d)
{
    bk_table *t = bk_document_add_table(o->doc, d->kind, NULL);
    if (!t) return NULL;
    char title[256];
    if (o->doc->fiscal_year)
        snprintf(title, sizeof title, "%d年%s", (int)o->doc->fiscal_year, d->title);
    else
        snprintf(title, sizeof title, "%s", d->title);
    t->title = bk_document_strdup(o->doc, title, (size_t)-1);
    t->department = o->doc->department_name;
    t->unit = o->c->s.output_unit;
    t->unit_label = bk_document_strdup(o->doc, t->unit == BK_UNIT_YUAN ? "元" : "万元", (size_t)-1);
    t->scale = o->c->s.output_scale;
    return t->title && t->unit_label ? t : NULL;
}

static bk_panel *new_panel(outctx *o, bk_table *t, const bk_panel_def *pd)
{
    bk_panel *p = bk_table_add_panel(o->doc, t, pd->key, pd->label);
    if (!p) return NULL;
    if (pd->code_label && !(p->code_label = bk_document_strdup(o->doc, pd->code_label, (size_t)-1))) return NULL;
    if (pd->name_label && !(p->name_label = bk_document_strdup(o->doc, pd->name_label, (size_t)-1))) return NULL;
    for (size_t i = 0; i < bk_panel_def_core_columns(pd); i++)
        if (!bk_panel_add_column(o->doc, p, pd->columns[i].key, pd->columns[i].label, pd->columns[i].type)) return NULL;
    return p;
}

static bk_row *add_row(outctx *o, bk_panel *p, const char *code, size_t code_len, const char *name, int level,
                       int parent, bk_row_role role)
{
    const char *c = code ? bk_document_strdup(o->doc, code, code_len) : NULL;
    if (code && !c) return NULL;
    bk_row *r = bk_panel_add_row(o->doc, p, c, name);
    if (!r) return NULL;
    r->level = level;
    r->parent = parent;
    r->role = role;
    return r;
}

/* ---- function-coded panels: rows for every 类/款/项 with money in the table ---- */

#define MAXCOLS 16

typedef struct code_row {
    ehead h; /* the code (a prefix of a leaf key: not NUL-terminated) */
    const char *ledger_name;
    int64_t vals[MAXCOLS];
} code_row;

static long local_find_or_add(code_row **rows, size_t *n, size_t *cap, strindex *ix, const char *k, size_t len,
                              bool *fail)
{
    uint64_t h = hash_bytes(k, len);
    long i = index_find(ix, *rows, sizeof(code_row), k, len, h);
    if (i >= 0) return i;
    if (bk_grow((void **)rows, cap, *n + 1, sizeof(code_row))) {
        *fail = true;
        return -1;
    }
    code_row *r = &(*rows)[*n];
    r->h.key = k;
    r->h.len = (uint32_t)len;
    r->h.hash = h;
    if (index_add(ix, *rows, sizeof(code_row), *n, *n)) {
        *fail = true;
        return -1;
    }
    return (long)(*n)++;
}

static int cmp_code_rows(const void *x, const void *y)
{
    const code_row *a = x, *b = y;
    size_t n = a->h.len < b->h.len ? a->h.len : b->h.len;
    int r = memcmp(a->h.key, b->h.key, n);
    return r ? r : (a->h.len > b->h.len) - (a->h.len < b->h.len);
}

static int function_panel(outctx *o, bk_table *t, const bk_panel_def *pd, const colmask *spec, size_t nspec)
{
    size_t k = bk_panel_def_core_columns(pd);
    if (k > MAXCOLS) return bk_error_set(o->err, BK_ERR_INTERNAL, 0, 0, NULL, "too many columns");
    vmask masks[MAXCOLS];
    for (size_t j = 0; j < k; j++) {
        bool found;
        masks[j] = find_mask(spec, nspec, pd->columns[j].key, &found);
    }
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    code_row *rows = NULL;
    size_t n = 0, cap = 0;
    strindex ix = {0};
    bool fail = false;
    int64_t total[MAXCOLS] = {0};
    const group *g = o->g;
    for (size_t e = 0; e < g->n_funcs && !fail; e++) {
        const func_entry *f = &g->funcs[e];
        int64_t vals[MAXCOLS];
        bool any = false;
        for (size_t j = 0; j < k; j++) any |= (vals[j] = vsum(f->v, masks[j])) != 0;
        if (!any) continue;
        for (size_t j = 0; j < k; j++) total[j] += vals[j];
        for (size_t len = 3; len <= f->h.len && !fail; len += 2) {
            long r = local_find_or_add(&rows, &n, &cap, &ix, f->h.key, len, &fail);
            if (r < 0) break;
            for (size_t j = 0; j < k; j++) rows[r].vals[j] += vals[j];
            if (len == f->h.len) rows[r].ledger_name = f->name;
        }
    }
    free(ix.slots);
    if (fail) {
        free(rows);
        return nomem(o);
    }
    if (n) qsort(rows, n, sizeof *rows, cmp_code_rows);
    int rc = BK_OK;
    bk_row *r = add_row(o, p, NULL, 0, "合计", 0, -1, BK_ROW_TOTAL);
    if (!r)
        rc = nomem(o);
    else
        r->key = bk_document_strdup(o->doc, "total", (size_t)-1);
    for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], total[j]);
    int last_at[4] = {-1, -1, -1, -1};
    for (size_t i = 0; rc == BK_OK && i < n; i++) {
        const code_row *cr = &rows[i];
        int level = cr->h.len == 3 ? 1 : cr->h.len == 5 ? 2 : 3;
        int parent = level > 1 ? last_at[level - 1] : -1;
        const char *name = name_for(o, cr->h.key, cr->h.len, cr->ledger_name);
        int idx = (int)p->n_rows;
        r = add_row(o, p, cr->h.key, cr->h.len, name, level, parent, BK_ROW_DATA);
        if (!r) {
            rc = nomem(o);
            break;
        }
        last_at[level] = idx;
        for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], cr->vals[j]);
    }
    free(rows);
    return rc;
}

/* ---- fixed and function-class panels (收支总表, 财政拨款收支总表, 三公) ---- */

static int fixed_panel(outctx *o, bk_table *t, const bk_panel_def *pd, const colmask *items, size_t nitems,
                       const int64_t *const *item_vecs)
{
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    int last_level1 = -1;
    for (size_t i = 0; i < pd->n_items; i++) {
        const bk_item_def *it = &pd->items[i];
        int parent = it->level == 2 ? last_level1 : -1;
        int idx = (int)p->n_rows;
        bk_row *r = add_row(o, p, NULL, 0, it->label, it->level, parent, it->role);
        if (!r || !(r->key = bk_document_strdup(o->doc, it->key, (size_t)-1))) return nomem(o);
        if (it->level == 1) last_level1 = idx;
        bool found;
        vmask m = find_mask(items, nitems, it->key, &found);
        if (!found) continue;
        const int64_t *v = item_vecs ? item_vecs[i] : o->total;
        if (!v) continue;
        for (size_t j = 0; j < bk_panel_def_core_columns(pd); j++) {
            int rc = put(o, &r->cells[j], vsum(v, m));
            if (rc) return rc;
        }
    }
    return BK_OK;
}

static int class_panel(outctx *o, bk_table *t, const bk_panel_def *pd, const colmask *cols, size_t ncols)
{
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    vmask masks[MAXCOLS];
    size_t k = bk_panel_def_core_columns(pd) > MAXCOLS ? MAXCOLS : bk_panel_def_core_columns(pd);
    for (size_t j = 0; j < k; j++) {
        bool found;
        masks[j] = find_mask(cols, ncols, pd->columns[j].key, &found);
    }
    const group *g = o->g;
    for (size_t i = 0; i < pd->n_items; i++) {
        const bk_item_def *it = &pd->items[i];
        bk_row *r = add_row(o, p, it->code, it->code ? strlen(it->code) : 0, it->label, it->level, -1, it->role);
        if (!r || !(r->key = bk_document_strdup(o->doc, it->key, (size_t)-1))) return nomem(o);
        if (it->code) r->flags |= BK_ROW_CODE_DERIVED;
        bool is_total = !strcmp(it->key, "expense_subtotal") || !strcmp(it->key, "expense_total");
        if (!it->code && !is_total) continue; /* 年终结转: nothing in a budget ledger */
        for (size_t j = 0; j < k; j++) {
            int64_t s = 0;
            for (size_t e = 0; e < g->n_funcs; e++)
                if (is_total || memcmp(g->funcs[e].h.key, it->code, 3) == 0) s += vsum(g->funcs[e].v, masks[j]);
            int rc = put(o, &r->cells[j], s);
            if (rc) return rc;
        }
    }
    return BK_OK;
}

/* ---- economic panels ---- */

static int cmp_econ_ptr(const void *x, const void *y)
{
    const econ_entry *a = *(const econ_entry *const *)x, *b = *(const econ_entry *const *)y;
    int r = strcmp(a->dep_code, b->dep_code);
    return r ? r : cmp_opt(a->gov_code, b->gov_code);
}

/* Basic expense of the 一般公共预算, this year: what 基本支出经济分类 tables show. */
static int64_t econ_value(const econ_entry *e, int which /* 0 total, 1 personnel, 2 public_use */)
{
    int64_t v = vsum(e->v, mask_of(F_GP, Y_CUR, K_BASIC));
    if (which == 1) return e->kind == BK_BASIC_PERSONNEL ? v : 0;
    if (which == 2) return e->kind == BK_BASIC_PERSONNEL ? 0 : v;
    return v;
}

static int econ_cells(outctx *o, const bk_panel *p, bk_row *r, const int64_t sums[3])
{
    static const char *const keys[3] = {"total", "personnel", "public_use"};
    for (int w = 0; w < 3; w++) {
        int col = bk_panel_column_index(p, keys[w]);
        if (col < 0) continue;
        int rc = put(o, &r->cells[col], sums[w]);
        if (rc) return rc;
    }
    return BK_OK;
}

/* Sorted entries with money; caller frees. */
static const econ_entry **econ_sorted(outctx *o, size_t *n)
{
    const group *g = o->g;
    const econ_entry **list = malloc((g->n_econs + 1) * sizeof *list);
    *n = 0;
    if (!list) return NULL;
    for (size_t i = 0; i < g->n_econs; i++)
        if (econ_value(&g->econs[i], 0)) list[(*n)++] = &g->econs[i];
    qsort(list, *n, sizeof *list, cmp_econ_ptr);
    return list;
}

/* with_codes: 一般公共预算基本支出表 (类/款 codes); otherwise the seed's
 * (部门经济科目, 政府经济科目) name pairs under 类 group rows. */
static int econ_panel(outctx *o, bk_table *t, const bk_panel_def *pd, bool with_codes)
{
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    size_t n;
    const econ_entry **list = econ_sorted(o, &n);
    if (!list) return nomem(o);
    int64_t total[3] = {0};
    for (size_t i = 0; i < n; i++)
        for (int w = 0; w < 3; w++) total[w] += econ_value(list[i], w);
    int rc = BK_OK;
    bk_row *r = add_row(o, p, NULL, 0, "合计", 0, -1, BK_ROW_TOTAL);
    if (!r || !(r->key = bk_document_strdup(o->doc, "total", (size_t)-1)))
        rc = nomem(o);
    else
        rc = econ_cells(o, p, r, total);
    for (size_t i = 0; rc == BK_OK && i < n;) {
        /* one 类 group */
        size_t j = i;
        int64_t cls[3] = {0};
        while (j < n && memcmp(list[j]->dep_code, list[i]->dep_code, 3) == 0) {
            for (int w = 0; w < 3; w++) cls[w] += econ_value(list[j], w);
            j++;
        }
        int cls_idx = (int)p->n_rows;
        const char *cname =
            name_for(o, list[i]->dep_code, 3, strlen(list[i]->dep_code) == 3 ? list[i]->dep_name : NULL);
        r = add_row(o, p, with_codes ? list[i]->dep_code : NULL, 3, cname, 1, -1, BK_ROW_DATA);
        if (!r) {
            rc = nomem(o);
            break;
        }
        if ((rc = econ_cells(o, p, r, cls))) break;
        for (size_t e = i; rc == BK_OK && e < j;) {
            const econ_entry *en = list[e];
            size_t dl = strlen(en->dep_code);
            int64_t sums[3] = {0};
            size_t f = e;
            if (with_codes) { /* one 款 row over all its 政府经济 codes */
                while (f < j && strcmp(list[f]->dep_code, en->dep_code) == 0) {
                    for (int w = 0; w < 3; w++) sums[w] += econ_value(list[f], w);
                    f++;
                }
                if (dl == 3) {
                    e = f;
                    continue;
                } /* 类-level lines are in the 类 row already */
            } else {
                for (int w = 0; w < 3; w++) sums[w] = econ_value(en, w);
                f = e + 1;
            }
            const char *dname = name_for(o, en->dep_code, dl, en->dep_name);
            r = add_row(o, p, with_codes ? en->dep_code : NULL, dl, dname, 2, cls_idx, BK_ROW_DATA);
            if (!r) {
                rc = nomem(o);
                break;
            }
            if (!with_codes && en->gov_code) {
                const char *gname = name_for(o, en->gov_code, strlen(en->gov_code), en->gov_name);
                int col = bk_panel_column_index(p, "gov_econ_name");
                if (gname && col >= 0 && bk_cell_set_text(o->doc, &r->cells[col], gname, strlen(gname))) {
                    rc = nomem(o);
                    break;
                }
            }
            rc = econ_cells(o, p, r, sums);
            e = f;
        }
        i = j;
    }
    free(list);
    return rc;
}

/* 三公: items by 部门经济分类 款. */
static int three_public_panel(outctx *o, bk_table *t, const bk_panel_def *pd)
{
    static const char *const item_codes[][2] = {{"travel_abroad", "30212"},
                                                {"reception", "30217"},
                                                {"vehicle_purchase", "31013"},
                                                {"vehicle_operation", "30231"}};
    int64_t vecs[6][NV];
    memset(vecs, 0, sizeof vecs);
    const group *g = o->g;
    for (size_t e = 0; e < g->n_econs; e++)
        for (int i = 0; i < 4; i++)
            if (strcmp(g->econs[e].dep_code, item_codes[i][1]) == 0)
                for (int v = 0; v < NV; v++) vecs[i][v] += g->econs[e].v[v];
    for (int v = 0; v < NV; v++) {
        vecs[4][v] = vecs[2][v] + vecs[3][v];              /* vehicle = purchase + operation */
        vecs[5][v] = vecs[0][v] + vecs[1][v] + vecs[4][v]; /* total */
    }
    const int64_t *item_vecs[32] = {0};
    for (size_t i = 0; i < pd->n_items && i < 32; i++) {
        const char *key = pd->items[i].key;
        int w = -1;
        for (int q = 0; q < 4; q++)
            if (!strcmp(key, item_codes[q][0])) w = q;
        if (!strcmp(key, "vehicle")) w = 4;
        if (!strcmp(key, "total")) w = 5;
        if (w >= 0) item_vecs[i] = vecs[w];
    }
    /* columns: by fiscal fund, this year */
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    static const colmask cols[] = {{"total", F_FISCAL, Y_CUR, K_ANY},
                                   {"general_public", F_GP, Y_CUR, K_ANY},
                                   {"gov_fund", F_GF, Y_CUR, K_ANY},
                                   {"state_capital", F_SC, Y_CUR, K_ANY}};
    int last_level1 = -1;
    for (size_t i = 0; i < pd->n_items; i++) {
        const bk_item_def *it = &pd->items[i];
        int idx = (int)p->n_rows;
        bk_row *r = add_row(o, p, NULL, 0, it->label, it->level, it->level == 2 ? last_level1 : -1, it->role);
        if (!r || !(r->key = bk_document_strdup(o->doc, it->key, (size_t)-1))) return nomem(o);
        if (it->level == 1) last_level1 = idx;
        if (!item_vecs[i]) continue;
        for (size_t j = 0; j < bk_panel_def_core_columns(pd); j++) {
            bool found;
            vmask m = find_mask(cols, sizeof cols / sizeof cols[0], pd->columns[j].key, &found);
            int rc = found ? put(o, &r->cells[j], vsum(item_vecs[i], m)) : BK_OK;
            if (rc) return rc;
        }
    }
    return BK_OK;
}

/* ---- project and unit panels ---- */

static int cmp_proj_ptr(const void *x, const void *y)
{
    const proj_entry *a = *(const proj_entry *const *)x, *b = *(const proj_entry *const *)y;
    int r = strcmp(a->unit_key, b->unit_key);
    if (r) return r;
    r = cmp_opt(a->code, b->code);
    return r ? r : cmp_opt(a->name, b->name);
}

static int project_panel(outctx *o, bk_table *t, const bk_panel_def *pd, unsigned years)
{
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    static const colmask cols[] = {{"total", F_ALL, 0, K_PROJECT},          {"general_public", F_GP, 0, K_PROJECT},
                                   {"gov_fund", F_GF, 0, K_PROJECT},        {"state_capital", F_SC, 0, K_PROJECT},
                                   {"special_account", F_SA, 0, K_PROJECT}, {"unit_funds", F_UF, 0, K_PROJECT}};
    size_t k = bk_panel_def_core_columns(pd) > MAXCOLS ? MAXCOLS : bk_panel_def_core_columns(pd);
    vmask masks[MAXCOLS];
    unsigned total_funds = 0;
    for (size_t j = 0; j < k; j++) { /* 合计 = the fund columns the table prints */
        for (size_t q = 1; q < sizeof cols / sizeof cols[0]; q++)
            if (!strcmp(cols[q].key, pd->columns[j].key)) total_funds |= cols[q].funds;
    }
    for (size_t j = 0; j < k; j++) {
        masks[j] = 0;
        for (size_t q = 0; q < sizeof cols / sizeof cols[0]; q++)
            if (!strcmp(cols[q].key, pd->columns[j].key))
                masks[j] = mask_of(q == 0 ? total_funds : cols[q].funds, years, K_PROJECT);
    }
    const group *g = o->g;
    const proj_entry **list = malloc((g->n_projs + 1) * sizeof *list);
    if (!list) return nomem(o);
    size_t n = 0;
    for (size_t i = 0; i < g->n_projs; i++)
        for (size_t j = 0; j < k; j++)
            if (vsum(g->projs[i].v, masks[j])) {
                list[n++] = &g->projs[i];
                break;
            }
    qsort(list, n, sizeof *list, cmp_proj_ptr);
    int64_t dept[MAXCOLS] = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) dept[j] += vsum(list[i]->v, masks[j]);
    int rc = BK_OK;
    const char *dname = o->doc->department_name ? o->doc->department_name : "合计";
    bk_row *r = add_row(o, p, o->doc->department_code, o->doc->department_code ? strlen(o->doc->department_code) : 0,
                        dname, 0, -1, BK_ROW_TOTAL);
    if (!r) rc = nomem(o);
    for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], dept[j]);
    for (size_t i = 0; rc == BK_OK && i < n;) {
        size_t e = i;
        int64_t us[MAXCOLS] = {0};
        while (e < n && list[e]->unit == list[i]->unit) {
            for (size_t j = 0; j < k; j++) us[j] += vsum(list[e]->v, masks[j]);
            e++;
        }
        const unit_entry *u = &g->units[list[i]->unit];
        int uidx = (int)p->n_rows;
        r = add_row(o, p, u->code, u->code ? strlen(u->code) : 0,
                    u->name   ? u->name
                    : u->code ? u->code
                              : "（未列明单位）",
                    1, 0, BK_ROW_SUBTOTAL);
        if (!r) {
            rc = nomem(o);
            break;
        }
        for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], us[j]);
        for (size_t q = i; rc == BK_OK && q < e; q++) {
            const proj_entry *pe = list[q];
            const char *pname = pe->name ? pe->name : pe->code ? pe->code : "（未列明项目）";
            r = add_row(o, p, pe->code, pe->code ? strlen(pe->code) : 0, pname, 2, uidx, BK_ROW_DATA);
            if (!r) {
                rc = nomem(o);
                break;
            }
            for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], vsum(pe->v, masks[j]));
        }
        i = e;
    }
    free(list);
    return rc;
}

static bool admin_unit(const unit_entry *u)
{
    return u->type && (strstr(u->type, "行政") || strstr(u->type, "参照") || strstr(u->type, "参公"));
}

/* 机关运行经费: 公用经费 of 行政 and 参公 units, from fiscal appropriations. */
static int operating_costs_panel(outctx *o, bk_table *t, const bk_panel_def *pd)
{
    bk_panel *p = new_panel(o, t, pd);
    if (!p) return nomem(o);
    static const colmask cols[] = {{"total", F_FISCAL, Y_CUR, K_BASIC},
                                   {"general_public", F_GP, Y_CUR, K_BASIC},
                                   {"gov_fund", F_GF, Y_CUR, K_BASIC},
                                   {"state_capital", F_SC, Y_CUR, K_BASIC}};
    const group *g = o->g;
    int64_t sums[MAXCOLS] = {0};
    vmask masks[MAXCOLS];
    size_t k = bk_panel_def_core_columns(pd) > MAXCOLS ? MAXCOLS : bk_panel_def_core_columns(pd);
    for (size_t j = 0; j < k; j++) {
        bool found;
        masks[j] = find_mask(cols, 4, pd->columns[j].key, &found);
    }
    for (size_t u = 0; u < g->n_units; u++)
        if (admin_unit(&g->units[u]))
            for (size_t j = 0; j < k; j++) sums[j] += vsum(g->units[u].public_use, masks[j]);
    bk_row *r = add_row(o, p, NULL, 0, "合计", 0, -1, BK_ROW_TOTAL);
    if (!r) return nomem(o);
    for (size_t j = 0; j < k; j++) {
        int rc = put(o, &r->cells[j], sums[j]);
        if (rc) return rc;
    }
    for (size_t u = 0; u < g->n_units; u++) {
        const unit_entry *ue = &g->units[u];
        if (!admin_unit(ue)) continue;
        r = add_row(o, p, ue->code, ue->code ? strlen(ue->code) : 0, ue->name ? ue->name : ue->code, 1, 0, BK_ROW_DATA);
        if (!r) return nomem(o);
        for (size_t j = 0; j < k; j++) {
            int rc = put(o, &r->cells[j], vsum(ue->public_use, masks[j]));
            if (rc) return rc;
        }
    }
    return BK_OK;
}

/* ---- which tables, from which sums: the "compile" spec of each definition ---- */

/* The mask bits of definitions.h are those of this file. */
_Static_assert(F_GP == 1 && F_GF == 2 && F_SC == 4 && F_SA == 8 && F_UF == 16 && Y_CUR == 1 && Y_CARRY == 2 &&
                   K_BASIC == 1 && K_PROJECT == 2,
               "bk_compile_mask bits");

enum {
    NEED_EXP = BK_COMPILE_NEED_EXPENSE_TYPE,
    NEED_ECON = BK_COMPILE_NEED_ECONOMIC,
    NEED_PROJECT = BK_COMPILE_NEED_PROJECT,
    NEED_UNIT_TYPE = BK_COMPILE_NEED_UNIT_TYPE,
    NEED_ECON_COL = BK_COMPILE_NEED_ECONOMIC_COLUMN
};
typedef bk_compile_def table_spec;

#define SPEC(a, n) (a), (n)

/* Why the ledger cannot support a table, or NULL when it can. */
static const char *unsupported(const outctx *o, const table_spec *sp, char *buf, size_t cap)
{
    const bk_compiler *c = o->c;
    const group *g = o->g;
    if (sp->never) return sp->never;
    if (sp->needs & NEED_EXP) {
        if (!c->has_col[BK_LF_EXP_TYPE] && !c->has_col[BK_LF_PRO_CATEGORY])
            return "the ledger has no 支出类型 or 项目类别 column to tell 基本支出 from 项目支出";
        if (g->unknown_exp) {
            snprintf(buf, cap, "%llu lines say neither 基本支出 nor 项目支出", (unsigned long long)g->unknown_exp);
            return buf;
        }
    }
    if ((sp->needs & (NEED_ECON | NEED_ECON_COL)) && !c->has_col[BK_LF_DEP_ECON_CODE])
        return "the ledger has no 部门经济分类 column";
    if ((sp->needs & NEED_ECON) && g->basic_no_econ) {
        snprintf(buf, cap, "%llu 基本支出 lines have no 部门经济分类 code", (unsigned long long)g->basic_no_econ);
        return buf;
    }
    if ((sp->needs & NEED_PROJECT) && !c->has_col[BK_LF_PRO_NAME] && !c->has_col[BK_LF_PRO_CODE])
        return "the ledger has no 项目名称 or 项目编码 column";
    if (sp->needs & NEED_UNIT_TYPE) {
        if (!c->has_col[BK_LF_UNIT_TYPE])
            return "the ledger has no 单位类型 column (机关运行经费 is the 公用经费 of 行政 and 参公 units)";
        if (g->no_kind) {
            snprintf(buf, cap, "%llu 基本支出 lines are neither 人员经费 nor 公用经费 (no 经济分类 or 项目类别)",
                     (unsigned long long)g->no_kind);
            return buf;
        }
    }
    return NULL;
}

static bool table_has_data(const bk_table *t)
{
    for (size_t p = 0; p < t->n_panels; p++)
        for (size_t r = 0; r < t->panels[p].n_rows; r++)
            for (size_t k = 0; k < t->panels[p].n_columns; k++)
                if (t->panels[p].rows[r].cells[k].kind == BK_CELL_AMOUNT) return true;
    return false;
}

static int build_table(outctx *o, const bk_table_def *d, const table_spec *sp)
{
    bk_table *t = new_table(o, d);
    if (!t) return nomem(o);
    int rc = BK_OK;
    switch (sp->build) {
    case BK_BUILD_FUNCTION: rc = function_panel(o, t, &d->panels[0], SPEC(sp->columns, sp->n_columns)); break;
    case BK_BUILD_SUMMARY:
    case BK_BUILD_FISCAL_SUMMARY: {
        const bk_panel_def *in = bk_table_def_panel(d, "income"), *ex = bk_table_def_panel(d, "expense");
        if (!in || !ex)
            return bk_error_set(o->err, BK_ERR_INTERNAL, 0, 0, d->kind, "definition has no income/expense panel");
        rc = fixed_panel(o, t, in, SPEC(sp->items, sp->n_items), NULL);
        if (rc == BK_OK) rc = class_panel(o, t, ex, SPEC(sp->columns, sp->n_columns));
        break;
    }
    case BK_BUILD_ECONOMIC_PAIRS: rc = econ_panel(o, t, &d->panels[0], false); break;
    case BK_BUILD_ECONOMIC_CODES: rc = econ_panel(o, t, &d->panels[0], true); break;
    case BK_BUILD_THREE_PUBLIC: rc = three_public_panel(o, t, &d->panels[0]); break;
    case BK_BUILD_OPERATING_COSTS: rc = operating_costs_panel(o, t, &d->panels[0]); break;
    case BK_BUILD_PROJECTS: rc = project_panel(o, t, &d->panels[0], Y_CUR); break;
    case BK_BUILD_PROJECTS_CARRYOVER: rc = project_panel(o, t, &d->panels[0], Y_CARRY); break;
    default: return bk_error_set(o->err, BK_ERR_INTERNAL, 0, 0, d->kind, "unknown build %d", (int)sp->build);
    }
    if (rc) return rc;
    /* t is still valid: no table was added since */
    if (!table_has_data(t) && !(t->note = bk_document_strdup(o->doc, "注：本表无数据", (size_t)-1))) return nomem(o);
    return BK_OK;
}

static int cmp_unit_ptr(const void *x, const void *y)
{
    const unit_entry *a = *(const unit_entry *const *)x, *b = *(const unit_entry *const *)y;
    return strcmp(a->h.key, b->h.key);
}

static int fill_header(outctx *o)
{
    const bk_compiler *c = o->c;
    const group *g = o->g;
    bk_document *doc = o->doc;
    doc->kind = BK_DOC_BUDGET;
    doc->fiscal_year = c->s.fiscal_year ? c->s.fiscal_year : g->year;
    if (g->code && !(doc->department_code = bk_document_strdup(doc, g->code, (size_t)-1))) return nomem(o);
    if (g->name && !(doc->department_name = bk_document_strdup(doc, g->name, (size_t)-1))) return nomem(o);
    char title[512];
    if (doc->fiscal_year)
        snprintf(title, sizeof title, "%s%d年部门预算", g->name ? g->name : "", (int)doc->fiscal_year);
    else
        snprintf(title, sizeof title, "%s部门预算", g->name ? g->name : "");
    if (!(doc->title = bk_document_strdup(doc, title, (size_t)-1))) return nomem(o);
    const unit_entry **units = malloc((g->n_units + 1) * sizeof *units);
    if (!units) return nomem(o);
    for (size_t u = 0; u < g->n_units; u++) units[u] = &g->units[u];
    qsort(units, g->n_units, sizeof *units, cmp_unit_ptr);
    for (size_t u = 0; u < g->n_units; u++) {
        const unit_entry *ue = units[u];
        if ((ue->code || ue->name) && !bk_document_add_unit(doc, ue->code, ue->name ? ue->name : ue->code, ue->type)) {
            free(units);
            return nomem(o);
        }
    }
    free(units);
    for (size_t f = 0; f < g->n_funcs; f++) {
        for (int v = 0; v < NV; v++) o->total[v] += g->funcs[f].v[v];
        char cls[4];
        memcpy(cls, g->funcs[f].h.key, 3);
        cls[3] = '\0';
        if (!bk_function_class_name(cls))
            bk_diags_add(o->diags, BK_SEV_WARNING, 0, 0, NULL,
                         "function code %s is not under one of the 30 类: 收支总表 and 财政拨款收支总表 leave it out",
                         g->funcs[f].h.key);
    }
    return BK_OK;
}

int bk_compile_group(const bk_compiler *c, size_t i, bk_document **out, bk_diags *diags, bk_error *err)
{
    *out = NULL;
    if (i >= c->n_groups) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no group %zu", i);
    const group *g = &c->groups[i];
    if (g->status) {
        if (err) *err = g->err;
        return g->status;
    }
    bk_document *doc = bk_document_new();
    if (!doc) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    outctx o = {.c = c, .g = g, .doc = doc, .diags = diags, .err = err};
    int rc = fill_header(&o);
    size_t n_defs;
    const bk_table_def *defs = bk_table_defs(&n_defs);
    for (size_t d = 0; rc == BK_OK && d < n_defs; d++) {
        const table_spec *sp = defs[d].compile;
        if (!sp) continue;
        char why[256];
        const char *reason = unsupported(&o, sp, why, sizeof why);
        if (reason) {
            bk_diags_add(diags, BK_SEV_NOTE, 0, 0, NULL, "left out %s (%s): %s", defs[d].title, defs[d].kind, reason);
            continue;
        }
        rc = build_table(&o, &defs[d], sp);
        if (rc && err && !err->context[0]) snprintf(err->context, sizeof err->context, "%s", defs[d].title);
    }
    if (rc) {
        bk_document_free(doc);
        return rc;
    }
    *out = doc;
    return BK_OK;
}
