/* SPDX-License-Identifier: MIT */
/* libFuzzer harness for one format reader, built once per plugin with
 * FUZZ_FORMAT="json" (csv, xlsx, xml, pdf). It reads the input the way the CLI
 * does: bk_read_document() with --from FUZZ_FORMAT, through a registry that
 * loads the build's plugin folder, on a memfd opened by path (so readers
 * that need a seekable path, like XLSX, get one). Small limits make the
 * limit checks reachable by small inputs. */
#include <budgetkit/io.h>
#include <budgetkit/registry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT must name the plugin"
#endif
#ifndef FUZZ_PLUGIN_DIR
#error "FUZZ_PLUGIN_DIR must be the build's plugin folder"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct harness {
    bk_registry *reg;
    int fd;
    char path[64];
    bk_limits limits;
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
    const char *reason = NULL;
    if (!bk_registry_find(H.reg, FUZZ_FORMAT, &reason)) {
        fprintf(stderr, "fuzz: plugin '%s' not found in %s%s%s\n", FUZZ_FORMAT, FUZZ_PLUGIN_DIR, reason ? ": " : "",
                reason ? reason : "");
        abort();
    }
    H.fd = memfd_create("fuzz-input", 0);
    if (H.fd < 0) abort();
    snprintf(H.path, sizeof H.path, "/proc/self/fd/%d", H.fd);
    bk_limits_default(&H.limits);
    H.limits.rows = 5000;
    H.limits.columns = 500;
    H.limits.cells = 100000;
    H.limits.string_bytes = 64 * 1024;
    H.limits.zip_entry_bytes = 16u << 20;
    H.limits.zip_ratio = 200;
    H.limits.xml_depth = 32;
    H.limits.tables = 200;
    H.limits.pages = 50;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(H.fd, 0) != 0 || pwrite(H.fd, data, size, 0) != (ssize_t)size) abort();
    bk_diags *diags = bk_diags_new(100);
    bk_io_settings s = {.format = FUZZ_FORMAT, .limits = &H.limits, .diags = diags};
    bk_document *doc = NULL;
    bk_error err;
    bk_error_clear(&err);
    int rc = bk_read_document(H.reg, H.path, &s, &doc, &err);
    /* the contract: a failure says why and leaves no document */
    if (rc != BK_OK && (doc || err.code == BK_OK || rc >= BK_STATUS_COUNT)) abort();
    if (rc == BK_OK && !doc) abort();
    bk_document_free(doc);
    bk_diags_free(diags);
    return 0;
}
