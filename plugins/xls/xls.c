/* SPDX-License-Identifier: MIT */
/* xls: the plugin descriptor, probe, and the read entry point (BIFF8 through libfreexl). */
#include "xls_book.h"
#include "../xlsx/xlsx_codes.h"
#include "../xlsx/xlsx_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* OLE2 compound file (CFB) signature: every .xls, but also .doc, .ppt, .msg. */
static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

static bool has_extension(const char *path, const char *ext)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot && strcasecmp(dot + 1, ext) == 0;
}

/* An OpenDocument spreadsheet: a zip whose first entry is "mimetype" holding ODS_MIME. */
static bool is_ods(const unsigned char *head, size_t len, const char *path)
{
    if (len < 4 || memcmp(head, "PK\x03\x04", 4) != 0) return false;
    if (has_extension(path, "ods")) return true;
    size_t m = strlen(ODS_MIME);
    return len >= 38 + m && memcmp(head + 30, "mimetype", 8) == 0 && memcmp(head + 38, ODS_MIME, m) == 0;
}

static int xls_probe(const unsigned char *head, size_t head_len, const char *path)
{
    if (is_ods(head, head_len, path)) return 95; /* claimed only to say how to convert it */
    if (head_len < 8 || memcmp(head, CFB_MAGIC, 8) != 0) return 0;
    if (has_extension(path, "xls") || has_extension(path, "xlt")) return 100;
    return 40; /* a compound file without the extension: a .doc is one too */
}

/* A located error needs a bk_error even when the caller passed none. */
#define XLSP_ERR(err, local) ((err) ? (err) : (local))

/* As the xlsx reader: our 封面 and 情况说明 sheets are facts and text, the rest goes to
 * the recognizer in order. */
static int recognize_with_text(const bk_host *h, bk_grid **grids, size_t n, bk_document *doc, bk_diags *diags,
                               bk_error *err)
{
    size_t n_tables = 0;
    for (size_t i = 0; i < n; i++)
        if (!xlsxp_is_text_grid(grids[i])) {
            bk_grid *g = grids[i];
            memmove(grids + n_tables + 1, grids + n_tables, (i - n_tables) * sizeof *grids);
            grids[n_tables++] = g;
        }
    int rc = n_tables ? h->recognize(doc, (const bk_grid *const *)grids, n_tables, diags, err) : BK_OK;
    for (size_t i = n_tables; rc == BK_OK && i < n; i++) rc = xlsxp_read_text_grid(h, grids[i], doc, err);
    return rc;
}

static int xls_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    bk_error local;
    err = XLSP_ERR(err, &local);
    if (is_ods(in->head, in->head_len, in->path))
        return h->error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                            "OpenDocument spreadsheets (.ods) are not read; convert it first: "
                            "soffice --headless --convert-to xlsx '%s'",
                            in->display_name);
    bk_grid **grids = NULL;
    size_t n = 0;
    int rc = xlsp_read_grids(h, in, o, &grids, &n, err);
    if (rc) return rc;
    for (size_t i = 0; rc == BK_OK && i < n; i++)
        if (xlsxp_join_split_codes(h, grids[i])) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (rc == BK_OK && n == 0)
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "the workbook has no sheet with cells");
    else if (rc == BK_OK)
        rc = recognize_with_text(h, grids, n, doc, in->diags, err);
    xlsp_grids_free(h, grids, n);
    return rc;
}

static const bk_option_spec XLS_OPTIONS[] = {
    {"decimals", BK_OPT_INT, BK_OPT_READ, "2", NULL,
     "round stored numbers to this many decimals when their number format shows fewer (General)"},
    {"hidden", BK_OPT_BOOL, BK_OPT_READ, "false", NULL, "also read hidden sheets"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const char *const XLS_EXTENSIONS[] = {"xls", NULL};

static const bk_plugin XLS_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "xls",
    .description = "Excel 97-2003 workbooks (.xls, BIFF8) from finance systems and WPS (read, via libfreexl)",
    .extensions = XLS_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_READ_PATH,
    .options = XLS_OPTIONS,
    .probe = xls_probe, /* D0 CF 11 E0 A1 B1 1A E1 plus .xls; .ods only to name the conversion */
    .read = xls_read,   /* every sheet → a grid → the recognizer, as xlsx */
};

BK_PLUGIN_ENTRY(xls)
{
    return &XLS_PLUGIN;
}
