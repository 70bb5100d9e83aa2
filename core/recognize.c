/* The table recognizer (grids → tables).
 * Placeholder until the recognizer lands: reports BK_ERR_UNSUPPORTED. */
#include <budgetkit/recognize.h>

int bk_recognize(bk_document *doc, const bk_grid *const *grids, size_t n_grids, bk_diags *diags, bk_error *err)
{
    (void)doc; (void)grids; (void)n_grids; (void)diags;
    return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "the table recognizer is not built yet");
}

