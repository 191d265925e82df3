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

int dy_db_query_text(dy_db *db, const char *sql, int nparams, const char *const *params,
                     char *out, size_t cap)
{
    first_cell fc = {out, cap};
    if (cap)
        out[0] = '\0';
    return dy_db_query(db, sql, nparams, params, copy_first, &fc);
}
