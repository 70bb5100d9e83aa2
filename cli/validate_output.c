/* SPDX-License-Identifier: MIT */
/* One writer per output format for a finding of `validate` (validate_output.h). */
#include "validate_output.h"
#include <stdlib.h>
#include <string.h>

void vout_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void vout_csv_field(FILE *out, const char *s, bool last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"') fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else if (s) {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}

/* A whole decimal number of at most 9 digits, or 0. */
static uint32_t parse_u32(const char *s, const char *end)
{
    uint32_t v = 0;
    if (s == end || end - s > 9) return 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (uint32_t)(*s - '0');
    }
    return v;
}

/* "B36" → column 2, row 36; false when it is not a cell. */
static bool parse_cell(const char *s, uint32_t *col, uint32_t *row)
{
    uint32_t c = 0;
    const char *p = s;
    for (; *p >= 'A' && *p <= 'Z' && p - s < 3; p++) c = c * 26 + (uint32_t)(*p - 'A' + 1);
    *col = c;
    *row = parse_u32(p, p + strlen(p));
    return c && *row;
}

/* The sheet name of [s, end) as bk_pos_describe() quotes it ('My sheet', '' for ') into @p sheet. */
static void put_sheet(const char *s, const char *end, char *sheet, size_t cap)
{
    bool quoted = end - s >= 2 && *s == '\'' && end[-1] == '\'';
    if (quoted) s++, end--;
    size_t n = 0;
    for (; s < end && n + 1 < cap; s++) {
        sheet[n++] = *s;
        if (quoted && *s == '\'' && s + 1 < end && s[1] == '\'') s++;
    }
    sheet[n] = '\0';
}

void vout_pos_parse(const char *text, bk_pos *pos, char *sheet, size_t cap)
{
    memset(pos, 0, sizeof *pos);
    if (!text || !*text || !cap) return;
    size_t len = strlen(text);
    if (!strncmp(text, "page ", 5)) {
        pos->page = parse_u32(text + 5, text + len);
        return;
    }
    if (!strncmp(text, "line ", 5)) {
        pos->line = parse_u32(text + 5, text + len);
        return;
    }
    const char *bang = strrchr(text, '!'), *row = strstr(text, ", row ");
    uint32_t col = 0, line = 0;
    if (bang && parse_cell(bang + 1, &col, &line)) {
        put_sheet(text, bang, sheet, cap);
        pos->line = line, pos->column = col;
    } else if (row && (line = parse_u32(row + 6, text + len))) {
        put_sheet(text, row, sheet, cap);
        pos->line = line;
    } else
        put_sheet(text, text + len, sheet, cap);
    pos->sheet = sheet;
}

/* The box of a page position in points, "x0 y0 x1 y1" exactly (bk_pos_describe's words), or "". */
static const char *box_text(const bk_pos *p, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!p->page || !(p->box.x0 || p->box.y0 || p->box.x1 || p->box.y1)) return buf;
    char d[BK_POS_TEXT_MAX];
    bk_pos_describe(p, 1, d, sizeof d);
    const char *open = strchr(d, '['), *close = strrchr(d, ']');
    if (open && close && close > open) snprintf(buf, cap, "%.*s", (int)(close - open - 1), open + 1);
    return buf;
}

/* The cell of a workbook position ("B36"), or "". */
static const char *cell_text(const bk_pos *p, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (p->page || !p->sheet || !p->line || !p->column) return buf;
    char d[BK_POS_TEXT_MAX];
    bk_pos_describe(p, 0, d, sizeof d);
    const char *bang = strrchr(d, '!');
    if (bang) snprintf(buf, cap, "%s", bang + 1);
    return buf;
}

/* "pdf", "workbook", "text", or NULL when nothing is known. */
static const char *source_of(const bk_pos *p)
{
    return p->page ? "pdf" : p->sheet ? "workbook" : p->line ? "text" : NULL;
}

/* {"source", "page", "box"} / {"source", "sheet", "cell", "row", "column"} / {"source", "line", "column"}, or null. */
static void json_pos(FILE *out, const bk_pos *p)
{
    const char *src = source_of(p);
    if (!src) {
        fputs("null", out);
        return;
    }
    fputs("{\"source\": ", out);
    vout_json_string(out, src);
    char buf[BK_POS_TEXT_MAX];
    if (p->page) {
        fprintf(out, ", \"page\": %u", p->page);
        if (box_text(p, buf, sizeof buf)[0]) {
            fputs(", \"box\": [", out);
            for (const char *s = buf; *s; s++)
                if (*s == ' ')
                    fputs(", ", out);
                else
                    fputc(*s, out);
            fputs("]", out);
        }
    } else if (p->sheet) {
        fputs(", \"sheet\": ", out);
        vout_json_string(out, p->sheet);
        if (cell_text(p, buf, sizeof buf)[0]) {
            fputs(", \"cell\": ", out);
            vout_json_string(out, buf);
        }
        if (p->line) fprintf(out, ", \"row\": %u", p->line);
        if (p->column) fprintf(out, ", \"column\": %u", p->column);
        fputs("}", out);
        return;
    }
    if (p->line) fprintf(out, ", \"line\": %u", p->line);
    if (p->line && p->column) fprintf(out, ", \"column\": %u", p->column);
    fputs("}", out);
}

static void json_member(FILE *out, const char *key, const char *v)
{
    fprintf(out, ", \"%s\": ", key);
    vout_json_string(out, v);
}

void vout_json_finding(FILE *out, const vout_finding *f, vout_extra_fn extra, const void *ctx)
{
    bool across = f->other_document != NULL;
    fputs("{\"rule\": ", out);
    vout_json_string(out, f->rule);
    json_member(out, "severity", f->severity);
    if (across) {
        json_member(out, "document", f->document);
        json_member(out, "other_document", f->other_document);
    }
    json_member(out, "table_kind", f->table_kind);
    json_member(out, "table_title", f->table_title);
    json_member(out, "row", f->row);
    if (!across) json_member(out, "row_code", f->row_code);
    json_member(out, "column", f->column);
    json_member(out, "column_label", f->column_label);
    json_member(out, "expected", f->expected);
    json_member(out, "actual", f->actual);
    json_member(out, "difference", f->difference);
    json_member(out, "message", f->message);
    if (across) {
        json_member(out, "position", f->where);
        json_member(out, "other_position", f->other_where);
    } else if (f->pos.line)
        fprintf(out, ", \"position\": {\"line\": %u, \"column\": %u}", f->pos.line, f->pos.column);
    else
        fputs(", \"position\": null", out);
    fputs(", \"pos\": ", out);
    json_pos(out, &f->pos);
    if (across) {
        fputs(", \"other_pos\": ", out);
        json_pos(out, &f->other_pos);
    }
    if (extra) extra(out, ctx);
    fputs("}", out);
}

const char VOUT_CSV_HEADER[] = "document,rule,severity,table_kind,table_title,row,row_code,column,expected,actual,"
                               "difference,message,line,source,page,box,sheet,cell,other_document,other_source,"
                               "other_page,other_box,other_sheet,other_cell,other_line\n";

/* source, page, box, sheet, cell of @p p into v[0..4] (buffers from @p b). */
static void csv_pos(const bk_pos *p, const char *v[5], char b[3][BK_POS_TEXT_MAX])
{
    v[0] = source_of(p);
    b[0][0] = '\0';
    if (p->page) snprintf(b[0], sizeof b[0], "%u", p->page);
    v[1] = b[0];
    v[2] = box_text(p, b[1], sizeof b[1]);
    v[3] = p->page ? NULL : p->sheet;
    v[4] = cell_text(p, b[2], sizeof b[2]);
}

void vout_csv_finding(FILE *out, const vout_finding *f)
{
    char line[16] = "", other_line[16] = "", b[3][BK_POS_TEXT_MAX], ob[3][BK_POS_TEXT_MAX];
    if (f->pos.line) snprintf(line, sizeof line, "%u", f->pos.line);
    if (f->other_pos.line) snprintf(other_line, sizeof other_line, "%u", f->other_pos.line);
    const char *fields[25] = {f->document, f->rule,     f->severity, f->table_kind, f->table_title, f->row, f->row_code,
                              f->column,   f->expected, f->actual,   f->difference, f->message,     line};
    csv_pos(&f->pos, fields + 13, b);
    fields[18] = f->other_document;
    if (f->other_document) {
        csv_pos(&f->other_pos, fields + 19, ob);
        fields[24] = other_line;
    }
    for (size_t k = 0; k < 25; k++) vout_csv_field(out, fields[k], k == 24);
}
