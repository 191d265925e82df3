/* cli/store_cmds.c - dyad ingest, events, series and export: the event
 * store from the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/event_json.h"
#include "report/series_chart.h"
#include "report/stored.h"
#include "store/store.h"
#include "text/input.h"
#include "time/date.h"

typedef struct store_opts {
    opts code;              /* --dict, --input, --date, --repeats, --modality */
    const char *db, *events, *same_event, *format, *plot, *by, *title, *modality;
    dy_event_filter filter;
    char dyad_source[64]; /* the SOURCE of --dyad SOURCE:TARGET */
    int count_only;
} store_opts;

static int need(const char *opt, const char *val)
{
    if (!val) {
        fprintf(stderr, "dyad: %s needs a value\n", opt);
        return -1;
    }
    return 0;
}

static int parse_long(const char *opt, const char *val, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(val, &end, 10);
    if (errno || *end || end == val || v < lo || v > hi) {
        fprintf(stderr, "dyad: %s wants a number from %ld to %ld, not '%s'\n", opt, lo, hi, val);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_dyad(const char *val, store_opts *o)
{
    dy_event_filter *f = &o->filter;
    const char *colon = strchr(val, ':');
    if (!colon || colon == val || !colon[1]) {
        fprintf(stderr, "dyad: --dyad wants SOURCE:TARGET, e.g. RUS:BLR (not '%s')\n", val);
        return -1;
    }
    snprintf(o->dyad_source, sizeof o->dyad_source, "%.*s", (int)(colon - val), val);
    f->source = o->dyad_source;
    f->target = colon + 1;
    return 0;
}

/* Options of one flag and a value; returns 1 when a is one of them. */
static int value_option(store_opts *o, const char *a, const char *v, int *bad)
{
    dy_event_filter *f = &o->filter;
    const char **slot = !strcmp(a, "--db")           ? &o->db
                        : !strcmp(a, "--events")     ? &o->events
                        : !strcmp(a, "--same-event") ? &o->same_event
                        : !strcmp(a, "--format")     ? &o->format
                        : !strcmp(a, "--plot")       ? &o->plot
                        : !strcmp(a, "--by")         ? &o->by
                        : !strcmp(a, "--title")      ? &o->title
                        : !strcmp(a, "--source")     ? &f->source
                        : !strcmp(a, "--target")     ? &f->target
                        : !strcmp(a, "--actor")      ? &f->actor
                        : !strcmp(a, "--since")      ? &f->since
                        : !strcmp(a, "--until")      ? &f->until
                        : !strcmp(a, "--root")       ? &f->roots
                        : !strcmp(a, "--code")       ? &f->codes
                        : !strcmp(a, "--plover")     ? &f->plover
                        : !strcmp(a, "--text")       ? &f->text
                        : !strcmp(a, "--doc")        ? &f->doc
                        : !strcmp(a, "--modality")   ? &o->modality
                        : !strcmp(a, "--input")      ? &o->code.input
                        : !strcmp(a, "--date")       ? &o->code.date
                                                     : NULL;
    long n = 0;
    if (slot) {
        if (need(a, v))
            *bad = 1;
        else
            *slot = v;
    } else if (!strcmp(a, "--dict")) {
        if (need(a, v) || o->code.ndicts == MAX_DICTS)
            *bad = 1;
        else
            o->code.dicts[o->code.ndicts++] = v;
    } else if (!strcmp(a, "--dyad")) {
        *bad = need(a, v) || parse_dyad(v, o);
    } else if (!strcmp(a, "--quad")) {
        *bad = need(a, v) || parse_long(a, v, 1, 4, &n);
        f->quad = (int)n;
    } else if (!strcmp(a, "--limit")) {
        *bad = need(a, v) || parse_long(a, v, 0, 1000000000L, &f->limit);
    } else if (!strcmp(a, "--offset")) {
        *bad = need(a, v) || parse_long(a, v, 0, 1000000000000L, &f->offset);
    } else {
        return 0;
    }
    return 1;
}

/* Parses the options of the store commands; returns the index of the first
 * operand, or -1 after printing the error. */
static int parse_store_opts(int argc, char **argv, store_opts *o)
{
    int i = 2;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-"))
            break;
        if (!strcmp(a, "--"))
            return i + 1;
        int bad = 0;
        if (!strcmp(a, "--both-ways"))
            o->filter.both_directions = 1;
        else if (!strcmp(a, "--newest-first"))
            o->filter.newest_first = 1;
        else if (!strcmp(a, "--repeats"))
            o->code.repeats = 1;
        else if (!strcmp(a, "--count"))
            o->count_only = 1;
        else if (value_option(o, a, i + 1 < argc ? argv[i + 1] : NULL, &bad))
            i++;
        else {
            fprintf(stderr, "dyad: unknown option '%s' (see dyad help)\n", a);
            return -1;
        }
        if (bad)
            return -1;
    }
    if (!o->db) {
        fprintf(stderr, "dyad: %s needs --db PATH (a SQLite file) or --db postgresql://...\n",
                argv[1]);
        return -1;
    }
    if (o->modality) {
        if (strcmp(o->modality, "all") && strcmp(o->modality, "asserted") &&
            strcmp(o->modality, "negated") && strcmp(o->modality, "planned") &&
            strcmp(o->modality, "hypothetical")) {
            fprintf(stderr, "dyad: --modality takes all, asserted, negated, planned or "
                            "hypothetical\n");
            return -1;
        }
        o->filter.modality = o->modality;
        o->code.modality_all = strcmp(o->modality, "asserted") != 0;
    }
    return i;
}

/* Options of the reading commands, which take no operands; 0 or -1. */
static int parse_query_opts(int argc, char **argv, store_opts *o)
{
    int i = parse_store_opts(argc, argv, o);
    if (i < 0)
        return -1;
    if (i < argc) {
        fprintf(stderr, "dyad: unexpected operand '%s' (filters are options, e.g. --dyad "
                        "RUS:BLR)\n", argv[i]);
        return -1;
    }
    return 0;
}

static dy_store *open_store(const store_opts *o, int readonly)
{
    char err[1024];
    dy_store *s = dy_store_open(o->db, readonly, err, sizeof err);
    if (!s)
        fprintf(stderr, "dyad: %s\n", err);
    return s;
}

/* ---- ingest ----------------------------------------------------------------- */

typedef struct ingest_ctx {
    dy_store *store;
    int failed;
    long events;
    double started, last_report;
    int progress;
    int stopped; /* the store failed: no more documents */
} ingest_ctx;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report_progress(ingest_ctx *c, int final)
{
    if (!c->progress)
        return;
    double t = now_seconds();
    if (!final && t - c->last_report < 0.5)
        return;
    c->last_report = t;
    dy_ingest_stats st;
    dy_store_ingest_stats(c->store, &st);
    double secs = t - c->started > 1e-9 ? t - c->started : 1e-9;
    fprintf(stderr, "\r%ld documents, %ld events (%ld new), %.0f documents/s   %s",
            st.documents, st.mentions, st.new_events, st.documents / secs, final ? "\n" : "");
}

static int store_event(const dyad_event *ev, void *user)
{
    ingest_ctx *c = user;
    if (dy_store_add_event(c->store, ev)) {
        c->failed = 1;
        return 1;
    }
    c->events++;
    return 0;
}

/* A failure of the store itself (disk full, read-only, connection lost)
 * will not go away for the next document: ingest stops there. */
enum { STORE_FAILED = -2 };

static int ingest_document(ingest_ctx *c, dyad_coder *coder, const dy_doc *doc,
                           const char *origin)
{
    char date[11] = "", err[1024];
    if (doc->has_date)
        dy_date_format(doc->date, date);
    if (dy_store_begin_document(c->store, doc->id, date, origin, doc->text, doc->len, 1)) {
        fprintf(stderr, "dyad: %s: %s\n", doc->id, dy_store_error(c->store));
        return STORE_FAILED;
    }
    c->failed = 0;
    long n = dyad_code_document(coder, doc->id, date, doc->text, doc->len, store_event, c, err,
                                sizeof err);
    if (n < 0 || c->failed) {
        fprintf(stderr, "dyad: %s: %s (document not stored)\n", doc->id,
                c->failed ? dy_store_error(c->store) : err);
        dy_store_rollback_document(c->store);
        return c->failed ? STORE_FAILED : -1;
    }
    if (dy_store_commit_document(c->store)) {
        fprintf(stderr, "dyad: %s: %s (document not stored)\n", doc->id,
                dy_store_error(c->store));
        return STORE_FAILED;
    }
    report_progress(c, 0);
    return 0;
}

static int ingest_stream(ingest_ctx *c, dyad_coder *coder, FILE *f, const char *name,
                         dy_input_format fmt, const store_opts *o)
{
    dy_reader *r = dy_reader_open(f, name, fmt);
    if (!r)
        return die("out of memory"), 1;
    if (o->code.date) {
        dy_date dt;
        if (dy_date_parse_doc(o->code.date, &dt)) {
            dy_reader_close(r);
            return die("--date wants a date YYYY-MM-DD from " DY_DOC_DATE_MIN " to " DY_DOC_DATE_MAX), 2;
        }
        dy_reader_set_date(r, dt);
    }
    int status = 0, rc;
    long ndocs = 0, nskipped = 0;
    dy_doc doc;
    warn_ctx wx = {name, fmt, &doc};
    dyad_coder_set_warnings(coder, print_warning, &wx);
    while ((rc = dy_reader_next(r, &doc)), print_reader_warnings(r), rc != DY_READ_END) {
        if (rc == DY_READ_BAD || rc == DY_READ_FATAL) {
            fprintf(stderr, "dyad: %s%s\n", dy_reader_error(r), rc == DY_READ_BAD ? " (skipped)" : "");
            status = 1;
            if (rc == DY_READ_FATAL)
                break;
            nskipped++;
            continue;
        }
        ndocs++;
        int rc_doc = ingest_document(c, coder, &doc, name);
        if (rc_doc)
            status = 1;
        if (rc_doc == STORE_FAILED) {
            c->stopped = 1;
            break;
        }
    }
    if (nskipped) /* the count, so that no skipped record goes unnoticed in a long log */
        fprintf(stderr, "dyad: %s: %ld of %ld records could not be read\n", name, nskipped,
                ndocs + nskipped);
    dyad_coder_set_warnings(coder, NULL, NULL);
    dy_reader_close(r);
    return status;
}

/* Events coded earlier (dyad JSON Lines). Consecutive events of one
 * document are stored in one transaction; the first batch of a document
 * replaces an earlier copy, later batches in the same file add to it. */
typedef struct seen_docs {
    char **keys;
    size_t n, cap;
} seen_docs;

static int seen_before(seen_docs *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->keys[i], key))
            return 1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **k = realloc(s->keys, cap * sizeof *k);
        if (!k)
            return 0;
        s->keys = k;
        s->cap = cap;
    }
    char *copy = strdup(key);
    if (copy)
        s->keys[s->n++] = copy;
    return 0;
}

static int ingest_events_file(ingest_ctx *c, const char *path)
{
    FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "dyad: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *line = NULL, current[512] = "";
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int status = 0, open_doc = 0;
    seen_docs seen = {0};
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        dyad_event ev;
        dy_event_json *hold;
        char err[512];
        if (dy_event_from_json(line, (size_t)len, &ev, &hold, err, sizeof err)) {
            fprintf(stderr, "dyad: %s:%ld: %s (skipped)\n", path, lineno, err);
            status = 1;
            continue;
        }
        if (!open_doc || strcmp(current, ev.doc)) {
            if (open_doc && dy_store_commit_document(c->store)) {
                fprintf(stderr, "dyad: %s:%ld: %s\n", path, lineno, dy_store_error(c->store));
                dy_event_json_free(hold);
                open_doc = 0;
                status = 1;
                c->stopped = 1;
                break;
            }
            open_doc = 0;
            snprintf(current, sizeof current, "%s", ev.doc);
            int replace = !seen_before(&seen, ev.doc);
            if (dy_store_begin_document(c->store, ev.doc, ev.date, path, NULL, 0, replace)) {
                fprintf(stderr, "dyad: %s:%ld: %s\n", path, lineno, dy_store_error(c->store));
                dy_event_json_free(hold);
                status = 1;
                break;
            }
            open_doc = 1;
            report_progress(c, 0);
        }
        if (dy_store_add_event(c->store, &ev)) {
            fprintf(stderr, "dyad: %s:%ld: %s\n", path, lineno, dy_store_error(c->store));
            dy_store_rollback_document(c->store);
            dy_event_json_free(hold);
            open_doc = 0;
            status = 1;
            c->stopped = 1;
            break;
        }
        dy_event_json_free(hold);
    }
    if (open_doc && dy_store_commit_document(c->store)) {
        fprintf(stderr, "dyad: %s: %s\n", path, dy_store_error(c->store));
        status = 1;
    }
    if (ferror(f)) {
        fprintf(stderr, "dyad: %s:%ld: read error\n", path, lineno);
        status = 1;
    }
    for (size_t i = 0; i < seen.n; i++)
        free(seen.keys[i]);
    free(seen.keys);
    free(line);
    if (f != stdin)
        fclose(f);
    return status;
}

static int ingest_files(ingest_ctx *c, const store_opts *o, int argc, char **argv, int i)
{
    dy_input_format fmt;
    if (dy_input_format_parse(o->code.input ? o->code.input : "plain", &fmt))
        return die("--input takes plain, jsonl or tabari");
    dyad_dict *d = load_dicts(&o->code);
    if (!d)
        return 2;
    dyad_coder *coder = new_coder(&o->code, d);
    if (!coder) {
        dyad_dict_free(d);
        return 2;
    }
    int status = 0;
    for (; i < argc && !c->stopped; i++) {
        int is_stdin = !strcmp(argv[i], "-");
        FILE *f = is_stdin ? stdin : fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "dyad: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        int rc = ingest_stream(c, coder, f, is_stdin ? "stdin" : argv[i], fmt, o);
        if (rc > status)
            status = rc;
        if (!is_stdin)
            fclose(f);
    }
    dyad_coder_free(coder);
    dyad_dict_free(d);
    return status;
}

int cmd_ingest(int argc, char **argv)
{
    store_opts o = {0};
    int i = parse_store_opts(argc, argv, &o);
    if (i < 0)
        return 2;
    dy_same_event_rule rule;
    char err[512];
    if (o.same_event && dy_same_event_parse(o.same_event, &rule, err, sizeof err))
        return die(err);
    dy_store *s = open_store(&o, 0);
    if (!s)
        return 2;
    if (o.same_event)
        dy_store_set_rule(s, &rule);
    ingest_ctx c = {.store = s, .started = now_seconds(), .progress = isatty(2)};
    int status = 0;
    if (o.events)
        status = ingest_events_file(&c, o.events);
    if (i < argc && !c.stopped) {
        char **files;
        int nfiles, rc = expand_inputs(argv + i, argc - i, &files, &nfiles);
        if (rc < 0)
            rc = 2;
        else {
            int rc2 = ingest_files(&c, &o, nfiles, files, 0);
            rc = rc2 > rc ? rc2 : rc;
            free_inputs(files, nfiles);
        }
        if (rc > status)
            status = rc;
    }
    report_progress(&c, 1);
    dy_ingest_stats st;
    dy_store_ingest_stats(s, &st);
    fprintf(stderr, "dyad: %s%ld documents, %ld event mentions: %ld new events, %ld "
                    "reports of events already stored\n",
            c.stopped ? "stopped after a store error; stored " : "stored ", st.documents,
            st.mentions, st.new_events, st.merged);
    dy_store_close(s);
    return status;
}

/* ---- events and export ----------------------------------------------------------- */

typedef struct print_ctx {
    int format;
    dy_buf buf;
    int err; /* out_write */
} print_ctx;

static int print_stored(const dy_stored_event *e, void *user)
{
    print_ctx *p = user;
    dy_buf_clear(&p->buf);
    dy_stored_row(&p->buf, p->format, e);
    return out_write(dy_buf_str(&p->buf), p->buf.len, &p->err) ? 1 : 0;
}

static int list_events(int argc, char **argv, const char *default_format, int exchange)
{
    store_opts o = {0};
    if (parse_query_opts(argc, argv, &o))
        return 2;
    int format;
    const char *name = o.format ? o.format : default_format;
    if (dy_stored_format_parse(name, &format) ||
        (exchange && format != DY_OUT_GDELT && format != DY_OUT_ICEWS && format != DY_OUT_PLOVER &&
         format != DY_OUT_JSONL && format != DY_OUT_CSV))
        return die(exchange ? "--format takes gdelt, icews, plover, jsonl or csv"
                            : "--format takes table, csv, jsonl, gdelt, icews or plover");
    dy_store *s = open_store(&o, 1);
    if (!s)
        return 2;
    int status = 0;
    print_ctx p = {.format = format, .buf = DY_BUF_INIT};
    if (o.count_only) {
        long n;
        if (dy_store_count(s, &o.filter, &n))
            status = 1, fprintf(stderr, "dyad: %s\n", dy_store_error(s));
        else
            out_printf(&p.err, "%ld\n", n);
    } else {
        dy_stored_header(&p.buf, format);
        /* a write error stops the query, which then reports no error of its own */
        if (!out_write(dy_buf_str(&p.buf), p.buf.len, &p.err) &&
            dy_store_events(s, &o.filter, print_stored, &p) && !p.err) {
            fprintf(stderr, "dyad: %s\n", dy_store_error(s));
            status = 1;
        }
    }
    if (out_finish(p.err))
        status = 1;
    dy_buf_free(&p.buf);
    dy_store_close(s);
    return status;
}

int cmd_events(int argc, char **argv) { return list_events(argc, argv, "table", 0); }
int cmd_export(int argc, char **argv) { return list_events(argc, argv, "plover", 1); }

/* ---- series ------------------------------------------------------------------------ */

/* Returns 0, or the errno of a failed write. */
static int print_series(const dy_series *sr, const char *format)
{
    int err = 0;
    int csv = !strcmp(format, "csv");
    if (!strcmp(format, "json") || !strcmp(format, "jsonl")) {
        for (int k = 0; k < sr->n; k++) {
            const dy_series_point *p = &sr->points[k];
            out_printf(&err, "{\"period\":\"%s\",\"start\":\"%s\",\"events\":%ld,\"verbal_cooperation\":%ld,"
                   "\"material_cooperation\":%ld,\"verbal_conflict\":%ld,\"material_conflict\":%ld,"
                   "\"goldstein_sum\":%.1f,\"goldstein_mean\":%.2f,\"net_cooperation\":%ld,"
                   "\"mentions\":%ld}\n",
                   p->period, p->start, p->events, p->quad[1], p->quad[2], p->quad[3], p->quad[4],
                   p->goldstein_sum, dy_series_mean(p), dy_series_net(p), p->mentions);
        }
        return err;
    }
    const char *fmt_h = csv ? "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n"
                            : "%-10s %-10s %6s %6s %6s %6s %6s %9s %7s %6s %8s\n";
    out_printf(&err, fmt_h, "period", "start", "events", "vcoop", "mcoop", "vconf", "mconf", "goldstein",
           "mean", "net", "mentions");
    for (int k = 0; k < sr->n; k++) {
        const dy_series_point *p = &sr->points[k];
        out_printf(&err, csv ? "%s,%s,%ld,%ld,%ld,%ld,%ld,%.1f,%.2f,%ld,%ld\r\n"
                   : "%-10s %-10s %6ld %6ld %6ld %6ld %6ld %9.1f %7.2f %6ld %8ld\n",
               p->period, p->start, p->events, p->quad[1], p->quad[2], p->quad[3], p->quad[4],
               p->goldstein_sum, dy_series_mean(p), dy_series_net(p), p->mentions);
    }
    return err;
}

/* "RUS ↔ BLR" / "RUS → BLR" / "all events"; the filter in a few words. */
static void describe(const store_opts *o, char *title, size_t tcap, char *sub, size_t scap,
                     const dy_series *sr)
{
    const dy_event_filter *f = &o->filter;
    if (f->source || f->target)
        snprintf(title, tcap, "%s %s %s: events by %s", f->source ? f->source : "any",
                 f->both_directions ? "\u2194" : "\u2192", f->target ? f->target : "any",
                 o->by ? o->by : "month");
    else if (f->actor)
        snprintf(title, tcap, "%s: events by %s", f->actor, o->by ? o->by : "month");
    else
        snprintf(title, tcap, "All events by %s", o->by ? o->by : "month");
    long events = 0, mentions = 0;
    for (int i = 0; i < sr->n; i++)
        events += sr->points[i].events, mentions += sr->points[i].mentions;
    snprintf(sub, scap, "%s to %s \u00b7 %ld events, %ld reports \u00b7 %s%s%s%s",
             sr->n ? sr->points[0].period : "-", sr->n ? sr->points[sr->n - 1].period : "-",
             events, mentions,
             !f->modality || !strcmp(f->modality, "asserted") ? "asserted events" : f->modality,
             f->roots ? " \u00b7 CAMEO roots " : "", f->roots ? f->roots : "",
             "");
}

static int plot_series(const store_opts *o, const dy_series *sr)
{
    char title[256], sub[512], err[512];
    describe(o, title, sizeof title, sub, sizeof sub, sr);
    if (dy_series_chart(sr, o->title ? o->title : title, sub, o->by ? o->by : "month", o->plot,
                        err, sizeof err)) {
        fprintf(stderr, "dyad: %s: %s\n", o->plot, err);
        return 1;
    }
    return 0;
}

int cmd_series(int argc, char **argv)
{
    store_opts o = {0};
    if (parse_query_opts(argc, argv, &o))
        return 2;
    int period = DY_BY_MONTH;
    if (o.by && dy_period_parse(o.by, &period))
        return die("--by takes day, week, month, quarter or year");
    const char *format = o.format ? o.format : "table";
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json") &&
        strcmp(format, "jsonl"))
        return die("--format takes table, csv or json");
    dy_store *s = open_store(&o, 1);
    if (!s)
        return 2;
    dy_series sr;
    int status = 0;
    if (dy_store_series(s, &o.filter, period, &sr)) {
        fprintf(stderr, "dyad: %s\n", dy_store_error(s));
        status = 1;
    } else {
        if (o.plot)
            status = plot_series(&o, &sr);
        else if (out_finish(print_series(&sr, format)))
            status = 1;
        if (sr.undated)
            fprintf(stderr, "dyad: %ld matching events have no date and are not in the series\n",
                    sr.undated);
        dy_series_free(&sr);
    }
    dy_store_close(s);
    return status;
}

/* ---- check ------------------------------------------------------------------------- */

/* dyad check --db DB: the store's structure, whatever its size. 0 sound, 1
 * damaged, 2 when it cannot be opened. */
int cmd_check(int argc, char **argv)
{
    store_opts o = {0};
    if (parse_query_opts(argc, argv, &o))
        return 2;
    char err[1024], found[400];
    dy_store *s = dy_store_open(o.db, 1, err, sizeof err);
    if (!s) {
        fprintf(stderr, "dyad: %s\n", err);
        return strstr(err, "the store is damaged") ? 1 : 2;
    }
    int damaged = dy_store_check(s, found, sizeof found);
    dy_store_close(s);
    if (damaged)
        fprintf(stderr, "dyad: %s: the store is damaged: %s\n", o.db, found);
    else
        printf("%s: ok\n", o.db);
    return damaged;
}
