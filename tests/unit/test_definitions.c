/* SPDX-License-Identifier: MIT */
/*
 * Unit test for core/definitions.c: the table definitions are consistent,
 * match the seed's layouts, their title patterns recognize real titles under
 * the normalization rule documented at the top of definitions.c, and the
 * function-class mapping handles the printed variants.
 */
#include <budgetkit/definitions.h>
#include <budgetkit/error.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int g_failures;
static int g_checks;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        g_checks++;                                                                                                    \
        if (!(cond)) {                                                                                                 \
            g_failures++;                                                                                              \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond);                                         \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

static int str_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *or_null(const char *s)
{
    return s ? s : "(null)";
}

/* ---------------------------------------------------------------------
 * Reference implementation of the documented title rule (N1–N4 +
 * longest containing pattern). Kept deliberately small: it exists to prove
 * that the patterns work under the rule the recognizer will implement.
 * --------------------------------------------------------------------- */

static uint32_t utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = 0;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        c &= 0x1F;
        n = 1;
    } else if ((c & 0xF0) == 0xE0) {
        c &= 0x0F;
        n = 2;
    } else {
        c &= 0x07;
        n = 3;
    }
    for (int i = 1; i <= n; i++) c = (c << 6) | (s[i] & 0x3F);
    *p = s + n + 1;
    return c;
}

static size_t utf8_put(char *out, size_t len, uint32_t c)
{
    if (c < 0x80) {
        out[len++] = (char)c;
    } else if (c < 0x800) {
        out[len++] = (char)(0xC0 | (c >> 6));
        out[len++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[len++] = (char)(0xE0 | (c >> 12));
        out[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[len++] = (char)(0x80 | (c & 0x3F));
    }
    return len;
}

static void delete_all(char *s, const char *word)
{
    size_t n = strlen(word);
    char *hit;
    while ((hit = strstr(s, word)) != NULL) memmove(hit, hit + n, strlen(hit + n) + 1);
}

static void normalize_title(const char *in, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t len = 0;
    while (*p && len + 4 < cap) {
        uint32_t c = utf8_next(&p);
        if (c >= 0xFF01 && c <= 0xFF5E) /* N1 */
            c = c - 0xFF01 + 0x21;
        if (c == 0x3010 || c == 0x3014 || c == '[') c = '(';
        if (c == 0x3011 || c == 0x3015 || c == ']') c = ')';
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0x00A0) /* N2 */
            continue;
        if (c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x300C ||
            c == 0x300D || c == 0x300E || c == 0x300F)
            continue;
        len = utf8_put(out, len, c);
    }
    out[len] = '\0';
    /* N3: 4 digits + 年度 / 年 */
    for (size_t i = 0; out[i]; i++) {
        if (i + 4 <= len && out[i] >= '0' && out[i] <= '9' && out[i + 1] >= '0' && out[i + 1] <= '9' &&
            out[i + 2] >= '0' && out[i + 2] <= '9' && out[i + 3] >= '0' && out[i + 3] <= '9') {
            size_t cut = 0;
            if (strncmp(out + i + 4, "年度", strlen("年度")) == 0)
                cut = 4 + strlen("年度");
            else if (strncmp(out + i + 4, "年", strlen("年")) == 0)
                cut = 4 + strlen("年");
            if (cut) {
                memmove(out + i, out + i + cut, strlen(out + i + cut) + 1);
                len -= cut;
                i--;
            }
        }
    }
    delete_all(out, "部门"); /* N4 */
    delete_all(out, "单位");
}

static const char *recognize_kind(const char *title)
{
    char norm[512];
    size_t n = 0, best_len = 0;
    const bk_table_def *defs = bk_table_defs(&n), *best = NULL;
    normalize_title(title, norm, sizeof norm);
    for (size_t i = 0; i < n; i++)
        for (const char *const *pat = defs[i].title_patterns; *pat; pat++)
            if (strstr(norm, *pat) && strlen(*pat) > best_len) {
                best_len = strlen(*pat);
                best = &defs[i];
            }
    return best ? best->kind : NULL;
}

/* --------------------------------------------------------------------- */

static void test_structure(void)
{
    size_t n = 0;
    const bk_table_def *defs = bk_table_defs(&n);
    CHECK(defs != NULL && n == 26, "expected 26 definitions, got %zu", n);
    CHECK(bk_table_defs(NULL) == defs, "count may be NULL");

    size_t n_budget = 0, n_final = 0;
    for (size_t i = 0; i < n; i++) {
        const bk_table_def *d = &defs[i];
        CHECK(d->kind && d->title && d->description, "definition %zu lacks kind/title/description", i);
        if (!d->kind) continue;
        for (size_t j = i + 1; j < n; j++) CHECK(strcmp(d->kind, defs[j].kind) != 0, "duplicate kind %s", d->kind);
        if (d->family == BK_DOC_BUDGET) {
            n_budget++;
            CHECK(strncmp(d->kind, "budget.", 7) == 0, "budget kind %s", d->kind);
        } else {
            n_final++;
            CHECK(d->family == BK_DOC_FINAL_ACCOUNTS && strncmp(d->kind, "final.", 6) == 0, "final kind %s", d->kind);
        }
        CHECK(bk_table_def_find(d->kind) == d, "find(%s) returns its own definition", d->kind);
        /* 万元, except the MoF/Shanghai 财务收支预算总表, printed in 元 */
        CHECK(d->unit == (strcmp(d->kind, "budget.finance_summary") ? BK_UNIT_WAN_YUAN : BK_UNIT_YUAN) && d->scale == 2,
              "%s: usual unit and 2 decimals", d->kind);

        /* Patterns: present, longest first, already normalized. */
        CHECK(d->title_patterns && d->title_patterns[0], "%s has no title pattern", d->kind);
        size_t prev = (size_t)-1;
        for (const char *const *pat = d->title_patterns; pat && *pat; pat++) {
            char norm[512];
            CHECK(strlen(*pat) <= prev, "%s: patterns not longest first at %s", d->kind, *pat);
            prev = strlen(*pat);
            normalize_title(*pat, norm, sizeof norm);
            CHECK(strcmp(norm, *pat) == 0, "%s: pattern %s is not in normalized form (%s)", d->kind, *pat, norm);
        }
        /* No pattern is shared by two definitions (a tie would fall back to array order). */
        for (size_t j = i + 1; j < n; j++)
            for (const char *const *a = d->title_patterns; a && *a; a++)
                for (const char *const *b = defs[j].title_patterns; b && *b; b++)
                    CHECK(strcmp(*a, *b) != 0, "pattern %s in %s and %s", *a, d->kind, defs[j].kind);
        /* The official title is recognized as its own kind. */
        CHECK(str_eq(recognize_kind(d->title), d->kind), "title %s recognized as %s, not %s", d->title,
              or_null(recognize_kind(d->title)), d->kind);

        CHECK(d->panels && d->n_panels >= 1, "%s has no panel", d->kind);
        for (size_t p = 0; p < d->n_panels; p++) {
            const bk_panel_def *pd = &d->panels[p];
            CHECK(pd->key != NULL, "%s panel %zu has no key", d->kind, p);
            for (size_t q = p + 1; q < d->n_panels; q++)
                CHECK(strcmp(pd->key, d->panels[q].key) != 0, "%s: duplicate panel %s", d->kind, pd->key);
            CHECK(bk_table_def_panel(d, pd->key) == pd, "%s: panel lookup %s", d->kind, pd->key);
            CHECK(pd->n_columns >= 1 && pd->columns, "%s/%s has no column", d->kind, pd->key);
            for (size_t c = 0; c < pd->n_columns; c++) {
                const bk_column_def *cd = &pd->columns[c];
                CHECK(cd->key && cd->label, "%s/%s column %zu lacks key/label", d->kind, pd->key, c);
                CHECK(cd->type == BK_CELL_AMOUNT || cd->type == BK_CELL_TEXT, "%s/%s/%s type", d->kind, pd->key,
                      cd->key);
                for (size_t e = c + 1; e < pd->n_columns; e++)
                    CHECK(strcmp(cd->key, pd->columns[e].key) != 0, "%s/%s: duplicate column %s", d->kind, pd->key,
                          cd->key);
                CHECK(bk_panel_def_column(pd, cd->key) == cd, "%s/%s: column lookup %s", d->kind, pd->key, cd->key);
            }
            int needs_items = pd->coding == BK_CODING_FIXED || pd->coding == BK_CODING_FUNCTION_CLASS;
            CHECK(needs_items == (pd->n_items > 0), "%s/%s: items iff FIXED/FUNCTION_CLASS", d->kind, pd->key);
            for (size_t it = 0; it < pd->n_items; it++) {
                const bk_item_def *item = &pd->items[it];
                CHECK(item->key && item->label, "%s/%s item %zu lacks key/label", d->kind, pd->key, it);
                for (size_t e = it + 1; e < pd->n_items; e++)
                    CHECK(strcmp(item->key, pd->items[e].key) != 0, "%s/%s: duplicate item %s", d->kind, pd->key,
                          item->key);
                CHECK((item->role == BK_ROW_DATA) == (item->level >= 1), "%s/%s/%s: level 0 iff total row", d->kind,
                      pd->key, item->key);
                if (item->code) {
                    /* Every class item maps back to its code from its printed label and synonyms. */
                    CHECK(str_eq(bk_function_class_code(item->label), item->code), "%s: %s -> %s, want %s", d->kind,
                          item->label, or_null(bk_function_class_code(item->label)), item->code);
                    for (const char *const *s = item->synonyms; s && *s; s++)
                        CHECK(str_eq(bk_function_class_code(*s), item->code), "%s: synonym %s -> %s", d->kind, *s,
                              or_null(bk_function_class_code(*s)));
                }
            }
        }
    }
    CHECK(n_budget == 17 && n_final == 9, "17 budget + 9 final definitions, got %zu + %zu", n_budget, n_final);
    CHECK(defs[0].family == BK_DOC_BUDGET && defs[n - 1].family == BK_DOC_FINAL_ACCOUNTS, "family order");

    CHECK(bk_table_def_find(NULL) == NULL, "find(NULL)");
    CHECK(bk_table_def_find("custom") == NULL, "custom is not a definition");
    CHECK(bk_table_def_find("budget.nope") == NULL, "unknown kind");
    CHECK(bk_table_def_panel(NULL, "main") == NULL, "panel of NULL");
    CHECK(bk_panel_def_column(NULL, "total") == NULL, "column of NULL");
}

static void test_seed_tables(void)
{
    static const char *const seed_kinds[] = {"budget.summary",
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
    size_t n = 0;
    const bk_table_def *defs = bk_table_defs(&n);
    for (size_t i = 0; i < sizeof seed_kinds / sizeof seed_kinds[0] && i < n; i++)
        CHECK(str_eq(defs[i].kind, seed_kinds[i]), "definition %zu is %s, want %s (seed order)", i,
              or_null(defs[i].kind), seed_kinds[i]);

    /* T2 收入总表: 7 columns in order, 合计 under 本年收入, 上年结转 outside it. */
    const bk_table_def *inc = bk_table_def_find("budget.income");
    const bk_panel_def *main = bk_table_def_panel(inc, "main");
    static const char *const inc_cols[] = {"total",           "general_public", "gov_fund", "state_capital",
                                           "special_account", "unit_funds",     "carryover"};
    /* then the optional MoF/Shanghai sources, read when printed, never compiled */
    CHECK(main && main->n_columns == 11 && bk_panel_def_core_columns(main) == 7,
          "budget.income has 7 + 4 optional columns");
    for (size_t i = 0; main && i < 7 && i < main->n_columns; i++)
        CHECK(str_eq(main->columns[i].key, inc_cols[i]), "budget.income column %zu is %s, want %s", i,
              main->columns[i].key, inc_cols[i]);
    CHECK(main && main->coding == BK_CODING_FUNCTION && str_eq(main->code_label, "科目编码") &&
              str_eq(main->name_label, "科目名称"),
          "budget.income codes");
    CHECK(main && str_eq(main->columns[0].label, "本年收入/合计") && str_eq(main->columns[6].label, "上年结转"),
          "budget.income labels");

    /* T1 收支总表 */
    const bk_table_def *sum = bk_table_def_find("budget.summary");
    const bk_panel_def *in = bk_table_def_panel(sum, "income"), *ex = bk_table_def_panel(sum, "expense");
    CHECK(sum && sum->n_panels == 2 && in && ex, "budget.summary has income and expense panels");
    if (in && ex) {
        static const char *const in_items[] = {"general_public", "gov_fund",        "state_capital", "special_account",
                                               "unit_funds",     "income_subtotal", "carryover",     "income_total"};
        CHECK(in->coding == BK_CODING_FIXED && in->n_items == 8, "summary income: 8 fixed items");
        for (size_t i = 0; i < 8 && i < in->n_items; i++)
            CHECK(str_eq(in->items[i].key, in_items[i]), "summary income item %zu = %s", i, in->items[i].key);
        CHECK(in->n_items == 8 && in->items[5].role == BK_ROW_SUBTOTAL && in->items[7].role == BK_ROW_TOTAL,
              "summary income roles");
        CHECK(in->n_columns == 1 && str_eq(in->columns[0].key, "amount"), "summary income amount column");
        const bk_column_def *amount = bk_panel_def_column(in, "amount");
        int has_year = 0;
        for (const char *const *s = amount ? amount->synonyms : NULL; s && *s; s++)
            has_year |= strcmp(*s, "2024年") == 0;
        CHECK(has_year, "amount lists the printed header 2024年");

        CHECK(ex->coding == BK_CODING_FUNCTION_CLASS && ex->n_items == 33, "summary expense: 30 classes + 3, got %zu",
              ex->n_items);
        size_t classes = 0;
        for (size_t i = 0; i < ex->n_items; i++)
            if (ex->items[i].code) {
                classes++;
                CHECK(ex->items[i].level == 1 && ex->items[i].key[0] == 'f' &&
                          strcmp(ex->items[i].key + 1, ex->items[i].code) == 0,
                      "class item key f+code: %s", ex->items[i].key);
            }
        CHECK(classes == 30, "30 class items, got %zu", classes);
        CHECK(ex->n_items == 33 && str_eq(ex->items[0].code, "201") && str_eq(ex->items[29].code, "234") &&
                  str_eq(ex->items[7].label, "八、社会保障和就业支出") &&
                  str_eq(ex->items[30].key, "expense_subtotal") && str_eq(ex->items[31].key, "year_end_carryover") &&
                  str_eq(ex->items[32].key, "expense_total") && ex->items[32].role == BK_ROW_TOTAL,
              "summary expense item order");
        static const char *const ex_cols[] = {"total", "current", "carryover_use"};
        CHECK(ex->n_columns == 3, "summary expense 3 columns");
        for (size_t i = 0; i < 3 && i < ex->n_columns; i++)
            CHECK(str_eq(ex->columns[i].key, ex_cols[i]), "summary expense column %zu", i);
    }

    /* T4 财政拨款收支总表: carry-over sub-items under 上年财政拨款结转. */
    const bk_table_def *fs = bk_table_def_find("budget.fiscal_summary");
    const bk_panel_def *fin = bk_table_def_panel(fs, "income");
    CHECK(fin && fin->n_items == 9 && str_eq(fin->items[4].key, "carryover") &&
              str_eq(fin->items[4].label, "上年财政拨款结转") && fin->items[5].level == 2 &&
              str_eq(fin->items[5].key, "carryover_general_public") && str_eq(fin->items[8].key, "income_total"),
          "fiscal_summary income items");
    const bk_panel_def *fex = bk_table_def_panel(fs, "expense");
    CHECK(fex && fex->n_columns == 4 && str_eq(fex->columns[0].key, "total") &&
              str_eq(fex->columns[3].key, "state_capital") && fex->n_items == 33,
          "fiscal_summary expense panel");

    /* T6: text column of the government economic item, then amounts. */
    const bk_panel_def *be = bk_table_def_panel(bk_table_def_find("budget.basic_economic"), "main");
    CHECK(be && be->coding == BK_CODING_ECONOMIC_PAIR && be->n_columns == 4 && be->columns[0].type == BK_CELL_TEXT &&
              str_eq(be->columns[0].key, "gov_econ_name") && str_eq(be->columns[2].key, "personnel") &&
              str_eq(be->columns[3].key, "public_use") && str_eq(be->name_label, "部门预算支出经济科目名称"),
          "basic_economic layout");

    /* T7, T9: revenue codes. */
    const bk_panel_def *gfi = bk_table_def_panel(bk_table_def_find("budget.gov_fund_income"), "main");
    CHECK(gfi && gfi->coding == BK_CODING_REVENUE && str_eq(gfi->code_label, "收入科目编码") && gfi->n_columns == 1 &&
              str_eq(gfi->columns[0].label, "政府性基金收入预算"),
          "gov_fund_income layout");
    const bk_table_def *sc = bk_table_def_find("budget.state_capital");
    CHECK(sc && sc->n_panels == 2 && bk_table_def_panel(sc, "income")->coding == BK_CODING_REVENUE &&
              bk_table_def_panel(sc, "expense")->coding == BK_CODING_FUNCTION &&
              bk_table_def_panel(sc, "expense")->n_columns == 3,
          "state_capital panels");

    /* T10 三公: six fixed items, total last. */
    const bk_panel_def *tp = bk_table_def_panel(bk_table_def_find("budget.three_public"), "main");
    CHECK(tp && tp->coding == BK_CODING_FIXED && tp->n_items == 6 && str_eq(tp->items[3].key, "vehicle_purchase") &&
              tp->items[3].level == 2 && str_eq(tp->items[5].key, "total") && tp->n_columns == 4,
          "three_public items");

    /* T11, T12, T13 */
    const bk_panel_def *oc = bk_table_def_panel(bk_table_def_find("budget.operating_costs"), "main");
    CHECK(oc && oc->coding == BK_CODING_UNIT && str_eq(oc->name_label, "单位名称") && oc->n_columns == 4,
          "operating_costs layout");
    const bk_panel_def *pj = bk_table_def_panel(bk_table_def_find("budget.projects"), "main");
    CHECK(pj && pj->coding == BK_CODING_PROJECT && pj->n_columns == 6 && str_eq(pj->columns[5].key, "unit_funds"),
          "projects layout");
    const bk_panel_def *pc = bk_table_def_panel(bk_table_def_find("budget.projects_carryover"), "main");
    CHECK(pc && pc->coding == BK_CODING_PROJECT && pc->n_columns == 4, "projects_carryover layout");

    /* 决算 */
    const bk_panel_def *fi = bk_table_def_panel(bk_table_def_find("final.income"), "main");
    CHECK(fi && fi->n_columns == 7 && str_eq(fi->columns[2].key, "upper_subsidy") &&
              str_eq(fi->columns[6].key, "other_income"),
          "final.income columns");
    const bk_panel_def *fe = bk_table_def_panel(bk_table_def_find("final.expense"), "main");
    CHECK(fe && fe->n_columns == 6 && str_eq(fe->columns[5].key, "affiliated_subsidy"), "final.expense columns");
    const bk_panel_def *ft = bk_table_def_panel(bk_table_def_find("final.three_public"), "main");
    CHECK(ft && ft->n_columns == 12 && str_eq(ft->columns[0].key, "budget_total") &&
              str_eq(ft->columns[6].key, "actual_total"),
          "final.three_public budget/actual columns");
    const bk_panel_def *fsi = bk_table_def_panel(bk_table_def_find("final.summary"), "income");
    CHECK(fsi && fsi->n_items == 12 && str_eq(fsi->items[9].key, "non_fiscal_balance_used") &&
              str_eq(fsi->items[10].key, "opening_balance"),
          "final.summary income items");
}

static void test_titles(void)
{
    static const struct {
        const char *title, *kind;
    } cases[] = {
        /* the seed, as printed */
        {"2024年预算收支总表", "budget.summary"},
        {"2024年预算收入总表", "budget.income"},
        {"2024年预算支出总表", "budget.expense"},
        {"2024年财政拨款收支总表", "budget.fiscal_summary"},
        {"2024年一般公共预算支出预算表（不含上年结转）", "budget.general_public_expense"},
        {"2024年一般公共预算安排基本支出分经济科目表（不含上年结转）", "budget.basic_economic"},
        {"2024年政府性基金预算收入表（不含上年结转）", "budget.gov_fund_income"},
        {"2024年政府性基金预算支出表（不含上年结转）", "budget.gov_fund_expense"},
        {"2024年国有资本经营预算收支预算表（不含上年结转）", "budget.state_capital"},
        {"2024年财政拨款安排“三公”经费支出预算表", "budget.three_public"},
        {"2024年财政拨款安排机关运行经费预算表", "budget.operating_costs"},
        {"2024年项目支出预算表（本年预算）", "budget.projects"},
        {"2024年项目支出预算表（上年结转）", "budget.projects_carryover"},
        /* prefixes, numbering labels, half-width brackets, spaces */
        {"忻州市民政局2024年部门预算收支总表", "budget.summary"},
        {"预算公开表1 2024年预算收支总表", "budget.summary"},
        {"2025年 项目支出预算表(上年结转)", "budget.projects_carryover"},
        {"2024年度单位收支总表", "budget.summary"},
        /* MoF / Shanghai budget titles */
        {"2024年部门财务收支预算总表", "budget.finance_summary"},
        {"部门收入预算总表", "budget.income"},
        {"部门支出预算总表", "budget.expense"},
        {"部门财政拨款收支预算总表", "budget.fiscal_summary"},
        {"部门一般公共预算支出功能分类预算表", "budget.general_public_expense"},
        {"一般公共预算支出表", "budget.general_public_expense"},
        {"部门一般公共预算基本支出部门预算经济分类预算表", "budget.general_public_basic"},
        {"一般公共预算基本支出表", "budget.general_public_basic"},
        {"部门政府性基金预算支出功能分类预算表", "budget.gov_fund_expense"},
        {"部门国有资本经营预算支出功能分类预算表", "budget.state_capital_expense"},
        {"国有资本经营预算支出表", "budget.state_capital_expense"},
        {"部门“三公”经费和机关运行经费预算表", "budget.three_public_columns"},
        {"一般公共预算“三公”经费支出表", "budget.three_public_columns"},
        /* MoF 决算 */
        {"收入支出决算总表", "final.summary"},
        {"2023年度收入决算表", "final.income"},
        {"支出决算表", "final.expense"},
        {"财政拨款收入支出决算总表", "final.fiscal_summary"},
        {"一般公共预算财政拨款支出决算表", "final.general_public_expense"},
        {"一般公共预算财政拨款基本支出决算表", "final.general_public_basic"},
        {"一般公共预算财政拨款基本支出决算明细表", "final.general_public_basic"},
        {"财政拨款“三公”经费支出决算表", "final.three_public"},
        {"一般公共预算财政拨款“三公”经费支出决算表", "final.three_public"},
        {"政府性基金预算财政拨款收入支出决算表", "final.gov_fund"},
        {"国有资本经营预算财政拨款支出决算表", "final.state_capital"},
        {"国有资本经营预算财政拨款收入支出决算表", "final.state_capital"},
        /* not a standard table */
        {"部门（单位）整体支出绩效目标申报表", NULL},
        {"政府采购预算表", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = recognize_kind(cases[i].title);
        CHECK(cases[i].kind ? str_eq(got, cases[i].kind) : got == NULL, "title %s -> %s, want %s", cases[i].title,
              or_null(got), or_null(cases[i].kind));
    }
}

static void test_function_classes(void)
{
    static const struct {
        const char *name, *code;
    } cases[] = {
        {"十五、资源勘探工业信息等支出", "215"},
        {"资源勘探工业信息支出", "215"},
        {"十五、资源勘探工业信息支出", "215"},
        {"十九、自然资源海洋气象等支出", "220"},
        {"自然资源海洋气象支出", "220"},
        {"八、社会保障和就业支出", "208"},
        {"社会保障和就业支出", "208"},
        {"一、一般公共服务支出", "201"},
        {"一般公共服务支出", "201"},
        {"二十四、预备费", "227"},
        {"三十、抗疫特别国债安排的支出", "234"},
        {"（八）社会保障和就业支出", "208"},
        {"(8)社会保障和就业支出", "208"},
        {"8.社会保障和就业支出", "208"},
        {"８．社会保障和就业支出", "208"},
        {"①住房保障支出", "221"},
        {"十 、 卫生健康支出", "210"},
        {"\xe3\x80\x80十、卫生健康支出\xe3\x80\x80", "210"}, /* U+3000 around */
        {"卫 生 健 康 支 出", "210"},
        {"社会保障和就业支出（类）", "208"},
        {"十六、商业服务业等支出", "216"},
        {"商业服务业支出", "216"},
        {"二十二、国有资本经营预算支出", "223"},
        {"文化体育与传媒支出", "207"},     /* pre-2019 name */
        {"医疗卫生与计划生育支出", "210"}, /* pre-2019 name */
        {"本年支出合计", NULL},
        {"支出总计", NULL},
        {"年终结转", NULL},
        {"社会保障", NULL},
        {"", NULL},
        {"一、", NULL},
        {"\xff\xfe", NULL}, /* not UTF-8 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = bk_function_class_code(cases[i].name);
        CHECK(cases[i].code ? str_eq(got, cases[i].code) : got == NULL, "class of \"%s\" = %s, want %s", cases[i].name,
              or_null(got), or_null(cases[i].code));
    }
    CHECK(bk_function_class_code(NULL) == NULL, "NULL name");

    static const char *const codes[] = {"201", "202", "203", "204", "205", "206", "207", "208", "209", "210",
                                        "211", "212", "213", "214", "215", "216", "217", "219", "220", "221",
                                        "222", "223", "224", "227", "229", "230", "231", "232", "233", "234"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *name = bk_function_class_name(codes[i]);
        CHECK(name != NULL, "name of %s", codes[i]);
        CHECK(name && str_eq(bk_function_class_code(name), codes[i]), "round trip %s (%s)", codes[i], or_null(name));
    }
    CHECK(str_eq(bk_function_class_name("208"), "社会保障和就业支出"), "name of 208");
    CHECK(str_eq(bk_function_class_name("215"), "资源勘探工业信息等支出"), "name of 215 keeps 等");
    CHECK(bk_function_class_name("218") == NULL && bk_function_class_name("2080") == NULL &&
              bk_function_class_name(NULL) == NULL,
          "unknown codes");

    /* A very long input is rejected, not overflowed. */
    char longname[1200];
    size_t len = 0;
    while (len + 3 < sizeof longname - 1) {
        memcpy(longname + len, "支", 3);
        len += 3;
    }
    longname[len] = '\0';
    CHECK(bk_function_class_code(longname) == NULL, "long name");
}

/* The set comes from the shipped data files (definitions/<family>.json), found from the build tree. */
static void test_data_files(void)
{
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_definitions_status(&err) == BK_OK, "lazy load failed: %s: %s: %s", err.file, err.context, err.message);
    size_t nf = 0;
    const char *const *files = bk_definitions_files(&nf);
    CHECK(nf == 4, "4 shipped definitions files, got %zu", nf);
    static const char *const names[] = {"/budget-local13.json", "/budget-mof9.json", "/final-mof9.json",
                                        "/function-classes.json"};
    for (size_t i = 0; i < nf && i < 4; i++) {
        size_t n = strlen(files[i]), m = strlen(names[i]);
        CHECK(n > m && !strcmp(files[i] + n - m, names[i]), "file %zu is %s, want …%s", i, files[i], names[i]);
    }
    CHECK(files[nf] == NULL, "files list NULL-terminated");
    size_t n = 0;
    const bk_table_def *defs = bk_table_defs(&n);
    for (size_t i = 0; i < n; i++) {
        CHECK(defs[i].source != NULL, "%s: no source file", defs[i].kind);
        /* compile builds the seed template (13 tables) and the coded MoF/Shanghai variants, not 决算 */
        bool compiled = defs[i].family == BK_DOC_BUDGET && strcmp(defs[i].kind, "budget.three_public_columns") != 0 &&
                        strcmp(defs[i].kind, "budget.finance_summary") != 0;
        CHECK((defs[i].compile != NULL) == compiled, "%s: compile spec", defs[i].kind);
    }
    const bk_table_def *gfi = bk_table_def_find("budget.gov_fund_income");
    CHECK(gfi && gfi->compile && gfi->compile->never && strstr(gfi->compile->never, "收入分类"),
          "gov_fund_income: never");
    const bk_table_def *inc = bk_table_def_find("budget.income");
    CHECK(inc && inc->compile && inc->compile->build == BK_BUILD_FUNCTION && inc->compile->n_columns == 7 &&
              !strcmp(inc->compile->columns[6].key, "carryover") && inc->compile->columns[6].years == 2 &&
              inc->compile->columns[6].funds == 31,
          "budget.income compile columns");
    size_t nc = 0, na = 0;
    const bk_function_class_def *fc = bk_function_classes(&nc), *fa = bk_function_class_aliases(&na);
    CHECK(nc == 30 && na == 4, "30 function classes and 4 former names, got %zu + %zu", nc, na);
    CHECK(nc && !strcmp(fc[0].code, "201") && na && !strcmp(fa[0].code, "207"), "class order");
    for (int c = BK_CODING_NONE; c <= BK_CODING_UNIT; c++)
        CHECK(bk_row_coding_from_name(bk_row_coding_name((bk_row_coding)c)) == c, "coding %d round trip", c);
    CHECK(bk_row_coding_from_name("fixd") == -1 && bk_row_coding_name((bk_row_coding)99) == NULL, "unknown coding");
    for (int b = BK_BUILD_FUNCTION; b <= BK_BUILD_PROJECTS_CARRYOVER; b++)
        CHECK(bk_compile_build_from_name(bk_compile_build_name((bk_compile_build)b)) == b, "build %d round trip", b);
    /* An explicit load of a bad directory fails and leaves the set as it was. */
    const char *bad[] = {"/nonexistent-definitions-dir"};
    CHECK(bk_definitions_load(bad, 1, &err) == BK_ERR_INVALID_ARG, "bad --definitions dir");
    CHECK(bk_table_defs(NULL) == defs, "the set is unchanged after a failed load");
    /* A good explicit load replaces the set; the old one stays valid. */
    CHECK(bk_definitions_load(NULL, 0, &err) == BK_OK, "reload: %s", err.message);
    size_t n2 = 0;
    CHECK(bk_table_defs(&n2) != defs && n2 == n && !strcmp(defs[0].kind, "budget.summary"), "reloaded set");
}

int main(void)
{
    test_data_files();
    test_structure();
    test_seed_tables();
    test_titles();
    test_function_classes();
    if (g_failures) {
        fprintf(stderr, "test_definitions: %d of %d checks failed\n", g_failures, g_checks);
        return 1;
    }
    printf("test_definitions: %d checks passed\n", g_checks);
    return 0;
}
