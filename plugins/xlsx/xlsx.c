/* SPDX-License-Identifier: MIT */
/* xlsx: the plugin descriptor, probe, and the read/write entry points. */
#include "xlsx_read.h"
#include "xlsx_read_stream.h"
#include "xlsx_write.h"
#include "xlsx_charts.h"
#include "xlsx_codes.h"
#include "xlsx_text.h"
#include "xlsx_annotate.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool has_extension(const char *path, const char *ext)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot && strcasecmp(dot + 1, ext) == 0;
}

static bool head_contains(const unsigned char *head, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(head + i, needle, n) == 0) return true;
    return false;
}

static int xlsx_probe(const unsigned char *head, size_t head_len, const char *path)
{
    bool zip = head_len >= 4 && memcmp(head, "PK\x03\x04", 4) == 0;
    if (!zip) return 0;
    if (has_extension(path, "xlsx") || has_extension(path, "xlsm")) return 100;
    if (head_contains(head, head_len, "xl/")) return 90; /* a part name of a workbook */
    return 0;                                            /* some other zip (docx, odt) */
}

/* A located error needs a bk_error even when the caller passed none. */
#define XLSXP_ERR(err, local) ((err) ? (err) : (local))

/* Our 封面 and 情况说明 sheets are read as the document's facts and text; the other
 * sheets go to the recognizer (the cover's facts only fill what the tables did not give). */
static int recognize_with_text(const bk_host *h, bk_grid **grids, size_t n, bk_document *doc, bk_diags *diags,
                               bk_error *err)
{
    size_t n_tables = 0;
    for (size_t i = 0; i < n; i++) /* stable: the table grids keep their order */
        if (!xlsxp_is_text_grid(grids[i])) {
            bk_grid *g = grids[i];
            memmove(grids + n_tables + 1, grids + n_tables, (i - n_tables) * sizeof *grids);
            grids[n_tables++] = g;
        }
    int rc = n_tables ? h->recognize(doc, (const bk_grid *const *)grids, n_tables, diags, err) : BK_OK;
    for (size_t i = n_tables; rc == BK_OK && i < n; i++) rc = xlsxp_read_text_grid(h, grids[i], doc, err);
    return rc;
}

static int xlsx_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    bk_error local;
    err = XLSXP_ERR(err, &local);
    if (in->tables && in->tables_ready) return xlsxp_read_streamed(h, in, doc, o, err); /* a sheet at a time */
    bk_grid **grids = NULL;
    size_t n = 0;
    char *title = NULL;
    int rc = xlsxp_read_workbook(h, in, o, &grids, &n, &title, err);
    if (rc) return rc;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) /* our 检查结果 list (validate --annotate) is no part of the document */
        if (!(grids[i]->name && strcmp(grids[i]->name, XLSXP_FINDINGS_SHEET) == 0))
            grids[kept++] = grids[i];
        else
            h->grid_free(grids[i]);
    n = kept;
    for (size_t i = 0; rc == BK_OK && i < n; i++)
        if (xlsxp_join_split_codes(h, grids[i])) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (rc == BK_OK && n == 0)
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the workbook has no sheet with cells");
    else if (rc == BK_OK)
        rc = recognize_with_text(h, grids, n, doc, in->diags, err);
    /* the tables do not print the document's title; our writer keeps it in the properties */
    if (rc == BK_OK && !doc->title && title) rc = xlsxp_set_title(h, doc, title, err);
    free(title);
    xlsxp_grids_free(h, grids, n);
    return rc;
}

static int xlsx_read_records(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                             bk_error *err)
{
    bk_error local;
    return xlsxp_read_records(h, in, o, sink, XLSXP_ERR(err, &local));
}

/* "2024-03-01" or "2024-03-01T08:00:00Z" → UTC seconds; -1 if malformed. */
static time_t parse_created(const char *s)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3) return (time_t)-1;
    const char *rest = s + n;
    if (*rest == 'T' || *rest == ' ') {
        int m = 0;
        if (sscanf(rest + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3) return (time_t)-1;
        rest += 1 + m;
        if (*rest == 'Z') rest++;
    }
    if (*rest || tm.tm_year < 1980 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return (time_t)-1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

/* Fixed creation time: -o created=..., else 1 January of the fiscal year, else 2000-01-01. */
static int creation_time(const bk_host *h, const bk_document *doc, const bk_options *o, time_t *out, bk_error *err)
{
    const char *opt = h->options_get(o, "created");
    char fallback[16];
    if (!opt) {
        int year = doc->fiscal_year >= 1980 && doc->fiscal_year <= 9999 ? doc->fiscal_year : 2000;
        snprintf(fallback, sizeof fallback, "%04d-01-01", year);
    }
    *out = parse_created(opt ? opt : fallback);
    if (*out == (time_t)-1)
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                            "-o created='%s': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", opt);
    return BK_OK;
}

typedef int (*layout_fn)(const bk_host *h, const void *item, bk_grid *g, uint32_t *next, bk_error *err);

static int layout_table(const bk_host *h, const void *item, bk_grid *g, uint32_t *next, bk_error *err)
{
    return h->layout_table(item, g, 0, next, err);
}

static int layout_perf(const bk_host *h, const void *item, bk_grid *g, uint32_t *next, bk_error *err)
{
    return h->layout_perf_target(item, g, 0, next, err);
}

/* A form's sheet is named after its project (the forms share one title). */
static const char *perf_sheet_name(const bk_perf_target *p, char *buf, size_t cap)
{
    if (p->kind == BK_PERF_DEPARTMENT) return "整体支出绩效目标";
    for (size_t i = 0; i < p->n_fields; i++)
        if (p->fields[i].key && strcmp(p->fields[i].key, "project_name") == 0 && p->fields[i].value &&
            *p->fields[i].value) {
            snprintf(buf, cap, "绩效-%s", p->fields[i].value);
            return buf;
        }
    return p->title;
}

/* The marks of item (@p on, @p index) when annotating (none otherwise). */
static int marks_of(const bk_host *h, const xlsxp_annot *a, xlsxp_on on, size_t index, xlsxp_mark **m, size_t *n,
                    bk_error *err)
{
    *m = NULL;
    *n = 0;
    if (!a) return BK_OK;
    return xlsxp_annot_marks(a, on, index, m, n) ? h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory") : BK_OK;
}

/* Lay one table or form out and add it as a sheet named @p sheet, with its findings. */
static int add_sheet(const bk_host *h, xlsxp_writer *w, layout_fn layout, const void *item, const char *title,
                     const char *sheet, const xlsxp_annot *a, xlsxp_on on, size_t index, bk_error *err)
{
    const char *name = title && *title ? title : "表";
    bk_grid *g = h->grid_new(name);
    if (!g) return h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "out of memory");
    uint32_t next = 0;
    xlsxp_mark *marks = NULL;
    size_t n = 0;
    int rc = layout(h, item, g, &next, err);
    if (rc && !err->context[0]) snprintf(err->context, sizeof err->context, "%s", name);
    if (rc == BK_OK) rc = marks_of(h, a, on, index, &marks, &n, err);
    if (rc == BK_OK)
        rc = xlsxp_writer_add_marked_grid(w, g, sheet && *sheet ? sheet : name, name,
                                          on == XLSXP_ON_FORM ? XLSXP_SHEET_FORM : XLSXP_SHEET_TABLE, marks, n, err);
    free(marks);
    h->grid_free(g);
    return rc;
}

/* Add a 封面 or 情况说明 grid (NULL: out of memory) as a sheet and free it. */
static int add_text_sheet(const bk_host *h, xlsxp_writer *w, bk_grid *g, const char *name, xlsxp_mark *marks, size_t n,
                          bk_error *err)
{
    if (!g) return h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "out of memory");
    xlsxp_sheet_kind kind = strcmp(name, XLSXP_SECTIONS_SHEET) == 0 ? XLSXP_SHEET_PROSE : XLSXP_SHEET_COVER;
    int rc = xlsxp_writer_add_marked_grid(w, g, name, name, kind, marks, n, err);
    h->grid_free(g);
    return rc;
}

/* 情况说明, its text findings on the paragraphs that state them. */
static int add_sections(const bk_host *h, xlsxp_writer *w, const bk_document *doc, xlsxp_annot *a, bk_error *err)
{
    uint32_t *heads = calloc(doc->n_sections, sizeof *heads);
    if (!heads) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t n_names = 0, n_sheets = 0;
    xlsxp_writer_sheet_name(w, 0, &n_names);
    const char **sheets = calloc(n_names + 1, sizeof *sheets);
    if (!sheets) {
        free(heads);
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < n_names; i++) { /* the 目录: the tables and forms, then this sheet */
        const char *name = xlsxp_writer_sheet_name(w, i, NULL);
        if (strcmp(name, XLSXP_COVER_SHEET) && strcmp(name, XLSXP_FINDINGS_SHEET)) sheets[n_sheets++] = name;
    }
    sheets[n_sheets++] = XLSXP_SECTIONS_SHEET;
    bk_grid *g = xlsxp_sections_grid(h, doc, heads, sheets, n_sheets);
    free(sheets);
    xlsxp_mark *marks = NULL;
    size_t n = 0;
    int rc = BK_OK;
    if (g && a) {
        xlsxp_annot_locate_sections(a, g, heads, doc->n_sections);
        for (size_t i = 0; rc == BK_OK && i < doc->n_sections; i++) {
            xlsxp_mark *m;
            size_t k;
            rc = marks_of(h, a, XLSXP_ON_SECTION, i, &m, &k, err);
            xlsxp_mark *grown = rc || !k ? NULL : realloc(marks, (n + k) * sizeof *marks);
            if (k && !grown && rc == BK_OK) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            if (grown) {
                marks = grown;
                memcpy(marks + n, m, k * sizeof *m);
                n += k;
            }
            free(m);
        }
    }
    if (rc == BK_OK)
        rc = add_text_sheet(h, w, g, XLSXP_SECTIONS_SHEET, marks, n, err);
    else if (g)
        h->grid_free(g);
    free(marks);
    free(heads);
    return rc;
}

/* The row, table and column of a finding as the reader sees them. */
static void describe(const bk_host *h, const bk_document *doc, const xlsxp_annot *a, size_t i, xlsxp_finding_row *r)
{
    const bk_finding *f = &a->fs->items[i];
    memset(r, 0, sizeof *r);
    r->f = f;
    r->loc = &a->loc[i];
    r->table = f->table_title ? f->table_title : f->table_kind;
    r->row = f->row && strcmp(f->table_kind ? f->table_kind : "", "narrative") ? f->row : "";
    r->column = xlsxp_finding_column(doc, f);
    xlsxp_finding_source(h, f, r->source, sizeof r->source);
    bool narrative = f->table_kind && strcmp(f->table_kind, "narrative") == 0;
    if (!narrative || f->expected.units || f->actual.units) {
        h->amount_format(f->actual, r->printed, sizeof r->printed);
        h->amount_format(f->expected, r->computed, sizeof r->computed);
        h->amount_format(f->difference, r->difference, sizeof r->difference);
    }
}

/* Errors first, then warnings, then rounding; in document order within each. */
static int row_cmp(const void *x, const void *y)
{
    const xlsxp_finding_row *a = x, *b = y;
    if (a->f->severity != b->f->severity) return a->f->severity > b->f->severity ? -1 : 1;
    return a->f < b->f ? -1 : a->f > b->f;
}

static int add_findings(const bk_host *h, xlsxp_writer *w, const bk_document *doc, const xlsxp_annot *a, bk_error *err)
{
    const bk_findings *fs = a->fs;
    xlsxp_finding_row *rows = calloc(fs->count ? fs->count : 1, sizeof *rows);
    if (!rows) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < fs->count; i++) describe(h, doc, a, i, &rows[i]);
    qsort(rows, fs->count, sizeof *rows, row_cmp);
    char summary[256];
    snprintf(summary, sizeof summary, "%zu 个错误，%zu 个警告，%zu 个舍入差异%s（%zu 项检查）", fs->n_error,
             fs->n_warning, fs->n_rounding, fs->dropped ? "；超出上限的未列出" : "", fs->n_checks);
    int rc = xlsxp_writer_end_findings(w, rows, fs->count, summary, err);
    free(rows);
    return rc;
}

static int write_sheets(const bk_host *h, xlsxp_writer *w, const bk_document *doc, const bk_sink *out,
                        const bk_options *o, xlsxp_annot *a, bk_error *err)
{
    int rc = a ? xlsxp_writer_begin_findings(w, a, err) : BK_OK;
    if (rc == BK_OK) rc = add_text_sheet(h, w, xlsxp_cover_grid(h, doc), XLSXP_COVER_SHEET, NULL, 0, err);
    for (size_t i = 0; rc == BK_OK && i < doc->n_tables; i++) {
        if (out->interrupted && *out->interrupted) {
            rc = h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
            break;
        }
        rc = add_sheet(h, w, layout_table, &doc->tables[i], doc->tables[i].title, doc->tables[i].title, a,
                       XLSXP_ON_TABLE, i, err);
        if (out->progress) out->progress(out->progress_ctx, i + 1, doc->n_tables + doc->n_perf_targets);
    }
    for (size_t i = 0; rc == BK_OK && i < doc->n_perf_targets; i++) {
        char sheet[160];
        const bk_perf_target *p = &doc->perf_targets[i];
        rc = add_sheet(h, w, layout_perf, p, p->title, perf_sheet_name(p, sheet, sizeof sheet), a, XLSXP_ON_FORM, i,
                       err);
    }
    if (rc == BK_OK && doc->n_sections) rc = add_sections(h, w, doc, a, err);
    if (rc == BK_OK && h->options_get_bool(o, "charts", 1)) {
        xlsxp_pie_set pies;
        xlsxp_collect_pies(doc, &pies);
        rc = xlsxp_writer_add_pies(w, pies.pies, pies.n, err);
    }
    if (rc == BK_OK && a) rc = add_findings(h, w, doc, a, err);
    return rc;
}

/* Above this many table cells (-o constant_memory=auto) the workbook is written in libxlsxwriter's
 * constant_memory mode: memory stays flat, strings are written inline (other bytes, the same cells).
 * The published documents (seed, real ones: at most a few thousand cells) stay below it. */
#define XLSXP_CONSTANT_MEMORY_CELLS 200000u

/* -o constant_memory: 0 off, 1 on, 2 auto; -1 (err set) when malformed. */
static int memory_mode(const bk_host *h, const bk_options *o, bk_error *err)
{
    const char *v = h->options_get(o, "constant_memory");
    if (!v || strcmp(v, "auto") == 0) return 2;
    if (strcmp(v, "on") == 0) return 1;
    if (strcmp(v, "off") == 0) return 0;
    h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "-o constant_memory='%s': expected auto, on or off", v);
    return -1;
}

/* The cells the tables of @p doc lay out to, about (rows × columns of every panel). */
static size_t cells_of(const bk_table *t)
{
    size_t n = 0;
    for (size_t k = 0; k < t->n_panels; k++) n += t->panels[k].n_rows * (t->panels[k].n_columns + 2);
    return n;
}

static size_t table_cells(const bk_document *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_tables; i++) n += cells_of(&doc->tables[i]);
    return n;
}

static int xlsx_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    bk_error local;
    err = XLSXP_ERR(err, &local);
    xlsxp_write_opts wo = {
        .font = h->options_get(o, "font"), .title = doc->title, .company = doc->department_name, .diags = out->diags};
    int rc = creation_time(h, doc, o, &wo.created, err);
    if (rc) return rc;
    int mode = memory_mode(h, o, err);
    if (mode < 0) return BK_ERR_INVALID_ARG;
    if (mode == 1 && out->findings)
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "-o constant_memory=on cannot annotate findings");
    wo.constant_memory = !out->findings && (mode == 1 || (mode == 2 && table_cells(doc) > XLSXP_CONSTANT_MEMORY_CELLS));
    if (doc->n_tables == 0 && doc->n_perf_targets == 0)
        return h->error_set(err, BK_ERR_VALUE, 0, 0, NULL, "the document has no tables to write");
    xlsxp_annot annot = {0}, *a = NULL;
    if (out->findings) { /* ABI 2.0: a core that passes findings has the locating host calls */
        if (!h->layout_table_cell || !h->layout_perf_amount_cell)
            return h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "this budgetkit cannot locate findings");
        if ((rc = xlsxp_annot_init(h, doc, out->findings, &annot, err))) return rc;
        a = &annot;
    }
    xlsxp_writer *w;
    if ((rc = xlsxp_writer_open(h, out->path, &wo, &w, err))) {
        xlsxp_annot_free(a);
        return rc;
    }
    rc = write_sheets(h, w, doc, out, o, a, err);
    if (rc)
        xlsxp_writer_abort(w);
    else
        rc = xlsxp_writer_close(w, err);
    xlsxp_annot_free(a);
    return rc;
}

/* ---- table streaming (BK_CAP_WRITE_TABLES) ---- */

/* A streamed workbook. Below the threshold each table is laid out at once and its grid kept; at the
 * end the workbook is written from the grids exactly as write() writes it. Above it (or with
 * constant_memory=on) the workbook is opened in constant_memory mode, the 封面 placed first and
 * filled at the end, and each table's sheet written at once, its grid freed. */
typedef struct xlsxp_stream {
    int mode;        /* 0 off, 1 on, 2 auto */
    xlsxp_writer *w; /* constant_memory: open from the switch on; NULL while the grids are kept */
    xlsxp_write_opts wo;
    bk_grid **grids; /* laid-out tables, in order, while w is NULL */
    size_t n_grids, cap_grids, cells;
    size_t n_tables; /* tables streamed so far */
    xlsxp_pie_acc pies;
} xlsxp_stream;

static void stream_free(const bk_host *h, xlsxp_stream *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->n_grids; i++) h->grid_free(st->grids[i]);
    free(st->grids);
    xlsxp_writer_abort(st->w);
    xlsxp_pie_acc_free(&st->pies);
    free(st);
}

/* Open the constant-memory workbook: the 封面 placed, the kept grids written and freed. */
static int stream_switch(const bk_host *h, xlsxp_stream *st, const bk_sink *out, bk_error *err)
{
    st->wo.constant_memory = true;
    st->wo.defer_titles = true;
    int rc = xlsxp_writer_open(h, out->path, &st->wo, &st->w, err);
    if (rc == BK_OK) rc = xlsxp_writer_reserve_sheet(st->w, XLSXP_COVER_SHEET, err);
    for (size_t i = 0; i < st->n_grids; i++) {
        bk_grid *g = st->grids[i];
        if (rc == BK_OK) rc = xlsxp_writer_add_grid(st->w, g, g->name, g->name, err);
        h->grid_free(g);
    }
    st->n_grids = 0;
    return rc;
}

/* Lay one streamed table out: kept, or written at once in constant_memory mode. */
static int stream_table(const bk_host *h, xlsxp_stream *st, const bk_table *t, bk_error *err)
{
    const char *name = t->title && *t->title ? t->title : "表";
    bk_grid *g = h->grid_new(name);
    if (!g) return h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "out of memory");
    uint32_t next = 0;
    int rc = h->layout_table(t, g, 0, &next, err);
    if (rc && !err->context[0]) snprintf(err->context, sizeof err->context, "%s", name);
    if (rc == BK_OK && st->w) {
        rc = xlsxp_writer_add_grid(st->w, g, name, name, err);
    } else if (rc == BK_OK) {
        if (st->n_grids == st->cap_grids) {
            size_t cap = st->cap_grids ? st->cap_grids * 2 : 16;
            bk_grid **grown = realloc(st->grids, cap * sizeof *grown);
            if (!grown)
                rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, name, "out of memory");
            else
                st->grids = grown, st->cap_grids = cap;
        }
        if (rc == BK_OK) {
            st->grids[st->n_grids++] = g;
            return BK_OK;
        }
    }
    h->grid_free(g);
    return rc;
}

static int stream_batch(const bk_host *h, xlsxp_stream *st, const bk_document *doc, const bk_sink *out, bk_error *err)
{
    int rc = xlsxp_pie_acc_add(&st->pies, doc) ? h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory") : BK_OK;
    for (size_t i = 0; rc == BK_OK && i < doc->n_tables; i++) {
        if (out->interrupted && *out->interrupted)
            return h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        st->cells += cells_of(&doc->tables[i]);
        rc = stream_table(h, st, &doc->tables[i], err);
        st->n_tables++;
        if (rc == BK_OK && !st->w && st->mode == 2 && st->cells > XLSXP_CONSTANT_MEMORY_CELLS)
            rc = stream_switch(h, st, out, err);
        if (out->progress) out->progress(out->progress_ctx, st->n_tables, 0);
    }
    return rc;
}

/* The rest of the document after the streamed tables, as write_sheets() writes it. */
static int stream_finish(const bk_host *h, xlsxp_stream *st, const bk_document *doc, const bk_sink *out,
                         const bk_options *o, bk_error *err)
{
    xlsxp_write_opts wo = st->wo;
    wo.title = doc->title;
    wo.company = doc->department_name;
    int rc = creation_time(h, doc, o, &wo.created, err);
    if (rc) return rc;
    if (st->n_tables == 0 && doc->n_tables == 0 && doc->n_perf_targets == 0)
        return h->error_set(err, BK_ERR_VALUE, 0, 0, NULL, "the document has no tables to write");
    if (!st->w) { /* the kept grids: the bytes write() gives */
        wo.defer_titles = false;
        wo.constant_memory =
            st->mode == 1 || (st->mode == 2 && st->cells + table_cells(doc) > XLSXP_CONSTANT_MEMORY_CELLS);
        if ((rc = xlsxp_writer_open(h, out->path, &wo, &st->w, err))) return rc;
        rc = add_text_sheet(h, st->w, xlsxp_cover_grid(h, doc), XLSXP_COVER_SHEET, NULL, 0, err);
        for (size_t i = 0; i < st->n_grids; i++) {
            bk_grid *g = st->grids[i];
            if (rc == BK_OK)
                rc = xlsxp_writer_add_marked_grid(st->w, g, g->name, g->name, XLSXP_SHEET_TABLE, NULL, 0, err);
            h->grid_free(g);
        }
        st->n_grids = 0;
    } else {
        rc = xlsxp_writer_set_titles(st->w, &wo, err);
        bk_grid *cover = xlsxp_cover_grid(h, doc);
        if (rc == BK_OK && !cover) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, XLSXP_COVER_SHEET, "out of memory");
        if (rc == BK_OK) rc = xlsxp_writer_fill_reserved(st->w, cover, XLSXP_COVER_SHEET, XLSXP_SHEET_COVER, err);
        if (cover) h->grid_free(cover);
    }
    for (size_t i = 0; rc == BK_OK && i < doc->n_tables; i++)
        rc = add_sheet(h, st->w, layout_table, &doc->tables[i], doc->tables[i].title, doc->tables[i].title, NULL,
                       XLSXP_ON_TABLE, i, err);
    for (size_t i = 0; rc == BK_OK && i < doc->n_perf_targets; i++) {
        char sheet[160];
        const bk_perf_target *p = &doc->perf_targets[i];
        rc = add_sheet(h, st->w, layout_perf, p, p->title, perf_sheet_name(p, sheet, sizeof sheet), NULL, XLSXP_ON_FORM,
                       i, err);
    }
    if (rc == BK_OK && doc->n_sections) rc = add_sections(h, st->w, doc, NULL, err);
    if (rc == BK_OK && xlsxp_pie_acc_add(&st->pies, doc))
        rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (rc == BK_OK && h->options_get_bool(o, "charts", 1)) {
        xlsxp_pie_set pies;
        xlsxp_pie_acc_result(&st->pies, &pies);
        rc = xlsxp_writer_add_pies(st->w, pies.pies, pies.n, err);
    }
    if (rc == BK_OK) {
        xlsxp_writer *w = st->w;
        st->w = NULL;
        rc = xlsxp_writer_close(w, err);
    }
    return rc;
}

static int xlsx_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step,
                             const bk_sink *out, const bk_options *o, bk_error *err)
{
    bk_error local;
    err = XLSXP_ERR(err, &local);
    xlsxp_stream *st = *state;
    if (step == BK_TABLES_ABORT) {
        stream_free(h, st);
        *state = NULL;
        return BK_OK;
    }
    int rc = BK_OK;
    if (!st) {
        int mode = memory_mode(h, o, err);
        if (mode < 0) return BK_ERR_INVALID_ARG;
        if (!(st = calloc(1, sizeof *st))) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        st->mode = mode;
        st->wo = (xlsxp_write_opts){.font = h->options_get(o, "font"), .diags = out->diags};
        xlsxp_pie_acc_init(&st->pies);
        *state = st;
        if (mode == 1) rc = stream_switch(h, st, out, err);
    }
    if (rc == BK_OK && step == BK_TABLES_BATCH) return stream_batch(h, st, doc, out, err);
    if (rc == BK_OK) rc = stream_finish(h, st, doc, out, o, err);
    if (step == BK_TABLES_FINISH) { /* FINISH frees the state, also when it fails */
        stream_free(h, st);
        *state = NULL;
    }
    return rc;
}

static const bk_option_spec XLSX_OPTIONS[] = {
    {"sheet", BK_OPT_STRING, BK_OPT_READ, NULL, NULL, "records: read this sheet instead of the first visible one"},
    {"decimals", BK_OPT_INT, BK_OPT_READ, "2", NULL,
     "round stored numbers to this many decimals when their number format shows fewer (General)"},
    {"hidden", BK_OPT_BOOL, BK_OPT_READ, "false", NULL, "also read hidden sheets"},
    {"font", BK_OPT_STRING, BK_OPT_WRITE, "宋体", NULL, "font of every cell and chart"},
    {"created", BK_OPT_STRING, BK_OPT_WRITE, NULL, NULL,
     "fixed creation time YYYY-MM-DD[THH:MM:SSZ] (default: 1 January of the fiscal year)"},
    {"charts", BK_OPT_BOOL, BK_OPT_WRITE, "true", NULL, "add the 图表 sheet with the disclosure's pie charts"},
    {"constant_memory", BK_OPT_ENUM, BK_OPT_WRITE, "auto", "auto|on|off",
     "write rows to disk as they come (flat memory; strings inline, not shared): auto above 200,000 table cells"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const char *const XLSX_EXTENSIONS[] = {"xlsx", "xlsm", NULL};

static const bk_plugin XLSX_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "xlsx",
    .description = "Excel workbooks: print-ready publication layout (write), finance-system exports (read)",
    .extensions = XLSX_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE | BK_CAP_READ_PATH | BK_CAP_WRITE_PATH | BK_CAP_RECORDS | BK_CAP_ANNOTATE |
            BK_CAP_WRITE_TABLES | BK_CAP_READ_TABLES,
    .options = XLSX_OPTIONS,
    .probe = xlsx_probe, /* PK\3\4 plus .xlsx, or an xl/ part name in the head */
    .read = xlsx_read,   /* every visible sheet → a grid → the recognizer */
    .write = xlsx_write, /* every table → the official layout → a sheet */
    .read_records = xlsx_read_records,
    .write_tables = xlsx_write_tables, /* tables as a streaming reader completes them */
};

BK_PLUGIN_ENTRY(xlsx)
{
    return &XLSX_PLUGIN;
}
