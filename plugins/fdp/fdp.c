/* SPDX-License-Identifier: MIT */
/* fdp: the Fiscal Data Package export for open-data portals (docs in README.md):
 * a zipped Data Package holding datapackage.json (profile fiscal-data-package,
 * with the fiscal model: one measure, the amount in 元, and its dimensions) and
 * one CSV resource, figures.csv, with one row per printed figure. Amounts are
 * exact decimal text (万元 tables converted to 元 by moving the decimal point). */
#include <budgetkit/plugin.h>
#include <stdlib.h>
#include <string.h>
#include "fdp_zip.h"

typedef struct out {
    FILE *fp;
    char *buf;
    size_t len;
} out;

static int out_open(out *o)
{
    o->buf = NULL;
    o->len = 0;
    o->fp = open_memstream(&o->buf, &o->len);
    return o->fp ? 0 : -1;
}

static int out_close(out *o)
{
    int bad = ferror(o->fp);
    return fclose(o->fp) || bad ? -1 : 0;
}

/* A CSV field: quoted when it holds a separator, quote or line end; NULL is empty. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else if (s) {
        fputs(s, fp);
    }
    fputs(last ? "\r\n" : ",", fp);
}

static void json_string(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

/* The amount in 元, exactly: a 万元 figure has its decimal point moved four places. */
static int to_yuan(bk_amount a, bk_unit_kind u, bk_amount *y)
{
    *y = a;
    if (u != BK_UNIT_WAN_YUAN) return 0;
    int64_t m = 1;
    for (int s = y->scale; s < 4; s++) m *= 10;
    if (y->scale >= 4) {
        y->scale -= 4;
        return 0;
    }
    if (__builtin_mul_overflow(a.units, m, &y->units)) return -1;
    y->scale = 0;
    return 0;
}

/* The resource's columns: name, Table Schema type, description. */
static const char *const FIELDS[][3] = {
    {"fiscal_year", "integer", "the budget year (预算年度)"},
    {"document_kind", "string", "budget (预算) or final_accounts (决算)"},
    {"department_code", "string", "the department's code as printed"},
    {"department_name", "string", "the department as printed"},
    {"table_seq", "integer", "the table's position in the document, from 0"},
    {"table_kind", "string", "the table's definition key (budget.income …) or custom"},
    {"table_title", "string", "the table's title as printed"},
    {"panel", "string", "main, income or expense"},
    {"row_seq", "integer", "the row's position in its panel, from 0"},
    {"code", "string", "the classification code as printed (leading zeros kept)"},
    {"name", "string", "the row's name as printed"},
    {"level", "integer", "0 total or heading, 1 类, 2 款, 3 项"},
    {"column_key", "string", "the column's definition key"},
    {"column_label", "string", "the column's printed header path"},
    {"amount", "number", "the figure in 元, exact decimal text"},
    {"printed", "string", "the figure exactly as printed, in printed_unit"},
    {"printed_unit", "string", "元 or 万元, as printed"},
};
enum { N_FIELDS = sizeof FIELDS / sizeof FIELDS[0] };

typedef struct counts {
    size_t figures, skipped_tables, text_cells;
} counts;

static int write_rows(const bk_host *h, const bk_document *doc, FILE *fp, counts *n, const bk_sink *sink, bk_error *err)
{
    for (int k = 0; k < N_FIELDS; k++) csv_field(fp, FIELDS[k][0], k == N_FIELDS - 1);
    char year[16] = "", tseq[24], rseq[24], level[16], amt[BK_AMOUNT_TEXT_MAX], printed[BK_AMOUNT_TEXT_MAX];
    if (doc->fiscal_year) snprintf(year, sizeof year, "%d", (int)doc->fiscal_year);
    for (size_t t = 0; t < doc->n_tables; t++) {
        const bk_table *tb = &doc->tables[t];
        if (tb->unit != BK_UNIT_YUAN && tb->unit != BK_UNIT_WAN_YUAN) {
            n->skipped_tables++;
            if (sink->diags)
                h->diags_add(sink->diags, BK_SEV_WARNING, 0, 0, tb->title,
                             "table %zu (%s) prints no unit (元 or 万元): left out of the Fiscal Data Package", t,
                             tb->kind ? tb->kind : "custom");
            continue;
        }
        snprintf(tseq, sizeof tseq, "%zu", t);
        for (size_t p = 0; p < tb->n_panels; p++) {
            const bk_panel *pn = &tb->panels[p];
            for (size_t r = 0; r < pn->n_rows; r++) {
                const bk_row *row = &pn->rows[r];
                snprintf(rseq, sizeof rseq, "%zu", r);
                snprintf(level, sizeof level, "%d", (int)row->level);
                for (size_t c = 0; c < pn->n_columns; c++) {
                    const bk_cell *cell = &row->cells[c];
                    if (pn->columns[c].type != BK_CELL_AMOUNT) continue; /* not a figure */
                    if (cell->kind == BK_CELL_BLANK) continue;           /* blank is absent, never 0 */
                    const char *a = "", *pr;
                    if (cell->kind == BK_CELL_AMOUNT) {
                        bk_amount y;
                        if (to_yuan(cell->amount, tb->unit, &y))
                            return h->error_set(err, BK_ERR_VALUE, row->pos.line, 0, tb->title,
                                                "a figure too large to state in 元");
                        h->amount_format(y, amt, sizeof amt);
                        h->amount_format(cell->amount, printed, sizeof printed);
                        a = amt;
                        pr = printed;
                        n->figures++;
                    } else {
                        pr = cell->text ? cell->text : ""; /* kept as printed; no amount */
                        n->text_cells++;
                    }
                    const char *v[N_FIELDS] = {year,
                                               h->doc_kind_name(doc->kind),
                                               doc->department_code,
                                               doc->department_name,
                                               tseq,
                                               tb->kind ? tb->kind : "custom",
                                               tb->title,
                                               pn->key,
                                               rseq,
                                               row->code,
                                               row->name,
                                               level,
                                               pn->columns[c].key,
                                               pn->columns[c].label,
                                               a,
                                               pr,
                                               tb->unit == BK_UNIT_WAN_YUAN ? "万元" : "元"};
                    for (int k = 0; k < N_FIELDS; k++) csv_field(fp, v[k], k == N_FIELDS - 1);
                }
            }
        }
    }
    if (n->text_cells && sink->diags)
        h->diags_add(sink->diags, BK_SEV_WARNING, 0, 0, NULL,
                     "%zu figure cells print text, not an amount: exported with an empty amount and the text in "
                     "'printed'",
                     n->text_cells);
    return BK_OK;
}

/* [a-z0-9-] from the document's year and kind: Data Package names are lowercase ASCII. */
static void package_name(const bk_host *h, const bk_document *doc, char *buf, size_t cap)
{
    char code[40] = "";
    const char *dc = doc->department_code;
    size_t k = 0;
    for (; dc && *dc && k + 1 < sizeof code; dc++)
        if ((*dc >= '0' && *dc <= '9') || (*dc >= 'a' && *dc <= 'z'))
            code[k++] = *dc;
        else if (*dc >= 'A' && *dc <= 'Z')
            code[k++] = (char)(*dc - 'A' + 'a');
    code[k] = 0;
    const char *kind = doc->kind == BK_DOC_FINAL_ACCOUNTS ? "final-accounts" : h->doc_kind_name(doc->kind);
    snprintf(buf, cap, "budgetkit-%d-%s%s%s", (int)doc->fiscal_year, kind, code[0] ? "-" : "", code);
}

static void write_descriptor(const bk_host *h, const bk_document *doc, FILE *fp)
{
    char name[96];
    package_name(h, doc, name, sizeof name);
    fprintf(fp, "{\n  \"profile\": \"fiscal-data-package\",\n  \"name\": \"%s\",\n  \"title\": ", name);
    json_string(fp, doc->title ? doc->title : doc->department_name ? doc->department_name : name);
    fputs(",\n  \"countryCode\": \"CN\"", fp);
    if (doc->fiscal_year)
        fprintf(fp, ",\n  \"fiscalPeriod\": {\"start\": \"%04d-01-01\", \"end\": \"%04d-12-31\"}",
                (int)doc->fiscal_year, (int)doc->fiscal_year);
    fputs(",\n  \"resources\": [\n    {\"name\": \"figures\", \"path\": \"figures.csv\", \"profile\": "
          "\"tabular-data-resource\", \"format\": \"csv\", \"mediatype\": \"text/csv\", \"encoding\": \"utf-8\",\n"
          "     \"dialect\": {\"delimiter\": \",\", \"lineTerminator\": \"\\r\\n\", \"header\": true},\n"
          "     \"schema\": {\"fields\": [\n",
          fp);
    for (int k = 0; k < N_FIELDS; k++) {
        fprintf(fp, "       {\"name\": \"%s\", \"type\": \"%s\", \"description\": ", FIELDS[k][0], FIELDS[k][1]);
        json_string(fp, FIELDS[k][2]);
        fprintf(fp, "}%s\n", k == N_FIELDS - 1 ? "" : ",");
    }
    fputs("     ], \"primaryKey\": [\"table_seq\", \"panel\", \"row_seq\", \"column_key\"]}}\n  ],\n", fp);
    /* the fiscal model: what each column means to a portal (FDP "model") */
    fprintf(
        fp,
        "  \"model\": {\n"
        "    \"measures\": {\n"
        "      \"amount\": {\"source\": \"amount\", \"resource\": \"figures\", \"currency\": \"CNY\", \"factor\": 1,"
        " \"phase\": \"%s\"}\n"
        "    },\n"
        "    \"dimensions\": {\n"
        "      \"date\": {\"dimensionType\": \"datetime\", \"primaryKey\": [\"fiscal_year\"],"
        " \"attributes\": {\"fiscal_year\": {\"source\": \"fiscal_year\", \"resource\": \"figures\"}}},\n"
        "      \"administrative-classification\": {\"dimensionType\": \"classification\","
        " \"classificationType\": \"administrative\", \"primaryKey\": [\"department_name\"],"
        " \"attributes\": {\"department_name\": {\"source\": \"department_name\", \"resource\": \"figures\"},"
        " \"department_code\": {\"source\": \"department_code\", \"resource\": \"figures\"}}},\n"
        "      \"document\": {\"dimensionType\": \"other\", \"primaryKey\": [\"document_kind\"],"
        " \"attributes\": {\"document_kind\": {\"source\": \"document_kind\", \"resource\": \"figures\"}}},\n"
        "      \"table\": {\"dimensionType\": \"other\", \"primaryKey\": [\"table_seq\"],"
        " \"attributes\": {\"table_seq\": {\"source\": \"table_seq\", \"resource\": \"figures\"},"
        " \"table_kind\": {\"source\": \"table_kind\", \"resource\": \"figures\"},"
        " \"table_title\": {\"source\": \"table_title\", \"resource\": \"figures\", \"labelfor\": \"table_seq\"}}},\n"
        "      \"line\": {\"dimensionType\": \"classification\", \"primaryKey\": [\"panel\", \"row_seq\"],"
        " \"attributes\": {\"panel\": {\"source\": \"panel\", \"resource\": \"figures\"},"
        " \"row_seq\": {\"source\": \"row_seq\", \"resource\": \"figures\"},"
        " \"code\": {\"source\": \"code\", \"resource\": \"figures\"},"
        " \"name\": {\"source\": \"name\", \"resource\": \"figures\", \"labelfor\": \"row_seq\"},"
        " \"level\": {\"source\": \"level\", \"resource\": \"figures\"}}},\n"
        "      \"column\": {\"dimensionType\": \"other\", \"primaryKey\": [\"column_key\"],"
        " \"attributes\": {\"column_key\": {\"source\": \"column_key\", \"resource\": \"figures\"},"
        " \"column_label\": {\"source\": \"column_label\", \"resource\": \"figures\", \"labelfor\": \"column_key\"}}}\n"
        "    }\n  }\n}\n",
        doc->kind == BK_DOC_FINAL_ACCOUNTS ? "executed" : "approved");
}

static int fdp_write(const bk_host *h, const bk_document *doc, const bk_sink *sink, const bk_options *o, bk_error *err)
{
    (void)o;
    out csv, desc;
    counts n = {0};
    if (out_open(&csv)) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    int rc = write_rows(h, doc, csv.fp, &n, sink, err);
    if (out_close(&csv) && rc == BK_OK) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (rc == BK_OK && out_open(&desc) == 0) {
        write_descriptor(h, doc, desc.fp);
        if (out_close(&desc)) rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        fdp_zip z = {.fp = sink->fp};
        if (rc == BK_OK && (fdp_zip_add(&z, "datapackage.json", desc.buf, desc.len) ||
                            fdp_zip_add(&z, "figures.csv", csv.buf, csv.len) || fdp_zip_finish(&z)))
            rc = h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write the package (or it passes 4 GiB)");
        free(desc.buf);
    } else if (rc == BK_OK) {
        rc = h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    free(csv.buf);
    return rc;
}

static int fdp_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)head, (void)head_len, (void)path;
    return 0; /* write only */
}

static const char *const FDP_EXTENSIONS[] = {"fdp", NULL};

static const bk_plugin FDP_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "fdp",
    .description = "Fiscal Data Package for open-data portals (zipped: datapackage.json + figures.csv)",
    .extensions = FDP_EXTENSIONS,
    .caps = BK_CAP_WRITE | BK_CAP_WRITE_VALID_ONLY,
    .options = NULL,
    .probe = fdp_probe,
    .write = fdp_write,
};

BK_PLUGIN_ENTRY(fdp)
{
    return &FDP_PLUGIN;
}
