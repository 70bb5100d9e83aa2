/* SPDX-License-Identifier: MIT */
/* The ledger compiler: sums ledger lines per group with integer arithmetic
 * (core/compile_build.c builds the standard tables from the sums). */
#include <budgetkit/compile.h>
#include <budgetkit/definitions.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "compile_internal.h"
#include "compile_sums.h"

/* A cleared error without writing all of its ~1 KB: this runs once per line. */
static inline void err_init(bk_error *e)
{
    e->code = 0;
    e->line = e->column = 0;
    e->file[0] = e->context[0] = e->plugin[0] = e->message[0] = '\0';
}

static void group_free(group *g)
{
    free(g->funcs);
    free(g->ifunc.slots);
    free(g->econs);
    free(g->iecon.slots);
    free(g->units);
    free(g->iunit.slots);
    free(g->projs);
    free(g->iproj.slots);
}

void bk_compiler_free(bk_compiler *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_groups; i++) group_free(&c->groups[i]);
    free(c->groups);
    free(c->igroup.slots);
    free(c->scratch);
    bk_arena_free(c->arena);
    for (size_t i = 0; i < c->n_adopted; i++) bk_arena_free(c->adopted[i]);
    free(c->adopted);
    free(c);
}

/* Find or add an entry keyed by (k, n) in an array with an index. */
static long lookup(bk_compiler *c, void **arr, size_t *count, size_t *cap, size_t stride, strindex *ix, const char *k,
                   size_t n, bool *added)
{
    uint64_t h = hash_bytes(k, n);
    long i = index_find(ix, *arr, stride, k, n, h);
    *added = false;
    if (i >= 0) return i;
    if (*count >= UINT32_MAX - 1 || bk_grow(arr, cap, *count + 1, stride)) return -1;
    ehead *e = (ehead *)((char *)*arr + *count * stride);
    e->key = bk_arena_strdup(c->arena, k, n);
    e->len = (uint32_t)n;
    e->hash = h;
    if (!e->key || index_add(ix, *arr, stride, *count, *count)) return -1;
    *added = true;
    return (long)(*count)++;
}

static const char *dup(bk_compiler *c, const char *s, size_t n)
{
    return s ? bk_arena_strdup(c->arena, s, n) : NULL;
}

static int set_fatal(bk_compiler *c, const bk_error *e)
{
    if (!c->fatal_set) {
        c->fatal = *e;
        c->fatal_set = true;
    }
    return e->code ? e->code : BK_ERR_INTERNAL;
}

/* ---- feeding records ---- */

static int on_sheet(void *ctx, const char *name)
{
    (void)name;
    bk_compiler *c = ctx;
    c->have_header = false; /* each sheet starts with its own header */
    c->sheets = true;
    c->skip_sheet = false;
    c->preamble = 0;
    return BK_OK;
}

/* Rows tried as the header before giving up. */
#define LEDGER_PREAMBLE_MAX 10

static int take_header(bk_compiler *c, const bk_record *rec)
{
    bk_error e;
    err_init(&e);
    if (bk_ledger_map_header(rec, c->s.column_map, &c->map, &e)) {
        /* exports often put a title or a 单位 line above the header: look a few rows further */
        if (!c->preamble_err_set) {
            c->preamble_err = e;
            c->preamble_err_set = true;
        }
        if (++c->preamble < LEDGER_PREAMBLE_MAX) return BK_OK;
        if (c->sheets) { /* a workbook: other sheets may hold the ledger */
            c->skip_sheet = true;
            return BK_OK;
        }
        return set_fatal(c, &c->preamble_err);
    }
    c->have_header = true;
    c->preamble = 0;
    c->preamble_err_set = false;
    for (int f = 0; f < BK_LF_COUNT; f++)
        if (c->map.col[f] >= 0) c->has_col[f] = true;
    if (c->s.ledger_unit)
        c->unit = c->s.ledger_unit;
    else
        c->unit = c->map.header_unit ? c->map.header_unit : BK_UNIT_YUAN;
    if (c->s.split == BK_SPLIT_DEPARTMENT && c->map.col[BK_LF_DEPT_CODE] < 0 && c->map.col[BK_LF_DEPT_NAME] < 0 &&
        c->map.col[BK_LF_UNIT_CODE] < 0) {
        bk_error_set(&e, BK_ERR_PARSE, rec->line, 0, "ledger header",
                     "--split-by department needs a department column (部门编码, 部门名称) or a unit code (单位编码)");
        return set_fatal(c, &e);
    }
    if (c->s.split == BK_SPLIT_UNIT && c->map.col[BK_LF_UNIT_CODE] < 0 && c->map.col[BK_LF_UNIT_NAME] < 0) {
        bk_error_set(&e, BK_ERR_PARSE, rec->line, 0, "ledger header",
                     "--split-by unit needs a unit column (单位编码, 单位名称)");
        return set_fatal(c, &e);
    }
    return BK_OK;
}

/* The group key of a line: department code/name, the first 3 digits of the unit code, or the unit. */
static bool group_key(const bk_compiler *c, const bk_ledger_line *l, const char **k, size_t *n)
{
    switch (c->s.split) {
    case BK_SPLIT_NONE:
        *k = "";
        *n = 0;
        return true;
    case BK_SPLIT_DEPARTMENT:
        if (l->text[BK_LF_DEPT_CODE]) {
            *k = l->text[BK_LF_DEPT_CODE];
            *n = l->len[BK_LF_DEPT_CODE];
            return true;
        }
        if (l->text[BK_LF_DEPT_NAME]) {
            *k = l->text[BK_LF_DEPT_NAME];
            *n = l->len[BK_LF_DEPT_NAME];
            return true;
        }
        if (l->text[BK_LF_UNIT_CODE]) {
            *k = l->text[BK_LF_UNIT_CODE];
            *n = l->len[BK_LF_UNIT_CODE] > 3 ? 3 : l->len[BK_LF_UNIT_CODE];
            return true;
        }
        return false;
    case BK_SPLIT_UNIT:
        if (l->text[BK_LF_UNIT_CODE]) {
            *k = l->text[BK_LF_UNIT_CODE];
            *n = l->len[BK_LF_UNIT_CODE];
            return true;
        }
        if (l->text[BK_LF_UNIT_NAME]) {
            *k = l->text[BK_LF_UNIT_NAME];
            *n = l->len[BK_LF_UNIT_NAME];
            return true;
        }
        return false;
    }
    return false;
}

static int find_group(bk_compiler *c, const char *k, size_t n, const bk_record *rec, group **out)
{
    if (c->n_groups && c->groups[c->last_group].h.len == n && memcmp(c->groups[c->last_group].h.key, k, n) == 0) {
        *out = &c->groups[c->last_group];
        return BK_OK;
    }
    bool added;
    long i = lookup(c, (void **)&c->groups, &c->n_groups, &c->cap_groups, sizeof(group), &c->igroup, k, n, &added);
    bk_error e;
    err_init(&e);
    if (i < 0) {
        bk_error_set(&e, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return set_fatal(c, &e);
    }
    if (added && c->n_groups > c->limits.tables) {
        bk_error_set(&e, BK_ERR_LIMIT, rec->line, 0, NULL, "more than %llu groups (limit.tables)",
                     (unsigned long long)c->limits.tables);
        return set_fatal(c, &e);
    }
    c->last_group = (size_t)i;
    *out = &c->groups[i];
    return BK_OK;
}

static int group_fail(group *g, const bk_error *e)
{
    if (!g->status) {
        g->status = e->code ? e->code : BK_ERR_INTERNAL;
        g->err = *e;
    }
    return BK_OK; /* keep reading: other groups may be fine */
}

static void add_vec(int64_t *v, int idx, int64_t amount)
{
    v[idx] += amount;
}

static int add_line(bk_compiler *c, group *g, const bk_ledger_line *l, const bk_record *rec)
{
    bk_error e;
    err_init(&e);
    int64_t a = l->amount, absa = a < 0 ? -a : a;
    if (a == INT64_MIN || __builtin_add_overflow(g->abs_total, absa, &g->abs_total)) {
        bk_error_set(&e, BK_ERR_LIMIT, rec->line, (uint32_t)c->map.col[BK_LF_AMOUNT] + 1, "amount",
                     "the amounts of this group add up beyond the 64-bit range");
        return group_fail(g, &e);
    }
    bool added;
    if (!g->year && l->text[BK_LF_YEAR] && l->len[BK_LF_YEAR] >= 4) {
        int y = 0;
        for (size_t i = 0; i < 4; i++) y = y * 10 + (l->text[BK_LF_YEAR][i] - '0');
        if (y >= 1990 && y <= 2100) g->year = y;
    }
    int carry = l->carryover ? 1 : 0;
    int bp = l->exp_type == BK_EXP_PROJECT ? 1 : 0;
    int idx = vidx(l->fund, carry, bp);
    if (l->exp_type == BK_EXP_UNKNOWN) g->unknown_exp++;

    long fi;
    const char *fk = l->text[BK_LF_FUNC_CODE];
    size_t fkn = l->len[BK_LF_FUNC_CODE];
    if (g->n_funcs && g->funcs[g->last_func].h.len == fkn && memcmp(g->funcs[g->last_func].h.key, fk, fkn) == 0) {
        fi = (long)g->last_func;
    } else {
        fi = lookup(c, (void **)&g->funcs, &g->n_funcs, &g->cap_funcs, sizeof(func_entry), &g->ifunc, fk, fkn, &added);
        if (fi < 0) goto nomem;
        g->last_func = (size_t)fi;
    }
    if (!g->funcs[fi].name && l->text[BK_LF_FUNC_NAME])
        g->funcs[fi].name = dup(c, l->text[BK_LF_FUNC_NAME], l->len[BK_LF_FUNC_NAME]);
    add_vec(g->funcs[fi].v, idx, a);

    /* the unit */
    const char *uk = l->text[BK_LF_UNIT_CODE] ? l->text[BK_LF_UNIT_CODE] : l->text[BK_LF_UNIT_NAME];
    size_t un = l->text[BK_LF_UNIT_CODE] ? l->len[BK_LF_UNIT_CODE] : l->len[BK_LF_UNIT_NAME];
    long ui = -1;
    if (!uk) uk = "", un = 0;
    added = false;
    if (g->n_units && g->units[g->last_unit].h.len == un && memcmp(g->units[g->last_unit].h.key, uk, un) == 0) {
        ui = (long)g->last_unit;
    } else {
        ui = lookup(c, (void **)&g->units, &g->n_units, &g->cap_units, sizeof(unit_entry), &g->iunit, uk, un, &added);
        if (ui < 0) goto nomem;
        g->last_unit = (size_t)ui;
    }
    unit_entry *u = &g->units[ui];
    if (added) {
        u->code = dup(c, l->text[BK_LF_UNIT_CODE], l->len[BK_LF_UNIT_CODE]);
        u->name = dup(c, l->text[BK_LF_UNIT_NAME], l->len[BK_LF_UNIT_NAME]);
    }
    if (!u->type && l->text[BK_LF_UNIT_TYPE]) u->type = dup(c, l->text[BK_LF_UNIT_TYPE], l->len[BK_LF_UNIT_TYPE]);
    if (l->exp_type == BK_EXP_BASIC && l->basic_kind == BK_BASIC_PUBLIC_USE) add_vec(u->public_use, idx, a);

    /* economic classification */
    if (l->exp_type == BK_EXP_BASIC && !l->text[BK_LF_DEP_ECON_CODE]) g->basic_no_econ++;
    if (l->exp_type == BK_EXP_BASIC && l->basic_kind == BK_BASIC_UNKNOWN) g->no_kind++;
    if (l->text[BK_LF_DEP_ECON_CODE]) {
        size_t dn = l->len[BK_LF_DEP_ECON_CODE], gn = l->text[BK_LF_GOV_ECON_CODE] ? l->len[BK_LF_GOV_ECON_CODE] : 0;
        char key[16];
        memcpy(key, l->text[BK_LF_DEP_ECON_CODE], dn);
        key[dn] = '|';
        if (gn) memcpy(key + dn + 1, l->text[BK_LF_GOV_ECON_CODE], gn);
        long ei = lookup(c, (void **)&g->econs, &g->n_econs, &g->cap_econs, sizeof(econ_entry), &g->iecon, key,
                         dn + 1 + gn, &added);
        if (ei < 0) goto nomem;
        econ_entry *en = &g->econs[ei];
        if (added) {
            en->dep_code = dup(c, key, dn);
            en->gov_code = gn ? dup(c, key + dn + 1, gn) : NULL;
            en->kind = l->basic_kind;
        }
        if (!en->dep_name && l->text[BK_LF_DEP_ECON_NAME])
            en->dep_name = dup(c, l->text[BK_LF_DEP_ECON_NAME], l->len[BK_LF_DEP_ECON_NAME]);
        if (!en->gov_name && l->text[BK_LF_GOV_ECON_NAME])
            en->gov_name = dup(c, l->text[BK_LF_GOV_ECON_NAME], l->len[BK_LF_GOV_ECON_NAME]);
        add_vec(en->v, idx, a);
    }

    /* projects */
    if (l->exp_type == BK_EXP_PROJECT) {
        const char *pc = l->text[BK_LF_PRO_CODE], *pn = l->text[BK_LF_PRO_NAME];
        size_t pcl = pc ? l->len[BK_LF_PRO_CODE] : 0, pnl = pn ? l->len[BK_LF_PRO_NAME] : 0;
        size_t need = un + pcl + pnl + 2;
        if (need > c->scratch_cap) {
            size_t cap = need * 2;
            char *s = realloc(c->scratch, cap);
            if (!s) goto nomem;
            c->scratch = s;
            c->scratch_cap = cap;
        }
        memcpy(c->scratch, uk, un);
        c->scratch[un] = '\x1f';
        if (pcl) memcpy(c->scratch + un + 1, pc, pcl);
        c->scratch[un + 1 + pcl] = '\x1f';
        if (pnl) memcpy(c->scratch + un + 2 + pcl, pn, pnl);
        long pi = lookup(c, (void **)&g->projs, &g->n_projs, &g->cap_projs, sizeof(proj_entry), &g->iproj, c->scratch,
                         need, &added);
        if (pi < 0) goto nomem;
        proj_entry *p = &g->projs[pi];
        if (added) {
            p->unit = (size_t)ui;
            p->unit_key = g->units[ui].h.key;
            p->code = dup(c, pc, pcl);
            p->name = dup(c, pn, pnl);
        }
        add_vec(p->v, idx, a);
    }
    g->lines++;
    return BK_OK;
nomem:
    bk_error_set(&e, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return set_fatal(c, &e);
}

/* A group is named by its first line, even a bad one, so a failure can say whose it is. */
static void name_group(bk_compiler *c, group *g, const bk_ledger_line *l)
{
    if (g->code || g->name || c->s.split == BK_SPLIT_NONE) return;
    bool dept = c->s.split == BK_SPLIT_DEPARTMENT;
    int fc = dept ? BK_LF_DEPT_CODE : BK_LF_UNIT_CODE, fn = dept ? BK_LF_DEPT_NAME : BK_LF_UNIT_NAME;
    if (l->text[fc])
        g->code = dup(c, l->text[fc], l->len[fc]);
    else if (dept && l->text[BK_LF_UNIT_CODE] && !l->text[fn])
        g->code = dup(c, l->text[BK_LF_UNIT_CODE], l->len[BK_LF_UNIT_CODE] > 3 ? 3 : l->len[BK_LF_UNIT_CODE]);
    if (l->text[fn]) g->name = dup(c, l->text[fn], l->len[fn]);
}

static int on_record(void *ctx, const bk_record *rec)
{
    bk_compiler *c = ctx;
    c->records++;
    if (c->skip_sheet) return BK_OK;
    if (!c->have_header) {
        bool empty = true;
        for (size_t i = 0; i < rec->n_fields && empty; i++) empty = rec->lens[i] == 0;
        return empty ? BK_OK : take_header(c, rec);
    }
    bk_ledger_line l;
    bk_error e;
    err_init(&e);
    int rc = bk_ledger_parse_line(&c->map, rec, c->unit, &l, &e);
    if (rc == BK_OK && l.blank) return BK_OK;
    const char *k = NULL;
    size_t n = 0;
    if (!group_key(c, &l, &k, &n)) { /* parse fills the texts before it checks them */
        /* nobody's line: it fails a group of its own, the departments named go on */
        static const char unassigned[] = "\x01unassigned";
        group *g;
        int grc = find_group(c, unassigned, sizeof unassigned - 1, rec, &g);
        if (grc) return grc;
        if (!g->name) g->name = c->s.split == BK_SPLIT_UNIT ? "（未列明单位）" : "（未列明部门）";
        c->lines++;
        if (!rc)
            bk_error_set(&e, BK_ERR_VALUE, rec->line, 0, NULL,
                         c->s.split == BK_SPLIT_UNIT ? "the line names no unit"
                                                     : "the line names no department or unit");
        return group_fail(g, &e);
    }
    group *g;
    int grc = find_group(c, k, n, rec, &g);
    if (grc) return grc;
    c->lines++;
    name_group(c, g, &l);
    if (rc) return group_fail(g, &e);
    if (g->status) return BK_OK; /* already failed: its sums are not used */
    return add_line(c, g, &l, rec);
}

/* ---- life cycle and accessors ---- */

int bk_compiler_new(const bk_compile_settings *s, bk_compiler **out, bk_error *err)
{
    *out = NULL;
    bk_compiler *c = calloc(1, sizeof *c);
    if (c) c->arena = bk_arena_new();
    if (!c || !c->arena) {
        bk_compiler_free(c);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (s) c->s = *s;
    if (c->s.output_unit != BK_UNIT_YUAN) c->s.output_unit = BK_UNIT_WAN_YUAN;
    if (c->s.output_scale <= 0 || c->s.output_scale > BK_AMOUNT_MAX_SCALE) c->s.output_scale = 2;
    if (s && s->limits)
        c->limits = *s->limits;
    else
        bk_limits_default(&c->limits);
    c->sink.ctx = c;
    c->sink.sheet = on_sheet;
    c->sink.record = on_record;
    *out = c;
    return BK_OK;
}

const bk_record_sink *bk_compiler_sink(bk_compiler *c)
{
    return &c->sink;
}
const bk_error *bk_compiler_fatal(const bk_compiler *c)
{
    return c->fatal_set ? &c->fatal : NULL;
}
size_t bk_compiler_group_count(const bk_compiler *c)
{
    return c->n_groups;
}
const char *bk_compiler_group_code(const bk_compiler *c, size_t i)
{
    return i < c->n_groups ? c->groups[i].code : NULL;
}
const char *bk_compiler_group_name(const bk_compiler *c, size_t i)
{
    return i < c->n_groups ? c->groups[i].name : NULL;
}
uint64_t bk_compiler_group_lines(const bk_compiler *c, size_t i)
{
    return i < c->n_groups ? c->groups[i].lines : 0;
}
uint64_t bk_compiler_lines(const bk_compiler *c)
{
    return c->lines;
}

static int cmp_groups(const void *x, const void *y)
{
    const group *a = x, *b = y;
    int r = cmp_opt(a->code, b->code);
    return r ? r : cmp_opt(a->name, b->name);
}

int bk_compiler_finish(bk_compiler *c, bk_error *err)
{
    if (c->fatal_set) {
        if (err) *err = c->fatal;
        return c->fatal.code ? c->fatal.code : BK_ERR_INTERNAL;
    }
    if (!c->has_col[BK_LF_AMOUNT]) {
        if (c->preamble_err_set) {
            if (err) *err = c->preamble_err;
            return c->preamble_err.code;
        }
        return bk_error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the ledger is empty: no header line");
    }
    if (c->lines == 0)
        return bk_error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the ledger has a header but no line with an amount");
    for (size_t i = 0; i < c->n_groups; i++) {
        group *g = &c->groups[i];
        if (g->name || c->s.split != BK_SPLIT_DEPARTMENT) continue;
        /* no 部门名称 column: the department is named after its unit with the smallest code (本级) */
        const unit_entry *best = NULL;
        for (size_t u = 0; u < g->n_units; u++)
            if (g->units[u].name && (!best || cmp_opt(g->units[u].code, best->code) < 0)) best = &g->units[u];
        if (best) g->name = best->name;
    }
    if (c->n_groups) qsort(c->groups, c->n_groups, sizeof *c->groups, cmp_groups);
    free(c->igroup.slots); /* indices moved: the group index is no longer valid */
    c->igroup.slots = NULL;
    c->igroup.cap = 0;
    c->sink.record = NULL;
    return BK_OK;
}

/* ---- reading in parts: a fork per part, merged in file order ---- */

int bk_compiler_fork(const bk_compiler *c, bk_compiler **out, bk_error *err)
{
    int rc = bk_compiler_new(&c->s, out, err);
    if (rc) return rc;
    bk_compiler *f = *out;
    f->limits = c->limits;
    f->map = c->map;
    f->have_header = c->have_header;
    f->sheets = c->sheets;
    f->unit = c->unit;
    memcpy(f->has_col, c->has_col, sizeof f->has_col);
    return BK_OK;
}

bool bk_compiler_has_header(const bk_compiler *c)
{
    return c->have_header;
}

/* Keep @p src's strings alive in @p dst: entries merged below point into them. */
static int adopt_arenas(bk_compiler *dst, bk_compiler *src)
{
    bk_arena **a = realloc(dst->adopted, (dst->n_adopted + src->n_adopted + 1) * sizeof *a);
    if (!a) return BK_ERR_NOMEM;
    dst->adopted = a;
    a[dst->n_adopted++] = src->arena;
    src->arena = NULL;
    for (size_t i = 0; i < src->n_adopted; i++) a[dst->n_adopted++] = src->adopted[i];
    src->n_adopted = 0;
    return BK_OK;
}

static void add_all(int64_t *d, const int64_t *s)
{
    for (int i = 0; i < NV; i++) d[i] += s[i];
}

#define MERGE_FIND(c, g, arr, n, cap, ix, type, e, added)                                                              \
    lookup((c), (void **)&(g)->arr, &(g)->n, &(g)->cap, sizeof(type), &(g)->ix, (e)->h.key, (e)->h.len, (added))

static int merge_funcs(bk_compiler *c, group *d, const group *s)
{
    bool added;
    for (size_t i = 0; i < s->n_funcs; i++) {
        const func_entry *e = &s->funcs[i];
        long k = MERGE_FIND(c, d, funcs, n_funcs, cap_funcs, ifunc, func_entry, e, &added);
        if (k < 0) return BK_ERR_NOMEM;
        if (!d->funcs[k].name) d->funcs[k].name = e->name;
        add_all(d->funcs[k].v, e->v);
    }
    return BK_OK;
}

static int merge_econs(bk_compiler *c, group *d, const group *s)
{
    bool added;
    for (size_t i = 0; i < s->n_econs; i++) {
        const econ_entry *e = &s->econs[i];
        long k = MERGE_FIND(c, d, econs, n_econs, cap_econs, iecon, econ_entry, e, &added);
        if (k < 0) return BK_ERR_NOMEM;
        econ_entry *t = &d->econs[k];
        if (added) {
            t->dep_code = e->dep_code;
            t->gov_code = e->gov_code;
            t->kind = e->kind;
        }
        if (!t->dep_name) t->dep_name = e->dep_name;
        if (!t->gov_name) t->gov_name = e->gov_name;
        add_all(t->v, e->v);
    }
    return BK_OK;
}

/* Units, then projects, which point at their unit by index: @p unit_at maps s's indices to d's. */
static int merge_units_projects(bk_compiler *c, group *d, const group *s, size_t *unit_at)
{
    bool added;
    for (size_t i = 0; i < s->n_units; i++) {
        const unit_entry *e = &s->units[i];
        long k = MERGE_FIND(c, d, units, n_units, cap_units, iunit, unit_entry, e, &added);
        if (k < 0) return BK_ERR_NOMEM;
        unit_entry *t = &d->units[k];
        if (added) {
            t->code = e->code;
            t->name = e->name;
        }
        if (!t->type) t->type = e->type;
        add_all(t->public_use, e->public_use);
        unit_at[i] = (size_t)k;
    }
    for (size_t i = 0; i < s->n_projs; i++) {
        const proj_entry *e = &s->projs[i];
        long k = MERGE_FIND(c, d, projs, n_projs, cap_projs, iproj, proj_entry, e, &added);
        if (k < 0) return BK_ERR_NOMEM;
        proj_entry *t = &d->projs[k];
        if (added) {
            t->unit = unit_at[e->unit];
            t->unit_key = d->units[t->unit].h.key;
            t->code = e->code;
            t->name = e->name;
        }
        add_all(t->v, e->v);
    }
    return BK_OK;
}

/* Fold group @p s (later lines) into @p d (earlier ones): what came first keeps its names. */
static int merge_group(bk_compiler *c, group *d, const group *s)
{
    bool d_failed = d->status != 0;
    if (!d->code && !d->name) { /* a group is named by its first line, code and name together */
        d->code = s->code;
        d->name = s->name;
    }
    if (!d_failed && s->status) {
        d->status = s->status;
        d->err = s->err;
    }
    if (d_failed) return BK_OK; /* a line-by-line read stops summing a group at its first error */
    if (__builtin_add_overflow(d->abs_total, s->abs_total, &d->abs_total)) return BK_ERR_LIMIT;
    d->lines += s->lines;
    d->unknown_exp += s->unknown_exp;
    d->basic_no_econ += s->basic_no_econ;
    d->no_kind += s->no_kind;
    if (!d->year) d->year = s->year;
    int rc = merge_funcs(c, d, s);
    if (!rc) rc = merge_econs(c, d, s);
    size_t *unit_at = rc ? NULL : malloc((s->n_units ? s->n_units : 1) * sizeof *unit_at);
    if (!rc && !unit_at) rc = BK_ERR_NOMEM;
    if (!rc) rc = merge_units_projects(c, d, s, unit_at);
    free(unit_at);
    return rc;
}

int bk_compiler_absorb(bk_compiler *dst, bk_compiler *src)
{
    int rc = BK_OK;
    if (src->fatal_set || dst->fatal_set) rc = BK_ERR_INVALID_ARG;
    if (!rc) rc = adopt_arenas(dst, src);
    for (size_t i = 0; !rc && i < src->n_groups; i++) {
        const group *sg = &src->groups[i];
        bool added;
        long k = lookup(dst, (void **)&dst->groups, &dst->n_groups, &dst->cap_groups, sizeof(group), &dst->igroup,
                        sg->h.key, sg->h.len, &added);
        if (k < 0)
            rc = BK_ERR_NOMEM;
        else if (added && dst->n_groups > dst->limits.tables)
            rc = BK_ERR_LIMIT;
        else
            rc = merge_group(dst, &dst->groups[k], sg);
    }
    if (!rc) {
        dst->lines += src->lines;
        dst->records += src->records;
    }
    bk_compiler_free(src);
    return rc;
}

uint64_t bk_compiler_records(const bk_compiler *c)
{
    return c->records;
}

void bk_compiler_take(bk_compiler *dst, bk_compiler *src)
{
    bk_compiler t = *dst;
    *dst = *src;
    *src = t;
    dst->sink.ctx = dst;
    src->sink.ctx = src;
    bk_compiler_free(src);
}
