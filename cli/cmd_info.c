/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include <string.h>

static void print_cell(const bk_cell *cell)
{
    char buf[BK_AMOUNT_TEXT_MAX];
    if (cell->kind == BK_CELL_AMOUNT && bk_amount_format(cell->amount, buf, sizeof buf))
        printf("%s", buf);
    else if (cell->kind == BK_CELL_TEXT)
        printf("%s", cell->text);
    else
        printf("-");
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

static bool is_unmapped(const bk_column *c)
{
    return c->key && !strncmp(c->key, "unmapped_", 9);
}

/* A row of a fixed-item panel that matched none of its items (kept with no key). */
static bool is_unknown_item(const bk_panel_def *pd, const bk_row *row)
{
    bool fixed = pd && (pd->coding == BK_CODING_FIXED || pd->coding == BK_CODING_FUNCTION_CLASS);
    return fixed && !row->key && row->role == BK_ROW_DATA;
}

/* What was kept as printed without being understood, one line per thing. */
static void print_unrecognised(const bk_document *d)
{
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) printf("  unrecognised: %zu%s\n", n, n ? "" : " (everything matched the definitions)");
        for (size_t t = 0; t < d->n_tables; t++) {
            const bk_table *tb = &d->tables[t];
            const char *title = tb->title ? tb->title : "(no title)";
            const bk_table_def *def = bk_table_def_find(tb->kind);
            if (!def) {
                if (pass)
                    printf("    [%zu] %s: table of no known kind (%s), kept as printed\n", t + 1, title, tb->kind);
                else
                    n++;
                continue;
            }
            for (size_t p = 0; p < tb->n_panels; p++) {
                const bk_panel *pa = &tb->panels[p];
                const bk_panel_def *pd = bk_table_def_panel(def, pa->key);
                for (size_t c = 0; c < pa->n_columns; c++) {
                    if (!is_unmapped(&pa->columns[c])) continue;
                    if (pass)
                        printf("    [%zu] %s: column '%s' (%s)\n", t + 1, title,
                               pa->columns[c].label ? pa->columns[c].label : "", pa->columns[c].key);
                    else
                        n++;
                }
                for (size_t r = 0; r < pa->n_rows; r++) {
                    if (!is_unknown_item(pd, &pa->rows[r])) continue;
                    if (pass)
                        printf("    [%zu] %s: row '%s', none of the table's items\n", t + 1, title,
                               pa->rows[r].name ? pa->rows[r].name : "");
                    else
                        n++;
                }
            }
        }
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
    print_unrecognised(d);
}

int cmd_info(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit info");
    const char *in_path = NULL;
    cli_parser args;
    cli_parser_init(&args, CLI_INFO, c.prog, argc, argv);
    for (int id; rc == EXIT_OK && (id = cli_next_option(&c, &args)) != CLI_DONE;) {
        switch (id) {
        case CLI_ARG:
            if (!in_path) {
                in_path = args.arg;
                break;
            }
            fprintf(stderr, "%s: error: unexpected argument '%s' (see --help)\n", c.prog, args.arg);
            rc = EXIT_USAGE;
            break;
        case CLI_ERROR: rc = EXIT_USAGE; break;
        default: rc = cli_unhandled_option(&c, &args);
        }
    }
    if (c.help) {
        cli_common_free(&c);
        return EXIT_OK;
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
