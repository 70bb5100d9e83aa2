/* SPDX-License-Identifier: MIT */
/* Streaming CSV/TSV input: bytes → UTF-8 → libcsv → records, with lines counted here
 * (libcsv reports no positions) and every length bounded by the source limits. */
#include "csv_input.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>

#define CSVP_FIELD_STEP_MIN 4096 /* the smallest step libcsv grows a field buffer by */
#endif

#define CSVP_CHUNK (256u * 1024u)

typedef struct csvp_in {
    const bk_host *h;
    const bk_source *src;
    bk_error *err;
    csvp_record_fn fn;
    void *ctx;
    struct csv_parser p;
    int utf8_check;    /* validate fields (input declared or detected as UTF-8) */
    uint32_t line;     /* line being fed, 1-based */
    uint32_t rec_line; /* line where the current record began */
    char *buf;         /* fields of the current record, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *offs;
    size_t *lens;
    const char **ptrs;
    size_t n_fields, cap_fields;
    uint64_t n_records;
    uint64_t max_line_bytes;
    int status; /* first error raised inside a callback */
    char delim;
} csvp_in;

/* ---------------------------------------------------------------- sniffing */

int csvp_head_is_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (n == 0 || c > 0xF4) return 0;
        if (len - i < n) {
            /* a sequence cut by the end of the head: check what is there */
            for (size_t k = i + 1; k < len; k++)
                if ((s[k] & 0xC0) != 0x80) return 0;
            return 1;
        }
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return 0;
        uint32_t cp = n == 2 ? (uint32_t)(c & 0x1F) : n == 3 ? (uint32_t)(c & 0x0F) : (uint32_t)(c & 0x07);
        for (size_t k = 1; k < n; k++) cp = (cp << 6) | (s[i + k] & 0x3Fu);
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

char csvp_sniff_delimiter(const unsigned char *head, size_t len)
{
    static const char cands[3] = {'\t', ',', ';'};
    unsigned lines_with[3] = {0, 0, 0};
    unsigned seen[3] = {0, 0, 0};
    int in_quote = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = head[i];
        if (c == '"') in_quote = !in_quote;
        if (in_quote) continue;
        if (c == '\n') {
            for (int k = 0; k < 3; k++) {
                lines_with[k] += seen[k] ? 1 : 0;
                seen[k] = 0;
            }
            continue;
        }
        for (int k = 0; k < 3; k++)
            if (c == (unsigned char)cands[k]) seen[k] = 1;
    }
    for (int k = 0; k < 3; k++) lines_with[k] += seen[k] ? 1 : 0;
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (lines_with[k] > lines_with[best]) best = k;
    if (lines_with[best] == 0) return ',';
    return cands[best];
}

/* ---------------------------------------------------------------- records */

static int csvp_space_none(unsigned char c)
{
    (void)c;
    return 0; /* keep every space: amounts and names are trimmed by the recognizer, texts stay as printed */
}

static int csvp_fail(csvp_in *r, int code, uint32_t column, const char *fmt, const char *what)
{
    if (r->status) return r->status;
    r->status = r->h->error_set(r->err, code, r->rec_line ? r->rec_line : r->line, column, NULL, fmt, what);
    return r->status;
}

/* Room for @p fields fields and @p bytes bytes in the record buffers. */
static int csvp_reserve(csvp_in *r, size_t fields, size_t bytes)
{
    if (fields > r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields : 64;
        while (cap < fields) cap *= 2;
        size_t *no = realloc(r->offs, cap * sizeof *no);
        if (no) r->offs = no;
        size_t *nl = realloc(r->lens, cap * sizeof *nl);
        if (nl) r->lens = nl;
        const char **np = realloc(r->ptrs, cap * sizeof *np);
        if (np) r->ptrs = np;
        if (!no || !nl || !np) return csvp_fail(r, BK_ERR_NOMEM, 0, "%s", "out of memory");
        r->cap_fields = cap;
    }
    if (bytes > r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap : 4096;
        while (cap < bytes) cap *= 2;
        char *nb = realloc(r->buf, cap);
        if (!nb) return csvp_fail(r, BK_ERR_NOMEM, 0, "%s", "out of memory");
        r->buf = nb;
        r->buf_cap = cap;
    }
    return BK_OK;
}

static void csvp_on_field(void *s, size_t len, void *data)
{
    csvp_in *r = data;
    if (r->status) return;
    const bk_limits *lim = r->src->limits;
    if (r->n_fields + 1 > lim->columns) {
        char msg[64];
        snprintf(msg, sizeof msg, "%llu", (unsigned long long)lim->columns);
        csvp_fail(r, BK_ERR_LIMIT, (uint32_t)(r->n_fields + 1), "more than limit.columns=%s fields in one record", msg);
        return;
    }
    if (len > lim->string_bytes) {
        char msg[64];
        snprintf(msg, sizeof msg, "%llu", (unsigned long long)lim->string_bytes);
        csvp_fail(r, BK_ERR_LIMIT, (uint32_t)(r->n_fields + 1), "field longer than limit.string_bytes=%s bytes", msg);
        return;
    }
    const char *text = s ? s : "";
    if (len && memchr(text, '\0', len)) {
        csvp_fail(r, BK_ERR_ENCODING, (uint32_t)(r->n_fields + 1), "%s",
                  "NUL byte in a field: this is a binary file, not CSV text");
        return;
    }
    if (r->utf8_check && len) {
        size_t bad = r->h->utf8_check(text, len);
        if (bad != len) {
            char msg[96];
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu of the field (try -o encoding=gb18030)", bad + 1);
            csvp_fail(r, BK_ERR_ENCODING, (uint32_t)(r->n_fields + 1), "%s", msg);
            return;
        }
    }
    if (csvp_reserve(r, r->n_fields + 1, r->buf_len + len + 1)) return;
    if (r->buf_len + len > r->max_line_bytes) {
        csvp_fail(r, BK_ERR_LIMIT, (uint32_t)(r->n_fields + 1), "%s",
                  "record too long (more than 16 x limit.string_bytes bytes)");
        return;
    }
    memcpy(r->buf + r->buf_len, text, len);
    r->offs[r->n_fields] = r->buf_len;
    r->lens[r->n_fields] = len;
    r->buf_len += len;
    r->buf[r->buf_len++] = '\0';
    r->n_fields++;
}

/* Hand the record in r->ptrs / r->lens to the caller. */
static void csvp_deliver(csvp_in *r, size_t n_fields)
{
    if (++r->n_records > r->src->limits->rows) {
        csvp_fail(r, BK_ERR_LIMIT, 0, "%s", "more records than limit.rows");
        return;
    }
    bk_record rec = {.n_fields = n_fields, .fields = r->ptrs, .lens = r->lens, .line = r->rec_line};
    int rc = r->fn(r->ctx, &rec);
    if (rc) r->status = rc;
}

static void csvp_on_row(int term, void *data)
{
    (void)term;
    csvp_in *r = data;
    if (r->status) return;
    for (size_t i = 0; i < r->n_fields; i++) r->ptrs[i] = r->buf + r->offs[i];
    csvp_deliver(r, r->n_fields);
    r->n_fields = 0;
    r->buf_len = 0;
}

/* The delimiters of a line (positions in r->offs), whether it has bytes >= 0x80, and whether
 * libcsv must take it (a quote, a CR before the end, a NUL). One pass, 16 bytes at a time. */
typedef struct csvp_scan {
    size_t n_delim;
    int high;
    int for_libcsv;
} csvp_scan;

static int csvp_note_delim(csvp_in *r, csvp_scan *sc, size_t at)
{
    const bk_limits *lim = r->src->limits;
    if (sc->n_delim + 2 > lim->columns) { /* this delimiter opens field n_delim + 2 */
        char msg[64];
        snprintf(msg, sizeof msg, "%llu", (unsigned long long)lim->columns);
        return csvp_fail(r, BK_ERR_LIMIT, (uint32_t)lim->columns + 1, "more than limit.columns=%s fields in one record",
                         msg);
    }
    if (sc->n_delim + 2 > r->cap_fields && csvp_reserve(r, sc->n_delim + 2, 0)) return r->status;
    r->offs[sc->n_delim++] = at;
    return BK_OK;
}

static int csvp_scan_line(csvp_in *r, const char *s, size_t end, csvp_scan *sc)
{
    size_t i = 0;
    unsigned high = 0;
    memset(sc, 0, sizeof *sc);
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128(),
                  delim = _mm_set1_epi8(r->delim);
    for (; i + 16 <= end; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)), _mm_cmpeq_epi8(v, nul));
        if (_mm_movemask_epi8(special)) {
            sc->for_libcsv = 1;
            return BK_OK;
        }
        high |= (unsigned)_mm_movemask_epi8(v);
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim)); m; m &= m - 1)
            if (csvp_note_delim(r, sc, i + (size_t)__builtin_ctz(m))) return r->status;
    }
#endif
    for (; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\r' || c == 0) {
            sc->for_libcsv = 1;
            return BK_OK;
        }
        high |= c & 0x80u;
        if (c == (unsigned char)r->delim && csvp_note_delim(r, sc, i)) return r->status;
    }
    sc->high = high != 0;
    return BK_OK;
}

/*
 * A complete line without quotes or stray CRs, met between records, is split here, in
 * place: libcsv would produce exactly these fields (spaces kept), only slower, since it
 * calls the space and terminator checks per byte and copies every byte. The fields point
 * into @p s, NUL-terminated where the delimiters and the line end were. Returns 1 if the
 * line was taken (or failed), 0 if libcsv must take it.
 */
static int csvp_fast_line(csvp_in *r, char *s, size_t piece)
{
    size_t end = piece - 1; /* the '\n' */
    if (end > 0 && s[end - 1] == '\r') end--;
    if (end == 0) return 1; /* a blank line: libcsv skips it too */
    r->rec_line = r->line;
    const bk_limits *lim = r->src->limits;
    if (end > r->max_line_bytes) {
        csvp_fail(r, BK_ERR_LIMIT, 1, "%s", "record too long (more than 16 x limit.string_bytes bytes)");
        return 1;
    }
    csvp_scan sc;
    if (csvp_scan_line(r, s, end, &sc)) return 1;
    if (sc.for_libcsv) return 0;
    if (sc.high && r->utf8_check) {
        size_t bad = r->h->utf8_check(s, end);
        if (bad != end) {
            size_t field = 0;
            while (field < sc.n_delim && r->offs[field] < bad) field++;
            size_t start = field ? r->offs[field - 1] + 1 : 0;
            char msg[96];
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu of the field (try -o encoding=gb18030)",
                     bad - start + 1);
            csvp_fail(r, BK_ERR_ENCODING, (uint32_t)field + 1, "%s", msg);
            return 1;
        }
    }
    if (sc.n_delim + 1 > r->cap_fields && csvp_reserve(r, sc.n_delim + 1, 0)) return 1;
    size_t start = 0;
    for (size_t k = 0; k <= sc.n_delim; k++) {
        size_t stop = k < sc.n_delim ? r->offs[k] : end;
        if (stop - start > lim->string_bytes) {
            char msg[64];
            snprintf(msg, sizeof msg, "%llu", (unsigned long long)lim->string_bytes);
            csvp_fail(r, BK_ERR_LIMIT, (uint32_t)k + 1, "field longer than limit.string_bytes=%s bytes", msg);
            return 1;
        }
        s[stop] = '\0';
        r->ptrs[k] = s + start;
        r->lens[k] = stop - start;
        start = stop + 1;
    }
    csvp_deliver(r, sc.n_delim + 1);
    return 1;
}

/* Feed UTF-8 bytes to libcsv one line at a time so that every record and error knows its line. */
static int csvp_feed(csvp_in *r, char *s, size_t n)
{
    while (n > 0 && !r->status) {
        char *nl = memchr(s, '\n', n);
        size_t piece = nl ? (size_t)(nl - s) + 1 : n;
        if (nl && r->p.pstate == 0 && r->n_fields == 0 && csvp_fast_line(r, s, piece)) {
            if (r->status) return r->status;
            if (r->line == UINT32_MAX) return csvp_fail(r, BK_ERR_LIMIT, 0, "%s", "more than 4294967295 lines");
            r->line++;
            s += piece;
            n -= piece;
            continue;
        }
        if (r->p.pstate == 0 && r->n_fields == 0) r->rec_line = r->line; /* ROW_NOT_BEGUN: a record may start here */
        /* libcsv grows its field buffer by a fixed step (128 bytes by default): make the step
         * the buffer's current size, so the buffer doubles and a long field costs linear time */
        size_t step = csv_get_buffer_size(&r->p);
        csv_set_blk_size(&r->p, step < CSVP_FIELD_STEP_MIN ? CSVP_FIELD_STEP_MIN : step);
        size_t used = csv_parse(&r->p, s, piece, csvp_on_field, csvp_on_row, r);
        if (r->status) return r->status;
        if (used != piece) {
            r->rec_line = r->line;
            char what[160];
            snprintf(what, sizeof what, "%s (field %zu; a stray or unbalanced quote?)", csv_strerror(csv_error(&r->p)),
                     r->n_fields + 1);
            return csvp_fail(r, BK_ERR_PARSE, (uint32_t)(r->n_fields + 1), "%s", what);
        }
        if (csv_get_buffer_size(&r->p) > r->src->limits->string_bytes + 1) {
            r->rec_line = r->rec_line ? r->rec_line : r->line;
            char msg[64];
            snprintf(msg, sizeof msg, "%llu", (unsigned long long)r->src->limits->string_bytes);
            return csvp_fail(r, BK_ERR_LIMIT, (uint32_t)(r->n_fields + 1),
                             "field longer than limit.string_bytes=%s bytes (an unbalanced quote?)", msg);
        }
        if (nl) {
            if (r->line == UINT32_MAX) return csvp_fail(r, BK_ERR_LIMIT, 0, "%s", "more than 4294967295 lines");
            r->line++;
        }
        s += piece;
        n -= piece;
    }
    return r->status;
}

/* ---------------------------------------------------------------- parts
 * Reading a part of the file (bk_source.range_*): records begin at offset 0 or after a
 * line end outside quoted fields, and the parity of the quotes before a line end says
 * whether it is inside one: in a file that libcsv accepts in strict mode, a quote only
 * opens, closes or doubles inside a quoted field. A file it rejects fails in some part,
 * and the core then reads it again whole. Both ends of a part are found by the same rule,
 * so consecutive parts deliver every record once. '"' and '\n' never occur inside a
 * multibyte character of UTF-8 or GB18030, so the raw bytes are scanned in either. */

#define CSVP_SCAN_CHUNK (64u * 1024u)

/* The search for a part's boundary in raw bytes: the first line end at or after offset
 * `from` with an even number of quotes before it. Both ends of a part use it. */
typedef struct csvp_boundary {
    uint64_t pos;    /* file offset of the next byte fed */
    uint64_t from;   /* UINT64_MAX: no boundary sought (the last part) */
    uint64_t quotes; /* quotes since the scan began (it begins outside quotes) */
    uint64_t lines;  /* line ends before the boundary, if count_lines */
    int count_lines;
    int found;
} csvp_boundary;

static uint64_t csvp_count_byte(const char *s, size_t n, char ch)
{
    uint64_t k = 0;
    const char *end = s + n;
    while (s < end && (s = memchr(s, ch, (size_t)(end - s))) != NULL) {
        k++;
        s++;
    }
    return k;
}

/* Feed @p n bytes; returns how many of them come up to and including the boundary (all if not found). */
static size_t csvp_boundary_feed(csvp_boundary *bd, const char *b, size_t n)
{
    if (bd->from == UINT64_MAX) {
        bd->pos += n;
        return n;
    }
    size_t k = bd->pos >= bd->from ? 0 : (bd->from - bd->pos < n ? (size_t)(bd->from - bd->pos) : n);
    bd->quotes += csvp_count_byte(b, k, '"');
    if (bd->count_lines) bd->lines += csvp_count_byte(b, k, '\n');
    for (size_t i = k; i < n; i++) {
        if (b[i] == '"') {
            bd->quotes++;
        } else if (b[i] == '\n') {
            bd->lines++;
            if (!(bd->quotes & 1)) {
                bd->found = 1;
                bd->pos += i + 1;
                return i + 1;
            }
        }
    }
    bd->pos += n;
    return n;
}

/* Offset of the first record that begins at or after @p begin (> 0), and its line; seeks there. */
static int csvp_range_start(const bk_host *h, const bk_source *in, uint64_t begin, uint64_t *start, uint32_t *line,
                            bk_error *err)
{
    char *buf = malloc(CSVP_SCAN_CHUNK);
    if (!buf) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    csvp_boundary bd = {.from = begin - 1, .count_lines = 1};
    int rc = BK_OK;
    while (!bd.found) {
        if (in->interrupted && *in->interrupted) {
            rc = h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
            break;
        }
        size_t got = fread(buf, 1, CSVP_SCAN_CHUNK, in->fp);
        if (ferror(in->fp)) {
            rc = h->error_set(err, BK_ERR_IO, 0, 0, NULL, "read error");
            break;
        }
        if (got == 0) break; /* no record begins in the range: an empty part */
        csvp_boundary_feed(&bd, buf, got);
    }
    free(buf);
    if (rc) return rc;
    if (bd.lines >= UINT32_MAX) return h->error_set(err, BK_ERR_LIMIT, 0, 0, NULL, "%s", "more than 4294967295 lines");
    *start = bd.pos;
    *line = (uint32_t)bd.lines + 1;
    if (fseeko(in->fp, (off_t)bd.pos, SEEK_SET) != 0)
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot seek in the input");
    return BK_OK;
}

/* ---------------------------------------------------------------- encodings */

static const char *csvp_iconv_name(const char *enc)
{
    if (!strcasecmp(enc, "gb18030") || !strcasecmp(enc, "gbk") || !strcasecmp(enc, "gb2312") ||
        !strcasecmp(enc, "cp936"))
        return "GB18030";
    if (!strcasecmp(enc, "utf-16le")) return "UTF-16LE";
    if (!strcasecmp(enc, "utf-16be")) return "UTF-16BE";
    return NULL;
}

/*
 * Multibyte UTF-8 characters before the first byte that is not UTF-8. A UTF-8 file with
 * one GB18030 word is still UTF-8 (and its error belongs on that word's line); GB18030
 * text forms a run of eight valid UTF-8 characters from its start by chance essentially never.
 */
static size_t csvp_utf8_before_first_bad(const unsigned char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
        if (len > n - i || !csvp_head_is_utf8(s + i, len)) break;
        chars++;
        i += len;
    }
    return chars;
}

/* Encoding and BOM length from the option, or from the first bytes. */
static int csvp_pick_encoding(const bk_host *h, const bk_source *in, const bk_options *o, csvp_input_info *info,
                              size_t *bom, bk_error *err)
{
    const unsigned char *s = in->head;
    size_t n = in->head_len;
    const char *opt = h->options_get(o, "encoding");
    *bom = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        strcpy(info->encoding, "utf-8");
        *bom = 3;
    } else if (n >= 4 && s[0] == 0x84 && s[1] == 0x31 && s[2] == 0x95 && s[3] == 0x33) {
        strcpy(info->encoding, "gb18030");
        *bom = 4;
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        strcpy(info->encoding, "utf-16le");
        *bom = 2;
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        strcpy(info->encoding, "utf-16be");
        *bom = 2;
    } else if (csvp_head_is_utf8(s, n) || csvp_utf8_before_first_bad(s, n) >= 8)
        strcpy(info->encoding, "utf-8");
    else
        strcpy(info->encoding, "gb18030");
    info->had_bom = *bom > 0;
    if (opt && strcasecmp(opt, "auto") != 0) {
        if (strcasecmp(opt, "utf-8") && strcasecmp(opt, "utf8") && !csvp_iconv_name(opt))
            return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                                "unknown encoding '%s' (utf-8, gb18030, gbk, utf-16le, utf-16be)", opt);
        if (!csvp_iconv_name(opt))
            strcpy(info->encoding, "utf-8");
        else
            snprintf(info->encoding, sizeof info->encoding, "%s", opt);
        /* a BOM of another encoding than the one forced is not skipped */
        if (*bom == 3 && strcmp(info->encoding, "utf-8") != 0) *bom = 0;
    }
    return BK_OK;
}

/* A NUL byte outside UTF-16 means a binary file: say so before libcsv sees it. */
static int csvp_check_binary(const bk_host *h, const unsigned char *s, size_t n, const char *enc, bk_error *err)
{
    if (!strncmp(enc, "utf-16", 6)) return BK_OK;
    const unsigned char *z = memchr(s, 0, n);
    if (!z) return BK_OK;
    uint32_t line = 1;
    for (const unsigned char *p = s; p < z; p++) line += *p == '\n';
    return h->error_set(err, BK_ERR_ENCODING, line, 0, NULL,
                        "NUL byte at offset %zu: this is a binary file, not CSV text", (size_t)(z - s));
}

char csvp_delimiter_option(const char *v);
char csvp_delimiter_option(const char *v)
{
    if (!v || !*v) return 0;
    if (!strcmp(v, "tab") || !strcmp(v, "\\t") || !strcmp(v, "\t")) return '\t';
    if (!strcmp(v, "comma") || !strcmp(v, ",")) return ',';
    if (!strcmp(v, "semicolon") || !strcmp(v, ";")) return ';';
    return -1;
}

int csvp_input_stream(const bk_host *h, const bk_source *in, const bk_options *o, csvp_record_fn fn, void *ctx,
                      csvp_input_info *info_out, bk_error *err)
{
    csvp_input_info info;
    memset(&info, 0, sizeof info);
    size_t bom = 0;
    int rc = csvp_pick_encoding(h, in, o, &info, &bom, err);
    if (rc) return rc;
    if ((rc = csvp_check_binary(h, in->head, in->head_len, info.encoding, err))) return rc;
    const char *iname = csvp_iconv_name(info.encoding);
    iconv_t cd = (iconv_t)-1;
    if (iname) {
        cd = iconv_open("UTF-8", iname);
        if (cd == (iconv_t)-1)
            return h->error_set(err, BK_ERR_ENCODING, 0, 0, NULL, "cannot convert from %s (iconv)", iname);
    }
    char d = csvp_delimiter_option(h->options_get(o, "delimiter"));
    if (d == (char)-1) {
        if (iname) iconv_close(cd);
        return h->error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "bad delimiter '%s' (comma, tab, semicolon)",
                            h->options_get(o, "delimiter"));
    }
    info.delimiter = d ? d : csvp_sniff_delimiter(in->head + bom, in->head_len - bom);
    if (info_out) *info_out = info;

    csvp_in r;
    memset(&r, 0, sizeof r);
    r.h = h;
    r.src = in;
    r.err = err;
    r.fn = fn;
    r.ctx = ctx;
    r.line = 1;
    r.rec_line = 1;
    r.utf8_check = 1; /* converted input is checked too: iconv output is valid, so this only costs time */
    r.max_line_bytes = in->limits->string_bytes * 16u;
    if (csv_init(&r.p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        if (iname) iconv_close(cd);
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    csv_set_delim(&r.p, (unsigned char)info.delimiter);
    r.delim = info.delimiter;
    csv_set_space_func(&r.p, csvp_space_none);

    csvp_boundary rg = {.from = in->range_end ? in->range_end - 1 : UINT64_MAX}; /* where the part ends */
    int ranged = in->range_begin || in->range_end, first = 1, stop = 0;
    /* parts end at line feeds: UTF-16 has none as single bytes, old Mac files none at all */
    int cr_only = memchr(in->head, '\r', in->head_len) && !memchr(in->head, '\n', in->head_len);
    if (ranged && (!strncmp(info.encoding, "utf-16", 6) || cr_only)) {
        csv_free(&r.p);
        if (iname) iconv_close(cd);
        return h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "%s",
                            cr_only ? "text with CR line ends cannot be read in parts"
                                    : "UTF-16 text cannot be read in parts");
    }
    if (ranged && in->range_begin) {
        uint64_t start = 0;
        rc = csvp_range_start(h, in, in->range_begin, &start, &r.line, err);
        r.rec_line = r.line;
        rg.pos = start; /* quote parity counts from here: a record begins here */
        first = 0;      /* past the BOM */
        if (!rc && ((in->size && start >= in->size) || (in->range_end && start >= in->range_end))) stop = 1;
        if (rc) {
            csv_free(&r.p);
            if (iname) iconv_close(cd);
            return rc;
        }
    }
    char *raw = malloc(CSVP_CHUNK + 8);
    char *conv = iname ? malloc(CSVP_CHUNK * 4 + 16) : NULL;
    size_t carry = 0; /* bytes of an incomplete multibyte sequence kept for the next read */
    uint64_t done = 0;
    if (!raw || (iname && !conv)) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    while (!rc) {
        if (in->interrupted && *in->interrupted) {
            rc = h->error_set(err, BK_ERR_INTERRUPTED, r.line, 0, NULL, "interrupted");
            break;
        }
        size_t got = stop ? 0 : fread(raw + carry, 1, CSVP_CHUNK, in->fp);
        if (ferror(in->fp)) {
            rc = h->error_set(err, BK_ERR_IO, r.line, 0, NULL, "read error");
            break;
        }
        if (ranged && got) {
            got = csvp_boundary_feed(&rg, raw + carry, got);
            stop = rg.found;
        }
        done += got;
        if (in->progress) in->progress(in->progress_ctx, done, in->size);
        char *data = raw;
        size_t n = carry + got;
        if (first) {
            size_t skip = bom < n ? bom : n;
            data += skip;
            n -= skip;
            first = 0;
        }
        if (got == 0 && n == 0) break;
        if (iname) {
            char *ip = data, *op = conv;
            size_t il = n, ol = CSVP_CHUNK * 4 + 16;
            size_t res = iconv(cd, &ip, &il, &op, &ol);
            if (res == (size_t)-1 && errno == EILSEQ) {
                /* feed what converted so that the line number is right, then fail */
                rc = csvp_feed(&r, conv, (size_t)(op - conv));
                if (!rc)
                    rc = h->error_set(err, BK_ERR_ENCODING, r.line, 0, NULL, "invalid %s byte sequence", info.encoding);
                break;
            }
            if (res == (size_t)-1 && errno == EINVAL && got == 0) {
                rc = csvp_feed(&r, conv, (size_t)(op - conv));
                if (!rc)
                    rc = h->error_set(err, BK_ERR_ENCODING, r.line, 0, NULL,
                                      "truncated %s character at the end of the file", info.encoding);
                break;
            }
            rc = csvp_feed(&r, conv, (size_t)(op - conv));
            carry = il;
            if (carry) memmove(raw, ip, carry);
            if (got == 0) break;
        } else {
            rc = csvp_feed(&r, data, n);
            carry = 0;
            if (got == 0) break;
        }
    }
    if (!rc) {
        if (csv_fini(&r.p, csvp_on_field, csvp_on_row, &r) != 0) {
            rc = r.status ? r.status
                          : h->error_set(err, BK_ERR_PARSE, r.rec_line, (uint32_t)(r.n_fields + 1), NULL,
                                         "unterminated quoted field (it starts on line %u)", (unsigned)r.rec_line);
        } else {
            rc = r.status;
        }
    }
    csv_free(&r.p);
    if (iname) iconv_close(cd);
    free(raw);
    free(conv);
    free(r.buf);
    free(r.offs);
    free(r.lens);
    free(r.ptrs);
    return rc;
}
