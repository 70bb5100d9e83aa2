/* SPDX-License-Identifier: MIT */
/* The model ABI, pinned: sizeof and offsetof of every public struct that
 * plugins and programs read or write directly, on LP64 Linux (x86_64, aarch64).
 *
 * This test fails when a public struct changes. That is its purpose: read
 * docs/library.md "ABI" first. A member appended at the end of bk_document,
 * bk_plugin or bk_host (a minor ABI change: bump BK_ABI_MINOR) only changes the
 * sizeof line: add the member's offset line and update the size. Anything else
 * (a member moved, removed, retyped, or added in the middle) breaks plugins
 * and programs built before it: an ABI major bump (BK_ABI_MAJOR and the
 * SONAME), never done in passing. */
#include <budgetkit/budgetkit.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "check.h"

#define SIZE(type, n)        CHECK_INT(sizeof(type), n)
#define OFF(type, member, n) CHECK_INT(offsetof(type, member), n)

/* A plugin built against ABI 2.1 (before the 2.2 setters): it must still load. */
static int old_probe(const unsigned char *head, size_t head_len, const char *path)
{
    (void)head, (void)head_len, (void)path;
    return 0;
}
static const char *const OLD_EXT[] = {"old21", NULL};
static const bk_plugin OLD_PLUGIN = {.abi_major = 2,
                                     .abi_minor = 1,
                                     .struct_size = sizeof(bk_plugin),
                                     .name = "old21",
                                     .description = "a plugin built for ABI 2.1",
                                     .extensions = OLD_EXT,
                                     .probe = old_probe};

static void check_minor_21_loads(void)
{
    bk_registry *r = bk_registry_new();
    bk_error err = {0};
    CHECK(r && bk_registry_add_static(r, &OLD_PLUGIN, &err) == BK_OK);
    const char *reason = NULL;
    const bk_plugin *found = r ? bk_registry_find(r, "old21", &reason) : NULL;
    CHECK(found && found->abi_minor == 1 && !reason);
    bk_registry_free(r);
}

/* The 2.2 setters through the host write what they name, and only that. */
static void check_setters_22(void)
{
    const bk_host *h = bk_host_api();
    CHECK(h->abi_minor >= 2 && h->struct_size == sizeof(bk_host));
    bk_document *doc = bk_document_new();
    CHECK(doc != NULL);
    if (!doc) return;
    h->document_set_fiscal_year(doc, 2024);
    h->document_set_kind(doc, BK_DOC_FINAL_ACCOUNTS);
    const char *name = h->document_strdup(doc, "忻州市民政局", (size_t)-1);
    CHECK(h->document_set_fact(doc, BK_FACT_DEPARTMENT_NAME, name) == BK_OK);
    CHECK(h->document_set_fact(doc, (bk_doc_fact)99, name) == BK_ERR_VALUE);
    CHECK(doc->fiscal_year == 2024 && doc->kind == BK_DOC_FINAL_ACCOUNTS && doc->department_name == name &&
          !doc->title && !doc->region && !doc->level && !doc->department_code && !doc->disclosure);
    bk_section *s = h->document_add_section(doc, "一、概况", 2, NULL);
    bk_pos at = {.page = 3, .box = {1, 2, 3, 4}};
    h->pos_set(&s->pos, &at);
    h->section_set_text(s, name);
    CHECK(s->pos.page == 3 && s->pos.box.y1 == 4 && s->text == name);
    bk_perf_target *p = h->document_add_perf_target(doc, BK_PERF_PROJECT, "项目支出绩效目标表");
    h->perf_set_period_label(p, name);
    h->perf_set_unit(p, BK_UNIT_YUAN);
    bk_perf_amount *a = h->perf_add_amount(doc, p, "annual", "total", "年度资金总额");
    bk_cell c = {.kind = BK_CELL_AMOUNT, .amount = {.units = 12345, .scale = 2}};
    h->cell_set(&a->value, &c);
    bk_field *f = h->perf_add_field(doc, p, "overview", "项目概况", NULL);
    h->field_set_value(f, name);
    bk_indicator *ind = h->perf_add_indicator(doc, p, NULL, "产出指标", "数量指标", NULL, "≥95%");
    h->indicator_set_value(ind, "≥", &c, "%");
    CHECK(p->period_label == name && p->unit == BK_UNIT_YUAN && f->value == name);
    CHECK(p->amounts[0].value.kind == BK_CELL_AMOUNT && p->amounts[0].value.amount.units == 12345);
    CHECK(ind->number.amount.scale == 2 && !strcmp(ind->op, "≥") && !strcmp(ind->unit, "%"));
    h->indicator_set_value(ind, NULL, NULL, NULL);
    CHECK(ind->number.kind == BK_CELL_BLANK && !ind->op && !ind->unit && !strcmp(ind->value_raw, "≥95%"));
    /* dropping tables frees their panels (ASan sees a leak otherwise) and keeps the others in order */
    const char *titles[3] = {"收支总表", "收入总表", "支出总表"};
    for (int i = 0; i < 3; i++) {
        bk_table *t = h->document_add_table(doc, NULL, titles[i]);
        CHECK(t && h->table_add_panel(doc, t, "main", NULL) != NULL);
    }
    CHECK(h->document_drop_tables(doc, 0, 2) == BK_OK && doc->n_tables == 1);
    CHECK(doc->n_tables == 1 && !strcmp(doc->tables[0].title, "支出总表"));
    CHECK(h->document_drop_tables(doc, 1, 1) == BK_ERR_VALUE && h->document_drop_tables(doc, 0, 1) == BK_OK);
    CHECK(doc->n_tables == 0);
    bk_document_free(doc);
}

int main(void)
{
    if (sizeof(void *) != 8 || sizeof(size_t) != 8 || sizeof(long) != 8) {
        fprintf(stderr, "skip: the layout is pinned for LP64 only\n");
        return 77;
    }

    SIZE(bk_amount, 16);
    OFF(bk_amount, units, 0);
    OFF(bk_amount, scale, 8);

    SIZE(bk_pos, 40);
    OFF(bk_pos, page, 8);
    OFF(bk_pos, box, 12);
    OFF(bk_pos, sheet, 32);
    OFF(bk_pos, line, 0);
    OFF(bk_pos, column, 4);

    SIZE(bk_cell, 32);
    OFF(bk_cell, kind, 0);
    OFF(bk_cell, amount, 8);
    OFF(bk_cell, text, 24);

    SIZE(bk_column, 24);
    OFF(bk_column, key, 0);
    OFF(bk_column, label, 8);
    OFF(bk_column, type, 16);

    SIZE(bk_row, 96);
    OFF(bk_row, cell_pos, 88);
    OFF(bk_row, key, 0);
    OFF(bk_row, code, 8);
    OFF(bk_row, name, 16);
    OFF(bk_row, level, 24);
    OFF(bk_row, parent, 28);
    OFF(bk_row, role, 32);
    OFF(bk_row, flags, 36);
    OFF(bk_row, cells, 40);
    OFF(bk_row, pos, 48);

    SIZE(bk_panel, 80);
    OFF(bk_panel, key, 0);
    OFF(bk_panel, label, 8);
    OFF(bk_panel, code_label, 16);
    OFF(bk_panel, name_label, 24);
    OFF(bk_panel, n_columns, 32);
    OFF(bk_panel, columns, 40);
    OFF(bk_panel, n_rows, 48);
    OFF(bk_panel, rows, 56);
    OFF(bk_panel, cap_columns, 64);
    OFF(bk_panel, cap_rows, 72);

    SIZE(bk_table, 128);
    OFF(bk_table, kind, 0);
    OFF(bk_table, title, 8);
    OFF(bk_table, number_label, 16);
    OFF(bk_table, department, 24);
    OFF(bk_table, unit, 32);
    OFF(bk_table, unit_label, 40);
    OFF(bk_table, scale, 48);
    OFF(bk_table, note, 56);
    OFF(bk_table, n_panels, 64);
    OFF(bk_table, panels, 72);
    OFF(bk_table, pos, 80);
    OFF(bk_table, cap_panels, 120);

    SIZE(bk_budget_unit, 24);
    OFF(bk_budget_unit, code, 0);
    OFF(bk_budget_unit, name, 8);
    OFF(bk_budget_unit, type, 16);

    SIZE(bk_field, 24);
    OFF(bk_field, key, 0);
    OFF(bk_field, label, 8);
    OFF(bk_field, value, 16);

    SIZE(bk_perf_amount, 56);
    OFF(bk_perf_amount, group, 0);
    OFF(bk_perf_amount, key, 8);
    OFF(bk_perf_amount, label, 16);
    OFF(bk_perf_amount, value, 24);

    SIZE(bk_indicator, 128);
    OFF(bk_indicator, period, 0);
    OFF(bk_indicator, level1, 8);
    OFF(bk_indicator, level2, 16);
    OFF(bk_indicator, level3, 24);
    OFF(bk_indicator, value_raw, 32);
    OFF(bk_indicator, op, 40);
    OFF(bk_indicator, number, 48);
    OFF(bk_indicator, unit, 80);
    OFF(bk_indicator, pos, 88);

    SIZE(bk_perf_target, 168);
    OFF(bk_perf_target, kind, 0);
    OFF(bk_perf_target, title, 8);
    OFF(bk_perf_target, period_label, 16);
    OFF(bk_perf_target, unit, 24);
    OFF(bk_perf_target, n_fields, 32);
    OFF(bk_perf_target, fields, 40);
    OFF(bk_perf_target, n_amounts, 48);
    OFF(bk_perf_target, amounts, 56);
    OFF(bk_perf_target, n_tasks, 64);
    OFF(bk_perf_target, tasks, 72);
    OFF(bk_perf_target, n_indicators, 80);
    OFF(bk_perf_target, indicators, 88);
    OFF(bk_perf_target, pos, 96);
    OFF(bk_perf_target, cap_fields, 136);
    OFF(bk_perf_target, cap_amounts, 144);
    OFF(bk_perf_target, cap_tasks, 152);
    OFF(bk_perf_target, cap_indicators, 160);

    SIZE(bk_section, 64);
    OFF(bk_section, heading, 0);
    OFF(bk_section, level, 8);
    OFF(bk_section, text, 16);
    OFF(bk_section, pos, 24);

    SIZE(bk_document, 176);
    OFF(bk_document, fiscal_year, 0);
    OFF(bk_document, kind, 4);
    OFF(bk_document, title, 8);
    OFF(bk_document, region, 16);
    OFF(bk_document, level, 24);
    OFF(bk_document, department_code, 32);
    OFF(bk_document, department_name, 40);
    OFF(bk_document, n_units, 48);
    OFF(bk_document, units, 56);
    OFF(bk_document, n_tables, 64);
    OFF(bk_document, tables, 72);
    OFF(bk_document, n_perf_targets, 80);
    OFF(bk_document, perf_targets, 88);
    OFF(bk_document, n_sections, 96);
    OFF(bk_document, sections, 104);
    OFF(bk_document, cap_units, 112);
    OFF(bk_document, cap_tables, 120);
    OFF(bk_document, cap_perf_targets, 128);
    OFF(bk_document, cap_sections, 136);
    OFF(bk_document, arena, 144);
    OFF(bk_document, disclosure, 152);
    OFF(bk_document, para_pos, 160);
    OFF(bk_document, cap_para_pos, 168);

    SIZE(bk_para_pos, 16);
    OFF(bk_para_pos, n, 0);
    OFF(bk_para_pos, pos, 8);

    SIZE(bk_grid_cell, 56);
    OFF(bk_grid_cell, text, 0);
    OFF(bk_grid_cell, len, 8);
    OFF(bk_grid_cell, flags, 12);
    OFF(bk_grid_cell, src, 16);

    SIZE(bk_grid_row, 56);
    OFF(bk_grid_row, cells, 0);
    OFF(bk_grid_row, n_cells, 8);
    OFF(bk_grid_row, cap_cells, 12);
    OFF(bk_grid_row, src, 16);

    SIZE(bk_grid_merge, 16);
    OFF(bk_grid_merge, first_row, 0);
    OFF(bk_grid_merge, first_col, 4);
    OFF(bk_grid_merge, last_row, 8);
    OFF(bk_grid_merge, last_col, 12);

    SIZE(bk_grid, 64);
    OFF(bk_grid, name, 0);
    OFF(bk_grid, rows, 8);
    OFF(bk_grid, n_rows, 16);
    OFF(bk_grid, n_cols, 20);
    OFF(bk_grid, merges, 24);
    OFF(bk_grid, n_merges, 32);
    OFF(bk_grid, cap_rows, 40);
    OFF(bk_grid, cap_merges, 48);
    OFF(bk_grid, arena, 56);

    SIZE(bk_error, 1004);
    OFF(bk_error, code, 0);
    OFF(bk_error, file, 4);
    OFF(bk_error, line, 260);
    OFF(bk_error, column, 264);
    OFF(bk_error, context, 268);
    OFF(bk_error, plugin, 460);
    OFF(bk_error, message, 492);

    SIZE(bk_diag, 32);
    OFF(bk_diag, severity, 0);
    OFF(bk_diag, line, 4);
    OFF(bk_diag, column, 8);
    OFF(bk_diag, context, 16);
    OFF(bk_diag, message, 24);

    SIZE(bk_diags, 48);
    OFF(bk_diags, items, 0);
    OFF(bk_diags, count, 8);
    OFF(bk_diags, cap, 16);
    OFF(bk_diags, limit, 24);
    OFF(bk_diags, dropped, 32);
    OFF(bk_diags, file, 40);

    SIZE(bk_option_spec, 40);
    OFF(bk_option_spec, name, 0);
    OFF(bk_option_spec, type, 8);
    OFF(bk_option_spec, direction, 12);
    OFF(bk_option_spec, default_value, 16);
    OFF(bk_option_spec, choices, 24);
    OFF(bk_option_spec, help, 32);

    SIZE(bk_limits, 96);
    OFF(bk_limits, xslt_memory, 88);
    OFF(bk_limits, input_bytes, 0);
    OFF(bk_limits, rows, 8);
    OFF(bk_limits, columns, 16);
    OFF(bk_limits, cells, 24);
    OFF(bk_limits, string_bytes, 32);
    OFF(bk_limits, zip_entry_bytes, 40);
    OFF(bk_limits, zip_ratio, 48);
    OFF(bk_limits, xml_depth, 56);
    OFF(bk_limits, tables, 64);
    OFF(bk_limits, inflated_bytes, 72);
    OFF(bk_limits, pages, 80);

    SIZE(bk_source, 128);
    OFF(bk_source, tables, 104);
    OFF(bk_source, tables_ready, 112);
    OFF(bk_source, tables_ctx, 120);
    OFF(bk_source, path, 0);
    OFF(bk_source, display_name, 8);
    OFF(bk_source, fp, 16);
    OFF(bk_source, head, 24);
    OFF(bk_source, head_len, 32);
    OFF(bk_source, size, 40);
    OFF(bk_source, limits, 48);
    OFF(bk_source, diags, 56);
    OFF(bk_source, progress, 64);
    OFF(bk_source, progress_ctx, 72);
    OFF(bk_source, interrupted, 80);
    OFF(bk_source, range_begin, 88);
    OFF(bk_source, range_end, 96);

    SIZE(bk_sink, 72);
    OFF(bk_sink, findings, 56);
    OFF(bk_sink, limits, 64);
    OFF(bk_sink, path, 0);
    OFF(bk_sink, display_name, 8);
    OFF(bk_sink, fp, 16);
    OFF(bk_sink, diags, 24);
    OFF(bk_sink, progress, 32);
    OFF(bk_sink, progress_ctx, 40);
    OFF(bk_sink, interrupted, 48);

    SIZE(bk_record, 32);
    OFF(bk_record, n_fields, 0);
    OFF(bk_record, fields, 8);
    OFF(bk_record, lens, 16);
    OFF(bk_record, line, 24);

    SIZE(bk_record_sink, 24);
    OFF(bk_record_sink, ctx, 0);
    OFF(bk_record_sink, sheet, 8);
    OFF(bk_record_sink, record, 16);

    SIZE(bk_batch_item, 24);
    OFF(bk_batch_item, doc, 0);
    OFF(bk_batch_item, source, 8);
    OFF(bk_batch_item, findings, 16);

    SIZE(bk_plugin, 104);
    OFF(bk_plugin, write_tables, 96);
    OFF(bk_plugin, abi_major, 0);
    OFF(bk_plugin, abi_minor, 4);
    OFF(bk_plugin, struct_size, 8);
    OFF(bk_plugin, name, 16);
    OFF(bk_plugin, description, 24);
    OFF(bk_plugin, extensions, 32);
    OFF(bk_plugin, caps, 40);
    OFF(bk_plugin, options, 48);
    OFF(bk_plugin, probe, 56);
    OFF(bk_plugin, read, 64);
    OFF(bk_plugin, write, 72);
    OFF(bk_plugin, read_records, 80);
    OFF(bk_plugin, write_many, 88);

    SIZE(bk_host, 584);
    OFF(bk_host, row_cell_pos, 336);
    OFF(bk_host, pos_describe, 344);
    OFF(bk_host, layout_table_cell, 352);
    OFF(bk_host, layout_perf_amount_cell, 360);
    /* ABI 2.1: the model setters */
    OFF(bk_host, cell_set_amount, 368);
    OFF(bk_host, cell_set_blank, 376);
    OFF(bk_host, row_set_key, 384);
    OFF(bk_host, row_set_level, 392);
    OFF(bk_host, row_set_parent, 400);
    OFF(bk_host, row_set_role, 408);
    OFF(bk_host, row_set_flags, 416);
    OFF(bk_host, panel_set_code_label, 424);
    OFF(bk_host, panel_set_name_label, 432);
    OFF(bk_host, table_set_number_label, 440);
    OFF(bk_host, table_set_department, 448);
    OFF(bk_host, table_set_unit, 456);
    OFF(bk_host, table_set_unit_label, 464);
    OFF(bk_host, table_set_scale, 472);
    OFF(bk_host, table_set_note, 480);
    /* ABI 2.1: paragraph positions */
    OFF(bk_host, section_para_pos, 488);
    /* ABI 2.2: the setters of positions, whole cells, document facts, forms, indicators, texts */
    OFF(bk_host, pos_set, 496);
    OFF(bk_host, cell_set, 504);
    OFF(bk_host, document_set_fiscal_year, 512);
    OFF(bk_host, document_set_kind, 520);
    OFF(bk_host, document_set_fact, 528);
    OFF(bk_host, perf_set_period_label, 536);
    OFF(bk_host, perf_set_unit, 544);
    OFF(bk_host, indicator_set_value, 552);
    OFF(bk_host, section_set_text, 560);
    OFF(bk_host, field_set_value, 568);
    OFF(bk_host, document_drop_tables, 576);
    /* ABI 2.2: the minor that added them (a 2.1 plugin still loads: tests/core registry) */
    if (BK_ABI_MINOR < 2) {
        fprintf(stderr, "BK_ABI_MINOR %d: the 2.2 host setters need minor >= 2\n", BK_ABI_MINOR);
        check_failures++;
    }
    /* ABI 2.2: the fact numbers are ABI (plugins pass them) */
    if (BK_FACT_TITLE != 1 || BK_FACT_REGION != 2 || BK_FACT_LEVEL != 3 || BK_FACT_DEPARTMENT_CODE != 4 ||
        BK_FACT_DEPARTMENT_NAME != 5 || BK_FACT_DISCLOSURE != 6) {
        fprintf(stderr, "bk_doc_fact values renumbered\n");
        check_failures++;
    }
    check_minor_21_loads();
    check_setters_22();

    return check_failures ? 1 : 0;
}
