/* store/browse.h - what a person browsing the store reads besides events:
 * totals, the most active dyads, a document and its sentences, and
 * full-text search over sentences (SQLite FTS5, PostgreSQL tsvector).
 *
 * Like dy_store_events, every function passes rows to a callback; the
 * strings are valid only during the call. All return 0 on success and -1
 * with a message in dy_store_error() on failure. */
#ifndef DY_BROWSE_H
#define DY_BROWSE_H
#include "store/store.h"

typedef struct dy_store_totals {
    long events, mentions, documents;
    char first[11], last[11]; /* earliest and latest event date, "" when none */
} dy_store_totals;
int dy_browse_totals(dy_store *s, dy_store_totals *t);

typedef struct dy_dyad_stats {
    const char *source, *target;
    long events, mentions;
    long quad[5]; /* events per quad class, [1]..[4] */
    double goldstein_sum;
} dy_dyad_stats;
typedef int (*dy_dyad_fn)(const dy_dyad_stats *d, void *user);

/* The limit most active source -> target pairs by asserted events, most
 * first. since and until (NULL for open) are YYYY, YYYY-MM or YYYY-MM-DD,
 * inclusive. */
int dy_browse_top_dyads(dy_store *s, const char *since, const char *until, long limit,
                        dy_dyad_fn fn, void *user);

typedef struct dy_stored_doc {
    const char *key, *date, *origin, *ingested_at;
    long events;    /* event mentions stored from it */
    int has_body;   /* its text was stored */
    const char *body; /* that text: only from dy_browse_document, else NULL */
} dy_stored_doc;
typedef int (*dy_doc_fn)(const dy_stored_doc *d, void *user);
typedef int (*dy_sentence_fn)(int idx, const char *text, long events, void *user);

/* Documents, newest ingest first. */
int dy_browse_documents(dy_store *s, long limit, long offset, dy_doc_fn fn, void *user);
/* One document (fn is not called when there is no such key) and, when
 * sentence_fn is not NULL, its stored sentences in order with the number of
 * event mentions in each. */
int dy_browse_document(dy_store *s, const char *key, dy_doc_fn fn, dy_sentence_fn sentence_fn,
                       void *user);

typedef struct dy_search_hit {
    const char *doc;
    int sentence;
    const char *text;
    long events;     /* distinct events reported by this sentence */
    long first_event;/* the lowest of their ids, 0 when none */
} dy_search_hit;
typedef int (*dy_hit_fn)(const dy_search_hit *h, void *user);

/* Sentences holding every word of words (case and, in SQLite, accents
 * ignored), best matches first (FTS5 rank, PostgreSQL ts_rank), then the
 * newest documents. Only the words matter: punctuation and search syntax in
 * words are ignored. At most 16 words. */
int dy_browse_search(dy_store *s, const char *words, long limit, long offset, dy_hit_fn fn,
                     void *user);

/* Builds SQLite FTS5 query text from a person's words: each word quoted
 * (so no FTS5 syntax survives), all required. Returns the number of words
 * (0: nothing to search), or -1 when out does not have room. */
int dy_browse_fts_query(const char *words, char *out, size_t cap);

#endif
