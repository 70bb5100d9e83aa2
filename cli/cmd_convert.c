/* SPDX-License-Identifier: MIT */
/* `budgetkit convert`: one input to one output; several inputs into a directory
 * (one file each) or into one database (a BK_CAP_WRITE_MANY writer). */
#include "cli.h"
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct convert_args {
    const char **in;
    size_t n_in;
    const char *out;
    bool validate, force, overwrite, append;
    int jobs; /* documents at once with several inputs */
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
        case CLI_OPT_JOBS:
            if (cli_parse_jobs(c, args.arg, &a->jobs)) return EXIT_USAGE;
            break;
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
static int validate_first(FILE *msgs, cli_common *c, const convert_args *a, const char *in, const char *out,
                          const bk_document *doc, bk_findings **keep)
{
    bk_findings *fs = NULL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_validate(doc, NULL, &fs, &err)) {
        cli_fprint_error(msgs, c, &err);
        return EXIT_INTERNAL;
    }
    int rc = EXIT_OK;
    if (msgs == stderr) cli_progress_done();
    if (fs->count || !c->quiet) cli_validate_print_text(msgs, strcmp(in, "-") ? in : "<stdin>", doc, fs, false);
    if (bk_findings_failed(fs, false)) {
        if (a->force) {
            fprintf(msgs, "%s: warning: writing %s despite %zu validation error%s (--force)\n", c->prog, out,
                    fs->n_error, fs->n_error == 1 ? "" : "s");
        } else {
            fprintf(msgs, "%s: error: %zu validation error%s: %s not written (use --force to write anyway)\n", c->prog,
                    fs->n_error, fs->n_error == 1 ? "" : "s", out);
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
static int convert_streamed(FILE *msgs, cli_common *c, const bk_plugin *writer, const char *in, const char *out)
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
    if (msgs == stderr) cli_progress_done();
    cli_fprint_diags(msgs, c, rdiags);
    cli_fprint_diags(msgs, c, wdiags);
    bk_diags_free(rdiags);
    bk_diags_free(wdiags);
    if (!st) return EXIT_OK;
    cli_fprint_error(msgs, c, &err);
    return cli_exit_for(st, writing);
}

/* Read, validate if asked, and write one document to one file; messages into @p msgs. */
static int convert_one(FILE *msgs, cli_common *c, const convert_args *a, const bk_plugin *writer, const char *in,
                       const char *out)
{
    if (!a->validate && (writer->caps & BK_CAP_WRITE_TABLES) && shared_options_for(c, writer))
        return convert_streamed(msgs, c, writer, in, out);
    bk_document *doc = NULL;
    int rc = cli_read_document_to(msgs, c, in, writer, &doc);
    if (rc == EXIT_OK && a->validate) rc = validate_first(msgs, c, a, in, out, doc, NULL);
    if (rc == EXIT_OK) {
        bk_diags *wdiags = bk_diags_new(0);
        bk_io_settings s;
        cli_settings(c, &s, true, wdiags, "writing");
        s.format = writer->name;
        bk_error err;
        bk_error_clear(&err);
        int st = bk_write_document(c->reg, doc, out, &s, &err);
        if (msgs == stderr) cli_progress_done();
        cli_fprint_diags(msgs, c, wdiags);
        bk_diags_free(wdiags);
        if (st) {
            cli_fprint_error(msgs, c, &err);
            rc = cli_exit_for(st, true);
        }
    }
    bk_document_free(doc);
    return rc;
}

/* ---- several inputs at once: jobs on worker threads, their messages in input order ---- */

typedef struct cjob {
    const cli_input *input;
    const char *in, *source; /* its path; its name in a database */
    char *target;            /* into a directory: its output file */
    int rc;
    bk_document *doc; /* into a database: read, waiting for the writer */
    bk_findings *fs;
    char *msgs;
    size_t msgs_len;
    atomic_bool finished;
} cjob;

typedef struct crun {
    cli_common *c;
    const convert_args *a;
    const bk_plugin *writer;
    cjob *jobs;
    size_t lo, hi, n_total, done_before; /* the jobs of this pass; all of the run; done before it */
    atomic_size_t next, done;
    bool to_db;
    const volatile int *interrupted;
    pthread_t threads[256];
    int started;   /* threads running the jobs */
    bool progress; /* the run's progress display, off on c while threads run */
} crun;

/* One job: into a directory, read and write it; into a database, read (and validate) it. */
static void run_job(crun *r, cjob *j, FILE *msgs)
{
    if (r->interrupted && *r->interrupted) {
        j->rc = EXIT_INTERRUPTED;
        return;
    }
    if (!r->to_db) {
        j->rc = convert_one(msgs, r->c, r->a, r->writer, j->in, j->target);
        return;
    }
    j->rc = cli_read_document_to(msgs, r->c, j->in, r->writer, &j->doc);
    if (j->rc == EXIT_OK && r->a->validate) j->rc = validate_first(msgs, r->c, r->a, j->in, r->a->out, j->doc, &j->fs);
    if (j->rc != EXIT_OK) {
        bk_document_free(j->doc);
        j->doc = NULL;
    }
}

static void *cworker(void *arg)
{
    crun *r = arg;
    for (size_t i; (i = atomic_fetch_add(&r->next, 1)) < r->hi;) {
        cjob *j = &r->jobs[i];
        FILE *m = open_memstream(&j->msgs, &j->msgs_len);
        run_job(r, j, m ? m : stderr);
        if (m) fclose(m);
        atomic_store(&j->finished, true);
        atomic_fetch_add(&r->done, 1);
    }
    return NULL;
}

/* Print the finished jobs' messages from *printed on, in order; returns whether all are printed. */
static bool print_ready(crun *r, size_t *printed)
{
    bool any = false;
    for (; *printed < r->hi && atomic_load(&r->jobs[*printed].finished); (*printed)++) {
        cjob *j = &r->jobs[*printed];
        if (j->msgs_len) {
            if (!any && r->c->progress) fputs("\r\033[K", stderr);
            any = true;
            fwrite(j->msgs, 1, j->msgs_len, stderr);
        }
        free(j->msgs);
        j->msgs = NULL;
        j->msgs_len = 0;
    }
    return *printed == r->hi;
}

/* Start the jobs [r->lo, r->hi) on up to @p jobs threads (none with -j 1, or when none can start). */
static void jobs_start(crun *r, int jobs)
{
    atomic_store(&r->next, r->lo);
    atomic_store(&r->done, 0);
    size_t n = r->hi - r->lo;
    if ((size_t)jobs > n) jobs = (int)n;
    r->started = 0;
    r->progress = r->c->progress;
    if (jobs < 2) return;
    r->c->progress = false; /* one bar for the run, drawn by jobs_wait; none per document */
    for (; r->started < jobs; r->started++)
        if (pthread_create(&r->threads[r->started], NULL, cworker, r)) break;
    if (!r->started) r->c->progress = r->progress;
}

/* Wait for the jobs started (printing their messages in order and the progress), or run them here. */
static void jobs_wait(crun *r)
{
    const char *verb = r->to_db ? "reading" : "converting";
    size_t printed = r->lo;
    while (r->started && !print_ready(r, &printed)) {
        if (r->progress) cli_progress_bar(verb, r->done_before + atomic_load(&r->done), r->n_total);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    for (int t = 0; t < r->started; t++) pthread_join(r->threads[t], NULL);
    if (r->started) {
        r->c->progress = r->progress;
        if (r->progress) fputs("\r\033[K", stderr);
        return;
    }
    for (size_t i = r->lo; i < r->hi; i++) {
        run_job(r, &r->jobs[i], stderr); /* here, messages as they come */
        atomic_store(&r->jobs[i].finished, true);
    }
}

static void run_jobs(crun *r, int jobs)
{
    jobs_start(r, jobs);
    jobs_wait(r);
}

/* OUT/NAME.EXT for input @p e; one found in a folder: OUT/PATH/NAME.EXT, PATH its folder below the one given. */
static int dir_target(const char *dir, const cli_input *e, const char *ext, char *buf, size_t cap)
{
    const char *rel = e->path; /* what is kept of the input's path: below its folder, else its name */
    if (e->root) {
        rel += strlen(e->root);
        while (*rel == '/') rel++;
    } else if (strrchr(rel, '/'))
        rel = strrchr(rel, '/') + 1;
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    size_t stem = (size_t)(base - rel) + (dot && dot != base ? (size_t)(dot - base) : strlen(base));
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    int n = snprintf(buf, cap, "%.*s/%.*s.%s", (int)dl, dir, (int)stem, rel, ext);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int cmp_paths(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The folders of @p target below @p dir (mkdir -p of its parent, from @p dir on). */
static int make_parents(const char *dir, const char *target)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", target);
    size_t from = strlen(dir);
    for (char *s = p + from; (s = strchr(s + 1, '/'));) {
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: error: cannot create the folder: %s\n", p, strerror(errno));
            return EXIT_OUTPUT;
        }
        *s = '/';
    }
    return EXIT_OK;
}

/* The jobs of the inputs a reader claims (a file found in a folder that none claims is skipped). */
static int make_jobs(cli_common *c, const cli_inputs *in, cjob **jobs, size_t *n, size_t *skipped)
{
    *jobs = calloc(in->n ? in->n : 1, sizeof **jobs);
    if (!*jobs) return EXIT_INTERNAL;
    *n = *skipped = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (in->v[i].root && !cli_file_claimed(c, in->v[i].path)) {
            ++*skipped;
            continue;
        }
        cjob *j = &(*jobs)[(*n)++];
        j->input = &in->v[i];
        j->in = in->v[i].path;
        j->source = strcmp(j->in, "-") ? j->in : "<stdin>";
    }
    if (!*n) {
        fprintf(stderr, "%s: error: no file in the folders given is a document any format reads\n", c->prog);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static void free_jobs(cjob *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; i++) {
        free(jobs[i].target);
        free(jobs[i].msgs);
        bk_document_free(jobs[i].doc);
        bk_findings_free(jobs[i].fs);
    }
    free(jobs);
}

static void skipped_note(const cli_common *c, size_t skipped)
{
    if (skipped && !c->quiet)
        fprintf(stderr, "%s: %zu file%s in the folders skipped: no format claims %s\n", c->prog, skipped,
                skipped == 1 ? "" : "s", skipped == 1 ? "it" : "them");
}

static int convert_to_dir(cli_common *c, const convert_args *a, const bk_plugin *writer, const cli_inputs *in)
{
    const char *ext = writer->extensions && writer->extensions[0] ? writer->extensions[0] : writer->name;
    cjob *jobs = NULL;
    size_t n = 0, skipped = 0;
    int rc = make_jobs(c, in, &jobs, &n, &skipped);
    char target[PATH_MAX];
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        cjob *j = &jobs[i];
        if (!strcmp(j->in, "-")) {
            fprintf(stderr, "%s: error: standard input cannot be converted into a directory\n", c->prog);
            rc = EXIT_USAGE;
        } else if (dir_target(a->out, j->input, ext, target, sizeof target)) {
            fprintf(stderr, "%s: error: output path too long\n", j->in);
            rc = EXIT_USAGE;
        } else if (!(j->target = strdup(target)))
            rc = EXIT_INTERNAL;
    }
    /* two inputs to one file: refused before anything is written (sorted: linear in the inputs) */
    char **sorted = rc == EXIT_OK ? malloc((n ? n : 1) * sizeof *sorted) : NULL;
    if (rc == EXIT_OK && !sorted) rc = EXIT_INTERNAL;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) sorted[i] = jobs[i].target;
    if (rc == EXIT_OK && n) qsort(sorted, n, sizeof *sorted, cmp_paths);
    for (size_t i = 1; rc == EXIT_OK && i < n; i++)
        if (!strcmp(sorted[i], sorted[i - 1])) {
            fprintf(stderr, "%s: error: two inputs would both be written to %s\n", c->prog, sorted[i]);
            rc = EXIT_USAGE;
        }
    free(sorted);
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) rc = cli_check_overwrite(jobs[i].target, a->overwrite, false);
    struct stat st;
    if (rc == EXIT_OK && stat(a->out, &st) != 0 && mkdir(a->out, 0777) != 0) {
        fprintf(stderr, "%s: error: cannot create the output directory: %s\n", a->out, strerror(errno));
        rc = EXIT_OUTPUT;
    }
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) rc = make_parents(a->out, jobs[i].target);
    crun r = {.c = c,
              .a = a,
              .writer = writer,
              .jobs = jobs,
              .lo = 0,
              .hi = n,
              .n_total = n,
              .interrupted = cli_install_signals()};
    if (rc == EXIT_OK) run_jobs(&r, a->jobs);
    /* every input is tried; the exit code is the first failure's */
    int first = EXIT_OK;
    size_t failed = 0;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (jobs[i].rc != EXIT_OK && !failed++) first = jobs[i].rc;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (jobs[i].rc == EXIT_INTERRUPTED) rc = EXIT_INTERRUPTED;
    if (rc == EXIT_OK) skipped_note(c, skipped);
    if (rc == EXIT_OK && !c->quiet) fprintf(stderr, "%s: %zu of %zu written to %s\n", c->prog, n - failed, n, a->out);
    free_jobs(jobs, n);
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

/* Documents are read (on -j threads) and handed over in chunks, so memory stays bounded
 * however many inputs there are; each chunk is one transaction in the temporary copy. */
#define MANY_CHUNK 64

/* Hand chunk [lo, hi) of read documents to the writer; refused ones (validation errors) are left out. */
static int write_chunk(cli_common *c, cli_many *m, cjob *jobs, size_t lo, size_t hi, size_t *written, size_t *refused)
{
    bk_batch_item items[MANY_CHUNK];
    size_t n = 0;
    int rc = EXIT_OK;
    for (size_t i = lo; i < hi && rc == EXIT_OK; i++) {
        if (jobs[i].rc == EXIT_FINDINGS)
            ++*refused;
        else if (jobs[i].rc != EXIT_OK)
            rc = jobs[i].rc; /* an input that cannot be read: the database is not written */
        else
            items[n++] = (bk_batch_item){.doc = jobs[i].doc, .source = jobs[i].source, .findings = jobs[i].fs};
    }
    if (rc == EXIT_OK && n) rc = cli_many_write(c, m, items, n);
    if (rc == EXIT_OK) *written += n;
    for (size_t i = lo; i < hi; i++) {
        bk_document_free(jobs[i].doc);
        bk_findings_free(jobs[i].fs);
        jobs[i].doc = NULL;
        jobs[i].fs = NULL;
    }
    return rc;
}

static int convert_many(cli_common *c, const convert_args *a, const bk_plugin *writer, const cli_inputs *in)
{
    if (!a->append) {
        int rc = cli_check_overwrite(a->out, a->overwrite, false);
        if (rc) return rc;
    }
    cjob *jobs = NULL;
    size_t n = 0, skipped = 0, written = 0, refused = 0;
    int rc = make_jobs(c, in, &jobs, &n, &skipped);
    cli_many *m = NULL;
    unsigned flags = (a->append ? BK_WRITE_APPEND : 0) | (a->append && a->overwrite ? BK_WRITE_REPLACE : 0);
    if (rc == EXIT_OK) rc = cli_many_begin(c, writer, a->out, flags, &m);
    /* chunk k+1 is read on the workers while chunk k is written (two runs, alternating) */
    crun r[2];
    for (int k = 0; k < 2; k++)
        r[k] = (crun){.c = c,
                      .a = a,
                      .writer = writer,
                      .jobs = jobs,
                      .n_total = n,
                      .to_db = true,
                      .interrupted = cli_install_signals()};
    if (rc == EXIT_OK) {
        r[0].hi = n < MANY_CHUNK ? n : MANY_CHUNK;
        run_jobs(&r[0], a->jobs);
    }
    for (int cur = 0; rc == EXIT_OK; cur = !cur) {
        crun *now = &r[cur], *next = &r[!cur];
        bool more = now->hi < n;
        if (more) {
            next->lo = next->done_before = now->hi;
            next->hi = now->hi + MANY_CHUNK < n ? now->hi + MANY_CHUNK : n;
            jobs_start(next, a->jobs);
        }
        rc = write_chunk(c, m, jobs, now->lo, now->hi, &written, &refused);
        if (!more) break;
        jobs_wait(next); /* a failed write still waits for the readers, then stops */
    }
    if (rc == EXIT_OK)
        rc = cli_many_commit(c, m);
    else
        cli_many_abort(m);
    if (rc == EXIT_OK) skipped_note(c, skipped);
    if (rc == EXIT_OK && !c->quiet && n > 1)
        fprintf(stderr, "%s: %zu document%s written to %s\n", c->prog, written, written == 1 ? "" : "s", a->out);
    if (rc == EXIT_OK && refused) rc = EXIT_FINDINGS;
    free_jobs(jobs, n);
    return rc;
}

int cmd_convert(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit convert");
    convert_args a = {.jobs = cli_default_jobs()};
    if (rc == EXIT_OK) rc = parse_args(&c, argc, argv, &a);
    if (c.help) {
        free(a.in);
        cli_common_free(&c);
        return EXIT_OK;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    cli_inputs in = {0};
    if (rc == EXIT_OK) rc = cli_inputs_collect(&c, a.in, a.n_in, &in);
    if (rc == EXIT_OK && in.n > 1)
        for (size_t i = 0; i < in.n && rc == EXIT_OK; i++)
            if (!strcmp(in.v[i].path, "-")) {
                fprintf(stderr, "%s: error: standard input can only be converted alone\n", c.prog);
                rc = EXIT_USAGE;
            }
    if (rc == EXIT_OK && in.folders && !in.n) {
        fprintf(stderr, "%s: error: no file in the folder%s given\n", c.prog, in.folders == 1 ? "" : "s");
        rc = EXIT_INPUT;
    }
    /* Choose the writer before reading so a bad output name fails fast. */
    struct stat st;
    size_t ol = a.out ? strlen(a.out) : 0;
    bool several = in.n > 1 || in.folders;
    bool to_dir = rc == EXIT_OK && (several || (ol && a.out[ol - 1] == '/') ||
                                    (strcmp(a.out, "-") && stat(a.out, &st) == 0 && S_ISDIR(st.st_mode)));
    const bk_plugin *writer = NULL;
    if (rc == EXIT_OK && (!ol || (several && !strcmp(a.out, "-")))) {
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
            rc = convert_many(&c, &a, writer, &in);
        else if (to_dir)
            rc = convert_to_dir(&c, &a, writer, &in);
        else {
            rc = cli_check_overwrite(a.out, a.overwrite, false);
            if (rc == EXIT_OK) rc = convert_one(stderr, &c, &a, writer, a.in[0], a.out);
        }
    }
    cli_inputs_free(&in);
    free(a.in);
    cli_common_free(&c);
    return rc;
}
