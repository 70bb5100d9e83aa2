/* SPDX-License-Identifier: MIT */
/* read_totals: read a disclosure in any format budgetkit reads, validate it and
 * print each table's total rows ("收入总计 8261.00").
 *
 *   cc read_totals.c $(pkg-config --cflags --libs budgetkit) -o read_totals
 *   ./read_totals FILE
 *
 * The library finds the plugins and definitions installed beside it; it never
 * prints, so the program writes every line itself (errors with bk_error_format()). */
#include <budgetkit/budgetkit.h>
#include <stdio.h>

static int fail(const bk_error *err, const char *file)
{
    char line[BK_ERROR_TEXT_MAX];
    bk_error_format(err, file, line, sizeof line);
    fprintf(stderr, "%s\n", line);
    return 1;
}

static void print_totals(const bk_document *doc)
{
    for (size_t t = 0; t < doc->n_tables; t++)
        for (size_t p = 0; p < doc->tables[t].n_panels; p++) {
            const bk_panel *panel = &doc->tables[t].panels[p];
            for (size_t r = 0; r < panel->n_rows; r++) {
                const bk_row *row = &panel->rows[r];
                if (row->role != BK_ROW_TOTAL || !row->name) continue;
                for (size_t c = 0; c < panel->n_columns; c++) /* the first figure of the row */
                    if (row->cells[c].kind == BK_CELL_AMOUNT) {
                        char num[BK_AMOUNT_TEXT_MAX];
                        bk_amount_format(row->cells[c].amount, num, sizeof num);
                        printf("%s\t%s %s\n", doc->tables[t].title ? doc->tables[t].title : "", row->name, num);
                        break;
                    }
            }
        }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: read_totals FILE\n");
        return 2;
    }
    bk_error err;
    bk_error_clear(&err);
    bk_registry *reg = bk_registry_new();
    bk_document *doc = NULL;
    bk_findings *findings = NULL;
    int rc = reg ? BK_OK : BK_ERR_NOMEM;
    if (rc == BK_OK) rc = bk_definitions_load(NULL, 0, &err);
    if (rc == BK_OK) rc = bk_registry_load_default(reg, NULL, &err);
    if (rc == BK_OK) {
        bk_io_settings s = {0};
        rc = bk_read_document(reg, argv[1], &s, &doc, &err);
    }
    if (rc == BK_OK) {
        bk_validate_options vo;
        bk_validate_options_default(&vo);
        rc = bk_validate(doc, &vo, &findings, &err);
    }
    if (rc == BK_OK) {
        printf("%s %d: %zu tables, %s\n", doc->department_name ? doc->department_name : "?", doc->fiscal_year,
               doc->n_tables, bk_findings_failed(findings, false) ? "validation errors" : "the tables add up");
        print_totals(doc);
    }
    int status = rc == BK_OK ? 0 : fail(&err, argv[1]);
    bk_findings_free(findings);
    bk_document_free(doc);
    bk_registry_free(reg);
    return status;
}
