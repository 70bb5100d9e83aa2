/* SPDX-License-Identifier: MIT */
/* `budgetkit validate`: check every arithmetic identity of a document and the
 * figures its text quotes; print the findings as text (grouped by table, a
 * summary line last) or as JSON. */
#include "cli.h"
#include "validate_output.h"
#include <budgetkit/validate.h>
#include <budgetkit/crossdoc.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- shared with `convert --validate` ---- */

/* Group order: tables in document order, then forms, then text sections. */
static int group_of(const bk_finding *f)
{
    if (!strcmp(f->table_kind, "narrative")) return 2;
    if (!strncmp(f->table_kind, "perf.", 5)) return 1;
    return 0;
}

typedef struct order_item {
    const bk_finding *f;
    size_t index;
} order_item;

/* Errors first, then warnings, then rounding (what to act on first). */
static int severity_rank(bk_finding_severity s)
{
    return s == BK_FINDING_ERROR ? 0 : s == BK_FINDING_WARNING ? 1 : 2;
}

static int order_cmp(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    int sx = severity_rank(x->f->severity), sy = severity_rank(y->f->severity);
    if (sx != sy) return sx - sy;
    int gx = group_of(x->f), gy = group_of(y->f);
    if (gx != gy) return gx - gy;
    if (x->f->table_index != y->f->table_index) return x->f->table_index < y->f->table_index ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* What the report shows: --errors-only leaves the errors. */
typedef struct vshow {
    bool errors_only;
    bool quiet; /* text: the summary line only */
} vshow;

/* The findings to show, in report order; *n gets their number. */
static order_item *ordered(const bk_findings *fs, const vshow *sh, size_t *n)
{
    order_item *o = malloc((fs->count ? fs->count : 1) * sizeof *o);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < fs->count; i++)
        if (!(sh && sh->errors_only && fs->items[i].severity != BK_FINDING_ERROR))
            o[k++] = (order_item){&fs->items[i], i};
    qsort(o, k, sizeof *o, order_cmp);
    *n = k;
    return o;
}

/* The printed header of a finding's column ("当年预算安排"), else its key. */
static const char *column_label(const bk_document *doc, const bk_finding *f)
{
    if (!f->column || !doc || group_of(f) != 0 || f->table_index >= doc->n_tables) return f->column;
    const bk_table *t = &doc->tables[f->table_index];
    for (size_t p = 0; p < t->n_panels; p++) {
        if (f->panel && t->panels[p].key && strcmp(f->panel, t->panels[p].key)) continue;
        for (size_t k = 0; k < t->panels[p].n_columns; k++)
            if (!strcmp(t->panels[p].columns[k].key, f->column))
                return t->panels[p].columns[k].label && t->panels[p].columns[k].label[0] ? t->panels[p].columns[k].label
                                                                                         : f->column;
    }
    return f->column;
}

/* Where a finding is, as the reader saw it: "表3!B36", "page 4 [...]", "line 120". Text output
 * only; JSON and CSV write the position's parts (validate_output.c). */
static const char *format_pos(const bk_finding *f, char *buf, size_t cap)
{
    return bk_pos_describe(&f->pos, 1, buf, cap);
}

static void print_summary(FILE *out, const char *path, const bk_findings *fs, bool strict)
{
    fprintf(out,
            "%s: %zu error%s, %zu rounding, %zu warning%s%s (%zu checks, %zu identities, %zu skipped: tables absent)\n",
            path, fs->n_error, fs->n_error == 1 ? "" : "s", fs->n_rounding, fs->n_warning,
            fs->n_warning == 1 ? "" : "s", strict && fs->n_rounding ? "; --strict counts rounding as errors" : "",
            fs->n_checks, fs->n_identities, fs->n_skipped);
}

/* The figures an error used, on a second line: a wrong figure on the computed
 * side is named there (at most 12, the printed one first). */
static void print_cells(FILE *out, const bk_document *doc, const bk_finding *f)
{
    if (!doc || f->severity != BK_FINDING_ERROR || f->n_cells < 2) return;
    fputs("           from:", out);
    for (size_t k = 0; k < f->n_cells && k < 12; k++) {
        const bk_finding_cell *c = &f->cells[k];
        const bk_cell *cell = NULL;
        const char *row = NULL, *col = NULL, *table = NULL;
        if (c->form && c->table_index < doc->n_perf_targets) {
            const bk_perf_target *p = &doc->perf_targets[c->table_index];
            if (c->row_index >= 0 && (size_t)c->row_index < p->n_amounts) {
                cell = &p->amounts[c->row_index].value;
                row = p->amounts[c->row_index].label;
                col = p->amounts[c->row_index].group;
            }
            table = "form";
        } else if (!c->form && c->table_index < doc->n_tables &&
                   c->panel_index < doc->tables[c->table_index].n_panels) {
            const bk_table *t = &doc->tables[c->table_index];
            const bk_panel *p = &t->panels[c->panel_index];
            table = t->kind;
            if (c->row_index >= 0 && (size_t)c->row_index < p->n_rows && c->column_index >= 0 &&
                (size_t)c->column_index < p->n_columns) {
                const bk_row *r = &p->rows[c->row_index];
                cell = &r->cells[c->column_index];
                row = r->code && !(r->flags & BK_ROW_CODE_DERIVED) ? r->code : r->name ? r->name : r->key;
                col = p->columns[c->column_index].label && p->columns[c->column_index].label[0]
                          ? p->columns[c->column_index].label
                          : p->columns[c->column_index].key;
            }
        }
        char v[BK_AMOUNT_TEXT_MAX] = "-";
        if (cell && cell->kind == BK_CELL_AMOUNT) bk_amount_format(cell->amount, v, sizeof v);
        fprintf(out, "%s %s %s [%s] %s", k ? "," : "", table ? table : "?", row ? row : "?", col ? col : "?", v);
    }
    if (f->n_cells > 12) fprintf(out, ", … (%zu figures)", f->n_cells);
    fputc('\n', out);
}

/* "skipped, tables absent:" by absent table: its title and kind, then the rules it left unchecked. */
static void print_skipped(FILE *out, const bk_findings *fs)
{
    fprintf(out, "skipped, tables absent:");
    for (size_t i = 0; i < fs->n_skipped_pairs; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(fs->skipped[j].missing, fs->skipped[i].missing);
        if (seen) continue;
        const bk_table_def *d = bk_table_def_find(fs->skipped[i].missing);
        fprintf(out, "%s %s (%s):", i ? ";" : "", d ? d->title : fs->skipped[i].missing, fs->skipped[i].missing);
        for (size_t j = i; j < fs->n_skipped_pairs; j++) {
            if (strcmp(fs->skipped[j].missing, fs->skipped[i].missing)) continue;
            bool dup = false;
            for (size_t k = i; k < j && !dup; k++)
                dup = !strcmp(fs->skipped[k].missing, fs->skipped[j].missing) &&
                      !strcmp(fs->skipped[k].rule, fs->skipped[j].rule);
            if (!dup) fprintf(out, " %s", fs->skipped[j].rule);
        }
    }
    fputc('\n', out);
}

/* Text report: errors, then warnings, then rounding, each grouped by table; the skipped rules; a summary line last. */
static int print_text(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict,
                      const vshow *sh)
{
    if (sh && sh->quiet) {
        print_summary(out, path, fs, strict);
        return EXIT_OK;
    }
    size_t n = 0;
    order_item *o = ordered(fs, sh, &n);
    if (!o) return EXIT_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        const bk_finding *f = o[i].f;
        if (i == 0 || f->severity != o[i - 1].f->severity || group_of(f) != group_of(o[i - 1].f) ||
            f->table_index != o[i - 1].f->table_index)
            fprintf(out, "%s%s (%s)\n", i ? "\n" : "", f->table_title ? f->table_title : "?", f->table_kind);
        fprintf(out, "  %-8s %-4s", bk_finding_severity_name(f->severity), f->rule);
        if (f->row && strcmp(f->table_kind, "narrative")) fprintf(out, " %s", f->row);
        const char *col = column_label(doc, f);
        if (col) fprintf(out, " [%s]", col);
        char pos[BK_POS_TEXT_MAX];
        if (format_pos(f, pos, sizeof pos)[0]) fprintf(out, " (%s)", pos);
        fprintf(out, ": %s\n", f->message);
        print_cells(out, doc, f);
    }
    if (fs->dropped) fprintf(out, "(%zu more findings not kept)\n", fs->dropped);
    if (n < fs->count) fprintf(out, "(%zu warnings and rounding findings not shown: --errors-only)\n", fs->count - n);
    if (fs->n_skipped) {
        if (n) fputc('\n', out);
        print_skipped(out, fs);
    }
    if (fs->n_not_applicable) { /* "V7 budget.income/main[the row].fiscal_appropriation ×21", each pair once */
        fprintf(out, "not applicable, operand not printed (%zu):", fs->n_not_applicable);
        for (size_t i = 0; i < fs->n_not_applicable_pairs; i++)
            fprintf(out, "%s %s %s ×%zu", i ? "," : "", fs->not_applicable[i].rule, fs->not_applicable[i].operand,
                    fs->not_applicable[i].count);
        fputc('\n', out);
    }
    print_summary(out, path, fs, strict);
    free(o);
    return EXIT_OK;
}

int cli_validate_print_text(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict)
{
    return print_text(out, path, doc, fs, strict, NULL);
}

/* ---- JSON ---- */

/* The figures a finding used, by table title / row / column. */
static void json_cells(FILE *out, const bk_document *doc, const bk_finding *f)
{
    fputs("[", out);
    for (size_t k = 0; k < f->n_cells; k++) {
        const bk_finding_cell *c = &f->cells[k];
        const char *title = NULL, *row = NULL, *col = NULL;
        if (c->form && c->table_index < doc->n_perf_targets) {
            const bk_perf_target *p = &doc->perf_targets[c->table_index];
            title = p->title;
            if (c->row_index >= 0 && (size_t)c->row_index < p->n_amounts) {
                row = p->amounts[c->row_index].label;
                col = p->amounts[c->row_index].group;
            }
        } else if (!c->form && c->table_index < doc->n_tables) {
            const bk_table *t = &doc->tables[c->table_index];
            title = t->title;
            if (c->panel_index < t->n_panels) {
                const bk_panel *p = &t->panels[c->panel_index];
                if (c->row_index >= 0 && (size_t)c->row_index < p->n_rows) {
                    const bk_row *r = &p->rows[c->row_index];
                    row = r->code && !(r->flags & BK_ROW_CODE_DERIVED) ? r->code : r->name ? r->name : r->key;
                }
                if (c->column_index >= 0 && (size_t)c->column_index < p->n_columns)
                    col = p->columns[c->column_index].key;
                if (col && p->columns[c->column_index].label && p->columns[c->column_index].label[0])
                    col = p->columns[c->column_index].label;
            }
        }
        fputs(k ? ", {\"table_title\": " : "{\"table_title\": ", out);
        vout_json_string(out, title);
        fputs(", \"row\": ", out);
        vout_json_string(out, row);
        fputs(", \"column\": ", out);
        vout_json_string(out, col);
        fputs("}", out);
    }
    fputs("]", out);
}

/* "cells" of a document finding, after its common members. */
typedef struct cells_ctx {
    const bk_document *doc;
    const bk_finding *f;
} cells_ctx;

static void json_cells_member(FILE *out, const void *ctx)
{
    const cells_ctx *c = ctx;
    fputs(", \"cells\": ", out);
    json_cells(out, c->doc, c->f);
}

/* What a document's finding prints (amounts formatted into e, a, d). */
static void finding_view(vout_finding *v, const char *path, const bk_document *doc, const bk_finding *f, char *e,
                         char *a, char *d)
{
    bk_amount_format(f->expected, e, BK_AMOUNT_TEXT_MAX);
    bk_amount_format(f->actual, a, BK_AMOUNT_TEXT_MAX);
    bk_amount_format(f->difference, d, BK_AMOUNT_TEXT_MAX);
    *v = (vout_finding){.rule = f->rule,
                        .severity = bk_finding_severity_name(f->severity),
                        .document = path,
                        .table_kind = f->table_kind,
                        .table_title = f->table_title,
                        .row = f->row,
                        .row_code = f->row_code,
                        .column = f->column,
                        .column_label = column_label(doc, f),
                        .expected = e,
                        .actual = a,
                        .difference = d,
                        .message = f->message,
                        .pos = f->pos};
}

/* The findings array, in report order. */
static int json_findings(FILE *out, const bk_document *doc, const bk_findings *fs, const char *indent, const vshow *sh)
{
    size_t n = 0;
    order_item *o = ordered(fs, sh, &n);
    if (!o) return EXIT_INTERNAL;
    fputs("[", out);
    for (size_t i = 0; i < n; i++) {
        const bk_finding *f = o[i].f;
        fprintf(out, "%s\n%s  ", i ? "," : "", indent);
        char e[BK_AMOUNT_TEXT_MAX], a[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
        vout_finding v;
        finding_view(&v, NULL, doc, f, e, a, d);
        vout_json_finding(out, &v, json_cells_member, &(cells_ctx){doc, f});
    }
    fprintf(out, n ? "\n%s]" : "]", indent);
    free(o);
    return EXIT_OK;
}

/* One document's summary object. */
static void json_summary(FILE *out, const char *path, const bk_findings *fs, bool strict)
{
    fputs("{\"file\": ", out);
    vout_json_string(out, path);
    fprintf(out,
            ", \"errors\": %zu, \"rounding\": %zu, \"warnings\": %zu, \"checks\": %zu, \"identities\": %zu, "
            "\"skipped_identities\": %zu, \"dropped\": %zu, \"strict\": %s, \"failed\": %s, \"skipped\": [",
            fs->n_error, fs->n_rounding, fs->n_warning, fs->n_checks, fs->n_identities, fs->n_skipped, fs->dropped,
            strict ? "true" : "false", bk_findings_failed(fs, strict) ? "true" : "false");
    for (size_t i = 0; i < fs->n_skipped_pairs; i++) {
        fputs(i ? ", {\"rule\": " : "{\"rule\": ", out);
        vout_json_string(out, fs->skipped[i].rule);
        fputs(", \"missing\": ", out);
        vout_json_string(out, fs->skipped[i].missing);
        fputs("}", out);
    }
    fprintf(out, "], \"not_applicable\": %zu, \"not_applicable_operands\": [", fs->n_not_applicable);
    for (size_t i = 0; i < fs->n_not_applicable_pairs; i++) {
        fputs(i ? ", {\"rule\": " : "{\"rule\": ", out);
        vout_json_string(out, fs->not_applicable[i].rule);
        fputs(", \"title\": ", out);
        vout_json_string(out, fs->not_applicable[i].title);
        fputs(", \"operand\": ", out);
        vout_json_string(out, fs->not_applicable[i].operand);
        fprintf(out, ", \"count\": %zu}", fs->not_applicable[i].count);
    }
    fputs("]}", out);
}

/* The single-document shape: {"findings": [...], "summary": {...}} (docs/validate.md). */
static int print_json(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict,
                      const vshow *sh)
{
    fputs("{\"findings\": ", out);
    int rc = json_findings(out, doc, fs, "", sh);
    if (rc) return rc;
    fputs(",\n\"summary\": ", out);
    json_summary(out, path, fs, strict);
    fputs("}\n", out);
    return EXIT_OK;
}

/* ---- the command ---- */

typedef struct vopts {
    const char *format;
    bk_validate_options v;
    int jobs;
    const char *db;       /* --db FILE: documents and findings into a database */
    vshow show;           /* --errors-only, -q */
    const char *annotate; /* --annotate OUT: the workbook with the findings on their cells */
    bool overwrite;
    const bk_plugin *annotate_writer;
    bool no_crossdoc; /* --no-crossdoc: no checks across documents */
} vopts;

/* Apply validate option @p id with value @p v (cli_next_option); 1 consumed, 0 not ours, -1 error. */
static int validate_option(const cli_common *c, vopts *o, int id, const char *v)
{
    static const struct {
        int id;
        const char *name;
        size_t field;
    } tolerances[] = {
        {CLI_OPT_TOLERANCE_WAN, "--tolerance-wan", offsetof(bk_validate_options, wan_min)},
        {CLI_OPT_TOLERANCE_PER_FIGURE, "--tolerance-per-figure", offsetof(bk_validate_options, wan_per_figure)},
        {CLI_OPT_TOLERANCE_YUAN, "--tolerance-yuan", offsetof(bk_validate_options, yuan)}};
    switch (id) {
    case CLI_OPT_STRICT: o->v.strict = true; return 1;
    case CLI_OPT_NO_NARRATIVE: o->v.narrative = false; return 1;
    case CLI_OPT_NO_REVIEW: o->v.review = false; return 1;
    case CLI_OPT_ERRORS_ONLY: o->show.errors_only = true; return 1;
    case CLI_OPT_NO_CROSSDOC: o->no_crossdoc = true; return 1;
    case CLI_OPT_OVERWRITE: o->overwrite = true; return 1;
    case CLI_OPT_JOBS: return cli_parse_jobs(c, v, &o->jobs) ? -1 : 1;
    case CLI_OPT_ANNOTATE:
        if (!*v) {
            fprintf(stderr, "%s: error: --annotate needs an output workbook\n", c->prog);
            return -1;
        }
        o->annotate = v;
        return 1;
    case CLI_OPT_DB:
        if (!*v) {
            fprintf(stderr, "%s: error: --db needs a database file\n", c->prog);
            return -1;
        }
        o->db = v;
        return 1;
    case CLI_OPT_FORMAT:
        if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "csv")) {
            fprintf(stderr, "%s: error: --format must be text, json or csv, not '%s'\n", c->prog, v);
            return -1;
        }
        o->format = v;
        return 1;
    default: break;
    }
    for (size_t k = 0; k < sizeof tolerances / sizeof tolerances[0]; k++) {
        if (tolerances[k].id != id) continue;
        bk_error err;
        bk_error_clear(&err);
        bk_amount *dst = (bk_amount *)((char *)&o->v + tolerances[k].field);
        if (bk_validate_parse_tolerance(v, dst, &err)) {
            fprintf(stderr, "%s: error: %s: %s\n", c->prog, tolerances[k].name, err.message);
            return -1;
        }
        return 1;
    }
    return 0;
}

/* ---- many documents: FILE… | DIR…, -j N ----
 * Documents go in waves: the workers of a wave read, validate and format each
 * document into its own report block (the document is freed there), then the
 * main thread prints the blocks in input order. Memory stays bounded by the
 * wave, whatever the number of documents; the output is the same for every -j. */

#define WAVE 256

typedef struct vdoc {
    char *path;
    bool named;   /* given on the command line, not found in a folder */
    bool skipped; /* found in a folder, no plugin claims it */
    int status;   /* EXIT_OK, or the exit code of the read that failed */
    bk_error err;
    char *diags; /* reading warnings, formatted for stderr */
    char *block; /* the report block */
    size_t n_error, n_warning, n_rounding;
    bool failed;
    int32_t year;
    const char *kind; /* static name */
    char *department;
    bk_document *doc; /* kept for --db until written */
    bk_findings *fs;
    int annotate_rc;     /* --annotate: exit code of writing the workbook */
    bk_crossdoc_doc *xd; /* what the checks across documents need of it */
} vdoc;

typedef struct vrun {
    cli_common *c;
    const vopts *o;
    vdoc *docs;
    size_t n, cap;
    size_t lo, hi; /* the current wave */
    atomic_size_t next, done;
    bool single; /* one file named: the one-document output, unchanged */
    const volatile int *interrupted;
} vrun;

static int add_doc(vrun *r, const cli_input *e)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        vdoc *d = realloc(r->docs, cap * sizeof *d);
        if (!d) return EXIT_INTERNAL;
        r->docs = d;
        r->cap = cap;
    }
    vdoc *d = &r->docs[r->n];
    memset(d, 0, sizeof *d);
    if (!(d->path = strdup(e->path))) return EXIT_INTERNAL;
    d->named = !e->root;
    r->n++;
    return EXIT_OK;
}

static void format_diags(FILE *out, const bk_diags *d)
{
    for (size_t i = 0; d && i < d->count; i++) {
        const bk_diag *g = &d->items[i];
        const char *sev = g->severity == BK_SEV_ERROR ? "error" : g->severity == BK_SEV_WARNING ? "warning" : "note";
        if (g->line && g->column)
            fprintf(out, "%s:%u:%u: %s: ", d->file, g->line, g->column, sev);
        else if (g->line)
            fprintf(out, "%s:%u: %s: ", d->file, g->line, sev);
        else
            fprintf(out, "%s: %s: ", d->file, sev);
        if (g->context) fprintf(out, "%s: ", g->context);
        fprintf(out, "%s\n", g->message);
    }
    if (d && d->dropped) fprintf(out, "%s: note: %zu more warnings not shown\n", d->file, d->dropped);
}

static void csv_findings(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, const vshow *sh)
{
    size_t n = 0;
    order_item *o = ordered(fs, sh, &n);
    for (size_t i = 0; o && i < n; i++) {
        char e[BK_AMOUNT_TEXT_MAX], a[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
        vout_finding v;
        finding_view(&v, path, doc, o[i].f, e, a, d);
        vout_csv_finding(out, &v);
    }
    free(o);
}

/* The report block of a document read and validated. */
static void format_block(const vrun *r, vdoc *d, FILE *out, const bk_document *doc, const bk_findings *fs)
{
    const char *fmt = r->o->format;
    bool strict = r->o->v.strict;
    if (!strcmp(fmt, "csv")) {
        csv_findings(out, d->path, doc, fs, &r->o->show);
    } else if (!strcmp(fmt, "json")) {
        if (r->single) {
            print_json(out, d->path, doc, fs, strict, &r->o->show);
            return;
        }
        fputs("  {\"path\": ", out);
        vout_json_string(out, d->path);
        fputs(", \"kind\": ", out);
        vout_json_string(out, d->kind);
        fputs(", \"fiscal_year\": ", out);
        if (d->year)
            fprintf(out, "%d", (int)d->year);
        else
            fputs("null", out);
        fputs(", \"department\": ", out);
        vout_json_string(out, d->department);
        fputs(",\n   \"summary\": ", out);
        json_summary(out, d->path, fs, strict);
        fputs(",\n   \"findings\": ", out);
        json_findings(out, doc, fs, "   ", &r->o->show);
        fputs("}", out);
    } else {
        if (!r->single) fprintf(out, "== %s\n", d->path);
        print_text(out, d->path, doc, fs, strict, &r->o->show);
    }
}

static void unreadable_block(const vrun *r, vdoc *d, FILE *out)
{
    const char *fmt = r->o->format;
    const char *msg = d->err.message[0] ? d->err.message : bk_strerror(d->err.code);
    if (!strcmp(fmt, "csv")) {
        vout_finding v = {.document = d->path, .severity = "unreadable", .message = msg};
        v.pos.line = d->err.line;
        vout_csv_finding(out, &v);
    } else if (!strcmp(fmt, "json")) {
        fputs("  {\"path\": ", out);
        vout_json_string(out, d->path);
        fputs(", \"kind\": null, \"fiscal_year\": null, \"department\": null, \"summary\": null, \"findings\": [], "
              "\"error\": ",
              out);
        vout_json_string(out, msg);
        fputs("}", out);
    } else {
        fprintf(out, "== %s\n%s: unreadable: %s\n", d->path, d->path, msg);
    }
}

/* --annotate: the publication workbook with the findings on their cells (atomic, like convert). */
static int write_annotated(cli_common *c, const vopts *o, const bk_document *doc, const bk_findings *fs)
{
    bk_diags *wdiags = bk_diags_new(0);
    bk_io_settings s;
    cli_settings(c, &s, true, wdiags, "annotating");
    s.format = o->annotate_writer->name;
    s.findings = fs;
    bk_error err;
    bk_error_clear(&err);
    int st = bk_write_document(c->reg, doc, o->annotate, &s, &err);
    cli_progress_done();
    cli_print_diags(c, wdiags);
    bk_diags_free(wdiags);
    if (!st) return EXIT_OK;
    cli_print_error(c, &err);
    return cli_exit_for(st, true);
}

static void run_doc(vrun *r, vdoc *d)
{
    cli_common *c = r->c;
    if (!d->named && !cli_file_claimed(c, d->path)) {
        d->skipped = true;
        return;
    }
    bk_diags *diags = bk_diags_new(0);
    bk_io_settings s;
    memset(&s, 0, sizeof s);
    s.format = c->from;
    s.options = c->in_opts;
    s.shared_options = c->shared_opts;
    s.limits = &c->limits;
    s.diags = diags;
    s.interrupted = r->interrupted;
    bk_error_clear(&d->err);
    bk_document *doc = NULL;
    bk_findings *fs = NULL;
    int st = bk_read_document(c->reg, d->path, &s, &doc, &d->err);
    if (st == BK_OK && cli_check_shared_options(c, s.chosen, r->o->annotate_writer) != EXIT_OK)
        st = bk_error_set(&d->err, BK_ERR_INVALID_ARG, 0, 0, NULL, "an -o option no reader declares");
    if (st == BK_OK) st = bk_validate(doc, &r->o->v, &fs, &d->err);
    if (st == BK_OK && !r->single && !r->o->no_crossdoc) st = bk_crossdoc_extract(doc, d->path, &d->xd, &d->err);
    size_t len = 0;
    if (diags && diags->count && !c->quiet) {
        FILE *m = open_memstream(&d->diags, &len);
        if (m) {
            format_diags(m, diags);
            fclose(m);
        }
    }
    bk_diags_free(diags);
    FILE *m = open_memstream(&d->block, &len);
    if (st != BK_OK) {
        d->status = cli_exit_for(st, false);
        if (d->status == EXIT_OK) d->status = EXIT_INTERNAL;
        bk_error_set_file(&d->err, d->path);
        if (m) unreadable_block(r, d, m);
    } else {
        d->year = doc->fiscal_year;
        d->kind = bk_doc_kind_name(doc->kind);
        d->department = doc->department_name ? strdup(doc->department_name) : NULL;
        d->n_error = fs->n_error;
        d->n_warning = fs->n_warning;
        d->n_rounding = fs->n_rounding;
        d->failed = bk_findings_failed(fs, r->o->v.strict);
        if (m) format_block(r, d, m, doc, fs);
    }
    if (m) fclose(m);
    if (r->o->annotate && st == BK_OK) d->annotate_rc = write_annotated(c, r->o, doc, fs);
    if (r->o->db && st == BK_OK) {
        d->doc = doc;
        d->fs = fs;
    } else {
        bk_document_free(doc);
        bk_findings_free(fs);
    }
}

static void *vworker(void *arg)
{
    vrun *r = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&r->next, 1);
        if (i >= r->hi) break;
        if (r->interrupted && *r->interrupted)
            r->docs[i].status = EXIT_INTERRUPTED;
        else
            run_doc(r, &r->docs[i]);
        atomic_fetch_add(&r->done, 1);
    }
    return NULL;
}

/* Run the documents [lo, hi) on @p jobs threads (this one when none can start). */
static void run_wave(vrun *r, int jobs, bool progress)
{
    atomic_store(&r->next, r->lo);
    size_t n = r->hi - r->lo;
    if ((size_t)jobs > n) jobs = (int)n;
    pthread_t threads[256];
    int started = 0;
    for (; jobs > 1 && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, vworker, r)) break;
    if (started == 0) {
        if (!progress)
            vworker(r);
        else { /* one thread: show progress between documents */
            size_t hi = r->hi;
            for (size_t i = r->lo; i < hi; i++) {
                atomic_store(&r->next, i);
                r->hi = i + 1; /* vworker takes this one document */
                vworker(r);
                cli_progress_bar("validating", atomic_load(&r->done), r->n);
            }
            r->hi = hi;
        }
    }
    while (progress && started && atomic_load(&r->done) < r->hi) {
        cli_progress_bar("validating", atomic_load(&r->done), r->n);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
}

/* Display width of UTF-8 text: CJK characters (3-byte sequences from U+2E80) count 2. */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        w += (*p >= 0xE2 && !(*p == 0xE2 && p[1] < 0xBA)) && *p < 0xF0 ? 2 : 1;
    }
    return w;
}

static void cell(FILE *out, const char *s, size_t width, bool right)
{
    size_t w = width_of(s);
    if (right)
        fprintf(out, "%*s%s  ", (int)(width > w ? width - w : 0), "", s);
    else
        fprintf(out, "%s%*s  ", s, (int)(width > w ? width - w : 0), "");
}

/* The summary table after the blocks: document, kind, year, department, errors, warnings, rounding. */
static void summary_table(FILE *out, const vrun *r)
{
    static const char *const head[] = {"document", "kind", "year", "department", "errors", "warnings", "rounding"};
    size_t w[7];
    for (int k = 0; k < 7; k++) w[k] = width_of(head[k]);
    char buf[7][64];
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            fputc('\n', out);
            for (int k = 0; k < 7; k++) cell(out, head[k], w[k], k >= 4);
            fputc('\n', out);
        }
        for (size_t i = 0; i < r->n; i++) {
            const vdoc *d = &r->docs[i];
            if (d->skipped) continue;
            const char *v[7] = {d->path, "", "", "", "", "", ""};
            if (d->status == EXIT_INTERRUPTED)
                v[1] = "interrupted";
            else if (d->status)
                v[1] = "unreadable";
            else {
                v[1] = d->kind ? d->kind : "?";
                snprintf(buf[2], sizeof buf[2], "%d", (int)d->year);
                v[2] = d->year ? buf[2] : "?";
                v[3] = d->department ? d->department : "?";
                snprintf(buf[4], sizeof buf[4], "%zu", d->n_error);
                snprintf(buf[5], sizeof buf[5], "%zu", d->n_warning);
                snprintf(buf[6], sizeof buf[6], "%zu", d->n_rounding);
                v[4] = buf[4], v[5] = buf[5], v[6] = buf[6];
            }
            for (int k = 0; k < 7; k++) {
                if (!pass) {
                    size_t x = width_of(v[k]);
                    if (x > w[k]) w[k] = x;
                } else
                    cell(out, v[k], w[k], k >= 4);
            }
            if (pass) fputc('\n', out);
        }
    }
}

/* --db: the wave's documents and findings into the database. */
static int write_db(vrun *r, cli_many *m)
{
    bk_batch_item items[WAVE];
    size_t n = 0;
    for (size_t i = r->lo; i < r->hi; i++)
        if (r->docs[i].doc)
            items[n++] = (bk_batch_item){.doc = r->docs[i].doc, .source = r->docs[i].path, .findings = r->docs[i].fs};
    int rc = n ? cli_many_write(r->c, m, items, n) : EXIT_OK;
    for (size_t i = r->lo; i < r->hi; i++) {
        bk_document_free(r->docs[i].doc);
        bk_findings_free(r->docs[i].fs);
        r->docs[i].doc = NULL;
        r->docs[i].fs = NULL;
    }
    return rc;
}

static int open_db(vrun *r, cli_many **m)
{
    const bk_plugin *w = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_registry_pick_writer(r->c->reg, r->o->db, &w, &err) == BK_OK &&
        !(w->caps & BK_CAP_WRITE_MANY && w->write_many))
        bk_error_set(&err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot hold many documents (--db needs sqlite)",
                     w->name);
    if (err.code) {
        bk_error_set_file(&err, r->o->db);
        cli_print_error(r->c, &err);
        return EXIT_FORMAT;
    }
    /* the database gains these documents; one it already holds gets these findings */
    return cli_many_begin(r->c, w, r->o->db, BK_WRITE_APPEND | BK_WRITE_REPLACE, m);
}

/* Print the wave's blocks in input order. Returns whether anything was printed. */
static void print_wave(vrun *r, bool *first)
{
    for (size_t i = r->lo; i < r->hi; i++) {
        vdoc *d = &r->docs[i];
        if (d->diags) fputs(d->diags, stderr);
        if (d->skipped) {
            if (!r->c->quiet) fprintf(stderr, "%s: note: skipped: no format claims this file\n", d->path);
            continue;
        }
        if (d->status && d->status != EXIT_INTERRUPTED) cli_print_error(r->c, &d->err);
        if (!d->block) continue;
        bool json = !strcmp(r->o->format, "json");
        if (!r->single && !*first && !strcmp(r->o->format, "text")) fputc('\n', stdout);
        if (!r->single && !*first && json) fputs(",\n", stdout);
        if (!r->single || d->status == EXIT_OK || !strcmp(r->o->format, "csv")) fputs(d->block, stdout);
        *first = false;
    }
}

/* ---- across documents (core/crossdoc.c): after the blocks, before the summary ---- */

static int crossdoc_run(vrun *r, bk_crossdoc_findings **out)
{
    *out = NULL;
    const bk_crossdoc_doc **v = malloc((r->n ? r->n : 1) * sizeof *v);
    if (!v) return EXIT_INTERNAL;
    for (size_t i = 0; i < r->n; i++) v[i] = r->docs[i].xd;
    bk_error err;
    bk_error_clear(&err);
    int st = bk_crossdoc_check(v, r->n, &r->o->v, out, &err);
    free(v);
    if (st == BK_OK) return EXIT_OK;
    cli_print_error(r->c, &err);
    return EXIT_INTERNAL;
}

/* Errors, then warnings, then rounding; each in document order (the library's). */
static void crossdoc_each(const vrun *r, const bk_crossdoc_findings *x,
                          void (*fn)(FILE *, const vrun *, const bk_crossdoc_finding *, bool), FILE *out)
{
    static const bk_finding_severity order[] = {BK_FINDING_ERROR, BK_FINDING_WARNING, BK_FINDING_ROUNDING};
    bool first = true;
    for (size_t k = 0; k < 3; k++) {
        if (r->o->show.errors_only && order[k] != BK_FINDING_ERROR) continue;
        for (size_t i = 0; i < x->count; i++)
            if (x->items[i].severity == order[k]) {
                fn(out, r, &x->items[i], first);
                first = false;
            }
    }
}

static void crossdoc_text_one(FILE *out, const vrun *r, const bk_crossdoc_finding *f, bool first)
{
    (void)first;
    fprintf(out, "  %-8s %-4s", bk_finding_severity_name(f->severity), f->rule);
    if (f->table_kind) fprintf(out, " %s (%s)", f->table_title ? f->table_title : "?", f->table_kind);
    if (f->column_label) fprintf(out, " [%s]", f->column_label);
    fprintf(out, " (%s%s%s; %s%s%s): %s\n", r->docs[f->doc].path, f->where ? " " : "", f->where ? f->where : "",
            r->docs[f->other].path, f->other_where ? " " : "", f->other_where ? f->other_where : "", f->message);
}

static void crossdoc_summary_line(FILE *out, const bk_crossdoc_findings *x)
{
    fprintf(out, "across documents: %zu error%s, %zu rounding, %zu warning%s (%zu matched, %zu checks)\n", x->n_error,
            x->n_error == 1 ? "" : "s", x->n_rounding, x->n_warning, x->n_warning == 1 ? "" : "s", x->n_matches,
            x->n_checks);
}

static void crossdoc_text(FILE *out, const vrun *r, const bk_crossdoc_findings *x)
{
    fputs("\n== across documents\n", out);
    if (!r->o->show.quiet) crossdoc_each(r, x, crossdoc_text_one, out);
    crossdoc_summary_line(out, x);
}

/* What a finding across documents prints (amounts formatted into e, a, d). */
static void crossdoc_view(vout_finding *v, const vrun *r, const bk_crossdoc_finding *f, char *e, char *a, char *d)
{
    memset(v, 0, sizeof *v);
    bk_amount_format(f->expected, e, BK_AMOUNT_TEXT_MAX);
    bk_amount_format(f->actual, a, BK_AMOUNT_TEXT_MAX);
    bk_amount_format(f->difference, d, BK_AMOUNT_TEXT_MAX);
    v->rule = f->rule;
    v->severity = bk_finding_severity_name(f->severity);
    v->document = r->docs[f->doc].path;
    v->other_document = r->docs[f->other].path;
    v->table_kind = f->table_kind;
    v->table_title = f->table_title;
    v->row = f->row;
    v->column = f->column;
    v->column_label = f->column_label;
    v->expected = e, v->actual = a, v->difference = d;
    v->message = f->message;
    v->where = f->where;
    v->other_where = f->other_where;
    /* the library gives the positions as text only (no box): read them back */
    vout_pos_parse(f->where, &v->pos, v->sheet, sizeof v->sheet);
    vout_pos_parse(f->other_where, &v->other_pos, v->other_sheet, sizeof v->other_sheet);
}

static void crossdoc_json_one(FILE *out, const vrun *r, const bk_crossdoc_finding *f, bool first)
{
    char e[BK_AMOUNT_TEXT_MAX], a[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
    vout_finding v;
    crossdoc_view(&v, r, f, e, a, d);
    fputs(first ? "\n  " : ",\n  ", out);
    vout_json_finding(out, &v, NULL, NULL);
}

static void crossdoc_csv_one(FILE *out, const vrun *r, const bk_crossdoc_finding *f, bool first)
{
    (void)first;
    char e[BK_AMOUNT_TEXT_MAX], a[BK_AMOUNT_TEXT_MAX], d[BK_AMOUNT_TEXT_MAX];
    vout_finding v;
    crossdoc_view(&v, r, f, e, a, d);
    vout_csv_finding(out, &v);
}

static void crossdoc_json(FILE *out, const vrun *r, const bk_crossdoc_findings *x)
{
    fputs(",\n\"crossdoc\": [", out);
    crossdoc_each(r, x, crossdoc_json_one, out);
    fputs(x->count ? "\n]" : "]", out);
}

static int run_all(vrun *r, int jobs)
{
    cli_many *m = NULL;
    int rc = EXIT_OK;
    if (r->o->db) rc = open_db(r, &m);
    if (rc) return rc;
    bool json = !strcmp(r->o->format, "json"), csv = !strcmp(r->o->format, "csv");
    bool progress = r->c->progress && !r->single, first = true;
    if (csv) fputs(VOUT_CSV_HEADER, stdout);
    if (json && !r->single) fputs("{\"documents\": [\n", stdout);
    for (r->lo = 0; rc == EXIT_OK && r->lo < r->n; r->lo = r->hi) {
        r->hi = r->lo + WAVE < r->n ? r->lo + WAVE : r->n;
        size_t hi = r->hi;
        run_wave(r, jobs, progress);
        r->hi = hi;
        if (progress) fputs("\r\033[K", stderr);
        print_wave(r, &first);
        if (m) rc = write_db(r, m);
        if (r->interrupted && *r->interrupted) rc = EXIT_INTERRUPTED;
    }
    bk_crossdoc_findings *x = NULL;
    if (rc == EXIT_OK && !r->single && !r->o->no_crossdoc) rc = crossdoc_run(r, &x);
    if (x && csv) crossdoc_each(r, x, crossdoc_csv_one, stdout);
    size_t n_docs = 0, n_bad = 0, n_failed = 0, n_skip = 0, e = 0, w = 0, ro = 0;
    for (size_t i = 0; i < r->n; i++) {
        const vdoc *d = &r->docs[i];
        if (d->skipped)
            n_skip++;
        else if (d->status)
            n_bad++;
        else {
            n_docs++;
            n_failed += d->failed;
            e += d->n_error, w += d->n_warning, ro += d->n_rounding;
        }
    }
    if (json && !r->single) {
        fputs(first ? "]" : "\n]", stdout);
        if (x) crossdoc_json(stdout, r, x);
        fprintf(stdout,
                ",\n\"summary\": {\"documents\": %zu, \"read\": %zu, \"unreadable\": %zu, \"failed\": %zu, "
                "\"errors\": %zu, \"warnings\": %zu, \"rounding\": %zu, ",
                n_docs + n_bad, n_docs, n_bad, n_failed, e, w, ro);
        if (x)
            fprintf(stdout,
                    "\"crossdoc\": {\"matched\": %zu, \"checks\": %zu, \"errors\": %zu, \"warnings\": %zu, "
                    "\"rounding\": %zu}, ",
                    x->n_matches, x->n_checks, x->n_error, x->n_warning, x->n_rounding);
        fputs("\"skipped_files\": [", stdout);
        for (size_t i = 0, k = 0; i < r->n; i++)
            if (r->docs[i].skipped) {
                fputs(k++ ? ", " : "", stdout);
                vout_json_string(stdout, r->docs[i].path);
            }
        fputs("]}}\n", stdout);
    } else if (!json && !csv && !r->single) {
        if (x) crossdoc_text(stdout, r, x);
        summary_table(stdout, r);
        printf("%zu document%s: %zu with errors, %zu unreadable%s; %zu errors, %zu warnings, %zu rounding\n",
               n_docs + n_bad, n_docs + n_bad == 1 ? "" : "s", n_failed, n_bad, n_skip ? ", other files skipped" : "",
               e, w, ro);
    }
    bool x_failed = x && x->n_error;
    bk_crossdoc_findings_free(x);
    if (m) rc = rc == EXIT_OK ? cli_many_commit(r->c, m) : (cli_many_abort(m), rc);
    if (rc) return rc;
    if (r->n == 1 && r->docs[0].annotate_rc) return r->docs[0].annotate_rc;
    if (r->single && r->n == 1 && r->docs[0].status) return r->docs[0].status;
    if (n_failed || x_failed) return EXIT_FINDINGS;
    if (n_bad) return EXIT_INPUT;
    return EXIT_OK;
}

/* --annotate: one document, a writer that puts findings on cells, no output replaced unasked. */
static int annotate_setup(cli_common *c, vopts *o, const char **in, size_t n_in)
{
    struct stat st;
    if (n_in != 1 || (strcmp(in[0], "-") && stat(in[0], &st) == 0 && S_ISDIR(st.st_mode))) {
        fprintf(stderr, "%s: error: --annotate takes one document\n", c->prog);
        return EXIT_USAGE;
    }
    bk_error err;
    bk_error_clear(&err);
    const bk_plugin *w = NULL;
    if (c->to && !(w = bk_registry_find(c->reg, c->to, NULL)))
        bk_error_set(&err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL, "no format '%s'", c->to);
    else if (!c->to)
        bk_registry_pick_writer(c->reg, o->annotate, &w, &err);
    if (!err.code && !(w->caps & BK_CAP_ANNOTATE))
        bk_error_set(&err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot carry findings on its cells (use .xlsx)",
                     w->name);
    if (err.code) {
        bk_error_set_file(&err, o->annotate);
        cli_print_error(c, &err);
        return EXIT_FORMAT;
    }
    o->annotate_writer = w;
    return cli_check_overwrite(o->annotate, o->overwrite, false);
}

int cmd_validate(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit validate");
    vopts o = {.format = "text", .jobs = cli_default_jobs()};
    bk_validate_options_default(&o.v);
    const char **in = calloc((size_t)argc, sizeof *in);
    size_t n_in = 0;
    if (!in) rc = EXIT_INTERNAL;
    cli_parser args;
    cli_parser_init(&args, CLI_VALIDATE, c.prog, argc, argv);
    for (int id; rc == EXIT_OK && (id = cli_next_option(&c, &args)) != CLI_DONE;) {
        int k = id > 0 ? validate_option(&c, &o, id, args.arg) : 0;
        if (k < 0 || id == CLI_ERROR)
            rc = EXIT_USAGE;
        else if (id == CLI_ARG)
            in[n_in++] = args.arg;
        else if (k == 0)
            rc = cli_unhandled_option(&c, &args);
    }
    if (c.help) {
        free(in);
        cli_common_free(&c);
        return EXIT_OK;
    }
    o.show.quiet = c.quiet;
    if (rc == EXIT_OK && !n_in) {
        fprintf(stderr, "%s: error: expected IN (see --help)\n", c.prog);
        rc = EXIT_USAGE;
    }
    for (size_t i = 0; rc == EXIT_OK && i < n_in; i++)
        if (!strcmp(in[i], "-") && n_in > 1) {
            fprintf(stderr, "%s: error: standard input can only be validated alone\n", c.prog);
            rc = EXIT_USAGE;
        }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    if (rc == EXIT_OK && o.annotate) rc = annotate_setup(&c, &o, in, n_in);
    vrun r;
    memset(&r, 0, sizeof r);
    r.c = &c;
    r.o = &o;
    r.interrupted = cli_install_signals();
    cli_inputs inputs = {0};
    if (rc == EXIT_OK) rc = cli_inputs_collect(&c, in, n_in, &inputs);
    for (size_t i = 0; rc == EXIT_OK && i < inputs.n; i++) rc = add_doc(&r, &inputs.v[i]);
    cli_inputs_free(&inputs);
    r.single = rc == EXIT_OK && n_in == 1 && r.n == 1 && r.docs[0].named;
    if (rc == EXIT_OK && r.single && !strcmp(in[0], "-")) {
        free(r.docs[0].path);
        r.docs[0].path = strdup("-");
    }
    if (rc == EXIT_OK) {
        if (r.single) o.jobs = 1;
        rc = run_all(&r, o.jobs);
        if (fflush(stdout) != 0 && rc == EXIT_OK) rc = EXIT_OUTPUT;
    }
    for (size_t i = 0; i < r.n; i++) {
        free(r.docs[i].path);
        free(r.docs[i].diags);
        free(r.docs[i].block);
        free(r.docs[i].department);
        bk_document_free(r.docs[i].doc);
        bk_findings_free(r.docs[i].fs);
        bk_crossdoc_doc_free(r.docs[i].xd);
    }
    free(r.docs);
    free(in);
    cli_common_free(&c);
    return rc;
}
