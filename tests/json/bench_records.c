/* SPDX-License-Identifier: MIT */
/* Bench helper (not a test): stream the records of a JSON ledger through the
 * json plugin and count them. Run by bench_records.sh, which measures time and
 * peak memory. Usage: json_bench_records FILE */
#include <budgetkit/io.h>
#include <stdio.h>

typedef struct counter {
    unsigned long long records, bytes;
} counter;

static int count(void *ctx, const bk_record *rec)
{
    counter *c = ctx;
    c->records++;
    for (size_t i = 0; i < rec->n_fields; i++) c->bytes += rec->lens[i];
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s LEDGER.json\n", argv[0]);
        return 2;
    }
    bk_error err;
    bk_error_clear(&err);
    bk_registry *r = bk_registry_new();
    counter c = {0, 0};
    bk_record_sink sink = {.ctx = &c, .record = count};
    bk_io_settings s = {.format = "json"};
    int rc = bk_registry_load_default(r, NULL, &err);
    if (rc == BK_OK) rc = bk_read_records(r, argv[1], &s, &sink, &err);
    if (rc)
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
    else
        printf("%llu records (header included), %llu value bytes\n", c.records, c.bytes);
    bk_registry_free(r);
    return rc ? 1 : 0;
}
