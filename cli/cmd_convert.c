#include "cli.h"
#include <string.h>

static const char HELP[] =
    "usage: budgetkit convert IN OUT [options]\n\n"
    "Read IN in any supported format and write OUT. `-` is standard input or output\n"
    "(standard output needs --to). OUT is written to a temporary file and renamed on\n"
    "success, so a failure never leaves a partial or clobbered file.\n\n"
    "options:\n"
    "  --validate            check the document first; refuse to write if it has errors\n"
    "  --force               with --validate, write even if there are errors\n";

static const char HELP_EXAMPLES[] =
    "\nexamples:\n"
    "  budgetkit convert doc.xlsx doc.csv -o excel=true      CSV for Excel (UTF-8 BOM, CRLF; no 乱码 on\n"
    "                                                        Chinese Windows)\n"
    "  budgetkit convert doc.xlsx fig.csv -o layout=figures  one row per figure, for\n"
    "                                                        pandas.read_csv(f, dtype=str)\n"
    "  budgetkit convert old.xls doc.json                    .xls (BIFF8) in; .ods: convert it first with\n"
    "                                                        soffice --headless --convert-to xlsx FILE\n";

/* The writer for OUT: --to, else OUT's extension. Prints and returns an exit code on failure. */
static int pick_writer(cli_common *c, const char *out, const bk_plugin **writer)
{
    bk_error err;
    bk_error_clear(&err);
    int st = BK_OK;
    if (c->to) {
        const char *reason = NULL;
        *writer = bk_registry_find(c->reg, c->to, &reason);
        if (!*writer)
            st = reason ? bk_error_set(&err, BK_ERR_PLUGIN, 0, 0, NULL, "format '%s' was refused: %s", c->to, reason)
                        : bk_error_set(&err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                                       "unknown output format '%s' (see `budgetkit formats`)", c->to);
        else if (!((*writer)->caps & BK_CAP_WRITE))
            st = bk_error_set(&err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "format '%s' cannot write", c->to);
    } else if (!strcmp(out, "-")) {
        st = bk_error_set(&err, BK_ERR_INVALID_ARG, 0, 0, NULL, "writing to standard output needs --to FORMAT");
    } else {
        st = bk_registry_pick_writer(c->reg, out, writer, &err);
    }
    if (st == BK_OK) return EXIT_OK;
    bk_error_set_file(&err, !strcmp(out, "-") ? "<stdout>" : out);
    cli_print_error(c, &err);
    return st == BK_ERR_INVALID_ARG ? EXIT_USAGE : EXIT_FORMAT;
}

int cmd_convert(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit convert");
    const char *pos[2] = {NULL, NULL};
    size_t npos = 0;
    bool validate = false, force = false;
    for (int i = 1; rc == EXIT_OK && i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("%s%s%s", HELP, CLI_COMMON_HELP, HELP_EXAMPLES);
            cli_common_free(&c);
            return EXIT_OK;
        }
        int k = cli_common_arg(&c, argc, argv, &i);
        if (k < 0) rc = EXIT_USAGE;
        else if (k > 0) continue;
        else if (!strcmp(argv[i], "--validate")) validate = true;
        else if (!strcmp(argv[i], "--force")) force = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "%s: error: unknown option '%s' (see --help)\n", c.prog, argv[i]);
            rc = EXIT_USAGE;
        } else if (npos < 2) pos[npos++] = argv[i];
        else {
            fprintf(stderr, "%s: error: too many arguments (see --help)\n", c.prog);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_OK && npos != 2) {
        fprintf(stderr, "%s: error: expected IN and OUT (see --help)\n", c.prog);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    /* Choose the writer before reading so a bad output name fails fast. */
    const bk_plugin *writer = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (rc == EXIT_OK) rc = pick_writer(&c, pos[1], &writer);
    bk_document *doc = NULL;
    if (rc == EXIT_OK) rc = cli_read_document(&c, pos[0], writer, &doc);
    if (rc == EXIT_OK && validate) {
        /* Validate before writing: findings go to stderr (stdout may be the output);
         * errors refuse the write (exit 1) unless --force. */
        bk_findings *fs = NULL;
        bk_error_clear(&err);
        int st = bk_validate(doc, NULL, &fs, &err);
        if (st) {
            cli_print_error(&c, &err);
            rc = EXIT_INTERNAL;
        } else {
            cli_progress_done();
            if (fs->count || !c.quiet) cli_validate_print_text(stderr, strcmp(pos[0], "-") ? pos[0] : "<stdin>", doc, fs, false);
            if (bk_findings_failed(fs, false)) {
                if (force) {
                    fprintf(stderr, "%s: warning: writing %s despite %zu validation error%s (--force)\n", c.prog, pos[1],
                            fs->n_error, fs->n_error == 1 ? "" : "s");
                } else {
                    fprintf(stderr, "%s: error: %zu validation error%s: %s not written (use --force to write anyway)\n",
                            c.prog, fs->n_error, fs->n_error == 1 ? "" : "s", pos[1]);
                    rc = EXIT_FINDINGS;
                }
            }
        }
        bk_findings_free(fs);
    }
    if (rc == EXIT_OK) {
        bk_diags *wdiags = bk_diags_new(0);
        bk_io_settings out;
        cli_settings(&c, &out, true, wdiags, "writing");
        bk_error_clear(&err);
        int st = bk_write_document(c.reg, doc, pos[1], &out, &err);
        cli_progress_done();
        cli_print_diags(&c, wdiags);
        bk_diags_free(wdiags);
        if (st) {
            cli_print_error(&c, &err);
            rc = cli_exit_for(st, true);
        }
    }
    bk_document_free(doc);
    cli_common_free(&c);
    return rc;
}
