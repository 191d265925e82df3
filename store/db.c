/* store/db.c - choosing a backend, and helpers over the interface. */
#include <stdio.h>
#include <string.h>

#include "store/db.h"

dy_db *dy_db_open(const char *uri, int readonly, char *err, size_t errlen)
{
    if (!strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11))
        return dy_db_open_postgres(uri, readonly, err, errlen);
    if (!strncmp(uri, "sqlite:", 7))
        uri += 7;
    if (!*uri) {
        snprintf(err, errlen, "empty database path");
        return NULL;
    }
    return dy_db_open_sqlite(uri, readonly, err, errlen);
}

typedef struct first_cell {
    char *out;
    size_t cap;
} first_cell;

static int copy_first(int ncols, const char *const *v, void *user)
{
    first_cell *fc = user;
    if (ncols > 0 && v[0])
        snprintf(fc->out, fc->cap, "%s", v[0]);
    return 1;
}

typedef struct check_rows {
    char *out;
    size_t cap, len;
    int ok; /* the single row "ok" */
    int rows;
} check_rows;

static int add_check_row(int ncols, const char *const *v, void *user)
{
    check_rows *c = user;
    const char *row = ncols > 0 && v[0] ? v[0] : "";
    c->ok = ++c->rows == 1 && !strcmp(row, "ok");
    if (c->len + 3 < c->cap)
        c->len += (size_t)snprintf(c->out + c->len, c->cap - c->len, "%s%s", c->rows > 1 ? "; " : "",
                                   row);
    if (c->len >= c->cap)
        c->len = c->cap - 1;
    for (char *p = c->out; *p; p++) /* one line: SQLite's rows hold line breaks */
        if (*p == '\n')
            *p = ' ';
    return c->rows >= 20; /* enough to say what is wrong */
}

int dy_db_check(dy_db *db, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (db->kind != DY_DB_SQLITE)
        return 0;
    check_rows c = {out, cap, 0, 0, 0};
    if (dy_db_query(db, "PRAGMA quick_check", 0, NULL, add_check_row, &c)) {
        snprintf(out, cap, "%s", db->err);
        return 1;
    }
    return c.ok && c.rows == 1 ? 0 : 1;
}

int dy_db_query_text(dy_db *db, const char *sql, int nparams, const char *const *params,
                     char *out, size_t cap)
{
    first_cell fc = {out, cap};
    if (cap)
        out[0] = '\0';
    return dy_db_query(db, sql, nparams, params, copy_first, &fc);
}
