/* SPDX-License-Identifier: MIT */
/* Chunked reading: UTF-8 check, json-c tokener and position scanner side by side. */
#include "json_parse.h"
#include <stdlib.h>
#include <string.h>

const char *jsonp_tokener_message(enum json_tokener_error e)
{
    switch (e) {
    case json_tokener_error_depth: return "JSON nested too deeply";
    case json_tokener_error_parse_eof: return "unexpected end of the JSON text";
    case json_tokener_error_parse_number: return "malformed number";
    case json_tokener_error_parse_string: return "malformed string";
    case json_tokener_error_parse_comment: return "comments are not allowed";
    case json_tokener_error_parse_object_key_name: return "malformed object: expected a \"key\" in double quotes";
    case json_tokener_error_parse_object_key_sep: return "malformed object: expected ':' after the key";
    case json_tokener_error_parse_object_value_sep: return "malformed object: expected ',' or '}' after a value";
    case json_tokener_error_parse_array: return "malformed array: expected ',' or ']' after a value";
    case json_tokener_error_parse_null:
    case json_tokener_error_parse_boolean: return "malformed literal (expected true, false or null)";
    case json_tokener_error_parse_unexpected: return "unexpected character";
    case json_tokener_error_size: return "JSON text too large";
    default: return json_tokener_error_desc(e);
    }
}

const char *jsonp_scan_message(jsonp_scan_status st)
{
    switch (st) {
    case JSONP_SCAN_DUPLICATE_KEY: return "duplicate key";
    case JSONP_SCAN_STRING_LIMIT: return "string longer than limit.string_bytes";
    case JSONP_SCAN_TOO_MANY_KEYS: return "object has too many members";
    case JSONP_SCAN_ESCAPED_KEY: return "unknown key (budgetkit keys never contain escapes)";
    case JSONP_SCAN_SINGLE_QUOTE: return "keys and strings take double quotes";
    case JSONP_SCAN_CONTROL_CHAR: return "control character inside a string (write it as \\n, \\t or \\u00XX)";
    case JSONP_SCAN_LEADING_ZERO: return "number with a leading zero";
    case JSONP_SCAN_BIG_INTEGER: return "integer too large to keep exactly (beyond 64 bits); write codes as strings";
    case JSONP_SCAN_NOMEM: return "out of memory";
    default: return "out of memory";
    }
}

const char *jsonp_describe_error(enum json_tokener_error e, const char *s, size_t n, size_t at)
{
    if (e != json_tokener_error_parse_unexpected || at >= n) return jsonp_tokener_message(e);
    char c = s[at];
    size_t k = at;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n' || s[k - 1] == '\r')) k--;
    if ((c == '}' || c == ']') && k > 0 && s[k - 1] == ',')
        return c == '}' ? "trailing comma before '}'" : "trailing comma before ']'";
    if (c == '\'') return "unexpected character: strings take double quotes";
    return "unexpected character";
}

size_t jsonp_utf8_complete_prefix(const unsigned char *buf, size_t n)
{
    /* walk back over at most 3 continuation bytes to the lead byte */
    size_t i = n, back = 0;
    while (i > 0 && back < 4 && (buf[i - 1] & 0xC0) == 0x80) {
        i--;
        back++;
    }
    if (i == 0) return n;
    unsigned char lead = buf[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need == 1) return n;             /* ASCII or stray continuation: let the check judge */
    return back + 1 >= need ? n : i - 1; /* keep an incomplete character for the next chunk */
}

static int record_position(void *ctx, uint32_t depth, jsonp_pos pos)
{
    (void)depth;
    jsonp_parsed *p = ctx;
    if (p->n_positions == p->cap_positions) {
        size_t cap = p->cap_positions ? p->cap_positions * 2 : 1024;
        jsonp_pos *q = realloc(p->positions, cap * sizeof *q);
        if (!q) return 1;
        p->positions = q;
        p->cap_positions = cap;
    }
    p->positions[p->n_positions++] = pos;
    return 0;
}

void jsonp_parsed_free(jsonp_parsed *p)
{
    if (p->root) json_object_put(p->root);
    free(p->positions);
    memset(p, 0, sizeof *p);
}

static bool only_space(const char *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            *bad = i;
            return false;
        }
    return true;
}

typedef struct reader {
    const bk_host *h;
    const bk_source *in;
    bk_error *err;
    json_tokener *tok;
    jsonp_scan scan;
    unsigned char buf[JSONP_CHUNK + 4];
    size_t carry; /* bytes of an incomplete character kept from the last chunk */
    uint64_t total;
    bool first_chunk;
} reader;

static int error_at(reader *r, int code, jsonp_pos p, const char *msg)
{
    return r->h->error_set(r->err, code, p.line, p.column, NULL, "%s", msg);
}

/* One chunk [0, n) that ends on a character boundary. *done turns true with the top value. */
static int chunk(reader *r, const char *s, size_t n, jsonp_parsed *out, bool *done)
{
    const char *what;
    bool encoding;
    size_t bad = jsonp_text_bad(r->h->utf8_check, s, n, &what, &encoding);
    if (bad != n)
        return error_at(r, encoding ? BK_ERR_ENCODING : BK_ERR_PARSE, jsonp_pos_advance(r->scan.pos, s, bad), what);
    if (*done) {
        if (!only_space(s, n, &bad))
            return error_at(r, BK_ERR_PARSE, jsonp_pos_advance(r->scan.pos, s, bad),
                            "unexpected data after the JSON value");
        r->scan.pos = jsonp_pos_advance(r->scan.pos, s, n);
        return BK_OK;
    }
    json_object *obj = json_tokener_parse_ex(r->tok, s, (int)n);
    enum json_tokener_error e = json_tokener_get_error(r->tok);
    size_t used = json_tokener_get_parse_end(r->tok);
    if (!obj && e != json_tokener_continue)
        return error_at(r, BK_ERR_PARSE, jsonp_pos_advance(r->scan.pos, s, used), jsonp_describe_error(e, s, n, used));
    if (obj) {
        out->root = obj;
        *done = true;
    } else {
        used = n;
    }
    if (jsonp_scan_feed(&r->scan, s, used) == JSONP_SCAN_DUPLICATE_KEY)
        return r->h->error_set(r->err, BK_ERR_PARSE, r->scan.error_pos.line, r->scan.error_pos.column, NULL,
                               "duplicate key \"%s\" (JSON would silently keep only one)", r->scan.error_key);
    if (r->scan.status == JSONP_SCAN_STRING_LIMIT)
        return r->h->error_set(r->err, BK_ERR_LIMIT, r->scan.error_pos.line, r->scan.error_pos.column, NULL,
                               "string longer than limit.string_bytes=%llu", (unsigned long long)r->scan.string_limit);
    if (r->scan.status != JSONP_SCAN_OK) {
        jsonp_scan_status st = r->scan.status;
        int code = st == JSONP_SCAN_STRING_LIMIT                        ? BK_ERR_LIMIT
                   : st == JSONP_SCAN_NOMEM || st == JSONP_SCAN_STOPPED ? BK_ERR_NOMEM
                                                                        : BK_ERR_PARSE;
        return error_at(r, code, r->scan.error_pos, jsonp_scan_message(st));
    }
    if (*done && used < n) return chunk(r, s + used, n - used, out, done);
    return BK_OK;
}

static int read_all(reader *r, jsonp_parsed *out)
{
    bool done = false;
    for (;;) {
        if (r->in->interrupted && *r->in->interrupted)
            return r->h->error_set(r->err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        size_t got = fread(r->buf + r->carry, 1, JSONP_CHUNK, r->in->fp);
        if (ferror(r->in->fp)) return r->h->error_set(r->err, BK_ERR_IO, 0, 0, NULL, "cannot read the input");
        r->total += got;
        if (r->total > r->in->limits->input_bytes)
            return r->h->error_set(r->err, BK_ERR_LIMIT, r->scan.pos.line, 0, NULL,
                                   "input is larger than limit.input_bytes=%llu",
                                   (unsigned long long)r->in->limits->input_bytes);
        size_t n = r->carry + got;
        bool eof = got == 0;
        size_t start = 0;
        if (r->first_chunk && n >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) start = 3; /* BOM */
        if (n > 0) r->first_chunk = false;
        size_t cut = eof ? n : jsonp_utf8_complete_prefix(r->buf, n);
        if (cut < start) cut = start;
        int rc = chunk(r, (const char *)r->buf + start, cut - start, out, &done);
        if (rc) return rc;
        r->carry = n - cut;
        memmove(r->buf, r->buf + cut, r->carry);
        if (r->in->progress) r->in->progress(r->in->progress_ctx, r->total, r->in->size);
        if (eof) break;
    }
    if (!done) {
        return error_at(r, BK_ERR_PARSE, r->scan.pos,
                        r->total == 0 ? "empty input: expected a JSON object" : "unexpected end of the JSON text");
    }
    return BK_OK;
}

int jsonp_parse(const bk_host *h, const bk_source *in, jsonp_parsed *out, bk_error *err)
{
    memset(out, 0, sizeof *out);
    reader *r = calloc(1, sizeof *r);
    if (!r) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    r->h = h;
    r->in = in;
    r->err = err;
    r->first_chunk = true;
    r->tok = json_tokener_new_ex(JSONP_MAX_DEPTH);
    int rc = BK_OK;
    if (!r->tok) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (rc == BK_OK) {
        json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT);
        uint64_t limit = in->limits->string_bytes;
        jsonp_scan_init(&r->scan, limit, JSONP_DOC_MAX_KEYS, true, record_position, out);
        rc = read_all(r, out);
        if (rc == BK_OK && r->scan.status != JSONP_SCAN_OK) rc = BK_ERR_INTERNAL;
        jsonp_scan_free(&r->scan);
    }
    if (r->tok) json_tokener_free(r->tok);
    free(r);
    if (rc) jsonp_parsed_free(out);
    return rc;
}
