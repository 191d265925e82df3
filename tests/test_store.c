/* tests/test_store.c - the event store: schema, same-event rule, document
 * replacement, filters, series. Every test runs on SQLite (a temp file) and,
 * when DYAD_TEST_PG names a PostgreSQL database where we may create
 * databases (scripts/start-postgres prints one), on PostgreSQL too. */
#include "testutil.h"

#include <unistd.h>

#include "store/db.h"
#include "store/store.h"

typedef struct backend {
    char uri[512];
    char dbname[64]; /* PostgreSQL: the scratch database to drop */
} backend;

static const char *pg_admin(void)
{
    const char *p = getenv("DYAD_TEST_PG");
    return p && *p ? p : NULL;
}

/* A fresh, empty store location for one test. */
static int fresh(backend *b, int pg, const char *name)
{
    char err[512];
    if (!pg) {
        snprintf(b->uri, sizeof b->uri, "/tmp/dyad-unit-%d-%s.db", (int)getpid(), name);
        unlink(b->uri);
        char side[600];
        snprintf(side, sizeof side, "%s-wal", b->uri);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", b->uri);
        unlink(side);
        b->dbname[0] = '\0';
        return 0;
    }
    dy_db *admin = dy_db_open(pg_admin(), 0, err, sizeof err);
    if (!admin) {
        fprintf(stderr, "note: %s\n", err);
        return -1;
    }
    snprintf(b->dbname, sizeof b->dbname, "dyad_unit_%d_%s", (int)getpid(), name);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", b->dbname);
    dy_db_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", b->dbname);
    int rc = dy_db_exec(admin, sql);
    dy_db_close(admin);
    /* postgresql:///postgres -> postgresql:///dyad_unit_... */
    const char *slash = strrchr(pg_admin(), '/');
    snprintf(b->uri, sizeof b->uri, "%.*s/%s", (int)(slash - pg_admin()), pg_admin(), b->dbname);
    return rc;
}

static void cleanup(backend *b)
{
    if (!b->dbname[0]) {
        unlink(b->uri);
        return;
    }
    char err[512], sql[256];
    dy_db *admin = dy_db_open(pg_admin(), 0, err, sizeof err);
    if (admin) {
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", b->dbname);
        dy_db_exec(admin, sql);
        dy_db_close(admin);
    }
}

static dyad_event make_event(const char *doc, int sentence, const char *date, const char *src,
                             const char *tgt, const char *cameo, int quad, double g,
                             const char *place_country)
{
    dyad_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc = doc;
    ev.sentence = sentence;
    snprintf(ev.date, sizeof ev.date, "%s", date);
    ev.source.code = src;
    snprintf(ev.source.country, 4, "%.3s", src);
    ev.source.sector = "";
    ev.source.text = src;
    ev.target.code = tgt;
    snprintf(ev.target.country, 4, "%.3s", tgt);
    ev.target.sector = "";
    ev.target.text = tgt;
    ev.cameo = cameo;
    snprintf(ev.root, 3, "%.2s", cameo);
    ev.quad = quad;
    ev.goldstein = g;
    ev.modality = "asserted";
    ev.text = "A sentence.";
    ev.verb = "met";
    ev.pattern = "MEET";
    ev.date_precision = "day";
    ev.date_basis = "text";
    ev.plover_event = "CONSULT";
    ev.plover_mode = "";
    ev.plover_context = "";
    ev.location.name = "";
    snprintf(ev.location.country, 4, "%s", place_country);
    ev.attribution.code = "";
    ev.issues = "";
    return ev;
}

static void store_doc(dy_store *s, const char *key, const dyad_event *evs, int n)
{
    assert_int_equal(dy_store_begin_document(s, key, "2021-04-26", "test", "body", 4, 1), 0);
    for (int i = 0; i < n; i++)
        assert_int_equal(dy_store_add_event(s, &evs[i]), 0);
    assert_int_equal(dy_store_commit_document(s), 0);
}

static long count(dy_store *s, const dy_event_filter *f)
{
    long n = -1;
    assert_int_equal(dy_store_count(s, f, &n), 0);
    return n;
}

typedef struct mention_count {
    long events, mentions;
} mention_count;

static int add_mentions(const dy_stored_event *e, void *user)
{
    mention_count *m = user;
    m->events++;
    m->mentions += e->mentions;
    return 0;
}

static void same_event_and_replacement(int pg)
{
    backend b;
    if (pg && (!pg_admin() || fresh(&b, 1, "dedup"))) {
        fprintf(stderr, "note: DYAD_TEST_PG not set or unusable; PostgreSQL store test skipped\n");
        return;
    }
    if (!pg)
        fresh(&b, 0, "dedup");
    char err[512];
    dy_store *s = dy_store_open(b.uri, 0, err, sizeof err);
    assert_non_null(s);
    dyad_event a[] = {
        make_event("a", 1, "2021-04-22", "RUSGOV", "BLRGOV", "040", 1, 1.0, "RUS"),
        make_event("a", 2, "2021-04-16", "RUSGOV", "BLRGOV", "042", 1, 1.9, "BLR"),
    };
    store_doc(s, "a", a, 2);
    /* Another report of the first event, a day later, and a new one. */
    dyad_event bb[] = {
        make_event("b", 1, "2021-04-23", "RUSGOV", "BLRGOV", "040", 1, 1.0, ""),
        make_event("b", 3, "2021-04-23", "BLR", "USA", "112", 3, -2.0, ""),
    };
    store_doc(s, "b", bb, 2);
    dy_event_filter all = {0};
    assert_int_equal(count(s, &all), 3);
    mention_count m = {0};
    assert_int_equal(dy_store_events(s, &all, add_mentions, &m), 0);
    assert_int_equal(m.mentions, 4);
    /* Outside the window (3 days), or in another country: a new event. */
    dyad_event c[] = {
        make_event("c", 1, "2021-04-26", "RUSGOV", "BLRGOV", "040", 1, 1.0, ""),
        make_event("c", 2, "2021-04-22", "RUSGOV", "BLRGOV", "040", 1, 1.0, "POL"),
    };
    store_doc(s, "c", c, 2);
    assert_int_equal(count(s, &all), 5);
    /* Ingesting "c" again replaces it: no doubling. */
    store_doc(s, "c", c, 2);
    assert_int_equal(count(s, &all), 5);
    /* Dropping "b" by replacing it with no events removes the event only
     * "b" reported, and one mention of the shared event. */
    store_doc(s, "b", NULL, 0);
    assert_int_equal(count(s, &all), 4);
    /* A wider window merges "c"'s first mention into the stored event. */
    dy_same_event_rule r;
    assert_int_equal(dy_same_event_parse("window=7,code=root,place=any", &r, err, sizeof err), 0);
    dy_store_set_rule(s, &r);
    dyad_event d[] = {make_event("d", 1, "2021-04-28", "RUSGOV", "BLRGOV", "043", 1, 2.8, "")};
    store_doc(s, "d", d, 1);
    assert_int_equal(count(s, &all), 4);
    dy_store_close(s);
    cleanup(&b);
}

static void dedup_sqlite(void **state)
{
    (void)state;
    same_event_and_replacement(0);
}

static void dedup_postgres(void **state)
{
    (void)state;
    same_event_and_replacement(1);
}

static void filters_and_series(int pg)
{
    backend b;
    if (pg && (!pg_admin() || fresh(&b, 1, "series"))) {
        fprintf(stderr, "note: DYAD_TEST_PG not set or unusable; PostgreSQL store test skipped\n");
        return;
    }
    if (!pg)
        fresh(&b, 0, "series");
    char err[512];
    dy_store *s = dy_store_open(b.uri, 0, err, sizeof err);
    assert_non_null(s);
    dyad_event e[] = {
        make_event("x", 1, "2021-01-05", "RUSGOV", "BLRGOV", "040", 1, 1.0, ""),
        make_event("x", 2, "2021-03-10", "RUSMIL", "BLRMIL", "190", 4, -10.0, ""),
        make_event("x", 3, "2021-03-11", "BLRGOV", "RUSGOV", "111", 3, -2.0, ""),
        make_event("x", 4, "2021-03-12", "BLRGOV", "POL", "112", 3, -2.0, ""),
        make_event("x", 5, "", "RUSGOV", "BLRGOV", "036", 1, 4.0, ""),
    };
    store_doc(s, "x", e, 5);
    dy_event_filter f = {.source = "RUS", .target = "blr"};
    assert_int_equal(count(s, &f), 3);
    f.both_directions = 1;
    assert_int_equal(count(s, &f), 4);
    f.roots = "11,19";
    assert_int_equal(count(s, &f), 2);
    f.roots = NULL;
    f.since = "2021-03";
    f.until = "2021-03-10";
    assert_int_equal(count(s, &f), 1);
    dy_event_filter bad = {.source = "RUS'; DROP TABLE events; --"};
    long n;
    assert_int_equal(dy_store_count(s, &bad, &n), -1);
    assert_non_null(strstr(dy_store_error(s), "bad actor code"));
    dy_event_filter q4 = {.quad = 4};
    assert_int_equal(count(s, &q4), 1);
    dy_event_filter text = {.text = "100%_sure"};
    assert_int_equal(count(s, &text), 0);

    dy_event_filter rb = {.source = "RUS", .target = "BLR", .both_directions = 1};
    dy_series sr;
    assert_int_equal(dy_store_series(s, &rb, DY_BY_MONTH, &sr), 0);
    assert_int_equal(sr.n, 3); /* 2021-01 .. 2021-03, February zero-filled */
    assert_string_equal(sr.points[0].period, "2021-01");
    assert_string_equal(sr.points[1].period, "2021-02");
    assert_int_equal(sr.points[1].events, 0);
    assert_int_equal(sr.points[2].events, 2);
    assert_int_equal(sr.points[2].quad[4], 1);
    assert_int_equal(sr.points[2].quad[3], 1);
    assert_true(sr.points[2].goldstein_sum < -11.9 && sr.points[2].goldstein_sum > -12.1);
    assert_int_equal(dy_series_net(&sr.points[2]), -2);
    assert_int_equal(sr.undated, 1);
    dy_series_free(&sr);
    /* ISO weeks: 2021-01-05 is in 2021-W01; a range given by since/until. */
    rb.since = "2020-12-28";
    rb.until = "2021-01-10";
    assert_int_equal(dy_store_series(s, &rb, DY_BY_WEEK, &sr), 0);
    assert_int_equal(sr.n, 2);
    assert_string_equal(sr.points[0].period, "2020-W53");
    assert_string_equal(sr.points[1].period, "2021-W01");
    assert_int_equal(sr.points[1].events, 1);
    dy_series_free(&sr);
    rb.since = "2021-01";
    rb.until = "2021-12";
    assert_int_equal(dy_store_series(s, &rb, DY_BY_QUARTER, &sr), 0);
    assert_int_equal(sr.n, 4);
    assert_string_equal(sr.points[3].period, "2021-Q4");
    dy_series_free(&sr);
    dy_store_close(s);

    /* Read-only: reads work, writes are refused with a message. */
    dy_store *ro = dy_store_open(b.uri, 1, err, sizeof err);
    assert_non_null(ro);
    assert_int_equal(count(ro, &q4), 1);
    assert_int_equal(dy_store_begin_document(ro, "y", "", "", NULL, 0, 1), -1);
    assert_true(strlen(dy_store_error(ro)) > 0);
    dy_store_close(ro);
    cleanup(&b);
}

static void series_sqlite(void **state)
{
    (void)state;
    filters_and_series(0);
}

static void series_postgres(void **state)
{
    (void)state;
    filters_and_series(1);
}

static void schema_versions(void **state)
{
    (void)state;
    backend b;
    fresh(&b, 0, "schema");
    char err[512];
    /* Read-only open of something that is not a store. */
    assert_null(dy_store_open(b.uri, 1, err, sizeof err));
    dy_store *s = dy_store_open(b.uri, 0, err, sizeof err);
    assert_non_null(s);
    dy_store_close(s);
    dy_db *db = dy_db_open(b.uri, 0, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(dy_db_exec(db, "UPDATE meta SET value = '999' WHERE key = 'schema_version'"), 0);
    dy_db_close(db);
    assert_null(dy_store_open(b.uri, 0, err, sizeof err));
    assert_non_null(strstr(err, "newer than this dyad"));
    cleanup(&b);
}

static void rule_parsing(void **state)
{
    (void)state;
    dy_same_event_rule r;
    char err[256];
    assert_int_equal(dy_same_event_parse("window=3,code=3,place=name", &r, err, sizeof err), 0);
    assert_int_equal(r.window_days, 3);
    assert_int_equal(r.code_digits, 3);
    assert_int_equal(r.place, DY_PLACE_NAME);
    assert_int_equal(dy_same_event_parse("off", &r, err, sizeof err), 0);
    assert_int_equal(r.enabled, 0);
    assert_int_equal(dy_same_event_parse("window=-1", &r, err, sizeof err), -1);
    assert_int_equal(dy_same_event_parse("colour=red", &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad same-event rule"));
    int p;
    assert_int_equal(dy_period_parse("quarter", &p), 0);
    assert_int_equal(p, DY_BY_QUARTER);
    assert_int_equal(dy_period_parse("fortnight", &p), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rule_parsing),
        cmocka_unit_test(schema_versions),
        cmocka_unit_test(dedup_sqlite),
        cmocka_unit_test(series_sqlite),
        cmocka_unit_test(dedup_postgres),
        cmocka_unit_test(series_postgres),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
