/* SPDX-License-Identifier: MIT */
/* The compiler's sums, shared by its two halves: core/compile.c sums the ledger lines per
 * group, core/compile_build.c builds the tables of a group from them. Private to the core. */
#ifndef BK_COMPILE_SUMS_H
#define BK_COMPILE_SUMS_H

#include <budgetkit/compile.h>
#include <budgetkit/definitions.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* A line's money lands in one of 20 cells: fund × (当年, 上年结转) × (基本, 项目). */
#define NV (BK_FUND_COUNT * 2 * 2)
static inline int vidx(int fund, int carry, int bp)
{
    return (fund * 2 + carry) * 2 + bp;
}

/* Which cells a printed column sums, as sets: funds (bit per bk_fund),
 * years (1 当年, 2 上年结转), kinds (1 基本, 2 项目). */
typedef uint32_t vmask;
static inline vmask mask_of(unsigned funds, unsigned years, unsigned kinds)
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
    Y_CUR = 1,
    Y_CARRY = 2,
    Y_ANY = 3,
    K_BASIC = 1,
    K_PROJECT = 2,
    K_ANY = 3
};

/* Exact sum of the cells in m; overflow was excluded when the lines were added
 * (each cell is bounded by the total of absolute values, checked per line). */
static inline int64_t vsum(const int64_t *v, vmask m)
{
    int64_t s = 0;
    for (int i = 0; i < NV; i++)
        if (m >> i & 1) s += v[i];
    return s;
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

static inline uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

#define HEAD(base, stride, i) ((const ehead *)((const char *)(base) + (size_t)(i) * (stride)))

static inline long index_find(const strindex *x, const void *base, size_t stride, const char *k, size_t n, uint64_t h)
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
static inline int index_add(strindex *x, const void *base, size_t stride, size_t count, size_t idx)
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
    ehead h;          /* code */
    const char *name; /* from the ledger, or NULL */
    int64_t v[NV];
} func_entry;

typedef struct econ_entry {
    ehead h; /* "dep|gov" */
    const char *dep_code, *dep_name, *gov_code, *gov_name;
    bk_basic_kind kind;
    int64_t v[NV];
} econ_entry;

typedef struct unit_entry {
    ehead h; /* unit code, else name */
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
    func_entry *funcs;
    size_t n_funcs, cap_funcs;
    strindex ifunc;
    size_t last_func;
    size_t last_unit; /* last-hit caches: exports are usually sorted by unit and function */
    econ_entry *econs;
    size_t n_econs, cap_econs;
    strindex iecon;
    unit_entry *units;
    size_t n_units, cap_units;
    strindex iunit;
    proj_entry *projs;
    size_t n_projs, cap_projs;
    strindex iproj;
} group;

struct bk_compiler {
    bk_compile_settings s;
    bk_limits limits;
    bk_record_sink sink;
    bk_ledger_map map;
    bool have_header;
    unsigned preamble; /* rows skipped before the header (a title, 单位：元 …) */
    bool sheets;       /* the reader announces sheets (a workbook) */
    bool skip_sheet;   /* this sheet has no header (a 说明 sheet): ignore it */
    bool preamble_err_set;
    bk_error preamble_err;     /* why the first candidate was not a header */
    bool has_col[BK_LF_COUNT]; /* over every sheet's header */
    bk_unit_kind unit;         /* of the amounts */
    bk_arena *arena;           /* keys and names */
    group *groups;
    size_t n_groups, cap_groups;
    strindex igroup;
    size_t last_group; /* cache: ledgers are usually sorted by unit */
    uint64_t lines;
    uint64_t records; /* every record seen, header, title and blank ones included */
    bool fatal_set;
    bk_error fatal;
    char *scratch;
    size_t scratch_cap;
    bk_arena **adopted;
    size_t n_adopted; /* arenas of absorbed compilers: their strings live on here */
};

/* NULL sorts first; otherwise strcmp. */
static inline int cmp_opt(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0;
    return strcmp(a, b);
}

#endif
