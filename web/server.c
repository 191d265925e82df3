/* web/server.c - libmicrohttpd glue: collect the request (bounded), hand it
 * to the app, send the answer with the security headers. libmicrohttpd
 * (with GnuTLS behind it) is opened when a server starts (util/dl.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "util/dl.h"
#include "web/server.h"

#define MHD_FUNCS(X)                                                                          \
    X(struct MHD_Daemon *, MHD_start_daemon,                                                  \
      (unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback,   \
       void *, ...))                                                                          \
    X(const union MHD_DaemonInfo *, MHD_get_daemon_info,                                      \
      (struct MHD_Daemon *, enum MHD_DaemonInfoType, ...))                                    \
    X(enum MHD_Result, MHD_run_wait, (struct MHD_Daemon *, int32_t))                          \
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
      (struct MHD_Connection *, enum MHD_ValueKind, MHD_KeyValueIterator, void *))            \
    X(const union MHD_ConnectionInfo *, MHD_get_connection_info,                              \
      (struct MHD_Connection *, enum MHD_ConnectionInfoType, ...))

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

/* One client connection, from accept to close (MHD_OPTION_NOTIFY_CONNECTION):
 * when it began waiting for its current request, so that a client sending
 * a byte now and then cannot hold it open for ever (libmicrohttpd's own
 * timeout counts idle time only). */
typedef struct tracked {
    struct tracked *prev, *next;
    int fd;
    struct timespec since; /* accepted, or its last answer was sent */
    int answering;         /* its request is in: the deadline no longer applies */
    int cut;               /* shut down for taking too long */
} tracked;

struct dy_web_server {
    mhd_api mhd;
    struct MHD_Daemon *daemon;
    dy_web_app *app;
    int port;
    int loopback;
    unsigned request_seconds;
    tracked *conns;   /* open connections; used by the server thread only */
    pthread_t thread;
    atomic_int stopping;
};

/* One request being received. */
typedef struct pending {
    int started;       /* on_request has seen its headers */
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
        p->too_many_args = 1; /* on_uri counted them: only if libmicrohttpd counts more */
        return MHD_NO;
    }
    p->args[p->nargs++] = (dy_web_arg){key, value ? value : ""};
    return MHD_YES;
}

typedef struct host_count {
    const char *value;
    int n;
} host_count;

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    host_count *h = cls;
    if (!strcasecmp(key, "Host")) {
        h->n++;
        h->value = value;
    }
    return MHD_YES;
}

/* "127.0.0.1", "localhost:8080", "[::1]:80": a loopback name and, after a
 * colon, a port of digits only; nothing else (no "localhost:80@evil.com"). */
static int loopback_host(const char *host)
{
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(names[i]);
        if (strncasecmp(host, names[i], n))
            continue;
        const char *p = host + n;
        if (*p == '\0')
            return 1;
        if (*p++ != ':')
            return 0;
        size_t digits = 0;
        while (isdigit((unsigned char)p[digits]))
            digits++;
        return digits >= 1 && digits <= 5 && p[digits] == '\0';
    }
    return 0;
}

/* On a loopback server, a Host that is not a loopback name means a page
 * elsewhere reached us through a name it controls (DNS rebinding). Two
 * Host headers are refused everywhere (which one a proxy read is unknown). */
static const char *host_refused(const dy_web_server *s, struct MHD_Connection *conn)
{
    host_count h = {NULL, 0};
    s->mhd.MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &h);
    if (h.n > 1)
        return "more than one Host header";
    if (s->loopback && (!h.value || !loopback_host(h.value)))
        return "unexpected Host header (this server answers to 127.0.0.1 and localhost)";
    return NULL;
}

static int declared_too_large(const dy_web_server *s, struct MHD_Connection *conn)
{
    const char *len = s->mhd.MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    return len && strtoull(len, NULL, 10) > DY_WEB_MAX_BODY;
}

static tracked *tracked_of(const dy_web_server *s, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        s->mhd.MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static enum MHD_Result dispatch(dy_web_server *s, struct MHD_Connection *conn, const char *url,
                                const char *method, pending *p)
{
    tracked *t = tracked_of(s, conn);
    if (t)
        t->answering = 1;
    if (p->too_large)
        return send_error(s, conn, 413, "request body too large (at most 2 MiB)");
    if (!p->too_many_args)
        s->mhd.MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, p);
    if (p->too_many_args)
        return send_error(s, conn, 400, "too many query parameters (at most 32)");
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
    if (!p && !(p = *state = calloc(1, sizeof *p)))
        return MHD_NO;
    if (!p->started) {
        p->started = 1;
        const char *why = host_refused(s, conn);
        if (why)
            return send_error(s, conn, 403, why);
        if (declared_too_large(s, conn))
            return send_error(s, conn, 413, "request body too large (at most 2 MiB)");
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

/* Called with the request line's URI before libmicrohttpd splits its query
 * into arguments: each takes a record from the connection's memory pool,
 * and a query of a few thousand "&" used to exhaust the pool with no answer
 * sent at all. A query of more than DY_WEB_MAX_ARGS parameters is cut here,
 * in the request buffer the URI lies in, and answered 400. The pending
 * request made here is the one on_request receives. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls, (void)conn;
    pending *p = calloc(1, sizeof *p);
    char *query = strchr(uri, '?');
    if (!query)
        return p;
    int params = 1;
    for (const char *c = query + 1; *c; c++)
        params += *c == '&';
    if (params > DY_WEB_MAX_ARGS) {
        query[1] = '\0'; /* the buffer is the connection's own, writable */
        if (p)
            p->too_many_args = 1;
    }
    return p;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode why)
{
    (void)why;
    tracked *t = tracked_of(cls, conn);
    if (t) { /* the next request on this connection has its own deadline */
        t->answering = 0;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
    }
    pending *p = *state;
    if (p) {
        dy_buf_free(&p->body);
        free(p);
        *state = NULL;
    }
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **context,
                          enum MHD_ConnectionNotificationCode what)
{
    dy_web_server *s = cls;
    tracked *t = *context;
    if (what == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            s->mhd.MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci || !(t = calloc(1, sizeof *t)))
            return; /* untracked: only libmicrohttpd's idle timeout applies */
        t->fd = ci->connect_fd;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        t->next = s->conns;
        if (s->conns)
            s->conns->prev = t;
        s->conns = t;
        *context = t;
    } else if (t) { /* closed: called before the socket is */
        if (t->prev)
            t->prev->next = t->next;
        else
            s->conns = t->next;
        if (t->next)
            t->next->prev = t->prev;
        free(t);
        *context = NULL;
    }
}

/* Shuts down each connection that has been receiving its request for longer
 * than the deadline, with a 408 first (nothing of an answer has been sent on
 * it: its previous one, if any, is complete). libmicrohttpd then sees the
 * socket closed and drops the connection. */
static void cut_slow_connections(dy_web_server *s)
{
#define TIMEOUT_BODY "{\"error\":\"request not received in time\"}\n"
    _Static_assert(sizeof TIMEOUT_BODY - 1 == 41, "Content-Length below");
    static const char msg[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                              "Content-Type: application/json; charset=utf-8\r\n"
                              "Content-Length: 41\r\n\r\n" TIMEOUT_BODY;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (tracked *t = s->conns; t; t = t->next) {
        long long ms = (long long)(now.tv_sec - t->since.tv_sec) * 1000 +
                       (now.tv_nsec - t->since.tv_nsec) / 1000000;
        if (t->answering || t->cut || ms < (long long)s->request_seconds * 1000)
            continue;
        t->cut = 1;
        if (send(t->fd, msg, sizeof msg - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
            (void)0; /* the client is gone or not reading: close all the same */
        shutdown(t->fd, SHUT_RDWR);
    }
}

/* The server's one thread: libmicrohttpd's work, then the deadlines, at
 * least four times a second. Every callback runs here, one at a time. */
static void *serve_loop(void *arg)
{
    dy_web_server *s = arg;
    while (!atomic_load(&s->stopping)) {
        if (s->mhd.MHD_run_wait(s->daemon, 250) != MHD_YES)
            nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
        cut_slow_connections(s);
    }
    return NULL;
}

static struct MHD_Daemon *start_daemon(dy_web_server *s, const struct sockaddr_in *addr,
                                       const dy_web_limits *lim)
{
    unsigned idle = s->request_seconds / 2 ? s->request_seconds / 2 : 1;
    if (idle > 10)
        idle = 10;
    /* No thread of libmicrohttpd's own: serve_loop runs it (MHD_run_wait),
     * so that the app is used by one request at a time. */
    return s->mhd.MHD_start_daemon(
        MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_CONNECTION_TIMEOUT, idle,
        MHD_OPTION_CONNECTION_LIMIT, lim->connections ? lim->connections : DY_WEB_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        lim->per_address ? lim->per_address : DY_WEB_MAX_PER_ADDRESS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)DY_WEB_CONNECTION_MEMORY,
        MHD_OPTION_END);
}

dy_web_server *dy_web_server_start(dy_web_app *app, const char *host, int port,
                                   const dy_web_limits *limits, char *err, size_t errlen)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    static const dy_web_limits defaults = {0, 0, 0};
    const dy_web_limits *lim = limits ? limits : &defaults;
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
    s->request_seconds = lim->request_seconds ? lim->request_seconds : DY_WEB_REQUEST_SECONDS;
    atomic_init(&s->stopping, 0);
    s->daemon = start_daemon(s, &addr, lim);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%d (in use?)", host, port);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = s->mhd.MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    if (pthread_create(&s->thread, NULL, serve_loop, s)) {
        snprintf(err, errlen, "cannot start the server's thread");
        s->mhd.MHD_stop_daemon(s->daemon);
        free(s);
        return NULL;
    }
    return s;
}

int dy_web_server_port(const dy_web_server *s) { return s->port; }

void dy_web_server_stop(dy_web_server *s)
{
    if (!s)
        return;
    atomic_store(&s->stopping, 1);
    pthread_join(s->thread, NULL);
    s->mhd.MHD_stop_daemon(s->daemon); /* closes what is open: on_connection frees each */
    free(s);
}
