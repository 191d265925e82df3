/* web/app.h - the analyst's workbench as a function from a request to a
 * response: the JSON API under /api/ and the page's embedded files. The
 * HTTP server (web/server.c) only carries requests to dy_web_handle, so
 * the whole API can be driven without a socket.
 *
 * An app holds one store connection and one coder; it serves one request
 * at a time (the server calls it from a single thread). */
#ifndef DY_WEB_APP_H
#define DY_WEB_APP_H
#include <stddef.h>

#include "dyad.h"
#include "util/buf.h"

/* The largest request body accepted (pasted text or an uploaded file). */
#define DY_WEB_MAX_BODY (2u * 1024 * 1024)
#define DY_WEB_MAX_ARGS 32

typedef struct dy_web_app dy_web_app;

typedef struct dy_web_arg {
    const char *key, *value;
} dy_web_arg;

typedef struct dy_web_request {
    const char *method, *path;     /* path without the query string */
    const dy_web_arg *args;        /* decoded query parameters */
    int nargs;
    const char *content_type;      /* NULL when none */
    const char *body;
    size_t body_len;
} dy_web_request;

typedef struct dy_web_response {
    int status;
    const char *content_type;
    dy_buf body;                   /* owned; or, when data is set, empty */
    const unsigned char *data;     /* static bytes (embedded files) */
    size_t data_len;
    int cacheable;                 /* embedded files may be cached; API answers not */
} dy_web_response;

/* Opens the store at db_uri (read-only unless allow_ingest), checks it for
 * damage (dy_store_check: stores too large for dy_store_open's own check) and makes a coder over dict (borrowed: it
 * must outlive the app). NULL with a message in err on failure. */
dy_web_app *dy_web_app_new(const char *db_uri, const dyad_dict *dict, int allow_ingest,
                           char *err, size_t errlen);
void dy_web_app_free(dy_web_app *app);

/* Fills resp (initialise it with DY_WEB_RESPONSE_INIT; release its body
 * with dy_buf_free). Never fails: errors are responses with a status and a
 * {"error": "..."} body. */
void dy_web_handle(dy_web_app *app, const dy_web_request *req, dy_web_response *resp);

#define DY_WEB_RESPONSE_INIT {0, NULL, DY_BUF_INIT, NULL, 0, 0}

/* The page's files, embedded at build time (web/assets/, see web/embed.sh). */
typedef struct dy_web_asset {
    const char *path, *content_type;
    const unsigned char *data;
    size_t len;
} dy_web_asset;
extern const dy_web_asset dy_web_assets[];
extern const int dy_web_nassets;

#endif
