/* SPDX-License-Identifier: MIT */
/* A document out of the database, exactly as it went in. The file is untrusted:
 * it is opened read-only and defensively (sqls_open), its schema is checked, and
 * every count, string, sequence number and amount is checked as it is read. */
#include "sqlite_read.h"
#include "sqlite_schema.h"
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const bk_host *h;
    sqlite3 *db;
    bk_document *doc;
    const bk_limits *lim;
    bk_error *err;
    uint64_t n_rows, n_cells;
    int version;       /* the schema version (1: no positions) */
    const char *sheet; /* the last sheet name of a position, a document string (shared by the next ones) */
    char ctx[160];     /* where we are, for messages */
} reader;

#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        int rc_ = (x);                                                                                                 \
        if (rc_) return rc_;                                                                                           \
    } while (0)

static int prepare(reader *r, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(r->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? BK_OK : sqls_error(r->h, r->db, rc, "cannot query the database", r->err);
}

/* Column @p i as text (NULL stays NULL), bounded by limit.string_bytes. */
static int col_text(reader *r, sqlite3_stmt *st, int i, const char **out)
{
    *out = NULL;
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return BK_OK;
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    if (!t) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, r->ctx, "out of memory");
    if (n > r->lim->string_bytes)
        return r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx,
                               "a text of %zu bytes is over limit.string_bytes=%llu", n,
                               (unsigned long long)r->lim->string_bytes);
    if (r->h->utf8_check((const char *)t, n) != n || memchr(t, 0, n))
        return r->h->error_set(r->err, BK_ERR_ENCODING, 0, 0, r->ctx, "a text is not valid UTF-8");
    *out = (const char *)t;
    return BK_OK;
}

static const char *dup(reader *r, const char *s)
{
    return s ? r->h->document_strdup(r->doc, s, (size_t)-1) : NULL;
}

/* The rows of a query come in seq order 0, 1, 2 …: anything else is a damaged file. */
static int check_seq(reader *r, sqlite3_stmt *st, int i, size_t want)
{
    if (sqlite3_column_int64(st, i) != (int64_t)want)
        return r->h->error_set(r->err, BK_ERR_PARSE, 0, 0, r->ctx, "entries out of sequence (seq %lld, expected %zu)",
                               (long long)sqlite3_column_int64(st, i), want);
    return BK_OK;
}

/* An amount from units, scale and text at columns i, i+1, i+2; blank when all are NULL. */
static int col_cell(reader *r, sqlite3_stmt *st, int i, bk_cell *c)
{
    const char *t;
    TRY(col_text(r, st, i + 2, &t));
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        if (!t) {
            r->h->cell_set_blank(c);
            return BK_OK;
        }
        return r->h->cell_set_text(r->doc, c, t, strlen(t));
    }
    int64_t scale = sqlite3_column_int64(st, i + 1);
    if (sqlite3_column_type(st, i) != SQLITE_INTEGER || scale < 0 || scale > BK_AMOUNT_MAX_SCALE)
        return r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "an amount is not an integer with a scale 0..%d",
                               BK_AMOUNT_MAX_SCALE);
    bk_amount a = {sqlite3_column_int64(st, i), (int32_t)scale};
    char buf[BK_AMOUNT_TEXT_MAX];
    r->h->amount_format(a, buf, sizeof buf);
    if (!t || strcmp(t, buf)) /* the printed text is derived: a mismatch means the file was edited badly */
        return r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "amount %s does not match its text '%s'", buf,
                               t ? t : "");
    r->h->cell_set_amount(c, a);
    return BK_OK;
}

static int step_done(reader *r, int rc)
{
    return rc == SQLITE_DONE ? BK_OK : sqls_error(r->h, r->db, rc, r->ctx, r->err);
}

static int read_cells(reader *r, int64_t panel_id, bk_panel *p)
{
    sqlite3_stmt *st;
    TRY(prepare(r,
                "SELECT r.seq, c.col, c.units, c.scale, c.text FROM rows r JOIN cells c ON c.row_id = r.id"
                " WHERE r.panel_id = ?1 ORDER BY r.seq, c.col",
                &st));
    sqlite3_bind_int64(st, 1, panel_id);
    int rc, res = BK_OK;
    while (res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t row = sqlite3_column_int64(st, 0), col = sqlite3_column_int64(st, 1);
        if (row < 0 || (uint64_t)row >= p->n_rows || col < 0 || (uint64_t)col >= p->n_columns)
            res = r->h->error_set(r->err, BK_ERR_PARSE, 0, 0, r->ctx,
                                  "a cell outside its table (row %lld, column %lld)", (long long)row, (long long)col);
        else if (++r->n_cells > r->lim->cells)
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more cells than limit.cells=%llu",
                                  (unsigned long long)r->lim->cells);
        else
            res = col_cell(r, st, 2, &p->rows[row].cells[col]);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

static int read_rows(reader *r, int64_t panel_id, bk_panel *p)
{
    sqlite3_stmt *st;
    TRY(prepare(r,
                "SELECT seq, key, code, name, level, parent, role, flags, line FROM rows WHERE panel_id = ?1"
                " ORDER BY seq",
                &st));
    sqlite3_bind_int64(st, 1, panel_id);
    int rc, res = BK_OK;
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *key, *code, *name, *role;
        if ((res = check_seq(r, st, 0, i)) || (res = col_text(r, st, 1, &key)) || (res = col_text(r, st, 2, &code)) ||
            (res = col_text(r, st, 3, &name)) || (res = col_text(r, st, 6, &role)))
            break;
        if (++r->n_rows > r->lim->rows) {
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more rows than limit.rows=%llu",
                                  (unsigned long long)r->lim->rows);
            break;
        }
        int64_t parent = sqlite3_column_int64(st, 5), level = sqlite3_column_int64(st, 4);
        int rl = role ? r->h->row_role_from_name(role) : -1;
        if (rl < 0 || parent < -1 || parent > INT32_MAX || level < INT32_MIN || level > INT32_MAX) {
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "row %zu has a bad role, level or parent", i);
            break;
        }
        bk_row *row = r->h->panel_add_row(r->doc, p, code, name);
        if (!row) {
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        r->h->row_set_key(row, dup(r, key));
        r->h->row_set_level(row, (int32_t)level);
        r->h->row_set_parent(row, (int32_t)parent);
        r->h->row_set_role(row, (bk_row_role)rl);
        r->h->row_set_flags(row, (uint32_t)sqlite3_column_int64(st, 7));
        bk_pos at = row->pos;
        at.line = (uint32_t)sqlite3_column_int64(st, 8);
        r->h->pos_set(&row->pos, &at);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    for (size_t i = 0; res == BK_OK && i < p->n_rows; i++) /* a parent is a row of the same panel */
        if (p->rows[i].parent >= (int32_t)p->n_rows)
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "row %zu has a bad role, level or parent", i);
    return res;
}

static int read_columns(reader *r, int64_t panel_id, bk_panel *p)
{
    sqlite3_stmt *st;
    TRY(prepare(r, "SELECT seq, key, label, type FROM columns WHERE panel_id = ?1 ORDER BY seq", &st));
    sqlite3_bind_int64(st, 1, panel_id);
    int rc, res = BK_OK;
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *key, *label, *type;
        if ((res = check_seq(r, st, 0, i)) || (res = col_text(r, st, 1, &key)) || (res = col_text(r, st, 2, &label)) ||
            (res = col_text(r, st, 3, &type)))
            break;
        if (i >= r->lim->columns) {
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more columns than limit.columns");
            break;
        }
        if (!type || (strcmp(type, "amount") && strcmp(type, "text"))) {
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "column %zu has an unknown type", i);
            break;
        }
        if (!r->h->panel_add_column(r->doc, p, key, label, strcmp(type, "text") ? BK_CELL_AMOUNT : BK_CELL_TEXT))
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

static int read_panels(reader *r, int64_t table_id, size_t ti)
{
    sqlite3_stmt *st;
    TRY(prepare(r, "SELECT seq, id, key, label, code_label, name_label FROM panels WHERE table_id = ?1 ORDER BY seq",
                &st));
    sqlite3_bind_int64(st, 1, table_id);
    int rc, res = BK_OK;
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *key, *label, *cl, *nl;
        if ((res = check_seq(r, st, 0, i)) || (res = col_text(r, st, 2, &key)) || (res = col_text(r, st, 3, &label)) ||
            (res = col_text(r, st, 4, &cl)) || (res = col_text(r, st, 5, &nl)))
            break;
        if (i >= 64) {
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more than 64 panels in one table");
            break;
        }
        bk_table *t = &r->doc->tables[ti];
        bk_panel *p = r->h->table_add_panel(r->doc, t, key, label);
        if (!p) {
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        r->h->panel_set_code_label(p, dup(r, cl));
        r->h->panel_set_name_label(p, dup(r, nl));
        int64_t id = sqlite3_column_int64(st, 1);
        if ((res = read_columns(r, id, p)) || (res = read_rows(r, id, p))) break;
        res = read_cells(r, id, p);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

static int read_tables(reader *r, int64_t doc_id)
{
    sqlite3_stmt *st;
    TRY(prepare(r,
                "SELECT seq, id, kind, title, number_label, department, unit, unit_label, scale, note FROM tables"
                " WHERE document_id = ?1 ORDER BY seq",
                &st));
    sqlite3_bind_int64(st, 1, doc_id);
    int rc, res = BK_OK;
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *kind, *title, *num, *dept, *unit, *ul, *note;
        snprintf(r->ctx, sizeof r->ctx, "table %zu", i + 1);
        if ((res = check_seq(r, st, 0, i)) || (res = col_text(r, st, 2, &kind)) || (res = col_text(r, st, 3, &title)) ||
            (res = col_text(r, st, 4, &num)) || (res = col_text(r, st, 5, &dept)) ||
            (res = col_text(r, st, 6, &unit)) || (res = col_text(r, st, 7, &ul)) || (res = col_text(r, st, 9, &note)))
            break;
        if (i >= r->lim->tables) {
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more tables than limit.tables=%llu",
                                  (unsigned long long)r->lim->tables);
            break;
        }
        int64_t scale = sqlite3_column_int64(st, 8);
        if (scale < 0 || scale > BK_AMOUNT_MAX_SCALE) {
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "scale %lld out of range", (long long)scale);
            break;
        }
        bk_table *t = r->h->document_add_table(r->doc, kind ? kind : "custom", title);
        if (!t) {
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        r->h->table_set_number_label(t, dup(r, num));
        r->h->table_set_department(t, dup(r, dept));
        r->h->table_set_unit(t, r->h->unit_kind_from_name(unit ? unit : ""));
        r->h->table_set_unit_label(t, dup(r, ul));
        r->h->table_set_scale(t, (int32_t)scale);
        r->h->table_set_note(t, dup(r, note));
        if (title) snprintf(r->ctx, sizeof r->ctx, "%s", title);
        res = read_panels(r, sqlite3_column_int64(st, 1), i);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

/* The fields, amounts, tasks and indicators of form @p pi (each query: form_id = ?1, seq first). */
static int read_form_parts(reader *r, int64_t form_id, size_t pi)
{
    static const char *const SQL[] = {
        "SELECT seq, key, label, value FROM form_fields WHERE form_id = ?1 ORDER BY seq",
        "SELECT seq, grp, key, label, units, scale, text FROM form_amounts WHERE form_id = ?1 ORDER BY seq",
        "SELECT seq, label, value FROM form_tasks WHERE form_id = ?1 ORDER BY seq",
        "SELECT seq, period, level1, level2, level3, value_raw, op, units, scale, number_text, unit FROM indicators"
        " WHERE form_id = ?1 ORDER BY seq"};
    int res = BK_OK;
    for (int part = 0; res == BK_OK && part < 4; part++) {
        sqlite3_stmt *st;
        TRY(prepare(r, SQL[part], &st));
        sqlite3_bind_int64(st, 1, form_id);
        int rc;
        for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
            bk_perf_target *p = &r->doc->perf_targets[pi];
            const char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *g = NULL;
            if ((res = check_seq(r, st, 0, i))) break;
            if (++r->n_rows > r->lim->rows) {
                res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more entries than limit.rows");
                break;
            }
            if (part == 0) {
                if (!(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 2, &b)) &&
                    !(res = col_text(r, st, 3, &c)) && !r->h->perf_add_field(r->doc, p, a, b, c))
                    res = BK_ERR_NOMEM;
            } else if (part == 1) {
                bk_perf_amount *am = NULL;
                if (!(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 2, &b)) &&
                    !(res = col_text(r, st, 3, &c)) && !(am = r->h->perf_add_amount(r->doc, p, a, b, c)))
                    res = BK_ERR_NOMEM;
                if (am) res = col_cell(r, st, 4, &am->value);
            } else if (part == 2) {
                if (!(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 2, &b)) &&
                    !r->h->perf_add_task(r->doc, p, a, b))
                    res = BK_ERR_NOMEM;
            } else {
                bk_indicator *ind = NULL;
                if (!(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 2, &b)) &&
                    !(res = col_text(r, st, 3, &c)) && !(res = col_text(r, st, 4, &d)) &&
                    !(res = col_text(r, st, 5, &e)) && !(res = col_text(r, st, 6, &f)) &&
                    !(res = col_text(r, st, 10, &g)) && !(ind = r->h->perf_add_indicator(r->doc, p, a, b, c, d, e)))
                    res = BK_ERR_NOMEM;
                if (ind) {
                    bk_cell number = {.kind = BK_CELL_BLANK};
                    res = col_cell(r, st, 7, &number);
                    r->h->indicator_set_value(ind, dup(r, f), &number, dup(r, g));
                }
            }
            if (res == BK_ERR_NOMEM && !r->err->code)
                r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        }
        if (res == BK_OK) res = step_done(r, rc);
        sqlite3_finalize(st);
    }
    return res;
}

static int read_forms(reader *r, int64_t doc_id)
{
    sqlite3_stmt *st;
    TRY(prepare(r, "SELECT seq, id, kind, title, period_label, unit FROM forms WHERE document_id = ?1 ORDER BY seq",
                &st));
    sqlite3_bind_int64(st, 1, doc_id);
    int rc, res = BK_OK;
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *kind, *title, *period, *unit;
        snprintf(r->ctx, sizeof r->ctx, "form %zu", i + 1);
        if ((res = check_seq(r, st, 0, i)) || (res = col_text(r, st, 2, &kind)) || (res = col_text(r, st, 3, &title)) ||
            (res = col_text(r, st, 4, &period)) || (res = col_text(r, st, 5, &unit)))
            break;
        if (i >= r->lim->tables) {
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more forms than limit.tables");
            break;
        }
        bk_perf_kind k = kind && !strcmp(kind, "department") ? BK_PERF_DEPARTMENT
                         : kind && !strcmp(kind, "project")  ? BK_PERF_PROJECT
                                                             : (bk_perf_kind)0;
        if (!k) {
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "unknown form kind");
            break;
        }
        bk_perf_target *p = r->h->document_add_perf_target(r->doc, k, title);
        if (!p) {
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        r->h->perf_set_period_label(p, dup(r, period));
        r->h->perf_set_unit(p, r->h->unit_kind_from_name(unit ? unit : ""));
        res = read_form_parts(r, sqlite3_column_int64(st, 1), i);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

static int read_units_sections(reader *r, int64_t doc_id)
{
    sqlite3_stmt *st;
    TRY(prepare(r, "SELECT seq, code, name, type FROM units WHERE document_id = ?1 ORDER BY seq", &st));
    sqlite3_bind_int64(st, 1, doc_id);
    int rc, res = BK_OK;
    snprintf(r->ctx, sizeof r->ctx, "units");
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *a, *b, *c;
        if (!(res = check_seq(r, st, 0, i)) && !(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 2, &b)) &&
            !(res = col_text(r, st, 3, &c)) && i >= r->lim->rows)
            res = r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, r->ctx, "more units than limit.rows");
        if (res == BK_OK && !r->h->document_add_unit(r->doc, a, b, c))
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    if (res) return res;
    TRY(prepare(r, "SELECT seq, heading, level, text FROM sections WHERE document_id = ?1 ORDER BY seq", &st));
    sqlite3_bind_int64(st, 1, doc_id);
    snprintf(r->ctx, sizeof r->ctx, "sections");
    for (size_t i = 0; res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
        const char *a, *c;
        int64_t level = sqlite3_column_int64(st, 2);
        if (!(res = check_seq(r, st, 0, i)) && !(res = col_text(r, st, 1, &a)) && !(res = col_text(r, st, 3, &c)) &&
            (i >= r->lim->rows || level < INT32_MIN || level > INT32_MAX))
            res = r->h->error_set(r->err, BK_ERR_VALUE, 0, 0, r->ctx, "section %zu: bad level, or too many", i);
        if (res == BK_OK && !r->h->document_add_section(r->doc, a, (int)level, c))
            res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

/* Where position row @p st (object, a, b, c, d) points, or NULL when it names nothing of the document. */
static bk_pos *pos_target(reader *r, const char *obj, const int64_t *k)
{
    bk_document *d = r->doc;
    for (int i = 0; i < 4; i++)
        if (k[i] < 0) return NULL;
    size_t a = (size_t)k[0], b = (size_t)k[1], c = (size_t)k[2], e = (size_t)k[3];
    if (!strcmp(obj, "table")) return a < d->n_tables ? &d->tables[a].pos : NULL;
    if (!strcmp(obj, "row") || !strcmp(obj, "cell")) {
        if (a >= d->n_tables || b >= d->tables[a].n_panels) return NULL;
        bk_panel *p = &d->tables[a].panels[b];
        if (c >= p->n_rows) return NULL;
        if (obj[0] == 'r') return &p->rows[c].pos;
        if (e >= p->n_columns) return NULL;
        bk_pos *cp = r->h->row_cell_pos(d, p, &p->rows[c]);
        return cp ? &cp[e] : NULL;
    }
    if (!strcmp(obj, "form")) return a < d->n_perf_targets ? &d->perf_targets[a].pos : NULL;
    if (!strcmp(obj, "indicator"))
        return a < d->n_perf_targets && b < d->perf_targets[a].n_indicators ? &d->perf_targets[a].indicators[b].pos
                                                                            : NULL;
    if (!strcmp(obj, "section")) return a < d->n_sections ? &d->sections[a].pos : NULL;
    if (!strcmp(obj, "paragraph")) {
        bk_pos *pp = a < d->n_sections ? r->h->section_para_pos(d, a) : NULL;
        return pp && b < d->para_pos[a].n ? &pp[b] : NULL;
    }
    return NULL;
}

/* The printed positions (schema 2), each onto what it names; a position naming nothing is a damaged file. */
static int read_positions(reader *r, int64_t doc_id)
{
    if (r->version < 2) return BK_OK;
    sqlite3_stmt *st;
    TRY(prepare(r,
                "SELECT object, a, b, c, d, page, x0, y0, x1, y1, sheet, row, col FROM positions"
                " WHERE document_id = ?1 ORDER BY object, a, b, c, d",
                &st));
    sqlite3_bind_int64(st, 1, doc_id);
    snprintf(r->ctx, sizeof r->ctx, "positions");
    int rc, res = BK_OK;
    while (res == BK_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *obj, *sheet;
        if ((res = col_text(r, st, 0, &obj)) || (res = col_text(r, st, 10, &sheet))) break;
        int64_t k[4], page = sqlite3_column_int64(st, 5), row = sqlite3_column_int64(st, 11),
                      col = sqlite3_column_int64(st, 12), v[4];
        for (int i = 0; i < 4; i++) k[i] = sqlite3_column_int64(st, 1 + i), v[i] = sqlite3_column_int64(st, 6 + i);
        bk_pos *to = obj ? pos_target(r, obj, k) : NULL;
        bool bad_box = false;
        for (int i = 0; i < 4; i++) bad_box |= v[i] < -INT32_MAX || v[i] > INT32_MAX;
        if (!to || !page == !sheet || page < 0 || page > UINT32_MAX || row < 0 || row > UINT32_MAX || col < 0 ||
            col > UINT32_MAX || bad_box || v[0] > v[2] || v[1] > v[3]) {
            res = r->h->error_set(
                r->err, BK_ERR_PARSE, 0, 0, r->ctx,
                "a position of %s %lld/%lld/%lld/%lld that names nothing of the document, or is malformed",
                obj ? obj : "?", (long long)k[0], (long long)k[1], (long long)k[2], (long long)k[3]);
            break;
        }
        bk_pos p = {.page = (uint32_t)page};
        if (page)
            p.box = (bk_box){(int32_t)v[0], (int32_t)v[1], (int32_t)v[2], (int32_t)v[3]};
        else {
            if (!r->sheet || strcmp(r->sheet, sheet)) r->sheet = dup(r, sheet);
            if (!r->sheet) {
                res = r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
                break;
            }
            p.sheet = r->sheet;
            p.line = (uint32_t)row;
            p.column = (uint32_t)col;
        }
        r->h->pos_set(to, &p);
    }
    if (res == BK_OK) res = step_done(r, rc);
    sqlite3_finalize(st);
    return res;
}

/* The id of the document to read: -i document=ID|HASH, else the only one. */
static int choose(reader *r, const char *want, int64_t *id)
{
    sqlite3_stmt *st;
    char *end = NULL;
    long long n = want && *want ? strtoll(want, &end, 10) : 0;
    bool by_id = want && *want && end && !*end;
    TRY(prepare(r,
                by_id  ? "SELECT id FROM documents WHERE id = ?1"
                : want ? "SELECT id FROM documents WHERE hash = ?1"
                       : "SELECT id, department_name, fiscal_year, kind FROM documents ORDER BY id LIMIT 6",
                &st));
    if (by_id)
        sqlite3_bind_int64(st, 1, n);
    else if (want)
        sqlite3_bind_text(st, 1, want, -1, SQLITE_STATIC);
    size_t found = 0;
    char list[1024] = "";
    while (sqlite3_step(st) == SQLITE_ROW && found < 6) {
        if (!found) *id = sqlite3_column_int64(st, 0);
        if (!want) {
            const unsigned char *dn = sqlite3_column_text(st, 1), *kd = sqlite3_column_text(st, 3);
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%lld (%s %d %s)", found ? ", " : "",
                     (long long)sqlite3_column_int64(st, 0), dn ? (const char *)dn : "?", sqlite3_column_int(st, 2),
                     kd ? (const char *)kd : "?");
        }
        found++;
    }
    sqlite3_finalize(st);
    if (want && !found)
        return r->h->error_set(r->err, BK_ERR_NOT_FOUND, 0, 0, NULL, "no document %s '%s' in the database",
                               by_id ? "with id" : "with content hash", want);
    if (!found) return r->h->error_set(r->err, BK_ERR_PARSE, 0, 0, NULL, "the database holds no documents");
    if (!want && found > 1)
        return r->h->error_set(r->err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                               "the database holds several documents; choose one with -i document=ID or =HASH: %s%s",
                               list, found > 5 ? ", …" : "");
    return BK_OK;
}

int sqlr_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    if (!in->path) return h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "a database must be a file");
    reader r = {.h = h, .doc = doc, .lim = in->limits, .err = err};
    int rc = sqls_open(h, in->path, 0, in->limits, &r.db, err);
    if (rc == BK_OK) rc = sqls_check_schema(h, r.db, &r.version, err);
    int64_t id = 0;
    if (rc == BK_OK)
        rc = sqlite3_exec(r.db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                 ? BK_OK
                 : sqls_error(h, r.db, SQLITE_ERROR, "cannot read", err);
    if (rc == BK_OK) rc = choose(&r, h->options_get(o, "document"), &id);
    sqlite3_stmt *st = NULL;
    if (rc == BK_OK)
        rc = prepare(&r,
                     "SELECT fiscal_year, kind, title, region, level, department_code, department_name,"
                     " disclosure FROM documents WHERE id = ?1",
                     &st);
    if (rc == BK_OK) {
        sqlite3_bind_int64(st, 1, id);
        snprintf(r.ctx, sizeof r.ctx, "document %lld", (long long)id);
        const char *kind, *title, *region, *level, *code, *name, *disclosure;
        if (sqlite3_step(st) != SQLITE_ROW)
            rc = sqls_error(h, r.db, SQLITE_ERROR, "cannot read the document", err);
        else if (!(rc = col_text(&r, st, 1, &kind)) && !(rc = col_text(&r, st, 2, &title)) &&
                 !(rc = col_text(&r, st, 3, &region)) && !(rc = col_text(&r, st, 4, &level)) &&
                 !(rc = col_text(&r, st, 5, &code)) && !(rc = col_text(&r, st, 6, &name)) &&
                 !(rc = col_text(&r, st, 7, &disclosure))) {
            int64_t y = sqlite3_column_int64(st, 0);
            h->document_set_fiscal_year(doc, y > 0 && y < 10000 ? (int32_t)y : 0);
            h->document_set_kind(doc, h->doc_kind_from_name(kind ? kind : ""));
            h->document_set_fact(doc, BK_FACT_TITLE, dup(&r, title));
            h->document_set_fact(doc, BK_FACT_REGION, dup(&r, region));
            h->document_set_fact(doc, BK_FACT_LEVEL, dup(&r, level));
            h->document_set_fact(doc, BK_FACT_DEPARTMENT_CODE, dup(&r, code));
            h->document_set_fact(doc, BK_FACT_DEPARTMENT_NAME, dup(&r, name));
            h->document_set_fact(doc, BK_FACT_DISCLOSURE,
                                 disclosure && (!strcmp(disclosure, "department") || !strcmp(disclosure, "unit"))
                                     ? (!strcmp(disclosure, "unit") ? "unit" : "department")
                                     : NULL);
        }
    }
    sqlite3_finalize(st);
    if (rc == BK_OK) rc = read_units_sections(&r, id);
    if (rc == BK_OK) rc = read_tables(&r, id);
    if (rc == BK_OK) rc = read_forms(&r, id);
    if (rc == BK_OK) rc = read_positions(&r, id);
    sqlite3_close(r.db); /* read-only: the open transaction ends with the connection */
    return rc;
}
