/* SPDX-License-Identifier: MIT */
/* The streaming XLSX reader: package → sheets → cells, merged ranges, records. */
#include "xlsx_read.h"
#include "xlsx_zip.h"
#include "xlsx_numfmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XLSXP_MAX_ROWS 1048576u
#define XLSXP_MAX_COLS 16384u

/* ---- a growable byte buffer with a hard cap ---- */

typedef struct xlsxp_buf {
    char *p;
    size_t n, cap;
} xlsxp_buf;

/* Append; returns BK_ERR_LIMIT past @p limit bytes, BK_ERR_NOMEM on OOM. */
static int buf_append(xlsxp_buf *b, const char *s, size_t n, uint64_t limit)
{
    if (b->n + n > limit) return BK_ERR_LIMIT;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return BK_ERR_NOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return BK_OK;
}

static void buf_free(xlsxp_buf *b)
{
    free(b->p);
    *b = (xlsxp_buf){0};
}

/* ---- the workbook ---- */

typedef struct xlsxp_sheet_ref {
    char *name;
    char *rid;
    char *part; /* resolved part path, after the relationships are read */
    int hidden;
} xlsxp_sheet_ref;

struct xlsxp_book {
    const bk_host *h;
    const bk_source *in;
    xlsxp_zip *zip;
    char workbook_part[256];
    xlsxp_sheet_ref *sheets;
    size_t n_sheets;
    char *sst_part, *styles_part;
    char core_part[256]; /* docProps/core.xml, or "" */
    char *title;         /* dc:title of the core properties, or NULL */
    xlsxp_buf sst_text;  /* all shared strings, NUL-separated */
    size_t *sst_off;     /* offset of each string in sst_text */
    uint32_t *sst_len;
    size_t n_sst, cap_sst;
    int *xf_decimals; /* per cellXfs index: decimals of its number format, or XLSXP_NO_DECIMALS */
    size_t n_xf;
    int default_decimals;
    uint64_t cells_seen; /* across the whole file, for limits->cells */
};

size_t xlsxp_book_sheet_count(const xlsxp_book *b)
{
    return b->n_sheets;
}
const char *xlsxp_book_sheet_name(const xlsxp_book *b, size_t i)
{
    return b->sheets[i].name;
}
int xlsxp_book_sheet_hidden(const xlsxp_book *b, size_t i)
{
    return b->sheets[i].hidden;
}

void xlsxp_book_free(xlsxp_book *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n_sheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b->sst_part);
    free(b->styles_part);
    free(b->title);
    buf_free(&b->sst_text);
    free(b->sst_off);
    free(b->sst_len);
    free(b->xf_decimals);
    xlsxp_zip_close(b->zip);
    free(b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Resolve a relationship target against the folder of @p base ("xl/workbook.xml"). */
static char *resolve_target(const char *base, const char *target)
{
    char path[512];
    if (target[0] == '/') {
        snprintf(path, sizeof path, "%s", target + 1);
    } else {
        const char *slash = strrchr(base, '/');
        int dir = slash ? (int)(slash - base) : 0;
        snprintf(path, sizeof path, "%.*s%s%s", dir, base, dir ? "/" : "", target);
    }
    /* fold "dir/../" segments */
    char *p;
    while ((p = strstr(path, "/../")) != NULL) {
        char *start = p;
        while (start > path && start[-1] != '/') start--;
        memmove(start, p + 4, strlen(p + 4) + 1);
    }
    return strdup(path);
}

static bool is_element(xlsxp_xml *x)
{
    return xlsxp_xml_type(x) == XML_READER_TYPE_ELEMENT;
}

static bool is_end(xlsxp_xml *x)
{
    return xlsxp_xml_type(x) == XML_READER_TYPE_END_ELEMENT;
}

static bool is_text(xlsxp_xml *x)
{
    int t = xlsxp_xml_type(x);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_CDATA;
}

static bool is_empty(xlsxp_xml *x)
{
    return xlsxp_xml_is_empty(x);
}

/* _rels/.rels: where the workbook part is. */
static int read_root_rels(xlsxp_book *b, bk_error *err)
{
    snprintf(b->workbook_part, sizeof b->workbook_part, "xl/workbook.xml");
    if (!xlsxp_zip_has(b->zip, "_rels/.rels")) return BK_OK;
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, "_rels/.rels", &x, err);
    if (rc) return rc;
    int r;
    while ((r = xlsxp_xml_next(x, err)) > 0) {
        if (!is_element(x) || strcmp(xlsxp_xml_local(x), "Relationship") != 0) continue;
        char *type = xlsxp_xml_attr(x, "Type"), *target = xlsxp_xml_attr(x, "Target");
        if (type && target && (ends_with(type, "/officeDocument") || ends_with(type, "/core-properties"))) {
            char *p = resolve_target("", target);
            bool core = ends_with(type, "/core-properties");
            if (p) snprintf(core ? b->core_part : b->workbook_part, sizeof b->workbook_part, "%s", p);
            free(p);
        }
        xmlFree(type);
        xmlFree(target);
    }
    return xlsxp_xml_close(x, r == 0, err) ? BK_ERR_PARSE : (r < 0 ? err->code : BK_OK);
}

static int add_sheet(xlsxp_book *b, xlsxp_xml *x, bk_error *err)
{
    if (b->n_sheets >= b->in->limits->tables)
        return b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, b->workbook_part,
                               "more than %llu sheets (limit.tables)", (unsigned long long)b->in->limits->tables);
    xlsxp_sheet_ref *grown = realloc(b->sheets, (b->n_sheets + 1) * sizeof *grown);
    if (!grown) return b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->sheets = grown;
    xlsxp_sheet_ref *s = &b->sheets[b->n_sheets++];
    *s = (xlsxp_sheet_ref){0};
    char *name = xlsxp_xml_attr(x, "name"), *state = xlsxp_xml_attr(x, "state");
    char *rid = xlsxp_xml_attr_any_ns(x, "id");
    s->name = strdup(name ? name : "");
    s->rid = strdup(rid ? rid : "");
    s->hidden = state && strcmp(state, "visible") != 0;
    xmlFree(name);
    xmlFree(state);
    xmlFree(rid);
    if (!s->name || !s->rid) return b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return BK_OK;
}

static int read_workbook(xlsxp_book *b, bk_error *err)
{
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, b->workbook_part, &x, err);
    if (rc) return rc;
    int r;
    while ((r = xlsxp_xml_next(x, err)) > 0) {
        if (is_element(x) && strcmp(xlsxp_xml_local(x), "sheet") == 0 && (rc = add_sheet(b, x, err))) break;
    }
    int crc = xlsxp_xml_close(x, r == 0 && rc == 0, err);
    if (rc) return rc;
    if (r < 0) return err->code;
    if (crc) return crc;
    if (b->n_sheets == 0)
        return b->h->error_set(err, BK_ERR_PARSE, 0, 0, b->workbook_part, "the workbook lists no sheets");
    return BK_OK;
}

static int read_workbook_rels(xlsxp_book *b, bk_error *err)
{
    char rels[300];
    const char *slash = strrchr(b->workbook_part, '/');
    int dir = slash ? (int)(slash - b->workbook_part) : 0;
    snprintf(rels, sizeof rels, "%.*s%s_rels/%s.rels", dir, b->workbook_part, dir ? "/" : "",
             slash ? slash + 1 : b->workbook_part);
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, rels, &x, err);
    if (rc) return rc;
    int r;
    while ((r = xlsxp_xml_next(x, err)) > 0) {
        if (!is_element(x) || strcmp(xlsxp_xml_local(x), "Relationship") != 0) continue;
        char *id = xlsxp_xml_attr(x, "Id"), *type = xlsxp_xml_attr(x, "Type"), *target = xlsxp_xml_attr(x, "Target");
        if (id && type && target) {
            char **slot = NULL;
            if (ends_with(type, "/sharedStrings"))
                slot = &b->sst_part;
            else if (ends_with(type, "/styles"))
                slot = &b->styles_part;
            for (size_t i = 0; !slot && i < b->n_sheets; i++)
                if (strcmp(b->sheets[i].rid, id) == 0 && !b->sheets[i].part) slot = &b->sheets[i].part;
            if (slot && !*slot && !(*slot = resolve_target(b->workbook_part, target)))
                rc = b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        }
        xmlFree(id);
        xmlFree(type);
        xmlFree(target);
        if (rc) break;
    }
    int crc = xlsxp_xml_close(x, r == 0 && rc == 0, err);
    if (rc) return rc;
    if (r < 0) return err->code;
    return crc;
}

/* ---- `_xHHHH_` escapes ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* a lone surrogate is not a character */
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

size_t xlsxp_decode_escapes(char *s, size_t len)
{
    if (!memchr(s, '_', len)) return len;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        if (i + 7 <= len && s[i] == '_' && (s[i + 1] == 'x' || s[i + 1] == 'X') && s[i + 6] == '_') {
            int h0 = hex_value(s[i + 2]), h1 = hex_value(s[i + 3]), h2 = hex_value(s[i + 4]), h3 = hex_value(s[i + 5]);
            if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                /* the UTF-8 of a BMP code point (≤ 3 bytes) never outgrows its 7-byte escape */
                w += put_utf8(s + w, (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3));
                i += 7;
                continue;
            }
        }
        s[w++] = s[i++];
    }
    s[w] = '\0';
    return w;
}

/* ---- shared strings ---- */

static int sst_push(xlsxp_book *b, xlsxp_buf *cur, xlsxp_xml *x, bk_error *err)
{
    if (b->n_sst >= b->in->limits->cells)
        return b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, b->sst_part,
                               "more than %llu shared strings (limit.cells)", (unsigned long long)b->in->limits->cells);
    if (b->n_sst == b->cap_sst) {
        size_t cap = b->cap_sst ? b->cap_sst * 2 : 256;
        size_t *off = realloc(b->sst_off, cap * sizeof *off);
        if (!off) return b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        b->sst_off = off;
        uint32_t *len = realloc(b->sst_len, cap * sizeof *len);
        if (!len) return b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        b->sst_len = len;
        b->cap_sst = cap;
    }
    size_t n = cur->n ? xlsxp_decode_escapes(cur->p, cur->n) : 0;
    b->sst_off[b->n_sst] = b->sst_text.n;
    b->sst_len[b->n_sst] = (uint32_t)n;
    if (buf_append(&b->sst_text, n ? cur->p : "", n, UINT64_MAX) || buf_append(&b->sst_text, "", 1, UINT64_MAX))
        return b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->n_sst++;
    cur->n = 0;
    return BK_OK;
}

static int read_shared_strings(xlsxp_book *b, bk_error *err)
{
    if (!b->sst_part || !xlsxp_zip_has(b->zip, b->sst_part)) return BK_OK;
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, b->sst_part, &x, err);
    if (rc) return rc;
    xlsxp_buf cur = {0};
    bool in_si = false, in_t = false;
    int rph_depth = 0;
    int r;
    while (rc == BK_OK && (r = xlsxp_xml_next(x, err)) > 0) {
        const char *ln = xlsxp_xml_local(x);
        if (is_element(x)) {
            if (strcmp(ln, "si") == 0) {
                in_si = true;
                cur.n = 0;
                if (is_empty(x)) {
                    in_si = false;
                    rc = sst_push(b, &cur, x, err);
                }
            } else if (strcmp(ln, "rPh") == 0 && !is_empty(x)) {
                rph_depth++;
            } else if (strcmp(ln, "t") == 0 && !is_empty(x)) {
                in_t = true;
            }
        } else if (is_end(x)) {
            if (strcmp(ln, "si") == 0 && in_si) {
                in_si = false;
                rc = sst_push(b, &cur, x, err);
            } else if (strcmp(ln, "rPh") == 0 && rph_depth > 0) {
                rph_depth--;
            } else if (strcmp(ln, "t") == 0) {
                in_t = false;
            }
        } else if (is_text(x) && in_si && in_t && rph_depth == 0) {
            size_t vn;
            const char *v = xlsxp_xml_text(x, &vn);
            int brc = v ? buf_append(&cur, v, vn, b->in->limits->string_bytes) : BK_OK;
            if (brc == BK_ERR_LIMIT)
                rc = b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, b->sst_part,
                                     "shared string %zu is longer than %llu bytes (limit.string_bytes)", b->n_sst,
                                     (unsigned long long)b->in->limits->string_bytes);
            else if (brc)
                rc = b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        }
    }
    buf_free(&cur);
    int crc = xlsxp_xml_close(x, rc == BK_OK && r == 0, err);
    if (rc) return rc;
    if (r < 0) return err->code;
    return crc;
}

/* ---- number formats ---- */

typedef struct xlsxp_numfmt {
    long id;
    int decimals;
} xlsxp_numfmt;

static int numfmt_decimals(const xlsxp_numfmt *fmts, size_t n, long id)
{
    for (size_t i = 0; i < n; i++)
        if (fmts[i].id == id) return fmts[i].decimals;
    return xlsxp_builtin_decimals(id);
}

static int read_styles(xlsxp_book *b, bk_error *err)
{
    if (!b->styles_part || !xlsxp_zip_has(b->zip, b->styles_part)) return BK_OK;
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, b->styles_part, &x, err);
    if (rc) return rc;
    xlsxp_numfmt *fmts = NULL;
    size_t n_fmts = 0;
    bool in_cell_xfs = false;
    int r;
    const uint64_t max_styles = 65536; /* Excel's own cap on cell formats */
    while (rc == BK_OK && (r = xlsxp_xml_next(x, err)) > 0) {
        const char *ln = xlsxp_xml_local(x);
        if (is_end(x) && strcmp(ln, "cellXfs") == 0) in_cell_xfs = false;
        if (!is_element(x)) continue;
        if (strcmp(ln, "cellXfs") == 0) {
            in_cell_xfs = !is_empty(x);
        } else if (strcmp(ln, "numFmt") == 0 || (in_cell_xfs && strcmp(ln, "xf") == 0)) {
            if (n_fmts >= max_styles || b->n_xf >= max_styles) {
                rc = b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, b->styles_part, "more than %llu formats",
                                     (unsigned long long)max_styles);
                break;
            }
            char *id = xlsxp_xml_attr(x, "numFmtId");
            long fid = id ? strtol(id, NULL, 10) : 0;
            xmlFree(id);
            if (strcmp(ln, "numFmt") == 0) {
                char *code = xlsxp_xml_attr(x, "formatCode");
                xlsxp_numfmt *grown = realloc(fmts, (n_fmts + 1) * sizeof *grown);
                if (grown) {
                    fmts = grown;
                    fmts[n_fmts++] = (xlsxp_numfmt){fid, xlsxp_format_decimals(code)};
                }
                xmlFree(code);
                if (!grown) rc = b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            } else {
                int *grown = realloc(b->xf_decimals, (b->n_xf + 1) * sizeof *grown);
                if (!grown) {
                    rc = b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
                } else {
                    b->xf_decimals = grown;
                    b->xf_decimals[b->n_xf++] = numfmt_decimals(fmts, n_fmts, fid);
                }
            }
        }
    }
    free(fmts);
    int crc = xlsxp_xml_close(x, rc == BK_OK && r == 0, err);
    if (rc) return rc;
    if (r < 0) return err->code;
    return crc;
}

/* The document title from the core properties (dc:title), bounded like any string. */
static int read_core_title(xlsxp_book *b, bk_error *err)
{
    if (!b->core_part[0] || !xlsxp_zip_has(b->zip, b->core_part)) return BK_OK;
    xlsxp_xml *x;
    int rc = xlsxp_xml_open(b->zip, b->core_part, &x, err);
    if (rc) return rc;
    xlsxp_buf title = {0};
    bool in_title = false;
    int r;
    while (rc == BK_OK && (r = xlsxp_xml_next(x, err)) > 0) {
        if (is_element(x) && strcmp(xlsxp_xml_local(x), "title") == 0)
            in_title = !is_empty(x);
        else if (is_end(x) && strcmp(xlsxp_xml_local(x), "title") == 0)
            in_title = false;
        else if (in_title && is_text(x)) {
            size_t vn;
            const char *v = xlsxp_xml_text(x, &vn);
            if (v && buf_append(&title, v, vn, b->in->limits->string_bytes))
                rc = b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(x), 0, b->core_part,
                                     "the document title is longer than %llu bytes (limit.string_bytes)",
                                     (unsigned long long)b->in->limits->string_bytes);
        }
    }
    int crc = xlsxp_xml_close(x, rc == BK_OK && r == 0, err);
    if (rc == BK_OK && r == 0 && crc == BK_OK && title.n && b->h->utf8_check(title.p, title.n) == title.n) {
        b->title = title.p;
        title.p = NULL;
    }
    buf_free(&title);
    if (rc) return rc;
    if (r < 0) return err->code;
    return crc;
}

int xlsxp_book_open(const bk_host *h, const bk_source *in, const bk_options *o, xlsxp_book **out, bk_error *err)
{
    *out = NULL;
    xlsxp_book *b = calloc(1, sizeof *b);
    if (!b) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    b->h = h;
    b->in = in;
    int64_t d = h->options_get_int(o, "decimals", 2);
    b->default_decimals = d < 0 ? 0 : d > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : (int)d;
    int rc = xlsxp_zip_open(h, in, &b->zip, err);
    if (!rc) rc = read_root_rels(b, err);
    if (!rc) rc = read_workbook(b, err);
    if (!rc) rc = read_workbook_rels(b, err);
    if (!rc) rc = read_shared_strings(b, err);
    if (!rc) rc = read_styles(b, err);
    if (!rc) rc = read_core_title(b, err);
    for (size_t i = 0; !rc && i < b->n_sheets; i++)
        if (!b->sheets[i].part)
            rc = h->error_set(err, BK_ERR_PARSE, 0, 0, b->sheets[i].name,
                              "sheet '%s' has no worksheet part (relationship %s missing)", b->sheets[i].name,
                              b->sheets[i].rid);
    if (rc) {
        xlsxp_book_free(b);
        return rc;
    }
    *out = b;
    return BK_OK;
}

/* ---- one sheet ---- */

int xlsxp_parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, r = 0;
    int letters = 0, digits = 0;
    const char *p = ref;
    if (*p == '$') p++;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        if (++letters > 3) return -1;
        c = c * 26 + (uint32_t)((*p | 0x20) - 'a' + 1);
    }
    if (*p == '$') p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (++digits > 7) return -1;
        r = r * 10 + (uint32_t)(*p - '0');
    }
    if (*p || !letters || !digits || c == 0 || c > XLSXP_MAX_COLS || r == 0 || r > XLSXP_MAX_ROWS) return -1;
    *row = r - 1;
    *col = c - 1;
    return 0;
}

static void ref_name(uint32_t row, uint32_t col, char *out, size_t cap)
{
    char letters[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    size_t w = 0;
    while (n > 0 && w + 1 < cap) out[w++] = letters[--n];
    snprintf(out + w, cap - w, "%u", row + 1);
}

typedef enum { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_ERROR } xlsxp_cell_type;

typedef struct xlsxp_sheet_state {
    xlsxp_book *b;
    const xlsxp_sheet_ref *sheet;
    const xlsxp_sheet_handler *hd;
    xlsxp_xml *x;
    uint32_t row, next_row, next_col, col;
    bool row_has_cells, in_row, in_cell, in_v, in_is, in_t, has_value;
    int rph_depth;
    xlsxp_cell_type type;
    int decimals;
    xlsxp_buf value;
    char context[192];
    uint8_t *rows_seen; /* bit per row number: a row given twice would overwrite cells */
} xlsxp_sheet_state;

static void cell_context(xlsxp_sheet_state *s)
{
    char ref[16];
    ref_name(s->row, s->col, ref, sizeof ref);
    snprintf(s->context, sizeof s->context, "%s!%s", s->sheet->name, ref);
}

static int cell_error(xlsxp_sheet_state *s, bk_error *err, int code, const char *what)
{
    cell_context(s);
    return s->b->h->error_set(err, code, s->row + 1, s->col + 1, s->context, "cell %s: %s", s->context, what);
}

/* Number text → decimal text rounded on the text (never through double). */
static int number_text(xlsxp_sheet_state *s, char *out, size_t cap, size_t *out_len, bk_error *err)
{
    const xlsxp_book *b = s->b;
    int shown = s->decimals;
    int scale = shown >= b->default_decimals ? shown : b->default_decimals;
    bk_amount a;
    bk_amount_result r = b->h->amount_parse_round(s->value.p, s->value.n, scale, &a);
    if (r != BK_AMOUNT_OK) {
        char msg[128];
        snprintf(msg, sizeof msg, "number '%.40s' cannot be read as a decimal: %s", s->value.p,
                 b->h->amount_result_str(r));
        return cell_error(s, err, BK_ERR_VALUE, msg);
    }
    size_t n = b->h->amount_format(a, out, cap);
    /* Fewer decimals shown than our default (General, "#,##0"): trim the zeros rounding added. */
    int keep = shown < 0 ? 0 : shown;
    char *point = memchr(out, '.', n);
    if (point && shown < scale) {
        size_t min_len = (size_t)(point - out) + (keep ? (size_t)keep + 1 : 0);
        while (n > min_len && out[n - 1] == '0') n--;
        if (n > 0 && out[n - 1] == '.') n--;
        out[n] = '\0';
    }
    *out_len = n;
    return BK_OK;
}

static int finish_cell(xlsxp_sheet_state *s, bk_error *err)
{
    xlsxp_book *b = s->b;
    s->in_cell = false;
    if (!s->has_value) return BK_OK;
    char num[BK_AMOUNT_TEXT_MAX];
    const char *text = s->value.p ? s->value.p : "";
    size_t len = s->value.n;
    uint32_t flags = 0;
    switch (s->type) {
    case CELL_SHARED: {
        char *end = NULL;
        unsigned long long idx = strtoull(text, &end, 10);
        if (!len || *end || idx >= b->n_sst) {
            char msg[96];
            snprintf(msg, sizeof msg, "shared string index '%.20s' is out of range (%zu strings)", text, b->n_sst);
            return cell_error(s, err, BK_ERR_PARSE, msg);
        }
        text = b->sst_text.p + b->sst_off[idx];
        len = b->sst_len[idx];
        break;
    }
    case CELL_INLINE:
    case CELL_STR: len = xlsxp_decode_escapes(s->value.p, len); break;
    case CELL_BOOL:
        text = (len == 1 && text[0] == '1') ? "TRUE" : "FALSE";
        len = strlen(text);
        break;
    case CELL_ERROR:
        cell_context(s);
        b->h->diags_add(b->in->diags, BK_SEV_WARNING, s->row + 1, s->col + 1, s->context,
                        "cell %s holds the spreadsheet error %s", s->context, text);
        break;
    case CELL_NUMBER: {
        if (!len) return BK_OK;
        int rc = number_text(s, num, sizeof num, &len, err);
        if (rc) return rc;
        text = num;
        flags = BK_GRID_NUMBER;
        break;
    }
    }
    if (!len) return BK_OK;
    if (b->h->utf8_check(text, len) != len) return cell_error(s, err, BK_ERR_ENCODING, "text is not valid UTF-8");
    if (++b->cells_seen > b->in->limits->cells) {
        char msg[96];
        snprintf(msg, sizeof msg, "more than %llu cells (limit.cells)", (unsigned long long)b->in->limits->cells);
        return cell_error(s, err, BK_ERR_LIMIT, msg);
    }
    s->row_has_cells = true;
    return s->hd->cell(s->hd->ctx, s->row, s->col, text, len, flags, err);
}

static int start_row(xlsxp_sheet_state *s, bk_error *err)
{
    const char *r = xlsxp_xml_attr_peek(s->x, "r");
    uint32_t row = s->next_row;
    if (r) {
        char *end = NULL;
        unsigned long v = strtoul(r, &end, 10);
        bool ok = *r && !*end && v >= 1 && v <= XLSXP_MAX_ROWS;
        if (!ok)
            return s->b->h->error_set(err, BK_ERR_PARSE, xlsxp_xml_line(s->x), 0, s->sheet->name,
                                      "sheet '%s': bad row number", s->sheet->name);
        row = (uint32_t)v - 1;
    }
    if (row >= XLSXP_MAX_ROWS) /* a row without r= after row 1048576 */
        return s->b->h->error_set(err, BK_ERR_PARSE, xlsxp_xml_line(s->x), 0, s->sheet->name,
                                  "sheet '%s': more than %u rows (the most a sheet can have)", s->sheet->name,
                                  XLSXP_MAX_ROWS);
    if ((uint64_t)row + 1 > s->b->in->limits->rows)
        return s->b->h->error_set(err, BK_ERR_LIMIT, row + 1, 0, s->sheet->name,
                                  "sheet '%s': row %u is past the limit of %llu rows (limit.rows)", s->sheet->name,
                                  row + 1, (unsigned long long)s->b->in->limits->rows);
    if (!s->rows_seen && !(s->rows_seen = calloc(XLSXP_MAX_ROWS / 8, 1)))
        return s->b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (s->rows_seen[row / 8] & (1u << (row % 8)))
        return s->b->h->error_set(err, BK_ERR_PARSE, row + 1, 0, s->sheet->name,
                                  "sheet '%s': row %u appears twice (its cells would overwrite each other)",
                                  s->sheet->name, row + 1);
    s->rows_seen[row / 8] |= (uint8_t)(1u << (row % 8));
    s->row = row;
    s->next_row = row + 1;
    s->next_col = 0;
    s->row_has_cells = false;
    s->in_row = true;
    return BK_OK;
}

static int end_row(xlsxp_sheet_state *s, bk_error *err)
{
    s->in_row = false;
    if (s->row_has_cells && s->hd->row_end) return s->hd->row_end(s->hd->ctx, s->row, err);
    return BK_OK;
}

static xlsxp_cell_type cell_type(const char *t)
{
    if (!t || strcmp(t, "n") == 0) return CELL_NUMBER;
    if (strcmp(t, "s") == 0) return CELL_SHARED;
    if (strcmp(t, "inlineStr") == 0) return CELL_INLINE;
    if (strcmp(t, "b") == 0) return CELL_BOOL;
    if (strcmp(t, "e") == 0) return CELL_ERROR;
    return CELL_STR; /* "str" (formula string), "d" (ISO date in Strict files) */
}

static int start_cell(xlsxp_sheet_state *s, bk_error *err)
{
    if (!s->in_row) { /* a <c> outside <row>: treat as a row of its own */
        int rc = start_row(s, err);
        if (rc) return rc;
    }
    const char *ref = xlsxp_xml_attr_peek(s->x, "r"), *t = xlsxp_xml_attr_peek(s->x, "t");
    const char *st = xlsxp_xml_attr_peek(s->x, "s");
    uint32_t row = s->row, col = s->next_col;
    int bad_ref = ref && xlsxp_parse_ref(ref, &row, &col) != 0;
    s->type = cell_type(t);
    long xf = st ? strtol(st, NULL, 10) : 0;
    s->decimals = (xf >= 0 && (size_t)xf < s->b->n_xf) ? s->b->xf_decimals[xf] : XLSXP_NO_DECIMALS;
    if (bad_ref || row != s->row) { /* the message is built only here: a per-cell snprintf cost 8 % of a read */
        s->col = col;
        char msg[96];
        snprintf(msg, sizeof msg, "%s '%.20s'",
                 bad_ref ? "bad cell reference (past XFD1048576?)" : "cell reference does not match its row",
                 ref ? ref : "");
        return cell_error(s, err, BK_ERR_PARSE, msg);
    }
    s->col = col;
    if ((uint64_t)col + 1 > s->b->in->limits->columns) {
        char msg[96];
        snprintf(msg, sizeof msg, "column %u is past the limit of %llu columns (limit.columns)", col + 1,
                 (unsigned long long)s->b->in->limits->columns);
        return cell_error(s, err, BK_ERR_LIMIT, msg);
    }
    s->next_col = col + 1;
    s->value.n = 0;
    if (s->value.p) s->value.p[0] = '\0';
    s->has_value = false;
    s->in_cell = !is_empty(s->x);
    return BK_OK;
}

static int add_merge(xlsxp_sheet_state *s, uint64_t *n_merges, bk_error *err)
{
    char *ref = xlsxp_xml_attr(s->x, "ref");
    int rc = BK_OK;
    char *colon = ref ? strchr(ref, ':') : NULL;
    bk_grid_merge m;
    if (!colon) {
        rc = s->b->h->error_set(err, BK_ERR_PARSE, xlsxp_xml_line(s->x), 0, s->sheet->name,
                                "sheet '%s': mergeCell without a range", s->sheet->name);
    } else {
        *colon = '\0';
        if (xlsxp_parse_ref(ref, &m.first_row, &m.first_col) || xlsxp_parse_ref(colon + 1, &m.last_row, &m.last_col) ||
            m.last_row < m.first_row || m.last_col < m.first_col)
            rc = s->b->h->error_set(err, BK_ERR_PARSE, xlsxp_xml_line(s->x), 0, s->sheet->name,
                                    "sheet '%s': bad merged range '%s:%s'", s->sheet->name, ref, colon + 1);
        else if (++*n_merges > s->b->in->limits->cells)
            rc = s->b->h->error_set(err, BK_ERR_LIMIT, xlsxp_xml_line(s->x), 0, s->sheet->name,
                                    "sheet '%s': too many merged ranges (limit.cells)", s->sheet->name);
        else if (s->hd->merge)
            rc = s->hd->merge(s->hd->ctx, &m, err);
    }
    xmlFree(ref);
    return rc;
}

static int sheet_text(xlsxp_sheet_state *s, bk_error *err)
{
    if (!s->in_cell || !(s->in_v || (s->in_is && s->in_t && s->rph_depth == 0))) return BK_OK;
    size_t vn;
    const char *v = xlsxp_xml_text(s->x, &vn);
    if (!v) return BK_OK;
    int rc = buf_append(&s->value, v, vn, s->b->in->limits->string_bytes);
    if (rc == BK_ERR_LIMIT) {
        char msg[128];
        snprintf(msg, sizeof msg, "text longer than %llu bytes (limit.string_bytes)",
                 (unsigned long long)s->b->in->limits->string_bytes);
        return cell_error(s, err, BK_ERR_LIMIT, msg);
    }
    if (rc) return s->b->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    s->has_value = true;
    return BK_OK;
}

static int sheet_element(xlsxp_sheet_state *s, const char *ln, uint64_t *n_merges, bk_error *err)
{
    bool empty = is_empty(s->x);
    if (strcmp(ln, "row") == 0) {
        int rc = start_row(s, err);
        return (rc || !empty) ? rc : end_row(s, err);
    }
    if (strcmp(ln, "c") == 0) return start_cell(s, err);
    if (strcmp(ln, "mergeCell") == 0) return add_merge(s, n_merges, err);
    if (!s->in_cell || empty) {
        if (s->in_cell && strcmp(ln, "is") == 0) s->has_value = true; /* <is/>: an empty string */
        return BK_OK;
    }
    if (strcmp(ln, "v") == 0)
        s->in_v = true;
    else if (strcmp(ln, "is") == 0)
        s->in_is = true;
    else if (strcmp(ln, "t") == 0)
        s->in_t = true;
    else if (strcmp(ln, "rPh") == 0)
        s->rph_depth++;
    return BK_OK;
}

static int sheet_end(xlsxp_sheet_state *s, const char *ln, bk_error *err)
{
    if (strcmp(ln, "row") == 0) return end_row(s, err);
    if (strcmp(ln, "c") == 0) return s->in_cell ? finish_cell(s, err) : BK_OK;
    if (strcmp(ln, "v") == 0)
        s->in_v = false;
    else if (strcmp(ln, "is") == 0)
        s->in_is = false;
    else if (strcmp(ln, "t") == 0)
        s->in_t = false;
    else if (strcmp(ln, "rPh") == 0 && s->rph_depth > 0)
        s->rph_depth--;
    return BK_OK;
}

int xlsxp_book_read_sheet(xlsxp_book *b, size_t i, const xlsxp_sheet_handler *hd, bk_error *err)
{
    xlsxp_sheet_state s = {.b = b, .sheet = &b->sheets[i], .hd = hd};
    int rc = xlsxp_xml_open(b->zip, b->sheets[i].part, &s.x, err);
    if (rc) return rc;
    uint64_t n_merges = 0;
    int r;
    while (rc == BK_OK && (r = xlsxp_xml_next(s.x, err)) > 0) {
        if (is_element(s.x))
            rc = sheet_element(&s, xlsxp_xml_local(s.x), &n_merges, err);
        else if (is_end(s.x))
            rc = sheet_end(&s, xlsxp_xml_local(s.x), err);
        else if (is_text(s.x))
            rc = sheet_text(&s, err);
    }
    buf_free(&s.value);
    free(s.rows_seen);
    int crc = xlsxp_xml_close(s.x, rc == BK_OK && r == 0, err);
    if (rc) return rc;
    if (r < 0) return err->code;
    return crc;
}

/* ---- sheets as grids ---- */

typedef struct grid_ctx {
    const bk_host *h;
    bk_grid *g;
    const char *sheet;
} grid_ctx;

static int grid_cell(void *ctx, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags, bk_error *err)
{
    grid_ctx *c = ctx;
    int rc = c->h->grid_set(c->g, row, col, text, len, flags,
                            (bk_pos){.line = row + 1, .column = col + 1, .sheet = c->g->name});
    return rc ? c->h->error_set(err, rc, row + 1, col + 1, c->sheet, "cannot store the cell") : BK_OK;
}

static int grid_merge(void *ctx, const bk_grid_merge *m, bk_error *err)
{
    grid_ctx *c = ctx;
    int rc = c->h->grid_add_merge(c->g, m->first_row, m->first_col, m->last_row, m->last_col);
    return rc ? c->h->error_set(err, rc, m->first_row + 1, m->first_col + 1, c->sheet, "cannot store the merge")
              : BK_OK;
}

void xlsxp_grids_free(const bk_host *h, bk_grid **grids, size_t n)
{
    if (!grids) return;
    for (size_t i = 0; i < n; i++) h->grid_free(grids[i]);
    free(grids);
}

int xlsxp_read_grids(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                     bk_error *err)
{
    return xlsxp_read_workbook(h, in, o, grids, n, NULL, err);
}

int xlsxp_book_sheet_grid(xlsxp_book *b, size_t i, bool hidden_too, bk_grid **out, bk_error *err)
{
    const bk_host *h = b->h;
    *out = NULL;
    if (b->sheets[i].hidden && !hidden_too) {
        h->diags_add(b->in->diags, BK_SEV_NOTE, 0, 0, b->sheets[i].name,
                     "hidden sheet '%s' skipped (-o hidden=true reads it)", b->sheets[i].name);
        return BK_OK;
    }
    bk_grid *g = h->grid_new(b->sheets[i].name);
    if (!g) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    grid_ctx gc = {h, g, b->sheets[i].name};
    xlsxp_sheet_handler hd = {.ctx = &gc, .cell = grid_cell, .merge = grid_merge};
    int rc = xlsxp_book_read_sheet(b, i, &hd, err);
    if (rc == BK_OK && g->n_rows > 0)
        *out = g;
    else
        h->grid_free(g);
    if (b->in->progress) b->in->progress(b->in->progress_ctx, i + 1, b->n_sheets);
    return rc;
}

int xlsxp_book_reread_grid(xlsxp_book *b, size_t i, bk_grid **out, bk_error *err)
{
    const bk_source *in = b->in;
    bk_source quiet = *in;
    quiet.diags = NULL;
    quiet.progress = NULL;
    uint64_t seen = b->cells_seen;
    b->in = &quiet;
    int rc = xlsxp_book_sheet_grid(b, i, true, out, err);
    b->in = in;
    b->cells_seen = seen;
    return rc;
}

char *xlsxp_book_take_title(xlsxp_book *b)
{
    char *t = b->title;
    b->title = NULL;
    return t;
}

int xlsxp_read_workbook(const bk_host *h, const bk_source *in, const bk_options *o, bk_grid ***grids, size_t *n,
                        char **title, bk_error *err)
{
    *grids = NULL;
    *n = 0;
    if (title) *title = NULL;
    xlsxp_book *b;
    int rc = xlsxp_book_open(h, in, o, &b, err);
    if (rc) return rc;
    bool hidden_too = h->options_get_bool(o, "hidden", 0);
    bk_grid **out = calloc(b->n_sheets, sizeof *out);
    if (!out) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t count = 0;
    for (size_t i = 0; rc == BK_OK && i < b->n_sheets; i++) {
        bk_grid *g;
        rc = xlsxp_book_sheet_grid(b, i, hidden_too, &g, err);
        if (g) out[count++] = g;
    }
    if (rc == BK_OK && title) *title = xlsxp_book_take_title(b);
    xlsxp_book_free(b);
    if (rc) {
        xlsxp_grids_free(h, out, count);
        return rc;
    }
    *grids = out;
    *n = count;
    return BK_OK;
}

/* ---- the first sheet as records ---- */

typedef struct record_ctx {
    const bk_host *h;
    const bk_record_sink *sink;
    xlsxp_buf text; /* the row's texts, NUL-separated */
    size_t *off;    /* per column: offset into text, or SIZE_MAX = empty */
    size_t cap_cols;
    uint32_t n_cols;
    const char **fields;
    size_t *lens;
} record_ctx;

static int record_cell(void *ctx, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags,
                       bk_error *err)
{
    (void)flags;
    record_ctx *c = ctx;
    if (col >= c->cap_cols) {
        size_t cap = c->cap_cols ? c->cap_cols : 16;
        while (cap <= col) cap *= 2;
        size_t *off = realloc(c->off, cap * sizeof *off);
        const char **fields = off ? realloc(c->fields, cap * sizeof *fields) : NULL;
        if (fields) c->fields = fields;
        size_t *lens = fields ? realloc(c->lens, cap * sizeof *lens) : NULL;
        if (off) c->off = off;
        if (!lens) return c->h->error_set(err, BK_ERR_NOMEM, row + 1, col + 1, NULL, "out of memory");
        c->lens = lens;
        c->cap_cols = cap;
    }
    while (c->n_cols <= col) c->off[c->n_cols++] = SIZE_MAX;
    c->off[col] = c->text.n;
    c->lens[col] = len;
    if (buf_append(&c->text, text, len, UINT64_MAX) || buf_append(&c->text, "", 1, UINT64_MAX))
        return c->h->error_set(err, BK_ERR_NOMEM, row + 1, col + 1, NULL, "out of memory");
    return BK_OK;
}

static int record_row_end(void *ctx, uint32_t row, bk_error *err)
{
    record_ctx *c = ctx;
    for (uint32_t i = 0; i < c->n_cols; i++) {
        if (c->off[i] == SIZE_MAX) {
            c->fields[i] = "";
            c->lens[i] = 0;
        } else {
            c->fields[i] = c->text.p + c->off[i];
        }
    }
    bk_record rec = {.n_fields = c->n_cols, .fields = c->fields, .lens = c->lens, .line = row + 1};
    int rc = c->sink->record(c->sink->ctx, &rec);
    c->n_cols = 0;
    c->text.n = 0;
    if (rc) return c->h->error_set(err, rc, row + 1, 0, NULL, "the record receiver stopped at row %u", row + 1);
    return BK_OK;
}

int xlsxp_read_records(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                       bk_error *err)
{
    xlsxp_book *b;
    int rc = xlsxp_book_open(h, in, o, &b, err);
    if (rc) return rc;
    const char *want = h->options_get(o, "sheet");
    size_t idx = b->n_sheets;
    for (size_t i = 0; i < b->n_sheets && idx == b->n_sheets; i++)
        if (want ? strcmp(b->sheets[i].name, want) == 0 : !b->sheets[i].hidden) idx = i;
    if (idx == b->n_sheets) {
        rc = want ? h->error_set(err, BK_ERR_NOT_FOUND, 0, 0, want, "the workbook has no sheet named '%s'", want)
                  : h->error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL, "the workbook has no visible sheet");
        xlsxp_book_free(b);
        return rc;
    }
    if (sink->sheet && (rc = sink->sheet(sink->ctx, b->sheets[idx].name)))
        rc = h->error_set(err, rc, 0, 0, b->sheets[idx].name, "the record receiver refused the sheet");
    record_ctx rc_ctx = {.h = h, .sink = sink};
    xlsxp_sheet_handler hd = {.ctx = &rc_ctx, .cell = record_cell, .row_end = record_row_end};
    if (rc == BK_OK) rc = xlsxp_book_read_sheet(b, idx, &hd, err);
    buf_free(&rc_ctx.text);
    free(rc_ctx.off);
    free(rc_ctx.fields);
    free(rc_ctx.lens);
    xlsxp_book_free(b);
    return rc;
}

int xlsxp_set_title(const bk_host *h, bk_document *doc, const char *title, bk_error *err)
{
    const char *copy = h->document_strdup(doc, title, (size_t)-1);
    if (!copy) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return h->document_set_fact(doc, BK_FACT_TITLE, copy);
}
