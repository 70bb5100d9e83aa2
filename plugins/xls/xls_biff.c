/* SPDX-License-Identifier: MIT */
/* BIFF8 records: BOUNDSHEET, FORMAT, XF in the globals; MERGEDCELLS and numeric cells per sheet. */
#include "xls_biff.h"
#include "xls_number.h"
#include "../xlsx/xlsx_numfmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    R_BOF = 0x0809,
    R_EOF = 0x000A,
    R_BOUNDSHEET = 0x0085,
    R_FORMAT = 0x041E,
    R_XF = 0x00E0,
    R_MERGEDCELLS = 0x00E5,
    R_NUMBER = 0x0203,
    R_RK = 0x027E,
    R_MULRK = 0x00BD,
    R_FORMULA = 0x0006
};
#define MAX_FORMATS 65536u /* BIFF8 holds at most 4050 XFs; leave room, but bound */

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

typedef struct biff_reader {
    const bk_host *h;
    const bk_limits *limits;
    const unsigned char *s;
    size_t n;
    bk_error *err;
    int16_t fmt_decimals[MAX_FORMATS]; /* by format id; INT16_MIN = not given (built-in) */
    uint16_t *xf_fmt;                  /* format id of each XF */
    size_t n_xf;
    uint64_t cells_seen;
    xlsp_biff *out;
} biff_reader;

static int bad(biff_reader *r, size_t off, const char *what)
{
    return r->h->error_set(r->err, BK_ERR_PARSE, 0, 0, "Workbook stream",
                           "not a readable .xls: %s (BIFF record at byte %zu)", what, off);
}

/* The record at @p off: type, body and its length; 0 at the end of the stream, <0 if truncated. */
static int record_at(const biff_reader *r, size_t off, uint16_t *type, const unsigned char **body, size_t *len)
{
    if (off + 4 > r->n) return off >= r->n ? 0 : -1;
    *type = u16(r->s + off);
    *len = u16(r->s + off + 2);
    if (off + 4 + *len > r->n) return -1;
    *body = r->s + off + 4;
    return 1;
}

/* ---- number formats (as the xlsx reader reads them: xlsx_numfmt.c) ---- */

/* An XLUnicodeString (cch u16 or u8, flags, chars) as UTF-8 into @p out; false if it overruns. */
static bool unicode_string(const unsigned char *p, size_t len, bool short_cch, char *out, size_t cap)
{
    size_t hl = short_cch ? 2 : 3;
    if (len < hl) return false;
    size_t cch = short_cch ? p[0] : u16(p);
    unsigned flags = p[hl - 1];
    bool wide = flags & 1;
    if (flags & 0x0C) return false; /* rich text / phonetic runs: not in names or formats we need */
    if (hl + cch * (wide ? 2 : 1) > len) return false;
    size_t w = 0;
    for (size_t i = 0; i < cch; i++) {
        unsigned cp = wide ? u16(p + hl + 2 * i) : p[hl + i];
        if (cp >= 0xD800 && cp <= 0xDFFF) { /* a surrogate pair: one code point above the BMP */
            unsigned lo = i + 1 < cch && wide ? u16(p + hl + 2 * (i + 1)) : 0;
            if (cp < 0xDC00 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            } else {
                cp = 0xFFFD;
            }
        }
        if (w + 5 > cap) return false;
        if (cp < 0x80)
            out[w++] = (char)cp;
        else if (cp < 0x800) {
            out[w++] = (char)(0xC0 | cp >> 6);
            out[w++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[w++] = (char)(0xE0 | cp >> 12);
            out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[w++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[w++] = (char)(0xF0 | cp >> 18);
            out[w++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[w++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[w] = '\0';
    return true;
}

static int xf_decimals(const biff_reader *r, uint16_t xf)
{
    if (xf >= r->n_xf) return XLSP_NO_DECIMALS;
    uint16_t id = r->xf_fmt[xf];
    return r->fmt_decimals[id] != INT16_MIN ? r->fmt_decimals[id] : xlsxp_builtin_decimals(id);
}

/* ---- the globals ---- */

static int add_sheet(biff_reader *r, xlsp_biff *b, size_t off, const unsigned char *p, size_t len)
{
    if (len < 8) return bad(r, off, "short BOUNDSHEET record");
    if (b->n_sheets >= r->limits->tables)
        return r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, NULL, "more than %llu sheets (limit.tables)",
                               (unsigned long long)r->limits->tables);
    char name[3 * 255 + 8];
    if (!unicode_string(p + 6, len - 6, true, name, sizeof name)) return bad(r, off, "bad sheet name");
    xlsp_biff_sheet *g = realloc(b->sheets, (b->n_sheets + 1) * sizeof *g);
    if (!g) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->sheets = g;
    xlsp_biff_sheet *sh = &b->sheets[b->n_sheets];
    *sh = (xlsp_biff_sheet){.offset = u32(p), .hidden = p[4] & 3, .type = p[5], .name = strdup(name)};
    if (!sh->name) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->n_sheets++;
    return BK_OK;
}

static int add_format(biff_reader *r, size_t off, const unsigned char *p, size_t len)
{
    char code[1024];
    if (len < 2) return bad(r, off, "short FORMAT record");
    /* a code too long for our buffer shows its decimals in its first part anyway: truncate */
    if (!unicode_string(p + 2, len - 2, false, code, sizeof code)) code[0] = '\0';
    r->fmt_decimals[u16(p)] = (int16_t)xlsxp_format_decimals(code[0] ? code : NULL);
    return BK_OK;
}

static int add_xf(biff_reader *r, size_t off, const unsigned char *p, size_t len)
{
    if (len < 4) return bad(r, off, "short XF record");
    if (r->n_xf >= MAX_FORMATS) return bad(r, off, "too many XF records");
    uint16_t *g = realloc(r->xf_fmt, (r->n_xf + 1) * sizeof *g);
    if (!g) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    r->xf_fmt = g;
    r->xf_fmt[r->n_xf++] = u16(p + 2);
    return BK_OK;
}

static int read_globals(biff_reader *r, xlsp_biff *b)
{
    uint16_t type;
    const unsigned char *p;
    size_t len, off = 0;
    int k = record_at(r, 0, &type, &p, &len);
    if (k <= 0 || type != R_BOF || len < 4) return bad(r, 0, "the stream does not begin with a BOF record");
    if (u16(p) != 0x0600)
        return r->h->error_set(r->err, BK_ERR_UNSUPPORTED, 0, 0, NULL,
                               "only BIFF8 workbooks (Excel 97 and later) are read");
    for (off += 4 + len; (k = record_at(r, off, &type, &p, &len)) > 0; off += 4 + len) {
        int rc = BK_OK;
        if (type == R_EOF) return BK_OK;
        if (type == R_BOUNDSHEET)
            rc = add_sheet(r, b, off, p, len);
        else if (type == R_FORMAT)
            rc = add_format(r, off, p, len);
        else if (type == R_XF)
            rc = add_xf(r, off, p, len);
        if (rc) return rc;
    }
    return bad(r, off, k < 0 ? "a record runs past the end of the stream" : "the globals have no EOF record");
}

/* ---- one sheet ---- */

static int push_cell(biff_reader *r, xlsp_biff_sheet *sh, size_t *cap, uint32_t row, uint16_t col, uint16_t xf)
{
    int d = xf_decimals(r, xf);
    if (d == XLSP_NO_DECIMALS) return BK_OK; /* General: the default treatment, no need to keep it */
    if (++r->cells_seen > r->limits->cells)
        return r->h->error_set(r->err, BK_ERR_LIMIT, row + 1, col + 1u, sh->name,
                               "sheet '%s': more than %llu cells (limit.cells)", sh->name,
                               (unsigned long long)r->limits->cells);
    if (sh->n_cells == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        xlsp_numfmt_cell *g = realloc(sh->cells, nc * sizeof *g);
        if (!g) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        sh->cells = g;
        *cap = nc;
    }
    sh->cells[sh->n_cells++] = (xlsp_numfmt_cell){row, col, (int8_t)d};
    return BK_OK;
}

static int add_merges(biff_reader *r, xlsp_biff_sheet *sh, size_t off, const unsigned char *p, size_t len)
{
    if (len < 2) return bad(r, off, "short MERGEDCELLS record");
    size_t n = u16(p);
    if (2 + n * 8 > len) return bad(r, off, "MERGEDCELLS lists more ranges than it holds");
    if (sh->n_merges + n > r->limits->cells)
        return r->h->error_set(r->err, BK_ERR_LIMIT, 0, 0, sh->name, "sheet '%s': too many merged ranges (limit.cells)",
                               sh->name);
    bk_grid_merge *g = realloc(sh->merges, (sh->n_merges + n + 1) * sizeof *g);
    if (!g) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    sh->merges = g;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *q = p + 2 + 8 * i;
        bk_grid_merge m = {u16(q), u16(q + 4), u16(q + 2), u16(q + 6)};
        if (m.last_row < m.first_row || m.last_col < m.first_col)
            return bad(r, off, "a merged range ends before it begins");
        sh->merges[sh->n_merges++] = m;
    }
    return BK_OK;
}

static int cell_record(biff_reader *r, xlsp_biff_sheet *sh, size_t *cap, size_t off, uint16_t type,
                       const unsigned char *p, size_t len)
{
    if (type == R_MULRK) {
        if (len < 6 || (len - 6) % 6) return bad(r, off, "bad MULRK record");
        uint32_t row = u16(p);
        uint16_t col = u16(p + 2);
        for (size_t i = 0; i < (len - 6) / 6; i++) {
            int rc = push_cell(r, sh, cap, row, (uint16_t)(col + i), u16(p + 4 + 6 * i));
            if (rc) return rc;
        }
        return BK_OK;
    }
    if (len < 6) return bad(r, off, "short cell record");
    return push_cell(r, sh, cap, u16(p), u16(p + 2), u16(p + 4));
}

static int cmp_cell(const void *a, const void *b)
{
    const xlsp_numfmt_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* An embedded chart's substream: libfreexl stops at its nested BOF, so the reader hides it. */
static int add_embedded(biff_reader *r, size_t begin, size_t end)
{
    xlsp_biff *b = r->out;
    if (b->n_embedded >= r->limits->tables) return bad(r, begin, "too many embedded charts (limit.tables)");
    xlsp_biff_range *g = realloc(b->embedded, (b->n_embedded + 1) * sizeof *g);
    if (!g) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->embedded = g;
    b->embedded[b->n_embedded++] = (xlsp_biff_range){begin, end};
    return BK_OK;
}

int xlsp_biff_each_record(const unsigned char *s, size_t n, size_t begin, size_t end,
                          int (*fn)(void *ctx, size_t offset), void *ctx)
{
    for (size_t off = begin; off + 4 <= end && off + 4 <= n;) {
        int rc = fn(ctx, off);
        if (rc) return rc;
        off += 4 + (size_t)(s[off + 2] | s[off + 3] << 8);
    }
    return 0;
}

static int read_sheet(biff_reader *r, xlsp_biff_sheet *sh)
{
    uint16_t type;
    const unsigned char *p;
    size_t len, off = sh->offset, cap = 0;
    int k = record_at(r, off, &type, &p, &len);
    if (k <= 0 || type != R_BOF)
        return r->h->error_set(r->err, BK_ERR_PARSE, 0, 0, sh->name,
                               "sheet '%s': no BOF record at byte %zu (a damaged or truncated .xls)", sh->name, off);
    int depth = 1; /* an embedded chart is a BOF … EOF inside the sheet */
    size_t nested_at = 0;
    for (off += 4 + len; (k = record_at(r, off, &type, &p, &len)) > 0; off += 4 + len) {
        int rc = BK_OK;
        if (type == R_BOF && depth++ == 1)
            nested_at = off;
        else if (type == R_BOF)
            continue;
        else if (type == R_EOF && --depth == 0)
            break;
        else if (type == R_EOF && depth == 1)
            rc = add_embedded(r, nested_at, off + 4 + len);
        else if (depth == 1 && type == R_MERGEDCELLS)
            rc = add_merges(r, sh, off, p, len);
        else if (depth == 1 && (type == R_NUMBER || type == R_RK || type == R_MULRK || type == R_FORMULA))
            rc = cell_record(r, sh, &cap, off, type, p, len);
        if (rc) return rc;
    }
    if (k <= 0) return bad(r, off, k < 0 ? "a record runs past the end of the stream" : "a sheet has no EOF record");
    if (sh->n_cells > 1) qsort(sh->cells, sh->n_cells, sizeof *sh->cells, cmp_cell);
    return BK_OK;
}

int xlsp_biff_read(const bk_host *h, const bk_limits *limits, const unsigned char *s, size_t n, xlsp_biff *out,
                   bk_error *err)
{
    *out = (xlsp_biff){0};
    biff_reader *r = malloc(sizeof *r);
    if (!r) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    *r = (biff_reader){.h = h, .limits = limits, .s = s, .n = n, .err = err, .out = out};
    for (size_t i = 0; i < MAX_FORMATS; i++) r->fmt_decimals[i] = INT16_MIN;
    int rc = read_globals(r, out);
    for (size_t i = 0; rc == BK_OK && i < out->n_sheets; i++)
        if (out->sheets[i].type == 0) rc = read_sheet(r, &out->sheets[i]);
    free(r->xf_fmt);
    free(r);
    if (rc) xlsp_biff_free(out);
    return rc;
}

void xlsp_biff_free(xlsp_biff *b)
{
    for (size_t i = 0; i < b->n_sheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].merges);
        free(b->sheets[i].cells);
    }
    free(b->sheets);
    free(b->embedded);
    *b = (xlsp_biff){0};
}

const xlsp_biff_sheet *xlsp_biff_sheet_named(const xlsp_biff *b, const char *name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0) return &b->sheets[i];
    return NULL;
}

int xlsp_biff_decimals(const xlsp_biff_sheet *sh, uint32_t row, uint16_t col)
{
    if (!sh || !sh->n_cells) return XLSP_NO_DECIMALS;
    xlsp_numfmt_cell key = {row, col, 0};
    const xlsp_numfmt_cell *c = bsearch(&key, sh->cells, sh->n_cells, sizeof key, cmp_cell);
    return c ? c->decimals : XLSP_NO_DECIMALS;
}
