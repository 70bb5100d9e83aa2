/* SPDX-License-Identifier: MIT */
/* json: the canonical JSON form of the whole budgetkit model.
 * Reading: json-c (it keeps each number's text, so amounts never pass
 * through double) beside our own scanner for positions, duplicate keys and
 * limits. Writing: our own streaming writer with a fixed key order and
 * layout, so a canonical file reads and writes back byte for byte. */
#include <budgetkit/plugin.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include "json_decode.h"
#include "json_encode.h"
#include "json_parse.h"
#include "json_records.h"

static size_t skip_space(const unsigned char *head, size_t len, size_t i)
{
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) i++;
    return i;
}

static bool has_json_extension(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot && (strcasecmp(dot, ".json") == 0 || strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".jsonl") == 0);
}

/* 80: an object naming our format near the start; 45: JSON objects (a ledger
 * array or NDJSON) by structure; 30: the extension alone; 60: both of the last two. */
static int jsonp_probe(const unsigned char *head, size_t head_len, const char *path)
{
    size_t i = head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    i = skip_space(head, head_len, i);
    if (i < head_len && head[i] == '{' && memmem(head, head_len, "\"format\"", 8) &&
        memmem(head, head_len, "\"budgetkit\"", 11))
        return 80;
    bool structure = false;
    if (i < head_len && (head[i] == '[' || head[i] == '{')) {
        size_t j = skip_space(head, head_len, i + 1);
        structure = j < head_len && (head[i] == '[' ? head[j] == '{' : head[j] == '"');
    }
    bool ext = has_json_extension(path);
    return structure && ext ? 60 : structure ? 45 : ext ? 30 : 0;
}

static int jsonp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    (void)o;
    jsonp_parsed parsed;
    int rc = jsonp_parse(h, in, &parsed, err);
    if (rc) return rc;
    rc = jsonp_decode_document(h, &parsed, doc, err, in->limits);
    jsonp_parsed_free(&parsed);
    return rc;
}

static int jsonp_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    int64_t indent = h->options_get_int(o, "indent", JSONP_CANONICAL_INDENT);
    if (indent < 0 || indent > 8)
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "indent=%lld: expected 0..8", (long long)indent);
    return jsonp_encode_document(h, doc, out->fp, (int)indent, err);
}

/* Table streaming: the batches are spooled, the document is written around them at FINISH. */
static int jsonp_write_tables(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step,
                              const bk_sink *out, const bk_options *o, bk_error *err)
{
    jsonp_stream *st = *state;
    if (step == BK_TABLES_ABORT) {
        jsonp_stream_free(st);
        *state = NULL;
        return BK_OK;
    }
    int64_t indent = h->options_get_int(o, "indent", JSONP_CANONICAL_INDENT);
    if (indent < 0 || indent > 8) {
        if (step == BK_TABLES_FINISH) {
            jsonp_stream_free(st);
            *state = NULL;
        }
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "indent=%lld: expected 0..8", (long long)indent);
    }
    if (step == BK_TABLES_FINISH) {
        *state = NULL;
        return jsonp_stream_finish(h, st, doc, out->fp, (int)indent, err);
    }
    int rc = jsonp_stream_add(h, &st, doc, (int)indent, err);
    *state = st;
    return rc;
}

static int jsonp_records(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                         bk_error *err)
{
    (void)o;
    return jsonp_read_records(h, in, sink, err);
}

static const char *const JSONP_EXTENSIONS[] = {"json", NULL};

static const bk_option_spec JSONP_OPTIONS[] = {
    {"indent", BK_OPT_INT, BK_OPT_WRITE, "2", NULL,
     "spaces per nesting level (0..8); rows, columns and other leaf objects stay one per line"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const bk_plugin JSONP_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "json",
    .description = "Canonical budgetkit JSON: the whole model, exact amounts, byte-for-byte round trips",
    .extensions = JSONP_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE | BK_CAP_RECORDS | BK_CAP_READ_STREAM | BK_CAP_WRITE_TABLES,
    .options = JSONP_OPTIONS,
    .probe = jsonp_probe,
    .read = jsonp_read,
    .write = jsonp_write,
    .read_records = jsonp_records,
    .write_tables = jsonp_write_tables,
};

BK_PLUGIN_ENTRY(json)
{
    return &JSONP_PLUGIN;
}
