/* SPDX-License-Identifier: MIT */
/* One table: title, 部门名称/单位 lines, the header block mapped to column keys
 * through the definitions (labels and synonyms, never position alone), then
 * the rows with codes, names, amounts and the row hierarchy. */
#include "recognize_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bk_table *rz_t(rz_tab *t)
{
    return &t->c->doc->tables[t->ti];
}

/* ---------------------------------------------------------------- lines */

/* All digits with a leading zero ("02", "0301"): a code, not a number. */
static bool rz_leading_zero(const char *s)
{
    while (*s == ' ') s++;
    return s[0] == '0' && s[1] >= '0' && s[1] <= '9' && rz_is_digits(s, 2);
}

static const char *rz_after_colon(const char *s)
{
    const char *a = strstr(s, "：");
    const char *b = strchr(s, ':');
    if (a && (!b || a < b)) return a + 3;
    return b ? b + 1 : NULL;
}

/* A 部门名称/编制部门/单位 cell: fills the table and returns true. */
static bool rz_meta_cell(rz_tab *t, const char *text, bool apply)
{
    char n[RZ_NORM_MAX];
    rz_norm_basic(text, n, sizeof n);
    static const char *const dept[] = {"部门名称:", "编制部门:", "编制单位:", "单位名称:", "预算部门:", "部门:", NULL};
    bool hit = false;
    for (size_t i = 0; dept[i]; i++) {
        if (!rz_starts(n, dept[i])) continue;
        hit = true;
        if (apply) {
            char val[RZ_NORM_MAX];
            const char *v = rz_after_colon(text);
            snprintf(val, sizeof val, "%s", v ? v : "");
            /* "部门名称：X 单位：万元" in one cell */
            char *u = strstr(val, "单位：");
            if (!u) u = strstr(val, "单位:");
            if (u && u != val) {
                rz_meta_cell(t, u, true);
                *u = '\0';
            }
            rz_t(t)->department = rz_trim_dup(t->c->doc, val);
        }
        return true;
    }
    if (rz_starts(n, "单位:") || rz_starts(n, "金额单位:") || rz_starts(n, "计量单位:")) {
        if (apply) {
            bk_table *tb = rz_t(t);
            tb->unit_label = rz_trim_dup(t->c->doc, rz_after_colon(text));
            tb->unit = tb->unit_label ? bk_unit_kind_from_name(tb->unit_label) : BK_UNIT_UNKNOWN;
            if (!tb->unit_label) tb->unit = BK_UNIT_UNKNOWN;
        }
        return true;
    }
    return hit;
}

bool rz_meta_row(rz_tab *t, uint32_t r, bool apply)
{
    const bk_grid *g = t->c->g;
    uint32_t w = rz_width(g, r);
    bool any = false;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        if (!*s) continue;
        if (!rz_meta_cell(t, s, false)) return false;
        any = true;
    }
    if (any && apply)
        for (uint32_t i = 0; i < w; i++)
            if (*rz_cell(g, r, i)) rz_meta_cell(t, rz_cell(g, r, i), true);
    return any;
}

/* "1 2 3 …": every non-blank cell an integer, counting up from 1. */
bool rz_colnum_row(const bk_grid *g, uint32_t r)
{
    uint32_t w = rz_width(g, r), expect = 1, n = 0;
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        if (!*s) continue;
        if (!rz_is_digits(s, 1) || (uint32_t)atoi(s) != expect) return false;
        expect++;
        n++;
    }
    return n >= 2;
}

static bool rz_dash_row(const bk_grid *g, uint32_t r)
{
    uint32_t w = rz_width(g, r);
    for (uint32_t i = 0; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        for (; *s; s++)
            if (*s != '-' && *s != '=' && *s != ' ' && *s != '_') return false;
    }
    return w > 0;
}

static bool rz_total_name(const char *name, bk_row_role *role)
{
    char n[RZ_NORM_MAX];
    rz_norm_item(name, n, sizeof n);
    if (!strcmp(n, "合计") || !strcmp(n, "总计") || !strcmp(n, "部门合计") || !strcmp(n, "单位合计")) {
        if (role) *role = BK_ROW_TOTAL;
        return true;
    }
    if (!strcmp(n, "小计")) {
        if (role) *role = BK_ROW_SUBTOTAL;
        return true;
    }
    /* the total of a block: 人员经费合计, 公用经费合计 */
    size_t len = strlen(n);
    if (len > 6 && (!strcmp(n + len - 6, "合计") || !strcmp(n + len - 6, "总计"))) {
        if (role) *role = BK_ROW_TOTAL;
        return true;
    }
    return false;
}

static bool rz_item_matches(const bk_item_def *it, const char *norm_name)
{
    char n[RZ_NORM_MAX];
    rz_norm_item(it->label, n, sizeof n);
    if (!strcmp(n, norm_name)) return true;
    for (size_t k = 0; it->synonyms && it->synonyms[k]; k++) {
        rz_norm_item(it->synonyms[k], n, sizeof n);
        if (!strcmp(n, norm_name)) return true;
    }
    return false;
}

static bool rz_any_item(const bk_table_def *def, const char *name)
{
    char n[RZ_NORM_MAX];
    rz_norm_item(name, n, sizeof n);
    if (!n[0]) return false;
    for (size_t p = 0; p < def->n_panels; p++)
        for (size_t i = 0; i < def->panels[p].n_items; i++)
            if (rz_item_matches(&def->panels[p].items[i], n)) return true;
    return false;
}

/* Evidence that row r holds data rather than header text: a code, an amount, or a
 * total/item name standing alone in the code/name columns. */
static bool rz_data_evidence(rz_tab *t, uint32_t r)
{
    const bk_grid *g = t->c->g;
    if (rz_colnum_row(g, r)) return false;
    uint32_t w = rz_width(g, r), f = rz_first(g, r);
    const char *first = rz_cell(g, r, f);
    if (rz_is_digits(first, 3)) return true;
    uint32_t texts = 0, labels = 0;
    for (uint32_t i = f + 1; i < w; i++) {
        const char *s = rz_cell(g, r, i);
        bk_amount a;
        if (!*s) continue;
        if (rz_amount(s, &a) == BK_AMOUNT_OK) return true;
        texts++;
        labels += rz_header_text(t->def, s);
    }
    if (f > 1 || !(rz_total_name(first, NULL) || rz_any_item(t->def, first))) return false;
    /* 部门合计 | N/A | 六十五 under a header: text amounts, not a header row (the row would vanish) */
    return texts == 0 || (t->nh > 0 && labels == 0);
}

/* A single-cell row naming one of the table's items (a 类 of the 30, 三公 items…): data, not a heading. */
static bool rz_item_row(rz_tab *t, uint32_t r)
{
    const bk_grid *g = t->c->g;
    if (rz_nonblank(g, r) != 1) return false;
    const char *s = rz_cell(g, r, rz_first(g, r));
    if (rz_total_name(s, NULL) || rz_any_item(t->def, s)) return true;
    for (size_t p = 0; p < t->def->n_panels; p++)
        if (t->def->panels[p].coding == BK_CODING_FUNCTION_CLASS && bk_function_class_code(s)) return true;
    return false;
}

/* ---------------------------------------------------------------- rows */

typedef struct rz_rowvals {
    const char *cell[RZ_MAX_SLOTS + 64];
    uint32_t col[RZ_MAX_SLOTS + 64]; /* the grid column of each, UINT32_MAX for a gap put back */
    uint32_t n;
} rz_rowvals;

/* The panel's cells of row r, with the gap a PDF extraction lost put back (logical mode). */
static void rz_row_cells(rz_tab *t, rz_panel *p, uint32_t r, rz_rowvals *v)
{
    const bk_grid *g = t->c->g;
    uint32_t width = r < g->n_rows ? g->rows[r].n_cells : 0;
    uint32_t end = p->c1 + 1 < width ? p->c1 + 1 : width;
    v->n = 0;
    for (uint32_t i = p->c0; i < end && v->n < sizeof v->cell / sizeof v->cell[0]; i++) {
        v->col[v->n] = i;
        v->cell[v->n++] = rz_cell(g, r, i);
    }
    if (!p->logical || v->n >= p->n_slots || t->n_panels > 1) return;
    uint32_t missing = (uint32_t)p->n_slots - v->n;
    /* labels keep their places; the gap goes into the longest run of blanks after them */
    uint32_t first_amount = 0;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->slots[s].what < 0 && p->slots[s].offset + 1 > first_amount) first_amount = p->slots[s].offset + 1;
    uint32_t best_at = v->n, best_len = 0;
    for (uint32_t i = first_amount; i < v->n;) {
        if (*v->cell[i]) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < v->n && !*v->cell[j]) j++;
        if (j - i > best_len) {
            best_len = j - i;
            best_at = i;
        }
        i = j;
    }
    if (best_at == v->n || best_at + best_len == v->n) {
        while (v->n < p->n_slots) {
            v->col[v->n] = UINT32_MAX;
            v->cell[v->n++] = "";
        }
        return;
    }
    memmove(&v->cell[best_at + missing], &v->cell[best_at], (v->n - best_at) * sizeof v->cell[0]);
    memmove(&v->col[best_at + missing], &v->col[best_at], (v->n - best_at) * sizeof v->col[0]);
    for (uint32_t i = 0; i < missing; i++) {
        v->cell[best_at + i] = "";
        v->col[best_at + i] = UINT32_MAX;
    }
    v->n += missing;
}

static const char *rz_slot_text(const rz_panel *p, const rz_rowvals *v, int what)
{
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->slots[s].what == what && p->slots[s].offset < v->n) return v->cell[p->slots[s].offset];
    return "";
}

static int rz_fixed_item(const bk_panel_def *pd, const char *name, size_t *cursor)
{
    char n[RZ_NORM_MAX];
    rz_norm_item(name, n, sizeof n);
    if (!n[0]) return -1;
    for (size_t i = *cursor; i < pd->n_items; i++)
        if (rz_item_matches(&pd->items[i], n)) {
            *cursor = i + 1;
            return (int)i;
        }
    for (size_t i = 0; i < *cursor && i < pd->n_items; i++)
        if (rz_item_matches(&pd->items[i], n)) {
            *cursor = i + 1;
            return (int)i;
        }
    return -1;
}

/* Level and parent from the code and the rows before it (the map makes it one
 * lookup per prefix length, not a scan back over the table). */
static void rz_code_tree(rz_codemap *codes, bk_document *doc, bk_panel *pa, bk_row *row, size_t idx)
{
    size_t len = strlen(row->code);
    row->level = len <= 3 ? 1 : (int32_t)((len - 1) / 2);
    row->parent = rz_codemap_parent(codes, doc, pa, idx);
}

/* The position of model cell @p col of @p row: that of grid cell (r, gcol) when the grid has one
 * (a cell the reader saw, printed or blank); nothing is stored for a gap put back. */
static int rz_cell_keep_pos(rz_ctx *c, const bk_panel *pa, bk_row *row, size_t col, uint32_t r, uint32_t gcol)
{
    const bk_grid *g = c->g;
    if (gcol == UINT32_MAX || r >= g->n_rows || gcol >= g->rows[r].n_cells) return BK_OK;
    bk_pos src = g->rows[r].cells[gcol].src;
    if (!src.line && !src.page && !src.sheet) return BK_OK;
    bk_pos *cp = bk_row_cell_pos(c->doc, pa, row);
    if (!cp) return BK_ERR_NOMEM;
    cp[col] = rz_keep_pos(c, src);
    return BK_OK;
}

/* Warn about the printed cells of row r that no column takes: cells under no slot of the
 * panel and, for the last panel, cells right of the table's columns. */
static void rz_warn_unplaced(rz_tab *t, const rz_panel *p, uint32_t r, const rz_rowvals *v)
{
    rz_ctx *c = t->c;
    const bk_table *tb = rz_t(t);
    for (uint32_t i = 0; i < v->n; i++) {
        if (!*v->cell[i]) continue;
        bool placed = false;
        for (size_t s = 0; s < p->n_slots && !placed; s++) placed = p->slots[s].offset == i;
        if (!placed) {
            bk_pos pos = rz_cell_pos(c->g, r, v->col[i] != UINT32_MAX ? v->col[i] : p->c0 + i);
            rz_warn(c, pos, "%s: cell '%s' is under no recognised column; not placed", tb->title, v->cell[i]);
        }
    }
    if (p != &t->panels[t->n_panels - 1]) return;
    uint32_t w = rz_width(c->g, r);
    for (uint32_t i = p->c1 + 1; i < w; i++) {
        const char *x = rz_cell(c->g, r, i);
        if (!*x) continue;
        bk_pos pos = rz_cell_pos(c->g, r, i);
        rz_warn(c, pos, "%s: cell '%s' is right of the table's columns; not placed", tb->title, x);
    }
}

/* Whether a code-part slot after slot @p s holds a printed part. */
static bool rz_part_after(const rz_panel *p, const rz_rowvals *v, size_t s)
{
    for (size_t q = s + 1; q < p->n_slots; q++)
        if (p->slots[q].what == RZ_SLOT_CODE_PART && p->slots[q].offset < v->n && *v->cell[p->slots[q].offset])
            return true;
    return false;
}

/* The code printed split over 类|款|项 columns, joined into @p code (cap bytes; "" when it
 * does not fit): a part left blank under a printed deeper part repeats the one above. A
 * part that is not digits (合计 merged over code and name) becomes the name when the row
 * prints none (*name_txt). */
static void rz_code_parts(rz_panel *p, const rz_rowvals *v, const char *code_txt, const char **name_txt, char *code,
                          size_t cap)
{
    size_t cl = 0, part = 0;
    bool deeper = rz_part_after(p, v, (size_t)-1);
    for (size_t s = 0; s < p->n_slots && part < 3; s++) {
        if (p->slots[s].what != RZ_SLOT_CODE_PART) continue;
        const char *pt = p->slots[s].offset < v->n ? v->cell[p->slots[s].offset] : "";
        if (*pt && rz_is_digits(pt, 1))
            snprintf(p->last_part[part], sizeof p->last_part[part], "%s", pt);
        else if (!*pt && deeper && cl == 0 && part == 0)
            pt = p->last_part[part];
        else if (!*pt && deeper && cl > 0 && rz_part_after(p, v, s))
            pt = p->last_part[part];
        if (*pt && !rz_is_digits(pt, 1)) {
            if (!**name_txt && !*code_txt) *name_txt = pt;
            part++;
            continue;
        }
        if (*pt && cl < cap) cl += (size_t)snprintf(code + cl, cap - cl, "%s", pt);
        part++;
    }
    if (cl >= cap) code[0] = '\0';
}

/* The row's code (into @p code, cap bytes) and the text of its name: the code column, else
 * the 类|款|项 parts; a code column that prints a name where the name column is blank gives it. */
static const char *rz_row_code(rz_panel *p, const rz_rowvals *v, char *code, size_t cap)
{
    const char *code_txt = rz_slot_text(p, v, RZ_SLOT_CODE);
    const char *name_txt = rz_slot_text(p, v, RZ_SLOT_NAME);
    code[0] = '\0';
    rz_code_parts(p, v, code_txt, &name_txt, code, cap);
    if (*code_txt) {
        if (rz_is_digits(code_txt, 1))
            snprintf(code, cap, "%s", code_txt);
        else if (!*name_txt)
            name_txt = code_txt;
        else
            snprintf(code, cap, "%s", code_txt);
    }
    return name_txt;
}

/* Fill @p cell, of slot @p s, from the printed @p txt (not empty): text for a text column, an
 * amount, or text kept as printed (with a warning unless the column is unmapped). */
static int rz_put_cell(rz_tab *t, const rz_panel *p, size_t s, bk_cell *cell, const char *txt, uint32_t r)
{
    rz_ctx *c = t->c;
    const bk_table *tb = rz_t(t);
    const bk_column *col = &tb->panels[p->model_index].columns[p->col_of_slot[s]];
    if (col->type == BK_CELL_TEXT) {
        const char *tt = rz_trim_dup(c->doc, txt);
        if (tt) {
            cell->kind = BK_CELL_TEXT;
            cell->text = tt;
        }
        return BK_OK;
    }
    bk_amount a;
    bk_amount_result res = rz_amount(txt, &a);
    /* "02" under an unmapped column is a code: as an amount it would print back as 2 */
    if (res == BK_AMOUNT_OK && p->slots[s].what == RZ_SLOT_UNMAPPED && rz_leading_zero(txt)) res = BK_AMOUNT_SYNTAX;
    if (res == BK_AMOUNT_OK) {
        bk_cell_set_amount(cell, a);
        t->any_amount = true;
        if (a.scale > t->max_scale) t->max_scale = a.scale;
        return BK_OK;
    }
    if (res == BK_AMOUNT_BLANK) return BK_OK;
    if (p->slots[s].what != RZ_SLOT_UNMAPPED) {
        /* an unmapped column was named once; its text stays as printed without a warning */
        bk_pos pos = rz_cell_pos(c->g, r, p->c0 + p->slots[s].offset);
        rz_warn(c, pos, "%s: '%s' under '%s' is not an amount (%s); kept as text", tb->title, txt, col->label,
                bk_amount_result_str(res));
    }
    return bk_cell_set_text(c->doc, cell, txt, strlen(txt));
}

/* The cells of @p row from the slots of row r, with the position of each. */
static int rz_row_fill(rz_tab *t, rz_panel *p, bk_row *row, uint32_t r, const rz_rowvals *v)
{
    rz_ctx *c = t->c;
    bk_panel *pa = &rz_t(t)->panels[p->model_index];
    for (size_t s = 0; s < p->n_slots; s++) {
        if (p->col_of_slot[s] < 0) continue; /* code and name slots have no model column */
        bool seen = p->slots[s].offset < v->n;
        const char *txt = seen ? v->cell[p->slots[s].offset] : "";
        if (rz_cell_keep_pos(c, pa, row, (size_t)p->col_of_slot[s], r, seen ? v->col[p->slots[s].offset] : UINT32_MAX))
            return BK_ERR_NOMEM;
        if (*txt && rz_put_cell(t, p, s, &row->cells[p->col_of_slot[s]], txt, r)) return BK_ERR_NOMEM;
    }
    return BK_OK;
}

/* The parent of row @p idx: the nearest row before it whose level @p want (-1: any lower
 * level than the row's) matches. */
static void rz_parent_before(const bk_panel *pa, bk_row *row, size_t idx, int32_t want)
{
    for (size_t j = idx; j-- > 0;)
        if (want < 0 ? pa->rows[j].level < row->level : pa->rows[j].level == want) {
            row->parent = (int32_t)j;
            return;
        }
}

/* Mark @p row a total (or subtotal) at level 0. */
static void rz_set_total(bk_row *row, bk_row_role role)
{
    row->role = role;
    row->level = 0;
}

/* Key, level, role and parent of a row of a fixed-item (or function-class) panel: one of the
 * definition's items, a 类 named without its code, a total, or an item the table should not have. */
static void rz_tree_fixed(rz_tab *t, rz_panel *p, bk_row *row, size_t idx, const char *name, size_t *cursor)
{
    const bk_panel_def *pd = p->def;
    bk_panel *pa = &rz_t(t)->panels[p->model_index];
    bk_row_role role = BK_ROW_DATA;
    bool total = name && rz_total_name(name, &role);
    int it = name ? rz_fixed_item(pd, name, cursor) : -1;
    if (it >= 0) {
        const bk_item_def *d = &pd->items[it];
        row->key = d->key;
        row->level = d->level;
        row->role = d->role;
        if (d->code && !row->code) {
            row->code = d->code;
            row->flags |= BK_ROW_CODE_DERIVED;
        }
    } else if (pd->coding == BK_CODING_FUNCTION_CLASS && name && bk_function_class_code(name)) {
        const char *fc = bk_function_class_code(name);
        char key[16];
        snprintf(key, sizeof key, "f%s", fc);
        row->key = bk_document_strdup(t->c->doc, key, (size_t)-1);
        row->code = fc;
        row->flags |= BK_ROW_CODE_DERIVED;
        row->level = 1;
    } else if (total) {
        rz_set_total(row, role);
    } else {
        row->level = 1;
        rz_warn(t->c, row->pos, "%s: row '%s' is not one of the table's items", rz_t(t)->title, name ? name : "");
    }
    if (row->level >= 2) rz_parent_before(pa, row, idx, -1);
}

/* Whether @p row of an economic-pair panel fills its text column (a 款 under its 类). */
static bool rz_pair_row(const rz_panel *p, const bk_row *row)
{
    int gi = -1;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->slots[s].what >= 0 && p->def->columns[p->slots[s].what].type == BK_CELL_TEXT) gi = p->col_of_slot[s];
    return gi >= 0 && row->cells[gi].kind == BK_CELL_TEXT;
}

/* Level, role and parent of a row of a coded panel (the fixed ones: rz_tree_fixed); a total
 * or subtotal without a key gets "total" or "subtotal". */
static void rz_tree_coded(rz_tab *t, rz_panel *p, bk_row *row, size_t idx, const char *name)
{
    bk_panel *pa = &rz_t(t)->panels[p->model_index];
    bk_row_role role = BK_ROW_DATA;
    bool total = name && rz_total_name(name, &role);
    switch (p->def->coding) {
    case BK_CODING_ECONOMIC_PAIR:
        if (total)
            rz_set_total(row, role);
        else if (!rz_pair_row(p, row))
            row->level = 1;
        else {
            row->level = 2;
            rz_parent_before(pa, row, idx, 1);
        }
        break;
    case BK_CODING_FUNCTION:
    case BK_CODING_ECONOMIC:
    case BK_CODING_REVENUE:
        if (row->code)
            rz_code_tree(&p->codes, t->c->doc, pa, row, idx);
        else if (total)
            rz_set_total(row, role);
        else
            row->level = 1;
        break;
    case BK_CODING_UNIT:
        if (total)
            rz_set_total(row, role);
        else {
            row->level = 1;
            rz_parent_before(pa, row, idx, 0);
        }
        break;
    default:
        if (total)
            rz_set_total(row, role);
        else
            row->level = 1;
        break;
    }
    if (total && !row->key) row->key = role == BK_ROW_TOTAL ? "total" : "subtotal";
}

/* One printed row of panel @p p: its code and name, its cells, then its place in the tree. */
static int rz_data_row(rz_tab *t, rz_panel *p, uint32_t r, size_t *cursor)
{
    rz_ctx *c = t->c;
    bk_panel *pa = &rz_t(t)->panels[p->model_index];
    rz_rowvals v;
    rz_row_cells(t, p, r, &v);
    bool any = false;
    for (uint32_t i = 0; i < v.n; i++) any |= *v.cell[i] != '\0';
    if (!any) return BK_OK;
    rz_warn_unplaced(t, p, r, &v);
    char code[64];
    const char *name = rz_trim_dup(c->doc, rz_row_code(p, &v, code, sizeof code));
    bk_row *row = bk_panel_add_row(c->doc, pa, code[0] ? code : NULL, name);
    if (!row) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    size_t idx = pa->n_rows - 1;
    row->pos = rz_keep_pos(c, rz_row_pos(c->g, r));
    if (p->c0 > 0 && !row->pos.page) row->pos.column = p->c0 + 1;
    if (rz_row_fill(t, p, row, r, &v)) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (p->def->coding == BK_CODING_FIXED || p->def->coding == BK_CODING_FUNCTION_CLASS)
        rz_tree_fixed(t, p, row, idx, name, cursor);
    else
        rz_tree_coded(t, p, row, idx, name);
    return BK_OK;
}

/* ---------------------------------------------------------------- project hierarchy */

static int64_t rz_units_at(const bk_cell *cell, int scale)
{
    if (cell->kind != BK_CELL_AMOUNT) return 0;
    bk_amount a;
    if (!bk_amount_rescale(cell->amount, scale, &a)) return 0;
    return a.units;
}

/* Split rows [from, n) into (unit, projects...) groups whose projects sum to the unit. */
static bool rz_partition(const int64_t *a, size_t from, size_t n, int64_t per2, bool exact, int32_t *unit_of)
{
    size_t i = from;
    while (i < n) {
        int64_t sum = 0;
        size_t j = i + 1;
        bool found = false;
        for (; j < n; j++) {
            sum += a[j];
            int64_t d = sum - a[i];
            if (d < 0) d = -d;
            int64_t tol = exact ? 0 : per2 * (int64_t)((j - i + 1) / 2 + 1);
            if (d <= tol) {
                found = true;
                break;
            }
        }
        if (!found) return false;
        unit_of[i] = -1;
        for (size_t k = i + 1; k <= j; k++) unit_of[k] = (int32_t)i;
        i = j + 1;
    }
    return true;
}

static void rz_project_tree(rz_tab *t, bk_panel *pa)
{
    size_t n = pa->n_rows;
    if (n < 2 || pa->n_columns == 0) return;
    int scale = t->max_scale;
    int64_t *a = calloc(n, sizeof *a);
    int32_t *unit_of = calloc(n, sizeof *unit_of);
    if (!a || !unit_of) {
        free(a);
        free(unit_of);
        return;
    }
    for (size_t i = 0; i < n; i++) a[i] = rz_units_at(&pa->rows[i].cells[0], scale);
    int64_t per2 = 1; /* one unit of the last printed digit per two rounded items */
    bool ok = false, dept = false;
    for (int pass = 0; pass < 2 && !ok; pass++) {
        bool exact = pass == 0;
        if (rz_partition(a, 1, n, per2, exact, unit_of)) {
            int64_t sum = 0;
            size_t units = 0;
            for (size_t i = 1; i < n; i++)
                if (unit_of[i] < 0) {
                    sum += a[i];
                    units++;
                }
            int64_t d = sum - a[0];
            if (d < 0) d = -d;
            if (d <= (exact ? 0 : per2 * (int64_t)(units / 2 + 1))) ok = dept = true;
        }
        if (!ok && rz_partition(a, 0, n, per2, exact, unit_of)) ok = true;
    }
    if (!ok) {
        rz_warn(t->c, pa->rows[0].pos, "%s: the department/unit/project hierarchy does not add up; rows kept flat",
                rz_t(t)->title);
        for (size_t i = 0; i < n; i++) pa->rows[i].level = 1;
    } else {
        size_t from = dept ? 1 : 0;
        if (dept) {
            pa->rows[0].role = BK_ROW_TOTAL;
            pa->rows[0].level = 0;
            pa->rows[0].parent = -1;
        }
        for (size_t i = from; i < n; i++) {
            bk_row *row = &pa->rows[i];
            if (unit_of[i] < 0) {
                row->role = BK_ROW_SUBTOTAL;
                row->level = 1;
                row->parent = dept ? 0 : -1;
            } else {
                row->role = BK_ROW_DATA;
                row->level = 2;
                row->parent = unit_of[i];
            }
        }
    }
    free(a);
    free(unit_of);
}

/* ---------------------------------------------------------------- the table */

/* A lone text line where the table has no code or name column ("其他相关情况说明" under the one-row
 * 三公经费和机关运行经费 table): the text after the table, not a row whose 合计 is a word. */
static bool rz_text_after_table(rz_tab *t, uint32_t r)
{
    const bk_grid *g = t->c->g;
    if (rz_nonblank(g, r) != 1) return false;
    uint32_t col = rz_first(g, r);
    bk_amount a;
    if (rz_amount(rz_cell(g, r, col), &a) != BK_AMOUNT_SYNTAX) return false;
    for (size_t p = 0; p < t->n_panels; p++) {
        const rz_panel *pn = &t->panels[p];
        if (col < pn->c0 || col > pn->c1) continue;
        for (size_t s = 0; s < pn->n_slots; s++)
            if (pn->slots[s].what == RZ_SLOT_CODE || pn->slots[s].what == RZ_SLOT_NAME ||
                pn->slots[s].what == RZ_SLOT_CODE_PART)
                return false;
        return true;
    }
    return false;
}

static bool rz_same_as_header(rz_tab *t, uint32_t r)
{
    const bk_grid *g = t->c->g;
    for (size_t k = 0; k < t->nh; k++) {
        uint32_t h = t->hrows[k], w = rz_width(g, h);
        if (w != rz_width(g, r)) continue;
        bool same = true;
        for (uint32_t i = 0; i < w && same; i++) same = !strcmp(rz_cell(g, h, i), rz_cell(g, r, i));
        if (same) return true;
    }
    return false;
}

static int rz_build_model(rz_tab *t)
{
    rz_ctx *c = t->c;
    for (size_t p = 0; p < t->n_panels; p++) {
        rz_panel *rp = &t->panels[p];
        const char *label = t->n_panels > 1 ? (rp->label ? rp->label : rp->def->label) : NULL;
        bk_panel *pa = bk_table_add_panel(c->doc, rz_t(t), rp->def->key, label);
        if (!pa) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        rp->model_index = rz_t(t)->n_panels - 1;
        pa->code_label = rp->code_label ? rz_trim_dup(c->doc, rp->code_label) : NULL;
        pa->name_label = rp->name_label ? rz_trim_dup(c->doc, rp->name_label) : NULL;
        size_t n_unmapped = 0;
        for (size_t s = 0; s < rp->n_slots; s++) {
            rp->col_of_slot[s] = -1;
            const char *key = NULL;
            bk_cell_kind type = BK_CELL_AMOUNT;
            char ukey[32];
            if (rp->slots[s].what == RZ_SLOT_UNMAPPED) {
                snprintf(ukey, sizeof ukey, "unmapped_%zu", ++n_unmapped);
                key = ukey;
                if (!rz_is_custom_def(t->def)) /* a custom table is named once, as a whole */
                    rz_warn(c, (bk_pos){.line = rz_pos(c->g, t->hrows[0]).line, .column = rp->slots[s].col + 1},
                            "%s: column '%s' is not one of the table's columns; kept as %s", rz_t(t)->title,
                            rp->slots[s].label, ukey);
            } else if (rp->slots[s].what >= 0) {
                const bk_column_def *cd = &rp->def->columns[rp->slots[s].what];
                key = cd->key;
                type = cd->type;
            } else {
                continue;
            }
            if (!bk_panel_add_column(c->doc, pa, key, rp->slots[s].label, type))
                return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            rp->col_of_slot[s] = (int)pa->n_columns - 1;
        }
    }
    return BK_OK;
}

int rz_table(rz_ctx *c, const bk_table_def *def, uint32_t r, uint32_t *next)
{
    const bk_grid *g = c->g;
    rz_tab t;
    memset(&t, 0, sizeof t);
    t.c = c;
    t.def = def;
    /* untitled: r is the first header row; the table takes its official title */
    bool custom = rz_is_custom_def(def);
    bool untitled = !custom && (rz_match_title(c, rz_cell(g, r, rz_first(g, r))) != def || rz_nonblank(g, r) != 1);
    const char *title = untitled ? def->title : rz_cell(g, r, rz_first(g, r));
    bk_table *tb = bk_document_add_table(c->doc, def->kind, NULL);
    if (!tb) return bk_error_set(c->err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    t.ti = c->doc->n_tables - 1;
    tb->title = rz_trim_dup(c->doc, title);
    tb->number_label = c->pending_number;
    tb->pos = rz_keep_pos(c, rz_row_pos(g, r));
    tb->unit = BK_UNIT_UNKNOWN;
    tb->scale = def->scale;
    if (c->family == BK_DOC_UNKNOWN) c->family = def->family;
    if (untitled)
        rz_warn(c, tb->pos, "a table without a title: recognised by its header as %s (%s)", def->title, def->kind);
    else
        r++;
    /* 部门名称 / 单位 lines */
    while (r < g->n_rows && (rz_nonblank(g, r) == 0 || rz_meta_row(&t, r, false))) {
        if (rz_nonblank(g, r)) rz_meta_row(&t, r, true);
        r++;
    }
    if (rz_t(&t)->unit == BK_UNIT_UNKNOWN && !rz_t(&t)->unit_label) rz_t(&t)->unit = def->unit;
    /* the header block */
    while (r < g->n_rows && t.nh < RZ_MAX_HEADER_ROWS) {
        if (rz_nonblank(g, r) == 0 || rz_colnum_row(g, r)) {
            r++;
            continue;
        }
        if (rz_data_evidence(&t, r) || rz_is_boundary(c, r)) break;
        t.hrows[t.nh++] = r++;
    }
    int rc = rz_collect_header(&t);
    uint32_t width = 0;
    for (size_t k = 0; k < t.nh; k++)
        if (g->rows[t.hrows[k]].n_cells > width) width = g->rows[t.hrows[k]].n_cells;
    if (!rc) {
        rz_find_panels(&t, width);
        for (size_t p = 0; p < t.n_panels; p++) rz_map_panel(&t, &t.panels[p]);
        if (t.nh == 0) rz_warn(c, rz_t(&t)->pos, "%s: no header found under the title", rz_t(&t)->title);
        rc = rz_build_model(&t);
    }
    /* the rows */
    size_t cursors[4] = {0, 0, 0, 0};
    while (!rc && r < g->n_rows) {
        uint32_t nb = rz_nonblank(g, r);
        if (nb == 0 || rz_colnum_row(g, r) || rz_same_as_header(&t, r) || rz_meta_row(&t, r, false)) {
            r++;
            continue;
        }
        const char *first = rz_cell(g, r, rz_first(g, r));
        if (nb == 1 && (rz_starts(first, "注") || rz_starts(first, "说明："))) {
            char n[RZ_NORM_MAX];
            rz_norm_basic(first, n, sizeof n);
            if (rz_starts(n, "注:") || rz_starts(n, "说明:")) {
                rz_t(&t)->note = rz_trim_dup(c->doc, first);
                r++;
                break;
            }
        }
        if (!rz_data_evidence(&t, r) && !rz_item_row(&t, r) && (rz_is_boundary(c, r) || rz_text_after_table(&t, r)))
            break;
        if (rz_dash_row(g, r)) {
            rz_warn(c, rz_pos(g, r), "%s: a line of dashes is not data; skipped", rz_t(&t)->title);
            r++;
            continue;
        }
        for (size_t p = 0; p < t.n_panels && !rc; p++) rc = rz_data_row(&t, &t.panels[p], r, &cursors[p]);
        r++;
    }
    if (!rc) {
        bk_table *tt = rz_t(&t);
        if (t.any_amount) tt->scale = t.max_scale;
        for (size_t p = 0; p < t.n_panels; p++)
            if (t.panels[p].def->coding == BK_CODING_PROJECT) rz_project_tree(&t, &tt->panels[t.panels[p].model_index]);
    }
    free(t.hc);
    *next = r;
    return rc;
}
