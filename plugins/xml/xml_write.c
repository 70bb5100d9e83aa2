/* SPDX-License-Identifier: MIT */
/* Writing canonical submission XML with xmlTextWriter, streaming to the sink. */
#include "xml_write.h"
#include "xml_schema.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include <libxslt/xsltutils.h>

/* Where the writer is, kept as cheap pointers and formatted only on error. */
typedef struct wr_where {
    const char *area;     /* "document", "unit", "table", "performance target", "section" */
    size_t index;         /* 1-based index of the unit/table/form/section */
    const char *title;    /* its title or heading, may be NULL */
    const char *panel;    /* panel key, may be NULL */
    size_t row;           /* 1-based row, 0 = none */
    const char *item;     /* "column", "field", "funding", "task", "indicator", NULL */
    size_t item_index;    /* 1-based */
    const char *item_key; /* column or field key, may be NULL */
} wr_where;

/* The output stream: counts bytes for progress and remembers why a write failed. */
typedef struct wr_io {
    const bk_sink *out;
    uint64_t bytes, next_progress;
    int failed_errno;
    bool failed;
} wr_io;

typedef struct wr {
    const bk_host *h;
    xmlTextWriterPtr w;
    bk_error *err;
    wr_io *io;
    const volatile int *interrupted;
    wr_where at;
    bool indent;
    xmlBufferPtr rows;  /* rows of the current panel, serialised in a batch */
    xmlDocPtr utf8_doc; /* tells libxml2's attribute escaper that text is UTF-8 */
} wr;

/* ---- errors ---- */

static void where_format(const wr_where *at, const char *attr, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s", at->area ? at->area : "document");
    if (at->index && n >= 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, " %zu", at->index);
    if (at->title && n >= 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, " '%.60s'", at->title);
    if (at->panel && n >= 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, ", panel %s", at->panel);
    if (at->row && n >= 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, ", row %zu", at->row);
    if (at->item && n >= 0 && (size_t)n < cap) {
        n += snprintf(buf + n, cap - (size_t)n, ", %s %zu", at->item, at->item_index);
        if (at->item_key && n >= 0 && (size_t)n < cap)
            n += snprintf(buf + n, cap - (size_t)n, " (%.40s)", at->item_key);
    }
    if (attr && n >= 0 && (size_t)n < cap) snprintf(buf + n, cap - (size_t)n, ", %s", attr);
}

static int wr_fail_io(wr *ws)
{
    char ctx[192];
    where_format(&ws->at, NULL, ctx, sizeof ctx);
    if (ws->io && ws->io->failed)
        return ws->h->error_set(ws->err, BK_ERR_IO, 0, 0, ctx, "cannot write the XML output: %s",
                                strerror(ws->io->failed_errno ? ws->io->failed_errno : EIO));
    return ws->h->error_set(ws->err, BK_ERR_IO, 0, 0, ctx, "cannot write the XML output (libxml2 writer failed)");
}

/*
 * Refuse text XML 1.0 cannot carry: C0 controls other than tab/LF/CR,
 * invalid UTF-8, and the non-characters U+FFFE/U+FFFF. Returns 0 or a status.
 */
static int wr_check_text(wr *ws, const char *s, const char *what)
{
    size_t n = strlen(s);
    bool high = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            high = true;
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            char ctx[192];
            where_format(&ws->at, what, ctx, sizeof ctx);
            return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx,
                                    "text contains the control character U+%04X at byte %zu, which XML 1.0 cannot "
                                    "carry; remove it before writing XML",
                                    c, i);
        }
    }
    if (!high) return BK_OK;
    size_t bad = ws->h->utf8_check(s, n);
    if (bad < n) {
        char ctx[192];
        where_format(&ws->at, what, ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_ENCODING, 0, 0, ctx,
                                "text is not valid UTF-8 (byte 0x%02X at offset %zu); convert it to UTF-8 first",
                                (unsigned char)s[bad], bad);
    }
    for (size_t i = 0; i + 2 < n; i++) {
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            char ctx[192];
            where_format(&ws->at, what, ctx, sizeof ctx);
            return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx,
                                    "text contains the non-character U+FFF%c at byte %zu, which XML cannot carry",
                                    (unsigned char)s[i + 2] == 0xBE ? 'E' : 'F', i);
        }
    }
    return BK_OK;
}

/* ---- small writers: each returns 0 or a status ---- */

static int wr_start(wr *ws, const char *name)
{
    return xmlTextWriterStartElement(ws->w, BAD_CAST name) < 0 ? wr_fail_io(ws) : BK_OK;
}

static int wr_end(wr *ws)
{
    return xmlTextWriterEndElement(ws->w) < 0 ? wr_fail_io(ws) : BK_OK;
}

/* An optional string attribute: NULL is left out. */
static int wr_attr(wr *ws, const char *name, const char *value)
{
    if (!value) return BK_OK;
    int rc = wr_check_text(ws, value, name);
    if (rc) return rc;
    return xmlTextWriterWriteAttribute(ws->w, BAD_CAST name, BAD_CAST value) < 0 ? wr_fail_io(ws) : BK_OK;
}

static int wr_attr_int(wr *ws, const char *name, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return xmlTextWriterWriteAttribute(ws->w, BAD_CAST name, BAD_CAST buf) < 0 ? wr_fail_io(ws) : BK_OK;
}

/* An element holding text; NULL writes nothing. */
static int wr_text_element(wr *ws, const char *name, const char *text)
{
    if (!text) return BK_OK;
    int rc = wr_check_text(ws, text, name);
    if (rc) return rc;
    return xmlTextWriterWriteElement(ws->w, BAD_CAST name, BAD_CAST text) < 0 ? wr_fail_io(ws) : BK_OK;
}

static int wr_format_amount(wr *ws, bk_amount a, char *buf, size_t cap, const char *what)
{
    if (a.scale < 0 || a.scale > BK_AMOUNT_MAX_SCALE || ws->h->amount_format(a, buf, cap) == 0) {
        char ctx[192];
        where_format(&ws->at, what, ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx, "amount has an invalid scale %d", (int)a.scale);
    }
    return BK_OK;
}

/* One cell: <amount>, <text> or <blank/>. */
static int wr_cell(wr *ws, const bk_cell *c)
{
    switch (c->kind) {
    case BK_CELL_AMOUNT: {
        char buf[BK_AMOUNT_TEXT_MAX];
        int rc = wr_format_amount(ws, c->amount, buf, sizeof buf, "amount");
        if (rc) return rc;
        return xmlTextWriterWriteElement(ws->w, BAD_CAST "amount", BAD_CAST buf) < 0 ? wr_fail_io(ws) : BK_OK;
    }
    case BK_CELL_TEXT: return wr_text_element(ws, "text", c->text ? c->text : "");
    case BK_CELL_BLANK: break;
    default: {
        char ctx[192];
        where_format(&ws->at, NULL, ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx, "cell has an unknown kind %d", (int)c->kind);
    }
    }
    int rc = wr_start(ws, "blank");
    return rc ? rc : wr_end(ws);
}

static const char *cell_type_name(bk_cell_kind k)
{
    return k == BK_CELL_TEXT ? "text" : "amount"; /* the model has no blank columns */
}

/* ---- the model ---- */

static int wr_interrupted(wr *ws)
{
    if (ws->interrupted && *ws->interrupted)
        return ws->h->error_set(ws->err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
    return BK_OK;
}

/*
 * Rows are most of a document, and xmlTextWriter spends most of its time on
 * per-call bookkeeping. So a panel's rows are serialised into a buffer with
 * libxml2's own escapers (xmlAttrSerializeTxtContent, xmlEncodeSpecialChars)
 * and handed to the writer in batches with xmlTextWriterWriteRawLen, laid out
 * exactly as the writer itself would indent them.
 */
#define WR_ROW_INDENT  "      "     /* depth 3: submission/table/panel/row */
#define WR_CELL_INDENT "\n        " /* depth 4 */
#define WR_BATCH_BYTES (64u * 1024u)

static int wr_buf_add(wr *ws, const char *s, int len)
{
    if (xmlBufferAdd(ws->rows, BAD_CAST s, len) != 0)
        return ws->h->error_set(ws->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return BK_OK;
}

/* Hand the batched rows to the writer. */
static int wr_rows_flush(wr *ws)
{
    int len = xmlBufferLength(ws->rows);
    if (len == 0) return BK_OK;
    int rc = xmlTextWriterWriteRawLen(ws->w, xmlBufferContent(ws->rows), len) < 0 ? wr_fail_io(ws) : BK_OK;
    xmlBufferEmpty(ws->rows);
    return rc;
}

static int wr_row_attr(wr *ws, const char *name, const char *value)
{
    if (!value) return BK_OK;
    int rc = wr_check_text(ws, value, name);
    if (rc) return rc;
    if ((rc = wr_buf_add(ws, " ", 1)) || (rc = wr_buf_add(ws, name, -1)) || (rc = wr_buf_add(ws, "=\"", 2))) return rc;
    xmlAttrSerializeTxtContent(ws->rows, ws->utf8_doc, NULL, BAD_CAST value);
    return wr_buf_add(ws, "\"", 1);
}

static int wr_row_attr_int(wr *ws, const char *name, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return wr_row_attr(ws, name, buf);
}

/* A box coordinate (1/100 pt) in points, no trailing zeros. */
static void wr_points(int32_t v, char *out, size_t cap)
{
    long long a = v < 0 ? -(long long)v : v, whole = a / BK_POS_BOX_SCALE, frac = a % BK_POS_BOX_SCALE;
    const char *sign = v < 0 ? "-" : "";
    if (!frac)
        snprintf(out, cap, "%s%lld", sign, whole);
    else if (frac % 10 == 0)
        snprintf(out, cap, "%s%lld.%lld", sign, whole, frac / 10);
    else
        snprintf(out, cap, "%s%lld.%02lld", sign, whole, frac);
}

/* The attributes of a printed position: page="4" box="x0 y0 x1 y1" or sheet="表3" cell="B36".
 * @p add writes one attribute (the row buffer's or the writer's). */
static int wr_pos_attrs(wr *ws, const bk_pos *p, int (*add)(wr *, const char *, const char *))
{
    char buf[96];
    int rc = BK_OK;
    if (p->page) {
        snprintf(buf, sizeof buf, "%u", p->page);
        rc = add(ws, "page", buf);
        const bk_box *b = &p->box;
        if (!rc && (b->x0 || b->y0 || b->x1 || b->y1)) {
            char v[4][24];
            wr_points(b->x0, v[0], sizeof v[0]);
            wr_points(b->y0, v[1], sizeof v[1]);
            wr_points(b->x1, v[2], sizeof v[2]);
            wr_points(b->y1, v[3], sizeof v[3]);
            snprintf(buf, sizeof buf, "%s %s %s %s", v[0], v[1], v[2], v[3]);
            rc = add(ws, "box", buf);
        }
    } else if (p->sheet) {
        rc = add(ws, "sheet", p->sheet);
        if (!rc && p->line && p->column) {
            char col[8], rev[8];
            size_t n = 0;
            for (uint32_t c = p->column; c && n < sizeof rev; c = (c - 1) / 26) rev[n++] = (char)('A' + (c - 1) % 26);
            for (size_t i = 0; i < n; i++) col[i] = rev[n - 1 - i];
            col[n] = '\0';
            snprintf(buf, sizeof buf, "%s%u", col, p->line);
            rc = add(ws, "cell", buf);
        }
    }
    return rc;
}

/* The opening tag of a cell element, with the cell's printed position if it has one. */
static int wr_cell_open(wr *ws, const char *name, const bk_pos *p, bool empty)
{
    int rc = wr_buf_add(ws, "<", 1);
    if (!rc) rc = wr_buf_add(ws, name, -1);
    if (!rc && p) rc = wr_pos_attrs(ws, p, wr_row_attr);
    if (!rc) rc = wr_buf_add(ws, empty ? "/>" : ">", -1);
    return rc;
}

static int wr_row_cell(wr *ws, const bk_cell *c, const bk_pos *p)
{
    int rc = ws->indent ? wr_buf_add(ws, WR_CELL_INDENT, -1) : BK_OK;
    if (rc) return rc;
    if (p && !p->page && !p->sheet) p = NULL;
    switch (c->kind) {
    case BK_CELL_AMOUNT: {
        char buf[BK_AMOUNT_TEXT_MAX + 24];
        rc = wr_format_amount(ws, c->amount, buf, BK_AMOUNT_TEXT_MAX, "amount");
        if (rc) return rc;
        size_t n = strlen(buf);
        memcpy(buf + n, "</amount>", 10);
        if ((rc = wr_cell_open(ws, "amount", p, false))) return rc;
        return wr_buf_add(ws, buf, (int)(n + 9));
    }
    case BK_CELL_TEXT: {
        const char *t = c->text ? c->text : "";
        if ((rc = wr_check_text(ws, t, "text"))) return rc;
        xmlChar *esc = xmlEncodeSpecialChars(ws->utf8_doc, BAD_CAST t);
        if (!esc) return ws->h->error_set(ws->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        if (!(rc = wr_cell_open(ws, "text", p, false)) && !(rc = wr_buf_add(ws, (const char *)esc, -1)))
            rc = wr_buf_add(ws, "</text>", 7);
        xmlFree(esc);
        return rc;
    }
    case BK_CELL_BLANK: return wr_cell_open(ws, "blank", p, true);
    default: {
        char ctx[192];
        where_format(&ws->at, NULL, ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx, "cell has an unknown kind %d", (int)c->kind);
    }
    }
}

static int wr_row(wr *ws, const bk_panel *p, const bk_row *r)
{
    int rc = wr_buf_add(ws, ws->indent ? WR_ROW_INDENT "<row" : "<row", -1);
    if (!rc) rc = wr_row_attr(ws, "key", r->key);
    if (!rc) rc = wr_row_attr(ws, "code", r->code);
    if (!rc) rc = wr_row_attr(ws, "name", r->name);
    if (!rc && r->level != 0) rc = wr_row_attr_int(ws, "level", r->level);
    if (!rc && r->parent >= 0) rc = wr_row_attr_int(ws, "parent", r->parent);
    if (!rc && r->role != BK_ROW_DATA) rc = wr_row_attr(ws, "role", ws->h->row_role_name(r->role));
    if (!rc && r->flags) rc = wr_row_attr_int(ws, "flags", r->flags);
    if (!rc) rc = wr_pos_attrs(ws, &r->pos, wr_row_attr);
    if (rc) return rc;
    if (p->n_columns == 0) return wr_buf_add(ws, ws->indent ? "/>\n" : "/>", -1);
    if ((rc = wr_buf_add(ws, ">", 1))) return rc;
    for (size_t c = 0; !rc && c < p->n_columns; c++) {
        ws->at.item = "column";
        ws->at.item_index = c + 1;
        ws->at.item_key = p->columns[c].key;
        rc = wr_row_cell(ws, &r->cells[c], r->cell_pos ? &r->cell_pos[c] : NULL);
    }
    ws->at.item = NULL;
    if (rc) return rc;
    return wr_buf_add(ws, ws->indent ? "\n" WR_ROW_INDENT "</row>\n" : "</row>", -1);
}

/* A row of a panel without columns, through the writer's own calls. */
static int wr_row_plain(wr *ws, const bk_panel *p, const bk_row *r)
{
    (void)p;
    int rc = wr_start(ws, "row");
    if (!rc) rc = wr_attr(ws, "key", r->key);
    if (!rc) rc = wr_attr(ws, "code", r->code);
    if (!rc) rc = wr_attr(ws, "name", r->name);
    if (!rc && r->level != 0) rc = wr_attr_int(ws, "level", r->level);
    if (!rc && r->parent >= 0) rc = wr_attr_int(ws, "parent", r->parent);
    if (!rc && r->role != BK_ROW_DATA) rc = wr_attr(ws, "role", ws->h->row_role_name(r->role));
    if (!rc && r->flags) rc = wr_attr_int(ws, "flags", r->flags);
    if (!rc) rc = wr_pos_attrs(ws, &r->pos, wr_attr);
    return rc ? rc : wr_end(ws);
}

static int wr_panel(wr *ws, const bk_panel *p)
{
    ws->at.panel = p->key ? p->key : "(unnamed)";
    int rc = wr_start(ws, "panel");
    if (!rc) rc = wr_attr(ws, "key", p->key);
    if (!rc) rc = wr_attr(ws, "label", p->label);
    if (!rc) rc = wr_attr(ws, "code-label", p->code_label);
    if (!rc) rc = wr_attr(ws, "name-label", p->name_label);
    for (size_t c = 0; !rc && c < p->n_columns; c++) {
        const bk_column *col = &p->columns[c];
        ws->at.item = "column";
        ws->at.item_index = c + 1;
        ws->at.item_key = col->key;
        rc = wr_start(ws, "column");
        if (!rc) rc = wr_attr(ws, "key", col->key);
        if (!rc) rc = wr_attr(ws, "label", col->label);
        if (!rc) rc = wr_attr(ws, "type", cell_type_name(col->type));
        if (!rc) rc = wr_end(ws);
    }
    ws->at.item = NULL;
    /* Batched rows follow the columns' line break; a panel with rows but no
     * columns (rare) would need the start tag's, so it keeps the plain path. */
    bool batch = p->n_columns > 0 && p->n_rows > 0;
    for (size_t r = 0; !rc && r < p->n_rows; r++) {
        ws->at.row = r + 1;
        if (batch) {
            rc = wr_row(ws, p, &p->rows[r]);
            if (!rc && (size_t)xmlBufferLength(ws->rows) >= WR_BATCH_BYTES) rc = wr_rows_flush(ws);
        } else {
            rc = wr_row_plain(ws, p, &p->rows[r]);
        }
        if (!rc && (r & 1023) == 1023) rc = wr_interrupted(ws);
    }
    /* the writer indents nothing after raw text: indent the panel's end tag here */
    if (!rc && batch && ws->indent) rc = wr_buf_add(ws, "    ", 4);
    if (!rc) rc = wr_rows_flush(ws);
    xmlBufferEmpty(ws->rows);
    ws->at.row = 0;
    ws->at.panel = NULL;
    return rc ? rc : wr_end(ws);
}

static int wr_table(wr *ws, const bk_table *t)
{
    int rc = wr_start(ws, "table");
    if (!rc) rc = wr_attr(ws, "kind", t->kind ? t->kind : "custom");
    if (!rc) rc = wr_attr(ws, "title", t->title);
    if (!rc) rc = wr_attr(ws, "number-label", t->number_label);
    if (!rc) rc = wr_attr(ws, "department", t->department);
    if (!rc && t->unit != BK_UNIT_UNKNOWN) rc = wr_attr(ws, "unit", ws->h->unit_kind_name(t->unit));
    if (!rc) rc = wr_attr(ws, "unit-label", t->unit_label);
    if (!rc && (t->scale < 0 || t->scale > BK_AMOUNT_MAX_SCALE)) {
        char ctx[192];
        where_format(&ws->at, "scale", ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx, "table scale %d is outside 0..%d", (int)t->scale,
                                BK_AMOUNT_MAX_SCALE);
    }
    if (!rc) rc = wr_attr_int(ws, "scale", t->scale);
    if (!rc) rc = wr_pos_attrs(ws, &t->pos, wr_attr);
    if (!rc) rc = wr_text_element(ws, "note", t->note);
    for (size_t i = 0; !rc && i < t->n_panels; i++) rc = wr_panel(ws, &t->panels[i]);
    return rc ? rc : wr_end(ws);
}

static int wr_field(wr *ws, const char *element, const bk_field *f, bool with_key)
{
    ws->at.item_key = f->key ? f->key : f->label;
    int rc = wr_start(ws, element);
    if (!rc && with_key) rc = wr_attr(ws, "key", f->key);
    if (!rc) rc = wr_attr(ws, "label", f->label);
    if (!rc) rc = wr_text_element(ws, "value", f->value);
    return rc ? rc : wr_end(ws);
}

static int wr_funding(wr *ws, const bk_perf_amount *a)
{
    ws->at.item_key = a->key;
    int rc = wr_start(ws, "funding");
    if (!rc) rc = wr_attr(ws, "group", a->group);
    if (!rc) rc = wr_attr(ws, "key", a->key);
    if (!rc) rc = wr_attr(ws, "label", a->label);
    if (!rc) rc = wr_cell(ws, &a->value);
    return rc ? rc : wr_end(ws);
}

static int wr_indicator(wr *ws, const bk_indicator *ind)
{
    ws->at.item_key = ind->level3 ? ind->level3 : ind->level2;
    int rc = wr_start(ws, "indicator");
    if (!rc) rc = wr_attr(ws, "period", ind->period);
    if (!rc) rc = wr_attr(ws, "level1", ind->level1);
    if (!rc) rc = wr_attr(ws, "level2", ind->level2);
    if (!rc) rc = wr_attr(ws, "level3", ind->level3);
    if (!rc) rc = wr_attr(ws, "value", ind->value_raw);
    if (!rc) rc = wr_attr(ws, "op", ind->op);
    if (!rc && ind->number.kind == BK_CELL_AMOUNT) {
        char buf[BK_AMOUNT_TEXT_MAX];
        rc = wr_format_amount(ws, ind->number.amount, buf, sizeof buf, "number");
        if (!rc) rc = wr_attr(ws, "number", buf);
    } else if (!rc && ind->number.kind != BK_CELL_BLANK) {
        char ctx[192];
        where_format(&ws->at, "number", ctx, sizeof ctx);
        return ws->h->error_set(ws->err, BK_ERR_VALUE, 0, 0, ctx,
                                "an indicator's parsed number must be an amount or blank");
    }
    if (!rc) rc = wr_attr(ws, "unit", ind->unit);
    if (!rc) rc = wr_pos_attrs(ws, &ind->pos, wr_attr);
    return rc ? rc : wr_end(ws);
}

static int wr_perf(wr *ws, const bk_perf_target *p)
{
    int rc = wr_start(ws, "performance-target");
    if (!rc) rc = wr_attr(ws, "kind", p->kind == BK_PERF_DEPARTMENT ? "department" : "project");
    if (!rc) rc = wr_attr(ws, "title", p->title);
    if (!rc) rc = wr_attr(ws, "period-label", p->period_label);
    if (!rc && p->unit != BK_UNIT_UNKNOWN) rc = wr_attr(ws, "unit", ws->h->unit_kind_name(p->unit));
    if (!rc) rc = wr_pos_attrs(ws, &p->pos, wr_attr);
    ws->at.item = "field";
    for (size_t i = 0; !rc && i < p->n_fields; i++) {
        ws->at.item_index = i + 1;
        rc = wr_field(ws, "field", &p->fields[i], true);
    }
    ws->at.item = "funding";
    for (size_t i = 0; !rc && i < p->n_amounts; i++) {
        ws->at.item_index = i + 1;
        rc = wr_funding(ws, &p->amounts[i]);
    }
    ws->at.item = "task";
    for (size_t i = 0; !rc && i < p->n_tasks; i++) {
        ws->at.item_index = i + 1;
        rc = wr_field(ws, "task", &p->tasks[i], false);
    }
    ws->at.item = "indicator";
    for (size_t i = 0; !rc && i < p->n_indicators; i++) {
        ws->at.item_index = i + 1;
        rc = wr_indicator(ws, &p->indicators[i]);
    }
    ws->at.item = NULL;
    return rc ? rc : wr_end(ws);
}

/* <paragraph index="K" page=… box=…/> for each paragraph whose printed position is known. */
static int wr_paragraphs(wr *ws, const bk_para_pos *pp)
{
    int rc = BK_OK;
    for (size_t i = 0; pp && pp->pos && i < pp->n && !rc; i++) {
        if (!pp->pos[i].page && !pp->pos[i].sheet) continue;
        rc = wr_start(ws, "paragraph");
        if (!rc) rc = wr_attr_int(ws, "index", (int64_t)i + 1);
        if (!rc) rc = wr_pos_attrs(ws, &pp->pos[i], wr_attr);
        if (!rc) rc = wr_end(ws);
    }
    return rc;
}

static int wr_section(wr *ws, const bk_document *doc, size_t si)
{
    const bk_section *s = &doc->sections[si];
    int rc = wr_start(ws, "section");
    if (!rc) rc = wr_attr(ws, "heading", s->heading);
    if (!rc && s->level != 0) rc = wr_attr_int(ws, "level", s->level);
    if (!rc) rc = wr_pos_attrs(ws, &s->pos, wr_attr);
    if (!rc) rc = wr_text_element(ws, "text", s->text);
    if (!rc && s->text && si < doc->cap_para_pos && doc->para_pos) rc = wr_paragraphs(ws, &doc->para_pos[si]);
    return rc ? rc : wr_end(ws);
}

static int wr_document(wr *ws, const bk_document *doc)
{
    memset(&ws->at, 0, sizeof ws->at);
    ws->at.area = "document";
    if (xmlTextWriterStartDocument(ws->w, NULL, "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElementNS(ws->w, NULL, BAD_CAST "submission", BAD_CAST XMLP_NS) < 0)
        return wr_fail_io(ws);
    int rc = wr_attr(ws, "version", XMLP_VERSION);
    if (!rc && doc->fiscal_year != 0) rc = wr_attr_int(ws, "fiscal-year", doc->fiscal_year);
    if (!rc && doc->kind != BK_DOC_UNKNOWN) rc = wr_attr(ws, "kind", ws->h->doc_kind_name(doc->kind));
    if (!rc) rc = wr_attr(ws, "title", doc->title);
    if (!rc) rc = wr_attr(ws, "region", doc->region);
    if (!rc) rc = wr_attr(ws, "level", doc->level);
    if (!rc) rc = wr_attr(ws, "department-code", doc->department_code);
    if (!rc) rc = wr_attr(ws, "department-name", doc->department_name);
    if (!rc) rc = wr_attr(ws, "disclosure", doc->disclosure);
    for (size_t i = 0; !rc && i < doc->n_units; i++) {
        const bk_budget_unit *u = &doc->units[i];
        ws->at = (wr_where){.area = "unit", .index = i + 1, .title = u->name};
        rc = wr_start(ws, "unit");
        if (!rc) rc = wr_attr(ws, "code", u->code);
        if (!rc) rc = wr_attr(ws, "name", u->name);
        if (!rc) rc = wr_attr(ws, "type", u->type);
        if (!rc) rc = wr_end(ws);
    }
    for (size_t i = 0; !rc && i < doc->n_tables; i++) {
        ws->at = (wr_where){.area = "table", .index = i + 1, .title = doc->tables[i].title};
        rc = wr_table(ws, &doc->tables[i]);
        if (!rc) rc = wr_interrupted(ws);
    }
    for (size_t i = 0; !rc && i < doc->n_perf_targets; i++) {
        ws->at = (wr_where){.area = "performance target", .index = i + 1, .title = doc->perf_targets[i].title};
        rc = wr_perf(ws, &doc->perf_targets[i]);
    }
    for (size_t i = 0; !rc && i < doc->n_sections; i++) {
        ws->at = (wr_where){.area = "section", .index = i + 1, .title = doc->sections[i].heading};
        rc = wr_section(ws, doc, i);
    }
    if (rc) return rc;
    memset(&ws->at, 0, sizeof ws->at);
    if (xmlTextWriterEndElement(ws->w) < 0 || xmlTextWriterEndDocument(ws->w) < 0) return wr_fail_io(ws);
    return BK_OK;
}

/* Write the document with the row buffer and the UTF-8 marker document set up. */
static int wr_run(wr *ws, const bk_document *doc)
{
    ws->rows = xmlBufferCreateSize(WR_BATCH_BYTES + 4096);
    ws->utf8_doc = xmlNewDoc(BAD_CAST "1.0");
    int rc;
    if (!ws->rows || !ws->utf8_doc) {
        rc = ws->h->error_set(ws->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    } else {
        ws->utf8_doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
        rc = ws->utf8_doc->encoding ? wr_document(ws, doc)
                                    : ws->h->error_set(ws->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (ws->rows) xmlBufferFree(ws->rows);
    if (ws->utf8_doc) xmlFreeDoc(ws->utf8_doc);
    ws->rows = NULL;
    ws->utf8_doc = NULL;
    return rc;
}

/* ---- output plumbing ---- */

static int io_write(void *ctx, const char *buf, int len)
{
    wr_io *io = ctx;
    if (len <= 0) return 0;
    if (fwrite(buf, 1, (size_t)len, io->out->fp) != (size_t)len) {
        io->failed = true;
        io->failed_errno = errno;
        return -1;
    }
    io->bytes += (uint64_t)len;
    if (io->out->progress && io->bytes >= io->next_progress) {
        io->out->progress(io->out->progress_ctx, io->bytes, 0);
        io->next_progress = io->bytes + (1u << 20);
    }
    return len;
}

static int io_close(void *ctx)
{
    (void)ctx; /* the core owns, flushes and renames the stream */
    return 0;
}

/* Canonical XML streamed straight to the sink. */
static int write_stream(const bk_host *h, const bk_document *doc, const bk_sink *out, bool indent, bk_error *err)
{
    wr_io io = {.out = out};
    xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(io_write, io_close, &io, NULL);
    if (!buf) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    xmlTextWriterPtr w = xmlNewTextWriter(buf); /* owns buf from here on */
    if (!w) {
        xmlOutputBufferClose(buf);
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (indent && (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0)) {
        xmlFreeTextWriter(w);
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    wr ws = {.h = h, .w = w, .err = err, .io = &io, .interrupted = out->interrupted, .indent = indent};
    int rc = wr_run(&ws, doc);
    if (!rc && xmlTextWriterFlush(w) < 0) rc = wr_fail_io(&ws);
    xmlFreeTextWriter(w);
    if (!rc && io.failed) rc = wr_fail_io(&ws);
    if (!rc && fflush(out->fp) != 0)
        rc = h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write the XML output: %s", strerror(errno));
    return rc;
}

/* limit.xslt_memory of this run (bk_sink.limits, ABI 2.1). */
static uint64_t sink_mem_cap(const bk_sink *out)
{
    return out->limits ? out->limits->xslt_memory : XMLP_MEMCAP_DEFAULT;
}

/* Canonical XML built in memory, transformed by the stylesheet, result written to the sink. */
static int write_transformed(const bk_host *h, const bk_document *doc, const bk_sink *out, const char *xslt_path,
                             const char *allow_read, xmlSchemaPtr user_schema, const char *schema_path, bk_error *err)
{
    xmlp_errbuf eb;
    xmlp_errbuf_init(&eb, h, out->diags, NULL);
    char what[300];
    snprintf(what, sizeof what, "stylesheet %s", xslt_path);
    eb.what = what;
    eb.mem_cap = sink_mem_cap(out);
    xsltStylesheetPtr style = xmlp_xslt_load(xslt_path, allow_read, &eb);
    if (!style) return xmlp_errbuf_raise(&eb, h, err, BK_ERR_INVALID_ARG, "xslt");

    xmlDocPtr tree = NULL;
    int rc = BK_OK;
    xmlTextWriterPtr w = xmlNewTextWriterDoc(&tree, 0);
    if (!w) {
        rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    } else {
        wr ws = {.h = h, .w = w, .err = err, .interrupted = out->interrupted, .indent = false};
        rc = wr_run(&ws, doc);
        xmlFreeTextWriter(w);
    }
    xmlDocPtr res = NULL;
    if (!rc) {
        res = xmlp_xslt_apply(style, tree, &eb);
        if (!res) rc = xmlp_errbuf_raise(&eb, h, err, BK_ERR_VALUE, "xslt");
    }
    if (!rc && user_schema) {
        xmlp_errbuf sb;
        char swhat[300];
        snprintf(swhat, sizeof swhat, "output fails schema %s", schema_path);
        xmlp_errbuf_init(&sb, h, out->diags, swhat);
        sb.mem_cap = sink_mem_cap(out);
        if (xmlp_schema_validate_tree(user_schema, res, &sb) != 0)
            rc = xmlp_errbuf_raise(&sb, h, err, BK_ERR_VALUE, "after xslt");
    }
    if (!rc && (xsltSaveResultToFile(out->fp, res, style) < 0 || fflush(out->fp) != 0))
        rc = h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write the XML output: %s", strerror(errno));
    if (res) xmlFreeDoc(res);
    if (tree) xmlFreeDoc(tree);
    xsltFreeStylesheet(style);
    return rc;
}

/* Validate the file just written against the user's schema (a second, streaming pass). */
static int validate_written(const bk_host *h, const bk_sink *out, xmlSchemaPtr schema, const char *schema_path,
                            bk_error *err)
{
    FILE *f = fopen(out->path, "rb");
    if (!f)
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot reopen the output to validate it: %s", strerror(errno));
    char what[300];
    snprintf(what, sizeof what, "output fails schema %s", schema_path);
    xmlp_errbuf eb;
    xmlp_errbuf_init(&eb, h, out->diags, what);
    eb.mem_cap = sink_mem_cap(out);
    int rc = xmlp_validate_stream(schema, f, out->display_name, 256, &eb);
    fclose(f);
    return rc ? xmlp_errbuf_raise(&eb, h, err, BK_ERR_VALUE, NULL) : BK_OK;
}

int xmlp_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    bool indent = h->options_get_bool(o, "indent", 1) != 0;
    const char *xslt = h->options_get(o, "xslt");
    const char *schema_path = h->options_get(o, "schema");
    if (!out->fp) return h->error_set(err, BK_ERR_INTERNAL, 0, 0, NULL, "the XML writer needs an open stream");

    xmlSchemaPtr schema = NULL;
    if (schema_path) {
        xmlp_errbuf eb;
        xmlp_errbuf_init(&eb, h, out->diags, schema_path);
        eb.mem_cap = sink_mem_cap(out);
        schema = xmlp_schema_file(schema_path, &eb);
        if (!schema) return xmlp_errbuf_raise(&eb, h, err, BK_ERR_INVALID_ARG, "schema");
    }
    int rc;
    if (xslt) {
        rc = write_transformed(h, doc, out, xslt, h->options_get(o, "xslt-allow-read"), schema, schema_path, err);
    } else {
        rc = write_stream(h, doc, out, indent, err);
        if (!rc && schema) rc = validate_written(h, out, schema, schema_path, err);
    }
    if (schema) xmlSchemaFree(schema);
    return rc;
}
