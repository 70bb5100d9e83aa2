/* SPDX-License-Identifier: MIT */
/**
 * @file io.h
 * @brief Reading and writing whole documents through plugins, safely.
 *
 * bk_write_document() writes to a temporary file in the target directory,
 * fsyncs and renames it over the target only on success: a failure or an
 * interruption never leaves a partial or clobbered output file.
 */
#ifndef BUDGETKIT_IO_H
#define BUDGETKIT_IO_H

#include <budgetkit/export.h>

#include <budgetkit/registry.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Per-call settings shared by reads and writes. All members may be NULL/0. */
typedef struct bk_io_settings {
    const char *format;               /**< plugin name (--from / --to), or NULL to choose */
    const bk_options *options;        /**< options for this side: every key must be declared by the plugin */
    const bk_options *shared_options; /**< options for either side: only keys the plugin declares are passed */
    const bk_limits *limits;          /**< NULL = defaults */
    bk_diags *diags;                  /**< warnings */
    bk_progress_fn progress;
    void *progress_ctx;
    const volatile int *interrupted;
    const bk_plugin *chosen; /**< out: the plugin used */
    /** Writes only: findings to put on the document's cells (a `const bk_findings *`, see
     *  bk_sink.findings); the writer must have BK_CAP_ANNOTATE, else BK_ERR_UNSUPPORTED. */
    const void *findings;
} bk_io_settings;

/**
 * Read @p path ("-" = stdin) into a new document (*@p out, caller frees with
 * bk_document_free()). On error *@p out is NULL and @p err names the file.
 */
BK_API int bk_read_document(const bk_registry *r, const char *path, bk_io_settings *s, bk_document **out,
                            bk_error *err);

/**
 * Write @p doc to @p path ("-" = stdout) atomically: into a temporary file beside it,
 * renamed over @p path on success. An existing non-regular @p path (FIFO, character or
 * block device, socket) and stdout are streams: the output is spooled to a temporary
 * file in $TMPDIR and copied into the stream on success, never renamed over it (a failed
 * conversion writes nothing to it; a failure while copying can leave part of it there).
 * An existing directory is an error (BK_ERR_IO).
 */
BK_API int bk_write_document(const bk_registry *r, const bk_document *doc, const char *path, bk_io_settings *s,
                             bk_error *err);

/**
 * Read @p in_path and write it to @p out_path (as bk_read_document() then bk_write_document(),
 * with @p rs for the reading side and @p ws for the writing side) in one pass: when the writer
 * has BK_CAP_WRITE_TABLES and the reader BK_CAP_READ_TABLES, each table is written as soon as
 * it is read and then dropped, so memory is bounded by the largest table, not the file. The
 * output is the same bytes. @p writing (may be NULL) is set true when the failure came from the
 * writing side (the error then names @p out_path). The output is chosen and opened first.
 */
BK_API int bk_convert_document(const bk_registry *r, const char *in_path, bk_io_settings *rs, const char *out_path,
                               bk_io_settings *ws, bool *writing, bk_error *err);

/** Stream the flat records of @p path ("-" = stdin) to @p sink. */
BK_API int bk_read_records(const bk_registry *r, const char *path, bk_io_settings *s, const bk_record_sink *sink,
                           bk_error *err);

/**
 * Stream only the records of @p path that begin in the byte range [@p begin, @p end)
 * (@p end 0 = to the end; see bk_source.range_begin): consecutive ranges deliver every
 * record once, with true line numbers, so a large ledger can be read in parts on
 * several threads (one call per thread, each with its own @p s and @p sink).
 * BK_ERR_UNSUPPORTED, before anything is read, for standard input or a format
 * without BK_CAP_RECORDS_RANGE; the plugin may also refuse an input it cannot cut.
 */
BK_API int bk_read_records_range(const bk_registry *r, const char *path, bk_io_settings *s, uint64_t begin,
                                 uint64_t end, const bk_record_sink *sink, bk_error *err);

/**
 * Atomic output helper for other writers (the CLI's compile --split-by):
 * create a temporary file beside @p path (in $TMPDIR when @p path is a stream,
 * see bk_write_document()). Fills @p tmp_path (cap bytes).
 */
BK_API int bk_atomic_begin(const char *path, char *tmp_path, size_t cap, FILE **fp, bk_error *err);
/** fsync, close and rename @p tmp_path over @p path (or copy it into a stream); on failure remove tmp. fp may be NULL
 * (already closed). */
BK_API int bk_atomic_commit(FILE *fp, const char *tmp_path, const char *path, bk_error *err);
/** Close and remove the temporary file. */
BK_API void bk_atomic_abort(FILE *fp, const char *tmp_path);

#ifdef __cplusplus
}
#endif
#endif
