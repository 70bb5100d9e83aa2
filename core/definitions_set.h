/* SPDX-License-Identifier: MIT */
/* Private: the process's one set of definitions (core/definitions_load.c),
 * read by the lookups of core/definitions.c and core/identities.c. */
#ifndef BK_CORE_DEFINITIONS_SET_H
#define BK_CORE_DEFINITIONS_SET_H

#include <budgetkit/definitions.h>
#include <budgetkit/validate.h>
#include <budgetkit/review.h>
#include <budgetkit/crossdoc.h>

typedef struct bk_defset {
    const bk_table_def *tables;
    size_t n_tables;
    const bk_identity *identities;
    size_t n_identities;
    const bk_function_class_def *classes; /* code order as loaded */
    size_t n_classes;
    const bk_function_class_def *aliases;
    size_t n_aliases;
    const char *const *class_match; /* normalized names (bk_defs_class_normalize), parallel to classes */
    const char *const *alias_match; /* ... and to aliases */
    const char *const *files;       /* NULL-terminated */
    size_t n_files;
    struct bk_arena *arena;           /* owns everything above */
    const struct bk_defset *previous; /* a set this one replaced: kept, its pointers may be held */
    const bk_review_def *reviews;     /* the families' review rules (include/budgetkit/review.h) */
    size_t n_reviews;
    const bk_crossdoc_def *crossdocs; /* the families' rules across documents (include/budgetkit/crossdoc.h) */
    size_t n_crossdocs;
} bk_defset;

/* The current set: loaded from the default search path on first use. Never NULL. */
const bk_defset *bk_defset_current(void);

/* Normalize a printed 类 name (ordinals, spaces, 等, full width, "(类)"); 0, or -1 if it does not fit. */
int bk_defs_class_normalize(const char *name, char *out, size_t cap);

#endif
