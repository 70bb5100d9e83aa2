/* SPDX-License-Identifier: MIT */
/* libfreexl → grids: sheets, cells, exact numbers, limits. */
#include "xls_book.h"
#include "xls_biff.h"
#include "xls_cfb.h"
#include "xls_number.h"

#include <freexl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What one read keeps across sheets. */
typedef struct xlsp_reader {
    const bk_host *h;
    const bk_source *in;
    const void *xls;        /* the freexl handle */
    xlsp_biff biff;         /* sheets, merges, number formats: what freexl does not expose */
    int decimals;           /* -o decimals: the fallback for numbers */
    uint64_t cells_seen;    /* across the file, for limit.cells */
    uint64_t kept_as_text;  /* numbers no amount can hold, kept as printed text */
    char first_kept[96];    /* the first of them, for the one warning */
    char hidden_copy[4096]; /* a copy with its embedded charts hidden from libfreexl, or "" */
} xlsp_reader;

static void ref_name(uint32_t row, uint32_t col, char *out, size_t cap)
{
    char letters[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    size_t w = 0;
    while (n > 0 && w + 1 < cap) out[w++] = letters[--n];
    snprintf(out + w, cap - w, "%u", row + 1);
}

static int cell_error(xlsp_reader *r, const char *sheet, uint32_t row, uint32_t col, int code, const char *what,
                      bk_error *err)
{
    char ref[16], ctx[160];
    ref_name(row, col, ref, sizeof ref);
    snprintf(ctx, sizeof ctx, "%s!%s", sheet, ref);
    return r->h->error_set(err, code, row + 1, col + 1, ctx, "cell %s: %s", ctx, what);
}

/* A number: exact decimal text, or (none an amount can hold) the printed digits as text. */
static int number_cell(xlsp_reader *r, const char *sheet, int shown, uint32_t row, uint32_t col, double d, char *out,
                       size_t cap, size_t *len, uint32_t *flags)
{
    char shortest[64];
    size_t n = xlsp_shortest_decimal(d, shortest, sizeof shortest);
    size_t m = n ? xlsp_round_shown(r->h, shortest, shown, r->decimals, out, cap) : 0;
    if (m) {
        *len = m;
        *flags = BK_GRID_NUMBER;
        return BK_OK;
    }
    /* never lose the figure: keep %.17g as text, and say so once for the file */
    *len = (size_t)snprintf(out, cap, "%.17g", d);
    *flags = 0;
    if (r->kept_as_text++ == 0) {
        char ref[16];
        ref_name(row, col, ref, sizeof ref);
        snprintf(r->first_kept, sizeof r->first_kept, "%s!%s", sheet, ref);
    }
    return BK_OK;
}

static int read_cell(xlsp_reader *r, bk_grid *g, const xlsp_biff_sheet *bs, const char *sheet, uint32_t row,
                     uint32_t col, bk_error *err)
{
    FreeXL_CellValue v;
    int fr = freexl_get_cell_value(r->xls, row, (unsigned short)col, &v);
    if (fr != FREEXL_OK) return cell_error(r, sheet, row, col, BK_ERR_PARSE, "libfreexl cannot read the cell", err);
    char num[BK_AMOUNT_TEXT_MAX + 32];
    const char *text = NULL;
    size_t len = 0;
    uint32_t flags = 0;
    switch (v.type) {
    case FREEXL_CELL_NULL: return BK_OK;
    case FREEXL_CELL_INT:
        number_cell(r, sheet, xlsp_biff_decimals(bs, row, (uint16_t)col), row, col, (double)v.value.int_value, num,
                    sizeof num, &len, &flags);
        text = num;
        break;
    case FREEXL_CELL_DOUBLE:
        number_cell(r, sheet, xlsp_biff_decimals(bs, row, (uint16_t)col), row, col, v.value.double_value, num,
                    sizeof num, &len, &flags);
        text = num;
        break;
    default: /* text, shared text, and dates/times as ISO text */
        text = v.value.text_value ? v.value.text_value : "";
        len = strlen(text);
        if (len > r->in->limits->string_bytes) {
            char msg[96];
            snprintf(msg, sizeof msg, "text longer than %llu bytes (limit.string_bytes)",
                     (unsigned long long)r->in->limits->string_bytes);
            return cell_error(r, sheet, row, col, BK_ERR_LIMIT, msg, err);
        }
        if (r->h->utf8_check(text, len) != len)
            return cell_error(r, sheet, row, col, BK_ERR_ENCODING, "text is not valid UTF-8", err);
        break;
    }
    if (!len) return BK_OK;
    if (++r->cells_seen > r->in->limits->cells) {
        char msg[96];
        snprintf(msg, sizeof msg, "more than %llu cells (limit.cells)", (unsigned long long)r->in->limits->cells);
        return cell_error(r, sheet, row, col, BK_ERR_LIMIT, msg, err);
    }
    int rc =
        r->h->grid_set(g, row, col, text, len, flags, (bk_pos){.line = row + 1, .column = col + 1, .sheet = g->name});
    return rc ? cell_error(r, sheet, row, col, rc, "cannot store the cell", err) : BK_OK;
}

static int read_sheet(xlsp_reader *r, unsigned short index, const xlsp_biff_sheet *bs, const char *sheet, bk_grid *g,
                      bk_error *err)
{
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (freexl_select_active_worksheet(r->xls, index) != FREEXL_OK ||
        freexl_worksheet_dimensions(r->xls, &rows, &cols) != FREEXL_OK)
        return r->h->error_set(err, BK_ERR_PARSE, 0, 0, sheet, "sheet '%s': libfreexl cannot select it", sheet);
    if (rows > r->in->limits->rows)
        return r->h->error_set(err, BK_ERR_LIMIT, 0, 0, sheet,
                               "sheet '%s': %u rows, past the limit of %llu (limit.rows)", sheet, rows,
                               (unsigned long long)r->in->limits->rows);
    if (cols > r->in->limits->columns)
        return r->h->error_set(err, BK_ERR_LIMIT, 0, 0, sheet,
                               "sheet '%s': %u columns, past the limit of %llu (limit.columns)", sheet, cols,
                               (unsigned long long)r->in->limits->columns);
    for (uint32_t row = 0; row < rows; row++) {
        if (r->in->interrupted && *r->in->interrupted)
            return r->h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        for (uint32_t col = 0; col < cols; col++) {
            int rc = read_cell(r, g, bs, sheet, row, col, err);
            if (rc) return rc;
        }
    }
    for (size_t i = 0; bs && i < bs->n_merges; i++) {
        const bk_grid_merge *m = &bs->merges[i];
        if (r->h->grid_add_merge(g, m->first_row, m->first_col, m->last_row, m->last_col))
            return r->h->error_set(err, BK_ERR_NOMEM, m->first_row + 1, m->first_col + 1, sheet, "out of memory");
    }
    return BK_OK;
}

/* libfreexl 1.0.6 stops at the nested BOF of an embedded chart (a 图表 sheet saved as .xls),
 * and would take a chart's cached NUMBER records for cells. It is given a copy of the file in
 * which every record of each embedded chart, BOF to EOF, has a record type it ignores: the
 * lengths, offsets and sectors stay as they are, so nothing else of the file changes. */
#define XLSP_INERT_RECORD 0x1034 /* a chart-only record type (End), unknown to libfreexl */

typedef struct inert_ctx {
    unsigned char *file;
    const xlsp_cfb_map *map;
} inert_ctx;

static int make_inert(void *ctx, size_t off)
{
    inert_ctx *c = ctx;
    for (size_t k = 0; k < 2; k++) {
        size_t at = off + k, sector = at / c->map->sector_size;
        if (sector >= c->map->n_sectors) return -1;
        c->file[c->map->sector_offsets[sector] + at % c->map->sector_size] =
            (unsigned char)(XLSP_INERT_RECORD >> (8 * k));
    }
    return 0;
}

static int hide_embedded(xlsp_reader *r, unsigned char *file, size_t size, const unsigned char *stream, size_t len,
                         const xlsp_cfb_map *map, bk_error *err)
{
    if (!map->sector_offsets) return BK_OK; /* a Workbook small enough for the mini stream holds no chart */
    inert_ctx c = {file, map};
    for (size_t i = 0; i < r->biff.n_embedded; i++)
        if (xlsp_biff_each_record(stream, len, r->biff.embedded[i].begin, r->biff.embedded[i].end, make_inert, &c))
            return r->h->error_set(err, BK_ERR_PARSE, 0, 0, "Workbook stream",
                                   "an embedded chart lies past the stream");
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    int n = snprintf(r->hidden_copy, sizeof r->hidden_copy, "%s/budgetkit-xls-XXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof r->hidden_copy) {
        r->hidden_copy[0] = '\0';
        return r->h->error_set(err, BK_ERR_IO, 0, 0, NULL, "TMPDIR is too long");
    }
    int fd = mkstemp(r->hidden_copy);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bool ok = f && fwrite(file, 1, size, f) == size;
    if (f)
        ok = fclose(f) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    if (!ok) {
        if (fd >= 0) unlink(r->hidden_copy);
        r->hidden_copy[0] = '\0';
        return r->h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write a temporary copy in %s", dir);
    }
    r->h->diags_add(r->in->diags, BK_SEV_NOTE, 0, 0, NULL, "%zu embedded chart(s) skipped (charts are not data)",
                    r->biff.n_embedded);
    return BK_OK;
}

/* The whole file (bounded by limit.input_bytes) → the Workbook stream → its BIFF records. */
static int read_biff(xlsp_reader *r, bk_error *err)
{
    FILE *fp = r->in->fp;
    long size = -1;
    if (!fp || fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0)
        return r->h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read the file");
    if ((uint64_t)size > r->in->limits->input_bytes)
        return r->h->error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "the file is larger than %llu bytes (limit.input_bytes)",
                               (unsigned long long)r->in->limits->input_bytes);
    unsigned char *file = malloc(size ? (size_t)size : 1);
    if (!file) return r->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (fread(file, 1, (size_t)size, fp) != (size_t)size) {
        free(file);
        return r->h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read the file");
    }
    unsigned char *stream = NULL;
    size_t len = 0;
    xlsp_cfb_map map;
    int rc = xlsp_cfb_workbook_map(r->h, file, (size_t)size, &stream, &len, &map, err);
    if (rc == BK_OK) rc = xlsp_biff_read(r->h, r->in->limits, stream, len, &r->biff, err);
    if (rc == BK_OK && r->biff.n_embedded) rc = hide_embedded(r, file, (size_t)size, stream, len, &map, err);
    free(map.sector_offsets);
    free(file);
    free(stream);
    return rc;
}

void xlsp_grids_free(const bk_host *h, bk_grid **grids, size_t n)
{
    if (!grids) return;
    for (size_t i = 0; i < n; i++) h->grid_free(grids[i]);
    free(grids);
}

/* freexl's own codes, in words, for the one error a file gets. */
static const char *freexl_reason(int fr)
{
    switch (fr) {
    case FREEXL_FILE_NOT_FOUND: return "cannot open the file";
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE: return "not an OLE2 compound file (bad header)";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR: return "truncated (a sector lies past the end of the file)";
    case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "bad sector size";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM: return "broken sector chain (FAT)";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no Workbook stream (not an Excel file?)";
    case FREEXL_BIFF_INVALID_BOF:
    case FREEXL_BIFF_INVALID_SST: return "broken BIFF records";
    case FREEXL_CRAFTED_FILE: return "corrupted or crafted records";
    default: return "unreadable BIFF records";
    }
}

static int open_book(xlsp_reader *r, bk_error *err)
{
    const void *xls = NULL;
    int fr = freexl_open(r->hidden_copy[0] ? r->hidden_copy : r->in->path, &xls);
    if (r->hidden_copy[0]) { /* libfreexl has read all of it */
        unlink(r->hidden_copy);
        r->hidden_copy[0] = '\0';
    }
    /* freexl 1.0.6 reports FREEXL_OK with a NULL handle when it stops at a record it
     * cannot parse (seen on workbooks with charts): that is an error too. */
    if (fr == FREEXL_OK && xls) {
        unsigned int pw = 0;
        if (freexl_get_info(xls, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED) {
            freexl_close(xls);
            return r->h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "the workbook is password-protected");
        }
        r->xls = xls;
        return BK_OK;
    }
    if (xls) freexl_close(xls);
    if (fr == FREEXL_OK)
        return r->h->error_set(err, BK_ERR_PARSE, 0, 0, NULL,
                               "libfreexl cannot read this workbook (it stops at records it does not know, such "
                               "as charts); save it without charts, or as .xlsx");
    return r->h->error_set(err, fr == FREEXL_INSUFFICIENT_MEMORY ? BK_ERR_NOMEM : BK_ERR_PARSE, 0, 0, NULL,
                           "not a readable .xls workbook: %s (libfreexl %d)", freexl_reason(fr), fr);
}

int xlsp_read_grids(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                    bk_error *err)
{
    *grids = NULL;
    *n = 0;
    int64_t d = h->options_get_int(o, "decimals", 2);
    xlsp_reader r = {.h = h, .in = in, .decimals = d < 0 ? 0 : d > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : (int)d};
    int rc = read_biff(&r, err);
    if (rc == BK_OK && (rc = open_book(&r, err)) != BK_OK) xlsp_biff_free(&r.biff);
    if (rc) return rc;
    bool hidden_too = h->options_get_bool(o, "hidden", 0);
    unsigned int n_sheets = 0;
    if (freexl_get_info(r.xls, FREEXL_BIFF_SHEET_COUNT, &n_sheets) != FREEXL_OK) n_sheets = 0;
    if (n_sheets > in->limits->tables)
        rc = h->error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "%u sheets, more than %llu (limit.tables)", n_sheets,
                          (unsigned long long)in->limits->tables);
    bk_grid **out = rc ? NULL : calloc(n_sheets ? n_sheets : 1, sizeof *out);
    if (!rc && !out) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t count = 0;
    for (unsigned int i = 0; rc == BK_OK && i < n_sheets; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(r.xls, (unsigned short)i, &name) != FREEXL_OK || !name) name = "";
        if (h->utf8_check(name, strlen(name)) != strlen(name)) name = "";
        const xlsp_biff_sheet *bs = xlsp_biff_sheet_named(&r.biff, name);
        if (bs && bs->hidden && !hidden_too) {
            h->diags_add(in->diags, BK_SEV_NOTE, 0, 0, name, "hidden sheet '%s' skipped (-o hidden=true reads it)",
                         name);
            continue;
        }
        if (!bs) /* never expected: freexl and the BIFF records name the same sheets */
            h->diags_add(in->diags, BK_SEV_WARNING, 0, 0, name,
                         "sheet '%s': its merged ranges and number formats were not found; numbers as General", name);
        bk_grid *g = h->grid_new(name);
        if (!g) {
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        rc = read_sheet(&r, (unsigned short)i, bs, name, g, err);
        if (rc == BK_OK && g->n_rows > 0)
            out[count++] = g;
        else
            h->grid_free(g);
        if (in->progress) in->progress(in->progress_ctx, i + 1, n_sheets);
    }
    if (rc == BK_OK && r.kept_as_text)
        h->diags_add(in->diags, BK_SEV_WARNING, 0, 0, r.first_kept,
                     "%llu number(s) no exact amount can hold (first: %s) kept as printed text",
                     (unsigned long long)r.kept_as_text, r.first_kept);
    freexl_close(r.xls);
    xlsp_biff_free(&r.biff);
    if (rc) {
        xlsp_grids_free(h, out, count);
        return rc;
    }
    *grids = out;
    *n = count;
    return BK_OK;
}
