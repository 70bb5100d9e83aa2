/* SPDX-License-Identifier: MIT */
/* bk_safetygen: a test-only format plugin that makes conversions as large and
 * as slow as the output-safety tests need, so that a signal, a full disk or a
 * file-size limit can hit the core's atomic writer in the middle of a write.
 *
 * Input (.gen): one line "rows N". Output (.gen.out): one line per row.
 * Options (write): delay_us=N sleeps every 1000 rows; ignore_interrupt=true
 * never looks at the interruption flag, so only the core's own checks act. */
#include <budgetkit/plugin.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int gen_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)head;
    (void)head_len;
    size_t n = path ? strlen(path) : 0;
    return n > 4 && strcmp(path + n - 4, ".gen") == 0 ? 50 : 0;
}

static int gen_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    (void)o;
    unsigned long rows = 0;
    if (fscanf(in->fp, "rows %lu", &rows) != 1) return h->error_set(err, BK_ERR_PARSE, 1, 1, NULL, "expected 'rows N'");
    bk_table *t = h->document_add_table(doc, "custom", "generated");
    bk_panel *p = t ? h->table_add_panel(doc, t, "main", NULL) : NULL;
    if (!p || !h->panel_add_column(doc, p, "amount", "amount", BK_CELL_AMOUNT))
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    for (unsigned long i = 0; i < rows; i++) {
        if (in->interrupted && *in->interrupted)
            return h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
        char code[32];
        snprintf(code, sizeof code, "%07lu", i);
        bk_row *r = h->panel_add_row(doc, p, code, "generated row");
        if (!r) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        r->cells[0].kind = BK_CELL_AMOUNT;
        r->cells[0].amount = (bk_amount){(int64_t)i * 100 + 1, 2};
    }
    return BK_OK;
}

static int gen_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    int64_t delay_us = h->options_get_int(o, "delay_us", 0);
    int watch = !h->options_get_bool(o, "ignore_interrupt", 0);
    for (size_t t = 0; t < doc->n_tables; t++)
        for (size_t pi = 0; pi < doc->tables[t].n_panels; pi++) {
            const bk_panel *p = &doc->tables[t].panels[pi];
            for (size_t r = 0; r < p->n_rows; r++) {
                char amount[BK_AMOUNT_TEXT_MAX];
                h->amount_format(p->rows[r].cells[0].amount, amount, sizeof amount);
                if (fprintf(out->fp, "%s\t%s\t%s\n", p->rows[r].code, p->rows[r].name, amount) < 0)
                    return h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot write: %s", strerror(errno));
                if (r % 1000 != 999) continue;
                if (watch && out->interrupted && *out->interrupted)
                    return h->error_set(err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
                if (delay_us > 0) nanosleep(&(struct timespec){0, (long)delay_us * 1000}, NULL);
            }
        }
    return BK_OK;
}

static const bk_option_spec GEN_OPTIONS[] = {
    {"delay_us", BK_OPT_INT, BK_OPT_WRITE, "0", NULL, "sleep this long every 1000 rows (< 1 s)"},
    {"ignore_interrupt", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL, "never check the interruption flag"},
    {NULL, 0, 0, NULL, NULL, NULL},
};
static const char *const GEN_EXTENSIONS[] = {"out", NULL};

static const bk_plugin GEN_PLUGIN = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = "safetygen",
    .description = "Test-only generator for the output-safety tests",
    .extensions = GEN_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE,
    .options = GEN_OPTIONS,
    .probe = gen_probe,
    .read = gen_read,
    .write = gen_write,
};

BK_PLUGIN_ENTRY(safetygen)
{
    return &GEN_PLUGIN;
}
