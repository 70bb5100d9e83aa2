/* SPDX-License-Identifier: MIT */
/* Model → canonical JSON. Key order and layout are fixed here and nowhere
 * else, so that reading a canonical file and writing it gives the same bytes.
 * Objects that are leaves of the tree (rows, columns, units, fields, amounts,
 * tasks, indicators, sections) are written on one line each. */
#include "json_encode.h"
#include "json_writer.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct enc {
    const bk_host *h;
    jsonp_writer w;
    bk_error *err;
    char path[160];
    size_t path_len;
} enc;

const char *jsonp_perf_kind_name(bk_perf_kind k)
{
    switch (k) {
    case BK_PERF_DEPARTMENT: return "department";
    case BK_PERF_PROJECT: return "project";
    }
    return NULL;
}

const char *jsonp_cell_kind_name(bk_cell_kind k)
{
    switch (k) {
    case BK_CELL_AMOUNT: return "amount";
    case BK_CELL_TEXT: return "text";
    case BK_CELL_BLANK: return "blank";
    }
    return "blank";
}

/* Path bookkeeping, for the context of an error: push returns the old length. */
static size_t push(enc *e, const char *fmt_key, size_t index, bool indexed)
{
    size_t old = e->path_len;
    int n = indexed ? snprintf(e->path + old, sizeof e->path - old, "%s%s[%zu]", old ? "." : "", fmt_key, index)
                    : snprintf(e->path + old, sizeof e->path - old, "%s%s", old ? "." : "", fmt_key);
    if (n > 0) e->path_len = old + (size_t)n < sizeof e->path ? old + (size_t)n : sizeof e->path - 1;
    return old;
}

static void pop(enc *e, size_t old)
{
    e->path_len = old;
    e->path[old] = '\0';
}

/* Turn the writer's sticky status into a located error (once). */
static int check(enc *e, const char *key)
{
    if (e->w.status == JSONP_W_OK) return BK_OK;
    if (e->err && e->err->code) return e->err->code;
    char ctx[192];
    snprintf(ctx, sizeof ctx, "%s%s%s", e->path, key && e->path_len ? "." : "", key ? key : "");
    switch (e->w.status) {
    case JSONP_W_UTF8: return e->h->error_set(e->err, BK_ERR_ENCODING, 0, 0, ctx, "text is not valid UTF-8");
    case JSONP_W_DEPTH: return e->h->error_set(e->err, BK_ERR_INTERNAL, 0, 0, ctx, "JSON nesting too deep");
    default: return e->h->error_set(e->err, BK_ERR_IO, 0, 0, ctx, "cannot write the output");
    }
}

static int str(enc *e, const char *key, const char *s)
{
    jsonp_member_string_opt(&e->w, key, s);
    return check(e, key);
}

static int num(enc *e, const char *key, long long v)
{
    jsonp_member_int(&e->w, key, v);
    return check(e, key);
}

static int cell(enc *e, const bk_cell *c)
{
    switch (c->kind) {
    case BK_CELL_AMOUNT: {
        char buf[BK_AMOUNT_TEXT_MAX];
        /* a scale the reader would refuse would break the round trip: refuse it here */
        if (c->amount.scale < 0 || c->amount.scale > BK_AMOUNT_MAX_SCALE ||
            e->h->amount_format(c->amount, buf, sizeof buf) == 0)
            return e->h->error_set(e->err, BK_ERR_VALUE, 0, 0, e->path, "amount has an invalid scale %d",
                                   (int)c->amount.scale);
        jsonp_raw_number(&e->w, buf);
        break;
    }
    case BK_CELL_TEXT: jsonp_string(&e->w, c->text ? c->text : ""); break;
    default: jsonp_null(&e->w);
    }
    return check(e, NULL);
}

#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        int rc_ = (x);                                                                                                 \
        if (rc_) return rc_;                                                                                           \
    } while (0)

/* A box coordinate (1/100 pt) as a JSON number in points, no trailing zeros: 56.7, 120, 300.25. */
static void points(int32_t v, char *out, size_t cap)
{
    long long a = v < 0 ? -(long long)v : v, whole = a / BK_POS_BOX_SCALE, frac = a % BK_POS_BOX_SCALE;
    const char *sign = v < 0 ? "-" : "";
    if (!frac)
        snprintf(out, cap, "%s%lld", sign, whole);
    else if (frac % 10 == 0)
        snprintf(out, cap, "%s%lld.%lld", sign, whole, frac / 10);
    else
        snprintf(out, cap, "%s%lld.%02lld", sign, whole, frac);
}

/* A position as an object: {"page": 4, "box": [x0, y0, x1, y1]} (points) or
 * {"sheet": "表3", "row": 36, "column": 2}. Only printed positions are written. */
static int pos_value(enc *e, const bk_pos *p)
{
    jsonp_begin_object(&e->w, true);
    if (p->page) {
        TRY(num(e, "page", p->page));
        const bk_box *b = &p->box;
        if (b->x0 || b->y0 || b->x1 || b->y1) {
            int32_t v[4] = {b->x0, b->y0, b->x1, b->y1};
            char buf[32];
            jsonp_key(&e->w, "box");
            jsonp_begin_array(&e->w, true);
            for (int i = 0; i < 4; i++) {
                points(v[i], buf, sizeof buf);
                jsonp_raw_number(&e->w, buf);
            }
            jsonp_end_array(&e->w);
        }
    } else {
        TRY(str(e, "sheet", p->sheet));
        if (p->line) TRY(num(e, "row", p->line));
        if (p->column) TRY(num(e, "column", p->column));
    }
    jsonp_end_object(&e->w);
    return check(e, "pos");
}

static int pos(enc *e, const bk_pos *p)
{
    if (!p->page && !p->sheet) return BK_OK;
    jsonp_key(&e->w, "pos");
    return pos_value(e, p);
}

/* "cell_pos": one per column, null where unknown; written when any cell's position is printed. */
static int cell_pos(enc *e, const bk_panel *p, const bk_row *r)
{
    bool any = false;
    for (size_t i = 0; r->cell_pos && i < p->n_columns && !any; i++) any = r->cell_pos[i].page || r->cell_pos[i].sheet;
    if (!any) return BK_OK;
    jsonp_key(&e->w, "cell_pos");
    jsonp_begin_array(&e->w, true);
    for (size_t i = 0; i < p->n_columns; i++) {
        if (r->cell_pos[i].page || r->cell_pos[i].sheet)
            TRY(pos_value(e, &r->cell_pos[i]));
        else
            jsonp_null(&e->w);
    }
    jsonp_end_array(&e->w);
    return check(e, "cell_pos");
}

static int column(enc *e, const bk_column *c)
{
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "key", c->key));
    TRY(str(e, "label", c->label));
    TRY(str(e, "type", c->type == BK_CELL_TEXT ? "text" : "amount"));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int row(enc *e, const bk_panel *p, const bk_row *r)
{
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "key", r->key));
    TRY(str(e, "code", r->code));
    TRY(str(e, "name", r->name));
    TRY(num(e, "level", r->level));
    if (r->parent >= 0) TRY(num(e, "parent", r->parent));
    if (r->role != BK_ROW_DATA) TRY(str(e, "role", e->h->row_role_name(r->role)));
    if (r->flags) TRY(num(e, "flags", r->flags));
    jsonp_key(&e->w, "cells");
    jsonp_begin_array(&e->w, true);
    for (size_t i = 0; i < p->n_columns; i++) {
        size_t old = push(e, "cells", i, true);
        TRY(cell(e, &r->cells[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    TRY(pos(e, &r->pos));
    TRY(cell_pos(e, p, r));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int panel(enc *e, const bk_panel *p)
{
    jsonp_begin_object(&e->w, false);
    TRY(str(e, "key", p->key));
    TRY(str(e, "label", p->label));
    TRY(str(e, "code_label", p->code_label));
    TRY(str(e, "name_label", p->name_label));
    jsonp_key(&e->w, "columns");
    jsonp_begin_array(&e->w, false);
    for (size_t i = 0; i < p->n_columns; i++) {
        size_t old = push(e, "columns", i, true);
        TRY(column(e, &p->columns[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    jsonp_key(&e->w, "rows");
    jsonp_begin_array(&e->w, false);
    for (size_t i = 0; i < p->n_rows; i++) {
        size_t old = push(e, "rows", i, true);
        TRY(row(e, p, &p->rows[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int table(enc *e, const bk_table *t)
{
    jsonp_begin_object(&e->w, false);
    TRY(str(e, "kind", t->kind ? t->kind : "custom"));
    TRY(str(e, "title", t->title));
    TRY(str(e, "number_label", t->number_label));
    TRY(str(e, "department", t->department));
    TRY(str(e, "unit", e->h->unit_kind_name(t->unit)));
    TRY(str(e, "unit_label", t->unit_label));
    TRY(num(e, "scale", t->scale));
    TRY(str(e, "note", t->note));
    TRY(pos(e, &t->pos));
    jsonp_key(&e->w, "panels");
    jsonp_begin_array(&e->w, false);
    for (size_t i = 0; i < t->n_panels; i++) {
        size_t old = push(e, "panels", i, true);
        TRY(panel(e, &t->panels[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int field(enc *e, const bk_field *f, bool with_key)
{
    jsonp_begin_object(&e->w, true);
    if (with_key) TRY(str(e, "key", f->key));
    TRY(str(e, "label", f->label));
    TRY(str(e, "value", f->value));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int perf_amount(enc *e, const bk_perf_amount *a)
{
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "group", a->group));
    TRY(str(e, "key", a->key));
    TRY(str(e, "label", a->label));
    jsonp_key(&e->w, "value");
    TRY(cell(e, &a->value));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int indicator(enc *e, const bk_indicator *ind)
{
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "period", ind->period));
    TRY(str(e, "level1", ind->level1));
    TRY(str(e, "level2", ind->level2));
    TRY(str(e, "level3", ind->level3));
    TRY(str(e, "value_raw", ind->value_raw));
    TRY(str(e, "op", ind->op));
    if (ind->number.kind != BK_CELL_BLANK) {
        jsonp_key(&e->w, "number");
        TRY(cell(e, &ind->number));
    }
    TRY(str(e, "unit", ind->unit));
    TRY(pos(e, &ind->pos));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

/* Arrays of one-line objects share this loop. */
#define LIST(e, name, n, item_expr)                                                                                    \
    do {                                                                                                               \
        jsonp_key(&(e)->w, name);                                                                                      \
        jsonp_begin_array(&(e)->w, false);                                                                             \
        for (size_t i_ = 0; i_ < (n); i_++) {                                                                          \
            size_t old_ = push((e), name, i_, true);                                                                   \
            size_t i = i_;                                                                                             \
            TRY(item_expr);                                                                                            \
            pop((e), old_);                                                                                            \
        }                                                                                                              \
        jsonp_end_array(&(e)->w);                                                                                      \
        TRY(check((e), NULL));                                                                                         \
    } while (0)

static int perf_target(enc *e, const bk_perf_target *p)
{
    const char *kind = jsonp_perf_kind_name(p->kind);
    if (!kind) return e->h->error_set(e->err, BK_ERR_VALUE, 0, 0, e->path, "unknown form kind %d", (int)p->kind);
    jsonp_begin_object(&e->w, false);
    TRY(str(e, "kind", kind));
    TRY(str(e, "title", p->title));
    TRY(str(e, "period_label", p->period_label));
    TRY(str(e, "unit", e->h->unit_kind_name(p->unit)));
    TRY(pos(e, &p->pos));
    LIST(e, "fields", p->n_fields, field(e, &p->fields[i], true));
    LIST(e, "amounts", p->n_amounts, perf_amount(e, &p->amounts[i]));
    LIST(e, "tasks", p->n_tasks, field(e, &p->tasks[i], false));
    LIST(e, "indicators", p->n_indicators, indicator(e, &p->indicators[i]));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int unit(enc *e, const bk_budget_unit *u)
{
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "code", u->code));
    TRY(str(e, "name", u->name));
    TRY(str(e, "type", u->type));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

/* "para_pos": one per paragraph (line) of the text, null where unknown; written when any
 * paragraph's position is printed. */
static int para_pos(enc *e, const bk_document *d, size_t si)
{
    const bk_para_pos *pp = si < d->cap_para_pos && d->para_pos ? &d->para_pos[si] : NULL;
    bool any = false;
    for (size_t i = 0; pp && pp->pos && i < pp->n && !any; i++) any = pp->pos[i].page || pp->pos[i].sheet;
    if (!any) return BK_OK;
    jsonp_key(&e->w, "para_pos");
    jsonp_begin_array(&e->w, true);
    for (size_t i = 0; i < pp->n; i++) {
        if (pp->pos[i].page || pp->pos[i].sheet)
            TRY(pos_value(e, &pp->pos[i]));
        else
            jsonp_null(&e->w);
    }
    jsonp_end_array(&e->w);
    return check(e, "para_pos");
}

static int section(enc *e, const bk_document *d, size_t si)
{
    const bk_section *s = &d->sections[si];
    jsonp_begin_object(&e->w, true);
    TRY(str(e, "heading", s->heading));
    TRY(num(e, "level", s->level));
    TRY(str(e, "text", s->text));
    TRY(pos(e, &s->pos));
    TRY(para_pos(e, d, si));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

/* Tables already written to a spool (streaming), copied in before the document's own. */
struct jsonp_stream {
    FILE *spool;
    enc e;    /* its writer stands where the document's stands inside "tables": [ */
    size_t n; /* tables in the spool */
};

/* Copy the spool into the output: the bytes the writer would have made for its tables. */
static int copy_spool(enc *e, jsonp_stream *st)
{
    if (!st || !st->n) return BK_OK;
    if (fflush(st->spool) != 0 || fseek(st->spool, 0, SEEK_SET) != 0)
        return e->h->error_set(e->err, BK_ERR_IO, 0, 0, NULL, "cannot read back the spooled tables");
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, st->spool)) > 0)
        if (fwrite(buf, 1, k, e->w.fp) != k) e->w.status = JSONP_W_IO;
    if (ferror(st->spool)) return e->h->error_set(e->err, BK_ERR_IO, 0, 0, NULL, "cannot read back the spooled tables");
    e->w.has_items[e->w.depth - 1] = true;
    return check(e, NULL);
}

static int block_list_tables(enc *e, const bk_document *d, jsonp_stream *st)
{
    jsonp_key(&e->w, "tables");
    jsonp_begin_array(&e->w, false);
    TRY(copy_spool(e, st));
    size_t first = st ? st->n : 0;
    for (size_t i = 0; i < d->n_tables; i++) {
        size_t old = push(e, "tables", first + i, true);
        TRY(table(e, &d->tables[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    return check(e, NULL);
}

static int block_list_perf(enc *e, const bk_document *d)
{
    jsonp_key(&e->w, "perf_targets");
    jsonp_begin_array(&e->w, false);
    for (size_t i = 0; i < d->n_perf_targets; i++) {
        size_t old = push(e, "perf_targets", i, true);
        TRY(perf_target(e, &d->perf_targets[i]));
        pop(e, old);
    }
    jsonp_end_array(&e->w);
    return check(e, NULL);
}

static int document(enc *e, const bk_document *d, jsonp_stream *st)
{
    jsonp_begin_object(&e->w, false);
    TRY(num(e, "fiscal_year", d->fiscal_year));
    TRY(str(e, "kind", e->h->doc_kind_name(d->kind)));
    TRY(str(e, "title", d->title));
    TRY(str(e, "region", d->region));
    TRY(str(e, "level", d->level));
    TRY(str(e, "department_code", d->department_code));
    TRY(str(e, "department_name", d->department_name));
    TRY(str(e, "disclosure", d->disclosure));
    LIST(e, "units", d->n_units, unit(e, &d->units[i]));
    TRY(block_list_tables(e, d, st));
    TRY(block_list_perf(e, d));
    LIST(e, "sections", d->n_sections, section(e, d, i));
    jsonp_end_object(&e->w);
    return check(e, NULL);
}

static int encode(const bk_host *h, const bk_document *doc, FILE *fp, int indent, jsonp_stream *st, bk_error *err)
{
    enc e = {.h = h, .err = err};
    jsonp_writer_init(&e.w, fp, indent, h->utf8_check);
    jsonp_begin_object(&e.w, false);
    TRY(str(&e, "format", "budgetkit"));
    TRY(num(&e, "version", 1));
    jsonp_key(&e.w, "document");
    size_t old = push(&e, "document", 0, false);
    TRY(document(&e, doc, st));
    pop(&e, old);
    jsonp_end_object(&e.w);
    jsonp_finish(&e.w);
    return check(&e, NULL);
}

int jsonp_encode_document(const bk_host *h, const bk_document *doc, FILE *fp, int indent, bk_error *err)
{
    return encode(h, doc, fp, indent, NULL, err);
}

/* An unlinked temporary file in $TMPDIR (tmpfile() ignores TMPDIR). */
static FILE *spool_open(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/budgetkit-tables.XXXXXX", dir && *dir ? dir : "/tmp");
    if (n < 0 || (size_t)n >= sizeof path) return NULL;
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    unlink(path);
    FILE *fp = fdopen(fd, "w+b");
    if (!fp) close(fd);
    return fp;
}

int jsonp_stream_add(const bk_host *h, jsonp_stream **stp, const bk_document *batch, int indent, bk_error *err)
{
    jsonp_stream *st = *stp;
    if (!st) {
        if (!(st = calloc(1, sizeof *st))) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        if (!(st->spool = spool_open())) {
            free(st);
            return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot create a temporary file for the tables: %s",
                                strerror(errno));
        }
        *stp = st;
        st->e.h = h;
        jsonp_writer_init(&st->e.w, st->spool, indent, h->utf8_check);
        /* where the writer stands after `{"format", "version", "document": {"fiscal_year" ..., "tables": [` */
        st->e.w.depth = 3;
        st->e.w.has_items[0] = st->e.w.has_items[1] = true;
        push(&st->e, "document", 0, false);
    }
    st->e.err = err;
    for (size_t i = 0; i < batch->n_tables; i++) {
        size_t old = push(&st->e, "tables", st->n, true);
        TRY(table(&st->e, &batch->tables[i]));
        pop(&st->e, old);
        st->n++;
    }
    return check(&st->e, NULL);
}

int jsonp_stream_finish(const bk_host *h, jsonp_stream *st, const bk_document *doc, FILE *fp, int indent, bk_error *err)
{
    int rc = encode(h, doc, fp, indent, st, err);
    jsonp_stream_free(st);
    return rc;
}

void jsonp_stream_free(jsonp_stream *st)
{
    if (!st) return;
    if (st->spool) fclose(st->spool);
    free(st);
}
