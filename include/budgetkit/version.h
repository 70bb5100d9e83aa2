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
#define BK_VERSION "0.1.0"

/** Plugin ABI major: a plugin built for another major is refused.
 *  2: bk_pos grew page, box and sheet (the size of every model struct that holds one changed). */
#define BK_ABI_MAJOR 2
/** Plugin ABI minor: bumped when host/plugin structs gain fields at the end.
 *  A plugin built for a minor <= ours loads; a newer minor is refused. */
#define BK_ABI_MINOR 1

#endif
