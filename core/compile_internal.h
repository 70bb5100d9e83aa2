/* SPDX-License-Identifier: MIT */
/* What core/compile_read.c needs of the compiler to read a ledger in parts. */
#ifndef BK_COMPILE_INTERNAL_H
#define BK_COMPILE_INTERNAL_H

#include <budgetkit/compile.h>

/* A new empty compiler with @p c's settings and ledger header, for a later part of the ledger. */
int bk_compiler_fork(const bk_compiler *c, bk_compiler **out, bk_error *err);
/* Whether @p c has found the ledger's header. */
bool bk_compiler_has_header(const bk_compiler *c);
/*
 * Add what @p src (a fork of @p dst: the same header) summed to @p dst, as if @p dst had
 * read @p src's records after its own;
 * frees @p src in every case. BK_ERR_LIMIT when the merged sums would leave the range
 * that per-line checks guarantee or exceed limit.tables: then read the ledger again on
 * one thread, which names the line.
 */
int bk_compiler_absorb(bk_compiler *dst, bk_compiler *src);

/* Records seen (header, title and blank records included): what a reader counts against limit.rows. */
uint64_t bk_compiler_records(const bk_compiler *c);
/* Move everything @p src holds into @p dst, which has read nothing, and free @p src. */
void bk_compiler_take(bk_compiler *dst, bk_compiler *src);

#endif
