/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the table recognizer. The input is tab-separated text
 * (one grid row per line, as the CSV reader and the seed disclosure give it);
 * a line "\f" starts a new grid, a line "#merge r1 c1 r2 c2" adds a merge. */
#include <budgetkit/grid.h>
#include <budgetkit/recognize.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_GRIDS 8

static void add_line(bk_grid *g, uint32_t row, const char *line, size_t len)
{
    unsigned r1, c1, r2, c2;
    if (len > 7 && memcmp(line, "#merge ", 7) == 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), line);
        if (sscanf(buf, "#merge %u %u %u %u", &r1, &c1, &r2, &c2) == 4 && r1 < 1000 && c1 < 100 && r2 < 1000 &&
            c2 < 100)
            bk_grid_add_merge(g, r1, c1, r2, c2);
        return;
    }
    uint32_t col = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t') continue;
        if (i > start)
            bk_grid_set(g, row, col, line + start, i - start, 0, (bk_pos){.line = row + 1, .column = col + 1});
        col++;
        start = i + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_grid *grids[MAX_GRIDS];
    size_t n = 0;
    grids[n++] = bk_grid_new("sheet");
    if (!grids[0]) return 0;
    const char *s = (const char *)data;
    uint32_t row = 0;
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && s[i] != '\n') continue;
        size_t len = i - start;
        if (len == 1 && s[start] == '\f') {
            if (n < MAX_GRIDS && (grids[n] = bk_grid_new("sheet"))) {
                n++;
                row = 0;
            }
        } else if (row < 100000) {
            add_line(grids[n - 1], row++, s + start, len);
        }
        start = i + 1;
    }
    bk_document *doc = bk_document_new();
    bk_diags *diags = bk_diags_new(100);
    bk_error err;
    bk_error_clear(&err);
    if (doc) bk_recognize(doc, (const bk_grid *const *)grids, n, diags, &err);
    bk_diags_free(diags);
    bk_document_free(doc);
    for (size_t i = 0; i < n; i++) bk_grid_free(grids[i]);
    return 0;
}
