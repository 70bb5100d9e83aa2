/* SPDX-License-Identifier: MIT */
/* Scratch files for C tests. */
#ifndef BK_TEST_FILES_H
#define BK_TEST_FILES_H
#include <stdio.h>

/* Write @p n bytes to DIR/NAME and return the path, valid until four more calls. */
static inline const char *tf_write(const char *dir, const char *name, const void *bytes, size_t n)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
    return p;
}
#endif
