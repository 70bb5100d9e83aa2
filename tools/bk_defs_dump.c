/* SPDX-License-Identifier: MIT */
/*
 * bk_defs_dump: write the definitions the library holds as the JSON files the
 * loader reads (definitions/<family>.json, docs/definitions.md), one file per
 * template family plus function-classes.json.
 *
 * It uses only the public API (bk_table_defs, bk_identities, the function
 * classes), so it also builds against a library whose tables are still C
 * arrays: that is how the C tables were converted, mechanically. Against such
 * a library (no BK_DEFINITIONS_DATA in definitions.h) the compile specs and the
 * former function-class names, which were private to the library then, come
 * from the copies below. Against a data-file library it re-writes what was
 * loaded, byte for byte (tests/definitions checks that).
 *
 *   bk_defs_dump [-o DIR]      (default DIR: definitions)
 *
 * To add a member to a definition struct: print it in the matching put_*
 * function (omit it when it has its default) and read it in
 * core/definitions_load.c.
 */
#include <budgetkit/definitions.h>
#include <budgetkit/validate.h>
#include <budgetkit/review.h>
#include <budgetkit/crossdoc.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FORMAT_ID "budgetkit-definitions/1"

/* ------------------------------------------------------------------------
 * Families: which file a table kind belongs to. The 13 kinds of the seed's
 * local template are one family; every other budget.* kind is the MoF /
 * Shanghai 9-table family; final.* is the MoF 决算 family.
 * ------------------------------------------------------------------------ */

typedef struct family {
    const char *id;
    const char *title;
} family;

static const family FAMILIES[] = {
    {"budget-local13",
     "地方部门预算公开 13 表 (the seed's template: 收支总表 … 项目支出预算表（上年结转）) and the 绩效目标表 checks"},
    {"budget-mof9", "财政部/上海 部门预算 9 表: the tables it prints beyond the local 13 (it shares 收支总表, "
                    "收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表 and 政府性基金预算支出表 with them)"},
    {"final-mof9", "财政部 部门决算公开 9 表 (公开01表 … 公开09表)"},
    {"other", "tables of no known family"},
};
enum { FAM_LOCAL13, FAM_MOF9, FAM_FINAL, FAM_OTHER, FAM_COUNT };

static const char *const SEED13[] = {"budget.summary",
                                     "budget.income",
                                     "budget.expense",
                                     "budget.fiscal_summary",
                                     "budget.general_public_expense",
                                     "budget.basic_economic",
                                     "budget.gov_fund_income",
                                     "budget.gov_fund_expense",
                                     "budget.state_capital",
                                     "budget.three_public",
                                     "budget.operating_costs",
                                     "budget.projects",
                                     "budget.projects_carryover"};

static int family_of_kind(const char *kind)
{
    for (size_t i = 0; i < sizeof SEED13 / sizeof SEED13[0]; i++)
        if (!strcmp(kind, SEED13[i])) return FAM_LOCAL13;
    if (!strncmp(kind, "budget.", 7)) return FAM_MOF9;
    if (!strncmp(kind, "final.", 6)) return FAM_FINAL;
    if (!strncmp(kind, "perf.", 5)) return FAM_LOCAL13; /* the forms of the budget disclosure */
    return FAM_OTHER;
}

/* An identity belongs to the latest family among the kinds it names (it can
 * only be checked once they are all loaded). */
static int family_of_text(const char *s, int fam)
{
    for (const char *p = s; p && *p;) {
        const char *start = p;
        while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.')) p++;
        if (*p == '/' && p > start && memchr(start, '.', (size_t)(p - start))) {
            char kind[128];
            size_t n = (size_t)(p - start) < sizeof kind - 1 ? (size_t)(p - start) : sizeof kind - 1;
            memcpy(kind, start, n);
            kind[n] = '\0';
            int f = family_of_kind(kind);
            if (f > fam) fam = f;
        }
        if (p == start) p++;
    }
    return fam;
}

static int family_of_identity(const bk_identity *id)
{
    int fam = family_of_text(id->expr, FAM_LOCAL13);
    fam = family_of_text(id->guard, fam);
    return id->each ? family_of_text(id->each, fam) : fam;
}

/* ------------------------------------------------------------------------
 * Data private to a library whose tables are C arrays (copied from
 * core/compile.c SPECS and core/definitions.c DEF_FUNCTION_CLASS_ALIASES).
 * ------------------------------------------------------------------------ */

#ifndef BK_DEFINITIONS_DATA
enum { F_GP = 1, F_GF = 2, F_SC = 4, F_SA = 8, F_UF = 16, F_ALL = 31, F_FISCAL = 7 };
enum { Y_CUR = 1, Y_CARRY = 2, Y_ANY = 3, K_BASIC = 1, K_PROJECT = 2, K_ANY = 3 };
enum { N_EXP = 1, N_ECON = 2, N_PROJECT = 4, N_UNIT_TYPE = 8, N_ECON_COL = 16 };

typedef struct old_mask {
    const char *key;
    unsigned funds, years, kinds;
} old_mask;

typedef struct old_spec {
    const char *kind, *build;
    unsigned needs;
    const char *never;
    const old_mask *cols, *items;
} old_spec;

#define END                                                                                                            \
    {                                                                                                                  \
        NULL, 0, 0, 0                                                                                                  \
    }
static const old_mask INCOME_COLS[] = {{"total", F_ALL, Y_CUR, K_ANY},          {"general_public", F_GP, Y_CUR, K_ANY},
                                       {"gov_fund", F_GF, Y_CUR, K_ANY},        {"state_capital", F_SC, Y_CUR, K_ANY},
                                       {"special_account", F_SA, Y_CUR, K_ANY}, {"unit_funds", F_UF, Y_CUR, K_ANY},
                                       {"carryover", F_ALL, Y_CARRY, K_ANY},    END};
static const old_mask EXPENSE_COLS[] = {
    {"total", F_ALL, Y_ANY, K_ANY}, {"basic", F_ALL, Y_ANY, K_BASIC}, {"project", F_ALL, Y_ANY, K_PROJECT}, END};
static const old_mask GP_COLS[] = {
    {"total", F_GP, Y_CUR, K_ANY}, {"basic", F_GP, Y_CUR, K_BASIC}, {"project", F_GP, Y_CUR, K_PROJECT}, END};
static const old_mask GF_COLS[] = {
    {"total", F_GF, Y_CUR, K_ANY}, {"basic", F_GF, Y_CUR, K_BASIC}, {"project", F_GF, Y_CUR, K_PROJECT}, END};
static const old_mask SC_COLS[] = {
    {"total", F_SC, Y_CUR, K_ANY}, {"basic", F_SC, Y_CUR, K_BASIC}, {"project", F_SC, Y_CUR, K_PROJECT}, END};
static const old_mask SUMMARY_INCOME_ITEMS[] = {{"general_public", F_GP, Y_CUR, K_ANY},
                                                {"gov_fund", F_GF, Y_CUR, K_ANY},
                                                {"state_capital", F_SC, Y_CUR, K_ANY},
                                                {"special_account", F_SA, Y_CUR, K_ANY},
                                                {"unit_funds", F_UF, Y_CUR, K_ANY},
                                                {"income_subtotal", F_ALL, Y_CUR, K_ANY},
                                                {"carryover", F_ALL, Y_CARRY, K_ANY},
                                                {"income_total", F_ALL, Y_ANY, K_ANY},
                                                END};
static const old_mask SUMMARY_EXPENSE_COLS[] = {
    {"total", F_ALL, Y_ANY, K_ANY}, {"current", F_ALL, Y_CUR, K_ANY}, {"carryover_use", F_ALL, Y_CARRY, K_ANY}, END};
static const old_mask FISCAL_INCOME_ITEMS[] = {
    {"general_public", F_GP, Y_CUR, K_ANY},       {"gov_fund", F_GF, Y_CUR, K_ANY},
    {"state_capital", F_SC, Y_CUR, K_ANY},        {"income_subtotal", F_FISCAL, Y_CUR, K_ANY},
    {"carryover", F_FISCAL, Y_CARRY, K_ANY},      {"carryover_general_public", F_GP, Y_CARRY, K_ANY},
    {"carryover_gov_fund", F_GF, Y_CARRY, K_ANY}, {"carryover_state_capital", F_SC, Y_CARRY, K_ANY},
    {"income_total", F_FISCAL, Y_ANY, K_ANY},     END};
static const old_mask FISCAL_EXPENSE_COLS[] = {{"total", F_FISCAL, Y_ANY, K_ANY},
                                               {"general_public", F_GP, Y_ANY, K_ANY},
                                               {"gov_fund", F_GF, Y_ANY, K_ANY},
                                               {"state_capital", F_SC, Y_ANY, K_ANY},
                                               END};

static const old_spec OLD_SPECS[] = {
    {"budget.summary", "summary", 0, NULL, SUMMARY_EXPENSE_COLS, SUMMARY_INCOME_ITEMS},
    {"budget.income", "function", 0, NULL, INCOME_COLS, NULL},
    {"budget.expense", "function", N_EXP, NULL, EXPENSE_COLS, NULL},
    {"budget.fiscal_summary", "fiscal_summary", 0, NULL, FISCAL_EXPENSE_COLS, FISCAL_INCOME_ITEMS},
    {"budget.general_public_expense", "function", N_EXP, NULL, GP_COLS, NULL},
    {"budget.basic_economic", "economic_pairs", N_EXP | N_ECON, NULL, NULL, NULL},
    {"budget.gov_fund_income", "function", 0, "it lists 收入分类 codes, which a ledger of expenses has not", NULL,
     NULL},
    {"budget.gov_fund_expense", "function", N_EXP, NULL, GF_COLS, NULL},
    {"budget.state_capital", "function", 0,
     "its income side lists 收入分类 codes, which a ledger of expenses has not; the expense side is "
     "国有资本经营预算支出表 (budget.state_capital_expense)",
     NULL, NULL},
    {"budget.three_public", "three_public", N_ECON_COL, NULL, NULL, NULL},
    {"budget.operating_costs", "operating_costs", N_EXP | N_UNIT_TYPE, NULL, NULL, NULL},
    {"budget.projects", "projects", N_EXP | N_PROJECT, NULL, NULL, NULL},
    {"budget.projects_carryover", "projects_carryover", N_EXP | N_PROJECT, NULL, NULL, NULL},
    {"budget.general_public_basic", "economic_codes", N_EXP | N_ECON, NULL, NULL, NULL},
    {"budget.state_capital_expense", "function", N_EXP, NULL, SC_COLS, NULL},
};

typedef struct old_class {
    const char *code, *name;
} old_class;

static const old_class OLD_ALIASES[] = {
    {"207", "文化体育与传媒支出"},
    {"210", "医疗卫生与计划生育支出"},
    {"215", "资源勘探信息等支出"},
    {"220", "国土海洋气象等支出"},
};
#endif

/* ------------------------------------------------------------------------
 * JSON output
 * ------------------------------------------------------------------------ */

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* , "name": "value" (nothing when s is NULL: absent means NULL). */
static void put_field(FILE *f, const char *name, const char *s)
{
    if (!s) return;
    fprintf(f, ", \"%s\": ", name);
    put_str(f, s);
}

static void put_list(FILE *f, const char *name, const char *const *list)
{
    if (!list) return;
    fprintf(f, ", \"%s\": [", name);
    for (size_t i = 0; list[i]; i++) {
        if (i) fputs(", ", f);
        put_str(f, list[i]);
    }
    fputc(']', f);
}

static const char *const FUND_NAMES[] = {"general_public", "gov_fund", "state_capital", "special_account",
                                         "unit_funds"};

static void put_bits(FILE *f, const char *name, unsigned bits, const char *const *names, size_t n)
{
    fprintf(f, ", \"%s\": [", name);
    bool first = true;
    for (size_t i = 0; i < n; i++)
        if (bits & (1u << i)) {
            fprintf(f, "%s\"%s\"", first ? "" : ", ", names[i]);
            first = false;
        }
    fputc(']', f);
}

static const char *years_name(unsigned y)
{
    return y == 1 ? "current" : y == 2 ? "carryover" : "any";
}
static const char *kinds_name(unsigned k)
{
    return k == 1 ? "basic" : k == 2 ? "project" : "any";
}

static void put_mask(FILE *f, const char *key, unsigned funds, unsigned years, unsigned kinds)
{
    fputs("{\"key\": ", f);
    put_str(f, key);
    put_bits(f, "funds", funds, FUND_NAMES, 5);
    fprintf(f, ", \"years\": \"%s\", \"kinds\": \"%s\"}", years_name(years), kinds_name(kinds));
}

static const char *const NEED_NAMES[] = {"expense_type", "economic", "project", "unit_type", "economic_column"};

#ifdef BK_DEFINITIONS_DATA
static void put_masks(FILE *f, const char *name, const bk_compile_mask *m, size_t n)
{
    if (!m) return;
    fprintf(f, ",\n        \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n          " : "\n          ", f);
        put_mask(f, m[i].key, m[i].funds, m[i].years, m[i].kinds);
    }
    fputs("\n        ]", f);
}

static void put_compile(FILE *f, const bk_table_def *d)
{
    const bk_compile_def *c = d->compile;
    if (!c) return;
    fprintf(f, ",\n      \"compile\": {\n        \"build\": \"%s\"", bk_compile_build_name(c->build));
    if (c->needs) put_bits(f, "needs", c->needs, NEED_NAMES, 5);
    put_field(f, "never", c->never);
    put_masks(f, "columns", c->columns, c->n_columns);
    put_masks(f, "items", c->items, c->n_items);
    fputs("\n      }", f);
}
#else
static void put_old_masks(FILE *f, const char *name, const old_mask *m)
{
    if (!m) return;
    fprintf(f, ",\n        \"%s\": [", name);
    for (size_t i = 0; m[i].key; i++) {
        fputs(i ? ",\n          " : "\n          ", f);
        put_mask(f, m[i].key, m[i].funds, m[i].years, m[i].kinds);
    }
    fputs("\n        ]", f);
}

static void put_compile(FILE *f, const bk_table_def *d)
{
    const old_spec *c = NULL;
    for (size_t i = 0; i < sizeof OLD_SPECS / sizeof OLD_SPECS[0]; i++)
        if (!strcmp(OLD_SPECS[i].kind, d->kind)) c = &OLD_SPECS[i];
    if (!c) return;
    fprintf(f, ",\n      \"compile\": {\n        \"build\": \"%s\"", c->build);
    if (c->needs) put_bits(f, "needs", c->needs, NEED_NAMES, 5);
    put_field(f, "never", c->never);
    put_old_masks(f, "columns", c->cols);
    put_old_masks(f, "items", c->items);
    fputs("\n      }", f);
}
#endif

static const char *coding_name(bk_row_coding c)
{
    static const char *const names[] = {"none",    "function", "function_class", "economic", "economic_pair",
                                        "revenue", "fixed",    "project",        "unit"};
    return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "none";
}

static const char *role_name(bk_row_role r)
{
    return r == BK_ROW_TOTAL ? "total" : r == BK_ROW_SUBTOTAL ? "subtotal" : "data";
}

static void put_column(FILE *f, const bk_column_def *c)
{
    fputs("{\"key\": ", f);
    put_str(f, c->key);
    put_field(f, "label", c->label);
    if (c->type == BK_CELL_TEXT) fputs(", \"type\": \"text\"", f);
    if (c->optional) fputs(", \"optional\": true", f);
    put_list(f, "synonyms", c->synonyms);
    fputc('}', f);
}

static void put_item(FILE *f, const bk_item_def *it)
{
    fputs("{\"key\": ", f);
    put_str(f, it->key);
    put_field(f, "label", it->label);
    put_field(f, "code", it->code);
    fprintf(f, ", \"level\": %d, \"role\": \"%s\"", it->level, role_name(it->role));
    put_list(f, "synonyms", it->synonyms);
    fputc('}', f);
}

static void put_panel(FILE *f, const bk_panel_def *p)
{
    fputs("        {\"key\": ", f);
    put_str(f, p->key);
    put_field(f, "label", p->label);
    put_field(f, "code_label", p->code_label);
    put_field(f, "name_label", p->name_label);
    put_field(f, "group_label", p->group_label);
    if (p->total_spans_code) fputs(", \"total_spans_code\": true", f);
    fprintf(f, ", \"coding\": \"%s\",\n         \"columns\": [", coding_name(p->coding));
    for (size_t i = 0; i < p->n_columns; i++) {
        fputs(i ? ",\n           " : "\n           ", f);
        put_column(f, &p->columns[i]);
    }
    fputs("\n         ]", f);
    if (p->items) {
        fputs(",\n         \"items\": [", f);
        for (size_t i = 0; i < p->n_items; i++) {
            fputs(i ? ",\n           " : "\n           ", f);
            put_item(f, &p->items[i]);
        }
        fputs("\n         ]", f);
    }
    fputc('}', f);
}

static void put_table(FILE *f, const bk_table_def *d)
{
    fputs("    {\n      \"kind\": ", f);
    put_str(f, d->kind);
    fputs(",\n      \"document\": ", f);
    put_str(f, d->family == BK_DOC_FINAL_ACCOUNTS ? "final_accounts" : "budget");
    fputs(",\n      \"title\": ", f);
    put_str(f, d->title);
    fputs(",\n      \"description\": ", f);
    put_str(f, d->description ? d->description : "");
    fprintf(f, ",\n      \"unit\": \"%s\", \"scale\": %d", d->unit == BK_UNIT_YUAN ? "元" : "万元", d->scale);
    if (d->column_numbers) fputs(", \"column_numbers\": true", f);
    fputs(",\n      \"title_patterns\": [", f);
    for (size_t i = 0; d->title_patterns && d->title_patterns[i]; i++) {
        if (i) fputs(", ", f);
        put_str(f, d->title_patterns[i]);
    }
    fputs("],\n      \"panels\": [\n", f);
    for (size_t p = 0; p < d->n_panels; p++) {
        put_panel(f, &d->panels[p]);
        fputs(p + 1 < d->n_panels ? ",\n" : "\n", f);
    }
    fputs("      ]", f);
    put_compile(f, d);
    fputs("\n    }", f);
}

static void put_identity(FILE *f, const bk_identity *id)
{
    fputs("    {\"rule\": ", f);
    put_str(f, id->rule);
    fputs(", \"title\": ", f);
    put_str(f, id->title);
    fputs(",\n     \"expr\": ", f);
    put_str(f, id->expr);
    if (id->each) {
        fputs(",\n     \"each\": ", f);
        put_str(f, id->each);
    }
    if (id->guard) {
        fputs(",\n     \"guard\": ", f);
        put_str(f, id->guard);
    }
    if (id->soft) fputs(",\n     \"soft\": true", f);
    if (id->mirror) fputs(",\n     \"mirror\": true", f);
    fputc('}', f);
}

static void put_header(FILE *f, const char *id, const char *title)
{
    fputs("{\n  \"format\": \"" FORMAT_ID "\",\n  \"family\": ", f);
    put_str(f, id);
    fputs(",\n  \"title\": ", f);
    put_str(f, title);
}

/* ------------------------------------------------------------------------ */

static FILE *open_out(const char *dir, const char *name, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s.json", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) fprintf(stderr, "bk_defs_dump: %s: %s\n", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path)
{
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "bk_defs_dump: %s: write failed\n", path);
        return 1;
    }
    return 0;
}

/* "review": the family's examiner rules (include/budgetkit/review.h), one list a line. */
static void put_review_list(FILE *f, bool *first, const char *name, const char *const *list)
{
    if (!list) return;
    fprintf(f, "%s\n    \"%s\": [", *first ? "" : ",", name);
    *first = false;
    for (size_t i = 0; list[i]; i++) {
        if (i) fputs(", ", f);
        put_str(f, list[i]);
    }
    fputc(']', f);
}

static void put_review(FILE *f, const char *fam_id)
{
    size_t n = 0;
    const bk_review_def *v = bk_review_defs(&n), *r = NULL;
    for (size_t i = 0; i < n && !r; i++)
        if (!strcmp(v[i].family, fam_id)) r = &v[i];
    if (!r) return;
    fputs(",\n  \"review\": {\n    \"document\": ", f);
    put_str(f, bk_doc_kind_name(r->document));
    bool first = false;
    put_review_list(f, &first, "detect", r->detect);
    put_review_list(f, &first, "required_tables", r->required_tables);
    put_review_list(f, &first, "empty_phrases", r->empty_phrases);
    put_review_list(f, &first, "full_text", r->full_text);
    fputs(",\n    \"sections\": [", f);
    for (size_t i = 0; i < r->n_sections; i++) {
        fputs(i ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        put_str(f, r->sections[i].name);
        put_list(f, "patterns", r->sections[i].patterns);
        fputc('}', f);
    }
    fputs(r->n_sections ? "\n    ],\n    \"statements\": [" : "],\n    \"statements\": [", f);
    for (size_t i = 0; i < r->n_statements; i++) {
        fputs(i ? ",\n      {\"phrase\": " : "\n      {\"phrase\": ", f);
        put_str(f, r->statements[i].phrase);
        put_field(f, "ref", r->statements[i].ref);
        put_list(f, "sections", r->statements[i].sections);
        fputc('}', f);
    }
    fputs(r->n_statements ? "\n    ]" : "]", f);
    put_review_list(f, &first, "fillers", r->fillers);
    put_review_list(f, &first, "more_words", r->more_words);
    put_review_list(f, &first, "less_words", r->less_words);
    put_review_list(f, &first, "equal_words", r->equal_words);
    put_review_list(f, &first, "compare_markers", r->compare_markers);
    put_review_list(f, &first, "budget_words", r->budget_words);
    put_review_list(f, &first, "final_words", r->final_words);
    put_review_list(f, &first, "completion_words", r->completion_words);
    put_review_list(f, &first, "year_phrases", r->year_phrases);
    put_review_list(f, &first, "placeholders", r->placeholders);
    put_review_list(f, &first, "instructions", r->instructions);
    put_review_list(f, &first, "doubled", r->doubled);
    put_review_list(f, &first, "brackets", r->brackets);
    put_review_list(f, &first, "department_prefixes", r->department_prefixes);
    put_review_list(f, &first, "department_regions", r->department_regions);
    put_review_list(f, &first, "department_suffixes", r->department_suffixes);
    put_review_list(f, &first, "department_stops", r->department_stops);
    put_review_list(f, &first, "department_sections", r->department_sections);
    put_review_list(f, &first, "path_tables", r->path_tables);
    put_review_list(f, &first, "path_separators", r->path_separators);
    put_review_list(f, &first, "path_amount_words", r->path_amount_words);
    put_review_list(f, &first, "pair_connectors", r->pair_connectors);
    fputs("\n  }", f);
}

/* "crossdoc": the family's rules across documents (include/budgetkit/crossdoc.h). */
static void put_crossdoc_pairs(FILE *f, const char *name, const char *k1, const char *k2, const char *const *v,
                               size_t n)
{
    fprintf(f, ",\n    \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{\"%s\": ", i ? ",\n      " : "\n      ", k1);
        put_str(f, v[2 * i]);
        put_field(f, k2, v[2 * i + 1]);
        fputc('}', f);
    }
    fputs(n ? "\n    ]" : "]", f);
}

static void put_crossdoc(FILE *f, const char *fam_id)
{
    size_t n = 0;
    const bk_crossdoc_def *v = bk_crossdoc_defs(&n), *r = NULL;
    for (size_t i = 0; i < n && !r; i++)
        if (!strcmp(v[i].family, fam_id)) r = &v[i];
    if (!r) return;
    fputs(",\n  \"crossdoc\": {\n    \"document\": ", f);
    put_str(f, bk_doc_kind_name(r->document));
    bool first = false;
    put_review_list(f, &first, "unit_sum_tables", r->unit_sum_tables);
    put_crossdoc_pairs(f, "claims", "phrase", "ref", r->claims, r->n_claims);
    put_review_list(f, &first, "compare_markers", r->compare_markers);
    put_review_list(f, &first, "more_words", r->more_words);
    put_review_list(f, &first, "less_words", r->less_words);
    put_review_list(f, &first, "fillers", r->fillers);
    put_crossdoc_pairs(f, "pairs", "final", "budget", r->pairs, r->n_pairs);
    fputs("\n  }", f);
}

static int dump_family(const char *dir, int fam)
{
    size_t nt = 0, ni = 0, tables = 0, ids = 0;
    const bk_table_def *defs = bk_table_defs(&nt);
    const bk_identity *idv = bk_identities(&ni);
    for (size_t i = 0; i < nt; i++) tables += family_of_kind(defs[i].kind) == fam;
    for (size_t i = 0; i < ni; i++) ids += family_of_identity(&idv[i]) == fam;
    if (!tables && !ids) return 0;
    char path[4096];
    FILE *f = open_out(dir, FAMILIES[fam].id, path, sizeof path);
    if (!f) return 1;
    put_header(f, FAMILIES[fam].id, FAMILIES[fam].title);
    fputs(",\n  \"tables\": [", f);
    size_t k = 0;
    for (size_t i = 0; i < nt; i++) {
        if (family_of_kind(defs[i].kind) != fam) continue;
        fputs(k++ ? ",\n" : "\n", f);
        put_table(f, &defs[i]);
    }
    fputs(k ? "\n  ],\n  \"identities\": [" : "],\n  \"identities\": [", f);
    k = 0;
    for (size_t i = 0; i < ni; i++) {
        if (family_of_identity(&idv[i]) != fam) continue;
        fputs(k++ ? ",\n" : "\n", f);
        put_identity(f, &idv[i]);
    }
    fputs(k ? "\n  ]" : "]", f);
    put_review(f, FAMILIES[fam].id);
    put_crossdoc(f, FAMILIES[fam].id);
    fputs("\n}\n", f);
    return close_out(f, path);
}

static void put_class(FILE *f, bool first, const char *code, const char *name)
{
    fputs(first ? "\n    {\"code\": " : ",\n    {\"code\": ", f);
    put_str(f, code);
    fputs(", \"name\": ", f);
    put_str(f, name);
    fputc('}', f);
}

static int dump_classes(const char *dir)
{
    char path[4096];
    FILE *f = open_out(dir, "function-classes", path, sizeof path);
    if (!f) return 1;
    put_header(f, "function-classes",
               "支出功能分类 类 (2024): the codes a 类 name printed in 收支总表-type tables stands for");
    fputs(",\n  \"function_classes\": [", f);
#ifdef BK_DEFINITIONS_DATA
    size_t n = 0, na = 0;
    const bk_function_class_def *c = bk_function_classes(&n), *a = bk_function_class_aliases(&na);
    for (size_t i = 0; i < n; i++) put_class(f, i == 0, c[i].code, c[i].name);
    fputs("\n  ],\n  \"function_class_aliases\": [", f);
    for (size_t i = 0; i < na; i++) put_class(f, i == 0, a[i].code, a[i].name);
#else
    bool first = true;
    for (int code = 100; code <= 999; code++) {
        char buf[4];
        snprintf(buf, sizeof buf, "%d", code);
        const char *name = bk_function_class_name(buf);
        if (!name) continue;
        put_class(f, first, buf, name);
        first = false;
    }
    fputs("\n  ],\n  \"function_class_aliases\": [", f);
    for (size_t i = 0; i < sizeof OLD_ALIASES / sizeof OLD_ALIASES[0]; i++)
        put_class(f, i == 0, OLD_ALIASES[i].code, OLD_ALIASES[i].name);
#endif
    fputs("\n  ]\n}\n", f);
    return close_out(f, path);
}

int main(int argc, char **argv)
{
    const char *dir = "definitions";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            dir = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: bk_defs_dump [-o DIR]\n\nWrite the definitions the library holds as DIR/<family>.json "
                   "and DIR/function-classes.json\n(default DIR: definitions). See docs/definitions.md.\n");
            return 0;
        } else {
            fprintf(stderr, "usage: bk_defs_dump [-o DIR]\n");
            return 2;
        }
    }
#ifdef BK_DEFINITIONS_DATA
    bk_error err;
    bk_error_clear(&err);
    if (bk_definitions_status(&err)) {
        fprintf(stderr, "bk_defs_dump: %s: %s: %s\n", err.file, err.context, err.message);
        return 3;
    }
#endif
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "bk_defs_dump: %s: %s\n", dir, strerror(errno));
        return 4;
    }
    int rc = 0;
    for (int fam = 0; fam < FAM_COUNT; fam++) rc |= dump_family(dir, fam);
    rc |= dump_classes(dir);
    return rc ? 4 : 0;
}
