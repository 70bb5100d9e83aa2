/* SPDX-License-Identifier: MIT */
/* libFuzzer harness for a stylesheet given with -o xslt= (issue 17): the input
 * is the stylesheet, applied by the XML writer to the seed's first tables
 * (read once, through the JSON plugin). Whatever the stylesheet does, the
 * write succeeds or fails with a reason; it never crashes, loads a file or a
 * URL (the sandbox refuses them) or runs unbounded: its memory is capped by
 * limit.xslt_memory, so the memory bombs of tests/safety/xslt are seeds too. */
#include <budgetkit/io.h>
#include <budgetkit/options.h>
#include <budgetkit/registry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FUZZ_PLUGIN_DIR
#error "FUZZ_PLUGIN_DIR must be the build's plugin folder"
#endif
#ifndef FUZZ_SAMPLE
#error "FUZZ_SAMPLE must be samples/seed-first-tables.json"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct harness {
    bk_registry *reg;
    bk_document *doc;
    int fd;
    char style[64];
    char out[256];
} harness;

static harness H; /* libFuzzer's callbacks take no context */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    bk_error err;
    bk_error_clear(&err);
    H.reg = bk_registry_new();
    if (!H.reg || bk_registry_add_dir(H.reg, FUZZ_PLUGIN_DIR, &err)) abort();
    if (!bk_registry_find(H.reg, "xml", NULL) || !bk_registry_find(H.reg, "json", NULL)) {
        fprintf(stderr, "fuzz: the xml and json plugins are needed in %s\n", FUZZ_PLUGIN_DIR);
        abort();
    }
    bk_io_settings in = {.format = "json"};
    if (bk_read_document(H.reg, FUZZ_SAMPLE, &in, &H.doc, &err)) abort();
    H.fd = memfd_create("fuzz-stylesheet", 0);
    if (H.fd < 0) abort();
    snprintf(H.style, sizeof H.style, "/proc/self/fd/%d", H.fd);
    const char *tmp = getenv("TMPDIR");
    snprintf(H.out, sizeof H.out, "%s/bk-fuzz-xslt-%ld.xml", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(H.fd, 0) != 0 || pwrite(H.fd, data, size, 0) != (ssize_t)size) abort();
    bk_error err;
    bk_error_clear(&err);
    bk_options *o = bk_options_new();
    if (!o || bk_options_set(o, "xslt", H.style, &err)) abort();
    bk_diags *diags = bk_diags_new(100);
    /* limit.xslt_memory far under libFuzzer's -rss_limit_mb=2048 and small enough for its 30 s
     * timeout under ASan on a loaded machine (the cap is soft by one
     * instruction, hard at twice), so that a memory bomb is a limit error, not an OOM finding */
    bk_limits lim;
    bk_limits_default(&lim);
    lim.xslt_memory = 32u << 20;
    bk_io_settings s = {.format = "xml", .options = o, .diags = diags, .limits = &lim};
    int rc = bk_write_document(H.reg, H.doc, H.out, &s, &err);
    /* the contract: a failure says why */
    if (rc != BK_OK && (err.code == BK_OK || rc >= BK_STATUS_COUNT)) abort();
    unlink(H.out);
    bk_diags_free(diags);
    bk_options_free(o);
    return 0;
}
