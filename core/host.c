/* SPDX-License-Identifier: MIT */
/* The host API handed to plugins: a constant table of core functions. */
#include <budgetkit/registry.h>
#include <budgetkit/recognize.h>
#include <budgetkit/text.h>
#include <stdarg.h>

static int host_error_set(bk_error *err, int code, uint32_t line, uint32_t column, const char *context,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bk_error_setv(err, code, line, column, context, fmt, ap);
    va_end(ap);
    return rc;
}

static int host_diags_add(bk_diags *d, bk_severity sev, uint32_t line, uint32_t column, const char *context,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bk_diags_addv(d, sev, line, column, context, fmt, ap);
    va_end(ap);
    return rc;
}

static int host_options_get_bool(const bk_options *o, const char *key, int def)
{
    return bk_options_get_bool(o, key, def != 0);
}

static const bk_host HOST = {
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .struct_size = sizeof(bk_host),
    .error_set = host_error_set,
    .diags_add = host_diags_add,
    .strerror = bk_strerror,
    .amount_parse = bk_amount_parse,
    .amount_parse_round = bk_amount_parse_round,
    .amount_format = bk_amount_format,
    .amount_result_str = bk_amount_result_str,
    .utf8_check = bk_utf8_check,
    .options_get = bk_options_get,
    .options_get_bool = host_options_get_bool,
    .options_get_int = bk_options_get_int,
    .document_strdup = bk_document_strdup,
    .document_add_unit = bk_document_add_unit,
    .document_add_table = bk_document_add_table,
    .table_add_panel = bk_table_add_panel,
    .panel_add_column = bk_panel_add_column,
    .panel_add_row = bk_panel_add_row,
    .cell_set_text = bk_cell_set_text,
    .document_add_perf_target = bk_document_add_perf_target,
    .perf_add_field = bk_perf_add_field,
    .perf_add_amount = bk_perf_add_amount,
    .perf_add_task = bk_perf_add_task,
    .perf_add_indicator = bk_perf_add_indicator,
    .indicator_parse_value = bk_indicator_parse_value,
    .document_add_section = bk_document_add_section,
    .doc_kind_name = bk_doc_kind_name,
    .doc_kind_from_name = bk_doc_kind_from_name,
    .unit_kind_name = bk_unit_kind_name,
    .unit_kind_from_name = bk_unit_kind_from_name,
    .row_role_name = bk_row_role_name,
    .row_role_from_name = bk_row_role_from_name,
    .table_def_find = bk_table_def_find,
    .table_defs = bk_table_defs,
    .grid_new = bk_grid_new,
    .grid_free = bk_grid_free,
    .grid_set = bk_grid_set,
    .grid_add_merge = bk_grid_add_merge,
    .recognize = bk_recognize,
    .layout_table = bk_layout_table,
    .layout_perf_target = bk_layout_perf_target,
    .row_cell_pos = bk_row_cell_pos,
    .pos_describe = bk_pos_describe,
    .layout_table_cell = bk_layout_table_cell,
    .layout_perf_amount_cell = bk_layout_perf_amount_cell,
    .section_para_pos = bk_section_para_pos,
};

const bk_host *bk_host_api(void) { return &HOST; }
