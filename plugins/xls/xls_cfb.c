/* SPDX-License-Identifier: MIT */
/* OLE2 compound file: header, FAT (via DIFAT), directory, (mini) stream chains. */
#include "xls_cfb.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CFB_END          0xFFFFFFFEu /* ENDOFCHAIN */
#define CFB_FREE         0xFFFFFFFFu
#define CFB_HEADER_DIFAT 109 /* FAT sector numbers kept in the header */

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

typedef struct cfb {
    const bk_host *h;
    const unsigned char *file;
    size_t n;
    size_t ss;          /* sector size: 512 or 4096 */
    uint32_t n_sectors; /* sectors the file holds (a short last one counts) */
    uint32_t *fat;
    size_t n_fat;
    bk_error *err;
} cfb;

static int bad(cfb *c, const char *what, uint32_t sector)
{
    return c->h->error_set(c->err, BK_ERR_PARSE, 0, 0, "compound file",
                           "not a readable .xls: %s (sector %u; the file is truncated or damaged)", what, sector);
}

/* Bytes of sector @p s in the file (a short last sector gives fewer). */
static const unsigned char *sector(const cfb *c, uint32_t s, size_t *avail)
{
    if (s >= c->n_sectors) return NULL;
    size_t off = ((size_t)s + 1) * c->ss;
    *avail = c->n - off < c->ss ? c->n - off : c->ss;
    return c->file + off;
}

/* The FAT sector numbers: 109 in the header, the rest in a chain of DIFAT sectors
 * (each holds ss/4 - 1 numbers and the next DIFAT sector). */
static int fat_sector_list(cfb *c, const unsigned char *hd, uint32_t n_fat_sectors, uint32_t *list)
{
    uint32_t difat = u32(hd + 0x44), n_difat = u32(hd + 0x48);
    size_t per = c->ss / 4 - 1, have = 0;
    for (; have < n_fat_sectors && have < CFB_HEADER_DIFAT; have++) list[have] = u32(hd + 0x4C + 4 * have);
    for (uint32_t k = 0; have < n_fat_sectors; k++) {
        size_t av;
        const unsigned char *d = k < n_difat ? sector(c, difat, &av) : NULL;
        if (!d || av < c->ss) return bad(c, "the DIFAT chain leaves the file or ends early", difat);
        for (size_t j = 0; j < per && have < n_fat_sectors; j++) list[have++] = u32(d + 4 * j);
        difat = u32(d + 4 * per);
    }
    return BK_OK;
}

static int load_fat(cfb *c, const unsigned char *hd)
{
    uint32_t n_fat_sectors = u32(hd + 0x2C);
    if (n_fat_sectors == 0 || n_fat_sectors > c->n_sectors) return bad(c, "bad FAT sector count", n_fat_sectors);
    size_t per = c->ss / 4;
    uint32_t *list = malloc((size_t)n_fat_sectors * sizeof *list);
    c->fat = malloc((size_t)n_fat_sectors * per * sizeof *c->fat);
    int rc = list && c->fat ? fat_sector_list(c, hd, n_fat_sectors, list)
                            : c->h->error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t have = 0;
    for (uint32_t i = 0; rc == BK_OK && i < n_fat_sectors; i++) {
        size_t av;
        const unsigned char *s = sector(c, list[i], &av);
        if (!s) rc = bad(c, "a FAT sector lies outside the file", list[i]);
        for (size_t j = 0; s && j < per; j++) c->fat[have++] = j * 4 + 4 <= av ? u32(s + j * 4) : CFB_FREE;
    }
    free(list);
    c->n_fat = have;
    return rc;
}

/* Follow a chain of sectors in @p table (FAT or mini FAT) from @p start, copying @p want bytes
 * (SIZE_MAX: the whole chain) of units of @p unit bytes fetched by @p get. A chain longer than
 * @p max_units (the units the file or mini stream holds) loops. */
typedef const unsigned char *(*unit_fn)(const void *ctx, uint32_t s, size_t *avail);

/* As read_chain(), also noting in @p where (when not NULL) the file offset of each unit. */
static int read_chain_at(cfb *c, const uint32_t *table, size_t n_table, uint32_t start, size_t unit, unit_fn get,
                         const void *ctx, size_t max_units, size_t want, unsigned char **out, size_t *out_len,
                         xlsp_cfb_map *where)
{
    if (want != SIZE_MAX && want > c->n) return bad(c, "a stream is larger than the file", start);
    size_t cap = want != SIZE_MAX ? want : 0, len = 0, n_units = 0;
    unsigned char *buf = NULL;
    size_t *offs = NULL;
    if (where && !(offs = malloc((want / unit + 1) * sizeof *offs)))
        return c->h->error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    uint32_t s = start;
    int rc = BK_OK;
    for (size_t steps = 0; s != CFB_END && len < want && !rc; steps++) {
        size_t av;
        const unsigned char *p = s < n_table ? get(ctx, s, &av) : NULL;
        if (!p || steps >= max_units) {
            rc = bad(c, !p ? "a stream's sector chain leaves the file" : "a sector chain loops", s);
            break;
        }
        size_t take = av < unit ? av : unit;
        if (want != SIZE_MAX && take > want - len) take = want - len;
        if (len + take > cap) {
            size_t nc = cap ? cap * 2 : 64 * 1024;
            while (nc < len + take) nc *= 2;
            unsigned char *g = realloc(buf, nc);
            if (!g) {
                rc = c->h->error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
                break;
            }
            buf = g;
            cap = nc;
        }
        if (!buf && !(buf = malloc(cap ? cap : 1))) {
            rc = c->h->error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            break;
        }
        memcpy(buf + len, p, take);
        if (offs) offs[n_units++] = (size_t)(p - c->file);
        len += take;
        s = table[s];
    }
    if (!rc && want != SIZE_MAX && len < want) rc = bad(c, "a stream ends before its size", s);
    if (rc) {
        free(buf);
        free(offs);
        return rc;
    }
    *out = buf;
    *out_len = len;
    if (where) *where = (xlsp_cfb_map){offs, n_units, unit};
    return BK_OK;
}

static int read_chain(cfb *c, const uint32_t *table, size_t n_table, uint32_t start, size_t unit, unit_fn get,
                      const void *ctx, size_t max_units, size_t want, unsigned char **out, size_t *out_len)
{
    return read_chain_at(c, table, n_table, start, unit, get, ctx, max_units, want, out, out_len, NULL);
}

static const unsigned char *big_unit(const void *ctx, uint32_t s, size_t *avail)
{
    return sector(ctx, s, avail);
}

typedef struct mini_ctx {
    const unsigned char *data;
    size_t len;
} mini_ctx;

static const unsigned char *mini_unit(const void *ctx, uint32_t s, size_t *avail)
{
    const mini_ctx *m = ctx;
    size_t off = (size_t)s * 64;
    if (off >= m->len) return NULL;
    *avail = m->len - off < 64 ? m->len - off : 64;
    return m->data + off;
}

/* A directory entry's name equals ASCII @p want (names are UTF-16LE, with their length in bytes). */
static bool entry_is(const unsigned char *e, const char *want)
{
    size_t n = strlen(want), bytes = u16(e + 0x40);
    if (bytes != (n + 1) * 2) return false;
    for (size_t i = 0; i < n; i++)
        if (e[2 * i] != (unsigned char)want[i] || e[2 * i + 1] != 0) return false;
    return true;
}

static int read_mini(cfb *c, const unsigned char *hd, const unsigned char *root, uint32_t start, size_t size,
                     unsigned char **out, size_t *out_len)
{
    unsigned char *ministream = NULL, *minifat_bytes = NULL;
    size_t ms_len = 0, mf_len = 0;
    size_t root_size = u32(root + 0x78);
    int rc = read_chain(c, c->fat, c->n_fat, u32(root + 0x74), c->ss, big_unit, c, c->n_sectors, root_size, &ministream,
                        &ms_len);
    if (!rc)
        rc = read_chain(c, c->fat, c->n_fat, u32(hd + 0x3C), c->ss, big_unit, c, c->n_sectors, SIZE_MAX, &minifat_bytes,
                        &mf_len);
    uint32_t *minifat = NULL;
    size_t n_minifat = mf_len / 4;
    if (!rc && !(minifat = malloc((n_minifat ? n_minifat : 1) * sizeof *minifat)))
        rc = c->h->error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n_minifat; i++) minifat[i] = u32(minifat_bytes + 4 * i);
    mini_ctx m = {ministream, ms_len};
    if (!rc) rc = read_chain(c, minifat, n_minifat, start, 64, mini_unit, &m, ms_len / 64 + 1, size, out, out_len);
    free(minifat);
    free(minifat_bytes);
    free(ministream);
    return rc;
}

int xlsp_cfb_workbook(const bk_host *h, const unsigned char *file, size_t n, unsigned char **out, size_t *out_len,
                      bk_error *err)
{
    return xlsp_cfb_workbook_map(h, file, n, out, out_len, NULL, err);
}

int xlsp_cfb_workbook_map(const bk_host *h, const unsigned char *file, size_t n, unsigned char **out, size_t *out_len,
                          xlsp_cfb_map *map, bk_error *err)
{
    if (map) *map = (xlsp_cfb_map){0};
    static const unsigned char MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    cfb c = {.h = h, .file = file, .n = n, .err = err};
    *out = NULL;
    *out_len = 0;
    if (n < 512 || memcmp(file, MAGIC, 8) != 0)
        return h->error_set(err, BK_ERR_PARSE, 0, 0, "compound file",
                            "not an OLE2 compound file (no D0 CF 11 E0 header)");
    uint16_t shift = u16(file + 0x1E), major = u16(file + 0x1A);
    if ((shift != 9 && shift != 12) || u16(file + 0x20) != 6)
        return h->error_set(err, BK_ERR_PARSE, 0, 0, "compound file", "bad sector size in the compound file header");
    c.ss = (size_t)1 << shift;
    if (n < c.ss * 2) return bad(&c, "the file holds no sector", 0);
    size_t ns = (n - c.ss + c.ss - 1) / c.ss;
    c.n_sectors = ns > 0xFFFFFFF0u ? 0xFFFFFFF0u : (uint32_t)ns;
    int rc = load_fat(&c, file);
    unsigned char *dir = NULL;
    size_t dir_len = 0;
    if (!rc)
        rc =
            read_chain(&c, c.fat, c.n_fat, u32(file + 0x30), c.ss, big_unit, &c, c.n_sectors, SIZE_MAX, &dir, &dir_len);
    const unsigned char *root = NULL, *book = NULL;
    for (size_t off = 0; !rc && off + 128 <= dir_len; off += 128) {
        const unsigned char *e = dir + off;
        if (off == 0 && e[0x42] == 5)
            root = e;
        else if (e[0x42] == 2 && !book && (entry_is(e, "Workbook") || entry_is(e, "Book")))
            book = e;
    }
    if (!rc && (!root || !book))
        rc = h->error_set(err, BK_ERR_PARSE, 0, 0, "compound file",
                          "the compound file has no Workbook stream (not an Excel workbook?)");
    if (!rc) {
        uint64_t size = major == 3 ? u32(book + 0x78) : (uint64_t)u32(book + 0x78) | (uint64_t)u32(book + 0x7C) << 32;
        uint32_t start = u32(book + 0x74);
        if (size > n)
            rc = bad(&c, "the Workbook stream is larger than the file", start);
        else if (size < u32(file + 0x38))
            rc = read_mini(&c, file, root, start, (size_t)size, out, out_len);
        else
            rc = read_chain_at(&c, c.fat, c.n_fat, start, c.ss, big_unit, &c, c.n_sectors, (size_t)size, out, out_len,
                               map);
    }
    free(dir);
    free(c.fat);
    return rc;
}
