/* SPDX-License-Identifier: MIT */
/* The plugin's document path: the pies gathered from a document (always), and a
 * document written through the registry and the loaded bk_xlsx.so with the
 * core's official layout, read back cell for cell (once core/layout.c lands;
 * until then the write reports BK_ERR_UNSUPPORTED and that part is skipped),
 * and read again into a document through the recognizer (once it lands). */
#include "check.h"
#include "../../plugins/xlsx/xlsx_charts.h"
#include "../../plugins/xlsx/xlsx_read.h"
#include "../../plugins/xlsx/xlsx_text.h"
#include <budgetkit/budgetkit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bk_amount amt(const char *s)
{
    bk_amount a = {0, 0};
    bk_amount_parse(s, (size_t)-1, 0, &a);
    return a;
}

typedef struct seed_row {
    const char *code, *name;
    int level;
    bk_row_role role;
    const char *v[3];
} seed_row;

/* The seed's 一般公共预算支出预算表 (T5), first rows, and its 三公 table (T10). */
static const seed_row T5[] = {
    {NULL, "合计", 0, BK_ROW_TOTAL, {"4000.70", "3218.52", "782.18"}},
    {"201", "一般公共服务支出", 1, BK_ROW_DATA, {"15.55", NULL, "15.55"}},
    {"20132", "组织事务", 2, BK_ROW_DATA, {"15.55", NULL, "15.55"}},
    {"208", "社会保障和就业支出", 1, BK_ROW_DATA, {"3608.15", "2852.72", "755.43"}},
    {"20802", "民政管理事务", 2, BK_ROW_DATA, {"533.40", "367.36", "166.04"}},
    {"2080201", "行政运行", 3, BK_ROW_DATA, {"244.27", "244.27", NULL}},
    {"210", "卫生健康支出", 1, BK_ROW_DATA, {"126.21", "126.21", NULL}},
    {"213", "农林水支出", 1, BK_ROW_DATA, {"11.20", "11.20", NULL}},
    {"221", "住房保障支出", 1, BK_ROW_DATA, {"239.59", "239.59", NULL}},
};

static void fill_table(bk_document *doc, bk_table *t, const char *const *keys, const char *const *labels,
                       const seed_row *rows, size_t n, const char *const *row_keys)
{
    bk_panel *p = bk_table_add_panel(doc, t, "main", NULL);
    for (int c = 0; c < 3; c++) bk_panel_add_column(doc, p, keys[c], labels[c], BK_CELL_AMOUNT);
    for (size_t i = 0; i < n; i++) {
        bk_row *r = bk_panel_add_row(doc, p, rows[i].code, rows[i].name);
        r->level = rows[i].level;
        r->role = rows[i].role;
        if (row_keys) r->key = bk_document_strdup(doc, row_keys[i], (size_t)-1);
        for (int c = 0; c < 3; c++)
            if (rows[i].v[c]) bk_cell_set_amount(&r->cells[c], amt(rows[i].v[c]));
    }
}

static bk_document *seed_document(void)
{
    bk_document *doc = bk_document_new();
    doc->fiscal_year = 2024;
    doc->kind = BK_DOC_BUDGET;
    doc->title = bk_document_strdup(doc, "忻州市民政局2024年部门预算公开", (size_t)-1);
    doc->department_name = bk_document_strdup(doc, "忻州市民政局", (size_t)-1);
    bk_table *t = bk_document_add_table(doc, "budget.general_public_expense", "2024年一般公共预算支出预算表");
    t->department = doc->department_name;
    t->unit = BK_UNIT_WAN_YUAN;
    t->unit_label = bk_document_strdup(doc, "万元", (size_t)-1);
    t->scale = 2;
    static const char *const K5[] = {"total", "basic", "project"}, *const L5[] = {"合计", "基本支出", "项目支出"};
    fill_table(doc, t, K5, L5, T5, sizeof T5 / sizeof T5[0], NULL);
    t->panels[0].code_label = bk_document_strdup(doc, "科目编码", (size_t)-1);
    t->panels[0].name_label = bk_document_strdup(doc, "科目名称", (size_t)-1);
    static const seed_row T10[] = {
        {NULL, "因公出国（境）费", 1, BK_ROW_DATA, {"0.00", "0.00", NULL}},
        {NULL, "公务接待费", 1, BK_ROW_DATA, {"0.00", "0.00", NULL}},
        {NULL, "公务用车购置及运行费", 1, BK_ROW_DATA, {"13.20", "13.20", NULL}},
        {NULL, "①公务用车购置费", 2, BK_ROW_DATA, {"0.00", "0.00", NULL}},
        {NULL, "②公务用车运行维护费", 2, BK_ROW_DATA, {"13.20", "13.20", NULL}},
        {NULL, "合计", 0, BK_ROW_TOTAL, {"13.20", "13.20", NULL}},
    };
    static const char *const KEYS10[] = {"travel_abroad",    "reception",         "vehicle",
                                         "vehicle_purchase", "vehicle_operation", "total"};
    t = bk_document_add_table(doc, "budget.three_public", "2024年财政拨款安排“三公”经费支出预算表");
    t->unit_label = bk_document_strdup(doc, "万元", (size_t)-1);
    t->scale = 2;
    static const char *const K10[] = {"total", "general_public", "gov_fund"}, *const L10[] = {"合计", "一般公共预算",
                                                                                              "政府性基金预算"};
    fill_table(doc, t, K10, L10, T10, sizeof T10 / sizeof T10[0], KEYS10);
    t->panels[0].name_label = bk_document_strdup(doc, "项目", (size_t)-1);
    return doc;
}

static void test_pies(const bk_document *doc)
{
    xlsxp_pie_set set;
    xlsxp_collect_pies(doc, &set);
    CHECK_INT(set.n, 2);
    CHECK_STR(set.pies[0].title, "一般公共预算当年拨款结构图（单位：万元）");
    CHECK_INT(set.pies[0].n, 5); /* the 类 rows: 201 208 210 213 221 */
    int64_t sum = 0;
    for (size_t i = 0; i < set.pies[0].n; i++) sum += set.pies[0].values[i].units;
    CHECK_INT(sum, 400070); /* = 合计 4000.70 */
    CHECK_STR(set.pies[0].labels[1], "社会保障和就业支出");
    CHECK_STR(set.pies[1].title, "三公经费分布图（单位：万元）");
    CHECK_INT(set.pies[1].n, 1); /* only 公务用车运行维护费 is above zero */
    CHECK_STR(set.pies[1].labels[0], "公务用车运行维护费");
    CHECK_INT(set.pies[1].values[0].units, 1320);
}

static const char *find_right_of(const bk_grid *g, const char *label)
{
    for (uint32_t r = 0; r < g->n_rows; r++)
        for (uint32_t c = 0; c + 1 < g->rows[r].n_cells; c++)
            if (strcmp(bk_grid_text(g, r, c), label) == 0) return bk_grid_text(g, r, c + 1);
    return "(missing)";
}

/* Returns 77 when the core's layout is not there yet. */
static int test_write(const bk_document *doc)
{
    bk_error err = {0};
    bk_registry *reg = bk_registry_new();
    const char *dir = getenv("BUDGETKIT_PLUGIN_PATH");
    CHECK(reg && dir && bk_registry_add_dir(reg, dir, &err) == 0);
    char path[512];
    snprintf(path, sizeof path, "%s/test_xlsx_document_%ld.xlsx",
             getenv("BK_BUILD_DIR") ? getenv("BK_BUILD_DIR") : "/tmp", (long)getpid());
    bk_options *o = bk_options_new();
    bk_options_set(o, "created", "2024-03-01", NULL);
    bk_io_settings s = {.format = "xlsx", .options = o};
    int rc = bk_write_document(reg, doc, path, &s, &err);
    int result = 0;
    if (rc == BK_ERR_UNSUPPORTED && strstr(err.message, "not built yet")) {
        printf("write skipped: %s\n", err.message);
        result = 77;
    } else {
        CHECK_INT(rc, 0);
        if (rc) fprintf(stderr, "write: %s: %s\n", err.context, err.message);
        bk_limits lim;
        bk_limits_default(&lim);
        bk_source in = {.path = path, .display_name = path, .limits = &lim};
        bk_options *ho = bk_options_new();
        bk_options_set(ho, "hidden", "true", NULL);
        bk_grid **grids = NULL;
        size_t n = 0;
        CHECK_INT(xlsxp_read_grids(bk_host_api(), &in, ho, &grids, &n, &err), 0);
        CHECK_INT(n, 4); /* 封面, two tables and the chart data (the 图表 sheet has no cells) */
        if (n == 4) {
            CHECK_STR(grids[0]->name, "封面");
            CHECK_STR(find_right_of(grids[0], "部门名称"), doc->department_name);
            CHECK_STR(grids[1]->name, "2024年一般公共预算支出预算表");
            CHECK_STR(find_right_of(grids[1], "社会保障和就业支出"), "3608.15");
            CHECK_STR(find_right_of(grids[1], "2080201"), "行政运行");
            CHECK_STR(find_right_of(grids[3], "公务用车运行维护费"), "13.20");
        }
        xlsxp_grids_free(bk_host_api(), grids, n);
        bk_options_free(ho);
        bk_document *back = NULL;
        bk_io_settings rs = {.format = "xlsx"};
        int rrc = bk_read_document(reg, path, &rs, &back, &err);
        if (rrc == BK_ERR_UNSUPPORTED && strstr(err.message, "not built yet")) {
            printf("read-back into a document skipped: %s\n", err.message);
        } else {
            CHECK_INT(rrc, 0);
            const bk_table *t = back ? bk_document_find_table(back, "budget.general_public_expense") : NULL;
            CHECK(t != NULL);
            if (t) {
                const bk_table *w = &doc->tables[0];
                CHECK_INT(t->panels[0].n_rows, w->panels[0].n_rows);
                for (size_t r = 0; r < w->panels[0].n_rows && r < t->panels[0].n_rows; r++)
                    for (size_t c = 0; c < 3; c++) {
                        const bk_cell *a = &w->panels[0].rows[r].cells[c], *b = &t->panels[0].rows[r].cells[c];
                        CHECK_INT(b->kind, a->kind);
                        if (a->kind == BK_CELL_AMOUNT) CHECK_INT(bk_amount_cmp(a->amount, b->amount), 0);
                    }
            }
        }
        bk_document_free(back);
    }
    unlink(path);
    bk_options_free(o);
    bk_registry_free(reg);
    return result;
}

/* 封面 and 情况说明 grids read back into the same facts, units and sections (an empty
 * paragraph inside a text stays; a section without text stays without); bad ones fail located. */
static void test_text_sheets(void)
{
    const bk_host *h = bk_host_api();
    bk_document *doc = bk_document_new(), *back = bk_document_new();
    CHECK(doc && back);
    if (!doc || !back) {
        bk_document_free(doc);
        bk_document_free(back);
        return;
    }
    doc->title = bk_document_strdup(doc, "忻州市民政局2024年度部门预算公开", (size_t)-1);
    doc->department_name = bk_document_strdup(doc, "忻州市民政局", (size_t)-1);
    doc->fiscal_year = 2024;
    doc->kind = BK_DOC_FINAL_ACCOUNTS;
    bk_document_add_unit(doc, "305001", "忻州市民政局", "行政单位");
    bk_document_add_unit(doc, NULL, "忻州市社会福利院", NULL);
    bk_document_add_section(doc, "第一部分 概况", 1, NULL);
    bk_document_add_section(doc, "一、本部门职责", 2, "（一）组织实施\n\n（二）承担\t依法");
    bk_grid *cover = xlsxp_cover_grid(h, doc), *notes = xlsxp_sections_grid(h, doc, NULL, NULL, 0);
    CHECK(cover && notes && xlsxp_is_text_grid(cover) && xlsxp_is_text_grid(notes));
    bk_error err = {0};
    if (cover && notes) {
        CHECK_INT(xlsxp_read_text_grid(h, cover, back, &err), 0);
        CHECK_INT(xlsxp_read_text_grid(h, notes, back, &err), 0);
        CHECK_STR(back->title, doc->title);
        CHECK_STR(back->department_name, "忻州市民政局");
        CHECK_INT(back->fiscal_year, 2024);
        CHECK_INT(back->kind, BK_DOC_FINAL_ACCOUNTS);
        CHECK_INT(back->n_units, 2);
        if (back->n_units == 2) {
            CHECK_STR(back->units[0].code, "305001");
            CHECK_STR(back->units[0].type, "行政单位");
            CHECK_STR(back->units[1].name, "忻州市社会福利院");
            CHECK(back->units[1].code == NULL && back->units[1].type == NULL);
        }
        CHECK_INT(back->n_sections, 2);
        if (back->n_sections == 2) {
            CHECK(back->sections[0].text == NULL);
            CHECK_INT(back->sections[1].level, 2);
            CHECK_STR(back->sections[1].text, "（一）组织实施\n\n（二）承担\t依法");
        }
        /* a level that is not a number names the sheet, row and column */
        bk_grid_set(notes, 2, 1, "一", 3, 0, (bk_pos){.line = 0}); /* the hidden 级次 column */
        CHECK_INT(xlsxp_read_text_grid(h, notes, back, &err), BK_ERR_PARSE);
        CHECK_INT(err.line, 3);
        CHECK_INT(err.column, 2);
        CHECK_STR(err.context, "情况说明");
    }
    /* a sheet merely named 情况说明, without our header, is a table for the recognizer */
    bk_grid *other = bk_grid_new("情况说明");
    bk_grid_set(other, 0, 0, "项目", 6, 0, (bk_pos){.line = 0});
    CHECK(!xlsxp_is_text_grid(other));
    bk_grid_free(other);
    bk_grid_free(cover);
    bk_grid_free(notes);
    bk_document_free(doc);
    bk_document_free(back);
}

int main(void)
{
    bk_document *doc = seed_document();
    test_pies(doc);
    test_text_sheets();
    int w = test_write(doc);
    bk_document_free(doc);
    int rc = CHECK_DONE("test_xlsx_document");
    return rc ? rc : w;
}
