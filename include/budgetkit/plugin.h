/* SPDX-License-Identifier: MIT */
/**
 * @file plugin.h
 * @brief The plugin ABI: the only header a format plugin needs.
 *
 * A plugin is a shared object `bk_<name>.so` that exports one function,
 * `const bk_plugin *bk_plugin_<name>(void)` (or the generic fallback
 * `bk_plugin_entry`). It links nothing of the core: everything it needs
 * from budgetkit comes through the ::bk_host struct passed to each call.
 *
 * Versioning: a plugin loads iff its abi_major equals BK_ABI_MAJOR and its
 * abi_minor is <= BK_ABI_MINOR. ::bk_plugin and ::bk_host are append-only:
 * new members go at the end and bump BK_ABI_MINOR; the core reads only
 * `struct_size` bytes of a plugin's descriptor. A change of the size of a
 * model or grid struct a plugin walks (ABI 2.0: ::bk_pos grew a page, a box and
 * a sheet) bumps BK_ABI_MAJOR: plugins built before it are refused.
 *
 * A member appended to ::bk_plugin, ::bk_host or a model struct also updates the
 * layout test tests/library/test_abi_layout.c (docs/library.md, "ABI"); a
 * function added to a public header carries BK_API (export.h).
 *
 * Ownership: nothing crosses the boundary to be freed on the other side.
 * A plugin's state lives inside one call and is freed before it returns.
 * The core owns sources, sinks, options, diagnostics and the document.
 *
 * Probe scores (0..100): 100 = magic bytes are certain; 60-90 = structural
 * evidence (our root element, our top-level key); 20-50 = extension only;
 * 1 = last-resort fallback; 0 = not mine. probe is pure and quiet.
 */
#ifndef BUDGETKIT_PLUGIN_H
#define BUDGETKIT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <budgetkit/version.h>
#include <budgetkit/error.h>
#include <budgetkit/amount.h>
#include <budgetkit/model.h>
#include <budgetkit/options.h>
#include <budgetkit/limits.h>
#include <budgetkit/grid.h>
#include <budgetkit/definitions.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define BK_PLUGIN_EXPORT __declspec(dllexport)
#else
#define BK_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/** Capabilities. */
enum {
    BK_CAP_READ = 1u << 0,       /**< read() fills a document */
    BK_CAP_WRITE = 1u << 1,      /**< write() writes a document */
    BK_CAP_READ_PATH = 1u << 2,  /**< read() needs a file path (zip); stdin is spooled to a temporary file first */
    BK_CAP_WRITE_PATH = 1u << 3, /**< write() writes to sink->path itself (sink->fp is NULL) */
    BK_CAP_RECORDS = 1u << 4,    /**< read_records() streams flat records (ledgers) */
    /** read_records() honours bk_source.range_begin/range_end (ABI 1.1): a large ledger
     *  can be read in parts on several threads. */
    BK_CAP_RECORDS_RANGE = 1u << 5,
    /** read() and read_records() read bk_source.fp front to back and never seek (ABI 1.1):
     *  standard input is then streamed to them instead of copied to a temporary file. */
    BK_CAP_READ_STREAM = 1u << 6,
    /** write_many() writes several documents into one output, a database (ABI 1.2):
     *  `convert IN… OUT`, `--append`, `validate --db`. */
    BK_CAP_WRITE_MANY = 1u << 7,
    /** read() can build its tables a batch at a time in bk_source.tables, handing each
     *  batch over through bk_source.tables_ready (ABI 2.0): memory bounded by the largest table. */
    BK_CAP_READ_TABLES = 1u << 8,
    /** write_tables() writes a document whose tables arrive in batches (ABI 2.0). */
    BK_CAP_WRITE_TABLES = 1u << 9,
    /** The format is for publication (a Fiscal Data Package): `convert` validates each document
     *  first and writes none that has errors, unless --force (ABI 2.0). */
    BK_CAP_WRITE_VALID_ONLY = 1u << 10,
    /** write() puts the findings of bk_sink.findings on the cells they concern (ABI 2.0):
     *  `validate --annotate OUT`. A writer without it is refused for that output. */
    BK_CAP_ANNOTATE = 1u << 11,
    /** write_tables() answers BK_TABLES_QUERY before the read: whether these options stream
     *  (a writer whose layouts differ, such as csv's report and long, ABI 2.1). */
    BK_CAP_WRITE_TABLES_QUERY = 1u << 12
};

/** Progress callback: @p done of @p total units (bytes or rows; total 0 = unknown). */
typedef void (*bk_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/** What a reader reads. All members are owned by the core. */
typedef struct bk_source {
    const char *path;          /**< file to open (for BK_CAP_READ_PATH); NULL when stdin is streamed */
    const char *display_name;  /**< name for messages: the path, or "<stdin>" */
    FILE *fp;                  /**< open stream positioned at byte 0 (head already consumed is re-readable);
                                    seekable unless stdin is streamed (BK_CAP_READ_STREAM) */
    const unsigned char *head; /**< the first bytes (up to 4 KiB), read once by the core */
    size_t head_len;
    uint64_t size; /**< file size in bytes, 0 if unknown (stdin) */
    const bk_limits *limits;
    bk_diags *diags;         /**< warnings go here (may be NULL) */
    bk_progress_fn progress; /**< may be NULL */
    void *progress_ctx;
    const volatile int *interrupted; /**< non-zero once SIGINT/SIGTERM arrived; check in long loops (may be NULL) */
    /* ABI 1.1 (read only by plugins with BK_CAP_RECORDS_RANGE) */
    /**
     * Byte range of a part: read_records() delivers only the records that begin at
     * an offset in [range_begin, range_end) (range_end 0 = to the end of the file),
     * with their true line numbers; with both 0, the whole file. A record begins at
     * offset 0 or just after a line end that is not inside a quoted field, so
     * consecutive ranges deliver every record exactly once. The header is a record
     * like any other: only the part at offset 0 sees it. A plugin that cannot cut
     * this input (an encoding without byte-level line ends) returns BK_ERR_UNSUPPORTED.
     */
    uint64_t range_begin;
    uint64_t range_end;
    /* ABI 2.0 (read only by plugins with BK_CAP_READ_TABLES) */
    /**
     * Table streaming: when non-NULL, a reader with BK_CAP_READ_TABLES may build its
     * tables in this document (owned by the core) instead of the one read() fills, and
     * call tables_ready() each time the tables in it are complete. The core then writes
     * them out and empties @c tables (its arena too: nothing the reader took from it
     * stays valid). Everything else (facts, units, forms, sections) goes into the
     * document read() fills; tables left in it are written after the streamed ones.
     * tables_ready() returns 0, or a ::bk_status (err is set) to stop the read with.
     */
    bk_document *tables;
    int (*tables_ready)(void *ctx, bk_error *err);
    void *tables_ctx;
} bk_source;

/** Where a writer writes. Owned by the core: a temporary file renamed on success. */
typedef struct bk_sink {
    const char *path;         /**< temporary file to write (always set) */
    const char *display_name; /**< final name for messages, or "<stdout>" */
    FILE *fp;                 /**< open stream on path, or NULL for BK_CAP_WRITE_PATH plugins */
    bk_diags *diags;
    bk_progress_fn progress;
    void *progress_ctx;
    const volatile int *interrupted;
    /* ABI 2.0 (read only by plugins with BK_CAP_ANNOTATE) */
    /** The findings of the document being written, a `const bk_findings *` (budgetkit/validate.h)
     *  whose cell indices point into that document (`validate --annotate`); NULL otherwise. */
    const void *findings;
    /* ABI 2.1 */
    const bk_limits *limits; /**< the run's limits (a writer that transforms: limit.xslt_memory) */
} bk_sink;

/** A flat record streamed by read_records(): one line of a ledger. */
typedef struct bk_record {
    size_t n_fields;
    const char *const *fields; /**< UTF-8, NUL-terminated, valid during the callback only */
    const size_t *lens;
    uint32_t line; /**< 1-based source line or sheet row */
} bk_record;

/** Receiver of records. Callbacks return 0 to go on, or a ::bk_status to stop with it. */
typedef struct bk_record_sink {
    void *ctx;
    int (*sheet)(void *ctx, const char *name); /**< a new sheet begins (may be NULL) */
    int (*record)(void *ctx, const bk_record *rec);
} bk_record_sink;

typedef struct bk_host bk_host;

/** One document handed to write_many() (ABI 1.2). */
typedef struct bk_batch_item {
    const bk_document *doc;
    const char *source; /**< the input it was read from, for the record (may be NULL) */
    /** The document's findings, a `const bk_findings *` (budgetkit/validate.h), from
     *  `validate --db`; NULL when the document was not validated. */
    const void *findings;
} bk_batch_item;

/** Flags of write_many() (ABI 1.2). */
enum {
    /** sink->path already holds a copy of the existing output: add to it (`--append`). */
    BK_WRITE_APPEND = 1u << 0,
    /** a document already in the output (the same content) is replaced, not refused (`--overwrite`). */
    BK_WRITE_REPLACE = 1u << 1
};

/** What a write_tables() call does (ABI 2.0). */
typedef enum bk_tables_step {
    /** Write the tables of @p doc, the next ones of the output in order; the other members
     *  of @p doc are not final yet and are not read. */
    BK_TABLES_BATCH = 0,
    /** The document is complete (its tables, if any, follow the batches): write the output
     *  to the sink and free the state. */
    BK_TABLES_FINISH = 1,
    /** The conversion failed: free the state; @p doc is NULL and nothing more is written. */
    BK_TABLES_ABORT = 2,
    /** Before the read (only with BK_CAP_WRITE_TABLES_QUERY): BK_OK if the tables can stream with
     *  these options, BK_ERR_UNSUPPORTED if the document is to be written whole by write();
     *  @p doc is NULL and @p state stays NULL (ABI 2.1). */
    BK_TABLES_QUERY = 3
} bk_tables_step;

/** A plugin descriptor. Use designated initializers; see plugins/skeleton/. */
typedef struct bk_plugin {
    uint32_t abi_major;            /**< BK_ABI_MAJOR at build time; never moves */
    uint32_t abi_minor;            /**< BK_ABI_MINOR at build time */
    uint32_t struct_size;          /**< sizeof(bk_plugin) at build time */
    const char *name;              /**< [a-z0-9_]+, equal to the file stem after "bk_" */
    const char *description;       /**< one line */
    const char *const *extensions; /**< lowercase, no dot, NULL-terminated */
    uint32_t caps;                 /**< BK_CAP_* */
    const bk_option_spec *options; /**< {NULL}-terminated, or NULL */
    /** Score 0..100 for @p head (the first bytes) and @p path (may be NULL). Pure. */
    int (*probe)(const unsigned char *head, size_t head_len, const char *path);
    /** Read @p in into @p doc (empty on entry). Returns ::bk_status. */
    int (*read)(const bk_host *h, const bk_source *in, bk_document *doc, const bk_options *o, bk_error *err);
    /** Write @p doc to @p out. Returns ::bk_status. */
    int (*write)(const bk_host *h, const bk_document *doc, const bk_sink *out, const bk_options *o, bk_error *err);
    /** Stream flat records (header row first) to @p sink. Returns ::bk_status. */
    int (*read_records)(const bk_host *h, const bk_source *in, const bk_options *o, const bk_record_sink *sink,
                        bk_error *err);
    /* ABI 1.2 */
    /** Write @p n documents into one output at sink->path (BK_CAP_WRITE_MANY, with
     *  BK_CAP_WRITE_PATH): the caller made it a temporary file, renamed on success.
     *  @p flags: BK_WRITE_*. Returns ::bk_status. */
    int (*write_many)(const bk_host *h, const bk_batch_item *items, size_t n, unsigned flags, const bk_sink *out,
                      const bk_options *o, bk_error *err);
    /* ABI 2.0 */
    /** Write one document in steps (BK_CAP_WRITE_TABLES): BATCH calls hand over the tables as a
     *  table-streaming reader completes them, then one FINISH (or ABORT) call ends it. @p state is
     *  the plugin's, NULL before the first call; it lives across the calls of one conversion
     *  (the exception to "state lives inside one call") and FINISH or ABORT frees it, also when
     *  FINISH fails. The output is the bytes write() gives for the whole document. Returns ::bk_status. */
    int (*write_tables)(const bk_host *h, void **state, const bk_document *doc, bk_tables_step step, const bk_sink *out,
                        const bk_options *o, bk_error *err);
} bk_plugin;

/**
 * The host API: what the core offers plugins. Append-only; call members
 * explicitly (h->fn(...)). Each member has the signature of the core
 * function of the same name without the bk_ prefix; the member setters of
 * ABI 2.1 (row_set_level …) have none: a program assigns those members itself.
 * A plugin changes the model only through these (tests/library/model_writes.sh).
 */
struct bk_host {
    uint32_t abi_major, abi_minor, struct_size;

    /* errors and diagnostics */
    int (*error_set)(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt,
                     ...);
    int (*diags_add)(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context, const char *fmt,
                     ...);
    const char *(*strerror)(int status);

    /* amounts and text */
    bk_amount_result (*amount_parse)(const char *text, size_t len, unsigned flags, bk_amount *out);
    bk_amount_result (*amount_parse_round)(const char *text, size_t len, int scale, bk_amount *out);
    size_t (*amount_format)(bk_amount a, char *buf, size_t cap);
    const char *(*amount_result_str)(bk_amount_result r);
    /** Offset of the first invalid UTF-8 byte, or @p len if all valid. */
    size_t (*utf8_check)(const char *s, size_t len);

    /* options */
    const char *(*options_get)(const bk_options *o, const char *key);
    int (*options_get_bool)(const bk_options *o, const char *key, int def);
    int64_t (*options_get_int)(const bk_options *o, const char *key, int64_t def);

    /* building the document */
    const char *(*document_strdup)(bk_document *doc, const char *s, size_t n);
    bk_budget_unit *(*document_add_unit)(bk_document *doc, const char *code, const char *name, const char *type);
    bk_table *(*document_add_table)(bk_document *doc, const char *kind, const char *title);
    bk_panel *(*table_add_panel)(bk_document *doc, bk_table *table, const char *key, const char *label);
    bk_column *(*panel_add_column)(bk_document *doc, bk_panel *panel, const char *key, const char *label,
                                   bk_cell_kind type);
    bk_row *(*panel_add_row)(bk_document *doc, bk_panel *panel, const char *code, const char *name);
    int (*cell_set_text)(bk_document *doc, bk_cell *cell, const char *text, size_t n);
    bk_perf_target *(*document_add_perf_target)(bk_document *doc, bk_perf_kind kind, const char *title);
    bk_field *(*perf_add_field)(bk_document *doc, bk_perf_target *p, const char *key, const char *label,
                                const char *value);
    bk_perf_amount *(*perf_add_amount)(bk_document *doc, bk_perf_target *p, const char *group, const char *key,
                                       const char *label);
    bk_field *(*perf_add_task)(bk_document *doc, bk_perf_target *p, const char *label, const char *value);
    bk_indicator *(*perf_add_indicator)(bk_document *doc, bk_perf_target *p, const char *period, const char *level1,
                                        const char *level2, const char *level3, const char *value_raw);
    void (*indicator_parse_value)(bk_document *doc, bk_indicator *ind);
    bk_section *(*document_add_section)(bk_document *doc, const char *heading, int level, const char *text);

    /* names of enums (for text formats) */
    const char *(*doc_kind_name)(bk_doc_kind k);
    bk_doc_kind (*doc_kind_from_name)(const char *s);
    const char *(*unit_kind_name)(bk_unit_kind u);
    bk_unit_kind (*unit_kind_from_name)(const char *s);
    const char *(*row_role_name)(bk_row_role r);
    int (*row_role_from_name)(const char *s);

    /* definitions */
    const bk_table_def *(*table_def_find)(const char *kind);
    const bk_table_def *(*table_defs)(size_t *count);

    /* grids, the recognizer and the official layout */
    bk_grid *(*grid_new)(const char *name);
    void (*grid_free)(bk_grid *g);
    int (*grid_set)(bk_grid *g, uint32_t row, uint32_t col, const char *text, size_t len, uint32_t flags, bk_pos src);
    int (*grid_add_merge)(bk_grid *g, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2);
    int (*recognize)(bk_document *doc, const bk_grid *const *grids, size_t n_grids, bk_diags *diags, bk_error *err);
    int (*layout_table)(const bk_table *table, bk_grid *out, uint32_t first_row, uint32_t *next_row, bk_error *err);
    int (*layout_perf_target)(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row,
                              bk_error *err);

    /* ABI 2.0: positions (bk_pos grew page, box and sheet) */
    bk_pos *(*row_cell_pos)(bk_document *doc, const bk_panel *panel, bk_row *row);
    char *(*pos_describe)(const bk_pos *pos, int with_box, char *buf, size_t cap);
    /* ABI 2.0: where the layout puts a figure (to annotate it) */
    int (*layout_table_cell)(const bk_table *table, size_t panel, int32_t row, int32_t column, uint32_t *grid_row,
                             uint32_t *grid_col);
    int (*layout_perf_amount_cell)(const bk_perf_target *p, size_t amount, uint32_t *grid_row, uint32_t *grid_col);

    /* ABI 2.1: setters for the cell, row, panel and table members a reader fills, so that
     * plugins change the model only through the host (docs/library.md, "ABI"). A string is a
     * document string (document_strdup) or NULL; positions: pos_set (ABI 2.2). */
    /** Make @p cell an amount (its text NULL): bk_cell_set_amount(). */
    void (*cell_set_amount)(bk_cell *cell, bk_amount a);
    /** Make @p cell blank (not zero): kind BK_CELL_BLANK, amount 0, text NULL. */
    void (*cell_set_blank)(bk_cell *cell);
    /** Set bk_row::key. */
    void (*row_set_key)(bk_row *row, const char *key);
    /** Set bk_row::level. */
    void (*row_set_level)(bk_row *row, int32_t level);
    /** Set bk_row::parent (an index in the same panel, or -1). */
    void (*row_set_parent)(bk_row *row, int32_t parent);
    /** Set bk_row::role. */
    void (*row_set_role)(bk_row *row, bk_row_role role);
    /** Set bk_row::flags (BK_ROW_*). */
    void (*row_set_flags)(bk_row *row, uint32_t flags);
    /** Set bk_panel::code_label. */
    void (*panel_set_code_label)(bk_panel *panel, const char *label);
    /** Set bk_panel::name_label. */
    void (*panel_set_name_label)(bk_panel *panel, const char *label);
    /** Set bk_table::number_label. */
    void (*table_set_number_label)(bk_table *table, const char *label);
    /** Set bk_table::department. */
    void (*table_set_department)(bk_table *table, const char *department);
    /** Set bk_table::unit. */
    void (*table_set_unit)(bk_table *table, bk_unit_kind unit);
    /** Set bk_table::unit_label. */
    void (*table_set_unit_label)(bk_table *table, const char *label);
    /** Set bk_table::scale (the decimals its amounts print with). */
    void (*table_set_scale)(bk_table *table, int32_t scale);
    /** Set bk_table::note. */
    void (*table_set_note)(bk_table *table, const char *note);
    /* ABI 2.1: where each paragraph of a section was read */
    bk_pos *(*section_para_pos)(bk_document *doc, size_t section);
    /* ABI 2.2: setters for the rest a reader fills in place (docs/library.md, "ABI"); check
     * abi_minor >= 2 before use. Each is the bk_ function of the same name (model.h). */
    /** Copy a whole position to a model position (`pos` members, row_cell_pos() and
     *  section_para_pos() entries): bk_pos_set(). */
    void (*pos_set)(bk_pos *dst, const bk_pos *src);
    /** Copy a whole cell (a funding figure's value): bk_cell_set(). */
    void (*cell_set)(bk_cell *dst, const bk_cell *src);
    /** bk_document_set_fiscal_year(). */
    void (*document_set_fiscal_year)(bk_document *doc, int32_t year);
    /** bk_document_set_kind(). */
    void (*document_set_kind)(bk_document *doc, bk_doc_kind kind);
    /** A text fact (title, region, level, department code and name, disclosure): bk_document_set_fact(). */
    int (*document_set_fact)(bk_document *doc, bk_doc_fact fact, const char *value);
    /** bk_perf_set_period_label(). */
    void (*perf_set_period_label)(bk_perf_target *p, const char *label);
    /** bk_perf_set_unit(). */
    void (*perf_set_unit)(bk_perf_target *p, bk_unit_kind unit);
    /** An indicator's parsed comparator, number and unit as read: bk_indicator_set_value(). */
    void (*indicator_set_value)(bk_indicator *ind, const char *op, const bk_cell *number, const char *unit);
    /** bk_section_set_text(). */
    void (*section_set_text)(bk_section *s, const char *text);
    /** A form field's or key task's value: bk_field_set_value(). */
    void (*field_set_value)(bk_field *f, const char *value);
    /** Remove @p count tables from @p first on, freeing what they own: bk_document_drop_tables()
     *  (a reader that recognized some tables twice keeps one copy). */
    int (*document_drop_tables)(bk_document *doc, size_t first, size_t count);
};

/** Declare a plugin's entry point, `bk_plugin_<name>()`: plugins/json/json.c has
 *  `BK_PLUGIN_ENTRY(json)` followed by a body that returns the address of its descriptor. */
#define BK_PLUGIN_ENTRY(name)                                                                                          \
    BK_PLUGIN_EXPORT const bk_plugin *bk_plugin_##name(void);                                                          \
    BK_PLUGIN_EXPORT const bk_plugin *bk_plugin_##name(void)

#ifdef __cplusplus
}
#endif
#endif
