/* web/server.c - libmicrohttpd glue: collect the request (bounded), hand it
 * to the app, send the answer with the security headers. libmicrohttpd
 * (with GnuTLS behind it) is opened when a server starts (util/dl.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "util/dl.h"
#include "web/server.h"

#define MHD_FUNCS(X)                                                                          \
    X(struct MHD_Daemon *, MHD_start_daemon,                                                  \
      (unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback,   \
       void *, ...))                                                                          \
    X(const union MHD_DaemonInfo *, MHD_get_daemon_info,                                      \
      (struct MHD_Daemon *, enum MHD_DaemonInfoType, ...))                                    \
    X(void, MHD_stop_daemon, (struct MHD_Daemon *))                                           \
    X(struct MHD_Response *, MHD_create_response_from_buffer,                                 \
      (size_t, void *, enum MHD_ResponseMemoryMode))                                          \
    X(enum MHD_Result, MHD_add_response_header,                                               \
      (struct MHD_Response *, const char *, const char *))                                    \
    X(enum MHD_Result, MHD_queue_response,                                                    \
      (struct MHD_Connection *, unsigned int, struct MHD_Response *))                         \
    X(void, MHD_destroy_response, (struct MHD_Response *))                                    \
    X(const char *, MHD_lookup_connection_value,                                              \
      (struct MHD_Connection *, enum MHD_ValueKind, const char *))                            \
    X(int, MHD_get_connection_values,                                                         \
      (struct MHD_Connection *, enum MHD_ValueKind, MHD_KeyValueIterator, void *))

typedef struct mhd_api {
    MHD_FUNCS(DY_DL_FIELD)
} mhd_api;

static int load_mhd(mhd_api *api, char *err, size_t errlen)
{
    MHD_FUNCS(DY_DL_CHECK)
    static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so", NULL};
    void *lib = dy_dl_open(names, "dyad serve", "apt-get install libmicrohttpd12", err, errlen);
    int ok = lib != NULL;
    MHD_FUNCS(DY_DL_RESOLVE)
    return ok ? 0 : -1;
}

struct dy_web_server {
    mhd_api mhd;
    struct MHD_Daemon *daemon;
    dy_web_app *app;
    int port;
    int loopback;
};

/* One request being received. */
typedef struct pending {
    dy_buf body;
    int too_large;
    dy_web_arg args[DY_WEB_MAX_ARGS];
    int nargs, too_many_args;
} pending;

static const char csp[] = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static enum MHD_Result send_response(const dy_web_server *s, struct MHD_Connection *conn,
                                     const dy_web_response *r)
{
    struct MHD_Response *resp =
        r->data ? s->mhd.MHD_create_response_from_buffer(r->data_len, (void *)r->data,
                                                  MHD_RESPMEM_PERSISTENT)
                : s->mhd.MHD_create_response_from_buffer(r->body.len, r->body.p ? r->body.p : "",
                                                  MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    s->mhd.MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "text/plain");
    s->mhd.MHD_add_response_header(resp, "Content-Security-Policy", csp);
    s->mhd.MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    s->mhd.MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    s->mhd.MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    s->mhd.MHD_add_response_header(resp, "Cache-Control", r->cacheable ? "max-age=60" : "no-store");
    enum MHD_Result rc = s->mhd.MHD_queue_response(conn, (unsigned)r->status, resp);
    s->mhd.MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result send_error(const dy_web_server *s, struct MHD_Connection *conn, int status,
                                  const char *msg)
{
    dy_web_response r = DY_WEB_RESPONSE_INIT;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    dy_buf_printf(&r.body, "{\"error\":\"%s\"}\n", msg); /* msg: our own text, no quotes */
    enum MHD_Result rc = send_response(s, conn, &r);
    dy_buf_free(&r.body);
    return rc;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    pending *p = cls;
    if (p->nargs == DY_WEB_MAX_ARGS) {
        p->too_many_args = 1;
        return MHD_NO;
    }
    p->args[p->nargs++] = (dy_web_arg){key, value ? value : ""};
    return MHD_YES;
}

/* On a loopback server, a Host that is not a loopback name means a page
 * elsewhere reached us through a name it controls (DNS rebinding). */
static int host_allowed(const dy_web_server *s, struct MHD_Connection *conn)
{
    if (!s->loopback)
        return 1;
    const char *host = s->mhd.MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    if (!host)
        return 0;
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(host, names[i], n) && (host[n] == '\0' || host[n] == ':'))
            return 1;
    }
    return 0;
}

static int declared_too_large(const dy_web_server *s, struct MHD_Connection *conn)
{
    const char *len = s->mhd.MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    return len && strtoull(len, NULL, 10) > DY_WEB_MAX_BODY;
}

static enum MHD_Result dispatch(dy_web_server *s, struct MHD_Connection *conn, const char *url,
                                const char *method, pending *p)
{
    if (p->too_large)
        return send_error(s, conn, 413, "request body too large (at most 2 MiB)");
    s->mhd.MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, p);
    if (p->too_many_args)
        return send_error(s, conn, 400, "too many query parameters");
    dy_web_request req = {
        .method = method, .path = url, .args = p->args, .nargs = p->nargs,
        .content_type = s->mhd.MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
        .body = p->body.p, .body_len = p->body.len};
    dy_web_response r = DY_WEB_RESPONSE_INIT;
    dy_web_handle(s->app, &req, &r);
    enum MHD_Result rc = send_response(s, conn, &r);
    dy_buf_free(&r.body);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **state)
{
    (void)version;
    dy_web_server *s = cls;
    pending *p = *state;
    if (!p) {
        if (!host_allowed(s, conn))
            return send_error(s, conn, 403, "unexpected Host header");
        if (declared_too_large(s, conn))
            return send_error(s, conn, 413, "request body too large (at most 2 MiB)");
        p = calloc(1, sizeof *p);
        if (!p)
            return MHD_NO;
        *state = p;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (p->body.len + *upload_data_size > DY_WEB_MAX_BODY)
            p->too_large = 1; /* keep reading, keep nothing, answer 413 at the end */
        else if (dy_buf_append(&p->body, upload_data, *upload_data_size))
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    return dispatch(s, conn, url, method, p);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)conn, (void)why;
    pending *p = *state;
    if (p) {
        dy_buf_free(&p->body);
        free(p);
        *state = NULL;
    }
}

dy_web_server *dy_web_server_start(dy_web_app *app, const char *host, int port, char *err,
                                   size_t errlen)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (!host)
        host = "127.0.0.1";
    if (port < 0 || port > 65535 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "bad address %s:%d (want a numeric IPv4 address and a port)", host,
                 port);
        return NULL;
    }
    dy_web_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (load_mhd(&s->mhd, err, errlen)) {
        free(s);
        return NULL;
    }
    s->app = app;
    s->loopback = (ntohl(addr.sin_addr.s_addr) >> 24) == 127;
    /* One internal thread: the app is used by one request at a time. */
    s->daemon = s->mhd.MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%d (in use?)", host, port);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = s->mhd.MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    return s;
}

int dy_web_server_port(const dy_web_server *s) { return s->port; }

void dy_web_server_stop(dy_web_server *s)
{
    if (!s)
        return;
    s->mhd.MHD_stop_daemon(s->daemon);
    free(s);
}
