/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* MuPDF behind a small interface: one fz_context per document with a counting
 * allocator (the heap cap), warnings collected instead of printed, characters
 * from a structured-text page without images, and rules from a device that
 * walks filled and stroked paths. */
#include "pdf_mupdf.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pdfm_doc {
    fz_context *ctx;
    fz_document *doc;
    size_t used, cap; /* heap bytes in use and the cap */
    char warning[256];
    unsigned n_warnings;
    int page_tree;          /* pdf_load_page_tree() succeeded: drop it on close */
    union pdfm_hdr *blocks; /* every live MuPDF allocation */
};

/* ---------------------------------------------------------------- allocator */

/* Every block MuPDF allocates is on a list, so that pdfm_close() frees what MuPDF itself
 * leaks: its repair of a damaged file can drop an object without freeing it (1.21). */
typedef union pdfm_hdr {
    struct {
        size_t size;
        union pdfm_hdr *prev, *next;
    } h;
    max_align_t align;
} pdfm_hdr;

static void pdfm_link(pdfm_doc *d, pdfm_hdr *b)
{
    b->h.prev = NULL;
    b->h.next = d->blocks;
    if (d->blocks) d->blocks->h.prev = b;
    d->blocks = b;
}

static void pdfm_unlink(pdfm_doc *d, pdfm_hdr *b)
{
    if (b->h.prev)
        b->h.prev->h.next = b->h.next;
    else
        d->blocks = b->h.next;
    if (b->h.next) b->h.next->h.prev = b->h.prev;
}

static void *pdfm_malloc(void *user, size_t size)
{
    pdfm_doc *d = user;
    if (size > d->cap - d->used || size > SIZE_MAX - sizeof(pdfm_hdr)) return NULL;
    pdfm_hdr *h = malloc(sizeof *h + size);
    if (!h) return NULL;
    h->h.size = size;
    d->used += size;
    pdfm_link(d, h);
    return h + 1;
}

static void pdfm_free(void *user, void *p)
{
    if (!p) return;
    pdfm_doc *d = user;
    pdfm_hdr *h = (pdfm_hdr *)p - 1;
    d->used -= h->h.size;
    pdfm_unlink(d, h);
    free(h);
}

static void *pdfm_realloc(void *user, void *p, size_t size)
{
    pdfm_doc *d = user;
    if (!p) return pdfm_malloc(user, size);
    if (size == 0) {
        pdfm_free(user, p);
        return NULL;
    }
    pdfm_hdr *h = (pdfm_hdr *)p - 1;
    size_t old = h->h.size;
    if (size > old && (size - old > d->cap - d->used || size > SIZE_MAX - sizeof(pdfm_hdr))) return NULL;
    pdfm_unlink(d, h);
    pdfm_hdr *n = realloc(h, sizeof *n + size);
    if (!n) {
        pdfm_link(d, h);
        return NULL;
    }
    n->h.size = size;
    d->used = d->used - old + size;
    pdfm_link(d, n);
    return n + 1;
}

static void pdfm_warn(void *user, const char *message)
{
    pdfm_doc *d = user;
    if (d->n_warnings++ == 0) snprintf(d->warning, sizeof d->warning, "%s", message);
}

static void pdfm_error(void *user, const char *message)
{
    (void)user;
    (void)message; /* returned via fz_caught_message */
}

/* ---------------------------------------------------------------- open */

static int pdfm_status(fz_context *ctx)
{
    int code = fz_caught(ctx);
    if (code == FZ_ERROR_MEMORY) return PDFM_NOMEM;
    if (code == FZ_ERROR_ABORT) return PDFM_INTERRUPTED;
    return PDFM_BROKEN;
}

int pdfm_open(const char *path, size_t heap_cap, pdfm_doc **out, char *msg, size_t cap)
{
    *out = NULL;
    pdfm_doc *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(msg, cap, "out of memory");
        return PDFM_NOMEM;
    }
    d->cap = heap_cap;
    fz_alloc_context alloc = {d, pdfm_malloc, pdfm_realloc, pdfm_free};
    /* the store (MuPDF's cache of decoded objects) gets a quarter of the cap */
    d->ctx = fz_new_context(&alloc, NULL, heap_cap / 4);
    if (!d->ctx) {
        pdfm_close(d);
        snprintf(msg, cap, "out of memory (MuPDF context)");
        return PDFM_NOMEM;
    }
    fz_set_warning_callback(d->ctx, pdfm_warn, d);
    fz_set_error_callback(d->ctx, pdfm_error, d);
    int rc = PDFM_OK;
    fz_var(rc);
    fz_try(d->ctx)
    {
        /* the PDF handler only: no other format is probed (the plugin claims %PDF- files) */
        pdf_document *pdoc = pdf_open_document(d->ctx, path);
        d->doc = &pdoc->super;
        if (fz_needs_password(d->ctx, d->doc)) rc = PDFM_ENCRYPTED;
    }
    fz_catch(d->ctx)
    {
        rc = pdfm_status(d->ctx);
        snprintf(msg, cap, "%s", fz_caught_message(d->ctx));
    }
    if (rc == PDFM_ENCRYPTED)
        snprintf(msg, cap, "the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)");
    if (rc) {
        pdfm_close(d);
        return rc;
    }
    *out = d;
    return PDFM_OK;
}

int pdfm_count_pages(pdfm_doc *d, int *n, char *msg, size_t cap)
{
    int rc = PDFM_OK;
    fz_var(rc);
    *n = 0;
    fz_try(d->ctx)
    {
        *n = fz_count_pages(d->ctx, d->doc);
        /* a map of the page tree: without it each page is found by walking the tree, which is
         * quadratic in a flat tree of 10,000 kids */
        if (!d->page_tree) {
            pdf_load_page_tree(d->ctx, (pdf_document *)d->doc);
            d->page_tree = 1;
        }
    }
    fz_catch(d->ctx)
    {
        rc = pdfm_status(d->ctx);
        snprintf(msg, cap, "%s", fz_caught_message(d->ctx));
    }
    return rc;
}

const char *pdfm_first_warning(const pdfm_doc *d, unsigned *count)
{
    *count = d->n_warnings;
    return d->n_warnings ? d->warning : NULL;
}

void pdfm_close(pdfm_doc *d)
{
    if (!d) return;
    if (d->ctx) {
        if (d->page_tree) pdf_drop_page_tree(d->ctx, (pdf_document *)d->doc);
        fz_drop_document(d->ctx, d->doc);
        fz_drop_context(d->ctx);
    }
    /* what MuPDF did not free (fz_drop_context() has freed the context itself) */
    while (d->blocks) {
        pdfm_hdr *b = d->blocks;
        d->blocks = b->h.next;
        free(b);
    }
    free(d);
}

/* ---------------------------------------------------------------- rules */

/* Device calls one page may make: a DAG of forms can draw one form 2^depth times, which
 * the form walk cannot see (it counts forms, not their uses), so the rules run, which goes
 * first, counts what the page draws and stops it. */
#define PDFM_PAGE_OPS 5000000L

typedef struct pdfm_rules_dev {
    fz_device super;
    long ops;
    int too_many;
    pdfp_page *page;
    fz_cookie *cookie;
    const volatile int *interrupted;
    int oom;
} pdfm_rules_dev;

typedef struct pdfm_walk {
    pdfm_rules_dev *dev;
    fz_matrix ctm;
    int stroke;
    fz_point start, cur; /* transformed */
    fz_rect box;         /* of the current filled subpath */
    int open, straight;  /* a subpath is open; it has only straight segments */
} pdfm_walk;

static void pdfm_add(pdfm_walk *w, int rc)
{
    if (rc) w->dev->oom = 1;
}

/* A filled subpath ends: a thin box is a rule (WPS draws table lines as thin rectangles). */
static void pdfm_flush_fill(pdfm_walk *w)
{
    if (!w->stroke && w->open && w->straight)
        pdfm_add(w, pdfp_page_add_box(w->dev->page, w->box.x0, w->box.y0, w->box.x1, w->box.y1, 2.5f));
    w->open = 0;
}

static void pdfm_point(pdfm_walk *w, fz_point p)
{
    if (p.x < w->box.x0) w->box.x0 = p.x;
    if (p.y < w->box.y0) w->box.y0 = p.y;
    if (p.x > w->box.x1) w->box.x1 = p.x;
    if (p.y > w->box.y1) w->box.y1 = p.y;
}

static void pdfm_moveto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    pdfm_walk *w = arg;
    pdfm_flush_fill(w);
    w->start = w->cur = fz_transform_point_xy(x, y, w->ctm);
    w->box = fz_make_rect(w->cur.x, w->cur.y, w->cur.x, w->cur.y);
    w->open = 1;
    w->straight = 1;
}

static void pdfm_lineto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    pdfm_walk *w = arg;
    fz_point p = fz_transform_point_xy(x, y, w->ctm);
    if (w->stroke)
        pdfm_add(w, pdfp_page_add_line(w->dev->page, w->cur.x, w->cur.y, p.x, p.y));
    else
        pdfm_point(w, p);
    w->cur = p;
}

static void pdfm_curveto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2, float x3, float y3)
{
    (void)ctx;
    (void)x1;
    (void)y1;
    (void)x2;
    (void)y2;
    pdfm_walk *w = arg;
    w->straight = 0;
    w->cur = fz_transform_point_xy(x3, y3, w->ctm);
}

static void pdfm_closepath(fz_context *ctx, void *arg)
{
    (void)ctx;
    pdfm_walk *w = arg;
    if (w->stroke) pdfm_add(w, pdfp_page_add_line(w->dev->page, w->cur.x, w->cur.y, w->start.x, w->start.y));
    w->cur = w->start;
}

static void pdfm_rectto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2)
{
    (void)ctx;
    pdfm_walk *w = arg;
    pdfm_flush_fill(w);
    fz_point p[4] = {fz_transform_point_xy(x1, y1, w->ctm), fz_transform_point_xy(x2, y1, w->ctm),
                     fz_transform_point_xy(x2, y2, w->ctm), fz_transform_point_xy(x1, y2, w->ctm)};
    if (w->stroke) {
        for (int i = 0; i < 4; i++)
            pdfm_add(w, pdfp_page_add_line(w->dev->page, p[i].x, p[i].y, p[(i + 1) % 4].x, p[(i + 1) % 4].y));
    } else {
        w->box = fz_make_rect(p[0].x, p[0].y, p[0].x, p[0].y);
        for (int i = 1; i < 4; i++) pdfm_point(w, p[i]);
        w->open = 1;
        w->straight = 1;
        pdfm_flush_fill(w);
    }
    w->start = w->cur = p[0];
}

static const fz_path_walker PDFM_WALKER = {
    .moveto = pdfm_moveto,
    .lineto = pdfm_lineto,
    .curveto = pdfm_curveto,
    .closepath = pdfm_closepath,
    .rectto = pdfm_rectto,
};

/* White (or fully transparent) paint draws nothing a reader sees. */
static int pdfm_invisible(fz_context *ctx, fz_colorspace *cs, const float *color, float alpha)
{
    if (alpha <= 0.01f) return 1;
    if (!cs || !color) return 0;
    int n = fz_colorspace_n(ctx, cs);
    enum fz_colorspace_type t = fz_colorspace_type(ctx, cs);
    if (t == FZ_COLORSPACE_GRAY || t == FZ_COLORSPACE_RGB) {
        for (int i = 0; i < n; i++)
            if (color[i] < 0.95f) return 0;
        return 1;
    }
    if (t == FZ_COLORSPACE_CMYK) {
        for (int i = 0; i < n; i++)
            if (color[i] > 0.05f) return 0;
        return 1;
    }
    return 0;
}

/* One more device call: past the bound, or on Ctrl-C, the interpreter is told to stop. */
static int pdfm_count(pdfm_rules_dev *dev)
{
    if (++dev->ops > PDFM_PAGE_OPS) {
        dev->too_many = 1;
        dev->cookie->abort = 1;
    }
    if (dev->interrupted && *dev->interrupted) dev->cookie->abort = 1;
    return dev->cookie->abort;
}

static void pdfm_clip_path(fz_context *ctx, fz_device *d, const fz_path *path, int even_odd, fz_matrix ctm,
                           fz_rect scissor)
{
    (void)ctx;
    (void)path;
    (void)even_odd;
    (void)ctm;
    (void)scissor;
    pdfm_count((pdfm_rules_dev *)d);
}

static void pdfm_text(fz_context *ctx, fz_device *d, const fz_text *text, fz_matrix ctm, fz_colorspace *cs,
                      const float *color, float alpha, fz_color_params cp)
{
    (void)ctx;
    (void)text;
    (void)ctm;
    (void)cs;
    (void)color;
    (void)alpha;
    (void)cp;
    pdfm_count((pdfm_rules_dev *)d);
}

static void pdfm_pop_clip(fz_context *ctx, fz_device *d)
{
    (void)ctx;
    pdfm_count((pdfm_rules_dev *)d);
}

static void pdfm_walk_path(fz_context *ctx, pdfm_rules_dev *dev, const fz_path *path, fz_matrix ctm, int stroke)
{
    if (pdfm_count(dev)) return;
    pdfm_walk w;
    memset(&w, 0, sizeof w);
    w.dev = dev;
    w.ctm = ctm;
    w.stroke = stroke;
    fz_walk_path(ctx, path, &PDFM_WALKER, &w);
    pdfm_flush_fill(&w);
}

static void pdfm_fill_path(fz_context *ctx, fz_device *d, const fz_path *path, int even_odd, fz_matrix ctm,
                           fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    (void)even_odd;
    (void)cp;
    if (!pdfm_invisible(ctx, cs, color, alpha)) pdfm_walk_path(ctx, (pdfm_rules_dev *)d, path, ctm, 0);
}

static void pdfm_stroke_path(fz_context *ctx, fz_device *d, const fz_path *path, const fz_stroke_state *ss,
                             fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    (void)ss;
    (void)cp;
    if (!pdfm_invisible(ctx, cs, color, alpha)) pdfm_walk_path(ctx, (pdfm_rules_dev *)d, path, ctm, 1);
}

/* ---------------------------------------------------------------- forms */

/* Form XObjects may nest (and a DAG of them draws a form 2^depth times): before a page is
 * run, its forms are walked with a bound on depth and on the times a form is drawn. */
#define PDFM_FORM_DEPTH  64
#define PDFM_FORM_VISITS 100000

typedef struct pdfm_forms {
    int stack[PDFM_FORM_DEPTH];
    int depth;
    long visits;
} pdfm_forms;

static void pdfm_walk_forms(fz_context *ctx, pdf_obj *res, pdfm_forms *f)
{
    pdf_obj *xo = pdf_dict_get(ctx, res, PDF_NAME(XObject));
    int n = pdf_is_dict(ctx, xo) ? pdf_dict_len(ctx, xo) : 0;
    for (int i = 0; i < n; i++) {
        pdf_obj *x = pdf_dict_get_val(ctx, xo, i);
        if (!pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form))) continue;
        int num = pdf_to_num(ctx, x);
        bool cycle = false;
        for (int k = 0; k < f->depth && !cycle; k++) cycle = num && f->stack[k] == num;
        if (cycle) continue; /* MuPDF refuses to draw a form inside itself */
        if (++f->visits > PDFM_FORM_VISITS)
            fz_throw(ctx, FZ_ERROR_GENERIC, "forms drawn more than %d times on one page", PDFM_FORM_VISITS);
        if (f->depth >= PDFM_FORM_DEPTH)
            fz_throw(ctx, FZ_ERROR_GENERIC, "forms nested more than %d deep", PDFM_FORM_DEPTH);
        f->stack[f->depth++] = num;
        pdfm_walk_forms(ctx, pdf_dict_get(ctx, x, PDF_NAME(Resources)), f);
        f->depth--;
    }
}

/* ---------------------------------------------------------------- a page */

static void pdfm_chars(fz_context *ctx, fz_stext_page *st, pdfp_page *page, int *oom)
{
    (void)ctx;
    for (fz_stext_block *b = st->first_block; b; b = b->next) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *l = b->u.t.first_line; l; l = l->next)
            for (fz_stext_char *ch = l->first_char; ch; ch = ch->next) {
                fz_rect r = fz_rect_from_quad(ch->quad);
                if (pdfp_page_add_char(page, (uint32_t)ch->c, r.x0, r.y0, r.x1, r.y1)) *oom = 1;
            }
    }
}

int pdfm_read_page(pdfm_doc *d, int index, pdfp_page *page, const volatile int *interrupted, char *msg, size_t cap)
{
    fz_context *ctx = d->ctx;
    pdfp_page_reset(page, (uint32_t)index + 1);
    fz_page *pg = NULL;
    fz_stext_page *st = NULL;
    pdfm_rules_dev *dev = NULL;
    int rc = PDFM_OK, oom = 0, too_many = 0;
    fz_cookie cookie;
    memset(&cookie, 0, sizeof cookie);
    fz_var(pg);
    fz_var(st);
    fz_var(dev);
    fz_var(rc);
    fz_var(oom);
    fz_var(too_many);
    fz_try(ctx)
    {
        pdfm_forms forms;
        memset(&forms, 0, sizeof forms);
        pdfm_walk_forms(
            ctx,
            pdf_dict_get_inheritable(ctx, pdf_lookup_page_obj(ctx, (pdf_document *)d->doc, index), PDF_NAME(Resources)),
            &forms);
        pg = fz_load_page(ctx, d->doc, index);
        fz_rect box = fz_bound_page(ctx, pg);
        page->width = box.x1 - box.x0;
        page->height = box.y1 - box.y0;
        /* rules first: that run also bounds what the page draws */
        /* rules */
        dev = fz_new_derived_device(ctx, pdfm_rules_dev);
        dev->super.fill_path = pdfm_fill_path;
        dev->super.stroke_path = pdfm_stroke_path;
        dev->page = page;
        dev->cookie = &cookie;
        dev->interrupted = interrupted;
        dev->super.clip_path = pdfm_clip_path;
        dev->super.fill_text = pdfm_text;
        dev->super.pop_clip = pdfm_pop_clip;
        fz_run_page(ctx, pg, &dev->super, fz_identity, &cookie);
        fz_close_device(ctx, &dev->super);
        if (cookie.abort) fz_throw(ctx, FZ_ERROR_ABORT, "interrupted");

        /* characters: no images (never decoded), none outside the page */
        fz_stext_options opts;
        memset(&opts, 0, sizeof opts);
        opts.flags = FZ_STEXT_MEDIABOX_CLIP;
        st = fz_new_stext_page(ctx, box);
        fz_device *tdev = fz_new_stext_device(ctx, st, &opts);
        fz_try(ctx)
        {
            fz_run_page(ctx, pg, tdev, fz_identity, &cookie);
            fz_close_device(ctx, tdev);
        }
        fz_always(ctx) fz_drop_device(ctx, tdev);
        fz_catch(ctx) fz_rethrow(ctx);
        if (cookie.abort) fz_throw(ctx, FZ_ERROR_ABORT, "interrupted");
        pdfm_chars(ctx, st, page, &oom);
        if (dev->oom) oom = 1;
    }
    fz_always(ctx)
    {
        if (dev) too_many = dev->too_many;
        if (dev) fz_drop_device(ctx, &dev->super);
        fz_drop_stext_page(ctx, st);
        fz_drop_page(ctx, pg);
    }
    fz_catch(ctx)
    {
        rc = pdfm_status(ctx);
        snprintf(msg, cap, "%s", fz_caught_message(ctx));
        if (too_many) {
            rc = PDFM_BROKEN;
            snprintf(msg, cap, "the page draws more than %ld things (forms drawn again and again?)", PDFM_PAGE_OPS);
        }
    }
    if (!rc && oom) {
        rc = PDFM_NOMEM;
        snprintf(msg, cap, "out of memory");
    }
    return rc;
}
