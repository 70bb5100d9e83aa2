/* SPDX-License-Identifier: MIT */
/* A gmtime() with one result buffer per thread, for the whole process.
 *
 * libxlsxwriter 1.1.4 (Debian 12) formats a workbook's creation time with gmtime(),
 * whose result lives in one static buffer, and `compile --split-by -j N` closes several
 * workbooks at once: a data race (ThreadSanitizer reports it). A definition in the
 * executable comes first in ELF symbol lookup, so every library's gmtime() call lands
 * here; POSIX leaves the buffer's sharing unspecified, so a per-thread one conforms. */
#include <time.h>

__attribute__((visibility("default"))) struct tm *gmtime(const time_t *t)
{
    static _Thread_local struct tm result;
    return gmtime_r(t, &result);
}
