/* SPDX-License-Identifier: MIT */
/**
 * @file xlsx_codes.h
 * @brief Finance-export quirks fixed on the grid before recognition.
 */
#ifndef BK_XLSX_CODES_H
#define BK_XLSX_CODES_H

#include <budgetkit/plugin.h>

/**
 * Finance exports print the classification code split over 类/款/项 columns
 * ("208" | "02" | "01"). Join such codes into the first of the three columns
 * ("2080201") and drop the split header, so the recognizer sees one 科目编码
 * column as in the official layout. Returns BK_OK or BK_ERR_NOMEM.
 */
int xlsxp_join_split_codes(const bk_host *h, bk_grid *g);

#endif
