/* SPDX-License-Identifier: MIT */
/* xml_bench: time the xml plugin's validated read and its write separately.
 *
 *   xml_bench PLUGIN_DIR IN.xml OUT.xml [indent=true|false]
 *
 * Prints one line of key=value pairs: input and output bytes; read and
 * write wall and CPU seconds and MB/s; the process's peak RSS after the read
 * (VmHWM) and the size of the document model it returned (which grows with
 * the input by design; the rest is the reader's own memory). Built by
 * bench/xml/bench.sh against a budgetkit build. */
#include <budgetkit/budgetkit.h>
#include <budgetkit/io.h>
#include <budgetkit/registry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}
/* CPU time: on a busy machine wall time mostly measures the other processes */
static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* A line of /proc/self/status in KiB ("VmHWM:", "VmRSS:"). */
static long status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0) {
            v = strtol(line + n, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

/* Bytes the document model occupies: its strings (the arena rounds each to 16)
 * and its arrays at their capacities. An estimate, to tell the model (which
 * grows with the input by design) from the reader's own memory. */
static size_t str_bytes(const char *s)
{
    return s ? ((strlen(s) + 1 + 15) & ~(size_t)15) : 0;
}

static size_t model_bytes(const bk_document *d)
{
    size_t n = sizeof *d + d->cap_units * sizeof(bk_budget_unit) + d->cap_tables * sizeof(bk_table) +
               d->cap_perf_targets * sizeof(bk_perf_target) + d->cap_sections * sizeof(bk_section);
    for (size_t i = 0; i < d->n_units; i++)
        n += str_bytes(d->units[i].code) + str_bytes(d->units[i].name) + str_bytes(d->units[i].type);
    for (size_t i = 0; i < d->n_tables; i++) {
        const bk_table *t = &d->tables[i];
        n += str_bytes(t->kind) + str_bytes(t->title) + str_bytes(t->number_label) + str_bytes(t->department) +
             str_bytes(t->unit_label) + str_bytes(t->note) + t->cap_panels * sizeof(bk_panel);
        for (size_t p = 0; p < t->n_panels; p++) {
            const bk_panel *pn = &t->panels[p];
            n += pn->cap_columns * sizeof(bk_column) + pn->cap_rows * sizeof(bk_row);
            for (size_t c = 0; c < pn->n_columns; c++)
                n += str_bytes(pn->columns[c].key) + str_bytes(pn->columns[c].label);
            for (size_t r = 0; r < pn->n_rows; r++) {
                const bk_row *row = &pn->rows[r];
                n += str_bytes(row->key) + str_bytes(row->code) + str_bytes(row->name) +
                     ((pn->n_columns * sizeof(bk_cell) + 15) & ~(size_t)15);
                for (size_t c = 0; c < pn->n_columns; c++) n += str_bytes(row->cells[c].text);
            }
        }
    }
    for (size_t i = 0; i < d->n_perf_targets; i++) {
        const bk_perf_target *p = &d->perf_targets[i];
        n += p->cap_fields * sizeof(bk_field) + p->cap_amounts * sizeof(bk_perf_amount) +
             p->cap_tasks * sizeof(bk_field) + p->cap_indicators * sizeof(bk_indicator);
        for (size_t j = 0; j < p->n_fields; j++)
            n += str_bytes(p->fields[j].key) + str_bytes(p->fields[j].label) + str_bytes(p->fields[j].value);
        for (size_t j = 0; j < p->n_indicators; j++) {
            const bk_indicator *x = &p->indicators[j];
            n += str_bytes(x->period) + str_bytes(x->level1) + str_bytes(x->level2) + str_bytes(x->level3) +
                 str_bytes(x->value_raw) + str_bytes(x->op) + str_bytes(x->unit);
        }
    }
    for (size_t i = 0; i < d->n_sections; i++) n += str_bytes(d->sections[i].heading) + str_bytes(d->sections[i].text);
    return n;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: xml_bench PLUGIN_DIR IN.xml OUT.xml [indent=true|false]\n");
        return 2;
    }
    bk_error err;
    bk_error_clear(&err);
    bk_registry *reg = bk_registry_new();
    if (!reg || bk_registry_add_dir(reg, argv[1], &err) != BK_OK) {
        fprintf(stderr, "xml_bench: %s\n", err.message);
        return 1;
    }
    bk_limits lim;
    bk_limits_default(&lim);
    lim.tables = 100000000; /* the generated documents have one table per department */
    bk_options *opts = bk_options_new();
    if (argc > 4 && bk_options_parse(opts, argv[4], &err) != BK_OK) {
        fprintf(stderr, "xml_bench: %s\n", err.message);
        return 2;
    }

    /* BENCH_READS=N reads N times and keeps the fastest; the peak RSS is the first read's */
    int reads = getenv("BENCH_READS") ? atoi(getenv("BENCH_READS")) : 1;
    if (reads < 1) reads = 1;
    bk_document *doc = NULL;
    double t_read = 1e300, c_read = 1e300, t0, c0;
    long hwm_read = 0;
    int rc = BK_OK;
    for (int i = 0; i < reads; i++) {
        bk_io_settings rs = {0};
        rs.format = "xml";
        rs.limits = &lim;
        bk_document_free(doc);
        doc = NULL;
        t0 = now();
        c0 = cpu();
        rc = bk_read_document(reg, argv[2], &rs, &doc, &err);
        if (now() - t0 < t_read) t_read = now() - t0;
        if (cpu() - c0 < c_read) c_read = cpu() - c0;
        if (rc) {
            fprintf(stderr, "xml_bench: read: %s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
            return 1;
        }
        if (i == 0) hwm_read = status_kib("VmHWM:");
    }

    /* BENCH_WRITES=N writes N times and keeps the fastest (a loaded machine is noisy) */
    int writes = getenv("BENCH_WRITES") ? atoi(getenv("BENCH_WRITES")) : 1;
    if (writes < 1) writes = 1;
    double t_write = 1e300, c_write = 1e300;
    for (int i = 0; i < writes && rc == BK_OK; i++) {
        bk_io_settings ws = {0};
        ws.format = "xml";
        ws.options = opts;
        t0 = now();
        c0 = cpu();
        rc = bk_write_document(reg, doc, argv[3], &ws, &err);
        if (now() - t0 < t_write) t_write = now() - t0;
        if (cpu() - c0 < c_write) c_write = cpu() - c0;
    }
    if (rc) {
        fprintf(stderr, "xml_bench: write: %s: %s: %s\n", err.file, err.context, err.message);
        return 1;
    }
    long long in_bytes = file_size(argv[2]), out_bytes = file_size(argv[3]);
    size_t rows = 0;
    for (size_t i = 0; i < doc->n_tables; i++)
        for (size_t p = 0; p < doc->tables[i].n_panels; p++) rows += doc->tables[i].panels[p].n_rows;
    printf("in_bytes=%lld tables=%zu rows=%zu read_s=%.3f read_cpu_s=%.3f read_mbs=%.1f read_cpu_mbs=%.1f "
           "out_bytes=%lld write_s=%.3f write_cpu_s=%.3f write_mbs=%.1f write_cpu_mbs=%.1f "
           "peak_rss_kib=%ld model_kib=%zu\n",
           in_bytes, doc->n_tables, rows, t_read, c_read, (double)in_bytes / 1e6 / t_read,
           (double)in_bytes / 1e6 / c_read, out_bytes, t_write, c_write, (double)out_bytes / 1e6 / t_write,
           (double)out_bytes / 1e6 / c_write, hwm_read, model_bytes(doc) / 1024);
    bk_document_free(doc);
    bk_options_free(opts);
    bk_registry_free(reg);
    return 0;
}
