/* SPDX-License-Identifier: MIT */
/* skeleton: the smallest complete plugin. Copy this folder to start a new
 * format: rename the folder, the file, the name below and the entry point.
 * It registers, claims no input (probe 0) and writes a one-line summary. */
#include <budgetkit/plugin.h>

static int skeleton_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)head;
    (void)head_len;
    (void)path;
    return 0; /* never claims an input on its own: only --from skeleton */
}

static int skeleton_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    (void)in;
    (void)doc;
    (void)o;
    return h->error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "the skeleton format has no content to read");
}

static int skeleton_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o,
                          bk_error *err)
{
    (void)o;
    if (fprintf(out->fp, "budgetkit document: %zu tables\n", doc->n_tables) < 0)
        return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write");
    return BK_OK;
}

static const char *const SKELETON_EXTENSIONS[] = {"skeleton", NULL};

static const bk_plugin SKELETON_PLUGIN = {
    .abi_major = BK_ABI_MAJOR, /* the ABI this plugin was built for */
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin), /* lets newer cores read older descriptors */
    .name = "skeleton",               /* must equal the file stem: bk_skeleton.so */
    .description = "Template for new format plugins (writes a one-line summary)",
    .extensions = SKELETON_EXTENSIONS, /* used to pick the writer from OUT's extension */
    .caps = BK_CAP_READ | BK_CAP_WRITE,
    .options = NULL, /* {name, type, direction, default, choices, help}, {NULL} */
    .probe = skeleton_probe,
    .read = skeleton_read,
    .write = skeleton_write,
};

BK_PLUGIN_ENTRY(skeleton)
{
    return &SKELETON_PLUGIN;
}
