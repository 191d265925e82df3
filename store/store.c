/* store/store.c - ingest with the same-event rule, and event queries. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "store/internal.h"
#include "store/schema.h"
#include "util/strset.h"
#include "time/date.h"

struct dy_store {
    dy_db *db;
    dy_same_event_rule rule;
    char same_event_sql[1024]; /* the lookup for the current rule */
    char doc_id[24];           /* the document being ingested, "" when none */
    int in_document;
    long doc_events, doc_new, doc_merged; /* counted into stats at commit */
    int last_sentence;                     /* of the document: its text is stored */
    dy_strset known_actors;                /* codes committed to the actors table */
    dy_strset doc_actors;                  /* codes this document's transaction added */
    dy_ingest_stats stats;
    int checked;                           /* found sound by dy_store_open */
    char err[600];
};

void dy_same_event_default(dy_same_event_rule *r)
{
    r->enabled = 1;
    r->window_days = 1;
    r->code_digits = 0;
    r->place = DY_PLACE_COUNTRY;
}

static int parse_rule_item(const char *key, const char *val, dy_same_event_rule *r)
{
    if (!strcmp(key, "window")) {
        char *end;
        long w = strtol(val, &end, 10);
        if (*end || end == val || w < 0 || w > 366)
            return -1;
        r->window_days = (int)w;
    } else if (!strcmp(key, "code")) {
        if (!strcmp(val, "full"))
            r->code_digits = 0;
        else if (!strcmp(val, "root") || !strcmp(val, "2"))
            r->code_digits = 2;
        else if (!strcmp(val, "3"))
            r->code_digits = 3;
        else
            return -1;
    } else if (!strcmp(key, "place")) {
        if (!strcmp(val, "any"))
            r->place = DY_PLACE_ANY;
        else if (!strcmp(val, "country"))
            r->place = DY_PLACE_COUNTRY;
        else if (!strcmp(val, "name"))
            r->place = DY_PLACE_NAME;
        else
            return -1;
    } else {
        return -1;
    }
    return 0;
}

int dy_same_event_parse(const char *spec, dy_same_event_rule *r, char *err, size_t errlen)
{
    dy_same_event_default(r);
    if (!strcmp(spec, "off") || !strcmp(spec, "none")) {
        r->enabled = 0;
        return 0;
    }
    char buf[256];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "same-event rule too long");
        return -1;
    }
    strcpy(buf, spec);
    for (char *save = NULL, *item = strtok_r(buf, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        if (!eq || (*eq = '\0', parse_rule_item(item, eq + 1, r))) {
            snprintf(err, errlen,
                     "bad same-event rule '%s': want window=DAYS,code=full|root|3,"
                     "place=any|country|name, or off",
                     spec);
            return -1;
        }
    }
    return 0;
}

static void build_same_event_sql(dy_store *s)
{
    const dy_same_event_rule *r = &s->rule;
    const char *code = r->code_digits == 2   ? "substr(cameo, 1, 2) = substr($3, 1, 2)"
                       : r->code_digits == 3 ? "substr(cameo, 1, 3) = substr($3, 1, 3)"
                                             : "cameo = $3";
    const char *place = r->place == DY_PLACE_COUNTRY
                            ? " AND (place_country = '' OR $7 = '' OR place_country = $7)"
                        : r->place == DY_PLACE_NAME ? " AND (place = '' OR $7 = '' OR place = $7)"
                                                    : "";
    snprintf(s->same_event_sql, sizeof s->same_event_sql,
             "SELECT id FROM events WHERE source = $1 AND target = $2 AND %s AND modality = $4"
             " AND date <> '' AND date >= $5 AND date <= $6%s ORDER BY id LIMIT 1",
             code, place);
}

void dy_store_set_rule(dy_store *s, const dy_same_event_rule *r)
{
    s->rule = *r;
    build_same_event_sql(s);
}

const char *dy_store_error(const dy_store *s) { return s->err; }

static int db_fail(dy_store *s)
{
    snprintf(s->err, sizeof s->err, "%s", s->db->err);
    return -1;
}

/* A SQLite file small enough to check at every open (a new, empty file
 * has nothing to check). */
static int check_on_open(const dy_db *db, const char *uri)
{
    struct stat st;
    if (db->kind != DY_DB_SQLITE)
        return 0;
    if (!strncmp(uri, "sqlite:", 7))
        uri += 7;
    return stat(uri, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
           (long long)st.st_size <= DY_STORE_CHECK_BYTES;
}

int dy_store_check(dy_store *s, char *out, size_t cap)
{
    if (s->checked) { /* dy_store_open read it all a moment ago */
        if (cap)
            out[0] = '\0';
        return 0;
    }
    return dy_db_check(s->db, out, cap);
}

dy_store *dy_store_open(const char *uri, int readonly, char *err, size_t errlen)
{
    dy_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->db = dy_db_open(uri, readonly, err, errlen);
    if (!s->db) {
        free(s);
        return NULL;
    }
    char found[400];
    s->checked = check_on_open(s->db, uri);
    if (s->checked && dy_db_check(s->db, found, sizeof found)) {
        snprintf(err, errlen, "%s: the store is damaged (SQLite's quick_check: %s); restore it "
                 "from a copy, or ingest the documents again into a new store", uri, found);
        dy_db_close(s->db);
        free(s);
        return NULL;
    }
    if (dy_schema_migrate(s->db)) {
        snprintf(err, errlen, "%s: %s", uri, s->db->err);
        dy_db_close(s->db);
        free(s);
        return NULL;
    }
    dy_same_event_default(&s->rule);
    build_same_event_sql(s);
    return s;
}

void dy_store_close(dy_store *s)
{
    if (!s)
        return;
    if (s->in_document)
        dy_store_rollback_document(s);
    dy_db_close(s->db);
    dy_strset_free(&s->known_actors);
    dy_strset_free(&s->doc_actors);
    free(s);
}

void dy_store_ingest_stats(const dy_store *s, dy_ingest_stats *st) { *st = s->stats; }

/* ---- ingest --------------------------------------------------------------- */

static int q(dy_store *s, const char *sql, int n, const char *const *params)
{
    return dy_db_query(s->db, sql, n, params, NULL, NULL) ? db_fail(s) : 0;
}

/* Removes an earlier copy of a document: its mentions, the counts of the
 * events they were linked to, events left without mentions, its sentences. */
static int remove_document(dy_store *s, const char *doc_id)
{
    const char *p[] = {doc_id};
    if (q(s,
          "UPDATE events SET mentions = mentions - (SELECT count(*) FROM mentions m"
          " WHERE m.event_id = events.id AND m.doc_id = $1), documents = documents - 1"
          " WHERE id IN (SELECT event_id FROM mentions WHERE doc_id = $1)",
          1, p) ||
        q(s, "DELETE FROM mentions WHERE doc_id = $1", 1, p) ||
        q(s, "DELETE FROM events WHERE mentions <= 0", 0, NULL) ||
        q(s, "DELETE FROM sentences WHERE doc_id = $1", 1, p) ||
        q(s, "DELETE FROM documents WHERE id = $1", 1, p))
        return -1;
    return 0;
}

/* The document text as the store keeps it: invalid UTF-8 replaced by
 * U+FFFD and NUL bytes dropped, as the coder reads it (PostgreSQL refuses
 * text that is not UTF-8; SQLite would keep bytes no reader can show). */
static char *valid_utf8_copy(const char *body, size_t len)
{
    char *out = malloc(len * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)body + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n > 0 && cp != 0) {
            memcpy(o, body + i, (size_t)n);
            o += n;
            i += (size_t)n;
        } else if (n > 0) {
            i += (size_t)n; /* NUL */
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    *o = '\0';
    return out;
}

static void now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int dy_store_begin_document(dy_store *s, const char *doc_key, const char *date,
                            const char *origin, const char *body, size_t len, int replace)
{
    if (s->in_document) {
        snprintf(s->err, sizeof s->err, "a document is already being ingested");
        return -1;
    }
    for (const unsigned char *c = (const unsigned char *)doc_key; *c; c++)
        if (*c < 0x20 || *c == 0x7f) { /* it could be stored but never asked for */
            snprintf(s->err, sizeof s->err,
                     "bad document id: byte %td is a control character (0x%02x)",
                     (const char *)c - doc_key + 1, *c);
            return -1;
        }
    const char *begin = s->db->kind == DY_DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
    if (dy_db_exec(s->db, begin))
        return db_fail(s);
    s->in_document = 1;
    /* Two PostgreSQL writers must not both decide that an event is new:
     * writers take turns, readers are not blocked. */
    if (s->db->kind == DY_DB_POSTGRES &&
        dy_db_exec(s->db, "LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"))
        goto fail;
    char old[24];
    const char *k[] = {doc_key};
    if (dy_db_query_text(s->db, "SELECT id FROM documents WHERE doc_key = $1", 1, k, old,
                         sizeof old))
        goto fail_db;
    s->doc_events = s->doc_new = s->doc_merged = 0;
    s->last_sentence = -1;
    dy_strset_clear(&s->doc_actors);
    if (old[0] && !replace) {
        snprintf(s->doc_id, sizeof s->doc_id, "%s", old);
        return 0;
    }
    if (old[0] && remove_document(s, old))
        goto fail;
    char *text = NULL;
    if (body && !(text = valid_utf8_copy(body, len))) {
        snprintf(s->err, sizeof s->err, "out of memory");
        goto fail;
    }
    char stamp[32];
    now_utc(stamp);
    const char *p[] = {doc_key, date ? date : "", origin ? origin : "", text, stamp};
    int rc = dy_db_query_text(s->db,
                              "INSERT INTO documents (doc_key, date, origin, body, ingested_at)"
                              " VALUES ($1, $2, $3, $4, $5) RETURNING id",
                              5, p, s->doc_id, sizeof s->doc_id);
    free(text);
    if (rc)
        goto fail_db;
    s->doc_events = 0;
    return 0;
fail_db:
    db_fail(s);
fail:
    dy_store_rollback_document(s);
    return -1;
}

/* The actors table only ever gains rows, so a code known to be there needs
 * no statement; codes count as known once their transaction committed. */
static int upsert_actor(dy_store *s, const dyad_actor *a)
{
    if (!a->code || !a->code[0] || dy_strset_has(&s->known_actors, a->code) ||
        dy_strset_has(&s->doc_actors, a->code))
        return 0;
    const char *p[] = {a->code, a->country, a->sector ? a->sector : "", a->text ? a->text : ""};
    if (q(s,
          "INSERT INTO actors (code, country, sector, label) VALUES ($1, $2, $3, $4)"
          " ON CONFLICT (code) DO NOTHING",
          4, p))
        return -1;
    dy_strset_add(&s->doc_actors, a->code); /* out of memory: only a cache miss later */
    return 0;
}

/* The coder fills the date of an event it could not date (no date in the
 * sentence, none for the document) with the day of coding, marked
 * date_basis "unknown"; stored, that would count as an event of today. */
static const char *event_date(const dyad_event *ev)
{
    return ev->date_basis && !strcmp(ev->date_basis, "unknown") ? "" : ev->date;
}

static void shift_date(const char *date, int days, char out[11])
{
    dy_date d;
    if (dy_date_parse_iso(date, &d)) {
        out[0] = '\0';
        return;
    }
    dy_date_format(dy_date_from_days(dy_date_to_days(d) + days), out);
}

/* The stored event this mention reports, or "" when it is new. */
static int find_same_event(dy_store *s, const dyad_event *ev, char out[24])
{
    out[0] = '\0';
    if (!s->rule.enabled || !event_date(ev)[0])
        return 0;
    char lo[11], hi[11];
    shift_date(event_date(ev), -s->rule.window_days, lo);
    shift_date(event_date(ev), s->rule.window_days, hi);
    if (!lo[0])
        return 0;
    /* $7 is the place as the rule compares it; PostgreSQL wants exactly as
     * many parameters as the statement uses. */
    const char *place = s->rule.place == DY_PLACE_NAME
                            ? (ev->location.name ? ev->location.name : "")
                            : ev->location.country;
    const char *p[] = {ev->source.code, ev->target.code, ev->cameo, ev->modality, lo, hi, place};
    int n = s->rule.place == DY_PLACE_ANY ? 6 : 7;
    if (dy_db_query_text(s->db, s->same_event_sql, n, p, out, 24))
        return db_fail(s);
    return 0;
}

static int insert_event(dy_store *s, const dyad_event *ev, char out[24])
{
    char quad[8], gold[32], lat[32], lon[32];
    snprintf(quad, sizeof quad, "%d", ev->quad);
    snprintf(gold, sizeof gold, "%.17g", ev->goldstein);
    snprintf(lat, sizeof lat, "%.6f", ev->location.lat);
    snprintf(lon, sizeof lon, "%.6f", ev->location.lon);
    int has = ev->location.has_coords;
    const char *p[] = {event_date(ev),
                       ev->date_precision ? ev->date_precision : "",
                       ev->source.code, ev->source.country,
                       ev->source.sector ? ev->source.sector : "",
                       ev->target.code, ev->target.country,
                       ev->target.sector ? ev->target.sector : "",
                       ev->cameo, ev->root, quad, gold, ev->modality,
                       ev->plover_event ? ev->plover_event : "",
                       ev->plover_mode ? ev->plover_mode : "",
                       ev->plover_context ? ev->plover_context : "",
                       ev->location.name ? ev->location.name : "", ev->location.country,
                       has ? lat : NULL, has ? lon : NULL};
    if (dy_db_query_text(
            s->db,
            "INSERT INTO events (date, date_precision, source, source_country, source_sector,"
            " target, target_country, target_sector, cameo, root, quad, goldstein, modality,"
            " plover_event, plover_mode, plover_context, place, place_country, lat, lon)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
            " $17, $18, $19, $20) RETURNING id",
            20, p, out, 24))
        return db_fail(s);
    return 0;
}

static int insert_mention(dy_store *s, const dyad_event *ev, const char *event_id)
{
    char sent[16];
    snprintf(sent, sizeof sent, "%d", ev->sentence);
    /* Events of one sentence arrive together: its text is stored once. */
    if (ev->sentence != s->last_sentence) {
        const char *sp[] = {s->doc_id, sent, ev->text ? ev->text : ""};
        if (q(s,
              "INSERT INTO sentences (doc_id, idx, text) VALUES ($1, $2, $3)"
              " ON CONFLICT (doc_id, idx) DO NOTHING",
              3, sp))
            return -1;
        s->last_sentence = ev->sentence;
    }
    /* Counted before the mention is added: a document counts once per event. */
    const char *up[] = {event_id, s->doc_id};
    if (q(s,
          "UPDATE events SET mentions = mentions + 1, documents = documents + CASE WHEN"
          " EXISTS (SELECT 1 FROM mentions WHERE event_id = $1 AND doc_id = $2) THEN 0 ELSE 1 END"
          " WHERE id = $1",
          2, up))
        return -1;
    const char *mp[] = {event_id, s->doc_id, sent, event_date(ev),
                        ev->date_basis ? ev->date_basis : "",
                        ev->source.text ? ev->source.text : "",
                        ev->target.text ? ev->target.text : "",
                        ev->verb ? ev->verb : "", ev->pattern ? ev->pattern : "",
                        ev->attribution.code ? ev->attribution.code : "",
                        ev->issues ? ev->issues : ""};
    return q(s,
             "INSERT INTO mentions (event_id, doc_id, sentence, date, date_basis, source_text,"
             " target_text, verb, pattern, attribution, issues)"
             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
             11, mp);
}

int dy_store_add_event(dy_store *s, const dyad_event *ev)
{
    if (!s->in_document) {
        snprintf(s->err, sizeof s->err, "no document is being ingested");
        return -1;
    }
    char id[24];
    if (upsert_actor(s, &ev->source) || upsert_actor(s, &ev->target) ||
        find_same_event(s, ev, id))
        return -1;
    if (id[0]) {
        s->doc_merged++;
    } else {
        if (insert_event(s, ev, id))
            return -1;
        s->doc_new++;
    }
    if (insert_mention(s, ev, id))
        return -1;
    s->doc_events++;
    return 0;
}

int dy_store_commit_document(dy_store *s)
{
    if (!s->in_document) {
        snprintf(s->err, sizeof s->err, "no document is being ingested");
        return -1;
    }
    char n[24];
    snprintf(n, sizeof n, "%ld", s->doc_events);
    const char *p[] = {n, s->doc_id};
    if (q(s, "UPDATE documents SET events = events + $1 WHERE id = $2", 2, p))
        return -1;
    if (dy_db_exec(s->db, "COMMIT")) {
        db_fail(s);
        dy_store_rollback_document(s);
        return -1;
    }
    s->in_document = 0;
    s->stats.documents++;
    s->stats.mentions += s->doc_events;
    dy_strset_merge(&s->known_actors, &s->doc_actors);
    s->stats.new_events += s->doc_new;
    s->stats.merged += s->doc_merged;
    return 0;
}

void dy_store_rollback_document(dy_store *s)
{
    if (!s->in_document)
        return;
    char saved[sizeof s->db->err];
    memcpy(saved, s->db->err, sizeof saved);
    dy_db_exec(s->db, "ROLLBACK");
    memcpy(s->db->err, saved, sizeof saved);
    s->in_document = 0;
}

dy_db *dy_store_db(dy_store *s) { return s->db; }
void dy_store_set_error(dy_store *s, const char *msg)
{
    snprintf(s->err, sizeof s->err, "%s", msg);
}
