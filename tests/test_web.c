/* tests/test_web.c - the web API without a socket: query parameters, the
 * full-text query builder, schema version 2 on an older store, and
 * requests through dy_web_handle (codes, stores, reads, refusals). */
#include "testutil.h"

#include <unistd.h>

#include <jansson.h>

#include "store/browse.h"
#include "store/db.h"
#include "web/app.h"
#include "web/query.h"

static void query_parameters(void **state)
{
    (void)state;
    dy_web_query q;
    char err[256];
    dy_web_query_init(&q);
    assert_int_equal(q.filter.limit, 50);
    assert_int_equal(dy_web_query_set(&q, "dyad", "USA:RUSGOV", err, sizeof err), 0);
    assert_string_equal(q.filter.source, "USA");
    assert_string_equal(q.filter.target, "RUSGOV");
    assert_int_equal(dy_web_query_set(&q, "both", "1", err, sizeof err), 0);
    assert_int_equal(q.filter.both_directions, 1);
    assert_int_equal(dy_web_query_set(&q, "since", "2024-02", err, sizeof err), 0);
    assert_string_equal(q.filter.since, "2024-02");
    assert_int_equal(dy_web_query_set(&q, "root", "11,12", err, sizeof err), 0);
    assert_string_equal(q.filter.roots, "11,12");
    assert_int_equal(dy_web_query_set(&q, "quad", "4", err, sizeof err), 0);
    assert_int_equal(q.filter.quad, 4);
    assert_int_equal(dy_web_query_set(&q, "order", "newest", err, sizeof err), 0);
    assert_int_equal(q.filter.newest_first, 1);
    assert_int_equal(dy_web_query_set(&q, "by", "week", err, sizeof err), 0);
    assert_int_equal(q.period, DY_BY_WEEK);
    assert_int_equal(dy_web_query_set(&q, "country", "UKR", err, sizeof err), 0);
    assert_string_equal(q.filter.actor, "UKR");
    /* Empty values are ignored: a form sends every field. */
    assert_int_equal(dy_web_query_set(&q, "quad", "", err, sizeof err), 0);
    assert_int_equal(q.filter.quad, 4);
}

static void query_refusals(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"quad", "5"},          {"quad", "1x"},        {"since", "2024-2-1"},
        {"until", "yesterday"}, {"source", "RU'S"},    {"dyad", "USA"},
        {"dyad", ":RUS"},       {"root", "1;2"},       {"limit", "0"},
        {"limit", "501"},       {"offset", "-1"},      {"modality", "maybe"},
        {"by", "fortnight"},    {"text", "a\x01b"},    {"colour", "red"},
        {"order", "random"},    {"both", "yes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dy_web_query q;
        char err[256] = "";
        dy_web_query_init(&q);
        assert_int_equal(dy_web_query_set(&q, bad[i][0], bad[i][1], err, sizeof err), -1);
        assert_non_null(strstr(err, bad[i][0]));
    }
    char long_text[300];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    dy_web_query q;
    char err[256];
    dy_web_query_init(&q);
    assert_int_equal(dy_web_query_set(&q, "text", long_text, err, sizeof err), -1);
}

static void query_strings(void **state)
{
    (void)state;
    dy_web_query q;
    char err[256];
    dy_web_query_init(&q);
    assert_int_equal(dy_web_query_parse(&q, "text=imposed+sanctions&doc=a%2Fb%20c.txt&quad=3&", err,
                                        sizeof err), 0);
    assert_string_equal(q.filter.text, "imposed sanctions");
    assert_string_equal(q.filter.doc, "a/b c.txt");
    assert_int_equal(q.filter.quad, 3);
    dy_web_query_init(&q);
    assert_int_equal(dy_web_query_parse(&q, "quad=%39", err, sizeof err), -1);
    assert_non_null(strstr(err, "quad"));
}

static void fts_query(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(dy_browse_fts_query("Navalny prison", out, sizeof out), 2);
    assert_string_equal(out, "\"Navalny\" \"prison\"");
    /* FTS5 syntax is only punctuation between words here. */
    assert_int_equal(dy_browse_fts_query("\"a\" OR b* NEAR(c) ^d -e:f", out, sizeof out), 8);
    assert_string_equal(out, "\"a\" \"OR\" \"b\" \"NEAR\" \"c\" \"d\" \"e\" \"f\"");
    assert_int_equal(dy_browse_fts_query("Zelenskyy's Kyjiw", out, sizeof out), 3);
    assert_int_equal(dy_browse_fts_query(" ,;: ", out, sizeof out), 0);
    assert_int_equal(dy_browse_fts_query("a b c d e f g h i j k l m n o p q r s", out, sizeof out), 16);
    assert_int_equal(dy_browse_fts_query("abcdefgh", out, 8), -1);
}

/* ---- requests through the app ----------------------------------------------------- */

typedef struct fixture {
    char path[256];
    dyad_dict *dict;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char err[1024];
    const char *dir = getenv("DYAD_DATA");
    f->dict = dyad_dict_new();
    if (!f->dict || dyad_dict_load_default(f->dict, dir && *dir ? dir : "data/dict", err, sizeof err)) {
        fprintf(stderr, "dictionaries: %s\n", err);
        return -1;
    }
    dyad_dict_finish(f->dict);
    snprintf(f->path, sizeof f->path, "/tmp/dyad-unit-web-%d.db", (int)getpid());
    unlink(f->path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char side[300];
    unlink(f->path);
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
    dyad_dict_free(f->dict);
    free(f);
    return 0;
}

/* Sends one request; returns the status, the body in *body (caller frees). */
static int request(dy_web_app *app, const char *method, const char *path, const char *query,
                   const char *type, const char *body, char **out)
{
    dy_web_arg args[DY_WEB_MAX_ARGS];
    int nargs = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", query ? query : "");
    for (char *save = NULL, *pair = strtok_r(buf, "&", &save); pair && nargs < DY_WEB_MAX_ARGS;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        args[nargs++] = (dy_web_arg){pair, eq ? eq + 1 : ""};
    }
    dy_web_request req = {method, path, args, nargs, type, body, body ? strlen(body) : 0};
    dy_web_response r = DY_WEB_RESPONSE_INIT;
    dy_web_handle(app, &req, &r);
    *out = r.data ? strndup((const char *)r.data, r.data_len) : strdup(dy_buf_str(&r.body));
    dy_buf_free(&r.body);
    return r.status;
}

static const char sample[] =
    "{\"id\":\"note-1\",\"date\":\"2024-02-24\",\"text\":\"On Friday the United States imposed "
    "sanctions on Russia. Germany pledged new military aid to Ukraine.\"}";

static void app_requests(void **state)
{
    fixture *f = *state;
    char err[1024], *body;
    dy_web_app *app = dy_web_app_new(f->path, f->dict, 1, err, sizeof err);
    assert_non_null(app);

    assert_int_equal(request(app, "POST", "/api/ingest", NULL, "application/json", sample, &body), 200);
    assert_non_null(strstr(body, "\"stored\":true,\"count\":2"));
    assert_non_null(strstr(body, "\"label\":\"Impose embargo, boycott, or sanctions\""));
    free(body);
    assert_int_equal(request(app, "GET", "/api/events", "dyad=USA:RUS", NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "\"total\":1,"));
    assert_non_null(strstr(body, "\"cameo\":\"163\""));
    free(body);
    assert_int_equal(request(app, "GET", "/api/search", "q=pledged", NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "Germany pledged new military aid"));
    free(body);
    assert_int_equal(request(app, "GET", "/api/info", NULL, NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "\"events\":2,"));
    free(body);
    assert_int_equal(request(app, "GET", "/", NULL, NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "<script src=\"/app.js\""));
    free(body);

    assert_int_equal(request(app, "POST", "/api/code", NULL, "text/plain", sample, &body), 415);
    free(body);
    assert_int_equal(request(app, "GET", "/api/code", NULL, NULL, NULL, &body), 405);
    free(body);
    assert_int_equal(request(app, "GET", "/api/events", "quad=7", NULL, NULL, &body), 400);
    assert_non_null(strstr(body, "\"error\":\"bad parameter 'quad'"));
    free(body);
    assert_int_equal(request(app, "GET", "/api/events/0", NULL, NULL, NULL, &body), 404);
    free(body);
    assert_int_equal(request(app, "GET", "/etc/passwd", NULL, NULL, NULL, &body), 404);
    free(body);
    dy_web_app_free(app);

    app = dy_web_app_new(f->path, f->dict, 0, err, sizeof err);
    assert_non_null(app);
    assert_int_equal(request(app, "POST", "/api/ingest", NULL, "application/json", sample, &body), 403);
    assert_non_null(strstr(body, "--allow-ingest"));
    free(body);
    assert_int_equal(request(app, "POST", "/api/code", NULL, "application/json", sample, &body), 200);
    assert_non_null(strstr(body, "\"stored\":false,\"count\":2"));
    free(body);
    dy_web_app_free(app);
}

/* An event's record is complete however long its sentence is. */
static void long_sentence(void **state)
{
    fixture *f = *state;
    char err[1024], *body;
    dy_web_app *app = dy_web_app_new(f->path, f->dict, 1, err, sizeof err);
    assert_non_null(app);
    dy_buf req = DY_BUF_INIT;
    dy_buf_puts(&req, "{\"date\":\"2022-03-04\",\"text\":\"Russia invaded Ukraine");
    for (int i = 0; i < 400; i++)
        dy_buf_puts(&req, " with many tanks");
    dy_buf_puts(&req, ".\"}");
    assert_int_equal(request(app, "POST", "/api/code", NULL, "application/json", dy_buf_str(&req), &body), 200);
    json_error_t jerr;
    json_t *root = json_loads(body, 0, &jerr);
    assert_non_null(root);
    json_t *ev = json_array_get(json_object_get(root, "events"), 0);
    assert_string_equal(json_string_value(json_object_get(ev, "cameo")), "192");
    assert_true(json_string_length(json_object_get(ev, "text")) > 4000); /* the line passes 4 KiB */
    json_decref(root);
    free(body);
    dy_buf_free(&req);
    dy_web_app_free(app);
}

/* A store written before full-text search (version 1) gets its sentences
 * indexed when it is opened writable. */
static void search_after_migration(void **state)
{
    fixture *f = *state;
    char err[1024], *body;
    dy_web_app *app = dy_web_app_new(f->path, f->dict, 1, err, sizeof err);
    assert_non_null(app);
    assert_int_equal(request(app, "POST", "/api/ingest", NULL, "application/json", sample, &body), 200);
    free(body);
    dy_web_app_free(app);

    dy_db *db = dy_db_open(f->path, 0, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(dy_db_exec(db, "DROP TRIGGER sentences_fts_insert; DROP TRIGGER sentences_fts_delete;"
                                    " DROP TRIGGER sentences_fts_update; DROP TABLE sentences_fts;"
                                    " UPDATE meta SET value = '1' WHERE key = 'schema_version'"), 0);
    dy_db_close(db);

    app = dy_web_app_new(f->path, f->dict, 0, err, sizeof err);
    assert_null(app); /* read-only cannot migrate */
    assert_non_null(strstr(err, "needs migrating"));
    app = dy_web_app_new(f->path, f->dict, 1, err, sizeof err);
    assert_non_null(app);
    assert_int_equal(request(app, "GET", "/api/search", "q=imposed+sanctions", NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "\"sentence\":1,"));
    free(body);
    /* Replacing the document replaces its sentences in the index. */
    assert_int_equal(request(app, "POST", "/api/ingest", NULL, "application/json",
                             "{\"id\":\"note-1\",\"text\":\"Russia invaded Ukraine.\"}", &body), 200);
    free(body);
    assert_int_equal(request(app, "GET", "/api/search", "q=sanctions", NULL, NULL, &body), 200);
    assert_non_null(strstr(body, "\"hits\":[]"));
    free(body);
    dy_web_app_free(app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_parameters),
        cmocka_unit_test(query_refusals),
        cmocka_unit_test(query_strings),
        cmocka_unit_test(fts_query),
        cmocka_unit_test_setup_teardown(app_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(search_after_migration, setup, teardown),
        cmocka_unit_test_setup_teardown(long_sentence, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
