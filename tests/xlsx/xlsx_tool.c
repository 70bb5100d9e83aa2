/* SPDX-License-Identifier: MIT */
/* Test driver for the XLSX plugin modules (compiled in, with the core's host API):
 *   xlsx_tool write-seed SEED OUT [key=value...]   the seed's 收支总表 + 收入总表 laid out by hand, with pies
 *   xlsx_tool grids FILE [key=value...]            every sheet as a grid: cells, flags, merges
 *   xlsx_tool records FILE [key=value...]          records through the registry and the loaded bk_xlsx.so
 * Errors print as "error: FILE:LINE:COLUMN: CONTEXT: MESSAGE [status]" and exit 1.
 * Limits come from BUDGETKIT_LIMIT_* like the CLI's. */
#include "seed_layout.h"
#include "../../plugins/xlsx/xlsx_read.h"
#include "../../plugins/xlsx/xlsx_write.h"
#include <budgetkit/budgetkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *file, const bk_error *e)
{
    printf("error: %s:%u:%u: %s: %s [%s]\n", file, e->line, e->column, e->context, e->message, bk_strerror(e->code));
    return 1;
}

static bk_options *parse_options(int argc, char **argv, int first)
{
    bk_options *o = bk_options_new();
    for (int i = first; o && i < argc; i++)
        if (bk_options_parse(o, argv[i], NULL)) {
            bk_options_free(o);
            return NULL;
        }
    return o;
}

static int write_seed(const char *seed, const char *out, const bk_options *o)
{
    const bk_host *h = bk_host_api();
    bk_error err = {0};
    bk_grid *summary = bk_grid_new("收支总表"), *income = bk_grid_new("收入总表");
    const char *names[32];
    bk_amount values[32];
    size_t n_classes = 0;
    if (seed_layout_summary(seed, summary) || seed_layout_income(seed, income, names, values, &n_classes, 32)) {
        fprintf(stderr, "cannot lay out the seed %s\n", seed);
        return 2;
    }
    xlsxp_write_opts wo = {.font = bk_options_get(o, "font"),
                           .title = "忻州市民政局2024年部门预算公开",
                           .company = "忻州市民政局",
                           .created = 1704067200 /* 2024-01-01 */};
    xlsxp_writer *w;
    int rc = xlsxp_writer_open(h, out, &wo, &w, &err);
    if (!rc) rc = xlsxp_writer_add_grid(w, summary, "2024年预算收支总表", "收支总表", &err);
    if (!rc) rc = xlsxp_writer_add_grid(w, income, "2024年预算收入总表", "收入总表", &err);
    /* a long title and a duplicate: names must come out ≤ 31 characters and unique */
    if (!rc) rc = xlsxp_writer_add_grid(w, income, "2024年预算收入总表", "收入总表", &err);
    if (!rc)
        rc = xlsxp_writer_add_grid(w, summary, "忻州市民政局2024年部门预算财政拨款安排“三公”经费支出预算表[附]:汇总",
                                   "long", &err);
    static const char *const THREE[] = {"公务用车运行维护费"};
    bk_amount three_values[] = {{1320, 2}};
    xlsxp_pie pies[] = {{"一般公共预算当年拨款结构图", n_classes, names, values},
                        {"三公经费分布图", 1, THREE, three_values}};
    if (!rc && bk_options_get_bool(o, "charts", true)) rc = xlsxp_writer_add_pies(w, pies, 2, &err);
    if (rc)
        xlsxp_writer_abort(w);
    else
        rc = xlsxp_writer_close(w, &err);
    bk_grid_free(summary);
    bk_grid_free(income);
    return rc ? fail(out, &err) : 0;
}

static void print_escaped(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", stdout);
        else if (*s == '\t')
            fputs("\\t", stdout);
        else if (*s == '\r')
            fputs("\\r", stdout);
        else
            putchar(*s);
    }
}

static int dump_grids(const char *file, const bk_options *o)
{
    bk_limits lim;
    bk_limits_default(&lim);
    bk_error err = {0};
    if (bk_limits_from_env(&lim, &err)) return fail(file, &err);
    bk_diags *diags = bk_diags_new(0);
    bk_source in = {.path = file, .display_name = file, .limits = &lim, .diags = diags};
    bk_grid **grids;
    size_t n;
    int rc = xlsxp_read_grids(bk_host_api(), &in, o, &grids, &n, &err);
    if (rc) {
        bk_diags_free(diags);
        return fail(file, &err);
    }
    for (size_t i = 0; i < n; i++) {
        const bk_grid *g = grids[i];
        printf("sheet %s\n", g->name);
        for (uint32_t r = 0; r < g->n_rows; r++)
            for (uint32_t c = 0; c < g->rows[r].n_cells; c++) {
                const bk_grid_cell *cell = bk_grid_get(g, r, c);
                if (!cell) continue;
                printf("%u,%u\t%s\t", r, c, cell->flags & BK_GRID_NUMBER ? "n" : "s");
                print_escaped(cell->text);
                putchar('\n');
            }
        for (size_t m = 0; m < g->n_merges; m++)
            printf("merge %u,%u:%u,%u\n", g->merges[m].first_row, g->merges[m].first_col, g->merges[m].last_row,
                   g->merges[m].last_col);
    }
    for (size_t i = 0; i < diags->count; i++)
        printf("diag %s: %s\n", diags->items[i].context ? diags->items[i].context : "", diags->items[i].message);
    xlsxp_grids_free(bk_host_api(), grids, n);
    bk_diags_free(diags);
    return 0;
}

static int on_sheet(void *ctx, const char *name)
{
    (void)ctx;
    printf("sheet %s\n", name);
    return 0;
}

static int on_record(void *ctx, const bk_record *rec)
{
    (void)ctx;
    printf("%u:", rec->line);
    for (size_t i = 0; i < rec->n_fields; i++) {
        putchar(i ? '|' : ' ');
        print_escaped(rec->fields[i]);
    }
    putchar('\n');
    return 0;
}

static int dump_records(const char *file, const bk_options *o)
{
    bk_error err = {0};
    bk_registry *r = bk_registry_new();
    const char *dir = getenv("BUDGETKIT_PLUGIN_PATH");
    if (!r || !dir || bk_registry_add_dir(r, dir, &err)) {
        bk_registry_free(r);
        return fail(file, &err);
    }
    bk_io_settings s = {.format = "xlsx", .options = o};
    bk_record_sink sink = {.sheet = on_sheet, .record = on_record};
    int rc = bk_read_records(r, file, &s, &sink, &err);
    bk_registry_free(r);
    return rc ? fail(file, &err) : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xlsx_tool write-seed SEED OUT | grids FILE | records FILE [key=value...]\n");
        return 2;
    }
    int first_opt = strcmp(argv[1], "write-seed") == 0 ? 4 : 3;
    bk_options *o = parse_options(argc, argv, first_opt);
    if (!o) return 2;
    int rc;
    if (strcmp(argv[1], "write-seed") == 0 && argc >= 4)
        rc = write_seed(argv[2], argv[3], o);
    else if (strcmp(argv[1], "grids") == 0)
        rc = dump_grids(argv[2], o);
    else if (strcmp(argv[1], "records") == 0)
        rc = dump_records(argv[2], o);
    else
        rc = 2;
    bk_options_free(o);
    return rc;
}
