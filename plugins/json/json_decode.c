/* SPDX-License-Identifier: MIT */
/* Tree → model. Each value is addressed by its pre-order index in the text,
 * which indexes the positions the scanner recorded: json-c keeps object
 * members in source order, so a tree walk counts values the way the scanner
 * met them (duplicates, which json-c would merge, were rejected earlier). */
#include "json_decode.h"
#include "json_encode.h"
#include <stdarg.h>
#include <string.h>

typedef struct dec {
    const bk_host *h;
    bk_document *doc;
    bk_error *err;
    const jsonp_parsed *parsed;
    const bk_limits *limits;
    uint64_t rows, cells; /* counted against limits->rows and limits->cells */
    const char *sheet;    /* the last sheet name of a position, a document string (shared by the next ones) */
    char path[176];
    size_t path_len;
} dec;

/** A value in the tree: the json-c object (NULL for null), its index, and whether it was there at all. */
typedef struct jv {
    json_object *o;
    size_t index;
    bool present;
} jv;

static size_t subtree_size(json_object *o)
{
    size_t n = 1;
    switch (json_object_get_type(o)) {
    case json_type_object:
        for (struct lh_entry *e = json_object_get_object(o)->head; e; e = e->next)
            n += subtree_size((json_object *)lh_entry_v(e));
        break;
    case json_type_array:
        for (size_t i = 0, len = json_object_array_length(o); i < len; i++)
            n += subtree_size(json_object_array_get_idx(o, i));
        break;
    default: break;
    }
    return n;
}

static size_t push(dec *d, const char *name, size_t index, bool indexed)
{
    size_t old = d->path_len;
    int n = indexed ? snprintf(d->path + old, sizeof d->path - old, "%s%s[%zu]", old ? "." : "", name, index)
                    : snprintf(d->path + old, sizeof d->path - old, "%s%s", old ? "." : "", name);
    if (n > 0) d->path_len = old + (size_t)n < sizeof d->path ? old + (size_t)n : sizeof d->path - 1;
    return old;
}

static void pop(dec *d, size_t old)
{
    d->path_len = old;
    d->path[old] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static int
fail(dec *d, jv at, const char *leaf, int code, const char *fmt, ...)
{
    char msg[400], ctx[192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ctx, sizeof ctx, "%s%s%s", d->path, leaf && d->path_len ? "." : "", leaf ? leaf : "");
    jsonp_pos p = {0, 0};
    if (at.index < d->parsed->n_positions) p = d->parsed->positions[at.index];
    return d->h->error_set(d->err, code, p.line, p.column, ctx, "%s", msg);
}

static int nomem(dec *d)
{
    return d->h->error_set(d->err, BK_ERR_NOMEM, 0, 0, d->path, "out of memory");
}

static const char *type_name(json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_double: return "a decimal number";
    case json_type_int: return "a number";
    case json_type_string: return "a string";
    case json_type_array: return "an array";
    case json_type_object: return "an object";
    }
    return "a value";
}

/* Pick the members of an object by name; anything else is an error, so a typo never vanishes. */
static int members(dec *d, jv obj, const char *what, const char *const *names, jv *out)
{
    if (!json_object_is_type(obj.o, json_type_object))
        return fail(d, obj, NULL, BK_ERR_VALUE, "expected %s object, found %s", what, type_name(obj.o));
    size_t n_names = 0;
    while (names[n_names]) out[n_names++] = (jv){NULL, 0, false};
    size_t idx = obj.index + 1;
    for (struct lh_entry *e = json_object_get_object(obj.o)->head; e; e = e->next) {
        const char *k = (const char *)lh_entry_k(e);
        json_object *v = (json_object *)lh_entry_v(e);
        size_t i = 0;
        while (i < n_names && strcmp(names[i], k) != 0) i++;
        if (i == n_names) return fail(d, (jv){v, idx, true}, k, BK_ERR_VALUE, "unknown key \"%s\" in %s", k, what);
        out[i] = (jv){v, idx, true};
        idx += subtree_size(v);
    }
    return BK_OK;
}

/* The i-th element of an array whose element @p prev_index / @p prev were the previous one. */
static jv next_element(json_object *arr, size_t i, size_t *cursor)
{
    json_object *v = json_object_array_get_idx(arr, i);
    jv r = {v, *cursor, true};
    *cursor += subtree_size(v);
    return r;
}

static int need_array(dec *d, jv v, const char *leaf, size_t *len)
{
    *len = 0;
    if (!v.present || !v.o) return BK_OK; /* absent or null: empty */
    if (!json_object_is_type(v.o, json_type_array))
        return fail(d, v, leaf, BK_ERR_VALUE, "expected an array, found %s", type_name(v.o));
    *len = json_object_array_length(v.o);
    return BK_OK;
}

/* A string member: absent or null gives NULL (an error when required). */
static int get_str(dec *d, jv v, const char *leaf, bool required, const char **out)
{
    *out = NULL;
    if (!v.present || !v.o) {
        if (required) return fail(d, v, leaf, BK_ERR_VALUE, "\"%s\" is required", leaf);
        return BK_OK;
    }
    if (!json_object_is_type(v.o, json_type_string))
        return fail(d, v, leaf, BK_ERR_VALUE, "expected a string, found %s", type_name(v.o));
    const char *s = json_object_get_string(v.o);
    size_t n = (size_t)json_object_get_string_len(v.o);
    if (strlen(s) != n) return fail(d, v, leaf, BK_ERR_VALUE, "text contains a NUL character (\\u0000)");
    *out = d->h->document_strdup(d->doc, s, n);
    if (!*out) return nomem(d);
    return BK_OK;
}

/* Borrowed string from the tree (for enum names and keys looked up, not kept). */
static int peek_str(dec *d, jv v, const char *leaf, bool required, const char **out)
{
    *out = NULL;
    if (!v.present || !v.o) {
        if (required) return fail(d, v, leaf, BK_ERR_VALUE, "\"%s\" is required", leaf);
        return BK_OK;
    }
    if (!json_object_is_type(v.o, json_type_string))
        return fail(d, v, leaf, BK_ERR_VALUE, "expected a string, found %s", type_name(v.o));
    *out = json_object_get_string(v.o);
    return BK_OK;
}

static int get_int(dec *d, jv v, const char *leaf, int64_t min, int64_t max, int64_t def, int64_t *out)
{
    *out = def;
    if (!v.present) return BK_OK;
    if (!json_object_is_type(v.o, json_type_int))
        return fail(d, v, leaf, BK_ERR_VALUE, "expected a whole number, found %s", type_name(v.o));
    const char *text = json_object_get_string(v.o);
    bk_amount a;
    if (d->h->amount_parse(text, (size_t)-1, BK_AMOUNT_STRICT, &a) != BK_AMOUNT_OK || a.scale != 0 || a.units < min ||
        a.units > max)
        return fail(d, v, leaf, BK_ERR_VALUE, "%s is out of range (%lld..%lld)", text, (long long)min, (long long)max);
    *out = a.units;
    return BK_OK;
}

/* An amount from the number's own text, never through double. */
static int get_amount(dec *d, jv v, const char *leaf, bk_amount *out)
{
    const char *text = json_object_get_string(v.o);
    bk_amount_result r = d->h->amount_parse(text, (size_t)-1, BK_AMOUNT_STRICT, out);
    if (r == BK_AMOUNT_OK) return BK_OK;
    if (r == BK_AMOUNT_RANGE)
        return fail(d, v, leaf, BK_ERR_VALUE, "amount %s is out of range (at most 18 digits and %d decimals)", text,
                    BK_AMOUNT_MAX_SCALE);
    return fail(d, v, leaf, BK_ERR_VALUE, "amount %s is not a plain decimal number (no exponent)", text);
}

/* A cell: null = blank, number = amount, string = text. */
static int get_cell(dec *d, jv v, const char *leaf, bk_cell *out)
{
    d->h->cell_set_blank(out);
    if (!v.present || !v.o) return BK_OK;
    switch (json_object_get_type(v.o)) {
    case json_type_int:
    case json_type_double: {
        bk_amount a;
        int rc = get_amount(d, v, leaf, &a);
        if (rc) return rc;
        d->h->cell_set_amount(out, a);
        return BK_OK;
    }
    case json_type_string: {
        const char *s = json_object_get_string(v.o);
        size_t n = (size_t)json_object_get_string_len(v.o);
        if (strlen(s) != n) return fail(d, v, leaf, BK_ERR_VALUE, "text contains a NUL character (\\u0000)");
        return d->h->cell_set_text(d->doc, out, s, n) ? nomem(d) : BK_OK;
    }
    default: return fail(d, v, leaf, BK_ERR_VALUE, "expected a number, a string or null, found %s", type_name(v.o));
    }
}

/* Enum names: the canonical name must round-trip exactly. */
static int get_unit(dec *d, jv v, const char *leaf, bk_unit_kind *out)
{
    const char *s;
    int rc = peek_str(d, v, leaf, false, &s);
    if (rc) return rc;
    *out = BK_UNIT_UNKNOWN;
    if (!s) return BK_OK;
    bk_unit_kind u = d->h->unit_kind_from_name(s);
    if (strcmp(d->h->unit_kind_name(u), s) != 0)
        return fail(d, v, leaf, BK_ERR_VALUE, "unknown unit \"%s\" (expected yuan, wan_yuan or unknown)", s);
    *out = u;
    return BK_OK;
}

#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        int rc_ = (x);                                                                                                 \
        if (rc_) return rc_;                                                                                           \
    } while (0)

/* ---- positions ---- */

/* A box coordinate in points with at most 2 decimals → 1/100 pt. */
static int get_point(dec *d, jv v, int32_t *out)
{
    if (!v.o || (!json_object_is_type(v.o, json_type_int) && !json_object_is_type(v.o, json_type_double)))
        return fail(d, v, "box", BK_ERR_VALUE, "a box holds 4 numbers (points), found %s", type_name(v.o));
    const char *text = json_object_get_string(v.o);
    bk_amount a;
    if (d->h->amount_parse(text, (size_t)-1, BK_AMOUNT_STRICT, &a) != BK_AMOUNT_OK || a.scale > 2)
        return fail(d, v, "box", BK_ERR_VALUE, "%s is not a number of points with at most 2 decimals", text);
    int64_t c = a.units * (a.scale == 0 ? 100 : a.scale == 1 ? 10 : 1);
    if (a.units > INT32_MAX / 100 || a.units < -(INT32_MAX / 100) || c > INT32_MAX || c < -INT32_MAX)
        return fail(d, v, "box", BK_ERR_VALUE, "%s points is out of range", text);
    *out = (int32_t)c;
    return BK_OK;
}

enum { Q_PAGE, Q_BOX, Q_SHEET, Q_ROW, Q_COLUMN, Q_N };
static const char *const POS_KEYS[] = {"page", "box", "sheet", "row", "column", NULL};

/* A printed position ({"page", "box"} or {"sheet", "row", "column"}); absent or null leaves *out. */
static int get_pos(dec *d, jv v, const char *leaf, bk_pos *out)
{
    if (!v.present || !v.o) return BK_OK;
    size_t old = push(d, leaf, 0, false);
    jv m[Q_N];
    TRY(members(d, v, "position", POS_KEYS, m));
    bk_pos p = {.line = 0};
    int64_t page, row, col;
    TRY(get_int(d, m[Q_PAGE], "page", 1, UINT32_MAX, 0, &page));
    TRY(get_int(d, m[Q_ROW], "row", 1, UINT32_MAX, 0, &row));
    TRY(get_int(d, m[Q_COLUMN], "column", 1, UINT32_MAX, 0, &col));
    const char *sheet;
    TRY(peek_str(d, m[Q_SHEET], "sheet", false, &sheet));
    if (!page == !sheet) return fail(d, v, NULL, BK_ERR_VALUE, "a position names either a \"page\" or a \"sheet\"");
    if (page && (m[Q_ROW].present || m[Q_COLUMN].present))
        return fail(d, v, NULL, BK_ERR_VALUE, "a page position has a \"box\", not a row or column");
    if (sheet && m[Q_BOX].present) return fail(d, v, NULL, BK_ERR_VALUE, "a sheet position has no \"box\"");
    if (m[Q_BOX].present) {
        size_t n;
        TRY(need_array(d, m[Q_BOX], "box", &n));
        if (n != 4) return fail(d, m[Q_BOX], "box", BK_ERR_VALUE, "a box is [x0, y0, x1, y1], found %zu numbers", n);
        int32_t c[4];
        size_t cursor = m[Q_BOX].index + 1;
        for (size_t i = 0; i < 4; i++) TRY(get_point(d, next_element(m[Q_BOX].o, i, &cursor), &c[i]));
        if (c[0] > c[2] || c[1] > c[3])
            return fail(d, m[Q_BOX], "box", BK_ERR_VALUE,
                        "a box runs from its top-left (x0, y0) to its bottom-right (x1, y1)");
        p.box = (bk_box){c[0], c[1], c[2], c[3]};
    }
    if (sheet) {
        if (strlen(sheet) != (size_t)json_object_get_string_len(m[Q_SHEET].o))
            return fail(d, m[Q_SHEET], "sheet", BK_ERR_VALUE, "text contains a NUL character (\\u0000)");
        if (!d->sheet || strcmp(d->sheet, sheet)) {
            d->sheet = d->h->document_strdup(d->doc, sheet, (size_t)-1);
            if (!d->sheet) return nomem(d);
        }
        p.sheet = d->sheet;
    }
    p.page = (uint32_t)page;
    p.line = (uint32_t)row;
    p.column = (uint32_t)col;
    d->h->pos_set(out, &p);
    pop(d, old);
    return BK_OK;
}

/* Where value @p v stands in the file (line and column of the JSON text), unless unknown. */
static void file_pos(dec *d, jv v, bk_pos *pos)
{
    if (v.index >= d->parsed->n_positions) return;
    bk_pos p = *pos;
    p.line = d->parsed->positions[v.index].line;
    p.column = d->parsed->positions[v.index].column;
    d->h->pos_set(pos, &p);
}

/* ---- tables ---- */

enum { C_KEY, C_LABEL, C_TYPE, C_N };
static const char *const COLUMN_KEYS[] = {"key", "label", "type", NULL};

static int column(dec *d, bk_panel *p, jv v)
{
    jv m[C_N];
    TRY(members(d, v, "column", COLUMN_KEYS, m));
    const char *key, *label, *type;
    TRY(peek_str(d, m[C_KEY], "key", true, &key));
    TRY(peek_str(d, m[C_LABEL], "label", false, &label));
    TRY(peek_str(d, m[C_TYPE], "type", false, &type));
    bk_cell_kind kind = BK_CELL_AMOUNT;
    if (type && strcmp(type, "text") == 0)
        kind = BK_CELL_TEXT;
    else if (type && strcmp(type, "amount") != 0)
        return fail(d, m[C_TYPE], "type", BK_ERR_VALUE, "unknown column type \"%s\" (expected amount or text)", type);
    for (size_t i = 0; i < p->n_columns; i++)
        if (strcmp(p->columns[i].key, key) == 0)
            return fail(d, m[C_KEY], "key", BK_ERR_VALUE, "column key \"%s\" appears twice in the panel", key);
    if (!d->h->panel_add_column(d->doc, p, key, label, kind)) return nomem(d);
    return BK_OK;
}

enum { R_KEY, R_CODE, R_NAME, R_LEVEL, R_PARENT, R_ROLE, R_FLAGS, R_CELLS, R_POS, R_CELL_POS, R_N };
static const char *const ROW_KEYS[] = {"key",   "code",  "name", "level",    "parent", "role",
                                       "flags", "cells", "pos",  "cell_pos", NULL};

static int row(dec *d, bk_panel *p, jv v, size_t n_rows)
{
    jv m[R_N];
    TRY(members(d, v, "row", ROW_KEYS, m));
    const char *key, *code, *name, *role;
    TRY(get_str(d, m[R_KEY], "key", false, &key));
    if (m[R_CODE].present && m[R_CODE].o && !json_object_is_type(m[R_CODE].o, json_type_string))
        return fail(d, m[R_CODE], "code", BK_ERR_VALUE, "a code is a string (\"2080201\"), found %s",
                    type_name(m[R_CODE].o));
    TRY(peek_str(d, m[R_CODE], "code", false, &code));
    TRY(peek_str(d, m[R_NAME], "name", false, &name));
    TRY(peek_str(d, m[R_ROLE], "role", false, &role));
    int64_t level, parent, flags;
    TRY(get_int(d, m[R_LEVEL], "level", 0, 99, 0, &level));
    TRY(get_int(d, m[R_PARENT], "parent", -1, (int64_t)n_rows - 1, -1, &parent));
    TRY(get_int(d, m[R_FLAGS], "flags", 0, UINT32_MAX, 0, &flags));
    int role_v = BK_ROW_DATA;
    if (role) {
        role_v = d->h->row_role_from_name(role);
        if (role_v < 0 || strcmp(d->h->row_role_name((bk_row_role)role_v), role) != 0)
            return fail(d, m[R_ROLE], "role", BK_ERR_VALUE, "unknown role \"%s\" (expected data, subtotal or total)",
                        role);
    }
    if (parent == (int64_t)p->n_rows)
        return fail(d, m[R_PARENT], "parent", BK_ERR_VALUE, "a row cannot be its own parent");
    size_t n_cells;
    if (!m[R_CELLS].present) return fail(d, v, "cells", BK_ERR_VALUE, "\"cells\" is required");
    TRY(need_array(d, m[R_CELLS], "cells", &n_cells));
    if (n_cells != p->n_columns)
        return fail(d, m[R_CELLS], "cells", BK_ERR_VALUE, "%zu cells for %zu columns", n_cells, p->n_columns);
    if (++d->rows > d->limits->rows)
        return fail(d, v, NULL, BK_ERR_LIMIT, "more rows than limit.rows=%llu", (unsigned long long)d->limits->rows);
    bk_row *r = d->h->panel_add_row(d->doc, p, code, name);
    if (!r) return nomem(d);
    d->h->row_set_key(r, key);
    d->h->row_set_level(r, (int32_t)level);
    d->h->row_set_parent(r, (int32_t)parent);
    d->h->row_set_role(r, (bk_row_role)role_v);
    d->h->row_set_flags(r, (uint32_t)flags);
    file_pos(d, v, &r->pos);
    TRY(get_pos(d, m[R_POS], "pos", &r->pos));
    if (m[R_CELL_POS].present && m[R_CELL_POS].o) {
        size_t n_pos;
        TRY(need_array(d, m[R_CELL_POS], "cell_pos", &n_pos));
        if (n_pos != p->n_columns)
            return fail(d, m[R_CELL_POS], "cell_pos", BK_ERR_VALUE, "%zu cell positions for %zu columns", n_pos,
                        p->n_columns);
        bk_pos *cp = n_pos ? d->h->row_cell_pos(d->doc, p, r) : NULL;
        if (n_pos && !cp) return nomem(d);
        size_t pc = m[R_CELL_POS].index + 1;
        for (size_t i = 0; i < n_pos; i++) {
            size_t old = push(d, "cell_pos", i, true);
            TRY(get_pos(d, next_element(m[R_CELL_POS].o, i, &pc), "pos", &cp[i]));
            pop(d, old);
        }
    }
    size_t cursor = m[R_CELLS].index + 1;
    for (size_t i = 0; i < n_cells; i++) {
        size_t old = push(d, "cells", i, true);
        jv cv = next_element(m[R_CELLS].o, i, &cursor);
        TRY(get_cell(d, cv, NULL, &r->cells[i]));
        if (r->cells[i].kind != BK_CELL_BLANK && ++d->cells > d->limits->cells)
            return fail(d, cv, NULL, BK_ERR_LIMIT, "more non-empty cells than limit.cells=%llu",
                        (unsigned long long)d->limits->cells);
        pop(d, old);
    }
    return BK_OK;
}

enum { P_KEY, P_LABEL, P_CODE_LABEL, P_NAME_LABEL, P_COLUMNS, P_ROWS, P_N };
static const char *const PANEL_KEYS[] = {"key", "label", "code_label", "name_label", "columns", "rows", NULL};

static int panel(dec *d, size_t table_index, jv v)
{
    jv m[P_N];
    TRY(members(d, v, "panel", PANEL_KEYS, m));
    const char *key, *label, *code_label, *name_label;
    TRY(peek_str(d, m[P_KEY], "key", true, &key));
    TRY(peek_str(d, m[P_LABEL], "label", false, &label));
    TRY(get_str(d, m[P_CODE_LABEL], "code_label", false, &code_label));
    TRY(get_str(d, m[P_NAME_LABEL], "name_label", false, &name_label));
    bk_table *t = &d->doc->tables[table_index];
    for (size_t i = 0; i < t->n_panels; i++)
        if (strcmp(t->panels[i].key, key) == 0)
            return fail(d, m[P_KEY], "key", BK_ERR_VALUE, "panel key \"%s\" appears twice in the table", key);
    bk_panel *p = d->h->table_add_panel(d->doc, t, key, label);
    if (!p) return nomem(d);
    d->h->panel_set_code_label(p, code_label);
    d->h->panel_set_name_label(p, name_label);
    size_t n, cursor;
    TRY(need_array(d, m[P_COLUMNS], "columns", &n));
    if (n > d->limits->columns)
        return fail(d, m[P_COLUMNS], "columns", BK_ERR_LIMIT, "%zu columns, more than limit.columns=%llu", n,
                    (unsigned long long)d->limits->columns);
    cursor = m[P_COLUMNS].index + 1;
    for (size_t i = 0; i < n; i++) {
        size_t old = push(d, "columns", i, true);
        TRY(column(d, p, next_element(m[P_COLUMNS].o, i, &cursor)));
        pop(d, old);
    }
    TRY(need_array(d, m[P_ROWS], "rows", &n));
    cursor = m[P_ROWS].index + 1;
    for (size_t i = 0; i < n; i++) {
        size_t old = push(d, "rows", i, true);
        TRY(row(d, p, next_element(m[P_ROWS].o, i, &cursor), n));
        pop(d, old);
    }
    return BK_OK;
}

enum { T_KIND, T_TITLE, T_NUMBER_LABEL, T_DEPARTMENT, T_UNIT, T_UNIT_LABEL, T_SCALE, T_NOTE, T_POS, T_PANELS, T_N };
static const char *const TABLE_KEYS[] = {"kind",  "title", "number_label", "department", "unit", "unit_label",
                                         "scale", "note",  "pos",          "panels",     NULL};

static int table(dec *d, jv v)
{
    jv m[T_N];
    TRY(members(d, v, "table", TABLE_KEYS, m));
    const char *kind, *title, *number_label, *department, *unit_label, *note;
    TRY(peek_str(d, m[T_KIND], "kind", true, &kind));
    if (strcmp(kind, "custom") != 0 && !d->h->table_def_find(kind))
        return fail(d, m[T_KIND], "kind", BK_ERR_VALUE,
                    "unknown table kind \"%s\" (not a standard table; use \"custom\" for other tables)", kind);
    TRY(peek_str(d, m[T_TITLE], "title", false, &title));
    TRY(get_str(d, m[T_NUMBER_LABEL], "number_label", false, &number_label));
    TRY(get_str(d, m[T_DEPARTMENT], "department", false, &department));
    TRY(get_str(d, m[T_UNIT_LABEL], "unit_label", false, &unit_label));
    TRY(get_str(d, m[T_NOTE], "note", false, &note));
    bk_unit_kind unit;
    TRY(get_unit(d, m[T_UNIT], "unit", &unit));
    int64_t scale;
    TRY(get_int(d, m[T_SCALE], "scale", 0, BK_AMOUNT_MAX_SCALE, 2, &scale));
    bk_table *t = d->h->document_add_table(d->doc, kind, title);
    if (!t) return nomem(d);
    d->h->table_set_number_label(t, number_label);
    d->h->table_set_department(t, department);
    d->h->table_set_unit(t, unit);
    d->h->table_set_unit_label(t, unit_label);
    d->h->table_set_scale(t, (int32_t)scale);
    d->h->table_set_note(t, note);
    file_pos(d, v, &t->pos);
    TRY(get_pos(d, m[T_POS], "pos", &t->pos));
    size_t table_index = d->doc->n_tables - 1;
    size_t n;
    TRY(need_array(d, m[T_PANELS], "panels", &n));
    size_t cursor = m[T_PANELS].index + 1;
    for (size_t i = 0; i < n; i++) {
        size_t old = push(d, "panels", i, true);
        TRY(panel(d, table_index, next_element(m[T_PANELS].o, i, &cursor)));
        pop(d, old);
    }
    return BK_OK;
}

/* ---- performance targets ---- */

enum { F_KEY, F_LABEL, F_VALUE, F_N };
static const char *const FIELD_KEYS[] = {"key", "label", "value", NULL};
static const char *const TASK_KEYS[] = {"label", "value", NULL};

static int field(dec *d, bk_perf_target *p, jv v)
{
    jv m[F_N];
    TRY(members(d, v, "field", FIELD_KEYS, m));
    const char *key, *label, *value;
    TRY(peek_str(d, m[F_KEY], "key", false, &key));
    TRY(peek_str(d, m[F_LABEL], "label", false, &label));
    TRY(peek_str(d, m[F_VALUE], "value", false, &value));
    return d->h->perf_add_field(d->doc, p, key, label, value) ? BK_OK : nomem(d);
}

static int task(dec *d, bk_perf_target *p, jv v)
{
    jv m[2];
    TRY(members(d, v, "task", TASK_KEYS, m));
    const char *label, *value;
    TRY(peek_str(d, m[0], "label", false, &label));
    TRY(peek_str(d, m[1], "value", false, &value));
    return d->h->perf_add_task(d->doc, p, label, value) ? BK_OK : nomem(d);
}

enum { A_GROUP, A_KEY, A_LABEL, A_VALUE, A_N };
static const char *const AMOUNT_KEYS[] = {"group", "key", "label", "value", NULL};

static int perf_amount(dec *d, bk_perf_target *p, jv v)
{
    jv m[A_N];
    TRY(members(d, v, "funding figure", AMOUNT_KEYS, m));
    const char *group, *key, *label;
    TRY(peek_str(d, m[A_GROUP], "group", false, &group));
    TRY(peek_str(d, m[A_KEY], "key", false, &key));
    TRY(peek_str(d, m[A_LABEL], "label", false, &label));
    bk_cell value;
    TRY(get_cell(d, m[A_VALUE], "value", &value));
    bk_perf_amount *a = d->h->perf_add_amount(d->doc, p, group, key, label);
    if (!a) return nomem(d);
    d->h->cell_set(&a->value, &value);
    return BK_OK;
}

enum { I_PERIOD, I_LEVEL1, I_LEVEL2, I_LEVEL3, I_VALUE_RAW, I_OP, I_NUMBER, I_UNIT, I_POS, I_N };
static const char *const INDICATOR_KEYS[] = {"period", "level1", "level2", "level3", "value_raw",
                                             "op",     "number", "unit",   "pos",    NULL};

static int indicator(dec *d, bk_perf_target *p, jv v)
{
    jv m[I_N];
    TRY(members(d, v, "indicator", INDICATOR_KEYS, m));
    const char *period, *l1, *l2, *l3, *raw, *op, *unit;
    TRY(peek_str(d, m[I_PERIOD], "period", false, &period));
    TRY(peek_str(d, m[I_LEVEL1], "level1", false, &l1));
    TRY(peek_str(d, m[I_LEVEL2], "level2", false, &l2));
    TRY(peek_str(d, m[I_LEVEL3], "level3", false, &l3));
    TRY(peek_str(d, m[I_VALUE_RAW], "value_raw", false, &raw));
    TRY(get_str(d, m[I_OP], "op", false, &op));
    TRY(get_str(d, m[I_UNIT], "unit", false, &unit));
    bk_cell number = {.kind = BK_CELL_BLANK};
    if (m[I_NUMBER].present && m[I_NUMBER].o && !json_object_is_type(m[I_NUMBER].o, json_type_int) &&
        !json_object_is_type(m[I_NUMBER].o, json_type_double))
        return fail(d, m[I_NUMBER], "number", BK_ERR_VALUE, "expected a number, found %s", type_name(m[I_NUMBER].o));
    TRY(get_cell(d, m[I_NUMBER], "number", &number));
    bk_indicator *ind = d->h->perf_add_indicator(d->doc, p, period, l1, l2, l3, raw);
    if (!ind) return nomem(d);
    d->h->indicator_set_value(ind, op, &number, unit);
    file_pos(d, v, &ind->pos);
    TRY(get_pos(d, m[I_POS], "pos", &ind->pos));
    return BK_OK;
}

enum { PT_KIND, PT_TITLE, PT_PERIOD_LABEL, PT_UNIT, PT_POS, PT_FIELDS, PT_AMOUNTS, PT_TASKS, PT_INDICATORS, PT_N };
static const char *const PERF_KEYS[] = {"kind",   "title",   "period_label", "unit",       "pos",
                                        "fields", "amounts", "tasks",        "indicators", NULL};

typedef int (*perf_item_fn)(dec *d, bk_perf_target *p, jv v);

static int perf_list(dec *d, size_t perf_index, jv arr, const char *name, perf_item_fn fn)
{
    size_t n;
    TRY(need_array(d, arr, name, &n));
    size_t cursor = arr.index + 1;
    for (size_t i = 0; i < n; i++) {
        size_t old = push(d, name, i, true);
        TRY(fn(d, &d->doc->perf_targets[perf_index], next_element(arr.o, i, &cursor)));
        pop(d, old);
    }
    return BK_OK;
}

static int perf_target(dec *d, jv v)
{
    jv m[PT_N];
    TRY(members(d, v, "performance-target form", PERF_KEYS, m));
    const char *kind, *title, *period_label;
    TRY(peek_str(d, m[PT_KIND], "kind", true, &kind));
    bk_perf_kind k;
    if (strcmp(kind, "project") == 0)
        k = BK_PERF_PROJECT;
    else if (strcmp(kind, "department") == 0)
        k = BK_PERF_DEPARTMENT;
    else
        return fail(d, m[PT_KIND], "kind", BK_ERR_VALUE, "unknown form kind \"%s\" (expected project or department)",
                    kind);
    TRY(peek_str(d, m[PT_TITLE], "title", false, &title));
    TRY(get_str(d, m[PT_PERIOD_LABEL], "period_label", false, &period_label));
    bk_unit_kind unit;
    TRY(get_unit(d, m[PT_UNIT], "unit", &unit));
    bk_perf_target *p = d->h->document_add_perf_target(d->doc, k, title);
    if (!p) return nomem(d);
    d->h->perf_set_period_label(p, period_label);
    d->h->perf_set_unit(p, unit);
    file_pos(d, v, &p->pos);
    TRY(get_pos(d, m[PT_POS], "pos", &p->pos));
    size_t pi = d->doc->n_perf_targets - 1;
    TRY(perf_list(d, pi, m[PT_FIELDS], "fields", field));
    TRY(perf_list(d, pi, m[PT_AMOUNTS], "amounts", perf_amount));
    TRY(perf_list(d, pi, m[PT_TASKS], "tasks", task));
    TRY(perf_list(d, pi, m[PT_INDICATORS], "indicators", indicator));
    return BK_OK;
}

/* ---- document ---- */

enum { U_CODE, U_NAME, U_TYPE, U_N };
static const char *const UNIT_KEYS[] = {"code", "name", "type", NULL};

static int unit(dec *d, jv v)
{
    jv m[U_N];
    TRY(members(d, v, "budget unit", UNIT_KEYS, m));
    const char *code, *name, *type;
    if (m[U_CODE].present && m[U_CODE].o && !json_object_is_type(m[U_CODE].o, json_type_string))
        return fail(d, m[U_CODE], "code", BK_ERR_VALUE, "a code is a string (\"305001\"), found %s",
                    type_name(m[U_CODE].o));
    TRY(peek_str(d, m[U_CODE], "code", false, &code));
    TRY(peek_str(d, m[U_NAME], "name", false, &name));
    TRY(peek_str(d, m[U_TYPE], "type", false, &type));
    return d->h->document_add_unit(d->doc, code, name, type) ? BK_OK : nomem(d);
}

enum { S_HEADING, S_LEVEL, S_TEXT, S_POS, S_PARA_POS, S_N };
static const char *const SECTION_KEYS[] = {"heading", "level", "text", "pos", "para_pos", NULL};

static int section(dec *d, jv v)
{
    jv m[S_N];
    TRY(members(d, v, "section", SECTION_KEYS, m));
    const char *heading, *text;
    TRY(peek_str(d, m[S_HEADING], "heading", false, &heading));
    TRY(peek_str(d, m[S_TEXT], "text", false, &text));
    int64_t level;
    TRY(get_int(d, m[S_LEVEL], "level", 0, 99, 0, &level));
    bk_section *s = d->h->document_add_section(d->doc, heading, (int)level, text);
    if (!s) return nomem(d);
    file_pos(d, v, &s->pos);
    TRY(get_pos(d, m[S_POS], "pos", &s->pos));
    if (m[S_PARA_POS].present && m[S_PARA_POS].o) {
        /* one position per paragraph (line) of the text; a file without it (older) reads as before */
        size_t n_pos, si = d->doc->n_sections - 1;
        TRY(need_array(d, m[S_PARA_POS], "para_pos", &n_pos));
        bk_pos *pp = d->h->section_para_pos(d->doc, si);
        size_t n_para = pp ? d->doc->para_pos[si].n : 0;
        if (!pp && text) return nomem(d);
        if (n_pos != n_para)
            return fail(d, m[S_PARA_POS], "para_pos", BK_ERR_VALUE,
                        "%zu paragraph positions for %zu paragraphs of the text", n_pos, n_para);
        size_t pc = m[S_PARA_POS].index + 1;
        for (size_t i = 0; i < n_pos; i++) {
            size_t old = push(d, "para_pos", i, true);
            TRY(get_pos(d, next_element(m[S_PARA_POS].o, i, &pc), "pos", &pp[i]));
            pop(d, old);
        }
    }
    return BK_OK;
}

typedef int (*doc_item_fn)(dec *d, jv v);

static int doc_list(dec *d, jv arr, const char *name, doc_item_fn fn, uint64_t limit)
{
    size_t n;
    TRY(need_array(d, arr, name, &n));
    if (n > limit)
        return fail(d, arr, name, BK_ERR_LIMIT, "%zu entries, more than limit.tables=%llu", n,
                    (unsigned long long)limit);
    size_t cursor = arr.index + 1;
    for (size_t i = 0; i < n; i++) {
        size_t old = push(d, name, i, true);
        TRY(fn(d, next_element(arr.o, i, &cursor)));
        pop(d, old);
    }
    return BK_OK;
}

enum {
    D_YEAR,
    D_KIND,
    D_TITLE,
    D_REGION,
    D_LEVEL,
    D_DEPT_CODE,
    D_DEPT_NAME,
    D_DISCLOSURE,
    D_UNITS,
    D_TABLES,
    D_PERF,
    D_SECTIONS,
    D_N
};
static const char *const DOC_KEYS[] = {
    "fiscal_year", "kind",   "title",        "region",   "level", "department_code", "department_name", "disclosure",
    "units",       "tables", "perf_targets", "sections", NULL};

/* A text fact of the document: member @p leaf, a string or null. */
static int get_fact(dec *d, jv v, const char *leaf, bk_doc_fact fact)
{
    const char *value;
    TRY(get_str(d, v, leaf, false, &value));
    d->h->document_set_fact(d->doc, fact, value);
    return BK_OK;
}

static int document(dec *d, jv v)
{
    jv m[D_N];
    TRY(members(d, v, "document", DOC_KEYS, m));
    int64_t year;
    TRY(get_int(d, m[D_YEAR], "fiscal_year", 0, 9999, 0, &year));
    d->h->document_set_fiscal_year(d->doc, (int32_t)year);
    const char *kind;
    TRY(peek_str(d, m[D_KIND], "kind", false, &kind));
    if (kind) {
        bk_doc_kind k = d->h->doc_kind_from_name(kind);
        if (strcmp(d->h->doc_kind_name(k), kind) != 0)
            return fail(d, m[D_KIND], "kind", BK_ERR_VALUE,
                        "unknown document kind \"%s\" (expected budget, final_accounts or unknown)", kind);
        d->h->document_set_kind(d->doc, k);
    }
    TRY(get_fact(d, m[D_TITLE], "title", BK_FACT_TITLE));
    TRY(get_fact(d, m[D_REGION], "region", BK_FACT_REGION));
    TRY(get_fact(d, m[D_LEVEL], "level", BK_FACT_LEVEL));
    if (m[D_DEPT_CODE].present && m[D_DEPT_CODE].o && !json_object_is_type(m[D_DEPT_CODE].o, json_type_string))
        return fail(d, m[D_DEPT_CODE], "department_code", BK_ERR_VALUE, "a code is a string (\"305\"), found %s",
                    type_name(m[D_DEPT_CODE].o));
    TRY(get_fact(d, m[D_DEPT_CODE], "department_code", BK_FACT_DEPARTMENT_CODE));
    TRY(get_fact(d, m[D_DEPT_NAME], "department_name", BK_FACT_DEPARTMENT_NAME));
    TRY(get_fact(d, m[D_DISCLOSURE], "disclosure", BK_FACT_DISCLOSURE));
    if (d->doc->disclosure && strcmp(d->doc->disclosure, "department") && strcmp(d->doc->disclosure, "unit"))
        return fail(d, m[D_DISCLOSURE], "disclosure", BK_ERR_VALUE,
                    "disclosure is \"department\" or \"unit\", found \"%s\"", d->doc->disclosure);
    TRY(doc_list(d, m[D_UNITS], "units", unit, UINT64_MAX));
    TRY(doc_list(d, m[D_TABLES], "tables", table, d->limits->tables));
    TRY(doc_list(d, m[D_PERF], "perf_targets", perf_target, d->limits->tables));
    TRY(doc_list(d, m[D_SECTIONS], "sections", section, UINT64_MAX));
    return BK_OK;
}

enum { TOP_FORMAT, TOP_VERSION, TOP_DOCUMENT, TOP_N };
static const char *const TOP_KEYS[] = {"format", "version", "document", NULL};

int jsonp_decode_document(const bk_host *h, const jsonp_parsed *parsed, bk_document *doc, bk_error *err,
                          const bk_limits *limits)
{
    dec d = {.h = h, .doc = doc, .err = err, .parsed = parsed, .limits = limits};
    if (subtree_size(parsed->root) != parsed->n_positions)
        return h->error_set(err, BK_ERR_INTERNAL, 0, 0, NULL, "JSON value count differs from the scan (%zu/%zu)",
                            subtree_size(parsed->root), parsed->n_positions);
    jv root = {parsed->root, 0, true};
    jv m[TOP_N];
    TRY(members(&d, root, "budgetkit file", TOP_KEYS, m));
    const char *format;
    TRY(peek_str(&d, m[TOP_FORMAT], "format", true, &format));
    if (strcmp(format, "budgetkit") != 0)
        return fail(&d, m[TOP_FORMAT], "format", BK_ERR_VALUE, "\"format\" is \"%s\", expected \"budgetkit\"", format);
    int64_t version;
    if (!m[TOP_VERSION].present) return fail(&d, root, "version", BK_ERR_VALUE, "\"version\" is required");
    TRY(get_int(&d, m[TOP_VERSION], "version", 0, INT32_MAX, 0, &version));
    if (version != 1)
        return fail(&d, m[TOP_VERSION], "version", BK_ERR_UNSUPPORTED,
                    "version %lld is not supported (this reader knows version 1)", (long long)version);
    if (!m[TOP_DOCUMENT].present) return fail(&d, root, "document", BK_ERR_VALUE, "\"document\" is required");
    size_t old = push(&d, "document", 0, false);
    TRY(document(&d, m[TOP_DOCUMENT]));
    pop(&d, old);
    return BK_OK;
}
