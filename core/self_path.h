/* SPDX-License-Identifier: MIT */
/* Where libbudgetkit itself is, so that a program anywhere finds the plugins and
 * data installed beside the library (internal to the core). */
#ifndef BK_SELF_PATH_H
#define BK_SELF_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Directory of the loaded libbudgetkit.so, resolved (no trailing slash), into @p buf.
 * False when it is not known (a static link) or does not fit. */
bool bk_self_dir(char *buf, size_t cap);

/* Into @p buf, the directory @p rel (relative to the library's directory) names:
 * "<library dir>/<rel>". False when the library's directory is unknown or it does not fit. */
bool bk_self_path(const char *rel, char *buf, size_t cap);

/* The library's plugin directory relative to its own directory ("budgetkit/plugins"),
 * and its data directory ("../share/budgetkit"), as installed; set by core/CMakeLists.txt. */
#ifndef BK_LIB_TO_PLUGINS
#define BK_LIB_TO_PLUGINS "budgetkit/plugins"
#endif
#ifndef BK_LIB_TO_DATA
#define BK_LIB_TO_DATA "../share/budgetkit"
#endif
/* The same places in the build tree, where the library is lib/ and the plugins bin/plugins/. */
#define BK_LIB_TO_BUILD_PLUGINS "../bin/plugins"

#endif
