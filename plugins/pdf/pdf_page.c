/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A page's characters and rules, and the merging of ruling pieces: WPS draws one
 * table line as several strokes or thin filled rectangles, cell by cell. */
#include "pdf_page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pdfp_page_init(pdfp_page *p, uint32_t number, size_t max_items)
{
    memset(p, 0, sizeof *p);
    p->number = number;
    p->max_items = max_items;
}

void pdfp_page_free(pdfp_page *p)
{
    free(p->chars);
    free(p->h);
    free(p->v);
    memset(p, 0, sizeof *p);
}

void pdfp_page_reset(pdfp_page *p, uint32_t number)
{
    p->number = number;
    p->n_chars = p->n_h = p->n_v = 0;
    p->over = 0;
    p->width = p->height = 0;
}

/* Grow an array to hold one more element; -1 when out of memory. */
static int pdfp_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 256;
    void *na = realloc(*arr, nc * size);
    if (!na) return -1;
    *arr = na;
    *cap = nc;
    return 0;
}

int pdfp_page_add_char(pdfp_page *p, uint32_t cp, float x0, float y0, float x1, float y1)
{
    if (p->n_chars >= p->max_items) {
        p->over = 1;
        return 0;
    }
    if (!(isfinite(x0) && isfinite(y0) && isfinite(x1) && isfinite(y1))) return 0;
    if (pdfp_grow((void **)&p->chars, &p->cap_chars, p->n_chars, sizeof *p->chars)) return -1;
    pdfp_char *c = &p->chars[p->n_chars++];
    c->cp = cp;
    c->x0 = x0 < x1 ? x0 : x1;
    c->x1 = x0 < x1 ? x1 : x0;
    c->y0 = y0 < y1 ? y0 : y1;
    c->y1 = y0 < y1 ? y1 : y0;
    return 0;
}

static int pdfp_add_seg(pdfp_page *p, int vertical, float pos, float a, float b)
{
    pdfp_seg **arr = vertical ? &p->v : &p->h;
    size_t *n = vertical ? &p->n_v : &p->n_h, *cap = vertical ? &p->cap_v : &p->cap_h;
    if (*n >= p->max_items) {
        p->over = 1;
        return 0;
    }
    if (!(isfinite(pos) && isfinite(a) && isfinite(b))) return 0;
    if (pdfp_grow((void **)arr, cap, *n, sizeof **arr)) return -1;
    pdfp_seg *s = &(*arr)[(*n)++];
    s->pos = pos;
    s->a = a < b ? a : b;
    s->b = a < b ? b : a;
    return 0;
}

int pdfp_page_add_box(pdfp_page *p, float x0, float y0, float x1, float y1, float thin)
{
    float w = fabsf(x1 - x0), h = fabsf(y1 - y0);
    if (h <= thin && w > h * 2) return pdfp_add_seg(p, 0, (y0 + y1) / 2, x0, x1);
    if (w <= thin && h > w * 2) return pdfp_add_seg(p, 1, (x0 + x1) / 2, y0, y1);
    return 0;
}

int pdfp_page_add_line(pdfp_page *p, float x0, float y0, float x1, float y1)
{
    if (fabsf(y1 - y0) < 0.5f && fabsf(x1 - x0) >= 0.5f) return pdfp_add_seg(p, 0, (y0 + y1) / 2, x0, x1);
    if (fabsf(x1 - x0) < 0.5f && fabsf(y1 - y0) >= 0.5f) return pdfp_add_seg(p, 1, (x0 + x1) / 2, y0, y1);
    return 0;
}

static int pdfp_seg_cmp(const void *a, const void *b)
{
    const pdfp_seg *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return 0;
}

static int pdfp_seg_cmp_a(const void *a, const void *b)
{
    const pdfp_seg *x = a, *y = b;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return 0;
}

/* Sort by position; cluster positions within tol; inside a cluster merge overlapping ranges. */
static void pdfp_merge(pdfp_seg *s, size_t *n, float tol, float gap)
{
    if (*n == 0) return;
    qsort(s, *n, sizeof *s, pdfp_seg_cmp);
    size_t out = 0;
    for (size_t i = 0; i < *n;) {
        size_t j = i + 1;
        double sum = s[i].pos;
        while (j < *n && s[j].pos - s[j - 1].pos <= tol) sum += s[j++].pos;
        float pos = (float)(sum / (double)(j - i));
        qsort(s + i, j - i, sizeof *s, pdfp_seg_cmp_a);
        pdfp_seg cur = {pos, s[i].a, s[i].b};
        for (size_t k = i + 1; k < j; k++) {
            if (s[k].a <= cur.b + gap) {
                if (s[k].b > cur.b) cur.b = s[k].b;
            } else {
                s[out++] = cur;
                cur.a = s[k].a;
                cur.b = s[k].b;
            }
        }
        s[out++] = cur;
        i = j;
    }
    *n = out;
}

void pdfp_page_merge_rules(pdfp_page *p, float tol, float gap)
{
    pdfp_merge(p->h, &p->n_h, tol, gap);
    pdfp_merge(p->v, &p->n_v, tol, gap);
}
