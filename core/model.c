/* SPDX-License-Identifier: MIT */
#include <budgetkit/model.h>
#include "arena.h"
#include "model_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bk_document *bk_document_new(void)
{
    bk_document *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->arena = bk_arena_new();
    if (!d->arena) {
        free(d);
        return NULL;
    }
    return d;
}

/* Free what a table owns (its strings are the arena's). */
static void table_release(bk_table *tb)
{
    for (size_t p = 0; p < tb->n_panels; p++) {
        free(tb->panels[p].columns);
        free(tb->panels[p].rows);
    }
    free(tb->panels);
}

/* Free what @p doc owns, leaving the struct itself. */
static void document_release(bk_document *doc)
{
    for (size_t t = 0; t < doc->n_tables; t++) table_release(&doc->tables[t]);
    for (size_t i = 0; i < doc->n_perf_targets; i++) {
        bk_perf_target *p = &doc->perf_targets[i];
        free(p->fields);
        free(p->amounts);
        free(p->tasks);
        free(p->indicators);
    }
    free(doc->tables);
    free(doc->perf_targets);
    free(doc->sections);
    free(doc->para_pos);
    free(doc->units);
    bk_arena_free(doc->arena);
}

void bk_document_free(bk_document *doc)
{
    if (!doc) return;
    document_release(doc);
    free(doc);
}

int bk_document_drop_tables(bk_document *doc, size_t first, size_t count)
{
    if (!doc || first > doc->n_tables || count > doc->n_tables - first) return BK_ERR_VALUE;
    for (size_t t = first; t < first + count; t++) table_release(&doc->tables[t]);
    memmove(doc->tables + first, doc->tables + first + count, (doc->n_tables - first - count) * sizeof *doc->tables);
    doc->n_tables -= count;
    return BK_OK;
}

int bk_document_reset(bk_document *doc)
{
    document_release(doc);
    memset(doc, 0, sizeof *doc);
    doc->arena = bk_arena_new();
    return doc->arena ? BK_OK : BK_ERR_NOMEM;
}

const char *bk_document_strdup(bk_document *doc, const char *s, size_t n)
{
    if (!doc || !s) return NULL;
    return bk_arena_strdup(doc->arena, s, n);
}

/* Copy an optional string: NULL stays NULL; *ok turns false on OOM. */
static const char *dup_opt(bk_document *doc, const char *s, bool *ok)
{
    if (!s) return NULL;
    const char *d = bk_arena_strdup(doc->arena, s, (size_t)-1);
    if (!d) *ok = false;
    return d;
}

#define APPEND(arr, count, cap, type)                                                                                  \
    (bk_grow((void **)&(arr), &(cap), (count) + 1, sizeof(type)) != 0 ? (type *)NULL : &(arr)[(count)++])

bk_budget_unit *bk_document_add_unit(bk_document *doc, const char *code, const char *name, const char *type)
{
    if (!doc) return NULL;
    bool ok = true;
    bk_budget_unit tmp = {dup_opt(doc, code, &ok), dup_opt(doc, name, &ok), dup_opt(doc, type, &ok)};
    if (!ok) return NULL;
    bk_budget_unit *u = APPEND(doc->units, doc->n_units, doc->cap_units, bk_budget_unit);
    if (u) *u = tmp;
    return u;
}

bk_table *bk_document_add_table(bk_document *doc, const char *kind, const char *title)
{
    if (!doc) return NULL;
    bool ok = true;
    const char *k = dup_opt(doc, kind ? kind : "custom", &ok);
    const char *ti = dup_opt(doc, title, &ok);
    if (!ok) return NULL;
    bk_table *t = APPEND(doc->tables, doc->n_tables, doc->cap_tables, bk_table);
    if (!t) return NULL;
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->title = ti;
    t->scale = 2;
    return t;
}

bk_panel *bk_table_add_panel(bk_document *doc, bk_table *table, const char *key, const char *label)
{
    if (!doc || !table) return NULL;
    bool ok = true;
    const char *k = dup_opt(doc, key ? key : "main", &ok);
    const char *l = dup_opt(doc, label, &ok);
    if (!ok) return NULL;
    bk_panel *p = APPEND(table->panels, table->n_panels, table->cap_panels, bk_panel);
    if (!p) return NULL;
    memset(p, 0, sizeof *p);
    p->key = k;
    p->label = l;
    return p;
}

bk_column *bk_panel_add_column(bk_document *doc, bk_panel *panel, const char *key, const char *label, bk_cell_kind type)
{
    if (!doc || !panel || panel->n_rows > 0 || !key) return NULL;
    bool ok = true;
    const char *k = dup_opt(doc, key, &ok);
    const char *l = dup_opt(doc, label, &ok);
    if (!ok) return NULL;
    bk_column *c = APPEND(panel->columns, panel->n_columns, panel->cap_columns, bk_column);
    if (!c) return NULL;
    c->key = k;
    c->label = l;
    c->type = type == BK_CELL_TEXT ? BK_CELL_TEXT : BK_CELL_AMOUNT;
    return c;
}

bk_row *bk_panel_add_row(bk_document *doc, bk_panel *panel, const char *code, const char *name)
{
    if (!doc || !panel) return NULL;
    bool ok = true;
    const char *c = dup_opt(doc, code, &ok);
    const char *n = dup_opt(doc, name, &ok);
    if (!ok) return NULL;
    bk_cell *cells = NULL;
    if (panel->n_columns) {
        cells = bk_arena_alloc(doc->arena, panel->n_columns * sizeof *cells);
        if (!cells) return NULL;
    }
    bk_row *r = APPEND(panel->rows, panel->n_rows, panel->cap_rows, bk_row);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->code = c;
    r->name = n;
    r->parent = -1;
    r->cells = cells;
    return r;
}

bk_pos *bk_row_cell_pos(bk_document *doc, const bk_panel *panel, bk_row *row)
{
    if (!doc || !panel || !row || !panel->n_columns) return NULL;
    if (!row->cell_pos) {
        row->cell_pos = bk_arena_alloc(doc->arena, panel->n_columns * sizeof *row->cell_pos);
        if (row->cell_pos) memset(row->cell_pos, 0, panel->n_columns * sizeof *row->cell_pos);
    }
    return row->cell_pos;
}

/* ---- paragraph positions ---- */

size_t bk_text_paragraphs(const char *text)
{
    if (!text) return 0;
    size_t n = 1;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++) n++;
    return n;
}

bk_pos *bk_section_para_pos(bk_document *doc, size_t section)
{
    if (!doc || section >= doc->n_sections || !doc->sections[section].text) return NULL;
    if (section >= doc->cap_para_pos) {
        /* parallel to doc->sections, grown to its capacity; new entries zeroed */
        size_t cap = doc->cap_sections > section ? doc->cap_sections : section + 1;
        bk_para_pos *np = realloc(doc->para_pos, cap * sizeof *np);
        if (!np) return NULL;
        memset(np + doc->cap_para_pos, 0, (cap - doc->cap_para_pos) * sizeof *np);
        doc->para_pos = np;
        doc->cap_para_pos = cap;
    }
    bk_para_pos *pp = &doc->para_pos[section];
    if (!pp->pos) {
        size_t n = bk_text_paragraphs(doc->sections[section].text);
        pp->pos = bk_arena_alloc(doc->arena, n * sizeof *pp->pos);
        if (!pp->pos) return NULL;
        memset(pp->pos, 0, n * sizeof *pp->pos);
        pp->n = n;
    }
    return pp->pos;
}

static bool pos_known(const bk_pos *p)
{
    const bk_box *b = &p->box;
    return p->line || p->column || p->page || p->sheet || b->x0 || b->y0 || b->x1 || b->y1;
}

bk_pos bk_section_pos_at(const bk_document *doc, size_t section, size_t offset)
{
    bk_pos none = {.line = 0};
    if (!doc || section >= doc->n_sections) return none;
    const bk_section *s = &doc->sections[section];
    if (section >= doc->cap_para_pos || !doc->para_pos[section].pos || !s->text) return s->pos;
    size_t k = 0;
    for (size_t i = 0; i < offset && s->text[i]; i++)
        if (s->text[i] == '\n') k++;
    const bk_para_pos *pp = &doc->para_pos[section];
    return k < pp->n && pos_known(&pp->pos[k]) ? pp->pos[k] : s->pos;
}

/* ---- positions for people ---- */

int bk_pos_is_printed(const bk_pos *pos)
{
    return pos && (pos->page || pos->sheet);
}

/* Spreadsheet column letters of 1-based @p col ("B", "AA"). */
static void pos_column_letters(uint32_t col, char *out)
{
    char rev[8];
    size_t n = 0;
    while (col && n < sizeof rev) {
        rev[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

/* A box coordinate in points: "56.7", "120", "-3.05". */
static void pos_points(int32_t v, char *out, size_t cap)
{
    int64_t a = v < 0 ? -(int64_t)v : v;
    int64_t whole = a / BK_POS_BOX_SCALE, frac = a % BK_POS_BOX_SCALE;
    if (!frac)
        snprintf(out, cap, "%s%lld", v < 0 ? "-" : "", (long long)whole);
    else if (frac % 10 == 0)
        snprintf(out, cap, "%s%lld.%lld", v < 0 ? "-" : "", (long long)whole, (long long)(frac / 10));
    else
        snprintf(out, cap, "%s%lld.%02lld", v < 0 ? "-" : "", (long long)whole, (long long)frac);
}

/* Append @p a at *len, never past cap. */
static void pos_put(char *buf, size_t cap, size_t *len, const char *a)
{
    size_t n = strlen(a);
    if (*len + 1 >= cap) return;
    if (n > cap - 1 - *len) n = cap - 1 - *len;
    memcpy(buf + *len, a, n);
    *len += n;
    buf[*len] = '\0';
}

/* A sheet name as a spreadsheet cites it: quoted ('My sheet') when it holds a space, ! or '.
 * Cut on a character boundary so that the quote and a cell ("!XFD1048576") still fit. */
static void pos_sheet(const char *sheet, char *buf, size_t cap, size_t *len)
{
    bool quote = strpbrk(sheet, " !'") != NULL;
    if (quote) pos_put(buf, cap, len, "'");
    for (const char *s = sheet; *s;) {
        size_t n = 1;
        while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
        if (*len + n + 16 >= cap) break;
        char one[8] = "";
        memcpy(one, s, n < 4 ? n : 4);
        pos_put(buf, cap, len, one);
        if (*s == '\'' && quote) pos_put(buf, cap, len, "'");
        s += n;
    }
    if (quote) pos_put(buf, cap, len, "'");
}

char *bk_pos_describe(const bk_pos *pos, int with_box, char *buf, size_t cap)
{
    if (!buf || !cap) return buf;
    buf[0] = '\0';
    if (!pos) return buf;
    size_t len = 0;
    char num[32];
    if (pos->page) {
        snprintf(num, sizeof num, "page %u", pos->page);
        pos_put(buf, cap, &len, num);
        const bk_box *b = &pos->box;
        if (with_box && (b->x0 || b->y0 || b->x1 || b->y1)) {
            int32_t v[4] = {b->x0, b->y0, b->x1, b->y1};
            for (int i = 0; i < 4; i++) {
                pos_points(v[i], num, sizeof num);
                pos_put(buf, cap, &len, i ? " " : " [");
                pos_put(buf, cap, &len, num);
            }
            pos_put(buf, cap, &len, "]");
        }
    } else if (pos->sheet) {
        pos_sheet(pos->sheet, buf, cap, &len);
        if (pos->line && pos->column) {
            char col[8];
            pos_column_letters(pos->column, col);
            snprintf(num, sizeof num, "!%s%u", col, pos->line);
            pos_put(buf, cap, &len, num);
        } else if (pos->line) {
            snprintf(num, sizeof num, ", row %u", pos->line);
            pos_put(buf, cap, &len, num);
        }
    } else if (pos->line) {
        snprintf(num, sizeof num, "line %u", pos->line);
        pos_put(buf, cap, &len, num);
    }
    return buf;
}

/* The setters of ABI 2.2: NULL targets are ignored, as by the 2.1 host setters. */
void bk_pos_set(bk_pos *dst, const bk_pos *src)
{
    if (dst && src) *dst = *src;
}

void bk_cell_set(bk_cell *dst, const bk_cell *src)
{
    if (dst && src) *dst = *src;
}

void bk_document_set_fiscal_year(bk_document *doc, int32_t year)
{
    if (doc) doc->fiscal_year = year;
}

void bk_document_set_kind(bk_document *doc, bk_doc_kind kind)
{
    if (doc) doc->kind = kind;
}

int bk_document_set_fact(bk_document *doc, bk_doc_fact fact, const char *value)
{
    if (!doc) return BK_ERR_VALUE;
    const char **slot = NULL;
    switch (fact) {
    case BK_FACT_TITLE: slot = &doc->title; break;
    case BK_FACT_REGION: slot = &doc->region; break;
    case BK_FACT_LEVEL: slot = &doc->level; break;
    case BK_FACT_DEPARTMENT_CODE: slot = &doc->department_code; break;
    case BK_FACT_DEPARTMENT_NAME: slot = &doc->department_name; break;
    case BK_FACT_DISCLOSURE: slot = &doc->disclosure; break;
    }
    if (!slot) return BK_ERR_VALUE;
    *slot = value;
    return BK_OK;
}

void bk_perf_set_period_label(bk_perf_target *p, const char *label)
{
    if (p) p->period_label = label;
}

void bk_perf_set_unit(bk_perf_target *p, bk_unit_kind unit)
{
    if (p) p->unit = unit;
}

void bk_indicator_set_value(bk_indicator *ind, const char *op, const bk_cell *number, const char *unit)
{
    if (!ind) return;
    ind->op = op;
    ind->number = number ? *number : (bk_cell){.kind = BK_CELL_BLANK};
    ind->unit = unit;
}

void bk_section_set_text(bk_section *s, const char *text)
{
    if (s) s->text = text;
}

void bk_field_set_value(bk_field *f, const char *value)
{
    if (f) f->value = value;
}

void bk_cell_set_amount(bk_cell *cell, bk_amount a)
{
    if (!cell) return;
    cell->kind = BK_CELL_AMOUNT;
    cell->amount = a;
    cell->text = NULL;
}

int bk_cell_set_text(bk_document *doc, bk_cell *cell, const char *text, size_t n)
{
    if (!doc || !cell) return BK_ERR_INVALID_ARG;
    const char *t = bk_arena_strdup(doc->arena, text ? text : "", text ? n : 0);
    if (!t) return BK_ERR_NOMEM;
    cell->kind = BK_CELL_TEXT;
    cell->text = t;
    cell->amount.units = 0;
    cell->amount.scale = 0;
    return BK_OK;
}

bk_perf_target *bk_document_add_perf_target(bk_document *doc, bk_perf_kind kind, const char *title)
{
    if (!doc) return NULL;
    bool ok = true;
    const char *ti = dup_opt(doc, title, &ok);
    if (!ok) return NULL;
    bk_perf_target *p = APPEND(doc->perf_targets, doc->n_perf_targets, doc->cap_perf_targets, bk_perf_target);
    if (!p) return NULL;
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->title = ti;
    p->unit = kind == BK_PERF_PROJECT ? BK_UNIT_YUAN : BK_UNIT_WAN_YUAN;
    return p;
}

bk_field *bk_perf_add_field(bk_document *doc, bk_perf_target *p, const char *key, const char *label, const char *value)
{
    if (!doc || !p) return NULL;
    bool ok = true;
    bk_field tmp = {dup_opt(doc, key, &ok), dup_opt(doc, label, &ok), dup_opt(doc, value, &ok)};
    if (!ok) return NULL;
    bk_field *f = APPEND(p->fields, p->n_fields, p->cap_fields, bk_field);
    if (f) *f = tmp;
    return f;
}

bk_perf_amount *bk_perf_add_amount(bk_document *doc, bk_perf_target *p, const char *group, const char *key,
                                   const char *label)
{
    if (!doc || !p) return NULL;
    bool ok = true;
    bk_perf_amount tmp = {
        dup_opt(doc, group, &ok), dup_opt(doc, key, &ok), dup_opt(doc, label, &ok), {BK_CELL_BLANK, {0, 0}, NULL}};
    if (!ok) return NULL;
    bk_perf_amount *a = APPEND(p->amounts, p->n_amounts, p->cap_amounts, bk_perf_amount);
    if (a) *a = tmp;
    return a;
}

bk_field *bk_perf_add_task(bk_document *doc, bk_perf_target *p, const char *label, const char *value)
{
    if (!doc || !p) return NULL;
    bool ok = true;
    bk_field tmp = {NULL, dup_opt(doc, label, &ok), dup_opt(doc, value, &ok)};
    if (!ok) return NULL;
    bk_field *f = APPEND(p->tasks, p->n_tasks, p->cap_tasks, bk_field);
    if (f) *f = tmp;
    return f;
}

bk_indicator *bk_perf_add_indicator(bk_document *doc, bk_perf_target *p, const char *period, const char *level1,
                                    const char *level2, const char *level3, const char *value_raw)
{
    if (!doc || !p) return NULL;
    bool ok = true;
    bk_indicator tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.period = dup_opt(doc, period, &ok);
    tmp.level1 = dup_opt(doc, level1, &ok);
    tmp.level2 = dup_opt(doc, level2, &ok);
    tmp.level3 = dup_opt(doc, level3, &ok);
    tmp.value_raw = dup_opt(doc, value_raw, &ok);
    if (!ok) return NULL;
    bk_indicator *ind = APPEND(p->indicators, p->n_indicators, p->cap_indicators, bk_indicator);
    if (ind) *ind = tmp;
    return ind;
}

/* Comparators as printed, longest first so "≥" wins over ">". */
static const struct {
    const char *text;
    const char *op;
} COMPARATORS[] = {
    {"≥", "≥"},  {"≤", "≤"}, {">=", "≥"}, {"<=", "≤"}, {"＞", ">"},
    {"＜", "<"}, {">", ">"}, {"<", "<"},  {"＝", "="}, {"=", "="},
};

void bk_indicator_parse_value(bk_document *doc, bk_indicator *ind)
{
    if (!doc || !ind || !ind->value_raw) return;
    const char *s = ind->value_raw;
    while (*s == ' ') s++;
    const char *op = NULL;
    for (size_t i = 0; i < sizeof COMPARATORS / sizeof COMPARATORS[0]; i++) {
        size_t n = strlen(COMPARATORS[i].text);
        if (strncmp(s, COMPARATORS[i].text, n) == 0) {
            op = COMPARATORS[i].op;
            s += n;
            break;
        }
    }
    while (*s == ' ') s++;
    /* the number: digits, separators and one point */
    size_t n = 0;
    while ((s[n] >= '0' && s[n] <= '9') || s[n] == '.' || s[n] == ',' || (n == 0 && s[n] == '-')) n++;
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ',')) n--;
    bk_amount a;
    if (n == 0 || bk_amount_parse(s, n, BK_AMOUNT_SEPARATORS, &a) != BK_AMOUNT_OK) {
        /* a date ("2024年12月31日前") or a word ("提高"): keep only the raw text */
        ind->op = op ? bk_arena_strdup(doc->arena, op, (size_t)-1) : NULL;
        return;
    }
    /* "2024年底前" is a date, not 2024 of unit 年底前 */
    const char *rest = s + n;
    if (strncmp(rest, "年", 3) == 0 && n == 4 && !op) return;
    ind->op = op ? bk_arena_strdup(doc->arena, op, (size_t)-1) : NULL;
    bk_cell_set_amount(&ind->number, a);
    while (*rest == ' ') rest++;
    ind->unit = *rest ? bk_arena_strdup(doc->arena, rest, (size_t)-1) : NULL;
}

bk_section *bk_document_add_section(bk_document *doc, const char *heading, int level, const char *text)
{
    if (!doc) return NULL;
    bool ok = true;
    bk_section tmp = {dup_opt(doc, heading, &ok), level, dup_opt(doc, text, &ok), {.line = 0}};
    if (!ok) return NULL;
    bk_section *s = APPEND(doc->sections, doc->n_sections, doc->cap_sections, bk_section);
    if (s) *s = tmp;
    return s;
}

const bk_table *bk_document_find_table(const bk_document *doc, const char *kind)
{
    if (!doc || !kind) return NULL;
    for (size_t i = 0; i < doc->n_tables; i++)
        if (doc->tables[i].kind && strcmp(doc->tables[i].kind, kind) == 0) return &doc->tables[i];
    return NULL;
}

const bk_panel *bk_table_find_panel(const bk_table *t, const char *key)
{
    if (!t || !key) return NULL;
    for (size_t i = 0; i < t->n_panels; i++)
        if (t->panels[i].key && strcmp(t->panels[i].key, key) == 0) return &t->panels[i];
    return NULL;
}

int bk_panel_column_index(const bk_panel *p, const char *key)
{
    if (!p || !key) return -1;
    for (size_t i = 0; i < p->n_columns; i++)
        if (strcmp(p->columns[i].key, key) == 0) return (int)i;
    return -1;
}

const char *bk_doc_kind_name(bk_doc_kind k)
{
    switch (k) {
    case BK_DOC_BUDGET: return "budget";
    case BK_DOC_FINAL_ACCOUNTS: return "final_accounts";
    default: return "unknown";
    }
}

bk_doc_kind bk_doc_kind_from_name(const char *s)
{
    if (!s) return BK_DOC_UNKNOWN;
    if (!strcmp(s, "budget") || !strcmp(s, "预算")) return BK_DOC_BUDGET;
    if (!strcmp(s, "final_accounts") || !strcmp(s, "决算")) return BK_DOC_FINAL_ACCOUNTS;
    return BK_DOC_UNKNOWN;
}

const char *bk_unit_kind_name(bk_unit_kind u)
{
    switch (u) {
    case BK_UNIT_YUAN: return "yuan";
    case BK_UNIT_WAN_YUAN: return "wan_yuan";
    default: return "unknown";
    }
}

bk_unit_kind bk_unit_kind_from_name(const char *s)
{
    if (!s) return BK_UNIT_UNKNOWN;
    if (!strcmp(s, "yuan") || !strcmp(s, "元")) return BK_UNIT_YUAN;
    if (!strcmp(s, "wan_yuan") || !strcmp(s, "万元")) return BK_UNIT_WAN_YUAN;
    return BK_UNIT_UNKNOWN;
}

const char *bk_row_role_name(bk_row_role r)
{
    switch (r) {
    case BK_ROW_SUBTOTAL: return "subtotal";
    case BK_ROW_TOTAL: return "total";
    default: return "data";
    }
}

int bk_row_role_from_name(const char *s)
{
    if (!s) return -1;
    if (!strcmp(s, "data")) return BK_ROW_DATA;
    if (!strcmp(s, "subtotal")) return BK_ROW_SUBTOTAL;
    if (!strcmp(s, "total")) return BK_ROW_TOTAL;
    return -1;
}
