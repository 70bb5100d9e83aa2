/* SPDX-License-Identifier: MIT */
/**
 * @file sqlite_schema.h
 * @brief The database schema of the sqlite plugin (docs/sqlite.md) and safe opening.
 */
#ifndef BK_SQLITE_SCHEMA_H
#define BK_SQLITE_SCHEMA_H
#include <budgetkit/plugin.h>
#include <sqlite3.h>

/** PRAGMA application_id of a budgetkit database: "BKDB". */
#define SQLS_APPLICATION_ID 0x424B4442
/** PRAGMA user_version: the schema version this plugin writes (2: the positions table;
 *  3: the same tables, content hashes by the word mix of sqlite_hash.h). */
#define SQLS_SCHEMA_VERSION 3
/** The oldest schema version this plugin reads (1: no positions); --append upgrades it. */
#define SQLS_SCHEMA_VERSION_MIN 1

/**
 * Open @p path (read-only when @p write is 0), defensively: no extension loading,
 * SQLITE_DBCONFIG_DEFENSIVE, untrusted schema, lengths bounded by @p lim.
 */
int sqls_open(const bk_host *h, const char *path, int write, const bk_limits *lim, sqlite3 **db, bk_error *err);
/** Create the schema in an empty database, or check that an existing one is ours and of a version
 *  we read (a version 1 database gains the positions table and becomes version 2); *version gets
 *  the database's version, which chooses its content hash. */
int sqls_prepare_schema(const bk_host *h, sqlite3 *db, int *version, bk_error *err);
/** Create the indexes the schema lacks (IF NOT EXISTS): a new database gets them
 *  after its first load, an existing one already has them. */
int sqls_create_indexes(const bk_host *h, sqlite3 *db, bk_error *err);
/** Check that @p db is a budgetkit database of a schema version we read; *version gets it (may be NULL). */
int sqls_check_schema(const bk_host *h, sqlite3 *db, int *version, bk_error *err);
/** Turn the last SQLite error of @p db into a budgetkit error. */
int sqls_error(const bk_host *h, sqlite3 *db, int code, const char *what, bk_error *err);
#endif
