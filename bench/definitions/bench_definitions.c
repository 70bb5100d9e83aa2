/* SPDX-License-Identifier: MIT */
/*
 * Benchmark: load every shipped definitions file (parse, merge, check every
 * identity) N times in one process and print the median, min and max wall
 * and CPU time of one load (CPU time is what a shared machine does not inflate). Goal: ≤ 2 ms (issue #12). Each load
 * builds a whole new set, exactly what a `budgetkit` command does once at start-up. bench_definitions [N]     (default
 * 200; every set replaced is kept alive by design, so N is kept modest)
 */
#include <budgetkit/definitions.h>
#include <budgetkit/error.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n < 1 || n > 10000) n = 200;
    double *t = malloc((size_t)n * sizeof *t), *cpu = malloc((size_t)n * sizeof *cpu);
    if (!t || !cpu) return 70;
    bk_error err;
    bk_error_clear(&err);
    for (int i = 0; i < n; i++) {
        double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (bk_definitions_load(NULL, 0, &err) != BK_OK) {
            fprintf(stderr, "bench_definitions: %s: %s: %s\n", err.file, err.context, err.message);
            return 3;
        }
        t[i] = now_ms(CLOCK_MONOTONIC) - t0;
        cpu[i] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    qsort(cpu, (size_t)n, sizeof *cpu, cmp_double);
    size_t nt = 0, nf = 0;
    bk_table_defs(&nt);
    bk_definitions_files(&nf);
    printf("load all definitions (%zu files, %zu tables), %d loads: wall median %.3f ms (min %.3f, max %.3f); "
           "CPU median %.3f ms (min %.3f)\n",
           nf, nt, n, t[n / 2], t[0], t[n - 1], cpu[n / 2], cpu[0]);
    free(t);
    free(cpu);
    return 0;
}
