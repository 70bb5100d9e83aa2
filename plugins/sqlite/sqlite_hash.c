/* SPDX-License-Identifier: MIT */
/* The content hash of a document: a length-prefixed walk of the model, fed to one of two
 * functions (sqlite_hash.h): the word-at-a-time mix of schema 3 or the FNV-1a of earlier schemas. */
#include "sqlite_hash.h"
#include <stdio.h>
#include <string.h>

typedef struct hasher {
    uint64_t h;
    int fnv; /* 1: FNV-1a 64 over native bytes (schema 1 and 2 databases keep their hashes) */
} hasher;

enum { MIX_R = 47 };
static const uint64_t MIX_M = 0xc6a4a7935bd1e995ULL; /* MurmurHash64A's multiplier */

static void fnv_bytes(hasher *x, const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = x->h;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    x->h = h;
}

/* One 64-bit word into the mix (MurmurHash64A's block step). */
static void mix_word(hasher *x, uint64_t k)
{
    k *= MIX_M;
    k ^= k >> MIX_R;
    k *= MIX_M;
    x->h ^= k;
    x->h *= MIX_M;
}

/* Bytes as little-endian words, the last one zero-padded (the length before them tells it apart). */
static void mix_bytes(hasher *x, const unsigned char *s, size_t n)
{
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t k = 0;
        for (int i = 7; i >= 0; i--) k = k << 8 | s[i]; /* compilers make this one load on x86 */
        mix_word(x, k);
    }
    if (n) {
        uint64_t k = 0;
        for (size_t i = n; i-- > 0;) k = k << 8 | s[i];
        mix_word(x, k);
    }
}

static void num(hasher *x, int64_t v)
{
    if (x->fnv)
        fnv_bytes(x, &v, sizeof v);
    else
        mix_word(x, (uint64_t)v);
}

/* Absent (-1) is not the empty string (0). */
static void str(hasher *x, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;
    num(x, n);
    if (!s) return;
    if (x->fnv)
        fnv_bytes(x, s, (size_t)n);
    else
        mix_bytes(x, (const unsigned char *)s, (size_t)n);
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

void sqlh_document(const bk_document *doc, int schema_version, char out[17])
{
    hasher x = {0xcbf29ce484222325ULL, schema_version < SQLH_MIX_SCHEMA};
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
    if (!x.fnv) { /* MurmurHash64A's finalizer: every input bit reaches every output bit */
        x.h ^= x.h >> MIX_R;
        x.h *= MIX_M;
        x.h ^= x.h >> MIX_R;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)x.h);
}
