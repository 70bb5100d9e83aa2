/* SPDX-License-Identifier: MIT */
/* Limits from -o and the environment: every name, and the values that must
 * be refused (a limit that silently wraps to 2^64 is no limit at all). */
#include <budgetkit/limits.h>
#include <budgetkit/options.h>
#include <stdlib.h>
#include "check.h"

static const char *const NAMES[] = {"input_bytes",     "rows",       "columns",   "cells",  "string_bytes",
                                    "zip_entry_bytes", "zip_ratio",  "xml_depth", "tables", "inflated_bytes",
                                    "pages",           "xslt_memory"};
#define N_NAMES (sizeof NAMES / sizeof NAMES[0])

static uint64_t field(const bk_limits *l, size_t i)
{
    const uint64_t v[] = {l->input_bytes,     l->rows,       l->columns,   l->cells,  l->string_bytes,
                          l->zip_entry_bytes, l->zip_ratio,  l->xml_depth, l->tables, l->inflated_bytes,
                          l->pages,           l->xslt_memory};
    return v[i];
}

static void test_defaults(void)
{
    bk_limits l;
    bk_limits_default(&l);
    CHECK(l.input_bytes == 4ULL << 30);
    CHECK_INT(l.rows, 50000000);
    CHECK_INT(l.columns, 16384);
    CHECK_INT(l.cells, 200000000);
    CHECK_INT(l.string_bytes, 1 << 20);
    CHECK(l.zip_entry_bytes == 1ULL << 30);
    CHECK_INT(l.zip_ratio, 1000);
    CHECK_INT(l.xml_depth, 64);
    CHECK_INT(l.tables, 10000);
    CHECK(l.inflated_bytes == 4ULL << 30);
    CHECK_INT(l.pages, 10000);
    CHECK(l.xslt_memory == 1ULL << 30);
    const char *const *keys = bk_limits_option_keys();
    size_t n = 0;
    while (keys[n]) n++;
    CHECK_INT(n, N_NAMES);
}

/* Each limit by option and by environment variable reaches its own field only. */
static void test_each_name(void)
{
    bk_error err;
    for (size_t i = 0; i < N_NAMES; i++) {
        bk_limits l, def;
        bk_limits_default(&l);
        bk_limits_default(&def);
        char key[64], env[64];
        snprintf(key, sizeof key, "limit.%s", NAMES[i]);
        bk_options *o = bk_options_new();
        CHECK(bk_options_set(o, key, "7", &err) == BK_OK);
        CHECK(bk_limits_from_options(&l, o, &err) == BK_OK);
        for (size_t j = 0; j < N_NAMES; j++) CHECK(field(&l, j) == (j == i ? 7 : field(&def, j)));
        bk_options_free(o);

        size_t k = 0;
        k += (size_t)snprintf(env, sizeof env, "BUDGETKIT_LIMIT_");
        for (const char *p = NAMES[i]; *p; p++) env[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        env[k] = '\0';
        bk_limits_default(&l);
        setenv(env, "11", 1);
        CHECK(bk_limits_from_env(&l, &err) == BK_OK);
        for (size_t j = 0; j < N_NAMES; j++) CHECK(field(&l, j) == (j == i ? 11 : field(&def, j)));
        unsetenv(env);
    }
}

static void test_refused(void)
{
    static const char *const bad[] = {"0",
                                      "-1",
                                      " -5",
                                      "+5",
                                      " 5",
                                      "5 ",
                                      "0x10",
                                      "1e3",
                                      "",
                                      "abc",
                                      "18446744073709551616",
                                      "99999999999999999999999"};
    bk_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bk_limits l;
        bk_limits_default(&l);
        bk_options *o = bk_options_new();
        bk_options_set(o, "limit.rows", bad[i], &err);
        bk_error_clear(&err);
        int rc = bk_limits_from_options(&l, o, &err);
        if (rc != BK_ERR_INVALID_ARG) fprintf(stderr, "accepted limit.rows='%s'\n", bad[i]);
        CHECK(rc == BK_ERR_INVALID_ARG);
        CHECK(strstr(err.message, "limit rows=") != NULL);
        CHECK_INT(l.rows, 50000000); /* unchanged */
        bk_options_free(o);
    }
    setenv("BUDGETKIT_LIMIT_XML_DEPTH", "-3", 1);
    bk_limits l;
    bk_limits_default(&l);
    bk_error_clear(&err);
    CHECK(bk_limits_from_env(&l, &err) == BK_ERR_INVALID_ARG);
    CHECK(strstr(err.message, "BUDGETKIT_LIMIT_XML_DEPTH") != NULL);
    unsetenv("BUDGETKIT_LIMIT_XML_DEPTH");
    /* the largest value is accepted */
    bk_options *o = bk_options_new();
    bk_options_set(o, "limit.cells", "18446744073709551615", &err);
    CHECK(bk_limits_from_options(&l, o, &err) == BK_OK);
    CHECK(l.cells == UINT64_MAX);
    bk_options_free(o);
}

int main(void)
{
    test_defaults();
    test_each_name();
    test_refused();
    return CHECK_DONE("test_limits_parse");
}
