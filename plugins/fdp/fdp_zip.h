/* SPDX-License-Identifier: MIT */
/* A ZIP archive of stored (uncompressed) members, written in one pass: enough for
 * a zipped Data Package (datapackage.json + CSV resources in one file) without a
 * compression library. Members are buffered whole, so each is bounded by memory. */
#ifndef FDP_ZIP_H
#define FDP_ZIP_H
#include <stdint.h>
#include <stdio.h>

#define FDP_ZIP_MAX_MEMBERS 16

/** The archive being written to @p fp (its central directory is kept here). */
typedef struct fdp_zip {
    FILE *fp;
    uint32_t offset; /**< bytes written so far */
    size_t n;
    struct {
        char name[64];
        uint32_t crc, size, at;
    } m[FDP_ZIP_MAX_MEMBERS];
} fdp_zip;

/** Add a member @p name of @p len bytes. Returns 0, or -1 (write error or ZIP32 limits). */
int fdp_zip_add(fdp_zip *z, const char *name, const char *data, size_t len);
/** Write the central directory. Returns 0 or -1. */
int fdp_zip_finish(fdp_zip *z);

#endif
