/* store/db_sqlite.c - the embedded backend: one SQLite file in WAL mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/db.h"

#define STMT_CACHE 48

typedef struct sqlite_db {
    dy_db base;
    sqlite3 *handle;
    /* Prepared statements, keyed by their SQL text: the store runs the same
     * few statements for every event, and preparing costs more than running. */
    struct {
        char *sql;
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE];
    int ncache;
} sqlite_db;

static int fail(sqlite_db *s, const char *what)
{
    snprintf(s->base.err, sizeof s->base.err, "%s: %s", what, sqlite3_errmsg(s->handle));
    return -1;
}

static int sqlite_exec(dy_db *db, const char *sql)
{
    sqlite_db *s = (sqlite_db *)db;
    char *msg = NULL;
    if (sqlite3_exec(s->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "sqlite: %s", msg ? msg : sqlite3_errmsg(s->handle));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *prepared(sqlite_db *s, const char *sql)
{
    for (int i = 0; i < s->ncache; i++)
        if (!strcmp(s->cache[i].sql, sql))
            return s->cache[i].stmt;
    sqlite3_stmt *st = NULL;
    int cacheable = s->ncache < STMT_CACHE;
    unsigned flags = cacheable ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(s->handle, sql, -1, flags, &st, NULL) != SQLITE_OK)
        return NULL;
    if (cacheable) {
        char *copy = strdup(sql);
        if (copy) {
            s->cache[s->ncache].sql = copy;
            s->cache[s->ncache].stmt = st;
            s->ncache++;
        } else {
            cacheable = 0;
        }
    }
    (void)cacheable;
    return st;
}

static int is_cached(const sqlite_db *s, const sqlite3_stmt *st)
{
    for (int i = 0; i < s->ncache; i++)
        if (s->cache[i].stmt == st)
            return 1;
    return 0;
}

/* $1..$n are named parameters to SQLite; bind each by its name so that the
 * order in which they appear in the text does not matter. */
static int bind_params(sqlite_db *s, sqlite3_stmt *st, int n, const char *const *params)
{
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", i + 1);
        int idx = sqlite3_bind_parameter_index(st, name);
        if (idx == 0)
            continue;
        int rc = params[i] ? sqlite3_bind_text(st, idx, params[i], -1, SQLITE_TRANSIENT)
                           : sqlite3_bind_null(st, idx);
        if (rc != SQLITE_OK)
            return fail(s, "sqlite bind");
    }
    return 0;
}

static int sqlite_query(dy_db *db, const char *sql, int nparams, const char *const *params,
                        dy_db_row_fn fn, void *user)
{
    sqlite_db *s = (sqlite_db *)db;
    sqlite3_stmt *st = prepared(s, sql);
    if (!st)
        return fail(s, "sqlite prepare");
    int status = bind_params(s, st, nparams, params);
    enum { MAXCOLS = 64 };
    const char *vals[MAXCOLS];
    int rc = SQLITE_DONE;
    while (status == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        if (n > MAXCOLS)
            n = MAXCOLS;
        for (int i = 0; i < n; i++)
            vals[i] = (const char *)sqlite3_column_text(st, i);
        if (fn && fn(n, vals, user))
            break;
    }
    if (status == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fail(s, "sqlite");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!is_cached(s, st))
        sqlite3_finalize(st);
    return status;
}

static void sqlite_close(dy_db *db)
{
    sqlite_db *s = (sqlite_db *)db;
    for (int i = 0; i < s->ncache; i++) {
        sqlite3_finalize(s->cache[i].stmt);
        free(s->cache[i].sql);
    }
    sqlite3_close(s->handle);
    free(s);
}

static const dy_db_ops sqlite_ops = {sqlite_exec, sqlite_query, sqlite_close};

dy_db *dy_db_open_sqlite(const char *path, int readonly, char *err, size_t errlen)
{
    sqlite_db *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &sqlite_ops;
    s->base.kind = DY_DB_SQLITE;
    s->base.readonly = readonly;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->handle, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path,
                 s->handle ? sqlite3_errmsg(s->handle) : "cannot open database");
        sqlite3_close(s->handle);
        free(s);
        return NULL;
    }
    /* Another writer holds the lock: wait for it rather than fail at once. */
    sqlite3_busy_timeout(s->handle, 30000);
    sqlite3_extended_result_codes(s->handle, 1);
    const char *setup = readonly ? "PRAGMA foreign_keys=ON;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                   "PRAGMA foreign_keys=ON;";
    if (sqlite_exec(&s->base, setup)) {
        snprintf(err, errlen, "%s: %s", path, s->base.err);
        sqlite_close(&s->base);
        return NULL;
    }
    return &s->base;
}
