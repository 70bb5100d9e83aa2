/* SPDX-License-Identifier: MIT */
/* Table streaming for the XLSX reader: a sheet at a time, the same document as the whole read. */
#include "xlsx_read_stream.h"
#include "xlsx_read.h"
#include "xlsx_codes.h"
#include "xlsx_text.h"
#include "xlsx_write.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct xs_read {
    const bk_host *h;
    const bk_source *in;
    bk_document *doc;
    bk_error *err;
    xlsxp_book *b;
    size_t n_grids; /* sheets with cells (not our findings list), as the whole read counts them */
    bk_grid **text; /* our 封面/情况说明 sheets: read after the tables, as the whole read does */
    size_t n_text;
    bk_grid **rest; /* after the streaming ended: the sheets recognized together */
    size_t n_rest;
    bool whole;                 /* the streaming has ended */
    bk_doc_kind family;         /* the recognizer's 预算/决算 family after the streamed sheets */
    bool have_state;            /* a streamed sheet sets the recognizer's state: */
    size_t state_sheet;         /* which, */
    size_t state_tables;        /* the tables it gives */
    size_t state_warns;         /* and the warnings */
    const char *region, *level; /* what the tables' department gives (in doc), set at the end */
    bk_grid *done;              /* the last streamed sheet's grid */
} xs_read;

static int nomem(xs_read *r)
{
    return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

static int push(xs_read *r, bk_grid ***list, size_t *n, bk_grid *g)
{
    bk_grid **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown) {
        r->h->grid_free(g);
        return nomem(r);
    }
    grown[(*n)++] = g;
    *list = grown;
    return BK_OK;
}

static void grids_free(const bk_host *h, bk_grid **g, size_t n)
{
    for (size_t i = 0; i < n; i++) h->grid_free(g[i]);
    free(g);
}

/* Warnings go to a list of our own first: which of them are kept is known only after. */
static void diags_forward(xs_read *r, bk_diags *local, size_t skip)
{
    for (size_t i = 0; i < local->count; i++) {
        const bk_diag *d = &local->items[i];
        if (i >= skip) r->h->diags_add(r->in->diags, d->severity, d->line, d->column, d->context, "%s", d->message);
        free(d->context);
        free(d->message);
    }
    if (r->in->diags) r->in->diags->dropped += local->dropped;
    free(local->items);
    *local = (bk_diags){0};
}

static bk_diags *diags_local(xs_read *r, bk_diags *local)
{
    *local = (bk_diags){0};
    if (!r->in->diags) return NULL;
    local->limit = SIZE_MAX;
    return local;
}

static bk_doc_kind table_family(const bk_host *h, const bk_table *t)
{
    const bk_table_def *d = t->kind ? h->table_def_find(t->kind) : NULL;
    return d ? d->family : BK_DOC_UNKNOWN;
}

/* Did the sheet recognized alone into @p t give what it gives among the others? Only
 * tables (no cover, text, forms), the first of them in the family already known. */
static bool alone_same(const xs_read *r, const bk_document *t)
{
    if (t->n_sections || t->n_perf_targets || t->n_units || t->title || t->disclosure || t->department_code)
        return false;
    return r->family == BK_DOC_UNKNOWN || t->n_tables == 0 || table_family(r->h, &t->tables[0]) == r->family;
}

/* The facts the whole read takes from the tables: the first table that gives each. */
static int adopt_facts(xs_read *r, const bk_document *t)
{
    bk_document *doc = r->doc;
    if (!doc->fiscal_year) r->h->document_set_fiscal_year(doc, t->fiscal_year);
    if (!doc->kind) r->h->document_set_kind(doc, t->kind);
    if (!doc->department_name && t->department_name) {
        r->h->document_set_fact(doc, BK_FACT_DEPARTMENT_NAME,
                                r->h->document_strdup(doc, t->department_name, (size_t)-1));
        r->region = t->region ? r->h->document_strdup(doc, t->region, (size_t)-1) : NULL;
        r->level = t->level ? r->h->document_strdup(doc, t->level, (size_t)-1) : NULL;
        if (!doc->department_name || (t->region && !r->region) || (t->level && !r->level)) return nomem(r);
    }
    return BK_OK;
}

/* One table sheet while streaming: recognized alone, handed over, or the streaming ends. */
static int stream_sheet(xs_read *r, size_t sheet, bk_grid *g)
{
    bk_document *t = r->in->tables;
    bk_diags local;
    bk_diags *ld = diags_local(r, &local);
    int rc = r->h->recognize(t, (const bk_grid *const *)&g, 1, ld, r->err);
    if (rc == BK_OK && !alone_same(r, t)) { /* today's read from here on: this sheet again, with the rest */
        if (ld) diags_forward(r, ld, local.count);
        r->whole = true;
        return push(r, &r->rest, &r->n_rest, g);
    }
    size_t warns = ld ? local.count + local.dropped : 0;
    if (ld) diags_forward(r, ld, 0);
    /* freed after the next sheet is read: its memory is then below the next grid's, reused
     * rather than given back to the system and faulted in again for every sheet */
    r->h->grid_free(r->done);
    r->done = g;
    if (rc) return rc;
    bk_doc_kind before = r->family;
    for (size_t i = 0; i < t->n_tables && r->family == BK_DOC_UNKNOWN; i++)
        r->family = table_family(r->h, &t->tables[i]);
    if (t->n_tables && (!r->have_state || (before == BK_DOC_UNKNOWN && r->family != BK_DOC_UNKNOWN))) {
        r->have_state = true;
        r->state_sheet = sheet;
        r->state_tables = t->n_tables;
        r->state_warns = warns;
    }
    rc = adopt_facts(r, t);
    return rc ? rc : r->in->tables_ready(r->in->tables_ctx, r->err);
}

/* The sheets after the streaming ended, recognized together behind the streamed sheet that
 * gives the recognizer the state they start in; its tables and warnings are dropped. */
static int finish_whole(xs_read *r)
{
    bk_document *doc = r->doc;
    bk_grid **grids = calloc(r->n_rest + 1, sizeof *grids);
    if (!grids) return nomem(r);
    size_t n = 0;
    int rc = BK_OK;
    if (r->have_state) {
        bk_grid *g = NULL;
        rc = xlsxp_book_reread_grid(r->b, r->state_sheet, &g, r->err);
        if (rc == BK_OK && (!g || xlsxp_join_split_codes(r->h, g))) rc = nomem(r);
        if (g) grids[n++] = g;
    }
    for (size_t i = 0; i < r->n_rest; i++) grids[n++] = r->rest[i];
    r->n_rest = 0;
    /* the whole read finds them from the forms first */
    r->h->document_set_fact(doc, BK_FACT_REGION, NULL);
    r->h->document_set_fact(doc, BK_FACT_LEVEL, NULL);
    bk_diags local;
    bk_diags *ld = diags_local(r, &local);
    if (rc == BK_OK) rc = r->h->recognize(doc, (const bk_grid *const *)grids, n, ld, r->err);
    if (ld) diags_forward(r, ld, r->have_state ? r->state_warns : 0);
    if (rc == BK_OK && r->have_state) { /* the state sheet's tables were handed over already */
        size_t k = r->state_tables <= doc->n_tables ? r->state_tables : doc->n_tables;
        rc = r->h->document_drop_tables(doc, 0, k);
    }
    grids_free(r->h, grids, n);
    return rc;
}

static int read_sheets(xs_read *r, const bk_options *o)
{
    bool hidden_too = r->h->options_get_bool(o, "hidden", 0);
    int rc = BK_OK;
    for (size_t i = 0; rc == BK_OK && i < xlsxp_book_sheet_count(r->b); i++) {
        bk_grid *g;
        rc = xlsxp_book_sheet_grid(r->b, i, hidden_too, &g, r->err);
        if (rc || !g) continue;
        if (g->name && strcmp(g->name, XLSXP_FINDINGS_SHEET) == 0) { /* validate --annotate's, no part of it */
            r->h->grid_free(g);
            continue;
        }
        r->n_grids++;
        if (xlsxp_join_split_codes(r->h, g)) {
            r->h->grid_free(g);
            rc = nomem(r);
        } else if (xlsxp_is_text_grid(g)) {
            rc = push(r, &r->text, &r->n_text, g);
        } else if (r->whole) {
            rc = push(r, &r->rest, &r->n_rest, g);
        } else {
            rc = stream_sheet(r, i, g);
        }
    }
    return rc;
}

int xlsxp_read_streamed(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    xs_read r = {.h = h, .in = in, .doc = doc, .err = err};
    int rc = xlsxp_book_open(h, in, o, &r.b, err);
    if (rc) return rc;
    rc = read_sheets(&r, o);
    if (rc == BK_OK && r.n_grids == 0)
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the workbook has no sheet with cells");
    if (rc == BK_OK && r.whole) {
        rc = finish_whole(&r);
    } else if (rc == BK_OK && doc->department_name) { /* as the recognizer finds them from the department */
        h->document_set_fact(doc, BK_FACT_REGION, r.region);
        h->document_set_fact(doc, BK_FACT_LEVEL, r.level);
    }
    for (size_t i = 0; rc == BK_OK && i < r.n_text; i++) rc = xlsxp_read_text_grid(h, r.text[i], doc, err);
    char *title = xlsxp_book_take_title(r.b);
    if (rc == BK_OK && !doc->title && title) rc = xlsxp_set_title(h, doc, title, err);
    free(title);
    h->grid_free(r.done);
    grids_free(h, r.text, r.n_text);
    grids_free(h, r.rest, r.n_rest);
    xlsxp_book_free(r.b);
    return rc;
}
