/* SPDX-License-Identifier: MIT */
/**
 * @file registry.h
 * @brief Finding, loading and choosing format plugins.
 *
 * A registry is an explicit object (no global state). Search order, first
 * hit for a plugin name wins and later duplicates are refused with a reason:
 *  1. directories given with bk_registry_add_dir() / `--plugin-dir` (in order);
 *  2. `BUDGETKIT_PLUGIN_PATH` (":"-separated; the value `disable` loads nothing from it);
 *  3. next to the library itself (found with dladdr(), so any program finds the plugins
 *     installed with it): `<libdir>/budgetkit/plugins` (install tree) and
 *     `<libdir>/../bin/plugins` (build tree);
 *  4. next to the executable: `<exe dir>/plugins` (build tree) and
 *     `<exe dir>/../lib/budgetkit/plugins` (install tree);
 *  5. the plugin directory of the configured install prefix.
 * Only files named `bk_<name>.so` are considered. The current directory is never searched.
 */
#ifndef BUDGETKIT_REGISTRY_H
#define BUDGETKIT_REGISTRY_H

#include <budgetkit/export.h>

#include <stdbool.h>
#include <stddef.h>
#include <budgetkit/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bk_registry bk_registry;

/** A plugin file the registry saw: loaded, or refused with a reason. */
typedef struct bk_plugin_info {
    const char *name;        /**< plugin name (from the file name if refused early) */
    const char *path;        /**< file it came from */
    const bk_plugin *plugin; /**< NULL if refused */
    const char *reason;      /**< why it was refused, or NULL */
} bk_plugin_info;

/** New empty registry. Caller frees with bk_registry_free(). */
BK_API bk_registry *bk_registry_new(void);
/** Free the registry and close its plugins. NULL is a no-op. */
BK_API void bk_registry_free(bk_registry *r);

/** Scan @p dir for bk_*.so. A missing directory is not an error. */
BK_API int bk_registry_add_dir(bk_registry *r, const char *dir, bk_error *err);
/** Load one plugin file; a refusal is recorded (see bk_registry_at()) and returned as BK_ERR_ABI/BK_ERR_PLUGIN. */
BK_API int bk_registry_add_file(bk_registry *r, const char *path, bk_error *err);
/** Register a plugin linked into the program (tests, static builds). */
BK_API int bk_registry_add_static(bk_registry *r, const bk_plugin *p, bk_error *err);
/**
 * Load the standard search path after the explicit directories: the
 * environment variable, the directories next to the library, then those next to
 * the executable (@p exe_path may be NULL: /proc/self/exe is used).
 */
BK_API int bk_registry_load_default(bk_registry *r, const char *exe_path, bk_error *err);

/**
 * Lazy mode (set before adding directories): files are only noted when seen,
 * and loaded when needed: bk_registry_find() loads the plugin of that name;
 * bk_registry_pick_reader() / bk_registry_pick_writer() load the plugin named
 * after the path's extension first and every other one only when it does not
 * settle the choice (no positive probe among the readers claiming the
 * extension; not exactly one writer claiming it). A pending file shows in
 * bk_registry_at() with plugin and reason NULL until bk_registry_load_all().
 */
BK_API void bk_registry_set_lazy(bk_registry *r, bool lazy);
/** Load every file seen and not loaded yet (refusals are recorded). */
BK_API void bk_registry_load_all(bk_registry *r);

/** Number of plugin files seen (loaded, refused and, lazily, pending). */
BK_API size_t bk_registry_count(const bk_registry *r);
/** The i-th plugin file seen. Borrowed. */
BK_API const bk_plugin_info *bk_registry_at(const bk_registry *r, size_t i);
/** Loaded plugin by name, or NULL. If it was refused, @p reason gets why (may be NULL). */
BK_API const bk_plugin *bk_registry_find(const bk_registry *r, const char *name, const char **reason);

/**
 * Choose a reader for @p head/@p path: the highest probe score above 0 wins;
 * a tie at the top is BK_ERR_AMBIGUOUS_FORMAT, no candidate BK_ERR_NOT_FOUND,
 * both with a message that suggests --from and lists the known readers.
 */
BK_API int bk_registry_pick_reader(const bk_registry *r, const unsigned char *head, size_t head_len, const char *path,
                                   const bk_plugin **out, bk_error *err);
/** Choose a writer by the extension of @p path; zero or several matches is an error. */
BK_API int bk_registry_pick_writer(const bk_registry *r, const char *path, const bk_plugin **out, bk_error *err);

/** The host API the core hands to plugins. Static; never NULL. */
BK_API const bk_host *bk_host_api(void);

/**
 * List only: from now on, bk_registry_add_file() (and so add_dir/load_default) records
 * each plugin file it would load, refused with the reason "listed, not loaded", without
 * opening it. For `formats --check`, which then loads each one in a child process.
 */
BK_API void bk_registry_set_list_only(bk_registry *r, bool list_only);
/** Warnings about the search path (a relative or world-writable folder), in the order found. */
BK_API size_t bk_registry_warning_count(const bk_registry *r);
/** The i-th warning. Borrowed. */
BK_API const char *bk_registry_warning(const bk_registry *r, size_t i);

#ifdef __cplusplus
}
#endif
#endif
