/* SPDX-License-Identifier: MIT */
/**
 * @file json_scan.h
 * @brief A byte scanner that runs beside json-c over text json-c accepted.
 *
 * json-c builds the tree but forgets where each value was, silently keeps the
 * last of duplicate keys and lets a string grow without bound. This scanner
 * sees the same bytes, chunk by chunk, and
 *  - reports the line and column of every value start in document order
 *    (pre-order, object members in source order: the order a json-c tree walk
 *    visits them), through a callback;
 *  - rejects duplicate keys in an object and strings longer than a limit,
 *    with the position of the offending token.
 * It assumes the bytes are JSON that json-c accepted (it never sees the bytes
 * json-c rejected), so it does not re-validate the grammar, except for what
 * json-c lets through even in strict mode: single-quoted keys, raw control
 * characters in strings, numbers with leading zeros, and integers too large
 * for 64 bits (json-c clamps them, so their text would change).
 * Columns count Unicode characters, 1-based.
 */
#ifndef JSONP_SCAN_H
#define JSONP_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct jsonp_pos {
    uint32_t line;
    uint32_t column;
} jsonp_pos;

/** Called at each value start: @p depth is 0 for a top-level value. Return non-zero to stop. */
typedef int (*jsonp_value_fn)(void *ctx, uint32_t depth, jsonp_pos pos);

/** Scanner failure reasons. */
typedef enum jsonp_scan_status {
    JSONP_SCAN_OK = 0,
    JSONP_SCAN_DUPLICATE_KEY,
    JSONP_SCAN_STRING_LIMIT,
    JSONP_SCAN_TOO_MANY_KEYS,
    JSONP_SCAN_ESCAPED_KEY,  /**< a key with a backslash escape (only when keys_plain is set) */
    JSONP_SCAN_SINGLE_QUOTE, /**< a key in single quotes (json-c accepts them even when strict) */
    JSONP_SCAN_CONTROL_CHAR, /**< a raw control character inside a string (json-c accepts it) */
    JSONP_SCAN_LEADING_ZERO, /**< a number like 01 or -01 (json-c accepts and rewrites it) */
    JSONP_SCAN_BIG_INTEGER,  /**< an integer beyond 64 bits: json-c would clamp it and lose its text */
    JSONP_SCAN_NOMEM,
    JSONP_SCAN_STOPPED /**< the callback returned non-zero */
} jsonp_scan_status;

struct jsonp_scan_level;

typedef struct jsonp_scan {
    /* settings */
    uint64_t string_limit; /**< longest string in bytes as written */
    size_t max_keys;       /**< most members in one object */
    bool keys_plain;       /**< reject keys containing escapes */
    jsonp_value_fn on_value;
    void *ctx;
    /* position of the next byte */
    jsonp_pos pos;
    /* lexical state */
    int state;           /* 0 outside strings, 1 in a string, 2 after a backslash */
    bool in_token;       /* inside a number or literal */
    char token_text[24]; /* the current token, cut: enough to judge integers */
    uint32_t token_len;
    bool token_integer; /* only an optional '-' and digits so far */
    jsonp_pos token_pos;
    bool str_is_key;
    uint64_t str_len;
    jsonp_pos str_pos;
    /* open containers */
    struct jsonp_scan_level *levels;
    size_t depth, cap_levels;
    /* keys of all open objects: bytes, then (offset, length) entries */
    char *key_bytes;
    size_t key_bytes_len, key_bytes_cap;
    size_t *key_entries; /* pairs: offset, length */
    size_t n_key_entries, cap_key_entries;
    /* result */
    jsonp_scan_status status;
    jsonp_pos error_pos;
    char error_key[64]; /* the duplicate key, cut to fit */
} jsonp_scan;

/** Prepare a scanner. */
void jsonp_scan_init(jsonp_scan *s, uint64_t string_limit, size_t max_keys, bool keys_plain, jsonp_value_fn on_value,
                     void *ctx);
/** Free what the scanner holds. */
void jsonp_scan_free(jsonp_scan *s);
/** Scan @p n bytes. Returns JSONP_SCAN_OK, or the (sticky) failure. */
jsonp_scan_status jsonp_scan_feed(jsonp_scan *s, const char *buf, size_t n);
/**
 * The first byte of @p buf that JSON text cannot hold, or @p n: invalid UTF-8 (found by
 * @p utf8_check, the host's; *@p encoding set) or else a NUL byte, which json-c would take
 * for the end of the text. *@p what says which.
 */
size_t jsonp_text_bad(size_t (*utf8_check)(const char *, size_t), const char *buf, size_t n, const char **what,
                      bool *encoding);
/** Position after advancing @p p over @p n bytes of @p buf (for errors inside a chunk). */
jsonp_pos jsonp_pos_advance(jsonp_pos p, const char *buf, size_t n);

#endif
