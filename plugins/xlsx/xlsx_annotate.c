/* SPDX-License-Identifier: MIT */
/* xlsx_annotate: where each finding lands in the publication workbook (validate --annotate). */
#include "xlsx_annotate.h"

#include <stdlib.h>
#include <string.h>

static int panel_of(const bk_table *t, const char *key)
{
    for (size_t i = 0; key && i < t->n_panels; i++)
        if (t->panels[i].key && strcmp(t->panels[i].key, key) == 0) return (int)i;
    return t->n_panels ? 0 : -1;
}

static int32_t column_of(const bk_panel *p, const char *key)
{
    for (size_t i = 0; key && i < p->n_columns; i++)
        if (p->columns[i].key && strcmp(p->columns[i].key, key) == 0) return (int32_t)i;
    return -1;
}

/* A table finding by its own table, panel, row and column (keys): the cell the reader saw,
 * also when the printed cell is blank and so not among the finding's figures. */
static bool locate_by_keys(const bk_host *h, const bk_document *doc, const bk_finding *f, xlsxp_loc *l)
{
    if (f->table_index >= doc->n_tables || f->row_index < 0) return false;
    const bk_table *t = &doc->tables[f->table_index];
    int panel = panel_of(t, f->panel);
    if (panel < 0) return false;
    int32_t col = column_of(&t->panels[panel], f->column);
    if (f->column && col < 0) return false;
    l->on = XLSXP_ON_TABLE;
    l->index = f->table_index;
    l->located = h->layout_table_cell(t, (size_t)panel, f->row_index, col, &l->row, &l->col) == BK_OK;
    return l->located;
}

static void locate(const bk_host *h, const bk_document *doc, const bk_finding *f, xlsxp_loc *l)
{
    memset(l, 0, sizeof *l);
    if (f->table_kind && strcmp(f->table_kind, "narrative") == 0) {
        if (f->table_index < doc->n_sections) l->on = XLSXP_ON_SECTION, l->index = f->table_index;
        return;
    }
    bool form = f->table_kind && strncmp(f->table_kind, "perf.", 5) == 0;
    if (!form && locate_by_keys(h, doc, f, l)) return;
    const bk_finding_cell *c = f->n_cells ? &f->cells[0] : NULL;
    if (c && c->form && c->table_index < doc->n_perf_targets) {
        l->on = XLSXP_ON_FORM;
        l->index = c->table_index;
        l->located = c->row_index >= 0 && h->layout_perf_amount_cell(&doc->perf_targets[c->table_index],
                                                                     (size_t)c->row_index, &l->row, &l->col) == BK_OK;
    } else if (c && !c->form && c->table_index < doc->n_tables) {
        l->on = XLSXP_ON_TABLE;
        l->index = c->table_index;
        l->located = h->layout_table_cell(&doc->tables[c->table_index], c->panel_index, c->row_index, c->column_index,
                                          &l->row, &l->col) == BK_OK;
    } else if (form) {
        if (f->table_index < doc->n_perf_targets) l->on = XLSXP_ON_FORM, l->index = f->table_index;
    } else if (f->table_index < doc->n_tables) {
        l->on = XLSXP_ON_TABLE, l->index = f->table_index;
    }
    if ((l->on == XLSXP_ON_TABLE || l->on == XLSXP_ON_FORM) && !l->located) {
        l->located = true; /* the sheet's title: the finding is about the table as a whole */
        l->row = 0;
        l->col = 0;
    }
}

int xlsxp_annot_init(const bk_host *h, const bk_document *doc, const bk_findings *fs, xlsxp_annot *a, bk_error *err)
{
    a->fs = fs;
    a->loc = calloc(fs->count ? fs->count : 1, sizeof *a->loc);
    if (!a->loc) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < fs->count; i++) locate(h, doc, &fs->items[i], &a->loc[i]);
    return BK_OK;
}

void xlsxp_annot_free(xlsxp_annot *a)
{
    if (a) free(a->loc);
}

/* The sentence a text finding quotes: between its last “ and the ” after it. */
static bool quoted(const char *msg, const char **s, size_t *len)
{
    const char *open = NULL;
    for (const char *p = msg; p && (p = strstr(p, "“")); p += 3) open = p;
    if (!open) return false;
    const char *close = strstr(open + 3, "”");
    if (!close || close == open + 3) return false;
    *s = open + 3;
    *len = (size_t)(close - *s);
    return true;
}

static bool cell_holds(const bk_grid *g, uint32_t r, uint32_t c, const char *s, size_t len)
{
    if (r >= g->n_rows || c >= g->rows[r].n_cells || !g->rows[r].cells[c].text) return false;
    const char *t = g->rows[r].cells[c].text;
    for (const char *p = t; (p = strchr(p, *s)); p++)
        if (strncmp(p, s, len) == 0) return true;
    return false;
}

void xlsxp_annot_locate_sections(xlsxp_annot *a, const bk_grid *g, const uint32_t *heading_rows, size_t n)
{
    for (size_t i = 0; i < a->fs->count; i++) {
        xlsxp_loc *l = &a->loc[i];
        if (l->on != XLSXP_ON_SECTION || l->index >= n) continue;
        uint32_t head = heading_rows[l->index];
        uint32_t end = l->index + 1 < n ? heading_rows[l->index + 1] : g->n_rows;
        l->located = true;
        l->row = head;
        l->col = 0;
        const char *s;
        size_t len;
        if (!quoted(a->fs->items[i].message, &s, &len)) continue;
        for (uint32_t r = head + 1; r < end; r++)
            for (uint32_t c = 0; c < 2; c++)
                if (cell_holds(g, r, c, s, len)) {
                    l->row = r, l->col = c;
                    r = end;
                    break;
                }
    }
}

int xlsxp_annot_marks(const xlsxp_annot *a, xlsxp_on on, size_t index, xlsxp_mark **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t count = 0;
    for (size_t i = 0; a && i < a->fs->count; i++)
        count += a->loc[i].on == on && a->loc[i].index == index && a->loc[i].located;
    if (!count) return BK_OK;
    xlsxp_mark *m = malloc(count * sizeof *m);
    if (!m) return BK_ERR_NOMEM;
    for (size_t i = 0; i < a->fs->count; i++) {
        const xlsxp_loc *l = &a->loc[i];
        if (l->on == on && l->index == index && l->located) m[(*n)++] = (xlsxp_mark){l->row, l->col, i};
    }
    *out = m;
    return BK_OK;
}

char *xlsxp_finding_source(const bk_host *h, const bk_finding *f, char *buf, size_t cap)
{
    if (cap) buf[0] = '\0';
    return cap ? h->pos_describe(&f->pos, 1, buf, cap) : buf;
}

const char *xlsxp_severity_label(bk_finding_severity s)
{
    return s == BK_FINDING_ERROR ? "错误" : s == BK_FINDING_WARNING ? "警告" : "舍入";
}

const char *xlsxp_finding_column(const bk_document *doc, const bk_finding *f)
{
    const bk_finding_cell *c = f->n_cells ? &f->cells[0] : NULL;
    if (c && !c->form && c->table_index < doc->n_tables && c->panel_index < doc->tables[c->table_index].n_panels) {
        const bk_panel *p = &doc->tables[c->table_index].panels[c->panel_index];
        if (c->column_index >= 0 && (size_t)c->column_index < p->n_columns && p->columns[c->column_index].label)
            return p->columns[c->column_index].label;
    }
    return f->column ? f->column : "";
}
