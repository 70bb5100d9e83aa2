/* `budgetkit validate`: check every arithmetic identity of a document and the
 * figures its text quotes; print the findings as text (grouped by table, a
 * summary line last) or as JSON. */
#include "cli.h"
#include <budgetkit/validate.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "usage: budgetkit validate IN [options]\n\n"
    "Check every arithmetic identity within and across the tables of IN (any input\n"
    "format) and the shares, growth rates and totals its text quotes. Findings are\n"
    "`error` (an identity does not hold), `rounding` (it holds within the rounding\n"
    "tolerance) or `warning` (a soft rule). Identities whose tables are absent are\n"
    "skipped and counted. See docs/validate.md for the rules.\n\n"
    "options:\n"
    "  --format text|json        output format (default text)\n"
    "  --strict                  count rounding findings as errors\n"
    "  --tolerance-wan=X         minimum tolerance in 万元 tables (default 0.02)\n"
    "  --tolerance-per-figure=X  tolerance per figure summed in 万元 tables (default 0.005)\n"
    "  --tolerance-yuan=X        tolerance in 元 tables and forms (default 1)\n"
    "  --no-narrative            do not check the text sections\n"
    "exit status: 0 no errors (rounding allowed unless --strict), 1 errors, 2 usage,\n"
    "3 the input could not be read, 5 no plugin for the format.\n\n";

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

static int order_cmp(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    int gx = group_of(x->f), gy = group_of(y->f);
    if (gx != gy) return gx - gy;
    if (x->f->table_index != y->f->table_index) return x->f->table_index < y->f->table_index ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static order_item *ordered(const bk_findings *fs)
{
    order_item *o = malloc((fs->count ? fs->count : 1) * sizeof *o);
    if (!o) return NULL;
    for (size_t i = 0; i < fs->count; i++) o[i] = (order_item){&fs->items[i], i};
    qsort(o, fs->count, sizeof *o, order_cmp);
    return o;
}

static void print_summary(FILE *out, const char *path, const bk_findings *fs, bool strict)
{
    fprintf(out, "%s: %zu error%s, %zu rounding, %zu warning%s%s (%zu checks, %zu identities, %zu skipped: tables absent)\n",
            path, fs->n_error, fs->n_error == 1 ? "" : "s", fs->n_rounding, fs->n_warning, fs->n_warning == 1 ? "" : "s",
            strict && fs->n_rounding ? "; --strict counts rounding as errors" : "", fs->n_checks, fs->n_identities,
            fs->n_skipped);
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
        } else if (!c->form && c->table_index < doc->n_tables && c->panel_index < doc->tables[c->table_index].n_panels) {
            const bk_table *t = &doc->tables[c->table_index];
            const bk_panel *p = &t->panels[c->panel_index];
            table = t->kind;
            if (c->row_index >= 0 && (size_t)c->row_index < p->n_rows && c->column_index >= 0 &&
                (size_t)c->column_index < p->n_columns) {
                const bk_row *r = &p->rows[c->row_index];
                cell = &r->cells[c->column_index];
                row = r->code && !(r->flags & BK_ROW_CODE_DERIVED) ? r->code : r->name ? r->name : r->key;
                col = p->columns[c->column_index].key;
            }
        }
        char v[BK_AMOUNT_TEXT_MAX] = "-";
        if (cell && cell->kind == BK_CELL_AMOUNT) bk_amount_format(cell->amount, v, sizeof v);
        fprintf(out, "%s %s %s [%s] %s", k ? "," : "", table ? table : "?", row ? row : "?", col ? col : "?", v);
    }
    if (f->n_cells > 12) fprintf(out, ", … (%zu figures)", f->n_cells);
    fputc('\n', out);
}

/* Text report: findings grouped by table, the skipped rules, a summary line last. */
int cli_validate_print_text(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict)
{
    order_item *o = ordered(fs);
    if (!o) return EXIT_INTERNAL;
    for (size_t i = 0; i < fs->count; i++) {
        const bk_finding *f = o[i].f;
        if (i == 0 || group_of(f) != group_of(o[i - 1].f) || f->table_index != o[i - 1].f->table_index)
            fprintf(out, "%s%s (%s)\n", i ? "\n" : "", f->table_title ? f->table_title : "?", f->table_kind);
        fprintf(out, "  %-8s %-4s", bk_finding_severity_name(f->severity), f->rule);
        if (f->row && strcmp(f->table_kind, "narrative")) fprintf(out, " %s", f->row);
        if (f->column) fprintf(out, " [%s]", f->column);
        if (f->pos.line) fprintf(out, " (line %u)", f->pos.line);
        fprintf(out, ": %s\n", f->message);
        print_cells(out, doc, f);
    }
    if (fs->dropped) fprintf(out, "(%zu more findings not kept)\n", fs->dropped);
    if (fs->n_skipped) { /* "V8 (budget.gov_fund_expense, …)", each rule once */
        fprintf(out, "%sskipped, tables absent:", fs->count ? "\n" : "");
        for (size_t i = 0; i < fs->n_skipped_pairs; i++) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(fs->skipped[j].rule, fs->skipped[i].rule);
            if (seen) continue;
            fprintf(out, " %s (", fs->skipped[i].rule);
            for (size_t j = i, n = 0; j < fs->n_skipped_pairs; j++)
                if (!strcmp(fs->skipped[j].rule, fs->skipped[i].rule)) {
                    bool dup = false;
                    for (size_t k = i; k < j && !dup; k++)
                        dup = !strcmp(fs->skipped[k].rule, fs->skipped[j].rule) &&
                              !strcmp(fs->skipped[k].missing, fs->skipped[j].missing);
                    if (!dup) fprintf(out, "%s%s", n++ ? ", " : "", fs->skipped[j].missing);
                }
            fputc(')', out);
        }
        fputc('\n', out);
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

/* ---- JSON ---- */

static void json_string(FILE *out, const char *s)
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
            if (*p < 0x20) fprintf(out, "\\u%04x", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void json_amount(FILE *out, bk_amount a)
{
    char buf[BK_AMOUNT_TEXT_MAX];
    bk_amount_format(a, buf, sizeof buf);
    json_string(out, buf);
}

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
                if (c->column_index >= 0 && (size_t)c->column_index < p->n_columns) col = p->columns[c->column_index].key;
            }
        }
        fputs(k ? ", {\"table_title\": " : "{\"table_title\": ", out);
        json_string(out, title);
        fputs(", \"row\": ", out);
        json_string(out, row);
        fputs(", \"column\": ", out);
        json_string(out, col);
        fputs("}", out);
    }
    fputs("]", out);
}

static int print_json(FILE *out, const char *path, const bk_document *doc, const bk_findings *fs, bool strict)
{
    order_item *o = ordered(fs);
    if (!o) return EXIT_INTERNAL;
    fputs("{\"findings\": [", out);
    for (size_t i = 0; i < fs->count; i++) {
        const bk_finding *f = o[i].f;
        fputs(i ? ",\n  {" : "\n  {", out);
        fputs("\"rule\": ", out);
        json_string(out, f->rule);
        fputs(", \"severity\": ", out);
        json_string(out, bk_finding_severity_name(f->severity));
        fputs(", \"table_kind\": ", out);
        json_string(out, f->table_kind);
        fputs(", \"table_title\": ", out);
        json_string(out, f->table_title);
        fputs(", \"row\": ", out);
        json_string(out, f->row);
        fputs(", \"row_code\": ", out);
        json_string(out, f->row_code);
        fputs(", \"column\": ", out);
        json_string(out, f->column);
        fputs(", \"expected\": ", out);
        json_amount(out, f->expected);
        fputs(", \"actual\": ", out);
        json_amount(out, f->actual);
        fputs(", \"difference\": ", out);
        json_amount(out, f->difference);
        fputs(", \"message\": ", out);
        json_string(out, f->message);
        if (f->pos.line) fprintf(out, ", \"position\": {\"line\": %u, \"column\": %u}", f->pos.line, f->pos.column);
        else fputs(", \"position\": null", out);
        fputs(", \"cells\": ", out);
        json_cells(out, doc, f);
        fputs("}", out);
    }
    fputs(fs->count ? "\n],\n" : "],\n", out);
    fputs("\"summary\": {\"file\": ", out);
    json_string(out, path);
    fprintf(out, ", \"errors\": %zu, \"rounding\": %zu, \"warnings\": %zu, \"checks\": %zu, \"identities\": %zu, "
                 "\"skipped_identities\": %zu, \"dropped\": %zu, \"strict\": %s, \"failed\": %s, \"skipped\": [",
            fs->n_error, fs->n_rounding, fs->n_warning, fs->n_checks, fs->n_identities, fs->n_skipped, fs->dropped,
            strict ? "true" : "false", bk_findings_failed(fs, strict) ? "true" : "false");
    for (size_t i = 0; i < fs->n_skipped_pairs; i++) {
        fputs(i ? ", {\"rule\": " : "{\"rule\": ", out);
        json_string(out, fs->skipped[i].rule);
        fputs(", \"missing\": ", out);
        json_string(out, fs->skipped[i].missing);
        fputs("}", out);
    }
    fprintf(out, "], \"not_applicable\": %zu, \"not_applicable_operands\": [", fs->n_not_applicable);
    for (size_t i = 0; i < fs->n_not_applicable_pairs; i++) {
        fputs(i ? ", {\"rule\": " : "{\"rule\": ", out);
        json_string(out, fs->not_applicable[i].rule);
        fputs(", \"title\": ", out);
        json_string(out, fs->not_applicable[i].title);
        fputs(", \"operand\": ", out);
        json_string(out, fs->not_applicable[i].operand);
        fprintf(out, ", \"count\": %zu}", fs->not_applicable[i].count);
    }
    fputs("]}}\n", out);
    free(o);
    return EXIT_OK;
}

/* ---- the command ---- */

typedef struct vopts {
    const char *format;
    bk_validate_options v;
} vopts;

/* Parse one validate option; 1 consumed, 0 not ours, -1 error. */
static int validate_arg(const cli_common *c, vopts *o, int argc, char **argv, int *i)
{
    static const struct { const char *name; size_t field; } tolerances[] = {
        {"--tolerance-wan", offsetof(bk_validate_options, wan_min)},
        {"--tolerance-per-figure", offsetof(bk_validate_options, wan_per_figure)},
        {"--tolerance-yuan", offsetof(bk_validate_options, yuan)}};
    const char *a = argv[*i];
    if (!strcmp(a, "--strict")) {
        o->v.strict = true;
        return 1;
    }
    if (!strcmp(a, "--no-narrative")) {
        o->v.narrative = false;
        return 1;
    }
    const char *names[4] = {"--format", tolerances[0].name, tolerances[1].name, tolerances[2].name};
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(names[k]);
        if (strncmp(a, names[k], n) != 0 || (a[n] != '=' && a[n] != '\0')) continue;
        const char *v = a[n] == '=' ? a + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
        if (!v) {
            fprintf(stderr, "%s: error: %s needs a value\n", c->prog, names[k]);
            return -1;
        }
        if (k == 0) {
            if (strcmp(v, "text") && strcmp(v, "json")) {
                fprintf(stderr, "%s: error: --format must be text or json, not '%s'\n", c->prog, v);
                return -1;
            }
            o->format = v;
            return 1;
        }
        bk_error err;
        bk_error_clear(&err);
        bk_amount *dst = (bk_amount *)((char *)&o->v + tolerances[k - 1].field);
        if (bk_validate_parse_tolerance(v, dst, &err)) {
            fprintf(stderr, "%s: error: %s: %s\n", c->prog, names[k], err.message);
            return -1;
        }
        return 1;
    }
    return 0;
}

int cmd_validate(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit validate");
    vopts o = {.format = "text"};
    bk_validate_options_default(&o.v);
    const char *in_path = NULL;
    for (int i = 1; rc == EXIT_OK && i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("%s%s", HELP, CLI_COMMON_HELP);
            cli_common_free(&c);
            return EXIT_OK;
        }
        int k = cli_common_arg(&c, argc, argv, &i);
        if (k == 0) k = validate_arg(&c, &o, argc, argv, &i);
        if (k < 0) rc = EXIT_USAGE;
        else if (k == 0 && (argv[i][0] != '-' || !argv[i][1]) && !in_path) in_path = argv[i];
        else if (k == 0) {
            fprintf(stderr, "%s: error: unexpected argument '%s' (see --help)\n", c.prog, argv[i]);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_OK && !in_path) {
        fprintf(stderr, "%s: error: expected IN (see --help)\n", c.prog);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    bk_document *doc = NULL;
    if (rc == EXIT_OK) rc = cli_read_document(&c, in_path, NULL, &doc);
    if (rc == EXIT_OK) {
        bk_findings *fs = NULL;
        bk_error err;
        bk_error_clear(&err);
        int st = bk_validate(doc, &o.v, &fs, &err);
        if (st) {
            cli_print_error(&c, &err);
            rc = EXIT_INTERNAL;
        } else {
            const char *name = strcmp(in_path, "-") ? in_path : "<stdin>";
            rc = !strcmp(o.format, "json") ? print_json(stdout, name, doc, fs, o.v.strict)
                                           : cli_validate_print_text(stdout, name, doc, fs, o.v.strict);
            if (rc == EXIT_OK && bk_findings_failed(fs, o.v.strict)) rc = EXIT_FINDINGS;
            if (fflush(stdout) != 0 && rc == EXIT_OK) rc = EXIT_OUTPUT;
        }
        bk_findings_free(fs);
    }
    bk_document_free(doc);
    cli_common_free(&c);
    return rc;
}
