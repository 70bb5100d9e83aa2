/* SPDX-License-Identifier: MIT */
/**
 * @file json_writer.h
 * @brief A small streaming JSON writer with a fixed, deterministic layout.
 *
 * Containers are either "block" (one member per line, indented) or "inline"
 * (all members on one line, separated by ", "). An inline container stays
 * inline to its end, whatever is opened inside it. Output goes straight to a
 * FILE; nothing is built in memory. Strings must be valid UTF-8 (checked).
 */
#ifndef JSONP_WRITER_H
#define JSONP_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Deepest nesting the writer supports. */
#define JSONP_WRITER_MAX_DEPTH 32

/** Why a write call failed. */
typedef enum jsonp_wstatus {
    JSONP_W_OK = 0,
    JSONP_W_IO,   /**< the stream reported an error */
    JSONP_W_UTF8, /**< a string is not valid UTF-8 */
    JSONP_W_DEPTH /**< nesting deeper than JSONP_WRITER_MAX_DEPTH */
} jsonp_wstatus;

/** Checks UTF-8: offset of the first bad byte, or len. */
typedef size_t (*jsonp_utf8_fn)(const char *s, size_t len);

typedef struct jsonp_writer {
    FILE *fp;
    int indent; /**< spaces per level */
    jsonp_utf8_fn utf8_check;
    int depth;
    bool has_items[JSONP_WRITER_MAX_DEPTH];
    bool is_inline[JSONP_WRITER_MAX_DEPTH];
    bool after_key;       /**< a key was written; the next value follows it on the line */
    jsonp_wstatus status; /**< first failure, sticky */
} jsonp_writer;

/** Start writing to @p fp with @p indent spaces per level. */
void jsonp_writer_init(jsonp_writer *w, FILE *fp, int indent, jsonp_utf8_fn utf8_check);
/** Open an object; @p inline_ puts it on one line. */
jsonp_wstatus jsonp_begin_object(jsonp_writer *w, bool inline_);
/** Open an array; @p inline_ puts it on one line. */
jsonp_wstatus jsonp_begin_array(jsonp_writer *w, bool inline_);
/** Close the innermost object. */
jsonp_wstatus jsonp_end_object(jsonp_writer *w);
/** Close the innermost array. */
jsonp_wstatus jsonp_end_array(jsonp_writer *w);
/** Write a member name (plain ASCII keys; escaped like any string). */
jsonp_wstatus jsonp_key(jsonp_writer *w, const char *key);
/** Write a string value. */
jsonp_wstatus jsonp_string(jsonp_writer *w, const char *s);
/** Write a number given as already valid JSON number text ("8261.00"). */
jsonp_wstatus jsonp_raw_number(jsonp_writer *w, const char *text);
/** Write an integer. */
jsonp_wstatus jsonp_int(jsonp_writer *w, long long v);
/** Write null. */
jsonp_wstatus jsonp_null(jsonp_writer *w);
/** End the document with a newline and flush; returns the sticky status. */
jsonp_wstatus jsonp_finish(jsonp_writer *w);

/** Convenience: key + string, skipped when @p s is NULL. */
jsonp_wstatus jsonp_member_string_opt(jsonp_writer *w, const char *key, const char *s);
/** Convenience: key + integer. */
jsonp_wstatus jsonp_member_int(jsonp_writer *w, const char *key, long long v);

#endif
