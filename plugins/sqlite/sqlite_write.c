/* SPDX-License-Identifier: MIT */
/* Documents into the database: one transaction, one prepared statement per table; the many small
 * rows (cells, rows, form fields …) go BATCH at a time through one multi-row INSERT. */
#include "sqlite_write.h"
#include "sqlite_hash.h"
#include "sqlite_schema.h"
#include <budgetkit/validate.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_FIND,
    S_SOURCE,
    S_DOC,
    S_UNIT,
    S_TABLE,
    S_PANEL,
    S_COLUMN,
    S_ROW,
    S_CELL,
    S_FORM,
    S_FIELD,
    S_AMOUNT,
    S_TASK,
    S_IND,
    S_SECTION,
    S_DEL_FINDINGS,
    S_FINDING,
    S_POS,
    S_COUNT
};

static const char *const SQL[S_COUNT] = {
    [S_FIND] = "SELECT id, source FROM documents WHERE hash = ?1",
    [S_SOURCE] = "UPDATE documents SET source = ?2 WHERE id = ?1",
    [S_DOC] = "INSERT INTO documents(hash, source, fiscal_year, kind, title, region, level, department_code,"
              " department_name, disclosure) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_UNIT] = "INSERT INTO units VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_TABLE] = "INSERT INTO tables(document_id, seq, kind, title, number_label, department, unit, unit_label,"
                " scale, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_PANEL] = "INSERT INTO panels(table_id, seq, key, label, code_label, name_label) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [S_COLUMN] = "INSERT INTO columns VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_ROW] = "INSERT INTO rows(id, panel_id, seq, key, code, name, level, parent, role, flags, line)"
              " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_CELL] = "INSERT INTO cells VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_FORM] = "INSERT INTO forms(document_id, seq, kind, title, period_label, unit) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FIELD] = "INSERT INTO form_fields VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_AMOUNT] = "INSERT INTO form_amounts VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_TASK] = "INSERT INTO form_tasks VALUES(?1, ?2, ?3, ?4)",
    [S_IND] = "INSERT INTO indicators VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [S_SECTION] = "INSERT INTO sections VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_DEL_FINDINGS] = "DELETE FROM findings WHERE document_id = ?1",
    [S_FINDING] = "INSERT INTO findings VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [S_POS] = "INSERT INTO positions VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
};

/* The tables written in batches and their parameters per row. */
static const struct {
    int k, params;
} BATCHED[] = {{S_UNIT, 5},   {S_COLUMN, 5}, {S_ROW, 11}, {S_CELL, 5},    {S_FIELD, 5},
               {S_AMOUNT, 8}, {S_TASK, 4},   {S_IND, 12}, {S_SECTION, 5}, {S_POS, 14}};
enum { N_BATCHED = sizeof BATCHED / sizeof BATCHED[0], BATCH = 64, MAX_PARAMS = 14 };

/* A value to bind; texts are the model's (or a batch's amount buffer): they outlive the flush. */
typedef struct bval {
    int64_t i;
    const char *s;
    int type; /* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
} bval;

/* Rows of one table waiting for their multi-row INSERT: binding each value once, stepping once
 * per BATCH rows, costs less than a statement run per row (the table's content is the same). */
typedef struct batch {
    int k, params;
    size_t n;           /* rows waiting */
    sqlite3_stmt *many; /* BATCH rows */
    bval v[BATCH * MAX_PARAMS];
    char amt[BATCH][BK_AMOUNT_TEXT_MAX]; /* each row's one amount text */
} batch;

typedef struct writer {
    const bk_host *h;
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    bk_error *err;
    const char *what;    /* the document being written, for messages */
    int schema_version;  /* the database's: it chooses the content hash */
    int64_t doc_id;      /* the document being written */
    size_t table_seq;    /* the table being written */
    int64_t next_row_id; /* rows get their ids here (as SQLite would: max + 1) so that they can be batched */
    batch *b[S_COUNT];   /* NULL: the table is written row by row */
} writer;

/* Bind helpers: NULL text binds SQL NULL; texts live as long as the statement runs (STATIC). */
static void text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static int run(writer *w, int k)
{
    sqlite3_stmt *s = w->st[k];
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return sqls_error(w->h, w->db, rc, w->what, w->err);
    return BK_OK;
}

#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        int rc_ = (x);                                                                                                 \
        if (rc_) return rc_;                                                                                           \
    } while (0)

/* "INSERT … VALUES(?, …), (?, …) …" for @p rows rows of statement @p k (its SQL up to VALUES). */
static char *many_sql(int k, int params, size_t rows)
{
    const char *v = strstr(SQL[k], "VALUES");
    size_t head = (size_t)(v - SQL[k]) + 6, cap = head + rows * (3 * (size_t)params + 4) + 1;
    char *q = malloc(cap);
    if (!q) return NULL;
    memcpy(q, SQL[k], head);
    size_t n = head;
    for (size_t r = 0; r < rows; r++) {
        q[n++] = r ? ',' : ' ';
        q[n++] = '(';
        for (int i = 0; i < params; i++) n += (size_t)snprintf(q + n, cap - n, i ? ", ?" : "?");
        q[n++] = ')';
    }
    q[n] = '\0';
    return q;
}

static int prepare_many(writer *w, int k, int params, size_t rows, sqlite3_stmt **st)
{
    char *q = many_sql(k, params, rows);
    if (!q) return w->h->error_set(w->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int r = sqlite3_prepare_v3(w->db, q, -1, rows == BATCH ? SQLITE_PREPARE_PERSISTENT : 0, st, NULL);
    free(q);
    return r == SQLITE_OK ? BK_OK : sqls_error(w->h, w->db, r, "cannot prepare", w->err);
}

/* The waiting rows of @p b into the database (a partial batch through a statement of its size). */
static int flush(writer *w, batch *b)
{
    if (!b->n) return BK_OK;
    sqlite3_stmt *s = b->many;
    if (b->n < BATCH) TRY(prepare_many(w, b->k, b->params, b->n, &s));
    for (size_t i = 0; i < b->n * (size_t)b->params; i++) {
        const bval *v = &b->v[i];
        if (v->type == SQLITE_INTEGER)
            sqlite3_bind_int64(s, (int)i + 1, v->i);
        else if (v->type == SQLITE_TEXT)
            sqlite3_bind_text(s, (int)i + 1, v->s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(s, (int)i + 1);
    }
    int rc = sqlite3_step(s);
    if (s == b->many)
        sqlite3_reset(s);
    else
        sqlite3_finalize(s);
    b->n = 0;
    return rc == SQLITE_DONE ? BK_OK : sqls_error(w->h, w->db, rc, w->what, w->err);
}

/* The values of the next row of table @p k (index 1 is its first parameter), all NULL. */
static bval *row_begin(writer *w, int k)
{
    batch *b = w->b[k];
    bval *r = &b->v[b->n * (size_t)b->params];
    memset(r, 0, (size_t)b->params * sizeof *r); /* type 0: NULL */
    return r - 1;
}

/* That row is complete: a full batch goes into the database. */
static int row_end(writer *w, int k)
{
    batch *b = w->b[k];
    return ++b->n == BATCH ? flush(w, b) : BK_OK;
}

/* The amount text buffer of the row being written into table @p k. */
static char *row_amount_buf(writer *w, int k)
{
    return w->b[k]->amt[w->b[k]->n];
}

static void vi(bval *r, int i, int64_t v)
{
    r[i].type = SQLITE_INTEGER;
    r[i].i = v;
}

/* NULL text stays NULL. */
static void vt(bval *r, int i, const char *v)
{
    if (v) {
        r[i].type = SQLITE_TEXT;
        r[i].s = v;
    }
}

/* A row of (parent id, seq, three texts) into table @p k: units, columns, form fields. */
static int put_texts(writer *w, int k, int64_t id, size_t seq, const char *a, const char *b, const char *c)
{
    bval *r = row_begin(w, k);
    vi(r, 1, id);
    vi(r, 2, (int64_t)seq);
    vt(r, 3, a);
    vt(r, 4, b);
    vt(r, 5, c);
    return row_end(w, k);
}

/* A printed position (a page or a sheet) of @p object at seq numbers a, b, c, d; others are not kept. */
static int put_pos(writer *w, const char *object, size_t a, size_t b, size_t c, size_t d, const bk_pos *p)
{
    if (!p->page && !p->sheet) return BK_OK;
    bval *r = row_begin(w, S_POS);
    vi(r, 1, w->doc_id);
    vt(r, 2, object);
    vi(r, 3, (int64_t)a);
    vi(r, 4, (int64_t)b);
    vi(r, 5, (int64_t)c);
    vi(r, 6, (int64_t)d);
    const bk_box *x = &p->box;
    bool box = p->page && (x->x0 || x->y0 || x->x1 || x->y1);
    if (p->page) vi(r, 7, p->page);
    int32_t v[4] = {x->x0, x->y0, x->x1, x->y1};
    for (int i = 0; box && i < 4; i++) vi(r, 8 + i, v[i]);
    vt(r, 12, p->page ? NULL : p->sheet);
    if (!p->page && p->line) vi(r, 13, p->line);
    if (!p->page && p->column) vi(r, 14, p->column);
    return row_end(w, S_POS);
}

/* An amount as units, scale and its printed text at values i, i+1, i+2 of a row of table @p k; blank: NULLs. */
static void vamount(writer *w, int k, bval *r, int i, const bk_cell *c)
{
    if (c->kind == BK_CELL_AMOUNT) {
        char *buf = row_amount_buf(w, k);
        vi(r, i, c->amount.units);
        vi(r, i + 1, c->amount.scale);
        w->h->amount_format(c->amount, buf, BK_AMOUNT_TEXT_MAX);
        vt(r, i + 2, buf);
    } else if (c->kind == BK_CELL_TEXT)
        vt(r, i + 2, c->text ? c->text : "");
}

static int put_panel(writer *w, int64_t table_id, size_t seq, const bk_panel *p)
{
    sqlite3_stmt *s = w->st[S_PANEL];
    sqlite3_bind_int64(s, 1, table_id);
    sqlite3_bind_int64(s, 2, (int64_t)seq);
    text(s, 3, p->key);
    text(s, 4, p->label);
    text(s, 5, p->code_label);
    text(s, 6, p->name_label);
    TRY(run(w, S_PANEL));
    int64_t panel_id = sqlite3_last_insert_rowid(w->db);
    for (size_t k = 0; k < p->n_columns; k++)
        TRY(put_texts(w, S_COLUMN, panel_id, k, p->columns[k].key, p->columns[k].label,
                      p->columns[k].type == BK_CELL_TEXT ? "text" : "amount"));
    for (size_t i = 0; i < p->n_rows; i++) {
        const bk_row *row = &p->rows[i];
        int64_t row_id = w->next_row_id++;
        bval *r = row_begin(w, S_ROW);
        vi(r, 1, row_id);
        vi(r, 2, panel_id);
        vi(r, 3, (int64_t)i);
        vt(r, 4, row->key);
        vt(r, 5, row->code);
        vt(r, 6, row->name);
        vi(r, 7, row->level);
        vi(r, 8, row->parent < 0 ? -1 : row->parent);
        vt(r, 9, w->h->row_role_name(row->role));
        vi(r, 10, row->flags);
        if (row->pos.line) vi(r, 11, row->pos.line);
        TRY(row_end(w, S_ROW));
        TRY(put_pos(w, "row", w->table_seq, seq, i, 0, &row->pos));
        for (size_t k = 0; row->cell_pos && k < p->n_columns; k++)
            TRY(put_pos(w, "cell", w->table_seq, seq, i, k, &row->cell_pos[k]));
        for (size_t k = 0; k < p->n_columns; k++) {
            const bk_cell *c = &row->cells[k];
            if (c->kind == BK_CELL_BLANK) continue; /* blank is the absence of a cell, never 0 */
            r = row_begin(w, S_CELL);
            vi(r, 1, row_id);
            vi(r, 2, (int64_t)k);
            vamount(w, S_CELL, r, 3, c);
            TRY(row_end(w, S_CELL));
        }
    }
    return BK_OK;
}

static int put_table(writer *w, int64_t doc_id, size_t seq, const bk_table *t)
{
    sqlite3_stmt *s = w->st[S_TABLE];
    sqlite3_bind_int64(s, 1, doc_id);
    sqlite3_bind_int64(s, 2, (int64_t)seq);
    text(s, 3, t->kind ? t->kind : "custom");
    text(s, 4, t->title);
    text(s, 5, t->number_label);
    text(s, 6, t->department);
    text(s, 7, w->h->unit_kind_name(t->unit));
    text(s, 8, t->unit_label);
    sqlite3_bind_int(s, 9, t->scale);
    text(s, 10, t->note);
    TRY(run(w, S_TABLE));
    int64_t id = sqlite3_last_insert_rowid(w->db);
    w->table_seq = seq;
    TRY(put_pos(w, "table", seq, 0, 0, 0, &t->pos));
    for (size_t i = 0; i < t->n_panels; i++) TRY(put_panel(w, id, i, &t->panels[i]));
    return BK_OK;
}

static int put_form(writer *w, int64_t doc_id, size_t seq, const bk_perf_target *p)
{
    sqlite3_stmt *s = w->st[S_FORM];
    if (p->kind != BK_PERF_DEPARTMENT && p->kind != BK_PERF_PROJECT)
        return w->h->error_set(w->err, BK_ERR_VALUE, 0, 0, w->what, "unknown form kind %d", (int)p->kind);
    sqlite3_bind_int64(s, 1, doc_id);
    sqlite3_bind_int64(s, 2, (int64_t)seq);
    text(s, 3, p->kind == BK_PERF_DEPARTMENT ? "department" : "project");
    text(s, 4, p->title);
    text(s, 5, p->period_label);
    text(s, 6, w->h->unit_kind_name(p->unit));
    TRY(run(w, S_FORM));
    int64_t id = sqlite3_last_insert_rowid(w->db);
    TRY(put_pos(w, "form", seq, 0, 0, 0, &p->pos));
    for (size_t i = 0; i < p->n_fields; i++)
        TRY(put_texts(w, S_FIELD, id, i, p->fields[i].key, p->fields[i].label, p->fields[i].value));
    for (size_t i = 0; i < p->n_amounts; i++) {
        const bk_perf_amount *a = &p->amounts[i];
        bval *r = row_begin(w, S_AMOUNT);
        vi(r, 1, id);
        vi(r, 2, (int64_t)i);
        vt(r, 3, a->group);
        vt(r, 4, a->key);
        vt(r, 5, a->label);
        vamount(w, S_AMOUNT, r, 6, &a->value);
        TRY(row_end(w, S_AMOUNT));
    }
    for (size_t i = 0; i < p->n_tasks; i++) {
        bval *r = row_begin(w, S_TASK);
        vi(r, 1, id);
        vi(r, 2, (int64_t)i);
        vt(r, 3, p->tasks[i].label);
        vt(r, 4, p->tasks[i].value);
        TRY(row_end(w, S_TASK));
    }
    for (size_t i = 0; i < p->n_indicators; i++) {
        const bk_indicator *d = &p->indicators[i];
        bval *r = row_begin(w, S_IND);
        vi(r, 1, id);
        vi(r, 2, (int64_t)i);
        vt(r, 3, d->period);
        vt(r, 4, d->level1);
        vt(r, 5, d->level2);
        vt(r, 6, d->level3);
        vt(r, 7, d->value_raw);
        vt(r, 8, d->op);
        vamount(w, S_IND, r, 9, &d->number);
        vt(r, 12, d->unit);
        TRY(row_end(w, S_IND));
        TRY(put_pos(w, "indicator", seq, i, 0, 0, &d->pos));
    }
    return BK_OK;
}

static int put_findings(writer *w, int64_t doc_id, const bk_findings *fs)
{
    sqlite3_bind_int64(w->st[S_DEL_FINDINGS], 1, doc_id);
    TRY(run(w, S_DEL_FINDINGS));
    char e[BK_AMOUNT_TEXT_MAX], a[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
    sqlite3_stmt *s = w->st[S_FINDING];
    for (size_t i = 0; i < fs->count; i++) {
        const bk_finding *f = &fs->items[i];
        static const char *const sev[] = {"rounding", "warning", "error"}; /* bk_finding_severity order */
        sqlite3_bind_int64(s, 1, doc_id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, f->rule);
        text(s, 4, (unsigned)f->severity < 3 ? sev[f->severity] : "warning");
        text(s, 5, f->table_kind);
        text(s, 6, f->table_title);
        text(s, 7, f->row);
        text(s, 8, f->row_code);
        text(s, 9, f->column);
        w->h->amount_format(f->expected, e, sizeof e);
        w->h->amount_format(f->actual, a, sizeof a);
        w->h->amount_format(f->difference, d, sizeof d);
        text(s, 10, e);
        text(s, 11, a);
        text(s, 12, d);
        text(s, 13, f->message);
        if (f->pos.line)
            sqlite3_bind_int64(s, 14, f->pos.line);
        else
            sqlite3_bind_null(s, 14);
        TRY(run(w, S_FINDING));
    }
    return BK_OK;
}

/* The document's id if its content is already in the database, else 0. */
static int64_t find(writer *w, const char *hash, char *source, size_t cap)
{
    sqlite3_stmt *s = w->st[S_FIND];
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        const unsigned char *src = sqlite3_column_text(s, 1);
        snprintf(source, cap, "%s", src ? (const char *)src : "?");
    }
    sqlite3_reset(s);
    return id;
}

static int put_document(writer *w, const bk_batch_item *it, unsigned flags)
{
    const bk_document *doc = it->doc;
    char hash[17], prev[256];
    sqlh_document(doc, w->schema_version, hash);
    int64_t id = find(w, hash, prev, sizeof prev);
    if (id && !(flags & BK_WRITE_REPLACE))
        return w->h->error_set(w->err, BK_ERR_IO, 0, 0, w->what,
                               "the database already holds this document (id %lld, content hash %s, from %s); "
                               "use --overwrite to replace it",
                               (long long)id, hash, prev);
    if (id) { /* the same content: it stays as it is, with the new source and findings */
        sqlite3_bind_int64(w->st[S_SOURCE], 1, id);
        text(w->st[S_SOURCE], 2, it->source);
        TRY(run(w, S_SOURCE));
        return it->findings ? put_findings(w, id, it->findings) : BK_OK;
    }
    sqlite3_stmt *s = w->st[S_DOC];
    text(s, 1, hash);
    text(s, 2, it->source);
    if (doc->fiscal_year)
        sqlite3_bind_int(s, 3, doc->fiscal_year);
    else
        sqlite3_bind_null(s, 3);
    text(s, 4, w->h->doc_kind_name(doc->kind));
    text(s, 5, doc->title);
    text(s, 6, doc->region);
    text(s, 7, doc->level);
    text(s, 8, doc->department_code);
    text(s, 9, doc->department_name);
    text(s, 10, doc->disclosure);
    TRY(run(w, S_DOC));
    id = sqlite3_last_insert_rowid(w->db);
    w->doc_id = id;
    for (size_t i = 0; i < doc->n_units; i++)
        TRY(put_texts(w, S_UNIT, id, i, doc->units[i].code, doc->units[i].name, doc->units[i].type));
    for (size_t i = 0; i < doc->n_tables; i++) TRY(put_table(w, id, i, &doc->tables[i]));
    for (size_t i = 0; i < doc->n_perf_targets; i++) TRY(put_form(w, id, i, &doc->perf_targets[i]));
    for (size_t i = 0; i < doc->n_sections; i++) {
        bval *r = row_begin(w, S_SECTION);
        vi(r, 1, id);
        vi(r, 2, (int64_t)i);
        vt(r, 3, doc->sections[i].heading);
        vi(r, 4, doc->sections[i].level);
        vt(r, 5, doc->sections[i].text);
        TRY(row_end(w, S_SECTION));
        TRY(put_pos(w, "section", i, 0, 0, 0, &doc->sections[i].pos));
        const bk_para_pos *pp = i < doc->cap_para_pos && doc->para_pos ? &doc->para_pos[i] : NULL;
        for (size_t k = 0; pp && pp->pos && k < pp->n; k++) TRY(put_pos(w, "paragraph", i, k, 0, 0, &pp->pos[k]));
    }
    if (it->findings) TRY(put_findings(w, id, it->findings));
    return BK_OK;
}

static int exec(writer *w, const char *sql, const char *what)
{
    int rc = sqlite3_exec(w->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? BK_OK : sqls_error(w->h, w->db, rc, what, w->err);
}

int sqlw_write_many(const bk_host *h, const bk_batch_item *items, size_t n, unsigned flags, const bk_sink *out,
                    const bk_options *o, bk_error *err)
{
    (void)o;
    writer w = {.h = h, .err = err, .what = out->display_name};
    int rc = sqls_open(h, out->path, 1, NULL, &w.db, err);
    if (rc) return rc;
    /* The file is the core's private temporary copy, fsynced and renamed on success:
     * no journal on disk and no syncs of our own are needed. */
    rc = exec(&w,
              "PRAGMA page_size = 16384; PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY;"
              " PRAGMA synchronous = OFF;"
              " PRAGMA cache_size = -1024; PRAGMA temp_store = MEMORY; BEGIN",
              "cannot open the database");
    if (rc == BK_OK) rc = sqls_prepare_schema(h, w.db, &w.schema_version, err);
    for (int k = 0; rc == BK_OK && k < S_COUNT; k++) {
        int r = sqlite3_prepare_v3(w.db, SQL[k], -1, SQLITE_PREPARE_PERSISTENT, &w.st[k], NULL);
        if (r != SQLITE_OK) rc = sqls_error(h, w.db, r, "cannot prepare", err);
    }
    for (size_t i = 0; rc == BK_OK && i < N_BATCHED; i++) {
        batch *b = calloc(1, sizeof *b);
        if (!b) {
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        w.b[BATCHED[i].k] = b;
        b->k = BATCHED[i].k;
        b->params = BATCHED[i].params;
        rc = prepare_many(&w, b->k, b->params, BATCH, &b->many);
    }
    /* the rows' ids continue the table's (SQLite's own rowid choice for an append) */
    if (rc == BK_OK) {
        sqlite3_stmt *st = NULL;
        int r = sqlite3_prepare_v2(w.db, "SELECT coalesce(max(id), 0) + 1 FROM rows", -1, &st, NULL);
        if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) w.next_row_id = sqlite3_column_int64(st, 0);
        if (r != SQLITE_ROW) rc = sqls_error(h, w.db, r, "cannot read the rows", err);
        sqlite3_finalize(st);
    }
    for (size_t i = 0; rc == BK_OK && i < n; i++) {
        if (out->interrupted && *out->interrupted) {
            rc = h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
            break;
        }
        w.what = items[i].source ? items[i].source : out->display_name;
        rc = put_document(&w, &items[i], flags);
        if (out->progress) out->progress(out->progress_ctx, i + 1, n);
    }
    for (size_t i = 0; rc == BK_OK && i < N_BATCHED; i++) rc = flush(&w, w.b[BATCHED[i].k]);
    if (rc == BK_OK) rc = sqls_create_indexes(h, w.db, err);
    if (rc == BK_OK) rc = exec(&w, "COMMIT", "cannot commit");
    for (int k = 0; k < S_COUNT; k++) {
        sqlite3_finalize(w.st[k]);
        if (w.b[k]) sqlite3_finalize(w.b[k]->many);
        free(w.b[k]);
    }
    sqlite3_close(w.db);
    return rc;
}
