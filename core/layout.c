/* The official layout (tables → grids). Placeholder until it lands: reports BK_ERR_UNSUPPORTED. */
#include <budgetkit/recognize.h>

int bk_layout_table(const bk_table *table, bk_grid *out, uint32_t first_row, uint32_t *next_row, bk_error *err)
{
    (void)table; (void)out; (void)first_row; (void)next_row;
    return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "table layout is not built yet");
}

int bk_layout_perf_target(const bk_perf_target *p, bk_grid *out, uint32_t first_row, uint32_t *next_row,
                          bk_error *err)
{
    (void)p; (void)out; (void)first_row; (void)next_row;
    return bk_error_set(err, BK_ERR_UNSUPPORTED, 0, 0, NULL, "form layout is not built yet");
}
