/* SPDX-License-Identifier: MIT */
/* The loader: good plugins load; every broken one is refused with a reason and never crashes. */
#include <budgetkit/budgetkit.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include "check.h"

static const bk_plugin_info *info_named(const bk_registry *r, const char *file_part)
{
    for (size_t i = 0; i < bk_registry_count(r); i++) {
        const bk_plugin_info *in = bk_registry_at(r, i);
        if (strstr(in->path, file_part)) return in;
    }
    return NULL;
}

static void expect_refused(const bk_registry *r, const char *file_part, const char *reason_part)
{
    const bk_plugin_info *in = info_named(r, file_part);
    CHECK(in != NULL);
    if (!in) return;
    CHECK(in->plugin == NULL);
    CHECK(in->reason != NULL && strstr(in->reason, reason_part) != NULL);
    if (in->reason && !strstr(in->reason, reason_part))
        fprintf(stderr, "  %s: reason was '%s', expected to contain '%s'\n", file_part, in->reason, reason_part);
}

int main(void)
{
    const char *base = getenv("BK_FAKE_DIR");
    if (!base) {
        fprintf(stderr, "BK_FAKE_DIR not set\n");
        return 1;
    }
    char good[512], bad[512], dup[512], tie[512];
    snprintf(good, sizeof good, "%s/good", base);
    snprintf(bad, sizeof bad, "%s/bad", base);
    snprintf(dup, sizeof dup, "%s/dup", base);
    snprintf(tie, sizeof tie, "%s/tie", base);

    bk_registry *r = bk_registry_new();
    bk_error err;
    bk_error_clear(&err);
    CHECK(bk_registry_add_dir(r, good, &err) == BK_OK);
    CHECK(bk_registry_add_dir(r, bad, &err) == BK_OK);
    CHECK(bk_registry_add_dir(r, dup, &err) == BK_OK);
    CHECK(bk_registry_add_dir(r, "/nonexistent/dir", &err) == BK_OK);

    const bk_plugin *p = bk_registry_find(r, "fakegood", NULL);
    CHECK(p != NULL && strcmp(p->name, "fakegood") == 0);
    expect_refused(r, "bad/bk_abimajor.so", "built for plugin ABI 1.");
    expect_refused(r, "bad/bk_abiminor.so", "ABI 2.99");
    expect_refused(r, "bad/bk_noentry.so", "no entry point bk_plugin_noentry");
    expect_refused(r, "bad/bk_mismatch.so", "calls itself 'other'");
    expect_refused(r, "bad/bk_garbage.so", "cannot load");
    expect_refused(r, "dup/bk_fakegood.so", "duplicate plugin 'fakegood'");
    const char *reason = NULL;
    CHECK(bk_registry_find(r, "abimajor", &reason) == NULL);
    CHECK(reason && strstr(reason, "ABI"));

    /* format choice: extension probe, unknown input, writer by extension */
    const bk_plugin *chosen = NULL;
    CHECK(bk_registry_pick_reader(r, (const unsigned char *)"x", 1, "in.fake", &chosen, &err) == BK_OK);
    CHECK(chosen == p);
    CHECK(bk_registry_pick_reader(r, (const unsigned char *)"x", 1, "in.unknown", &chosen, &err) ==
          BK_ERR_UNKNOWN_FORMAT);
    CHECK(strstr(err.message, "--from") != NULL);
    CHECK(bk_registry_pick_writer(r, "out.fake", &chosen, &err) == BK_OK);
    CHECK(bk_registry_pick_writer(r, "out", &chosen, &err) == BK_ERR_UNKNOWN_FORMAT);
    CHECK(bk_registry_pick_writer(r, "out.nothing", &chosen, &err) == BK_ERR_UNKNOWN_FORMAT);

    /* a tie at the top is an error that suggests --from */
    CHECK(bk_registry_add_dir(r, tie, &err) == BK_OK);
    CHECK(bk_registry_pick_reader(r, (const unsigned char *)"x", 1, "in.txt", &chosen, &err) ==
          BK_ERR_AMBIGUOUS_FORMAT);
    CHECK(strstr(err.message, "tiea") && strstr(err.message, "tieb") && strstr(err.message, "--from"));

    /* atomic write: a failing plugin leaves the previous output intact and no temporary file */
    char dir[] = "/tmp/bk-registry-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char out[600];
    snprintf(out, sizeof out, "%s/out.fake", dir);
    FILE *f = fopen(out, "w");
    fputs("previous\n", f);
    fclose(f);
    bk_document *doc = bk_document_new();
    bk_options *o = bk_options_new();
    bk_options_set(o, "fail", "true", &err);
    bk_io_settings s = {.format = "fakegood", .options = o};
    bk_error_clear(&err);
    CHECK(bk_write_document(r, doc, out, &s, &err) == BK_ERR_IO);
    CHECK_STR(err.file, out);
    CHECK_INT(err.line, 3);
    CHECK_STR(err.plugin, "fakegood");
    f = fopen(out, "r");
    char buf[64] = "";
    CHECK(f && fgets(buf, sizeof buf, f));
    if (f) fclose(f);
    CHECK_STR(buf, "previous\n");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    CHECK(system(cmd) == 0);
    /* and a successful write replaces it */
    bk_options_set(o, "fail", "false", &err);
    CHECK(bk_write_document(r, doc, out, &s, &err) == BK_OK);
    f = fopen(out, "r");
    CHECK(f && fgets(buf, sizeof buf, f));
    if (f) fclose(f);
    CHECK_STR(buf, "fakegood tables=0\n");
    /* an option the plugin does not declare is refused before anything is written */
    bk_options_set(o, "colour", "red", &err);
    CHECK(bk_write_document(r, doc, out, &s, &err) == BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "colour") && strstr(err.message, "fail"));
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    bk_options_free(o);
    bk_document_free(doc);
    bk_registry_free(r);
    return CHECK_DONE("test_registry");
}
