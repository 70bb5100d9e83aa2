/* SPDX-License-Identifier: MIT */
/* Performance-target forms (绩效目标表): the 部门整体支出 form and the 项目支出
 * forms. Fields are found by their printed labels, funding figures by their
 * labels and side (实施期 / 年度), indicators by position with the seed's
 * shifted rows put back (a label that slid into the 一级 column, a row that
 * lost its first cell). */
#include "recognize_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rz_label_key {
    const char *label; /* normalized, without a trailing colon */
    const char *key;
} rz_label_key;

static const rz_label_key RZ_FIELDS[] = {{"项目名称", "project_name"},
                                         {"主管部门及代码", "department"},
                                         {"实施单位", "implementing_unit"},
                                         {"项目属性", "attribute"},
                                         {"项目期", "period"},
                                         {"项目概况", "overview"},
                                         {"立项依据", "basis"},
                                         {"项目设立必要性", "necessity"},
                                         {"保证项目实施的制度、措施", "measures"},
                                         {"项目实施计划", "plan"},
                                         {"负责人", "responsible_person"},
                                         {"经办人", "handler"},
                                         {"联系电话", "phone"},
                                         {"填报日期", "fill_date"},
                                         {"部门名称", "department_name"},
                                         {"内设职能部门数", "internal_departments"},
                                         {"所属预算单位数", "budget_units"},
                                         {"核定的人员编制数", "authorized_staff"},
                                         {"实际在职人员总数", "actual_staff"},
                                         {"其中:在编人员数", "staff_on_establishment"},
                                         {"其他人员数", "other_staff"},
                                         {"部门职责", "duties"},
                                         {"部门战略目标", "strategic_goals"},
                                         {"年度绩效目标", "annual_goals"},
                                         {NULL, NULL}};

static const char *const RZ_GROUP_LABELS[] = {"部门基本信息", "年度预算情况", "年度重点任务",
                                              "年度绩效指标", "绩效指标",     NULL};

static const rz_label_key RZ_AMOUNTS[] = {{"资金总额", "total"},
                                          {"中央", "central"},
                                          {"省级", "provincial"},
                                          {"市县", "local"},
                                          {"自筹", "self_raised"},
                                          {"其他资金", "other"},
                                          {"一般公共预算", "general_public"},
                                          {"政府性基金", "gov_fund"},
                                          {"国有资本经营", "state_capital"},
                                          {"社会保险基金", "social_insurance"},
                                          {"专户", "special_account"},
                                          {"单位资金", "unit_funds"},
                                          {"基本支出", "basic"},
                                          {"项目支出", "project"},
                                          {"合计", "total"},
                                          {NULL, NULL}};

/* Normalized label without trailing colon. */
static void rz_norm_label(const char *s, char *out, size_t cap)
{
    rz_norm_basic(s, out, cap);
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == ':') out[--n] = '\0';
}

static const char *rz_field_key(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_label(s, n, sizeof n);
    for (size_t i = 0; RZ_FIELDS[i].label; i++)
        if (!strcmp(n, RZ_FIELDS[i].label)) return RZ_FIELDS[i].key;
    return NULL;
}

static bool rz_group_label(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_label(s, n, sizeof n);
    for (size_t i = 0; RZ_GROUP_LABELS[i]; i++)
        if (!strcmp(n, RZ_GROUP_LABELS[i])) return true;
    return rz_starts(n, "项目资金");
}

static const char *rz_amount_key(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_label(s, n, sizeof n);
    if (rz_starts(n, "按资金") || rz_starts(n, "项目资金")) return NULL;
    for (size_t i = 0; RZ_AMOUNTS[i].label; i++)
        if (rz_contains(n, RZ_AMOUNTS[i].label)) return RZ_AMOUNTS[i].key;
    return NULL;
}

typedef struct rz_form {
    rz_ctx *c;
    size_t pi;
    int kind;
    int block;           /* 0 fields, 1 amounts, 2 tasks, 3 indicators */
    uint32_t annual_col; /* column of the 年度 side (project funding), 0 = unknown */
    const char *goal_impl_label, *goal_annual_label;
    const char *l1, *l2, *l2a; /* indicator inheritance */
} rz_form;

static bk_perf_target *rz_p(rz_form *f)
{
    return &f->c->doc->perf_targets[f->pi];
}

static int rz_nomem(rz_form *f)
{
    return bk_error_set(f->c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

/* label|value pairs found by their labels, left to right. Returns the number found. */
static int rz_field_row(rz_form *f, uint32_t r)
{
    const bk_grid *g = f->c->g;
    uint32_t w = rz_width(g, r);
    int found = 0;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        const char *key = *s ? rz_field_key(s) : NULL;
        if (!key) continue;
        const char *value = NULL;
        uint32_t j = i + 1;
        for (; j < w; j++) {
            const char *v = rz_cell(g, r, j);
            if (!*v) continue;
            if (!rz_field_key(v)) value = v;
            break;
        }
        if (!bk_perf_add_field(f->c->doc, rz_p(f), key, rz_trim_dup(f->c->doc, s),
                               value ? rz_trim_dup(f->c->doc, value) : NULL))
            return -1;
        found++;
        if (value) i = j;
    }
    return found;
}

static int rz_amount_row(rz_form *f, uint32_t r)
{
    const bk_grid *g = f->c->g;
    uint32_t w = rz_width(g, r);
    int found = 0;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        if (!*s) continue;
        bk_amount tmp;
        if (rz_amount(s, &tmp) == BK_AMOUNT_OK) continue;
        const char *key = rz_amount_key(s);
        if (!key) continue;
        const char *group;
        if (f->kind == BK_PERF_PROJECT) {
            char n[RZ_NORM_MAX];
            rz_norm_label(s, n, sizeof n);
            if (rz_starts(n, "年度资金总额")) f->annual_col = i;
            group = f->annual_col && i >= f->annual_col ? "annual" : "implementation";
        } else {
            group = found == 0 && i < 3 ? "by_source" : "by_direction";
            if (!strcmp(key, "basic") || !strcmp(key, "project")) group = "by_direction";
        }
        bk_perf_amount *a = bk_perf_add_amount(f->c->doc, rz_p(f), group, key, rz_trim_dup(f->c->doc, s));
        if (!a) return -1;
        /* the figure is in the next cell, or one further when the form has spacer columns */
        const char *v = rz_cell(g, r, i + 1);
        uint32_t vi = i + 1;
        if (!*v && *rz_cell(g, r, i + 2) && !rz_amount_key(rz_cell(g, r, i + 2))) {
            v = rz_cell(g, r, i + 2);
            vi = i + 2;
        }
        bk_amount am;
        bk_amount_result res = *v ? rz_amount(v, &am) : BK_AMOUNT_BLANK;
        if (res == BK_AMOUNT_OK)
            bk_cell_set_amount(&a->value, am);
        else if (res != BK_AMOUNT_BLANK) {
            bk_pos pos = rz_cell_pos(g, r, vi);
            rz_warn(f->c, pos, "%s: funding '%s' is not an amount; kept as text", rz_p(f)->title, v);
            if (bk_cell_set_text(f->c->doc, &a->value, v, strlen(v))) return -1;
        }
        found++;
        i = vi;
    }
    return found;
}

static int rz_task_row(rz_form *f, uint32_t r)
{
    const bk_grid *g = f->c->g;
    uint32_t w = rz_width(g, r);
    const char *label = NULL, *value = NULL;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        if (!*s || (i == 0 && rz_group_label(s))) continue;
        if (!label)
            label = s;
        else if (!value)
            value = s;
    }
    if (!label) return 0;
    char n[RZ_NORM_MAX];
    rz_norm_basic(label, n, sizeof n);
    if (!strcmp(n, "核心职能")) return 1; /* the task header */
    return bk_perf_add_task(f->c->doc, rz_p(f), rz_trim_dup(f->c->doc, label),
                            value ? rz_trim_dup(f->c->doc, value) : NULL)
               ? 1
               : -1;
}

static const char *rz_keep(rz_form *f, const char *s)
{
    return *s ? rz_trim_dup(f->c->doc, s) : NULL;
}

static int rz_indicator_row(rz_form *f, uint32_t r)
{
    const bk_grid *g = f->c->g;
    uint32_t W = f->kind == BK_PERF_PROJECT ? 8 : 5;
    const char *s[9];
    uint32_t w = r < g->n_rows ? g->rows[r].n_cells : 0;
    for (uint32_t i = 0; i < 9; i++) s[i] = i < w && i < W ? rz_cell(g, r, i) : "";
    if (!strcmp(s[1], "一级指标") || rz_contains(s[1], "一级指标")) return 1; /* the header */
    /* rows that lost leading cells: the 年度 二级 name belongs in column 5; else one cell was lost */
    uint32_t shift = 0;
    if (W == 8)
        for (uint32_t j = 3; j < 5; j++)
            if (rz_is_level2_name(s[j]) && !rz_is_level2_name(s[j + 1])) shift = 5 - j;
    if (!shift && ((*s[0] && !rz_group_label(s[0])) ||
                   (!*s[W - 1] && *s[W - 2] && !rz_is_level2_name(s[2]) && !(rz_is_level1_name(s[1]) && !*s[2]))))
        shift = 1;
    if (shift) {
        for (uint32_t i = W - 1; i >= shift; i--) s[i] = s[i - shift];
        for (uint32_t i = 0; i < shift; i++) s[i] = "";
    }
    /* a 二级 name in the 一级 column, a 三级 text in the 一级 or 二级 column */
    if (*s[1] && !rz_is_level1_name(s[1])) {
        if (rz_is_level2_name(s[1]) && !*s[2]) {
            s[2] = s[1];
            s[1] = "";
        } else if (!*s[3]) {
            s[3] = s[1];
            s[1] = "";
        }
    }
    if (*s[2] && !rz_is_level2_name(s[2]) && !*s[3]) {
        s[3] = s[2];
        s[2] = "";
    }
    if (W == 8 && *s[5] && !rz_is_level2_name(s[5]) && !*s[6]) {
        s[6] = s[5];
        s[5] = "";
    }
    if (*s[1]) {
        if (!f->l1 || strcmp(f->l1, s[1])) {
            f->l2 = NULL;
            f->l2a = NULL;
        }
        f->l1 = rz_keep(f, s[1]);
    }
    if (*s[2])
        f->l2 = rz_keep(f, s[2]);
    else if (!*s[3] && !*s[4])
        f->l2 = NULL;
    bk_pos pos = rz_keep_pos(f->c, rz_row_pos(g, r));
    bk_document *doc = f->c->doc;
    const char *period = W == 8 ? "implementation" : NULL;
    if (*s[2] || *s[3] || *s[4]) {
        bk_indicator *ind = bk_perf_add_indicator(doc, rz_p(f), period, f->l1, *s[2] ? rz_keep(f, s[2]) : f->l2,
                                                  rz_keep(f, s[3]), rz_keep(f, s[4]));
        if (!ind) return -1;
        ind->pos = pos;
        bk_indicator_parse_value(doc, ind);
    }
    if (W == 8) {
        if (*s[5]) f->l2a = rz_keep(f, s[5]);
        if (*s[5] || *s[6] || *s[7]) {
            bk_indicator *ind = bk_perf_add_indicator(doc, rz_p(f), "annual", f->l1, *s[5] ? rz_keep(f, s[5]) : f->l2a,
                                                      rz_keep(f, s[6]), rz_keep(f, s[7]));
            if (!ind) return -1;
            ind->pos = pos;
            ind->pos.column = 6;
            bk_indicator_parse_value(doc, ind);
        }
    }
    return 1;
}

/* Indicators printed before their 一级 label (a vertically centred merged cell) take the next one. */
static void rz_fill_level1(bk_perf_target *p)
{
    for (size_t i = 0; i < p->n_indicators; i++) {
        if (p->indicators[i].level1) continue;
        for (size_t j = i + 1; j < p->n_indicators; j++)
            if (p->indicators[j].level1) {
                p->indicators[i].level1 = p->indicators[j].level1;
                break;
            }
    }
}

static bool rz_period_line(const char *s)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(s, n, sizeof n);
    return n[0] == '(' && rz_contains(n, "年") && strlen(n) < 40;
}

static int rz_goal_rows(rz_form *f, uint32_t r, const char *first)
{
    const bk_grid *g = f->c->g;
    char n[RZ_NORM_MAX];
    rz_norm_basic(first, n, sizeof n);
    uint32_t w = rz_width(g, r);
    if (!strcmp(n, "实施期目标")) {
        f->goal_impl_label = rz_trim_dup(f->c->doc, first);
        for (uint32_t i = rz_first(g, r) + 1; i < w; i++)
            if (*rz_cell(g, r, i)) {
                f->goal_annual_label = rz_trim_dup(f->c->doc, rz_cell(g, r, i));
                break;
            }
        return 1;
    }
    if (strcmp(n, "总体目标") != 0) return 0;
    const char *vals[2] = {NULL, NULL};
    int k = 0;
    for (uint32_t i = rz_first(g, r) + 1; i < w && k < 2; i++)
        if (*rz_cell(g, r, i)) vals[k++] = rz_cell(g, r, i);
    if (!bk_perf_add_field(f->c->doc, rz_p(f), "goal_implementation",
                           f->goal_impl_label ? f->goal_impl_label : "实施期目标",
                           vals[0] ? rz_trim_dup(f->c->doc, vals[0]) : NULL) ||
        !bk_perf_add_field(f->c->doc, rz_p(f), "goal_annual", f->goal_annual_label ? f->goal_annual_label : "年度目标",
                           vals[1] ? rz_trim_dup(f->c->doc, vals[1]) : NULL))
        return -1;
    return 1;
}

int rz_perf(rz_ctx *c, int kind, uint32_t r, uint32_t *next)
{
    const bk_grid *g = c->g;
    bk_perf_target *p = bk_document_add_perf_target(c->doc, (bk_perf_kind)kind, NULL);
    if (!p) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    rz_form f;
    memset(&f, 0, sizeof f);
    f.c = c;
    f.pi = c->doc->n_perf_targets - 1;
    f.kind = kind;
    p->title = rz_trim_dup(c->doc, rz_cell(g, r, rz_first(g, r)));
    p->pos = rz_keep_pos(c, rz_row_pos(g, r));
    p->unit = kind == BK_PERF_PROJECT ? BK_UNIT_YUAN : BK_UNIT_WAN_YUAN;
    r++;
    while (r < g->n_rows && rz_nonblank(g, r) == 0) r++;
    if (r < g->n_rows && rz_nonblank(g, r) == 1 && rz_period_line(rz_cell(g, r, rz_first(g, r)))) {
        rz_p(&f)->period_label = rz_trim_dup(c->doc, rz_cell(g, r, rz_first(g, r)));
        r++;
    }
    int rc = BK_OK;
    for (; r < g->n_rows && !rc; r++) {
        uint32_t nb = rz_nonblank(g, r);
        if (nb == 0) continue;
        const char *first = rz_cell(g, r, rz_first(g, r));
        if (nb == 1 && (rz_perf_title(first) || rz_match_title(c, first) || rz_heading_level(first) > 0 ||
                        rz_is_number_label(first) || rz_custom_title(c, r)))
            break;
        char n0[RZ_NORM_MAX];
        rz_norm_label(first, n0, sizeof n0);
        /* block headers */
        bool amount_header = false, task_header = false, ind_header = false;
        for (uint32_t i = 0; i < rz_width(g, r); i++) {
            char n[RZ_NORM_MAX];
            rz_norm_basic(rz_cell(g, r, i), n, sizeof n);
            if (rz_starts(n, "按资金来源") || rz_starts(n, "实施期资金总额")) amount_header = true;
            if (!strcmp(n, "核心职能")) task_header = true;
            if (!strcmp(n, "一级指标")) ind_header = true;
        }
        int done = 0;
        if (ind_header) {
            f.block = 3;
            continue;
        }
        if (task_header) {
            f.block = 2;
            continue;
        }
        if (rz_starts(n0, "项目资金") && rz_contains(n0, "万元")) rz_p(&f)->unit = BK_UNIT_WAN_YUAN;
        if (amount_header && kind == BK_PERF_DEPARTMENT) {
            f.block = 1;
            continue;
        }
        if (amount_header) f.block = 1;
        if (rz_field_key(first)) {
            f.block = 0;
            done = rz_field_row(&f, r);
        } else if (rz_starts(n0, "实施期目标") || rz_starts(n0, "总体目标")) {
            done = rz_goal_rows(&f, r, first);
        } else if (f.block == 1) {
            done = rz_amount_row(&f, r);
        } else if (f.block == 2) {
            done = rz_task_row(&f, r);
        } else if (f.block == 3) {
            done = rz_indicator_row(&f, r);
        } else if (rz_group_label(first)) {
            done = rz_field_row(&f, r);
        }
        if (done < 0)
            rc = rz_nomem(&f);
        else if (done == 0)
            rz_warn(c, rz_pos(g, r), "%s: line not recognised in the form; not placed", rz_p(&f)->title);
    }
    if (!rc) rz_fill_level1(rz_p(&f));
    *next = r;
    return rc;
}
