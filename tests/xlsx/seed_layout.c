/* SPDX-License-Identifier: MIT */
/* Test support: two seed tables laid out by hand (see seed_layout.h). */
#include "seed_layout.h"
#include <budgetkit/registry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE   4096
#define MAX_FIELDS 32

/* Split a tab-separated line in place. */
static size_t split_tabs(char *line, char **fields)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < MAX_FIELDS;) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int set(bk_grid *g, uint32_t r, uint32_t c, const char *text, uint32_t flags)
{
    return bk_grid_set(g, r, c, text, text ? strlen(text) : 0, flags, (bk_pos){.line = 0});
}

static int is_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int is_amount(const char *s)
{
    bk_amount a;
    return *s && bk_amount_parse(s, (size_t)-1, BK_AMOUNT_STRICT, &a) == BK_AMOUNT_OK;
}

/* Read the seed's lines from the one equal to @p title up to the one starting with @p last. */
static char **table_lines(const char *seed_path, const char *title, const char *last, size_t *n)
{
    FILE *f = fopen(seed_path, "r");
    if (!f) return NULL;
    char buf[MAX_LINE];
    char **lines = NULL;
    size_t count = 0;
    int in = 0;
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (!in && strcmp(buf, title) == 0) in = 1;
        if (!in || !*buf) continue;
        char **grown = realloc(lines, (count + 1) * sizeof *grown);
        if (!grown) break;
        lines = grown;
        lines[count++] = strdup(buf);
        if (strncmp(buf, last, strlen(last)) == 0) break;
    }
    fclose(f);
    *n = count;
    return lines;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
}

/* Title (merged across), 部门名称 left and 单位 right. */
static int title_and_meta(bk_grid *g, const char *title, uint32_t width)
{
    int rc = set(g, 0, 0, title, BK_GRID_TITLE);
    rc |= bk_grid_add_merge(g, 0, 0, 0, width - 1);
    rc |= set(g, 1, 0, "部门名称：忻州市民政局", BK_GRID_META);
    rc |= set(g, 1, width - 1, "单位：万元", BK_GRID_META);
    return rc;
}

int seed_layout_summary(const char *seed_path, bk_grid *g)
{
    size_t n;
    char **lines = table_lines(seed_path, "2024年预算收支总表", "收入总计", &n);
    if (!lines || n < 8) return -1;
    int rc = title_and_meta(g, "2024年预算收支总表", 6);
    /* official header: 收入 over 项目/2024年, 支出 over 项目/2024年合计/当年预算安排/上年结转安排 */
    rc |= set(g, 2, 0, "收入", BK_GRID_HEADER);
    rc |= bk_grid_add_merge(g, 2, 0, 2, 1);
    rc |= set(g, 2, 2, "支出", BK_GRID_HEADER);
    rc |= bk_grid_add_merge(g, 2, 2, 2, 5);
    static const char *const H2[] = {"项目", "2024年", "项目", "2024年合计", "当年预算安排", "上年结转安排"};
    for (uint32_t c = 0; c < 6; c++) rc |= set(g, 3, c, H2[c], BK_GRID_HEADER);
    uint32_t r = 4;
    for (size_t i = 0; i < n; i++) {
        char *f[MAX_FIELDS];
        size_t nf = split_tabs(lines[i], f);
        if (nf < 6 || strcmp(f[0], "项目") == 0 || strcmp(f[0], "收入") == 0) continue;
        uint32_t total = (strstr(f[0], "合计") || strstr(f[0], "总计")) ? BK_GRID_TOTAL : 0;
        for (uint32_t c = 0; c < 6; c++) {
            uint32_t flags = total | ((c == 0 || c == 2) ? BK_GRID_NAME : BK_GRID_AMOUNT);
            rc |= set(g, r, c, *f[c] ? f[c] : NULL, flags);
        }
        r++;
    }
    free_lines(lines, n);
    return rc ? -1 : 0;
}

int seed_layout_income(const char *seed_path, bk_grid *g, const char **class_names, bk_amount *class_values,
                       size_t *n_classes, size_t cap)
{
    size_t n;
    char **lines = table_lines(seed_path, "2024年预算收入总表", "2296002", &n);
    if (!lines || n < 8) return -1;
    int rc = title_and_meta(g, "2024年预算收入总表", 9);
    /* official header: 项目 (科目编码, 科目名称) | 本年收入 (six sources) | 上年结转 spanning both rows */
    rc |= set(g, 2, 0, "项目", BK_GRID_HEADER);
    rc |= bk_grid_add_merge(g, 2, 0, 2, 1);
    rc |= set(g, 2, 2, "本年收入", BK_GRID_HEADER);
    rc |= bk_grid_add_merge(g, 2, 2, 2, 7);
    rc |= set(g, 2, 8, "上年结转", BK_GRID_HEADER);
    rc |= bk_grid_add_merge(g, 2, 8, 3, 8);
    static const char *const H2[] = {"科目编码",         "科目名称",         "合计",    "一般公共预算", "政府性基金",
                                     "国有资本经营预算", "财政专户管理资金", "单位资金"};
    for (uint32_t c = 0; c < 8; c++) rc |= set(g, 3, c, H2[c], BK_GRID_HEADER);
    uint32_t r = 4;
    *n_classes = 0;
    for (size_t i = 0; i < n; i++) {
        char *f[MAX_FIELDS];
        size_t nf = split_tabs(lines[i], f);
        int code = is_digits(f[0]);
        int total = strcmp(f[0], "合计") == 0;
        if (nf < 3 || (!code && !total)) continue;
        uint32_t row_flag = total ? BK_GRID_TOTAL : 0;
        size_t len = strlen(f[0]);
        uint32_t indent = len >= 7 ? 2 : len >= 5 ? 1 : 0;
        rc |= set(g, r, 0, f[0], row_flag | (code ? BK_GRID_CODE : BK_GRID_NAME));
        if (nf > 1 && *f[1]) rc |= set(g, r, 1, f[1], row_flag | BK_GRID_NAME | (indent << BK_GRID_INDENT_SHIFT));
        for (uint32_t c = 2; c < 9; c++)
            rc |= set(g, r, c, (c < nf && is_amount(f[c])) ? f[c] : NULL, row_flag | BK_GRID_AMOUNT);
        if (total) rc |= bk_grid_add_merge(g, r, 0, r, 1);
        if (code && len == 3 && *n_classes < cap && nf > 3 && is_amount(f[3])) {
            const bk_grid_cell *name = bk_grid_get(g, r, 1);
            class_names[*n_classes] = name ? name->text : "";
            bk_amount_parse(f[3], (size_t)-1, BK_AMOUNT_STRICT, &class_values[*n_classes]);
            (*n_classes)++;
        }
        r++;
    }
    rc |= set(g, r + 1, 0, "注：本表数据来源于2024年部门预算公开", BK_GRID_NOTE);
    free_lines(lines, n);
    return rc ? -1 : 0;
}
