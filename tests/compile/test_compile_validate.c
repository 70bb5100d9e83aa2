/* SPDX-License-Identifier: MIT */
/* A compiled document passes the validator with rounding findings at most:
 * the seed ledger (the seed's figures), and a generated ledger with 经济分类,
 * 项目类别, units and projects (bench/compile/gen_ledger.py 1000 3, seed 7)
 * compiled per department into every table it supports. */
#include "check.h"
#include "compile_test_util.h"
#include <budgetkit/validate.h>

static void validate_doc(const bk_document *doc, const char *what, size_t min_tables)
{
    bk_findings *f = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_validate(doc, NULL, &f, &err) == BK_OK);
    if (!f) return;
    for (size_t i = 0; i < f->count; i++)
        if (f->items[i].severity != BK_FINDING_ROUNDING)
            fprintf(stderr, "%s: %s %s %s %s/%s: %s\n", what, f->items[i].rule,
                    bk_finding_severity_name(f->items[i].severity), f->items[i].table_kind,
                    f->items[i].row ? f->items[i].row : "", f->items[i].column ? f->items[i].column : "",
                    f->items[i].message ? f->items[i].message : "");
    printf("%s: %zu tables, %zu identities, %zu checks: %zu errors, %zu warnings, %zu rounding\n", what, doc->n_tables,
           f->n_identities, f->n_checks, f->n_error, f->n_warning, f->n_rounding);
    CHECK_INT(f->n_error, 0);
    CHECK_INT(f->n_warning, 0);
    CHECK(f->n_identities > 0);
    CHECK(doc->n_tables >= min_tables);
    bk_findings_free(f);
}

static void compile_and_validate(const char *ledger, bk_split_by split, size_t groups, size_t min_tables)
{
    bk_compile_settings s = {.split = split};
    bk_compiler *c = NULL;
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_compiler_new(&s, &c, &err) == BK_OK);
    CHECK(ct_feed_file(bk_compiler_sink(c), ledger) == 0);
    CHECK(bk_compiler_finish(c, &err) == BK_OK);
    CHECK_INT(bk_compiler_group_count(c), groups);
    for (size_t i = 0; i < bk_compiler_group_count(c); i++) {
        bk_document *doc = NULL;
        bk_diags *d = bk_diags_new(0);
        CHECK(bk_compile_group(c, i, &doc, d, &err) == BK_OK);
        if (doc) {
            char what[128];
            snprintf(what, sizeof what, "%s[%zu]", ledger, i);
            validate_doc(doc, what, min_tables);
        }
        bk_document_free(doc);
        bk_diags_free(d);
    }
    bk_compiler_free(c);
}

int main(void)
{
    compile_and_validate("seed_ledger.csv", BK_SPLIT_NONE, 1, 9);
    compile_and_validate("rich_ledger.csv", BK_SPLIT_DEPARTMENT, 3, 13);
    return CHECK_DONE("test_compile_validate");
}
