/* SPDX-License-Identifier: MIT */
/* Private: document helpers the core needs beyond the public model API. */
#ifndef BK_CORE_MODEL_INTERNAL_H
#define BK_CORE_MODEL_INTERNAL_H
#include <budgetkit/model.h>

/* Empty @p doc in place (everything it owns, its arena too), as bk_document_new() leaves it;
 * pointers into it stay valid as a document. BK_ERR_NOMEM if no new arena could be made
 * (the document is then empty but unusable: free it). */
int bk_document_reset(bk_document *doc);
#endif
