/* SPDX-License-Identifier: MIT */
/* The validator on samples/seed.json, the whole seed as the recognizer and the
 * JSON plugin produce it: exactly the deviations of domain.md §a.4, and the
 * mutation test over every amount of its 13 tables, on that model. */
#include "check.h"
#include <budgetkit/budgetkit.h>
#include <stdio.h>
#include <stdlib.h>

#include "seed_checks.inc"

int main(void)
{
    const char *src = getenv("BK_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/seed.json", src ? src : "../..");
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        printf("%s not present: skipped\n", path);
        return 77;
    }
    fclose(probe);
    bk_error err;
    bk_error_clear(&err);
    bk_registry *reg = bk_registry_new();
    CHECK(reg != NULL);
    bk_registry_load_default(reg, NULL, &err);
    if (!bk_registry_find(reg, "json", NULL)) {
        printf("JSON plugin not built: skipped\n");
        bk_registry_free(reg);
        return 77;
    }
    bk_io_settings s;
    memset(&s, 0, sizeof s);
    bk_document *doc = NULL;
    int st = bk_read_document(reg, path, &s, &doc, &err);
    if (st) fprintf(stderr, "%s: %s\n", path, err.message);
    CHECK_INT(st, BK_OK);
    if (doc) {
        CHECK_INT(doc->n_tables, 13);
        test_seed_findings(doc, true);
        test_mutations(doc);
    }
    bk_document_free(doc);
    bk_registry_free(reg);
    return CHECK_DONE("test_validate_sample");
}
