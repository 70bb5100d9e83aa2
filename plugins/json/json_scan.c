/* SPDX-License-Identifier: MIT */
/* Positions, duplicate keys and string limits for text json-c accepted. */
#include "json_scan.h"
#include <stdlib.h>
#include <string.h>

struct jsonp_scan_level {
    bool is_object;
    bool expect_key;        /* in an object: the next string is a member name */
    size_t first_key_entry; /* this object's keys start here in key_entries (pairs) */
    size_t key_bytes_start;
};

void jsonp_scan_init(jsonp_scan *s, uint64_t string_limit, size_t max_keys, bool keys_plain, jsonp_value_fn on_value,
                     void *ctx)
{
    memset(s, 0, sizeof *s);
    s->string_limit = string_limit;
    s->max_keys = max_keys;
    s->keys_plain = keys_plain;
    s->on_value = on_value;
    s->ctx = ctx;
    s->pos.line = 1;
    s->pos.column = 1;
}

void jsonp_scan_free(jsonp_scan *s)
{
    free(s->levels);
    free(s->key_bytes);
    free(s->key_entries);
    s->levels = NULL;
    s->key_bytes = NULL;
    s->key_entries = NULL;
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * size);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

static jsonp_scan_status fail(jsonp_scan *s, jsonp_scan_status st, jsonp_pos at)
{
    if (s->status == JSONP_SCAN_OK) {
        s->status = st;
        s->error_pos = at;
    }
    return s->status;
}

static struct jsonp_scan_level *top(jsonp_scan *s)
{
    return s->depth ? &s->levels[s->depth - 1] : NULL;
}

static jsonp_scan_status value_start(jsonp_scan *s)
{
    if (s->on_value && s->on_value(s->ctx, (uint32_t)s->depth, s->pos)) return fail(s, JSONP_SCAN_STOPPED, s->pos);
    return JSONP_SCAN_OK;
}

static jsonp_scan_status open_container(jsonp_scan *s, bool is_object)
{
    if (value_start(s)) return s->status;
    if (!grow((void **)&s->levels, &s->cap_levels, s->depth + 1, sizeof *s->levels))
        return fail(s, JSONP_SCAN_NOMEM, s->pos);
    struct jsonp_scan_level *l = &s->levels[s->depth++];
    l->is_object = is_object;
    l->expect_key = is_object;
    l->first_key_entry = s->n_key_entries;
    l->key_bytes_start = s->key_bytes_len;
    return JSONP_SCAN_OK;
}

static void close_container(jsonp_scan *s)
{
    struct jsonp_scan_level *l = top(s);
    if (!l) return;
    s->n_key_entries = l->first_key_entry;
    s->key_bytes_len = l->key_bytes_start;
    s->depth--;
}

/* A member name just ended: it must differ from the object's earlier names. */
static jsonp_scan_status key_done(jsonp_scan *s)
{
    struct jsonp_scan_level *l = top(s);
    size_t start = s->n_key_entries - 2;
    size_t off = s->key_entries[start], len = s->key_entries[start + 1];
    size_t n_keys = (start - l->first_key_entry) / 2;
    if (n_keys >= s->max_keys) return fail(s, JSONP_SCAN_TOO_MANY_KEYS, s->str_pos);
    if (len == 0) { /* "" has no bytes stored (key_bytes may still be NULL) */
        for (size_t i = l->first_key_entry; i < start; i += 2)
            if (s->key_entries[i + 1] == 0) {
                s->error_key[0] = '\0';
                return fail(s, JSONP_SCAN_DUPLICATE_KEY, s->str_pos);
            }
        return JSONP_SCAN_OK;
    }
    const char *k = s->key_bytes + off;
    for (size_t i = l->first_key_entry; i < start; i += 2) {
        if (s->key_entries[i + 1] == len && memcmp(s->key_bytes + s->key_entries[i], k, len) == 0) {
            size_t cut = len < sizeof s->error_key - 1 ? len : sizeof s->error_key - 1;
            memcpy(s->error_key, k, cut);
            s->error_key[cut] = '\0';
            return fail(s, JSONP_SCAN_DUPLICATE_KEY, s->str_pos);
        }
    }
    return JSONP_SCAN_OK;
}

static jsonp_scan_status string_start(jsonp_scan *s)
{
    struct jsonp_scan_level *l = top(s);
    s->str_is_key = l && l->is_object && l->expect_key;
    s->str_len = 0;
    s->str_pos = s->pos;
    s->state = 1;
    if (s->str_is_key) {
        l->expect_key = false;
        if (!grow((void **)&s->key_entries, &s->cap_key_entries, s->n_key_entries + 2, sizeof(size_t)))
            return fail(s, JSONP_SCAN_NOMEM, s->pos);
        s->key_entries[s->n_key_entries++] = s->key_bytes_len;
        s->key_entries[s->n_key_entries++] = 0;
        return JSONP_SCAN_OK;
    }
    return value_start(s);
}

static jsonp_scan_status string_byte(jsonp_scan *s, char c)
{
    if (++s->str_len > s->string_limit) return fail(s, JSONP_SCAN_STRING_LIMIT, s->str_pos);
    if (!s->str_is_key) return JSONP_SCAN_OK;
    if (!grow((void **)&s->key_bytes, &s->key_bytes_cap, s->key_bytes_len + 1, 1))
        return fail(s, JSONP_SCAN_NOMEM, s->pos);
    s->key_bytes[s->key_bytes_len++] = c;
    s->key_entries[s->n_key_entries - 1]++;
    return JSONP_SCAN_OK;
}

static bool is_token_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' ||
           c == '.';
}

/* A digit after a leading 0 ("01", "-01"): JSON forbids it, json-c reads it as 1. */
static jsonp_scan_status token_byte(jsonp_scan *s, unsigned char c)
{
    bool digit = c >= '0' && c <= '9';
    const char *t = s->token_text;
    if (digit && ((s->token_len == 1 && t[0] == '0') || (s->token_len == 2 && t[0] == '-' && t[1] == '0')))
        return fail(s, JSONP_SCAN_LEADING_ZERO, s->pos);
    if (!digit && !(c == '-' && s->token_len == 0)) s->token_integer = false;
    if (s->token_len < sizeof s->token_text - 1) s->token_text[s->token_len] = (char)c;
    s->token_len++;
    return JSONP_SCAN_OK;
}

/* At the end of a number: json-c keeps integers in 64 bits (int64, or uint64
 * when positive) and clamps larger ones, which would silently change the text. */
static jsonp_scan_status token_end(jsonp_scan *s)
{
    s->in_token = false;
    if (!s->token_integer) return JSONP_SCAN_OK;
    bool neg = s->token_text[0] == '-';
    const char *limit = neg ? "9223372036854775808" : "18446744073709551615";
    size_t digits = s->token_len - (neg ? 1 : 0), n = strlen(limit);
    if (digits < n) return JSONP_SCAN_OK;
    if (digits > n || memcmp(s->token_text + (neg ? 1 : 0), limit, n) > 0)
        return fail(s, JSONP_SCAN_BIG_INTEGER, s->token_pos);
    return JSONP_SCAN_OK;
}

static jsonp_scan_status outside_byte(jsonp_scan *s, unsigned char c)
{
    if (is_token_char(c)) {
        if (s->in_token) return token_byte(s, c);
        s->in_token = true;
        s->token_len = 0;
        s->token_integer = c == '-' || (c >= '0' && c <= '9');
        s->token_pos = s->pos;
        if (value_start(s)) return s->status;
        return token_byte(s, c);
    }
    if (s->in_token && token_end(s)) return s->status;
    if (c == '\'') return fail(s, JSONP_SCAN_SINGLE_QUOTE, s->pos);
    struct jsonp_scan_level *l = top(s);
    switch (c) {
    case '{': return open_container(s, true);
    case '[': return open_container(s, false);
    case '}':
    case ']': close_container(s); return JSONP_SCAN_OK;
    case ',':
        if (l && l->is_object) l->expect_key = true;
        return JSONP_SCAN_OK;
    case '"': return string_start(s);
    default: return JSONP_SCAN_OK; /* whitespace and ':' */
    }
}

static jsonp_scan_status scan_byte(jsonp_scan *s, unsigned char c)
{
    switch (s->state) {
    case 0: return outside_byte(s, c);
    case 2: s->state = 1; return string_byte(s, (char)c);
    default:
        if (c < 0x20) return fail(s, JSONP_SCAN_CONTROL_CHAR, s->pos);
        if (c == '"') {
            s->state = 0;
            return s->str_is_key ? key_done(s) : JSONP_SCAN_OK;
        }
        if (c == '\\') {
            s->state = 2;
            if (s->str_is_key && s->keys_plain) return fail(s, JSONP_SCAN_ESCAPED_KEY, s->str_pos);
        }
        return string_byte(s, (char)c);
    }
}

static void advance(jsonp_pos *p, unsigned char c)
{
    if (c == '\n') {
        p->line++;
        p->column = 1;
    } else if ((c & 0xC0) != 0x80) { /* count characters, not continuation bytes */
        p->column++;
    }
}

/* Inside a value string, plain bytes only count: take them as a run (the hot path). */
static size_t string_run(jsonp_scan *s, const char *buf, size_t n)
{
    size_t j = 0;
    uint32_t chars = 0;
    while (j < n && buf[j] != '"' && buf[j] != '\\' && (unsigned char)buf[j] >= 0x20) {
        chars += ((unsigned char)buf[j] & 0xC0) != 0x80;
        j++;
    }
    s->str_len += j;
    if (s->str_len > s->string_limit) fail(s, JSONP_SCAN_STRING_LIMIT, s->str_pos);
    s->pos.column += chars;
    return j;
}

jsonp_scan_status jsonp_scan_feed(jsonp_scan *s, const char *buf, size_t n)
{
    size_t i = 0;
    while (i < n && s->status == JSONP_SCAN_OK) {
        if (s->state == 1 && !s->str_is_key) {
            size_t run = string_run(s, buf + i, n - i);
            i += run;
            if (run || i == n) continue;
        }
        unsigned char c = (unsigned char)buf[i];
        scan_byte(s, c);
        advance(&s->pos, c);
        i++;
    }
    return s->status;
}

size_t jsonp_text_bad(size_t (*utf8_check)(const char *, size_t), const char *buf, size_t n, const char **what,
                      bool *encoding)
{
    size_t bad = utf8_check(buf, n);
    *encoding = bad != n;
    *what = "invalid UTF-8 byte sequence";
    if (bad != n) return bad;
    const char *nul = memchr(buf, '\0', n);
    *what = "NUL byte: JSON text cannot contain one (a binary file?)";
    return nul ? (size_t)(nul - buf) : n;
}

jsonp_pos jsonp_pos_advance(jsonp_pos p, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) advance(&p, (unsigned char)buf[i]);
    return p;
}
