/* cli/serve.c - dyad serve: the analyst's workbench over an event store,
 * until SIGINT or SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "web/app.h"
#include "web/server.h"

typedef struct serve_opts {
    opts code; /* --dict */
    const char *db, *host;
    long port;
    int allow_ingest;
    dy_web_limits limits;
} serve_opts;

static int parse_serve_opts(int argc, char **argv, serve_opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(a, "--allow-ingest")) {
            o->allow_ingest = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "dyad: serve: '%s' is unknown or needs a value\n", a);
            return -1;
        }
        i++;
        if (!strcmp(a, "--db"))
            o->db = v;
        else if (!strcmp(a, "--host"))
            o->host = v;
        else if (!strcmp(a, "--port") && (o->port = strtol(v, &end, 10), *end == '\0') &&
                 o->port >= 0 && o->port <= 65535)
            ;
        else if (!strcmp(a, "--request-timeout") && (o->limits.request_seconds =
                                                          (unsigned)strtoul(v, &end, 10),
                                                      *end == '\0' && v[0] >= '1' && v[0] <= '9') &&
                 o->limits.request_seconds <= 3600)
            ;
        else if (!strcmp(a, "--dict") && o->code.ndicts < MAX_DICTS)
            o->code.dicts[o->code.ndicts++] = v;
        else {
            fprintf(stderr, "dyad: serve: bad option '%s %s'\n", a, v);
            return -1;
        }
    }
    if (!o->db) {
        fprintf(stderr, "dyad: serve needs --db PATH (a SQLite file) or --db postgresql://...\n");
        return -1;
    }
    return 0;
}

/* Blocks SIGINT and SIGTERM before the server's thread starts (it inherits
 * the mask), so that only sigwait below receives them. */
static void block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {.port = 8080};
    if (parse_serve_opts(argc, argv, &o))
        return 2;
    dyad_dict *d = load_dicts(&o.code);
    if (!d)
        return 2;
    char err[1024];
    dy_web_app *app = dy_web_app_new(o.db, d, o.allow_ingest, err, sizeof err);
    if (!app) {
        dyad_dict_free(d);
        /* the hint only when there is no store yet, not for a damaged one */
        int missing = strncmp(o.db, "postgres", 8) && access(o.db, F_OK) != 0;
        fprintf(stderr, "dyad: %s%s\n", err,
                o.allow_ingest || !missing
                    ? ""
                    : " (create the store with dyad ingest, or start with --allow-ingest)");
        return 2;
    }
    sigset_t stop;
    block_stop_signals(&stop);
    dy_web_server *srv = dy_web_server_start(app, o.host, (int)o.port, &o.limits, err, sizeof err);
    int status = 0;
    if (!srv) {
        status = die(err);
    } else {
        fprintf(stderr, "dyad: serving %s on http://%s:%d/ (%s)\n", o.db,
                o.host ? o.host : "127.0.0.1", dy_web_server_port(srv),
                o.allow_ingest ? "documents can be stored" : "read-only");
        int sig;
        sigwait(&stop, &sig);
        fprintf(stderr, "dyad: stopping\n");
        dy_web_server_stop(srv);
    }
    dy_web_app_free(app);
    dyad_dict_free(d);
    return status;
}
