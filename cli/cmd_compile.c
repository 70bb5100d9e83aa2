/* SPDX-License-Identifier: MIT */
/* `budgetkit compile`: finance-system line items → the standard tables,
 * for one document or one per department/unit, in parallel. */
#include "cli.h"
#include <budgetkit/compile.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* -o keys that belong to the compiler, not to a format plugin. */
static const char *const COMPILE_KEYS[] = {"unit", "ledger_unit", "map", "codebook", "year", NULL};

static bool is_compile_key(const char *k)
{
    for (size_t i = 0; COMPILE_KEYS[i]; i++)
        if (!strcmp(COMPILE_KEYS[i], k)) return true;
    return false;
}

static bk_unit_kind parse_unit(const char *v)
{
    if (!v) return BK_UNIT_UNKNOWN;
    if (!strcmp(v, "元") || !strcmp(v, "yuan")) return BK_UNIT_YUAN;
    if (!strcmp(v, "万元") || !strcmp(v, "wan_yuan") || !strcmp(v, "wan")) return BK_UNIT_WAN_YUAN;
    return BK_UNIT_UNKNOWN;
}

/* Take the compiler's keys out of -o, leaving the plugins' ones. */
static int split_options(cli_common *c, bk_options **mine)
{
    *mine = bk_options_new();
    bk_options *rest = bk_options_new();
    bk_error err;
    bk_error_clear(&err);
    if (!*mine || !rest) {
        bk_options_free(rest);
        return EXIT_INTERNAL;
    }
    for (size_t i = 0; i < bk_options_count(c->shared_opts); i++) {
        const char *k = bk_options_key_at(c->shared_opts, i);
        if (bk_options_set(is_compile_key(k) ? *mine : rest, k, bk_options_get(c->shared_opts, k), &err)) {
            bk_options_free(rest);
            return EXIT_INTERNAL;
        }
    }
    bk_options_free(c->shared_opts);
    c->shared_opts = rest;
    return EXIT_OK;
}

typedef struct job {
    int status;        /* BK_OK or the failure */
    bool write_failed; /* the failure came from writing */
    bk_error err;
    bk_diags *diags;
    char path[4096];
} job;

typedef struct pool {
    cli_common *cli;
    const char *ledger;
    const bk_compiler *comp;
    const char *out_dir;
    const char *ext;
    job *jobs;
    size_t n;
    atomic_size_t next; /* the work queue */
    atomic_size_t done; /* the progress counter */
    const volatile int *interrupted;
} pool;

#define SPLIT_SUFFIX_MAX 24 /* bytes kept free in a name for "(N)" */

/* Base of a group's file name: "305-忻州市民政局"; '/', '\\' and control characters become '_', a
 * leading '.' too; cut on a UTF-8 boundary to @p max bytes. */
static void group_base(const pool *p, size_t i, char *base, size_t cap, size_t max)
{
    const char *code = bk_compiler_group_code(p->comp, i), *name = bk_compiler_group_name(p->comp, i);
    if (code && name)
        snprintf(base, cap, "%s-%s", code, name);
    else if (code || name)
        snprintf(base, cap, "%s", code ? code : name);
    else
        snprintf(base, cap, "group%zu", i + 1);
    for (char *s = base; *s; s++)
        if (*s == '/' || *s == '\\' || (unsigned char)*s < 0x20 || *s == 0x7f) *s = '_';
    if (base[0] == '.') base[0] = '_';
    size_t n = strlen(base);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80) n--; /* not inside a character */
        base[n] = '\0';
    }
}

/* Names a file system may take for one: ASCII case folded, full-width ASCII (U+FF01–U+FF5E)
 * and the ideographic space read as their half-width forms. */
static void fold_name(const char *in, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0;
    while (*s && o + 1 < cap) {
        unsigned c = *s++;
        if (c == 0xEF && (s[0] == 0xBC || s[0] == 0xBD) && (s[1] & 0xC0) == 0x80) {
            unsigned cp = 0xF000 | (unsigned)(s[0] & 0x3F) << 6 | (unsigned)(s[1] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) c = cp - 0xFEE0, s += 2;
        } else if (c == 0xE3 && s[0] == 0x80 && s[1] == 0x80) {
            c = ' ', s += 2;
        }
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
}

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/*
 * Give every group its own output path, in group order (so -j does not change
 * them): two names the file system could take for one ("a/b" and "a_b", "A_B",
 * "ａ_ｂ") get "(2)", "(3)", … The name with its suffix and extension stays within
 * NAME_MAX bytes. Keys of the names taken are kept in an open-addressing table.
 */
static int assign_paths(pool *p)
{
    size_t cap = 16;
    while (cap < 2 * p->n) cap *= 2;
    char **taken = calloc(cap, sizeof *taken);
    if (!taken) return EXIT_INTERNAL;
    size_t ext = strlen(p->ext), max = NAME_MAX - 1 - ext - SPLIT_SUFFIX_MAX;
    int rc = EXIT_OK;
    for (size_t i = 0; i < p->n && rc == EXIT_OK; i++) {
        char base[1024], name[1100], key[1100];
        group_base(p, i, base, sizeof base, max);
        for (size_t k = 1;; k++) {
            if (k == 1)
                snprintf(name, sizeof name, "%s.%s", base, p->ext);
            else
                snprintf(name, sizeof name, "%s(%zu).%s", base, k, p->ext);
            fold_name(name, key, sizeof key);
            size_t h = (size_t)name_hash(key) & (cap - 1);
            while (taken[h] && strcmp(taken[h], key) != 0) h = (h + 1) & (cap - 1);
            if (taken[h]) continue; /* taken: try the next suffix */
            if (!(taken[h] = strdup(key))) rc = EXIT_INTERNAL;
            break;
        }
        snprintf(p->jobs[i].path, sizeof p->jobs[i].path, "%s/%s", p->out_dir, name);
    }
    for (size_t h = 0; h < cap; h++) free(taken[h]);
    free(taken);
    return rc;
}

static void run_job(pool *p, size_t i)
{
    job *j = &p->jobs[i];
    bk_error_clear(&j->err);
    j->diags = bk_diags_new(0);
    bk_document *doc = NULL;
    j->status = bk_compile_group(p->comp, i, &doc, j->diags, &j->err);
    if (j->status == BK_OK) {
        bk_io_settings out;
        memset(&out, 0, sizeof out);
        out.format = p->cli->to;
        out.options = p->cli->out_opts;
        out.shared_options = p->cli->shared_opts;
        out.limits = &p->cli->limits;
        out.diags = j->diags;
        out.interrupted = p->interrupted;
        j->status = bk_write_document(p->cli->reg, doc, j->path, &out, &j->err);
        j->write_failed = j->status != BK_OK;
    }
    bk_document_free(doc);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n) break;
        if (p->interrupted && *p->interrupted) { /* leave the rest unwritten, as failures */
            p->jobs[i].status = bk_error_set(&p->jobs[i].err, BK_ERR_INTERRUPTED, 0, 0, NULL, "interrupted");
            p->jobs[i].write_failed = true;
            p->jobs[i].diags = bk_diags_new(0);
        } else {
            run_job(p, i);
        }
        atomic_fetch_add(&p->done, 1);
    }
    return NULL;
}

static int run_pool(pool *p, int jobs, bool progress)
{
    if (jobs < 1) jobs = 1;
    if ((size_t)jobs > p->n) jobs = (int)p->n;
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!threads) return EXIT_INTERNAL;
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, p)) break;
    if (started == 0) worker(p); /* no thread could start: do the work here */
    if (progress) {
        while (atomic_load(&p->done) < p->n) {
            cli_progress_bar("compiling", atomic_load(&p->done), p->n);
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        cli_progress_bar("compiling", p->n, p->n);
        fputs("\r\033[K", stderr);
    }
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
    free(threads);
    return EXIT_OK;
}

/* Print a group's diagnostics: notes only for the first group (they repeat), warnings always. */
static void print_job_diags(const cli_common *c, const bk_diags *d, bool notes)
{
    if (!d || c->quiet) return;
    for (size_t i = 0; i < d->count; i++) {
        const bk_diag *g = &d->items[i];
        if (g->severity == BK_SEV_NOTE && !notes) continue;
        fprintf(stderr, "%s: %s: %s\n", d->file ? d->file : c->prog,
                g->severity == BK_SEV_NOTE      ? "note"
                : g->severity == BK_SEV_WARNING ? "warning"
                                                : "error",
                g->message);
    }
}

static int make_dir(const char *path, bk_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return BK_OK;
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL,
                            "exists and is not a directory (--split-by writes a directory)");
    }
    if (mkdir(path, 0777) != 0)
        return bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot create the output directory: %s", strerror(errno));
    return BK_OK;
}

typedef struct compile_args {
    const char *ledger, *out;
    bk_split_by split;
    int jobs;
    bool overwrite;
} compile_args;

static int parse_args(cli_common *c, int argc, char **argv, compile_args *a)
{
    size_t npos = 0;
    cli_parser args;
    cli_parser_init(&args, CLI_COMPILE, c->prog, argc, argv);
    for (int id; (id = cli_next_option(c, &args)) != CLI_DONE;) {
        const char *v = args.arg;
        switch (id) {
        case CLI_OPT_OVERWRITE: a->overwrite = true; break;
        case CLI_OPT_SPLIT_BY:
            if (!strcmp(v, "department"))
                a->split = BK_SPLIT_DEPARTMENT;
            else if (!strcmp(v, "unit"))
                a->split = BK_SPLIT_UNIT;
            else {
                fprintf(stderr, "%s: error: --split-by takes department or unit\n", c->prog);
                return EXIT_USAGE;
            }
            break;
        case CLI_OPT_JOBS:
            if (cli_parse_jobs(c, v, &a->jobs)) return EXIT_USAGE;
            break;
        case CLI_ARG:
            if (npos == 0)
                a->ledger = v;
            else if (npos == 1)
                a->out = v;
            else {
                fprintf(stderr, "%s: error: too many arguments (see --help)\n", c->prog);
                return EXIT_USAGE;
            }
            npos++;
            break;
        case CLI_ERROR: return EXIT_USAGE;
        default: return cli_unhandled_option(c, &args);
        }
    }
    if (c->help) return EXIT_OK;
    if (npos != 2) {
        fprintf(stderr, "%s: error: expected LEDGER and OUT (see --help)\n", c->prog);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The compiler's settings from -o; prints and returns EXIT_USAGE on a bad value. */
/* The shipped codebook (definitions/codebook.tsv beside the program): without it compile still
 * runs, and codes the ledger does not name get the nameless warning. */
static void shipped_codebook(cli_common *c, bk_compile_settings *s, bk_codebook **shipped)
{
    bk_error err;
    bk_error_clear(&err);
    if (bk_codebook_load_shipped(NULL, &c->limits, shipped, &err) == BK_OK)
        s->shipped = *shipped;
    else if (!c->quiet)
        fprintf(stderr, "%s: warning: %s\n", c->prog, err.message);
}

static int compile_settings(cli_common *c, const bk_options *mine, bk_compile_settings *s, bk_codebook **cb,
                            bk_codebook **shipped)
{
    const char *unit = bk_options_get(mine, "unit"), *lunit = bk_options_get(mine, "ledger_unit");
    const char *year = bk_options_get(mine, "year"), *book = bk_options_get(mine, "codebook");
    if (unit && !(s->output_unit = parse_unit(unit))) {
        fprintf(stderr, "%s: error: -o unit takes 万元 or 元, not '%s'\n", c->prog, unit);
        return EXIT_USAGE;
    }
    if (lunit && !(s->ledger_unit = parse_unit(lunit))) {
        fprintf(stderr, "%s: error: -o ledger_unit takes 元 or 万元, not '%s'\n", c->prog, lunit);
        return EXIT_USAGE;
    }
    if (year) {
        char *end;
        long y = strtol(year, &end, 10);
        if (*end || y < 1990 || y > 2100) {
            fprintf(stderr, "%s: error: -o year takes a year such as 2024, not '%s'\n", c->prog, year);
            return EXIT_USAGE;
        }
        s->fiscal_year = (int32_t)y;
    }
    s->column_map = bk_options_get(mine, "map");
    s->limits = &c->limits;
    shipped_codebook(c, s, shipped);
    if (book) {
        bk_error err;
        bk_error_clear(&err);
        int st = bk_codebook_load(book, &c->limits, cb, &err);
        if (st) {
            cli_print_error(c, &err);
            return cli_exit_for(st, false);
        }
        s->codebook = *cb;
    }
    return EXIT_OK;
}

/* ---- reading on two threads: the plugin parses, the compiler sums ----
 * With -j 2 or more, the reader's callback copies records into batches that a
 * second thread feeds to the compiler, so parsing and summing overlap. The
 * batches (bounded in number) are the only shared state, behind one lock. */

#define BATCH_BYTES       (256 * 1024)
#define BATCHES_IN_FLIGHT 8

typedef struct batch {
    unsigned char *data;
    size_t len, cap;
    bool sheet; /* a sheet marker: data holds the name */
    bool end;   /* no more records */
    struct batch *next;
} batch;

typedef struct feeder {
    const bk_record_sink *target;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    batch *head, *tail; /* queued for the compiler */
    size_t queued;
    batch *cur;      /* being filled by the reader */
    atomic_int stop; /* the compiler's status once it refused a record */
    int oom;
} feeder;

static batch *batch_new(void)
{
    batch *b = calloc(1, sizeof *b);
    if (b && !(b->data = malloc(b->cap = BATCH_BYTES))) {
        free(b);
        b = NULL;
    }
    return b;
}

static void batch_free(batch *b)
{
    if (b) free(b->data);
    free(b);
}

static void push(feeder *f, batch *b)
{
    pthread_mutex_lock(&f->lock);
    while (f->queued >= BATCHES_IN_FLIGHT) pthread_cond_wait(&f->changed, &f->lock);
    if (f->tail)
        f->tail->next = b;
    else
        f->head = b;
    f->tail = b;
    f->queued++;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
}

static batch *pop(feeder *f)
{
    pthread_mutex_lock(&f->lock);
    while (!f->head) pthread_cond_wait(&f->changed, &f->lock);
    batch *b = f->head;
    f->head = b->next;
    if (!f->head) f->tail = NULL;
    f->queued--;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
    return b;
}

static bool reserve(batch *b, size_t more)
{
    if (b->len + more <= b->cap) return true;
    size_t cap = b->cap * 2 > b->len + more ? b->cap * 2 : b->len + more;
    unsigned char *d = realloc(b->data, cap);
    if (!d) return false;
    b->data = d;
    b->cap = cap;
    return true;
}

/* Record layout in a batch: line, n, n lengths (uint32 each), then the fields, each NUL-terminated. */
static int feed_record(void *ctx, const bk_record *rec)
{
    feeder *f = ctx;
    int stop = atomic_load(&f->stop);
    if (stop) return stop;
    if (!f->cur && !(f->cur = batch_new())) return f->oom = BK_ERR_NOMEM;
    size_t need = (2 + rec->n_fields) * sizeof(uint32_t);
    for (size_t i = 0; i < rec->n_fields; i++) need += rec->lens[i] + 1;
    if (!reserve(f->cur, need)) return f->oom = BK_ERR_NOMEM;
    unsigned char *p = f->cur->data + f->cur->len;
    uint32_t head[2] = {rec->line, (uint32_t)rec->n_fields};
    memcpy(p, head, sizeof head);
    p += sizeof head;
    for (size_t i = 0; i < rec->n_fields; i++, p += sizeof(uint32_t)) {
        uint32_t l = (uint32_t)rec->lens[i];
        memcpy(p, &l, sizeof l);
    }
    for (size_t i = 0; i < rec->n_fields; i++) {
        memcpy(p, rec->fields[i], rec->lens[i]);
        p += rec->lens[i];
        *p++ = '\0';
    }
    f->cur->len += need;
    if (f->cur->len >= BATCH_BYTES) {
        push(f, f->cur);
        f->cur = NULL;
    }
    return BK_OK;
}

static int feed_sheet(void *ctx, const char *name)
{
    feeder *f = ctx;
    if (f->cur) {
        push(f, f->cur);
        f->cur = NULL;
    }
    batch *b = batch_new();
    if (!b || !reserve(b, strlen(name ? name : "") + 1)) {
        batch_free(b);
        return f->oom = BK_ERR_NOMEM;
    }
    b->sheet = true;
    memcpy(b->data, name ? name : "", strlen(name ? name : "") + 1);
    push(f, b);
    return atomic_load(&f->stop);
}

/* Replay one batch into the compiler. */
static int replay(feeder *f, const batch *b, const char ***fields, size_t **lens, size_t *cap)
{
    if (b->sheet) return f->target->sheet ? f->target->sheet(f->target->ctx, (const char *)b->data) : BK_OK;
    const unsigned char *p = b->data, *end = b->data + b->len;
    while (p < end) {
        uint32_t head[2];
        memcpy(head, p, sizeof head);
        p += sizeof head;
        if (head[1] > *cap) {
            const char **nf = realloc(*fields, head[1] * sizeof **fields);
            if (nf) *fields = nf;
            size_t *nl = nf ? realloc(*lens, head[1] * sizeof **lens) : NULL;
            if (!nl) return BK_ERR_NOMEM;
            *lens = nl;
            *cap = head[1];
        }
        for (uint32_t i = 0; i < head[1]; i++, p += sizeof(uint32_t)) {
            uint32_t l;
            memcpy(&l, p, sizeof l);
            (*lens)[i] = l;
        }
        for (uint32_t i = 0; i < head[1]; i++) {
            (*fields)[i] = (const char *)p;
            p += (*lens)[i] + 1;
        }
        bk_record rec = {.n_fields = head[1], .fields = *fields, .lens = *lens, .line = head[0]};
        int rc = f->target->record(f->target->ctx, &rec);
        if (rc) return rc;
    }
    return BK_OK;
}

static void *feeder_main(void *arg)
{
    feeder *f = arg;
    const char **fields = NULL;
    size_t *lens = NULL, cap = 0;
    for (;;) {
        batch *b = pop(f);
        bool end = b->end;
        if (!end && !atomic_load(&f->stop)) {
            int rc = replay(f, b, &fields, &lens, &cap);
            if (rc) atomic_store(&f->stop, rc);
        }
        batch_free(b);
        if (end) break;
    }
    free(fields);
    free(lens);
    return NULL;
}

/* bk_read_records() through the feeder thread; falls back to one thread if it cannot start. */
static int read_records_2(cli_common *c, const char *path, bk_io_settings *in, const bk_record_sink *target,
                          bk_error *err)
{
    feeder f;
    memset(&f, 0, sizeof f);
    f.target = target;
    atomic_init(&f.stop, 0);
    batch *end = calloc(1, sizeof *end); /* allocated first, so the thread can always be stopped */
    pthread_t t;
    if (!end || pthread_mutex_init(&f.lock, NULL)) {
        free(end);
        return bk_read_records(c->reg, path, in, target, err);
    }
    if (pthread_cond_init(&f.changed, NULL)) {
        pthread_mutex_destroy(&f.lock);
        free(end);
        return bk_read_records(c->reg, path, in, target, err);
    }
    if (pthread_create(&t, NULL, feeder_main, &f)) {
        pthread_cond_destroy(&f.changed);
        pthread_mutex_destroy(&f.lock);
        free(end);
        return bk_read_records(c->reg, path, in, target, err);
    }
    bk_record_sink sink = {.ctx = &f, .sheet = feed_sheet, .record = feed_record};
    int st = bk_read_records(c->reg, path, in, &sink, err);
    if (f.cur) {
        push(&f, f.cur);
        f.cur = NULL;
    }
    end->end = true;
    push(&f, end);
    pthread_join(t, NULL);
    pthread_cond_destroy(&f.changed);
    pthread_mutex_destroy(&f.lock);
    int stop = atomic_load(&f.stop);
    if (f.oom && st == BK_OK) st = bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (stop && st == BK_OK) st = stop; /* the compiler refused the last batch after reading ended */
    return st;
}

/* Read the ledger into the compiler. Returns an exit code. */
static int read_ledger(cli_common *c, const char *path, bk_compiler *comp, bk_diags *diags, const bk_plugin *writer,
                       int jobs)
{
    bk_io_settings in;
    cli_settings(c, &in, false, diags, "reading");
    bk_error err;
    bk_error_clear(&err);
    int st = BK_ERR_UNSUPPORTED;
    if (jobs > 1) { /* a large CSV ledger is cut into parts; anything else overlaps parsing and summing */
        st = bk_compiler_read_parallel(comp, c->reg, path, &in, (unsigned)jobs, &err);
        if (st == BK_ERR_UNSUPPORTED) {
            bk_error_clear(&err);
            st = read_records_2(c, path, &in, bk_compiler_sink(comp), &err);
        }
    } else {
        st = bk_read_records(c->reg, path, &in, bk_compiler_sink(comp), &err);
    }
    cli_progress_done();
    cli_print_diags(c, diags);
    if (st == BK_OK) st = bk_compiler_finish(comp, &err);
    const bk_error *fatal = bk_compiler_fatal(comp);
    if (fatal) {
        bk_error e = *fatal;
        bk_error_set_file(&e, path);
        cli_print_error(c, &e);
        return cli_exit_for(e.code, false);
    }
    if (st) {
        bk_error_set_file(&err, path);
        cli_print_error(c, &err);
        return cli_exit_for(st, false);
    }
    return cli_check_shared_options(c, in.chosen, writer);
}

static int compile_one(cli_common *c, const bk_compiler *comp, const char *ledger, const char *out_path)
{
    bk_diags *d = bk_diags_new(0);
    bk_diags_set_file(d, out_path);
    bk_document *doc = NULL;
    bk_error err;
    bk_error_clear(&err);
    int st = bk_compile_group(comp, 0, &doc, d, &err);
    int rc = EXIT_OK;
    if (st) {
        cli_print_diags(c, d);
        bk_error_set_file(&err, ledger);
        cli_print_error(c, &err);
        rc = cli_exit_for(st, false);
    } else {
        bk_io_settings out;
        cli_settings(c, &out, true, d, "writing");
        st = bk_write_document(c->reg, doc, out_path, &out, &err);
        cli_progress_done();
        cli_print_diags(c, d);
        if (st) {
            cli_print_error(c, &err);
            rc = cli_exit_for(st, true);
        } else if (!c->quiet) {
            size_t n = doc->n_tables;
            fprintf(stderr, "%s: %llu lines → %zu tables in %s\n", c->prog, (unsigned long long)bk_compiler_lines(comp),
                    n, out_path);
        }
    }
    bk_document_free(doc);
    bk_diags_free(d);
    return rc;
}

static int compile_split(cli_common *c, const bk_compiler *comp, const char *ledger, const char *dir, int jobs)
{
    bk_error err;
    bk_error_clear(&err);
    if (make_dir(dir, &err)) {
        bk_error_set_file(&err, dir);
        cli_print_error(c, &err);
        return EXIT_OUTPUT;
    }
    pool p;
    memset(&p, 0, sizeof p);
    p.cli = c;
    p.ledger = ledger;
    p.comp = comp;
    p.out_dir = dir;
    p.n = bk_compiler_group_count(comp);
    p.ext = "xlsx";
    if (c->to) {
        const bk_plugin *w = bk_registry_find(c->reg, c->to, NULL);
        if (w && w->extensions && w->extensions[0]) p.ext = w->extensions[0];
    }
    p.interrupted = cli_install_signals();
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    p.jobs = calloc(p.n ? p.n : 1, sizeof *p.jobs);
    if (!p.jobs) return EXIT_INTERNAL;
    if (assign_paths(&p)) {
        free(p.jobs);
        return EXIT_INTERNAL;
    }
    run_pool(&p, jobs, c->progress);
    size_t failed = 0, first_failed = p.n;
    for (size_t i = 0; i < p.n; i++) {
        job *j = &p.jobs[i];
        bk_diags_set_file(j->diags, j->path);
        print_job_diags(c, j->diags, i == 0);
        if (j->status) {
            if (!j->err.file[0]) bk_error_set_file(&j->err, j->write_failed ? j->path : p.ledger);
            if (j->status != BK_ERR_INTERRUPTED) cli_print_error(c, &j->err);
            if (!failed) first_failed = i;
            failed++;
        }
    }
    if (!c->quiet) {
        fprintf(stderr, "%s: %llu lines, %zu %s: %zu written to %s/", c->prog,
                (unsigned long long)bk_compiler_lines(comp), p.n, p.n == 1 ? "group" : "groups", p.n - failed, dir);
        if (failed) fprintf(stderr, ", %zu failed", failed);
        fputc('\n', stderr);
        for (size_t i = 0; failed && i < p.n; i++)
            if (p.jobs[i].status) {
                const char *code = bk_compiler_group_code(comp, i), *name = bk_compiler_group_name(comp, i);
                fprintf(stderr, "  failed: %s %s\n", code ? code : "", name ? name : "");
            }
    }
    int rc = EXIT_OK;
    if (p.interrupted && *p.interrupted)
        rc = EXIT_INTERRUPTED;
    else if (failed == p.n && p.n)
        rc = cli_exit_for(p.jobs[first_failed].status, p.jobs[first_failed].write_failed);
    else if (failed)
        rc = EXIT_FINDINGS;
    for (size_t i = 0; i < p.n; i++) bk_diags_free(p.jobs[i].diags);
    free(p.jobs);
    return rc;
}

int cmd_compile(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit compile");
    compile_args a = {.jobs = cli_default_jobs()};
    if (rc == EXIT_OK) rc = parse_args(&c, argc, argv, &a);
    if (c.help) {
        cli_common_free(&c);
        return EXIT_OK;
    }
    bk_options *mine = NULL;
    bk_codebook *cb = NULL, *shipped = NULL;
    bk_compile_settings s;
    memset(&s, 0, sizeof s);
    if (rc == EXIT_OK) rc = split_options(&c, &mine);
    if (rc == EXIT_OK) rc = compile_settings(&c, mine, &s, &cb, &shipped);
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    /* a bad output name fails before the ledger is read */
    const bk_plugin *w = NULL;
    if (rc == EXIT_OK && a.split == BK_SPLIT_NONE) {
        bk_error err;
        bk_error_clear(&err);
        int st = c.to                 ? (bk_registry_find(c.reg, c.to, NULL)
                                             ? BK_OK
                                             : bk_error_set(&err, BK_ERR_NOT_FOUND, 0, 0, NULL,
                                                            "unknown output format '%s' (see `budgetkit formats`)", c.to))
                 : strcmp(a.out, "-") ? bk_registry_pick_writer(c.reg, a.out, &w, &err)
                                      : bk_error_set(&err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                                                     "writing to standard output needs --to FORMAT");
        if (c.to) w = bk_registry_find(c.reg, c.to, NULL);
        if (st) {
            bk_error_set_file(&err, a.out);
            cli_print_error(&c, &err);
            rc = st == BK_ERR_INVALID_ARG ? EXIT_USAGE : EXIT_FORMAT;
        }
    } else if (rc == EXIT_OK) {
        const char *fmt = c.to ? c.to : "xlsx";
        w = bk_registry_find(c.reg, fmt, NULL);
        if (!w || !(w->caps & BK_CAP_WRITE)) {
            fprintf(stderr, "%s: error: no plugin writes format '%s' (see `budgetkit formats`)\n", c.prog, fmt);
            rc = EXIT_FORMAT;
        }
    }
    /* an existing output is refused before the ledger is read */
    if (rc == EXIT_OK) rc = cli_check_overwrite(a.out, a.overwrite, a.split != BK_SPLIT_NONE);
    s.split = a.split;
    bk_compiler *comp = NULL;
    bk_diags *diags = bk_diags_new(0);
    if (rc == EXIT_OK) {
        bk_error err;
        bk_error_clear(&err);
        if (bk_compiler_new(&s, &comp, &err)) rc = EXIT_INTERNAL;
    }
    if (rc == EXIT_OK) rc = read_ledger(&c, a.ledger, comp, diags, w, a.jobs);
    if (rc == EXIT_OK)
        rc = a.split == BK_SPLIT_NONE ? compile_one(&c, comp, a.ledger, a.out)
                                      : compile_split(&c, comp, a.ledger, a.out, a.jobs);
    bk_compiler_free(comp);
    bk_diags_free(diags);
    bk_codebook_free(cb);
    bk_codebook_free(shipped);
    bk_options_free(mine);
    cli_common_free(&c);
    return rc;
}
