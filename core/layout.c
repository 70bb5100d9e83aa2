/* SPDX-License-Identifier: MIT */
/* The official layout: a table or a performance form as printed, laid out in a
 * grid with BK_GRID_* flags and merged ranges. The CSV `report` writer and the
 * XLSX writer print these grids; the recognizer reads them back unchanged. */
#include "recognize_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LY_MAX_DEPTH 4

typedef struct ly_panel {
    const bk_panel *p;
    const bk_panel_def *pd; /* its template's definition (layout data), or NULL */
    bool group;             /* the template's group header (项目) over the code and name columns */
    uint32_t c0;            /* first grid column */
    bool has_code, has_name;
    const char *code_label, *name_label;
    uint32_t width;
} ly_panel;

static int ly_set(bk_grid *g, uint32_t r, uint32_t c, const char *s, uint32_t flags, bk_error *err)
{
    if (!s) return BK_OK;
    bk_pos none = {.line = 0};
    int rc = bk_grid_set(g, r, c, s, strlen(s), flags, none);
    return rc ? bk_error_set(err, rc, 0, 0, NULL, "cannot lay out the table") : BK_OK;
}

static int ly_merge(bk_grid *g, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2, bk_error *err)
{
    if (r1 == r2 && c1 == c2) return BK_OK;
    int rc = bk_grid_add_merge(g, r1, c1, r2, c2);
    return rc ? bk_error_set(err, rc, 0, 0, NULL, "cannot lay out the table") : BK_OK;
}

/* Segment @p k of a "/"-joined label into @p out; returns the number of segments. */
static int ly_segment(const char *label, int k, char *out, size_t cap)
{
    int n = 0;
    const char *s = label ? label : "";
    for (;;) {
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (n == k && out) snprintf(out, cap, "%.*s", (int)len, s);
        n++;
        if (!e) break;
        s = e + 1;
    }
    return n;
}

static bool ly_same_prefix(const char *a, const char *b, int depth)
{
    char x[RZ_NORM_MAX], y[RZ_NORM_MAX];
    if (ly_segment(a, 0, NULL, 0) <= depth || ly_segment(b, 0, NULL, 0) <= depth) return false;
    for (int k = 0; k <= depth; k++) {
        ly_segment(a, k, x, sizeof x);
        ly_segment(b, k, y, sizeof y);
        if (strcmp(x, y)) return false;
    }
    return true;
}

static void ly_geometry(const bk_table *t, ly_panel *lp, size_t np, int *depth)
{
    const bk_table_def *def = bk_table_def_find(t->kind);
    uint32_t col = 0;
    *depth = 1;
    for (size_t i = 0; i < np; i++) {
        const bk_panel *p = &t->panels[i];
        const bk_panel_def *pd = def ? bk_table_def_panel(def, p->key) : NULL;
        lp[i].p = p;
        lp[i].pd = pd;
        lp[i].c0 = col;
        lp[i].has_code = p->code_label != NULL;
        lp[i].has_name = p->name_label != NULL;
        for (size_t r = 0; r < p->n_rows; r++) {
            if (p->rows[r].code && !(p->rows[r].flags & BK_ROW_CODE_DERIVED)) lp[i].has_code = true;
            if (p->rows[r].name) lp[i].has_name = true;
        }
        lp[i].code_label = p->code_label ? p->code_label : (pd && pd->code_label ? pd->code_label : "科目编码");
        lp[i].name_label = p->name_label ? p->name_label : (pd && pd->name_label ? pd->name_label : "项目");
        lp[i].width = (uint32_t)p->n_columns + lp[i].has_code + lp[i].has_name;
        lp[i].group = pd && pd->group_label && lp[i].has_code && lp[i].has_name;
        if (lp[i].group && *depth < 2) *depth = 2; /* the group's row, then 科目编码 | 科目名称 */
        for (size_t c = 0; c < p->n_columns; c++) {
            int n = ly_segment(p->columns[c].label, 0, NULL, 0);
            if (n > *depth) *depth = n > LY_MAX_DEPTH ? LY_MAX_DEPTH : n;
        }
        col += lp[i].width;
    }
}

static int ly_header(const bk_table *t, ly_panel *lp, size_t np, int depth, bk_grid *g, uint32_t top, bk_error *err)
{
    int rc = BK_OK;
    uint32_t bottom = top + (uint32_t)depth - 1;
    const uint32_t H = BK_GRID_HEADER;
    for (size_t i = 0; i < np && !rc; i++) {
        uint32_t c = lp[i].c0, key_top = top;
        if (lp[i].group) { /* 项目 over 科目编码 | 科目名称, as the template prints it */
            rc = ly_set(g, top, c, lp[i].pd->group_label, H, err);
            if (!rc) rc = ly_merge(g, top, c, top, c + 1, err);
            key_top = top + 1;
        }
        if (lp[i].has_code && !rc) {
            rc = ly_set(g, key_top, c, lp[i].code_label, H, err);
            if (!rc) rc = ly_merge(g, key_top, c, bottom, c, err);
            c++;
        }
        if (lp[i].has_name && !rc) {
            rc = ly_set(g, key_top, c, lp[i].name_label, H, err);
            if (!rc) rc = ly_merge(g, key_top, c, bottom, c, err);
            c++;
        }
        const bk_panel *p = lp[i].p;
        for (size_t k = 0; k < p->n_columns && !rc; k++) {
            const char *label = p->columns[k].label;
            int n = ly_segment(label, 0, NULL, 0);
            if (n > depth) n = depth;
            char seg[RZ_NORM_MAX];
            for (int d = 0; d < n && !rc; d++) {
                bool leaf = d == n - 1;
                if (!leaf && k > 0 && ly_same_prefix(p->columns[k - 1].label, label, d)) continue;
                ly_segment(label, d, seg, sizeof seg);
                rc = ly_set(g, top + (uint32_t)d, c + (uint32_t)k, seg, H, err);
                if (rc) break;
                if (leaf)
                    rc = ly_merge(g, top + (uint32_t)d, c + (uint32_t)k, bottom, c + (uint32_t)k, err);
                else {
                    size_t e = k;
                    while (e + 1 < p->n_columns && ly_same_prefix(label, p->columns[e + 1].label, d)) e++;
                    rc = ly_merge(g, top + (uint32_t)d, c + (uint32_t)k, top + (uint32_t)d, c + (uint32_t)e, err);
                }
            }
        }
    }
    (void)t;
    return rc;
}

static int ly_row(const ly_panel *lp, size_t ri, bk_grid *g, uint32_t gr, int32_t scale, bk_error *err)
{
    const bk_panel *p = lp->p;
    const bk_row *row = &p->rows[ri];
    uint32_t extra = row->role != BK_ROW_DATA ? BK_GRID_TOTAL : 0;
    uint32_t c = lp->c0;
    int rc = BK_OK;
    (void)scale;
    bool printed_code = row->code && !(row->flags & BK_ROW_CODE_DERIVED);
    if (lp->has_code && lp->has_name && lp->pd && lp->pd->total_spans_code && extra && !printed_code && row->name) {
        /* 合计 printed over the code and name columns (the recognizer reads it from the code column) */
        uint32_t lvl = row->level > 0 ? (uint32_t)row->level : 0;
        if (lvl > 15) lvl = 15;
        rc = ly_set(g, gr, c, row->name, BK_GRID_NAME | extra | (lvl << BK_GRID_INDENT_SHIFT), err);
        if (!rc) rc = ly_merge(g, gr, c, gr, c + 1, err);
        c += 2;
    } else {
        if (lp->has_code) {
            if (printed_code) rc = ly_set(g, gr, c, row->code, BK_GRID_CODE | extra, err);
            c++;
        }
        if (lp->has_name && !rc) {
            uint32_t lvl = row->level > 0 ? (uint32_t)row->level : 0;
            if (lvl > 15) lvl = 15;
            rc = ly_set(g, gr, c, row->name, BK_GRID_NAME | extra | (lvl << BK_GRID_INDENT_SHIFT), err);
            c++;
        }
    }
    for (size_t k = 0; k < p->n_columns && !rc; k++) {
        const bk_cell *cell = &row->cells[k];
        if (cell->kind == BK_CELL_AMOUNT) {
            char buf[BK_AMOUNT_TEXT_MAX];
            if (bk_amount_format(cell->amount, buf, sizeof buf))
                rc = ly_set(g, gr, c + (uint32_t)k, buf, BK_GRID_AMOUNT | extra, err);
        } else if (cell->kind == BK_CELL_TEXT) {
            rc = ly_set(g, gr, c + (uint32_t)k, cell->text, extra, err);
        }
    }
    return rc;
}

/* Side by side, the closing rows (本年收入合计 … beside 本年支出合计 …) line up as printed:
 * closing[i] is panel i's first closing row, *target the row slot they share. */
static void ly_closing(const ly_panel *lp, size_t np, size_t closing[8], size_t *target)
{
    *target = 0;
    for (size_t i = 0; i < np; i++) {
        const bk_panel *p = lp[i].p;
        closing[i] = p->n_rows;
        for (size_t k = 0; k < p->n_rows; k++)
            if (p->rows[k].role != BK_ROW_DATA && p->rows[k].level == 0) {
                closing[i] = k;
                break;
            }
        if (np > 1 && closing[i] < p->n_rows && closing[i] > *target) *target = closing[i];
    }
}

static size_t ly_shift(const ly_panel *lp, size_t np, size_t i, const size_t closing[8], size_t target)
{
    return np > 1 && closing[i] < lp[i].p->n_rows ? target - closing[i] : 0;
}

/* The template prints a 栏次 row (1 2 3 …) under the header (definitions: "column_numbers"). */
static bool ly_column_numbers(const bk_table *t)
{
    const bk_table_def *def = bk_table_def_find(t->kind);
    return def && def->column_numbers;
}

static bool ly_panel_row(const bk_table *t, size_t np)
{
    bool panel_row = false;
    for (size_t i = 0; i < np; i++) panel_row |= np > 1 && t->panels[i].label;
    return panel_row;
}

int bk_layout_table(const bk_table *t, bk_grid *out, uint32_t first_row, uint32_t *next_row, bk_error *err)
{
    if (!t || !out) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no table or grid");
    ly_panel lp[8];
    size_t np = t->n_panels < 8 ? t->n_panels : 8;
    int depth = 1;
    ly_geometry(t, lp, np, &depth);
    uint32_t width = np ? lp[np - 1].c0 + lp[np - 1].width : 1;
    uint32_t r = first_row;
    int rc = BK_OK;
    char buf[RZ_NORM_MAX + 32];
    if (t->number_label) rc = ly_set(out, r++, 0, t->number_label, BK_GRID_TITLE, err);
    if (!rc) rc = ly_set(out, r, 0, t->title ? t->title : t->kind, BK_GRID_TITLE, err);
    if (!rc) rc = ly_merge(out, r, 0, r, width > 0 ? width - 1 : 0, err);
    r++;
    if (!rc && t->department) {
        snprintf(buf, sizeof buf, "部门名称：%s", t->department);
        rc = ly_set(out, r++, 0, buf, BK_GRID_META, err);
    }
    if (!rc && t->unit_label) {
        snprintf(buf, sizeof buf, "单位：%s", t->unit_label);
        rc = ly_set(out, r++, 0, buf, BK_GRID_META, err);
    }
    if (!rc && ly_panel_row(t, np)) {
        for (size_t i = 0; i < np && !rc; i++) {
            rc = ly_set(out, r, lp[i].c0, t->panels[i].label, BK_GRID_HEADER, err);
            if (!rc && lp[i].width > 1) rc = ly_merge(out, r, lp[i].c0, r, lp[i].c0 + lp[i].width - 1, err);
        }
        r++;
    }
    if (!rc) rc = ly_header(t, lp, np, depth, out, r, err);
    r += (uint32_t)depth;
    if (!rc && ly_column_numbers(t)) { /* the recognizer skips it: "1 2 3 …" counting up from 1 */
        for (uint32_t c = 0; c < width && !rc; c++) {
            char num[16];
            snprintf(num, sizeof num, "%u", c + 1);
            rc = ly_set(out, r, c, num, BK_GRID_HEADER, err);
        }
        r++;
    }
    size_t closing[8], target = 0, n = 0;
    ly_closing(lp, np, closing, &target);
    for (size_t i = 0; i < np; i++) {
        size_t shift = ly_shift(lp, np, i, closing, target);
        if (lp[i].p->n_rows + shift > n) n = lp[i].p->n_rows + shift;
    }
    for (size_t g = 0; g < n && !rc; g++) {
        for (size_t i = 0; i < np && !rc; i++) {
            size_t shift = ly_shift(lp, np, i, closing, target);
            size_t k = g;
            if (g >= closing[i] + shift)
                k = g - shift;
            else if (g >= closing[i])
                continue; /* the gap above the closing rows */
            if (k < lp[i].p->n_rows) rc = ly_row(&lp[i], k, out, r, t->scale, err);
        }
        /* keep the full width so that readers see every column */
        if (!rc && rz_width(out, r) < width) rc = bk_grid_set(out, r, width - 1, NULL, 0, 0, (bk_pos){.line = 0});
        r++;
    }
    if (!rc && t->note) rc = ly_set(out, r++, 0, t->note, BK_GRID_NOTE, err);
    if (next_row) *next_row = r;
    return rc;
}

int bk_layout_table_cell(const bk_table *t, size_t panel, int32_t row, int32_t column, uint32_t *grid_row,
                         uint32_t *grid_col)
{
    if (!t || !grid_row || !grid_col || panel >= t->n_panels || panel >= 8) return BK_ERR_NOT_FOUND;
    const bk_panel *p = &t->panels[panel];
    if (row >= 0 && (size_t)row >= p->n_rows) return BK_ERR_NOT_FOUND;
    if (column >= 0 && (size_t)column >= p->n_columns) return BK_ERR_NOT_FOUND;
    ly_panel lp[8];
    size_t np = t->n_panels < 8 ? t->n_panels : 8;
    int depth = 1;
    ly_geometry(t, lp, np, &depth);
    /* the rows above the body, as bk_layout_table() lays them out */
    uint32_t numbers = ly_column_numbers(t) ? 1u : 0u;
    uint32_t top = (t->number_label ? 1u : 0u) + 1u + (t->department ? 1u : 0u) + (t->unit_label ? 1u : 0u) +
                   (ly_panel_row(t, np) ? 1u : 0u) + (uint32_t)depth + numbers;
    size_t closing[8], target = 0;
    ly_closing(lp, np, closing, &target);
    size_t k = row < 0 ? 0 : (size_t)row;
    size_t slot = k >= closing[panel] ? k + ly_shift(lp, np, panel, closing, target) : k;
    *grid_row = row < 0 ? top - 1 - numbers : top + (uint32_t)slot; /* a column: its header, not its 栏次 */
    uint32_t first_value = lp[panel].c0 + lp[panel].has_code + lp[panel].has_name;
    if (column >= 0)
        *grid_col = first_value + (uint32_t)column;
    else
        *grid_col = lp[panel].has_name ? first_value - 1 : lp[panel].c0; /* the row's name */
    return BK_OK;
}

/* ---------------------------------------------------------------- forms */

typedef struct ly_form {
    bk_grid *g;
    uint32_t r;
    bk_error *err;
    int rc;
    size_t want; /* bk_layout_perf_amount_cell(): the amount to find, or SIZE_MAX */
    uint32_t found_r, found_c;
    bool found;
} ly_form;

static void ly_cells(ly_form *f, const char *const *cells, uint32_t n, uint32_t flags)
{
    for (uint32_t i = 0; i < n && !f->rc; i++)
        if (cells[i]) f->rc = ly_set(f->g, f->r, i, cells[i], i == 0 ? (flags | BK_GRID_HEADER) : flags, f->err);
    if (!f->rc && rz_width(f->g, f->r) < n) f->rc = bk_grid_set(f->g, f->r, n - 1, NULL, 0, 0, (bk_pos){.line = 0});
    f->r++;
}

/* Merge columns c1..c2 of the row just laid out (as the published forms print it). */
static void ly_form_merge(ly_form *f, uint32_t c1, uint32_t c2)
{
    if (!f->rc && f->r > 0) f->rc = ly_merge(f->g, f->r - 1, c1, f->r - 1, c2, f->err);
}

/* A form's title line: one cell merged across the form. */
static void ly_form_title(ly_form *f, const char *text, uint32_t width)
{
    const char *c[1] = {text};
    ly_cells(f, c, 1, BK_GRID_TITLE);
    ly_form_merge(f, 0, width - 1);
}

static const bk_field *ly_field(const bk_perf_target *p, const char *key)
{
    for (size_t i = 0; i < p->n_fields; i++)
        if (p->fields[i].key && !strcmp(p->fields[i].key, key)) return &p->fields[i];
    return NULL;
}

static bool ly_footer_key(const char *k)
{
    return k && (!strcmp(k, "responsible_person") || !strcmp(k, "handler") || !strcmp(k, "phone") ||
                 !strcmp(k, "fill_date"));
}

static void ly_amount_text(const bk_perf_amount *a, char *buf, size_t cap, const char **out)
{
    *out = NULL;
    if (a->value.kind == BK_CELL_AMOUNT && bk_amount_format(a->value.amount, buf, cap))
        *out = buf;
    else if (a->value.kind == BK_CELL_TEXT)
        *out = a->value.text;
}

static void ly_amount_pairs(ly_form *f, const bk_perf_target *p, const char *g1, const char *g2, const char *lead,
                            uint32_t width)
{
    size_t i1[64], i2[64], n1 = 0, n2 = 0;
    for (size_t i = 0; i < p->n_amounts; i++) {
        const char *g = p->amounts[i].group ? p->amounts[i].group : "";
        if (!strcmp(g, g1) && n1 < 64)
            i1[n1++] = i;
        else if (!strcmp(g, g2) && n2 < 64)
            i2[n2++] = i;
    }
    size_t n = n1 > n2 ? n1 : n2;
    for (size_t k = 0; k < n && !f->rc; k++) {
        char b1[BK_AMOUNT_TEXT_MAX], b2[BK_AMOUNT_TEXT_MAX];
        const char *cells[8] = {NULL};
        const char *v1 = NULL, *v2 = NULL;
        if (k < n1) ly_amount_text(&p->amounts[i1[k]], b1, sizeof b1, &v1);
        if (k < n2) ly_amount_text(&p->amounts[i2[k]], b2, sizeof b2, &v2);
        cells[0] = k == 0 ? lead : NULL;
        uint32_t second = width == 8 ? 4 : 3; /* the second group's label column */
        cells[1] = k < n1 ? p->amounts[i1[k]].label : NULL;
        cells[second] = k < n2 ? p->amounts[i2[k]].label : NULL;
        ly_cells(f, cells, width, 0);
        /* only the figures are amounts: the writers format them with their scale */
        f->r--;
        if (!f->rc && v1) f->rc = ly_set(f->g, f->r, 2, v1, BK_GRID_AMOUNT, f->err);
        if (!f->rc && v2) f->rc = ly_set(f->g, f->r, second + 1, v2, BK_GRID_AMOUNT, f->err);
        if (k < n1 && i1[k] == f->want) f->found = true, f->found_r = f->r, f->found_c = 2;
        if (k < n2 && i2[k] == f->want) f->found = true, f->found_r = f->r, f->found_c = second + 1;
        f->r++;
        if (width == 8) {
            ly_form_merge(f, 2, 3);
            ly_form_merge(f, 5, 7);
        }
    }
}

/* One printed indicator row: the cells of the 5- or 8-column form. */
typedef struct ly_ind_row {
    const char *c[8];
} ly_ind_row;

/* A row the recognizer reads the same with its 一级/二级 cells blank (printed under a merge): not one
 * whose last value is blank beside a 三级 text (it would take that row for one that lost a cell). */
static bool ly_ind_continues(const ly_ind_row *x, uint32_t width)
{
    return !(!x->c[width - 1] && x->c[width - 2]);
}

static bool ly_same_text(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* Merge column @p col down over the runs of equal text in @p rows (grid rows @p top…): 一级指标
 * (col 1) within the form, 二级指标 (@p parent = 1) within its 一级. The covered cells are blanked. */
static void ly_ind_runs(ly_ind_row *rows, size_t n, uint32_t top, uint32_t col, int parent, uint32_t width,
                        uint32_t merges[][2], size_t *n_merges)
{
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e + 1 < n && ly_same_text(rows[i].c[col], rows[e + 1].c[col]) && ly_ind_continues(&rows[e + 1], width) &&
               (parent < 0 || (ly_same_text(rows[i].c[parent], rows[e + 1].c[parent]) && rows[e + 1].c[col + 1] &&
                               rows[e + 1].c[col + 2])))
            e++;
        if (e > i) {
            merges[*n_merges][0] = top + (uint32_t)i;
            merges[*n_merges][1] = top + (uint32_t)e;
            (*n_merges)++;
        }
        i = e + 1;
    }
}

static void ly_indicators(ly_form *f, const bk_perf_target *p, uint32_t width)
{
    if (p->n_indicators == 0) return;
    uint32_t head = f->r;
    if (width == 8) {
        const char *h[8] = {"绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"};
        ly_cells(f, h, 8, BK_GRID_HEADER);
    } else {
        const char *h[5] = {NULL, "一级指标", "二级指标", "三级指标", "指标值"};
        ly_cells(f, h, 5, BK_GRID_HEADER);
    }
    ly_ind_row *rows = calloc(p->n_indicators, sizeof *rows);
    uint32_t(*merges)[2] = calloc(3 * p->n_indicators + 1, sizeof *merges);
    uint32_t *merge_col = calloc(3 * p->n_indicators + 1, sizeof *merge_col);
    if (!rows || !merges || !merge_col) {
        f->rc = bk_error_set(f->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        free(rows), free(merges), free(merge_col);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->n_indicators; i++, n++) {
        const bk_indicator *a = &p->indicators[i], *b = NULL;
        const char **cells = rows[n].c;
        if (width == 8) {
            bool annual_only = a->period && !strcmp(a->period, "annual");
            if (!annual_only && i + 1 < p->n_indicators && p->indicators[i + 1].period &&
                !strcmp(p->indicators[i + 1].period, "annual"))
                b = &p->indicators[++i];
            if (annual_only) {
                b = a;
                a = NULL;
            }
            cells[1] = a ? a->level1 : b->level1;
            if (a) {
                cells[2] = a->level2;
                cells[3] = a->level3;
                cells[4] = a->value_raw;
            }
            if (b) {
                cells[5] = b->level2;
                cells[6] = b->level3;
                cells[7] = b->value_raw;
            }
        } else {
            cells[1] = a->level1;
            cells[2] = a->level2;
            cells[3] = a->level3;
            cells[4] = a->value_raw;
        }
    }
    /* as printed: 一级指标 merged down its rows, 二级指标 down the rows it shares within its 一级 */
    uint32_t top = head + 1;
    size_t nm = 0, from = 0;
    ly_ind_runs(rows, n, top, 1, -1, width, merges, &nm);
    for (; from < nm; from++) merge_col[from] = 1;
    ly_ind_runs(rows, n, top, 2, 1, width, merges, &nm);
    for (; from < nm; from++) merge_col[from] = 2;
    if (width == 8) ly_ind_runs(rows, n, top, 5, 1, width, merges, &nm);
    for (; from < nm; from++) merge_col[from] = 5;
    for (size_t m = 0; m < nm; m++)
        for (uint32_t r = merges[m][0] + 1; r <= merges[m][1]; r++) rows[r - top].c[merge_col[m]] = NULL;
    for (size_t k = 0; k < n && !f->rc; k++) ly_cells(f, rows[k].c, width, 0);
    for (size_t m = 0; m < nm && !f->rc; m++)
        f->rc = ly_merge(f->g, merges[m][0], merge_col[m], merges[m][1], merge_col[m], f->err);
    free(rows);
    free(merges);
    free(merge_col);
}

static int ly_perf(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row, ly_form *found,
                   bk_error *err);

int bk_layout_perf_target(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row, bk_error *err)
{
    return ly_perf(p, out, first_row, next_row, NULL, err);
}

int bk_layout_perf_amount_cell(const bk_perf_target *p, size_t amount, uint32_t *grid_row, uint32_t *grid_col)
{
    if (!p || !grid_row || !grid_col || amount >= p->n_amounts) return BK_ERR_NOT_FOUND;
    bk_grid *g = bk_grid_new(NULL); /* the form is laid out again: its rows depend on every field */
    if (!g) return BK_ERR_NOMEM;
    ly_form f = {.want = amount};
    bk_error err;
    bk_error_clear(&err);
    int rc = ly_perf(p, g, 0, NULL, &f, &err);
    bk_grid_free(g);
    if (rc) return rc;
    if (!f.found) return BK_ERR_NOT_FOUND;
    *grid_row = f.found_r;
    *grid_col = f.found_c;
    return BK_OK;
}

static int ly_perf(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row, ly_form *found,
                   bk_error *err)
{
    if (!p || !out) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no form or grid");
    ly_form f = {out, first_row, err, BK_OK, found ? found->want : SIZE_MAX, 0, 0, false};
    bool project = p->kind == BK_PERF_PROJECT;
    uint32_t width = project ? 8 : 5;
    ly_form_title(&f, p->title ? p->title : (project ? "项目支出绩效目标表" : "部门整体支出绩效目标申报表"), width);
    if (p->period_label) ly_form_title(&f, p->period_label, width);
    bool amounts_done = p->n_amounts == 0, tasks_done = p->n_tasks == 0, ind_done = false;
    for (size_t i = 0; i < p->n_fields && !f.rc; i++) {
        const bk_field *fl = &p->fields[i];
        const char *key = fl->key ? fl->key : "";
        if (!ind_done && ly_footer_key(key)) {
            ly_indicators(&f, p, width);
            ind_done = true;
        }
        if (!strcmp(key, "goal_implementation") || !strcmp(key, "goal_annual")) {
            const bk_field *gi = ly_field(p, "goal_implementation"), *ga = ly_field(p, "goal_annual");
            if (fl != gi && gi) continue; /* printed with goal_implementation */
            const char *h[8] = {gi ? gi->label : "实施期目标", NULL, NULL, NULL, ga ? ga->label : "年度目标"};
            ly_cells(&f, h, width, BK_GRID_HEADER);
            ly_form_merge(&f, 0, 3);
            ly_form_merge(&f, 4, width - 1);
            const char *v[8] = {"总体目标", gi ? gi->value : NULL, NULL, NULL, ga ? ga->value : NULL};
            ly_cells(&f, v, width, 0);
            ly_form_merge(&f, 1, 3);
            ly_form_merge(&f, 4, width - 1);
            continue;
        }
        if (!strcmp(key, "annual_goals") && !tasks_done) {
            const char *h[5] = {NULL, "核心职能", NULL, "重点任务", NULL};
            ly_cells(&f, h, 5, BK_GRID_HEADER);
            for (size_t k = 0; k < p->n_tasks && !f.rc; k++) {
                const char *c[5] = {k == 0 ? "年度重点任务" : NULL, p->tasks[k].label, p->tasks[k].value};
                ly_cells(&f, c, 5, 0);
            }
            tasks_done = true;
        }
        const char *c[8] = {fl->label ? fl->label : key, NULL, fl->value};
        if (!project) {
            c[1] = fl->value;
            c[2] = NULL;
        }
        ly_cells(&f, c, width, 0);
        /* the label and its value each span their columns */
        if (project) ly_form_merge(&f, 0, 1);
        ly_form_merge(&f, project ? 2 : 1, width - 1);
        if (!amounts_done && (!strcmp(key, "period") || !strcmp(key, "strategic_goals"))) {
            if (project) {
                ly_amount_pairs(&f, p, "implementation", "annual",
                                p->unit == BK_UNIT_WAN_YUAN ? "项目资金（万元）" : "项目资金（元）", 8);
            } else {
                const char *h[5] = {"年度预算情况", "按资金来源划分", "资金总额（万元）", "按资金方向划分",
                                    "资金总额（万元）"};
                ly_cells(&f, h, 5, BK_GRID_HEADER);
                ly_amount_pairs(&f, p, "by_source", "by_direction", NULL, 5);
            }
            amounts_done = true;
        }
    }
    if (!f.rc && !amounts_done) {
        if (project)
            ly_amount_pairs(&f, p, "implementation", "annual", "项目资金（元）", 8);
        else {
            const char *h[5] = {"年度预算情况", "按资金来源划分", "资金总额（万元）", "按资金方向划分",
                                "资金总额（万元）"};
            ly_cells(&f, h, 5, BK_GRID_HEADER);
            ly_amount_pairs(&f, p, "by_source", "by_direction", NULL, 5);
        }
    }
    if (!f.rc && !tasks_done) {
        const char *h[5] = {NULL, "核心职能", NULL, "重点任务", NULL};
        ly_cells(&f, h, 5, BK_GRID_HEADER);
        for (size_t k = 0; k < p->n_tasks && !f.rc; k++) {
            const char *c[5] = {k == 0 ? "年度重点任务" : NULL, p->tasks[k].label, p->tasks[k].value};
            ly_cells(&f, c, 5, 0);
        }
    }
    if (!f.rc && !ind_done) ly_indicators(&f, p, width);
    if (next_row) *next_row = f.r;
    if (found) *found = f;
    return f.rc;
}
