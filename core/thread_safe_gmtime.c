/* SPDX-License-Identifier: MIT */
/* A gmtime() with one result buffer per thread, for the whole process.
 *
 * libxlsxwriter 1.1.4 (Debian 12) formats a workbook's creation time with gmtime(),
 * whose result lives in one static buffer, and `compile --split-by -j N` (or any program
 * writing workbooks from several threads) closes several at once: a data race
 * (ThreadSanitizer reports it). It is defined in libbudgetkit, not the CLI, so every
 * program linking the library gets it: the global symbol scope is the program and then
 * its libraries in link order, and libbudgetkit comes before libc, so the gmtime() calls
 * of libraries the plugins load (dlopen) land here. POSIX leaves the buffer's sharing
 * unspecified, so a per-thread one conforms. It is the one exported name without the bk_
 * prefix (tests/library/exports.sh). The library itself uses gmtime_r(). */
#include <time.h>

__attribute__((visibility("default"))) struct tm *gmtime(const time_t *t)
{
    static _Thread_local struct tm result;
    return gmtime_r(t, &result);
}
