/* SPDX-License-Identifier: MIT */
/* The seed acceptance test: tests/compile/seed_ledger.csv (line items in 元,
 * made by make_seed_ledger.py from the seed's tables) compiles to 收入总表,
 * 支出总表, 一般公共预算支出表 and 政府性基金预算支出表 equal to the ones the
 * seed publishes, figure for figure. The expected figures are read from the
 * seed text itself ($BK_SEED), not copied into this test. */
#include "check.h"
#include "compile_test_util.h"

typedef struct seed_row {
    char code[16]; /* "" for 合计 */
    char vals[8][24];
    int n;
} seed_row;

typedef struct seed_table {
    seed_row rows[128];
    int n;
} seed_table;

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = '\0';
    fclose(f);
    return s;
}

/* The rows of the table titled @p title: lines whose first field is a code or 合计. */
static int parse_seed_table(const char *text, const char *title, bool income, seed_table *out)
{
    memset(out, 0, sizeof *out);
    char needle[256];
    snprintf(needle, sizeof needle, "\n%s\n", title);
    const char *p = strstr(text, needle);
    if (!p) return -1;
    p += strlen(needle);
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        p = eol ? eol + 1 : p + len;
        if (!strncmp(line, "2024年", 7) || !strncmp(line, "部门公开表", 15) || !strncmp(line, "预算公开表", 15)) break;
        char *f[16];
        int nf = 0;
        for (char *s = line; nf < 16;) {
            f[nf++] = s;
            char *t = strchr(s, '\t');
            if (!t) break;
            *t = '\0';
            s = t + 1;
        }
        bool code = f[0][0] >= '0' && f[0][0] <= '9';
        if (!code && strcmp(f[0], "合计")) continue;
        seed_row *r = &out->rows[out->n++];
        snprintf(r->code, sizeof r->code, "%s", code ? f[0] : "");
        int nv = nf - 2;
        if (income) {
            while (nv > 7 && !f[2 + nv - 1][0]) nv--;
            /* page 2 of the seed's 收入总表 lost one empty column: 8 fields, the last is 上年结转 */
            for (int i = 0; i < 7; i++) r->vals[i][0] = '\0';
            for (int i = 0; i < nv && i < 7; i++) {
                int to = (nv == 6 && i == 5) ? 6 : i;
                snprintf(r->vals[to], sizeof r->vals[to], "%s", f[2 + i]);
            }
            r->n = 7;
        } else {
            for (int i = 0; i < 3; i++) snprintf(r->vals[i], sizeof r->vals[i], "%s", i < nv ? f[2 + i] : "");
            r->n = 3;
        }
        if (out->n == 128) break;
    }
    return out->n ? 0 : -1;
}

static int compare(const bk_document *doc, const char *kind, const seed_table *st, const char *const *cols)
{
    const bk_table *t = bk_document_find_table(doc, kind);
    CHECK(t != NULL);
    if (!t) return 1;
    const bk_panel *p = bk_table_find_panel(t, "main");
    int bad = 0, figures = 0;
    for (int i = 0; i < st->n; i++) {
        const seed_row *sr = &st->rows[i];
        const bk_row *r = ct_row_by_code(p, sr->code[0] ? sr->code : NULL);
        for (int j = 0; j < sr->n; j++) {
            char buf[64];
            const char *got = r ? ct_cell(p, r, cols[j], buf, sizeof buf) : "";
            if (strcmp(got, sr->vals[j]) != 0) {
                fprintf(stderr, "%s row %s column %s: compiled '%s', seed '%s'\n", kind,
                        sr->code[0] ? sr->code : "合计", cols[j], got, sr->vals[j]);
                bad++;
            }
            if (sr->vals[j][0]) figures++;
        }
    }
    /* and nothing more: every compiled row is a row of the seed */
    for (size_t i = 0; p && i < p->n_rows; i++) {
        bool found = false;
        for (int k = 0; k < st->n && !found; k++)
            found = p->rows[i].code ? !strcmp(p->rows[i].code, st->rows[k].code) : !st->rows[k].code[0];
        if (!found) {
            fprintf(stderr, "%s: compiled row %s is not in the seed\n", kind, p->rows[i].code ? p->rows[i].code : "?");
            bad++;
        }
    }
    printf("%s: %d published figures compared, %d differences\n", kind, figures, bad);
    return bad;
}

int main(void)
{
    const char *seed = getenv("BK_SEED");
    char *text = seed ? read_file(seed) : NULL;
    if (!text) {
        fprintf(stderr, "seed not found (BK_SEED)\n");
        return 1;
    }
    bk_compile_settings s = {0};
    bk_compiler *c = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    CHECK(ct_feed_file(bk_compiler_sink(c), "seed_ledger.csv") == 0);
    CHECK(bk_compiler_finish(c, &err) == BK_OK);
    CHECK_INT(bk_compiler_group_count(c), 1);
    bk_document *doc = NULL;
    bk_diags *diags = bk_diags_new(0);
    int rc = bk_compile_group(c, 0, &doc, diags, &err);
    if (rc) fprintf(stderr, "compile: %s\n", err.message);
    CHECK(rc == BK_OK && doc);
    if (doc) {
        CHECK_INT(doc->fiscal_year, 2024);
        static const char *const income_cols[] = {"total",           "general_public", "gov_fund", "state_capital",
                                                  "special_account", "unit_funds",     "carryover"};
        static const char *const tbp[] = {"total", "basic", "project"};
        struct {
            const char *kind, *title;
            bool income;
            const char *const *cols;
        } cases[] = {
            {"budget.income", "2024年预算收入总表", true, income_cols},
            {"budget.expense", "2024年预算支出总表", false, tbp},
            {"budget.general_public_expense", "2024年一般公共预算支出预算表（不含上年结转）", false, tbp},
            {"budget.gov_fund_expense", "2024年政府性基金预算支出表（不含上年结转）", false, tbp},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            static seed_table st;
            CHECK(parse_seed_table(text, cases[i].title, cases[i].income, &st) == 0);
            CHECK(st.n > 3);
            CHECK_INT(compare(doc, cases[i].kind, &st, cases[i].cols), 0);
        }
        /* the totals the seed's 收支总表 prints beside them */
        const bk_table *sum = bk_document_find_table(doc, "budget.summary");
        CHECK(sum != NULL);
        if (sum) {
            const bk_panel *in = bk_table_find_panel(sum, "income");
            char b[64];
            CHECK_STR(ct_cell(in, ct_row_by_key(in, "income_subtotal"), "amount", b, sizeof b), "7762.27");
            CHECK_STR(ct_cell(in, ct_row_by_key(in, "carryover"), "amount", b, sizeof b), "498.73");
            CHECK_STR(ct_cell(in, ct_row_by_key(in, "income_total"), "amount", b, sizeof b), "8261.00");
            CHECK_STR(ct_cell(in, ct_row_by_key(in, "unit_funds"), "amount", b, sizeof b), "3240.00");
            const bk_panel *ex = bk_table_find_panel(sum, "expense");
            CHECK_STR(ct_cell(ex, ct_row_by_key(ex, "f208"), "total", b, sizeof b), "7247.20");
            CHECK_STR(ct_cell(ex, ct_row_by_key(ex, "expense_total"), "total", b, sizeof b), "8261.00");
        }
        /* no 经济分类 in this ledger: those tables are left out, and said so */
        CHECK(bk_document_find_table(doc, "budget.basic_economic") == NULL);
        bool said = false;
        for (size_t i = 0; i < diags->count; i++)
            said |= strstr(diags->items[i].message, "budget.basic_economic") != NULL &&
                    strstr(diags->items[i].message, "部门经济分类") != NULL;
        CHECK(said);
    }
    bk_document_free(doc);
    bk_diags_free(diags);
    bk_compiler_free(c);
    free(text);
    return CHECK_DONE("test_compile_seed");
}
