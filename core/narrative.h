/* SPDX-License-Identifier: MIT */
/* Private to the validator (core/validate.c, core/narrative.c): the narrative
 * checks of the text sections and the helpers they share with the engine. */
#ifndef BK_CORE_NARRATIVE_H
#define BK_CORE_NARRATIVE_H

#include <budgetkit/validate.h>

/* Append a copy of @p f (its strings are copied) to @p list, counting its
 * severity; over the list's maximum it is only counted. BK_OK or BK_ERR_NOMEM. */
int bk_findings_push(bk_findings *list, const bk_finding *f);

/* Evaluate one absolute reference of the identity language
 * ("budget.projects/main[total].total"). Returns BK_OK, BK_ERR_NOT_FOUND when
 * its table is absent, or BK_ERR_INTERNAL when @p ref is malformed. *unit gets
 * the unit of the figure; *n the number of figures summed. */
int bk_validate_eval_ref(const bk_document *doc, const char *ref, bk_amount *out, bk_unit_kind *unit, int *n);

/* Tolerance for a sum of @p n figures in @p unit. */
bk_amount bk_validate_tolerance(const bk_validate_options *opt, bk_unit_kind unit, int n);

/* Copy text[from, to) into @p buf for a message: line breaks as spaces, cut at a UTF-8
 * boundary with "…" when it does not fit (@p cap >= 8). Shared by the narrative checks and
 * the review. */
void bk_narrative_quote(const char *text, size_t from, size_t to, char *buf, size_t cap);

/* Run the narrative checks (V39–V42) over doc->sections. */
int bk_narrative_check(const bk_document *doc, const bk_validate_options *opt, bk_findings *out);

/* Run the examiner's review (core/review.c, rules R1–R10 from the family's "review" data). */
int bk_review_check(const bk_document *doc, bk_findings *out);

#endif
