/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tables from ruling lines, cell text from character boxes, and the text lines
 * outside the tables. See pdfp_layout.h for the model. */
#include "pdf_layout.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- pool */

struct pdfp_pool {
    struct pdfp_pool *next;
    size_t used, cap;
    max_align_t data[];
};

static void *pdfp_alloc(pdfp_pool **pool, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!*pool || (*pool)->used + n > (*pool)->cap) {
        size_t cap = n > 60000 ? n : 60000;
        pdfp_pool *p = malloc(sizeof *p + cap);
        if (!p) return NULL;
        p->next = *pool;
        p->used = 0;
        p->cap = cap;
        *pool = p;
    }
    void *r = (char *)(*pool)->data + (*pool)->used;
    (*pool)->used += n;
    return r;
}

void pdfp_layout_free(pdfp_layout *l)
{
    for (pdfp_pool *p = l->pool, *n; p; p = n) {
        n = p->next;
        free(p);
    }
    memset(l, 0, sizeof *l);
}

size_t pdfp_utf8_put(char *b, uint32_t cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---------------------------------------------------------------- union-find */

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static void uf_join(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b) p[a < b ? b : a] = a < b ? a : b;
}

/* ---------------------------------------------------------------- text */

static bool pdfp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000;
}

static bool pdfp_ascii_word(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* A line of characters (indices into page->chars), in reading order. */
typedef struct pdfp_run {
    const uint32_t *idx;
    size_t n;
} pdfp_run;

/* The text of consecutive lines: spaces collapsed and trimmed; wrapped lines joined directly
 * (Chinese does not break at spaces), with one space between two ASCII words. */
static const char *pdfp_text(pdfp_pool **pool, const pdfp_page *pg, const pdfp_run *lines, size_t n_lines, size_t *len)
{
    size_t total = 1;
    for (size_t i = 0; i < n_lines; i++) total += lines[i].n * 4 + 1;
    char *buf = pdfp_alloc(pool, total);
    if (!buf) return NULL;
    size_t o = 0;
    bool pending_space = false;
    uint32_t last = 0;
    for (size_t l = 0; l < n_lines; l++) {
        if (l > 0 && o > 0 && pdfp_ascii_word(last) && lines[l].n && pdfp_ascii_word(pg->chars[lines[l].idx[0]].cp))
            pending_space = true;
        for (size_t k = 0; k < lines[l].n; k++) {
            uint32_t cp = pg->chars[lines[l].idx[k]].cp;
            if (cp < 0x20 || cp == 0x7F) continue;
            if (pdfp_is_space(cp) && cp != 0x3000) {
                pending_space = o > 0;
                continue;
            }
            if (pending_space) buf[o++] = ' ';
            pending_space = false;
            o += pdfp_utf8_put(buf + o, cp);
            last = cp;
        }
    }
    buf[o] = '\0';
    *len = o;
    return buf;
}

/* ---------------------------------------------------------------- sorting characters */

typedef struct pdfp_key {
    uint32_t group; /* cell (or UINT32_MAX for outside) */
    float cy, x;
    uint32_t idx;
} pdfp_key;

static int pdfp_key_cmp_y(const void *a, const void *b)
{
    const pdfp_key *x = a, *y = b;
    if (x->group != y->group) return x->group < y->group ? -1 : 1;
    if (x->cy != y->cy) return x->cy < y->cy ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int pdfp_key_cmp_x(const void *a, const void *b)
{
    const pdfp_key *x = a, *y = b;
    if (x->x != y->x) return x->x < y->x ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static float pdfp_char_h(const pdfp_page *pg, uint32_t i)
{
    float h = pg->chars[i].y1 - pg->chars[i].y0;
    return h > 0.5f ? h : 0.5f;
}

/* Split keys[from, to) (one group, sorted by cy) into lines; each line sorted by x.
 * Writes the line starts to *starts (n+1 entries). */
static size_t pdfp_lines(const pdfp_page *pg, pdfp_key *k, size_t from, size_t to, size_t *starts)
{
    size_t n = 0;
    size_t i = from;
    while (i < to) {
        size_t j = i + 1;
        float cy = k[i].cy, h = pdfp_char_h(pg, k[i].idx);
        while (j < to && k[j].cy - cy <= 0.45f * h) j++;
        qsort(k + i, j - i, sizeof *k, pdfp_key_cmp_x);
        starts[n++] = i;
        i = j;
    }
    starts[n] = to;
    return n;
}

/* ---------------------------------------------------------------- tables */

typedef struct pdfp_rules {
    const pdfp_seg *h, *v;
    size_t nh, nv;
    const uint32_t *comp; /* component of each rule: h first, then v */
    uint32_t id;
} pdfp_rules;

static size_t pdfp_cluster(float *xs, size_t n, float tol)
{
    if (n == 0) return 0;
    for (size_t i = 1; i < n; i++) { /* insertion sort: a table has few edges */
        float x = xs[i];
        size_t j = i;
        while (j > 0 && xs[j - 1] > x) {
            xs[j] = xs[j - 1];
            j--;
        }
        xs[j] = x;
    }
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && xs[j] - xs[j - 1] <= tol) j++;
        xs[out++] = (xs[i] + xs[j - 1]) / 2;
        i = j;
    }
    return out;
}

/* Is there a rule of the component along @p pos covering at least half of [a, b]? */
static bool pdfp_covered(const pdfp_seg *s, size_t n, const uint32_t *comp, uint32_t id, float pos, float a, float b)
{
    float need = (b - a) * 0.5f, got = 0;
    for (size_t i = 0; i < n; i++) {
        if (comp[i] != id || fabsf(s[i].pos - pos) > 2.0f) continue;
        float lo = s[i].a > a ? s[i].a : a, hi = s[i].b < b ? s[i].b : b;
        if (hi > lo) got += hi - lo;
    }
    return got >= need;
}

typedef struct pdfp_tbuild {
    pdfp_table *t;
    float *xs, *ys;
    uint32_t *band_cell; /* band (r * n_cols + c) → index into t->cells */
} pdfp_tbuild;

/* Build the table of component @p id; 1 = built, 0 = not a table, -1 = out of memory, 2 = over a limit. */
static int pdfp_build_table(pdfp_pool **pool, const pdfp_rules *R, uint32_t id, const pdfp_layout_limits *lim,
                            pdfp_tbuild *tb)
{
    size_t nh = 0, nv = 0;
    for (size_t i = 0; i < R->nh; i++) nh += R->comp[i] == id;
    for (size_t i = 0; i < R->nv; i++) nv += R->comp[R->nh + i] == id;
    if (nh < 2 || nv < 2) return 0;
    float *xs = pdfp_alloc(pool, (nv + 2) * sizeof *xs), *ys = pdfp_alloc(pool, (nh + 2) * sizeof *ys);
    if (!xs || !ys) return -1;
    float x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    size_t kx = 0, ky = 0;
    for (size_t i = 0; i < R->nh; i++) {
        if (R->comp[i] != id) continue;
        ys[ky++] = R->h[i].pos;
        if (R->h[i].a < x0) x0 = R->h[i].a;
        if (R->h[i].b > x1) x1 = R->h[i].b;
    }
    for (size_t i = 0; i < R->nv; i++) {
        if (R->comp[R->nh + i] != id) continue;
        xs[kx++] = R->v[i].pos;
        if (R->v[i].a < y0) y0 = R->v[i].a;
        if (R->v[i].b > y1) y1 = R->v[i].b;
    }
    /* a table without side or top/bottom borders: the ends of the other rules bound it */
    xs[kx++] = x0;
    xs[kx++] = x1;
    ys[ky++] = y0;
    ys[ky++] = y1;
    kx = pdfp_cluster(xs, kx, 2.0f);
    ky = pdfp_cluster(ys, ky, 2.0f);
    if (kx < 2 || ky < 2) return 0;
    uint32_t nc = (uint32_t)(kx - 1), nr = (uint32_t)(ky - 1);
    if ((uint64_t)nc * nr > lim->max_cells) return 2;
    if (nc * nr < 2) return 0;
    size_t nb = (size_t)nc * nr;
    uint32_t *uf = malloc(nb * sizeof *uf);
    if (!uf) return -1;
    for (uint32_t i = 0; i < nb; i++) uf[i] = i;
    const uint32_t *cv = R->comp + R->nh;
    for (uint32_t r = 0; r < nr; r++)
        for (uint32_t c = 0; c + 1 < nc; c++)
            if (!pdfp_covered(R->v, R->nv, cv, id, xs[c + 1], ys[r], ys[r + 1]))
                uf_join(uf, r * nc + c, r * nc + c + 1);
    for (uint32_t r = 0; r + 1 < nr; r++)
        for (uint32_t c = 0; c < nc; c++)
            if (!pdfp_covered(R->h, R->nh, R->comp, id, ys[r + 1], xs[c], xs[c + 1]))
                uf_join(uf, r * nc + c, (r + 1) * nc + c);
    pdfp_table *t = pdfp_alloc(pool, sizeof *t);
    uint32_t *band_cell = pdfp_alloc(pool, nb * sizeof *band_cell);
    if (!t || !band_cell) {
        free(uf);
        return -1;
    }
    memset(t, 0, sizeof *t);
    size_t n_cells = 0;
    for (uint32_t i = 0; i < nb; i++) n_cells += uf_find(uf, i) == i;
    t->cells = pdfp_alloc(pool, n_cells * sizeof *t->cells);
    if (!t->cells) {
        free(uf);
        return -1;
    }
    /* roots are the smallest band of their set, so row-major order of roots is top-left order */
    for (uint32_t i = 0; i < nb; i++) {
        uint32_t root = uf_find(uf, i);
        if (root == i) {
            pdfp_tcell *cell = &t->cells[t->n_cells];
            cell->r0 = cell->r1 = i / nc;
            cell->c0 = cell->c1 = i % nc;
            cell->text = "";
            cell->len = 0;
            band_cell[i] = (uint32_t)t->n_cells++;
        } else {
            band_cell[i] = band_cell[root];
            pdfp_tcell *cell = &t->cells[band_cell[i]];
            uint32_t r = i / nc, c = i % nc;
            if (r < cell->r0) cell->r0 = r;
            if (r > cell->r1) cell->r1 = r;
            if (c < cell->c0) cell->c0 = c;
            if (c > cell->c1) cell->c1 = c;
        }
    }
    free(uf);
    for (size_t i = 0; i < t->n_cells; i++) {
        pdfp_tcell *cell = &t->cells[i];
        cell->x0 = xs[cell->c0];
        cell->x1 = xs[cell->c1 + 1];
        cell->y0 = ys[cell->r0];
        cell->y1 = ys[cell->r1 + 1];
    }
    t->n_rows = nr;
    t->n_cols = nc;
    t->x0 = xs[0];
    t->x1 = xs[kx - 1];
    t->y0 = ys[0];
    t->y1 = ys[ky - 1];
    tb->t = t;
    tb->xs = xs;
    tb->ys = ys;
    tb->band_cell = band_cell;
    return 1;
}

/* Index of the band holding v among edges e[0..n] (n+1 edges), or -1. */
static long pdfp_band(const float *e, uint32_t n, float v)
{
    if (v < e[0] || v > e[n]) return -1;
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (v < e[mid])
            hi = mid;
        else
            lo = mid;
    }
    return (long)lo;
}

/* ---------------------------------------------------------------- the page */

static int pdfp_item_cmp(const void *a, const void *b)
{
    const pdfp_item *x = a, *y = b;
    if (x->y0 != y->y0) return x->y0 < y->y0 ? -1 : 1;
    float xa = x->table ? x->table->x0 : x->line->x0, xb = y->table ? y->table->x0 : y->line->x0;
    return xa < xb ? -1 : xa > xb;
}

/* Rules into connected components (a vertical and a horizontal rule that touch). */
static uint32_t *pdfp_components(const pdfp_page *pg, size_t nh, size_t nv)
{
    uint32_t *uf = malloc((nh + nv + 1) * sizeof *uf);
    if (!uf) return NULL;
    for (uint32_t i = 0; i < nh + nv; i++) uf[i] = i;
    const float tol = 2.0f;
    for (size_t i = 0; i < nh; i++)
        for (size_t j = 0; j < nv; j++) {
            const pdfp_seg *h = &pg->h[i], *v = &pg->v[j];
            if (v->pos >= h->a - tol && v->pos <= h->b + tol && h->pos >= v->a - tol && h->pos <= v->b + tol)
                uf_join(uf, (uint32_t)i, (uint32_t)(nh + j));
        }
    for (uint32_t i = 0; i < nh + nv; i++) uf[i] = uf_find(uf, i);
    return uf;
}

/* Text lines from the characters outside the tables (keys sorted by cy within group UINT32_MAX). */
static int pdfp_text_lines(pdfp_pool **pool, const pdfp_page *pg, pdfp_key *k, size_t from, size_t to, pdfp_item *items,
                           size_t *n_items)
{
    size_t *starts = malloc((to - from + 1) * sizeof *starts);
    pdfp_run *runs = malloc((to - from + 1) * sizeof *runs);
    uint32_t *ids = malloc((to - from + 1) * sizeof *ids);
    if (!starts || !runs || !ids) {
        free(starts);
        free(runs);
        free(ids);
        return -1;
    }
    size_t nl = pdfp_lines(pg, k, from, to, starts);
    int rc = 0;
    for (size_t l = 0; l < nl && !rc; l++) {
        size_t a = starts[l], b = starts[l + 1];
        for (size_t i = a; i < b; i++) ids[i - from] = k[i].idx;
        pdfp_tline *ln = pdfp_alloc(pool, sizeof *ln);
        pdfp_part *parts = pdfp_alloc(pool, (b - a) * sizeof *parts);
        if (!ln || !parts) {
            rc = -1;
            break;
        }
        memset(ln, 0, sizeof *ln);
        ln->parts = parts;
        ln->x0 = INFINITY;
        ln->y0 = INFINITY;
        ln->x1 = -INFINITY;
        ln->y1 = -INFINITY;
        /* sizes: the median would need a sort; the largest non-space height is close enough for lines */
        size_t p0 = a;
        float last_x1 = -INFINITY;
        for (size_t i = a; i <= b && !rc; i++) {
            const pdfp_char *c = i < b ? &pg->chars[k[i].idx] : NULL;
            if (c && pdfp_is_space(c->cp)) continue;
            float h = c ? c->y1 - c->y0 : 0;
            bool cut = !c || (i > p0 && c->x0 - last_x1 > 1.6f * (h > ln->size ? h : ln->size) && last_x1 > -INFINITY);
            if (cut && i > p0) {
                pdfp_run run = {ids + (p0 - from), i - p0};
                size_t len = 0;
                const char *txt = pdfp_text(pool, pg, &run, 1, &len);
                if (!txt) {
                    rc = -1;
                    break;
                }
                if (len) {
                    pdfp_part *pt = &parts[ln->n_parts++];
                    pt->text = txt;
                    pt->len = len;
                    pt->x0 = pg->chars[k[p0].idx].x0;
                    pt->x1 = last_x1;
                }
                p0 = i;
            }
            if (!c) break;
            if (h > ln->size) ln->size = h;
            if (c->x0 < ln->x0) ln->x0 = c->x0;
            if (c->x1 > ln->x1) ln->x1 = c->x1;
            if (c->y0 < ln->y0) ln->y0 = c->y0;
            if (c->y1 > ln->y1) ln->y1 = c->y1;
            last_x1 = c->x1;
        }
        if (!rc && ln->n_parts) {
            items[*n_items].y0 = ln->y0;
            items[*n_items].table = NULL;
            items[*n_items].line = ln;
            (*n_items)++;
        }
    }
    free(starts);
    free(runs);
    free(ids);
    return rc;
}

/* Each table cell's text from its characters. keys[from, to) are one table's, sorted by (cell, cy). */
static int pdfp_cell_texts(pdfp_pool **pool, const pdfp_page *pg, pdfp_table *t, pdfp_key *k, size_t from, size_t to)
{
    size_t cap = to - from + 1;
    size_t *starts = malloc(cap * sizeof *starts);
    pdfp_run *runs = malloc(cap * sizeof *runs);
    uint32_t *ids = malloc(cap * sizeof *ids);
    if (!starts || !runs || !ids) {
        free(starts);
        free(runs);
        free(ids);
        return -1;
    }
    int rc = 0;
    for (size_t i = from; i < to && !rc;) {
        size_t j = i + 1;
        while (j < to && k[j].group == k[i].group) j++;
        size_t nl = pdfp_lines(pg, k, i, j, starts);
        for (size_t q = i; q < j; q++) ids[q - from] = k[q].idx;
        for (size_t l = 0; l < nl; l++) {
            runs[l].idx = ids + (starts[l] - from);
            runs[l].n = starts[l + 1] - starts[l];
        }
        pdfp_tcell *cell = &t->cells[k[i].group];
        size_t len = 0;
        const char *txt = pdfp_text(pool, pg, runs, nl, &len);
        if (!txt)
            rc = -1;
        else {
            cell->text = txt;
            cell->len = len;
        }
        i = j;
    }
    free(starts);
    free(runs);
    free(ids);
    return rc;
}

int pdfp_layout_page(pdfp_page *pg, const pdfp_layout_limits *lim, pdfp_layout *out, size_t *dropped)
{
    static const pdfp_layout_limits DEFAULT_LIMITS = {4096, 1u << 17};
    if (!lim) lim = &DEFAULT_LIMITS;
    memset(out, 0, sizeof *out);
    if (dropped) *dropped = 0;
    pdfp_page_merge_rules(pg, 1.0f, 2.0f);
    size_t nh = pg->n_h, nv = pg->n_v;
    if (nh > lim->max_rules || nv > lim->max_rules) {
        if (dropped) *dropped = 1;
        nh = nv = 0;
    }
    int rc = 0;
    uint32_t *comp = pdfp_components(pg, nh, nv);
    pdfp_tbuild *tabs = calloc(nh + 1, sizeof *tabs);
    pdfp_key *keys = malloc((pg->n_chars + 1) * sizeof *keys);
    if (!comp || !tabs || !keys) {
        rc = -1;
        goto done;
    }
    size_t nt = 0;
    pdfp_rules R = {pg->h, pg->v, nh, nv, comp, 0};
    for (uint32_t i = 0; i < nh && !rc; i++) {
        if (comp[i] != i) continue; /* one attempt per component, at its root */
        int b = pdfp_build_table(&out->pool, &R, i, lim, &tabs[nt]);
        if (b < 0)
            rc = -1;
        else if (b == 1)
            nt++;
        else if (b == 2 && dropped)
            (*dropped)++;
    }
    if (rc) goto done;
    /* characters → cells (group = table * 2^20 + cell is too tight; group is a running cell id) */
    uint32_t *base = malloc((nt + 1) * sizeof *base);
    if (!base) {
        rc = -1;
        goto done;
    }
    uint32_t total_cells = 0;
    for (size_t t = 0; t < nt; t++) {
        base[t] = total_cells;
        total_cells += (uint32_t)tabs[t].t->n_cells;
    }
    base[nt] = total_cells;
    for (size_t i = 0; i < pg->n_chars; i++) {
        const pdfp_char *c = &pg->chars[i];
        float cx = (c->x0 + c->x1) / 2, cy = (c->y0 + c->y1) / 2;
        uint32_t group = UINT32_MAX;
        for (size_t t = 0; t < nt && group == UINT32_MAX; t++) {
            const pdfp_tbuild *tb = &tabs[t];
            long r = pdfp_band(tb->ys, tb->t->n_rows, cy), col = pdfp_band(tb->xs, tb->t->n_cols, cx);
            if (r >= 0 && col >= 0) group = base[t] + tb->band_cell[(size_t)r * tb->t->n_cols + (size_t)col];
        }
        keys[i].group = group;
        keys[i].cy = cy;
        keys[i].x = c->x0;
        keys[i].idx = (uint32_t)i;
    }
    qsort(keys, pg->n_chars, sizeof *keys, pdfp_key_cmp_y);
    /* group ids are cell ids offset by table: split the sorted keys per table and rebase */
    size_t at = 0;
    for (size_t t = 0; t < nt && !rc; t++) {
        size_t from = at;
        while (at < pg->n_chars && keys[at].group < base[t + 1]) keys[at++].group -= base[t];
        rc = pdfp_cell_texts(&out->pool, pg, tabs[t].t, keys, from, at);
    }
    free(base);
    if (rc) goto done;
    out->items = pdfp_alloc(&out->pool, (nt + (pg->n_chars - at) + 1) * sizeof *out->items);
    if (!out->items) {
        rc = -1;
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        out->items[out->n_items].y0 = tabs[t].t->y0;
        out->items[out->n_items].table = tabs[t].t;
        out->items[out->n_items].line = NULL;
        out->n_items++;
    }
    if (at < pg->n_chars) rc = pdfp_text_lines(&out->pool, pg, keys, at, pg->n_chars, out->items, &out->n_items);
    if (rc) goto done;
    qsort(out->items, out->n_items, sizeof *out->items, pdfp_item_cmp);
    for (size_t i = 0; i < out->n_items; i++)
        if (out->items[i].line && out->items[i].line->x1 > out->text_right) out->text_right = out->items[i].line->x1;
done:
    free(comp);
    free(tabs);
    free(keys);
    if (rc) pdfp_layout_free(out);
    return rc;
}
