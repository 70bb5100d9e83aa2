/* SPDX-License-Identifier: MIT */
/**
 * @file model.h
 * @brief The canonical budget model: one disclosure document.
 *
 * A ::bk_document holds everything a 部门预算/部门决算 disclosure publishes:
 * document facts and budget units, the standard (or custom) tables, the
 * performance-target forms (绩效目标表) with their indicator trees, and the
 * explanatory text sections, all in document order.
 *
 * Ownership rules:
 *  - A document owns everything reachable from it. Strings are UTF-8,
 *    NUL-terminated and live in the document's arena.
 *  - The structs are public so that readers can walk them directly. They are
 *    changed only through the functions below (plugins reach the same
 *    functions through ::bk_host). Scalar fields and string pointers may be
 *    assigned directly, but strings must come from bk_document_strdup().
 *  - A pointer returned by an `_add` function is borrowed: it stays valid
 *    until the next `_add` on the same container (arrays grow).
 *  - bk_document_free(NULL) is a no-op.
 *
 * The layout of these structs is ABI, pinned by tests/library/test_abi_layout.c:
 * append members at the end of ::bk_document only, and update that test
 * (docs/library.md, "ABI"). Every function here carries BK_API (export.h).
 */
#ifndef BUDGETKIT_MODEL_H
#define BUDGETKIT_MODEL_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <stdint.h>
#include <budgetkit/amount.h>
#include <budgetkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Budget (预算) or final accounts (决算). */
typedef enum bk_doc_kind {
    BK_DOC_UNKNOWN = 0,
    BK_DOC_BUDGET = 1,        /**< 部门预算 */
    BK_DOC_FINAL_ACCOUNTS = 2 /**< 部门决算 */
} bk_doc_kind;

/** What a cell holds. BLANK is not zero. */
typedef enum bk_cell_kind { BK_CELL_BLANK = 0, BK_CELL_AMOUNT = 1, BK_CELL_TEXT = 2 } bk_cell_kind;

/** Role of a row inside its panel. */
typedef enum bk_row_role {
    BK_ROW_DATA = 0,     /**< an ordinary line: a code, an item, a project */
    BK_ROW_SUBTOTAL = 1, /**< 小计, a unit's line in a project table, 本年收入合计 */
    BK_ROW_TOTAL = 2     /**< 合计, 总计, 部门合计 */
} bk_row_role;

/** Row flags. */
enum {
    BK_ROW_CODE_DERIVED = 1u << 0,   /**< the code was not printed; it was derived (e.g. from a 类 name) */
    BK_ROW_REPEATED_HEADER = 1u << 1 /**< reserved */
};

/** Units of a ::bk_box per PDF point: boxes are exact integers of 1/100 pt. */
#define BK_POS_BOX_SCALE 100

/**
 * A box on a page, in 1/BK_POS_BOX_SCALE PDF points (integers, no floats), with
 * the origin at the top-left corner of the page as displayed (its rotation
 * applied) and y growing downwards: x0 <= x1, y0 <= y1. All zero = no box.
 */
typedef struct bk_box {
    int32_t x0, y0, x1, y1;
} bk_box;

/**
 * Where the reader saw something: the position a finding or a warning cites.
 * Every member is optional (0 / NULL = unknown); which are set says what the
 * input was:
 *  - a text report (CSV, TSV, the text of a JSON or XML file): @ref bk_pos::line "line" and
 *    @ref bk_pos::column "column", 1-based;
 *  - a workbook (XLSX, XLS): @ref bk_pos::sheet "sheet", and line / column are the
 *    cell's 1-based row and column (sheet "表3", line 36, column 2 = 表3!B36);
 *  - a PDF: @ref bk_pos::page "page" (1-based) and @ref bk_pos::box "box" (line and column are 0).
 *
 * Sheet and page positions describe the printed document itself, so the model
 * formats (JSON, XML) write them and read them back value for value. A position
 * with only a line is a place in the file that was read: the formats do not
 * carry it (their reader cites its own lines instead).
 *
 * Grown in ABI 2.0 (it was {line, column}): page, box and sheet appended.
 * bk_pos_describe() words one for people.
 */
typedef struct bk_pos {
    uint32_t line;     /**< text line, or workbook row */
    uint32_t column;   /**< text column, or workbook column */
    uint32_t page;     /**< PDF page, 1-based; 0 = not on a page */
    bk_box box;        /**< on the page: the box of what was read; all 0 = unknown */
    const char *sheet; /**< workbook sheet of line/column, or NULL; in a document: a document string */
} bk_pos;

/** Longest text bk_pos_describe() writes, with its NUL (a sheet name is cut to fit). */
#define BK_POS_TEXT_MAX 192

/**
 * Word @p pos for people, as findings and warnings cite it: "表3!B36" (a
 * workbook cell), "page 4" (a PDF page; with @p with_box also its box in points,
 * "page 4 [56.7 120 300.25 132]", x0 y0 x1 y1), "line 120" (text), or
 * "" when nothing is known. Writes at most @p cap bytes with a NUL (cut on a
 * UTF-8 character boundary); returns @p buf.
 */
BK_API char *bk_pos_describe(const bk_pos *pos, int with_box, char *buf, size_t cap);

/** True when @p pos says where something is printed (a sheet or a page), the positions the formats carry. */
BK_API int bk_pos_is_printed(const bk_pos *pos);

/** One cell. */
typedef struct bk_cell {
    bk_cell_kind kind;
    bk_amount amount; /**< when kind == BK_CELL_AMOUNT */
    const char *text; /**< when kind == BK_CELL_TEXT */
} bk_cell;

/** A column of a panel. */
typedef struct bk_column {
    const char *key;   /**< canonical key from the definition ("total", "general_public"), unique in the panel */
    const char *label; /**< printed header path, levels joined with "/": "本年收入/合计" */
    bk_cell_kind type; /**< BK_CELL_AMOUNT or BK_CELL_TEXT */
} bk_column;

/** A row of a panel. */
typedef struct bk_row {
    const char *key;  /**< canonical item key for fixed-item rows ("general_public", "total"), or NULL */
    const char *code; /**< classification code as printed ("2080201": leading zeros kept), or NULL */
    const char *name; /**< name as printed ("八、社会保障和就业支出"), or NULL */
    int32_t level;    /**< 0 = total/heading level, 1 = 类 (or unit), 2 = 款, 3 = 项 ... */
    int32_t parent;   /**< index of the parent row in the same panel, -1 if none */
    bk_row_role role;
    uint32_t flags; /**< BK_ROW_* */
    bk_cell *cells; /**< one per column of the panel, in column order */
    bk_pos pos;     /**< where the row was read (for a PDF: the box of the whole row) */
    /** Where each cell was read: NULL, or one per column of the panel, in column order
     *  (an entry all zero = unknown). Made by bk_row_cell_pos(). Appended in ABI 2.0. */
    bk_pos *cell_pos;
} bk_row;

/**
 * A panel: one block of columns and rows. Most tables have one panel
 * ("main"); 收支总表 and 财政拨款收支总表 print two side by side
 * ("income" left, "expense" right).
 */
typedef struct bk_panel {
    const char *key;        /**< "main", "income", "expense" */
    const char *label;      /**< printed over the block ("收入"), or NULL */
    const char *code_label; /**< header of the code column ("科目编码"), NULL if the panel prints no codes */
    const char *name_label; /**< header of the name column ("科目名称", "项目", "项目名称"), NULL if none */
    size_t n_columns;
    bk_column *columns;
    size_t n_rows;
    bk_row *rows;
    size_t cap_columns, cap_rows; /**< internal */
} bk_panel;

/** Amount unit of a table. */
typedef enum bk_unit_kind {
    BK_UNIT_UNKNOWN = 0,
    BK_UNIT_YUAN = 1,    /**< 元 */
    BK_UNIT_WAN_YUAN = 2 /**< 万元 */
} bk_unit_kind;

/** A table. */
typedef struct bk_table {
    const char *kind;         /**< definition key ("budget.income"), or "custom" */
    const char *title;        /**< title as printed ("2024年预算收入总表") */
    const char *number_label; /**< numbering label as printed ("预算公开表1"), or NULL */
    const char *department;   /**< department line value ("忻州市民政局"), or NULL */
    bk_unit_kind unit;
    const char *unit_label; /**< unit as printed ("万元"), or NULL */
    int32_t scale;          /**< decimals the table prints its amounts with (2 for 万元 tables) */
    const char *note;       /**< trailing note ("注：本表无数据"), or NULL */
    size_t n_panels;
    bk_panel *panels;
    bk_pos pos;        /**< where the table's title was read (a workbook: its sheet and cell;
                            a PDF: the title's page and box) */
    size_t cap_panels; /**< internal */
} bk_table;

/** A budget unit (预算单位) of the department. */
typedef struct bk_budget_unit {
    const char *code; /**< unit code, or NULL */
    const char *name;
    const char *type; /**< "行政单位", "事业单位", "参照公务员法管理事业单位" ..., or NULL */
} bk_budget_unit;

/** A key/label/text triple (a field of a performance-target form, a key task). */
typedef struct bk_field {
    const char *key;   /**< canonical key ("project_name", "overview"), or NULL */
    const char *label; /**< label as printed ("项目概况"), or NULL */
    const char *value; /**< text as printed, may be NULL */
} bk_field;

/** A figure of a performance-target form (项目资金, 年度预算情况). */
typedef struct bk_perf_amount {
    const char *group; /**< "implementation" (实施期), "annual" (年度), "by_source", "by_direction" */
    const char *key;   /**< "total", "central", "provincial", "local", "self_raised", "other", "general_public" ... */
    const char *label; /**< label as printed ("其中: 中央财政资金") */
    bk_cell value;     /**< amount (元 or 万元, see the form's unit) or blank */
} bk_perf_amount;

/** One performance indicator: a leaf of the 一级/二级/三级 tree. */
typedef struct bk_indicator {
    const char *period;    /**< "implementation" (实施期), "annual" (年度), or NULL when the form has one set */
    const char *level1;    /**< 一级指标 ("产出指标") */
    const char *level2;    /**< 二级指标 ("数量指标") */
    const char *level3;    /**< 三级指标 (free text), may be NULL */
    const char *value_raw; /**< 指标值 exactly as printed ("≥95%"), may be NULL */
    const char *op;        /**< parsed comparator: "≥", "≤", ">", "<", "=" or NULL */
    bk_cell number;        /**< parsed number (AMOUNT) or blank */
    const char *unit;      /**< parsed unit after the number ("%", "元/人/月"), or NULL */
    bk_pos pos;
} bk_indicator;

/** Kind of a performance-target form. */
typedef enum bk_perf_kind {
    BK_PERF_DEPARTMENT = 1, /**< 部门（单位）整体支出绩效目标申报表 */
    BK_PERF_PROJECT = 2     /**< 项目支出绩效目标表 */
} bk_perf_kind;

/** A performance-target form. */
typedef struct bk_perf_target {
    bk_perf_kind kind;
    const char *title;        /**< as printed */
    const char *period_label; /**< "(2024年度)", "（2024）年度", or NULL */
    bk_unit_kind unit;        /**< unit of the amounts (元 for project forms, 万元 for the department form) */
    size_t n_fields;
    bk_field *fields; /**< text fields in printed order */
    size_t n_amounts;
    bk_perf_amount *amounts; /**< funding figures */
    size_t n_tasks;
    bk_field *tasks; /**< 年度重点任务: label = 核心职能, value = 重点任务 */
    size_t n_indicators;
    bk_indicator *indicators;
    bk_pos pos;
    size_t cap_fields, cap_amounts, cap_tasks, cap_indicators; /**< internal */
} bk_perf_target;

/**
 * Where the paragraphs of one section were read: its text's lines (split at
 * "\n"), in order, one position each (an entry all zero = unknown). Made by
 * bk_section_para_pos(); read through bk_section_pos_at().
 */
typedef struct bk_para_pos {
    size_t n;    /**< paragraphs of the section's text when the positions were made */
    bk_pos *pos; /**< n positions, or NULL */
} bk_para_pos;

/** A free-text section, keyed by its heading. */
typedef struct bk_section {
    const char *heading; /**< "一、部门预算收支数据变动情况及原因" as printed */
    int32_t level;       /**< 1 = part (第一部分), 2 = heading, 3 = sub-heading */
    const char *text;    /**< paragraphs joined with "\n"; may be NULL */
    bk_pos pos;          /**< where the heading (or, without one, the first paragraph) was read */
} bk_section;

typedef struct bk_arena bk_arena;

/** The document. */
typedef struct bk_document {
    int32_t fiscal_year; /**< 2024; 0 = unknown */
    bk_doc_kind kind;
    const char *title;           /**< "忻州市民政局2024年部门预算公开", or NULL */
    const char *region;          /**< "忻州市", or NULL */
    const char *level;           /**< government level: "市级", "省级", "区县级", or NULL */
    const char *department_code; /**< "305", or NULL */
    const char *department_name; /**< "忻州市民政局", or NULL */
    size_t n_units;
    bk_budget_unit *units;
    size_t n_tables;
    bk_table *tables;
    size_t n_perf_targets;
    bk_perf_target *perf_targets;
    size_t n_sections;
    bk_section *sections;
    size_t cap_units, cap_tables, cap_perf_targets, cap_sections; /**< internal */
    bk_arena *arena;                                              /**< internal */
    /** Whose disclosure: "department" (部门预算/部门决算: the 主管部门 and all its units) or "unit"
     *  (单位预算/单位决算: one 预算单位), or NULL when the document does not say. Appended (model ABI). */
    const char *disclosure;
    /** Where each section's paragraphs were read: NULL, or one entry per section (index as in
     *  @ref sections, up to @ref cap_para_pos; an entry with n = 0 = unknown). Made by
     *  bk_section_para_pos(). Appended (model ABI, compatible: the core allocates documents). */
    bk_para_pos *para_pos;
    size_t cap_para_pos; /**< internal */
} bk_document;

/** New empty document. Caller frees with bk_document_free(). NULL on out of memory. */
BK_API bk_document *bk_document_new(void);
/** Free a document and everything it owns. NULL is a no-op. */
BK_API void bk_document_free(bk_document *doc);

/** Copy @p n bytes of @p s (n = (size_t)-1: up to the NUL) into the document. NULL on OOM or s == NULL. */
BK_API const char *bk_document_strdup(bk_document *doc, const char *s, size_t n);

/** Append a budget unit. Borrowed result; NULL on OOM. */
BK_API bk_budget_unit *bk_document_add_unit(bk_document *doc, const char *code, const char *name, const char *type);

/** Append a table of @p kind (copied). Borrowed result; NULL on OOM. */
BK_API bk_table *bk_document_add_table(bk_document *doc, const char *kind, const char *title);

/** Append a panel to @p table. Borrowed result; NULL on OOM. */
BK_API bk_panel *bk_table_add_panel(bk_document *doc, bk_table *table, const char *key, const char *label);

/**
 * Append a column. Columns must all be added before the first row.
 * Returns NULL on OOM or when rows already exist.
 */
BK_API bk_column *bk_panel_add_column(bk_document *doc, bk_panel *panel, const char *key, const char *label,
                                      bk_cell_kind type);

/** Append a row with blank cells, level 0, parent -1, role DATA. Borrowed; NULL on OOM. */
BK_API bk_row *bk_panel_add_row(bk_document *doc, bk_panel *panel, const char *code, const char *name);

/**
 * The cell positions of @p row, a row of @p panel: made on first use (all zero,
 * one per column) and returned, so a reader sets `bk_row_cell_pos(doc, p, r)[i] = pos`.
 * A sheet name in a position must be a document string. NULL on OOM.
 */
BK_API bk_pos *bk_row_cell_pos(bk_document *doc, const bk_panel *panel, bk_row *row);

/**
 * The paragraph positions of section @p section of @p doc: made on first use
 * (all zero, one per line of the section's text as it is now) and returned, so a
 * reader sets `bk_section_para_pos(doc, i)[k] = pos` for k < the number of paragraphs
 * (bk_text_paragraphs()). A sheet name in a position must be a document string.
 * NULL on OOM, for a section index out of range, or a section without text.
 */
BK_API bk_pos *bk_section_para_pos(bk_document *doc, size_t section);

/** Paragraphs of @p text: its lines, split at "\n" (0 for NULL). */
BK_API size_t bk_text_paragraphs(const char *text);

/**
 * Where byte @p offset of section @p section's text was read: its paragraph's
 * position when known, else the section's own (its heading). Findings on text cite this.
 */
BK_API bk_pos bk_section_pos_at(const bk_document *doc, size_t section, size_t offset);

/** Set a cell to an amount. */
BK_API void bk_cell_set_amount(bk_cell *cell, bk_amount a);
/** Set a cell to text (copied into @p doc). Returns 0, or BK_ERR_NOMEM. */
BK_API int bk_cell_set_text(bk_document *doc, bk_cell *cell, const char *text, size_t n);

/* ---- setters: what a reader fills in place (plugins call them through ::bk_host, ABI 2.2) ---- */

/** Copy position @p src (a sheet name in it a document string) to @p dst: a row's, table's,
 *  form's, indicator's or section's `pos`, or an entry of bk_row_cell_pos() / bk_section_para_pos(). */
BK_API void bk_pos_set(bk_pos *dst, const bk_pos *src);
/** Copy cell @p src (its text, if any, a document string) to @p dst, as it is. */
BK_API void bk_cell_set(bk_cell *dst, const bk_cell *src);

/** The document facts held as text (bk_document_set_fact()). */
typedef enum bk_doc_fact {
    BK_FACT_TITLE = 1,           /**< bk_document::title */
    BK_FACT_REGION = 2,          /**< bk_document::region */
    BK_FACT_LEVEL = 3,           /**< bk_document::level */
    BK_FACT_DEPARTMENT_CODE = 4, /**< bk_document::department_code */
    BK_FACT_DEPARTMENT_NAME = 5, /**< bk_document::department_name */
    BK_FACT_DISCLOSURE = 6       /**< bk_document::disclosure */
} bk_doc_fact;

/** Set bk_document::fiscal_year (0 = unknown). */
BK_API void bk_document_set_fiscal_year(bk_document *doc, int32_t year);
/** Set bk_document::kind. */
BK_API void bk_document_set_kind(bk_document *doc, bk_doc_kind kind);
/** Set the text fact @p fact of @p doc to @p value (a document string, or NULL).
 *  Returns 0, or BK_ERR_VALUE for a @p fact that is not a ::bk_doc_fact (nothing is set). */
BK_API int bk_document_set_fact(bk_document *doc, bk_doc_fact fact, const char *value);
/** Set bk_perf_target::period_label (a document string, or NULL). */
BK_API void bk_perf_set_period_label(bk_perf_target *p, const char *label);
/** Set bk_perf_target::unit. */
BK_API void bk_perf_set_unit(bk_perf_target *p, bk_unit_kind unit);
/** Set the parsed value of @p ind as a reader read it (not parsed again): comparator @p op,
 *  @p number (NULL = blank) and @p unit; strings are document strings or NULL. */
BK_API void bk_indicator_set_value(bk_indicator *ind, const char *op, const bk_cell *number, const char *unit);
/** Set bk_section::text (a document string, or NULL). */
BK_API void bk_section_set_text(bk_section *s, const char *text);
/** Set bk_field::value of a form's field or key task (a document string, or NULL). */
BK_API void bk_field_set_value(bk_field *f, const char *value);
/** Remove tables [@p first, @p first + @p count) of @p doc, freeing their panels, and move the
 *  later ones down. BK_ERR_VALUE when the range is not inside the document's tables. */
BK_API int bk_document_drop_tables(bk_document *doc, size_t first, size_t count);

/** Append a performance-target form. Borrowed; NULL on OOM. */
BK_API bk_perf_target *bk_document_add_perf_target(bk_document *doc, bk_perf_kind kind, const char *title);
/** Append a text field to a form (strings copied). Borrowed; NULL on OOM. */
BK_API bk_field *bk_perf_add_field(bk_document *doc, bk_perf_target *p, const char *key, const char *label,
                                   const char *value);
/** Append a funding figure (blank value). Borrowed; NULL on OOM. */
BK_API bk_perf_amount *bk_perf_add_amount(bk_document *doc, bk_perf_target *p, const char *group, const char *key,
                                          const char *label);
/** Append a key task. Borrowed; NULL on OOM. */
BK_API bk_field *bk_perf_add_task(bk_document *doc, bk_perf_target *p, const char *label, const char *value);
/** Append an indicator (all strings copied; NULL allowed). Borrowed; NULL on OOM. */
BK_API bk_indicator *bk_perf_add_indicator(bk_document *doc, bk_perf_target *p, const char *period, const char *level1,
                                           const char *level2, const char *level3, const char *value_raw);
/**
 * Split an indicator value ("≥95%", "1720元/人/月", "≤0.5度") into comparator,
 * number and unit and store them on @p ind. Values without a number keep only value_raw.
 */
BK_API void bk_indicator_parse_value(bk_document *doc, bk_indicator *ind);

/** Append a text section (strings copied). Borrowed; NULL on OOM. */
BK_API bk_section *bk_document_add_section(bk_document *doc, const char *heading, int level, const char *text);

/* ---- lookups (read-only helpers) ---- */

/** First table of @p kind, or NULL. */
BK_API const bk_table *bk_document_find_table(const bk_document *doc, const char *kind);
/** Panel by key ("main" / "income" / "expense"), or NULL. */
BK_API const bk_panel *bk_table_find_panel(const bk_table *t, const char *key);
/** Column index by key, or -1. */
BK_API int bk_panel_column_index(const bk_panel *p, const char *key);
/** Name of a doc kind: "budget", "final_accounts", "unknown". */
BK_API const char *bk_doc_kind_name(bk_doc_kind k);
/** Parse a doc kind name; BK_DOC_UNKNOWN if not recognised. */
BK_API bk_doc_kind bk_doc_kind_from_name(const char *s);
/** "yuan", "wan_yuan", "unknown". */
BK_API const char *bk_unit_kind_name(bk_unit_kind u);
/** Parse "yuan"/"wan_yuan"/"元"/"万元". */
BK_API bk_unit_kind bk_unit_kind_from_name(const char *s);
/** "data", "subtotal", "total". */
BK_API const char *bk_row_role_name(bk_row_role r);
/** Parse "data"/"subtotal"/"total"; -1 if not recognised. */
BK_API int bk_row_role_from_name(const char *s);

#ifdef __cplusplus
}
#endif
#endif
