/* SPDX-License-Identifier: MIT */
#include <budgetkit/error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const STATUS_NAMES[] = {
    [BK_OK] = "no error",
    [BK_ERR_NOMEM] = "out of memory",
    [BK_ERR_IO] = "input/output error",
    [BK_ERR_PARSE] = "malformed input",
    [BK_ERR_ENCODING] = "invalid text encoding",
    [BK_ERR_VALUE] = "invalid value",
    [BK_ERR_LIMIT] = "resource limit exceeded",
    [BK_ERR_INVALID_ARG] = "invalid argument",
    [BK_ERR_UNSUPPORTED] = "not supported",
    [BK_ERR_NOT_FOUND] = "not found",
    [BK_ERR_AMBIGUOUS_FORMAT] = "ambiguous format",
    [BK_ERR_ABI] = "incompatible plugin ABI",
    [BK_ERR_PLUGIN] = "plugin error",
    [BK_ERR_VALIDATION] = "validation failed",
    [BK_ERR_INTERRUPTED] = "interrupted",
    [BK_ERR_INTERNAL] = "internal error",
    [BK_ERR_UNKNOWN_FORMAT] = "unknown format",
};
_Static_assert(sizeof STATUS_NAMES / sizeof STATUS_NAMES[0] == BK_STATUS_COUNT,
               "STATUS_NAMES must name every bk_status");

const char *bk_strerror(int status)
{
    if (status < 0 || status >= BK_STATUS_COUNT) return "unknown error";
    return STATUS_NAMES[status];
}

void bk_error_clear(bk_error *err)
{
    if (err) memset(err, 0, sizeof *err);
}

int bk_error_setv(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt,
                  va_list ap)
{
    if (!err) return code;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->context, sizeof err->context, "%s", context ? context : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

int bk_error_set(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bk_error_setv(err, code, line, column, context, fmt, ap);
    va_end(ap);
    return code;
}

void bk_error_set_file(bk_error *err, const char *file)
{
    if (err && file && !err->file[0]) snprintf(err->file, sizeof err->file, "%s", file);
}

bk_diags *bk_diags_new(size_t limit)
{
    bk_diags *d = calloc(1, sizeof *d);
    if (d) d->limit = limit ? limit : 10000;
    return d;
}

void bk_diags_free(bk_diags *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].context);
        free(d->items[i].message);
    }
    free(d->items);
    free(d->file);
    free(d);
}

void bk_diags_set_file(bk_diags *d, const char *file)
{
    if (!d) return;
    free(d->file);
    d->file = file ? strdup(file) : NULL;
}

int bk_diags_addv(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context, const char *fmt,
                  va_list ap)
{
    if (!d) return BK_OK;
    if (d->count >= d->limit) {
        d->dropped++;
        return BK_OK;
    }
    if (d->count == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        bk_diag *n = realloc(d->items, ncap * sizeof *n);
        if (!n) return BK_ERR_NOMEM;
        d->items = n;
        d->cap = ncap;
    }
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    bk_diag *g = &d->items[d->count];
    g->severity = sev;
    g->line = line;
    g->column = column;
    g->context = context && *context ? strdup(context) : NULL;
    g->message = strdup(buf);
    if (!g->message) {
        free(g->context);
        return BK_ERR_NOMEM;
    }
    d->count++;
    return BK_OK;
}

int bk_diags_add(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bk_diags_addv(d, sev, line, column, context, fmt, ap);
    va_end(ap);
    return rc;
}

/* Append to a bounded buffer, counting what would not fit (snprintf's contract). */
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(*len < cap ? buf + *len : NULL, *len < cap ? cap - *len : 0, fmt, ap);
    va_end(ap);
    if (n > 0) *len += (size_t)n;
}

/* "file:line:col: SEV: context: message", the located form every message of the CLI has. */
static size_t format_located(char *buf, size_t cap, const char *file, uint32_t line, uint32_t column, const char *sev,
                             const char *context, const char *message)
{
    size_t len = 0;
    if (cap) buf[0] = '\0';
    if (line && column)
        put(buf, cap, &len, "%s:%u:%u: %s: ", file, line, column, sev);
    else if (line)
        put(buf, cap, &len, "%s:%u: %s: ", file, line, sev);
    else
        put(buf, cap, &len, "%s: %s: ", file, sev);
    if (context && context[0]) put(buf, cap, &len, "%s: ", context);
    put(buf, cap, &len, "%s", message);
    return len;
}

size_t bk_error_format(const bk_error *err, const char *fallback_file, char *buf, size_t cap)
{
    if (!err)
        return format_located(buf, cap, fallback_file ? fallback_file : "budgetkit", 0, 0, "error", NULL,
                              bk_strerror(BK_ERR_INTERNAL));
    const char *file = err->file[0] ? err->file : fallback_file ? fallback_file : "budgetkit";
    size_t len = format_located(buf, cap, file, err->line, err->column, "error", err->context,
                                err->message[0] ? err->message : bk_strerror(err->code));
    if (err->plugin[0]) put(buf, cap, &len, " [%s]", err->plugin);
    return len;
}

size_t bk_diag_format(const bk_diag *d, const char *file, char *buf, size_t cap)
{
    static const char *const SEV[] = {[BK_SEV_NOTE] = "note", [BK_SEV_WARNING] = "warning", [BK_SEV_ERROR] = "error"};
    const char *sev = d->severity >= BK_SEV_NOTE && d->severity <= BK_SEV_ERROR ? SEV[d->severity] : "note";
    return format_located(buf, cap, file ? file : "budgetkit", d->line, d->column, sev, d->context,
                          d->message ? d->message : "");
}
