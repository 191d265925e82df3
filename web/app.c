/* web/app.c - the JSON API and the embedded page. One table maps method and
 * path to a handler; every handler writes JSON into the response body.
 * Values from documents and requests reach the SQL only as parameters and
 * the page only as JSON strings (the page sets them as text, never markup). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "code/cameo.h"
#include "report/series_chart.h"
#include "report/stored.h"
#include "store/browse.h"
#include "store/store.h"
#include "time/date.h"
#include "web/app.h"
#include "web/query.h"

struct dy_web_app {
    dy_store *store;
    dyad_coder *coder;
    int allow_ingest;
    char backend[16];
};

dy_web_app *dy_web_app_new(const char *db_uri, const dyad_dict *dict, int allow_ingest,
                           char *err, size_t errlen)
{
    dy_web_app *app = calloc(1, sizeof *app);
    if (!app) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    app->allow_ingest = allow_ingest;
    snprintf(app->backend, sizeof app->backend, "%s",
             !strncmp(db_uri, "postgres", 8) ? "postgresql" : "sqlite");
    app->store = dy_store_open(db_uri, !allow_ingest, err, errlen);
    char found[400];
    if (app->store && dy_store_check(app->store, found, sizeof found)) {
        snprintf(err, errlen, "%s: the store is damaged (SQLite's quick_check: %s)", db_uri, found);
        dy_web_app_free(app);
        return NULL;
    }
    app->coder = app->store ? dyad_coder_new(dict) : NULL;
    if (!app->coder) {
        if (app->store)
            snprintf(err, errlen, "out of memory");
        dy_web_app_free(app);
        return NULL;
    }
    return app;
}

void dy_web_app_free(dy_web_app *app)
{
    if (!app)
        return;
    dyad_coder_free(app->coder);
    dy_store_close(app->store);
    free(app);
}

/* ---- JSON pieces ---------------------------------------------------------------- */

static void jstr(dy_buf *b, const char *key, const char *v, int comma)
{
    if (key)
        dy_buf_printf(b, "%s\"%s\":\"", comma ? "," : "", key);
    else
        dy_buf_puts(b, comma ? ",\"" : "\"");
    dy_buf_json_escape(b, v ? v : "", v ? strlen(v) : 0);
    dy_buf_putc(b, '"');
}

static void jlong(dy_buf *b, const char *key, long v, int comma)
{
    dy_buf_printf(b, "%s\"%s\":%ld", comma ? "," : "", key, v);
}

static void reply_json(dy_web_response *r, int status)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
}

static void reply_error(dy_web_response *r, int status, const char *msg)
{
    dy_buf_clear(&r->body);
    dy_buf_puts(&r->body, "{");
    jstr(&r->body, "error", msg, 0);
    dy_buf_puts(&r->body, "}\n");
    reply_json(r, status);
}

static const char *arg(const dy_web_request *req, const char *key)
{
    for (int i = 0; i < req->nargs; i++)
        if (!strcmp(req->args[i].key, key))
            return req->args[i].value;
    return NULL;
}

/* Applies the request's query parameters; 0, or -1 after a 400 reply. */
static int read_query(const dy_web_request *req, dy_web_query *q, dy_web_response *r)
{
    char err[256];
    dy_web_query_init(q);
    for (int i = 0; i < req->nargs; i++)
        if (dy_web_query_set(q, req->args[i].key, req->args[i].value, err, sizeof err)) {
            reply_error(r, 400, err);
            return -1;
        }
    return 0;
}

static void store_failed(dy_web_app *app, dy_web_response *r)
{
    const char *msg = dy_store_error(app->store);
    /* The store's own checks (a bad code list, say) are the caller's doing. */
    reply_error(r, strncmp(msg, "bad ", 4) ? 500 : 400, msg);
}

/* ---- /api/info, /api/cameo ----------------------------------------------------------- */

static void api_info(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    (void)req;
    dy_store_totals t;
    if (dy_browse_totals(app->store, &t)) {
        store_failed(app, r);
        return;
    }
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{");
    jstr(b, "version", DYAD_VERSION, 0);
    jstr(b, "backend", app->backend, 1);
    dy_buf_printf(b, ",\"allow_ingest\":%s,\"max_body\":%u", app->allow_ingest ? "true" : "false",
                  DY_WEB_MAX_BODY);
    jlong(b, "events", t.events, 1);
    jlong(b, "mentions", t.mentions, 1);
    jlong(b, "documents", t.documents, 1);
    jstr(b, "first", t.first, 1);
    jstr(b, "last", t.last, 1);
    dy_buf_puts(b, "}\n");
    reply_json(r, 200);
}

static void api_cameo(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    (void)app, (void)req;
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{\"codes\":[");
    for (int i = 0, n = 0; i < dy_cameo_count(); i++) {
        const dy_cameo_info *c = dy_cameo_at(i);
        dy_buf_printf(b, "%s{", n++ ? "," : "");
        jstr(b, "code", c->code, 0);
        jstr(b, "name", c->name, 1);
        dy_buf_printf(b, ",\"quad\":%d,\"goldstein\":%.1f}", c->quad, c->goldstein);
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

/* ---- /api/events ------------------------------------------------------------------------- */

typedef struct event_list {
    dy_buf *b;
    int n;
} event_list;

/* The stored-event JSON Lines record without its newline. */
static int list_event(const dy_stored_event *e, void *user)
{
    event_list *l = user;
    if (l->n++)
        dy_buf_putc(l->b, ',');
    dy_stored_row(l->b, DY_OUT_JSONL, e);
    if (l->b->len && l->b->p[l->b->len - 1] == '\n')
        l->b->p[--l->b->len] = '\0';
    return 0;
}

static void api_events(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    long total;
    if (dy_store_count(app->store, &q.filter, &total)) {
        store_failed(app, r);
        return;
    }
    dy_buf *b = &r->body;
    dy_buf_printf(b, "{\"total\":%ld,\"limit\":%ld,\"offset\":%ld,\"events\":[", total,
                  q.filter.limit, q.filter.offset);
    event_list l = {b, 0};
    if (dy_store_events(app->store, &q.filter, list_event, &l)) {
        store_failed(app, r);
        return;
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

typedef struct one_event {
    dy_buf event;
    char sentence[4096], date[11];
    int found;
} one_event;

static int keep_event(const dy_stored_event *e, void *user)
{
    one_event *o = user;
    o->found = 1;
    dy_stored_row(&o->event, DY_OUT_JSONL, e);
    snprintf(o->sentence, sizeof o->sentence, "%s", e->sentence_text);
    snprintf(o->date, sizeof o->date, "%s", e->doc_date);
    return 1;
}

static int list_mention(const char *doc, int sentence, const char *text, const char *date,
                        void *user)
{
    event_list *l = user;
    dy_buf_puts(l->b, l->n++ ? ",{" : "{");
    jstr(l->b, "doc", doc, 0);
    dy_buf_printf(l->b, ",\"sentence\":%d", sentence);
    jstr(l->b, "text", text, 1);
    jstr(l->b, "date", date, 1);
    dy_buf_putc(l->b, '}');
    return 0;
}

/* GET /api/events/ID: the event, every sentence that reported it, and how
 * the first of them is coded (the dictionary entries behind the event). */
static void api_event(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    char *end;
    long id = strtol(req->path + strlen("/api/events/"), &end, 10);
    if (*end || id <= 0) {
        reply_error(r, 404, "no such event (want /api/events/ID)");
        return;
    }
    dy_event_filter f = {.event_id = id, .modality = "all", .limit = 1};
    one_event o = {.event = DY_BUF_INIT};
    if (dy_store_events(app->store, &f, keep_event, &o) || !o.found) {
        dy_buf_free(&o.event);
        if (o.found)
            store_failed(app, r);
        else
            reply_error(r, 404, "no such event");
        return;
    }
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{\"event\":");
    dy_buf_append(b, o.event.p, o.event.len ? o.event.len - 1 : 0);
    dy_buf_free(&o.event);
    dy_buf_puts(b, ",\"mentions\":[");
    event_list l = {b, 0};
    if (dy_store_mentions(app->store, id, list_mention, &l)) {
        store_failed(app, r);
        return;
    }
    char *why = dyad_explain(app->coder, o.sentence, o.date[0] ? o.date : NULL);
    dy_buf_puts(b, "]");
    jstr(b, "explanation", why ? why : "", 1);
    free(why);
    dy_buf_puts(b, "}\n");
    reply_json(r, 200);
}

/* ---- /api/series, /api/dyads ---------------------------------------------------------- */

static void api_series(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    q.filter.limit = 0;
    dy_series sr;
    if (dy_store_series(app->store, &q.filter, q.period, &sr)) {
        store_failed(app, r);
        return;
    }
    static const char *const periods[] = {"day", "week", "month", "quarter", "year"};
    dy_buf *b = &r->body;
    dy_buf_printf(b, "{\"by\":\"%s\",\"undated\":%ld,\"points\":[", periods[q.period], sr.undated);
    for (int i = 0; i < sr.n; i++) {
        const dy_series_point *p = &sr.points[i];
        dy_buf_printf(b, "%s{\"period\":\"%s\",\"start\":\"%s\",\"events\":%ld,\"quad\":[%ld,%ld,%ld,%ld],"
                         "\"goldstein_mean\":%.2f,\"net_cooperation\":%ld,\"mentions\":%ld}",
                      i ? "," : "", p->period, p->start, p->events, p->quad[1], p->quad[2],
                      p->quad[3], p->quad[4], dy_series_mean(p), dy_series_net(p), p->mentions);
    }
    dy_buf_puts(b, "]}\n");
    dy_series_free(&sr);
    reply_json(r, 200);
}

/* "USA <-> RUS", "USA -> anyone", "all events": what a chart shows. */
static void series_title(const dy_event_filter *f, char *out, size_t cap)
{
    if (!f->source && !f->target && !f->actor)
        snprintf(out, cap, "all events");
    else if (f->actor && !f->source && !f->target)
        snprintf(out, cap, "%s and anyone", f->actor);
    else
        snprintf(out, cap, "%s %s %s", f->source ? f->source : "anyone",
                 f->both_directions ? "\xe2\x86\x94" : "\xe2\x86\x92",
                 f->target ? f->target : "anyone");
}

/* GET /api/chart.svg: the series as the CLI draws it (report/chart.h), which
 * draws at most 100,000 periods (MAX_PERIODS in report/chart.c). */
#define DY_WEB_MAX_CHART_PERIODS 100000
static void api_chart(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    static const char *const periods[] = {"day", "week", "month", "quarter", "year"};
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    q.filter.limit = 0;
    dy_series sr;
    if (dy_store_series(app->store, &q.filter, q.period, &sr)) {
        store_failed(app, r);
        return;
    }
    if (sr.n > DY_WEB_MAX_CHART_PERIODS) {
        char msg[160];
        snprintf(msg, sizeof msg, "bad range: %d periods, a chart shows at most %d; narrow the "
                                  "dates or use a longer period (by=week, month, quarter, year)",
                 sr.n, DY_WEB_MAX_CHART_PERIODS);
        dy_series_free(&sr);
        reply_error(r, 400, msg);
        return;
    }
    char title[160], err[256];
    series_title(&q.filter, title, sizeof title);
    char *svg = dy_series_chart_svg(&sr, title, "events by quad class; Goldstein mean",
                                    periods[q.period], 1200, 420, err, sizeof err);
    dy_series_free(&sr);
    if (!svg) {
        reply_error(r, 500, err);
        return;
    }
    dy_buf_puts(&r->body, svg);
    free(svg);
    r->status = 200;
    r->content_type = "image/svg+xml; charset=utf-8";
}

static int list_dyad(const dy_dyad_stats *d, void *user)
{
    event_list *l = user;
    dy_buf_puts(l->b, l->n++ ? ",{" : "{");
    jstr(l->b, "source", d->source, 0);
    jstr(l->b, "target", d->target, 1);
    dy_buf_printf(l->b, ",\"events\":%ld,\"mentions\":%ld,\"quad\":[%ld,%ld,%ld,%ld],"
                        "\"goldstein_mean\":%.2f}",
                  d->events, d->mentions, d->quad[1], d->quad[2], d->quad[3], d->quad[4],
                  d->events ? d->goldstein_sum / (double)d->events : 0.0);
    return 0;
}

static void api_dyads(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{\"dyads\":[");
    event_list l = {b, 0};
    if (dy_browse_top_dyads(app->store, q.filter.since, q.filter.until,
                            arg(req, "limit") ? q.filter.limit : 20, list_dyad, &l)) {
        store_failed(app, r);
        return;
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

/* ---- /api/documents, /api/document, /api/search ------------------------------------------- */

static int list_doc(const dy_stored_doc *d, void *user)
{
    event_list *l = user;
    dy_buf_puts(l->b, l->n++ ? ",{" : "{");
    jstr(l->b, "doc", d->key, 0);
    jstr(l->b, "date", d->date, 1);
    jstr(l->b, "origin", d->origin, 1);
    jstr(l->b, "ingested_at", d->ingested_at, 1);
    jlong(l->b, "events", d->events, 1);
    if (d->body)
        jstr(l->b, "text", d->body, 1);
    dy_buf_putc(l->b, '}');
    return 0;
}

static void api_documents(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{\"documents\":[");
    event_list l = {b, 0};
    if (dy_browse_documents(app->store, q.filter.limit, q.filter.offset, list_doc, &l)) {
        store_failed(app, r);
        return;
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

static int list_sentence(int idx, const char *text, long events, void *user)
{
    event_list *l = user;
    dy_buf_printf(l->b, "%s{\"index\":%d", l->n++ ? "," : "", idx);
    jstr(l->b, "text", text, 1);
    jlong(l->b, "events", events, 1);
    dy_buf_putc(l->b, '}');
    return 0;
}

static void api_document(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    if (!q.doc[0]) {
        reply_error(r, 400, "missing parameter 'doc' (a document key)");
        return;
    }
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{\"document\":");
    event_list docs = {b, 0};
    if (dy_browse_document(app->store, q.doc, list_doc, NULL, &docs)) {
        store_failed(app, r);
        return;
    }
    if (docs.n == 0) {
        reply_error(r, 404, "no such document");
        return;
    }
    dy_buf_puts(b, ",\"sentences\":[");
    event_list l = {b, 0};
    if (dy_browse_document(app->store, q.doc, NULL, list_sentence, &l)) {
        store_failed(app, r);
        return;
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

static int list_hit(const dy_search_hit *h, void *user)
{
    event_list *l = user;
    dy_buf_puts(l->b, l->n++ ? ",{" : "{");
    jstr(l->b, "doc", h->doc, 0);
    dy_buf_printf(l->b, ",\"sentence\":%d", h->sentence);
    jstr(l->b, "text", h->text, 1);
    jlong(l->b, "events", h->events, 1);
    jlong(l->b, "first_event", h->first_event, 1);
    dy_buf_putc(l->b, '}');
    return 0;
}

static void api_search(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    dy_web_query q;
    if (read_query(req, &q, r))
        return;
    dy_buf *b = &r->body;
    dy_buf_puts(b, "{");
    jstr(b, "q", q.q, 0);
    dy_buf_puts(b, ",\"hits\":[");
    event_list l = {b, 0};
    if (dy_browse_search(app->store, q.q, q.filter.limit, q.filter.offset, list_hit, &l)) {
        store_failed(app, r);
        return;
    }
    dy_buf_puts(b, "]}\n");
    reply_json(r, 200);
}

/* ---- POST /api/code and /api/ingest ---------------------------------------------------------- */

typedef struct coded {
    dy_buf events, sentences;
    int nevents, nsentences, last_sentence;
    dy_store *store; /* set when storing */
    int failed;
} coded;

/* Appends dyad's JSON record of ev without its opening '{' and its final
 * newline, so that fields can be put in front. */
static void event_fields(dy_buf *b, const dyad_event *ev)
{
    char line[4096];
    size_t n = dyad_format_event(ev, DYAD_FORMAT_JSON, line, sizeof line);
    char *text = n < sizeof line ? line : malloc(n + 1);
    if (!text) {
        dy_buf_puts(b, "\"error\":\"out of memory\"}");
        return;
    }
    if (text != line)
        dyad_format_event(ev, DYAD_FORMAT_JSON, text, n + 1);
    if (n >= 2)
        dy_buf_append(b, text + 1, n - 2);
    if (text != line)
        free(text);
}

/* An event as dyad's JSON record with the CAMEO label in front. */
static int collect_event(const dyad_event *ev, void *user)
{
    coded *c = user;
    if (c->store && dy_store_add_event(c->store, ev)) {
        c->failed = 1;
        return 1;
    }
    const dy_cameo_info *info = dy_cameo_lookup(ev->cameo);
    dy_buf_puts(&c->events, c->nevents++ ? ",{" : "{");
    jstr(&c->events, "label", info ? info->name : "", 0);
    dy_buf_putc(&c->events, ',');
    event_fields(&c->events, ev);
    if (ev->sentence != c->last_sentence) {
        c->last_sentence = ev->sentence;
        dy_buf_printf(&c->sentences, "%s{\"index\":%d", c->nsentences++ ? "," : "", ev->sentence);
        jstr(&c->sentences, "text", ev->text, 1);
        dy_buf_putc(&c->sentences, '}');
    }
    return 0;
}

typedef struct code_input {
    json_t *root;
    const char *id, *date, *text;
    char header_date[11]; /* the date in the text's header, when none is given */
    char made_id[32];     /* "pasted-" and a hash of the text, when no id is given */
    size_t len;
    int all_modalities;
} code_input;

/* "pasted-" and the FNV-1a hash of the text: a document sent without an id
 * replaces only an earlier copy of itself, never another pasted text. */
static void make_id(code_input *in)
{
    unsigned long long h = 14695981039346656037ull;
    for (size_t i = 0; i < in->len; i++)
        h = (h ^ (unsigned char)in->text[i]) * 1099511628211ull;
    snprintf(in->made_id, sizeof in->made_id, "pasted-%016llx", h);
    in->id = in->made_id;
}

/* NULL when id can be stored and asked for again; else why not. */
static const char *bad_id(const char *id, char *why, size_t cap)
{
    if (strlen(id) > 255)
        return "document id longer than 255 bytes";
    for (const unsigned char *c = (const unsigned char *)id; *c; c++)
        if (*c < 0x20 || *c == 0x7f) {
            snprintf(why, cap, "document id has a control character (0x%02x) at byte %td", *c,
                     (const char *)c - id + 1);
            return why;
        }
    return NULL;
}

/* The fields other than text; 0, or -1 after a 400 reply. */
static int read_code_options(code_input *in, dy_web_response *r)
{
    json_t *id = json_object_get(in->root, "id"), *date = json_object_get(in->root, "date");
    json_t *mod = json_object_get(in->root, "modality");
    const char *m = json_is_string(mod) ? json_string_value(mod) : "";
    if ((mod && !json_is_string(mod)) || (m[0] && strcmp(m, "all") && strcmp(m, "asserted"))) {
        reply_error(r, 400, "bad modality: want \"asserted\" (the default) or \"all\"");
        return -1;
    }
    in->all_modalities = !strcmp(m, "all");
    if (json_is_string(id) && json_string_length(id))
        in->id = json_string_value(id);
    else
        make_id(in);
    char why[96];
    const char *bad = bad_id(in->id, why, sizeof why);
    if (bad) {
        reply_error(r, 400, bad);
        return -1;
    }
    in->date = json_is_string(date) ? json_string_value(date) : "";
    dy_date found;
    if (!in->date[0] && dy_date_find_in_header(in->text, in->len, &found) &&
        dy_date_format(found, in->header_date) == 0)
        in->date = in->header_date; /* as `dyad code` does with a plain text file */
    if (in->date[0] && dy_date_parse_iso(in->date, &found)) {
        reply_error(r, 400, "bad date: want YYYY-MM-DD, a day of the calendar");
        return -1;
    }
    return 0;
}

/* Reads {"text": ..., "id": ..., "date": ..., "modality": "all"}; 0, or -1
 * after a 400 reply. */
static int read_code_input(const dy_web_request *req, code_input *in, dy_web_response *r)
{
    json_error_t jerr;
    in->root = json_loadb(req->body ? req->body : "", req->body_len, 0, &jerr);
    json_t *text = in->root ? json_object_get(in->root, "text") : NULL;
    if (!json_is_string(text)) {
        reply_error(r, 400, "want a JSON object {\"text\": \"...\", \"id\": \"...\", "
                            "\"date\": \"YYYY-MM-DD\"}");
        return -1;
    }
    in->text = json_string_value(text);
    in->len = json_string_length(text);
    return read_code_options(in, r);
}

static int begin_storing(dy_web_app *app, const code_input *in, coded *c)
{
    if (dy_store_begin_document(app->store, in->id, in->date, "web", in->text, in->len, 1))
        return -1;
    c->store = app->store;
    return 0;
}

static void code_or_ingest(dy_web_app *app, const dy_web_request *req, dy_web_response *r,
                           int store)
{
    if (store && !app->allow_ingest) {
        reply_error(r, 403, "this server is read-only: start it with --allow-ingest to store "
                            "documents");
        return;
    }
    code_input in = {0};
    if (read_code_input(req, &in, r)) {
        json_decref(in.root);
        return;
    }
    coded c = {.events = DY_BUF_INIT, .sentences = DY_BUF_INIT};
    char err[512] = "";
    dyad_coder_set_modality(app->coder, in.all_modalities ? DYAD_ALL_MODALITIES : DYAD_ASSERTED_ONLY);
    long n = -1;
    if (!store || begin_storing(app, &in, &c) == 0)
        n = dyad_code_document(app->coder, in.id, in.date, in.text, in.len, collect_event, &c,
                               err, sizeof err);
    if (store && c.store && (n < 0 || c.failed || dy_store_commit_document(app->store))) {
        dy_store_rollback_document(app->store);
        n = -1;
    }
    if (n < 0) {
        reply_error(r, 500, err[0] ? err : dy_store_error(app->store));
    } else {
        dy_buf *b = &r->body;
        dy_buf_puts(b, "{");
        jstr(b, "doc", in.id, 0);
        jstr(b, "date", in.date, 1);
        dy_buf_printf(b, ",\"stored\":%s,\"count\":%ld,\"sentences\":[%s],\"events\":[%s]}\n",
                      store ? "true" : "false", n, dy_buf_str(&c.sentences), dy_buf_str(&c.events));
        reply_json(r, 200);
    }
    dy_buf_free(&c.events);
    dy_buf_free(&c.sentences);
    json_decref(in.root);
}

/* POST /api/explain {"text": SENTENCE, "date": "YYYY-MM-DD"}: dyad explain. */
static void api_explain(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    code_input in = {0};
    if (read_code_input(req, &in, r) == 0) {
        char *why = dyad_explain(app->coder, in.text, in.date[0] ? in.date : NULL);
        if (!why) {
            reply_error(r, 500, "out of memory");
        } else {
            dy_buf_puts(&r->body, "{");
            jstr(&r->body, "explanation", why, 0);
            dy_buf_puts(&r->body, "}\n");
            free(why);
            reply_json(r, 200);
        }
    }
    json_decref(in.root);
}

static void api_code(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    code_or_ingest(app, req, r, 0);
}

static void api_ingest(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    code_or_ingest(app, req, r, 1);
}

/* ---- routing ------------------------------------------------------------------------------ */

typedef void (*handler)(dy_web_app *app, const dy_web_request *req, dy_web_response *r);

typedef struct route {
    const char *method, *path;
    int prefix; /* path is a prefix (the rest is an id) */
    handler fn;
} route;

static const route routes[] = {
    {"GET", "/api/info", 0, api_info},
    {"GET", "/api/cameo", 0, api_cameo},
    {"GET", "/api/events", 0, api_events},
    {"GET", "/api/events/", 1, api_event},
    {"GET", "/api/series", 0, api_series},
    {"GET", "/api/chart.svg", 0, api_chart},
    {"GET", "/api/dyads", 0, api_dyads},
    {"GET", "/api/documents", 0, api_documents},
    {"GET", "/api/document", 0, api_document},
    {"GET", "/api/search", 0, api_search},
    {"POST", "/api/code", 0, api_code},
    {"POST", "/api/ingest", 0, api_ingest},
    {"POST", "/api/explain", 0, api_explain},
};

static int serve_asset(const dy_web_request *req, dy_web_response *r)
{
    const char *path = !strcmp(req->path, "/") ? "/index.html" : req->path;
    for (int i = 0; i < dy_web_nassets; i++)
        if (!strcmp(path, dy_web_assets[i].path)) {
            r->status = 200;
            r->content_type = dy_web_assets[i].content_type;
            r->data = dy_web_assets[i].data;
            r->data_len = dy_web_assets[i].len;
            r->cacheable = 1;
            return 1;
        }
    return 0;
}

/* A cross-site page can send a form as text/plain without asking; it
 * cannot send application/json without a CORS preflight we never answer. */
static int is_json(const char *content_type)
{
    static const char json[] = "application/json"; /* media types ignore case (RFC 9110) */
    if (!content_type || strncasecmp(content_type, json, sizeof json - 1))
        return 0;
    char after = content_type[sizeof json - 1];
    return after == '\0' || after == ';' || after == ' ' || after == '\t';
}

void dy_web_handle(dy_web_app *app, const dy_web_request *req, dy_web_response *r)
{
    int path_known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const route *rt = &routes[i];
        int match = rt->prefix ? !strncmp(req->path, rt->path, strlen(rt->path))
                               : !strcmp(req->path, rt->path);
        if (!match)
            continue;
        path_known = 1;
        if (strcmp(req->method, rt->method))
            continue;
        if (!strcmp(rt->method, "POST") && !is_json(req->content_type)) {
            reply_error(r, 415, "send the body as application/json");
            return;
        }
        rt->fn(app, req, r);
        return;
    }
    if (!path_known && (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD")) &&
        serve_asset(req, r))
        return;
    if (path_known)
        reply_error(r, 405, "method not allowed");
    else
        reply_error(r, 404, "not found");
}
