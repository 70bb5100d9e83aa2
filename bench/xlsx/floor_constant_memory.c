/* SPDX-License-Identifier: MIT */
/*
 * The floor of long CSV → XLSX (issue 19): libxlsxwriter in constant_memory mode writing the
 * cells budgetkit writes for a long CSV of bench/csv-long/gen_long.py, and nothing else: one
 * sheet per table, a title row, a header row (编码, 名称, one per column), then per row the code
 * and name as text and each amount as a number (#,##0.00). No recognition, no layout, no
 * validation of the figures: what any program writing these cells has to pay.
 *
 *   floor_constant_memory LONG.csv OUT.xlsx
 */
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64
#define MAX_COLS   16

typedef struct row_buf {
    char code[64], name[256];
    double amount[MAX_COLS];
    int has[MAX_COLS];
    long order;
} row_buf;

/* Split one CSV line in place (quoted fields, "" inside quotes). Returns the field count. */
static int split(char *line, char **f)
{
    int n = 0;
    char *p = line, *out;
    while (n < MAX_FIELDS) {
        f[n++] = out = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"')
                    *out++ = '"', p += 2;
                else if (*p == '"') {
                    p++;
                    break;
                } else if (!*p)
                    break;
                else
                    *out++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') *out++ = *p++;
        }
        int more = *p == ',';
        *out = '\0';
        if (!more) break;
        p++;
    }
    return n;
}

static int col_of(char **hdr, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(hdr[i], name) == 0) return i;
    fprintf(stderr, "no column %s\n", name);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LONG.csv OUT.xlsx\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) return perror(argv[1]), 1;
    lxw_workbook_options o = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &o);
    if (!wb) return 1;
    lxw_format *money = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    format_set_num_format(text, "@");
    char *line = NULL, *hdr_line = NULL, *hdr[MAX_FIELDS], *f[MAX_FIELDS];
    size_t cap = 0;
    if (getline(&line, &cap, in) < 0) return 1;
    hdr_line = strdup(line);
    int nh = split(hdr_line, hdr);
    int c_title = col_of(hdr, nh, "table_title"), c_code = col_of(hdr, nh, "row_code"),
        c_name = col_of(hdr, nh, "row_name"), c_label = col_of(hdr, nh, "column_label"),
        c_value = col_of(hdr, nh, "value"), c_order = col_of(hdr, nh, "row_order"),
        c_record = col_of(hdr, nh, "record");
    lxw_worksheet *ws = NULL;
    char labels[MAX_COLS][128];
    int n_cols = 0, header_done = 0, sheets = 0;
    lxw_row_t r = 0;
    row_buf row = {.order = -1};
    for (;;) {
        int eof = getline(&line, &cap, in) < 0;
        int n = eof ? 0 : split(line, f);
        const char *rec = c_record >= 0 && c_record < n ? f[c_record] : "";
        int new_row = eof || strcmp(rec, "cell") != 0 || atol(f[c_order]) != row.order;
        if (new_row && ws && row.order >= 0) { /* the finished row */
            worksheet_write_string(ws, r, 0, row.code, text);
            worksheet_write_string(ws, r, 1, row.name, NULL);
            for (int c = 0; c < n_cols; c++)
                if (row.has[c]) worksheet_write_number(ws, r, (lxw_col_t)(2 + c), row.amount[c], money);
            r++;
            memset(&row, 0, sizeof row);
            row.order = -1;
        }
        if (eof) break;
        if (strcmp(rec, "table") == 0) {
            char name[32];
            snprintf(name, sizeof name, "表%d", ++sheets);
            ws = workbook_add_worksheet(wb, name);
            worksheet_write_string(ws, 0, 0, f[c_title], NULL);
            r = 1;
            n_cols = 0;
            header_done = 0;
        } else if (strcmp(rec, "column") == 0 && n_cols < MAX_COLS) {
            snprintf(labels[n_cols++], sizeof labels[0], "%s", f[c_label]);
        } else if (strcmp(rec, "cell") == 0 && ws) {
            if (!header_done) {
                worksheet_write_string(ws, r, 0, "编码", NULL);
                worksheet_write_string(ws, r, 1, "名称", NULL);
                for (int c = 0; c < n_cols; c++) worksheet_write_string(ws, r, (lxw_col_t)(2 + c), labels[c], NULL);
                r++;
                header_done = 1;
            }
            row.order = atol(f[c_order]);
            snprintf(row.code, sizeof row.code, "%s", f[c_code]);
            snprintf(row.name, sizeof row.name, "%s", f[c_name]);
            for (int c = 0; c < n_cols; c++)
                if (strcmp(labels[c], f[c_label]) == 0) {
                    row.amount[c] = strtod(f[c_value], NULL);
                    row.has[c] = 1;
                }
        }
    }
    free(line);
    free(hdr_line);
    fclose(in);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
