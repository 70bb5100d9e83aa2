/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pdf_grid FILE: the grid the pdf plugin hands the recognizer, one row a line as
 * "PAGE|cell<TAB>cell…" (trailing empty cells dropped), then "contents|…" for the
 * 目录 pages. The plugin's modules are compiled in, so the tests see the rebuilt
 * tables themselves, independent of what the recognizer makes of them. */
#include "pdf_emit.h"
#include "pdf_mupdf.h"

#include <budgetkit/registry.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pdf_grid FILE.pdf\n");
        return 2;
    }
    const bk_host *h = bk_host_api();
    bk_limits lim;
    bk_limits_default(&lim);
    char msg[256];
    pdfm_doc *d = NULL;
    int n = 0;
    if (pdfm_open(argv[1], (size_t)512 << 20, &d, msg, sizeof msg) || pdfm_count_pages(d, &n, msg, sizeof msg)) {
        fprintf(stderr, "pdf_grid: %s\n", msg);
        pdfm_close(d);
        return 3;
    }
    pdfp_emit *e = pdfp_emit_new(h, &lim, argv[1]);
    pdfp_page page;
    pdfp_page_init(&page, 1, 1u << 20);
    bk_error err;
    bk_error_clear(&err);
    int rc = 0;
    for (int i = 0; i < n && !rc; i++) {
        pdfp_layout lay;
        if ((rc = pdfm_read_page(d, i, &page, NULL, msg, sizeof msg)) ||
            (rc = pdfp_layout_page(&page, NULL, &lay, NULL)))
            break;
        rc = pdfp_emit_page(e, (uint32_t)i + 1, &lay, &err);
        pdfp_layout_free(&lay);
    }
    if (!rc) rc = pdfp_emit_finish(e, &err);
    const bk_grid *g = pdfp_emit_grid(e);
    for (uint32_t r = 0; r < g->n_rows && !rc; r++) {
        const bk_grid_row *row = &g->rows[r];
        uint32_t w = row->n_cells, page_no = 0;
        while (w > 0 && !row->cells[w - 1].text) w--;
        if (!w) continue;
        for (uint32_t c = 0; c < w; c++)
            if (row->cells[c].text) page_no = row->cells[c].src.page;
        printf("%u|", page_no);
        for (uint32_t c = 0; c < w; c++) printf("%s%s", c ? "\t" : "", row->cells[c].text ? row->cells[c].text : "");
        printf("\n");
    }
    uint32_t cp = 0;
    bk_box cbox;
    const char *contents = rc ? NULL : pdfp_emit_contents(e, &cp, &cbox);
    for (const char *p = contents; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        printf("contents|%.*s\n", (int)len, p);
        p = nl ? nl + 1 : p + len;
    }
    if (rc) fprintf(stderr, "pdf_grid: failed (%d): %s%s\n", rc, msg, err.message);
    pdfp_page_free(&page);
    if (!rc)
        fprintf(stderr, "%u grid rows, %zu paragraphs joined across a page break\n", pdfp_emit_grid(e)->n_rows,
                pdfp_emit_joined_pages(e));
    pdfp_emit_free(e);
    pdfm_close(d);
    return rc ? 3 : 0;
}
