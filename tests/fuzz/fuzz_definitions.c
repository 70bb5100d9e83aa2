/* SPDX-License-Identifier: MIT */
/* libFuzzer harness for a definitions file (--definitions, docs/definitions.md): the input
 * is one *.json family, read after the shipped definitions (FUZZ_DEFS_DIR) as a user's
 * --definitions file is, so that it parses, merges over the shipped families (same id or
 * table kind) and has its identities checked against the whole set. Whatever the file
 * holds, the load succeeds or fails with a located reason; it never crashes, leaks or
 * runs unbounded. bk_definitions_check() discards each set: a load keeps nothing. */
#include <budgetkit/definitions.h>
#include <budgetkit/error.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_DEFS_DIR
#error "FUZZ_DEFS_DIR must be the source tree's definitions/"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_file[256]; /* libFuzzer's callbacks take no context */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_file, sizeof g_file, "%s/bk-fuzz-defs-%ld.json", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    /* the shipped set alone must load, or every input fails for the same reason */
    bk_error err;
    bk_error_clear(&err);
    const char *dirs[] = {FUZZ_DEFS_DIR};
    if (bk_definitions_check(dirs, 1, &err) != BK_OK) {
        fprintf(stderr, "fuzz: the definitions of %s do not load: %s\n", FUZZ_DEFS_DIR, err.message);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(g_file, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
    bk_error err;
    bk_error_clear(&err);
    const char *dirs[] = {FUZZ_DEFS_DIR, g_file};
    int rc = bk_definitions_check(dirs, 2, &err);
    /* the contract: a failure says why, with a known status */
    if (rc != BK_OK && (err.code == BK_OK || rc >= BK_STATUS_COUNT || !err.message[0])) abort();
    unlink(g_file);
    return 0;
}
