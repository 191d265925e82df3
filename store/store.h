/* store/store.h - the event store: documents, events and their mentions,
 * in SQLite (a file) or PostgreSQL (a server), with one schema.
 *
 * GDELT 2.0 separates events from mentions; so does dyad. Each coded event
 * is a *mention*. When a mention agrees with an event already stored (the
 * same-event rule below), it is linked to that event instead of creating a
 * new one: one kidnapping reported by 300 articles is one event with 300
 * mentions. Series count events; mention counts are there when wanted.
 *
 * Ingest is transactional per document: a document's events become visible
 * together, and a crash leaves the store as it was before that document.
 * Ingesting a document id again replaces the earlier copy. */
#ifndef DY_STORE_H
#define DY_STORE_H
#include <stddef.h>

#include "dyad.h"

typedef struct dy_store dy_store;

enum dy_place_rule {
    DY_PLACE_ANY = 0,     /* places are not compared */
    DY_PLACE_COUNTRY = 1, /* known places must be in the same country */
    DY_PLACE_NAME = 2     /* known places must have the same name */
};

/* When two mentions are the same real-world event. Both must have the same
 * source and target actor codes and the same modality; then: */
typedef struct dy_same_event_rule {
    int enabled;     /* 0: every mention is an event of its own */
    int window_days; /* dates at most this many days apart (undated mentions never merge) */
    int code_digits; /* 0: the same CAMEO code; 2 or 3: the same first digits */
    int place;       /* enum dy_place_rule */
} dy_same_event_rule;

/* The default: same code, dates within 1 day, places in the same country. */
void dy_same_event_default(dy_same_event_rule *r);
/* Parses "window=2,code=root|3|full,place=any|country|name" or "off"; 0 on success. */
int dy_same_event_parse(const char *spec, dy_same_event_rule *r, char *err, size_t errlen);

/* Opens (creating and migrating when writable) the store at uri: a SQLite
 * path, or postgresql://... . NULL with a message in err on failure. A
 * SQLite file of at most DY_STORE_CHECK_BYTES is checked first (dy_store_check,
 * about 2 s per GB): a damaged one is refused, saying so; larger ones are
 * checked by dy_store_check (dyad check) only. */
#define DY_STORE_CHECK_BYTES ((long long)1 << 30)
dy_store *dy_store_open(const char *uri, int readonly, char *err, size_t errlen);
/* The store's structure (dy_db_check): 0 sound, 1 damaged (what was found in
 * out). A store dy_store_open checked is not read again. */
int dy_store_check(dy_store *s, char *out, size_t cap);
void dy_store_close(dy_store *s);
void dy_store_set_rule(dy_store *s, const dy_same_event_rule *r);
/* The message of the last failure. */
const char *dy_store_error(const dy_store *s);

/* ---- ingest: begin, add the document's events, commit ------------------ */

/* Starts a document's transaction. With replace, an earlier copy of doc_key
 * is removed in it; without, events are added to an earlier copy (for
 * events of one document that arrive in several batches). body may be NULL
 * (events ingested without their text). */
int dy_store_begin_document(dy_store *s, const char *doc_key, const char *date,
                            const char *origin, const char *body, size_t len, int replace);
int dy_store_add_event(dy_store *s, const dyad_event *ev);
int dy_store_commit_document(dy_store *s);
void dy_store_rollback_document(dy_store *s);

typedef struct dy_ingest_stats {
    long documents, mentions, new_events, merged; /* merged: mentions linked to a stored event */
} dy_ingest_stats;
void dy_store_ingest_stats(const dy_store *s, dy_ingest_stats *st);

/* ---- reading ------------------------------------------------------------ */

typedef struct dy_event_filter {
    const char *source, *target; /* actor code or its prefix ("RUS" matches RUSGOV) */
    int both_directions;         /* also target -> source */
    const char *actor;           /* on either side */
    const char *since, *until;   /* YYYY, YYYY-MM or YYYY-MM-DD, inclusive */
    const char *roots;           /* comma-separated CAMEO roots, e.g. "11,12" */
    const char *codes;           /* comma-separated CAMEO codes or prefixes */
    int quad;                    /* 1-4, 0 for any */
    const char *modality;        /* NULL or "asserted" (default), "all", or one modality */
    const char *plover;          /* PLOVER event type, e.g. "ACCUSE" */
    const char *text;            /* substring of a sentence that reported the event */
    const char *doc;             /* document key */
    long event_id;               /* 0 for any */
    long limit, offset;          /* limit 0: no limit */
    int newest_first;
} dy_event_filter;

typedef struct dy_stored_actor {
    const char *code, *country, *sector, *text;
} dy_stored_actor;

typedef struct dy_stored_event {
    long id;
    const char *date, *date_precision;
    dy_stored_actor source, target;
    const char *cameo, *root;
    int quad;
    double goldstein;
    const char *modality, *plover_event, *plover_mode, *plover_context;
    const char *place, *place_country;
    int has_coords;
    double lat, lon;
    long mentions, documents;
    /* The first mention: where the event was first reported. */
    const char *doc, *doc_date, *origin, *sentence_text, *verb, *pattern, *attribution;
    int sentence;
} dy_stored_event;

typedef int (*dy_stored_event_fn)(const dy_stored_event *ev, void *user);
/* Calls fn for each matching event (oldest first, by date then id). */
int dy_store_events(dy_store *s, const dy_event_filter *f, dy_stored_event_fn fn, void *user);
/* Counts matching events. */
int dy_store_count(dy_store *s, const dy_event_filter *f, long *count);

/* Mentions of one event: document key, sentence number, sentence text. */
typedef int (*dy_mention_fn)(const char *doc, int sentence, const char *text, const char *date,
                             void *user);
int dy_store_mentions(dy_store *s, long event_id, dy_mention_fn fn, void *user);

/* ---- series --------------------------------------------------------------- */

enum dy_period { DY_BY_DAY, DY_BY_WEEK, DY_BY_MONTH, DY_BY_QUARTER, DY_BY_YEAR };
int dy_period_parse(const char *name, int *period);

typedef struct dy_series_point {
    char period[16];     /* "2021-04-22", "2021-W16", "2021-04", "2021-Q2", "2021" */
    char start[11];      /* first day of the period */
    long quad[5];        /* events per quad class, [1]..[4] */
    long events, mentions;
    double goldstein_sum;
} dy_series_point;

typedef struct dy_series {
    dy_series_point *points; /* zero-filled, in time order */
    int n;
    long undated;            /* matching events without a date (not in points) */
} dy_series;

/* Builds a series over the filter's events; periods run from the filter's
 * since/until when given, else from the first to the last event. */
int dy_store_series(dy_store *s, const dy_event_filter *f, int period, dy_series *out);
void dy_series_free(dy_series *sr);
/* Goldstein mean of a point (0 when it has no events). */
double dy_series_mean(const dy_series_point *p);
/* Net cooperation: cooperative minus conflictual events (quads 1+2 - 3+4). */
long dy_series_net(const dy_series_point *p);

#endif
