/* SPDX-License-Identifier: MIT */
/**
 * @file compile.h
 * @brief Compiling finance-system line items (a ledger) into the standard tables.
 *
 * A ledger is a long table: one line per unit × 功能分类 × 经济分类 × fund ×
 * 基本/项目 × project, with an amount. Three pieces work together:
 *
 *  - the ledger reader (core/ledger.c) maps header names to fields through a
 *    documented alias list (docs/compile.md) and turns one record into a
 *    ::bk_ledger_line: codes, fund, 基本/项目, 上年结转, and the amount as an
 *    exact integer of 0.0001 元;
 *  - the compiler (core/compile.c) is a ::bk_record_sink: feed it the records
 *    of bk_read_records() (header first) or drive it from a test; it sums the
 *    lines per group (the whole ledger, one department or one unit) with
 *    integer arithmetic, then builds one ::bk_document per group from the
 *    table definitions (definitions.h). Every published figure is rounded on
 *    its own from the exact sum;
 *  - the codebook (core/codebook.c) names codes that the ledger does not
 *    name: the 2024 政府收支分类科目 names the samples use, overridden by a
 *    user CSV (code,name).
 *
 * Threads: after bk_compiler_finish(), bk_compile_group() only reads the
 * compiler, so several threads may compile different groups at once.
 */
#ifndef BUDGETKIT_COMPILE_H
#define BUDGETKIT_COMPILE_H

#include <budgetkit/export.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <budgetkit/error.h>
#include <budgetkit/limits.h>
#include <budgetkit/model.h>
#include <budgetkit/plugin.h>
#include <budgetkit/io.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Decimals of the internal amounts, in 元: lines are summed as integers of 0.0001 元. */
#define BK_LEDGER_SCALE 4

/** The fields a ledger column can stand for. */
typedef enum bk_ledger_field {
    BK_LF_YEAR = 0,      /**< 年度, FISCAL_YEAR */
    BK_LF_DEPT_CODE,     /**< 部门编码 */
    BK_LF_DEPT_NAME,     /**< 部门名称 */
    BK_LF_UNIT_CODE,     /**< 单位编码, AGENCY_CODE */
    BK_LF_UNIT_NAME,     /**< 单位名称, AGENCY_NAME */
    BK_LF_UNIT_TYPE,     /**< 单位类型: 行政单位 / 参照公务员法管理事业单位 / 事业单位 */
    BK_LF_FUNC_CODE,     /**< 功能分类科目编码, EXP_FUNC_CODE */
    BK_LF_FUNC_NAME,     /**< 功能分类科目名称, EXP_FUNC_NAME */
    BK_LF_DEP_ECON_CODE, /**< 部门经济分类编码, DEP_BGT_ECO_CODE */
    BK_LF_DEP_ECON_NAME, /**< 部门经济分类名称, DEP_BGT_ECO_NAME */
    BK_LF_GOV_ECON_CODE, /**< 政府经济分类编码, GOV_BGT_ECO_CODE */
    BK_LF_GOV_ECON_NAME, /**< 政府经济分类名称, GOV_BGT_ECO_NAME */
    BK_LF_FUND,          /**< 资金性质 / 资金来源, FUND_TYPE_NAME or FUND_TYPE_CODE */
    BK_LF_CARRYOVER,     /**< 上年结转 marker: 指标来源, 是否上年结转, SOURCE_TYPE_NAME */
    BK_LF_EXP_TYPE,      /**< 支出类型: 基本支出 / 项目支出 */
    BK_LF_PRO_CATEGORY,  /**< 项目类别: 人员类 / 公用经费 / 其他运转类 / 特定目标类 */
    BK_LF_PRO_CODE,      /**< 项目编码, PRO_CODE */
    BK_LF_PRO_NAME,      /**< 项目名称, PRO_NAME */
    BK_LF_AMOUNT,        /**< 金额 */
    BK_LF_COUNT
} bk_ledger_field;

/** Fund sources, in the order of the standard columns. */
typedef enum bk_fund {
    BK_FUND_GENERAL_PUBLIC = 0, /**< 一般公共预算 */
    BK_FUND_GOV_FUND,           /**< 政府性基金预算 */
    BK_FUND_STATE_CAPITAL,      /**< 国有资本经营预算 */
    BK_FUND_SPECIAL_ACCOUNT,    /**< 财政专户管理资金 */
    BK_FUND_UNIT_FUNDS,         /**< 单位资金 */
    BK_FUND_COUNT
} bk_fund;

/** 基本支出 or 项目支出. */
typedef enum bk_expense_type { BK_EXP_UNKNOWN = -1, BK_EXP_BASIC = 0, BK_EXP_PROJECT = 1 } bk_expense_type;

/** 人员经费 / 公用经费 hint of a line (from 项目类别 or the economic class). */
typedef enum bk_basic_kind { BK_BASIC_UNKNOWN = 0, BK_BASIC_PERSONNEL = 1, BK_BASIC_PUBLIC_USE = 2 } bk_basic_kind;

/** Which ledger column holds each field (-1 = none), found from the header. */
typedef struct bk_ledger_map {
    int col[BK_LF_COUNT];
    bk_unit_kind header_unit; /**< unit written in the amount header ("金额（万元）"), or UNKNOWN */
    size_t n_columns;         /**< fields in the header */
} bk_ledger_map;

/** One parsed ledger line. Text members are borrowed from the record. */
typedef struct bk_ledger_line {
    const char *text[BK_LF_COUNT]; /**< trimmed field text, or NULL when the column is absent or empty */
    size_t len[BK_LF_COUNT];
    bk_fund fund;
    bool carryover; /**< 上年结转 money */
    bk_expense_type exp_type;
    bk_basic_kind basic_kind;
    int64_t amount; /**< exact, in 10^-BK_LEDGER_SCALE 元 */
    bool blank;     /**< no amount and nothing else: skip the line */
} bk_ledger_line;

/** Canonical name of a field ("func_code"), the name `-o map=COLUMN:field` uses. */
BK_API const char *bk_ledger_field_name(bk_ledger_field f);

/**
 * Find the fields in a header record. @p column_map ("COLUMN:field,COLUMN:field",
 * may be NULL) names columns the alias list does not know; it wins over aliases.
 * Fails (BK_ERR_PARSE, naming the header) when the amount or the function code
 * column is missing, or when the map names a column that is not in the header.
 */
BK_API int bk_ledger_map_header(const bk_record *header, const char *column_map, bk_ledger_map *out, bk_error *err);

/**
 * Parse one data record. @p unit is the unit of the amounts (元 or 万元).
 * Errors name the line and the column (1-based) of the bad field.
 */
BK_API int bk_ledger_parse_line(const bk_ledger_map *m, const bk_record *rec, bk_unit_kind unit, bk_ledger_line *out,
                                bk_error *err);

/** Classify a fund text or code ("一般公共预算资金", "政府性基金", "1"). Returns -1 if unknown; sets *carry for
 * "上年结转…". */
BK_API int bk_ledger_fund(const char *text, size_t len, bool *carry);

/* ---- codebook ---- */

typedef struct bk_codebook bk_codebook;

/** File name of the shipped codebook (in `definitions/` beside the program). */
#define BK_CODEBOOK_FILE "codebook.tsv"

/**
 * Load a codebook: "code,name" (CSV) or "code<TAB>name[<TAB>…]" (TSV) in UTF-8,
 * one per line, an optional header line ("code,name" / "编码,名称"), `#` comments.
 * The last name given for a code wins. Errors name the file and line.
 */
BK_API int bk_codebook_load(const char *path, const bk_limits *limits, bk_codebook **out, bk_error *err);
/**
 * Load the shipped codebook, definitions/codebook.tsv: every code and name of the real
 * documents and the seed (made by definitions/make_codebook.py). Looked for where the
 * plugins are: `definitions/` beside the executable @p exe_path (NULL: this process's;
 * the build tree), `../share/budgetkit/definitions/` (the install tree), then the
 * configured install prefix. BK_ERR_NOT_FOUND, naming the places, if it is in none.
 */
BK_API int bk_codebook_load_shipped(const char *exe_path, const bk_limits *limits, bk_codebook **out, bk_error *err);
/** Free. NULL is a no-op. */
BK_API void bk_codebook_free(bk_codebook *cb);
/** Name of @p code in @p cb (may be NULL), or NULL if it has none. */
BK_API const char *bk_codebook_name(const bk_codebook *cb, const char *code);
/** Number of codes in @p cb (0 for NULL). */
BK_API size_t bk_codebook_count(const bk_codebook *cb);

/* ---- the compiler ---- */

/** How lines are grouped into documents. */
typedef enum bk_split_by {
    BK_SPLIT_NONE = 0,   /**< one document for the whole ledger */
    BK_SPLIT_DEPARTMENT, /**< one per department (部门编码/名称, else the first 3 digits of the unit code) */
    BK_SPLIT_UNIT        /**< one per budget unit */
} bk_split_by;

/** Settings of a compile run. Zero-initialised members take the defaults. */
typedef struct bk_compile_settings {
    bk_unit_kind ledger_unit; /**< unit of the ledger amounts; UNKNOWN = from the header, else 元 */
    bk_unit_kind output_unit; /**< unit of the tables; UNKNOWN = 万元 */
    int output_scale;         /**< decimals printed, 1..6; 0 = the default, 2 */
    int32_t fiscal_year;      /**< 0 = from the ledger's 年度 column */
    const char *column_map;   /**< `-o map=` value, or NULL */
    bk_split_by split;
    const bk_codebook *codebook; /**< user codebook (borrowed), or NULL: its names beat the ledger's */
    const bk_codebook *shipped;  /**< the shipped names (bk_codebook_load_shipped, borrowed), or NULL: used
                                      for codes the ledger and the user's codebook do not name */
    const bk_limits *limits;     /**< NULL = defaults */
    bk_diags *diags;             /**< notes and warnings of the reading phase (borrowed), or NULL */
} bk_compile_settings;

typedef struct bk_compiler bk_compiler;

/** New compiler. @p s is copied (its pointers are borrowed). */
BK_API int bk_compiler_new(const bk_compile_settings *s, bk_compiler **out, bk_error *err);
/** Free. NULL is a no-op. */
BK_API void bk_compiler_free(bk_compiler *c);

/**
 * The sink to feed records to (header first; a new sheet starts with a new
 * header). Up to 10 rows above the header that are not one (a title, a
 * "单位：元" line) are skipped. A record that is bad for one group marks that group failed and
 * returns 0, so reading goes on; only errors that concern every group stop it.
 */
BK_API const bk_record_sink *bk_compiler_sink(bk_compiler *c);

/**
 * Read the ledger @p path into @p c (which has read nothing yet) in up to @p parts (at most 8)
 * byte ranges on as many threads (bk_read_records_range()): each part is summed by
 * its own compiler and the parts are merged in file order, so the result equals
 * bk_read_records() into bk_compiler_sink(@p c), figure for figure. The first 64 KiB
 * are read first, alone (the header is there). If any part fails, the ledger is read
 * again on this thread, so errors are those of a line-by-line read. Returns
 * BK_ERR_UNSUPPORTED, having read nothing, for an input that is not cut: standard
 * input, a file under 576 KiB, a format without BK_CAP_RECORDS_RANGE (workbooks) or
 * one the plugin cannot cut (UTF-16). @p s->progress may be called from any of the
 * threads, one call at a time.
 */
BK_API int bk_compiler_read_parallel(bk_compiler *c, const bk_registry *r, const char *path, bk_io_settings *s,
                                     unsigned parts, bk_error *err);

/** Call once after the last record: fails if no header or no line came. */
BK_API int bk_compiler_finish(bk_compiler *c, bk_error *err);

/**
 * The error that made the sink stop reading (a bad header, too many groups),
 * or NULL. The reader only sees the status code, so callers print this one.
 */
BK_API const bk_error *bk_compiler_fatal(const bk_compiler *c);

/** Number of groups (documents to build). */
BK_API size_t bk_compiler_group_count(const bk_compiler *c);
/** Code and name of group @p i (either may be NULL; both NULL for the whole ledger). */
BK_API const char *bk_compiler_group_code(const bk_compiler *c, size_t i);
BK_API const char *bk_compiler_group_name(const bk_compiler *c, size_t i);
/** Lines summed into group @p i. */
BK_API uint64_t bk_compiler_group_lines(const bk_compiler *c, size_t i);
/** Records read (data lines, blank lines excluded). */
BK_API uint64_t bk_compiler_lines(const bk_compiler *c);

/**
 * Build the document of group @p i (caller frees it). Fails with the first
 * error recorded for this group while reading. Notes ("left out: …") and
 * warnings go to @p diags (may be NULL). Safe to call from several threads
 * at once on different or equal @p i.
 */
BK_API int bk_compile_group(const bk_compiler *c, size_t i, bk_document **out, bk_diags *diags, bk_error *err);

#ifdef __cplusplus
}
#endif
#endif
