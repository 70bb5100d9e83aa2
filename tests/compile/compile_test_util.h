/* SPDX-License-Identifier: MIT */
/* Helpers shared by the compile tests: feed CSV text to the compiler as
 * records (a plain comma split: the fixtures have no quotes), and find
 * rows and cells in a compiled document. */
#ifndef BK_COMPILE_TEST_UTIL_H
#define BK_COMPILE_TEST_UTIL_H

#include <budgetkit/budgetkit.h>
#include <budgetkit/compile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CT_MAX_FIELDS 64

/* Feed one line of comma-separated text (no quotes) as a record. */
static inline int ct_feed_line(const bk_record_sink *sink, const char *line, uint32_t lineno)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", line);
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    const char *fields[CT_MAX_FIELDS];
    size_t lens[CT_MAX_FIELDS];
    size_t k = 0;
    char *p = buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        if (k < CT_MAX_FIELDS) {
            fields[k] = p;
            lens[k] = strlen(p);
            k++;
        }
        if (!comma) break;
        p = comma + 1;
    }
    bk_record rec = {.n_fields = k, .fields = fields, .lens = lens, .line = lineno};
    return sink->record(sink->ctx, &rec);
}

/* Feed a whole file; returns the first non-zero sink status, or -1 if the file cannot be opened. */
static inline int ct_feed_file(const bk_record_sink *sink, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[4096];
    uint32_t no = 0;
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) rc = ct_feed_line(sink, line, ++no);
    fclose(f);
    return rc;
}

/* Feed lines given as a NULL-terminated array. */
static inline int ct_feed_lines(const bk_record_sink *sink, const char *const *lines)
{
    int rc = 0;
    for (uint32_t i = 0; !rc && lines[i]; i++) rc = ct_feed_line(sink, lines[i], i + 1);
    return rc;
}

static inline const bk_row *ct_row_by_code(const bk_panel *p, const char *code)
{
    for (size_t i = 0; p && i < p->n_rows; i++)
        if (code ? (p->rows[i].code && !strcmp(p->rows[i].code, code))
                 : (p->rows[i].role == BK_ROW_TOTAL && !p->rows[i].code))
            return &p->rows[i];
    return NULL;
}

static inline const bk_row *ct_row_by_key(const bk_panel *p, const char *key)
{
    for (size_t i = 0; p && i < p->n_rows; i++)
        if (p->rows[i].key && !strcmp(p->rows[i].key, key)) return &p->rows[i];
    return NULL;
}

static inline const bk_row *ct_row_by_name(const bk_panel *p, const char *name)
{
    for (size_t i = 0; p && i < p->n_rows; i++)
        if (p->rows[i].name && !strcmp(p->rows[i].name, name)) return &p->rows[i];
    return NULL;
}

/* A cell as text: "" for blank, the amount as printed, or the text. */
static inline const char *ct_cell(const bk_panel *p, const bk_row *r, const char *col, char *buf, size_t cap)
{
    int j = bk_panel_column_index(p, col);
    buf[0] = '\0';
    if (!r || j < 0) return "(none)";
    const bk_cell *c = &r->cells[j];
    if (c->kind == BK_CELL_AMOUNT)
        bk_amount_format(c->amount, buf, cap);
    else if (c->kind == BK_CELL_TEXT)
        snprintf(buf, cap, "%s", c->text);
    return buf;
}

#endif
