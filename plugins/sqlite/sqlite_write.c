/* SPDX-License-Identifier: MIT */
/* Documents into the database: one transaction, one prepared statement per table. */
#include "sqlite_write.h"
#include "sqlite_hash.h"
#include "sqlite_schema.h"
#include <budgetkit/validate.h>
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
    [S_ROW] = "INSERT INTO rows(panel_id, seq, key, code, name, level, parent, role, flags, line)"
              " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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

typedef struct writer {
    const bk_host *h;
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    bk_error *err;
    const char *what; /* the document being written, for messages */
    int64_t doc_id;   /* the document being written */
    size_t table_seq; /* the table being written */
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

/* A printed position (a page or a sheet) of @p object at seq numbers a, b, c, d; others are not kept. */
static int put_pos(writer *w, const char *object, size_t a, size_t b, size_t c, size_t d, const bk_pos *p)
{
    if (!p->page && !p->sheet) return BK_OK;
    sqlite3_stmt *s = w->st[S_POS];
    sqlite3_bind_int64(s, 1, w->doc_id);
    text(s, 2, object);
    sqlite3_bind_int64(s, 3, (int64_t)a);
    sqlite3_bind_int64(s, 4, (int64_t)b);
    sqlite3_bind_int64(s, 5, (int64_t)c);
    sqlite3_bind_int64(s, 6, (int64_t)d);
    const bk_box *x = &p->box;
    bool box = p->page && (x->x0 || x->y0 || x->x1 || x->y1);
    if (p->page)
        sqlite3_bind_int64(s, 7, p->page);
    else
        sqlite3_bind_null(s, 7);
    int32_t v[4] = {x->x0, x->y0, x->x1, x->y1};
    for (int i = 0; i < 4; i++) {
        if (box)
            sqlite3_bind_int(s, 8 + i, v[i]);
        else
            sqlite3_bind_null(s, 8 + i);
    }
    text(s, 12, p->page ? NULL : p->sheet);
    if (!p->page && p->line)
        sqlite3_bind_int64(s, 13, p->line);
    else
        sqlite3_bind_null(s, 13);
    if (!p->page && p->column)
        sqlite3_bind_int64(s, 14, p->column);
    else
        sqlite3_bind_null(s, 14);
    return run(w, S_POS);
}

/* An amount as units, scale and its printed text at parameters i, i+1, i+2; blank: NULLs. */
static void amount(writer *w, sqlite3_stmt *s, int i, const bk_cell *c, char *buf, size_t cap)
{
    if (c->kind == BK_CELL_AMOUNT) {
        sqlite3_bind_int64(s, i, c->amount.units);
        sqlite3_bind_int(s, i + 1, c->amount.scale);
        w->h->amount_format(c->amount, buf, cap);
        sqlite3_bind_text(s, i + 2, buf, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, i);
        sqlite3_bind_null(s, i + 1);
        if (c->kind == BK_CELL_TEXT)
            text(s, i + 2, c->text ? c->text : "");
        else
            sqlite3_bind_null(s, i + 2);
    }
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
    s = w->st[S_COLUMN];
    for (size_t k = 0; k < p->n_columns; k++) {
        sqlite3_bind_int64(s, 1, panel_id);
        sqlite3_bind_int64(s, 2, (int64_t)k);
        text(s, 3, p->columns[k].key);
        text(s, 4, p->columns[k].label);
        text(s, 5, p->columns[k].type == BK_CELL_TEXT ? "text" : "amount");
        TRY(run(w, S_COLUMN));
    }
    char buf[BK_AMOUNT_TEXT_MAX];
    for (size_t r = 0; r < p->n_rows; r++) {
        const bk_row *row = &p->rows[r];
        s = w->st[S_ROW];
        sqlite3_bind_int64(s, 1, panel_id);
        sqlite3_bind_int64(s, 2, (int64_t)r);
        text(s, 3, row->key);
        text(s, 4, row->code);
        text(s, 5, row->name);
        sqlite3_bind_int(s, 6, row->level);
        sqlite3_bind_int(s, 7, row->parent < 0 ? -1 : row->parent);
        text(s, 8, w->h->row_role_name(row->role));
        sqlite3_bind_int64(s, 9, row->flags);
        if (row->pos.line)
            sqlite3_bind_int64(s, 10, row->pos.line);
        else
            sqlite3_bind_null(s, 10);
        TRY(run(w, S_ROW));
        int64_t row_id = sqlite3_last_insert_rowid(w->db);
        TRY(put_pos(w, "row", w->table_seq, seq, r, 0, &row->pos));
        for (size_t k = 0; row->cell_pos && k < p->n_columns; k++)
            TRY(put_pos(w, "cell", w->table_seq, seq, r, k, &row->cell_pos[k]));
        s = w->st[S_CELL];
        for (size_t k = 0; k < p->n_columns; k++) {
            const bk_cell *c = &row->cells[k];
            if (c->kind == BK_CELL_BLANK) continue; /* blank is the absence of a cell, never 0 */
            sqlite3_bind_int64(s, 1, row_id);
            sqlite3_bind_int64(s, 2, (int64_t)k);
            amount(w, s, 3, c, buf, sizeof buf);
            TRY(run(w, S_CELL));
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
    char buf[BK_AMOUNT_TEXT_MAX];
    for (size_t i = 0; i < p->n_fields; i++) {
        s = w->st[S_FIELD];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, p->fields[i].key);
        text(s, 4, p->fields[i].label);
        text(s, 5, p->fields[i].value);
        TRY(run(w, S_FIELD));
    }
    for (size_t i = 0; i < p->n_amounts; i++) {
        const bk_perf_amount *a = &p->amounts[i];
        s = w->st[S_AMOUNT];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, a->group);
        text(s, 4, a->key);
        text(s, 5, a->label);
        amount(w, s, 6, &a->value, buf, sizeof buf);
        TRY(run(w, S_AMOUNT));
    }
    for (size_t i = 0; i < p->n_tasks; i++) {
        s = w->st[S_TASK];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, p->tasks[i].label);
        text(s, 4, p->tasks[i].value);
        TRY(run(w, S_TASK));
    }
    for (size_t i = 0; i < p->n_indicators; i++) {
        const bk_indicator *d = &p->indicators[i];
        s = w->st[S_IND];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, d->period);
        text(s, 4, d->level1);
        text(s, 5, d->level2);
        text(s, 6, d->level3);
        text(s, 7, d->value_raw);
        text(s, 8, d->op);
        amount(w, s, 9, &d->number, buf, sizeof buf);
        text(s, 12, d->unit);
        TRY(run(w, S_IND));
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
    sqlh_document(doc, hash);
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
    for (size_t i = 0; i < doc->n_units; i++) {
        s = w->st[S_UNIT];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, doc->units[i].code);
        text(s, 4, doc->units[i].name);
        text(s, 5, doc->units[i].type);
        TRY(run(w, S_UNIT));
    }
    for (size_t i = 0; i < doc->n_tables; i++) TRY(put_table(w, id, i, &doc->tables[i]));
    for (size_t i = 0; i < doc->n_perf_targets; i++) TRY(put_form(w, id, i, &doc->perf_targets[i]));
    for (size_t i = 0; i < doc->n_sections; i++) {
        s = w->st[S_SECTION];
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        text(s, 3, doc->sections[i].heading);
        sqlite3_bind_int(s, 4, doc->sections[i].level);
        text(s, 5, doc->sections[i].text);
        TRY(run(w, S_SECTION));
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
    if (rc == BK_OK) rc = sqls_prepare_schema(h, w.db, err);
    for (int k = 0; rc == BK_OK && k < S_COUNT; k++) {
        int r = sqlite3_prepare_v3(w.db, SQL[k], -1, SQLITE_PREPARE_PERSISTENT, &w.st[k], NULL);
        if (r != SQLITE_OK) rc = sqls_error(h, w.db, r, "cannot prepare", err);
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
    if (rc == BK_OK) rc = sqls_create_indexes(h, w.db, err);
    if (rc == BK_OK) rc = exec(&w, "COMMIT", "cannot commit");
    for (int k = 0; k < S_COUNT; k++) sqlite3_finalize(w.st[k]);
    sqlite3_close(w.db);
    return rc;
}
