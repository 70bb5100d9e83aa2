/* SPDX-License-Identifier: MIT */
#include "arena.h"
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define ARENA_BLOCK (64u * 1024u)

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} arena_block;

struct bk_arena {
    arena_block *head;
    size_t total;
};

bk_arena *bk_arena_new(void)
{
    return calloc(1, sizeof(bk_arena));
}

void bk_arena_free(bk_arena *a)
{
    if (!a) return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* Uninitialised block: strdup overwrites it at once, and zeroing first touched
 * every fresh page twice (a fifth of loading the definitions). */
static void *arena_alloc_raw(bk_arena *a, size_t size)
{
    if (!a || size > SIZE_MAX / 2) return NULL;
    size_t need = (size + 15u) & ~(size_t)15u;
    if (need == 0) need = 16;
    arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        /* Big requests get a block of their own so small ones keep filling the current one. */
        size_t bsize = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
        arena_block *nb = malloc(sizeof(arena_block) + bsize);
        if (!nb) return NULL;
        nb->size = bsize;
        nb->used = 0;
        if (b && need > ARENA_BLOCK / 4) { /* keep the partly used block at the head */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total += need;
    return p;
}

void *bk_arena_alloc(bk_arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    if (p) memset(p, 0, size);
    return p;
}

char *bk_arena_strdup(bk_arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    if (n == (size_t)-1) n = strlen(s);
    if (n == SIZE_MAX) return NULL;
    char *d = arena_alloc_raw(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

size_t bk_arena_used(const bk_arena *a)
{
    return a ? a->total : 0;
}

int bk_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) return -1;
        ncap *= 2;
    }
    void *n = realloc(*items, ncap * elem);
    if (!n) return -1;
    memset((char *)n + *cap * elem, 0, (ncap - *cap) * elem);
    *items = n;
    *cap = ncap;
    return 0;
}
