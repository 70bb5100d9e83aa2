/* SPDX-License-Identifier: MIT */
/* csv: CSV/TSV (and tab-separated .txt) reader and writer.
 * read_records streams flat ledgers; read/write handle the `report` layout
 * (tables as printed, recognised by the core) and the `long` layout. */
#include <budgetkit/plugin.h>

#include <string.h>
#include <strings.h>

#include "csv_input.h"
#include "csv_layouts.h"

static const char *csvp_ext(const char *path)
{
    if (!path) return NULL;
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : NULL;
}

/* Lines (in the head) that carry the delimiter, and whether they agree on a field count. */
static int csvp_structure_score(const unsigned char *head, size_t len)
{
    char d = csvp_sniff_delimiter(head, len);
    unsigned lines = 0, with = 0;
    int seen = 0;
    for (size_t i = 0; i < len; i++) {
        if (head[i] == (unsigned char)d) seen = 1;
        if (head[i] == '\n') {
            lines++;
            with += (unsigned)seen;
            seen = 0;
        }
    }
    if (memchr(head, 0, len)) return 0;
    if (with >= 3) return d == '\t' ? 60 : 55;
    return 0;
}

static int csvp_probe(const unsigned char *head, size_t head_len, const char *path)
{
    const char *ext = csvp_ext(path);
    int by_ext = 0;
    if (ext && (!strcasecmp(ext, "csv") || !strcasecmp(ext, "tsv")))
        by_ext = 50;
    else if (ext && !strcasecmp(ext, "txt"))
        by_ext = 30;
    if (head_len && memchr(head, 0, head_len) && !(head_len >= 2 && (head[0] == 0xFF || head[0] == 0xFE)))
        return by_ext ? 1 : 0;
    int by_structure = head_len ? csvp_structure_score(head, head_len) : 0;
    if (head_len && (head[0] == '{' || head[0] == '[' || head[0] == '<')) by_structure = 0;
    int s = by_ext > by_structure ? by_ext : by_structure;
    if (by_ext && by_structure) s = 65;
    return s;
}

/* ---------------------------------------------------------------- read_records */

typedef struct csvp_rec_fwd {
    const bk_record_sink *sink;
} csvp_rec_fwd;

static int csvp_forward(void *ctx, const bk_record *rec)
{
    const csvp_rec_fwd *f = ctx;
    return f->sink->record(f->sink->ctx, rec);
}

static int csvp_read_records(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                             bk_error *err)
{
    csvp_rec_fwd f = {sink};
    return csvp_input_stream(h, in, o, csvp_forward, &f, NULL, err);
}

/* ---------------------------------------------------------------- descriptor */

static const char *const CSVP_EXTENSIONS[] = {"csv", "tsv", "txt", NULL};

static const bk_option_spec CSVP_OPTIONS[] = {
    {"encoding", BK_OPT_ENUM, BK_OPT_READ | BK_OPT_WRITE, "auto", "auto|utf-8|gb18030|gbk|utf-16le|utf-16be",
     "read: BOM, else strict UTF-8, else GB18030; write: utf-8 (default) or gb18030 for Windows tools"},
    {"delimiter", BK_OPT_ENUM, BK_OPT_READ | BK_OPT_WRITE, NULL, "comma|tab|semicolon|,|;",
     "field separator (read: sniffed; write: tab for .tsv/.txt, else comma)"},
    {"layout", BK_OPT_ENUM, BK_OPT_WRITE, "report", "report|long|figures",
     "report: tables as printed; long: one row per amount, lossless (reading detects the layout from the "
     "header); figures: one row per amount with only department, year, table, row, column, value, unit "
     "(for pandas: read_csv(f, dtype=str))"},
    {"bom", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL, "start the output with a byte-order mark (for Excel)"},
    {"excel_safe", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL,
     "a text cell starting with = + - @ tab CR (not a number) gets a leading ' so a spreadsheet cannot run it as a "
     "formula"},
    {"excel", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL,
     "for Excel (also on Chinese Windows, where UTF-8 without BOM shows 乱码): UTF-8 BOM and CRLF line ends"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const bk_plugin CSVP_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "csv",
    .description = "CSV/TSV text: report-shaped tables as printed (also tab-separated .txt) or the long layout",
    .extensions = CSVP_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE | BK_CAP_RECORDS | BK_CAP_RECORDS_RANGE | BK_CAP_READ_STREAM |
            BK_CAP_READ_TABLES | BK_CAP_WRITE_TABLES | BK_CAP_WRITE_TABLES_QUERY,
    .options = CSVP_OPTIONS,
    .probe = csvp_probe,
    .read = csvp_read,
    .write = csvp_write,
    .read_records = csvp_read_records,
    .write_tables = csvp_write_tables, /* long layout: tables as a streaming reader completes them */
};

BK_PLUGIN_ENTRY(csv)
{
    return &CSVP_PLUGIN;
}
