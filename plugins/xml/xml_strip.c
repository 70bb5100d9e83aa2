/* SPDX-License-Identifier: MIT */
/* Comments and processing instructions dropped from the byte stream (xml_strip.h). */
#include "xml_strip.h"

#include <string.h>

enum { XMLP_STRIP_MAX_TAG_LINES = 65536 };
enum { S_TEXT, S_LOOK, S_COMMENT, S_PI_TARGET, S_PI, S_CDATA, S_NAME, S_TAG };

void xmlp_strip_init(xmlp_strip *s, FILE *fp)
{
    memset(s, 0, sizeof *s);
    s->fp = fp;
}

static void emit(xmlp_strip *s, const unsigned char *p, size_t n)
{
    if (!n) return;
    memcpy(s->q + s->q_len, p, n); /* callers keep q_len + n <= sizeof q */
    s->q_len += n;
}

static int name_end(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

/* The white space held after dropped markup goes out where it was: text or a CDATA section follows. */
static void release(xmlp_strip *s)
{
    s->owe += s->held; /* lossy: only its line ends were counted */
    s->held = 0;
    emit(s, s->ws, s->ws_len);
    s->ws_len = 0;
    s->lossy = 0;
}

/* The white space held is all there is before the next tag: its line ends go into the tag. */
static void to_tag(xmlp_strip *s)
{
    for (size_t i = 0; i < s->ws_len; i++) s->held += s->ws[i] == '\n';
    s->newlines += s->held;
    s->held = 0;
    s->ws_len = 0;
    s->lossy = 0;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Markup was dropped: the white space up to the next markup is held (2,000,000 tiny comments on
 * lines of their own would otherwise make one huge white-space text node): exactly, up to
 * sizeof ws bytes, then only its line ends are counted. */
static void dropped(xmlp_strip *s)
{
    s->state = S_TEXT;
    s->absorb = 1;
}

/* Whether look[] is still a prefix of @p word. */
static int prefix_of(const xmlp_strip *s, const char *word)
{
    return s->look_len <= strlen(word) && !memcmp(s->look, word, s->look_len);
}

/* The markup start in look[] is decided (or cannot be one of ours): pass it on. */
static void look_decide(xmlp_strip *s)
{
    if (s->look_len == 4 && !memcmp(s->look, "<!--", 4)) {
        s->state = S_COMMENT;
        s->dashes = 0;
    } else if (s->look_len == 9 && !memcmp(s->look, "<![CDATA[", 9)) {
        release(s);
        s->absorb = 0;
        s->text_seen = 1;
        emit(s, s->look, 9);
        s->state = S_CDATA;
        s->dashes = 0;
    } else if (s->look_len >= 2 && s->look[1] == '?') {
        s->state = S_PI_TARGET; /* look[] keeps "<?" and the target so far */
        return;
    } else if (s->look_len >= 2 && s->look[1] == '!') {
        release(s);
        s->absorb = 0;
        emit(s, s->look, s->look_len); /* <!DOCTYPE …: refused by the reader; copied as a tag */
        s->state = S_TAG;
        s->quote = 0;
    } else {
        /* a start or end tag: "<", then its name (or "/" and the name). Held line ends after
         * text end that text node; else they are white space between tags and go into the tag. */
        if (s->text_seen)
            release(s);
        else
            to_tag(s);
        s->absorb = 0;
        emit(s, s->look, s->look_len);
        s->state = S_NAME;
        s->name_len = 0;
    }
    s->look_len = 0;
}

/* One input byte; it may queue a few bytes of output. */
static void step(xmlp_strip *s, unsigned char c)
{
    switch (s->state) {
    case S_TEXT:
        if (c == '<') {
            s->look[0] = c;
            s->look_len = 1;
            s->state = S_LOOK;
            return;
        }
        if (s->absorb && is_ws(c)) {
            if (!s->lossy && s->ws_len < sizeof s->ws) {
                s->ws[s->ws_len++] = c;
                return;
            }
            if (!s->lossy) {
                for (size_t i = 0; i < s->ws_len; i++) s->held += s->ws[i] == '\n';
                s->ws_len = 0;
                s->lossy = 1;
            }
            s->held += c == '\n';
            return;
        }
        release(s);
        s->absorb = 0;
        if (!is_ws(c)) s->text_seen = 1;
        emit(s, &c, 1);
        return;
    case S_LOOK:
        s->look[s->look_len++] = c;
        if (s->look_len == 2 && c == '?') {
            s->state = S_PI_TARGET;
            return;
        }
        if ((prefix_of(s, "<!--") && s->look_len < 4) || (prefix_of(s, "<![CDATA[") && s->look_len < 9)) return;
        if (s->look_len == 2 && c != '!') { /* "<a", "</": a tag; its first name byte may end it ("<a>") */
            s->look_len = 1;
            look_decide(s);
            step(s, c);
            return;
        }
        look_decide(s);
        return;
    case S_COMMENT:
        if (c == '\n') s->newlines++;
        if (c == '>' && s->dashes >= 2) dropped(s);
        s->dashes = c == '-' ? s->dashes + 1 : 0;
        return;
    case S_PI_TARGET:
        /* "<?xml" (the declaration, or a misplaced one for libxml2 to refuse) is kept */
        if (!name_end(c) && c != '?' && s->look_len < sizeof s->look) {
            s->look[s->look_len++] = c;
            return;
        }
        if (s->look_len == 5 && (s->look[2] | 0x20) == 'x' && (s->look[3] | 0x20) == 'm' &&
            (s->look[4] | 0x20) == 'l') {
            emit(s, s->look, s->look_len);
            emit(s, &c, 1);
            s->state = S_TAG; /* copied to its '>' */
            s->quote = 0;
        } else {
            s->state = S_PI;
            if (c == '\n') s->newlines++;
            s->dashes = c == '?';
        }
        s->look_len = 0;
        return;
    case S_PI:
        if (c == '\n') s->newlines++;
        if (c == '>' && s->dashes) dropped(s);
        s->dashes = c == '?';
        return;
    case S_CDATA:
        emit(s, &c, 1);
        if (c == '>' && s->dashes >= 2) s->state = S_TEXT;
        s->dashes = c == ']' ? s->dashes + 1 : 0;
        return;
    case S_NAME:
        if (!name_end(c) || (c == '/' && s->name_len == 0)) { /* the name, or the '/' of "</" */
            s->name_len++;
            emit(s, &c, 1);
            return;
        }
        /* the name ended: the line breaks owed go here, where a tag allows white space */
        if (s->newlines && s->q_len == 0) {
            /* libxml2 holds a tag whole: at most 64 Ki line ends in one, the rest go into the next tags */
            s->owe = s->newlines < XMLP_STRIP_MAX_TAG_LINES ? s->newlines : XMLP_STRIP_MAX_TAG_LINES;
            s->newlines -= s->owe;
        }
        s->state = c == '>' ? S_TEXT : S_TAG;
        s->text_seen = 0;
        s->quote = 0;
        emit(s, &c, 1);
        return;
    case S_TAG:
        emit(s, &c, 1);
        if (s->quote) {
            if (c == s->quote) s->quote = 0;
        } else if (c == '"' || c == '\'') {
            s->quote = c;
        } else if (c == '>') {
            s->state = S_TEXT;
            s->text_seen = 0;
        }
        return;
    }
}

/* Deliver what is decided: the owed line breaks first, then the queue. */
static size_t deliver(xmlp_strip *s, char *buf, size_t len)
{
    size_t n = 0;
    while (n < len && s->owe) {
        buf[n++] = '\n';
        s->owe--;
    }
    size_t k = s->q_len - s->q_pos;
    if (k > len - n) k = len - n;
    memcpy(buf + n, s->q + s->q_pos, k);
    s->q_pos += k;
    n += k;
    if (s->q_pos == s->q_len) s->q_pos = s->q_len = 0;
    return n;
}

static int fill(xmlp_strip *s)
{
    s->in_pos = 0;
    s->in_len = fread(s->in, 1, sizeof s->in, s->fp);
    if (s->in_len == 0) {
        if (ferror(s->fp)) return -1;
        s->eof = 1;
    }
    if (!s->started && s->in_len >= 2) {
        /* UTF-16 (a BOM, or a zero byte beside the first '<') or UCS-4: bytes are not ASCII */
        const unsigned char *b = s->in;
        s->passthrough = (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) || !b[0] || !b[1];
    }
    s->started = 1;
    return 0;
}

/* At the end: markup that never closed is passed on as it was (libxml2 reports it), and the line breaks. */
static void finish(xmlp_strip *s)
{
    release(s);
    if (s->state == S_LOOK || s->state == S_PI_TARGET) emit(s, s->look, s->look_len);
    /* an unclosed comment or PI stays one, so that libxml2 still refuses the file */
    if (s->state == S_COMMENT) emit(s, (const unsigned char *)"<!--", 4);
    if (s->state == S_PI) emit(s, (const unsigned char *)"<?x ", 4);
    s->look_len = 0;
    s->owe += s->newlines;
    s->newlines = 0;
    s->state = S_TEXT;
    s->eof = 2;
}

int xmlp_strip_read(void *ctx, char *buf, int len)
{
    xmlp_strip *s = ctx;
    if (len <= 0) return 0;
    size_t cap = (size_t)len, n = 0;
    while (n < cap) {
        n += deliver(s, buf + n, cap - n);
        if (n == cap || s->eof == 2) break;
        if (s->in_pos == s->in_len) {
            if (s->eof) {
                finish(s);
                continue;
            }
            if (fill(s) != 0) return n ? (int)n : -1;
            continue;
        }
        if (s->passthrough) {
            size_t k = s->in_len - s->in_pos;
            if (k > cap - n) k = cap - n;
            memcpy(buf + n, s->in + s->in_pos, k);
            s->in_pos += k;
            n += k;
            continue;
        }
        /* a run of plain text goes straight through */
        if (s->state == S_TEXT && !s->owe && s->q_len == 0 && !s->absorb) {
            const unsigned char *p = s->in + s->in_pos;
            size_t k = s->in_len - s->in_pos;
            if (k > cap - n) k = cap - n;
            const unsigned char *lt = memchr(p, '<', k);
            if (lt) k = (size_t)(lt - p);
            for (size_t i = 0; i < k && !s->text_seen; i++)
                s->text_seen = p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n';
            memcpy(buf + n, p, k);
            s->in_pos += k;
            n += k;
            if (!lt) continue;
        }
        step(s, s->in[s->in_pos++]);
    }
    return (int)n;
}
