/* web/server.h - the HTTP server of `dyad serve` (libmicrohttpd), carrying
 * requests to dy_web_handle from one thread.
 *
 * Safe by default: it listens on the loopback address unless told
 * otherwise, answers only requests whose Host names that address (against
 * DNS rebinding), refuses bodies over DY_WEB_MAX_BODY with 413, and sends a
 * Content-Security-Policy that allows the page's own files only. */
#ifndef DY_WEB_SERVER_H
#define DY_WEB_SERVER_H
#include "web/app.h"

typedef struct dy_web_server dy_web_server;

/* Starts serving app (borrowed) on host:port; port 0 picks a free port.
 * host is a numeric IPv4 address (NULL: 127.0.0.1). NULL with a message
 * in err on failure. */
dy_web_server *dy_web_server_start(dy_web_app *app, const char *host, int port, char *err,
                                   size_t errlen);
/* The port actually listened on. */
int dy_web_server_port(const dy_web_server *s);
void dy_web_server_stop(dy_web_server *s);

#endif
