/* SPDX-License-Identifier: MIT */
/**
 * @file text.h
 * @brief UTF-8 checks shared by every reader and writer.
 */
#ifndef BUDGETKIT_TEXT_H
#define BUDGETKIT_TEXT_H

#include <budgetkit/export.h>

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Offset of the first byte that is not part of valid UTF-8 (overlongs,
 * surrogates and code points above U+10FFFF are invalid), or @p len if the
 * whole buffer is valid.
 */
BK_API size_t bk_utf8_check(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
