/* SPDX-License-Identifier: MIT */
/* Minimal assertions for C tests: count failures, print where, exit non-zero. */
#ifndef BK_TEST_CHECK_H
#define BK_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                                   \
            check_failures++;                                                                                          \
        }                                                                                                              \
    } while (0)

#define CHECK_STR(a, b)                                                                                                \
    do {                                                                                                               \
        const char *ca_ = (a), *cb_ = (b);                                                                             \
        if (!ca_ || !cb_ || strcmp(ca_, cb_) != 0) {                                                                   \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,         \
                    ca_ ? ca_ : "(null)", cb_ ? cb_ : "(null)");                                                       \
            check_failures++;                                                                                          \
        }                                                                                                              \
    } while (0)

#define CHECK_INT(a, b)                                                                                                \
    do {                                                                                                               \
        long long ia_ = (long long)(a), ib_ = (long long)(b);                                                          \
        if (ia_ != ib_) {                                                                                              \
            fprintf(stderr, "%s:%d: CHECK_INT failed: %s = %lld, expected %lld\n", __FILE__, __LINE__, #a, ia_, ib_);  \
            check_failures++;                                                                                          \
        }                                                                                                              \
    } while (0)

/* Print the plain summary line and return the exit status. */
#define CHECK_DONE(name)                                                                                               \
    (printf("%s: %d passed, %d failed\n", (name), check_failures ? 0 : 1, check_failures ? 1 : 0),                     \
     check_failures ? 1 : 0)

#endif
