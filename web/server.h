/* web/server.h - the HTTP server of `dyad serve` (libmicrohttpd), carrying
 * requests to dy_web_handle from one thread.
 *
 * Safe by default: it listens on the loopback address unless told
 * otherwise, answers only requests whose Host names that address (against
 * DNS rebinding; two Host headers are refused), refuses bodies over
 * DY_WEB_MAX_BODY with 413 and queries of more than DY_WEB_MAX_ARGS
 * parameters with 400, bounds the time to receive a request and the
 * connections per client (dy_web_limits), and sends a
 * Content-Security-Policy that allows the page's own files only. */
#ifndef DY_WEB_SERVER_H
#define DY_WEB_SERVER_H
#include "web/app.h"

typedef struct dy_web_server dy_web_server;

/* Against clients that are slow on purpose or that open many connections:
 * a request (headers and body) must arrive within request_seconds of its
 * connection's start or of the previous answer on it (408 and closed
 * otherwise, whether or not bytes keep trickling in); at most connections
 * are open, per_address of them from one client address (more are closed
 * at once). 0 in a field: the default below. */
typedef struct dy_web_limits {
    unsigned request_seconds, connections, per_address;
} dy_web_limits;
#define DY_WEB_REQUEST_SECONDS 30
#define DY_WEB_MAX_CONNECTIONS 128
#define DY_WEB_MAX_PER_ADDRESS 16 /* a browser opens 6 */
/* libmicrohttpd's memory per connection: the request line and headers
 * (a request line over about 60 KB is answered 414; headers of about
 * 1,000 lines 431) and a record for each header and query parameter. */
#define DY_WEB_CONNECTION_MEMORY (64 * 1024)

/* Starts serving app (borrowed) on host:port from a thread of its own;
 * port 0 picks a free port. host is a numeric IPv4 address (NULL:
 * 127.0.0.1); limits NULL: the defaults. NULL with a message in err on
 * failure. */
dy_web_server *dy_web_server_start(dy_web_app *app, const char *host, int port,
                                   const dy_web_limits *limits, char *err, size_t errlen);
/* The port actually listened on. */
int dy_web_server_port(const dy_web_server *s);
void dy_web_server_stop(dy_web_server *s);

#endif
