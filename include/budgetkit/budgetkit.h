/* SPDX-License-Identifier: MIT */
/**
 * @file budgetkit.h
 * @brief Umbrella header of libbudgetkit.
 */
#ifndef BUDGETKIT_H
#define BUDGETKIT_H

#include <budgetkit/export.h>

#include <budgetkit/version.h>
#include <budgetkit/error.h>
#include <budgetkit/amount.h>
#include <budgetkit/model.h>
#include <budgetkit/definitions.h>
#include <budgetkit/options.h>
#include <budgetkit/limits.h>
#include <budgetkit/grid.h>
#include <budgetkit/recognize.h>
#include <budgetkit/plugin.h>
#include <budgetkit/registry.h>
#include <budgetkit/io.h>
#include <budgetkit/text.h>
#include <budgetkit/validate.h>
#include <budgetkit/crossdoc.h>
#include <budgetkit/compile.h>

/** Release version string of the library ("0.1.0"). */
BK_API const char *bk_version(void);

#endif
