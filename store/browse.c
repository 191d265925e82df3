/* store/browse.c - totals, top dyads, documents and full-text search.
 * Every value from a person travels as a parameter; the only SQL that
 * differs between the backends is the full-text search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/browse.h"
#include "store/internal.h"

#define S(i) (v[i] ? v[i] : "")

static int run(dy_store *s, const char *sql, int n, const char *const *params, dy_db_row_fn fn,
               void *user)
{
    dy_db *db = dy_store_db(s);
    if (dy_db_query(db, sql, n, params, fn, user)) {
        dy_store_set_error(s, db->err);
        return -1;
    }
    return 0;
}

static void fmt_long(char out[24], long v) { snprintf(out, 24, "%ld", v); }

/* ---- totals ------------------------------------------------------------------ */

static int totals_row(int n, const char *const *v, void *user)
{
    dy_store_totals *t = user;
    if (n < 5)
        return 1;
    t->events = atol(S(0));
    t->mentions = atol(S(1));
    snprintf(t->first, sizeof t->first, "%s", S(2));
    snprintf(t->last, sizeof t->last, "%s", S(3));
    t->documents = atol(S(4));
    return 0;
}

int dy_browse_totals(dy_store *s, dy_store_totals *t)
{
    memset(t, 0, sizeof *t);
    return run(s,
               "SELECT count(*), coalesce(sum(mentions), 0),"
               " coalesce(min(CASE WHEN date <> '' THEN date END), ''), coalesce(max(date), ''),"
               " (SELECT count(*) FROM documents) FROM events",
               0, NULL, totals_row, t);
}

/* ---- top dyads ------------------------------------------------------------------ */

typedef struct dyad_rows {
    dy_dyad_fn fn;
    void *user;
} dyad_rows;

static int dyad_row(int n, const char *const *v, void *user)
{
    dyad_rows *r = user;
    if (n < 9)
        return 1;
    dy_dyad_stats d = {.source = S(0), .target = S(1), .events = atol(S(2)),
                       .mentions = atol(S(3)), .goldstein_sum = atof(S(8))};
    for (int q = 1; q <= 4; q++)
        d.quad[q] = atol(S(3 + q));
    return r->fn(&d, r->user);
}

/* A since/until bound compares with the dates' prefix of its own length,
 * so "2024", "2024-02" and "2024-02-24" all work as inclusive bounds. */
int dy_browse_top_dyads(dy_store *s, const char *since, const char *until, long limit,
                        dy_dyad_fn fn, void *user)
{
    char lim[24];
    fmt_long(lim, limit > 0 ? limit : 20);
    const char *p[] = {since ? since : "", until ? until : "", lim};
    dyad_rows rows = {fn, user};
    return run(s,
               "SELECT e.source, e.target, count(*), sum(e.mentions),"
               " sum(CASE WHEN e.quad = 1 THEN 1 ELSE 0 END),"
               " sum(CASE WHEN e.quad = 2 THEN 1 ELSE 0 END),"
               " sum(CASE WHEN e.quad = 3 THEN 1 ELSE 0 END),"
               " sum(CASE WHEN e.quad = 4 THEN 1 ELSE 0 END), sum(e.goldstein)"
               " FROM events e WHERE e.modality = 'asserted'"
               " AND (CAST($1 AS TEXT) = '' OR e.date >= CAST($1 AS TEXT))"
               " AND (CAST($2 AS TEXT) = '' OR (e.date <> ''"
               "      AND substr(e.date, 1, length(CAST($2 AS TEXT))) <= CAST($2 AS TEXT)))"
               " GROUP BY e.source, e.target ORDER BY count(*) DESC, e.source, e.target"
               " LIMIT CAST($3 AS INTEGER)",
               3, p, dyad_row, &rows);
}

/* ---- documents ---------------------------------------------------------------------- */

typedef struct doc_rows {
    dy_doc_fn fn;
    dy_sentence_fn sentence_fn;
    void *user;
} doc_rows;

static int doc_row(int n, const char *const *v, void *user)
{
    doc_rows *r = user;
    if (n < 6)
        return 1;
    dy_stored_doc d = {.key = S(0), .date = S(1), .origin = S(2), .ingested_at = S(3),
                       .events = atol(S(4)), .has_body = atoi(S(5)) != 0,
                       .body = n > 6 ? S(6) : NULL};
    return r->fn(&d, r->user);
}

#define DOC_COLUMNS                                                                               \
    "SELECT doc_key, date, origin, ingested_at, events, CASE WHEN body IS NULL THEN 0 ELSE 1 END"
static const char doc_columns[] = DOC_COLUMNS " FROM documents";
static const char doc_columns_body[] = DOC_COLUMNS ", body FROM documents";

int dy_browse_documents(dy_store *s, long limit, long offset, dy_doc_fn fn, void *user)
{
    char lim[24], off[24], sql[256];
    fmt_long(lim, limit > 0 ? limit : 50);
    fmt_long(off, offset > 0 ? offset : 0);
    const char *p[] = {lim, off};
    snprintf(sql, sizeof sql,
             "%s ORDER BY id DESC LIMIT CAST($1 AS INTEGER) OFFSET CAST($2 AS INTEGER)",
             doc_columns);
    doc_rows rows = {fn, NULL, user};
    return run(s, sql, 2, p, doc_row, &rows);
}

static int sentence_row(int n, const char *const *v, void *user)
{
    doc_rows *r = user;
    return n < 3 ? 1 : r->sentence_fn(atoi(S(0)), S(1), atol(S(2)), r->user);
}

int dy_browse_document(dy_store *s, const char *key, dy_doc_fn fn, dy_sentence_fn sentence_fn,
                       void *user)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE doc_key = $1", doc_columns_body);
    const char *p[] = {key};
    doc_rows rows = {fn, sentence_fn, user};
    if (fn && run(s, sql, 1, p, doc_row, &rows))
        return -1;
    if (!sentence_fn)
        return 0;
    return run(s,
               "SELECT st.idx, st.text, (SELECT count(*) FROM mentions m"
               "   WHERE m.doc_id = st.doc_id AND m.sentence = st.idx)"
               " FROM sentences st JOIN documents d ON d.id = st.doc_id"
               " WHERE d.doc_key = $1 ORDER BY st.idx",
               1, p, sentence_row, &rows);
}

/* ---- full-text search ----------------------------------------------------------------- */

static int word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

#define MAX_WORDS 16

int dy_browse_fts_query(const char *words, char *out, size_t cap)
{
    size_t n = 0;
    int count = 0;
    if (cap == 0)
        return -1;
    out[0] = '\0';
    for (const unsigned char *p = (const unsigned char *)words; *p && count < MAX_WORDS;) {
        if (!word_byte(*p)) {
            p++;
            continue;
        }
        const unsigned char *start = p;
        while (*p && word_byte(*p))
            p++;
        size_t len = (size_t)(p - start);
        /* A quoted word needs its two quotes and a space; words hold no quote. */
        if (n + len + 4 > cap)
            return -1;
        if (count++)
            out[n++] = ' ';
        out[n++] = '"';
        memcpy(out + n, start, len);
        n += len;
        out[n++] = '"';
        out[n] = '\0';
    }
    return count;
}

typedef struct hit_rows {
    dy_hit_fn fn;
    void *user;
} hit_rows;

static int hit_row(int n, const char *const *v, void *user)
{
    hit_rows *r = user;
    if (n < 5)
        return 1;
    dy_search_hit h = {.doc = S(0), .sentence = atoi(S(1)), .text = S(2), .events = atol(S(3)),
                       .first_event = atol(S(4))};
    return r->fn(&h, r->user);
}

#define HIT_COLUMNS                                                                               \
    "SELECT d.doc_key, st.idx, st.text,"                                                         \
    " (SELECT count(DISTINCT m.event_id) FROM mentions m"                                        \
    "   WHERE m.doc_id = st.doc_id AND m.sentence = st.idx),"                                   \
    " (SELECT coalesce(min(m.event_id), 0) FROM mentions m"                                      \
    "   WHERE m.doc_id = st.doc_id AND m.sentence = st.idx)"

static const char search_sqlite[] =
    HIT_COLUMNS
    " FROM sentences_fts f"
    " JOIN sentences st ON st.doc_id = f.rowid / 1048576 AND st.idx = f.rowid % 1048576"
    " JOIN documents d ON d.id = st.doc_id"
    " WHERE sentences_fts MATCH $1 ORDER BY f.rank, st.doc_id DESC, st.idx"
    " LIMIT CAST($2 AS INTEGER) OFFSET CAST($3 AS INTEGER)";

static const char search_postgres[] =
    HIT_COLUMNS
    " FROM sentences st JOIN documents d ON d.id = st.doc_id"
    " WHERE to_tsvector('simple', st.text) @@ plainto_tsquery('simple', $1)"
    " ORDER BY ts_rank(to_tsvector('simple', st.text), plainto_tsquery('simple', $1)) DESC,"
    " st.doc_id DESC, st.idx LIMIT CAST($2 AS INTEGER) OFFSET CAST($3 AS INTEGER)";

int dy_browse_search(dy_store *s, const char *words, long limit, long offset, dy_hit_fn fn,
                     void *user)
{
    char query[1024], lim[24], off[24];
    int n = dy_browse_fts_query(words, query, sizeof query);
    if (n < 0) {
        dy_store_set_error(s, "search text too long");
        return -1;
    }
    if (n == 0)
        return 0;
    fmt_long(lim, limit > 0 ? limit : 50);
    fmt_long(off, offset > 0 ? offset : 0);
    int pg = dy_store_db(s)->kind == DY_DB_POSTGRES;
    /* PostgreSQL takes the words as the person wrote them: plainto_tsquery
     * reads no syntax. */
    const char *p[] = {pg ? words : query, lim, off};
    hit_rows rows = {fn, user};
    return run(s, pg ? search_postgres : search_sqlite, 3, p, hit_row, &rows);
}
