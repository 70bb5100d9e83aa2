/* SPDX-License-Identifier: MIT */
/* The inputs of a run over many documents: files named on the command line, and every
 * file under a folder named there (in name order), for `validate` and `convert`. */
#include "cli.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 64
#define MAX_FILES 1000000

static int add(const cli_common *c, cli_inputs *in, const char *path, const char *root)
{
    if (in->n == MAX_FILES) {
        fprintf(stderr, "%s: error: more than %d documents in one run\n", c->prog, MAX_FILES);
        return EXIT_USAGE;
    }
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 64;
        cli_input *v = realloc(in->v, cap * sizeof *v);
        if (!v) return EXIT_INTERNAL;
        in->v = v;
        in->cap = cap;
    }
    cli_input *e = &in->v[in->n];
    if (!(e->path = strdup(path))) return EXIT_INTERNAL;
    e->root = root;
    in->n++;
    return EXIT_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of @p dir but . and .., sorted; NULL on failure (printed). */
static char **sorted_entries(const char *dir, size_t *count, int *rc)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: error: cannot open the folder: %s\n", dir, strerror(errno));
        *rc = EXIT_INPUT;
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; *rc == EXIT_OK && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *nn);
            if (!nn) {
                *rc = EXIT_INTERNAL;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) *rc = EXIT_INTERNAL;
        n++;
    }
    closedir(d);
    if (*rc == EXIT_OK && n) qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

/* Every file under @p dir, in name order; symbolic links to folders are not followed (no cycles). */
static int walk(const cli_common *c, cli_inputs *in, const char *dir, const char *root, int depth)
{
    if (depth > MAX_DEPTH) {
        fprintf(stderr, "%s: error: folders nested deeper than %d\n", dir, MAX_DEPTH);
        return EXIT_INPUT;
    }
    size_t n = 0;
    int rc = EXIT_OK;
    char **names = sorted_entries(dir, &n, &rc);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + (names[i] ? strlen(names[i]) : 0) + 2;
        char *p = rc == EXIT_OK && names[i] ? malloc(len) : NULL;
        if (rc == EXIT_OK && names[i] && !p) rc = EXIT_INTERNAL;
        if (p) {
            snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                rc = walk(c, in, p, root, depth + 1);
            else if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
                rc = add(c, in, p, root);
            free(p);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int cli_inputs_collect(const cli_common *c, const char *const *args, size_t n, cli_inputs *in)
{
    memset(in, 0, sizeof *in);
    int rc = EXIT_OK;
    struct stat st;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        if (strcmp(args[i], "-") && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            in->folders++;
            rc = walk(c, in, args[i], args[i], 0);
        } else
            rc = add(c, in, args[i], NULL);
    }
    return rc;
}

void cli_inputs_free(cli_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) free(in->v[i].path);
    free(in->v);
    memset(in, 0, sizeof *in);
}

bool cli_file_claimed(const cli_common *c, const char *path)
{
    if (c->from) return true;
    unsigned char head[4096];
    FILE *f = fopen(path, "rb");
    if (!f) return true; /* let the read report it */
    size_t len = fread(head, 1, sizeof head, f);
    fclose(f);
    const bk_plugin *p = NULL;
    bk_error err;
    bk_error_clear(&err);
    return bk_registry_pick_reader(c->reg, head, len, path, &p, &err) == BK_OK;
}
