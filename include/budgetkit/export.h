/* SPDX-License-Identifier: MIT */
/**
 * @file export.h
 * @brief BK_API: the mark of a public declaration.
 *
 * libbudgetkit is built with hidden visibility (-fvisibility=hidden): only a
 * function whose declaration carries BK_API is exported from libbudgetkit.so.
 * The rule for every public header (checked by tests/library/exports.sh):
 *  - every file-scope function declaration in a header of include/budgetkit/
 *    begins with BK_API (`tools/bk_api.py fix HEADER` adds what is missing);
 *  - the library exports exactly those names (`nm -D --defined-only`);
 *  - a change to a public struct (model.h, plugin.h, ...) updates the layout
 *    test tests/library/test_abi_layout.c and follows docs/library.md, "ABI".
 * Internal functions of the core are declared in core/ headers, never here.
 */
#ifndef BUDGETKIT_EXPORT_H
#define BUDGETKIT_EXPORT_H

#if defined(_WIN32)
#define BK_API
#elif defined(__GNUC__) || defined(__clang__)
#define BK_API __attribute__((visibility("default")))
#else
#define BK_API
#endif

#endif
