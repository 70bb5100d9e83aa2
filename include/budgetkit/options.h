/* SPDX-License-Identifier: MIT */
/**
 * @file options.h
 * @brief `-o key=value` options and the option specs plugins declare.
 *
 * The core checks every option given on the command line against the specs
 * of the plugins involved: an unknown key or a bad value is an error that
 * names the accepted keys or values, before any file is touched.
 */
#ifndef BUDGETKIT_OPTIONS_H
#define BUDGETKIT_OPTIONS_H

#include <budgetkit/export.h>

#include <stdbool.h>
#include <stdint.h>
#include <budgetkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bk_option_type {
    BK_OPT_STRING = 0,
    BK_OPT_BOOL, /**< true/false/yes/no/1/0 */
    BK_OPT_INT,  /**< decimal integer, >= 0 */
    BK_OPT_ENUM  /**< one of ::bk_option_spec.choices ("a|b|c") */
} bk_option_type;

/** Direction an option applies to. */
enum { BK_OPT_READ = 1u << 0, BK_OPT_WRITE = 1u << 1 };

/** One option a plugin accepts. Arrays of specs end with a {NULL} entry. */
typedef struct bk_option_spec {
    const char *name; /**< "encoding" */
    bk_option_type type;
    unsigned direction;        /**< BK_OPT_READ | BK_OPT_WRITE */
    const char *default_value; /**< shown by `budgetkit formats NAME`, may be NULL */
    const char *choices;       /**< for BK_OPT_ENUM: "utf-8|gb18030" */
    const char *help;          /**< one line */
} bk_option_spec;

/** An ordered set of key=value options (opaque). */
typedef struct bk_options bk_options;

/** New empty set. Caller frees with bk_options_free(). NULL on OOM. */
BK_API bk_options *bk_options_new(void);
/** Free. NULL is a no-op. */
BK_API void bk_options_free(bk_options *o);
/** Set (or replace) @p key. Strings are copied. */
BK_API int bk_options_set(bk_options *o, const char *key, const char *value, bk_error *err);
/** Parse "key=value" and set it. A missing '=' or empty key is BK_ERR_INVALID_ARG. */
BK_API int bk_options_parse(bk_options *o, const char *key_eq_value, bk_error *err);
/** Value of @p key, or NULL if unset. Borrowed. Safe on NULL @p o. */
BK_API const char *bk_options_get(const bk_options *o, const char *key);
/** Value of @p key as a string, or @p def. */
BK_API const char *bk_options_get_str(const bk_options *o, const char *key, const char *def);
/** Boolean value, or @p def if unset. Invalid text counts as @p def (checked earlier by bk_options_check()). */
BK_API bool bk_options_get_bool(const bk_options *o, const char *key, bool def);
/** Integer value, or @p def if unset or invalid. */
BK_API int64_t bk_options_get_int(const bk_options *o, const char *key, int64_t def);
/** Number of options set. */
BK_API size_t bk_options_count(const bk_options *o);
/** Key of the i-th option. Borrowed. */
BK_API const char *bk_options_key_at(const bk_options *o, size_t i);

/**
 * Check that every key in @p o is declared in @p specs for @p direction and
 * that its value fits the type. @p extra_keys (NULL-terminated, may be NULL)
 * are keys the core itself understands (limits) and are always accepted.
 */
BK_API int bk_options_check(const bk_options *o, const bk_option_spec *specs, unsigned direction,
                            const char *const *extra_keys, const char *who, bk_error *err);

/** True if @p specs declares @p key for @p direction. */
BK_API bool bk_option_specs_have(const bk_option_spec *specs, const char *key, unsigned direction);

#ifdef __cplusplus
}
#endif
#endif
