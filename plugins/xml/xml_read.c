/* SPDX-License-Identifier: MIT */
/* Reading canonical submission XML: one streaming pass with XSD validation. */
#include "xml_read.h"
#include "xml_strip.h"
#include "xml_schema.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>

/* The elements of the canonical XML. */
typedef enum rd_el {
    EL_NONE = 0,
    EL_SUBMISSION,
    EL_UNIT,
    EL_TABLE,
    EL_NOTE,
    EL_PANEL,
    EL_COLUMN,
    EL_ROW,
    EL_AMOUNT,
    EL_TEXT,
    EL_BLANK,
    EL_PERF,
    EL_FIELD,
    EL_FUNDING,
    EL_TASK,
    EL_VALUE,
    EL_INDICATOR,
    EL_SECTION,
    EL_PARAGRAPH
} rd_el;

static const struct {
    const char *name;
    rd_el el;
} ELEMENTS[] = {
    {"row", EL_ROW},
    {"amount", EL_AMOUNT},
    {"text", EL_TEXT},
    {"blank", EL_BLANK},
    {"column", EL_COLUMN},
    {"panel", EL_PANEL},
    {"table", EL_TABLE},
    {"note", EL_NOTE},
    {"unit", EL_UNIT},
    {"submission", EL_SUBMISSION},
    {"performance-target", EL_PERF},
    {"field", EL_FIELD},
    {"funding", EL_FUNDING},
    {"task", EL_TASK},
    {"value", EL_VALUE},
    {"indicator", EL_INDICATOR},
    {"section", EL_SECTION},
    {"paragraph", EL_PARAGRAPH},
};

/* Largest input xslt-in reads into a tree (a tree takes about 14 times the file). */
#define XMLP_TREE_MAX_BYTES (256ull << 20)

/* Deepest nesting of the canonical structure (submission/table/panel/row/amount) plus slack. */
#define RD_STACK     8
#define RD_MAX_ATTRS 16

typedef struct rd_attr {
    size_t name_off, value_off, value_len;
} rd_attr;

typedef struct rd {
    const bk_host *h;
    const bk_source *in;
    bk_document *doc;
    bk_error *err;
    xmlTextReaderPtr r;
    xmlp_errbuf eb;      /* libxml2's first error (well-formedness, schema) */
    const char *context; /* "after xslt-in" or NULL */
    rd_el stack[RD_STACK];
    /* attributes of the current element, copied into scratch */
    rd_attr attrs[RD_MAX_ATTRS];
    size_t n_attrs;
    char *scratch;
    size_t scratch_len, scratch_cap;
    /* text content being collected */
    bool collecting;
    char *text;
    size_t text_len, text_cap;
    /* where we are in the document */
    size_t cell_ix;    /* next cell of the current row */
    bk_pos cell_pos;   /* the printed position of the cell element being read (page or sheet), */
    bool cell_pos_set; /* when it has one */
    const char *sheet; /* the last sheet name of a position, a document string */
    size_t funding_cells;
    uint64_t rows, cells;
    uint64_t bytes, next_progress;
    uint32_t line; /* line of the current element */
} rd;

/* ---- errors ---- */

/* An error of our own at the current element; a schema error already captured wins. */
static int rd_fail(rd *x, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int rd_fail(rd *x, int code, const char *fmt, ...)
{
    if (x->eb.have) return xmlp_errbuf_raise(&x->eb, x->h, x->err, BK_ERR_PARSE, x->context);
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const xmlChar *name = xmlTextReaderConstLocalName(x->r);
    uint32_t column = 0;
    if ((uint32_t)xmlTextReaderGetParserLineNumber(x->r) == x->line)
        column = (uint32_t)xmlTextReaderGetParserColumnNumber(x->r);
    char ctx[192];
    snprintf(ctx, sizeof ctx, "%s%s<%s>", x->context ? x->context : "", x->context ? ": " : "",
             name ? (const char *)name : "?");
    return x->h->error_set(x->err, code, x->line, column, ctx, "%s", msg);
}

static int rd_nomem(rd *x)
{
    return rd_fail(x, BK_ERR_NOMEM, "out of memory");
}

/* ---- buffers ---- */

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need) ncap *= 2;
    char *nb = realloc(*buf, ncap);
    if (!nb) return -1;
    *buf = nb;
    *cap = ncap;
    return 0;
}

static int rd_check_len(rd *x, size_t len, const char *what)
{
    if (len > x->in->limits->string_bytes)
        return rd_fail(x, BK_ERR_LIMIT, "%s is longer than the limit of %llu bytes (limit.string_bytes)", what,
                       (unsigned long long)x->in->limits->string_bytes);
    return BK_OK;
}

/* Copy the element's own attributes (not namespace declarations, not foreign ones) into scratch. */
static int rd_collect_attrs(rd *x)
{
    x->n_attrs = 0;
    x->scratch_len = 0;
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1) return BK_OK;
    do {
        if (xmlTextReaderIsNamespaceDecl(x->r) == 1 || xmlTextReaderConstNamespaceUri(x->r) != NULL) continue;
        const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
        const char *value = (const char *)xmlTextReaderConstValue(x->r);
        if (!name) continue;
        if (!value) value = "";
        size_t nl = strlen(name), vl = strlen(value);
        if (vl > x->in->limits->string_bytes) {
            char what[80];
            snprintf(what, sizeof what, "attribute %.40s", name);
            xmlTextReaderMoveToElement(x->r);
            return rd_check_len(x, vl, what);
        }
        if (x->n_attrs == RD_MAX_ATTRS) {
            xmlTextReaderMoveToElement(x->r);
            return rd_fail(x, BK_ERR_PARSE, "too many attributes");
        }
        if (grow(&x->scratch, &x->scratch_cap, x->scratch_len + nl + vl + 2)) {
            xmlTextReaderMoveToElement(x->r);
            return rd_nomem(x);
        }
        rd_attr *a = &x->attrs[x->n_attrs++];
        a->name_off = x->scratch_len;
        memcpy(x->scratch + x->scratch_len, name, nl + 1);
        x->scratch_len += nl + 1;
        a->value_off = x->scratch_len;
        a->value_len = vl;
        memcpy(x->scratch + x->scratch_len, value, vl + 1);
        x->scratch_len += vl + 1;
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
    return BK_OK;
}

/* Value of attribute @p name of the current element, or NULL. */
static const char *attr(const rd *x, const char *name)
{
    for (size_t i = 0; i < x->n_attrs; i++)
        if (strcmp(x->scratch + x->attrs[i].name_off, name) == 0) return x->scratch + x->attrs[i].value_off;
    return NULL;
}

/* ---- values ---- */

static bool is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trim XML white space (the schema collapses it for numbers). */
static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n > 0 && is_xml_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_xml_space(s[n - 1])) n--;
    *len = n;
    return s;
}

/* An integer attribute in [min, max]; absent leaves *out unchanged. */
static int rd_int_attr(rd *x, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *v = attr(x, name);
    if (!v) return BK_OK;
    size_t n = strlen(v);
    const char *s = trim(v, &n);
    bool neg = false;
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == n) return rd_fail(x, BK_ERR_VALUE, "attribute %s=\"%s\" is not an integer", name, v);
    int64_t val = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return rd_fail(x, BK_ERR_VALUE, "attribute %s=\"%s\" is not an integer", name, v);
        if (val > (INT64_MAX - 9) / 10) return rd_fail(x, BK_ERR_VALUE, "attribute %s=\"%s\" is out of range", name, v);
        val = val * 10 + (s[i] - '0');
    }
    if (neg) val = -val;
    if (val < min || val > max)
        return rd_fail(x, BK_ERR_VALUE, "attribute %s=\"%s\" is outside %lld..%lld", name, v, (long long)min,
                       (long long)max);
    *out = val;
    return BK_OK;
}

static int rd_amount(rd *x, const char *text, size_t len, const char *what, bk_amount *out)
{
    size_t n = len;
    const char *s = trim(text, &n);
    bk_amount_result res = x->h->amount_parse(s, n, BK_AMOUNT_STRICT, out);
    if (res == BK_AMOUNT_OK) return BK_OK;
    return rd_fail(x, BK_ERR_VALUE, "%s \"%.*s\": %s", what, (int)(len > 60 ? 60 : len), text,
                   res == BK_AMOUNT_BLANK ? "empty amount (write <blank/> for a blank cell)"
                                          : x->h->amount_result_str(res));
}

/* Copy an optional attribute into the document. NULL stays NULL; sets *rc on OOM. */
static const char *rd_dup_attr(rd *x, const char *name, int *rc)
{
    const char *v = attr(x, name);
    if (!v || *rc) return NULL;
    const char *d = x->h->document_strdup(x->doc, v, (size_t)-1);
    if (!d) *rc = rd_nomem(x);
    return d;
}

/* A box coordinate in points with at most 2 decimals → 1/100 pt. */
static int rd_point(rd *x, const char *s, size_t n, int32_t *out)
{
    bk_amount a;
    if (x->h->amount_parse(s, n, BK_AMOUNT_STRICT, &a) != BK_AMOUNT_OK || a.scale > 2 || a.units > INT32_MAX / 100 ||
        a.units < -(INT32_MAX / 100))
        return rd_fail(x, BK_ERR_VALUE, "box \"%.*s\": not a number of points with at most 2 decimals",
                       (int)(n > 40 ? 40 : n), s);
    *out = (int32_t)(a.units * (a.scale == 0 ? 100 : a.scale == 1 ? 10 : 1));
    return BK_OK;
}

/* "B36" → row 36, column 2. */
static int rd_cell_ref(rd *x, const char *v, uint32_t *line, uint32_t *column)
{
    uint64_t col = 0, row = 0;
    const char *s = v;
    while (*s >= 'A' && *s <= 'Z' && col <= UINT32_MAX) col = col * 26 + (uint64_t)(*s++ - 'A' + 1);
    while (*s >= '0' && *s <= '9' && row <= UINT32_MAX) row = row * 10 + (uint64_t)(*s++ - '0');
    if (*s || !col || !row || col > UINT32_MAX || row > UINT32_MAX)
        return rd_fail(x, BK_ERR_VALUE, "cell \"%.40s\" is not a cell reference such as B36", v);
    *line = (uint32_t)row;
    *column = (uint32_t)col;
    return BK_OK;
}

/* The printed position in the attributes page="4" box="x0 y0 x1 y1" (points) or sheet="表3"
 * cell="B36", if any (*found). */
static int rd_printed_pos(rd *x, bk_pos *out, bool *found)
{
    *found = false;
    const char *sheet = attr(x, "sheet"), *cell = attr(x, "cell"), *box = attr(x, "box");
    int64_t page = 0;
    int rc = rd_int_attr(x, "page", 1, UINT32_MAX, &page);
    if (rc) return rc;
    if (!page && !sheet && !cell && !box) return BK_OK;
    if (!page == !sheet) return rd_fail(x, BK_ERR_VALUE, "a position names either a page or a sheet");
    if (page && cell) return rd_fail(x, BK_ERR_VALUE, "a page position has a box, not a cell");
    if (sheet && box) return rd_fail(x, BK_ERR_VALUE, "a sheet position has a cell, not a box");
    bk_pos p = {.page = (uint32_t)page};
    if (box) {
        int32_t c[4];
        const char *s = box;
        for (int i = 0; i < 4; i++) {
            while (is_xml_space(*s)) s++;
            size_t n = 0;
            while (s[n] && !is_xml_space(s[n])) n++;
            if (!n) return rd_fail(x, BK_ERR_VALUE, "a box is \"x0 y0 x1 y1\" in points");
            if ((rc = rd_point(x, s, n, &c[i]))) return rc;
            s += n;
        }
        while (is_xml_space(*s)) s++;
        if (*s) return rd_fail(x, BK_ERR_VALUE, "a box is \"x0 y0 x1 y1\" in points");
        if (c[0] > c[2] || c[1] > c[3])
            return rd_fail(x, BK_ERR_VALUE, "a box runs from its top-left (x0 y0) to its bottom-right (x1 y1)");
        p.box = (bk_box){c[0], c[1], c[2], c[3]};
    }
    if (sheet) {
        if (cell && (rc = rd_cell_ref(x, cell, &p.line, &p.column))) return rc;
        if (!x->sheet || strcmp(x->sheet, sheet)) {
            x->sheet = x->h->document_strdup(x->doc, sheet, (size_t)-1);
            if (!x->sheet) return rd_nomem(x);
        }
        p.sheet = x->sheet;
    }
    x->h->pos_set(out, &p);
    *found = true;
    return BK_OK;
}

/* Where the current element stands in this file (libxml2 keeps the line of an
 * element's start; its column is not kept), unless it carries the printed
 * position (a sheet's cell or a page's box) it was first read at. */
static int rd_pos(rd *x, bk_pos *pos)
{
    bk_pos p = *pos;
    p.line = x->line;
    p.column = 0;
    bool found;
    bk_pos printed;
    int rc = rd_printed_pos(x, &printed, &found);
    x->h->pos_set(pos, !rc && found ? &printed : &p);
    return rc;
}

static int rd_unit_kind(rd *x, const char *name, bk_unit_kind *out)
{
    const char *v = attr(x, name);
    if (!v) return BK_OK;
    if (strcmp(v, "unknown") == 0)
        *out = BK_UNIT_UNKNOWN;
    else if ((*out = x->h->unit_kind_from_name(v)) == BK_UNIT_UNKNOWN)
        return rd_fail(x, BK_ERR_VALUE, "unknown unit \"%s\" (yuan, wan_yuan, unknown)", v);
    return BK_OK;
}

/* ---- the current objects (re-fetched: arrays move when they grow) ---- */

static bk_table *cur_table(rd *x)
{
    return x->doc->n_tables ? &x->doc->tables[x->doc->n_tables - 1] : NULL;
}

static bk_panel *cur_panel(rd *x)
{
    bk_table *t = cur_table(x);
    return t && t->n_panels ? &t->panels[t->n_panels - 1] : NULL;
}

static bk_row *cur_row(rd *x)
{
    bk_panel *p = cur_panel(x);
    return p && p->n_rows ? &p->rows[p->n_rows - 1] : NULL;
}

static bk_perf_target *cur_perf(rd *x)
{
    return x->doc->n_perf_targets ? &x->doc->perf_targets[x->doc->n_perf_targets - 1] : NULL;
}

/* ---- element starts ---- */

static int start_submission(rd *x)
{
    const char *version = attr(x, "version");
    if (!version || strncmp(version, "1.", 2) != 0)
        return rd_fail(x, BK_ERR_UNSUPPORTED, "submission version \"%s\" is not supported (this reader reads 1.x)",
                       version ? version : "(missing)");
    int64_t year = 0;
    int rc = rd_int_attr(x, "fiscal-year", INT32_MIN, INT32_MAX, &year);
    if (rc) return rc;
    bk_document *d = x->doc;
    x->h->document_set_fiscal_year(d, (int32_t)year);
    const char *kind = attr(x, "kind");
    if (kind && strcmp(kind, "unknown") != 0) {
        bk_doc_kind k = x->h->doc_kind_from_name(kind);
        x->h->document_set_kind(d, k);
        if (k == BK_DOC_UNKNOWN)
            return rd_fail(x, BK_ERR_VALUE, "unknown document kind \"%s\" (budget, final_accounts, unknown)", kind);
    }
    static const struct {
        const char *attr;
        bk_doc_fact fact;
    } FACTS[] = {{"title", BK_FACT_TITLE},
                 {"region", BK_FACT_REGION},
                 {"level", BK_FACT_LEVEL},
                 {"department-code", BK_FACT_DEPARTMENT_CODE},
                 {"department-name", BK_FACT_DEPARTMENT_NAME},
                 {"disclosure", BK_FACT_DISCLOSURE}};
    for (size_t i = 0; i < sizeof FACTS / sizeof FACTS[0]; i++)
        x->h->document_set_fact(d, FACTS[i].fact, rd_dup_attr(x, FACTS[i].attr, &rc));
    return rc;
}

static int start_unit(rd *x)
{
    if (!x->h->document_add_unit(x->doc, attr(x, "code"), attr(x, "name"), attr(x, "type"))) return rd_nomem(x);
    return BK_OK;
}

static int start_table(rd *x)
{
    if (x->doc->n_tables >= x->in->limits->tables)
        return rd_fail(x, BK_ERR_LIMIT, "more than %llu tables (limit.tables)",
                       (unsigned long long)x->in->limits->tables);
    const char *kind = attr(x, "kind");
    bk_table *t = x->h->document_add_table(x->doc, kind ? kind : "custom", attr(x, "title"));
    if (!t) return rd_nomem(x);
    int rc = BK_OK;
    x->h->table_set_number_label(t, rd_dup_attr(x, "number-label", &rc));
    x->h->table_set_department(t, rd_dup_attr(x, "department", &rc));
    x->h->table_set_unit_label(t, rd_dup_attr(x, "unit-label", &rc));
    bk_unit_kind unit = t->unit;
    if (!rc) rc = rd_unit_kind(x, "unit", &unit);
    x->h->table_set_unit(t, unit);
    int64_t scale = t->scale;
    if (!rc) rc = rd_int_attr(x, "scale", 0, BK_AMOUNT_MAX_SCALE, &scale);
    x->h->table_set_scale(t, (int32_t)scale);
    if (!rc) rc = rd_pos(x, &t->pos);
    return rc;
}

static int start_panel(rd *x)
{
    bk_table *t = cur_table(x);
    bk_panel *p = x->h->table_add_panel(x->doc, t, attr(x, "key"), attr(x, "label"));
    if (!p) return rd_nomem(x);
    int rc = BK_OK;
    x->h->panel_set_code_label(p, rd_dup_attr(x, "code-label", &rc));
    x->h->panel_set_name_label(p, rd_dup_attr(x, "name-label", &rc));
    return rc;
}

static int start_column(rd *x)
{
    bk_panel *p = cur_panel(x);
    if (p->n_rows > 0) return rd_fail(x, BK_ERR_PARSE, "a <column> after the first <row>: columns come first");
    if (p->n_columns >= x->in->limits->columns)
        return rd_fail(x, BK_ERR_LIMIT, "more than %llu columns (limit.columns)",
                       (unsigned long long)x->in->limits->columns);
    const char *key = attr(x, "key"), *type = attr(x, "type");
    if (!key) return rd_fail(x, BK_ERR_PARSE, "a <column> needs a key");
    bk_cell_kind kind;
    if (type && strcmp(type, "amount") == 0)
        kind = BK_CELL_AMOUNT;
    else if (type && strcmp(type, "text") == 0)
        kind = BK_CELL_TEXT;
    else
        return rd_fail(x, BK_ERR_VALUE, "column type \"%s\" is not amount or text", type ? type : "(missing)");
    if (!x->h->panel_add_column(x->doc, p, key, attr(x, "label"), kind)) return rd_nomem(x);
    return BK_OK;
}

static int start_row(rd *x)
{
    if (++x->rows > x->in->limits->rows)
        return rd_fail(x, BK_ERR_LIMIT, "more than %llu rows (limit.rows)", (unsigned long long)x->in->limits->rows);
    bk_panel *p = cur_panel(x);
    int64_t level = 0, parent = -1, flags = 0;
    int rc = rd_int_attr(x, "level", INT32_MIN, INT32_MAX, &level);
    if (!rc) rc = rd_int_attr(x, "parent", -1, (int64_t)p->n_rows - 1, &parent);
    if (!rc) rc = rd_int_attr(x, "flags", 0, UINT32_MAX, &flags);
    int role = BK_ROW_DATA;
    const char *role_name = attr(x, "role");
    if (!rc && role_name && (role = x->h->row_role_from_name(role_name)) < 0)
        rc = rd_fail(x, BK_ERR_VALUE, "unknown row role \"%s\" (data, subtotal, total)", role_name);
    if (rc) return rc;
    bk_row *row = x->h->panel_add_row(x->doc, p, attr(x, "code"), attr(x, "name"));
    if (!row) return rd_nomem(x);
    x->h->row_set_key(row, rd_dup_attr(x, "key", &rc));
    x->h->row_set_level(row, (int32_t)level);
    x->h->row_set_parent(row, (int32_t)parent);
    x->h->row_set_role(row, (bk_row_role)role);
    x->h->row_set_flags(row, (uint32_t)flags);
    if (!rc) rc = rd_pos(x, &row->pos);
    x->cell_ix = 0;
    return rc;
}

static int start_perf(rd *x)
{
    const char *kind = attr(x, "kind");
    bk_perf_kind k;
    if (kind && strcmp(kind, "department") == 0)
        k = BK_PERF_DEPARTMENT;
    else if (kind && strcmp(kind, "project") == 0)
        k = BK_PERF_PROJECT;
    else
        return rd_fail(x, BK_ERR_VALUE, "performance-target kind \"%s\" is not department or project",
                       kind ? kind : "(missing)");
    bk_perf_target *p = x->h->document_add_perf_target(x->doc, k, attr(x, "title"));
    if (!p) return rd_nomem(x);
    int rc = BK_OK;
    x->h->perf_set_period_label(p, rd_dup_attr(x, "period-label", &rc));
    bk_unit_kind unit = p->unit;
    if (!rc) rc = rd_unit_kind(x, "unit", &unit);
    x->h->perf_set_unit(p, unit);
    if (!rc) rc = rd_pos(x, &p->pos);
    return rc;
}

static int start_indicator(rd *x)
{
    bk_perf_target *p = cur_perf(x);
    bk_indicator *ind = x->h->perf_add_indicator(x->doc, p, attr(x, "period"), attr(x, "level1"), attr(x, "level2"),
                                                 attr(x, "level3"), attr(x, "value"));
    if (!ind) return rd_nomem(x);
    int rc = BK_OK;
    const char *op = rd_dup_attr(x, "op", &rc);
    x->h->indicator_set_value(ind, op, NULL, rd_dup_attr(x, "unit", &rc));
    const char *number = attr(x, "number");
    if (!rc && number) {
        bk_amount a;
        rc = rd_amount(x, number, strlen(number), "indicator number", &a);
        if (!rc) {
            x->h->cell_set_amount(&ind->number, a);
        }
    }
    if (!rc) rc = rd_pos(x, &ind->pos);
    return rc;
}

static int start_section(rd *x)
{
    int64_t level = 0;
    int rc = rd_int_attr(x, "level", INT32_MIN, INT32_MAX, &level);
    if (rc) return rc;
    bk_section *s = x->h->document_add_section(x->doc, attr(x, "heading"), (int)level, NULL);
    if (!s) return rd_nomem(x);
    return rd_pos(x, &s->pos);
}

/* <paragraph index="K" page=… box=…/> after a section's <text>: where its K-th paragraph (line)
 * was read. A file without them (older) reads as before. */
static int start_paragraph(rd *x)
{
    size_t si = x->doc->n_sections - 1;
    int64_t index = 0;
    int rc = rd_int_attr(x, "index", 1, INT32_MAX, &index);
    if (rc) return rc;
    if (!index) return rd_fail(x, BK_ERR_VALUE, "a <paragraph> names its paragraph: index=\"1\" for the first");
    if (!x->doc->sections[si].text) return rd_fail(x, BK_ERR_VALUE, "a <paragraph> follows the section's <text>");
    bk_pos *pp = x->h->section_para_pos(x->doc, si);
    if (!pp) return rd_nomem(x);
    size_t n = x->doc->para_pos[si].n;
    if ((uint64_t)index > n)
        return rd_fail(x, BK_ERR_VALUE, "paragraph %lld of a text of %zu paragraphs", (long long)index, n);
    bool found;
    bk_pos printed;
    if ((rc = rd_printed_pos(x, &printed, &found))) return rc;
    if (!found) return rd_fail(x, BK_ERR_VALUE, "a <paragraph> has a page or a sheet");
    x->h->pos_set(&pp[index - 1], &printed);
    return BK_OK;
}

/* The cell a cell element fills: the next one of the row, or the funding figure's value. */
static int rd_cell_target(rd *x, rd_el parent, bk_cell **out)
{
    if (parent == EL_FUNDING) {
        bk_perf_target *p = cur_perf(x);
        if (x->funding_cells++ > 0) return rd_fail(x, BK_ERR_PARSE, "a <funding> holds exactly one value");
        *out = &p->amounts[p->n_amounts - 1].value;
        return BK_OK;
    }
    bk_panel *p = cur_panel(x);
    bk_row *row = cur_row(x);
    if (x->cell_ix >= p->n_columns)
        return rd_fail(x, BK_ERR_PARSE, "row has more cells than its panel has columns (%zu)", p->n_columns);
    if (x->cell_pos_set) {
        bk_pos *cp = x->h->row_cell_pos(x->doc, p, row);
        if (!cp) return rd_nomem(x);
        x->h->pos_set(&cp[x->cell_ix], &x->cell_pos);
        x->cell_pos_set = false;
    }
    *out = &row->cells[x->cell_ix++];
    return BK_OK;
}

/* Which parents each element may have: the structure is enforced here too, not only by the schema. */
static bool allowed_under(rd_el el, rd_el parent)
{
    switch (el) {
    case EL_SUBMISSION: return parent == EL_NONE;
    case EL_UNIT:
    case EL_TABLE:
    case EL_PERF:
    case EL_SECTION: return parent == EL_SUBMISSION;
    case EL_NOTE:
    case EL_PANEL: return parent == EL_TABLE;
    case EL_COLUMN:
    case EL_ROW: return parent == EL_PANEL;
    case EL_AMOUNT:
    case EL_BLANK: return parent == EL_ROW || parent == EL_FUNDING;
    case EL_TEXT: return parent == EL_ROW || parent == EL_FUNDING || parent == EL_SECTION;
    case EL_FIELD:
    case EL_FUNDING:
    case EL_TASK:
    case EL_INDICATOR: return parent == EL_PERF;
    case EL_VALUE: return parent == EL_FIELD || parent == EL_TASK;
    case EL_PARAGRAPH: return parent == EL_SECTION;
    default: return false;
    }
}

static int start_element(rd *x, rd_el el, rd_el parent)
{
    int rc = rd_collect_attrs(x);
    if (rc) return rc;
    if ((el == EL_AMOUNT || el == EL_TEXT || el == EL_BLANK) && parent == EL_ROW &&
        (rc = rd_printed_pos(x, &x->cell_pos, &x->cell_pos_set)))
        return rc;
    bk_perf_target *p;
    switch (el) {
    case EL_SUBMISSION: return start_submission(x);
    case EL_UNIT: return start_unit(x);
    case EL_TABLE: return start_table(x);
    case EL_PANEL: return start_panel(x);
    case EL_COLUMN: return start_column(x);
    case EL_ROW: return start_row(x);
    case EL_PERF: return start_perf(x);
    case EL_INDICATOR: return start_indicator(x);
    case EL_SECTION: return start_section(x);
    case EL_PARAGRAPH: return start_paragraph(x);
    case EL_FIELD:
        p = cur_perf(x);
        return x->h->perf_add_field(x->doc, p, attr(x, "key"), attr(x, "label"), NULL) ? BK_OK : rd_nomem(x);
    case EL_TASK: p = cur_perf(x); return x->h->perf_add_task(x->doc, p, attr(x, "label"), NULL) ? BK_OK : rd_nomem(x);
    case EL_FUNDING:
        p = cur_perf(x);
        x->funding_cells = 0;
        return x->h->perf_add_amount(x->doc, p, attr(x, "group"), attr(x, "key"), attr(x, "label")) ? BK_OK
                                                                                                    : rd_nomem(x);
    case EL_BLANK: {
        bk_cell *cell;
        return rd_cell_target(x, parent, &cell); /* cells start blank */
    }
    case EL_AMOUNT:
    case EL_TEXT:
    case EL_NOTE:
    case EL_VALUE:
        x->collecting = true;
        x->text_len = 0;
        return BK_OK;
    default: return rd_fail(x, BK_ERR_INTERNAL, "unhandled element");
    }
}

/* ---- element ends ---- */

static int end_text_element(rd *x, rd_el el, rd_el parent)
{
    x->collecting = false;
    if (grow(&x->text, &x->text_cap, x->text_len + 1)) return rd_nomem(x);
    x->text[x->text_len] = '\0';
    const char *t = x->text;
    size_t n = x->text_len;
    if (el == EL_AMOUNT) {
        bk_cell *cell;
        bk_amount a;
        int rc = rd_amount(x, t, n, "amount", &a);
        if (!rc) rc = rd_cell_target(x, parent, &cell);
        if (rc) return rc;
        x->h->cell_set_amount(cell, a);
        x->cells++;
        return BK_OK;
    }
    if (el == EL_TEXT && parent != EL_SECTION) {
        bk_cell *cell;
        int rc = rd_cell_target(x, parent, &cell);
        if (rc) return rc;
        x->cells++;
        return x->h->cell_set_text(x->doc, cell, t, n) ? rd_nomem(x) : BK_OK;
    }
    const char *copy = x->h->document_strdup(x->doc, t, n);
    if (!copy) return rd_nomem(x);
    if (el == EL_NOTE) {
        x->h->table_set_note(cur_table(x), copy);
    } else if (el == EL_TEXT) {
        x->h->section_set_text(&x->doc->sections[x->doc->n_sections - 1], copy);
    } else if (parent == EL_FIELD) {
        bk_perf_target *p = cur_perf(x);
        x->h->field_set_value(&p->fields[p->n_fields - 1], copy);
    } else {
        bk_perf_target *p = cur_perf(x);
        x->h->field_set_value(&p->tasks[p->n_tasks - 1], copy);
    }
    return BK_OK;
}

static int end_element(rd *x, rd_el el, rd_el parent)
{
    switch (el) {
    case EL_AMOUNT:
    case EL_TEXT:
    case EL_NOTE:
    case EL_VALUE: return end_text_element(x, el, parent);
    case EL_ROW: {
        bk_panel *p = cur_panel(x);
        if (x->cell_ix != p->n_columns)
            return rd_fail(x, BK_ERR_PARSE, "row %zu has %zu cells but its panel has %zu columns", p->n_rows,
                           x->cell_ix, p->n_columns);
        if (x->cells > x->in->limits->cells)
            return rd_fail(x, BK_ERR_LIMIT, "more than %llu cells (limit.cells)",
                           (unsigned long long)x->in->limits->cells);
        return BK_OK;
    }
    case EL_FUNDING:
        if (x->funding_cells != 1) return rd_fail(x, BK_ERR_PARSE, "a <funding> holds exactly one value");
        return BK_OK;
    default: return BK_OK;
    }
}

/* ---- the loop ---- */

static rd_el element_of(const char *name)
{
    for (size_t i = 0; i < sizeof ELEMENTS / sizeof ELEMENTS[0]; i++)
        if (strcmp(ELEMENTS[i].name, name) == 0) return ELEMENTS[i].el;
    return EL_NONE;
}

static int on_element(rd *x)
{
    int depth = xmlTextReaderDepth(x->r);
    const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
    xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
    x->line = node && node->line > 0 ? (uint32_t)node->line : (uint32_t)xmlTextReaderGetParserLineNumber(x->r);
    if (depth < 0 || !name) return rd_fail(x, BK_ERR_PARSE, "broken element");
    if ((uint64_t)depth >= x->in->limits->xml_depth)
        return rd_fail(x, BK_ERR_LIMIT, "elements are nested deeper than the limit of %llu (limit.xml_depth)",
                       (unsigned long long)x->in->limits->xml_depth);
    if (!ns || strcmp(ns, XMLP_NS) != 0)
        return rd_fail(x, BK_ERR_PARSE, "element <%s> is not in the budgetkit namespace %s", name, XMLP_NS);
    rd_el el = element_of(name);
    rd_el parent = depth > 0 && depth < RD_STACK ? x->stack[depth - 1] : EL_NONE;
    if (el == EL_NONE || depth >= RD_STACK || !allowed_under(el, parent) || x->collecting)
        return rd_fail(x, BK_ERR_PARSE, "unexpected element <%s> here", name);
    x->stack[depth] = el;
    int rc = start_element(x, el, parent);
    if (!rc && xmlTextReaderIsEmptyElement(x->r) == 1) rc = end_element(x, el, parent);
    return rc;
}

static int on_end_element(rd *x)
{
    int depth = xmlTextReaderDepth(x->r);
    if (depth < 0 || depth >= RD_STACK) return rd_fail(x, BK_ERR_PARSE, "unbalanced element");
    xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
    if (node && node->line > 0) x->line = (uint32_t)node->line;
    return end_element(x, x->stack[depth], depth > 0 ? x->stack[depth - 1] : EL_NONE);
}

static int on_text(rd *x)
{
    const char *v = (const char *)xmlTextReaderConstValue(x->r);
    if (!x->collecting) {
        /* only white space may stand between elements */
        for (const char *p = v; p && *p; p++)
            if (!is_xml_space(*p)) return rd_fail(x, BK_ERR_PARSE, "unexpected text between elements");
        return BK_OK;
    }
    size_t n = v ? strlen(v) : 0;
    int rc = rd_check_len(x, x->text_len + n, "a text");
    if (rc) return rc;
    if (grow(&x->text, &x->text_cap, x->text_len + n + 1)) return rd_nomem(x);
    memcpy(x->text + x->text_len, v, n);
    x->text_len += n;
    return BK_OK;
}

static void rd_progress(rd *x)
{
    if (!x->in->progress) return;
    long consumed = xmlTextReaderByteConsumed(x->r);
    if (consumed < 0 || (uint64_t)consumed < x->next_progress) return;
    x->in->progress(x->in->progress_ctx, (uint64_t)consumed, x->in->size);
    x->next_progress = (uint64_t)consumed + (1u << 20);
}

/* Whether @p fp holds only white space from (line, column) on: the input ended there. */
static bool rest_is_space(FILE *fp, uint32_t line, uint32_t column)
{
    if (line == 0 || fseek(fp, 0, SEEK_SET) != 0) return false;
    int c = 0;
    for (uint32_t l = 1; l < line && c != EOF;)
        if ((c = getc(fp)) == '\n') l++;
    for (uint32_t k = 1; k < column && c != EOF; k++) c = getc(fp);
    while (c != EOF && (c = getc(fp)) != EOF)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

/* Walk every node of @p r into x->doc. */
static int rd_run(rd *x)
{
    int ret = 0, rc = BK_OK;
    uint64_t steps = 0;
    bool seen_root = false;
    while (rc == BK_OK && (ret = xmlTextReaderRead(x->r)) == 1) {
        if (x->eb.have) break;
        switch (xmlTextReaderNodeType(x->r)) {
        case XML_READER_TYPE_ELEMENT:
            seen_root = true;
            rc = on_element(x);
            break;
        case XML_READER_TYPE_END_ELEMENT: rc = on_end_element(x); break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: rc = on_text(x); break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            x->line = (uint32_t)xmlTextReaderGetParserLineNumber(x->r);
            rc = rd_fail(x, BK_ERR_PARSE,
                         "a DOCTYPE or entity is not allowed (no DTDs, no entities: "
                         "external entities and entity expansion are refused)");
            break;
        default: break; /* comments, processing instructions */
        }
        if ((++steps & 4095) == 0) {
            rd_progress(x);
            if (x->in->interrupted && *x->in->interrupted)
                rc = x->h->error_set(x->err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        }
    }
    if (rc) return rc;
    if (x->eb.have || ret < 0) {
        if (!x->eb.have)
            xmlp_errbuf_set(&x->eb, (uint32_t)xmlTextReaderGetParserLineNumber(x->r), 0, "the XML is not well-formed");
        /* libxml2's reader also says "Extra content at the end of the document" when the input
         * simply ends inside the document (or is empty): say which it was */
        if (!strncmp(x->eb.message, "Extra content at the end of the document", 40) && !x->context && x->in->fp &&
            rest_is_space(x->in->fp, x->eb.line, x->eb.column))
            snprintf(x->eb.message, sizeof x->eb.message, "%s",
                     x->in->size == 0
                         ? "empty input: expected an XML document"
                         : "the input ends inside the document: elements are not closed (a truncated file?)");
        return xmlp_errbuf_raise(&x->eb, x->h, x->err, BK_ERR_PARSE, x->context);
    }
    if (!seen_root) return x->h->error_set(x->err, BK_ERR_PARSE, 1, 0, x->context, "no XML element found");
    if (xmlTextReaderIsValid(x->r) != 1) {
        xmlp_errbuf_set(&x->eb, 0, 0, "the document does not match schemas/budgetkit.xsd");
        return xmlp_errbuf_raise(&x->eb, x->h, x->err, BK_ERR_PARSE, x->context);
    }
    return BK_OK;
}

static int close_nothing(void *ctx)
{
    (void)ctx; /* the core owns the stream */
    return 0;
}

/* Read canonical XML from @p r (freed here) with the embedded schema. */
static int read_canonical(const bk_host *h, const bk_source *in, bk_document *doc, xmlTextReaderPtr r,
                          const char *context, bk_error *err)
{
    rd x;
    memset(&x, 0, sizeof x);
    x.h = h;
    x.in = in;
    x.doc = doc;
    x.err = err;
    x.r = r;
    x.context = context;
    xmlp_errbuf_init(&x.eb, h, in->diags, NULL);
    xmlSchemaPtr schema = xmlp_schema_embedded(&x.eb);
    if (!schema) {
        xmlFreeTextReader(r);
        return xmlp_errbuf_raise(&x.eb, h, err, BK_ERR_INTERNAL, "schemas/budgetkit.xsd");
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    /* with a schema plugged in, the parser's own errors reach only the thread's handler */
    xmlp_errscope scope;
    xmlp_errscope_enter(&scope, &x.eb);
    int rc;
    if (!vc) {
        rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    } else {
        x.eb.reader = r;
        xmlSchemaSetValidStructuredErrors(vc, xmlp_on_structured_error, &x.eb);
        if (xmlTextReaderSchemaValidateCtxt(r, vc, 0) != 0)
            rc = h->error_set(err, BK_ERR_INTERNAL, 0, 0, NULL, "cannot attach the schema to the reader");
        else
            rc = rd_run(&x);
    }
    /* the reader unplugs the validation context when freed: free it first */
    xmlFreeTextReader(r);
    if (vc) xmlSchemaFreeValidCtxt(vc);
    xmlp_errscope_leave(&scope);
    xmlSchemaFree(schema);
    free(x.scratch);
    free(x.text);
    return rc;
}

/* The input as the province wrote it, transformed into canonical XML, then read as usual. */
static int read_transformed(const bk_host *h, const bk_source *in, bk_document *doc, const char *xslt_path,
                            const char *allow_read, xmlSchemaPtr user_schema, const char *schema_path, bk_error *err)
{
    /* XSLT needs the whole input as a tree, about 14 times its size */
    if (in->size > XMLP_TREE_MAX_BYTES)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, "xslt-in",
                            "the input is %llu bytes; xslt-in holds the file in memory as a tree and takes at "
                            "most %llu bytes (convert larger files to canonical XML, which is read streaming)",
                            (unsigned long long)in->size, (unsigned long long)XMLP_TREE_MAX_BYTES);
    xmlp_errbuf eb;
    xmlp_errbuf_init(&eb, h, in->diags, NULL);
    char what[300];
    snprintf(what, sizeof what, "stylesheet %s", xslt_path);
    eb.what = what;
    eb.mem_cap = in->limits->xslt_memory;
    xsltStylesheetPtr style = xmlp_xslt_load(xslt_path, allow_read, &eb);
    if (!style) return xmlp_errbuf_raise(&eb, h, err, BK_ERR_INVALID_ARG, "xslt-in");

    xmlp_errbuf pb;
    xmlp_errbuf_init(&pb, h, in->diags, NULL);
    xmlDocPtr src = xmlp_parse_tree(in->fp, NULL, in->display_name, in->limits->xml_depth, &pb);
    int rc = BK_OK;
    if (!src) rc = xmlp_errbuf_raise(&pb, h, err, BK_ERR_PARSE, NULL);
    if (!rc && user_schema) {
        char swhat[300];
        snprintf(swhat, sizeof swhat, "input fails schema %s", schema_path);
        xmlp_errbuf sb;
        xmlp_errbuf_init(&sb, h, in->diags, swhat);
        sb.mem_cap = in->limits->xslt_memory;
        if (xmlp_schema_validate_tree(user_schema, src, &sb) != 0)
            rc = xmlp_errbuf_raise(&sb, h, err, BK_ERR_PARSE, NULL);
    }
    xmlDocPtr res = NULL;
    if (!rc) {
        res = xmlp_xslt_apply(style, src, &eb);
        if (!res)
            rc = xmlp_errbuf_raise(&eb, h, err, BK_ERR_PARSE, "xslt-in");
        else if (!xmlDocGetRootElement(res))
            rc = h->error_set(err, BK_ERR_PARSE, 0, 0, "xslt-in",
                              "stylesheet %s made no XML element from this input (is it in the layout the "
                              "stylesheet reads?)",
                              xslt_path);
    }
    xmlChar *text = NULL;
    int len = 0;
    if (!rc) {
        /* indented, so that line:column of an error after the transformation points somewhere readable */
        xmlDocDumpFormatMemoryEnc(res, &text, &len, "UTF-8", 1);
        if (!text) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (res) xmlFreeDoc(res);
    if (src) xmlFreeDoc(src);
    xsltFreeStylesheet(style);
    if (!rc) {
        xmlTextReaderPtr r = xmlReaderForMemory((const char *)text, len, in->display_name, NULL, XMLP_SAFE_OPTIONS);
        if (!r)
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        else
            rc = read_canonical(h, in, doc, r, "in the XML the xslt-in stylesheet made", err);
    }
    xmlFree(text);
    return rc;
}

int xmlp_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    const char *xslt = h->options_get(o, "xslt-in");
    const char *schema_path = h->options_get(o, "schema");
    if (!in->fp) return h->error_set(err, BK_ERR_INTERNAL, 0, 0, NULL, "the XML reader needs an open stream");

    xmlSchemaPtr schema = NULL;
    if (schema_path) {
        xmlp_errbuf eb;
        xmlp_errbuf_init(&eb, h, in->diags, schema_path);
        eb.mem_cap = in->limits->xslt_memory;
        schema = xmlp_schema_file(schema_path, &eb);
        if (!schema) return xmlp_errbuf_raise(&eb, h, err, BK_ERR_INVALID_ARG, "schema");
    }
    int rc = BK_OK;
    if (xslt) {
        rc = read_transformed(h, in, doc, xslt, h->options_get(o, "xslt-allow-read"), schema, schema_path, err);
    } else {
        if (schema) {
            /* the user's schema first, in its own streaming pass, then back to the start */
            char what[300];
            snprintf(what, sizeof what, "input fails schema %s", schema_path);
            xmlp_errbuf eb;
            xmlp_errbuf_init(&eb, h, in->diags, what);
            eb.mem_cap = in->limits->xslt_memory;
            if (xmlp_validate_stream(schema, in->fp, in->display_name, in->limits->xml_depth, &eb) != 0)
                rc = xmlp_errbuf_raise(&eb, h, err, BK_ERR_PARSE, NULL);
            else if (fseek(in->fp, 0, SEEK_SET) != 0)
                rc = h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot rewind the input");
        }
        if (!rc) {
            xmlp_errbuf eb;
            xmlp_errbuf_init(&eb, h, in->diags, NULL);
            if (xmlp_refuse_doctype(in->fp, in->display_name, &eb) != 0)
                rc = xmlp_errbuf_raise(&eb, h, err, BK_ERR_PARSE, NULL);
        }
        if (!rc) {
            /* comments and PIs never reach the reader, which would hold a run of them whole */
            xmlp_strip *strip = malloc(sizeof *strip);
            if (strip) xmlp_strip_init(strip, in->fp);
            xmlTextReaderPtr r =
                strip ? xmlReaderForIO(xmlp_strip_read, close_nothing, strip, in->display_name, NULL, XMLP_SAFE_OPTIONS)
                      : NULL;
            if (!r)
                rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            else
                rc = read_canonical(h, in, doc, r, NULL, err);
            free(strip);
        }
    }
    if (schema) xmlSchemaFree(schema);
    return rc;
}
