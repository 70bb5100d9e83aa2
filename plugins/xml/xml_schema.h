/* SPDX-License-Identifier: MIT */
/**
 * @file xml_schema.h
 * @brief The XML plugin's safety layer: error capture, safe parsing, XSD
 *        schemas (embedded and user-given), streaming validators and XSLT.
 *
 * Everything here is per call. Two library hooks are borrowed and put back
 * within one call: libxml2's per-thread structured error handler while a
 * schema-validating reader runs (once a schema is plugged into a reader, the
 * parser's own errors reach only that handler), and libxslt's generic error
 * hook while a stylesheet compiles (it has no other error channel).
 */
#ifndef BK_XMLP_SCHEMA_H
#define BK_XMLP_SCHEMA_H

#include <budgetkit/plugin.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xsltInternals.h>
#include "xml_memcap.h"

/** Namespace of the canonical submission XML (major version 1). */
#define XMLP_NS "urn:budgetkit:submission:1"
/** Version written into the root's version attribute. */
#define XMLP_VERSION "1.0"

/** The embedded schemas/budgetkit.xsd (generated at build time). */
extern const unsigned char xmlp_schema_xsd[];
/** Its length in bytes. */
extern const size_t xmlp_schema_xsd_len;

/** Parser options for untrusted input: no network, no entity substitution, no DTD loading, no HUGE. */
#define XMLP_SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT)

/** The first error libxml2/libxslt reported during one step, plus warnings forwarded to diagnostics. */
typedef struct xmlp_errbuf {
    int have;              /**< non-zero once an error was captured */
    uint32_t line, column; /**< where (0 = unknown) */
    char message[400];     /**< libxml2's own message, one line */
    const bk_host *h;      /**< for forwarding warnings */
    bk_diags *diags;       /**< warnings go here (may be NULL) */
    const char *what;      /**< prefix for messages ("schema budgetkit.xsd"), may be NULL */
    void *reader;          /**< xmlTextReaderPtr whose parser column completes schema errors, or NULL */
    int code;         /**< when non-zero, the status to report (BK_ERR_NOMEM, BK_ERR_LIMIT) instead of the caller's */
    uint64_t mem_cap; /**< bytes a transformation or a user schema's pass may allocate (limit.xslt_memory) */
} xmlp_errbuf;

/** A borrowed per-thread libxml2 structured error handler (see xmlp_errscope_enter()). */
typedef struct xmlp_errscope {
    xmlStructuredErrorFunc fn;
    void *ctx;
    xmlGenericErrorFunc generic_fn; /* libxml2's per-thread generic hook (I/O warnings, nanohttp) */
    void *generic_ctx;
} xmlp_errscope;

/** Route this thread's libxml2 structured and generic errors to @p eb until xmlp_errscope_leave(): nothing reaches
 * stderr raw. */
void xmlp_errscope_enter(xmlp_errscope *s, xmlp_errbuf *eb);
/** Put back the handler saved by xmlp_errscope_enter(). */
void xmlp_errscope_leave(const xmlp_errscope *s);

/** Prepare @p eb for a new step (mem_cap: XMLP_MEMCAP_DEFAULT). */
void xmlp_errbuf_init(xmlp_errbuf *eb, const bk_host *h, bk_diags *diags, const char *what);

/** libxml2 structured error handler (2.9.14: non-const xmlError*); @p ctx is an ::xmlp_errbuf. */
void xmlp_on_structured_error(void *ctx, xmlErrorPtr e);

/** printf-style handler for libxslt; @p ctx is an ::xmlp_errbuf. Keeps the first message. */
void xmlp_on_generic_error(void *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Record an error of our own in @p eb if none is there yet. */
void xmlp_errbuf_set(xmlp_errbuf *eb, uint32_t line, uint32_t column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/** Copy the captured error into @p err with @p code; @p context may be NULL. Returns @p code. */
int xmlp_errbuf_raise(const xmlp_errbuf *eb, const bk_host *h, bk_error *err, int code, const char *context);

/**
 * Refuse a DOCTYPE before anything else is parsed: the prolog of @p fp is
 * parsed up to the root element's start tag only (no entity is declared or
 * expanded yet), then @p fp is rewound to byte 0. Returns 0 if there is no
 * DOCTYPE (or the prolog is broken, left to the real parse), -1 with the
 * error in @p eb if there is one.
 */
int xmlp_refuse_doctype(FILE *fp, const char *display, xmlp_errbuf *eb);

/**
 * Parse a whole document into a tree with the safe options, refusing any
 * DOCTYPE and nesting deeper than @p max_depth. Reads @p fp if not NULL,
 * else the file @p path. NULL on error (in @p eb).
 */
xmlDocPtr xmlp_parse_tree(FILE *fp, const char *path, const char *display, uint64_t max_depth, xmlp_errbuf *eb);

/** Compile the embedded canonical schema. NULL on error (in @p eb). */
xmlSchemaPtr xmlp_schema_embedded(xmlp_errbuf *eb);

/** Compile a user's XSD file (parsed safely, memory capped by eb->mem_cap). NULL on error (in @p eb). */
xmlSchemaPtr xmlp_schema_file(const char *path, xmlp_errbuf *eb);

/** Validate a tree against @p schema (memory capped by eb->mem_cap). 0 if valid, -1 with the first error in @p eb. */
int xmlp_schema_validate_tree(xmlSchemaPtr schema, xmlDocPtr doc, xmlp_errbuf *eb);

/**
 * Validate the XML read from @p fp (from its current position to EOF) against
 * @p schema with a streaming reader: the safe options, no DOCTYPE, nesting
 * bounded by @p max_depth, memory capped by eb->mem_cap. 0 if valid, -1 with the first error in @p eb.
 */
int xmlp_validate_stream(xmlSchemaPtr schema, FILE *fp, const char *display, uint64_t max_depth, xmlp_errbuf *eb);

/**
 * Install the process-wide sandbox once (idempotent, thread-safe): a libxml2
 * external-entity loader and a libxslt document loader that refuse every load
 * the current call has not allowed (network, other files, DTDs), and default
 * XSLT security preferences (they govern xsl:include/xsl:import at compile
 * time) that forbid writes, directories and the network. What one call allows
 * is kept per thread for the length of that call only. xmlp_sandbox_remove()
 * puts the previous hooks back (the plugin's unload).
 */
void xmlp_sandbox_install(void);
/** Undo xmlp_sandbox_install(). */
void xmlp_sandbox_remove(void);

/**
 * Compile the stylesheet at @p path (parsed safely: no DOCTYPE, no entities,
 * no network). xsl:include and xsl:import are refused unless @p allow_read
 * (-o xslt-allow-read=DIR) names the stylesheet's own folder; then they may
 * load files inside that folder (symlinks resolved), parsed as safely. NULL on
 * error (in @p eb).
 */
xsltStylesheetPtr xmlp_xslt_load(const char *path, const char *allow_read, xmlp_errbuf *eb);

/**
 * Apply @p style to @p doc with file writes, directory creation and all
 * network access forbidden, and document() reads refused; bounded in XPath
 * operations, template depth and variables, result nodes, and the memory
 * libxml2/libxslt allocate while it runs (eb->mem_cap, limit.xslt_memory).
 * NULL on error (eb->code set when memory or a bound ran out).
 */
xmlDocPtr xmlp_xslt_apply(xsltStylesheetPtr style, xmlDocPtr doc, xmlp_errbuf *eb);

#endif
