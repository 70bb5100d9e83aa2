/* SPDX-License-Identifier: MIT */
#include <budgetkit/grid.h>
#include "arena.h"
#include <stdlib.h>
#include <string.h>

bk_grid *bk_grid_new(const char *name)
{
    bk_grid *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->arena = bk_arena_new();
    if (!g->arena) {
        free(g);
        return NULL;
    }
    if (name && !(g->name = bk_arena_strdup(g->arena, name, (size_t)-1))) {
        bk_grid_free(g);
        return NULL;
    }
    return g;
}

void bk_grid_free(bk_grid *g)
{
    if (!g) return;
    for (uint32_t r = 0; r < g->n_rows; r++) free(g->rows[r].cells);
    free(g->rows);
    free(g->merges);
    bk_arena_free(g->arena);
    free(g);
}

int bk_grid_set(bk_grid *g, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags, bk_pos src)
{
    if (!g || row == UINT32_MAX || col == UINT32_MAX || len > UINT32_MAX) return BK_ERR_INVALID_ARG;
    if (row >= g->n_rows) {
        if (bk_grow((void **)&g->rows, &g->cap_rows, (size_t)row + 1, sizeof *g->rows)) return BK_ERR_NOMEM;
        g->n_rows = row + 1;
    }
    bk_grid_row *r = &g->rows[row];
    if (col >= r->n_cells) {
        size_t cap = r->cap_cells;
        if (bk_grow((void **)&r->cells, &cap, (size_t)col + 1, sizeof *r->cells)) return BK_ERR_NOMEM;
        r->cap_cells = (uint32_t)cap;
        r->n_cells = col + 1;
        if (r->n_cells > g->n_cols) g->n_cols = r->n_cells;
    }
    if (!r->src.line && !r->src.page && !r->src.sheet) r->src = src;
    bk_grid_cell *c = &r->cells[col];
    c->text = text ? bk_arena_strdup(g->arena, text, len) : NULL;
    if (text && !c->text) return BK_ERR_NOMEM;
    c->len = text ? (uint32_t)len : 0;
    c->flags = flags;
    c->src = src;
    return BK_OK;
}

int bk_grid_add_merge(bk_grid *g, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
    if (!g || r2 < r1 || c2 < c1) return BK_ERR_INVALID_ARG;
    if (bk_grow((void **)&g->merges, &g->cap_merges, g->n_merges + 1, sizeof *g->merges)) return BK_ERR_NOMEM;
    g->merges[g->n_merges++] = (bk_grid_merge){r1, c1, r2, c2};
    return BK_OK;
}

const bk_grid_cell *bk_grid_get(const bk_grid *g, uint32_t row, uint32_t col)
{
    if (!g || row >= g->n_rows || col >= g->rows[row].n_cells) return NULL;
    const bk_grid_cell *c = &g->rows[row].cells[col];
    return c->text ? c : NULL;
}

const char *bk_grid_text(const bk_grid *g, uint32_t row, uint32_t col)
{
    const bk_grid_cell *c = bk_grid_get(g, row, col);
    return c ? c->text : "";
}
