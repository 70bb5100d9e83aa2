/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Pages → the grid the recognizer reads (see pdfp_emit.h). */
#include "pdf_emit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PDF_KEEP_HEADER_ROWS 8

typedef struct pdfp_buf {
    char *s;
    size_t len, cap;
} pdfp_buf;

static int pdfp_buf_add(pdfp_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) return -1;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

struct pdfp_emit {
    const bk_host *h;
    const bk_limits *limits;
    bk_grid *g;
    uint32_t next_row;
    uint64_t cells;
    size_t tables;
    /* the paragraph being joined */
    pdfp_buf para;
    bool para_open;
    uint32_t para_page;
    bk_box para_box; /* on para_page: the union of its lines there */
    float para_x0, para_last_x0, para_last_x1, para_last_y1, para_size, para_right;
    bool para_carried;   /* it ended its page and may go on at the top of the next */
    bool page_fresh;     /* nothing of this page emitted yet (its first line may go on with it) */
    size_t joined_pages; /* paragraphs joined across a page break */
    /* the table last emitted, while nothing else followed it */
    bool table_last;
    uint32_t prev_cols, prev_n_rows;
    char *prev_rows[PDF_KEEP_HEADER_ROWS];
    /* contents pages and cover */
    bool in_contents;
    uint32_t contents_page;
    bk_box contents_box; /* its lines on its first page */
    pdfp_buf contents, cover;
    bk_pos *contents_pos; /* where each line of contents was read: page and box */
    size_t n_contents_pos, cap_contents_pos;
};

pdfp_emit *pdfp_emit_new(const bk_host *h, const bk_limits *limits, const char *name)
{
    pdfp_emit *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->h = h;
    e->limits = limits;
    e->g = h->grid_new(name);
    if (!e->g) {
        free(e);
        return NULL;
    }
    return e;
}

static void pdfp_prev_clear(pdfp_emit *e)
{
    for (size_t i = 0; i < PDF_KEEP_HEADER_ROWS; i++) {
        free(e->prev_rows[i]);
        e->prev_rows[i] = NULL;
    }
    e->prev_n_rows = 0;
    e->table_last = false;
}

void pdfp_emit_free(pdfp_emit *e)
{
    if (!e) return;
    pdfp_prev_clear(e);
    free(e->para.s);
    free(e->contents.s);
    free(e->contents_pos);
    free(e->cover.s);
    e->h->grid_free(e->g);
    free(e);
}

const bk_grid *pdfp_emit_grid(const pdfp_emit *e)
{
    return e->g;
}
size_t pdfp_emit_tables(const pdfp_emit *e)
{
    return e->tables;
}

const char *pdfp_emit_contents(const pdfp_emit *e, uint32_t *page, bk_box *box)
{
    *page = e->contents_page;
    *box = e->contents_box;
    return e->contents.len ? e->contents.s : NULL;
}

const bk_pos *pdfp_emit_contents_pos(const pdfp_emit *e, size_t *n)
{
    *n = e->n_contents_pos;
    return e->contents_pos;
}

const char *pdfp_emit_cover(const pdfp_emit *e)
{
    return e->cover.len ? e->cover.s : NULL;
}

/* ---------------------------------------------------------------- cells */

/* A coordinate in the model's integer 1/100 pt, clamped to what int32 holds. */
static int32_t pdfp_cpt(float v)
{
    double c = (double)v * BK_POS_BOX_SCALE;
    if (!(c > -2e9)) return -2000000000; /* NaN too */
    if (c > 2e9) return 2000000000;
    return (int32_t)lround(c);
}

static bk_box pdfp_box(float x0, float y0, float x1, float y1)
{
    return (bk_box){pdfp_cpt(x0), pdfp_cpt(y0), pdfp_cpt(x1), pdfp_cpt(y1)};
}

static int pdfp_set(pdfp_emit *e, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t page, bk_box box,
                    bk_error *err)
{
    const bk_host *h = e->h;
    char ctx[32];
    snprintf(ctx, sizeof ctx, "page %u", page);
    if (len > e->limits->string_bytes)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx,
                            "a text of %zu bytes is longer than limit.string_bytes (%llu)", len,
                            (unsigned long long)e->limits->string_bytes);
    if (col + 1 > e->limits->columns)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx, "more columns than limit.columns (%llu)",
                            (unsigned long long)e->limits->columns);
    if (row + 1 > e->limits->rows)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx, "more rows than limit.rows (%llu)",
                            (unsigned long long)e->limits->rows);
    if (++e->cells > e->limits->cells)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx, "more cells than limit.cells (%llu)",
                            (unsigned long long)e->limits->cells);
    bk_pos src = {.page = page, .box = box};
    int rc = h->grid_set(e->g, row, col, text, len, 0, src);
    if (rc) return h->error_set(err, rc, 0, 0, ctx, "cannot store a cell");
    return BK_OK;
}

/* ---------------------------------------------------------------- text lines */

static bool pdfp_line_is(const pdfp_tline *l, const char *want)
{
    char buf[64];
    size_t o = 0;
    for (size_t i = 0; i < l->n_parts; i++)
        for (size_t k = 0; k < l->parts[i].len; k++) {
            char c = l->parts[i].text[k];
            if (c == ' ') continue;
            if (o + 1 >= sizeof buf) return false;
            buf[o++] = c;
        }
    buf[o] = '\0';
    return !strcmp(buf, want);
}

/* A line that starts a new item: 一、 （一） 1. 1、 第…部分 注： */
static bool pdfp_starts_item(const char *s)
{
    static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
    /* （一） (1) （12）: a numeral in brackets; "（项）。…" is a wrapped line, not an item */
    if (!strncmp(s, "（", 3) || *s == '(') {
        const char *p = s + (*s == '(' ? 1 : 3);
        size_t n = 0;
        for (;; n++) {
            bool num = *p >= '0' && *p <= '9';
            for (size_t k = 0; cn[k] && !num; k++)
                if (!strncmp(p, cn[k], 3)) num = true;
            if (!num) break;
            p += (*p >= '0' && *p <= '9') ? 1 : 3;
        }
        return n > 0 && (!strncmp(p, "）", 3) || *p == ')');
    }
    if (!strncmp(s, "第", 3) || !strncmp(s, "注", 3) || !strncmp(s, "说明", 6)) return true;
    for (size_t i = 0; cn[i]; i++)
        if (!strncmp(s, cn[i], strlen(cn[i]))) {
            const char *p = s;
            while (*p && (unsigned char)*p >= 0x80) {
                bool num = false;
                for (size_t k = 0; cn[k]; k++)
                    if (!strncmp(p, cn[k], 3)) num = true;
                if (!num) break;
                p += 3;
            }
            return !strncmp(p, "、", 3);
        }
    if (*s >= '0' && *s <= '9') {
        const char *p = s;
        while (*p >= '0' && *p <= '9') p++;
        return *p == '.' || !strncmp(p, "、", 3) || !strncmp(p, "．", 3);
    }
    return false;
}

static int pdfp_para_flush(pdfp_emit *e, bk_error *err)
{
    e->para_carried = false;
    if (!e->para_open) return BK_OK;
    e->para_open = false;
    int rc = pdfp_set(e, e->next_row++, 0, e->para.s, e->para.len, e->para_page, e->para_box, err);
    e->para.len = 0;
    return rc;
}

/* True when @p s (n bytes) ends a sentence or announces a list: 。！？；： and their ASCII forms. */
static bool pdfp_ends_sentence(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ') n--;
    static const char *const ends[] = {"。", "！", "？", "；", "：", NULL};
    for (size_t i = 0; ends[i]; i++)
        if (n >= 3 && !memcmp(s + n - 3, ends[i], 3)) return true;
    return n && strchr(".!?;:", s[n - 1]) != NULL;
}

/* A page number standing alone (3, - 3 -, — 3 —, 第3页, 3/25, 第 3 页 共 25 页): page furniture. */
static bool pdfp_is_page_number(const pdfp_tline *ln)
{
    if (ln->n_parts != 1 || ln->parts[0].len > 40) return false;
    const char *s = ln->parts[0].text;
    size_t n = ln->parts[0].len, digits = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] >= '0' && s[i] <= '9') {
            digits++;
            i++;
        } else if (strchr(" -/", s[i]))
            i++;
        else if (n - i >= 3 && (!memcmp(s + i, "—", 3) || !memcmp(s + i, "第", 3) || !memcmp(s + i, "页", 3) ||
                                !memcmp(s + i, "共", 3) || !memcmp(s + i, "－", 3)))
            i += 3;
        else
            return false;
    }
    return digits > 0 && digits <= 4;
}

static int pdfp_emit_line(pdfp_emit *e, uint32_t page, const pdfp_layout *l, const pdfp_tline *ln, bk_error *err)
{
    e->table_last = false;
    bool fresh = e->page_fresh;
    e->page_fresh = false;
    if (ln->n_parts == 1) {
        const pdfp_part *p = &ln->parts[0];
        float size = ln->size > 1 ? ln->size : 1;
        /* a wrapped line goes on: the line before reached the right edge, this one is not indented further
         * and does not start an item of its own. On a page of wide line spacing the gap between the lines
         * of a paragraph is up to 1.5 lines; a new paragraph is told by its indent or the short line before. */
        bool same_kind = e->para_open && e->para_last_x1 >= e->para_right - 2.0f * size &&
                         ln->x0 <= e->para_last_x0 + 0.5f * size && !pdfp_starts_item(p->text) &&
                         fabsf(size - e->para_size) < 0.3f * size;
        bool joins = same_kind && e->para_page == page && !e->para_carried && ln->y0 - e->para_last_y1 < 1.5f * size;
        /* across a page break: the paragraph was the last text of its page, this is the first of the next
         * (page numbers aside), and its sentence had not ended */
        bool carried = same_kind && e->para_carried && fresh && !pdfp_ends_sentence(e->para.s, e->para.len);
        if (carried) e->joined_pages++;
        joins |= carried;
        e->para_carried = false;
        if (!joins) {
            int rc = pdfp_para_flush(e, err);
            if (rc) return rc;
            e->para_open = true;
            e->para_page = page;
            e->para_box = pdfp_box(ln->x0, ln->y0, ln->x1, ln->y1);
            e->para_x0 = ln->x0;
            e->para_size = size;
        } else if (e->para_page == page) {
            bk_box b = pdfp_box(ln->x0, ln->y0, ln->x1, ln->y1);
            if (b.x0 < e->para_box.x0) e->para_box.x0 = b.x0;
            if (b.y0 < e->para_box.y0) e->para_box.y0 = b.y0;
            if (b.x1 > e->para_box.x1) e->para_box.x1 = b.x1;
            if (b.y1 > e->para_box.y1) e->para_box.y1 = b.y1;
        }
        if (pdfp_buf_add(&e->para, p->text, p->len))
            return e->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        e->para_last_x0 = ln->x0;
        e->para_last_x1 = ln->x1;
        e->para_last_y1 = ln->y1;
        e->para_right = l->text_right;
        return BK_OK;
    }
    int rc = pdfp_para_flush(e, err);
    for (size_t i = 0; i < ln->n_parts && !rc; i++)
        rc = pdfp_set(e, e->next_row, (uint32_t)i, ln->parts[i].text, ln->parts[i].len, page,
                      pdfp_box(ln->parts[i].x0, ln->y0, ln->parts[i].x1, ln->y1), err);
    e->next_row++;
    return rc;
}

/* ---------------------------------------------------------------- tables */

/* A band row as a string (column, span and text of each cell that starts on it), for finding repeated headers. */
static char *pdfp_row_key(const pdfp_table *t, uint32_t r)
{
    pdfp_buf b = {NULL, 0, 0};
    char tmp[48];
    for (size_t i = 0; i < t->n_cells; i++) {
        const pdfp_tcell *c = &t->cells[i];
        if (c->r0 != r || !c->len) continue;
        int n = snprintf(tmp, sizeof tmp, "%u:%u:", c->c0, c->c1 - c->c0);
        if (pdfp_buf_add(&b, tmp, (size_t)n) || pdfp_buf_add(&b, c->text, c->len) || pdfp_buf_add(&b, "\t", 1)) {
            free(b.s);
            return NULL;
        }
    }
    if (!b.s && pdfp_buf_add(&b, "", 0)) return NULL;
    return b.s;
}

/* Each band row's box (the table's width, from the band's top to the lowest rule under a cell
 * that starts on it) becomes its grid row's position: the model row's box. */
static void pdfp_band_boxes(pdfp_emit *e, uint32_t page, const pdfp_table *t, uint32_t skip, uint32_t base)
{
    for (uint32_t b = skip; b < t->n_rows; b++) {
        uint32_t r = base + b - skip;
        if (r >= e->g->n_rows) break;
        float y0 = 0, y1 = 0;
        bool any = false;
        for (size_t i = 0; i < t->n_cells; i++) {
            const pdfp_tcell *c = &t->cells[i];
            if (c->r0 != b) continue;
            if (!any || c->y0 < y0) y0 = c->y0;
            if (!any || c->y1 < y1) y1 = c->y1;
            any = true;
        }
        if (any) e->g->rows[r].src = (bk_pos){.page = page, .box = pdfp_box(t->x0, y0, t->x1, y1)};
    }
}

static int pdfp_emit_table(pdfp_emit *e, uint32_t page, const pdfp_table *t, bk_error *err)
{
    const bk_host *h = e->h;
    char ctx[32];
    snprintf(ctx, sizeof ctx, "page %u", page);
    int rc = pdfp_para_flush(e, err);
    if (rc) return rc;
    if (t->n_cols > e->limits->columns)
        return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx, "a table of %u columns: more than limit.columns (%llu)",
                            t->n_cols, (unsigned long long)e->limits->columns);
    /* the header a continued table prints again at the top of the page */
    uint32_t skip = 0;
    bool continued = e->table_last && e->prev_cols == t->n_cols;
    if (continued) {
        while (skip < t->n_rows && skip < e->prev_n_rows) {
            char *k = pdfp_row_key(t, skip);
            if (!k) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            bool same = !strcmp(k, e->prev_rows[skip]) && strcmp(k, "");
            free(k);
            if (!same) break;
            skip++;
        }
    } else {
        if (++e->tables > e->limits->tables)
            return h->error_set(err, BK_ERR_LIMIT, 0, 0, ctx, "more tables than limit.tables (%llu)",
                                (unsigned long long)e->limits->tables);
        pdfp_prev_clear(e);
        e->prev_cols = t->n_cols;
        for (uint32_t r = 0; r < t->n_rows && r < PDF_KEEP_HEADER_ROWS; r++) {
            if (!(e->prev_rows[r] = pdfp_row_key(t, r)))
                return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            e->prev_n_rows = r + 1;
        }
    }
    uint32_t base = e->next_row;
    uint32_t used = 0;
    for (size_t i = 0; i < t->n_cells && !rc; i++) {
        const pdfp_tcell *c = &t->cells[i];
        if (c->r0 < skip) continue;
        uint32_t r = base + c->r0 - skip;
        if (c->len) {
            rc = pdfp_set(e, r, c->c0, c->text, c->len, page, pdfp_box(c->x0, c->y0, c->x1, c->y1), err);
            if (c->r1 + 1 - skip > used) used = c->r1 + 1 - skip;
        }
        if (!rc && (c->r1 > c->r0 || c->c1 > c->c0) && h->grid_add_merge(e->g, r, c->c0, base + c->r1 - skip, c->c1))
            rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    if (rc) return rc;
    /* rows without text take no grid row: blank lines carry nothing */
    (void)used;
    pdfp_band_boxes(e, page, t, skip, base);
    e->next_row = base + (t->n_rows - skip);
    e->table_last = true;
    return BK_OK;
}

/* ---------------------------------------------------------------- pages */

/* A contents page: it begins with 目录; or the one before was one and this one has no table and only short lines. */
static bool pdfp_is_contents(pdfp_emit *e, const pdfp_layout *l)
{
    for (size_t i = 0; i < l->n_items; i++) {
        if (!l->items[i].line) break;
        if (pdfp_line_is(l->items[i].line, "目录")) return true;
        break;
    }
    if (!e->in_contents) return false;
    size_t lines = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const pdfp_tline *ln = l->items[i].line;
        if (!ln) return false;
        for (size_t p = 0; p < ln->n_parts; p++)
            if (strstr(ln->parts[p].text, "。") || ln->parts[p].len > 120) return false;
        lines++;
    }
    return lines > 0;
}

/* Bytes of a leader character at s (… · . ．), or 0. */
static size_t pdfp_leader(const char *s, size_t n)
{
    if (n >= 3 && (!strncmp(s, "…", 3) || !strncmp(s, "．", 3) || !strncmp(s, "⋯", 3))) return 3;
    if (n >= 2 && !strncmp(s, "·", 2)) return 2;
    return *s == '.' ? 1 : 0;
}

/* An entry of the contents with its leader dots (a run of two or more) turned into one tab. */
static int pdfp_contents_add(pdfp_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = i, runs = 0, m;
        while (k < n && (m = pdfp_leader(s + k, n - k))) {
            k += m;
            runs++;
        }
        while (runs >= 2 && k < n && s[k] == ' ') k++;
        if (runs >= 2) {
            while (b->len && b->s[b->len - 1] == ' ') b->len--;
            if (pdfp_buf_add(b, "\t", 1)) return -1;
            i = k;
        } else {
            size_t step = k > i ? k - i : 1;
            if (pdfp_buf_add(b, s + i, step)) return -1;
            i += step;
        }
    }
    return 0;
}

/* Remember where the line of contents just begun was read (one position per line of the text). */
static int pdfp_contents_pos_add(pdfp_emit *e, uint32_t page, const pdfp_tline *ln)
{
    if (e->n_contents_pos == e->cap_contents_pos) {
        size_t cap = e->cap_contents_pos ? 2 * e->cap_contents_pos : 32;
        bk_pos *p = realloc(e->contents_pos, cap * sizeof *p);
        if (!p) return -1;
        e->contents_pos = p;
        e->cap_contents_pos = cap;
    }
    e->h->pos_set(&e->contents_pos[e->n_contents_pos++],
                  &(bk_pos){.page = page, .box = pdfp_box(ln->x0, ln->y0, ln->x1, ln->y1)});
    return 0;
}

static int pdfp_contents_page(pdfp_emit *e, uint32_t page, const pdfp_layout *l, bk_error *err)
{
    bool first = !e->contents_page;
    if (first) e->contents_page = page;
    for (size_t i = 0; i < l->n_items; i++) {
        const pdfp_tline *ln = l->items[i].line;
        if (!ln) continue;
        if (first) {
            bk_box b = pdfp_box(ln->x0, ln->y0, ln->x1, ln->y1), *cb = &e->contents_box;
            if (!cb->x1 && !cb->y1) *cb = b;
            if (b.x0 < cb->x0) cb->x0 = b.x0;
            if (b.y0 < cb->y0) cb->y0 = b.y0;
            if (b.x1 > cb->x1) cb->x1 = b.x1;
            if (b.y1 > cb->y1) cb->y1 = b.y1;
        }
        if (pdfp_line_is(ln, "目录")) continue;
        if (e->contents.len && pdfp_buf_add(&e->contents, "\n", 1)) goto oom;
        if ((e->contents.len || !e->n_contents_pos) && pdfp_contents_pos_add(e, page, ln)) goto oom;
        for (size_t p = 0; p < ln->n_parts; p++) {
            if (p && pdfp_buf_add(&e->contents, "\t", 1)) goto oom;
            if (pdfp_contents_add(&e->contents, ln->parts[p].text, ln->parts[p].len)) goto oom;
        }
        while (e->contents.len && e->contents.s[e->contents.len - 1] == '\t') e->contents.s[--e->contents.len] = '\0';
    }
    return BK_OK;
oom:
    return e->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
}

int pdfp_emit_page(pdfp_emit *e, uint32_t page, const pdfp_layout *l, bk_error *err)
{
    if ((e->in_contents = pdfp_is_contents(e, l))) {
        int rc = pdfp_para_flush(e, err);
        return rc ? rc : pdfp_contents_page(e, page, l, err);
    }
    bool has_table = false;
    for (size_t i = 0; i < l->n_items; i++) has_table |= l->items[i].table != NULL;
    if (page == 1 && !has_table)
        for (size_t i = 0; i < l->n_items; i++)
            for (size_t p = 0; p < l->items[i].line->n_parts; p++) {
                const pdfp_part *pt = &l->items[i].line->parts[p];
                if (strstr(pt->text, "：") || strchr(pt->text, ':')) continue; /* 预算主管部门：… */
                if (pdfp_buf_add(&e->cover, pt->text, pt->len))
                    return e->h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            }
    /* page numbers at the top and the bottom are page furniture, not text: a paragraph goes on over them */
    size_t first = 0, end = l->n_items;
    while (first < end && l->items[first].line && pdfp_is_page_number(l->items[first].line)) first++;
    while (end > first && l->items[end - 1].line && pdfp_is_page_number(l->items[end - 1].line)) end--;
    int rc = BK_OK;
    e->page_fresh = true;
    if (first < end && l->items[first].table) rc = pdfp_para_flush(e, err);
    for (size_t i = first; i < end && !rc; i++)
        rc = l->items[i].table ? pdfp_emit_table(e, page, l->items[i].table, err)
                               : pdfp_emit_line(e, page, l, l->items[i].line, err);
    /* a paragraph that ends the page stays open for the next page's first line */
    if (!rc && e->para_open && end > first && l->items[end - 1].line && l->items[end - 1].line->n_parts == 1)
        e->para_carried = true;
    else if (!rc)
        rc = pdfp_para_flush(e, err);
    return rc;
}

size_t pdfp_emit_joined_pages(const pdfp_emit *e)
{
    return e->joined_pages;
}

int pdfp_emit_finish(pdfp_emit *e, bk_error *err)
{
    return pdfp_para_flush(e, err);
}
