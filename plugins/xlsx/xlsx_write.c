/* SPDX-License-Identifier: MIT */
/* The publication workbook engine: laid-out grids → print-ready sheets (libxlsxwriter). */
#include "xlsx_write.h"
#include "xlsx_annotate.h"
#include "xlsx_styles_fix.h"

#include <xlsxwriter.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define XLSXP_EXACT_DIGITS     15    /* significant digits a spreadsheet number keeps (Excel, LibreOffice) */
#define XLSXP_SHEET_NAME_MAX   31    /* Excel's limit, in characters */
#define XLSXP_STRING_MAX       32767 /* Excel's limit on one cell's text */
#define XLSXP_SHEET_ROWS       1048576u
#define XLSXP_SHEET_COLS       16384u
#define XLSXP_FONT_SIZE        10
#define XLSXP_TITLE_SIZE       16
#define XLSXP_HEADER_WIDTH_CAP 14u /* header text wraps beyond this */
#define XLSXP_COL_MIN          6.0
#define XLSXP_COL_MAX          50.0
#define XLSXP_TEXT_COL         86.0  /* the text column of a prose sheet: A4 portrait at 10 pt */
#define XLSXP_CHART_COLS       10    /* columns between charts on the 图表 sheet */
#define XLSXP_CHARSET_GB2312   134   /* the font charset Excel on Chinese Windows expects of 宋体 */
#define XLSXP_PORTRAIT_WIDTH   100.0 /* column units that print at full size across A4 portrait */
#define XLSXP_LANDSCAPE_WIDTH  140.0 /* and across A4 landscape */
#define XLSXP_COL_SHRUNK       12.0  /* a text column narrows to fit the page down to this */
#define XLSXP_LANDSCAPE_HEIGHT 480.0 /* points of rows on one A4 landscape page (margins off) */
#define XLSXP_PORTRAIT_HEIGHT  720.0
#define XLSXP_COVER_TITLE_SIZE 22
#define XLSXP_COVER_LINE_SIZE  16
#define XLSXP_MIN_SCALE        0.75 /* a table shrinks to one page tall only down to this */

/* What a cell is, for its format. */
typedef enum {
    ROLE_TITLE,
    ROLE_META_LEFT,
    ROLE_META_RIGHT,
    ROLE_HEADER,
    ROLE_CODE,
    ROLE_NAME,
    ROLE_TEXT,
    ROLE_AMOUNT,
    ROLE_NOTE,
    ROLE_PLAIN,
    ROLE_LINK,
    ROLE_PROSE
} xlsxp_role;

typedef struct xlsxp_fmt_key {
    xlsxp_role role;
    bool bold, border;
    int indent;
    int decimals;
    int fill; /* 0, or 1 + the severity of a finding on the cell */
    int size; /* font size in points, 0 = the role's */
} xlsxp_fmt_key;

typedef struct xlsxp_fmt_slot {
    xlsxp_fmt_key key;
    lxw_format *fmt;
} xlsxp_fmt_slot;

struct xlsxp_writer {
    const bk_host *h;
    lxw_workbook *wb;
    char *path; /* the file libxlsxwriter writes: its styles.xml gets the charset after */
    char font[64];
    bool cjk;         /* the font is a Chinese one: charset 134 (GB2312) */
    char header[512]; /* the page header: department left, title right */
    xlsxp_fmt_slot *fmts;
    size_t n_fmts, cap_fmts;
    char (*names)[128]; /* sheet names used so far (UTF-8, ≤ 31 characters) */
    size_t n_names, cap_names;
    lxw_doc_properties props;
    bk_diags *diags;
    size_t n_as_text;           /* amounts a spreadsheet number cannot hold exactly, written as text */
    char first_as_text[160];    /* sheet!cell of the first */
    xlsxp_annot *annot;         /* validate --annotate: the findings and their places, or NULL */
    lxw_worksheet *findings_ws; /* the 检查结果 sheet, made first, filled last */
    bool constant_memory;       /* rows go to disk as they are written: each sheet in row order */
    lxw_worksheet *reserved_ws; /* a sheet placed now and filled later (the 封面 of a streamed document) */
    size_t reserved_index;      /* its index in names */
    lxw_worksheet **headed;     /* the sheets that print the page header (set again by xlsxp_writer_set_titles) */
    size_t n_headed, cap_headed;
};

static size_t utf8_char_len(unsigned char c);

static int lxw_fail(const bk_host *h, bk_error *err, lxw_error e, const char *context, const char *what)
{
    int code = (e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
                e == LXW_ERROR_ZIP_FILE_OPERATION || e == LXW_ERROR_ZIP_FILE_ADD)
                   ? BK_ERR_IO
               : e == LXW_ERROR_MEMORY_MALLOC_FAILED ? BK_ERR_NOMEM
                                                     : BK_ERR_VALUE;
    return h->error_set(err, code, 0, 0, context, "%s: %s", what, lxw_strerror(e));
}

/* A Chinese font (宋体, SimSun, Noto Serif CJK SC…): cells say charset 134 (GB2312), without which
 * Excel on Chinese Windows and LibreOffice take it for a Latin face and substitute one. */
static bool is_cjk_font(const char *name)
{
    static const char *const LATIN_NAMED[] = {"Sim",  "CJK", "YaHei", "Han",       "Song", "Kai",
                                              "Fang", "Hei", "Ming",  "WenQuanYi", "AR PL"};
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p >= 0x80) return true;
    for (size_t i = 0; i < sizeof LATIN_NAMED / sizeof *LATIN_NAMED; i++)
        if (strstr(name, LATIN_NAMED[i])) return true;
    return false;
}

/* Copy @p s into @p out with '&' doubled (a page header's escape), within @p cap. */
static size_t header_escape(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; s && *s && k + 3 < cap; s++) {
        size_t n = utf8_char_len((unsigned char)*s);
        if (k + n + 2 >= cap) break;
        if (*s == '&') out[k++] = '&';
        for (size_t i = 0; i < n && s[i]; i++) out[k++] = s[i];
        s += n - 1;
    }
    out[k] = '\0';
    return k;
}

/* The page header: the department at the left, the document's title at the right (Excel keeps 255 characters). */
static void page_header(xlsxp_writer *w, const xlsxp_write_opts *opts)
{
    char dept[96], title[120];
    header_escape(opts->company, dept, sizeof dept);
    header_escape(opts->title, title, sizeof title);
    if (!dept[0] && !title[0]) return;
    snprintf(w->header, sizeof w->header, "&L&\"%s,常规\"&9%s&R&\"%s,常规\"&9%s", w->font, dept, w->font, title);
}

/* The workbook's Normal style: our font (columns are measured in its digits), charset 134 when Chinese. */
/* libxlsxwriter keeps every worksheet until workbook_close, and in constant_memory mode each one
 * has a calloc'd 128 KiB cell array (LXW_COL_MAX pointers) of which a sheet touches one page.
 * glibc serves that from an untouched mmap only while its mmap threshold is the default: once
 * any larger mmapped block is freed the threshold rises, the arrays come from reused heap, and
 * calloc clears them (129 KB of RSS a sheet at 10M amounts, 1,113 sheets). Pinning the threshold
 * at its default leaves libxlsxwriter's own ≈ 21 KB a sheet (docs/xlsx.md); the same bytes. */
static void keep_sheet_arrays_mapped(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

static void default_font(xlsxp_writer *w)
{
    lxw_format *def = STAILQ_FIRST(w->wb->formats);
    if (!def) return;
    format_set_font_name(def, w->font);
    format_set_font_size(def, XLSXP_FONT_SIZE);
    if (w->cjk) format_set_font_charset(def, XLSXP_CHARSET_GB2312);
}

int xlsxp_writer_open(const bk_host *h, const char *path, const xlsxp_write_opts *opts, xlsxp_writer **out,
                      bk_error *err)
{
    *out = NULL;
    xlsxp_writer *w = calloc(1, sizeof *w);
    if (!w) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    w->h = h;
    w->diags = opts->diags;
    snprintf(w->font, sizeof w->font, "%s", opts->font && *opts->font ? opts->font : "宋体");
    w->cjk = is_cjk_font(w->font);
    page_header(w, opts);
    /* constant memory: each sheet's rows are spooled to a temporary file as written (TMPDIR honoured) */
    const char *tmpdir = opts->constant_memory ? getenv("TMPDIR") : NULL;
    lxw_workbook_options wo = {.constant_memory = opts->constant_memory ? LXW_TRUE : LXW_FALSE,
                               .tmpdir = (char *)(tmpdir && *tmpdir ? tmpdir : NULL),
                               .use_zip64 = LXW_FALSE};
    w->constant_memory = opts->constant_memory;
    if (opts->constant_memory) keep_sheet_arrays_mapped();
    w->wb = workbook_new_opt(path, &wo);
    w->path = strdup(path);
    if (!w->wb || !w->path) {
        if (w->wb) lxw_workbook_free(w->wb);
        free(w->path);
        free(w);
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot start the workbook %s", path);
    }
    default_font(w);
    w->props.title = (char *)(opts->title ? opts->title : "");
    w->props.company = (char *)(opts->company ? opts->company : "");
    w->props.author = (char *)(opts->company ? opts->company : "");
    w->props.comments = "budgetkit";
    w->props.created = opts->created;
    lxw_error e = opts->defer_titles ? LXW_NO_ERROR : workbook_set_properties(w->wb, &w->props);
    if (e) {
        xlsxp_writer_abort(w);
        return lxw_fail(h, err, e, NULL, "cannot set the document properties");
    }
    *out = w;
    return BK_OK;
}

void xlsxp_writer_abort(xlsxp_writer *w)
{
    if (!w) return;
    if (w->wb) lxw_workbook_free(w->wb);
    free(w->fmts);
    free(w->names);
    free(w->headed);
    free(w->path);
    free(w);
}

int xlsxp_writer_set_titles(xlsxp_writer *w, const xlsxp_write_opts *opts, bk_error *err)
{
    w->header[0] = '\0';
    page_header(w, opts);
    lxw_header_footer_options hf = {.margin = 0.3};
    for (size_t i = 0; w->header[0] && i < w->n_headed; i++) worksheet_set_header_opt(w->headed[i], w->header, &hf);
    w->props.title = (char *)(opts->title ? opts->title : "");
    w->props.company = (char *)(opts->company ? opts->company : "");
    w->props.author = (char *)(opts->company ? opts->company : "");
    w->props.created = opts->created;
    lxw_error e = workbook_set_properties(w->wb, &w->props);
    return e ? lxw_fail(w->h, err, e, NULL, "cannot set the document properties") : BK_OK;
}

int xlsxp_writer_close(xlsxp_writer *w, bk_error *err)
{
    const bk_host *h = w->h;
    if (w->n_as_text)
        h->diags_add(w->diags, BK_SEV_WARNING, 0, 0, w->first_as_text,
                     "%zu amount%s written as text with the number format, the first here: more than %d "
                     "significant digits, which a spreadsheet number does not hold exactly",
                     w->n_as_text, w->n_as_text == 1 ? "" : "s", XLSXP_EXACT_DIGITS);
    lxw_error e = workbook_close(w->wb); /* frees the workbook, on every path */
    w->wb = NULL;
    int rc = e ? lxw_fail(h, err, e, NULL, "cannot write the workbook") : BK_OK;
    /* libxlsxwriter 1.1.4 writes no <charset>: styles.xml gets 134 for the Chinese fonts */
    if (rc == BK_OK) rc = xlsxp_styles_fix(h, w->path, w->cjk ? w->font : NULL, err);
    xlsxp_writer_abort(w);
    return rc;
}

/* ---- formats ---- */

static const char *amount_format_code(int decimals)
{
    static const char *const CODES[] = {"#,##0",      "#,##0.0",     "#,##0.00",    "#,##0.000",
                                        "#,##0.0000", "#,##0.00000", "#,##0.000000"};
    return CODES[decimals < 0 ? 0 : decimals > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : decimals];
}

static void style_format(const xlsxp_writer *w, lxw_format *f, const xlsxp_fmt_key *k)
{
    format_set_font_name(f, w->font);
    if (w->cjk) format_set_font_charset(f, XLSXP_CHARSET_GB2312);
    format_set_font_size(f, k->size ? k->size : k->role == ROLE_TITLE ? XLSXP_TITLE_SIZE : XLSXP_FONT_SIZE);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (k->bold || k->role == ROLE_TITLE || k->role == ROLE_HEADER) format_set_bold(f);
    if (k->border) format_set_border(f, LXW_BORDER_THIN);
    static const lxw_color_t FILLS[] = {0, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE}; /* rounding, warning, error */
    if (k->fill > 0 && k->fill < 4) format_set_bg_color(f, FILLS[k->fill]);
    switch (k->role) {
    case ROLE_TITLE:
    case ROLE_HEADER:
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_text_wrap(f);
        break;
    case ROLE_META_RIGHT: format_set_align(f, LXW_ALIGN_RIGHT); break;
    case ROLE_CODE:
        format_set_num_format(f, "@"); /* text: leading zeros stay */
        format_set_align(f, LXW_ALIGN_LEFT);
        break;
    case ROLE_NAME: /* long names (忻财社【2023】17号…) wrap; the row grows to show them */
        format_set_align(f, LXW_ALIGN_LEFT);
        format_set_text_wrap(f);
        if (k->indent > 0) format_set_indent(f, (uint8_t)k->indent);
        break;
    case ROLE_AMOUNT:
        format_set_num_format(f, amount_format_code(k->decimals));
        format_set_align(f, LXW_ALIGN_RIGHT);
        break;
    case ROLE_TEXT:
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_LEFT);
        break;
    case ROLE_PROSE: /* a paragraph or heading of 情况说明: wrapped, from the top */
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_LEFT);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        break;
    case ROLE_LINK:
        format_set_font_color(f, LXW_COLOR_BLUE);
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
        break;
    case ROLE_NOTE: /* no wrap: a note runs on over the empty cells to its right */
    case ROLE_META_LEFT:
    case ROLE_PLAIN: format_set_align(f, LXW_ALIGN_LEFT); break;
    }
}

static lxw_format *get_format(xlsxp_writer *w, xlsxp_fmt_key k)
{
    for (size_t i = 0; i < w->n_fmts; i++) {
        const xlsxp_fmt_key *s = &w->fmts[i].key;
        if (s->role == k.role && s->bold == k.bold && s->border == k.border && s->indent == k.indent &&
            s->decimals == k.decimals && s->fill == k.fill && s->size == k.size)
            return w->fmts[i].fmt;
    }
    if (w->n_fmts == w->cap_fmts) {
        size_t cap = w->cap_fmts ? w->cap_fmts * 2 : 32;
        xlsxp_fmt_slot *grown = realloc(w->fmts, cap * sizeof *grown);
        if (!grown) return NULL;
        w->fmts = grown;
        w->cap_fmts = cap;
    }
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) return NULL;
    style_format(w, f, &k);
    w->fmts[w->n_fmts++] = (xlsxp_fmt_slot){k, f};
    return f;
}

/* ---- sheet names ---- */

static size_t utf8_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Copy at most @p max_chars characters of @p s, replacing what Excel forbids. */
static void clean_sheet_name(const char *s, size_t max_chars, char *out, size_t cap)
{
    size_t w = 0, chars = 0;
    while (*s == '\'') s++;
    for (const char *p = s; *p && chars < max_chars;) {
        size_t n = utf8_char_len((unsigned char)*p);
        if (w + n + 1 > cap) break;
        if (n == 1 && strchr("[]:*?/\\", *p)) {
            out[w++] = '_';
        } else {
            size_t k = 0;
            while (k < n && p[k]) k++;
            if (k < n) break;
            memcpy(out + w, p, n);
            w += n;
        }
        p += n;
        chars++;
    }
    while (w > 0 && out[w - 1] == '\'') w--;
    out[w] = '\0';
    if (!w) snprintf(out, cap, "Sheet");
}

static bool name_used(const xlsxp_writer *w, const char *name)
{
    for (size_t i = 0; i < w->n_names; i++)
        if (strcasecmp(w->names[i], name) == 0) return true; /* Excel compares case-insensitively */
    return false;
}

static int unique_sheet_name(xlsxp_writer *w, const char *wanted, char out[128], bk_error *err)
{
    clean_sheet_name(wanted ? wanted : "", XLSXP_SHEET_NAME_MAX, out, 128);
    for (unsigned k = 2; name_used(w, out); k++) {
        char suffix[16], base[128];
        int sn = snprintf(suffix, sizeof suffix, "(%u)", k);
        clean_sheet_name(wanted ? wanted : "", XLSXP_SHEET_NAME_MAX - (size_t)sn, base, sizeof base);
        snprintf(out, 128, "%.100s%s", base, suffix);
    }
    if (w->n_names == w->cap_names) {
        size_t cap = w->cap_names ? w->cap_names * 2 : 16;
        char(*grown)[128] = realloc(w->names, cap * sizeof *grown);
        if (!grown) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        w->names = grown;
        w->cap_names = cap;
    }
    memcpy(w->names[w->n_names++], out, 128);
    return BK_OK;
}

/* ---- widths ---- */

unsigned xlsxp_text_width(const char *s, size_t len)
{
    unsigned width = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = utf8_char_len(c);
        width += n >= 3 ? 2u : 1u; /* CJK, full-width punctuation: two cells */
        i += n;
    }
    return width;
}

/* ---- one sheet ---- */

#define BODY_FLAGS          (BK_GRID_HEADER | BK_GRID_AMOUNT | BK_GRID_CODE | BK_GRID_NAME | BK_GRID_TOTAL)
#define XLSXP_ONE_PAGE_ROWS 45 /* a table this short prints on one page, like the published form */

typedef struct xlsxp_sheet_plan {
    xlsxp_sheet_kind kind;
    uint32_t width;      /* columns of the table body */
    uint32_t title_rows; /* leading rows of titles (a form repeats them on every page) */
    double height;       /* points of all rows */
    int64_t first_header, last_header;
    int64_t unit_row;           /* a 单位 line moved up beside 部门名称, or -1 */
    uint32_t *row_map;          /* grid row → sheet row */
    unsigned char *body;        /* per grid row: inside the bordered table */
    unsigned char *title_merge; /* per grid row: an unmerged title to centre across the table */
    uint32_t body_rows;
    unsigned char *covered; /* n_rows × n_cols: 1 = inside a merge, not its top-left */
    unsigned char *fill;    /* n_rows × n_cols: 1 + the worst severity of a finding there, or NULL */
    uint32_t n_cols;
    uint32_t first_title; /* the first title row (the cover's large title) */
    const bk_grid *grid;
    double *col_width;
    unsigned char *col_fixed;  /* per column: holds amounts or codes (not shrunk to fit the page) */
    double *row_height;        /* per grid row: the height to set, 0 = the default (planned before writing) */
    unsigned char *row_hidden; /* per grid row: hidden at the default height */
} xlsxp_sheet_plan;

static int cell_size(const xlsxp_sheet_plan *p, const bk_grid *g, uint32_t r, uint32_t c);

static uint32_t row_flags(const bk_grid_row *r)
{
    uint32_t f = 0;
    for (uint32_t c = 0; c < r->n_cells; c++) f |= r->cells[c].flags;
    return f;
}

/* The one text cell of a row made only of META cells at column 0, or NULL. */
static const bk_grid_cell *lone_meta(const bk_grid_row *r)
{
    const bk_grid_cell *found = NULL;
    for (uint32_t c = 0; c < r->n_cells; c++) {
        const bk_grid_cell *cell = &r->cells[c];
        if (!cell->text) continue;
        if (c != 0 || !(cell->flags & BK_GRID_META)) return NULL;
        found = cell;
    }
    return found;
}

/* A row whose only text is a TITLE cell at column 0. */
static bool lone_title(const bk_grid_row *r)
{
    for (uint32_t c = 0; c < r->n_cells; c++)
        if (r->cells[c].text && (c != 0 || !(r->cells[c].flags & BK_GRID_TITLE))) return false;
    return r->n_cells > 0 && r->cells[0].text != NULL;
}

static bool merge_start(const bk_grid *g, uint32_t r, uint32_t c, const bk_grid_merge **out)
{
    for (size_t i = 0; i < g->n_merges; i++)
        if (g->merges[i].first_row == r && g->merges[i].first_col == c) {
            *out = &g->merges[i];
            return true;
        }
    return false;
}

/* 部门名称 and 单位 on two lines become one: 部门名称 left, 单位 right (the printed form). */
static int64_t find_unit_row(const bk_grid *g, uint32_t width)
{
    if (width < 2) return -1;
    for (uint32_t r = 0; r + 1 < g->n_rows; r++) {
        const bk_grid_cell *a = lone_meta(&g->rows[r]), *b = lone_meta(&g->rows[r + 1]);
        if (a && b && strstr(b->text, "单位") == b->text) return (int64_t)r + 1;
    }
    return -1;
}

static int plan_sheet(xlsxp_writer *w, const bk_grid *g, xlsxp_sheet_plan *p, xlsxp_sheet_kind kind,
                      const char *context, bk_error *err)
{
    *p = (xlsxp_sheet_plan){.kind = kind, .first_header = -1, .last_header = -1, .unit_row = -1, .n_cols = g->n_cols};
    p->grid = g;
    while (p->title_rows < g->n_rows && (row_flags(&g->rows[p->title_rows]) & BK_GRID_TITLE)) p->title_rows++;
    for (p->first_title = 0; p->first_title < g->n_rows && !(row_flags(&g->rows[p->first_title]) & BK_GRID_TITLE);)
        p->first_title++;
    if (g->n_rows > XLSXP_SHEET_ROWS || g->n_cols > XLSXP_SHEET_COLS)
        return w->h->error_set(err, BK_ERR_LIMIT, 0, 0, context, "%u rows × %u columns do not fit on a sheet",
                               g->n_rows, g->n_cols);
    bool body_started = false;
    for (uint32_t r = 0; r < g->n_rows; r++) {
        uint32_t f = row_flags(&g->rows[r]);
        if (f & BODY_FLAGS) {
            p->body_rows++;
            if (g->rows[r].n_cells > p->width) p->width = g->rows[r].n_cells;
        }
        if ((f & BK_GRID_HEADER) && !body_started) {
            if (p->first_header < 0) p->first_header = r;
            p->last_header = r;
        } else if (f & (BK_GRID_AMOUNT | BK_GRID_CODE | BK_GRID_NAME) && p->first_header >= 0) {
            body_started = true;
        }
    }
    p->unit_row = find_unit_row(g, p->width);
    p->title_merge = calloc(g->n_rows ? g->n_rows : 1, 1);
    if (!p->title_merge) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (uint32_t r = 0; r < g->n_rows && p->width > 1; r++) {
        const bk_grid_merge *m;
        bool title = lone_title(&g->rows[r]) && !merge_start(g, r, 0, &m);
        /* a numbering label ("预算公开表1") above a merged title stays at the left */
        bool label = r + 1 < g->n_rows && lone_title(&g->rows[r + 1]) && merge_start(g, r + 1, 0, &m);
        p->title_merge[r] = title && !label;
    }
    p->body = calloc(g->n_rows ? g->n_rows : 1, 1);
    if (!p->body) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (uint32_t r = 0; r < g->n_rows; r++) {
        uint32_t f = row_flags(&g->rows[r]);
        bool plain_text_row = !(f & (BK_GRID_TITLE | BK_GRID_META | BK_GRID_NOTE)) && p->first_header >= 0 &&
                              (int64_t)r > p->first_header && g->rows[r].n_cells > 0;
        p->body[r] = (f & BODY_FLAGS) || plain_text_row; /* forms print their unflagged value rows in the grid too */
        if (kind == XLSXP_SHEET_PROSE) p->body[r] = 0;   /* paragraphs, not a table */
    }
    size_t cells = (size_t)g->n_rows * (g->n_cols ? g->n_cols : 1);
    p->covered = calloc(cells ? cells : 1, 1);
    p->col_width = calloc(g->n_cols ? g->n_cols : 1, sizeof *p->col_width);
    p->col_fixed = calloc(g->n_cols ? g->n_cols : 1, 1);
    p->row_map = calloc(g->n_rows ? g->n_rows : 1, sizeof *p->row_map);
    if (!p->covered || !p->col_width || !p->row_map || !p->col_fixed)
        return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (uint32_t r = 0, out = 0; r < g->n_rows; r++) {
        p->row_map[r] = (int64_t)r == p->unit_row ? out - 1 : out;
        if ((int64_t)r != p->unit_row) out++;
    }
    for (size_t i = 0; i < g->n_merges; i++) {
        const bk_grid_merge *m = &g->merges[i];
        if (m->last_row >= g->n_rows || m->last_col >= g->n_cols) continue;
        for (uint32_t r = m->first_row; r <= m->last_row; r++)
            for (uint32_t c = m->first_col; c <= m->last_col; c++)
                if (r != m->first_row || c != m->first_col) p->covered[(size_t)r * g->n_cols + c] = 1;
    }
    return BK_OK;
}

/* The format key for a cell, from its own flags (a total on one panel is not bold on the other). */
static xlsxp_fmt_key cell_key(const bk_grid_row *row, uint32_t c, bool in_body, int decimals)
{
    uint32_t f = c < row->n_cells ? row->cells[c].flags : 0;
    xlsxp_fmt_key k = {.role = ROLE_PLAIN, .bold = (f & BK_GRID_TOTAL) != 0, .border = in_body, .decimals = decimals};
    if (f & BK_GRID_TITLE)
        k.role = ROLE_TITLE, k.border = false;
    else if (f & BK_GRID_META)
        k.role = (c > 0 && c + 1 >= row->n_cells) ? ROLE_META_RIGHT : ROLE_META_LEFT, k.border = false;
    else if (f & BK_GRID_NOTE)
        k.role = ROLE_NOTE, k.border = false;
    else if (f & BK_GRID_HEADER)
        k.role = ROLE_HEADER;
    else if (f & BK_GRID_CODE)
        k.role = ROLE_CODE;
    else if (f & BK_GRID_AMOUNT)
        k.role = ROLE_AMOUNT;
    else if (f & BK_GRID_NAME)
        k.role = ROLE_NAME, k.indent = (int)BK_GRID_INDENT(f);
    else if (in_body)
        k.role = ROLE_TEXT;
    if (k.role != ROLE_AMOUNT) k.decimals = 0;
    return k;
}

static double pow10_of(int scale)
{
    static const double P[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    return P[scale < 0 ? 0 : scale > BK_AMOUNT_MAX_SCALE ? BK_AMOUNT_MAX_SCALE : scale];
}

/*
 * The one place money meets double: the value libxlsxwriter stores. It is used only
 * when it reads back exactly: at most XLSXP_EXACT_DIGITS significant digits (what
 * Excel and LibreOffice keep), and the text libxlsxwriter writes for it ("%.16G")
 * is a plain decimal that rounds at the cell's scale to the very same amount.
 */
static bool exact_number(const bk_host *h, bk_amount a, double *out)
{
    uint64_t mag = a.units < 0 ? (uint64_t)0 - (uint64_t)a.units : (uint64_t)a.units;
    int digits = 0;
    for (uint64_t m = mag; m; m /= 10) digits++;
    if (digits > XLSXP_EXACT_DIGITS) return false;
    double d = (double)a.units / pow10_of(a.scale);
    char text[64];
    int n = snprintf(text, sizeof text, "%.16G", d);
    if (n <= 0 || (size_t)n >= sizeof text || strpbrk(text, "EeNn")) return false;
    bk_amount back;
    if (h->amount_parse_round(text, (size_t)n, a.scale, &back) != BK_AMOUNT_OK) return false;
    if (back.units != a.units || back.scale != a.scale) return false;
    *out = d;
    return true;
}

/* Remember an amount written as text, for the one warning at the end. */
static void note_as_text(xlsxp_writer *w, const char *context, lxw_row_t r, lxw_col_t c)
{
    if (w->n_as_text++ == 0) {
        char cell[32];
        lxw_rowcol_to_cell(cell, r, c);
        snprintf(w->first_as_text, sizeof w->first_as_text, "%.120s!%s", context ? context : "", cell);
    }
}

static int check_text(xlsxp_writer *w, const bk_grid_cell *cell, uint32_t r, uint32_t c, const char *context,
                      bk_error *err)
{
    if (w->h->utf8_check(cell->text, cell->len) != cell->len)
        return w->h->error_set(err, BK_ERR_ENCODING, r + 1, c + 1, context, "text is not valid UTF-8");
    if (cell->len > XLSXP_STRING_MAX)
        return w->h->error_set(err, BK_ERR_LIMIT, r + 1, c + 1, context,
                               "text of %u bytes is longer than a spreadsheet cell holds (%d)", cell->len,
                               XLSXP_STRING_MAX);
    return BK_OK;
}

static void note_width(xlsxp_sheet_plan *p, const bk_grid_cell *cell, uint32_t c, uint32_t flags)
{
    if (!cell->text || flags & (BK_GRID_TITLE | BK_GRID_META | BK_GRID_NOTE)) return;
    unsigned wdt = xlsxp_text_width(cell->text, cell->len);
    if (flags & (BK_GRID_AMOUNT | BK_GRID_CODE)) p->col_fixed[c] = 1;
    if (flags & BK_GRID_AMOUNT) wdt += wdt / 3 + 3; /* thousands separators, bold totals */
    if (flags & BK_GRID_HEADER && wdt > XLSXP_HEADER_WIDTH_CAP) wdt = XLSXP_HEADER_WIDTH_CAP;
    if (flags & BK_GRID_NAME) wdt += 2 * BK_GRID_INDENT(flags);
    double want = wdt * 1.1 + 2;
    if (want > p->col_width[c]) p->col_width[c] = want;
}

/* A 目录 line of 情况说明 naming a sheet of this workbook: written as a link to it. */
static lxw_error write_contents_link(xlsxp_writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                     const bk_grid_cell *cell, bool *done)
{
    *done = false;
    size_t i = 0;
    while (i < w->n_names && strcmp(w->names[i], cell->text)) i++;
    if (i == w->n_names || (cell->flags & BK_GRID_TOTAL)) return LXW_NO_ERROR; /* a heading is not a line */
    char url[400], q[300];
    size_t k = 0;
    for (const char *s = cell->text; *s && k + 3 < sizeof q; s++) { /* apostrophes doubled */
        if (*s == '\'') q[k++] = '\'';
        q[k++] = *s;
    }
    q[k] = '\0';
    snprintf(url, sizeof url, "internal:'%s'!A1", q);
    xlsxp_fmt_key lk = {.role = ROLE_LINK};
    lxw_format *link = get_format(w, lk);
    if (!link) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    *done = true;
    return worksheet_write_url_opt(ws, r, c, url, link, cell->text, NULL);
}

/* Write grid cell (r, c) at sheet cell (out_r, out_c). */
static int write_cell(xlsxp_writer *w, lxw_worksheet *ws, const xlsxp_sheet_plan *p, const bk_grid_row *row, uint32_t r,
                      uint32_t c, lxw_row_t out_r, lxw_col_t out_c, bool in_body, const char *context, bk_error *err)
{
    const bk_grid_cell *cell = c < row->n_cells ? &row->cells[c] : NULL;
    bool has_text = cell && cell->text && cell->len;
    int decimals = 2;
    bk_amount a;
    bool is_amount = has_text && (cell->flags & BK_GRID_AMOUNT) &&
                     w->h->amount_parse(cell->text, cell->len, BK_AMOUNT_LENIENT, &a) == BK_AMOUNT_OK;
    if (is_amount) decimals = a.scale;
    xlsxp_fmt_key k = cell_key(row, c, in_body, decimals);
    if (out_c != c && k.role == ROLE_META_LEFT) k.role = ROLE_META_RIGHT; /* the 单位 moved beside 部门名称 */
    if (p->fill) k.fill = p->fill[(size_t)r * p->n_cols + c];
    if (p->kind == XLSXP_SHEET_PROSE && r > 1 && c == 0) k.role = ROLE_PROSE, k.indent = 0;
    if (has_text && c == 0 && (p->kind == XLSXP_SHEET_PROSE || p->kind == XLSXP_SHEET_COVER))
        k.size = cell_size(p, p->grid, r, c);
    if (!has_text && !k.border && !k.fill) return BK_OK;
    lxw_format *f = get_format(w, k);
    if (!f) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    lxw_error e;
    if (!has_text) {
        e = worksheet_write_blank(ws, out_r, out_c, f);
    } else if (is_amount) {
        double d;
        if (exact_number(w->h, a, &d)) {
            e = worksheet_write_number(ws, out_r, out_c, d, f);
        } else { /* as printed, never a changed figure */
            note_as_text(w, context, out_r, out_c);
            e = worksheet_write_string(ws, out_r, out_c, cell->text, f);
        }
    } else {
        int rc = check_text(w, cell, r, c, context, err);
        if (rc) return rc;
        bool linked = false;
        e = p->kind == XLSXP_SHEET_PROSE && c == 0 ? write_contents_link(w, ws, out_r, out_c, cell, &linked)
                                                   : LXW_NO_ERROR;
        if (!e && !linked) e = worksheet_write_string(ws, out_r, out_c, cell->text, f);
    }
    if (e) {
        char what[64];
        snprintf(what, sizeof what, "cannot write row %u column %u", r + 1, c + 1);
        return lxw_fail(w->h, err, e, context, what);
    }
    return BK_OK;
}

/* Whether merge @p m is written (inside the grid, not over the moved 单位 line). */
static bool merge_kept(const bk_grid *g, const xlsxp_sheet_plan *p, const bk_grid_merge *m)
{
    if (m->last_row >= g->n_rows || m->last_col >= g->n_cols) return false;
    return !(p->unit_row >= 0 && m->first_row <= p->unit_row && p->unit_row <= m->last_row);
}

/* How a merge is written: whole (worksheet_merge_range), or, on a constant-memory sheet where
 * every row is final once the next begins, in steps: its first row's cells (the text, formatted
 * blanks), its middle rows' blanks, and at its last row the range itself (libxlsxwriter refuses
 * the writes to the rows already on disk and keeps the range). */
typedef enum { MERGE_WHOLE, MERGE_FIRST_ROW, MERGE_MIDDLE_ROW, MERGE_LAST_ROW } merge_step;

static int write_merge(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p,
                       const bk_grid_merge *m, merge_step step, uint32_t at, const char *context, bk_error *err)
{
    const bk_grid_row *row = &g->rows[m->first_row];
    bool in_body = p->body[m->first_row] && m->first_col < p->width;
    xlsxp_fmt_key k = cell_key(row, m->first_col, in_body, 2);
    if (k.role == ROLE_AMOUNT) k.role = ROLE_TEXT;
    if (p->fill) k.fill = p->fill[(size_t)m->first_row * p->n_cols + m->first_col];
    lxw_format *f = get_format(w, k);
    if (!f) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    const bk_grid_cell *cell = m->first_col < row->n_cells ? &row->cells[m->first_col] : NULL;
    const char *text = cell && cell->text ? cell->text : "";
    if (cell && cell->text && (step == MERGE_WHOLE || step == MERGE_FIRST_ROW)) {
        int rc = check_text(w, cell, m->first_row, m->first_col, context, err);
        if (rc) return rc;
    }
    bool amount = cell && cell->text && (cell->flags & BK_GRID_AMOUNT);
    lxw_error e = LXW_NO_ERROR;
    if (step == MERGE_WHOLE || step == MERGE_LAST_ROW) {
        e = worksheet_merge_range(ws, p->row_map[m->first_row], (lxw_col_t)m->first_col, p->row_map[m->last_row],
                                  (lxw_col_t)m->last_col, amount ? "" : text, f);
    } else { /* the blanks of this row; the first row's first cell is the text */
        lxw_row_t out_r = p->row_map[at];
        for (uint32_t c = m->first_col; !e && c <= m->last_col; c++) {
            bool first = step == MERGE_FIRST_ROW && c == m->first_col;
            e = first && !amount && *text ? worksheet_write_string(ws, out_r, (lxw_col_t)c, text, f)
                                          : worksheet_write_blank(ws, out_r, (lxw_col_t)c, f);
        }
    }
    if (e) return lxw_fail(w->h, err, e, context, "cannot merge cells");
    /* a merged figure (a form's 资金 cell) stays a number: written over the merge's first cell */
    if (amount && (step == MERGE_WHOLE || step == MERGE_FIRST_ROW))
        return write_cell(w, ws, p, row, m->first_row, m->first_col, p->row_map[m->first_row], (lxw_col_t)m->first_col,
                          in_body, context, err);
    return BK_OK;
}

static int write_merges(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p,
                        const char *context, bk_error *err)
{
    int rc = BK_OK;
    for (size_t i = 0; rc == BK_OK && i < g->n_merges; i++)
        if (merge_kept(g, p, &g->merges[i])) rc = write_merge(w, ws, g, p, &g->merges[i], MERGE_WHOLE, 0, context, err);
    return rc;
}

static double clamp_width(double wdt);

/* The sum of the printed columns' widths. */
static double table_width(const bk_grid *g, const xlsxp_sheet_plan *p)
{
    double sum = 0;
    uint32_t n = p->kind == XLSXP_SHEET_PROSE ? 1 : g->n_cols;
    for (uint32_t c = 0; c < n && c < g->n_cols; c++) sum += clamp_width(p->col_width[c]);
    return sum;
}

/* A4; portrait when the table fits across it at full size, else landscape; fit to the page
 * width, and to one page tall only when that shrinks it by little (a short table prints on one
 * page like the published form; a long one or a form runs on, its header repeated). */
static void page_setup(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p)
{
    worksheet_set_paper(ws, 9); /* A4 */
    bool portrait =
        p->kind == XLSXP_SHEET_PROSE || p->kind == XLSXP_SHEET_COVER || table_width(g, p) <= XLSXP_PORTRAIT_WIDTH;
    if (portrait)
        worksheet_set_portrait(ws);
    else
        worksheet_set_landscape(ws);
    if (p->kind == XLSXP_SHEET_TABLE) {
        double page = portrait ? XLSXP_PORTRAIT_HEIGHT : XLSXP_LANDSCAPE_HEIGHT;
        worksheet_fit_to_pages(ws, 1, p->height <= page / XLSXP_MIN_SCALE ? 1 : 0);
    } else if (p->kind == XLSXP_SHEET_FORM || p->kind == XLSXP_SHEET_COVER) {
        worksheet_fit_to_pages(ws, 1, 0);
    } /* prose: at its own size */
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
    char footer[160];
    snprintf(footer, sizeof footer, "&C&\"%s,常规\"&9第 &P 页，共 &N 页", w->font);
    lxw_header_footer_options hf = {.margin = 0.3};
    if (worksheet_set_footer_opt(ws, footer, &hf) != LXW_NO_ERROR) worksheet_set_footer(ws, "&C&P / &N");
    if (w->header[0] && p->kind != XLSXP_SHEET_COVER) worksheet_set_header_opt(ws, w->header, &hf);
    if (p->kind != XLSXP_SHEET_COVER && w->n_headed < w->cap_headed) w->headed[w->n_headed++] = ws;
    if (p->kind == XLSXP_SHEET_FORM) {
        if (p->title_rows) worksheet_repeat_rows(ws, 0, p->row_map[p->title_rows - 1]);
    } else if (p->kind == XLSXP_SHEET_TABLE && p->first_header >= 0) {
        worksheet_repeat_rows(ws, p->row_map[p->first_header], p->row_map[p->last_header]);
        worksheet_freeze_panes(ws, p->row_map[p->last_header] + 1, 0);
    }
}

static double clamp_width(double wdt)
{
    return wdt < XLSXP_COL_MIN ? XLSXP_COL_MIN : wdt > XLSXP_TEXT_COL ? XLSXP_TEXT_COL : wdt;
}

/* Lines a wrapped cell needs at the column widths (merged cells span several columns), its
 * characters @p scale times the normal size. */
static unsigned cell_lines(const bk_grid *g, const xlsxp_sheet_plan *p, uint32_t r, uint32_t c, double scale)
{
    const bk_grid_cell *cell = &g->rows[r].cells[c];
    double span = clamp_width(p->col_width[c]);
    const bk_grid_merge *m;
    unsigned rows = 1;
    if (merge_start(g, r, c, &m)) {
        for (uint32_t k = c + 1; k <= m->last_col && k < g->n_cols; k++) span += clamp_width(p->col_width[k]);
        rows = m->last_row - m->first_row + 1;
    }
    unsigned need =
        xlsxp_text_width(cell->text, cell->len) + 2 * BK_GRID_INDENT(cell->flags & BK_GRID_NAME ? cell->flags : 0);
    unsigned per_line = (unsigned)(span / 1.1 / scale);
    unsigned lines = per_line ? (need + per_line - 1) / per_line : 1;
    /* a tall merge (a header over two rows): its first row takes the lines the others do not hold */
    return lines > rows ? lines - (rows - 1) : 1;
}

/* The font size of a cell (the cover's and 情况说明's lines are larger). */
static int cell_size(const xlsxp_sheet_plan *p, const bk_grid *g, uint32_t r, uint32_t c)
{
    uint32_t f = c < g->rows[r].n_cells ? g->rows[r].cells[c].flags : 0;
    if (p->kind == XLSXP_SHEET_COVER && (f & BK_GRID_TITLE))
        return r == p->first_title ? XLSXP_COVER_TITLE_SIZE : XLSXP_COVER_LINE_SIZE;
    if (p->kind == XLSXP_SHEET_PROSE && c == 0 && (f & BK_GRID_TOTAL)) /* a heading, by level */
        return BK_GRID_INDENT(f) == 0 ? 14 : BK_GRID_INDENT(f) == 1 ? 12 : 0;
    return 0;
}

/* Rows of wrapped text (headers, names, text) tall enough to show it at the planned column widths
 * (LibreOffice does not grow them on its own); titles taller. Sums the rows' heights. Planned
 * before any cell is written: a constant-memory sheet sets each row's height before its cells. */
static int plan_heights(xlsxp_writer *w, const bk_grid *g, xlsxp_sheet_plan *p, bk_error *err)
{
    p->row_height = calloc(g->n_rows ? g->n_rows : 1, sizeof *p->row_height);
    p->row_hidden = calloc(g->n_rows ? g->n_rows : 1, 1);
    if (!p->row_height || !p->row_hidden) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    p->height = 0;
    for (uint32_t r = 0; r < g->n_rows; r++) {
        if ((int64_t)r == p->unit_row) continue;
        if (p->kind == XLSXP_SHEET_PROSE && r == 1) { /* the header row names the columns for reading */
            p->row_hidden[r] = 1;
            continue;
        }
        if (row_flags(&g->rows[r]) & BK_GRID_TITLE) {
            int size = cell_size(p, g, r, 0);
            double h = size ? size * 2.4 : 30;
            p->row_height[r] = h;
            p->height += h;
            continue;
        }
        unsigned lines = 1;
        int size = XLSXP_FONT_SIZE;
        for (uint32_t c = 0; (p->body[r] || p->kind == XLSXP_SHEET_PROSE) && c < g->rows[r].n_cells; c++) {
            uint32_t f = g->rows[r].cells[c].flags;
            if (!g->rows[r].cells[c].text || p->covered[(size_t)r * g->n_cols + c] ||
                (f & (BK_GRID_AMOUNT | BK_GRID_CODE)) || (p->kind == XLSXP_SHEET_PROSE && c > 0))
                continue; /* only wrapped cells (headers, names, text) grow */
            int sz = cell_size(p, g, r, c);
            double scale = sz ? (double)sz / XLSXP_FONT_SIZE : 1.0;
            unsigned n = cell_lines(g, p, r, c, scale);
            if (n > lines) lines = n;
            if (sz > size) size = sz;
        }
        double line = size * 1.35, h = lines * line > 409 ? 409 : lines * line;
        if (lines > 1 || size != XLSXP_FONT_SIZE) p->row_height[r] = h < 13.5 ? 13.5 : h;
        p->height += h < 13.5 ? 13.5 : h;
    }
    return BK_OK;
}

/* Column widths from the text (hidden: a prose sheet's 级次 and 原文, read back, not printed). */
static void set_columns(lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p)
{
    for (uint32_t c = 0; c < g->n_cols; c++) {
        lxw_row_col_options o = {.hidden = p->kind == XLSXP_SHEET_PROSE && c > 0};
        worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, clamp_width(p->col_width[c]), NULL, &o);
    }
}

/* The planned height of grid row @p r, if it has one. */
static void set_row_height(lxw_worksheet *ws, const xlsxp_sheet_plan *p, uint32_t r)
{
    if (p->row_hidden[r]) {
        lxw_row_col_options o = {.hidden = 1};
        worksheet_set_row_opt(ws, p->row_map[r], LXW_DEF_ROW_HEIGHT, NULL, &o);
    } else if (p->row_height[r] > 0) {
        worksheet_set_row(ws, p->row_map[r], p->row_height[r], NULL);
    }
}

static int write_title_merge(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid_row *row, const xlsxp_sheet_plan *p,
                             uint32_t r, const char *context, bk_error *err)
{
    xlsxp_fmt_key k = cell_key(row, 0, false, 0);
    k.size = cell_size(p, p->grid, r, 0);
    lxw_format *f = get_format(w, k);
    if (!f) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int rc = check_text(w, &row->cells[0], r, 0, context, err);
    if (rc) return rc;
    lxw_error e =
        worksheet_merge_range(ws, p->row_map[r], 0, p->row_map[r], (lxw_col_t)(p->width - 1), row->cells[0].text, f);
    return e ? lxw_fail(w->h, err, e, context, "cannot merge the title") : BK_OK;
}

/* The widths the cells need (before any is written: the rows' heights follow from them). */
static void measure_widths(const bk_grid *g, xlsxp_sheet_plan *p)
{
    for (uint32_t r = 0; r < g->n_rows; r++) {
        const bk_grid_row *row = &g->rows[r];
        for (uint32_t c = 0; c < row->n_cells; c++) {
            const bk_grid_merge *m;
            if (p->covered[(size_t)r * g->n_cols + c] || merge_start(g, r, c, &m)) continue;
            if (c == 0 && p->title_merge[r]) continue;
            note_width(p, &row->cells[c], c, row->cells[c].flags);
        }
    }
}

/* The cells of grid row @p r that no merge holds. */
static int write_row(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p, uint32_t r,
                     const char *context, bk_error *err)
{
    const bk_grid_row *row = &g->rows[r];
    bool body = p->body[r] != 0;
    bool moved = (int64_t)r == p->unit_row;
    uint32_t end = body && p->width > row->n_cells ? p->width : row->n_cells;
    int rc = BK_OK;
    for (uint32_t c = 0; rc == BK_OK && c < end; c++) {
        const bk_grid_merge *m;
        if (p->covered[(size_t)r * g->n_cols + c] || merge_start(g, r, c, &m)) continue;
        if (c == 0 && p->title_merge[r]) {
            rc = write_title_merge(w, ws, row, p, r, context, err);
            continue;
        }
        lxw_col_t out_c = moved ? (lxw_col_t)(p->width - 1) : (lxw_col_t)c;
        rc = write_cell(w, ws, p, row, r, c, p->row_map[r], out_c, body && c < p->width, context, err);
    }
    return rc;
}

static int write_rows(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, xlsxp_sheet_plan *p, const char *context,
                      bk_error *err)
{
    int rc = BK_OK;
    for (uint32_t r = 0; rc == BK_OK && r < g->n_rows; r++) rc = write_row(w, ws, g, p, r, context, err);
    return rc;
}

/* The widths of a prose sheet: column A holds the text at the page's width; the hidden
 * columns (级次, 原文) narrow. */
static void prose_widths(const bk_grid *g, xlsxp_sheet_plan *p)
{
    for (uint32_t c = 1; c < g->n_cols; c++) p->col_width[c] = XLSXP_COL_MIN;
    if (g->n_cols) p->col_width[0] = XLSXP_TEXT_COL;
}

/* Text columns (names, wrapped text) narrow until the sheet fits across A4 landscape at full
 * size, each down to XLSXP_COL_SHRUNK: the text wraps and its rows grow instead of the
 * whole page shrinking (a form of eight 50-wide columns printed at half size). */
static void fit_widths(const bk_grid *g, xlsxp_sheet_plan *p)
{
    double fixed = 0, text = 0;
    for (uint32_t c = 0; c < g->n_cols; c++) {
        if (p->col_width[c] > XLSXP_COL_MAX) p->col_width[c] = XLSXP_COL_MAX;
        double wdt = clamp_width(p->col_width[c]);
        if (p->col_fixed[c] || wdt <= XLSXP_COL_SHRUNK)
            fixed += wdt;
        else
            text += wdt;
    }
    if (fixed + text <= XLSXP_LANDSCAPE_WIDTH || text == 0) return;
    double room = XLSXP_LANDSCAPE_WIDTH - fixed, k = room > 0 ? room / text : 0;
    for (uint32_t c = 0; c < g->n_cols; c++) {
        double wdt = clamp_width(p->col_width[c]);
        if (p->col_fixed[c] || wdt <= XLSXP_COL_SHRUNK) continue;
        p->col_width[c] = wdt * k < XLSXP_COL_SHRUNK ? XLSXP_COL_SHRUNK : wdt * k;
    }
}

/* ---- findings on their cells (validate --annotate) ---- */

#define XLSXP_COMMENT_MAX 8000u  /* bytes of one comment: the first findings, then a count */
#define XLSXP_LINKS_MAX   65530u /* hyperlinks Excel keeps on one sheet */

static int mark_cmp(const void *a, const void *b)
{
    const xlsxp_mark *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->finding < y->finding ? -1 : x->finding > y->finding;
}

/* The fill of each marked cell: its worst finding. Marks outside the grid are dropped. */
static int plan_fills(xlsxp_writer *w, const bk_grid *g, xlsxp_sheet_plan *p, xlsxp_mark *marks, size_t *n,
                      bk_error *err)
{
    if (!*n) return BK_OK;
    p->fill = calloc((size_t)g->n_rows * (g->n_cols ? g->n_cols : 1) + 1, 1);
    if (!p->fill) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        xlsxp_mark m = marks[i];
        if (m.row >= g->n_rows || m.col >= g->n_cols) continue;
        for (size_t k = 0; k < g->n_merges; k++) { /* a cell inside a merge: its top-left shows it */
            const bk_grid_merge *mg = &g->merges[k];
            if (m.row >= mg->first_row && m.row <= mg->last_row && m.col >= mg->first_col && m.col <= mg->last_col)
                m.row = mg->first_row, m.col = mg->first_col;
        }
        unsigned char sev = (unsigned char)(1 + w->annot->fs->items[m.finding].severity);
        unsigned char *f = &p->fill[(size_t)m.row * g->n_cols + m.col];
        if (sev > *f) *f = sev;
        marks[kept++] = m;
    }
    *n = kept;
    qsort(marks, kept, sizeof *marks, mark_cmp);
    return BK_OK;
}

/* Append "[错误 V41] message" to a comment, within XLSXP_COMMENT_MAX bytes (whole characters). */
static void comment_add(char *buf, size_t *len, const bk_finding *f, size_t *left_out)
{
    char line[XLSXP_COMMENT_MAX];
    int n = snprintf(line, sizeof line, "%s[%s %s] %s", *len ? "\n" : "", xlsxp_severity_label(f->severity),
                     f->rule ? f->rule : "", f->message ? f->message : "");
    if (n < 0 || *len + (size_t)n >= XLSXP_COMMENT_MAX - 64) {
        (*left_out)++;
        return;
    }
    memcpy(buf + *len, line, (size_t)n + 1);
    *len += (size_t)n;
}

/* One comment per marked cell with every finding on it; each finding's sheet cell recorded. */
static int write_comments(xlsxp_writer *w, lxw_worksheet *ws, const xlsxp_sheet_plan *p, const xlsxp_mark *marks,
                          size_t n, const char *context, bk_error *err)
{
    char *buf = malloc(XLSXP_COMMENT_MAX);
    if (!buf) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int rc = BK_OK;
    for (size_t i = 0; rc == BK_OK && i < n;) {
        size_t len = 0, left_out = 0, j = i;
        buf[0] = '\0';
        for (; j < n && marks[j].row == marks[i].row && marks[j].col == marks[i].col; j++) {
            xlsxp_loc *l = &w->annot->loc[marks[j].finding];
            l->placed = true;
            l->sheet = w->n_names - 1;
            l->sheet_row = p->row_map[marks[j].row];
            l->sheet_col = marks[j].col;
            comment_add(buf, &len, &w->annot->fs->items[marks[j].finding], &left_out);
        }
        if (left_out) snprintf(buf + len, XLSXP_COMMENT_MAX - len, "\n… %zu more (检查结果)", left_out);
        unsigned lines = 1;
        for (const char *q = buf; *q; q++) lines += *q == '\n';
        size_t chars = 0;
        for (const char *q = buf; *q; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
        lines += (unsigned)(chars / 24); /* wrapped at about 24 characters of 9 pt CJK per line */
        lxw_comment_options o = {.author = "budgetkit",
                                 .width = 300,
                                 .font_name = w->font,
                                 .font_size = 9,
                                 .height = (uint16_t)(lines * 16 + 12 > 600 ? 600 : lines * 16 + 12)};
        lxw_error e = worksheet_write_comment_opt(ws, p->row_map[marks[i].row], (lxw_col_t)marks[i].col, buf, &o);
        if (e) rc = lxw_fail(w->h, err, e, context, "cannot write a comment");
        i = j;
    }
    free(buf);
    return rc;
}

/* A constant-memory sheet, strictly row by row: each row's height, then the merges it begins,
 * its own cells, and the rows of the merges over it (libxlsxwriter writes a row to disk when the
 * next one begins and refuses writes to it after that). */
static int write_streamed(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const xlsxp_sheet_plan *p,
                          const char *context, bk_error *err)
{
    int rc = BK_OK;
    for (uint32_t r = 0; rc == BK_OK && r < g->n_rows; r++) {
        if ((int64_t)r != p->unit_row) set_row_height(ws, p, r);
        for (size_t i = 0; rc == BK_OK && i < g->n_merges; i++) {
            const bk_grid_merge *m = &g->merges[i];
            if (m->first_row == r && merge_kept(g, p, m))
                rc = write_merge(w, ws, g, p, m, m->last_row == r ? MERGE_WHOLE : MERGE_FIRST_ROW, r, context, err);
        }
        if (rc == BK_OK) rc = write_row(w, ws, g, p, r, context, err);
        for (size_t i = 0; rc == BK_OK && i < g->n_merges; i++) {
            const bk_grid_merge *m = &g->merges[i];
            if (m->first_row < r && r <= m->last_row && merge_kept(g, p, m))
                rc = write_merge(w, ws, g, p, m, r == m->last_row ? MERGE_LAST_ROW : MERGE_MIDDLE_ROW, r, context, err);
        }
    }
    return rc;
}

/* Lay @p g out on @p ws: plan (widths, then heights), then write in the order the mode needs. */
static int fill_sheet(xlsxp_writer *w, lxw_worksheet *ws, const bk_grid *g, const char *context, xlsxp_sheet_kind kind,
                      xlsxp_mark *marks, size_t n_marks, bk_error *err)
{
    xlsxp_sheet_plan p;
    int rc = plan_sheet(w, g, &p, kind, context, err);
    if (rc == BK_OK && w->annot) rc = plan_fills(w, g, &p, marks, &n_marks, err);
    if (rc == BK_OK) {
        measure_widths(g, &p);
        if (kind == XLSXP_SHEET_PROSE)
            prose_widths(g, &p);
        else
            fit_widths(g, &p);
        rc = plan_heights(w, g, &p, err);
    }
    if (rc == BK_OK && w->constant_memory) {
        set_columns(ws, g, &p);
        rc = write_streamed(w, ws, g, &p, context, err);
    } else if (rc == BK_OK) { /* the calls (and so the formats' order) of the published workbook */
        rc = write_merges(w, ws, g, &p, context, err);
        if (rc == BK_OK) rc = write_rows(w, ws, g, &p, context, err);
        if (rc == BK_OK && w->annot && n_marks) rc = write_comments(w, ws, &p, marks, n_marks, context, err);
        if (rc == BK_OK) {
            set_columns(ws, g, &p);
            for (uint32_t r = 0; r < g->n_rows; r++)
                if ((int64_t)r != p.unit_row) set_row_height(ws, &p, r);
        }
    }
    if (rc == BK_OK && w->n_headed == w->cap_headed) {
        size_t cap = w->cap_headed ? w->cap_headed * 2 : 16;
        lxw_worksheet **grown = realloc(w->headed, cap * sizeof *grown);
        if (!grown)
            rc = w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        else
            w->headed = grown, w->cap_headed = cap;
    }
    if (rc == BK_OK) {
        page_setup(w, ws, g, &p);
        if (kind == XLSXP_SHEET_COVER && p.first_header > 0) { /* the facts on the page after the cover */
            lxw_row_t breaks[] = {p.row_map[p.first_header], 0};
            worksheet_set_h_pagebreaks(ws, breaks);
        }
    }
    free(p.covered);
    free(p.fill);
    free(p.col_width);
    free(p.col_fixed);
    free(p.row_map);
    free(p.body);
    free(p.title_merge);
    free(p.row_height);
    free(p.row_hidden);
    return rc;
}

static int add_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                    xlsxp_sheet_kind kind, xlsxp_mark *marks, size_t n_marks, bk_error *err)
{
    char name[128];
    int rc = unique_sheet_name(w, wanted_name, name, err);
    if (rc) return rc;
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (!ws) return w->h->error_set(err, BK_ERR_VALUE, 0, 0, context, "cannot add the sheet '%s'", name);
    return fill_sheet(w, ws, g, context, kind, marks, n_marks, err);
}

int xlsxp_writer_reserve_sheet(xlsxp_writer *w, const char *wanted_name, bk_error *err)
{
    char name[128];
    int rc = unique_sheet_name(w, wanted_name, name, err);
    if (rc) return rc;
    if (!(w->reserved_ws = workbook_add_worksheet(w->wb, name)))
        return w->h->error_set(err, BK_ERR_VALUE, 0, 0, wanted_name, "cannot add the sheet '%s'", name);
    w->reserved_index = w->n_names - 1;
    return BK_OK;
}

int xlsxp_writer_fill_reserved(xlsxp_writer *w, const bk_grid *g, const char *context, xlsxp_sheet_kind kind,
                               bk_error *err)
{
    if (!w->reserved_ws) return w->h->error_set(err, BK_ERR_VALUE, 0, 0, context, "no sheet was reserved");
    lxw_worksheet *ws = w->reserved_ws;
    w->reserved_ws = NULL;
    return fill_sheet(w, ws, g, context, kind, NULL, 0, err);
}

int xlsxp_writer_add_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                          bk_error *err)
{
    return add_grid(w, g, wanted_name, context, XLSXP_SHEET_TABLE, NULL, 0, err);
}

int xlsxp_writer_add_prose_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                                bk_error *err)
{
    return add_grid(w, g, wanted_name, context, XLSXP_SHEET_PROSE, NULL, 0, err);
}

int xlsxp_writer_add_marked_grid(xlsxp_writer *w, const bk_grid *g, const char *wanted_name, const char *context,
                                 xlsxp_sheet_kind kind, xlsxp_mark *marks, size_t n_marks, bk_error *err)
{
    return add_grid(w, g, wanted_name, context, kind, marks, n_marks, err);
}

const char *xlsxp_writer_sheet_name(const xlsxp_writer *w, size_t i, size_t *n)
{
    if (n) *n = w->n_names;
    return i < w->n_names ? w->names[i] : NULL;
}

int xlsxp_writer_begin_findings(xlsxp_writer *w, xlsxp_annot *a, bk_error *err)
{
    if (w->constant_memory)
        return w->h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL,
                               "findings cannot be written in constant_memory mode");
    char name[128];
    int rc = unique_sheet_name(w, XLSXP_FINDINGS_SHEET, name, err);
    if (rc) return rc;
    if (!(w->findings_ws = workbook_add_worksheet(w->wb, name)))
        return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "cannot add the sheet '%s'", name);
    w->annot = a;
    worksheet_activate(w->findings_ws); /* the examiner's list opens first */
    return BK_OK;
}

/* "'2024年预算收支总表'!C7" for sheet @p sheet, cell (r, c): apostrophes in the name doubled. */
static void cell_ref(const xlsxp_writer *w, size_t sheet, uint32_t r, uint32_t c, char *out, size_t cap, bool quoted)
{
    char cell[32], q[300];
    size_t k = 0;
    for (const char *s = w->names[sheet]; *s && k + 3 < sizeof q; s++) {
        if (*s == '\'') q[k++] = '\'';
        q[k++] = *s;
    }
    q[k] = '\0';
    lxw_rowcol_to_cell(cell, (lxw_row_t)r, (lxw_col_t)c);
    if (quoted)
        snprintf(out, cap, "'%s'!%s", q, cell);
    else
        snprintf(out, cap, "%s!%s", w->names[sheet], cell);
}

static int finding_row(xlsxp_writer *w, lxw_worksheet *ws, lxw_row_t r, const xlsxp_finding_row *row, size_t *links,
                       bk_error *err)
{
    xlsxp_fmt_key tk = {.role = ROLE_TEXT, .border = true}, ck = {.role = ROLE_CODE, .border = true};
    xlsxp_fmt_key sk = ck;
    sk.fill = 1 + (int)row->f->severity;
    lxw_format *text = get_format(w, tk), *code = get_format(w, ck), *sev = get_format(w, sk);
    if (!text || !code || !sev) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    char no[24];
    snprintf(no, sizeof no, "%u", (unsigned)r - 2); /* rows 0-2: title, summary, header */
    /* 原文位置 (column 4) beside the link: where the input printed it (a PDF's page and box) */
    const char *cells[] = {no,
                           xlsxp_severity_label(row->f->severity),
                           row->f->rule,
                           NULL,
                           row->source,
                           row->table,
                           row->row,
                           row->column,
                           row->printed,
                           row->computed,
                           row->difference,
                           row->f->message};
    lxw_error e = LXW_NO_ERROR;
    for (lxw_col_t c = 0; !e && c < 12; c++) {
        if (c == 3) continue;
        lxw_format *f = c == 1 ? sev : c <= 2 || (c >= 8 && c <= 10) ? code : text;
        e = worksheet_write_string(ws, r, c, cells[c] ? cells[c] : "", f);
    }
    /* the wrapped columns (表格, 行, 栏目, 说明) set the row's height: LibreOffice does not grow it */
    static const double WRAP_WIDTH[] = {[4] = 24, [5] = 30, [6] = 24, [7] = 16, [11] = 80};
    unsigned lines = 1;
    for (lxw_col_t c = 4; c < 12; c++) {
        if (!WRAP_WIDTH[c] || !cells[c]) continue;
        unsigned per_line = (unsigned)(WRAP_WIDTH[c] / 1.1), n = xlsxp_text_width(cells[c], strlen(cells[c]));
        unsigned k = per_line ? (n + per_line - 1) / per_line : 1;
        if (k > lines) lines = k;
    }
    if (!e && lines > 1) worksheet_set_row(ws, r, lines * 13.5 > 409 ? 409 : lines * 13.5, NULL);
    const xlsxp_loc *l = row->loc;
    if (!e && l && l->placed) {
        char url[400], shown[300];
        cell_ref(w, l->sheet, l->sheet_row, l->sheet_col, url + 9, sizeof url - 9, true);
        memcpy(url, "internal:", 9);
        cell_ref(w, l->sheet, l->sheet_row, l->sheet_col, shown, sizeof shown, false);
        if ((*links)++ < XLSXP_LINKS_MAX) {
            xlsxp_fmt_key lk = {.role = ROLE_LINK, .border = true};
            lxw_format *link = get_format(w, lk);
            if (!link) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            e = worksheet_write_url_opt(ws, r, 3, url, link, shown, "转到单元格");
        } else {
            e = worksheet_write_string(ws, r, 3, shown, text);
        }
    } else if (!e) {
        e = worksheet_write_string(ws, r, 3, "", text);
    }
    return e ? lxw_fail(w->h, err, e, XLSXP_FINDINGS_SHEET, "cannot write a finding") : BK_OK;
}

int xlsxp_writer_end_findings(xlsxp_writer *w, const xlsxp_finding_row *rows, size_t n, const char *summary,
                              bk_error *err)
{
    lxw_worksheet *ws = w->findings_ws;
    static const char *const HEAD[] = {"序号", "类别", "规则",   "位置",   "原文位置", "表格",
                                       "行",   "栏目", "印出数", "计算数", "差额",     "说明"};
    static const double WIDTH[] = {6, 6, 6, 30, 24, 30, 24, 16, 12, 12, 10, 80};
    xlsxp_fmt_key tk = {.role = ROLE_TITLE}, hk = {.role = ROLE_HEADER, .border = true}, nk = {.role = ROLE_PLAIN};
    lxw_format *title = get_format(w, tk), *head = get_format(w, hk), *note = get_format(w, nk);
    if (!title || !head || !note) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    lxw_error e = worksheet_merge_range(ws, 0, 0, 0, 11, XLSXP_FINDINGS_SHEET, title);
    if (!e) e = worksheet_write_string(ws, 1, 0, summary, note);
    for (lxw_col_t c = 0; !e && c < 12; c++) {
        e = worksheet_write_string(ws, 2, c, HEAD[c], head);
        if (!e) e = worksheet_set_column(ws, c, c, WIDTH[c], NULL);
    }
    if (e) return lxw_fail(w->h, err, e, XLSXP_FINDINGS_SHEET, "cannot write the header");
    worksheet_set_row(ws, 0, 30, NULL);
    size_t links = 0;
    int rc = BK_OK;
    for (size_t i = 0; rc == BK_OK && i < n && i + 3 < XLSXP_SHEET_ROWS; i++)
        rc = finding_row(w, ws, (lxw_row_t)(i + 3), &rows[i], &links, err);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_repeat_rows(ws, 2, 2);
    worksheet_freeze_panes(ws, 3, 0);
    worksheet_autofilter(ws, 2, 0, (lxw_row_t)(n + 2), 11);
    return rc;
}

/* ---- charts ---- */

static int write_pie_data(xlsxp_writer *w, lxw_worksheet *data, const char *data_name, const xlsxp_pie *pie,
                          lxw_row_t first, lxw_chart *chart, bk_error *err)
{
    lxw_error e = worksheet_write_string(data, first, 0, pie->title, NULL);
    for (size_t i = 0; !e && i < pie->n; i++) {
        e = worksheet_write_string(data, first + 1 + (lxw_row_t)i, 0, pie->labels[i], NULL);
        xlsxp_fmt_key k = {.role = ROLE_AMOUNT, .decimals = pie->values[i].scale};
        lxw_format *f = get_format(w, k); /* the decimals shown are the decimals read back */
        if (!e && !f) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        if (e) break;
        double d;
        lxw_row_t r = first + 1 + (lxw_row_t)i;
        if (exact_number(w->h, pie->values[i], &d)) {
            e = worksheet_write_number(data, r, 1, d, f);
        } else { /* the chart leaves the slice out; the figure stays as printed */
            char text[BK_AMOUNT_TEXT_MAX];
            w->h->amount_format(pie->values[i], text, sizeof text);
            note_as_text(w, data_name, r, 1);
            e = worksheet_write_string(data, r, 1, text, f);
        }
    }
    if (e) return lxw_fail(w->h, err, e, pie->title, "cannot write the chart data");
    char cats[256], vals[256];
    snprintf(cats, sizeof cats, "='%s'!$A$%u:$A$%u", data_name, first + 2, first + 1 + (unsigned)pie->n);
    snprintf(vals, sizeof vals, "='%s'!$B$%u:$B$%u", data_name, first + 2, first + 1 + (unsigned)pie->n);
    lxw_chart_series *s = chart_add_series(chart, cats, vals);
    if (!s) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, pie->title, "cannot add the chart series");
    chart_series_set_labels(s);
    /* the share only (the legend names the 类): short labels that small slices do not pile up */
    chart_series_set_labels_options(s, LXW_FALSE, LXW_FALSE, LXW_FALSE);
    chart_series_set_labels_percentage(s);
    chart_series_set_labels_num_format(s, "0.0%"); /* 0.4 %, not 0 % */
    /* outside the pie with leader lines: small slices' labels do not sit on each other */
    chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
    chart_series_set_labels_leader_line(s);
    return BK_OK;
}

int xlsxp_writer_add_pies(xlsxp_writer *w, const xlsxp_pie *pies, size_t n, bk_error *err)
{
    if (n == 0) return BK_OK;
    char chart_name[128], data_name[128];
    int rc = unique_sheet_name(w, "图表", chart_name, err);
    if (rc == BK_OK) rc = unique_sheet_name(w, "图表数据", data_name, err);
    if (rc) return rc;
    lxw_worksheet *sheet = workbook_add_worksheet(w->wb, chart_name);
    lxw_worksheet *data = workbook_add_worksheet(w->wb, data_name);
    if (!sheet || !data) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "cannot add the chart sheets");
    worksheet_hide(data);
    worksheet_set_landscape(sheet);
    worksheet_set_paper(sheet, 9);
    worksheet_fit_to_pages(sheet, 1, 1); /* the charts side by side on one page */
    char footer[160];
    snprintf(footer, sizeof footer, "&C&\"%s,常规\"&9第 &P 页，共 &N 页", w->font);
    worksheet_set_footer(sheet, footer);
    if (w->header[0]) worksheet_set_header(sheet, w->header);
    lxw_chart_font title_font = {.name = w->font, .size = 14, .bold = LXW_TRUE};
    lxw_chart_font label_font = {.name = w->font, .size = 9};
    lxw_row_t data_row = 0;
    for (size_t i = 0; rc == BK_OK && i < n; i++) {
        lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_PIE);
        if (!chart) return w->h->error_set(err, BK_ERR_NOMEM, 0, 0, pies[i].title, "cannot add the chart");
        chart_title_set_name(chart, pies[i].title);
        chart_set_rotation(chart, 90); /* the small slices after the first at the side: their labels stack */
        chart_title_set_name_font(chart, &title_font);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
        chart_legend_set_font(chart, &label_font);
        rc = write_pie_data(w, data, data_name, &pies[i], data_row, chart, err);
        data_row += (lxw_row_t)pies[i].n + 2;
        lxw_chart_options place = {.x_scale = 1.25, .y_scale = 1.5};
        lxw_error e =
            rc ? LXW_NO_ERROR : worksheet_insert_chart_opt(sheet, 1, (lxw_col_t)(i * XLSXP_CHART_COLS), chart, &place);
        if (e) rc = lxw_fail(w->h, err, e, pies[i].title, "cannot place the chart");
    }
    return rc;
}
