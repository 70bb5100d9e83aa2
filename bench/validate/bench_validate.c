/* SPDX-License-Identifier: MIT */
/* Validate 1,000 seed-sized documents in one run and report the time.
 * Each document is the whole seed (13 tables, 23 performance forms, 10 text
 * sections) with one amount changed by 0.01, so no two are identical.
 * Usage: bench_validate [N [THREADS]]   (default 1000 documents, 1 thread;
 * bk_validate keeps no global state, so documents validate in parallel) */
#include "seed_fixture.h"
#include <budgetkit/validate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9; /* timing only, never money */
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}
static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* Change the k-th amount cell of the tables by 0.01. */
static void perturb(bk_document *doc, size_t k)
{
    size_t seen = 0;
    for (size_t t = 0; t < doc->n_tables; t++)
        for (size_t p = 0; p < doc->tables[t].n_panels; p++) {
            bk_panel *pn = &doc->tables[t].panels[p];
            for (size_t r = 0; r < pn->n_rows; r++)
                for (size_t c = 0; c < pn->n_columns; c++) {
                    bk_cell *cell = &pn->rows[r].cells[c];
                    if (cell->kind != BK_CELL_AMOUNT || seen++ != k) continue;
                    bk_amount cent = {1, 2};
                    bk_amount_add(cell->amount, cent, &cell->amount);
                    return;
                }
        }
}

typedef struct slice {
    bk_document **docs;
    size_t from, to;
    size_t findings, errors, checks;
    int status;
} slice;

static void *validate_slice(void *arg)
{
    slice *s = arg;
    for (size_t i = s->from; i < s->to && s->status == BK_OK; i++) {
        bk_findings *f = NULL;
        s->status = bk_validate(s->docs[i], NULL, &f, NULL);
        if (!f) break;
        s->findings += f->count;
        s->errors += f->n_error;
        s->checks += f->n_checks;
        bk_findings_free(f);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    size_t threads = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 1;
    if (n == 0) n = 1;
    if (threads == 0 || threads > 64) threads = 1;
    bk_document **docs = calloc(n, sizeof *docs);
    if (!docs) return 1;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        docs[i] = seed_fixture_build();
        if (!docs[i]) return 1;
        perturb(docs[i], i * 7 % 575);
    }
    double t1 = now(), c1 = cpu();
    size_t findings = 0, errors = 0, checks = 0;
    slice slices[64];
    pthread_t tids[64];
    for (size_t k = 0; k < threads; k++) {
        slices[k] = (slice){docs, n * k / threads, n * (k + 1) / threads, 0, 0, 0, BK_OK};
        if (pthread_create(&tids[k], NULL, validate_slice, &slices[k]) != 0) return 1;
    }
    for (size_t k = 0; k < threads; k++) {
        pthread_join(tids[k], NULL);
        if (slices[k].status != BK_OK) return 1;
        findings += slices[k].findings;
        errors += slices[k].errors;
        checks += slices[k].checks;
    }
    double t2 = now(), c2 = cpu();
    for (size_t i = 0; i < n; i++) bk_document_free(docs[i]);
    free(docs);
    printf(
        "validated %zu seed-sized documents (13 tables, 23 performance forms, 10 text sections each), %zu thread%s\n",
        n, threads, threads == 1 ? "" : "s");
    printf("  validation: %.3f s wall (%.3f s CPU), %.3f ms per document, %zu checks, %zu findings (%zu errors)\n",
           t2 - t1, c2 - c1, (t2 - t1) * 1000.0 / (double)n, checks, findings, errors);
    printf("  (building the documents in memory took %.3f s, not counted)\n", t1 - t0);
    return 0;
}
