/* SPDX-License-Identifier: MIT */
/* The schema (docs/sqlite.md is its documentation) and opening a database safely. */
#include "sqlite_schema.h"
#include <string.h>

/* Where each thing was printed (schema 2): a PDF's page and box (1/100 pt, top-left origin) or a
 * workbook's sheet, row and column. The thing is named by its object kind and its place as seq
 * numbers a, b, c, d (docs/sqlite.md): table (table), row (table, panel, row), cell (table, panel,
 * row, column), form (form), indicator (form, indicator), section (section), paragraph (section,
 * paragraph). */
#define POSITIONS                                                                                                      \
    "CREATE TABLE positions(document_id INTEGER NOT NULL, object TEXT NOT NULL, a INTEGER NOT NULL,"                   \
    " b INTEGER NOT NULL, c INTEGER NOT NULL, d INTEGER NOT NULL, page INTEGER, x0 INTEGER, y0 INTEGER,"               \
    " x1 INTEGER, y1 INTEGER, sheet TEXT, row INTEGER, col INTEGER,"                                                   \
    " PRIMARY KEY(document_id, object, a, b, c, d)) WITHOUT ROWID;\n"

/* One statement per line group; executed in one sqlite3_exec. */
static const char SCHEMA[] =
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, source TEXT,"
    " fiscal_year INTEGER, kind TEXT NOT NULL, title TEXT, region TEXT, level TEXT,"
    " department_code TEXT, department_name TEXT, disclosure TEXT);\n"
    "CREATE TABLE units(document_id INTEGER NOT NULL, seq INTEGER NOT NULL, code TEXT, name TEXT, type TEXT,"
    " PRIMARY KEY(document_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE tables(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL, title TEXT, number_label TEXT, department TEXT, unit TEXT NOT NULL, unit_label TEXT,"
    " scale INTEGER NOT NULL, note TEXT);\n"
    "CREATE TABLE panels(id INTEGER PRIMARY KEY, table_id INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT,"
    " label TEXT, code_label TEXT, name_label TEXT);\n"
    "CREATE TABLE columns(panel_id INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT, label TEXT,"
    " type TEXT NOT NULL, PRIMARY KEY(panel_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE rows(id INTEGER PRIMARY KEY, panel_id INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT,"
    " code TEXT, name TEXT, level INTEGER NOT NULL, parent INTEGER NOT NULL, role TEXT NOT NULL,"
    " flags INTEGER NOT NULL, line INTEGER);\n"
    "CREATE TABLE cells(row_id INTEGER NOT NULL, col INTEGER NOT NULL, units INTEGER, scale INTEGER,"
    " text TEXT NOT NULL, PRIMARY KEY(row_id, col)) WITHOUT ROWID;\n"
    "CREATE TABLE forms(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL, title TEXT, period_label TEXT, unit TEXT NOT NULL);\n"
    "CREATE TABLE form_fields(form_id INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT, label TEXT, value TEXT,"
    " PRIMARY KEY(form_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE form_amounts(form_id INTEGER NOT NULL, seq INTEGER NOT NULL, grp TEXT, key TEXT, label TEXT,"
    " units INTEGER, scale INTEGER, text TEXT, PRIMARY KEY(form_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE form_tasks(form_id INTEGER NOT NULL, seq INTEGER NOT NULL, label TEXT, value TEXT,"
    " PRIMARY KEY(form_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE indicators(form_id INTEGER NOT NULL, seq INTEGER NOT NULL, period TEXT, level1 TEXT,"
    " level2 TEXT, level3 TEXT, value_raw TEXT, op TEXT, units INTEGER, scale INTEGER, number_text TEXT,"
    " unit TEXT, PRIMARY KEY(form_id, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE sections(document_id INTEGER NOT NULL, seq INTEGER NOT NULL, heading TEXT, level INTEGER NOT NULL,"
    " text TEXT, PRIMARY KEY(document_id, seq)) WITHOUT ROWID;\n" POSITIONS
    "CREATE TABLE findings(document_id INTEGER NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL,"
    " severity TEXT NOT NULL, table_kind TEXT, table_title TEXT, row TEXT, row_code TEXT, column_key TEXT,"
    " expected TEXT, actual TEXT, difference TEXT, message TEXT, line INTEGER, PRIMARY KEY(document_id, seq))"
    " WITHOUT ROWID;\n"
    "CREATE VIEW figures AS SELECT d.id AS document_id, d.department_code, d.department_name AS department,"
    " d.fiscal_year AS year, d.kind AS document_kind, t.seq AS table_seq, t.kind AS table_kind,"
    " t.title AS table_title, t.unit_label AS unit, p.key AS panel, r.seq AS row_seq, r.key AS row_key,"
    " r.code, r.name, r.level, r.role, k.key AS column_key, k.label AS column_label, c.text AS value,"
    " CAST(c.text AS REAL) AS value_number, c.units, c.scale"
    " FROM cells c JOIN rows r ON r.id = c.row_id JOIN panels p ON p.id = r.panel_id"
    " JOIN tables t ON t.id = p.table_id JOIN documents d ON d.id = t.document_id"
    " JOIN columns k ON k.panel_id = p.id AND k.seq = c.col WHERE c.units IS NOT NULL;\n";

/* The indexes: built after the first load into a new database (one sort beats
 * updating them row by row), kept up to date on --append. */
static const char INDEXES[] =
    "CREATE INDEX IF NOT EXISTS documents_department ON documents(department_name, fiscal_year);\n"
    "CREATE INDEX IF NOT EXISTS documents_department_code ON documents(department_code, fiscal_year);\n"
    "CREATE INDEX IF NOT EXISTS tables_document ON tables(document_id, seq);\n"
    "CREATE INDEX IF NOT EXISTS panels_table ON panels(table_id, seq);\n"
    "CREATE INDEX IF NOT EXISTS rows_panel ON rows(panel_id, seq);\n"
    "CREATE INDEX IF NOT EXISTS rows_code ON rows(code) WHERE code IS NOT NULL;\n"
    "CREATE INDEX IF NOT EXISTS forms_document ON forms(document_id, seq);\n";

/* Objects the schema must hold, with their type: a database given as input that has
 * a view where we expect a table (or lacks one) is refused before any query runs. */
static const char *const OBJECTS[][2] = {
    {"documents", "table"},   {"units", "table"},        {"tables", "table"},     {"panels", "table"},
    {"columns", "table"},     {"rows", "table"},         {"cells", "table"},      {"forms", "table"},
    {"form_fields", "table"}, {"form_amounts", "table"}, {"form_tasks", "table"}, {"indicators", "table"},
    {"sections", "table"},    {"findings", "table"},     {"figures", "view"},     {"positions", "table"}};

int sqls_error(const bk_host *h, sqlite3 *db, int code, const char *what, bk_error *err)
{
    int st = code == SQLITE_NOMEM                                                       ? BK_ERR_NOMEM
             : code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_TOOBIG ? BK_ERR_PARSE
                                                                                        : BK_ERR_IO;
    return h->error_set(err, st, 0, 0, NULL, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
}

int sqls_open(const bk_host *h, const char *path, int write, const bk_limits *lim, sqlite3 **db, bk_error *err)
{
    *db = NULL;
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE, NULL);
    if (rc != SQLITE_OK) {
        int st = sqls_error(h, *db, rc, "cannot open the database", err);
        sqlite3_close(*db);
        *db = NULL;
        return st;
    }
    /* a database is code as much as data: no extensions, no schema tricks, no
     * functions with side effects from views or triggers */
    sqlite3_db_config(*db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(*db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(*db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    uint64_t sb = lim ? lim->string_bytes : 1u << 20;
    sqlite3_limit(*db, SQLITE_LIMIT_LENGTH, sb > 1000000000 ? 1000000000 : (int)(sb < 1024 ? 1024 : sb));
    sqlite3_limit(*db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(*db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    return BK_OK;
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

int sqls_check_schema(const bk_host *h, sqlite3 *db, int *version, bk_error *err)
{
    int app = 0, ver = 0;
    int rc = pragma_int(db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK) rc = pragma_int(db, "PRAGMA user_version", &ver);
    if (rc != SQLITE_OK) return sqls_error(h, db, rc, "not a readable SQLite database", err);
    if (app != SQLS_APPLICATION_ID)
        return h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "not a budgetkit database (application_id %d)", app);
    if (ver < SQLS_SCHEMA_VERSION_MIN || ver > SQLS_SCHEMA_VERSION)
        return h->error_set(err, BK_ERR_PARSE, 0, 0, NULL,
                            "budgetkit database schema version %d; this budgetkit reads versions %d to %d", ver,
                            SQLS_SCHEMA_VERSION_MIN, SQLS_SCHEMA_VERSION);
    if (version) *version = ver;
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return sqls_error(h, db, rc, "cannot read the schema", err);
    int bad = -1;
    size_t n_objects = sizeof OBJECTS / sizeof OBJECTS[0] - (ver < 2); /* schema 1 has no positions */
    for (size_t i = 0; i < n_objects && bad < 0; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, OBJECTS[i][0], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), OBJECTS[i][1]))
            bad = (int)i;
    }
    sqlite3_finalize(st);
    if (bad >= 0)
        return h->error_set(err, BK_ERR_PARSE, 0, 0, NULL, "budgetkit database without its %s '%s'", OBJECTS[bad][1],
                            OBJECTS[bad][0]);
    return BK_OK;
}

int sqls_prepare_schema(const bk_host *h, sqlite3 *db, int *version, bk_error *err)
{
    int n = -1;
    *version = SQLS_SCHEMA_VERSION;
    int rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &n);
    if (rc != SQLITE_OK) return sqls_error(h, db, rc, "not a readable SQLite database", err);
    if (n > 0) {
        int ver = 0;
        rc = sqls_check_schema(h, db, &ver, err);
        *version = ver;
        if (rc || ver >= 2) return rc;
        /* --append to a schema 1 database: it gains the positions table (its documents have none);
         * it keeps its hash function, so it becomes version 2, not 3 */
        char upgrade[1024];
        snprintf(upgrade, sizeof upgrade, "%sPRAGMA user_version = 2;", POSITIONS);
        *version = 2;
        char *msg = NULL;
        if (sqlite3_exec(db, upgrade, NULL, NULL, &msg) != SQLITE_OK) {
            int st =
                h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot upgrade the schema to version 2: %s", msg ? msg : "?");
            sqlite3_free(msg);
            return st;
        }
        return BK_OK;
    }
    char *msg = NULL;
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d;", SQLS_APPLICATION_ID,
             SQLS_SCHEMA_VERSION);
    rc = sqlite3_exec(db, SCHEMA, NULL, NULL, &msg);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, pragmas, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int st =
            h->error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot create the schema: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return st;
    }
    return BK_OK;
}

int sqls_create_indexes(const bk_host *h, sqlite3 *db, bk_error *err)
{
    int rc = sqlite3_exec(db, INDEXES, NULL, NULL, NULL);
    return rc == SQLITE_OK ? BK_OK : sqls_error(h, db, rc, "cannot create the indexes", err);
}
