/* SPDX-License-Identifier: MIT */
/* sqlite: many documents in one SQLite database (docs/sqlite.md). Writes with
 * write_many (one transaction into the core's temporary copy, renamed on
 * success); reads one document back, exactly as it went in. */
#include <budgetkit/plugin.h>
#include <string.h>
#include "sqlite_read.h"
#include "sqlite_schema.h"
#include "sqlite_write.h"

static int sqlite_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)path;
    /* the SQLite file header; the schema is checked when read */
    if (head_len >= 16 && memcmp(head, "SQLite format 3", 16) == 0) return 100;
    return 0;
}

static int sqlite_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o,
                        bk_error *err)
{
    bk_batch_item it = {.doc = doc, .source = NULL, .findings = NULL};
    return sqlw_write_many(h, &it, 1, 0, out, o, err);
}

static const char *const SQLITE_EXTENSIONS[] = {"sqlite", "sqlite3", "db", NULL};

static const bk_option_spec SQLITE_OPTIONS[] = {
    {"document", BK_OPT_STRING, BK_OPT_READ, NULL, NULL,
     "the document to read: its id or content hash (needed when the database holds several)"},
    {NULL, 0, 0, NULL, NULL, NULL}};

static const bk_plugin SQLITE_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "sqlite",
    .description = "SQLite database of many documents, with a per-figure view for analysts",
    .extensions = SQLITE_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE | BK_CAP_READ_PATH | BK_CAP_WRITE_PATH | BK_CAP_WRITE_MANY,
    .options = SQLITE_OPTIONS,
    .probe = sqlite_probe,
    .read = sqlr_read,
    .write = sqlite_write,
    .write_many = sqlw_write_many,
};

BK_PLUGIN_ENTRY(sqlite)
{
    return &SQLITE_PLUGIN;
}
