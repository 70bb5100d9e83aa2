/* SPDX-License-Identifier: MIT */
/* Time the sqlite plugin's write_many: N documents into one new database, one
 * transaction. The documents are read first (not timed) from DIR/dept0001.json …
 * (bench/validate/gen_docs.py), so only the database write is measured; the
 * database is then fsynced, as `convert` does before its rename.
 * Usage: bench_sqlite DIR N OUT.sqlite */
#include <budgetkit/budgetkit.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9; /* timing only, never money */
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_sqlite DIR N OUT.sqlite\n");
        return 2;
    }
    size_t n = (size_t)strtoul(argv[2], NULL, 10);
    bk_registry *reg = bk_registry_new();
    bk_error err;
    bk_error_clear(&err);
    bk_registry_load_default(reg, argv[0], &err);
    const bk_plugin *p = bk_registry_find(reg, "sqlite", NULL);
    if (!p || !p->write_many) {
        fprintf(stderr, "no sqlite plugin\n");
        return 1;
    }
    bk_batch_item *items = calloc(n, sizeof *items);
    char path[4096];
    double t0 = clock_s(CLOCK_MONOTONIC);
    for (size_t i = 0; i < n; i++) {
        bk_document *doc = NULL;
        snprintf(path, sizeof path, "%s/dept%04zu.json", argv[1], i + 1);
        if (bk_read_document(reg, path, NULL, &doc, &err)) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            return 1;
        }
        items[i].doc = doc;
    }
    double t1 = clock_s(CLOCK_MONOTONIC);
    /* BK_BENCH_REPEAT=K writes K times (the last one is kept): for a profiler */
    const char *rep = getenv("BK_BENCH_REPEAT");
    int repeat = rep && atoi(rep) > 1 ? atoi(rep) : 1;
    bk_sink sink = {.path = argv[3], .display_name = argv[3]};
    int rc = BK_OK;
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
    for (int k = 0; k < repeat && rc == BK_OK; k++) {
        unlink(argv[3]);
        rc = p->write_many(bk_host_api(), items, n, 0, &sink, NULL, &err);
    }
    int fd = open(argv[3], O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    double w1 = clock_s(CLOCK_MONOTONIC), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (rc) fprintf(stderr, "write_many: %s\n", err.message);
    printf("read %zu documents: %.2f s (not timed below)\n", n, t1 - t0);
    printf("write_many %zu documents into one database: %.2f s wall, %.2f s CPU (%.0f documents/s)\n", n,
           (w1 - w0) / repeat, (c1 - c0) / repeat, n * repeat / (w1 - w0));
    for (size_t i = 0; i < n; i++) bk_document_free((bk_document *)items[i].doc);
    free(items);
    bk_registry_free(reg);
    return rc ? 1 : 0;
}
