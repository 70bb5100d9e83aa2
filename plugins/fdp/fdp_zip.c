/* SPDX-License-Identifier: MIT */
/* Stored ZIP members (PKWARE APPNOTE 4.3: local header, data, central directory, end record). */
#include "fdp_zip.h"
#include <string.h>

static uint32_t crc32_of(const char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void le16(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)v, b[1] = (unsigned char)(v >> 8);
}
static void le32(unsigned char *b, uint32_t v)
{
    le16(b, v & 0xFFFF);
    le16(b + 2, v >> 16);
}

static int put(fdp_zip *z, const void *p, size_t n)
{
    if (n > UINT32_MAX - z->offset || fwrite(p, 1, n, z->fp) != n) return -1;
    z->offset += (uint32_t)n;
    return 0;
}

int fdp_zip_add(fdp_zip *z, const char *name, const char *data, size_t len)
{
    size_t nl = strlen(name);
    if (z->n == FDP_ZIP_MAX_MEMBERS || nl >= sizeof z->m[0].name || len > 0xFFFFFFF0u) return -1;
    uint32_t crc = crc32_of(data, len);
    unsigned char h[30] = {0x50, 0x4B, 0x03, 0x04};
    le16(h + 4, 10);       /* version needed: 1.0 (stored) */
    le16(h + 6, 1u << 11); /* names are UTF-8 */
    le16(h + 8, 0);        /* stored */
    le16(h + 10, 0);       /* time 00:00 */
    le16(h + 12, 0x21);    /* date 1980-01-01: the same bytes for the same document */
    le32(h + 14, crc);
    le32(h + 18, (uint32_t)len);
    le32(h + 22, (uint32_t)len);
    le16(h + 26, (uint32_t)nl);
    le16(h + 28, 0);
    uint32_t at = z->offset;
    if (put(z, h, sizeof h) || put(z, name, nl) || put(z, data, len)) return -1;
    memcpy(z->m[z->n].name, name, nl + 1);
    z->m[z->n].crc = crc;
    z->m[z->n].size = (uint32_t)len;
    z->m[z->n].at = at;
    z->n++;
    return 0;
}

int fdp_zip_finish(fdp_zip *z)
{
    uint32_t start = z->offset;
    for (size_t i = 0; i < z->n; i++) {
        unsigned char h[46] = {0x50, 0x4B, 0x01, 0x02};
        size_t nl = strlen(z->m[i].name);
        le16(h + 4, 0x0314); /* made by: Unix, 2.0 */
        le16(h + 6, 10);
        le16(h + 8, 1u << 11);
        le16(h + 12, 0);
        le16(h + 14, 0x21);
        le32(h + 16, z->m[i].crc);
        le32(h + 20, z->m[i].size);
        le32(h + 24, z->m[i].size);
        le16(h + 28, (uint32_t)nl);
        le32(h + 38, 0644u << 16); /* rw-r--r-- */
        le32(h + 42, z->m[i].at);
        if (put(z, h, sizeof h) || put(z, z->m[i].name, nl)) return -1;
    }
    unsigned char e[22] = {0x50, 0x4B, 0x05, 0x06};
    le16(e + 8, (uint32_t)z->n);
    le16(e + 10, (uint32_t)z->n);
    le32(e + 12, z->offset - start);
    le32(e + 16, start);
    return put(z, e, sizeof e);
}
