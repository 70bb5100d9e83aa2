/* SPDX-License-Identifier: MIT */
/* Streaming JSON writer: fixed layout, so the same model always gives the same bytes. */
#include "json_writer.h"
#include <string.h>

void jsonp_writer_init(jsonp_writer *w, FILE *fp, int indent, jsonp_utf8_fn utf8_check)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
    w->indent = indent < 0 ? 0 : indent;
    w->utf8_check = utf8_check;
}

static void put(jsonp_writer *w, const char *s, size_t n)
{
    if (w->status == JSONP_W_OK && n && fwrite(s, 1, n, w->fp) != n) w->status = JSONP_W_IO;
}

static void puts_(jsonp_writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void newline_indent(jsonp_writer *w, int level)
{
    static const char spaces[] = "                                ";
    put(w, "\n", 1);
    size_t n = (size_t)level * (size_t)w->indent;
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        put(w, spaces, k);
        n -= k;
    }
}

/* Separator and line break before a member or element of the innermost container. */
static void before_item(jsonp_writer *w)
{
    if (w->after_key) { /* the value of a member: stays on the key's line */
        w->after_key = false;
        return;
    }
    if (w->depth == 0) return;
    int top = w->depth - 1;
    if (w->has_items[top]) put(w, ",", 1);
    if (w->is_inline[top]) {
        if (w->has_items[top]) put(w, " ", 1);
    } else {
        newline_indent(w, w->depth);
    }
    w->has_items[top] = true;
}

static jsonp_wstatus begin(jsonp_writer *w, bool inline_, const char *open)
{
    before_item(w);
    if (w->depth >= JSONP_WRITER_MAX_DEPTH) {
        if (w->status == JSONP_W_OK) w->status = JSONP_W_DEPTH;
        return w->status;
    }
    bool parent_inline = w->depth > 0 && w->is_inline[w->depth - 1];
    w->is_inline[w->depth] = inline_ || parent_inline;
    w->has_items[w->depth] = false;
    w->depth++;
    puts_(w, open);
    return w->status;
}

jsonp_wstatus jsonp_begin_object(jsonp_writer *w, bool inline_)
{
    return begin(w, inline_, "{");
}
jsonp_wstatus jsonp_begin_array(jsonp_writer *w, bool inline_)
{
    return begin(w, inline_, "[");
}

/* Close with the right bracket and layout. */
static jsonp_wstatus end_with(jsonp_writer *w, const char *close)
{
    if (w->depth == 0) return w->status;
    int top = w->depth - 1;
    if (!w->is_inline[top] && w->has_items[top]) newline_indent(w, top);
    w->depth--;
    puts_(w, close);
    return w->status;
}

jsonp_wstatus jsonp_end_object(jsonp_writer *w)
{
    return end_with(w, "}");
}
jsonp_wstatus jsonp_end_array(jsonp_writer *w)
{
    return end_with(w, "]");
}

static void write_escaped(jsonp_writer *w, const char *s)
{
    size_t len = strlen(s);
    if (w->utf8_check && w->utf8_check(s, len) != len) {
        if (w->status == JSONP_W_OK) w->status = JSONP_W_UTF8;
        return;
    }
    put(w, "\"", 1);
    size_t run = 0; /* bytes copied unchanged, flushed in one write */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20) {
                snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
                esc = ubuf;
            }
        }
        if (esc) {
            put(w, s + i - run, run);
            run = 0;
            puts_(w, esc);
        } else {
            run++;
        }
    }
    put(w, s + len - run, run);
    put(w, "\"", 1);
}

jsonp_wstatus jsonp_key(jsonp_writer *w, const char *key)
{
    before_item(w);
    write_escaped(w, key);
    put(w, ": ", 2);
    w->after_key = true;
    return w->status;
}

jsonp_wstatus jsonp_string(jsonp_writer *w, const char *s)
{
    before_item(w);
    write_escaped(w, s);
    return w->status;
}

jsonp_wstatus jsonp_raw_number(jsonp_writer *w, const char *text)
{
    before_item(w);
    puts_(w, text);
    return w->status;
}

jsonp_wstatus jsonp_int(jsonp_writer *w, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    return jsonp_raw_number(w, buf);
}

jsonp_wstatus jsonp_null(jsonp_writer *w)
{
    return jsonp_raw_number(w, "null");
}

jsonp_wstatus jsonp_finish(jsonp_writer *w)
{
    put(w, "\n", 1);
    if (w->status == JSONP_W_OK && (fflush(w->fp) != 0 || ferror(w->fp))) w->status = JSONP_W_IO;
    return w->status;
}

jsonp_wstatus jsonp_member_string_opt(jsonp_writer *w, const char *key, const char *s)
{
    if (!s) return w->status;
    jsonp_key(w, key);
    return jsonp_string(w, s);
}

jsonp_wstatus jsonp_member_int(jsonp_writer *w, const char *key, long long v)
{
    jsonp_key(w, key);
    return jsonp_int(w, v);
}
