/* SPDX-License-Identifier: MIT */
/* Plugin discovery, loading with ABI checks, and format choice. */
#include <budgetkit/registry.h>
#include "self_path.h"
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#ifndef BK_PLUGIN_INSTALL_DIR
#define BK_PLUGIN_INSTALL_DIR ""
#endif

typedef struct plugin_slot {
    bk_plugin_info info;
    char *name, *path, *reason;
    bk_plugin desc; /* copy of the first struct_size bytes, the rest zero */
    void *handle;
    bool pending; /* lazy registry: seen, not loaded yet */
} plugin_slot;

struct bk_registry {
    plugin_slot *slots;
    size_t count, cap;
    char **dirs; /* directories already scanned (real paths), so a dir named twice loads once */
    size_t n_dirs, cap_dirs;
    char **warnings; /* about the search path: relative or world-writable folders */
    size_t n_warnings;
    bool list_only; /* record plugin files, load none (formats --check) */
    bool lazy;      /* files are loaded when a command needs them */
    size_t n_pending;
    pthread_mutex_t lock; /* lazy loading may happen under const lookups from several threads */
};

bk_registry *bk_registry_new(void)
{
    bk_registry *r = calloc(1, sizeof(bk_registry));
    if (r && pthread_mutex_init(&r->lock, NULL)) {
        free(r);
        return NULL;
    }
    return r;
}

void bk_registry_free(bk_registry *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->slots[i].name);
        free(r->slots[i].path);
        free(r->slots[i].reason);
        if (r->slots[i].handle) dlclose(r->slots[i].handle);
    }
    free(r->slots);
    for (size_t i = 0; i < r->n_dirs; i++) free(r->dirs[i]);
    free(r->dirs);
    for (size_t i = 0; i < r->n_warnings; i++) free(r->warnings[i]);
    free(r->warnings);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

/* True if @p dir was scanned before; otherwise remember it. */
static bool seen_dir(bk_registry *r, const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real) return false;
    for (size_t i = 0; i < r->n_dirs; i++)
        if (strcmp(r->dirs[i], real) == 0) {
            free(real);
            return true;
        }
    if (r->n_dirs == r->cap_dirs) {
        size_t ncap = r->cap_dirs ? r->cap_dirs * 2 : 8;
        char **n = realloc(r->dirs, ncap * sizeof *n);
        if (!n) {
            free(real);
            return false;
        }
        r->dirs = n;
        r->cap_dirs = ncap;
    }
    r->dirs[r->n_dirs++] = real;
    return false;
}

static plugin_slot *new_slot(bk_registry *r)
{
    if (r->count == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 8;
        plugin_slot *n = realloc(r->slots, ncap * sizeof *n);
        if (!n) return NULL;
        r->slots = n;
        r->cap = ncap;
    }
    plugin_slot *s = &r->slots[r->count++];
    memset(s, 0, sizeof *s);
    return s;
}

/* Slot pointers move when the array grows: refresh the info views. */
static void refresh_infos(bk_registry *r)
{
    for (size_t i = 0; i < r->count; i++) {
        plugin_slot *s = &r->slots[i];
        s->info.name = s->name;
        s->info.path = s->path;
        s->info.reason = s->reason;
        s->info.plugin = s->reason || s->pending ? NULL : &s->desc;
    }
}

/* Loaded and accepted. */
static bool usable(const plugin_slot *s)
{
    return !s->reason && !s->pending;
}

/* A loaded plugin called @p name, other than @p except. */
static const plugin_slot *find_loaded_except(const bk_registry *r, const char *name, const plugin_slot *except)
{
    for (size_t i = 0; i < r->count; i++)
        if (&r->slots[i] != except && usable(&r->slots[i]) && strcmp(r->slots[i].name, name) == 0) return &r->slots[i];
    return NULL;
}

static const plugin_slot *find_loaded(const bk_registry *r, const char *name)
{
    return find_loaded_except(r, name, NULL);
}

static bool valid_name(const char *n)
{
    if (!n || !*n || strlen(n) > 31) return false;
    for (const char *p = n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

/* Record a refusal; returns its status. */
static int refuse(bk_registry *r, plugin_slot *s, int code, bk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int refuse(bk_registry *r, plugin_slot *s, int code, bk_error *err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->reason = strdup(msg);
    if (s->handle) {
        dlclose(s->handle);
        s->handle = NULL;
    }
    refresh_infos(r);
    bk_error_set(err, code, 0, 0, NULL, "%s", msg);
    bk_error_set_file(err, s->path);
    return code;
}

/* Check a descriptor and accept it into slot s (whose name is the expected name). */
static int accept_desc(bk_registry *r, plugin_slot *s, const bk_plugin *p, bk_error *err)
{
    if (!p) return refuse(r, s, BK_ERR_PLUGIN, err, "entry point returned no descriptor");
    if (p->abi_major != BK_ABI_MAJOR || p->abi_minor > BK_ABI_MINOR)
        return refuse(r, s, BK_ERR_ABI, err, "built for plugin ABI %u.%u, but this budgetkit provides %d.%d",
                      p->abi_major, p->abi_minor, BK_ABI_MAJOR, BK_ABI_MINOR);
    if (p->struct_size < offsetof(bk_plugin, read_records) || p->struct_size > 65536)
        return refuse(r, s, BK_ERR_ABI, err, "descriptor size %u is not plausible", p->struct_size);
    memset(&s->desc, 0, sizeof s->desc);
    memcpy(&s->desc, p, p->struct_size < sizeof s->desc ? p->struct_size : sizeof s->desc);
    if (!valid_name(s->desc.name)) return refuse(r, s, BK_ERR_PLUGIN, err, "plugin name is missing or not [a-z0-9_]");
    if (strcmp(s->desc.name, s->name) != 0)
        return refuse(r, s, BK_ERR_PLUGIN, err, "plugin calls itself '%s' but its file says '%s'", s->desc.name,
                      s->name);
    if ((s->desc.caps & BK_CAP_READ) && (!s->desc.read || !s->desc.probe))
        return refuse(r, s, BK_ERR_PLUGIN, err, "declares reading but has no read or probe function");
    if ((s->desc.caps & BK_CAP_WRITE) && !s->desc.write)
        return refuse(r, s, BK_ERR_PLUGIN, err, "declares writing but has no write function");
    if ((s->desc.caps & BK_CAP_RECORDS) && !s->desc.read_records)
        return refuse(r, s, BK_ERR_PLUGIN, err, "declares records but has no read_records function");
    if (r->list_only) return refuse(r, s, BK_ERR_PLUGIN, err, "listed, not loaded");
    const plugin_slot *other = find_loaded_except(r, s->name, s);
    if (other)
        return refuse(r, s, BK_ERR_PLUGIN, err, "duplicate plugin '%s': already loaded from %s", s->name, other->path);
    refresh_infos(r);
    return BK_OK;
}

/* "dir/bk_json.so" → "json"; NULL if the file is not named bk_<name>.so */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n < 7 || strncmp(base, "bk_", 3) != 0 || strcmp(base + n - 3, ".so") != 0) return NULL;
    return strndup(base + 3, n - 6);
}

static int load_slot(bk_registry *r, plugin_slot *s, bk_error *err);

int bk_registry_add_file(bk_registry *r, const char *path, bk_error *err)
{
    if (!r || !path) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no registry or path");
    plugin_slot *s = new_slot(r);
    if (!s) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    s->path = strdup(path);
    s->name = name_from_path(path);
    if (!s->path) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (!s->name) {
        s->name = strdup("?");
        return refuse(r, s, BK_ERR_PLUGIN, err, "file name is not bk_<name>.so");
    }
    if (r->list_only) return refuse(r, s, BK_ERR_PLUGIN, err, "listed, not loaded");
    if (r->lazy) { /* loaded by load_slot() when a command asks for it */
        s->pending = true;
        r->n_pending++;
        refresh_infos(r);
        return BK_OK;
    }
    return load_slot(r, s, err);
}

/* dlopen a seen file and accept its descriptor (or record why not). */
static int load_slot(bk_registry *r, plugin_slot *s, bk_error *err)
{
    if (s->pending) {
        s->pending = false;
        r->n_pending--;
    }
    const plugin_slot *other = find_loaded_except(r, s->name, s);
    if (other)
        return refuse(r, s, BK_ERR_PLUGIN, err, "duplicate plugin '%s': already loaded from %s", s->name, other->path);
    dlerror();
    /* NODELETE: plugin dependencies (libxml2, json-c) keep global state that must
     * outlive dlclose, as GStreamer keeps its modules resident. */
    s->handle = dlopen(s->path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!s->handle) {
        const char *e = dlerror();
        return refuse(r, s, BK_ERR_PLUGIN, err, "cannot load: %s", e ? e : "unknown dlopen error");
    }
    char sym[64];
    snprintf(sym, sizeof sym, "bk_plugin_%s", s->name);
    void *fn = dlsym(s->handle, sym);
    if (!fn) fn = dlsym(s->handle, "bk_plugin_entry");
    if (!fn) return refuse(r, s, BK_ERR_PLUGIN, err, "no entry point %s or bk_plugin_entry", sym);
    const bk_plugin *(*entry)(void);
    memcpy(&entry, &fn, sizeof entry); /* object pointer → function pointer, as dlsym requires */
    return accept_desc(r, s, entry(), err);
}

int bk_registry_add_static(bk_registry *r, const bk_plugin *p, bk_error *err)
{
    if (!r || !p || !p->name) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "no plugin");
    plugin_slot *s = new_slot(r);
    if (!s) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    s->name = strdup(p->name);
    s->path = strdup("(built in)");
    if (!s->name || !s->path) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return accept_desc(r, s, p, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void bk_registry_set_list_only(bk_registry *r, bool list_only)
{
    if (r) r->list_only = list_only;
}

size_t bk_registry_warning_count(const bk_registry *r)
{
    return r ? r->n_warnings : 0;
}

const char *bk_registry_warning(const bk_registry *r, size_t i)
{
    return r && i < r->n_warnings ? r->warnings[i] : NULL;
}

/* A plugin runs as the user: a folder others can write, or one that depends on the
 * current directory, lets someone else choose the code. Warned, not refused. */
static void check_dir_safety(bk_registry *r, const char *dir)
{
    struct stat st;
    const char *why = NULL;
    if (dir[0] != '/')
        why = "is relative: which plugins load depends on the current directory";
    else if (stat(dir, &st) == 0 && (st.st_mode & S_IWOTH))
        why = "is world-writable: anyone can put a plugin there";
    if (!why) return;
    char **w = realloc(r->warnings, (r->n_warnings + 1) * sizeof *w);
    if (!w) return;
    r->warnings = w;
    size_t n = strlen(dir) + strlen(why) + 32;
    if ((w[r->n_warnings] = malloc(n))) snprintf(w[r->n_warnings++], n, "plugin folder '%s' %s", dir, why);
}

int bk_registry_add_dir(bk_registry *r, const char *dir, bk_error *err)
{
    (void)err;
    if (!r || !dir || seen_dir(r, dir)) return BK_OK;
    DIR *d = opendir(dir);
    if (!d) return BK_OK; /* a missing directory is not an error */
    check_dir_safety(r, dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = BK_OK;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 7 || strncmp(e->d_name, "bk_", 3) || strcmp(e->d_name + len - 3, ".so")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = BK_ERR_NOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = BK_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str); /* deterministic order */
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX];
        if (rc == BK_OK && snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path)
            bk_registry_add_file(r, path, NULL); /* refusals are recorded, not fatal */
        free(names[i]);
    }
    free(names);
    return rc == BK_OK ? BK_OK : bk_error_set(err, rc, 0, 0, NULL, "out of memory while scanning %s", dir);
}

int bk_registry_load_default(bk_registry *r, const char *exe_path, bk_error *err)
{
    const char *env = getenv("BUDGETKIT_PLUGIN_PATH");
    if (env && strcmp(env, "disable") != 0) {
        char *copy = strdup(env);
        if (!copy) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        char *save = NULL;
        for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
            if (*dir) bk_registry_add_dir(r, dir, err);
        free(copy);
    }
    /* beside the library, wherever the program is: installed, then the build tree */
    char dir[PATH_MAX + 64];
    if (bk_self_path(BK_LIB_TO_PLUGINS, dir, sizeof dir)) bk_registry_add_dir(r, dir, err);
    if (bk_self_path(BK_LIB_TO_BUILD_PLUGINS, dir, sizeof dir)) bk_registry_add_dir(r, dir, err);
    char exe[PATH_MAX];
    if (exe_path) {
        snprintf(exe, sizeof exe, "%s", exe_path);
    } else {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0) return BK_OK;
        exe[n] = '\0';
    }
    char *slash = strrchr(exe, '/');
    if (!slash) return BK_OK;
    *slash = '\0';
    snprintf(dir, sizeof dir, "%s/plugins", exe); /* build tree */
    bk_registry_add_dir(r, dir, err);
    snprintf(dir, sizeof dir, "%s/../lib/budgetkit/plugins", exe); /* install tree */
    bk_registry_add_dir(r, dir, err);
    if (BK_PLUGIN_INSTALL_DIR[0]) bk_registry_add_dir(r, BK_PLUGIN_INSTALL_DIR, err);
    return BK_OK;
}

static bool has_extension(const bk_plugin *p, const char *ext);

/* ---- lazy loading: a command loads the plugins it names, the one its file
 * extension names, and the rest only when those do not settle the choice ---- */

void bk_registry_set_lazy(bk_registry *r, bool lazy)
{
    if (r) r->lazy = lazy;
}

static void load_all_locked(bk_registry *r)
{
    for (size_t i = 0; r->n_pending && i < r->count; i++)
        if (r->slots[i].pending) load_slot(r, &r->slots[i], NULL); /* refusals are recorded */
}

void bk_registry_load_all(bk_registry *r)
{
    if (!r) return;
    pthread_mutex_lock(&r->lock);
    load_all_locked(r);
    pthread_mutex_unlock(&r->lock);
}

/* Load the seen files called @p name in search order until one is accepted
 * (later ones stay pending: they would be refused as duplicates). */
static void load_named(bk_registry *r, const char *name)
{
    if (!r->n_pending || !name || find_loaded(r, name)) return;
    for (size_t i = 0; i < r->count; i++) {
        plugin_slot *s = &r->slots[i];
        if (s->pending && strcmp(s->name, name) == 0 && load_slot(r, s, NULL) == BK_OK) return;
    }
}

/* The extension of @p path ("json" for "a/b.JSON"), lower-cased into buf; NULL if none. */
static const char *extension_of(const char *path, char *buf, size_t n)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || !dot[1] || strlen(dot + 1) >= n) return NULL;
    size_t k = 0;
    for (const char *p = dot + 1; *p; p++) buf[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    buf[k] = '\0';
    return buf;
}

/* The registry is created mutable (bk_registry_new); lookups take it const
 * because to the caller they are lookups, and load what they need. */
static bk_registry *mut(const bk_registry *r)
{
    return (bk_registry *)(uintptr_t)r;
}

size_t bk_registry_count(const bk_registry *r)
{
    return r ? r->count : 0;
}

const bk_plugin_info *bk_registry_at(const bk_registry *r, size_t i)
{
    return r && i < r->count ? &r->slots[i].info : NULL;
}

const bk_plugin *bk_registry_find(const bk_registry *cr, const char *name, const char **reason)
{
    if (reason) *reason = NULL;
    if (!cr || !name) return NULL;
    bk_registry *r = mut(cr);
    pthread_mutex_lock(&r->lock);
    load_named(r, name);
    const plugin_slot *s = find_loaded(r, name);
    const bk_plugin *p = s ? &s->desc : NULL;
    for (size_t i = 0; !p && i < r->count; i++)
        if (strcmp(r->slots[i].name, name) == 0 && reason && r->slots[i].reason) *reason = r->slots[i].reason;
    pthread_mutex_unlock(&r->lock);
    return p;
}

static void list_names(const bk_registry *r, uint32_t cap, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->count; i++) {
        const plugin_slot *s = &r->slots[i];
        if (!usable(s) || !(s->desc.caps & cap)) continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? " " : "", s->name);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
    if (!used) snprintf(buf, n, "none: is the plugin directory right?");
}

/* The highest probe score among loaded readers (only those claiming @p ext
 * when it is not NULL); *winner is NULL on a tie, tied names the tied ones. */
static int best_reader(const bk_registry *r, const unsigned char *head, size_t head_len, const char *path,
                       const char *ext, const plugin_slot **winner, char *tied, size_t tied_n)
{
    int best = 0;
    *winner = NULL;
    tied[0] = '\0';
    for (size_t i = 0; i < r->count; i++) {
        const plugin_slot *s = &r->slots[i];
        if (!usable(s) || !(s->desc.caps & BK_CAP_READ) || (ext && !has_extension(&s->desc, ext))) continue;
        int score = s->desc.probe(head, head_len, path);
        if (score > 100) score = 100;
        if (score > best) {
            best = score;
            *winner = s;
            snprintf(tied, tied_n, "%s", s->name);
        } else if (score == best && score > 0) {
            size_t used = strlen(tied);
            snprintf(tied + used, tied_n - used, ", %s", s->name);
            *winner = NULL;
        }
    }
    return best;
}

static int pick_reader_locked(bk_registry *r, const unsigned char *head, size_t head_len, const char *path,
                              const bk_plugin **out, bk_error *err)
{
    const plugin_slot *winner = NULL;
    char tied[256], eb[32];
    const char *ext = extension_of(path, eb, sizeof eb);
    if (r->n_pending && ext) { /* the readers that claim the extension first */
        load_named(r, ext);
        if (best_reader(r, head, head_len, path, ext, &winner, tied, sizeof tied) > 0 && winner) {
            *out = &winner->desc;
            return BK_OK;
        }
    }
    load_all_locked(r);
    int best = best_reader(r, head, head_len, path, NULL, &winner, tied, sizeof tied);
    char known[256];
    list_names(r, BK_CAP_READ, known, sizeof known);
    if (best == 0)
        return bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                            "unrecognised input format; use --from FORMAT (known: %s)", known);
    if (!winner)
        return bk_error_set(err, BK_ERR_AMBIGUOUS_FORMAT, 0, 0, NULL,
                            "several formats claim this input equally (%s); use --from FORMAT", tied);
    *out = &winner->desc;
    return BK_OK;
}

int bk_registry_pick_reader(const bk_registry *cr, const unsigned char *head, size_t head_len, const char *path,
                            const bk_plugin **out, bk_error *err)
{
    if (!cr) return bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL, "unrecognised input format; no plugins");
    bk_registry *r = mut(cr);
    pthread_mutex_lock(&r->lock);
    int rc = pick_reader_locked(r, head, head_len, path, out, err);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

static bool has_extension(const bk_plugin *p, const char *ext)
{
    for (const char *const *e = p->extensions; e && *e; e++)
        if (strcasecmp(*e, ext) == 0) return true;
    return false;
}

/* Loaded writers claiming @p ext: how many, and the last. */
static int writers_for(const bk_registry *r, const char *ext, const plugin_slot **match)
{
    int matches = 0;
    for (size_t i = 0; i < r->count; i++) {
        const plugin_slot *s = &r->slots[i];
        if (!usable(s) || !(s->desc.caps & BK_CAP_WRITE) || !has_extension(&s->desc, ext)) continue;
        matches++;
        *match = s;
    }
    return matches;
}

static int pick_writer_locked(bk_registry *r, const char *path, const bk_plugin **out, bk_error *err)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    const plugin_slot *match = NULL;
    char eb[32];
    const char *ext = extension_of(path, eb, sizeof eb);
    /* the plugin named after the extension, when it writes it, is the writer */
    if (r->n_pending && ext) {
        load_named(r, ext);
        if (writers_for(r, dot + 1, &match) == 1) {
            *out = &match->desc;
            return BK_OK;
        }
    }
    load_all_locked(r);
    char known[256];
    list_names(r, BK_CAP_WRITE, known, sizeof known);
    if (!dot || !dot[1])
        return bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                            "cannot guess the output format of '%s' without an extension; use --to FORMAT (known: %s)",
                            path ? path : "-", known);
    int matches = writers_for(r, dot + 1, &match);
    if (matches == 0)
        return bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL,
                            "no writer for the extension '.%s'; use --to FORMAT (known: %s)", dot + 1, known);
    if (matches > 1)
        return bk_error_set(err, BK_ERR_AMBIGUOUS_FORMAT, 0, 0, NULL, "several writers handle '.%s'; use --to FORMAT",
                            dot + 1);
    *out = &match->desc;
    return BK_OK;
}

int bk_registry_pick_writer(const bk_registry *cr, const char *path, const bk_plugin **out, bk_error *err)
{
    if (!cr) return bk_error_set(err, BK_ERR_UNKNOWN_FORMAT, 0, 0, NULL, "no writer; no plugins");
    bk_registry *r = mut(cr);
    pthread_mutex_lock(&r->lock);
    int rc = pick_writer_locked(r, path, out, err);
    pthread_mutex_unlock(&r->lock);
    return rc;
}
