/**
 * @file definitions.h
 * @brief Table definitions: the standard disclosure tables, as data.
 *
 * Every standard table (the seed's 13, the MoF 9-table budget family and the
 * 9-table 决算 family) is described once, in core/definitions.c: its kind
 * key, title patterns, panels, columns (key, printed header path, synonyms)
 * and how its rows are coded. The recognizer, the validator, the XLSX layout
 * and the compiler read these definitions; nothing else hard-codes a table.
 *
 * Vocabulary (stable keys, used in JSON/XML/CSV output and in identities):
 *  - table kinds: "budget.summary" 收支总表, "budget.income" 收入总表,
 *    "budget.expense" 支出总表, "budget.fiscal_summary" 财政拨款收支总表,
 *    "budget.general_public_expense" 一般公共预算支出表,
 *    "budget.basic_economic" 一般公共预算基本支出经济科目表,
 *    "budget.gov_fund_income", "budget.gov_fund_expense", "budget.state_capital",
 *    "budget.three_public" “三公”经费, "budget.operating_costs" 机关运行经费,
 *    "budget.projects" 项目支出(本年), "budget.projects_carryover" 项目支出(上年结转),
 *    and "final.*" for 决算 tables; "custom" for anything else.
 *  - column keys: "total", "general_public", "gov_fund", "state_capital",
 *    "special_account", "unit_funds", "social_insurance", "carryover", "basic",
 *    "project", "personnel", "public_use", "current", "carryover_use", "amount", ...
 */
#ifndef BUDGETKIT_DEFINITIONS_H
#define BUDGETKIT_DEFINITIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <budgetkit/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How the rows of a panel are identified. */
typedef enum bk_row_coding {
    BK_CODING_NONE = 0,       /**< free rows */
    BK_CODING_FUNCTION,       /**< 支出功能分类: 类 3 digits, 款 5, 项 7 */
    BK_CODING_FUNCTION_CLASS, /**< rows are the 类 of 支出功能分类, printed by name ("八、社会保障和就业支出") */
    BK_CODING_ECONOMIC,       /**< 部门预算支出经济分类: 类 3 digits, 款 5 */
    BK_CODING_ECONOMIC_PAIR,  /**< (部门经济科目, 政府经济科目) name pairs under group rows, no codes (seed T6) */
    BK_CODING_REVENUE,        /**< 收入分类: 类 3, 款 5, 项 7 */
    BK_CODING_FIXED,          /**< a fixed list of items (see ::bk_panel_def.items) */
    BK_CODING_PROJECT,        /**< department → unit → project tree, printed flat */
    BK_CODING_UNIT            /**< one row per budget unit under a department total */
} bk_row_coding;

/** A column of a standard table. */
typedef struct bk_column_def {
    const char *key;                 /**< canonical key, unique in the panel */
    const char *label;               /**< official header path, levels joined with "/" ("本年收入/一般公共预算") */
    const char *const *synonyms;     /**< other printed labels of the leaf header (NULL-terminated), or NULL */
    bk_cell_kind type;               /**< BK_CELL_AMOUNT or BK_CELL_TEXT */
    /** Printed by some templates of the kind only (the MoF/Shanghai 财政拨款收入 | 事业收入 …
     *  beside the local 一般公共预算 | 政府性基金 …): read when printed, never made up by
     *  compile. Optional columns come after all the others in a panel. */
    bool optional;
} bk_column_def;

/** A fixed row item (收支总表's income lines, 三公 items, totals). */
typedef struct bk_item_def {
    const char *key;                 /**< "general_public", "income_total", "total" */
    const char *label;               /**< official printed name ("一、一般公共预算") */
    const char *code;                /**< classification code the item stands for ("208"), or NULL */
    int level;                       /**< tree level (0 = total) */
    bk_row_role role;
    const char *const *synonyms;     /**< other printed names, NULL-terminated, or NULL */
} bk_item_def;

/** A panel of a standard table. */
typedef struct bk_panel_def {
    const char *key;                 /**< "main", "income", "expense" */
    const char *label;               /**< printed over the block ("收入"), or NULL */
    const char *code_label;          /**< code column header ("科目编码"), or NULL */
    const char *name_label;          /**< name column header ("科目名称"), or NULL */
    bk_row_coding coding;
    const bk_column_def *columns;
    size_t n_columns;
    const bk_item_def *items;        /**< for BK_CODING_FIXED / FUNCTION_CLASS, or NULL */
    size_t n_items;
} bk_panel_def;

/** A standard table. */
typedef struct bk_table_def {
    const char *kind;                /**< "budget.income" */
    bk_doc_kind family;              /**< budget or final accounts */
    const char *title;               /**< official title without year ("预算收入总表") */
    const char *const *title_patterns; /**< normalized title cores that identify it, longest first, NULL-terminated */
    bk_unit_kind unit;               /**< usual unit */
    int scale;                       /**< usual decimals (2) */
    const bk_panel_def *panels;
    size_t n_panels;
    const char *description;         /**< one line for `budgetkit info` / docs */
} bk_table_def;

/** All definitions, in the official order of their family. */
const bk_table_def *bk_table_defs(size_t *count);
/** Definition by kind, or NULL. */
const bk_table_def *bk_table_def_find(const char *kind);
/** Panel definition by key, or NULL. */
const bk_panel_def *bk_table_def_panel(const bk_table_def *def, const char *panel_key);
/** Number of leading columns that are not optional: the ones compile builds. */
size_t bk_panel_def_core_columns(const bk_panel_def *pdef);
/** Column definition by key, or NULL. */
const bk_column_def *bk_panel_def_column(const bk_panel_def *pdef, const char *column_key);

/**
 * Function-classification 类 (3-digit code) for a printed 类 name such as
 * "八、社会保障和就业支出" or "资源勘探工业信息支出" (ordinal prefix, "等",
 * spaces and full-width variants ignored). NULL if unknown.
 */
const char *bk_function_class_code(const char *printed_name);
/** Official name of a 3-digit function class ("208" → "社会保障和就业支出"), or NULL. */
const char *bk_function_class_name(const char *code);

#ifdef __cplusplus
}
#endif
#endif
