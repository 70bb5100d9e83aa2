/* SPDX-License-Identifier: MIT */
/* The Chinese font charset (134, GB2312) in styles.xml, which libxlsxwriter 1.1.4 does not write. */
#include "xlsx_styles_fix.h"

#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SFIX_STYLES     "xl/styles.xml"
#define SFIX_STYLES_MAX (16u << 20) /* bytes: ours are a few KiB; a bound, not a limit users meet */
#define SFIX_CHUNK      65536u
#define SFIX_CHARSET    "<charset val=\"134\"/>"

typedef struct sfix_buf {
    char *p;
    size_t n, cap;
    bool oom;
} sfix_buf;

static void buf_add(sfix_buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *grown = realloc(b->p, cap);
        if (!grown) {
            b->oom = true;
            return;
        }
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* The text between "<name val=\"" and the next '"' of a font element equals @p want (XML-escaped text
 * compares as written: 宋体 and our font names have no characters XML escapes). */
static bool name_is(const char *val, size_t len, const char *want)
{
    return want && strlen(want) == len && !memcmp(val, want, len);
}

/* One <font>…</font> element [s, e): with the charset after its <name …/> when the name is Chinese. */
static void add_font(sfix_buf *b, const char *s, const char *e, const char *font)
{
    static const char NAME[] = "<name val=\"";
    const char *name = NULL;
    for (const char *q = s; q + sizeof NAME - 1 <= e; q++)
        if (!memcmp(q, NAME, sizeof NAME - 1)) {
            name = q;
            break;
        }
    bool has_charset = false;
    for (const char *q = s; q + 8 <= e && !has_charset; q++) has_charset = !memcmp(q, "<charset", 8);
    const char *val = name ? name + sizeof NAME - 1 : NULL;
    const char *quote = val ? memchr(val, '"', (size_t)(e - val)) : NULL;
    const char *close = quote ? strstr(quote, "/>") : NULL;
    if (has_charset || !close || close + 2 > e ||
        !(name_is(val, (size_t)(quote - val), "宋体") || name_is(val, (size_t)(quote - val), font))) {
        buf_add(b, s, (size_t)(e - s));
        return;
    }
    buf_add(b, s, (size_t)(close + 2 - s));
    buf_add(b, SFIX_CHARSET, sizeof SFIX_CHARSET - 1);
    buf_add(b, close + 2, (size_t)(e - close - 2));
}

char *xlsxp_styles_add_charset(const char *xml, size_t len, const char *font, size_t *out_len)
{
    sfix_buf b = {0};
    const char *p = xml, *end = xml + len;
    while (p < end) {
        /* the next "<font>" or "<font " (not <fonts …>) */
        const char *f = NULL;
        for (const char *q = p; q + 6 <= end; q++)
            if (!memcmp(q, "<font", 5) && (q[5] == '>' || q[5] == ' ')) {
                f = q;
                break;
            }
        const char *fe = NULL;
        if (f)
            for (const char *q = f; q + 7 <= end; q++)
                if (!memcmp(q, "</font>", 7)) {
                    fe = q + 7;
                    break;
                }
        if (!f || !fe) {
            buf_add(&b, p, (size_t)(end - p));
            break;
        }
        buf_add(&b, p, (size_t)(f - p));
        add_font(&b, f, fe, font);
        p = fe;
    }
    if (!b.p && !b.oom) buf_add(&b, "", 0);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *out_len = b.n;
    return b.p;
}

/* The zip entry's own time, so the copy is as reproducible as the original. */
static zip_fileinfo entry_info(const unz_file_info64 *in)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.tmz_date.tm_sec = in->tmu_date.tm_sec;
    zi.tmz_date.tm_min = in->tmu_date.tm_min;
    zi.tmz_date.tm_hour = in->tmu_date.tm_hour;
    zi.tmz_date.tm_mday = in->tmu_date.tm_mday;
    zi.tmz_date.tm_mon = in->tmu_date.tm_mon;
    zi.tmz_date.tm_year = in->tmu_date.tm_year;
    zi.dosDate = in->dosDate;
    zi.internal_fa = in->internal_fa;
    zi.external_fa = in->external_fa;
    return zi;
}

/* Copy the current entry's compressed bytes unchanged (raw), with its CRC and sizes. */
static int copy_raw(unzFile in, zipFile out, const char *name, const unz_file_info64 *info, char *chunk)
{
    int method = 0, level = 0;
    if (unzOpenCurrentFile2(in, &method, &level, 1) != UNZ_OK) return -1;
    zip_fileinfo zi = entry_info(info);
    int rc = zipOpenNewFileInZip2_64(out, name, &zi, NULL, 0, NULL, 0, NULL, method, level, 1,
                                     info->uncompressed_size >= 0xffffffffu) == ZIP_OK
                 ? 0
                 : -1;
    for (int n; rc == 0 && (n = unzReadCurrentFile(in, chunk, SFIX_CHUNK)) != 0;)
        rc = n < 0 || zipWriteInFileInZip(out, chunk, (unsigned)n) != ZIP_OK ? -1 : 0;
    if (zipCloseFileInZipRaw64(out, info->uncompressed_size, info->crc) != ZIP_OK) rc = -1;
    if (unzCloseCurrentFile(in) != UNZ_OK) rc = -1;
    return rc;
}

/* styles.xml inflated (bounded), rewritten and deflated anew. */
static int copy_styles(unzFile in, zipFile out, const char *name, const unz_file_info64 *info, const char *font,
                       char *chunk)
{
    if (info->uncompressed_size > SFIX_STYLES_MAX || unzOpenCurrentFile(in) != UNZ_OK) return -1;
    sfix_buf xml = {0};
    int n;
    while ((n = unzReadCurrentFile(in, chunk, SFIX_CHUNK)) > 0 && xml.n + (size_t)n <= SFIX_STYLES_MAX)
        buf_add(&xml, chunk, (size_t)n);
    int rc = unzCloseCurrentFile(in) == UNZ_OK && n == 0 && !xml.oom ? 0 : -1; /* UNZ_CRCERROR too */
    size_t len = 0;
    char *fixed = rc ? NULL : xlsxp_styles_add_charset(xml.p ? xml.p : "", xml.n, font, &len);
    free(xml.p);
    if (!fixed) return -1;
    zip_fileinfo zi = entry_info(info);
    rc = zipOpenNewFileInZip64(out, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) == ZIP_OK
             ? 0
             : -1;
    if (rc == 0 && zipWriteInFileInZip(out, fixed, (unsigned)len) != ZIP_OK) rc = -1;
    if (zipCloseFileInZip(out) != ZIP_OK) rc = -1;
    free(fixed);
    return rc;
}

static int copy_entries(unzFile in, zipFile out, const char *font, char *chunk, char *name, size_t name_cap)
{
    int st = unzGoToFirstFile(in);
    while (st == UNZ_OK) {
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(in, &info, name, (uLong)name_cap, NULL, 0, NULL, 0) != UNZ_OK ||
            info.size_filename >= name_cap)
            return -1;
        int rc = strcmp(name, SFIX_STYLES) ? copy_raw(in, out, name, &info, chunk)
                                           : copy_styles(in, out, name, &info, font, chunk);
        if (rc) return rc;
        st = unzGoToNextFile(in);
    }
    return st == UNZ_END_OF_LIST_OF_FILE ? 0 : -1;
}

int xlsxp_styles_fix(const bk_host *h, const char *path, const char *font, bk_error *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16), *chunk = malloc(SFIX_CHUNK), name[1024];
    if (!tmp || !chunk) {
        free(tmp);
        free(chunk);
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    snprintf(tmp, plen + 16, "%s.charset~", path);
    unzFile in = unzOpen64(path);
    zipFile out = in ? zipOpen64(tmp, APPEND_STATUS_CREATE) : NULL;
    int rc = in && out ? copy_entries(in, out, font, chunk, name, sizeof name) : -1;
    if (out && zipClose(out, NULL) != ZIP_OK) rc = -1;
    if (in) unzClose(in);
    if (rc == 0 && rename(tmp, path) != 0) rc = -1;
    if (rc) remove(tmp);
    free(tmp);
    free(chunk);
    return rc ? h->error_set(err, BK_ERR_IO, 0, 0, NULL, "%s: cannot write the font charset into %s", path, SFIX_STYLES)
              : BK_OK;
}
