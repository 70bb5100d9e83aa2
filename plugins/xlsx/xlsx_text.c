/* SPDX-License-Identifier: MIT */
/* xlsx_text: the cover (封面) and 情况说明 sheets: document facts, budget units and
 * sections as grids for the engine, and back from the grids read from a workbook. */
#include "xlsx_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FACTS_HEADER[] = {"项目", "内容"};
static const char *const UNITS_HEADER[] = {"序号", "预算单位", "单位编码", "单位类型"};
static const char *const SECTIONS_HEADER[] = {"级次", "标题与正文"};     /* the layout before the page */
static const char *const PAGE_HEADER[] = {"标题与正文", "级次", "原文"}; /* its hidden header row */
#define XLSXP_ORIGINAL "原文" /* in column C of a heading: the section's own text is in column C */

#define XLSXP_NO_POS ((bk_pos){.line = 0})

static int put(const bk_host *h, bk_grid *g, uint32_t r, uint32_t c, const char *text, uint32_t flags)
{
    return h->grid_set(g, r, c, text, text ? strlen(text) : 0, flags, XLSXP_NO_POS);
}

static int put_header(const bk_host *h, bk_grid *g, uint32_t r, const char *const *names, uint32_t n)
{
    int rc = BK_OK;
    for (uint32_t c = 0; rc == BK_OK && c < n; c++) rc = put(h, g, r, c, names[c], BK_GRID_HEADER);
    return rc;
}

/* One "label | value" line of the cover; absent facts are left out. */
static int put_fact(const bk_host *h, bk_grid *g, uint32_t *r, const char *label, const char *value)
{
    if (!value || !*value) return BK_OK;
    int rc = put(h, g, *r, 0, label, BK_GRID_NAME);
    if (rc == BK_OK) rc = put(h, g, *r, 1, value, BK_GRID_NAME);
    (*r)++;
    return rc;
}

static const char *kind_label(bk_doc_kind k)
{
    return k == BK_DOC_BUDGET ? "部门预算" : k == BK_DOC_FINAL_ACCOUNTS ? "部门决算" : NULL;
}

static int cover_facts(const bk_host *h, const bk_document *doc, bk_grid *g, uint32_t *r)
{
    char year[16] = "";
    if (doc->fiscal_year > 0) snprintf(year, sizeof year, "%d", (int)doc->fiscal_year);
    int rc = put_fact(h, g, r, "部门名称", doc->department_name);
    if (rc == BK_OK) rc = put_fact(h, g, r, "部门编码", doc->department_code);
    if (rc == BK_OK) rc = put_fact(h, g, r, "年度", year);
    if (rc == BK_OK) rc = put_fact(h, g, r, "公开类型", kind_label(doc->kind));
    if (rc == BK_OK) rc = put_fact(h, g, r, "地区", doc->region);
    if (rc == BK_OK) rc = put_fact(h, g, r, "行政级次", doc->level);
    return rc;
}

static int cover_units(const bk_host *h, const bk_document *doc, bk_grid *g, uint32_t r)
{
    int rc = put_header(h, g, r++, UNITS_HEADER, 4);
    for (size_t i = 0; rc == BK_OK && i < doc->n_units; i++, r++) {
        const bk_budget_unit *u = &doc->units[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        rc = put(h, g, r, 0, no, BK_GRID_CODE);
        if (rc == BK_OK) rc = put(h, g, r, 1, u->name ? u->name : "", BK_GRID_NAME);
        if (rc == BK_OK) rc = put(h, g, r, 2, u->code, BK_GRID_CODE);
        if (rc == BK_OK) rc = put(h, g, r, 3, u->type, BK_GRID_NAME);
    }
    return rc;
}

#define XLSXP_COVER_TOP 8 /* blank rows above the cover's title: a third down the page */

/* The cover page: the title large, then the department and the year, each centred on its line. */
static int cover_page(const bk_host *h, const bk_document *doc, bk_grid *g, uint32_t *r)
{
    if (!doc->title || !*doc->title) return BK_OK;
    *r = XLSXP_COVER_TOP;
    int rc = put(h, g, (*r)++, 0, doc->title, BK_GRID_TITLE);
    if (rc == BK_OK && doc->department_name && *doc->department_name && !strstr(doc->title, doc->department_name))
        rc = put(h, g, (*r)++, 0, doc->department_name, BK_GRID_TITLE);
    char year[64];
    if (rc == BK_OK && doc->fiscal_year > 0) {
        const char *kind = kind_label(doc->kind);
        snprintf(year, sizeof year, "%d年度%s", (int)doc->fiscal_year, kind ? kind : "");
        if (!strstr(doc->title, year)) rc = put(h, g, (*r)++, 0, year, BK_GRID_TITLE);
    }
    (*r)++; /* the facts follow on the next page */
    return rc;
}

bk_grid *xlsxp_cover_grid(const bk_host *h, const bk_document *doc)
{
    bk_grid *g = h->grid_new(XLSXP_COVER_SHEET);
    if (!g) return NULL;
    uint32_t r = 0;
    int rc = cover_page(h, doc, g, &r);
    if (rc == BK_OK) rc = put_header(h, g, r++, FACTS_HEADER, 2);
    if (rc == BK_OK) rc = cover_facts(h, doc, g, &r);
    if (rc == BK_OK && doc->n_units) rc = cover_units(h, doc, g, r + 1); /* a blank line between */
    if (rc) {
        h->grid_free(g);
        return NULL;
    }
    return g;
}

/* Lines of @p text ("\n"-separated) into column @p col from row *@p r; the row after the last in *@p r. */
static int put_lines(const bk_host *h, bk_grid *g, uint32_t r, uint32_t col, const char *text, uint32_t *end)
{
    int rc = BK_OK;
    for (const char *p = text; rc == BK_OK && p; r++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        rc = h->grid_set(g, r, col, len ? p : NULL, len, 0, XLSXP_NO_POS);
        p = nl ? nl + 1 : NULL;
    }
    *end = r;
    return rc;
}

/* The source's 目录 (its page numbers are the PDF's): printed as this workbook's sheets. */
static bool is_contents(const bk_section *s)
{
    char h[32];
    size_t k = 0;
    for (const char *p = s->heading ? s->heading : ""; *p && k + 1 < sizeof h; p++)
        if (*p != ' ') h[k++] = *p;
    h[k] = '\0';
    return strcmp(h, "目录") == 0 || strcmp(h, "目　录") == 0;
}

/* The heading row (level in the hidden column B), then one wrapped row per paragraph. */
static int put_section(const bk_host *h, bk_grid *g, uint32_t *r, const bk_section *s, const char *const *sheets,
                       size_t n_sheets)
{
    char level[16];
    snprintf(level, sizeof level, "%d", (int)s->level);
    uint32_t indent = s->level > 1 ? (uint32_t)(s->level - 1) & 0xFu : 0;
    bool contents = is_contents(s) && n_sheets > 0;
    int rc =
        put(h, g, *r, 0, s->heading ? s->heading : "", BK_GRID_NAME | BK_GRID_TOTAL | (indent << BK_GRID_INDENT_SHIFT));
    if (rc == BK_OK) rc = put(h, g, *r, 1, level, BK_GRID_CODE);
    if (rc == BK_OK && contents) rc = put(h, g, *r, 2, XLSXP_ORIGINAL, 0);
    uint32_t first = ++*r, end = first;
    if (rc || !contents) return rc ? rc : put_lines(h, g, first, 0, s->text, r);
    for (size_t i = 0; rc == BK_OK && i < n_sheets; i++) rc = put(h, g, first + (uint32_t)i, 0, sheets[i], 0);
    if (rc == BK_OK) rc = put_lines(h, g, first, 2, s->text, &end); /* kept for reading back, not printed */
    *r = end > first + n_sheets ? end : first + (uint32_t)n_sheets;
    return rc;
}

bk_grid *xlsxp_sections_grid(const bk_host *h, const bk_document *doc, uint32_t *heading_rows,
                             const char *const *sheets, size_t n_sheets)
{
    bk_grid *g = h->grid_new(XLSXP_SECTIONS_SHEET);
    if (!g) return NULL;
    uint32_t r = 0;
    int rc = put(h, g, r++, 0, XLSXP_SECTIONS_SHEET, BK_GRID_TITLE);
    for (uint32_t c = 0; rc == BK_OK && c < 3; c++) rc = put(h, g, r, c, PAGE_HEADER[c], 0);
    r++;
    for (size_t i = 0; rc == BK_OK && i < doc->n_sections; i++) {
        if (heading_rows) heading_rows[i] = r;
        rc = put_section(h, g, &r, &doc->sections[i], sheets, n_sheets);
    }
    if (rc) {
        h->grid_free(g);
        return NULL;
    }
    return g;
}

/* ---- reading ---- */

/* Text of cell (r, c), "" if empty (the plugin links nothing of the core: no bk_grid_text). */
static const char *xlsxp_cell_text(const bk_grid *g, uint32_t r, uint32_t c)
{
    if (r >= g->n_rows || c >= g->rows[r].n_cells || !g->rows[r].cells[c].text) return "";
    return g->rows[r].cells[c].text;
}

static bool row_is(const bk_grid *g, uint32_t r, const char *const *names, uint32_t n)
{
    for (uint32_t c = 0; c < n; c++)
        if (strcmp(xlsxp_cell_text(g, r, c), names[c]) != 0) return false;
    return true;
}

/* The first row (among the first few) that is the given header, or -1. */
static int64_t find_header(const bk_grid *g, const char *const *names, uint32_t n, uint32_t from)
{
    for (uint32_t r = from; r < g->n_rows; r++)
        if (row_is(g, r, names, n)) return r;
    return -1;
}

bool xlsxp_is_text_grid(const bk_grid *g)
{
    if (!g || !g->name) return false;
    if (strcmp(g->name, XLSXP_COVER_SHEET) == 0) {
        int64_t r = find_header(g, FACTS_HEADER, 2, 0);
        return r >= 0 && r <= XLSXP_COVER_TOP + 5; /* below the cover page's lines */
    }
    if (strcmp(g->name, XLSXP_SECTIONS_SHEET) == 0) {
        int64_t r = find_header(g, PAGE_HEADER, 2, 0), old = find_header(g, SECTIONS_HEADER, 2, 0);
        return (r >= 0 && r <= 1) || (old >= 0 && old <= 1);
    }
    return false;
}

static int nomem(const bk_host *h, bk_error *err)
{
    return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

/* Set @p fact to a copy of @p text unless the tables already gave it (@p now). */
static int fill_fact(const bk_host *h, bk_document *doc, bk_doc_fact fact, const char *now, const char *text)
{
    if (now || !*text) return BK_OK;
    const char *copy = h->document_strdup(doc, text, (size_t)-1);
    return copy ? h->document_set_fact(doc, fact, copy) : BK_ERR_NOMEM;
}

static int read_fact(const bk_host *h, const bk_grid *g, uint32_t r, bk_document *doc)
{
    const char *label = xlsxp_cell_text(g, r, 0), *value = xlsxp_cell_text(g, r, 1);
    if (strcmp(label, "部门名称") == 0) return fill_fact(h, doc, BK_FACT_DEPARTMENT_NAME, doc->department_name, value);
    if (strcmp(label, "部门编码") == 0) return fill_fact(h, doc, BK_FACT_DEPARTMENT_CODE, doc->department_code, value);
    if (strcmp(label, "地区") == 0) return fill_fact(h, doc, BK_FACT_REGION, doc->region, value);
    if (strcmp(label, "行政级次") == 0) return fill_fact(h, doc, BK_FACT_LEVEL, doc->level, value);
    if (strcmp(label, "年度") == 0 && doc->fiscal_year == 0) {
        int year = atoi(value);
        if (year >= 1900 && year <= 9999) h->document_set_fiscal_year(doc, year);
    } else if (strcmp(label, "公开类型") == 0 && doc->kind == BK_DOC_UNKNOWN) {
        h->document_set_kind(doc, strcmp(value, "部门预算") == 0   ? BK_DOC_BUDGET
                                  : strcmp(value, "部门决算") == 0 ? BK_DOC_FINAL_ACCOUNTS
                                                                   : BK_DOC_UNKNOWN);
    }
    return BK_OK;
}

static const char *text_or_null(const bk_grid *g, uint32_t r, uint32_t c)
{
    const char *t = xlsxp_cell_text(g, r, c);
    return *t ? t : NULL;
}

static int read_cover(const bk_host *h, const bk_grid *g, bk_document *doc, bk_error *err)
{
    int64_t head = find_header(g, FACTS_HEADER, 2, 0);
    /* the title printed on the cover is the document's own (the properties only repeat it): the
     * first line above the facts (the department and year lines under it repeat facts) */
    for (uint32_t r = 0; r < (uint32_t)head; r++)
        if (*xlsxp_cell_text(g, r, 0)) {
            const char *title = h->document_strdup(doc, xlsxp_cell_text(g, r, 0), (size_t)-1);
            if (!title || h->document_set_fact(doc, BK_FACT_TITLE, title)) return nomem(h, err);
            break;
        }
    int64_t units = find_header(g, UNITS_HEADER, 4, (uint32_t)head + 1);
    uint32_t end = units >= 0 ? (uint32_t)units : g->n_rows;
    for (uint32_t r = (uint32_t)head + 1; r < end; r++)
        if (read_fact(h, g, r, doc)) return nomem(h, err);
    for (uint32_t r = units >= 0 ? (uint32_t)units + 1 : g->n_rows; r < g->n_rows; r++) {
        const char *name = text_or_null(g, r, 1);
        if (!name && !text_or_null(g, r, 0)) continue; /* a blank line */
        if (!name) return h->error_set(err, BK_ERR_PARSE, r + 1, 2, XLSXP_COVER_SHEET, "a budget unit without a name");
        if (!h->document_add_unit(doc, text_or_null(g, r, 2), name, text_or_null(g, r, 3))) return nomem(h, err);
    }
    return BK_OK;
}

/* Paragraph rows [from, to) joined with "\n"; NULL text if there are none. */
static int add_section(const bk_host *h, const bk_grid *g, uint32_t head, uint32_t to, uint32_t level_col,
                       uint32_t heading_col, uint32_t text_col, bk_document *doc, bk_error *err)
{
    const char *lv = xlsxp_cell_text(g, head, level_col);
    char *end = NULL;
    long level = strtol(lv, &end, 10);
    if (end == lv || *end || level < 1 || level > 9)
        return h->error_set(err, BK_ERR_PARSE, head + 1, level_col + 1, XLSXP_SECTIONS_SHEET,
                            "section level '%s' is not a number from 1 to 9", lv);
    /* trailing rows of another column (a regenerated 目录 longer than the original) are not text */
    while (to > head + 1 && !*xlsxp_cell_text(g, to - 1, text_col) && *xlsxp_cell_text(g, to - 1, text_col ? 0 : 2))
        to--;
    size_t len = 0;
    for (uint32_t r = head + 1; r < to; r++) len += strlen(xlsxp_cell_text(g, r, text_col)) + 1;
    char *text = len ? malloc(len) : NULL;
    if (len && !text) return nomem(h, err);
    size_t at = 0;
    for (uint32_t r = head + 1; r < to; r++) {
        const char *p = xlsxp_cell_text(g, r, text_col);
        size_t n = strlen(p);
        memcpy(text + at, p, n);
        at += n;
        text[at++] = r + 1 < to ? '\n' : '\0';
    }
    bk_section *s = h->document_add_section(doc, xlsxp_cell_text(g, head, heading_col), (int)level, text);
    free(text);
    return s ? BK_OK : nomem(h, err);
}

static int read_sections(const bk_host *h, const bk_grid *g, bk_document *doc, bk_error *err)
{
    int64_t head = find_header(g, PAGE_HEADER, 2, 0);
    bool page = head >= 0 && head <= 1; /* else the layout before: 级次 | 标题与正文 */
    if (!page) head = find_header(g, SECTIONS_HEADER, 2, 0);
    uint32_t level_col = page ? 1 : 0, heading_col = page ? 0 : 1;
    int64_t open = -1; /* the heading row of the section being read */
    uint32_t text_col = heading_col;
    for (uint32_t r = (uint32_t)head + 1; r <= g->n_rows; r++) {
        bool heading = r < g->n_rows && *xlsxp_cell_text(g, r, level_col);
        if (r < g->n_rows && !heading && open < 0 && *xlsxp_cell_text(g, r, heading_col))
            return h->error_set(err, BK_ERR_PARSE, r + 1, heading_col + 1, XLSXP_SECTIONS_SHEET,
                                "text before the first section heading");
        if ((heading || r == g->n_rows) && open >= 0) {
            int rc = add_section(h, g, (uint32_t)open, r, level_col, heading_col, text_col, doc, err);
            if (rc) return rc;
        }
        if (heading) {
            open = r;
            text_col = page && strcmp(xlsxp_cell_text(g, r, 2), XLSXP_ORIGINAL) == 0 ? 2 : heading_col;
        }
    }
    return BK_OK;
}

int xlsxp_read_text_grid(const bk_host *h, const bk_grid *g, bk_document *doc, bk_error *err)
{
    return strcmp(g->name, XLSXP_COVER_SHEET) == 0 ? read_cover(h, g, doc, err) : read_sections(h, g, doc, err);
}
