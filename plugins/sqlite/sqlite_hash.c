/* SPDX-License-Identifier: MIT */
/* The content hash of a document: FNV-1a 64 over a length-prefixed walk of the model. */
#include "sqlite_hash.h"
#include <stdio.h>
#include <string.h>

typedef struct hasher {
    uint64_t h;
} hasher;

static void bytes(hasher *x, const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = x->h;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    x->h = h;
}

static void num(hasher *x, int64_t v)
{
    bytes(x, &v, sizeof v);
}

/* Absent (-1) is not the empty string (0). */
static void str(hasher *x, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;
    num(x, n);
    if (s) bytes(x, s, (size_t)n);
}

static void cell(hasher *x, const bk_cell *c)
{
    num(x, c->kind);
    if (c->kind == BK_CELL_AMOUNT) {
        num(x, c->amount.units);
        num(x, c->amount.scale);
    } else if (c->kind == BK_CELL_TEXT) {
        str(x, c->text ? c->text : "");
    }
}

static void table(hasher *x, const bk_table *t)
{
    str(x, t->kind ? t->kind : "custom");
    str(x, t->title);
    str(x, t->number_label);
    str(x, t->department);
    num(x, t->unit);
    str(x, t->unit_label);
    num(x, t->scale);
    str(x, t->note);
    num(x, (int64_t)t->n_panels);
    for (size_t i = 0; i < t->n_panels; i++) {
        const bk_panel *p = &t->panels[i];
        str(x, p->key);
        str(x, p->label);
        str(x, p->code_label);
        str(x, p->name_label);
        num(x, (int64_t)p->n_columns);
        for (size_t k = 0; k < p->n_columns; k++) {
            str(x, p->columns[k].key);
            str(x, p->columns[k].label);
            num(x, p->columns[k].type == BK_CELL_TEXT);
        }
        num(x, (int64_t)p->n_rows);
        for (size_t r = 0; r < p->n_rows; r++) {
            const bk_row *row = &p->rows[r];
            str(x, row->key);
            str(x, row->code);
            str(x, row->name);
            num(x, row->level);
            num(x, row->parent < 0 ? -1 : row->parent);
            num(x, row->role);
            num(x, row->flags);
            for (size_t k = 0; k < p->n_columns; k++) cell(x, &row->cells[k]);
        }
    }
}

static void form(hasher *x, const bk_perf_target *p)
{
    num(x, p->kind);
    str(x, p->title);
    str(x, p->period_label);
    num(x, p->unit);
    num(x, (int64_t)p->n_fields);
    for (size_t i = 0; i < p->n_fields; i++) {
        str(x, p->fields[i].key);
        str(x, p->fields[i].label);
        str(x, p->fields[i].value);
    }
    num(x, (int64_t)p->n_amounts);
    for (size_t i = 0; i < p->n_amounts; i++) {
        str(x, p->amounts[i].group);
        str(x, p->amounts[i].key);
        str(x, p->amounts[i].label);
        cell(x, &p->amounts[i].value);
    }
    num(x, (int64_t)p->n_tasks);
    for (size_t i = 0; i < p->n_tasks; i++) {
        str(x, p->tasks[i].label);
        str(x, p->tasks[i].value);
    }
    num(x, (int64_t)p->n_indicators);
    for (size_t i = 0; i < p->n_indicators; i++) {
        const bk_indicator *d = &p->indicators[i];
        str(x, d->period);
        str(x, d->level1);
        str(x, d->level2);
        str(x, d->level3);
        str(x, d->value_raw);
        str(x, d->op);
        cell(x, &d->number);
        str(x, d->unit);
    }
}

void sqlh_document(const bk_document *doc, char out[17])
{
    hasher x = {0xcbf29ce484222325ULL};
    num(&x, doc->fiscal_year);
    num(&x, doc->kind);
    str(&x, doc->title);
    str(&x, doc->region);
    str(&x, doc->level);
    str(&x, doc->department_code);
    str(&x, doc->department_name);
    str(&x, doc->disclosure);
    num(&x, (int64_t)doc->n_units);
    for (size_t i = 0; i < doc->n_units; i++) {
        str(&x, doc->units[i].code);
        str(&x, doc->units[i].name);
        str(&x, doc->units[i].type);
    }
    num(&x, (int64_t)doc->n_tables);
    for (size_t i = 0; i < doc->n_tables; i++) table(&x, &doc->tables[i]);
    num(&x, (int64_t)doc->n_perf_targets);
    for (size_t i = 0; i < doc->n_perf_targets; i++) form(&x, &doc->perf_targets[i]);
    num(&x, (int64_t)doc->n_sections);
    for (size_t i = 0; i < doc->n_sections; i++) {
        str(&x, doc->sections[i].heading);
        num(&x, doc->sections[i].level);
        str(&x, doc->sections[i].text);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)x.h);
}
