/* SPDX-License-Identifier: MIT */
/**
 * @file error.h
 * @brief Status codes, located errors and diagnostic lists.
 *
 * Every fallible function returns a ::bk_status and fills a caller-owned
 * ::bk_error (which may be NULL). There is no global "last error".
 * The library never prints: bk_error_format() gives the one-line form the CLI
 * prints, `file:line:column: error: context: message [plugin]`.
 */
#ifndef BUDGETKIT_ERROR_H
#define BUDGETKIT_ERROR_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. Keep bk_strerror()'s table in step (checked at compile time). */
typedef enum bk_status {
    BK_OK = 0,               /**< success */
    BK_ERR_NOMEM,            /**< out of memory */
    BK_ERR_IO,               /**< read or write failed */
    BK_ERR_PARSE,            /**< input is not well-formed */
    BK_ERR_ENCODING,         /**< invalid or unsupported text encoding */
    BK_ERR_VALUE,            /**< a value has the wrong type or is out of range */
    BK_ERR_LIMIT,            /**< a configured resource limit was exceeded */
    BK_ERR_INVALID_ARG,      /**< bad argument or option */
    BK_ERR_UNSUPPORTED,      /**< operation not supported by this format */
    BK_ERR_NOT_FOUND,        /**< file, format or item not found */
    BK_ERR_AMBIGUOUS_FORMAT, /**< several formats claim the input or output */
    BK_ERR_ABI,              /**< plugin built for an incompatible ABI */
    BK_ERR_PLUGIN,           /**< plugin could not be loaded or misbehaved */
    BK_ERR_VALIDATION,       /**< the document breaks an arithmetic identity */
    BK_ERR_INTERRUPTED,      /**< interrupted by a signal */
    BK_ERR_INTERNAL,         /**< a bug in budgetkit */
    BK_ERR_UNKNOWN_FORMAT,   /**< no plugin reads/writes this input/output, or no such format name */
    BK_STATUS_COUNT
} bk_status;

/** Severity of an error or diagnostic. */
typedef enum bk_severity { BK_SEV_NOTE = 0, BK_SEV_WARNING = 1, BK_SEV_ERROR = 2 } bk_severity;

/** A located error. Caller-owned, fixed size: filling it never allocates. */
typedef struct bk_error {
    int code;          /**< ::bk_status */
    char file[256];    /**< input or output path, "<stdin>", or empty */
    uint32_t line;     /**< 1-based line (or spreadsheet row); 0 = unknown */
    uint32_t column;   /**< 1-based column (or spreadsheet column); 0 = unknown */
    char context[192]; /**< where inside the file: table title, sheet!cell, JSON path; may be empty */
    char plugin[32];   /**< plugin that raised it, or empty for the core */
    char message[512]; /**< one line, no trailing newline */
} bk_error;

/** Static, human-readable name of a status ("out of memory"). Never NULL. */
BK_API const char *bk_strerror(int status);

/** Reset @p err to "no error". Safe on NULL. */
BK_API void bk_error_clear(bk_error *err);

/**
 * Fill @p err (if not NULL) and return @p code, so callers can write
 * `return bk_error_set(err, BK_ERR_PARSE, line, col, ctx, "...", ...);`.
 * @p context may be NULL. The file and plugin fields are left as they are.
 */
BK_API int bk_error_set(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt,
                        ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** va_list variant of bk_error_set(). */
BK_API int bk_error_setv(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt,
                         va_list ap);

/** Set the file name of @p err if it has none yet. */
BK_API void bk_error_set_file(bk_error *err, const char *file);

/** Room bk_error_format() needs for any ::bk_error with a file name of its own (with the NUL). */
#define BK_ERROR_TEXT_MAX 1088

/**
 * The one-line form of @p err the budgetkit command prints:
 * `file:line:column: error: context: message [plugin]` (line, column, context
 * and plugin only when known; @p fallback_file, or "budgetkit" when NULL, stands
 * for an empty file name). Writes at most @p cap bytes with the NUL, like
 * snprintf(), and returns the length the whole line needs. The library never
 * prints: the caller writes the line where it wants.
 */
BK_API size_t bk_error_format(const bk_error *err, const char *fallback_file, char *buf, size_t cap);

/** One non-fatal diagnostic (a warning from a reader, a note). */
typedef struct bk_diag {
    bk_severity severity;
    uint32_t line, column;
    char *context; /**< owned by the list; may be NULL */
    char *message; /**< owned by the list */
} bk_diag;

/** A capped list of diagnostics. Create with bk_diags_new(). */
typedef struct bk_diags {
    bk_diag *items;
    size_t count;
    size_t cap;
    size_t limit;   /**< keep at most this many; further ones only counted */
    size_t dropped; /**< diagnostics not kept because of @ref limit */
    char *file;     /**< file the diagnostics refer to (owned), may be NULL */
} bk_diags;

/**
 * The same one-line form of a diagnostic, `file:line:column: warning: context: message`
 * (@p file: the list's file, or NULL for "budgetkit"). snprintf() contract.
 */
BK_API size_t bk_diag_format(const bk_diag *d, const char *file, char *buf, size_t cap);

/** New empty list keeping at most @p limit items (0 = 10000). Caller frees with bk_diags_free(). */
BK_API bk_diags *bk_diags_new(size_t limit);
/** Free the list. bk_diags_free(NULL) is a no-op. */
BK_API void bk_diags_free(bk_diags *d);
/** Set the file name the following diagnostics refer to. */
BK_API void bk_diags_set_file(bk_diags *d, const char *file);
/** Append a diagnostic. Safe on NULL @p d (then it is dropped). */
BK_API int bk_diags_add(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/** va_list variant of bk_diags_add(). */
BK_API int bk_diags_addv(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context,
                         const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
#endif
