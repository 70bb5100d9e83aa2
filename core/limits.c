/* SPDX-License-Identifier: MIT */
#include <budgetkit/limits.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stddef.h>

typedef struct limit_field {
    const char *name; /* option "limit.NAME", env BUDGETKIT_LIMIT_NAME */
    size_t offset;
    uint64_t def;
} limit_field;

static const limit_field LIMIT_FIELDS[] = {
    {"input_bytes", offsetof(bk_limits, input_bytes), 4ULL << 30},
    {"rows", offsetof(bk_limits, rows), 50000000ULL},
    {"columns", offsetof(bk_limits, columns), 16384ULL},
    {"cells", offsetof(bk_limits, cells), 200000000ULL},
    {"string_bytes", offsetof(bk_limits, string_bytes), 1ULL << 20},
    {"zip_entry_bytes", offsetof(bk_limits, zip_entry_bytes), 1ULL << 30},
    {"zip_ratio", offsetof(bk_limits, zip_ratio), 1000ULL},
    {"xml_depth", offsetof(bk_limits, xml_depth), 64ULL},
    {"tables", offsetof(bk_limits, tables), 10000ULL},
    {"inflated_bytes", offsetof(bk_limits, inflated_bytes), 4ULL << 30},
    {"pages", offsetof(bk_limits, pages), 10000ULL},
    {"xslt_memory", offsetof(bk_limits, xslt_memory), 1ULL << 30},
};
#define N_LIMITS (sizeof LIMIT_FIELDS / sizeof LIMIT_FIELDS[0])

static const char *const LIMIT_KEYS[] = {"limit.input_bytes",
                                         "limit.rows",
                                         "limit.columns",
                                         "limit.cells",
                                         "limit.string_bytes",
                                         "limit.zip_entry_bytes",
                                         "limit.zip_ratio",
                                         "limit.xml_depth",
                                         "limit.tables",
                                         "limit.inflated_bytes",
                                         "limit.pages",
                                         "limit.xslt_memory",
                                         NULL};
_Static_assert(sizeof LIMIT_KEYS / sizeof LIMIT_KEYS[0] == N_LIMITS + 1, "one option key per limit");

const char *const *bk_limits_option_keys(void)
{
    return LIMIT_KEYS;
}

void bk_limits_default(bk_limits *l)
{
    for (size_t i = 0; i < N_LIMITS; i++) *(uint64_t *)((char *)l + LIMIT_FIELDS[i].offset) = LIMIT_FIELDS[i].def;
}

/* Digits only: strtoull alone would accept " 5", "+5", "0x10" and wrap "-5" or 2^64 around. */
static int set_from_text(bk_limits *l, const limit_field *f, const char *v, const char *source, bk_error *err)
{
    const char *p = v;
    while (*p >= '0' && *p <= '9') p++;
    if (p == v || *p) goto bad;
    errno = 0;
    unsigned long long n = strtoull(v, NULL, 10);
    if (errno == ERANGE || n == 0) goto bad;
    *(uint64_t *)((char *)l + f->offset) = n;
    return BK_OK;
bad:
    return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL,
                        "%s: limit %s='%s' must be a positive whole number (1 to 18446744073709551615)", source,
                        f->name, v);
}

int bk_limits_from_env(bk_limits *l, bk_error *err)
{
    for (size_t i = 0; i < N_LIMITS; i++) {
        char name[64] = "BUDGETKIT_LIMIT_";
        size_t n = strlen(name);
        for (const char *p = LIMIT_FIELDS[i].name; *p && n + 1 < sizeof name; p++)
            name[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        name[n] = '\0';
        const char *v = getenv(name);
        if (v) {
            int rc = set_from_text(l, &LIMIT_FIELDS[i], v, name, err);
            if (rc) return rc;
        }
    }
    return BK_OK;
}

int bk_limits_from_options(bk_limits *l, const bk_options *o, bk_error *err)
{
    for (size_t i = 0; i < N_LIMITS; i++) {
        const char *v = bk_options_get(o, LIMIT_KEYS[i]);
        if (v) {
            int rc = set_from_text(l, &LIMIT_FIELDS[i], v, "-o", err);
            if (rc) return rc;
        }
    }
    return BK_OK;
}
