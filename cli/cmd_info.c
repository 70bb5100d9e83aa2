/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include <string.h>

static const char HELP[] =
    "usage: budgetkit info IN [options]\n\n"
    "Print what a document holds: fiscal year, kind, department and units; each table\n"
    "with its kind, unit, columns, row count and its total row; the performance-target\n"
    "forms and the text sections.\n";

static void print_cell(const bk_cell *cell)
{
    char buf[BK_AMOUNT_TEXT_MAX];
    if (cell->kind == BK_CELL_AMOUNT && bk_amount_format(cell->amount, buf, sizeof buf)) printf("%s", buf);
    else if (cell->kind == BK_CELL_TEXT) printf("%s", cell->text);
    else printf("-");
}

static void print_totals(const bk_panel *p)
{
    for (size_t r = 0; r < p->n_rows; r++) {
        const bk_row *row = &p->rows[r];
        if (row->role != BK_ROW_TOTAL) continue;
        printf("      %s:", row->name ? row->name : row->key ? row->key : "total");
        for (size_t c = 0; c < p->n_columns; c++) {
            if (p->columns[c].type != BK_CELL_AMOUNT) continue;
            printf(" %s=", p->columns[c].key);
            print_cell(&row->cells[c]);
        }
        printf("\n");
    }
}

static void print_document(const bk_document *d)
{
    printf("document: %s\n", d->title ? d->title : "(untitled)");
    printf("  fiscal year: %d\n  kind: %s\n", d->fiscal_year, bk_doc_kind_name(d->kind));
    if (d->region || d->level) printf("  region: %s %s\n", d->region ? d->region : "", d->level ? d->level : "");
    if (d->department_name)
        printf("  department: %s%s%s\n", d->department_code ? d->department_code : "", d->department_code ? " " : "",
               d->department_name);
    printf("  budget units: %zu\n", d->n_units);
    for (size_t i = 0; i < d->n_units; i++)
        printf("    %s%s%s\n", d->units[i].name ? d->units[i].name : "?", d->units[i].type ? " · " : "",
               d->units[i].type ? d->units[i].type : "");
    printf("  tables: %zu\n", d->n_tables);
    for (size_t t = 0; t < d->n_tables; t++) {
        const bk_table *tb = &d->tables[t];
        size_t rows = 0;
        for (size_t p = 0; p < tb->n_panels; p++) rows += tb->panels[p].n_rows;
        printf("    [%zu] %s  (%s, %s, %zu rows)\n", t + 1, tb->title ? tb->title : "(no title)", tb->kind,
               tb->unit_label ? tb->unit_label : bk_unit_kind_name(tb->unit), rows);
        for (size_t p = 0; p < tb->n_panels; p++) {
            if (tb->n_panels > 1) printf("      panel %s:\n", tb->panels[p].key);
            print_totals(&tb->panels[p]);
        }
        if (tb->note) printf("      note: %s\n", tb->note);
    }
    printf("  performance targets: %zu\n", d->n_perf_targets);
    for (size_t i = 0; i < d->n_perf_targets; i++) {
        const bk_perf_target *p = &d->perf_targets[i];
        const char *name = NULL;
        for (size_t f = 0; f < p->n_fields; f++)
            if (p->fields[f].key && !strcmp(p->fields[f].key, "project_name")) name = p->fields[f].value;
        printf("    [%zu] %s%s%s (%zu indicators)\n", i + 1, p->kind == BK_PERF_DEPARTMENT ? "department" : "project",
               name ? ": " : "", name ? name : "", p->n_indicators);
    }
    printf("  text sections: %zu\n", d->n_sections);
}

int cmd_info(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit info");
    const char *in_path = NULL;
    for (int i = 1; rc == EXIT_OK && i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("%s%s", HELP, CLI_COMMON_HELP);
            cli_common_free(&c);
            return EXIT_OK;
        }
        int k = cli_common_arg(&c, argc, argv, &i);
        if (k < 0) rc = EXIT_USAGE;
        else if (k == 0 && (argv[i][0] != '-' || !argv[i][1]) && !in_path) in_path = argv[i];
        else if (k == 0) {
            fprintf(stderr, "%s: error: unexpected argument '%s' (see --help)\n", c.prog, argv[i]);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_OK && !in_path) {
        fprintf(stderr, "%s: error: expected IN (see --help)\n", c.prog);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    if (rc == EXIT_OK) {
        bk_document *doc = NULL;
        rc = cli_read_document(&c, in_path, NULL, &doc);
        if (rc == EXIT_OK) print_document(doc);
        bk_document_free(doc);
    }
    cli_common_free(&c);
    return rc;
}
