/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include "bk_not_built.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

static void caps_text(uint32_t caps, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", (caps & BK_CAP_READ) ? "read" : "",
             (caps & BK_CAP_READ) && (caps & BK_CAP_WRITE) ? "," : "", (caps & BK_CAP_WRITE) ? "write" : "");
    if (caps & BK_CAP_RECORDS) strncat(buf, ",records", n - strlen(buf) - 1);
}

static void describe(const bk_plugin *p, const char *path)
{
    char caps[96];
    caps_text(p->caps, caps, sizeof caps);
    if (p->caps & BK_CAP_RECORDS_RANGE) strncat(caps, ",parts", sizeof caps - strlen(caps) - 1);
    if (p->caps & BK_CAP_READ_STREAM) strncat(caps, ",stream", sizeof caps - strlen(caps) - 1);
    if (p->caps & BK_CAP_WRITE_MANY) strncat(caps, ",many", sizeof caps - strlen(caps) - 1);
    if (p->caps & BK_CAP_ANNOTATE) strncat(caps, ",annotate", sizeof caps - strlen(caps) - 1);
    printf("%s: %s\n  capabilities: %s\n  extensions:", p->name, p->description ? p->description : "", caps);
    for (const char *const *e = p->extensions; e && *e; e++) printf(" .%s", *e);
    printf("\n");
    if (p->caps & BK_CAP_RECORDS_RANGE)
        printf("  parts: a large ledger is read in parts on several threads (compile -j N)\n");
    if (p->caps & BK_CAP_READ_STREAM)
        printf("  stream: standard input is read as it comes, without a temporary copy\n");
    if (p->caps & BK_CAP_WRITE_MANY)
        printf("  many: several documents go into one output (convert IN… OUT, --append, validate --db)\n");
    if (p->caps & BK_CAP_ANNOTATE) printf("  annotate: findings go on their cells (validate --annotate)\n");
    printf("  plugin ABI: %u.%u\n  file: %s\n", p->abi_major, p->abi_minor, path);
    if (!p->options || !p->options[0].name) {
        printf("  options: none\n");
        return;
    }
    printf("  options:\n");
    for (const bk_option_spec *o = p->options; o->name; o++) {
        const char *dir = o->direction == (BK_OPT_READ | BK_OPT_WRITE) ? "read/write"
                          : o->direction == BK_OPT_READ                ? "read"
                                                                       : "write";
        printf("    %s=%s  (%s%s%s) %s\n", o->name,
               o->type == BK_OPT_ENUM && o->choices ? o->choices
               : o->type == BK_OPT_BOOL             ? "true|false"
               : o->type == BK_OPT_INT              ? "N"
                                                    : "TEXT",
               dir, o->default_value ? ", default " : "", o->default_value ? o->default_value : "",
               o->help ? o->help : "");
    }
}

#define CHECK_LOADED  0 /* the child's exit statuses; anything else means it died */
#define CHECK_REFUSED 3

/* The optional plugins this build left out (bk_not_built.h, made by CMake), unless one was found anyway. */
static void print_not_built(const bk_registry *reg)
{
    for (size_t i = 0; bk_not_built[i].name; i++) {
        bool loaded = false;
        for (size_t k = 0; k < bk_registry_count(reg); k++) {
            const bk_plugin_info *info = bk_registry_at(reg, k);
            if (info->plugin && !strcmp(info->plugin->name, bk_not_built[i].name)) loaded = true;
        }
        if (!loaded) printf("not built: %s (%s)\n", bk_not_built[i].name, bk_not_built[i].reason);
    }
}

/* Load @p path alone in a child: 0 loaded, 1 refused (reason through a pipe), 2 the child died
 * (*sig the signal, or 0 and *status its exit status: a sanitizer's SEGV handler exits instead). */
static int check_one(const char *path, char *reason, size_t cap, int *sig, int *status_out)
{
    int fds[2];
    *sig = 0;
    reason[0] = '\0';
    if (pipe(fds) != 0) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        bk_registry *r = bk_registry_new();
        bk_error err;
        bk_error_clear(&err);
        if (r) bk_registry_add_file(r, path, &err);
        const bk_plugin_info *info = r ? bk_registry_at(r, 0) : NULL;
        int ok = info && info->plugin;
        if (!ok && info && info->reason) (void)!write(fds[1], info->reason, strlen(info->reason));
        _exit(ok ? CHECK_LOADED : CHECK_REFUSED); /* no destructors: the child only loads */
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t got;
    while (n + 1 < cap && (got = read(fds[0], reason + n, cap - 1 - n)) > 0) n += (size_t)got;
    reason[n] = '\0';
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    *status_out = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (WIFSIGNALED(status)) {
        *sig = WTERMSIG(status);
        return 2;
    }
    if (*status_out == CHECK_LOADED) return 0;
    return *status_out == CHECK_REFUSED ? 1 : 2;
}

/* formats --check: every candidate file, each loaded alone in a child process. */
static int check_plugins(cli_common *c)
{
    bk_error err;
    bk_error_clear(&err);
    bk_registry *r = bk_registry_new();
    if (!r) return EXIT_INTERNAL;
    bk_registry_set_list_only(r, true);
    for (size_t i = 0; i < c->n_plugin_dirs; i++) bk_registry_add_dir(r, c->plugin_dirs[i], &err);
    bk_registry_load_default(r, NULL, &err);
    for (size_t i = 0; !c->quiet && i < bk_registry_warning_count(r); i++)
        fprintf(stderr, "%s: warning: %s\n", c->prog, bk_registry_warning(r, i));
    size_t crashed = 0;
    for (size_t i = 0; i < bk_registry_count(r); i++) {
        const char *path = bk_registry_at(r, i)->path;
        char reason[512];
        int sig, status;
        int k = check_one(path, reason, sizeof reason, &sig, &status);
        if (k == 0)
            printf("ok       %s\n", path);
        else if (k == 1)
            printf("refused  %s: %s\n", path, reason[0] ? reason : "cannot be loaded");
        else if (k == 2) {
            char how[96];
            if (sig)
                snprintf(how, sizeof how, "killed by signal %d (%s)", sig, strsignal(sig));
            else
                snprintf(how, sizeof how, "the process died (exit status %d)", status);
            printf("CRASHED  %s: %s while loading\n", path, how);
            fprintf(stderr, "%s: error: %s crashes while loading (%s): remove it from the plugin path\n", c->prog, path,
                    how);
            crashed++;
        } else {
            printf("unknown  %s: cannot start a child process\n", path);
        }
    }
    bk_registry_free(r);
    return crashed ? EXIT_FORMAT : EXIT_OK;
}

/* The plugin @p name names: a format name, else a file name whose extension one of them (able to
 * read or write, as @p side asks) declares. NULL if none. */
static const bk_plugin *plugin_for(const bk_registry *reg, const char *name, unsigned side)
{
    const bk_plugin *p = bk_registry_find(reg, name, NULL);
    if (p) return p;
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '/')) return NULL;
    uint32_t cap = side == BK_OPT_READ ? BK_CAP_READ : side == BK_OPT_WRITE ? BK_CAP_WRITE : 0;
    for (size_t i = 0; i < bk_registry_count(reg); i++) {
        const bk_plugin *q = bk_registry_at(reg, i)->plugin;
        if (!q || (cap && !(q->caps & cap))) continue;
        for (const char *const *e = q->extensions; e && *e; e++)
            if (strcasecmp(*e, dot + 1) == 0) return q;
    }
    return NULL;
}

/* `formats --option-keys=SIDE NAME`: the keys of the options of NAME's format that apply on
 * @p side, one "KEY=" a line (the bash completion of -o). Nothing for an unknown NAME. */
static void print_option_keys(const bk_registry *reg, const char *name, unsigned side)
{
    const bk_plugin *p = plugin_for(reg, name, side);
    for (const bk_option_spec *o = p && p->options ? p->options : NULL; o && o->name; o++)
        if (o->direction & side) printf("%s=\n", o->name);
}

int cmd_formats(int argc, char **argv)
{
    cli_common c;
    int rc = cli_common_init(&c, "budgetkit formats");
    const char *name = NULL;
    bool check = false;
    unsigned keys_side = 0; /* --option-keys: BK_OPT_READ, BK_OPT_WRITE or both */
    cli_parser args;
    cli_parser_init(&args, CLI_FORMATS, c.prog, argc, argv);
    for (int id; rc == EXIT_OK && (id = cli_next_option(&c, &args)) != CLI_DONE;) {
        switch (id) {
        case CLI_OPT_CHECK: check = true; break;
        case CLI_OPT_OPTION_KEYS:
            keys_side = !strcmp(args.arg, "read")    ? BK_OPT_READ
                        : !strcmp(args.arg, "write") ? BK_OPT_WRITE
                        : !strcmp(args.arg, "both")  ? (BK_OPT_READ | BK_OPT_WRITE)
                                                     : 0;
            if (!keys_side) {
                fprintf(stderr, "%s: error: --option-keys is read, write or both, not '%s'\n", c.prog, args.arg);
                rc = EXIT_USAGE;
            }
            break;
        case CLI_ARG:
            if (!name) {
                name = args.arg;
                break;
            }
            fprintf(stderr, "%s: error: unexpected argument '%s' (see --help)\n", c.prog, args.arg);
            rc = EXIT_USAGE;
            break;
        case CLI_ERROR: rc = EXIT_USAGE; break;
        default: rc = cli_unhandled_option(&c, &args);
        }
    }
    if (c.help) {
        cli_common_free(&c);
        return EXIT_OK;
    }
    if (rc == EXIT_OK && check) { /* before anything is loaded here: a crashing plugin would take this process too */
        rc = check_plugins(&c);
        cli_common_free(&c);
        return rc;
    }
    if (rc == EXIT_OK && keys_side && !name) {
        fprintf(stderr, "%s: error: --option-keys needs a format or file NAME\n", c.prog);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && keys_side) {
        rc = cli_load_plugins(&c);
        if (rc == EXIT_OK && !bk_registry_find(c.reg, name, NULL)) bk_registry_load_all(c.reg); /* by extension */
        if (rc == EXIT_OK) print_option_keys(c.reg, name, keys_side);
        cli_common_free(&c);
        return rc;
    }
    if (rc == EXIT_OK) rc = cli_load_plugins(&c);
    if (rc == EXIT_OK) bk_registry_load_all(c.reg); /* formats shows every plugin, and every refusal */
    if (rc == EXIT_OK && name) {
        const char *reason = NULL;
        const bk_plugin *p = bk_registry_find(c.reg, name, &reason);
        if (!p) {
            fprintf(stderr, "%s: error: format '%s' %s%s\n", c.prog, name, reason ? "was refused: " : "is not known",
                    reason ? reason : "");
            rc = EXIT_FORMAT;
        } else {
            for (size_t i = 0; i < bk_registry_count(c.reg); i++) {
                const bk_plugin_info *info = bk_registry_at(c.reg, i);
                if (info->plugin == p) describe(p, info->path);
            }
        }
    } else if (rc == EXIT_OK) {
        size_t n = bk_registry_count(c.reg), refused = 0;
        printf("%-10s %-20s %-16s %s\n", "FORMAT", "CAPABILITIES", "EXTENSIONS", "DESCRIPTION");
        for (size_t i = 0; i < n; i++) {
            const bk_plugin_info *info = bk_registry_at(c.reg, i);
            if (!info->plugin) {
                refused++;
                continue;
            }
            char caps[64], exts[64] = "";
            caps_text(info->plugin->caps, caps, sizeof caps);
            for (const char *const *e = info->plugin->extensions; e && *e; e++) {
                strncat(exts, ".", sizeof exts - strlen(exts) - 1);
                strncat(exts, *e, sizeof exts - strlen(exts) - 1);
                strncat(exts, " ", sizeof exts - strlen(exts) - 1);
            }
            printf("%-10s %-20s %-16s %s\n", info->plugin->name, caps, exts,
                   info->plugin->description ? info->plugin->description : "");
        }
        print_not_built(c.reg);
        if (refused) {
            printf("\nrefused plugins:\n");
            for (size_t i = 0; i < n; i++) {
                const bk_plugin_info *info = bk_registry_at(c.reg, i);
                if (!info->plugin) printf("  %s: %s\n", info->path, info->reason);
            }
        }
        if (n == refused) {
            fprintf(stderr, "%s: warning: no usable plugins found (use --plugin-dir or BUDGETKIT_PLUGIN_PATH)\n",
                    c.prog);
        }
    }
    cli_common_free(&c);
    return rc;
}
