/* SPDX-License-Identifier: MIT */
/* Builds the seed document from the generated fixture through the model API. */
#include "seed_fixture.h"
#include <string.h>

static int add_table(bk_document *doc, const fx_table *ft)
{
    bk_table *t = bk_document_add_table(doc, ft->kind, ft->title);
    if (!t) return -1;
    t->unit = BK_UNIT_WAN_YUAN;
    t->unit_label = bk_document_strdup(doc, "万元", (size_t)-1);
    t->scale = 2;
    t->department = bk_document_strdup(doc, "忻州市民政局", (size_t)-1);
    t->pos.line = (uint32_t)ft->line;
    /* the one note the seed prints (line 439), under its empty 国有资本经营 table: the review's 说明 */
    if (!strcmp(ft->kind, "budget.state_capital")) t->note = bk_document_strdup(doc, "注：本表无数据", (size_t)-1);
    for (size_t p = 0; p < ft->n_panels; p++) {
        const fx_panel *fp = &ft->panels[p];
        bk_panel *panel = bk_table_add_panel(doc, t, fp->key, NULL);
        if (!panel) return -1;
        for (const char *const *c = fp->columns; *c; c++)
            if (!bk_panel_add_column(doc, panel, *c, *c, strcmp(*c, "gov_econ_name") ? BK_CELL_AMOUNT : BK_CELL_TEXT))
                return -1;
        for (size_t r = 0; r < fp->n_rows; r++) {
            const fx_row *fr = &fp->rows[r];
            bk_row *row = bk_panel_add_row(doc, panel, fr->code, fr->name);
            if (!row) return -1;
            row->key = fr->key ? bk_document_strdup(doc, fr->key, (size_t)-1) : NULL;
            row->level = fr->level;
            row->role = fr->role;
            row->pos.line = (uint32_t)fr->line;
            size_t a = 0;
            for (size_t c = 0; c < panel->n_columns; c++) {
                if (panel->columns[c].type == BK_CELL_TEXT) {
                    if (fr->text && bk_cell_set_text(doc, &row->cells[c], fr->text, (size_t)-1)) return -1;
                    continue;
                }
                const char *v = fr->cells[a++];
                bk_amount amt;
                if (v && bk_amount_parse(v, (size_t)-1, BK_AMOUNT_STRICT, &amt) == BK_AMOUNT_OK)
                    bk_cell_set_amount(&row->cells[c], amt);
            }
        }
    }
    return 0;
}

static int add_form(bk_document *doc, const fx_form *ff)
{
    bk_perf_target *p = bk_document_add_perf_target(doc, ff->kind, ff->title);
    if (!p) return -1;
    p->unit = ff->unit;
    p->pos.line = (uint32_t)ff->line;
    if (ff->project_name && !bk_perf_add_field(doc, p, "project_name", "项目名称", ff->project_name)) return -1;
    for (size_t i = 0; i < ff->n_amounts; i++) {
        const fx_amount *fa = &ff->amounts[i];
        bk_perf_amount *a = bk_perf_add_amount(doc, p, fa->group, fa->key, fa->label);
        if (!a) return -1;
        bk_amount amt;
        if (fa->value && bk_amount_parse(fa->value, (size_t)-1, BK_AMOUNT_STRICT, &amt) == BK_AMOUNT_OK)
            bk_cell_set_amount(&a->value, amt);
    }
    return 0;
}

bk_document *seed_fixture_build(void)
{
    bk_document *doc = bk_document_new();
    if (!doc) return NULL;
    doc->fiscal_year = 2024;
    doc->kind = BK_DOC_BUDGET;
    doc->title = bk_document_strdup(doc, "忻州市民政局2024年部门预算公开", (size_t)-1);
    doc->department_name = bk_document_strdup(doc, "忻州市民政局", (size_t)-1);
    for (size_t i = 0; i < SEED_N_TABLES; i++)
        if (add_table(doc, &SEED_TABLES[i])) goto fail;
    for (size_t i = 0; i < SEED_N_FORMS; i++)
        if (add_form(doc, &SEED_FORMS[i])) goto fail;
    for (size_t i = 0; i < SEED_N_SECTIONS; i++) {
        bk_section *s = bk_document_add_section(doc, SEED_SECTIONS[i].heading, 2, SEED_SECTIONS[i].text);
        if (!s) goto fail;
        s->pos.line = (uint32_t)SEED_SECTIONS[i].line;
    }
    return doc;
fail:
    bk_document_free(doc);
    return NULL;
}
