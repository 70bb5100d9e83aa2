/* SPDX-License-Identifier: MIT */
/* The XLSX writer engine and reader, on grids: the seed's 收支总表 and 收入总表
 * laid out by hand, written, read back and compared cell by cell. */
#include "check.h"
#include "seed_layout.h"
#include "../../plugins/xlsx/xlsx_read.h"
#include "../../plugins/xlsx/xlsx_write.h"
#include <budgetkit/budgetkit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_helpers(void)
{
    char s[] = "a_x000D_b_x005F_x0041_c_x4E2D_";
    size_t n = xlsxp_decode_escapes(s, strlen(s));
    CHECK_STR(s, "a\rb_x0041_c中");
    CHECK_INT(n, strlen("a\rb_x0041_c中"));
    uint32_t r = 9, c = 9;
    CHECK_INT(xlsxp_parse_ref("A1", &r, &c), 0);
    CHECK_INT(r, 0);
    CHECK_INT(c, 0);
    CHECK_INT(xlsxp_parse_ref("AB12", &r, &c), 0);
    CHECK_INT(r, 11);
    CHECK_INT(c, 27);
    CHECK_INT(xlsxp_parse_ref("XFD1048576", &r, &c), 0);
    CHECK(xlsxp_parse_ref("XFE1", &r, &c) != 0);
    CHECK(xlsxp_parse_ref("A1048577", &r, &c) != 0);
    CHECK(xlsxp_parse_ref("A0", &r, &c) != 0);
    CHECK_INT(xlsxp_text_width("收入A", strlen("收入A")), 5);
}

static char *temp_path(const char *tag)
{
    const char *dir = getenv("BK_BUILD_DIR");
    char *p = malloc(512);
    snprintf(p, 512, "%s/test_xlsx_engine_%s_%ld.xlsx", dir ? dir : "/tmp", tag, (long)getpid());
    return p;
}

/* Numbers libxlsxwriter stores with %.16G noise must come back as the decimals written. */
static bk_grid *rounding_grid(void)
{
    bk_grid *g = bk_grid_new("rounding");
    static const char *const V[] = {"0.94", "99999999.99", "617283.945", "-0.01", "8261.00", "1720", "0.00"};
    for (uint32_t i = 0; i < sizeof V / sizeof V[0]; i++)
        bk_grid_set(g, i, 0, V[i], strlen(V[i]), BK_GRID_AMOUNT, (bk_pos){.line = 0});
    bk_grid_set(g, 0, 1, "0010", 4, BK_GRID_CODE, (bk_pos){.line = 0});
    return g;
}

static int write_workbook(const char *seed, const char *path, bk_grid **summary, bk_grid **income)
{
    const bk_host *h = bk_host_api();
    bk_error err = {0};
    *summary = bk_grid_new("s");
    *income = bk_grid_new("i");
    const char *names[32];
    bk_amount values[32];
    size_t n = 0;
    CHECK_INT(seed_layout_summary(seed, *summary), 0);
    CHECK_INT(seed_layout_income(seed, *income, names, values, &n, 32), 0);
    CHECK_INT(n, 5); /* 201 208 210 213 221 */
    xlsxp_write_opts wo = {.font = NULL, .title = "t", .company = "忻州市民政局", .created = 1704067200};
    xlsxp_writer *w;
    int rc = xlsxp_writer_open(h, path, &wo, &w, &err);
    CHECK_INT(rc, 0);
    if (rc) return rc;
    bk_grid *rg = rounding_grid();
    CHECK_INT(xlsxp_writer_add_grid(w, *summary, "2024年预算收支总表", "收支总表", &err), 0);
    CHECK_INT(xlsxp_writer_add_grid(w, *income, "2024年预算收入总表", "收入总表", &err), 0);
    CHECK_INT(xlsxp_writer_add_grid(w, *income, "2024年预算收入总表", "收入总表", &err), 0);
    CHECK_INT(xlsxp_writer_add_grid(w, rg, "a/b:c*d?e[f]g\\h'一二三四五六七八九十一二三四五六七八九十", "x", &err), 0);
    xlsxp_pie pie = {"一般公共预算当年拨款结构图", n, names, values};
    CHECK_INT(xlsxp_writer_add_pies(w, &pie, 1, &err), 0);
    rc = xlsxp_writer_close(w, &err);
    CHECK_INT(rc, 0);
    bk_grid_free(rg);
    return rc;
}

/* Every cell written comes back with the same text; blanks stay blank. */
static void check_same_cells(const bk_grid *want, const bk_grid *got)
{
    size_t compared = 0;
    for (uint32_t r = 0; r < want->n_rows; r++)
        for (uint32_t c = 0; c < want->rows[r].n_cells; c++) {
            const bk_grid_cell *w = bk_grid_get(want, r, c), *g = bk_grid_get(got, r, c);
            if (!w) {
                if (g) fprintf(stderr, "unexpected cell %u,%u = %s\n", r, c, g->text);
                CHECK(g == NULL);
                continue;
            }
            CHECK(g != NULL);
            if (!g) continue;
            if (strcmp(w->text, g->text) != 0)
                fprintf(stderr, "cell %u,%u: wrote %s, read %s\n", r, c, w->text, g->text);
            CHECK(strcmp(w->text, g->text) == 0);
            CHECK_INT((g->flags & BK_GRID_NUMBER) != 0, (w->flags & BK_GRID_AMOUNT) != 0);
            compared++;
        }
    CHECK(compared > 50);
    CHECK_INT(got->n_merges, want->n_merges);
    for (size_t i = 0; i < want->n_merges && i < got->n_merges; i++) {
        int found = 0;
        for (size_t j = 0; j < got->n_merges; j++)
            found |= memcmp(&want->merges[i], &got->merges[j], sizeof want->merges[i]) == 0;
        CHECK(found);
    }
}

static const char *find_text(const bk_grid *g, const char *label, uint32_t col_offset)
{
    for (uint32_t r = 0; r < g->n_rows; r++)
        for (uint32_t c = 0; c < g->rows[r].n_cells; c++)
            if (strcmp(bk_grid_text(g, r, c), label) == 0) return bk_grid_text(g, r, c + col_offset);
    return "(missing)";
}

static void check_read_back(const char *path, const bk_grid *summary, const bk_grid *income)
{
    bk_limits lim;
    bk_limits_default(&lim);
    bk_diags *diags = bk_diags_new(0);
    bk_source in = {.path = path, .display_name = path, .limits = &lim, .diags = diags};
    bk_grid **grids = NULL;
    size_t n = 0;
    bk_error err = {0};
    CHECK_INT(xlsxp_read_grids(bk_host_api(), &in, NULL, &grids, &n, &err), 0);
    CHECK_INT(n, 4); /* 图表 has no cells, 图表数据 is hidden */
    if (n == 4) {
        CHECK_STR(grids[0]->name, "2024年预算收支总表");
        CHECK_STR(grids[1]->name, "2024年预算收入总表");
        CHECK_STR(grids[2]->name, "2024年预算收入总表(2)");
        CHECK_STR(grids[3]->name, "a_b_c_d_e_f_g_h'一二三四五六七八九十一二三四五"); /* 31 characters */
        check_same_cells(summary, grids[0]);
        check_same_cells(income, grids[1]);
        CHECK_STR(find_text(grids[0], "收入总计", 1), "8261.00");
        CHECK_STR(find_text(grids[0], "本年支出合计", 1), "8261.00");
        CHECK_STR(find_text(grids[0], "本年支出合计", 3), "498.73");
        CHECK_STR(find_text(grids[1], "2080201", 2), "244.27");
        CHECK_STR(bk_grid_text(grids[1], 4, 0), "合计");
        CHECK_STR(bk_grid_text(grids[1], 4, 2), "7762.27");
        const bk_grid *rg = grids[3];
        CHECK_STR(bk_grid_text(rg, 0, 0), "0.94");
        CHECK_STR(bk_grid_text(rg, 1, 0), "99999999.99");
        CHECK_STR(bk_grid_text(rg, 2, 0), "617283.945");
        CHECK_STR(bk_grid_text(rg, 3, 0), "-0.01");
        CHECK_STR(bk_grid_text(rg, 4, 0), "8261.00");
        CHECK_STR(bk_grid_text(rg, 5, 0), "1720");
        CHECK_STR(bk_grid_text(rg, 6, 0), "0.00");
        CHECK_STR(bk_grid_text(rg, 0, 1), "0010");
    }
    xlsxp_grids_free(bk_host_api(), grids, n);
    CHECK(diags->count == 1); /* the note that the hidden chart data sheet was skipped */
    bk_diags_free(diags);

    /* -o hidden=true: the pie's data (the 类 of 一般公共预算, summing to 4000.70) */
    bk_options *o = bk_options_new();
    bk_options_set(o, "hidden", "true", NULL);
    in.diags = NULL;
    CHECK_INT(xlsxp_read_grids(bk_host_api(), &in, o, &grids, &n, &err), 0);
    CHECK_INT(n, 5);
    if (n == 5) {
        CHECK_STR(grids[4]->name, "图表数据");
        CHECK_STR(bk_grid_text(grids[4], 0, 0), "一般公共预算当年拨款结构图");
        CHECK_STR(find_text(grids[4], "社会保障和就业支出", 1), "3608.15");
        CHECK_STR(find_text(grids[4], "一般公共服务支出", 1), "15.55");
    }
    xlsxp_grids_free(bk_host_api(), grids, n);
    bk_options_free(o);
}

static int same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        if (ca != cb) same = 0;
        if (ca == EOF || cb == EOF) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

int main(void)
{
    const char *seed = getenv("BK_SEED");
    if (!seed) return 77;
    test_helpers();
    char *p1 = temp_path("a"), *p2 = temp_path("b");
    bk_grid *summary, *income, *s2, *i2;
    if (write_workbook(seed, p1, &summary, &income) == 0) check_read_back(p1, summary, income);
    sleep(1); /* a different wall-clock second must not change a byte */
    if (write_workbook(seed, p2, &s2, &i2) == 0) CHECK(same_bytes(p1, p2));
    bk_grid_free(summary);
    bk_grid_free(income);
    bk_grid_free(s2);
    bk_grid_free(i2);
    unlink(p1);
    unlink(p2);
    free(p1);
    free(p2);
    return CHECK_DONE("test_xlsx_engine");
}
