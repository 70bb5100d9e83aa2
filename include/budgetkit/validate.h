/* SPDX-License-Identifier: MIT */
/**
 * @file validate.h
 * @brief Arithmetic validation of a document: identities as data, located findings.
 *
 * bk_validate() evaluates every identity of bk_identities() (the "identities" of `definitions/FAMILY.json`:
 * row sums, hierarchies, cross-table ties, performance forms) and the
 * narrative checks (core/narrative.c: shares, growth rates and totals quoted in
 * the text sections) over a ::bk_document, and returns a list of findings.
 *
 * Tolerance policy (all integer arithmetic on ::bk_amount):
 *  - difference 0 → pass (no finding);
 *  - |d| ≤ max(wan_min, n × wan_per_figure) in a 万元 table, or ≤ yuan in a 元
 *    table, where n is the number of figures summed → a ::BK_FINDING_ROUNDING;
 *  - beyond → ::BK_FINDING_ERROR (::BK_FINDING_WARNING for soft rules).
 * Narrative checks report only errors: a figure quoted in the text that agrees
 * within rounding is not a finding (the table rule already reports it).
 *
 * An identity whose tables are absent from the document is skipped and
 * counted (bk_findings.n_skipped, bk_findings.skipped).
 *
 * The library never prints: rendering (text, JSON) is the CLI's job.
 */
#ifndef BUDGETKIT_VALIDATE_H
#define BUDGETKIT_VALIDATE_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <stdbool.h>
#include <budgetkit/model.h>
#include <budgetkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a finding. */
typedef enum bk_finding_severity {
    BK_FINDING_ROUNDING = 0, /**< differs, but within the rounding tolerance */
    BK_FINDING_WARNING = 1,  /**< a soft rule does not hold (may be legitimate) */
    BK_FINDING_ERROR = 2     /**< an identity does not hold */
} bk_finding_severity;

/** Name of a severity: "rounding", "warning", "error". */
BK_API const char *bk_finding_severity_name(bk_finding_severity s);

/** How an identity compares its two sides. */
typedef enum bk_identity_op {
    BK_IDENTITY_EQ = 0, /**< left = right */
    BK_IDENTITY_LE = 1  /**< left ≤ right (soft upper bounds) */
} bk_identity_op;

/**
 * One identity, as data. The expression language (documented in
 * docs/validate.md) is `SIDE (=|<=) SIDE`, a SIDE being `REF (+|- REF)*` and a
 * REF `KIND/PANEL[SELECTOR].COLUMN`:
 *  - KIND: a table kind ("budget.income"), or "perf.department" /
 *    "perf.project" (performance forms: PANEL = amount group, COLUMN = "value");
 *  - SELECTOR: `key=K` (K may end in `*`: sum of all rows whose key starts so),
 *    `code=C`, `name=N` (sum of the rows so named), `total` (the row of role
 *    total), `top` (sum of the top-level data rows), and, bound per row of the
 *    iteration: `*` (the row itself), `@` (the row of another table with the same
 *    code / key / role), `children` (sum of its children), `match` (the project
 *    row named like the bound performance form);
 *  - COLUMN: a column key, or `*` (every amount column of the left panel).
 * The left REF decides the iteration: a `*` or `key=K*` selector iterates its
 * rows (only rows with children when the right side uses `children`), a `*`
 * column iterates the columns; `each` overrides the iterated domain.
 */
typedef struct bk_identity {
    const char *rule;  /**< rule id ("V8", "D3"): several identities may share one */
    const char *title; /**< one line ("parent code = Σ children") */
    const char *expr;  /**< the identity (see above) */
    const char *each;  /**< iterate this KIND/PANEL instead of the left REF's (e.g. "perf.project"), or NULL */
    const char *guard; /**< a SIDE that must be 0 for the identity to apply in a binding, or NULL */
    bool soft;         /**< a failure is a warning, not an error */
    bool mirror;       /**< restates another identity located on the other table: only its
                            errors are reported (the other one reports the rounding) */
} bk_identity;

/** The identities, in rule order. */
BK_API const bk_identity *bk_identities(size_t *count);

/**
 * Check one identity against the table definitions: it parses, and every
 * table kind, panel, column and fixed-item key it names exists in
 * the loaded definitions (the loader runs it over every identity it loads).
 * Returns BK_OK or BK_ERR_VALUE with the offending name in @p err.
 */
BK_API int bk_identity_check(const bk_identity *id, bk_error *err);

/** Tolerances and switches. Initialise with bk_validate_options_default(). */
typedef struct bk_validate_options {
    bk_amount wan_min;        /**< minimum tolerance in 万元 tables (0.02) */
    bk_amount wan_per_figure; /**< tolerance per figure summed in 万元 tables (0.005) */
    bk_amount yuan;           /**< tolerance in 元 tables and forms (1) */
    bool strict;              /**< report rounding findings as errors */
    bool narrative;           /**< run the narrative checks (default true) */
    size_t max_findings;      /**< keep at most this many (0 = 100000); further ones only counted */
    bool review;              /**< run the examiner's review R1–R10 (include/budgetkit/review.h; default true) */
} bk_validate_options;

/** Fill @p o with the defaults (0.02 / 0.005 万元, 1 元, not strict, narrative on). */
BK_API void bk_validate_options_default(bk_validate_options *o);

/**
 * Parse a tolerance such as "0.02" (non-negative decimal, at most 6 decimals).
 * Returns BK_OK or BK_ERR_INVALID_ARG (message in @p err).
 */
BK_API int bk_validate_parse_tolerance(const char *text, bk_amount *out, bk_error *err);

/**
 * A figure an identity used: indices into the validated document (valid while
 * it lives). For a performance form, @ref bk_finding_cell::form "form" is true, table_index is the
 * index in doc->perf_targets and row_index the index of the amount.
 */
typedef struct bk_finding_cell {
    bool form;
    size_t table_index;
    size_t panel_index;
    int32_t row_index;
    int32_t column_index; /**< -1 for a form amount */
} bk_finding_cell;

/** One finding. All strings are owned by the list (NULL when not applicable). */
typedef struct bk_finding {
    const char *rule; /**< "V8" */
    bk_finding_severity severity;
    const char *table_kind;  /**< "budget.expense", "narrative", "perf.project" */
    const char *table_title; /**< printed title, section heading or form name */
    size_t table_index;      /**< index in doc->tables (or sections / perf_targets); (size_t)-1 if none */
    const char *panel;       /**< panel key, or NULL */
    const char *row;         /**< "208 社会保障和就业支出", "收入总计", or NULL */
    const char *row_code;    /**< code of the row, or NULL */
    const char *row_name;    /**< printed name of the row, or NULL */
    int32_t row_index;       /**< index in the panel, -1 if none */
    const char *column;      /**< column key ("total"), or NULL */
    bk_amount expected;      /**< what the other side computes */
    bk_amount actual;        /**< what is printed */
    bk_amount difference;    /**< actual − expected */
    const char *message;     /**< one line; narrative findings quote the sentence */
    bk_pos pos;              /**< input position of the row / section, 0 if unknown */
    bk_finding_cell *cells;  /**< every figure of both sides (owned), the printed one first */
    size_t n_cells;
} bk_finding;

/** A skipped identity: its tables are not in the document. */
typedef struct bk_skipped {
    const char *rule;
    const char *missing; /**< first absent table kind */
} bk_skipped;

/**
 * An identity that was not applicable to a row or column: one of its operands
 * (a row, a column or a panel) is not printed in the document. It is counted,
 * never evaluated as if the figure were 0. A printed blank cell is printed: it
 * counts as 0 in a sum.
 */
typedef struct bk_not_applicable {
    const char *rule;
    const char *title; /**< the identity's title */
    char *operand;     /**< the first operand not printed ("budget.summary/income[key=income_subtotal].amount") */
    size_t count;      /**< bindings (rows × columns) it was not applicable to */
} bk_not_applicable;

/** The result of bk_validate(). Free with bk_findings_free(). */
typedef struct bk_findings {
    bk_finding *items;
    size_t count;
    size_t n_error, n_rounding, n_warning; /**< counts by severity, including dropped ones */
    size_t n_checks;                       /**< comparisons made (identity bindings and narrative statements) */
    size_t n_identities;                   /**< identities evaluated (not skipped) */
    size_t n_skipped;                      /**< identities skipped because their tables are absent */
    bk_skipped *skipped;                   /**< the skipped (rule, absent table) pairs, each once */
    size_t n_skipped_pairs;                /**< entries of @ref skipped */
    size_t dropped;                        /**< findings over max_findings, counted but not kept */
    size_t cap, cap_skipped, max;          /**< internal */
    size_t n_not_applicable;               /**< bindings not evaluated because an operand is not printed */
    bk_not_applicable *not_applicable;     /**< each (rule, operand) once, in first-seen order */
    size_t n_not_applicable_pairs;
    size_t cap_not_applicable; /**< internal */
} bk_findings;

/**
 * Validate @p doc. On success *@p out holds the findings (possibly none) and
 * BK_OK is returned, whatever the findings. Errors: BK_ERR_NOMEM,
 * BK_ERR_INVALID_ARG (NULL document or out), BK_ERR_INTERNAL (a malformed
 * identity: a bug). @p opt may be NULL (defaults).
 */
BK_API int bk_validate(const bk_document *doc, const bk_validate_options *opt, bk_findings **out, bk_error *err);

/** Free a findings list. NULL is a no-op. */
BK_API void bk_findings_free(bk_findings *f);

/** Whether the findings count as a failure: any error (or, with @p strict, any rounding). */
BK_API bool bk_findings_failed(const bk_findings *f, bool strict);

#ifdef __cplusplus
}
#endif
#endif
