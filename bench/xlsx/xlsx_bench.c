/* SPDX-License-Identifier: MIT */
/* XLSX plugin benchmark driver (built as tests/xlsx_bench in the build dir; run bench/xlsx/run.sh):
 *   xlsx_bench depts SEED N OUT   N departments × 13 seed-sized sheets (the seed's 收支总表 and
 *                                  收入总表 layouts, alternating), print-ready formatting
 *   xlsx_bench rows N OUT         one table of N rows × 7 columns (code, name, 5 amounts)
 *   xlsx_bench read FILE          every sheet back as grids; prints sheets, cells and a checksum */
#include "../../tests/xlsx/seed_layout.h"
#include "../../plugins/xlsx/xlsx_read.h"
#include "../../plugins/xlsx/xlsx_write.h"
#include <budgetkit/budgetkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHEETS_PER_DEPT 13

static int fail(const bk_error *e)
{
    fprintf(stderr, "error: %u:%u: %s: %s\n", e->line, e->column, e->context, e->message);
    return 1;
}

static int write_depts(const char *seed, int n, const char *out)
{
    const bk_host *h = bk_host_api();
    bk_grid *summary = bk_grid_new("s"), *income = bk_grid_new("i");
    const char *names[32];
    bk_amount values[32];
    size_t nc;
    if (seed_layout_summary(seed, summary) || seed_layout_income(seed, income, names, values, &nc, 32)) return 2;
    bk_error err = {0};
    xlsxp_write_opts wo = {.company = "bench", .created = 1704067200};
    xlsxp_writer *w;
    int rc = xlsxp_writer_open(h, out, &wo, &w, &err);
    for (int d = 0; rc == 0 && d < n; d++)
        for (int t = 0; rc == 0 && t < SHEETS_PER_DEPT; t++) {
            char name[64];
            snprintf(name, sizeof name, "部门%03d表%02d", d + 1, t + 1);
            rc = xlsxp_writer_add_grid(w, t % 2 ? income : summary, name, name, &err);
        }
    rc = rc ? (xlsxp_writer_abort(w), rc) : xlsxp_writer_close(w, &err);
    bk_grid_free(summary);
    bk_grid_free(income);
    return rc ? fail(&err) : 0;
}

/* Row i of the flat table: the same formula as bench/xlsx/peers.py. */
static void flat_row(bk_grid *g, uint32_t r, long i)
{
    char code[16], name[48], amt[32];
    snprintf(code, sizeof code, "%07ld", 2080000 + i % 9999);
    snprintf(name, sizeof name, "项目支出明细第%ld项", i);
    bk_grid_set(g, r, 0, code, strlen(code), BK_GRID_CODE, (bk_pos){.line = 0});
    bk_grid_set(g, r, 1, name, strlen(name), BK_GRID_NAME, (bk_pos){.line = 0});
    for (int c = 0; c < 5; c++) {
        long cents = (i * 7919 + c * 104729) % 100000000;
        snprintf(amt, sizeof amt, "%ld.%02ld", cents / 100, cents % 100);
        bk_grid_set(g, r, 2 + c, amt, strlen(amt), BK_GRID_AMOUNT, (bk_pos){.line = 0});
    }
}

static int write_rows(long n, const char *out)
{
    bk_grid *g = bk_grid_new("rows");
    static const char *const H[] = {"科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年结转", "单位资金"};
    for (uint32_t c = 0; c < 7; c++) bk_grid_set(g, 0, c, H[c], strlen(H[c]), BK_GRID_HEADER, (bk_pos){.line = 0});
    for (long i = 0; i < n; i++) flat_row(g, (uint32_t)i + 1, i);
    bk_error err = {0};
    xlsxp_write_opts wo = {.company = "bench", .created = 1704067200};
    xlsxp_writer *w;
    int rc = xlsxp_writer_open(bk_host_api(), out, &wo, &w, &err);
    if (!rc) rc = xlsxp_writer_add_grid(w, g, "明细", "明细", &err);
    rc = rc ? (xlsxp_writer_abort(w), rc) : xlsxp_writer_close(w, &err);
    bk_grid_free(g);
    return rc ? fail(&err) : 0;
}

static int read_back(const char *file)
{
    bk_limits lim;
    bk_limits_default(&lim);
    bk_source in = {.path = file, .display_name = file, .limits = &lim};
    bk_grid **grids;
    size_t n;
    bk_error err = {0};
    if (xlsxp_read_grids(bk_host_api(), &in, NULL, &grids, &n, &err)) return fail(&err);
    unsigned long long cells = 0, sum = 0;
    for (size_t i = 0; i < n; i++)
        for (uint32_t r = 0; r < grids[i]->n_rows; r++)
            for (uint32_t c = 0; c < grids[i]->rows[r].n_cells; c++) {
                const bk_grid_cell *cell = bk_grid_get(grids[i], r, c);
                if (!cell) continue;
                cells++;
                bk_amount a;
                bk_amount cents;
                if ((cell->flags & BK_GRID_NUMBER) && bk_amount_parse(cell->text, cell->len, 0, &a) == BK_AMOUNT_OK &&
                    bk_amount_rescale(a, 2, &cents))
                    sum += (unsigned long long)cents.units; /* in cents, whatever decimals the file shows */
            }
    printf("sheets=%zu cells=%llu cents_sum=%llu\n", n, cells, sum);
    xlsxp_grids_free(bk_host_api(), grids, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "depts") == 0) return write_depts(argv[2], atoi(argv[3]), argv[4]);
    if (argc == 4 && strcmp(argv[1], "rows") == 0) return write_rows(atol(argv[2]), argv[3]);
    if (argc == 3 && strcmp(argv[1], "read") == 0) return read_back(argv[2]);
    fprintf(stderr, "usage: xlsx_bench depts SEED N OUT | rows N OUT | read FILE\n");
    return 2;
}
