/* SPDX-License-Identifier: MIT */
/**
 * @file identities.c
 * @brief The arithmetic identities of the standard tables.
 *
 * Each identity is one line of a definitions file ("identities" of
 * definitions/<family>.json), in the small expression language of
 * validate.h (`SIDE = SIDE`, refs `KIND/PANEL[SELECTOR].COLUMN`), evaluated by
 * core/validate.c. Rule ids V1–V38 follow ../shared/docs/domain.md §a.4
 * (V39–V42 are the narrative checks of core/narrative.c); D1–D10 are the
 * 部门决算 identities of §c. Several identities may share a rule id. There is
 * no code here: adding a rule is adding a line to a data file; the loader
 * checks it names only defined kinds, panels, columns and items.
 */
#include <budgetkit/validate.h>

#include "definitions_set.h"

const bk_identity *bk_identities(size_t *count)
{
    const bk_defset *s = bk_defset_current();
    if (count) *count = s->n_identities;
    return s->identities;
}
