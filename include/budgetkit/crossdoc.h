/* SPDX-License-Identifier: MIT */
/**
 * @file crossdoc.h
 * @brief Checks across documents: a 部门 against its 单位, this year's text against last year, a 决算 against its 预算.
 *
 * A batch run (`budgetkit validate FILE… | DIR…`) may hold related documents.
 * Each document is first reduced to what the checks need (bk_crossdoc_extract(),
 * thread-safe, on the workers); the reduced documents are then matched by
 * department (code, else name), fiscal year, kind and level (部门 or 单位) through a
 * hash table, so the pass is linear in the number of documents
 * (bk_crossdoc_check()). The rules are data: the `crossdoc` object of each
 * family's definitions file (docs/definitions.md, docs/validate.md):
 *  - X1: a 部门 document's tables (`unit_sum_tables`) against the sum of its 单位
 *    documents of the same year, row by row and column by column. When the 部门
 *    lists its units and all of them are in the run (or it has one unit, and that
 *    one is), the figures must be equal; otherwise the 单位 present are only a part:
 *    their sum must not exceed the 部门's figure. A row a 单位 prints figures on that the
 *    部门 prints no figure on (in a table and panel it prints) is an X1 finding too, the
 *    部门's figure counting as nothing, on the row's column of largest sum;
 *  - X2: this year's `claims` ("PHRASE C万元，比上年增加/减少 X万元") against the
 *    figure @c ref names in last year's document of the same department and kind;
 *  - X3: a 决算's figures (`pairs[].final`, its 预算数 columns) against the 预算
 *    document of the same year (`pairs[].budget`).
 * A rule fires only when both documents print the figure (but for X1's rows the 部门 leaves
 * out); differences within the rounding tolerance (bk_validate_options, as in validate.h) are rounding findings.
 * X0 (a warning) reports an ambiguous match: it is never guessed.
 *
 * The library never prints: the CLI renders the findings.
 */
#ifndef BUDGETKIT_CROSSDOC_H
#define BUDGETKIT_CROSSDOC_H

#include <budgetkit/export.h>

#include <stddef.h>
#include <budgetkit/model.h>
#include <budgetkit/error.h>
#include <budgetkit/validate.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The rules across documents of one template family ("crossdoc" in its definitions file). */
typedef struct bk_crossdoc_def {
    const char *family;                 /**< the family id ("budget-mof9") */
    bk_doc_kind document;               /**< the document kind the rules are for */
    const char *const *unit_sum_tables; /**< X1: table kinds where 部门 = Σ 单位 (NULL-terminated, or NULL) */
    const char *const *claims;          /**< X2: phrase, ref, phrase, ref … (2 × n_claims strings) */
    size_t n_claims;
    const char *const *compare_markers; /**< X2: what introduces the change ("比上年") */
    const char *const *more_words;      /**< X2: 增加 */
    const char *const *less_words;      /**< X2: 减少 */
    const char *const *fillers;         /**< X2: what may stand between a phrase and its amount ("为") */
    const char *const *pairs;           /**< X3: final ref, budget ref, … (2 × n_pairs strings) */
    size_t n_pairs;
} bk_crossdoc_def;

/** The crossdoc rules loaded, one per family that has them. */
BK_API const bk_crossdoc_def *bk_crossdoc_defs(size_t *count);

/** A document reduced to what the checks across documents need (opaque; owns copies). */
typedef struct bk_crossdoc_doc bk_crossdoc_doc;

/**
 * Reduce @p doc (which may be freed afterwards) to its identity, the figures of the
 * crossdoc tables, the figures the rules' refs name and its claims about last year.
 * @p name names the document in messages (its path). Thread-safe. BK_OK,
 * BK_ERR_NOMEM or BK_ERR_INVALID_ARG.
 */
BK_API int bk_crossdoc_extract(const bk_document *doc, const char *name, bk_crossdoc_doc **out, bk_error *err);

/** Free a reduced document. NULL is a no-op. */
BK_API void bk_crossdoc_doc_free(bk_crossdoc_doc *d);

/** One finding across documents. Strings are owned by the list. */
typedef struct bk_crossdoc_finding {
    const char *rule; /**< "X1", "X2", "X3", "X0" (ambiguous match) */
    bk_finding_severity severity;
    size_t doc;   /**< index (in the array given to bk_crossdoc_check) of the document whose figure is `actual` */
    size_t other; /**< index of the document it is checked against (the first, for a sum of 单位) */
    const char *table_kind;   /**< of @ref doc's table, "narrative" for a claim, NULL for X0 */
    const char *table_title;  /**< as printed in @ref doc */
    const char *row;          /**< code and name as printed, or NULL */
    const char *column;       /**< column key, or NULL */
    const char *column_label; /**< printed header, or NULL */
    bk_amount expected;       /**< what the other document(s) give */
    bk_amount actual;         /**< what @ref doc prints (or states) */
    bk_amount difference;     /**< actual − expected */
    const char *message;      /**< one line naming both documents and where */
    const char *where;        /**< position in @ref doc ("page 12", "line 40"), or NULL */
    const char *other_where;  /**< position in @ref other, or NULL */
} bk_crossdoc_finding;

/** The result of bk_crossdoc_check(). Free with bk_crossdoc_findings_free(). */
typedef struct bk_crossdoc_findings {
    bk_crossdoc_finding *items;
    size_t count, cap; /**< cap: internal */
    size_t n_error, n_rounding, n_warning;
    size_t n_checks;  /**< figures compared */
    size_t n_matches; /**< document pairs (or 部门 and its 单位 set) matched */
} bk_crossdoc_findings;

/**
 * Match @p docs (NULL entries are skipped: unreadable documents) and check them
 * against each other. Linear in the documents and their figures. @p opt may be NULL
 * (defaults). Findings are in document order. BK_OK or BK_ERR_NOMEM.
 */
BK_API int bk_crossdoc_check(const bk_crossdoc_doc *const *docs, size_t n, const bk_validate_options *opt,
                             bk_crossdoc_findings **out, bk_error *err);

/** Free a findings list. NULL is a no-op. */
BK_API void bk_crossdoc_findings_free(bk_crossdoc_findings *f);

#ifdef __cplusplus
}
#endif
#endif
