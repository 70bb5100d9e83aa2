/* SPDX-License-Identifier: MIT */
/* The code -> last-row map behind the row hierarchy of coded tables
 * (功能分类 / 经济分类 / 收入分类 codes: 201, 20101, 2010101 …). */
#include "recognize_codes.h"
#include "arena.h"

#include <string.h>

/* FNV-1a, fed byte by byte so every prefix's hash falls out of one pass. */
#define RZ_FNV_BASIS 2166136261u
#define RZ_FNV_PRIME 16777619u

static int32_t rz_scan_parent(const bk_panel *pa, size_t idx)
{
    const char *code = pa->rows[idx].code;
    size_t len = strlen(code);
    for (size_t j = idx; j-- > 0;) {
        const char *pc = pa->rows[j].code;
        if (pc && strlen(pc) < len && !strncmp(pc, code, strlen(pc))) return (int32_t)j;
    }
    return -1;
}

/* Row index + 1 of the last row with code s[0..n), 0 if none. */
static uint32_t rz_find(const rz_codemap *m, const bk_panel *pa, const char *s, size_t n, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = m->slot[i];
        if (!v) return 0;
        if (m->hash[i] != h) continue;
        const char *c = pa->rows[v - 1].code;
        if (!strncmp(c, s, n) && c[n] == '\0') return v;
    }
}

static void rz_put(rz_codemap *m, const bk_panel *pa, uint32_t v, uint32_t h)
{
    size_t mask = m->cap - 1;
    const char *code = pa->rows[v - 1].code;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (!m->slot[i]) {
            m->slot[i] = v;
            m->hash[i] = h;
            m->n++;
            return;
        }
        if (m->hash[i] == h && !strcmp(pa->rows[m->slot[i] - 1].code, code)) {
            m->slot[i] = v; /* a later row with the same code is the nearer one */
            return;
        }
    }
}

/* Keep the load at most 1/2. The old arrays stay in the arena (freed with the
 * document): doubling wastes at most the final size. */
static int rz_grow(rz_codemap *m, bk_document *doc, const bk_panel *pa)
{
    if (m->cap && (m->n + 1) * 2 <= m->cap) return 0;
    size_t ncap = m->cap ? m->cap * 2 : 64;
    if (ncap > SIZE_MAX / 2 / sizeof(uint32_t)) return -1;
    uint32_t *slot = bk_arena_alloc(doc->arena, ncap * sizeof *slot);
    uint32_t *hash = bk_arena_alloc(doc->arena, ncap * sizeof *hash);
    if (!slot || !hash) return -1;
    rz_codemap old = *m;
    m->slot = slot;
    m->hash = hash;
    m->cap = ncap;
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i]) rz_put(m, pa, old.slot[i], old.hash[i]);
    return 0;
}

int32_t rz_codemap_parent(rz_codemap *m, bk_document *doc, const bk_panel *pa, size_t idx)
{
    /* the map is dropped for good once it cannot grow (or rows outgrow uint32) */
    if (m->cap == (size_t)-1 || idx >= UINT32_MAX || rz_grow(m, doc, pa)) {
        m->cap = (size_t)-1;
        return rz_scan_parent(pa, idx);
    }
    const char *code = pa->rows[idx].code;
    uint32_t h = RZ_FNV_BASIS, best = 0;
    /* every strict prefix, the empty one included, as the scan would match it */
    for (size_t k = 0; code[k]; k++) {
        uint32_t v = rz_find(m, pa, code, k, h);
        if (v > best) best = v;
        h = (h ^ (unsigned char)code[k]) * RZ_FNV_PRIME;
    }
    rz_put(m, pa, (uint32_t)idx + 1, h);
    return (int32_t)best - 1;
}
