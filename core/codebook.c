/* SPDX-License-Identifier: MIT */
/* Names of classification codes, as data: the shipped codebook
 * (definitions/codebook.tsv, found beside the program like the plugins) and
 * user codebooks (-o codebook=FILE, CSV code,name or TSV) that override it. */
#include <budgetkit/compile.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "self_path.h"

#ifndef BK_DATA_INSTALL_DIR
#define BK_DATA_INSTALL_DIR ""
#endif

typedef struct cb_item {
    const char *code;
    const char *name;
    size_t order;
} cb_item;

struct bk_codebook {
    cb_item *items; /* sorted by code after loading */
    size_t n, cap;
    size_t lines; /* lines with content so far: the first may be a header */
    bk_arena *arena;
};

void bk_codebook_free(bk_codebook *cb)
{
    if (!cb) return;
    free(cb->items);
    bk_arena_free(cb->arena);
    free(cb);
}

static int cmp_items(const void *a, const void *b)
{
    const cb_item *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static int cmp_item_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const cb_item *)elem)->code);
}

static void trim_span(char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '"')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '"' || (*s)[*n - 1] == '\r' ||
                  (*s)[*n - 1] == '\n'))
        (*n)--;
}

static int add_line(bk_codebook *cb, char *line, uint32_t lineno, const char *path, bk_error *err)
{
    size_t n = strlen(line);
    if (lineno == 1 && n >= 3 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
        (unsigned char)line[2] == 0xBF)
        line += 3, n -= 3;
    if (n && line[0] == '#') return BK_OK; /* a comment */
    /* TSV (code<TAB>name<TAB>…, as definitions/codebook.tsv) or CSV (code,name) */
    char *comma = memchr(line, '\t', n);
    if (!comma) comma = memchr(line, ',', n);
    char *code = line;
    size_t cn = comma ? (size_t)(comma - line) : n;
    trim_span(&code, &cn);
    if (!comma) {
        if (cn == 0) return BK_OK; /* blank line */
        return bk_error_set(err, BK_ERR_PARSE, lineno, 0, path, "expected code,name");
    }
    char *name = comma + 1;
    size_t nn = (size_t)(line + n - name);
    char *more = *comma == '\t' ? memchr(name, '\t', nn) : NULL; /* further TSV columns: a source note */
    if (more) nn = (size_t)(more - name);
    trim_span(&name, &nn);
    bool digits = cn > 0;
    for (size_t i = 0; i < cn; i++) digits = digits && code[i] >= '0' && code[i] <= '9';
    if (!digits) {
        if (cb->lines++ == 0) return BK_OK; /* a header line (after comments, if any) */
        return bk_error_set(err, BK_ERR_PARSE, lineno, 1, path, "'%.*s' is not a numeric code",
                            (int)(cn > 32 ? 32 : cn), code);
    }
    cb->lines++;
    if (nn == 0) return bk_error_set(err, BK_ERR_PARSE, lineno, 2, path, "code %.*s has no name", (int)cn, code);
    if (bk_grow((void **)&cb->items, &cb->cap, cb->n + 1, sizeof *cb->items))
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    const char *c = bk_arena_strdup(cb->arena, code, cn);
    const char *nm = bk_arena_strdup(cb->arena, name, nn);
    if (!c || !nm) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    cb->items[cb->n].code = c;
    cb->items[cb->n].name = nm;
    cb->items[cb->n].order = cb->n;
    cb->n++;
    return BK_OK;
}

int bk_codebook_load(const char *path, const bk_limits *limits, bk_codebook **out, bk_error *err)
{
    *out = NULL;
    bk_limits def;
    if (!limits) {
        bk_limits_default(&def);
        limits = &def;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL, "cannot open codebook: %s", strerror(errno));
        bk_error_set_file(err, path);
        return BK_ERR_NOT_FOUND;
    }
    bk_codebook *cb = calloc(1, sizeof *cb);
    if (cb) cb->arena = bk_arena_new();
    if (!cb || !cb->arena) {
        fclose(f);
        bk_codebook_free(cb);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    char line[4096];
    uint32_t lineno = 0;
    int rc = BK_OK;
    while (rc == BK_OK && fgets(line, sizeof line, f)) {
        lineno++;
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n')
            rc = bk_error_set(err, BK_ERR_LIMIT, lineno, 0, NULL, "line longer than %zu bytes", sizeof line - 2);
        else if (lineno > limits->rows)
            rc = bk_error_set(err, BK_ERR_LIMIT, lineno, 0, NULL, "more than %llu lines",
                              (unsigned long long)limits->rows);
        else
            rc = add_line(cb, line, lineno, NULL, err);
    }
    if (rc == BK_OK && ferror(f)) rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read codebook");
    fclose(f);
    if (rc) {
        bk_error_set_file(err, path);
        bk_codebook_free(cb);
        return rc;
    }
    /* sorted by (code, order): the last name given for a code wins */
    qsort(cb->items, cb->n, sizeof *cb->items, cmp_items);
    size_t k = 0;
    for (size_t i = 0; i < cb->n; i++) {
        if (k && strcmp(cb->items[k - 1].code, cb->items[i].code) == 0) k--;
        cb->items[k++] = cb->items[i];
    }
    cb->n = k;
    *out = cb;
    return BK_OK;
}

const char *bk_codebook_name(const bk_codebook *cb, const char *code)
{
    if (!code || !cb || !cb->n) return NULL;
    const cb_item *hit = bsearch(code, cb->items, cb->n, sizeof cb->items[0], cmp_item_code);
    return hit ? hit->name : NULL;
}

size_t bk_codebook_count(const bk_codebook *cb)
{
    return cb ? cb->n : 0;
}

int bk_codebook_load_shipped(const char *exe_path, const bk_limits *limits, bk_codebook **out, bk_error *err)
{
    *out = NULL;
    char beside[PATH_MAX]; /* beside the library first, wherever the program is */
    if (bk_self_path(BK_LIB_TO_DATA "/definitions/" BK_CODEBOOK_FILE, beside, sizeof beside) &&
        access(beside, R_OK) == 0)
        return bk_codebook_load(beside, limits, out, err);
    char exe[PATH_MAX];
    if (exe_path) {
        snprintf(exe, sizeof exe, "%s", exe_path);
    } else {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
    }
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(exe, sizeof exe, ".");
    /* the same places as the plugins: build tree, install tree, the configured install prefix */
    char tried[3][PATH_MAX + 64];
    snprintf(tried[0], sizeof tried[0], "%s/definitions/" BK_CODEBOOK_FILE, exe);
    snprintf(tried[1], sizeof tried[1], "%s/../share/budgetkit/definitions/" BK_CODEBOOK_FILE, exe);
    snprintf(tried[2], sizeof tried[2], "%s/definitions/" BK_CODEBOOK_FILE, BK_DATA_INSTALL_DIR);
    for (size_t i = 0; i < 3; i++) {
        if (i == 2 && !BK_DATA_INSTALL_DIR[0]) break;
        if (access(tried[i], R_OK) == 0) return bk_codebook_load(tried[i], limits, out, err);
    }
    return bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL,
                        "the shipped codebook is not installed (looked for %s and %s)", tried[0], tried[1]);
}
