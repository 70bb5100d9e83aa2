/* SPDX-License-Identifier: MIT */
/* One source for the fake plugins that prove how the loader treats good and
 * broken plugins. Each variant is selected by compile definitions. */
#include <budgetkit/plugin.h>
#include <string.h>

#ifndef FAKE_NAME
#error FAKE_NAME must be defined
#endif
#ifndef FAKE_DESC_NAME
#define FAKE_DESC_NAME FAKE_NAME
#endif
#ifndef FAKE_ABI_MAJOR
#define FAKE_ABI_MAJOR BK_ABI_MAJOR
#endif
#ifndef FAKE_ABI_MINOR
#define FAKE_ABI_MINOR BK_ABI_MINOR
#endif
#ifndef FAKE_SCORE
#define FAKE_SCORE 0
#endif
#define STR_(x) #x
#define STR(x)  STR_(x)

#ifdef FAKE_TRAP
#include <stdio.h>
#include <stdlib.h>
/* A plugin that must not be loaded by commands that do not need it: loading
 * it leaves a mark, and its probe claims every input. */
__attribute__((constructor)) static void fake_trap_loaded(void)
{
    const char *mark = getenv("BK_FAKE_MARKER");
    FILE *f = mark ? fopen(mark, "a") : NULL;
    if (f) {
        fputs("loaded\n", f);
        fclose(f);
    }
}
#endif

static int fake_probe(const unsigned char *head, size_t n, const char *path)
{
    (void)head;
    (void)n;
    if (FAKE_SCORE) return FAKE_SCORE;
    size_t len = path ? strlen(path) : 0;
    return len > 5 && strcmp(path + len - 5, ".fake") == 0 ? 40 : 0;
}

static int fake_read(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err)
{
    (void)in;
    (void)o;
    /* one table with one row, enough for `info` */
    bk_table *t = h->document_add_table(doc, "custom", "fake table");
    bk_panel *p = t ? h->table_add_panel(doc, t, "main", NULL) : NULL;
    if (!p || !h->panel_add_column(doc, p, "total", "合计", BK_CELL_AMOUNT))
        return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    bk_row *r = h->panel_add_row(doc, p, NULL, "合计");
    if (!r) return h->error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    r->role = BK_ROW_TOTAL;
    bk_amount a;
    h->amount_parse("8261.00", 7, 0, &a);
    r->cells[0].kind = BK_CELL_AMOUNT;
    r->cells[0].amount = a;
    return BK_OK;
}

static int fake_write(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err)
{
    if (h->options_get_bool(o, "fail", 0)) {
        fputs("partial", out->fp);
        return h->error_set(err, BK_ERR_IO, 3, 7, "fake table", "asked to fail");
    }
    fprintf(out->fp, "%s tables=%zu\n", STR(FAKE_NAME), doc->n_tables);
    return BK_OK;
}

static const char *const FAKE_EXTENSIONS[] = {"fake", NULL};
static const bk_option_spec FAKE_OPTIONS[] = {
    {"fail", BK_OPT_BOOL, BK_OPT_WRITE, "false", NULL, "fail after writing a few bytes"},
    {NULL, 0, 0, NULL, NULL, NULL}};

static const bk_plugin FAKE = {
    .abi_major = FAKE_ABI_MAJOR,
    .abi_minor = FAKE_ABI_MINOR,
    .struct_size = sizeof(bk_plugin),
    .name = STR(FAKE_DESC_NAME),
    .description = "test plugin " STR(FAKE_NAME),
    .extensions = FAKE_EXTENSIONS,
    .caps = BK_CAP_READ | BK_CAP_WRITE,
    .options = FAKE_OPTIONS,
    .probe = fake_probe,
    .read = fake_read,
    .write = fake_write,
};

#ifndef FAKE_NO_ENTRY
#define ENTRY_(n) bk_plugin_##n
#define ENTRY(n)  ENTRY_(n)
BK_PLUGIN_EXPORT const bk_plugin *ENTRY(FAKE_NAME)(void);
#ifdef FAKE_CRASH
#include <signal.h>
/* a plugin that dies in its entry point: formats --check must name it */
BK_PLUGIN_EXPORT const bk_plugin *ENTRY(FAKE_NAME)(void)
{
    raise(SIGSEGV);
    return &FAKE;
}
#else
BK_PLUGIN_EXPORT const bk_plugin *ENTRY(FAKE_NAME)(void)
{
    return &FAKE;
}
#endif
#else
BK_PLUGIN_EXPORT const bk_plugin *some_other_symbol(void);
BK_PLUGIN_EXPORT const bk_plugin *some_other_symbol(void)
{
    return &FAKE;
}
#endif
