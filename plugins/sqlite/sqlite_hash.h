/* SPDX-License-Identifier: MIT */
/**
 * @file sqlite_hash.h
 * @brief The content hash that tells one document from another in a database.
 *
 * A 64-bit hash over every field canonical JSON holds, in its order (strings
 * with their length, absent distinct from empty, amounts as units and scale):
 * two documents with the same canonical JSON have the same hash. It finds
 * the same document given twice; it is not a cryptographic digest (see docs/sqlite.md).
 *
 * Schema 3 databases mix 64-bit words (MurmurHash64A's block step and finalizer:
 * integers as values, strings as little-endian words), about eight times less CPU
 * than the byte-serial FNV-1a 64 that schema 1 and 2 databases were written with;
 * a database keeps the function it was made with, so that --append still finds
 * its copies.
 */
#ifndef BK_SQLITE_HASH_H
#define BK_SQLITE_HASH_H
#include <budgetkit/plugin.h>

/** The first schema version whose hashes are the word mix (earlier ones: FNV-1a). */
#define SQLH_MIX_SCHEMA 3

/** Hex digest of @p doc (16 hex digits and a NUL) into @p out, by the function of a
 *  database of schema version @p schema_version. */
void sqlh_document(const bk_document *doc, int schema_version, char out[17]);
#endif
