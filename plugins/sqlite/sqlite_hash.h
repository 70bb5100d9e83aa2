/* SPDX-License-Identifier: MIT */
/**
 * @file sqlite_hash.h
 * @brief The content hash that tells one document from another in a database.
 *
 * A 64-bit FNV-1a over every field canonical JSON holds, in its order (strings
 * with their length, absent distinct from empty, amounts as units and scale):
 * two documents with the same canonical JSON have the same hash. It finds
 * the same document given twice; it is not a cryptographic digest (see docs/sqlite.md).
 */
#ifndef BK_SQLITE_HASH_H
#define BK_SQLITE_HASH_H
#include <budgetkit/plugin.h>

/** Hex digest of @p doc (16 hex digits and a NUL) into @p out. */
void sqlh_document(const bk_document *doc, char out[17]);
#endif
