/* store/db_sqlite.c - the embedded backend: one SQLite file in WAL mode. */
#include <errno.h>
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

/* SQLite says "disk I/O error" for a full disk and a file-size limit
 * alike; the system's errno tells the user which. */
static int fail(sqlite_db *s, const char *what)
{
    int sys = sqlite3_system_errno(s->handle);
    snprintf(s->base.err, sizeof s->base.err, "%s: %s%s%s%s", what, sqlite3_errmsg(s->handle),
             sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
    return -1;
}

static int sqlite_exec(dy_db *db, const char *sql)
{
    sqlite_db *s = (sqlite_db *)db;
    char *msg = NULL;
    if (sqlite3_exec(s->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        return fail(s, "sqlite");
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
        return fail(s, "sqlite");
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

/* "file:" URI for path with immutable=1: percent-escapes what a URI would
 * misread. */
static int immutable_uri(const char *path, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "file:");
    for (const char *p = path; *p; p++) {
        if (n + 4 >= cap)
            return -1;
        if (*p == '%' || *p == '?' || *p == '#')
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", (unsigned char)*p);
        else
            out[n++] = *p;
    }
    return snprintf(out + n, cap - n, "?immutable=1") < (int)(cap - n) ? 0 : -1;
}

static sqlite3 *open_handle(const char *name, int flags)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(name, &h, flags, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

/* A WAL database needs its -shm file even to be read. When the directory is
 * not writable and the file is not open for writing anywhere (a shared,
 * read-only copy), SQLite cannot create it; such a file cannot change
 * under us, so it is read as immutable. */
static sqlite3 *open_readonly(const char *path)
{
    sqlite3 *h = open_handle(path, SQLITE_OPEN_READONLY);
    if (h && sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
        return h;
    int code = h ? sqlite3_errcode(h) & 0xff : SQLITE_CANTOPEN;
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY)
        return h; /* a real error: report it */
    char uri[4200];
    if (immutable_uri(path, uri, sizeof uri))
        return h;
    sqlite3 *imm = open_handle(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    if (!imm)
        return h;
    sqlite3_close(h);
    return imm;
}

/* Switching a new database to WAL takes an exclusive lock, and SQLite
 * answers "database is locked" at once, without its busy handler, when
 * another process opens the same new file at that moment (two ingests
 * started together). Wait and retry, as the busy timeout would. */
static int setup_with_retry(sqlite_db *s, const char *setup)
{
    for (int waited_ms = 0;; waited_ms += 20) {
        if (sqlite_exec(&s->base, setup) == 0)
            return 0;
        if ((sqlite3_errcode(s->handle) & 0xff) != SQLITE_BUSY || waited_ms >= 30000)
            return -1;
        sqlite3_sleep(20);
    }
}

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
    s->handle = readonly ? open_readonly(path)
                         : open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!s->handle) {
        snprintf(err, errlen, "%s: cannot open the database (%s)", path,
                 readonly ? "missing or unreadable" : "check the path and permissions");
        free(s);
        return NULL;
    }
    /* Another writer holds the lock: wait for it rather than fail at once. */
    sqlite3_busy_timeout(s->handle, 30000);
    sqlite3_extended_result_codes(s->handle, 1);
    const char *setup = readonly ? "PRAGMA foreign_keys=ON;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                   "PRAGMA foreign_keys=ON;";
    if (setup_with_retry(s, setup)) {
        snprintf(err, errlen, "%s: %s", path, s->base.err);
        sqlite_close(&s->base);
        return NULL;
    }
    return &s->base;
}
