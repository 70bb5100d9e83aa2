/* SPDX-License-Identifier: MIT */
/* Private: a bump allocator for strings and fixed-size arrays owned by a
 * document or grid. Freed in one go; never shrinks. */
#ifndef BK_CORE_ARENA_H
#define BK_CORE_ARENA_H
#include <stddef.h>

typedef struct bk_arena bk_arena;

bk_arena *bk_arena_new(void);
void bk_arena_free(bk_arena *a);
/* Zeroed, 16-byte aligned block; NULL on OOM or size overflow. */
void *bk_arena_alloc(bk_arena *a, size_t size);
/* Copy n bytes (NUL-terminated in the arena). n == (size_t)-1: strlen. */
char *bk_arena_strdup(bk_arena *a, const char *s, size_t n);
/* Bytes handed out so far (for limits and tests). */
size_t bk_arena_used(const bk_arena *a);

/* Grow a heap array of elem-sized items so that it holds at least need; zero the new tail. */
int bk_grow(void **items, size_t *cap, size_t need, size_t elem);
#endif
