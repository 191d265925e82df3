/* store/db_pg.c - the shared, multi-user backend: PostgreSQL through libpq.
 * Results stream row by row (single-row mode), so an export of millions of
 * events never sits in memory at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db.h"

#define STMT_CACHE 48

typedef struct pg_db {
    dy_db base;
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
static void drain(PGconn *conn)
{
    PGresult *r;
    while ((r = PQgetResult(conn)) != NULL)
        PQclear(r);
}

static int pg_exec(dy_db *db, const char *sql)
{
    pg_db *p = (pg_db *)db;
    PGresult *r = PQexec(p->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        set_error(p, PQresultErrorMessage(r));
    PQclear(r);
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
    PGresult *r = PQprepare(p->conn, name, sql, nparams, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        set_error(p, PQresultErrorMessage(r));
    PQclear(r);
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
    int sent = prep ? PQsendQueryPrepared(p->conn, name, nparams, params, NULL, NULL, 0)
                    : PQsendQueryParams(p->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (!sent) {
        set_error(p, PQerrorMessage(p->conn));
        return -1;
    }
    PQsetSingleRowMode(p->conn);
    enum { MAXCOLS = 64 };
    const char *vals[MAXCOLS];
    int status = 0, stopped = 0;
    PGresult *r;
    while ((r = PQgetResult(p->conn)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && !stopped && fn) {
            int n = PQnfields(r);
            if (n > MAXCOLS)
                n = MAXCOLS;
            for (int i = 0; i < n; i++)
                vals[i] = PQgetisnull(r, 0, i) ? NULL : PQgetvalue(r, 0, i);
            stopped = fn(n, vals, user) != 0;
        } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK &&
                   st != PGRES_COMMAND_OK && status == 0) {
            set_error(p, PQresultErrorMessage(r));
            status = -1;
        }
        PQclear(r);
    }
    drain(p->conn);
    return status;
}

static void pg_close(dy_db *db)
{
    pg_db *p = (pg_db *)db;
    for (int i = 0; i < p->ncached; i++)
        free(p->cached[i]);
    PQfinish(p->conn);
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
    p->conn = PQconnectdb(conninfo);
    if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
        set_error(p, p->conn ? PQerrorMessage(p->conn) : "out of memory");
        snprintf(err, errlen, "%s", p->base.err);
        pg_close(&p->base);
        return NULL;
    }
    PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
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
