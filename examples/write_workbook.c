/* SPDX-License-Identifier: MIT */
/* write_workbook: build a small 部门预算 in memory (one 预算支出总表 with a total, a 类
 * and a 款) and write it through the plugin registry, in the format OUT's extension names
 * (.xlsx: the publication workbook; .json, .xml, .csv … as well).
 *
 *   cc write_workbook.c $(pkg-config --cflags --libs budgetkit) -o write_workbook
 *   ./write_workbook OUT.xlsx
 *
 * The columns come from the table's definition, so the writer lays the table out as the
 * official template prints it. Amounts are exact integers with a scale, never floats. */
#include <budgetkit/budgetkit.h>
#include <stdio.h>

static int fail(const bk_error *err, const char *file)
{
    char line[BK_ERROR_TEXT_MAX];
    bk_error_format(err, file, line, sizeof line);
    fprintf(stderr, "%s\n", line);
    return 1;
}

/* One row of the table: code, name, level, parent and its three figures in 万元 (scale 2). */
typedef struct example_row {
    const char *code, *name;
    int32_t level, parent;
    bk_row_role role;
    int64_t total, basic, project; /* in 0.01 万元 */
} example_row;

static const example_row ROWS[] = {
    {NULL, "合计", 0, -1, BK_ROW_TOTAL, 15000, 12000, 3000},
    {"208", "社会保障和就业支出", 1, -1, BK_ROW_DATA, 15000, 12000, 3000},
    {"20802", "民政管理事务", 2, 1, BK_ROW_DATA, 15000, 12000, 3000},
};

/* The table 预算支出总表 (budget.expense) with the columns of its definition. */
static int add_expense_table(bk_document *doc, bk_error *err)
{
    const bk_table_def *def = bk_table_def_find("budget.expense");
    if (!def) return bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL, "no definition of budget.expense");
    bk_table *t = bk_document_add_table(doc, def->kind, "2024年部门支出预算总表");
    bk_panel *p = t ? bk_table_add_panel(doc, t, "main", NULL) : NULL;
    if (!p) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    t->department = bk_document_strdup(doc, "示例市民政局", (size_t)-1);
    t->unit = BK_UNIT_WAN_YUAN;
    t->unit_label = bk_document_strdup(doc, "万元", (size_t)-1);
    t->scale = 2;
    const bk_panel_def *pd = bk_table_def_panel(def, "main");
    if (!pd) return bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL, "budget.expense has no main panel");
    p->code_label = bk_document_strdup(doc, pd->code_label, (size_t)-1); /* model strings live in the document */
    p->name_label = bk_document_strdup(doc, pd->name_label, (size_t)-1);
    for (size_t c = 0; c < bk_panel_def_core_columns(pd); c++)
        if (!bk_panel_add_column(doc, p, pd->columns[c].key, pd->columns[c].label, BK_CELL_AMOUNT))
            return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int total = bk_panel_column_index(p, "total"), basic = bk_panel_column_index(p, "basic"),
        project = bk_panel_column_index(p, "project");
    if (total < 0 || basic < 0 || project < 0)
        return bk_error_set(err, BK_ERR_INTERNAL, 0, 0, NULL, "budget.expense has no total/basic/project column");
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
        const example_row *e = &ROWS[i];
        bk_row *row = bk_panel_add_row(doc, p, e->code, e->name);
        if (!row) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        row->level = e->level;
        row->parent = e->parent;
        row->role = e->role;
        if (e->role == BK_ROW_TOTAL) row->key = "total";
        bk_cell_set_amount(&row->cells[total], (bk_amount){e->total, 2});
        bk_cell_set_amount(&row->cells[basic], (bk_amount){e->basic, 2});
        bk_cell_set_amount(&row->cells[project], (bk_amount){e->project, 2});
    }
    return BK_OK;
}

/* The document: its facts, then the table. */
static int build(bk_document *doc, bk_error *err)
{
    doc->kind = BK_DOC_BUDGET;
    doc->fiscal_year = 2024;
    doc->department_name = bk_document_strdup(doc, "示例市民政局", (size_t)-1);
    doc->title = bk_document_strdup(doc, "示例市民政局2024年部门预算", (size_t)-1);
    if (!doc->department_name || !doc->title) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return add_expense_table(doc, err);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: write_workbook OUT.xlsx\n");
        return 2;
    }
    bk_error err;
    bk_error_clear(&err);
    bk_registry *reg = bk_registry_new();
    bk_document *doc = bk_document_new();
    int rc = reg && doc ? BK_OK : BK_ERR_NOMEM;
    if (rc == BK_OK) rc = bk_definitions_load(NULL, 0, &err);
    if (rc == BK_OK) rc = bk_registry_load_default(reg, NULL, &err);
    if (rc == BK_OK) rc = build(doc, &err);
    if (rc == BK_OK) {
        bk_io_settings s = {0};
        rc = bk_write_document(reg, doc, argv[1], &s, &err);
    }
    if (rc == BK_OK) printf("wrote %s: %zu table, %zu rows\n", argv[1], doc->n_tables, doc->tables[0].panels[0].n_rows);
    int status = rc == BK_OK ? 0 : fail(&err, argv[1]);
    bk_document_free(doc);
    bk_registry_free(reg);
    return status;
}
