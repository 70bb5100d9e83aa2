/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile int g_interrupted; /* the one piece of process state: set by signal handlers only */

static void on_signal(int sig)
{
    (void)sig;
    g_interrupted = 1;
}

const volatile int *cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &g_interrupted;
}

int cli_common_init(cli_common *c, const char *prog)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->in_opts = bk_options_new();
    c->out_opts = bk_options_new();
    c->shared_opts = bk_options_new();
    bk_limits_default(&c->limits);
    c->progress = isatty(STDERR_FILENO);
    if (!c->in_opts || !c->out_opts || !c->shared_opts) return EXIT_INTERNAL;
    bk_error err;
    bk_error_clear(&err);
    if (bk_limits_from_env(&c->limits, &err)) {
        fprintf(stderr, "%s: error: %s\n", prog, err.message);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

void cli_common_free(cli_common *c)
{
    bk_options_free(c->in_opts);
    bk_options_free(c->out_opts);
    bk_options_free(c->shared_opts);
    bk_registry_free(c->reg);
}

static int add_opt(cli_common *c, bk_options *o, const char *kv)
{
    bk_error err;
    bk_error_clear(&err);
    if (bk_options_parse(o, kv, &err)) {
        fprintf(stderr, "%s: error: %s\n", c->prog, err.message);
        return -1;
    }
    return 1;
}

/* Append @p v to a bounded list of folders (--plugin-dir, --definitions). */
static int add_dir(const cli_common *c, const char **dirs, size_t *n, size_t cap, const char *v, const char *what)
{
    if (*n == cap) {
        fprintf(stderr, "%s: error: too many %s\n", c->prog, what);
        return -1;
    }
    dirs[(*n)++] = v;
    return 1;
}

/* Apply common option @p id with value @p v; 1 if it was one, 0 if not, -1 on error. */
static int common_option(cli_common *c, int id, const char *v)
{
    switch (id) {
    case CLI_OPT_QUIET:
        c->quiet = true;
        c->progress = false;
        return 1;
    case CLI_OPT_FROM: c->from = v; return 1;
    case CLI_OPT_TO: c->to = v; return 1;
    case CLI_OPT_OPTION: return add_opt(c, c->shared_opts, v);
    case CLI_OPT_IN_OPTION: return add_opt(c, c->in_opts, v);
    case CLI_OPT_OUT_OPTION: return add_opt(c, c->out_opts, v);
    case CLI_OPT_PLUGIN_DIR:
        return add_dir(c, c->plugin_dirs, &c->n_plugin_dirs, sizeof c->plugin_dirs / sizeof c->plugin_dirs[0], v,
                       "--plugin-dir");
    case CLI_OPT_DEFINITIONS:
        return add_dir(c, c->definition_dirs, &c->n_definition_dirs,
                       sizeof c->definition_dirs / sizeof c->definition_dirs[0], v, "--definitions");
    default: return 0;
    }
}

int cli_next_option(cli_common *c, cli_parser *p)
{
    for (;;) {
        int id = cli_next(p);
        if (id == CLI_OPT_HELP) {
            cli_print_help(stdout, p->cmd);
            c->help = true;
            return CLI_DONE;
        }
        if (id <= 0) return id;
        int k = common_option(c, id, p->arg);
        if (k < 0) return CLI_ERROR;
        if (k == 0) return id;
    }
}

int cli_unhandled_option(const cli_common *c, const cli_parser *p)
{
    fprintf(stderr, "%s: error: %s is in the option table but not handled (a bug)\n", c->prog, p->name);
    return EXIT_INTERNAL;
}

int cli_load_plugins(cli_common *c)
{
    bk_error err;
    bk_error_clear(&err);
    /* Definitions first: everything after (readers, validate, compile) looks tables up in them. */
    int st = bk_definitions_load(c->definition_dirs, c->n_definition_dirs, &err);
    if (st != BK_OK) {
        cli_print_error(c, &err);
        return cli_exit_for(st, false);
    }
    c->reg = bk_registry_new();
    if (!c->reg) return EXIT_INTERNAL;
    /* a command loads only the plugins it needs (libxml2, ICU, libxlsxwriter … cost start-up time) */
    bk_registry_set_lazy(c->reg, true);
    for (size_t i = 0; i < c->n_plugin_dirs; i++) bk_registry_add_dir(c->reg, c->plugin_dirs[i], &err);
    bk_registry_load_default(c->reg, NULL, &err);
    for (size_t i = 0; !c->quiet && i < bk_registry_warning_count(c->reg); i++)
        fprintf(stderr, "%s: warning: %s\n", c->prog, bk_registry_warning(c->reg, i));
    if (bk_limits_from_options(&c->limits, c->shared_opts, &err) ||
        bk_limits_from_options(&c->limits, c->in_opts, &err) || bk_limits_from_options(&c->limits, c->out_opts, &err)) {
        fprintf(stderr, "%s: error: %s\n", c->prog, err.message);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_check_shared_options(const cli_common *c, const bk_plugin *in, const bk_plugin *out)
{
    for (size_t i = 0; i < bk_options_count(c->shared_opts); i++) {
        const char *k = bk_options_key_at(c->shared_opts, i);
        if (strncmp(k, "limit.", 6) == 0) continue;
        if ((in && bk_option_specs_have(in->options, k, BK_OPT_READ)) ||
            (out && bk_option_specs_have(out->options, k, BK_OPT_WRITE)))
            continue;
        cli_progress_done();
        fprintf(stderr, "%s: error: option -o %s is not known to %s%s%s (see `budgetkit formats NAME`)\n", c->prog, k,
                in ? in->name : "", in && out ? " or " : "", out ? out->name : "");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

void cli_print_error(const cli_common *c, const bk_error *err)
{
    cli_fprint_error(stderr, c, err);
}

void cli_fprint_error(FILE *out, const cli_common *c, const bk_error *err)
{
    if (out == stderr) cli_progress_done();
    char line[BK_ERROR_TEXT_MAX + PATH_MAX];
    bk_error_format(err, c->prog, line, sizeof line);
    fprintf(out, "%s\n", line);
}

void cli_print_diags(const cli_common *c, const bk_diags *d)
{
    cli_fprint_diags(stderr, c, d);
}

void cli_fprint_diags(FILE *out, const cli_common *c, const bk_diags *d)
{
    if (!d || c->quiet) return;
    if (out == stderr) cli_progress_done();
    for (size_t i = 0; i < d->count; i++) {
        /* a diagnostic's message is not bounded like a bk_error's: a long one gets its own buffer */
        char line[BK_ERROR_TEXT_MAX + PATH_MAX];
        const char *file = d->file ? d->file : c->prog;
        size_t len = bk_diag_format(&d->items[i], file, line, sizeof line);
        char *big = len < sizeof line ? NULL : malloc(len + 1);
        if (big) bk_diag_format(&d->items[i], file, big, len + 1);
        fprintf(out, "%s\n", big ? big : line);
        free(big);
    }
    if (d->dropped) fprintf(out, "%s: note: %zu more warnings not shown\n", c->prog, d->dropped);
}

int cli_exit_for(int status, bool output_side)
{
    switch (status) {
    case BK_OK: return EXIT_OK;
    case BK_ERR_INVALID_ARG: return EXIT_USAGE;
    case BK_ERR_AMBIGUOUS_FORMAT:
    case BK_ERR_UNKNOWN_FORMAT:
    case BK_ERR_ABI:
    case BK_ERR_PLUGIN: return EXIT_FORMAT;
    case BK_ERR_NOMEM:
    case BK_ERR_INTERNAL: return EXIT_INTERNAL;
    case BK_ERR_INTERRUPTED: return EXIT_INTERRUPTED;
    case BK_ERR_VALIDATION: return EXIT_FINDINGS;
    default: return output_side ? EXIT_OUTPUT : EXIT_INPUT;
    }
}

/* ---- progress on a terminal ---- */

typedef struct progress_state {
    const char *label;
    struct timespec last;
    bool shown;
} progress_state;

static progress_state g_progress_line; /* what is on the terminal line: CLI-only display state */

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress_state *p = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
    if (p->shown && ms < 100 && done != total) return;
    p->last = now;
    p->shown = true;
    g_progress_line.shown = true;
    if (total)
        fprintf(stderr, "\r%s %3u%% ", p->label, (unsigned)(done * 100 / total));
    else
        fprintf(stderr, "\r%s %llu ", p->label, (unsigned long long)done);
    fflush(stderr);
}

void cli_progress_bar(const char *verb, size_t done, size_t total)
{
    int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;
    fprintf(stderr, "\r\033[K%s [%.*s%*s] %zu/%zu", verb, fill, "##############################", width - fill, "",
            done, total);
    fflush(stderr);
}

void cli_progress_done(void)
{
    if (g_progress_line.shown) {
        fputs("\r\033[K", stderr);
        g_progress_line.shown = false;
    }
}

void cli_settings(cli_common *c, bk_io_settings *s, bool output_side, bk_diags *diags, const char *label)
{
    memset(s, 0, sizeof *s);
    s->format = output_side ? c->to : c->from;
    s->options = output_side ? c->out_opts : c->in_opts;
    s->shared_options = c->shared_opts;
    s->limits = &c->limits;
    s->diags = diags;
    s->interrupted = cli_install_signals();
    if (c->progress) {
        static progress_state states[2]; /* one per side; display only */
        states[output_side].label = label;
        s->progress = show_progress;
        s->progress_ctx = &states[output_side];
    }
}

int cli_read_document(cli_common *c, const char *path, const bk_plugin *writer, bk_document **doc)
{
    return cli_read_document_to(stderr, c, path, writer, doc);
}

int cli_read_document_to(FILE *msgs, cli_common *c, const char *path, const bk_plugin *writer, bk_document **doc)
{
    *doc = NULL;
    bk_diags *diags = bk_diags_new(0);
    bk_io_settings in;
    cli_settings(c, &in, false, diags, "reading");
    bk_error err;
    bk_error_clear(&err);
    int st = bk_read_document(c->reg, path, &in, doc, &err);
    if (msgs == stderr) cli_progress_done();
    cli_fprint_diags(msgs, c, diags);
    bk_diags_free(diags);
    int rc;
    if (st) {
        cli_fprint_error(msgs, c, &err);
        rc = cli_exit_for(st, false);
    } else {
        rc = cli_check_shared_options(c, in.chosen, writer);
    }
    if (rc != EXIT_OK) {
        bk_document_free(*doc);
        *doc = NULL;
    }
    return rc;
}

int cli_parse_jobs(const cli_common *c, const char *v, int *jobs)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 1 || n > 256) {
        fprintf(stderr, "%s: error: -j takes a number of jobs from 1 to 256\n", c->prog);
        return EXIT_USAGE;
    }
    *jobs = (int)n;
    return EXIT_OK;
}

int cli_default_jobs(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (int)(cpus > 64 ? 64 : cpus) : 1;
}

/* True when the directory @p path holds anything besides . and .. */
static bool dir_has_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return false;
    bool any = false;
    for (struct dirent *e; !any && (e = readdir(d));) any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return any;
}

int cli_check_overwrite(const char *path, bool overwrite, bool is_dir)
{
    struct stat st;
    if (overwrite || !strcmp(path, "-") || stat(path, &st) != 0) return EXIT_OK;
    if (is_dir ? S_ISDIR(st.st_mode) && dir_has_entries(path) : S_ISREG(st.st_mode)) {
        cli_progress_done();
        if (is_dir)
            fprintf(stderr,
                    "%s: error: the output directory is not empty; use --overwrite to write into it "
                    "(files of the same name are replaced)\n",
                    path);
        else
            fprintf(stderr, "%s: error: the output file exists; use --overwrite to replace it\n", path);
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}
