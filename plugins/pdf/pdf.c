/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pdf: reads published disclosure PDFs. Each page's characters and ruling lines
 * (pdfp_mupdf.c) are laid out into tables and text lines (pdfp_layout.c), and the
 * pages become one grid in the text reader's line structure (pdfp_emit.c), which
 * the core's recognizer turns into tables and sections like any other input. */
#include "pdf_emit.h"
#include "pdf_layout.h"
#include "pdf_mupdf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* MuPDF's heap for one document; a disclosure needs a few MB. */
#define PDF_HEAP_CAP ((size_t)512 << 20)
/* Characters or rules of one direction kept per page (beyond: a located error). */
#define PDF_PAGE_ITEMS ((size_t)1 << 18)
/* Band cells of one table (a real one has fewer than 2,000): merge tests cost cells × rules. */
#define PDF_TABLE_CELLS ((size_t)1 << 17)

static int pdfp_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)path;
    /* the header may follow up to 1 KiB of junk (what readers accept) */
    size_t n = head_len < 1024 ? head_len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (!memcmp(head + i, "%PDF-", 5)) return 100;
    return 0;
}

/* The first 19xx/20xx standing alone as a number (2024年度, "2024 年度"). */
static int pdfp_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
            if (p > s && p[-1] >= '0' && p[-1] <= '9') continue;
            if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9'))
                return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        }
    }
    return 0;
}

static int pdfp_fail(const bk_host *h, bk_error *err, int status, uint32_t page, const char *msg)
{
    char ctx[32];
    if (page) snprintf(ctx, sizeof ctx, "page %u", page);
    switch (status) {
    case PDFM_ENCRYPTED: return h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "%s", msg);
    case PDFM_NOMEM:
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, page ? ctx : NULL, "MuPDF needs more than its %zu MiB heap (%s)",
                            PDF_HEAP_CAP >> 20, msg);
    case PDFM_INTERRUPTED: return h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, page ? ctx : NULL, "interrupted");
    default: return h->error_set(err, BK_ERR_PARSE, 0, 0, page ? ctx : NULL, "not a readable PDF: %s", msg);
    }
}

/* Read every page into the emitter. */
static int pdfp_pages(const bk_host *h, const bk_source *in, pdfm_doc *d, int n_pages, pdfp_emit *e, bk_error *err)
{
    pdfp_page page;
    size_t max_items = in->limits->cells < PDF_PAGE_ITEMS ? (size_t)in->limits->cells : PDF_PAGE_ITEMS;
    pdfp_page_init(&page, 1, max_items);
    char msg[256];
    int rc = BK_OK;
    for (int i = 0; i < n_pages && !rc; i++) {
        uint32_t pn = (uint32_t)i + 1;
        if (in->interrupted && *in->interrupted) {
            rc = h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
            break;
        }
        int st = pdfm_read_page(d, i, &page, in->interrupted, msg, sizeof msg);
        if (st) {
            rc = pdfp_fail(h, err, st, pn, msg);
            break;
        }
        if (page.over) {
            char ctx[32];
            snprintf(ctx, sizeof ctx, "page %u", pn);
            rc = h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx,
                              "more than %zu characters or ruling lines on one page (limit.cells)", max_items);
            break;
        }
        pdfp_layout lay;
        size_t dropped = 0;
        pdfp_layout_limits lim = {4096,
                                  in->limits->cells < PDF_TABLE_CELLS ? (size_t)in->limits->cells : PDF_TABLE_CELLS};
        if (pdfp_layout_page(&page, &lim, &lay, &dropped)) {
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        if (dropped)
            h->diags_add(
                in->diags, BK_SEV_WARNING, pn, 0, NULL,
                "page %u: %zu ruled area(s) too large to be a table (over 4096 rules or %zu cells); read as text", pn,
                dropped, lim.max_cells);
        rc = pdfp_emit_page(e, pn, &lay, err);
        pdfp_layout_free(&lay);
        if (in->progress) in->progress(in->progress_ctx, pn, (uint64_t)n_pages);
    }
    pdfp_page_free(&page);
    if (!rc) rc = pdfp_emit_finish(e, err);
    return rc;
}

/* The contents section (the last one) gets the page and box of each of its lines, as the
 * recognizer's sections do; a count that does not match its text leaves them unknown. */
static int pdfp_contents_para_pos(const bk_host *h, bk_document *doc, const pdfp_emit *e, bk_error *err)
{
    size_t n, si = doc->n_sections - 1;
    const bk_pos *at = pdfp_emit_contents_pos(e, &n);
    bk_pos *pp = h->section_para_pos(doc, si);
    if (!pp) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (doc->para_pos[si].n != n) return BK_OK;
    for (size_t i = 0; i < n; i++) h->pos_set(&pp[i], &at[i]);
    return BK_OK;
}

static int pdfp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    (void)o;
    char msg[256];
    pdfm_doc *d = NULL;
    const char *path = in->path;
    if (!path) return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "the pdf reader needs a file");
    int st = pdfm_open(path, PDF_HEAP_CAP, &d, msg, sizeof msg);
    if (st) return pdfp_fail(h, err, st, 0, msg);
    int n_pages = 0;
    st = pdfm_count_pages(d, &n_pages, msg, sizeof msg);
    if (st) {
        pdfm_close(d);
        return pdfp_fail(h, err, st, 0, msg);
    }
    int rc = BK_OK;
    if ((uint64_t)n_pages > in->limits->pages)
        rc = h->error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "%d pages: more than limit.pages (%llu)", n_pages,
                          (unsigned long long)in->limits->pages);
    else if (n_pages <= 0)
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the PDF has no pages");
    pdfp_emit *e = rc ? NULL : pdfp_emit_new(h, in->limits, in->display_name);
    if (!rc && !e) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (!rc) rc = pdfp_pages(h, in, d, n_pages, e, err);
    if (!rc) {
        unsigned nw = 0;
        const char *w = pdfm_first_warning(d, &nw);
        if (w)
            h->diags_add(in->diags, BK_SEV_WARNING, 0, 0, NULL, "MuPDF: %s%s (%u message%s; the file may be damaged)",
                         w, nw > 1 ? " …" : "", nw, nw == 1 ? "" : "s");
    }
    pdfm_close(d);
    /* the contents pages are text, not tables: their entries name every table */
    uint32_t cpage = 0;
    bk_box cbox = {0, 0, 0, 0};
    const char *contents = rc ? NULL : pdfp_emit_contents(e, &cpage, &cbox);
    if (contents) {
        bk_section *s = h->document_add_section(doc, "目录", 1, contents);
        if (!s)
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        else {
            h->pos_set(&s->pos, &(bk_pos){.page = cpage, .box = cbox});
            rc = pdfp_contents_para_pos(h, doc, e, err);
        }
    }
    if (!rc) {
        const bk_grid *grids[1] = {pdfp_emit_grid(e)};
        if (grids[0]->n_rows == 0)
            rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the PDF has no text (a scan? budgetkit does not OCR)");
        else {
            rc = h->recognize(doc, grids, 1, in->diags, err);
        }
    }
    /* the cover page is the document's title (the recognizer's cover runs on to the first heading) */
    const char *cover = rc ? NULL : pdfp_emit_cover(e);
    const char *title = cover ? h->document_strdup(doc, cover, (size_t)-1) : NULL;
    if (cover) h->document_set_fact(doc, BK_FACT_TITLE, title);
    if (cover && !title) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (cover && !doc->fiscal_year) h->document_set_fiscal_year(doc, pdfp_year(cover));
    pdfp_emit_free(e);
    return rc;
}

static const char *const PDF_EXTENSIONS[] = {"pdf", NULL};

static const bk_plugin PDF_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "pdf",
    .description = "Published disclosure PDFs: tables rebuilt from character boxes and ruling lines (MuPDF, AGPL-3.0)",
    .extensions = PDF_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_READ_PATH,
    .options = NULL,
    .probe = pdfp_probe,
    .read = pdfp_read,
};

BK_PLUGIN_ENTRY(pdf)
{
    return &PDF_PLUGIN;
}
