/* SPDX-License-Identifier: MIT */
/**
 * @file definitions.h
 * @brief Table definitions: the standard disclosure tables, as data.
 *
 * Every standard table (the seed's 13, the MoF 9-table budget family and the
 * 9-table 决算 family) is described once, in a data file of its template
 * family (`definitions/FAMILY.json`, format in docs/definitions.md and
 * schemas/definitions.schema.json): its kind key, title patterns, panels,
 * columns (key, printed header path, synonyms), how its rows are coded, the
 * identities over it and what `compile` builds of it. The recognizer, the
 * validator, the XLSX layout and the compiler read these definitions; nothing
 * else hard-codes a table.
 *
 * One process has one immutable set of definitions, like a locale: it is
 * loaded once (bk_definitions_load(), or lazily from the default search path
 * on the first lookup) and only read afterwards, so every thread may look up
 * definitions without locks, and pointers into it stay valid until the
 * process exits.
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

#include <budgetkit/export.h>

#include <stdbool.h>
#include <stddef.h>
#include <budgetkit/model.h>
#include <budgetkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How the rows of a panel are identified. */
typedef enum bk_row_coding {
    BK_CODING_NONE = 0, /**< free rows */
    BK_CODING_FUNCTION, /**< 支出功能分类: 类 3 digits, 款 5, 项 7 */
    BK_CODING_FUNCTION_CLASS, /**< rows are the 类 of 支出功能分类, printed by name ("八、社会保障和就业支出") */
    BK_CODING_ECONOMIC,      /**< 部门预算支出经济分类: 类 3 digits, 款 5 */
    BK_CODING_ECONOMIC_PAIR, /**< (部门经济科目, 政府经济科目) name pairs under group rows, no codes (seed T6) */
    BK_CODING_REVENUE,       /**< 收入分类: 类 3, 款 5, 项 7 */
    BK_CODING_FIXED,         /**< a fixed list of items (see ::bk_panel_def.items) */
    BK_CODING_PROJECT,       /**< department → unit → project tree, printed flat */
    BK_CODING_UNIT           /**< one row per budget unit under a department total */
} bk_row_coding;

/** A column of a standard table. */
typedef struct bk_column_def {
    const char *key;   /**< canonical key, unique in the panel */
    const char *label; /**< official header path, levels joined with "/" ("本年收入/一般公共预算") */
    const char *const *synonyms; /**< other printed labels of the leaf header (NULL-terminated), or NULL */
    bk_cell_kind type;           /**< BK_CELL_AMOUNT or BK_CELL_TEXT */
    /** Printed by some templates of the kind only (the MoF/Shanghai 财政拨款收入 | 事业收入 …
     *  beside the local 一般公共预算 | 政府性基金 …): read when printed, never made up by
     *  compile. Optional columns come after all the others in a panel. */
    bool optional;
} bk_column_def;

/** A fixed row item (收支总表's income lines, 三公 items, totals). */
typedef struct bk_item_def {
    const char *key;   /**< "general_public", "income_total", "total" */
    const char *label; /**< official printed name ("一、一般公共预算") */
    const char *code;  /**< classification code the item stands for ("208"), or NULL */
    int level;         /**< tree level (0 = total) */
    bk_row_role role;
    const char *const *synonyms; /**< other printed names, NULL-terminated, or NULL */
} bk_item_def;

/** A panel of a standard table. */
typedef struct bk_panel_def {
    const char *key;        /**< "main", "income", "expense" */
    const char *label;      /**< printed over the block ("收入"), or NULL */
    const char *code_label; /**< code column header ("科目编码"), or NULL */
    const char *name_label; /**< name column header ("科目名称"), or NULL */
    bk_row_coding coding;
    const bk_column_def *columns;
    size_t n_columns;
    const bk_item_def *items; /**< for BK_CODING_FIXED / FUNCTION_CLASS, or NULL */
    size_t n_items;
    /* Layout (how the official template prints the panel; members appended) */
    const char *group_label; /**< header printed over the code and name columns ("项目"), or NULL */
    bool total_spans_code;   /**< the 合计 row's name printed in the code column, merged over code and name */
} bk_panel_def;

/** Set when the definitions come from data files (bk_definitions_load(), compile specs). */
#define BK_DEFINITIONS_DATA 1

/** What `compile` needs of a ledger to build a table (bits of ::bk_compile_def.needs). */
enum {
    BK_COMPILE_NEED_EXPENSE_TYPE = 1u << 0, /**< "expense_type": 支出类型 or 项目类别 tells 基本 from 项目 */
    BK_COMPILE_NEED_ECONOMIC = 1u << 1,     /**< "economic": every 基本支出 line has a 部门经济分类 code */
    BK_COMPILE_NEED_PROJECT = 1u << 2,      /**< "project": a 项目名称 or 项目编码 column */
    BK_COMPILE_NEED_UNIT_TYPE = 1u << 3,    /**< "unit_type": a 单位类型 column, every line 人员/公用 */
    BK_COMPILE_NEED_ECONOMIC_COLUMN = 1u << 4 /**< "economic_column": a 部门经济分类 column */
};

/** How `compile` builds a table (the builders of core/compile.c). */
typedef enum bk_compile_build {
    BK_BUILD_FUNCTION = 0,      /**< "function": one panel of 功能分类 rows, columns by mask */
    BK_BUILD_SUMMARY,           /**< "summary": 收支总表 (income items, expense by 类) */
    BK_BUILD_FISCAL_SUMMARY,    /**< "fiscal_summary": 财政拨款收支总表 */
    BK_BUILD_ECONOMIC_PAIRS,    /**< "economic_pairs": 基本支出 by (部门, 政府) 经济科目 name pairs */
    BK_BUILD_ECONOMIC_CODES,    /**< "economic_codes": 基本支出 by 部门经济分类 类/款 codes */
    BK_BUILD_THREE_PUBLIC,      /**< "three_public": “三公” items as rows */
    BK_BUILD_OPERATING_COSTS,   /**< "operating_costs": 机关运行经费 per 行政/参公 unit */
    BK_BUILD_PROJECTS,          /**< "projects": department → unit → project, this year */
    BK_BUILD_PROJECTS_CARRYOVER /**< "projects_carryover": the same, carried-over money */
} bk_compile_build;

/**
 * Which ledger money one column (or fixed item) sums: funds × year × kind.
 * funds: bit (1 << ::bk_fund) of compile.h (1 一般公共预算, 2 政府性基金, 4 国有资本经营,
 * 8 财政专户, 16 单位资金); years: 1 this year, 2 上年结转; kinds: 1 基本支出, 2 项目支出.
 */
typedef struct bk_compile_mask {
    const char *key; /**< column key (or item key) of the table */
    unsigned funds, years, kinds;
} bk_compile_mask;

/** What `compile` builds of a table from a ledger. */
typedef struct bk_compile_def {
    bk_compile_build build;
    unsigned needs;                 /**< BK_COMPILE_NEED_* */
    const char *never;              /**< why no ledger can give this table (it is then left out), or NULL */
    const bk_compile_mask *columns; /**< column masks (function panels, the expense side of summaries) */
    size_t n_columns;
    const bk_compile_mask *items; /**< fixed-item masks (the income side of summaries) */
    size_t n_items;
} bk_compile_def;

/** A standard table. */
typedef struct bk_table_def {
    const char *kind;                  /**< "budget.income" */
    bk_doc_kind family;                /**< budget or final accounts */
    const char *title;                 /**< official title without year ("预算收入总表") */
    const char *const *title_patterns; /**< normalized title cores that identify it, longest first, NULL-terminated */
    bk_unit_kind unit;                 /**< usual unit */
    int scale;                         /**< usual decimals (2) */
    const bk_panel_def *panels;
    size_t n_panels;
    const char *description;       /**< one line for `budgetkit info` / docs */
    const bk_compile_def *compile; /**< what `compile` builds of it, or NULL (not compiled) */
    const char *source;            /**< the definitions file it was loaded from */
    bool column_numbers;           /**< layout: a 栏次 row (1 2 3 …, one per column) under the header */
} bk_table_def;

/** All definitions, in the official order of their family. */
BK_API const bk_table_def *bk_table_defs(size_t *count);
/** Definition by kind, or NULL. */
BK_API const bk_table_def *bk_table_def_find(const char *kind);
/** Panel definition by key, or NULL. */
BK_API const bk_panel_def *bk_table_def_panel(const bk_table_def *def, const char *panel_key);
/** Number of leading columns that are not optional: the ones compile builds. */
BK_API size_t bk_panel_def_core_columns(const bk_panel_def *pdef);
/** Column definition by key, or NULL. */
BK_API const bk_column_def *bk_panel_def_column(const bk_panel_def *pdef, const char *column_key);

/**
 * Function-classification 类 (3-digit code) for a printed 类 name such as
 * "八、社会保障和就业支出" or "资源勘探工业信息支出" (ordinal prefix, "等",
 * spaces and full-width variants ignored). NULL if unknown.
 */
BK_API const char *bk_function_class_code(const char *printed_name);
/** Official name of a 3-digit function class ("208" → "社会保障和就业支出"), or NULL. */
BK_API const char *bk_function_class_name(const char *code);

/** A function class (支出功能分类 类) or an older name of one. */
typedef struct bk_function_class_def {
    const char *code; /**< "208" */
    const char *name; /**< official (or former) name, as printed ("资源勘探工业信息等支出") */
} bk_function_class_def;

/** The function classes, in code order. */
BK_API const bk_function_class_def *bk_function_classes(size_t *count);
/** Former names of function classes (before the 2018/2019 reforms), still printed by old templates. */
BK_API const bk_function_class_def *bk_function_class_aliases(size_t *count);

/** The name of a bk_row_coding ("function_class"), or NULL; and back (-1 if unknown). */
BK_API const char *bk_row_coding_name(bk_row_coding c);
BK_API int bk_row_coding_from_name(const char *name);
/** The name of a bk_compile_build ("fiscal_summary"), or NULL; and back (-1 if unknown). */
BK_API const char *bk_compile_build_name(bk_compile_build b);
BK_API int bk_compile_build_from_name(const char *name);

/**
 * Load the definitions of this process from data files, replacing the lazily
 * loaded default set. Files are read in this order, a later one overriding an
 * earlier one (docs/definitions.md):
 *  1. the installed set: the first of `<exe dir>/definitions`,
 *     `<exe dir>/../share/budgetkit/definitions` (build and install trees) and
 *     the configured install directory that exists;
 *  2. each directory of the environment variable BUDGETKIT_DEFINITIONS (`:`-separated);
 *  3. each of @p dirs (a directory, or one .json file), in order.
 * In a directory every `*.json` file is read, in name order. A file whose
 * family id is already loaded replaces that family; a table kind loaded
 * before from another family is replaced by the later table. The merged set is
 * then checked (every identity names defined kinds, panels, columns and items;
 * compile masks name columns and items).
 *
 * Errors: a located message (file, JSON path such as
 * `$.tables[3].panels[0].columns[2].key`, what is wrong) in @p err:
 * BK_ERR_INVALID_ARG for an entry of @p dirs that is not a readable directory
 * or file, BK_ERR_PARSE / BK_ERR_VALUE / BK_ERR_LIMIT for a bad file,
 * BK_ERR_NOT_FOUND when no definitions are found at all, BK_ERR_NOMEM. On
 * error the current set is unchanged. Thread-safe, but meant to be called once,
 * first thing (a set in use is never freed).
 */
BK_API int bk_definitions_load(const char *const *dirs, size_t n_dirs, bk_error *err);

/**
 * Status of the lazy default load (the first lookup without bk_definitions_load()):
 * BK_OK, or the error, copied to @p err. After a failed lazy load the lookups see no definitions.
 */
BK_API int bk_definitions_status(bk_error *err);

/** Where the current definitions came from: the files read, in order (NULL-terminated). */
BK_API const char *const *bk_definitions_files(size_t *count);

/**
 * Read and check the definitions as bk_definitions_load() would (same search path, same errors
 * in @p err), then discard them: the current set is unchanged and nothing is kept. For a
 * `--definitions` dry run, and the fuzz harness (tests/fuzz/fuzz_definitions.c), which would
 * otherwise keep every set it loads.
 */
BK_API int bk_definitions_check(const char *const *dirs, size_t n_dirs, bk_error *err);

#ifdef __cplusplus
}
#endif
#endif
