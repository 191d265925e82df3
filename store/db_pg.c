/* store/db_pg.c - the shared, multi-user backend: PostgreSQL through libpq.
 * Results stream row by row (single-row mode), so an export of millions of
 * events never sits in memory at once. libpq (with OpenSSL, Kerberos and
 * LDAP behind it) is opened when a postgresql:// store is first used
 * (util/dl.h), so SQLite users and `dyad code` never load it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db.h"
#include "util/dl.h"

#define PQ_FUNCS(X)                                                                            \
    X(PGconn *, PQconnectdb, (const char *))                                                   \
    X(ConnStatusType, PQstatus, (const PGconn *))                                              \
    X(char *, PQerrorMessage, (const PGconn *))                                                \
    X(void, PQfinish, (PGconn *))                                                              \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *, PQnoticeProcessor, void *))          \
    X(PGresult *, PQexec, (PGconn *, const char *))                                            \
    X(PGresult *, PQprepare, (PGconn *, const char *, const char *, int, const Oid *))         \
    X(int, PQsendQueryPrepared,                                                                \
      (PGconn *, const char *, int, const char *const *, const int *, const int *, int))       \
    X(int, PQsendQueryParams, (PGconn *, const char *, int, const Oid *, const char *const *,  \
                               const int *, const int *, int))                                 \
    X(int, PQsetSingleRowMode, (PGconn *))                                                     \
    X(PGresult *, PQgetResult, (PGconn *))                                                     \
    X(ExecStatusType, PQresultStatus, (const PGresult *))                                      \
    X(char *, PQresultErrorMessage, (const PGresult *))                                        \
    X(int, PQnfields, (const PGresult *))                                                      \
    X(int, PQgetisnull, (const PGresult *, int, int))                                          \
    X(char *, PQgetvalue, (const PGresult *, int, int))                                        \
    X(void, PQclear, (PGresult *))

typedef struct pq_api {
    PQ_FUNCS(DY_DL_FIELD)
} pq_api;

static int load_libpq(pq_api *api, char *err, size_t errlen)
{
    PQ_FUNCS(DY_DL_CHECK)
    static const char *const names[] = {"libpq.so.5", "libpq.so", NULL};
    void *lib = dy_dl_open(names, "PostgreSQL stores", "apt-get install libpq5", err, errlen);
    int ok = lib != NULL;
    PQ_FUNCS(DY_DL_RESOLVE)
    return ok ? 0 : -1;
}

#define STMT_CACHE 48

typedef struct pg_db {
    dy_db base;
    pq_api pq;
    PGconn *conn;
    /* Server-side prepared statements, keyed by their SQL text: ingest runs
     * the same few statements for every event, and parsing and planning
     * them each time costs more than running them. */
    char *cached[STMT_CACHE];
    int ncached;
} pg_db;

static void set_error(pg_db *p, const char *msg)
{
    snprintf(p->base.err, sizeof p->base.err, "postgresql: %s", msg);
    /* libpq messages end with a newline; errors here are one line. */
    size_t n = strlen(p->base.err);
    while (n && (p->base.err[n - 1] == '\n' || p->base.err[n - 1] == ' '))
        p->base.err[--n] = '\0';
}

/* Drains the remaining results of a query so the connection is ready again. */
static void drain(pg_db *p)
{
    PGresult *r;
    while ((r = p->pq.PQgetResult(p->conn)) != NULL)
        p->pq.PQclear(r);
}

static int pg_exec(dy_db *db, const char *sql)
{
    pg_db *p = (pg_db *)db;
    PGresult *r = p->pq.PQexec(p->conn, sql);
    ExecStatusType st = p->pq.PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        set_error(p, p->pq.PQresultErrorMessage(r));
    p->pq.PQclear(r);
    return ok ? 0 : -1;
}

/* The name of the prepared statement for sql ("s3"), preparing it on first
 * use; NULL when the cache is full (the query then runs unprepared). */
static int prepared(pg_db *p, const char *sql, int nparams, char name[16])
{
    for (int i = 0; i < p->ncached; i++)
        if (!strcmp(p->cached[i], sql)) {
            snprintf(name, 16, "s%d", i);
            return 1;
        }
    if (p->ncached == STMT_CACHE)
        return 0;
    snprintf(name, 16, "s%d", p->ncached);
    PGresult *r = p->pq.PQprepare(p->conn, name, sql, nparams, NULL);
    int ok = p->pq.PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        set_error(p, p->pq.PQresultErrorMessage(r));
    p->pq.PQclear(r);
    if (!ok)
        return -1;
    p->cached[p->ncached] = strdup(sql);
    if (!p->cached[p->ncached]) {
        /* The statement exists on the server; without its key it is simply
         * never reused. */
        return 1;
    }
    p->ncached++;
    return 1;
}

static int pg_query(dy_db *db, const char *sql, int nparams, const char *const *params,
                    dy_db_row_fn fn, void *user)
{
    pg_db *p = (pg_db *)db;
    char name[16];
    int prep = prepared(p, sql, nparams, name);
    if (prep < 0)
        return -1;
    int sent = prep ? p->pq.PQsendQueryPrepared(p->conn, name, nparams, params, NULL, NULL, 0)
                    : p->pq.PQsendQueryParams(p->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (!sent) {
        set_error(p, p->pq.PQerrorMessage(p->conn));
        return -1;
    }
    p->pq.PQsetSingleRowMode(p->conn);
    enum { MAXCOLS = 64 };
    const char *vals[MAXCOLS];
    int status = 0, stopped = 0;
    PGresult *r;
    while ((r = p->pq.PQgetResult(p->conn)) != NULL) {
        ExecStatusType st = p->pq.PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && !stopped && fn) {
            int n = p->pq.PQnfields(r);
            if (n > MAXCOLS)
                n = MAXCOLS;
            for (int i = 0; i < n; i++)
                vals[i] = p->pq.PQgetisnull(r, 0, i) ? NULL : p->pq.PQgetvalue(r, 0, i);
            stopped = fn(n, vals, user) != 0;
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK &&
                   st != PGRES_COMMAND_OK && status == 0) {
            set_error(p, p->pq.PQresultErrorMessage(r));
            status = -1;
        }
        p->pq.PQclear(r);
    }
    drain(p);
    return status;
}

static void pg_close(dy_db *db)
{
    pg_db *p = (pg_db *)db;
    for (int i = 0; i < p->ncached; i++)
        free(p->cached[i]);
    if (p->conn)
        p->pq.PQfinish(p->conn);
    free(p);
}

static void quiet_notices(void *arg, const char *message)
{
    (void)arg, (void)message; /* "relation already exists, skipping" and the like */
}

static const dy_db_ops pg_ops = {pg_exec, pg_query, pg_close};

dy_db *dy_db_open_postgres(const char *conninfo, int readonly, char *err, size_t errlen)
{
    pg_db *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->base.ops = &pg_ops;
    p->base.kind = DY_DB_POSTGRES;
    p->base.readonly = readonly;
    if (load_libpq(&p->pq, err, errlen)) {
        free(p);
        return NULL;
    }
    p->conn = p->pq.PQconnectdb(conninfo);
    if (!p->conn || p->pq.PQstatus(p->conn) != CONNECTION_OK) {
        set_error(p, p->conn ? p->pq.PQerrorMessage(p->conn) : "out of memory");
        snprintf(err, errlen, "%s", p->base.err);
        pg_close(&p->base);
        return NULL;
    }
    p->pq.PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
    /* Writers commit once per document. Waiting for each commit's flush to
     * disk would bound ingest by the disk's sync rate (~50/s here); without
     * the wait, a crash of the server (not of dyad) may lose the last
     * fraction of a second of commits but never leaves a half-written
     * document: the durability SQLite gives in WAL mode with
     * synchronous=NORMAL. */
    const char *setup = readonly ? "SET default_transaction_read_only = on; SET client_min_messages = warning"
                                 : "SET client_min_messages = warning; SET synchronous_commit = off";
    if (pg_exec(&p->base, setup)) {
        snprintf(err, errlen, "%s", p->base.err);
        pg_close(&p->base);
        return NULL;
    }
    return &p->base;
}
