/* SPDX-License-Identifier: MIT */
/* Time read_records (the csv plugin's ledger path) alone: records and fields per
 * second, wall and CPU. Built by run.sh against the build's libbudgetkit. */
#include <budgetkit/budgetkit.h>
#include <budgetkit/io.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int count(void *ctx, const bk_record *r)
{
    size_t *n = ctx;
    n[0]++;
    n[1] += r->n_fields;
    return 0;
}

static double seconds(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: records_bench FILE.csv\n");
        return 2;
    }
    bk_registry *reg = bk_registry_new();
    bk_error err;
    bk_error_clear(&err);
    bk_registry_load_default(reg, NULL, &err);
    size_t n[2] = {0, 0};
    bk_record_sink sink = {.ctx = n, .record = count};
    bk_io_settings s;
    memset(&s, 0, sizeof s);
    s.format = "csv";
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    int rc = bk_read_records(reg, argv[1], &s, &sink, &err);
    double w = seconds(CLOCK_MONOTONIC) - w0, c = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    bk_registry_free(reg);
    if (rc) {
        fprintf(stderr, "%s:%u: %s\n", argv[1], (unsigned)err.line, err.message);
        return 1;
    }
    printf("%-40s %7.2f s wall %8.0f rec/s | %6.2f s CPU %8.0f rec/s | %zu records, %zu fields\n",
           "read_records (csv plugin)", w, (double)n[0] / w, c, (double)n[0] / c, n[0], n[1]);
    return 0;
}
