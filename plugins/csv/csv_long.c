/* SPDX-License-Identifier: MIT */
/* The long layout: one CSV row per amount (cell), plus a few `record` rows that
 * carry what is not an amount (document facts, tables, columns, forms, sections),
 * so that long → document is lossless. Columns are documented in docs/csv-format.md. */
#include "csv_layouts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    L_TABLE_TITLE,
    L_ROW_CODE,
    L_ROW_NAME,
    L_COLUMN_LABEL,
    L_VALUE,
    L_TABLE_KIND,
    L_COLUMN_KEY,
    L_UNIT,
    L_ROW_ORDER,
    L_PANEL,
    L_ROW_ROLE,
    L_LEVEL,
    L_PARENT,
    L_ROW_KEY,
    L_TABLE_NUMBER,
    L_DEPARTMENT,
    L_UNIT_LABEL,
    L_SCALE,
    L_NOTE,
    L_PANEL_LABEL,
    L_CODE_LABEL,
    L_NAME_LABEL,
    L_COLUMN_TYPE,
    L_ROW_FLAGS,
    L_RECORD,
    L_SEQ,
    L_TEXT,
    L_PERIOD,
    L_LEVEL1,
    L_LEVEL2,
    L_LEVEL3,
    L_SRC_LINE,
    L_SRC_COLUMN,
    L_SRC_PAGE,
    L_SRC_SHEET,
    L_COUNT
};

static const char *const CSVP_LONG_COLS[L_COUNT] = {
    "table_title", "row_code", "row_name", "column_label", "value", "table_kind", "column_key", "unit", "row_order",
    "panel", "row_role", "level", "parent", "row_key", "table_number", "department", "unit_label", "scale", "note",
    "panel_label", "code_label", "name_label", "column_type", "row_flags", "record", "seq", "text", "period", "level1",
    "level2", "level3", "src_line", "src_column",
    /* appended (older readers ignore them with a warning) */
    "src_page", "src_sheet"};

/* ================================================================ writing */

typedef struct csvp_lrow {
    const char *v[L_COUNT];
    char num[10][24];
    int n_num;
} csvp_lrow;

static void lrow_clear(csvp_lrow *r)
{
    memset(r->v, 0, sizeof r->v); /* the number buffers are written before they are read */
    r->n_num = 0;
}

/* Decimal text of @p v by hand: seven numbers a cell, snprintf was a tenth of a long write. */
static void lrow_int(csvp_lrow *r, int col, long long v)
{
    char *b = r->num[r->n_num++];
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    int w = 0;
    if (v < 0) b[w++] = '-';
    while (n) b[w++] = tmp[--n];
    b[w] = '\0';
    r->v[col] = b;
}

/* Where it was read: line and column (a workbook: the sheet's row and column), the PDF page, the sheet. */
static void lrow_pos(csvp_lrow *r, const bk_pos *p)
{
    lrow_int(r, L_SRC_LINE, p->line);
    lrow_int(r, L_SRC_COLUMN, p->column);
    if (p->page) lrow_int(r, L_SRC_PAGE, p->page);
    r->v[L_SRC_SHEET] = p->sheet;
}

static void lrow_emit(csvp_out *w, const csvp_lrow *r)
{
    for (int i = 0; i < L_COUNT; i++) csvp_out_str(w, r->v[i]);
    csvp_out_eol(w);
}

static void csvp_long_doc(csvp_out *w, const bk_host *h, const bk_document *doc)
{
    csvp_lrow r;
    struct {
        const char *k, *v;
    } facts[] = {{"title", doc->title},
                 {"kind", doc->kind ? h->doc_kind_name(doc->kind) : NULL},
                 {"region", doc->region},
                 {"level", doc->level},
                 {"department_code", doc->department_code},
                 {"department_name", doc->department_name},
                 {"disclosure", doc->disclosure}};
    char year[16];
    if (doc->fiscal_year) {
        snprintf(year, sizeof year, "%d", (int)doc->fiscal_year);
        lrow_clear(&r);
        r.v[L_RECORD] = "doc";
        r.v[L_COLUMN_KEY] = "fiscal_year";
        r.v[L_TEXT] = year;
        lrow_emit(w, &r);
    }
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        if (!facts[i].v) continue;
        lrow_clear(&r);
        r.v[L_RECORD] = "doc";
        r.v[L_COLUMN_KEY] = facts[i].k;
        r.v[L_TEXT] = facts[i].v;
        lrow_emit(w, &r);
    }
    for (size_t i = 0; i < doc->n_units; i++) {
        lrow_clear(&r);
        r.v[L_RECORD] = "unit";
        r.v[L_ROW_CODE] = doc->units[i].code;
        r.v[L_ROW_NAME] = doc->units[i].name;
        r.v[L_TEXT] = doc->units[i].type;
        lrow_emit(w, &r);
    }
}

static void csvp_long_table(csvp_out *w, const bk_host *h, const bk_table *t, size_t seq)
{
    csvp_lrow r;
    lrow_clear(&r);
    r.v[L_RECORD] = "table";
    lrow_int(&r, L_SEQ, (long long)seq);
    r.v[L_TABLE_KIND] = t->kind;
    r.v[L_TABLE_TITLE] = t->title;
    r.v[L_TABLE_NUMBER] = t->number_label;
    r.v[L_DEPARTMENT] = t->department;
    r.v[L_UNIT] = t->unit ? h->unit_kind_name(t->unit) : NULL;
    r.v[L_UNIT_LABEL] = t->unit_label;
    lrow_int(&r, L_SCALE, t->scale);
    r.v[L_NOTE] = t->note;
    lrow_pos(&r, &t->pos);
    lrow_emit(w, &r);
    for (size_t p = 0; p < t->n_panels; p++) {
        const bk_panel *pa = &t->panels[p];
        lrow_clear(&r);
        r.v[L_RECORD] = "panel";
        lrow_int(&r, L_SEQ, (long long)seq);
        r.v[L_TABLE_KIND] = t->kind;
        r.v[L_TABLE_TITLE] = t->title;
        r.v[L_PANEL] = pa->key;
        r.v[L_PANEL_LABEL] = pa->label;
        r.v[L_CODE_LABEL] = pa->code_label;
        r.v[L_NAME_LABEL] = pa->name_label;
        lrow_emit(w, &r);
        for (size_t c = 0; c < pa->n_columns; c++) {
            lrow_clear(&r);
            r.v[L_RECORD] = "column";
            lrow_int(&r, L_SEQ, (long long)seq);
            r.v[L_TABLE_KIND] = t->kind;
            r.v[L_TABLE_TITLE] = t->title;
            r.v[L_PANEL] = pa->key;
            r.v[L_COLUMN_KEY] = pa->columns[c].key;
            r.v[L_COLUMN_LABEL] = pa->columns[c].label;
            r.v[L_COLUMN_TYPE] = pa->columns[c].type == BK_CELL_TEXT ? "text" : "amount";
            lrow_emit(w, &r);
        }
        for (size_t i = 0; i < pa->n_rows && !w->status; i++) {
            const bk_row *row = &pa->rows[i];
            for (size_t c = 0; c < pa->n_columns; c++) {
                const bk_cell *cell = &row->cells[c];
                char amt[BK_AMOUNT_TEXT_MAX];
                lrow_clear(&r);
                r.v[L_TABLE_TITLE] = t->title;
                r.v[L_ROW_CODE] = row->code;
                r.v[L_ROW_NAME] = row->name;
                r.v[L_COLUMN_LABEL] = pa->columns[c].label;
                if (cell->kind == BK_CELL_AMOUNT && h->amount_format(cell->amount, amt, sizeof amt)) r.v[L_VALUE] = amt;
                if (cell->kind == BK_CELL_TEXT) r.v[L_TEXT] = cell->text;
                r.v[L_TABLE_KIND] = t->kind;
                r.v[L_COLUMN_KEY] = pa->columns[c].key;
                r.v[L_UNIT] = t->unit ? h->unit_kind_name(t->unit) : NULL;
                lrow_int(&r, L_ROW_ORDER, (long long)i);
                r.v[L_PANEL] = pa->key;
                r.v[L_ROW_ROLE] = h->row_role_name(row->role);
                lrow_int(&r, L_LEVEL, row->level);
                lrow_int(&r, L_PARENT, row->parent);
                r.v[L_ROW_KEY] = row->key;
                if (row->flags) lrow_int(&r, L_ROW_FLAGS, row->flags);
                r.v[L_RECORD] = "cell";
                lrow_int(&r, L_SEQ, (long long)seq);
                lrow_pos(&r, &row->pos);
                lrow_emit(w, &r);
            }
        }
    }
}

static void csvp_long_form(csvp_out *w, const bk_host *h, const bk_perf_target *p, size_t seq)
{
    csvp_lrow r;
    const char *kind = p->kind == BK_PERF_DEPARTMENT ? "perf.department" : "perf.project";
    lrow_clear(&r);
    r.v[L_RECORD] = "form";
    lrow_int(&r, L_SEQ, (long long)seq);
    r.v[L_TABLE_KIND] = kind;
    r.v[L_TABLE_TITLE] = p->title;
    r.v[L_TEXT] = p->period_label;
    r.v[L_UNIT] = p->unit ? h->unit_kind_name(p->unit) : NULL;
    lrow_pos(&r, &p->pos);
    lrow_emit(w, &r);
    for (size_t i = 0; i < p->n_fields; i++) {
        lrow_clear(&r);
        r.v[L_RECORD] = "form_field";
        lrow_int(&r, L_SEQ, (long long)seq);
        r.v[L_TABLE_KIND] = kind;
        r.v[L_COLUMN_KEY] = p->fields[i].key;
        r.v[L_COLUMN_LABEL] = p->fields[i].label;
        r.v[L_TEXT] = p->fields[i].value;
        lrow_emit(w, &r);
    }
    for (size_t i = 0; i < p->n_amounts; i++) {
        char amt[BK_AMOUNT_TEXT_MAX];
        const bk_perf_amount *a = &p->amounts[i];
        lrow_clear(&r);
        r.v[L_RECORD] = "form_amount";
        lrow_int(&r, L_SEQ, (long long)seq);
        r.v[L_TABLE_KIND] = kind;
        r.v[L_TABLE_TITLE] = p->title;
        r.v[L_PANEL] = a->group;
        r.v[L_COLUMN_KEY] = a->key;
        r.v[L_COLUMN_LABEL] = a->label;
        r.v[L_UNIT] = p->unit ? h->unit_kind_name(p->unit) : NULL;
        if (a->value.kind == BK_CELL_AMOUNT && h->amount_format(a->value.amount, amt, sizeof amt)) r.v[L_VALUE] = amt;
        if (a->value.kind == BK_CELL_TEXT) r.v[L_TEXT] = a->value.text;
        lrow_emit(w, &r);
    }
    for (size_t i = 0; i < p->n_tasks; i++) {
        lrow_clear(&r);
        r.v[L_RECORD] = "form_task";
        lrow_int(&r, L_SEQ, (long long)seq);
        r.v[L_TABLE_KIND] = kind;
        r.v[L_COLUMN_LABEL] = p->tasks[i].label;
        r.v[L_TEXT] = p->tasks[i].value;
        lrow_emit(w, &r);
    }
    for (size_t i = 0; i < p->n_indicators; i++) {
        const bk_indicator *ind = &p->indicators[i];
        lrow_clear(&r);
        r.v[L_RECORD] = "indicator";
        lrow_int(&r, L_SEQ, (long long)seq);
        r.v[L_TABLE_KIND] = kind;
        r.v[L_PERIOD] = ind->period;
        r.v[L_LEVEL1] = ind->level1;
        r.v[L_LEVEL2] = ind->level2;
        r.v[L_LEVEL3] = ind->level3;
        r.v[L_TEXT] = ind->value_raw;
        lrow_pos(&r, &ind->pos);
        lrow_emit(w, &r);
    }
}

/* The header and the document's rows: what comes before the tables. */
static void csvp_long_head(csvp_out *w, const bk_host *h, const bk_document *doc)
{
    for (int i = 0; i < L_COUNT; i++) csvp_out_str(w, CSVP_LONG_COLS[i]);
    csvp_out_eol(w);
    csvp_long_doc(w, h, doc);
}

/* The forms and sections: what comes after the tables. */
static void csvp_long_tail(csvp_out *w, const bk_host *h, const bk_document *doc)
{
    for (size_t i = 0; i < doc->n_perf_targets && !w->status; i++) csvp_long_form(w, h, &doc->perf_targets[i], i);
    for (size_t i = 0; i < doc->n_sections && !w->status; i++) {
        const bk_section *s = &doc->sections[i];
        csvp_lrow r;
        lrow_clear(&r);
        r.v[L_RECORD] = "section";
        lrow_int(&r, L_SEQ, (long long)i);
        r.v[L_ROW_NAME] = s->heading;
        lrow_int(&r, L_LEVEL, s->level);
        r.v[L_TEXT] = s->text;
        lrow_pos(&r, &s->pos);
        lrow_emit(w, &r);
    }
}

int csvp_long_write(const bk_host *h, const bk_document *doc, csvp_out *w, bk_error *err)
{
    (void)err;
    csvp_long_head(w, h, doc);
    for (size_t i = 0; i < doc->n_tables && !w->status; i++) csvp_long_table(w, h, &doc->tables[i], i);
    csvp_long_tail(w, h, doc);
    return w->status;
}

/* ---------------------------------------------------------------- table streaming */

/* The document's rows come first but are final only at the end: the tables of the
 * batches are spooled (already encoded) and copied in after them. */
typedef struct csvp_long_stream {
    FILE *spool;
    long start; /* where the spooled rows begin (after a BOM csvp_out_open wrote) */
    csvp_out w; /* writing into the spool */
    size_t seq; /* tables spooled so far */
} csvp_long_stream;

static void lstream_free(csvp_long_stream *st)
{
    if (!st) return;
    csvp_out_close(&st->w);
    if (st->spool) fclose(st->spool);
    free(st);
}

static int lstream_begin(const bk_host *h, csvp_long_stream **out, const bk_sink *sink, const bk_options *o,
                         bk_error *err)
{
    csvp_long_stream *st = calloc(1, sizeof *st);
    if (!st) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    st->w.cd = (iconv_t)-1; /* lstream_free() closes it also when it was never opened */
    *out = st;
    if (!(st->spool = tmpfile())) return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot create a temporary file");
    bk_sink spool = *sink;
    spool.fp = st->spool;
    int rc = csvp_out_open(&st->w, h, &spool, o, err);
    if (rc) return rc;
    st->start = ftell(st->spool);
    return st->start < 0 ? h->error_set(err, BK_ERR_IO, 0, 0, NULL, "temporary file: cannot tell its position") : BK_OK;
}

/* Copy the spooled rows to @p fp: in the kernel where it can (Linux copy_file_range), else by hand. */
static int lstream_copy(const bk_host *h, csvp_long_stream *st, FILE *fp, bk_error *err)
{
    int rc = csvp_out_close(&st->w);
    if (rc) return rc;
    if (fflush(st->spool) || fflush(fp) || fseek(st->spool, st->start, SEEK_SET))
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "temporary file: write error");
#ifdef __linux__
    off_t from = st->start;
    ssize_t n;
    while ((n = copy_file_range(fileno(st->spool), &from, fileno(fp), NULL, (size_t)1 << 30, 0)) > 0) continue;
    if (n == 0) return BK_OK;
    if (from != st->start) /* failed part way: the output is unknown */
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "write error");
#endif
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, st->spool)) > 0)
        if (fwrite(buf, 1, got, fp) != got) return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "write error");
    return ferror(st->spool) ? h->error_set(err, BK_ERR_IO, 0, 0, NULL, "temporary file: read error") : BK_OK;
}

static int lstream_finish(const bk_host *h, csvp_long_stream *st, const bk_document *doc, const bk_sink *out,
                          const bk_options *o, bk_error *err)
{
    csvp_out w;
    int rc = csvp_out_open(&w, h, out, o, err);
    if (rc) return rc;
    csvp_long_head(&w, h, doc);
    rc = csvp_out_sync(&w);
    if (!rc && st) rc = lstream_copy(h, st, out->fp, err);
    for (size_t i = 0; !rc && i < doc->n_tables && !w.status; i++)
        csvp_long_table(&w, h, &doc->tables[i], (st ? st->seq : 0) + i);
    if (!rc) csvp_long_tail(&w, h, doc);
    int rc2 = csvp_out_close(&w);
    return rc ? rc : rc2;
}

int csvp_long_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step,
                           const bk_sink *out, const bk_options *o, bk_error *err)
{
    csvp_long_stream *st = *state;
    if (step == BK_TABLES_ABORT) {
        lstream_free(st);
        *state = NULL;
        return BK_OK;
    }
    if (step == BK_TABLES_FINISH) {
        *state = NULL;
        int rc = lstream_finish(h, st, doc, out, o, err);
        lstream_free(st);
        return rc;
    }
    if (!st) {
        int rc = lstream_begin(h, &st, out, o, err);
        *state = st;
        if (rc) return rc;
    }
    for (size_t i = 0; i < doc->n_tables && !st->w.status; i++) csvp_long_table(&st->w, h, &doc->tables[i], st->seq++);
    return st->w.status;
}

/* ================================================================ reading */

struct csvp_long_reader {
    const bk_host *h;
    const bk_limits *limits;
    bk_document *doc;
    bk_document *tdoc;   /* where tables are built: doc, or the core's bk_source.tables */
    const bk_source *in; /* for tables_ready (NULL: no streaming) */
    size_t n_tables;     /* tables read so far, streamed ones too (limit.tables) */
    bk_diags *diags;
    bk_error *err;
    int idx[L_COUNT]; /* field index of each known column, or -1 */
    int header_done;
    /* where cells go */
    long long table_seq, form_seq;
    bk_table *table;
    bk_panel *panel;
    long long row_order;
    bk_row *row;
    bk_perf_target *form;
    uint32_t line;
    /* a plain long file (no `record` column): the cells of one table, built when it ends */
    int plain;
    struct csvp_plain_cell *cells;
    size_t n_cells, cap_cells;
    char *plain_table; /* identity of the buffered table: title and kind */
};

/* One buffered cell of a plain long file. */
typedef struct csvp_plain_cell {
    char *f[L_COUNT]; /* copies of the known columns (NULL = empty) */
    uint32_t line;
} csvp_plain_cell;

int csvp_long_is_header(const bk_record *rec)
{
    /* Three of the four key names make it a long header; the reader then
     * refuses a missing or doubled column instead of reading it as a report. */
    static const char *const KEY_NAMES[] = {"table_title", "row_name", "column_label", "value"};
    unsigned seen = 0;
    for (size_t i = 0; i < rec->n_fields; i++)
        for (unsigned k = 0; k < 4; k++)
            if (!strcmp(rec->fields[i], KEY_NAMES[k])) seen |= 1u << k;
    return __builtin_popcount(seen) >= 3;
}

csvp_long_reader *csvp_long_reader_new(const bk_host *h, const bk_limits *limits, bk_document *doc, bk_diags *diags,
                                       const bk_source *in, bk_error *err)
{
    csvp_long_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->h = h;
    r->limits = limits;
    r->doc = doc;
    r->tdoc = in && in->tables && in->tables_ready ? in->tables : doc;
    r->in = in;
    r->diags = diags;
    r->err = err;
    r->table_seq = -1;
    r->form_seq = -1;
    for (int i = 0; i < L_COUNT; i++) r->idx[i] = -1;
    return r;
}

static const char *lget(const csvp_long_reader *r, const bk_record *rec, int col)
{
    int i = r->idx[col];
    if (i < 0 || (size_t)i >= rec->n_fields || rec->lens[i] == 0) return NULL;
    return rec->fields[i];
}

static int lint(csvp_long_reader *r, const bk_record *rec, int col, long long def, long long lo, long long hi,
                long long *out)
{
    const char *s = lget(r, rec, col);
    if (!s) {
        *out = def;
        return BK_OK;
    }
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end || v < lo || v > hi)
        return r->h->error_set(r->err, BK_ERR_VALUE, rec->line, (uint32_t)r->idx[col] + 1, NULL,
                               "%s: '%s' is not an integer in [%lld, %lld]", CSVP_LONG_COLS[col], s, lo, hi);
    *out = v;
    return BK_OK;
}

/* src_line, src_column, src_page and src_sheet into @p pos (a sheet name copied into @p doc). */
static int lpos(csvp_long_reader *r, const bk_record *rec, bk_document *doc, bk_pos *pos)
{
    long long line, col, page;
    int rc;
    if ((rc = lint(r, rec, L_SRC_LINE, 0, 0, UINT32_MAX, &line)) ||
        (rc = lint(r, rec, L_SRC_COLUMN, 0, 0, UINT32_MAX, &col)) ||
        (rc = lint(r, rec, L_SRC_PAGE, 0, 0, UINT32_MAX, &page)))
        return rc;
    bk_pos p = *pos;
    p.line = (uint32_t)line;
    p.column = (uint32_t)col;
    p.page = (uint32_t)page;
    const char *sheet = lget(r, rec, L_SRC_SHEET);
    if (sheet && !page) {
        p.sheet = r->h->document_strdup(doc, sheet, (size_t)-1);
        if (!p.sheet) return r->h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    }
    r->h->pos_set(pos, &p);
    return BK_OK;
}

static const char *ldup(csvp_long_reader *r, const bk_record *rec, int col)
{
    const char *s = lget(r, rec, col);
    return s ? r->h->document_strdup(r->doc, s, (size_t)-1) : NULL;
}

/* A copy in the document the tables are built in. */
static const char *ltdup(csvp_long_reader *r, const bk_record *rec, int col)
{
    const char *s = lget(r, rec, col);
    return s ? r->h->document_strdup(r->tdoc, s, (size_t)-1) : NULL;
}

/* Table streaming (bk_source.tables): the complete tables go to the writer, then are dropped. */
static int lstream_flush(csvp_long_reader *r)
{
    r->table = NULL;
    r->panel = NULL;
    r->row = NULL;
    if (!r->in || !r->in->tables || !r->in->tables_ready || r->tdoc->n_tables == 0) return BK_OK;
    return r->in->tables_ready(r->in->tables_ctx, r->err);
}

/* @p doc owns the cell: the tables' document for a table cell, the document for a form's figure. */
static int lvalue(csvp_long_reader *r, const bk_record *rec, bk_document *doc, bk_cell *cell)
{
    const char *v = lget(r, rec, L_VALUE);
    const char *t = lget(r, rec, L_TEXT);
    if (v) {
        bk_amount a;
        bk_amount_result res = r->h->amount_parse(v, (size_t)-1, BK_AMOUNT_STRICT, &a);
        if (res != BK_AMOUNT_OK)
            return r->h->error_set(r->err, BK_ERR_VALUE, rec->line, (uint32_t)r->idx[L_VALUE] + 1, NULL,
                                   "value '%s': %s", v, r->h->amount_result_str(res));
        r->h->cell_set_amount(cell, a);
    } else if (t) {
        if (r->h->cell_set_text(doc, cell, t, (size_t)-1))
            return r->h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    }
    return BK_OK;
}

static bk_panel *lfind_panel(csvp_long_reader *r, const char *key)
{
    if (!r->table) return NULL;
    for (size_t i = 0; i < r->table->n_panels; i++)
        if (!strcmp(r->table->panels[i].key, key ? key : "main")) return &r->table->panels[i];
    return NULL;
}

/* limit.tables bounds tables and forms, as in the other readers. */
static int lcheck_count(const csvp_long_reader *r, size_t have, uint32_t line, const char *what)
{
    if (have < r->limits->tables) return BK_OK;
    return r->h->error_set(r->err, BK_ERR_LIMIT, line, 0, NULL, "more than %llu %s (limit.tables)",
                           (unsigned long long)r->limits->tables, what);
}

static int lrec_table(csvp_long_reader *r, const bk_record *rec, long long seq)
{
    const bk_host *h = r->h;
    int lim = lcheck_count(r, r->n_tables, rec->line, "tables");
    if (lim) return lim;
    int fl = lstream_flush(r);
    if (fl) return fl;
    r->table = h->document_add_table(r->tdoc, lget(r, rec, L_TABLE_KIND) ? lget(r, rec, L_TABLE_KIND) : "custom",
                                     lget(r, rec, L_TABLE_TITLE));
    if (!r->table) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    r->n_tables++;
    r->table_seq = seq;
    r->panel = NULL;
    r->row = NULL;
    bk_table *t = r->table;
    h->table_set_number_label(t, ltdup(r, rec, L_TABLE_NUMBER));
    h->table_set_department(t, ltdup(r, rec, L_DEPARTMENT));
    h->table_set_unit(t, lget(r, rec, L_UNIT) ? h->unit_kind_from_name(lget(r, rec, L_UNIT)) : BK_UNIT_UNKNOWN);
    h->table_set_unit_label(t, ltdup(r, rec, L_UNIT_LABEL));
    h->table_set_note(t, ltdup(r, rec, L_NOTE));
    long long v;
    int rc;
    if ((rc = lint(r, rec, L_SCALE, 2, 0, BK_AMOUNT_MAX_SCALE, &v))) return rc;
    h->table_set_scale(t, (int32_t)v);
    if ((rc = lpos(r, rec, r->tdoc, &t->pos))) return rc;
    return BK_OK;
}

static int lrec_cell(csvp_long_reader *r, const bk_record *rec, long long seq)
{
    const bk_host *h = r->h;
    if (!r->table || seq != r->table_seq)
        return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "cell of table %lld before its `table` record",
                            seq);
    bk_panel *p = lfind_panel(r, lget(r, rec, L_PANEL));
    if (!p)
        return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "cell of an undeclared panel '%s'",
                            lget(r, rec, L_PANEL) ? lget(r, rec, L_PANEL) : "main");
    long long order;
    int rc = lint(r, rec, L_ROW_ORDER, 0, 0, INT32_MAX, &order);
    if (rc) return rc;
    if (p != r->panel || order != r->row_order || !r->row) {
        if ((size_t)order != p->n_rows)
            return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL,
                                "row_order %lld out of sequence (expected %zu)", order, p->n_rows);
        bk_row *row = h->panel_add_row(r->tdoc, p, lget(r, rec, L_ROW_CODE), lget(r, rec, L_ROW_NAME));
        if (!row) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        h->row_set_key(row, ltdup(r, rec, L_ROW_KEY));
        const char *role = lget(r, rec, L_ROW_ROLE);
        int rv = role ? h->row_role_from_name(role) : 0;
        if (rv < 0)
            return h->error_set(r->err, BK_ERR_VALUE, rec->line, (uint32_t)r->idx[L_ROW_ROLE] + 1, NULL,
                                "unknown row_role '%s' (data, subtotal, total)", role);
        h->row_set_role(row, (bk_row_role)rv);
        long long v;
        if ((rc = lint(r, rec, L_LEVEL, 0, 0, 64, &v))) return rc;
        h->row_set_level(row, (int32_t)v);
        if ((rc = lint(r, rec, L_PARENT, -1, -1, order - 1, &v))) return rc;
        h->row_set_parent(row, (int32_t)v);
        if ((rc = lint(r, rec, L_ROW_FLAGS, 0, 0, UINT32_MAX, &v))) return rc;
        h->row_set_flags(row, (uint32_t)v);
        if ((rc = lpos(r, rec, r->tdoc, &row->pos))) return rc;
        r->panel = p;
        r->row_order = order;
        r->row = row;
    }
    const char *key = lget(r, rec, L_COLUMN_KEY);
    size_t c = 0;
    while (c < p->n_columns && !(key && !strcmp(p->columns[c].key, key))) c++;
    if (c == p->n_columns)
        return h->error_set(r->err, BK_ERR_PARSE, rec->line, (uint32_t)r->idx[L_COLUMN_KEY] + 1, NULL,
                            "cell of an undeclared column '%s'", key ? key : "");
    return lvalue(r, rec, r->tdoc, &r->row->cells[c]);
}

static int lrec_form(csvp_long_reader *r, const bk_record *rec, const char *what, long long seq)
{
    const bk_host *h = r->h;
    if (!strcmp(what, "form")) {
        const char *k = lget(r, rec, L_TABLE_KIND);
        bk_perf_kind kind = k && !strcmp(k, "perf.department") ? BK_PERF_DEPARTMENT : BK_PERF_PROJECT;
        int lim = lcheck_count(r, r->doc->n_perf_targets, rec->line, "performance forms");
        if (lim) return lim;
        r->form = h->document_add_perf_target(r->doc, kind, lget(r, rec, L_TABLE_TITLE));
        if (!r->form) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        r->form_seq = seq;
        h->perf_set_period_label(r->form, ldup(r, rec, L_TEXT));
        h->perf_set_unit(r->form,
                         lget(r, rec, L_UNIT) ? h->unit_kind_from_name(lget(r, rec, L_UNIT)) : BK_UNIT_UNKNOWN);
        int rc;
        if ((rc = lpos(r, rec, r->doc, &r->form->pos))) return rc;
        return BK_OK;
    }
    if (!r->form || seq != r->form_seq)
        return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "%s of form %lld before its `form` record", what,
                            seq);
    bk_perf_target *p = r->form;
    if (!strcmp(what, "form_field")) {
        if (!h->perf_add_field(r->doc, p, lget(r, rec, L_COLUMN_KEY), lget(r, rec, L_COLUMN_LABEL),
                               lget(r, rec, L_TEXT)))
            return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    } else if (!strcmp(what, "form_amount")) {
        bk_perf_amount *a = h->perf_add_amount(r->doc, p, lget(r, rec, L_PANEL), lget(r, rec, L_COLUMN_KEY),
                                               lget(r, rec, L_COLUMN_LABEL));
        if (!a) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        return lvalue(r, rec, r->doc, &a->value);
    } else if (!strcmp(what, "form_task")) {
        if (!h->perf_add_task(r->doc, p, lget(r, rec, L_COLUMN_LABEL), lget(r, rec, L_TEXT)))
            return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    } else {
        bk_indicator *ind = h->perf_add_indicator(r->doc, p, lget(r, rec, L_PERIOD), lget(r, rec, L_LEVEL1),
                                                  lget(r, rec, L_LEVEL2), lget(r, rec, L_LEVEL3), lget(r, rec, L_TEXT));
        if (!ind) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        int rc;
        if ((rc = lpos(r, rec, r->doc, &ind->pos))) return rc;
        h->indicator_parse_value(r->doc, ind);
    }
    return BK_OK;
}

static int lrec_doc(csvp_long_reader *r, const bk_record *rec)
{
    const bk_host *h = r->h;
    const char *k = lget(r, rec, L_COLUMN_KEY);
    const char *v = lget(r, rec, L_TEXT);
    bk_document *d = r->doc;
    if (!k) return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "doc record without column_key");
    if (!strcmp(k, "fiscal_year"))
        h->document_set_fiscal_year(d, v ? (int32_t)strtol(v, NULL, 10) : 0);
    else if (!strcmp(k, "kind"))
        h->document_set_kind(d, v ? h->doc_kind_from_name(v) : BK_DOC_UNKNOWN);
    else if (!strcmp(k, "title"))
        h->document_set_fact(d, BK_FACT_TITLE, ldup(r, rec, L_TEXT));
    else if (!strcmp(k, "region"))
        h->document_set_fact(d, BK_FACT_REGION, ldup(r, rec, L_TEXT));
    else if (!strcmp(k, "level"))
        h->document_set_fact(d, BK_FACT_LEVEL, ldup(r, rec, L_TEXT));
    else if (!strcmp(k, "department_code"))
        h->document_set_fact(d, BK_FACT_DEPARTMENT_CODE, ldup(r, rec, L_TEXT));
    else if (!strcmp(k, "department_name"))
        h->document_set_fact(d, BK_FACT_DEPARTMENT_NAME, ldup(r, rec, L_TEXT));
    else if (!strcmp(k, "disclosure"))
        h->document_set_fact(d, BK_FACT_DISCLOSURE, ldup(r, rec, L_TEXT));
    else
        h->diags_add(r->diags, BK_SEV_WARNING, rec->line, 0, NULL, "unknown document fact '%s' ignored", k);
    return BK_OK;
}

static int lrec(csvp_long_reader *r, const bk_record *rec)
{
    const bk_host *h = r->h;
    const char *what = lget(r, rec, L_RECORD);
    if (!what) what = "cell";
    long long seq;
    int rc = lint(r, rec, L_SEQ, r->table_seq < 0 ? 0 : r->table_seq, 0, INT32_MAX, &seq);
    if (rc) return rc;
    if (!strcmp(what, "cell")) return lrec_cell(r, rec, seq);
    if (!strcmp(what, "table")) return lrec_table(r, rec, seq);
    if (!strcmp(what, "panel")) {
        if (!r->table || seq != r->table_seq)
            return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "panel before its `table` record");
        const char *key = lget(r, rec, L_PANEL) ? lget(r, rec, L_PANEL) : "main";
        bk_panel *p = h->table_add_panel(r->tdoc, r->table, key, lget(r, rec, L_PANEL_LABEL));
        if (!p) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        h->panel_set_code_label(p, ltdup(r, rec, L_CODE_LABEL));
        h->panel_set_name_label(p, ltdup(r, rec, L_NAME_LABEL));
        r->panel = NULL;
        r->row = NULL;
        return BK_OK;
    }
    if (!strcmp(what, "column")) {
        bk_panel *p = lfind_panel(r, lget(r, rec, L_PANEL));
        if (!p || seq != r->table_seq)
            return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "column before its `panel` record");
        const char *type = lget(r, rec, L_COLUMN_TYPE);
        if (!h->panel_add_column(r->tdoc, p, lget(r, rec, L_COLUMN_KEY), lget(r, rec, L_COLUMN_LABEL),
                                 type && !strcmp(type, "text") ? BK_CELL_TEXT : BK_CELL_AMOUNT))
            return h->error_set(r->err, BK_ERR_PARSE, rec->line, 0, NULL, "column after the panel's first row");
        return BK_OK;
    }
    if (!strncmp(what, "form", 4) || !strcmp(what, "indicator")) return lrec_form(r, rec, what, seq);
    if (!strcmp(what, "doc")) return lrec_doc(r, rec);
    if (!strcmp(what, "unit")) {
        if (!h->document_add_unit(r->doc, lget(r, rec, L_ROW_CODE), lget(r, rec, L_ROW_NAME), lget(r, rec, L_TEXT)))
            return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        return BK_OK;
    }
    if (!strcmp(what, "section")) {
        long long level;
        if ((rc = lint(r, rec, L_LEVEL, 1, 0, 64, &level))) return rc;
        bk_section *s = h->document_add_section(r->doc, lget(r, rec, L_ROW_NAME), (int)level, lget(r, rec, L_TEXT));
        if (!s) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        if ((rc = lpos(r, rec, r->doc, &s->pos))) return rc;
        return BK_OK;
    }
    h->diags_add(r->diags, BK_SEV_WARNING, rec->line, (uint32_t)r->idx[L_RECORD] + 1, NULL,
                 "unknown record type '%s': line ignored", what);
    return BK_OK;
}

/* ---- plain long files: table_title, row_code, row_name, column_label, value (+ optional keys) ---- */

static void plain_free_cells(csvp_long_reader *r)
{
    for (size_t i = 0; i < r->n_cells; i++)
        for (int k = 0; k < L_COUNT; k++) free(r->cells[i].f[k]);
    r->n_cells = 0;
}

static const char *pf(const csvp_plain_cell *c, int col)
{
    return c->f[col];
}

static int plain_streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The column key of a plain cell: column_key, else the printed label. */
static const char *plain_key(const csvp_plain_cell *c)
{
    return pf(c, L_COLUMN_KEY) ? pf(c, L_COLUMN_KEY) : pf(c, L_COLUMN_LABEL) ? pf(c, L_COLUMN_LABEL) : "value";
}

/* Build the buffered table: panels and columns in order of first appearance, then rows. */
static int plain_flush(csvp_long_reader *r)
{
    const bk_host *h = r->h;
    if (r->n_cells == 0) return BK_OK;
    const csvp_plain_cell *c0 = &r->cells[0];
    int lim = lcheck_count(r, r->n_tables, c0->line, "tables");
    if (lim) return lim;
    bk_table *t =
        h->document_add_table(r->tdoc, pf(c0, L_TABLE_KIND) ? pf(c0, L_TABLE_KIND) : "custom", pf(c0, L_TABLE_TITLE));
    if (!t) return h->error_set(r->err, BK_ERR_NOMEM, c0->line, 0, NULL, "out of memory");
    r->n_tables++;
    h->table_set_unit(t, pf(c0, L_UNIT) ? h->unit_kind_from_name(pf(c0, L_UNIT)) : BK_UNIT_UNKNOWN);
    h->table_set_scale(t, 0);
    for (size_t i = 0; i < r->n_cells; i++) {
        const char *pk = pf(&r->cells[i], L_PANEL) ? pf(&r->cells[i], L_PANEL) : "main";
        bk_panel *p = NULL;
        for (size_t k = 0; k < t->n_panels && !p; k++)
            if (!strcmp(t->panels[k].key, pk)) p = &t->panels[k];
        if (!p && !(p = h->table_add_panel(r->tdoc, t, pk, NULL)))
            return h->error_set(r->err, BK_ERR_NOMEM, r->cells[i].line, 0, NULL, "out of memory");
        const char *key = plain_key(&r->cells[i]);
        size_t k = 0;
        while (k < p->n_columns && strcmp(p->columns[k].key, key)) k++;
        if (k == p->n_columns &&
            !h->panel_add_column(r->tdoc, p, key, pf(&r->cells[i], L_COLUMN_LABEL),
                                 pf(&r->cells[i], L_VALUE) || !pf(&r->cells[i], L_TEXT) ? BK_CELL_AMOUNT
                                                                                        : BK_CELL_TEXT))
            return h->error_set(r->err, BK_ERR_NOMEM, r->cells[i].line, 0, NULL, "out of memory");
    }
    /* rows: a new row when the panel, row_order or (code, name) changes, or a column repeats */
    bk_panel *cur = NULL;
    bk_row *row = NULL;
    const csvp_plain_cell *first = NULL;
    for (size_t i = 0; i < r->n_cells; i++) {
        const csvp_plain_cell *c = &r->cells[i];
        const char *pk = pf(c, L_PANEL) ? pf(c, L_PANEL) : "main";
        bk_panel *p = NULL;
        for (size_t k = 0; k < t->n_panels && !p; k++)
            if (!strcmp(t->panels[k].key, pk)) p = &t->panels[k];
        size_t col = 0;
        while (col < p->n_columns && strcmp(p->columns[col].key, plain_key(c))) col++;
        int fresh = !row || p != cur || !plain_streq(pf(c, L_ROW_ORDER), pf(first, L_ROW_ORDER)) ||
                    !plain_streq(pf(c, L_ROW_CODE), pf(first, L_ROW_CODE)) ||
                    !plain_streq(pf(c, L_ROW_NAME), pf(first, L_ROW_NAME)) || row->cells[col].kind != BK_CELL_BLANK;
        if (fresh) {
            row = h->panel_add_row(r->tdoc, p, pf(c, L_ROW_CODE), pf(c, L_ROW_NAME));
            if (!row) return h->error_set(r->err, BK_ERR_NOMEM, c->line, 0, NULL, "out of memory");
            bk_pos at = row->pos;
            at.line = c->line;
            h->pos_set(&row->pos, &at);
            h->row_set_key(row, pf(c, L_ROW_KEY) ? h->document_strdup(r->tdoc, pf(c, L_ROW_KEY), (size_t)-1) : NULL);
            int role = pf(c, L_ROW_ROLE) ? h->row_role_from_name(pf(c, L_ROW_ROLE)) : 0;
            h->row_set_role(row, role > 0 ? (bk_row_role)role : BK_ROW_DATA);
            h->row_set_level(row, pf(c, L_LEVEL) ? (int32_t)strtol(pf(c, L_LEVEL), NULL, 10) : 0);
            long par = pf(c, L_PARENT) ? strtol(pf(c, L_PARENT), NULL, 10) : -1;
            h->row_set_parent(row, par >= 0 && (size_t)par < p->n_rows - 1 ? (int32_t)par : -1);
            cur = p;
            first = c;
        }
        const char *v = pf(c, L_VALUE);
        if (v) {
            bk_amount a;
            bk_amount_result res = h->amount_parse(v, (size_t)-1, BK_AMOUNT_STRICT, &a);
            if (res != BK_AMOUNT_OK)
                return h->error_set(r->err, BK_ERR_VALUE, c->line, (uint32_t)r->idx[L_VALUE] + 1, NULL,
                                    "value '%s': %s", v, h->amount_result_str(res));
            h->cell_set_amount(&row->cells[col], a);
            if (a.scale > t->scale) h->table_set_scale(t, a.scale);
        } else if (pf(c, L_TEXT) && h->cell_set_text(r->tdoc, &row->cells[col], pf(c, L_TEXT), (size_t)-1)) {
            return h->error_set(r->err, BK_ERR_NOMEM, c->line, 0, NULL, "out of memory");
        }
    }
    plain_free_cells(r);
    return lstream_flush(r);
}

static int plain_add(csvp_long_reader *r, const bk_record *rec)
{
    const bk_host *h = r->h;
    char id[1024];
    snprintf(id, sizeof id, "%s\x1f%s", lget(r, rec, L_TABLE_TITLE) ? lget(r, rec, L_TABLE_TITLE) : "",
             lget(r, rec, L_TABLE_KIND) ? lget(r, rec, L_TABLE_KIND) : "");
    if (!r->plain_table || strcmp(r->plain_table, id)) {
        int rc = plain_flush(r);
        if (rc) return rc;
        free(r->plain_table);
        r->plain_table = strdup(id);
        if (!r->plain_table) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    }
    if (r->n_cells == r->cap_cells) {
        size_t cap = r->cap_cells ? r->cap_cells * 2 : 256;
        csvp_plain_cell *nc = realloc(r->cells, cap * sizeof *nc);
        if (!nc) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
        r->cells = nc;
        r->cap_cells = cap;
    }
    csvp_plain_cell *c = &r->cells[r->n_cells++];
    memset(c, 0, sizeof *c);
    c->line = rec->line;
    for (int k = 0; k < L_COUNT; k++) {
        const char *v = lget(r, rec, k);
        if (v && !(c->f[k] = strdup(v))) return h->error_set(r->err, BK_ERR_NOMEM, rec->line, 0, NULL, "out of memory");
    }
    return BK_OK;
}

int csvp_long_reader_add(csvp_long_reader *r, const bk_record *rec)
{
    if (r->header_done) return r->plain ? plain_add(r, rec) : lrec(r, rec);
    for (size_t i = 0; i < rec->n_fields; i++) {
        int known = 0;
        for (int c = 0; c < L_COUNT; c++) {
            if (!strcmp(rec->fields[i], CSVP_LONG_COLS[c])) {
                if (r->idx[c] >= 0)
                    return r->h->error_set(r->err, BK_ERR_PARSE, rec->line, (uint32_t)i + 1, NULL,
                                           "column '%s' appears twice in the header", CSVP_LONG_COLS[c]);
                r->idx[c] = (int)i;
                known = 1;
            }
        }
        if (!known)
            r->h->diags_add(r->diags, BK_SEV_WARNING, rec->line, (uint32_t)i + 1, NULL,
                            "unknown long-layout column '%s' ignored", rec->fields[i]);
    }
    /* without a value column every amount would silently read as blank */
    if (r->idx[L_VALUE] < 0)
        return r->h->error_set(r->err, BK_ERR_PARSE, rec->line, 1, NULL,
                               "the long layout needs a 'value' column (header has none)");
    r->header_done = 1;
    r->plain = r->idx[L_RECORD] < 0; /* no `record` column: every line is an amount */
    return BK_OK;
}

int csvp_long_reader_finish(csvp_long_reader *r, int ok)
{
    int rc = ok && r->plain ? plain_flush(r) : BK_OK;
    if (ok && !rc && !r->plain) rc = lstream_flush(r);
    plain_free_cells(r);
    free(r->cells);
    free(r->plain_table);
    free(r);
    return rc;
}
