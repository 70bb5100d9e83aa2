/* SPDX-License-Identifier: MIT */
/*
 * Loading the definitions from data files (definitions.h, docs/definitions.md).
 *
 * A file is one template family: its tables (panels, columns, items, compile
 * spec) and the identities over them, or the function classes. Files are read
 * with json-c into one arena, merged in search-path order (a later family id
 * replaces a family, a later table kind replaces a table), checked as a whole,
 * and installed as the process's one immutable set. Every count and length is
 * bounded; every fault is reported with the file, a JSON path and what is wrong.
 */
#include "definitions_set.h"
#include "self_path.h"
#include "arena.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#ifndef BK_DEFINITIONS_INSTALL_DIR
#define BK_DEFINITIONS_INSTALL_DIR ""
#endif

#define DEFS_FORMAT "budgetkit-definitions/1"

/* Bounds (docs/definitions.md "Limits"). The key lengths are those the
 * identity expressions can name (core/validate.c). */
enum {
    MAX_FILE_BYTES = 4 << 20,
    MAX_TOTAL_BYTES = 32 << 20,
    MAX_FILES = 256,
    MAX_DEPTH = 16,
    MAX_TABLES = 256, /* per file */
    MAX_PANELS = 8,
    MAX_COLUMNS = 64,
    MAX_COMPILE_COLUMNS = 16, /* what compile can fill in one panel */
    MAX_ITEMS = 512,
    MAX_LIST = 64, /* synonyms, title patterns, needs */
    MAX_MASKS = 64,
    MAX_IDENTITIES = 4096, /* per file */
    MAX_CLASSES = 1000,
    MAX_KIND = 47,
    MAX_PANEL_KEY = 23,
    MAX_COLUMN_KEY = 31,
    MAX_KEY = 64,
    MAX_LABEL = 256,
    MAX_TEXT = 1024,
    MAX_EXPR = 4096
};

/* ------------------------------------------------------------------------
 * The current set
 * ------------------------------------------------------------------------ */

static const bk_defset EMPTY_SET = {.files = (const char *const[]){NULL}};
static _Atomic(const bk_defset *) g_current;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static bk_error g_lazy_error; /* written once, under g_lock */
/* The set being checked by this thread before it is installed (the identity
 * check looks tables up through the public lookups). */
static _Thread_local const bk_defset *tl_checking;

static int load_set(const char *const *dirs, size_t n_dirs, const bk_defset **out, bk_error *err);

const bk_defset *bk_defset_current(void)
{
    if (tl_checking) return tl_checking;
    const bk_defset *s = atomic_load_explicit(&g_current, memory_order_acquire);
    if (s) return s;
    pthread_mutex_lock(&g_lock);
    s = atomic_load_explicit(&g_current, memory_order_acquire);
    if (!s) {
        bk_error_clear(&g_lazy_error);
        if (load_set(NULL, 0, &s, &g_lazy_error) != BK_OK) s = &EMPTY_SET;
        atomic_store_explicit(&g_current, s, memory_order_release);
    }
    pthread_mutex_unlock(&g_lock);
    return s;
}

int bk_definitions_load(const char *const *dirs, size_t n_dirs, bk_error *err)
{
    const bk_defset *s = NULL;
    pthread_mutex_lock(&g_lock);
    int rc = load_set(dirs, n_dirs, &s, err);
    if (rc == BK_OK) {
        ((bk_defset *)s)->previous = atomic_load_explicit(&g_current, memory_order_acquire);
        bk_error_clear(&g_lazy_error);
        atomic_store_explicit(&g_current, s, memory_order_release);
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

int bk_definitions_check(const char *const *dirs, size_t n_dirs, bk_error *err)
{
    const bk_defset *s = NULL;
    int rc = load_set(dirs, n_dirs, &s, err);
    if (rc == BK_OK) bk_arena_free(s->arena);
    return rc;
}

int bk_definitions_status(bk_error *err)
{
    bk_defset_current();
    pthread_mutex_lock(&g_lock);
    int rc = g_lazy_error.code;
    if (rc && err) *err = g_lazy_error;
    pthread_mutex_unlock(&g_lock);
    return rc;
}

const char *const *bk_definitions_files(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_files;
    return s->files;
}

/* ------------------------------------------------------------------------
 * Names of enums
 * ------------------------------------------------------------------------ */

static const char *const CODING_NAMES[] = {"none",    "function", "function_class", "economic", "economic_pair",
                                           "revenue", "fixed",    "project",        "unit"};
static const char *const BUILD_NAMES[] = {"function",        "summary",        "fiscal_summary",
                                          "economic_pairs",  "economic_codes", "three_public",
                                          "operating_costs", "projects",       "projects_carryover"};
static const char *const NEED_NAMES[] = {"expense_type", "economic", "project", "unit_type", "economic_column"};
static const char *const FUND_NAMES[] = {"general_public", "gov_fund", "state_capital", "special_account",
                                         "unit_funds"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(names[i], s)) return (int)i;
    return -1;
}

const char *bk_row_coding_name(bk_row_coding c)
{
    return (unsigned)c < COUNT(CODING_NAMES) ? CODING_NAMES[c] : NULL;
}
int bk_row_coding_from_name(const char *name)
{
    return name_index(CODING_NAMES, COUNT(CODING_NAMES), name);
}
const char *bk_compile_build_name(bk_compile_build b)
{
    return (unsigned)b < COUNT(BUILD_NAMES) ? BUILD_NAMES[b] : NULL;
}
int bk_compile_build_from_name(const char *name)
{
    return name_index(BUILD_NAMES, COUNT(BUILD_NAMES), name);
}

/* "a, b, c" of a name list, for messages. */
static const char *join_names(const char *const *names, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
    return buf;
}

/* ------------------------------------------------------------------------
 * Reading one file
 * ------------------------------------------------------------------------ */

typedef struct lctx {
    bk_arena *a;
    bk_error *err;
    const char *file; /* arena copy of the path */
} lctx;

/* The located error: file, JSON path, message. */
static int fail(lctx *c, int code, const char *jp, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(lctx *c, int code, const char *jp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bk_error_setv(c->err, code, 0, 0, jp, fmt, ap);
    va_end(ap);
    if (c->err) snprintf(c->err->file, sizeof c->err->file, "%s", c->file);
    return code;
}

/* A JSON path into buf (paths are short: at most ~60 bytes for the deepest member). */
static void jpath(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void jpath(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
}
#define JP(buf, ...) jpath(buf, sizeof buf, __VA_ARGS__)

static const char *type_name(json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_double:
    case json_type_int: return "a number";
    case json_type_object: return "an object";
    case json_type_array: return "an array";
    case json_type_string: return "a string";
    }
    return "a value";
}

/* Well-formed UTF-8: no overlong forms, surrogates or code points past U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t cp;
        if ((b & 0xE0) == 0xC0)
            k = 1, cp = b & 0x1Fu;
        else if ((b & 0xF0) == 0xE0)
            k = 2, cp = b & 0x0Fu;
        else if ((b & 0xF8) == 0xF0)
            k = 3, cp = b & 0x07u;
        else
            return false;
        if (i + k >= n) return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + j] & 0x3Fu);
        }
        static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[k] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
        i += k + 1;
    }
    return true;
}

/* Every member of @p o is one of @p allowed (or starts with "$": $schema, $comment). */
static int check_members(lctx *c, json_object *o, const char *jp, const char *const *allowed, size_t n)
{
    json_object_object_foreach(o, key, val)
    {
        (void)val;
        if (key[0] == '$' || name_index(allowed, n, key) >= 0) continue;
        char names[512];
        return fail(c, BK_ERR_VALUE, jp, "unknown member '%.64s' (known: %s)", key,
                    join_names(allowed, n, names, sizeof names));
    }
    return BK_OK;
}

static int want_type(lctx *c, json_object *v, json_type t, const char *jp, const char *what)
{
    if (json_object_is_type(v, t)) return BK_OK;
    return fail(c, BK_ERR_VALUE, jp, "must be %s, not %s", what, type_name(v));
}

/* The path of member @p name (or of element @p idx of it, idx >= 0) of @p jp.
 * Only built for a message: formatting every path costs more than the parse. */
static const char *at(char *buf, size_t cap, const char *jp, const char *name, long idx)
{
    if (idx >= 0)
        jpath(buf, cap, "%s.%s[%ld]", jp, name, idx);
    else
        jpath(buf, cap, "%s.%s", jp, name);
    return buf;
}
#define AT(name, idx) at(p, sizeof p, jp, (name), (idx))

/* A string value (member @p name of @p jp, element @p idx when >= 0): valid
 * UTF-8, no NUL, 1..max bytes (0 allowed when @p empty_ok). */
static int get_string(lctx *c, json_object *v, const char *jp, const char *name, long idx, size_t max, bool empty_ok,
                      const char **out)
{
    char p[192];
    if (!json_object_is_type(v, json_type_string))
        return fail(c, BK_ERR_VALUE, AT(name, idx), "must be a string, not %s", type_name(v));
    const char *s = json_object_get_string(v);
    size_t n = (size_t)json_object_get_string_len(v);
    if (n > max) return fail(c, BK_ERR_LIMIT, AT(name, idx), "is %zu bytes long; at most %zu", n, max);
    if (!n && !empty_ok) return fail(c, BK_ERR_VALUE, AT(name, idx), "must not be empty");
    if (strlen(s) != n) return fail(c, BK_ERR_VALUE, AT(name, idx), "contains a NUL character");
    if (!utf8_valid((const unsigned char *)s, n)) return fail(c, BK_ERR_ENCODING, AT(name, idx), "is not valid UTF-8");
    if (!(*out = bk_arena_strdup(c->a, s, n))) return fail(c, BK_ERR_NOMEM, AT(name, idx), "out of memory");
    return BK_OK;
}

/* Member @p name of @p o as a string; absent → NULL (an error when @p required). */
static int member_string(lctx *c, json_object *o, const char *jp, const char *name, bool required, size_t max,
                         const char **out)
{
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(o, name, &v))
        return required ? fail(c, BK_ERR_VALUE, jp, "'%s' is missing", name) : BK_OK;
    return get_string(c, v, jp, name, -1, max, false, out);
}

/* A key: [a-z0-9_]+; with @p dotted, two or more such words joined by '.'. */
static bool key_ok(const char *s, bool dotted)
{
    bool word = false;
    int dots = 0;
    for (const char *p = s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') {
            word = true;
        } else if (*p == '.' && dotted && word) {
            dots++;
            word = false;
        } else {
            return false;
        }
    }
    return word && (!dotted || dots > 0);
}

static int member_key(lctx *c, json_object *o, const char *jp, const char *name, size_t max, bool dotted,
                      const char **out)
{
    int rc = member_string(c, o, jp, name, true, max, out);
    if (rc) return rc;
    if (!key_ok(*out, dotted)) {
        char p[192];
        JP(p, "%s.%s", jp, name);
        return fail(c, BK_ERR_VALUE, p,
                    dotted ? "'%s' is not a kind: words of a-z, 0-9 and _ joined by '.' (\"budget.income\")"
                           : "'%s' is not a key: only a-z, 0-9 and _",
                    *out);
    }
    return BK_OK;
}

static int member_int(lctx *c, json_object *o, const char *jp, const char *name, int lo, int hi, int dflt, int *out)
{
    char p[192];
    json_object *v;
    *out = dflt;
    if (!json_object_object_get_ex(o, name, &v)) return BK_OK;
    if (!json_object_is_type(v, json_type_int))
        return fail(c, BK_ERR_VALUE, AT(name, -1), "must be an integer, not %s", type_name(v));
    int64_t x = json_object_get_int64(v);
    if (x < lo || x > hi) return fail(c, BK_ERR_VALUE, AT(name, -1), "is %lld; must be %d to %d", (long long)x, lo, hi);
    *out = (int)x;
    return BK_OK;
}

static int member_bool(lctx *c, json_object *o, const char *jp, const char *name, bool *out)
{
    char p[192];
    json_object *v;
    *out = false;
    if (!json_object_object_get_ex(o, name, &v)) return BK_OK;
    if (!json_object_is_type(v, json_type_boolean))
        return fail(c, BK_ERR_VALUE, AT(name, -1), "must be true or false, not %s", type_name(v));
    *out = json_object_get_boolean(v);
    return BK_OK;
}

/* Member @p name as an array of min..max elements; absent → *out NULL (an error when @p required). */
static int member_array(lctx *c, json_object *o, const char *jp, const char *name, bool required, size_t min,
                        size_t max, json_object **out, size_t *n)
{
    char p[192];
    *out = NULL;
    *n = 0;
    json_object *v;
    if (!json_object_object_get_ex(o, name, &v))
        return required ? fail(c, BK_ERR_VALUE, jp, "'%s' is missing", name) : BK_OK;
    if (!json_object_is_type(v, json_type_array))
        return fail(c, BK_ERR_VALUE, AT(name, -1), "must be an array, not %s", type_name(v));
    size_t len = json_object_array_length(v);
    if (len > max) return fail(c, BK_ERR_LIMIT, AT(name, -1), "has %zu entries; at most %zu", len, max);
    if (len < min) return fail(c, BK_ERR_VALUE, AT(name, -1), "needs at least %zu entr%s", min, min == 1 ? "y" : "ies");
    *out = v;
    *n = len;
    return BK_OK;
}

/* A NULL-terminated list of strings (synonyms, title patterns); absent → NULL. */
static int member_list(lctx *c, json_object *o, const char *jp, const char *name, bool required,
                       const char *const **out)
{
    json_object *arr;
    size_t n;
    *out = NULL;
    int rc = member_array(c, o, jp, name, required, required ? 1 : 0, MAX_LIST, &arr, &n);
    if (rc || !arr) return rc;
    const char **list = bk_arena_alloc(c->a, (n + 1) * sizeof *list);
    if (!list) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    for (size_t i = 0; i < n; i++)
        if ((rc = get_string(c, json_object_array_get_idx(arr, i), jp, name, (long)i, MAX_LABEL, false, &list[i])))
            return rc;
    *out = list;
    return BK_OK;
}

/* Member @p name, one of @p names (absent → @p dflt). */
static int member_enum(lctx *c, json_object *o, const char *jp, const char *name, const char *const *names, size_t n,
                       int dflt, int *out)
{
    const char *s;
    int rc = member_string(c, o, jp, name, dflt < 0, 64, &s);
    if (rc) return rc;
    *out = s ? name_index(names, n, s) : dflt;
    if (*out < 0) {
        char p[192], list[512];
        JP(p, "%s.%s", jp, name);
        return fail(c, BK_ERR_VALUE, p, "unknown %s '%s' (one of: %s)", name, s,
                    join_names(names, n, list, sizeof list));
    }
    return BK_OK;
}

/* ---- columns, items, panels ---- */

static int parse_column(lctx *c, json_object *o, const char *jp, bk_column_def *col)
{
    static const char *const allowed[] = {"key", "label", "type", "optional", "synonyms"};
    static const char *const types[] = {"amount", "text"};
    int rc = want_type(c, o, json_type_object, jp, "an object");
    int type = 0;
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_key(c, o, jp, "key", MAX_COLUMN_KEY, false, &col->key);
    if (!rc) rc = member_string(c, o, jp, "label", true, MAX_LABEL, &col->label);
    if (!rc) rc = member_enum(c, o, jp, "type", types, 2, 0, &type);
    if (!rc) rc = member_bool(c, o, jp, "optional", &col->optional);
    if (!rc) rc = member_list(c, o, jp, "synonyms", false, &col->synonyms);
    col->type = type ? BK_CELL_TEXT : BK_CELL_AMOUNT;
    return rc;
}

static int parse_item(lctx *c, json_object *o, const char *jp, bk_item_def *it)
{
    static const char *const allowed[] = {"key", "label", "code", "level", "role", "synonyms"};
    static const char *const roles[] = {"data", "subtotal", "total"};
    int rc = want_type(c, o, json_type_object, jp, "an object");
    int role = 0;
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_key(c, o, jp, "key", MAX_KEY, false, &it->key);
    if (!rc) rc = member_string(c, o, jp, "label", true, MAX_LABEL, &it->label);
    if (!rc) rc = member_string(c, o, jp, "code", false, 32, &it->code);
    if (!rc) rc = member_int(c, o, jp, "level", 0, 8, 1, &it->level);
    if (!rc) rc = member_enum(c, o, jp, "role", roles, 3, 0, &role);
    if (!rc) rc = member_list(c, o, jp, "synonyms", false, &it->synonyms);
    it->role = role == 2 ? BK_ROW_TOTAL : role == 1 ? BK_ROW_SUBTOTAL : BK_ROW_DATA;
    return rc;
}

static int parse_panel(lctx *c, json_object *o, const char *jp, bk_panel_def *pd)
{
    static const char *const allowed[] = {"key",     "label", "code_label",  "name_label",      "coding",
                                          "columns", "items", "group_label", "total_spans_code"};
    int rc = want_type(c, o, json_type_object, jp, "an object");
    int coding = 0;
    json_object *arr;
    size_t n;
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_key(c, o, jp, "key", MAX_PANEL_KEY, false, &pd->key);
    if (!rc) rc = member_string(c, o, jp, "label", false, MAX_LABEL, &pd->label);
    if (!rc) rc = member_string(c, o, jp, "code_label", false, MAX_LABEL, &pd->code_label);
    if (!rc) rc = member_string(c, o, jp, "name_label", false, MAX_LABEL, &pd->name_label);
    if (!rc) rc = member_string(c, o, jp, "group_label", false, MAX_LABEL, &pd->group_label);
    if (!rc) rc = member_bool(c, o, jp, "total_spans_code", &pd->total_spans_code);
    if (!rc) rc = member_enum(c, o, jp, "coding", CODING_NAMES, COUNT(CODING_NAMES), 0, &coding);
    if (rc) return rc;
    pd->coding = (bk_row_coding)coding;
    if ((rc = member_array(c, o, jp, "columns", true, 1, MAX_COLUMNS, &arr, &n))) return rc;
    bk_column_def *cols = bk_arena_alloc(c->a, n * sizeof *cols);
    if (!cols) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "%s.columns[%zu]", jp, i);
        if ((rc = parse_column(c, json_object_array_get_idx(arr, i), p, &cols[i]))) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(cols[j].key, cols[i].key))
                return fail(c, BK_ERR_VALUE, p, "duplicate column key '%s' (also columns[%zu])", cols[i].key, j);
    }
    pd->columns = cols;
    pd->n_columns = n;
    bool wants_items = pd->coding == BK_CODING_FIXED || pd->coding == BK_CODING_FUNCTION_CLASS;
    if ((rc = member_array(c, o, jp, "items", false, 0, MAX_ITEMS, &arr, &n))) return rc;
    if (wants_items && n == 0)
        return fail(c, BK_ERR_VALUE, jp, "coding '%s' needs its fixed rows in 'items'", CODING_NAMES[coding]);
    if (!wants_items && arr)
        return fail(c, BK_ERR_VALUE, jp, "'items' are only read for coding fixed or function_class, not '%s'",
                    CODING_NAMES[coding]);
    if (!arr) return BK_OK;
    bk_item_def *items = bk_arena_alloc(c->a, n * sizeof *items);
    if (!items) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "%s.items[%zu]", jp, i);
        if ((rc = parse_item(c, json_object_array_get_idx(arr, i), p, &items[i]))) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(items[j].key, items[i].key))
                return fail(c, BK_ERR_VALUE, p, "duplicate item key '%s' (also items[%zu])", items[i].key, j);
    }
    pd->items = items;
    pd->n_items = n;
    return BK_OK;
}

/* ---- compile specs ---- */

/* A list of names into a bit set. */
static int member_bits(lctx *c, json_object *o, const char *jp, const char *name, const char *const *names, size_t nn,
                       bool required, unsigned *out)
{
    json_object *arr;
    size_t n;
    *out = 0;
    int rc = member_array(c, o, jp, name, required, required ? 1 : 0, MAX_LIST, &arr, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        char p[192], list[256];
        json_object *v = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(v, json_type_string))
            return fail(c, BK_ERR_VALUE, AT(name, (long)i), "must be a string, not %s", type_name(v));
        int k = name_index(names, nn, json_object_get_string(v));
        if (k < 0)
            return fail(c, BK_ERR_VALUE, AT(name, (long)i), "unknown %s '%.64s' (one of: %s)", name,
                        json_object_get_string(v), join_names(names, nn, list, sizeof list));
        *out |= 1u << k;
    }
    return rc;
}

static int parse_masks(lctx *c, json_object *o, const char *jp, const char *name, const bk_compile_mask **out,
                       size_t *count)
{
    static const char *const allowed[] = {"key", "funds", "years", "kinds"};
    static const char *const years[] = {"current", "carryover", "any"};
    static const char *const kinds[] = {"basic", "project", "any"};
    json_object *arr;
    size_t n;
    *out = NULL;
    *count = 0;
    int rc = member_array(c, o, jp, name, false, 0, MAX_MASKS, &arr, &n);
    if (rc || !arr) return rc;
    bk_compile_mask *m = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *m);
    if (!m) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "%s.%s[%zu]", jp, name, i);
        json_object *v = json_object_array_get_idx(arr, i);
        int y = 0, k = 0;
        if ((rc = want_type(c, v, json_type_object, p, "an object")) ||
            (rc = check_members(c, v, p, allowed, COUNT(allowed))) ||
            (rc = member_key(c, v, p, "key", MAX_KEY, false, &m[i].key)) ||
            (rc = member_bits(c, v, p, "funds", FUND_NAMES, COUNT(FUND_NAMES), true, &m[i].funds)) ||
            (rc = member_enum(c, v, p, "years", years, 3, -1, &y)) ||
            (rc = member_enum(c, v, p, "kinds", kinds, 3, -1, &k)))
            return rc;
        m[i].years = (unsigned)y + 1; /* current 1, carryover 2, any 3 */
        m[i].kinds = (unsigned)k + 1;
    }
    *out = m;
    *count = n;
    return BK_OK;
}

static int parse_compile(lctx *c, json_object *o, const char *jp, const bk_compile_def **out)
{
    static const char *const allowed[] = {"build", "needs", "never", "columns", "items"};
    bk_compile_def *cd = bk_arena_alloc(c->a, sizeof *cd);
    if (!cd) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    int build = 0;
    int rc = want_type(c, o, json_type_object, jp, "an object");
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_enum(c, o, jp, "build", BUILD_NAMES, COUNT(BUILD_NAMES), -1, &build);
    if (!rc) rc = member_bits(c, o, jp, "needs", NEED_NAMES, COUNT(NEED_NAMES), false, &cd->needs);
    if (!rc) rc = member_string(c, o, jp, "never", false, MAX_TEXT, &cd->never);
    if (!rc) rc = parse_masks(c, o, jp, "columns", &cd->columns, &cd->n_columns);
    if (!rc) rc = parse_masks(c, o, jp, "items", &cd->items, &cd->n_items);
    cd->build = (bk_compile_build)build;
    *out = cd;
    return rc;
}

/* Compile masks name columns / items of the panels the builder fills. */
static int check_compile(lctx *c, const bk_table_def *d, const char *jp)
{
    const bk_compile_def *cd = d->compile;
    char p[192];
    const bk_panel_def *cols_panel = &d->panels[0], *items_panel = NULL;
    if (cd->build == BK_BUILD_SUMMARY || cd->build == BK_BUILD_FISCAL_SUMMARY) {
        items_panel = bk_table_def_panel(d, "income");
        cols_panel = bk_table_def_panel(d, "expense");
        if (!items_panel || !cols_panel)
            return fail(c, BK_ERR_VALUE, jp, "build '%s' needs an 'income' and an 'expense' panel",
                        BUILD_NAMES[cd->build]);
    }
    for (size_t i = 0; i < d->n_panels; i++)
        if (d->panels[i].n_columns > MAX_COMPILE_COLUMNS) {
            JP(p, "%s.panels[%zu].columns", jp, i);
            return fail(c, BK_ERR_LIMIT, p, "a table that compile builds has at most %d columns per panel",
                        MAX_COMPILE_COLUMNS);
        }
    for (size_t i = 0; i < cd->n_columns; i++)
        if (!bk_panel_def_column(cols_panel, cd->columns[i].key)) {
            JP(p, "%s.compile.columns[%zu].key", jp, i);
            return fail(c, BK_ERR_VALUE, p, "panel '%s' has no column '%s'", cols_panel->key, cd->columns[i].key);
        }
    for (size_t i = 0; i < cd->n_items; i++) {
        bool found = false;
        for (size_t k = 0; items_panel && k < items_panel->n_items && !found; k++)
            found = !strcmp(items_panel->items[k].key, cd->items[i].key);
        if (!found) {
            JP(p, "%s.compile.items[%zu].key", jp, i);
            return fail(c, BK_ERR_VALUE, p, "%s has no item '%s'",
                        items_panel ? "panel 'income'" : "this build reads no items: it", cd->items[i].key);
        }
    }
    return BK_OK;
}

/* ---- tables ---- */

static int parse_table(lctx *c, json_object *o, const char *jp, bk_table_def *d)
{
    static const char *const allowed[] = {"kind",  "document",       "title",  "description", "unit",
                                          "scale", "title_patterns", "panels", "compile",     "column_numbers"};
    int rc = want_type(c, o, json_type_object, jp, "an object");
    const char *doc = NULL, *unit = NULL;
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_key(c, o, jp, "kind", MAX_KIND, true, &d->kind);
    if (rc) return rc;
    char p[192];
    if (!strncmp(d->kind, "perf.", 5) || !strcmp(d->kind, "custom")) {
        JP(p, "%s.kind", jp);
        return fail(c, BK_ERR_VALUE, p, "'%s' is reserved (performance forms)", d->kind);
    }
    if ((rc = member_string(c, o, jp, "document", true, 32, &doc))) return rc;
    d->family = bk_doc_kind_from_name(doc);
    if (d->family == BK_DOC_UNKNOWN) {
        JP(p, "%s.document", jp);
        return fail(c, BK_ERR_VALUE, p, "unknown document '%s' (one of: budget, final_accounts)", doc);
    }
    if ((rc = member_string(c, o, jp, "title", true, MAX_LABEL, &d->title)) ||
        (rc = member_string(c, o, jp, "description", false, MAX_TEXT, &d->description)) ||
        (rc = member_string(c, o, jp, "unit", false, 16, &unit)) ||
        (rc = member_int(c, o, jp, "scale", 0, 6, 2, &d->scale)) ||
        (rc = member_list(c, o, jp, "title_patterns", true, &d->title_patterns)) ||
        (rc = member_bool(c, o, jp, "column_numbers", &d->column_numbers)))
        return rc;
    if (!d->description) d->description = d->title;
    d->unit = unit ? bk_unit_kind_from_name(unit) : BK_UNIT_WAN_YUAN;
    if (d->unit == BK_UNIT_UNKNOWN) {
        JP(p, "%s.unit", jp);
        return fail(c, BK_ERR_VALUE, p, "unknown unit '%s' (元 or 万元)", unit);
    }
    json_object *arr;
    size_t n;
    if ((rc = member_array(c, o, jp, "panels", true, 1, MAX_PANELS, &arr, &n))) return rc;
    bk_panel_def *panels = bk_arena_alloc(c->a, n * sizeof *panels);
    if (!panels) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    for (size_t i = 0; i < n; i++) {
        JP(p, "%s.panels[%zu]", jp, i);
        if ((rc = parse_panel(c, json_object_array_get_idx(arr, i), p, &panels[i]))) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(panels[j].key, panels[i].key))
                return fail(c, BK_ERR_VALUE, p, "duplicate panel key '%s' (also panels[%zu])", panels[i].key, j);
    }
    d->panels = panels;
    d->n_panels = n;
    json_object *v;
    if (json_object_object_get_ex(o, "compile", &v)) {
        JP(p, "%s.compile", jp);
        if ((rc = parse_compile(c, v, p, &d->compile)) || (rc = check_compile(c, d, jp))) return rc;
    }
    d->source = c->file;
    return BK_OK;
}

/* ---- identities, function classes ---- */

static int parse_identity(lctx *c, json_object *o, const char *jp, bk_identity *id)
{
    static const char *const allowed[] = {"rule", "title", "expr", "each", "guard", "soft", "mirror"};
    int rc = want_type(c, o, json_type_object, jp, "an object");
    if (!rc) rc = check_members(c, o, jp, allowed, COUNT(allowed));
    if (!rc) rc = member_string(c, o, jp, "rule", true, 16, &id->rule);
    if (!rc) rc = member_string(c, o, jp, "title", true, MAX_LABEL, &id->title);
    if (!rc) rc = member_string(c, o, jp, "expr", true, MAX_EXPR, &id->expr);
    if (!rc) rc = member_string(c, o, jp, "each", false, MAX_KIND, &id->each);
    if (!rc) rc = member_string(c, o, jp, "guard", false, MAX_EXPR, &id->guard);
    if (!rc) rc = member_bool(c, o, jp, "soft", &id->soft);
    if (!rc) rc = member_bool(c, o, jp, "mirror", &id->mirror);
    if (!rc && id->each && strcmp(id->each, "perf.project")) {
        char p[192];
        JP(p, "%s.each", jp);
        return fail(c, BK_ERR_VALUE, p, "'%s': only \"perf.project\" (every project performance form) is supported",
                    id->each);
    }
    return rc;
}

static int parse_classes(lctx *c, json_object *o, const char *name, bk_function_class_def **out, size_t *count)
{
    static const char *const allowed[] = {"code", "name"};
    json_object *arr;
    size_t n;
    *out = NULL;
    *count = 0;
    int rc = member_array(c, o, "$", name, false, 0, MAX_CLASSES, &arr, &n);
    if (rc || !arr) return rc;
    bk_function_class_def *v = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *v);
    if (!v) return fail(c, BK_ERR_NOMEM, "$", "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "$.%s[%zu]", name, i);
        json_object *e = json_object_array_get_idx(arr, i);
        if ((rc = want_type(c, e, json_type_object, p, "an object")) || (rc = check_members(c, e, p, allowed, 2)) ||
            (rc = member_string(c, e, p, "code", true, 3, &v[i].code)) ||
            (rc = member_string(c, e, p, "name", true, MAX_LABEL, &v[i].name)))
            return rc;
        const char *s = v[i].code;
        if (strlen(s) != 3 || strspn(s, "0123456789") != 3) {
            JP(p, "$.%s[%zu].code", name, i);
            return fail(c, BK_ERR_VALUE, p, "'%s' is not a 3-digit 类 code", s);
        }
    }
    *out = v;
    *count = n;
    return BK_OK;
}

/* ------------------------------------------------------------------------
 * The review rules of a family ("review": include/budgetkit/review.h)
 * ------------------------------------------------------------------------ */

enum { MAX_REVIEW_SECTIONS = 64, MAX_REVIEW_STATEMENTS = 256 };

/* The opening "review" and "crossdoc" share: @p key absent → BK_OK with *obj NULL; else an
 * object holding only @p allowed members, whose "document" names a document kind. */
static int open_rules(lctx *c, json_object *root, const char *key, const char *const *allowed, size_t n_allowed,
                      json_object **obj, bk_doc_kind *document)
{
    char jp[32], doc_jp[48];
    snprintf(jp, sizeof jp, "$.%s", key);
    snprintf(doc_jp, sizeof doc_jp, "%s.document", jp);
    json_object *o;
    *obj = NULL;
    if (!json_object_object_get_ex(root, key, &o)) return BK_OK;
    int rc = want_type(c, o, json_type_object, jp, "an object");
    if (!rc) rc = check_members(c, o, jp, allowed, n_allowed);
    const char *doc = NULL;
    if (!rc) rc = member_string(c, o, jp, "document", true, 64, &doc);
    if (rc) return rc;
    *document = bk_doc_kind_from_name(doc);
    if (*document == BK_DOC_UNKNOWN)
        return fail(c, BK_ERR_VALUE, doc_jp, "'%s' is not a document kind (budget, final_accounts)", doc);
    *obj = o;
    return BK_OK;
}

static int parse_review_sections(lctx *c, json_object *o, const char *jp, bk_review_def *r)
{
    json_object *arr;
    size_t n;
    int rc = member_array(c, o, jp, "sections", false, 0, MAX_REVIEW_SECTIONS, &arr, &n);
    bk_review_section_def *v = rc ? NULL : bk_arena_alloc(c->a, (n ? n : 1) * sizeof *v);
    if (!rc && !v) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    static const char *const allowed[] = {"name", "patterns"};
    for (size_t i = 0; !rc && i < n; i++) {
        char p[192];
        JP(p, "%s.sections[%zu]", jp, i);
        json_object *e = json_object_array_get_idx(arr, i);
        if (!(rc = want_type(c, e, json_type_object, p, "an object")) &&
            !(rc = check_members(c, e, p, allowed, COUNT(allowed))) &&
            !(rc = member_string(c, e, p, "name", true, MAX_LABEL, &v[i].name)))
            rc = member_list(c, e, p, "patterns", true, &v[i].patterns);
    }
    r->sections = v;
    r->n_sections = n;
    return rc;
}

static int parse_review_statements(lctx *c, json_object *o, const char *jp, bk_review_def *r)
{
    json_object *arr;
    size_t n;
    int rc = member_array(c, o, jp, "statements", false, 0, MAX_REVIEW_STATEMENTS, &arr, &n);
    bk_review_statement_def *v = rc ? NULL : bk_arena_alloc(c->a, (n ? n : 1) * sizeof *v);
    if (!rc && !v) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    static const char *const allowed[] = {"phrase", "ref", "sections"};
    for (size_t i = 0; !rc && i < n; i++) {
        char p[192];
        JP(p, "%s.statements[%zu]", jp, i);
        json_object *e = json_object_array_get_idx(arr, i);
        if (!(rc = want_type(c, e, json_type_object, p, "an object")) &&
            !(rc = check_members(c, e, p, allowed, COUNT(allowed))) &&
            !(rc = member_string(c, e, p, "phrase", true, MAX_LABEL, &v[i].phrase)) &&
            !(rc = member_string(c, e, p, "ref", true, MAX_EXPR, &v[i].ref)))
            rc = member_list(c, e, p, "sections", false, &v[i].sections);
    }
    r->statements = v;
    r->n_statements = n;
    return rc;
}

/* "review": the lists of the examiner's rules; absent → the family has none (*out NULL). */
static int parse_review(lctx *c, json_object *root, const char *family, bk_review_def **out)
{
    static const char *const allowed[] = {"document",
                                          "detect",
                                          "required_tables",
                                          "empty_phrases",
                                          "full_text",
                                          "sections",
                                          "statements",
                                          "fillers",
                                          "more_words",
                                          "less_words",
                                          "equal_words",
                                          "compare_markers",
                                          "budget_words",
                                          "final_words",
                                          "completion_words",
                                          "year_phrases",
                                          "placeholders",
                                          "instructions",
                                          "doubled",
                                          "brackets",
                                          "department_prefixes",
                                          "department_regions",
                                          "department_suffixes",
                                          "department_stops",
                                          "department_sections",
                                          "path_tables",
                                          "path_separators",
                                          "path_amount_words",
                                          "pair_connectors"};
    const char *jp = "$.review";
    json_object *o;
    bk_doc_kind document;
    *out = NULL;
    int rc = open_rules(c, root, "review", allowed, COUNT(allowed), &o, &document);
    if (rc || !o) return rc;
    bk_review_def *r = bk_arena_alloc(c->a, sizeof *r);
    if (!r) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    memset(r, 0, sizeof *r);
    r->family = family;
    r->document = document;
    struct {
        const char *name;
        const char *const **list;
    } lists[] = {{"detect", &r->detect},
                 {"required_tables", &r->required_tables},
                 {"empty_phrases", &r->empty_phrases},
                 {"full_text", &r->full_text},
                 {"fillers", &r->fillers},
                 {"more_words", &r->more_words},
                 {"less_words", &r->less_words},
                 {"equal_words", &r->equal_words},
                 {"compare_markers", &r->compare_markers},
                 {"budget_words", &r->budget_words},
                 {"final_words", &r->final_words},
                 {"completion_words", &r->completion_words},
                 {"year_phrases", &r->year_phrases},
                 {"placeholders", &r->placeholders},
                 {"instructions", &r->instructions},
                 {"doubled", &r->doubled},
                 {"brackets", &r->brackets},
                 {"department_prefixes", &r->department_prefixes},
                 {"department_regions", &r->department_regions},
                 {"department_suffixes", &r->department_suffixes},
                 {"department_stops", &r->department_stops},
                 {"department_sections", &r->department_sections},
                 {"path_tables", &r->path_tables},
                 {"path_separators", &r->path_separators},
                 {"path_amount_words", &r->path_amount_words},
                 {"pair_connectors", &r->pair_connectors}};
    for (size_t i = 0; !rc && i < COUNT(lists); i++) rc = member_list(c, o, jp, lists[i].name, false, lists[i].list);
    for (size_t i = 0; !rc && r->year_phrases && r->year_phrases[i]; i++)
        if (!strstr(r->year_phrases[i], "YYYY"))
            rc = fail(c, BK_ERR_VALUE, "$.review.year_phrases", "'%s' has no YYYY (where the year is written)",
                      r->year_phrases[i]);
    for (size_t i = 0; !rc && r->brackets && r->brackets[i]; i++) {
        const char *b = r->brackets[i];
        size_t k = 1;
        while (b[k] && ((unsigned char)b[k] & 0xC0) == 0x80) k++;
        if (!b[k]) rc = fail(c, BK_ERR_VALUE, "$.review.brackets", "'%s' is not an open and a close bracket", b);
    }
    if (!rc) rc = parse_review_sections(c, o, jp, r);
    if (!rc) rc = parse_review_statements(c, o, jp, r);
    if (!rc) *out = r;
    return rc;
}

/* Every kind a review names is defined and every statement's REF resolves (as an identity would). */
static int check_reviews(lctx *c, const bk_defset *s)
{
    int rc = BK_OK;
    tl_checking = s;
    for (size_t i = 0; i < s->n_reviews && rc == BK_OK; i++) {
        const bk_review_def *r = &s->reviews[i];
        const char *const *kinds[2] = {r->detect, r->required_tables};
        for (int k = 0; k < 2 && rc == BK_OK; k++)
            for (size_t j = 0; kinds[k] && kinds[k][j] && rc == BK_OK; j++)
                if (!bk_table_def_find(kinds[k][j]))
                    rc = fail(c, BK_ERR_VALUE, k ? "$.review.required_tables" : "$.review.detect",
                              "family %s: unknown table kind '%s'", r->family, kinds[k][j]);
        for (size_t j = 0; r->path_tables && r->path_tables[j] && rc == BK_OK; j++) {
            const char *pt = r->path_tables[j], *sl = strchr(pt, '/'), *dot = sl ? strchr(sl, '.') : NULL;
            char expr[2 * MAX_EXPR + 32];
            if (dot && (size_t)(dot - pt) < MAX_EXPR)
                snprintf(expr, sizeof expr, "%.*s[code=0]%s = %.*s[code=0]%s", (int)(dot - pt), pt, dot,
                         (int)(dot - pt), pt, dot);
            bk_identity id = {.rule = "review", .title = "", .expr = expr};
            bk_error e;
            bk_error_clear(&e);
            if (!dot || bk_identity_check(&id, &e) != BK_OK) {
                char p[64];
                JP(p, "$.review.path_tables[%zu]", j);
                rc = fail(c, BK_ERR_VALUE, p, "family %s: '%s' is not KIND/PANEL.COLUMN%s%s", r->family, pt,
                          dot ? ": " : "", dot ? e.message : "");
            }
        }
        for (size_t j = 0; j < r->n_statements && rc == BK_OK; j++) {
            char expr[2 * MAX_EXPR + 8];
            snprintf(expr, sizeof expr, "%s = %s", r->statements[j].ref, r->statements[j].ref);
            bk_identity id = {.rule = "review", .title = "", .expr = expr};
            bk_error e;
            bk_error_clear(&e);
            if (bk_identity_check(&id, &e) != BK_OK) {
                char p[64];
                JP(p, "$.review.statements[%zu].ref", j);
                rc = fail(c, BK_ERR_VALUE, p, "family %s: %s", r->family, e.message);
            }
        }
    }
    tl_checking = NULL;
    return rc;
}

const bk_review_def *bk_review_defs(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_reviews;
    return s->reviews;
}

/* ------------------------------------------------------------------------
 * The rules across documents of a family ("crossdoc": include/budgetkit/crossdoc.h)
 * ------------------------------------------------------------------------ */

enum { MAX_CROSSDOC_ITEMS = 256 };

/* "claims" ({phrase, ref}) or "pairs" ({final, budget}): two strings per entry. */
static int parse_crossdoc_pairs(lctx *c, json_object *o, const char *name, const char *k1, const char *k2,
                                const char ***out, size_t *count)
{
    json_object *arr;
    size_t n;
    char jp[64];
    JP(jp, "$.crossdoc");
    int rc = member_array(c, o, jp, name, false, 0, MAX_CROSSDOC_ITEMS, &arr, &n);
    const char **v = rc ? NULL : bk_arena_alloc(c->a, (2 * n + 1) * sizeof *v);
    if (!rc && !v) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    const char *const allowed[] = {k1, k2};
    for (size_t i = 0; !rc && i < n; i++) {
        char p[192];
        JP(p, "$.crossdoc.%s[%zu]", name, i);
        json_object *e = json_object_array_get_idx(arr, i);
        if (!(rc = want_type(c, e, json_type_object, p, "an object")) && !(rc = check_members(c, e, p, allowed, 2)) &&
            !(rc = member_string(c, e, p, k1, true, k1[0] == 'p' ? MAX_LABEL : MAX_EXPR, &v[2 * i])))
            rc = member_string(c, e, p, k2, true, MAX_EXPR, &v[2 * i + 1]);
    }
    if (!rc) {
        *out = v;
        *count = n;
    }
    return rc;
}

/* "crossdoc": absent → the family has no rules across documents (*out NULL). */
static int parse_crossdoc(lctx *c, json_object *root, const char *family, bk_crossdoc_def **out)
{
    static const char *const allowed[] = {"document",   "unit_sum_tables", "claims",  "compare_markers",
                                          "more_words", "less_words",      "fillers", "pairs"};
    const char *jp = "$.crossdoc";
    json_object *o;
    bk_doc_kind document;
    *out = NULL;
    int rc = open_rules(c, root, "crossdoc", allowed, COUNT(allowed), &o, &document);
    if (rc || !o) return rc;
    bk_crossdoc_def *r = bk_arena_alloc(c->a, sizeof *r);
    if (!r) return fail(c, BK_ERR_NOMEM, jp, "out of memory");
    memset(r, 0, sizeof *r);
    r->family = family;
    r->document = document;
    struct {
        const char *name;
        const char *const **list;
    } lists[] = {{"unit_sum_tables", &r->unit_sum_tables},
                 {"compare_markers", &r->compare_markers},
                 {"more_words", &r->more_words},
                 {"less_words", &r->less_words},
                 {"fillers", &r->fillers}};
    for (size_t i = 0; !rc && i < COUNT(lists); i++) rc = member_list(c, o, jp, lists[i].name, false, lists[i].list);
    const char **claims = NULL, **pairs = NULL;
    if (!rc) rc = parse_crossdoc_pairs(c, o, "claims", "phrase", "ref", &claims, &r->n_claims);
    if (!rc) rc = parse_crossdoc_pairs(c, o, "pairs", "final", "budget", &pairs, &r->n_pairs);
    r->claims = claims;
    r->pairs = pairs;
    if (!rc) *out = r;
    return rc;
}

/* Every kind a crossdoc rule names is defined and every REF resolves (as an identity would). */
static int check_crossdocs(lctx *c, const bk_defset *s)
{
    int rc = BK_OK;
    tl_checking = s;
    for (size_t i = 0; i < s->n_crossdocs && rc == BK_OK; i++) {
        const bk_crossdoc_def *r = &s->crossdocs[i];
        for (size_t j = 0; r->unit_sum_tables && r->unit_sum_tables[j] && rc == BK_OK; j++)
            if (!bk_table_def_find(r->unit_sum_tables[j]))
                rc = fail(c, BK_ERR_VALUE, "$.crossdoc.unit_sum_tables", "family %s: unknown table kind '%s'",
                          r->family, r->unit_sum_tables[j]);
        const char *refs[2 * MAX_CROSSDOC_ITEMS * 2];
        size_t n = 0;
        for (size_t j = 0; j < r->n_claims; j++) refs[n++] = r->claims[2 * j + 1];
        for (size_t j = 0; j < 2 * r->n_pairs; j++) refs[n++] = r->pairs[j];
        for (size_t j = 0; j < n && rc == BK_OK; j++) {
            char expr[2 * MAX_EXPR + 8];
            snprintf(expr, sizeof expr, "%s = %s", refs[j], refs[j]);
            bk_identity id = {.rule = "crossdoc", .title = "", .expr = expr};
            bk_error e;
            bk_error_clear(&e);
            if (bk_identity_check(&id, &e) != BK_OK)
                rc = fail(c, BK_ERR_VALUE, j < r->n_claims ? "$.crossdoc.claims" : "$.crossdoc.pairs", "family %s: %s",
                          r->family, e.message);
        }
    }
    tl_checking = NULL;
    return rc;
}

const bk_crossdoc_def *bk_crossdoc_defs(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_crossdocs;
    return s->crossdocs;
}

/* One file as read. */
typedef struct lfamily {
    const char *id, *file;
    size_t layer; /* search-path position: a later layer overrides */
    bk_table_def *tables;
    size_t n_tables;
    bk_identity *ids;
    size_t n_ids;
    bk_function_class_def *classes, *aliases;
    size_t n_classes, n_aliases;
    bool replaced;
    bk_review_def *review;     /* "review", or NULL */
    bk_crossdoc_def *crossdoc; /* "crossdoc", or NULL */
} lfamily;

static int parse_family(lctx *c, json_object *root, lfamily *f)
{
    static const char *const allowed[] = {
        "format", "family",  "title", "tables", "identities", "function_classes", "function_class_aliases",
        "review", "crossdoc"};
    const char *format = NULL, *title = NULL;
    int rc = want_type(c, root, json_type_object, "$", "an object");
    if (!rc) rc = check_members(c, root, "$", allowed, COUNT(allowed));
    if (!rc) rc = member_string(c, root, "$", "format", true, 64, &format);
    if (rc) return rc;
    if (strcmp(format, DEFS_FORMAT))
        return fail(c, BK_ERR_VALUE, "$.format", "'%s' is not a format this budgetkit reads (\"%s\")", format,
                    DEFS_FORMAT);
    if ((rc = member_string(c, root, "$", "family", true, MAX_KEY, &f->id)) ||
        (rc = member_string(c, root, "$", "title", false, MAX_TEXT, &title)))
        return rc;
    if (strspn(f->id, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(f->id))
        return fail(c, BK_ERR_VALUE, "$.family", "'%s' is not a family id: only a-z, 0-9, _ and -", f->id);
    json_object *arr;
    size_t n;
    if ((rc = member_array(c, root, "$", "tables", false, 0, MAX_TABLES, &arr, &n))) return rc;
    f->tables = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *f->tables);
    if (!f->tables) return fail(c, BK_ERR_NOMEM, "$", "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "$.tables[%zu]", i);
        if ((rc = parse_table(c, json_object_array_get_idx(arr, i), p, &f->tables[i]))) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(f->tables[j].kind, f->tables[i].kind))
                return fail(c, BK_ERR_VALUE, p, "duplicate kind '%s' (also $.tables[%zu])", f->tables[i].kind, j);
    }
    f->n_tables = n;
    if ((rc = member_array(c, root, "$", "identities", false, 0, MAX_IDENTITIES, &arr, &n))) return rc;
    f->ids = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *f->ids);
    if (!f->ids) return fail(c, BK_ERR_NOMEM, "$", "out of memory");
    for (size_t i = 0; i < n; i++) {
        char p[192];
        JP(p, "$.identities[%zu]", i);
        if ((rc = parse_identity(c, json_object_array_get_idx(arr, i), p, &f->ids[i]))) return rc;
    }
    f->n_ids = n;
    if ((rc = parse_classes(c, root, "function_classes", &f->classes, &f->n_classes)) ||
        (rc = parse_classes(c, root, "function_class_aliases", &f->aliases, &f->n_aliases)))
        return rc;
    if ((rc = parse_review(c, root, f->id, &f->review))) return rc;
    return parse_crossdoc(c, root, f->id, &f->crossdoc);
}

/* Line and column of byte @p off of @p text. */
static void locate(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static int read_whole(lctx *c, const char *path, char **out, size_t *len, size_t *total)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return fail(c, BK_ERR_IO, "", "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return fail(c, BK_ERR_IO, "", "not a regular file");
    }
    if (st.st_size > MAX_FILE_BYTES) {
        fclose(f);
        return fail(c, BK_ERR_LIMIT, "", "is %lld bytes; a definitions file has at most %d", (long long)st.st_size,
                    MAX_FILE_BYTES);
    }
    if ((*total += (size_t)st.st_size) > MAX_TOTAL_BYTES) {
        fclose(f);
        return fail(c, BK_ERR_LIMIT, "", "the definitions files together exceed %d bytes", MAX_TOTAL_BYTES);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        return fail(c, BK_ERR_NOMEM, "", "out of memory");
    }
    size_t n = fread(buf, 1, (size_t)st.st_size + 1, f); /* +1: notice a file that grew */
    int bad = ferror(f);
    fclose(f);
    if (bad || n > (size_t)st.st_size) {
        free(buf);
        return fail(c, BK_ERR_IO, "", bad ? "read failed" : "the file changed while read");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return BK_OK;
}

static int load_file(lctx *c, const char *path, size_t layer, size_t *total, lfamily *f)
{
    memset(f, 0, sizeof *f);
    if (!(c->file = f->file = bk_arena_strdup(c->a, path, (size_t)-1)))
        return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    char *text = NULL;
    size_t len = 0;
    int rc = read_whole(c, path, &text, &len, total);
    if (rc) return rc;
    json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
    if (!tok) {
        free(text);
        return fail(c, BK_ERR_NOMEM, "", "out of memory");
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error je = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (root && je == json_tokener_success) /* only white space may follow */
        while (end < len && strchr(" \t\r\n", text[end])) end++;
    if (!root || je != json_tokener_success || end < len) {
        uint32_t line, col;
        locate(text, end < len ? end : len, &line, &col);
        const char *why = !root && je == json_tokener_continue ? "unexpected end of file"
                          : root && je == json_tokener_success ? "text after the end of the JSON value"
                          : je == json_tokener_error_depth     ? "nested too deeply"
                                                               : json_tokener_error_desc(je);
        json_object_put(root);
        json_tokener_free(tok);
        free(text);
        rc = fail(c, BK_ERR_PARSE, "", "not valid JSON: %s", why);
        if (c->err) {
            c->err->line = line;
            c->err->column = col;
        }
        return rc;
    }
    json_tokener_free(tok);
    rc = parse_family(c, root, f);
    json_object_put(root);
    free(text);
    f->layer = layer;
    return rc;
}

/* ------------------------------------------------------------------------
 * The search path
 * ------------------------------------------------------------------------ */

typedef struct lpaths {
    char **files;
    size_t *layers;
    size_t n, cap;
} lpaths;

static int add_path(lpaths *p, const char *path, size_t layer)
{
    if (p->n == MAX_FILES) return BK_ERR_LIMIT;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **f = realloc(p->files, cap * sizeof *f);
        if (!f) return BK_ERR_NOMEM;
        p->files = f;
        size_t *l = realloc(p->layers, cap * sizeof *l);
        if (!l) return BK_ERR_NOMEM;
        p->layers = l;
        p->cap = cap;
    }
    if (!(p->files[p->n] = strdup(path))) return BK_ERR_NOMEM;
    p->layers[p->n++] = layer;
    return BK_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json of @p dir, in name order, or @p dir itself when it is a file. */
static int add_dir(lpaths *p, const char *dir, size_t layer, bk_error *err, int missing_code, const char *origin)
{
    struct stat st;
    if (stat(dir, &st) != 0) return bk_error_set(err, missing_code, 0, 0, origin, "%s: %s", dir, strerror(errno));
    if (S_ISREG(st.st_mode))
        return add_path(p, dir, layer) ? bk_error_set(err, BK_ERR_LIMIT, 0, 0, origin, "too many definitions files")
                                       : BK_OK;
    DIR *d = S_ISDIR(st.st_mode) ? opendir(dir) : NULL;
    if (!d) return bk_error_set(err, missing_code, 0, 0, origin, "%s: not a readable directory", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = BK_OK;
    struct dirent *e;
    while (rc == BK_OK && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json")) continue;
        if (n == MAX_FILES) {
            rc = BK_ERR_LIMIT;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = BK_ERR_NOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            rc = BK_ERR_NOMEM;
        else
            n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX];
        if (rc == BK_OK && snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path)
            rc = add_path(p, path, layer);
        free(names[i]);
    }
    free(names);
    if (rc == BK_ERR_LIMIT)
        return bk_error_set(err, rc, 0, 0, origin, "%s: more than %d definitions files", dir, MAX_FILES);
    return rc ? bk_error_set(err, rc, 0, 0, origin, "out of memory") : BK_OK;
}

/* @p buf as a canonical path (shorter messages), when it resolves. */
static const char *canonical(char *buf, size_t cap)
{
    char *real = realpath(buf, NULL);
    if (real && strlen(real) < cap) memcpy(buf, real, strlen(real) + 1);
    free(real);
    return buf;
}

/* A directory holding at least one *.json (a build tree has other folders named definitions). */
static bool has_json(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        found = e->d_name[0] != '.' && len > 5 && !strcmp(e->d_name + len - 5, ".json");
    }
    closedir(d);
    return found;
}

/* The installed set: the first default directory with definitions files, or NULL. */
static const char *default_dir(char *buf, size_t cap)
{
    if (bk_self_path(BK_LIB_TO_DATA "/definitions", buf, cap) && has_json(buf))
        return canonical(buf, cap); /* beside the library */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, cap, "%s/definitions", exe); /* beside the program */
            if (has_json(buf)) return canonical(buf, cap);
            snprintf(buf, cap, "%s/../share/budgetkit/definitions", exe); /* install and build tree */
            if (has_json(buf)) return canonical(buf, cap);
        }
    }
    if (BK_DEFINITIONS_INSTALL_DIR[0] && has_json(BK_DEFINITIONS_INSTALL_DIR)) {
        snprintf(buf, cap, "%s", BK_DEFINITIONS_INSTALL_DIR);
        return buf;
    }
    return NULL;
}

static int collect_paths(lpaths *p, const char *const *dirs, size_t n_dirs, bk_error *err)
{
    char dbuf[PATH_MAX + 64];
    size_t layer = 0;
    const char *base = default_dir(dbuf, sizeof dbuf);
    int rc = base ? add_dir(p, base, layer++, err, BK_ERR_NOT_FOUND, "definitions") : BK_OK;
    const char *env = getenv("BUDGETKIT_DEFINITIONS");
    if (rc == BK_OK && env && *env) {
        char *copy = strdup(env);
        if (!copy) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        char *save = NULL;
        for (char *d = strtok_r(copy, ":", &save); rc == BK_OK && d; d = strtok_r(NULL, ":", &save))
            rc = add_dir(p, d, layer++, err, BK_ERR_NOT_FOUND, "BUDGETKIT_DEFINITIONS");
        free(copy);
    }
    for (size_t i = 0; rc == BK_OK && i < n_dirs; i++)
        rc = dirs[i] && dirs[i][0]
                 ? add_dir(p, dirs[i], layer++, err, BK_ERR_INVALID_ARG, "--definitions")
                 : bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, "--definitions", "an empty directory name");
    if (rc == BK_OK && p->n == 0)
        rc = bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, "definitions",
                          "no definitions found (looked beside the library and the program for definitions/ and "
                          "../share/budgetkit/definitions%s%s); "
                          "set BUDGETKIT_DEFINITIONS or use --definitions DIR",
                          BK_DEFINITIONS_INSTALL_DIR[0] ? " and " : "", BK_DEFINITIONS_INSTALL_DIR);
    return rc;
}

/* ------------------------------------------------------------------------
 * Merging and checking
 * ------------------------------------------------------------------------ */

/* Where an entry came from, for messages after the merge. */
typedef struct lorigin {
    const lfamily *fam;
    size_t index;
} lorigin;

static int merge(lctx *c, lfamily *fams, size_t nf, bk_defset *s, lorigin **id_origin)
{
    /* A family id seen again replaces the earlier family (same layer: an error). */
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < i; j++) {
            if (fams[j].replaced || strcmp(fams[i].id, fams[j].id)) continue;
            if (fams[i].layer == fams[j].layer) {
                c->file = fams[i].file;
                return fail(c, BK_ERR_VALUE, "$.family", "family '%s' is also defined by %s in the same directory",
                            fams[i].id, fams[j].file);
            }
            fams[j].replaced = true;
        }
    size_t nt = 0, ni = 0, nc = 0, na = 0;
    for (size_t i = 0; i < nf; i++) {
        if (fams[i].replaced) continue;
        nt += fams[i].n_tables;
        ni += fams[i].n_ids;
        nc += fams[i].n_classes;
        na += fams[i].n_aliases;
    }
    bk_table_def *tables = bk_arena_alloc(c->a, (nt + 1) * sizeof *tables);
    lorigin *torigin = calloc(nt + 1, sizeof *torigin);
    bk_identity *ids = bk_arena_alloc(c->a, (ni + 1) * sizeof *ids);
    *id_origin = calloc(ni + 1, sizeof **id_origin);
    bk_function_class_def *classes = bk_arena_alloc(c->a, (nc + 1) * sizeof *classes);
    size_t *class_layer = calloc(nc + 1, sizeof *class_layer);
    bk_function_class_def *aliases = bk_arena_alloc(c->a, (na + 1) * sizeof *aliases);
    const char **cmatch = bk_arena_alloc(c->a, (nc + 1) * sizeof *cmatch);
    const char **amatch = bk_arena_alloc(c->a, (na + 1) * sizeof *amatch);
    int rc = BK_OK;
    if (!tables || !torigin || !ids || !*id_origin || !classes || !class_layer || !aliases || !cmatch || !amatch) {
        rc = fail(c, BK_ERR_NOMEM, "", "out of memory");
        goto done;
    }
    nt = ni = nc = na = 0;
    for (size_t i = 0; i < nf && rc == BK_OK; i++) {
        const lfamily *f = &fams[i];
        if (f->replaced) continue;
        for (size_t t = 0; t < f->n_tables && rc == BK_OK; t++) {
            size_t k = 0;
            while (k < nt && strcmp(tables[k].kind, f->tables[t].kind)) k++;
            if (k == nt) {
                tables[nt] = f->tables[t];
                torigin[nt++] = (lorigin){f, t};
                continue;
            }
            const lfamily *g = torigin[k].fam;
            if (g->layer == f->layer) {
                char p[64];
                JP(p, "$.tables[%zu].kind", t);
                c->file = f->file;
                rc = fail(c, BK_ERR_VALUE, p,
                          "duplicate kind '%s': also defined by family '%s' in %s (override a table "
                          "from a later directory)",
                          f->tables[t].kind, g->id, g->file);
            } else if (f->layer > g->layer) { /* the later directory wins, in the earlier place */
                tables[k] = f->tables[t];
                torigin[k] = (lorigin){f, t};
            }
        }
        for (size_t t = 0; t < f->n_ids; t++) {
            ids[ni] = f->ids[t];
            (*id_origin)[ni++] = (lorigin){f, t};
        }
        for (size_t t = 0; t < f->n_classes && rc == BK_OK; t++) {
            size_t k = 0;
            while (k < nc && strcmp(classes[k].code, f->classes[t].code)) k++;
            if (k < nc && class_layer[k] == f->layer) {
                char p[64];
                JP(p, "$.function_classes[%zu].code", t);
                c->file = f->file;
                rc = fail(c, BK_ERR_VALUE, p, "function class %s is defined twice", f->classes[t].code);
                break;
            }
            if (k < nc && class_layer[k] > f->layer) continue;
            classes[k] = f->classes[t];
            class_layer[k] = f->layer;
            if (k == nc) nc++;
        }
        for (size_t t = 0; t < f->n_aliases; t++) aliases[na++] = f->aliases[t];
    }
    for (size_t i = 0; rc == BK_OK && i < nc + na; i++) {
        const char *name = i < nc ? classes[i].name : aliases[i - nc].name;
        char buf[512];
        if (bk_defs_class_normalize(name, buf, sizeof buf) != 0 || !buf[0]) {
            rc = fail(c, BK_ERR_VALUE, "function_classes", "'%s' is not a usable 类 name", name);
            break;
        }
        const char *m = bk_arena_strdup(c->a, buf, (size_t)-1);
        if (!m)
            rc = fail(c, BK_ERR_NOMEM, "", "out of memory");
        else if (i < nc)
            cmatch[i] = m;
        else
            amatch[i - nc] = m;
    }
    s->tables = tables;
    s->n_tables = nt;
    s->identities = ids;
    s->n_identities = ni;
    s->classes = classes;
    s->n_classes = nc;
    s->aliases = aliases;
    s->n_aliases = na;
    s->class_match = cmatch;
    s->alias_match = amatch;
done:
    free(torigin);
    free(class_layer);
    return rc;
}

/* Every identity names defined kinds, panels, columns and items (bk_identity_check over this set). */
static int check_identities(lctx *c, const bk_defset *s, const lorigin *origin)
{
    int rc = BK_OK;
    tl_checking = s;
    for (size_t i = 0; i < s->n_identities && rc == BK_OK; i++) {
        bk_error e;
        bk_error_clear(&e);
        if (bk_identity_check(&s->identities[i], &e) == BK_OK) continue;
        char p[64], from[PATH_MAX + 64] = "";
        JP(p, "$.identities[%zu].expr", origin[i].index);
        c->file = origin[i].fam->file;
        /* A table overridden from another file is the likelier culprit: name it. */
        for (size_t t = 0; t < s->n_tables && !from[0]; t++) {
            const bk_table_def *d = &s->tables[t];
            size_t n = strlen(d->kind);
            const char *hit = strstr(s->identities[i].expr, d->kind);
            if (strcmp(d->source, c->file) && hit && hit[n] == '/')
                snprintf(from, sizeof from, " (%s is defined by %s)", d->kind, d->source);
        }
        rc = fail(c, BK_ERR_VALUE, p, "rule %s: %s%s", s->identities[i].rule, e.message, from);
    }
    tl_checking = NULL;
    return rc;
}

/* The reviews of the families kept, in load order. */
static int merge_reviews(lctx *c, const lfamily *fams, size_t nf, bk_defset *s)
{
    size_t n = 0;
    for (size_t i = 0; i < nf; i++) n += !fams[i].replaced && fams[i].review;
    bk_review_def *v = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *v);
    if (!v) return fail(c, BK_ERR_NOMEM, "", "out of memory");
    n = 0;
    for (size_t i = 0; i < nf; i++)
        if (!fams[i].replaced && fams[i].review) v[n++] = *fams[i].review;
    s->reviews = v;
    s->n_reviews = n;
    n = 0;
    for (size_t i = 0; i < nf; i++) n += !fams[i].replaced && fams[i].crossdoc;
    bk_crossdoc_def *x = bk_arena_alloc(c->a, (n ? n : 1) * sizeof *x);
    if (!x) return fail(c, BK_ERR_NOMEM, "", "out of memory");
    n = 0;
    for (size_t i = 0; i < nf; i++)
        if (!fams[i].replaced && fams[i].crossdoc) x[n++] = *fams[i].crossdoc;
    s->crossdocs = x;
    s->n_crossdocs = n;
    return BK_OK;
}

static int load_set(const char *const *dirs, size_t n_dirs, const bk_defset **out, bk_error *err)
{
    lpaths paths = {0};
    int rc = collect_paths(&paths, dirs, n_dirs, err);
    bk_arena *a = rc ? NULL : bk_arena_new();
    bk_defset *s = a ? bk_arena_alloc(a, sizeof *s) : NULL;
    lfamily *fams = s ? calloc(paths.n, sizeof *fams) : NULL;
    const char **files = s ? bk_arena_alloc(a, (paths.n + 1) * sizeof *files) : NULL;
    lorigin *id_origin = NULL;
    if (rc == BK_OK && (!fams || !files)) rc = bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    lctx c = {.a = a, .err = err, .file = ""};
    size_t total = 0;
    for (size_t i = 0; rc == BK_OK && i < paths.n; i++) {
        rc = load_file(&c, paths.files[i], paths.layers[i], &total, &fams[i]);
        files[i] = fams[i].file;
    }
    if (rc == BK_OK) rc = merge(&c, fams, paths.n, s, &id_origin);
    if (rc == BK_OK) rc = check_identities(&c, s, id_origin);
    if (rc == BK_OK) rc = merge_reviews(&c, fams, paths.n, s);
    if (rc == BK_OK) rc = check_reviews(&c, s);
    if (rc == BK_OK) rc = check_crossdocs(&c, s);
    if (rc == BK_OK) {
        s->files = files;
        s->n_files = paths.n;
        s->arena = a;
        *out = s;
    } else {
        bk_arena_free(a);
    }
    free(id_origin);
    free(fams);
    for (size_t i = 0; i < paths.n; i++) free(paths.files[i]);
    free(paths.files);
    free(paths.layers);
    return rc;
}
