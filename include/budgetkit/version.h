/* SPDX-License-Identifier: MIT */
/**
 * @file version.h
 * @brief Release version of libbudgetkit and the plugin ABI version.
 *
 * The two are independent: the release version moves with every release,
 * the ABI version only when the plugin contract (plugin.h) changes.
 */
#ifndef BUDGETKIT_VERSION_H
#define BUDGETKIT_VERSION_H

#define BK_VERSION_MAJOR 0
#define BK_VERSION_MINOR 1
#define BK_VERSION_PATCH 0
#define BK_VERSION       "0.1.0"

/** Plugin ABI major: a plugin built for another major is refused.
 *  2: bk_pos grew page, box and sheet (the size of every model struct that holds one changed). */
#define BK_ABI_MAJOR 2
/** Plugin ABI minor: bumped when host/plugin structs gain fields at the end.
 *  A plugin built for a minor <= ours loads; a newer minor is refused.
 *  1: the host's model setters (cell_set_amount …).
 *     bk_host.section_para_pos (paragraph positions, bk_document.para_pos).
 *     bk_sink.limits (the limits a writer applies, e.g. limit.xslt_memory).
 *  2: the host's setters for positions, cells from a struct, document facts, forms, indicators,
 *     section texts and field values (pos_set … field_set_value);
 *     bk_host.document_drop_tables. */
#define BK_ABI_MINOR 2

#endif
