/* SPDX-License-Identifier: MIT */
/*
 * Private to the recognizer and the layout (core/recognize*.c, core/layout.c):
 * text normalization, grid-row views and the recognizer's working state.
 */
#ifndef BK_RECOGNIZE_INTERNAL_H
#define BK_RECOGNIZE_INTERNAL_H

#include <budgetkit/recognize.h>
#include <budgetkit/definitions.h>
#include "recognize_codes.h"
#include <stdbool.h>
#include <stddef.h>

/* Longest normalized text we compare (titles, headers, names); longer texts never match. */
#define RZ_NORM_MAX 512

/* ---- text (recognize_text.c) ---- */

/** Fold full-width ASCII, map 【】〔〕［］[] to (), drop spaces and quotes (definitions.c N1, N2). */
void rz_norm_basic(const char *s, char *out, size_t cap);
/** Title normalization N1-N4: also drop years ("2024年", "2024年度") and every 部门/单位. */
void rz_norm_title(const char *s, char *out, size_t cap);
/** Header normalization: N1, N2, then a leading year removed. Sets *only_year when nothing else was there. */
void rz_norm_header(const char *s, char *out, size_t cap, bool *only_year);
/** True for a Chinese numeral of an ordinal (一 … 十, 百, 零, 〇, 两). */
bool rz_cn_numeral(uint32_t c);
/** Skip a leading ordinal ("一、", "（一）", "1.", "①") and spaces; returns a pointer into @p s. */
const char *rz_skip_ordinal(const char *s);
/** Item normalization: ordinal skipped, then rz_norm_basic. */
void rz_norm_item(const char *s, char *out, size_t cap);
/** True when @p s is empty or only spaces (ASCII, U+3000, U+00A0). */
bool rz_blank(const char *s);
/** Copy @p s without leading/trailing spaces into the document (NULL when blank). */
const char *rz_trim_dup(bk_document *doc, const char *s);
/** True when @p s (trimmed) is all ASCII digits, at least @p min_len of them. */
bool rz_is_digits(const char *s, size_t min_len);
/** Parse an amount leniently (separators, full width, spaces, dash = blank). */
bk_amount_result rz_amount(const char *s, bk_amount *out);
/** A year "2024" found in @p s as "2024年" (0 if none). */
int rz_find_year(const char *s);
/** True if @p hay contains @p needle. */
bool rz_contains(const char *hay, const char *needle);
/** True if @p s starts with @p prefix. */
bool rz_starts(const char *s, const char *prefix);
/** UTF-8 characters of @p s before @p end (NULL: up to the NUL). */
size_t rz_chars_in(const char *s, const char *end);
/** True when the text looks like prose: long, or with a full stop/semicolon. */
bool rz_is_prose(const char *s);
/** Heading level of a single-cell line: 1 = 第X部分/目录, 2 = 一、…, 3 = （一）… / 1、…; 0 = not a heading. */
int rz_heading_level(const char *s);

/* ---- grid rows ---- */

/** Text of cell @p c of grid row @p r, "" when empty or blank. */
const char *rz_cell(const bk_grid *g, uint32_t r, uint32_t c);
/** Width of row @p r: cells up to the last non-blank one. */
uint32_t rz_width(const bk_grid *g, uint32_t r);
/** Number of non-blank cells of row @p r. */
uint32_t rz_nonblank(const bk_grid *g, uint32_t r);
/** Index of the first non-blank cell of row @p r (or its width). */
uint32_t rz_first(const bk_grid *g, uint32_t r);
/** Source position of row @p r (its first non-blank cell). */
bk_pos rz_pos(const bk_grid *g, uint32_t r);
/** Position of the model row read from grid row @p r: rz_pos(), with the box of the
 *  whole grid row when the reader gave one on the same page. */
bk_pos rz_row_pos(const bk_grid *g, uint32_t r);
/** Source position of cell (@p r, @p col): its own, else the row's line (and page) with column col + 1. */
bk_pos rz_cell_pos(const bk_grid *g, uint32_t r, uint32_t col);

/* ---- the recognizer's state (recognize.c) ---- */

typedef struct rz_ctx {
    bk_document *doc;
    bk_diags *diags;
    bk_error *err;
    const bk_grid *g;
    const char *pending_number; /**< a numbering label (预算公开表1) waiting for its table */
    bk_doc_kind family;         /**< 预算/决算, once known */
    bool after_cover_meta;      /**< the cover's 预算主管部门/预算单位 line was just read: the cover ends */
    const char *sheet_src;      /**< the grid's sheet name last copied into the document, */
    const char *sheet_doc;      /**< and its copy */
} rz_ctx;

/** @p p with its sheet name a document string (positions stored in the model go through here). */
bk_pos rz_keep_pos(rz_ctx *c, bk_pos p);

/** Warning with a position. */
void rz_warn(rz_ctx *c, bk_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** The table definition whose title pattern a single-cell line matches, or NULL (definitions.c rules). */
const bk_table_def *rz_match_title(rz_ctx *c, const char *text);
/** True for a numbering label line such as 预算公开表1 / 部门公开表9 / 附表3. */
bool rz_is_number_label(const char *text);
/** Perf form kind of a title line (BK_PERF_DEPARTMENT / BK_PERF_PROJECT) or 0. */
int rz_perf_title(const char *text);
/** Level of the unnumbered heading at single-cell row @p r (recognize_heading.c), 0 when it is
 *  none: a short line with no sentence mark, leader or figure, followed by a sentence, that
 *  names a section the document's 目录 lists (the entry's level; the department's name or the
 *  year may be added) or the definitions' review `sections` list (level 1). @p open_toc: the
 *  text of the 目录 section being read, or NULL. */
int rz_named_heading(const rz_ctx *c, uint32_t r, const char *open_toc);
/** True when numbered line @p item ("2. X") continues a list whose previous item was in
 *  @p prev_line, the text line before it ("具体包括： 1. 本部"): an item, not a heading. */
bool rz_list_continues(const char *item, const char *prev_line);
/** True when row @p r, an item numbered in digits, has no body: the next row is a higher
 *  heading, the list's next item or a named heading. */
bool rz_item_without_body(const rz_ctx *c, uint32_t r, const char *open_toc);
/** True when row @p r ends a table or form: a title, a numbering label, a heading, prose. */
bool rz_is_boundary(rz_ctx *c, uint32_t r);

/* ---- one table being recognized (recognize_table.c, recognize_header.c) ---- */

#define RZ_MAX_HEADER_ROWS 4
#define RZ_MAX_HCELLS      256
#define RZ_MAX_SLOTS       48
#define RZ_LABEL_MAX       256

typedef struct rz_hcell {
    uint32_t k; /* header row index (0 = top) */
    uint32_t col;
    uint32_t span_end; /* last column it covers in its row (within the panel) */
    const char *text;
    char norm[96];
    bool only_year;
    bool used;
    bool panel_label;
} rz_hcell;

/* Slots that are not a definition column: codes, names, and RZ_SLOT_UNMAPPED, a printed column
 * the definition does not know (kept whole, with its printed header path). */
enum { RZ_SLOT_CODE = -1, RZ_SLOT_NAME = -2, RZ_SLOT_CODE_PART = -3, RZ_SLOT_UNMAPPED = -4 };

typedef struct rz_slot {
    int what;        /* index of the def column, or RZ_SLOT_* */
    uint32_t col;    /* header column */
    uint32_t anchor; /* group column (ordering in logical mode) */
    int group;       /* hcell index of the matched group, or -1 */
    uint32_t offset; /* data position relative to the panel start */
    char label[RZ_LABEL_MAX];
} rz_slot;

typedef struct rz_panel {
    const bk_panel_def *def;
    uint32_t c0, c1;
    rz_slot slots[RZ_MAX_SLOTS];
    size_t n_slots;
    bool logical; /* header positions are inconsistent: map by header order */
    const char *label, *code_label, *name_label;
    size_t model_index;
    int col_of_slot[RZ_MAX_SLOTS]; /* model column index per slot, -1 for code/name */
    char last_part[3][16];         /* last printed 类 / 款 / 项 of split code columns */
    rz_codemap codes;              /* code -> last row, for the parent of a coded row */
} rz_panel;

typedef struct rz_tab {
    rz_ctx *c;
    const bk_table_def *def;
    size_t ti; /* table index in the document */
    uint32_t hrows[RZ_MAX_HEADER_ROWS];
    size_t nh;
    rz_hcell *hc;
    size_t n_hc;
    rz_panel panels[4];
    size_t n_panels;
    int32_t max_scale;
    bool any_amount;
} rz_tab;

/** Collect the non-blank cells of the header rows. */
int rz_collect_header(rz_tab *t);
/** Split the header into the definition's panels (side-by-side blocks). */
void rz_find_panels(rz_tab *t, uint32_t width);
/** Map a panel's header cells to code/name/column slots, in data order. */
void rz_map_panel(rz_tab *t, rz_panel *p);

/* ---- tables (recognize_table.c) and forms (recognize_perf.c) ---- */

/** Recognize the table whose title is row @p r (or, untitled, whose header starts at @p r). */
int rz_table(rz_ctx *c, const bk_table_def *def, uint32_t r, uint32_t *next);
/** A 部门名称/编制单位/单位 line of a table (@p apply: record it on the table). */
bool rz_meta_row(rz_tab *t, uint32_t r, bool apply);
/** A "1 2 3 …" column-number line (栏次). */
bool rz_colnum_row(const bk_grid *g, uint32_t r);

/* ---- a table the definitions do not know (recognize_custom.c) ---- */

/** True when single-cell row @p r titles a table no definition knows: a title-shaped line
 *  (…表) followed by a header line and data. */
bool rz_custom_title(rz_ctx *c, uint32_t r);
/** True for the stand-in definition a custom table is read with (codes, names, unmapped columns). */
bool rz_is_custom_def(const bk_table_def *def);
/** Read the table titled at row @p r whole, as printed, as a `custom` table; *next = the row after it. */
int rz_custom_table(rz_ctx *c, uint32_t r, uint32_t *next);
/** A standard table whose header (no title above it) is row @p r, or NULL. */
const bk_table_def *rz_header_def(rz_ctx *c, uint32_t r);
/** Whether @p s reads as header text of @p def: a column's label, synonym or label-path part, a
 * code/name/panel label, a year. A row of other text under a header is data with text amounts. */
bool rz_header_text(const bk_table_def *def, const char *s);
/** Recognize the performance form whose title is row @p r. */
int rz_perf(rz_ctx *c, int kind, uint32_t r, uint32_t *next);

/* ---- shared with the layout ---- */

/** Known 二级 indicator names (prefix match allows the truncated forms of the seed). */
bool rz_is_level2_name(const char *s);
/** Known 一级 indicator names. */
bool rz_is_level1_name(const char *s);

#endif
