/* SPDX-License-Identifier: MIT */
/**
 * @file xls_cfb.h
 * @brief The OLE2 compound file (CFB) around a .xls: just enough to take
 *        out its Workbook stream, for what libfreexl does not expose
 *        (merged ranges, number formats, hidden sheets; see xls_biff.h).
 *
 * Every sector number, chain and size is checked against the file: a chain
 * that loops, leaves the file or ends early is a located error, never a
 * read past the buffer.
 */
#ifndef BK_XLS_CFB_H
#define BK_XLS_CFB_H

#include <budgetkit/plugin.h>

/**
 * Copy the `Workbook` (or BIFF5 `Book`) stream of the compound file in
 * @p file (@p n bytes) into *@p out (malloc'd, caller frees), *@p out_len bytes.
 * Errors (BK_ERR_PARSE, BK_ERR_NOMEM) name the sector or entry.
 */
int xlsp_cfb_workbook(const bk_host *h, const unsigned char *file, size_t n, unsigned char **out, size_t *out_len,
                      bk_error *err);

/** Where the Workbook stream lies in the file: the file offset of each of its sectors. */
typedef struct xlsp_cfb_map {
    size_t *sector_offsets; /**< malloc'd; NULL when the stream is in the mini stream */
    size_t n_sectors;
    size_t sector_size;
} xlsp_cfb_map;

/** As xlsp_cfb_workbook(), and fill @p map (free map->sector_offsets). */
int xlsp_cfb_workbook_map(const bk_host *h, const unsigned char *file, size_t n, unsigned char **out, size_t *out_len,
                          xlsp_cfb_map *map, bk_error *err);

#endif
