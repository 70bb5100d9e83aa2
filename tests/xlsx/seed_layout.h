/* SPDX-License-Identifier: MIT */
/* Test support: the seed's 收支总表 and 收入总表 laid out by hand as grids with
 * BK_GRID_* flags (title, 部门名称/单位 line, the official two-row headers with
 * merges, rows from the seed text), standing in for core/layout.c until it lands. */
#ifndef BK_TEST_XLSX_SEED_LAYOUT_H
#define BK_TEST_XLSX_SEED_LAYOUT_H
#include <budgetkit/grid.h>
#include <budgetkit/amount.h>

/** Lay out 2024年预算收支总表 from @p seed_path into @p g. Returns 0 or -1. */
int seed_layout_summary(const char *seed_path, bk_grid *g);
/** Lay out 2024年预算收入总表. Also fills the 类 rows' 一般公共预算 figures for the pie. */
int seed_layout_income(const char *seed_path, bk_grid *g, const char **class_names, bk_amount *class_values,
                       size_t *n_classes, size_t cap);
#endif
