/* SPDX-License-Identifier: MIT */
/* The host API handed to plugins: a constant table of core functions. */
#include <budgetkit/registry.h>
#include <budgetkit/recognize.h>
#include <budgetkit/text.h>
#include <stdarg.h>

static int host_error_set(bk_error *err, int code, uint32_t line, uint32_t column, const char *context, const char *fmt,
                          ...)
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

/* The model setters of ABI 2.1: plugins write cells, rows, panels and tables only through
 * these, so the core can later check or track what a reader sets without a plugin rebuild. */
static void host_cell_set_blank(bk_cell *cell)
{
    if (cell) *cell = (bk_cell){.kind = BK_CELL_BLANK};
}

static void host_row_set_key(bk_row *row, const char *key)
{
    if (row) row->key = key;
}
static void host_row_set_level(bk_row *row, int32_t level)
{
    if (row) row->level = level;
}
static void host_row_set_parent(bk_row *row, int32_t parent)
{
    if (row) row->parent = parent;
}
static void host_row_set_role(bk_row *row, bk_row_role role)
{
    if (row) row->role = role;
}
static void host_row_set_flags(bk_row *row, uint32_t flags)
{
    if (row) row->flags = flags;
}
static void host_panel_set_code_label(bk_panel *p, const char *label)
{
    if (p) p->code_label = label;
}
static void host_panel_set_name_label(bk_panel *p, const char *label)
{
    if (p) p->name_label = label;
}
static void host_table_set_number_label(bk_table *t, const char *label)
{
    if (t) t->number_label = label;
}
static void host_table_set_department(bk_table *t, const char *department)
{
    if (t) t->department = department;
}
static void host_table_set_unit(bk_table *t, bk_unit_kind unit)
{
    if (t) t->unit = unit;
}
static void host_table_set_unit_label(bk_table *t, const char *label)
{
    if (t) t->unit_label = label;
}
static void host_table_set_scale(bk_table *t, int32_t scale)
{
    if (t) t->scale = scale;
}
static void host_table_set_note(bk_table *t, const char *note)
{
    if (t) t->note = note;
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
    .cell_set_amount = bk_cell_set_amount,
    .cell_set_blank = host_cell_set_blank,
    .row_set_key = host_row_set_key,
    .row_set_level = host_row_set_level,
    .row_set_parent = host_row_set_parent,
    .row_set_role = host_row_set_role,
    .row_set_flags = host_row_set_flags,
    .panel_set_code_label = host_panel_set_code_label,
    .panel_set_name_label = host_panel_set_name_label,
    .table_set_number_label = host_table_set_number_label,
    .table_set_department = host_table_set_department,
    .table_set_unit = host_table_set_unit,
    .table_set_unit_label = host_table_set_unit_label,
    .table_set_scale = host_table_set_scale,
    .table_set_note = host_table_set_note,
    .section_para_pos = bk_section_para_pos,
    .pos_set = bk_pos_set,
    .cell_set = bk_cell_set,
    .document_set_fiscal_year = bk_document_set_fiscal_year,
    .document_set_kind = bk_document_set_kind,
    .document_set_fact = bk_document_set_fact,
    .perf_set_period_label = bk_perf_set_period_label,
    .perf_set_unit = bk_perf_set_unit,
    .indicator_set_value = bk_indicator_set_value,
    .section_set_text = bk_section_set_text,
    .field_set_value = bk_field_set_value,
    .document_drop_tables = bk_document_drop_tables,
};

const bk_host *bk_host_api(void)
{
    return &HOST;
}
