/* SPDX-License-Identifier: MIT */
/* The ledger compiler: sums ledger lines per group with integer arithmetic
 * and builds the standard tables from their definitions. Every printed
 * figure is rounded on its own from the exact sum. */
#include <budgetkit/compile.h>
#include <budgetkit/definitions.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "compile_internal.h"

/* A line's money lands in one of 20 cells: fund × (当年, 上年结转) × (基本, 项目). */
#define NV (BK_FUND_COUNT * 2 * 2)
static inline int vidx(int fund, int carry, int bp) { return (fund * 2 + carry) * 2 + bp; }

/* Which cells a printed column sums, as sets: funds (bit per bk_fund),
 * years (1 当年, 2 上年结转), kinds (1 基本, 2 项目). */
typedef uint32_t vmask;
static vmask mask_of(unsigned funds, unsigned years, unsigned kinds)
{
    vmask m = 0;
    for (int f = 0; f < BK_FUND_COUNT; f++)
        for (int c = 0; c < 2; c++)
            for (int b = 0; b < 2; b++)
                if ((funds >> f & 1) && (years >> c & 1) && (kinds >> b & 1)) m |= 1u << vidx(f, c, b);
    return m;
}
enum {
    F_GP = 1u << BK_FUND_GENERAL_PUBLIC,
    F_GF = 1u << BK_FUND_GOV_FUND,
    F_SC = 1u << BK_FUND_STATE_CAPITAL,
    F_SA = 1u << BK_FUND_SPECIAL_ACCOUNT,
    F_UF = 1u << BK_FUND_UNIT_FUNDS,
    F_FISCAL = F_GP | F_GF | F_SC,
    F_ALL = 0x1F,
    Y_CUR = 1, Y_CARRY = 2, Y_ANY = 3,
    K_BASIC = 1, K_PROJECT = 2, K_ANY = 3
};

/* Exact sum of the cells in m; overflow was excluded when the lines were added
 * (each cell is bounded by the total of absolute values, checked per line). */
static int64_t vsum(const int64_t *v, vmask m)
{
    int64_t s = 0;
    for (int i = 0; i < NV; i++)
        if (m >> i & 1) s += v[i];
    return s;
}

/* A cleared error without writing all of its ~1 KB: this runs once per line. */
static inline void err_init(bk_error *e)
{
    e->code = 0;
    e->line = e->column = 0;
    e->file[0] = e->context[0] = e->plugin[0] = e->message[0] = '\0';
}

/* ---- a string-keyed open-addressing index over an array of entries ---- */

typedef struct ehead {
    const char *key;
    uint32_t len;
    uint64_t hash;
} ehead;

typedef struct strindex {
    uint32_t *slots; /* entry index + 1; 0 = empty */
    size_t cap;
} strindex;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

#define HEAD(base, stride, i) ((const ehead *)((const char *)(base) + (size_t)(i) * (stride)))

static long index_find(const strindex *x, const void *base, size_t stride, const char *k, size_t n, uint64_t h)
{
    if (!x->cap) return -1;
    for (size_t i = h & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
        uint32_t s = x->slots[i];
        if (!s) return -1;
        const ehead *e = HEAD(base, stride, s - 1);
        if (e->hash == h && e->len == n && memcmp(e->key, k, n) == 0) return (long)s - 1;
    }
}

/* Insert entry @p idx (already stored in base) into the index; grows at 50% load. */
static int index_add(strindex *x, const void *base, size_t stride, size_t count, size_t idx)
{
    if ((count + 1) * 2 > x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots) return BK_ERR_NOMEM;
        for (size_t j = 0; j < x->cap; j++) {
            uint32_t s = x->slots[j];
            if (!s) continue;
            size_t i = HEAD(base, stride, s - 1)->hash & (cap - 1);
            while (slots[i]) i = (i + 1) & (cap - 1);
            slots[i] = s;
        }
        free(x->slots);
        x->slots = slots;
        x->cap = cap;
    }
    size_t i = HEAD(base, stride, idx)->hash & (x->cap - 1);
    while (x->slots[i]) i = (i + 1) & (x->cap - 1);
    x->slots[i] = (uint32_t)idx + 1;
    return BK_OK;
}

/* ---- per-group sums ---- */

typedef struct func_entry {
    ehead h;              /* code */
    const char *name;     /* from the ledger, or NULL */
    int64_t v[NV];
} func_entry;

typedef struct econ_entry {
    ehead h;              /* "dep|gov" */
    const char *dep_code, *dep_name, *gov_code, *gov_name;
    bk_basic_kind kind;
    int64_t v[NV];
} econ_entry;

typedef struct unit_entry {
    ehead h;              /* unit code, else name */
    const char *code, *name, *type;
    int64_t public_use[NV]; /* 基本支出 公用经费 (机关运行经费) */
} unit_entry;

typedef struct proj_entry {
    ehead h;              /* unit key \x1f project code \x1f project name */
    size_t unit;          /* index into units */
    const char *unit_key; /* for ordering by unit code */
    const char *code, *name;
    int64_t v[NV];
} proj_entry;

typedef struct group {
    ehead h;
    const char *code, *name;
    uint64_t lines;
    int status;
    bk_error err;
    int32_t year;
    uint64_t unknown_exp;   /* lines that say neither 基本 nor 项目 */
    uint64_t basic_no_econ; /* 基本支出 lines without a 部门经济分类 code */
    uint64_t no_kind;       /* 基本支出 lines that are neither 人员 nor 公用 */
    int64_t abs_total;      /* Σ|amount|: bounds every sum, so summing never overflows */
    func_entry *funcs;   size_t n_funcs, cap_funcs;   strindex ifunc;   size_t last_func;
    size_t last_unit;       /* last-hit caches: exports are usually sorted by unit and function */
    econ_entry *econs;   size_t n_econs, cap_econs;   strindex iecon;
    unit_entry *units;   size_t n_units, cap_units;   strindex iunit;
    proj_entry *projs;   size_t n_projs, cap_projs;   strindex iproj;
} group;

struct bk_compiler {
    bk_compile_settings s;
    bk_limits limits;
    bk_record_sink sink;
    bk_ledger_map map;
    bool have_header;
    unsigned preamble;         /* rows skipped before the header (a title, 单位：元 …) */
    bool sheets;               /* the reader announces sheets (a workbook) */
    bool skip_sheet;           /* this sheet has no header (a 说明 sheet): ignore it */
    bool preamble_err_set;
    bk_error preamble_err;     /* why the first candidate was not a header */
    bool has_col[BK_LF_COUNT]; /* over every sheet's header */
    bk_unit_kind unit;         /* of the amounts */
    bk_arena *arena;           /* keys and names */
    group *groups; size_t n_groups, cap_groups; strindex igroup;
    size_t last_group;         /* cache: ledgers are usually sorted by unit */
    uint64_t lines;
    uint64_t records;          /* every record seen, header, title and blank ones included */
    bool fatal_set;
    bk_error fatal;
    char *scratch; size_t scratch_cap;
    bk_arena **adopted; size_t n_adopted; /* arenas of absorbed compilers: their strings live on here */
};

static void group_free(group *g)
{
    free(g->funcs); free(g->ifunc.slots);
    free(g->econs); free(g->iecon.slots);
    free(g->units); free(g->iunit.slots);
    free(g->projs); free(g->iproj.slots);
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
static long lookup(bk_compiler *c, void **arr, size_t *count, size_t *cap, size_t stride, strindex *ix,
                   const char *k, size_t n, bool *added)
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
    if (c->s.ledger_unit) c->unit = c->s.ledger_unit;
    else c->unit = c->map.header_unit ? c->map.header_unit : BK_UNIT_YUAN;
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
    case BK_SPLIT_NONE: *k = ""; *n = 0; return true;
    case BK_SPLIT_DEPARTMENT:
        if (l->text[BK_LF_DEPT_CODE]) { *k = l->text[BK_LF_DEPT_CODE]; *n = l->len[BK_LF_DEPT_CODE]; return true; }
        if (l->text[BK_LF_DEPT_NAME]) { *k = l->text[BK_LF_DEPT_NAME]; *n = l->len[BK_LF_DEPT_NAME]; return true; }
        if (l->text[BK_LF_UNIT_CODE]) {
            *k = l->text[BK_LF_UNIT_CODE];
            *n = l->len[BK_LF_UNIT_CODE] > 3 ? 3 : l->len[BK_LF_UNIT_CODE];
            return true;
        }
        return false;
    case BK_SPLIT_UNIT:
        if (l->text[BK_LF_UNIT_CODE]) { *k = l->text[BK_LF_UNIT_CODE]; *n = l->len[BK_LF_UNIT_CODE]; return true; }
        if (l->text[BK_LF_UNIT_NAME]) { *k = l->text[BK_LF_UNIT_NAME]; *n = l->len[BK_LF_UNIT_NAME]; return true; }
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

static void add_vec(int64_t *v, int idx, int64_t amount) { v[idx] += amount; }

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
    if (l->text[fc]) g->code = dup(c, l->text[fc], l->len[fc]);
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
                         c->s.split == BK_SPLIT_UNIT ? "the line names no unit" : "the line names no department or unit");
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
    if (s && s->limits) c->limits = *s->limits;
    else bk_limits_default(&c->limits);
    c->sink.ctx = c;
    c->sink.sheet = on_sheet;
    c->sink.record = on_record;
    *out = c;
    return BK_OK;
}

const bk_record_sink *bk_compiler_sink(bk_compiler *c) { return &c->sink; }
const bk_error *bk_compiler_fatal(const bk_compiler *c) { return c->fatal_set ? &c->fatal : NULL; }
size_t bk_compiler_group_count(const bk_compiler *c) { return c->n_groups; }
const char *bk_compiler_group_code(const bk_compiler *c, size_t i) { return i < c->n_groups ? c->groups[i].code : NULL; }
const char *bk_compiler_group_name(const bk_compiler *c, size_t i) { return i < c->n_groups ? c->groups[i].name : NULL; }
uint64_t bk_compiler_group_lines(const bk_compiler *c, size_t i) { return i < c->n_groups ? c->groups[i].lines : 0; }
uint64_t bk_compiler_lines(const bk_compiler *c) { return c->lines; }

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0;
    return strcmp(a, b);
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

bool bk_compiler_has_header(const bk_compiler *c) { return c->have_header; }

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

#define MERGE_FIND(c, g, arr, n, cap, ix, type, e, added)                                                   \
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
        if (k < 0) rc = BK_ERR_NOMEM;
        else if (added && dst->n_groups > dst->limits.tables) rc = BK_ERR_LIMIT;
        else rc = merge_group(dst, &dst->groups[k], sg);
    }
    if (!rc) {
        dst->lines += src->lines;
        dst->records += src->records;
    }
    bk_compiler_free(src);
    return rc;
}

uint64_t bk_compiler_records(const bk_compiler *c) { return c->records; }

void bk_compiler_take(bk_compiler *dst, bk_compiler *src)
{
    bk_compiler t = *dst;
    *dst = *src;
    *src = t;
    dst->sink.ctx = dst;
    src->sink.ctx = src;
    bk_compiler_free(src);
}

/* ---- building the document ---- */

typedef struct outctx {
    const bk_compiler *c;
    const group *g;
    bk_document *doc;
    bk_diags *diags;
    bk_error *err;
    int64_t total[NV];      /* Σ of every line of the group */
} outctx;

static int nomem(outctx *o) { return bk_error_set(o->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory"); }

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
    if (o->doc->fiscal_year) snprintf(title, sizeof title, "%d年%s", (int)o->doc->fiscal_year, d->title);
    else snprintf(title, sizeof title, "%s", d->title);
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
        if (!bk_panel_add_column(o->doc, p, pd->columns[i].key, pd->columns[i].label, pd->columns[i].type))
            return NULL;
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
    ehead h;                 /* the code (a prefix of a leaf key: not NUL-terminated) */
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
    if (!r) rc = nomem(o);
    else r->key = bk_document_strdup(o->doc, "total", (size_t)-1);
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
    if (!r || !(r->key = bk_document_strdup(o->doc, "total", (size_t)-1))) rc = nomem(o);
    else rc = econ_cells(o, p, r, total);
    for (size_t i = 0; rc == BK_OK && i < n;) {
        /* one 类 group */
        size_t j = i;
        int64_t cls[3] = {0};
        while (j < n && memcmp(list[j]->dep_code, list[i]->dep_code, 3) == 0) {
            for (int w = 0; w < 3; w++) cls[w] += econ_value(list[j], w);
            j++;
        }
        int cls_idx = (int)p->n_rows;
        const char *cname = name_for(o, list[i]->dep_code, 3, strlen(list[i]->dep_code) == 3 ? list[i]->dep_name : NULL);
        r = add_row(o, p, with_codes ? list[i]->dep_code : NULL, 3, cname, 1, -1, BK_ROW_DATA);
        if (!r) { rc = nomem(o); break; }
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
                if (dl == 3) { e = f; continue; } /* 类-level lines are in the 类 row already */
            } else {
                for (int w = 0; w < 3; w++) sums[w] = econ_value(en, w);
                f = e + 1;
            }
            const char *dname = name_for(o, en->dep_code, dl, en->dep_name);
            r = add_row(o, p, with_codes ? en->dep_code : NULL, dl, dname, 2, cls_idx, BK_ROW_DATA);
            if (!r) { rc = nomem(o); break; }
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
    static const char *const item_codes[][2] = {
        {"travel_abroad", "30212"}, {"reception", "30217"}, {"vehicle_purchase", "31013"}, {"vehicle_operation", "30231"}};
    int64_t vecs[6][NV];
    memset(vecs, 0, sizeof vecs);
    const group *g = o->g;
    for (size_t e = 0; e < g->n_econs; e++)
        for (int i = 0; i < 4; i++)
            if (strcmp(g->econs[e].dep_code, item_codes[i][1]) == 0)
                for (int v = 0; v < NV; v++) vecs[i][v] += g->econs[e].v[v];
    for (int v = 0; v < NV; v++) {
        vecs[4][v] = vecs[2][v] + vecs[3][v];           /* vehicle = purchase + operation */
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
    static const colmask cols[] = {{"total", F_FISCAL, Y_CUR, K_ANY}, {"general_public", F_GP, Y_CUR, K_ANY},
                                   {"gov_fund", F_GF, Y_CUR, K_ANY}, {"state_capital", F_SC, Y_CUR, K_ANY}};
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
    static const colmask cols[] = {{"total", F_ALL, 0, K_PROJECT}, {"general_public", F_GP, 0, K_PROJECT},
                                   {"gov_fund", F_GF, 0, K_PROJECT}, {"state_capital", F_SC, 0, K_PROJECT},
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
        r = add_row(o, p, u->code, u->code ? strlen(u->code) : 0, u->name ? u->name : u->code ? u->code : "（未列明单位）", 1, 0, BK_ROW_SUBTOTAL);
        if (!r) { rc = nomem(o); break; }
        for (size_t j = 0; rc == BK_OK && j < k; j++) rc = put(o, &r->cells[j], us[j]);
        for (size_t q = i; rc == BK_OK && q < e; q++) {
            const proj_entry *pe = list[q];
            const char *pname = pe->name ? pe->name : pe->code ? pe->code : "（未列明项目）";
            r = add_row(o, p, pe->code, pe->code ? strlen(pe->code) : 0, pname, 2, uidx, BK_ROW_DATA);
            if (!r) { rc = nomem(o); break; }
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
    static const colmask cols[] = {{"total", F_FISCAL, Y_CUR, K_BASIC}, {"general_public", F_GP, Y_CUR, K_BASIC},
                                   {"gov_fund", F_GF, Y_CUR, K_BASIC}, {"state_capital", F_SC, Y_CUR, K_BASIC}};
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
        if (!in || !ex) return bk_error_set(o->err, BK_ERR_INTERNAL, 0, 0, d->kind, "definition has no income/expense panel");
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
