/* SPDX-License-Identifier: MIT */
/* A table the definitions do not know (a province's extra 部门资产情况表, a
 * renamed table): kept whole, as printed, as a `custom` table, so that nothing
 * of a disclosure is lost or read as text. Its columns carry their printed
 * header paths; its cells are amounts where they read as amounts and text
 * otherwise. One warning per table says that it was not understood. */
#include "recognize_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far a title may be from its header line (blank, 单位/部门 lines) and the header from data. */
#define RZ_CUSTOM_LOOKAHEAD 6
/* Longest title we take for one: a longer single-cell line ending in 表 is a sentence. */
#define RZ_CUSTOM_TITLE_MAX 120

/* A single-cell line shaped like a table title: …表, or …表(suffix), not prose, not a list. */
static bool ct_title_shape(const char *text)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(text, n, sizeof n);
    size_t len = strlen(n);
    if (len < 6 || len > RZ_CUSTOM_TITLE_MAX || rz_is_prose(text) || rz_contains(n, "…") || rz_contains(n, "...") ||
        rz_contains(n, ":") || rz_heading_level(text) > 0 || rz_is_number_label(text))
        return false;
    const char *open = strchr(n, '(');
    size_t body = open ? (size_t)(open - n) : len;
    if (open && !strchr(open, ')')) return false;
    return body >= 3 && !memcmp(n + body - 3, "表", 3);
}

/* A line of data: an amount with decimals or separators (a year in a header is not one),
 * or a code of 3+ digits followed by an amount. */
static bool ct_data_row(const bk_grid *g, uint32_t r)
{
    uint32_t w = rz_width(g, r);
    bool amount = false;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        bk_amount a;
        if (!*s || rz_amount(s, &a) != BK_AMOUNT_OK) continue;
        if (a.scale > 0 || strchr(s, ',')) return true;
        amount = true;
    }
    return amount && rz_is_digits(rz_cell(g, r, rz_first(g, r)), 3);
}

static bool ct_meta_line(rz_ctx *c, uint32_t r)
{
    rz_tab t;
    memset(&t, 0, sizeof t);
    t.c = c;
    return rz_meta_row(&t, r, false);
}

bool rz_custom_title(rz_ctx *c, uint32_t r)
{
    const bk_grid *g = c->g;
    if (rz_nonblank(g, r) != 1 || !ct_title_shape(rz_cell(g, r, rz_first(g, r)))) return false;
    if (rz_match_title(c, rz_cell(g, r, rz_first(g, r)))) return false;
    uint32_t k = r + 1, seen = 0;
    while (k < g->n_rows && seen < RZ_CUSTOM_LOOKAHEAD && (rz_nonblank(g, k) == 0 || ct_meta_line(c, k))) k++, seen++;
    if (k >= g->n_rows || rz_nonblank(g, k) < 2 || ct_data_row(g, k)) return false;
    for (uint32_t d = k + 1; d < g->n_rows && d <= k + RZ_CUSTOM_LOOKAHEAD; d++) {
        if (ct_data_row(g, d)) return true;
        if (rz_nonblank(g, d) == 1 && rz_is_prose(rz_cell(g, d, rz_first(g, d)))) return false;
    }
    return false;
}

/* What the recognizer knows of any table: codes (one column or 类|款|项) and names by their
 * generic headers (…编码, …名称, 项目); every other printed leaf column is unmapped, kept with
 * its printed header path. */
static const bk_panel_def CUSTOM_PANEL = {.key = "main", .coding = BK_CODING_FUNCTION};
static const bk_table_def CUSTOM_DEF = {.kind = "custom",
                                        .family = BK_DOC_UNKNOWN,
                                        .title = NULL,
                                        .unit = BK_UNIT_UNKNOWN,
                                        .scale = 0,
                                        .panels = &CUSTOM_PANEL,
                                        .n_panels = 1,
                                        .description = "a table the definitions do not know, as printed"};

bool rz_is_custom_def(const bk_table_def *def)
{
    return def == &CUSTOM_DEF;
}

int rz_custom_table(rz_ctx *c, uint32_t r, uint32_t *next)
{
    size_t ti = c->doc->n_tables;
    int rc = rz_table(c, &CUSTOM_DEF, r, next);
    if (rc || c->doc->n_tables <= ti) return rc;
    const bk_table *tb = &c->doc->tables[ti];
    size_t rows = 0, cols = 0;
    for (size_t p = 0; p < tb->n_panels; p++) {
        rows += tb->panels[p].n_rows;
        cols += tb->panels[p].n_columns;
    }
    rz_warn(c, tb->pos,
            "%s: not a table the definitions know; kept as printed as a custom table "
            "(%zu columns unmapped_N with their printed headers, %zu rows)",
            tb->title, cols, rows);
    return BK_OK;
}
