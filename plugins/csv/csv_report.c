/* SPDX-License-Identifier: MIT */
/* The report layout: records → a grid → the core's recognizer; the document →
 * the core's official layout → CSV lines. Also dispatches to the long layout. */
#include "csv_layouts.h"
#include "csv_input.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- reading */

typedef struct csvp_reader {
    const bk_host *h;
    const bk_source *in;
    bk_document *doc;
    bk_error *err;
    int force_long, force_report;
    int mode; /* 0 = undecided, 1 = report, 2 = long */
    bk_grid *grid;
    uint32_t next_row;
    uint64_t cells;
    csvp_long_reader *lr;
} csvp_reader;

static int csvp_reader_record(void *ctx, const bk_record *rec)
{
    csvp_reader *r = ctx;
    const bk_host *h = r->h;
    if (r->mode == 0) {
        int is_long = csvp_long_is_header(rec);
        if (r->force_long && !is_long)
            return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL,
                                "-o layout=long: the first line must be the long layout's header (table_title, "
                                "row_name, column_label, value ...)");
        r->mode = (is_long && !r->force_report) ? 2 : 1;
        if (r->mode == 2) {
            r->lr = csvp_long_reader_new(h, r->in->limits, r->doc, r->in->diags, r->in, r->err);
            if (!r->lr) return h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        } else {
            r->grid = h->grid_new(r->in->display_name);
            if (!r->grid) return h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        }
    }
    if (r->mode == 2) return csvp_long_reader_add(r->lr, rec);
    /* report: one grid row per record; blank records carry nothing */
    int any = 0;
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *text = rec->fields[i];
        size_t len = rec->lens[i];
        /* a byte-order mark inside the file (files joined with cat) is dropped, as at its start */
        while (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
               (unsigned char)text[2] == 0xBF)
            text += 3, len -= 3;
        if (len == 0) continue;
        if (++r->cells > r->in->limits->cells)
            return h->error_set(r->err, BK_ERR_LIMIT, rec->line, (uint32_t)(i + 1), NULL,
                                "more cells than limit.cells");
        bk_pos src = {.line = rec->line, .column = (uint32_t)(i + 1)};
        int rc = h->grid_set(r->grid, r->next_row, (uint32_t)i, text, len, 0, src);
        if (rc) return h->error_set(r->err, rc, rec->line, (uint32_t)(i + 1), NULL, "cannot store the cell");
        any = 1;
    }
    if (any) {
        /* keep the record's width (trailing empty fields matter for alignment) */
        if (rec->n_fields > 0) {
            bk_pos src = {.line = rec->line, .column = (uint32_t)rec->n_fields};
            if (rec->lens[rec->n_fields - 1] == 0) {
                int rc = h->grid_set(r->grid, r->next_row, (uint32_t)(rec->n_fields - 1), NULL, 0, 0, src);
                if (rc) return h->error_set(r->err, rc, rec->line, 0, NULL, "cannot store the cell");
            }
        }
        r->next_row++;
    }
    return BK_OK;
}

int csvp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    csvp_reader r;
    memset(&r, 0, sizeof r);
    r.h = h;
    r.in = in;
    r.doc = doc;
    r.err = err;
    /* the layout of an input is detected from its first line (-o layout= only chooses the output's) */
    int rc = csvp_input_stream(h, in, o, csvp_reader_record, &r, NULL, err);
    if (r.mode == 2) {
        int rc2 = csvp_long_reader_finish(r.lr, rc == BK_OK);
        if (!rc) rc = rc2;
    } else if (!rc && r.grid) {
        const bk_grid *grids[1] = {r.grid};
        rc = h->recognize(doc, grids, 1, in->diags, err);
    } else if (!rc) {
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the file is empty");
    }
    if (r.grid) h->grid_free(r.grid);
    return rc;
}

/* ---------------------------------------------------------------- writing */

static void csvp_write_grid(csvp_out *w, const bk_grid *g)
{
    for (uint32_t r = 0; r < g->n_rows && !w->status; r++) {
        const bk_grid_row *row = &g->rows[r];
        for (uint32_t c = 0; c < row->n_cells; c++) {
            const bk_grid_cell *cell = &row->cells[c];
            csvp_out_field(w, cell->text ? cell->text : "", cell->text ? cell->len : 0);
        }
        csvp_out_eol(w);
    }
}

/* A text section as printed: its heading, then each line of text (tabs separate cells). */
static void csvp_write_section(csvp_out *w, const bk_section *s)
{
    if (s->heading) {
        csvp_out_str(w, s->heading);
        csvp_out_eol(w);
    }
    const char *t = s->text;
    while (t && *t) {
        const char *nl = strchr(t, '\n');
        size_t n = nl ? (size_t)(nl - t) : strlen(t);
        size_t start = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i == n || t[i] == '\t') {
                csvp_out_field(w, t + start, i - start);
                start = i + 1;
            }
        }
        csvp_out_eol(w);
        t = nl ? nl + 1 : t + n;
    }
    csvp_out_eol(w);
}

/* Which of the three document lists comes next, by source line (document order). */
static int csvp_next_kind(const bk_document *doc, size_t si, size_t ti, size_t pi)
{
    uint32_t best = UINT32_MAX;
    int kind = -1;
    if (si < doc->n_sections && doc->sections[si].pos.line < best) {
        best = doc->sections[si].pos.line;
        kind = 0;
    }
    if (ti < doc->n_tables && doc->tables[ti].pos.line < best) {
        best = doc->tables[ti].pos.line;
        kind = 1;
    }
    if (pi < doc->n_perf_targets && doc->perf_targets[pi].pos.line < best) {
        best = doc->perf_targets[pi].pos.line;
        kind = 2;
    }
    if (kind >= 0 && best > 0) return kind;
    /* no positions (a document built elsewhere): sections, then tables, then forms */
    if (si < doc->n_sections) return 0;
    if (ti < doc->n_tables) return 1;
    if (pi < doc->n_perf_targets) return 2;
    return -1;
}

static int csvp_write_report(const bk_host *h, const bk_document *doc, csvp_out *w, bk_error *err)
{
    if (doc->title) {
        csvp_out_str(w, doc->title);
        csvp_out_eol(w);
        csvp_out_eol(w);
    }
    size_t si = 0, ti = 0, pi = 0;
    int rc = BK_OK;
    for (int kind; !rc && !w->status && (kind = csvp_next_kind(doc, si, ti, pi)) >= 0;) {
        if (kind == 0) {
            csvp_write_section(w, &doc->sections[si++]);
            continue;
        }
        bk_grid *g = h->grid_new(NULL);
        if (!g) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        uint32_t next = 0;
        if (kind == 1)
            rc = h->layout_table(&doc->tables[ti++], g, 0, &next, err);
        else
            rc = h->layout_perf_target(&doc->perf_targets[pi++], g, 0, &next, err);
        if (!rc) {
            csvp_write_grid(w, g);
            csvp_out_eol(w);
        }
        h->grid_free(g);
    }
    return rc ? rc : w->status;
}

/* Table streaming (BK_CAP_WRITE_TABLES): the long layout only; the report layout places tables
 * among the sections by position and the figures one prints the document's facts on each row. */
int csvp_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step, const bk_sink *out,
                      const bk_options *o, bk_error *err)
{
    const char *layout = h->options_get(o, "layout");
    bool is_long = layout && !strcmp(layout, "long");
    if (step == BK_TABLES_QUERY) return is_long ? BK_OK : BK_ERR_UNSUPPORTED;
    if (!is_long) /* the core queried first: never streamed */
        return step == BK_TABLES_ABORT ? BK_OK
                                       : h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "layout cannot stream");
    return csvp_long_write_tables(h, state, doc, step, out, o, err);
}

int csvp_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    csvp_out w;
    int rc = csvp_out_open(&w, h, out, o, err);
    if (rc) return rc;
    const char *layout = h->options_get(o, "layout");
    if (layout && !strcmp(layout, "long"))
        rc = csvp_long_write(h, doc, &w, err);
    else if (layout && !strcmp(layout, "figures"))
        rc = csvp_figures_write(h, doc, &w, err);
    else
        rc = csvp_write_report(h, doc, &w, err);
    int rc2 = csvp_out_close(&w);
    return rc ? rc : rc2;
}
