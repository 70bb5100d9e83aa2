/* SPDX-License-Identifier: MIT */
/* Ledger records from a JSON array of flat objects or from NDJSON, one
 * element at a time: json-c parses each element (resuming across chunks),
 * our own loop handles the brackets and commas between elements, and the
 * scanner (json_scan.h) bounds strings, rejects duplicate keys and keeps
 * the line and column. */
#include "json_records.h"
#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "json_parse.h"
#include "json_scan.h"

typedef enum rstate {
    RS_START,      /* before the first value: '[' or '{' decides the layout */
    RS_FIRST,      /* after '[': an element or ']' */
    RS_ELEMENT,    /* an element must start here */
    RS_IN_ELEMENT, /* json-c is inside an element */
    RS_AFTER,      /* after an element of the array: ',' or ']' */
    RS_BETWEEN,    /* NDJSON: whitespace, then the next object or the end */
    RS_END         /* after ']': whitespace only */
} rstate;

typedef struct rreader {
    const bk_host *h;
    const bk_source *in;
    const bk_record_sink *sink;
    bk_error *err;
    json_tokener *tok;
    jsonp_scan scan;
    rstate state;
    bool is_array;
    jsonp_pos element_pos; /* where the current element started */
    uint64_t n_records;
    /* the header: keys of the first object, owned */
    char **keys;
    size_t *key_lens;
    size_t n_keys;
    /* per-record scratch, n_keys long */
    const char **fields;
    size_t *lens;
    unsigned char buf[JSONP_CHUNK + 4];
} rreader;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int fail_at(rreader *r, int code, jsonp_pos p, const char *msg)
{
    return r->h->error_set(r->err, code, p.line, p.column, NULL, "%s", msg);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail_record(rreader *r, int code, const char *fmt, ...)
{
    char ctx[64], msg[400];
    snprintf(ctx, sizeof ctx, "record %llu", (unsigned long long)r->n_records);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return r->h->error_set(r->err, code, r->element_pos.line, r->element_pos.column, ctx, "%s", msg);
}

/* Feed bytes json-c accepted to the scanner; its failures become located errors. */
static int scan(rreader *r, const char *s, size_t n)
{
    if (jsonp_scan_feed(&r->scan, s, n) == JSONP_SCAN_OK) return BK_OK;
    jsonp_scan_status st = r->scan.status;
    if (st == JSONP_SCAN_DUPLICATE_KEY)
        return r->h->error_set(r->err, BK_ERR_PARSE, r->scan.error_pos.line, r->scan.error_pos.column, NULL,
                               "duplicate key \"%s\"", r->scan.error_key);
    if (st == JSONP_SCAN_STRING_LIMIT)
        return r->h->error_set(r->err, BK_ERR_LIMIT, r->scan.error_pos.line, r->scan.error_pos.column, NULL,
                               "string longer than limit.string_bytes=%llu", (unsigned long long)r->scan.string_limit);
    if (st == JSONP_SCAN_TOO_MANY_KEYS)
        return r->h->error_set(r->err, BK_ERR_LIMIT, r->scan.error_pos.line, r->scan.error_pos.column, NULL,
                               "more keys than limit.columns=%llu", (unsigned long long)r->in->limits->columns);
    return fail_at(r, st == JSONP_SCAN_NOMEM ? BK_ERR_NOMEM : BK_ERR_PARSE, r->scan.error_pos, jsonp_scan_message(st));
}

static int take_header(rreader *r, json_object *obj)
{
    size_t n = (size_t)json_object_object_length(obj);
    if (n == 0) return fail_record(r, BK_ERR_VALUE, "the first object has no keys: no header");
    r->keys = calloc(n, sizeof *r->keys);
    r->key_lens = calloc(n, sizeof *r->key_lens);
    r->fields = calloc(n, sizeof *r->fields);
    r->lens = calloc(n, sizeof *r->lens);
    if (!r->keys || !r->key_lens || !r->fields || !r->lens)
        return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (struct lh_entry *e = json_object_get_object(obj)->head; e; e = e->next) {
        const char *k = (const char *)lh_entry_k(e);
        size_t len = strlen(k);
        r->keys[r->n_keys] = malloc(len + 1);
        if (!r->keys[r->n_keys]) return r->h->error_set(r->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        memcpy(r->keys[r->n_keys], k, len + 1);
        r->key_lens[r->n_keys++] = len;
    }
    bk_record header = {.n_fields = r->n_keys,
                        .fields = (const char *const *)r->keys,
                        .lens = r->key_lens,
                        .line = r->element_pos.line};
    int rc = r->sink->record(r->sink->ctx, &header);
    if (rc) return fail_record(r, rc, "the receiver stopped at the header");
    return BK_OK;
}

static size_t header_index(const rreader *r, const char *k, size_t hint)
{
    if (hint < r->n_keys && strcmp(r->keys[hint], k) == 0) return hint; /* same key order: no search */
    for (size_t i = 0; i < r->n_keys; i++)
        if (strcmp(r->keys[i], k) == 0) return i;
    return (size_t)-1;
}

/* One object → one record in header order. */
static int emit(rreader *r, json_object *obj)
{
    r->n_records++;
    if (r->n_records > r->in->limits->rows)
        return fail_record(r, BK_ERR_LIMIT, "more records than limit.rows=%llu",
                           (unsigned long long)r->in->limits->rows);
    if (!json_object_is_type(obj, json_type_object))
        return fail_record(r, BK_ERR_VALUE, "expected an object (one ledger line), found %s",
                           json_type_to_name(json_object_get_type(obj)));
    if (r->n_keys == 0) {
        int rc = take_header(r, obj);
        if (rc) return rc;
    }
    for (size_t i = 0; i < r->n_keys; i++) {
        r->fields[i] = "";
        r->lens[i] = 0;
    }
    size_t pos = 0;
    for (struct lh_entry *e = json_object_get_object(obj)->head; e; e = e->next, pos++) {
        const char *k = (const char *)lh_entry_k(e);
        json_object *v = (json_object *)lh_entry_v(e);
        size_t i = header_index(r, k, pos);
        if (i == (size_t)-1)
            return fail_record(r, BK_ERR_VALUE, "key \"%s\" is not in the header (the first object's keys)", k);
        switch (json_object_get_type(v)) {
        case json_type_null: break;
        case json_type_object:
        case json_type_array:
            return fail_record(r, BK_ERR_VALUE, "value of \"%s\" is nested; ledger lines are flat", k);
        default:
            r->fields[i] = json_object_get_string(v);
            r->lens[i] =
                json_object_is_type(v, json_type_string) ? (size_t)json_object_get_string_len(v) : strlen(r->fields[i]);
            if (strlen(r->fields[i]) != r->lens[i])
                return fail_record(r, BK_ERR_VALUE, "value of \"%s\" contains a NUL character", k);
        }
    }
    bk_record rec = {.n_fields = r->n_keys, .fields = r->fields, .lens = r->lens, .line = r->element_pos.line};
    int rc = r->sink->record(r->sink->ctx, &rec);
    if (rc) return fail_record(r, rc, "the receiver stopped at this record");
    return BK_OK;
}

/* Structural bytes between elements: consumed here, shown to the scanner. */
static int between(rreader *r, const char *s, size_t n, size_t *i)
{
    while (*i < n) {
        unsigned char c = (unsigned char)s[*i];
        if (is_space(c)) {
            int rc = scan(r, s + *i, 1);
            if (rc) return rc;
            (*i)++;
            continue;
        }
        switch (r->state) {
        case RS_START:
            if (c == '[') {
                r->is_array = true;
                r->state = RS_FIRST;
                break;
            }
            if (c == '{') {
                r->state = RS_ELEMENT;
                return BK_OK;
            }
            return fail_at(r, BK_ERR_PARSE, r->scan.pos, "expected a JSON array of objects or NDJSON objects");
        case RS_FIRST:
            if (c == ']') {
                r->state = RS_END;
                break;
            }
            r->state = RS_ELEMENT;
            return BK_OK;
        case RS_AFTER:
            if (c == ',') {
                r->state = RS_ELEMENT;
                break;
            }
            if (c == ']') {
                r->state = RS_END;
                break;
            }
            return fail_at(r, BK_ERR_PARSE, r->scan.pos, "expected ',' or ']' after an array element");
        case RS_BETWEEN: r->state = RS_ELEMENT; return BK_OK;
        case RS_ELEMENT:
            if (c == ']' && r->is_array) return fail_at(r, BK_ERR_PARSE, r->scan.pos, "trailing comma before ']'");
            return BK_OK;
        default: /* RS_END */ return fail_at(r, BK_ERR_PARSE, r->scan.pos, "unexpected data after the JSON array");
        }
        int rc = scan(r, s + *i, 1);
        if (rc) return rc;
        (*i)++;
    }
    return BK_OK;
}

static int chunk(rreader *r, const char *s, size_t n)
{
    const char *what;
    bool encoding;
    size_t bad = jsonp_text_bad(r->h->utf8_check, s, n, &what, &encoding);
    if (bad != n)
        return fail_at(r, encoding ? BK_ERR_ENCODING : BK_ERR_PARSE, jsonp_pos_advance(r->scan.pos, s, bad), what);
    size_t i = 0;
    while (i < n) {
        if (r->state != RS_IN_ELEMENT) {
            int rc = between(r, s, n, &i);
            if (rc) return rc;
            if (i == n) break;
            r->state = RS_IN_ELEMENT;
            r->element_pos = r->scan.pos;
        }
        json_object *obj = json_tokener_parse_ex(r->tok, s + i, (int)(n - i));
        enum json_tokener_error e = json_tokener_get_error(r->tok);
        size_t used = json_tokener_get_parse_end(r->tok);
        if (!obj && e != json_tokener_continue)
            return fail_at(r, BK_ERR_PARSE, jsonp_pos_advance(r->scan.pos, s + i, used),
                           jsonp_describe_error(e, s + i, n - i, used));
        if (!obj) used = n - i;
        int rc = scan(r, s + i, used);
        i += used;
        if (rc == BK_OK && obj) {
            rc = emit(r, obj);
            json_tokener_reset(r->tok);
            r->state = r->is_array ? RS_AFTER : RS_BETWEEN;
        }
        if (obj) json_object_put(obj);
        if (rc) return rc;
    }
    return BK_OK;
}

static int run(rreader *r)
{
    uint64_t total = 0;
    size_t carry = 0;
    bool first = true;
    for (;;) {
        if (r->in->interrupted && *r->in->interrupted)
            return r->h->error_set(r->err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        size_t got = fread(r->buf + carry, 1, JSONP_CHUNK, r->in->fp);
        if (ferror(r->in->fp)) return r->h->error_set(r->err, BK_ERR_IO, 0, 0, NULL, "cannot read the input");
        total += got;
        if (total > r->in->limits->input_bytes)
            return r->h->error_set(r->err, BK_ERR_LIMIT, r->scan.pos.line, 0, NULL,
                                   "input is larger than limit.input_bytes=%llu",
                                   (unsigned long long)r->in->limits->input_bytes);
        size_t n = carry + got, start = 0;
        bool eof = got == 0;
        if (first && n >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) start = 3;
        if (n > 0) first = false;
        size_t cut = eof ? n : jsonp_utf8_complete_prefix(r->buf, n);
        if (cut < start) cut = start;
        int rc = chunk(r, (const char *)r->buf + start, cut - start);
        if (rc) return rc;
        carry = n - cut;
        memmove(r->buf, r->buf + cut, carry);
        if (r->in->progress) r->in->progress(r->in->progress_ctx, total, r->in->size);
        if (eof) break;
    }
    /* NDJSON may end on a bare top-level value json-c still waits to terminate */
    if (r->state == RS_IN_ELEMENT) {
        json_object *obj = json_tokener_parse_ex(r->tok, "", 1);
        if (obj && !r->is_array) {
            int rc = emit(r, obj);
            json_object_put(obj);
            if (rc) return rc;
            r->state = RS_BETWEEN;
        } else {
            json_object_put(obj);
            return fail_at(r, BK_ERR_PARSE, r->scan.pos, "unexpected end of the JSON text");
        }
    }
    if (r->state == RS_START) return fail_at(r, BK_ERR_PARSE, r->scan.pos, "empty input: expected JSON objects");
    if (r->is_array && r->state != RS_END)
        return fail_at(r, BK_ERR_PARSE, r->scan.pos, "unexpected end of the JSON text (missing ']')");
    if (r->n_records == 0) return fail_at(r, BK_ERR_VALUE, r->scan.pos, "no records: the array is empty");
    return BK_OK;
}

int jsonp_read_records(const bk_host *h, const bk_source *in, const bk_record_sink *sink, bk_error *err)
{
    rreader *r = calloc(1, sizeof *r);
    if (!r) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    r->h = h;
    r->in = in;
    r->sink = sink;
    r->err = err;
    r->tok = json_tokener_new_ex(JSONP_MAX_DEPTH);
    int rc = BK_OK;
    if (!r->tok) {
        rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    } else {
        json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
        jsonp_scan_init(&r->scan, in->limits->string_bytes, (size_t)in->limits->columns, false, NULL, NULL);
        rc = run(r);
        jsonp_scan_free(&r->scan);
        json_tokener_free(r->tok);
    }
    for (size_t i = 0; i < r->n_keys; i++) free(r->keys[i]);
    free(r->keys);
    free(r->key_lens);
    free(r->fields);
    free(r->lens);
    free(r);
    return rc;
}
