/* SPDX-License-Identifier: MIT */
/* Finance-export quirks: 类/款/项 split codes joined on the grid. */
#include "xlsx_codes.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool cell_is(const bk_grid *g, uint32_t r, uint32_t c, const char *text)
{
    if (r >= g->n_rows || c >= g->rows[r].n_cells || !g->rows[r].cells[c].text) return false;
    const char *t = g->rows[r].cells[c].text;
    while (*t == ' ') t++;
    size_t n = strlen(text);
    if (strncmp(t, text, n) != 0) return false;
    for (t += n; *t == ' '; t++) {
    }
    return *t == '\0';
}

static const char *cell_text(const bk_grid *g, uint32_t r, uint32_t c)
{
    return (r < g->n_rows && c < g->rows[r].n_cells) ? g->rows[r].cells[c].text : NULL;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n < min || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Join the codes below the split header at (hr, c); returns BK_OK or a grid status. */
static int join_codes_below(const bk_host *h, bk_grid *g, uint32_t hr, uint32_t c)
{
    const char *above = hr > 0 ? cell_text(g, hr - 1, c) : NULL;
    int rc = h->grid_set(g, hr, c, above ? NULL : "科目编码", above ? 0 : strlen("科目编码"),
                         g->rows[hr].cells[c].flags, g->rows[hr].cells[c].src);
    for (uint32_t k = 1; k <= 2 && !rc; k++) rc = h->grid_set(g, hr, c + k, NULL, 0, 0, g->rows[hr].cells[c + k].src);
    for (uint32_t r = hr + 1; r < g->n_rows && !rc; r++) {
        const char *lei = cell_text(g, r, c), *kuan = cell_text(g, r, c + 1), *xiang = cell_text(g, r, c + 2);
        if (!all_digits(lei, 3, 3) || (kuan && !all_digits(kuan, 0, 2)) || (xiang && !all_digits(xiang, 0, 2)) ||
            (!kuan && xiang))
            continue;
        char code[16];
        int n = snprintf(code, sizeof code, "%s%s%s", lei, kuan ? kuan : "", xiang ? xiang : "");
        bk_pos src = g->rows[r].cells[c].src;
        rc = h->grid_set(g, r, c, code, (size_t)n, g->rows[r].cells[c].flags, src);
        if (!rc && kuan) rc = h->grid_set(g, r, c + 1, NULL, 0, 0, src);
        if (!rc && xiang) rc = h->grid_set(g, r, c + 2, NULL, 0, 0, src);
    }
    return rc;
}

int xlsxp_join_split_codes(const bk_host *h, bk_grid *g)
{
    for (uint32_t r = 0; r < g->n_rows; r++)
        for (uint32_t c = 0; c + 2 < g->rows[r].n_cells; c++)
            if (cell_is(g, r, c, "类") && cell_is(g, r, c + 1, "款") && cell_is(g, r, c + 2, "项")) {
                int rc = join_codes_below(h, g, r, c);
                if (rc) return rc;
            }
    return BK_OK;
}
