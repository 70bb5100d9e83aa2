/* SPDX-License-Identifier: MIT */
/* `budgetkit convert`: one input to one output; several inputs into a directory
 * (one file each) or into one database (a BK_CAP_WRITE_MANY writer). */
#include "cli.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct convert_args {
    const char **in;
    size_t n_in;
    const char *out;
    bool validate, force, overwrite, append;
} convert_args;

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

static int parse_args(cli_common *c, int argc, char **argv, convert_args *a)
{
    a->in = calloc((size_t)argc, sizeof *a->in);
    if (!a->in) return EXIT_INTERNAL;
    size_t npos = 0;
    cli_parser args;
    cli_parser_init(&args, CLI_CONVERT, c->prog, argc, argv);
    for (int id; (id = cli_next_option(c, &args)) != CLI_DONE;) {
        switch (id) {
        case CLI_ARG: a->in[npos++] = args.arg; break;
        case CLI_OPT_VALIDATE: a->validate = true; break;
        case CLI_OPT_FORCE: a->force = true; break;
        case CLI_OPT_OVERWRITE: a->overwrite = true; break;
        case CLI_OPT_APPEND: a->append = true; break;
        case CLI_ERROR: return EXIT_USAGE;
        default: return cli_unhandled_option(c, &args);
        }
    }
    if (c->help) return EXIT_OK;
    if (npos < 2) {
        fprintf(stderr, "%s: error: expected IN and OUT (see --help)\n", c->prog);
        return EXIT_USAGE;
    }
    a->out = a->in[--npos];
    a->n_in = npos;
    return EXIT_OK;
}

/* Validate before writing: findings go to stderr (stdout may be the output). Returns
 * EXIT_FINDINGS when the document has errors and --force is not given. *keep: the
 * findings (for a database), or freed when keep is NULL. */
static int validate_first(cli_common *c, const convert_args *a, const char *in, const char *out, const bk_document *doc,
                          bk_findings **keep)
{
    bk_findings *fs = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_validate(doc, NULL, &fs, &err)) {
        cli_print_error(c, &err);
        return EXIT_INTERNAL;
    }
    int rc = EXIT_OK;
    cli_progress_done();
    if (fs->count || !c->quiet) cli_validate_print_text(stderr, strcmp(in, "-") ? in : "<stdin>", doc, fs, false);
    if (bk_findings_failed(fs, false)) {
        if (a->force) {
            fprintf(stderr, "%s: warning: writing %s despite %zu validation error%s (--force)\n", c->prog, out,
                    fs->n_error, fs->n_error == 1 ? "" : "s");
        } else {
            fprintf(stderr, "%s: error: %zu validation error%s: %s not written (use --force to write anyway)\n",
                    c->prog, fs->n_error, fs->n_error == 1 ? "" : "s", out);
            rc = EXIT_FINDINGS;
        }
    }
    if (keep && rc == EXIT_OK)
        *keep = fs;
    else
        bk_findings_free(fs);
    return rc;
}

/* Every shared option (-o) is the writer's (or a limit): a one-pass conversion then reports
 * unknown options as the two-step one does, since the reader is not known before reading. */
static bool shared_options_for(const cli_common *c, const bk_plugin *writer)
{
    for (size_t i = 0; i < bk_options_count(c->shared_opts); i++) {
        const char *k = bk_options_key_at(c->shared_opts, i);
        if (strncmp(k, "limit.", 6) && !bk_option_specs_have(writer->options, k, BK_OPT_WRITE)) return false;
    }
    return true;
}

/* Read and write in one pass (bk_convert_document): a table-streaming reader and writer keep
 * memory to the largest table. */
static int convert_streamed(cli_common *c, const bk_plugin *writer, const char *in, const char *out)
{
    bk_diags *rdiags = bk_diags_new(0), *wdiags = bk_diags_new(0);
    bk_io_settings rs, ws;
    cli_settings(c, &rs, false, rdiags, "reading");
    cli_settings(c, &ws, true, wdiags, "writing");
    ws.format = writer->name;
    bk_error err;
    bk_error_clear(&err);
    bool writing = false;
    int st = bk_convert_document(c->reg, in, &rs, out, &ws, &writing, &err);
    cli_progress_done();
    cli_print_diags(c, rdiags);
    cli_print_diags(c, wdiags);
    bk_diags_free(rdiags);
    bk_diags_free(wdiags);
    if (!st) return EXIT_OK;
    cli_print_error(c, &err);
    return cli_exit_for(st, writing);
}

/* Read, validate if asked, and write one document to one file. */
static int convert_one(cli_common *c, const convert_args *a, const bk_plugin *writer, const char *in, const char *out)
{
    if (!a->validate && (writer->caps & BK_CAP_WRITE_TABLES) && shared_options_for(c, writer))
        return convert_streamed(c, writer, in, out);
    bk_document *doc = NULL;
    int rc = cli_read_document(c, in, writer, &doc);
    if (rc == EXIT_OK && a->validate) rc = validate_first(c, a, in, out, doc, NULL);
    if (rc == EXIT_OK) {
        bk_diags *wdiags = bk_diags_new(0);
        bk_io_settings s;
        cli_settings(c, &s, true, wdiags, "writing");
        s.format = writer->name;
        bk_error err;
        bk_error_clear(&err);
        int st = bk_write_document(c->reg, doc, out, &s, &err);
        cli_progress_done();
        cli_print_diags(c, wdiags);
        bk_diags_free(wdiags);
        if (st) {
            cli_print_error(c, &err);
            rc = cli_exit_for(st, true);
        }
    }
    bk_document_free(doc);
    return rc;
}

/* ---- several inputs into a directory ---- */

/* OUT/NAME.EXT for input @p in. */
static int dir_target(const char *dir, const char *in, const char *ext, char *buf, size_t cap)
{
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    int n = snprintf(buf, cap, "%.*s/%.*s.%s", (int)dl, dir, (int)stem, base, ext);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int convert_to_dir(cli_common *c, const convert_args *a, const bk_plugin *writer)
{
    const char *ext = writer->extensions && writer->extensions[0] ? writer->extensions[0] : writer->name;
    char(*targets)[PATH_MAX] = calloc(a->n_in, sizeof *targets);
    if (!targets) return EXIT_INTERNAL;
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < a->n_in; i++) {
        if (!strcmp(a->in[i], "-")) {
            fprintf(stderr, "%s: error: standard input cannot be converted into a directory\n", c->prog);
            rc = EXIT_USAGE;
        } else if (dir_target(a->out, a->in[i], ext, targets[i], sizeof targets[i])) {
            fprintf(stderr, "%s: error: output path too long\n", a->in[i]);
            rc = EXIT_USAGE;
        }
        for (size_t j = 0; rc == EXIT_OK && j < i; j++)
            if (!strcmp(targets[i], targets[j])) {
                fprintf(stderr, "%s: error: %s and %s would both be written to %s\n", c->prog, a->in[j], a->in[i],
                        targets[i]);
                rc = EXIT_USAGE;
            }
    }
    for (size_t i = 0; rc == EXIT_OK && i < a->n_in; i++) rc = cli_check_overwrite(targets[i], a->overwrite, false);
    struct stat st;
    if (rc == EXIT_OK && stat(a->out, &st) != 0 && mkdir(a->out, 0777) != 0) {
        fprintf(stderr, "%s: error: cannot create the output directory: %s\n", a->out, strerror(errno));
        rc = EXIT_OUTPUT;
    }
    /* every input is tried; the exit code is the first failure's */
    int first = EXIT_OK;
    size_t failed = 0;
    for (size_t i = 0; rc == EXIT_OK && i < a->n_in; i++) {
        int r = convert_one(c, a, writer, a->in[i], targets[i]);
        if (r == EXIT_INTERRUPTED)
            rc = r;
        else if (r != EXIT_OK) {
            if (!failed++) first = r;
        }
    }
    if (rc == EXIT_OK && !c->quiet)
        fprintf(stderr, "%s: %zu of %zu written to %s\n", c->prog, a->n_in - failed, a->n_in, a->out);
    free(targets);
    return rc != EXIT_OK ? rc : first;
}

/* ---- several documents into one database ---- */

/* The options the writer sees: -O, plus the -o keys it declares. */
static int writer_options(const cli_common *c, const bk_plugin *w, bk_options **out)
{
    bk_error err;
    bk_error_clear(&err);
    bk_options *o = bk_options_new();
    if (!o) return EXIT_INTERNAL;
    for (size_t i = 0; i < bk_options_count(c->shared_opts); i++) {
        const char *k = bk_options_key_at(c->shared_opts, i);
        if (bk_option_specs_have(w->options, k, BK_OPT_WRITE) &&
            bk_options_set(o, k, bk_options_get(c->shared_opts, k), &err))
            goto oom;
    }
    for (size_t i = 0; i < bk_options_count(c->out_opts); i++) {
        const char *k = bk_options_key_at(c->out_opts, i);
        if (bk_options_set(o, k, bk_options_get(c->out_opts, k), &err)) goto oom;
    }
    if (bk_options_check(o, w->options, BK_OPT_WRITE, bk_limits_option_keys(), w->name, &err)) {
        fprintf(stderr, "%s: error: %s\n", c->prog, err.message);
        bk_options_free(o);
        return EXIT_USAGE;
    }
    *out = o;
    return EXIT_OK;
oom:
    bk_options_free(o);
    return EXIT_INTERNAL;
}

/* Copy the existing database into the temporary file (for --append). */
static int copy_into(const char *from, FILE *to, bk_error *err)
{
    FILE *in = fopen(from, "rb");
    if (!in) {
        if (errno == ENOENT) return BK_OK; /* --append to a new database: it is created */
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot open for --append: %s", strerror(errno));
    }
    char buf[65536];
    size_t n;
    int rc = BK_OK;
    while (rc == BK_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot copy the database: %s", strerror(errno));
    if (rc == BK_OK && ferror(in)) rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read the database");
    fclose(in);
    return rc;
}

struct cli_many {
    const bk_plugin *writer;
    const char *path;
    char tmp[PATH_MAX];
    bk_options *opts;
    unsigned flags; /* for the next call: APPEND once the first chunk is in */
    bk_diags *diags;
    bool open;
};

int cli_many_begin(cli_common *c, const bk_plugin *w, const char *path, unsigned flags, cli_many **out)
{
    *out = NULL;
    cli_many *m = calloc(1, sizeof *m);
    if (!m) return EXIT_INTERNAL;
    m->writer = w;
    m->path = path;
    m->flags = flags;
    int rc = writer_options(c, w, &m->opts);
    if (rc) {
        free(m);
        return rc;
    }
    m->diags = bk_diags_new(0);
    bk_diags_set_file(m->diags, path);
    bk_error err;
    bk_error_clear(&err);
    FILE *fp = NULL;
    int st = bk_atomic_begin(path, m->tmp, sizeof m->tmp, &fp, &err);
    if (st == BK_OK && (flags & BK_WRITE_APPEND)) st = copy_into(path, fp, &err);
    if (fp && fclose(fp) != 0 && st == BK_OK)
        st = bk_error_set(&err, BK_ERR_IO, 0, 0, NULL, "cannot write the temporary file: %s", strerror(errno));
    if (st) {
        if (m->tmp[0] && fp) unlink(m->tmp);
        bk_error_set_file(&err, path);
        cli_print_error(c, &err);
        cli_many_abort(m);
        return cli_exit_for(st, true);
    }
    m->open = true;
    *out = m;
    return EXIT_OK;
}

int cli_many_write(cli_common *c, cli_many *m, const bk_batch_item *items, size_t n)
{
    bk_io_settings s;
    cli_settings(c, &s, true, m->diags, "writing");
    bk_sink sink = {.path = m->tmp,
                    .display_name = m->path,
                    .diags = m->diags,
                    .progress = s.progress,
                    .progress_ctx = s.progress_ctx,
                    .interrupted = s.interrupted};
    bk_error err;
    bk_error_clear(&err);
    int st = m->writer->write_many(bk_host_api(), items, n, m->flags, &sink, m->opts, &err);
    m->flags |= BK_WRITE_APPEND; /* the next chunk adds to this one */
    cli_progress_done();
    cli_print_diags(c, m->diags);
    bk_diags_free(m->diags); /* printed: the next chunk starts afresh */
    m->diags = bk_diags_new(0);
    bk_diags_set_file(m->diags, m->path);
    if (st) {
        if (!err.file[0]) bk_error_set_file(&err, m->path);
        if (!err.plugin[0]) snprintf(err.plugin, sizeof err.plugin, "%s", m->writer->name);
        cli_print_error(c, &err);
        return cli_exit_for(st, true);
    }
    return EXIT_OK;
}

int cli_many_commit(cli_common *c, cli_many *m)
{
    bk_error err;
    bk_error_clear(&err);
    const volatile int *intr = cli_install_signals();
    int st = *intr ? bk_error_set(&err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted; the previous output is untouched")
                   : bk_atomic_commit(NULL, m->tmp, m->path, &err);
    if (st == BK_OK) m->open = false;
    int rc = EXIT_OK;
    if (st) {
        bk_error_set_file(&err, m->path);
        cli_print_error(c, &err);
        rc = cli_exit_for(st, true);
    }
    cli_many_abort(m);
    return rc;
}

void cli_many_abort(cli_many *m)
{
    if (!m) return;
    if (m->open) unlink(m->tmp);
    bk_options_free(m->opts);
    bk_diags_free(m->diags);
    free(m);
}

/* Documents are read and handed over in chunks, so memory stays bounded however
 * many inputs there are; each chunk is one transaction in the temporary copy. */
#define MANY_CHUNK 64

static int convert_many(cli_common *c, const convert_args *a, const bk_plugin *writer)
{
    if (!a->append) {
        int rc = cli_check_overwrite(a->out, a->overwrite, false);
        if (rc) return rc;
    }
    cli_many *m = NULL;
    unsigned flags = (a->append ? BK_WRITE_APPEND : 0) | (a->append && a->overwrite ? BK_WRITE_REPLACE : 0);
    int rc = cli_many_begin(c, writer, a->out, flags, &m);
    if (rc) return rc;
    bk_batch_item items[MANY_CHUNK];
    bk_findings *fss[MANY_CHUNK];
    size_t n = 0, written = 0, refused = 0;
    for (size_t i = 0; rc == EXIT_OK && i <= a->n_in; i++) {
        if (i < a->n_in) {
            bk_document *doc = NULL;
            bk_findings *fs = NULL;
            int r = cli_read_document(c, a->in[i], writer, &doc);
            if (r == EXIT_OK && a->validate) r = validate_first(c, a, a->in[i], a->out, doc, &fs);
            if (r == EXIT_FINDINGS) {
                refused++;
                bk_document_free(doc);
                continue;
            }
            if (r != EXIT_OK) {
                bk_document_free(doc);
                rc = r;
                break;
            }
            items[n] =
                (bk_batch_item){.doc = doc, .source = strcmp(a->in[i], "-") ? a->in[i] : "<stdin>", .findings = fs};
            fss[n++] = fs;
        }
        if (n && (n == MANY_CHUNK || i == a->n_in)) {
            rc = cli_many_write(c, m, items, n);
            if (rc == EXIT_OK) written += n;
            for (size_t k = 0; k < n; k++) {
                bk_document_free((bk_document *)items[k].doc);
                bk_findings_free(fss[k]);
            }
            n = 0;
        }
    }
    for (size_t k = 0; k < n; k++) {
        bk_document_free((bk_document *)items[k].doc);
        bk_findings_free(fss[k]);
    }
    if (rc == EXIT_OK)
        rc = cli_many_commit(c, m);
    else
        cli_many_abort(m);
    if (rc == EXIT_OK && !c->quiet && a->n_in > 1)
        fprintf(stderr, "%s: %zu document%s written to %s\n", c->prog, written, written == 1 ? "" : "s", a->out);
    if (rc == EXIT_OK && refused) rc = EXIT_FINDINGS;
    return rc;
}

int cmd_convert(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit convert");
    convert_args a = {0};
    if (rc == EXIT_OK) rc = parse_args(&c, argc, argv, &a);
    if (c.help) {
        free(a.in);
        cli_common_free(&c);
        return EXIT_OK;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    /* Choose the writer before reading so a bad output name fails fast. */
    struct stat st;
    size_t ol = a.out ? strlen(a.out) : 0;
    bool to_dir = rc == EXIT_OK && (a.n_in > 1 || (ol && a.out[ol - 1] == '/') ||
                                    (strcmp(a.out, "-") && stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)));
    const bk_plugin *writer = NULL;
    if (rc == EXIT_OK && (!ol || (a.n_in > 1 && !strcmp(a.out, "-")))) {
        fprintf(stderr, "%s: error: %s\n", c.prog,
                ol ? "several inputs need an output directory or database, not standard output" : "OUT is empty");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        if (to_dir && !c.to && (a.out[ol - 1] == '/' || (stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)))) {
            fprintf(stderr, "%s: error: writing into the directory %s needs --to FORMAT\n", c.prog, a.out);
            rc = EXIT_USAGE;
        } else
            rc = pick_writer(&c, a.out, &writer);
    }
    /* formats for publication take only documents without errors, unless --force */
    if (rc == EXIT_OK && (writer->caps & BK_CAP_WRITE_VALID_ONLY)) a.validate = true;
    bool many = rc == EXIT_OK && (writer->caps & BK_CAP_WRITE_MANY) && writer->write_many && strcmp(a.out, "-") &&
                !(ol && a.out[ol - 1] == '/') && !(stat(a.out, &st) == 0 && S_ISDIR(st.st_mode));
    if (rc == EXIT_OK && a.append && !many) {
        fprintf(stderr, "%s: error: --append needs an output format that holds many documents (sqlite)\n", c.prog);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        if (many)
            rc = convert_many(&c, &a, writer);
        else if (to_dir)
            rc = convert_to_dir(&c, &a, writer);
        else {
            rc = cli_check_overwrite(a.out, a.overwrite, false);
            if (rc == EXIT_OK) rc = convert_one(&c, &a, writer, a.in[0], a.out);
        }
    }
    free(a.in);
    cli_common_free(&c);
    return rc;
}
