/* SPDX-License-Identifier: MIT */
/* Writes the seed fixture (the whole seed as a document) to argv[1] through
 * the format plugins (the JSON plugin for *.json), for the CLI tests. */
#include "seed_fixture.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: write_seed_json OUT.json\n");
        return 2;
    }
    bk_error err;
    bk_error_clear(&err);
    bk_registry *reg = bk_registry_new();
    bk_document *doc = seed_fixture_build();
    int st = reg && doc ? bk_registry_load_default(reg, NULL, &err) : BK_ERR_NOMEM;
    if (st == BK_OK) {
        bk_io_settings s = {0};
        st = bk_write_document(reg, doc, argv[1], &s, &err);
    }
    if (st) fprintf(stderr, "write_seed_json: %s: %s\n", argv[1], err.message[0] ? err.message : bk_strerror(st));
    bk_document_free(doc);
    bk_registry_free(reg);
    return st ? 1 : 0;
}
