/* SPDX-License-Identifier: MIT */
/*
 * Private to the recognizer: the last row of a panel with each code, so that a
 * row's parent (the nearest earlier row whose code is a strict prefix of its
 * own) is found with one lookup per prefix length instead of a scan back over
 * every earlier row.
 */
#ifndef BK_RECOGNIZE_CODES_H
#define BK_RECOGNIZE_CODES_H

#include <budgetkit/model.h>
#include <stddef.h>
#include <stdint.h>

/** Open-addressed map: row code -> index of the last panel row with that code. */
typedef struct rz_codemap {
    uint32_t *slot; /**< row index + 1, 0 = empty; in the document's arena */
    uint32_t *hash; /**< the slot's hash, to skip most string compares */
    size_t cap;     /**< power of two, or 0 before the first row */
    size_t n;
} rz_codemap;

/**
 * Parent of row @p idx of @p pa (its code set), then record the row under its
 * code. Returns the parent's row index or -1; exactly what a scan back over
 * rows idx-1 … 0 for the first code that is a strict prefix would return.
 * On out of memory the map is dropped and the scan is done instead.
 */
int32_t rz_codemap_parent(rz_codemap *m, bk_document *doc, const bk_panel *pa, size_t idx);

#endif
