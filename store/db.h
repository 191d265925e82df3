/* store/db.h - the small SQL interface both store backends implement.
 *
 * The store writes its SQL once, with PostgreSQL-style numbered parameters
 * ($1, $2, ...), and runs it on SQLite or PostgreSQL through this table of
 * functions. Parameters and result values travel as text (NULL for SQL
 * NULL): both engines convert to the column types, and the store parses
 * numbers where it needs them. */
#ifndef DY_DB_H
#define DY_DB_H
#include <stddef.h>

typedef enum dy_db_kind { DY_DB_SQLITE, DY_DB_POSTGRES } dy_db_kind;

/* Receives one result row; return nonzero to stop the query early. */
typedef int (*dy_db_row_fn)(int ncols, const char *const *values, void *user);

typedef struct dy_db dy_db;

typedef struct dy_db_ops {
    /* Runs one or more statements without parameters or results. */
    int (*exec)(dy_db *db, const char *sql);
    /* Runs one statement with nparams text parameters; rows go to fn (may be NULL). */
    int (*query)(dy_db *db, const char *sql, int nparams, const char *const *params,
                 dy_db_row_fn fn, void *user);
    void (*close)(dy_db *db);
} dy_db_ops;

struct dy_db {
    const dy_db_ops *ops;
    dy_db_kind kind;
    int readonly;
    char err[512]; /* the last error, set by every failing call */
};

/* Opens "postgresql://..." / "postgres://..." with libpq, anything else as a
 * SQLite file (created when missing unless readonly). NULL with a message in
 * err on failure. */
dy_db *dy_db_open(const char *uri, int readonly, char *err, size_t errlen);
dy_db *dy_db_open_sqlite(const char *path, int readonly, char *err, size_t errlen);
dy_db *dy_db_open_postgres(const char *conninfo, int readonly, char *err, size_t errlen);

static inline int dy_db_exec(dy_db *db, const char *sql) { return db->ops->exec(db, sql); }
static inline int dy_db_query(dy_db *db, const char *sql, int nparams, const char *const *params,
                              dy_db_row_fn fn, void *user)
{
    return db->ops->query(db, sql, nparams, params, fn, user);
}
static inline void dy_db_close(dy_db *db)
{
    if (db)
        db->ops->close(db);
}

/* Checks the database's own structure (SQLite: PRAGMA quick_check; a
 * PostgreSQL server checks its pages itself): 0 when sound, 1 when damaged,
 * with what was found (or the error that stopped the check) in out. */
int dy_db_check(dy_db *db, char *out, size_t cap);

/* Copies the first column of the first row into out (empty when no row). */
int dy_db_query_text(dy_db *db, const char *sql, int nparams, const char *const *params,
                     char *out, size_t cap);

#endif
