/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The table builder on hand-made pages: rules in pieces and as thin rectangles,
 * merged cells from partial rules, wrapped cell text, a label 2 pt off its number,
 * text lines in parts, a continued table's repeated header, and contents pages. */
#include "pdf_emit.h"
#include "pdf_layout.h"

#include <budgetkit/registry.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

/* Put UTF-8 @p s at (x, y): each character 10 pt wide and tall (ASCII 5 pt wide). */
static void put(pdfp_page *p, float x, float y, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        uint32_t cp;
        int n;
        if (*u < 0x80) {
            cp = *u;
            n = 1;
        } else if (*u < 0xE0) {
            cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
            n = 2;
        } else if (*u < 0xF0) {
            cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
            n = 3;
        } else {
            cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) |
                 (u[3] & 0x3F);
            n = 4;
        }
        float w = cp < 0x80 ? 5 : 10;
        CHECK_INT(pdfp_page_add_char(p, cp, x, y, x + w, y + 10), 0);
        x += w;
        u += n;
    }
}

/* A horizontal rule from x0 to x1 at y, drawn as thin filled pieces of 50 pt (as WPS does, cell by cell). */
static void hrule(pdfp_page *p, float y, float x0, float x1)
{
    for (float x = x0; x < x1; x += 50)
        CHECK_INT(pdfp_page_add_box(p, x, y - 0.4f, x + 50 < x1 ? x + 50 : x1, y + 0.4f, 2.5f), 0);
}

static void vrule(pdfp_page *p, float x, float y0, float y1)
{
    CHECK_INT(pdfp_page_add_line(p, x, y0, x, y1), 0);
}

static const pdfp_tcell *cell_at(const pdfp_table *t, uint32_t r, uint32_t c)
{
    for (size_t i = 0; i < t->n_cells; i++)
        if (t->cells[i].r0 == r && t->cells[i].c0 == c) return &t->cells[i];
    return NULL;
}

/* A table of 3 columns (x 100 | 200 | 300 | 400) and 4 bands (y 100 | 120 | 140 | 170 | 190):
 * band 0: 项目 over columns 0-1 (no rule at x 200 there), 金额 in column 2;
 * bands 1-2: column 2 merged (no rule at y 140 under it); band 2 a wrapped name. */
static void table_page(pdfp_page *p, bool header_only)
{
    hrule(p, 100, 100, 400);
    hrule(p, 120, 100, 400);
    hrule(p, 140, 100, 300);
    hrule(p, 170, 100, 400);
    if (!header_only) hrule(p, 190, 100, 400);
    float bottom = header_only ? 170 : 190;
    vrule(p, 100, 100, bottom);
    vrule(p, 200, 120, bottom);
    vrule(p, 300, 100, bottom);
    vrule(p, 400, 100, bottom);
    put(p, 130, 105, "项目");
    put(p, 330, 105, "金额");
    put(p, 110, 125, "编码");
    put(p, 210, 125, "名称");
    put(p, 310, 145, "预算数");
    put(p, 110, 145, "201");
    put(p, 202, 142, "机关事业单");
    put(p, 202, 156, "位支出");
    if (!header_only) {
        put(p, 110, 175, "合计");
        put(p, 302, 175, "8,261.00");
    }
}

static void test_table(void)
{
    pdfp_page p;
    pdfp_page_init(&p, 1, 10000);
    put(&p, 150, 60, "2024年收入决算表");
    put(&p, 100, 80, "编制部门：某局");
    put(&p, 340, 80, "单位：万元");
    table_page(&p, false);
    pdfp_layout l;
    CHECK_INT(pdfp_layout_page(&p, NULL, &l, NULL), 0);
    CHECK_INT(l.n_items, 3);
    const pdfp_table *t = l.n_items == 3 ? l.items[2].table : NULL;
    CHECK(t != NULL);
    if (t) {
        CHECK_INT(t->n_cols, 3);
        CHECK_INT(t->n_rows, 4);
        const pdfp_tcell *c = cell_at(t, 0, 0);
        CHECK(c && c->c1 == 1 && c->r1 == 0);
        if (c) CHECK_STR(c->text, "项目");
        c = cell_at(t, 1, 2);
        CHECK(c && c->r1 == 2 && c->c1 == 2); /* 预算数 spans bands 1-2 */
        if (c) CHECK_STR(c->text, "预算数");
        c = cell_at(t, 2, 1);
        if (c) CHECK_STR(c->text, "机关事业单位支出");
        c = cell_at(t, 3, 2);
        if (c) CHECK_STR(c->text, "8,261.00"); /* 2 pt right of the rule: its own cell */
        CHECK(cell_at(t, 2, 2) == NULL);       /* inside the merged cell */
    }
    /* the line above: two parts */
    const pdfp_tline *ln = l.n_items == 3 ? l.items[1].line : NULL;
    CHECK(ln && ln->n_parts == 2);
    if (ln && ln->n_parts == 2) {
        CHECK_STR(ln->parts[0].text, "编制部门：某局");
        CHECK_STR(ln->parts[1].text, "单位：万元");
    }
    pdfp_layout_free(&l);
    pdfp_page_free(&p);
}

static char *grid_line(const bk_grid *g, uint32_t r)
{
    static char buf[512];
    size_t o = 0;
    buf[0] = '\0';
    if (r >= g->n_rows) return buf;
    uint32_t w = g->rows[r].n_cells;
    while (w > 0 && !g->rows[r].cells[w - 1].text) w--;
    for (uint32_t c = 0; c < w && o + 64 < sizeof buf; c++) {
        const char *t = g->rows[r].cells[c].text;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", c ? "|" : "", t ? t : "");
    }
    return buf;
}

/* Page 1: 目录 (not a table, not in the grid). Page 2: the table, its last rows on page 3
 * under the header printed again, which is dropped. */
static void test_emit(void)
{
    const bk_host *h = bk_host_api();
    bk_limits lim;
    bk_limits_default(&lim);
    pdfp_emit *e = pdfp_emit_new(h, &lim, "t.pdf");
    CHECK(e != NULL);
    if (!e) return;
    bk_error err;
    bk_error_clear(&err);
    pdfp_page p;
    pdfp_layout l;
    pdfp_page_init(&p, 1, 10000);
    put(&p, 200, 50, "目  录");
    put(&p, 100, 80, "一、收入决算表……………………3");
    CHECK_INT(pdfp_layout_page(&p, NULL, &l, NULL), 0);
    CHECK_INT(pdfp_emit_page(e, 1, &l, &err), 0);
    pdfp_layout_free(&l);

    pdfp_page_reset(&p, 2);
    put(&p, 150, 60, "2024年收入决算表");
    table_page(&p, true);
    CHECK_INT(pdfp_layout_page(&p, NULL, &l, NULL), 0);
    CHECK_INT(pdfp_emit_page(e, 2, &l, &err), 0);
    pdfp_layout_free(&l);

    pdfp_page_reset(&p, 3);
    table_page(&p, false);
    CHECK_INT(pdfp_layout_page(&p, NULL, &l, NULL), 0);
    CHECK_INT(pdfp_emit_page(e, 3, &l, &err), 0);
    pdfp_layout_free(&l);
    CHECK_INT(pdfp_emit_finish(e, &err), 0);

    const bk_grid *g = pdfp_emit_grid(e);
    CHECK_STR(grid_line(g, 0), "2024年收入决算表");
    CHECK_STR(grid_line(g, 1), "项目||金额");
    CHECK_STR(grid_line(g, 2), "编码|名称|预算数");
    CHECK_STR(grid_line(g, 3), "201|机关事业单位支出");
    CHECK_STR(grid_line(g, 4), "合计||8,261.00"); /* page 3: the header rows 0-2 dropped */
    CHECK_INT(g->n_rows, 5);
    CHECK_INT(g->rows[4].cells[0].src.page, 3);
    CHECK_INT(g->rows[4].cells[0].src.line, 0);
    /* the cell's box in 1/100 pt, inside its row's box, which spans the table */
    const bk_box *cb = &g->rows[4].cells[0].src.box, *rb = &g->rows[4].src.box;
    CHECK(cb->x0 < cb->x1 && cb->y0 < cb->y1);
    CHECK_INT(g->rows[4].src.page, 3);
    CHECK(rb->x0 <= cb->x0 && rb->y0 <= cb->y0 && cb->y1 <= rb->y1 && rb->x1 > cb->x1);
    CHECK_INT(g->n_merges, 2);
    uint32_t cp = 0;
    bk_box cbox;
    const char *contents = pdfp_emit_contents(e, &cp, &cbox);
    CHECK(contents != NULL);
    if (contents) CHECK_STR(contents, "一、收入决算表\t3");
    CHECK_INT(cp, 1);
    CHECK(cbox.x0 > 0 && cbox.x0 < cbox.x1 && cbox.y0 < cbox.y1);
    pdfp_page_free(&p);
    pdfp_emit_free(e);
}

int main(void)
{
    test_table();
    test_emit();
    return CHECK_DONE("test_pdf_layout");
}
