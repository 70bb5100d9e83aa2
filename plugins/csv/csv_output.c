/* SPDX-License-Identifier: MIT */
/* CSV output: quote only when needed, buffer, convert to GB18030 when asked. */
#include "csv_output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSVP_OUT_FLUSH (256u * 1024u)

char csvp_delimiter_option(const char *v);

static int csvp_out_flush(csvp_out *w)
{
    if (w->status || w->len == 0) return w->status;
    if (w->cd == (iconv_t)-1) {
        if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
            w->status = w->h->error_set(w->err, BK_ERR_IO, 0, 0, NULL, "write error");
        w->len = 0;
        return w->status;
    }
    char tmp[16384];
    char *ip = w->buf;
    size_t il = w->len;
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t res = iconv(w->cd, &ip, &il, &op, &ol);
        if (op > tmp && fwrite(tmp, 1, (size_t)(op - tmp), w->fp) != (size_t)(op - tmp))
            return w->status = w->h->error_set(w->err, BK_ERR_IO, 0, 0, NULL, "write error");
        if (res == (size_t)-1 && errno != E2BIG) {
            /* we only ever hand complete UTF-8 lines to iconv, so EINVAL means bad text in the document */
            return w->status = w->h->error_set(w->err, BK_ERR_ENCODING, 0, 0, NULL,
                                               "text cannot be written as GB18030 (invalid UTF-8 in the document)");
        }
    }
    w->len = 0;
    return w->status;
}

/* Room for @p n more bytes; false (status set) when there is none. */
static int csvp_out_reserve(csvp_out *w, size_t n)
{
    if (w->status) return 0;
    if (w->len + n <= w->cap) return 1;
    size_t cap = w->cap ? w->cap : CSVP_OUT_FLUSH * 2;
    while (cap < w->len + n) cap *= 2;
    char *nb = realloc(w->buf, cap);
    if (!nb) {
        w->status = w->h->error_set(w->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return 0;
    }
    w->buf = nb;
    w->cap = cap;
    return 1;
}

static void csvp_out_put(csvp_out *w, const char *s, size_t n)
{
    if (w->status || n == 0 || !csvp_out_reserve(w, n)) return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* -o excel=true: what Excel opens without asking, also on Chinese Windows (whose Excel
 * reads a UTF-8 file without BOM as GBK: 乱码): CRLF line ends, and the UTF-8 BOM.
 * GB18030 output is what that Excel reads natively: it gets CRLF but no BOM.
 * Returns whether a BOM is to be written for this reason. */
static int csvp_out_excel(csvp_out *w, const bk_host *h, const bk_options *o, int gb)
{
    if (!h->options_get_bool(o, "excel", 0)) return 0;
    w->eol = "\r\n";
    return !gb;
}

int csvp_out_open(csvp_out *w, const bk_host *h, const bk_sink *out, const bk_options *o, bk_error *err)
{
    memset(w, 0, sizeof *w);
    w->h = h;
    w->fp = out->fp;
    w->err = err;
    w->cd = (iconv_t)-1;
    w->eol = "\n";
    const char *enc = h->options_get(o, "encoding");
    int gb = enc && (!strcasecmp(enc, "gb18030") || !strcasecmp(enc, "gbk"));
    if (enc && !gb && strcasecmp(enc, "utf-8") && strcasecmp(enc, "auto"))
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "cannot write encoding '%s' (utf-8 or gb18030)", enc);
    char d = csvp_delimiter_option(h->options_get(o, "delimiter"));
    if (d == (char)-1)
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "bad delimiter '%s'", h->options_get(o, "delimiter"));
    if (!d) {
        const char *name = out->display_name ? out->display_name : out->path;
        const char *dot = name ? strrchr(name, '.') : NULL;
        d = dot && (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".txt")) ? '\t' : ',';
    }
    w->delim = d;
    w->excel_safe = h->options_get_bool(o, "excel_safe", 0);
    if (gb) {
        w->cd = iconv_open("GB18030", "UTF-8");
        if (w->cd == (iconv_t)-1) return h->error_set(err, BK_ERR_ENCODING, 0, 0, NULL, "iconv has no GB18030");
    }
    int excel_bom = csvp_out_excel(w, h, o, gb);
    if (excel_bom || h->options_get_bool(o, "bom", 0)) {
        if (gb) {
            static const char gbom[4] = {(char)0x84, 0x31, (char)0x95, 0x33};
            if (fwrite(gbom, 1, 4, w->fp) != 4) return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "write error");
        } else if (fwrite("\xEF\xBB\xBF", 1, 3, w->fp) != 3) {
            return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "write error");
        }
    }
    return BK_OK;
}

/* A plain decimal number ("-12.50", "+3"): a spreadsheet reads it as a number, never a formula. */
static int plain_number(const char *s, size_t n)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0, digits = 0, dots = 0;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dots)
            dots++;
        else
            return 0;
    }
    return digits > 0;
}

/* Text a spreadsheet would take for a formula (CSV injection): = + - @, and tab or CR before them. */
static int formula_like(const char *s, size_t n)
{
    return n > 0 && s[0] && strchr("=+-@\t\r", s[0]) && !plain_number(s, n);
}

void csvp_out_field(csvp_out *w, const char *s, size_t n)
{
    /* one reservation for the worst case (delimiter, quotes, guard, every byte doubled):
     * seven fields an amount, the calls were a fifth of a long write */
    if (n > SIZE_MAX / 2 - 8 || !csvp_out_reserve(w, 2 * n + 4)) return;
    char *o = w->buf + w->len;
    if (w->field++) *o++ = w->delim;
    int guard = w->excel_safe && formula_like(s, n);
    size_t i = 0;
    while (i < n && s[i] != '"' && s[i] != '\n' && s[i] != '\r' && s[i] != w->delim) i++;
    if (i == n) { /* no quotes needed */
        if (guard) *o++ = '\'';
        memcpy(o, s, n);
        w->len = (size_t)(o + n - w->buf);
        return;
    }
    *o++ = '"';
    if (guard) *o++ = '\'';
    for (i = 0; i < n; i++) {
        if (s[i] == '"') *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
}

void csvp_out_str(csvp_out *w, const char *s)
{
    csvp_out_field(w, s ? s : "", s ? strlen(s) : 0);
}

void csvp_out_eol(csvp_out *w)
{
    csvp_out_put(w, w->eol, strlen(w->eol));
    w->field = 0;
    if (w->len >= CSVP_OUT_FLUSH) csvp_out_flush(w);
}

int csvp_out_sync(csvp_out *w)
{
    return csvp_out_flush(w);
}

int csvp_out_close(csvp_out *w)
{
    csvp_out_flush(w);
    if (w->cd != (iconv_t)-1) iconv_close(w->cd);
    w->cd = (iconv_t)-1; /* closing twice (the spool of a streamed write) is harmless */
    free(w->buf);
    w->buf = NULL;
    return w->status;
}
