/* SPDX-License-Identifier: MIT */
/* The library's own location, from dladdr() on one of its functions. */
#include "self_path.h"
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bk_self_dir(char *buf, size_t cap)
{
    Dl_info info;
    /* any function of the library will do: dladdr names the object that holds it */
    if (!dladdr((const void *)(size_t)&bk_self_dir, &info) || !info.dli_fname || !info.dli_fname[0]) return false;
    char *real = realpath(info.dli_fname, NULL);
    if (!real) return false;
    char *slash = strrchr(real, '/');
    bool ok = slash && (size_t)(slash - real) < cap;
    if (ok) {
        memcpy(buf, real, (size_t)(slash - real));
        buf[slash - real] = '\0';
        if (slash == real) snprintf(buf, cap, "/");
    }
    free(real);
    return ok;
}

bool bk_self_path(const char *rel, char *buf, size_t cap)
{
    char dir[PATH_MAX];
    if (!bk_self_dir(dir, sizeof dir)) return false;
    int n = snprintf(buf, cap, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < cap;
}
