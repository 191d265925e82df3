/* tests/test_dict_petrarch.c - PETRARCH2/Phoenix dictionaries (read from
 * ../shared at run time), TABARI dictionaries, and malformed input. */
#include "testutil.h"
#include <unistd.h>

#include "dyad.h"
#include "dict/dict.h"

static dyad_dict *load_ok(const char *dir, const char *name, dyad_dict_stats *st)
{
    char path[1024], err[1024] = "";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    dyad_dict *d = dyad_dict_new();
    assert_non_null(d);
    int rc = dyad_dict_load(d, path, err, sizeof err);
    if (rc)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    dyad_dict_finish(d);
    dyad_dict_get_stats(d, st);
    printf("  %-40s actors %u agents %u verbs %u patterns %u synsets %u discards %u "
           "issues %u nouns %u adj %u warnings %u\n",
           name, st->actors, st->agents, st->verbs, st->patterns, st->synsets, st->discards,
           st->issues, st->nouns, st->adjectives, st->warnings);
    return d;
}

typedef struct find {
    const char *text;
    int kind;
    const dy_entry *e;
} find;

static int find_fn(const dy_entry *e, void *ud)
{
    find *f = ud;
    if (e->kind == f->kind && (!f->text || !strcmp(e->text, f->text))) {
        f->e = e;
        return 1;
    }
    return 0;
}

static const dy_entry *lookup(const dyad_dict *d, const char *tok, int kind, const char *text)
{
    find f = {text, kind, NULL};
    dy_dict_lookup(d, tok, strlen(tok), find_fn, &f);
    return f.e;
}

static const char *code_on(const dy_entry *e, const char *yyyymmdd)
{
    long day;
    assert_int_equal(dy_dict_parse_date(yyyymmdd, 8, 1, &day), 0);
    for (uint32_t i = 0; i < e->ncodes; i++)
        if (e->codes[i].from <= day && day <= e->codes[i].to)
            return e->codes[i].code ? e->codes[i].code : "---";
    return "";
}

#define PETR(dir) \
    char dir[512]; \
    do { \
        const char *sh_ = dy_test_shared(); \
        if (!sh_) \
            skip(); \
        snprintf(dir, sizeof dir, "%s/peers/petrarch2", sh_); \
    } while (0)

static void phoenix_actors_load(void **state)
{
    (void)state;
    PETR(dir);
    dyad_dict_stats st;
    dyad_dict *d = load_ok(dir, "Phoenix.Countries.actors.txt", &st);
    assert_true(st.actors > 25000);
    /* PUTIN_: [RUSELI 700101-990809] ... [RUSGOV >080508] */
    const dy_entry *e = lookup(d, "PUTIN", K_ACTOR, "PUTIN_");
    assert_non_null(e);
    assert_string_equal(code_on(e, "19950101"), "RUSELI");
    assert_string_equal(code_on(e, "20100101"), "RUSGOV");
    dyad_dict_free(d);

    d = load_ok(dir, "Phoenix.International.actors.txt", &st);
    assert_true(st.actors > 7000);
    dyad_dict_free(d);
    d = load_ok(dir, "Phoenix.MilNonState.actors.txt", &st);
    assert_true(st.actors > 1500);
    dyad_dict_free(d);
    d = load_ok(dir, "PETR.Validate.actors.txt", &st);
    assert_true(st.actors > 150);
    /* SAM_GAMGEE: 8-digit restrictions */
    e = lookup(d, "SAM", K_ACTOR, "SAM_GAMGEE");
    assert_non_null(e);
    assert_string_equal(code_on(e, "20070101"), "HOBCIV");
    assert_string_equal(code_on(e, "20140101"), "HOBELI");
    dyad_dict_free(d);
}

static void phoenix_agents_load(void **state)
{
    (void)state;
    PETR(dir);
    dyad_dict_stats st;
    dyad_dict *d = load_ok(dir, "Phoenix.agents.txt", &st);
    assert_true(st.agents > 3000);
    /* CONGRESS!PERSON! with !PERSON! = MAN, MEN, ... */
    const dy_entry *e = lookup(d, "BUSINESSMEN", K_AGENT, NULL);
    assert_non_null(e);
    assert_string_equal(e->agent, "BUS");
    /* {CHAMBERS_OF_COMMERCE} plural */
    assert_non_null(lookup(d, "CHAMBERS", K_AGENT, "CHAMBERS_OF_COMMERCE"));
    dyad_dict_free(d);
    d = load_ok(dir, "PETR.Validate.agents.txt", &st);
    assert_true(st.agents > 90);
    dyad_dict_free(d);
}

static const dy_pattern *find_pattern(const dy_verb *v, const char *text)
{
    for (uint32_t i = 0; i < v->npat; i++)
        if (!strcmp(v->pat[i].text, text))
            return &v->pat[i];
    return NULL;
}

static void petrarch_verbs_load(void **state)
{
    (void)state;
    PETR(dir);
    dyad_dict_stats st;
    dyad_dict *d = load_ok(dir, "CAMEO.2.0.txt", &st);
    assert_int_equal(st.patterns, 4666); /* 4668 written, 2 use undefined synsets */
    assert_true(st.verbs > 3000);
    assert_true(st.synsets >= 40);
    assert_non_null(strstr(dyad_dict_warnings(d), "CAMEO.2.0.txt:8443: unknown synset &WEATHER"));
    /* HURRY {HURRIES ...} in block ACCELERATE [---] */
    const dy_entry *e = lookup(d, "HURRIES", K_VERB, "HURRY");
    assert_non_null(e);
    assert_int_equal(e->verb->code.kind, C_NULL);
    const dy_pattern *p = find_pattern(e->verb, "* {ARMS SHIPMENT}");
    assert_non_null(p);
    assert_string_equal(p->code.code, "072");
    assert_int_equal(p->upper.n, 2);
    assert_string_equal(p->upper.e[0].s, "ARMS");
    assert_true(p->upper.e[0].flags & F_NEXT);
    /* RACE: the regular form RACING is generated */
    assert_non_null(lookup(d, "RACING", K_VERB, "RACE"));
    /* GRILL [110] in block ASK: own code, the block's patterns */
    const dy_entry *g = lookup(d, "GRILL", K_VERB, "GRILL");
    const dy_entry *a = lookup(d, "REQUEST", K_VERB, "REQUEST");
    assert_non_null(g);
    assert_non_null(a);
    assert_string_equal(g->verb->code.code, "110");
    assert_string_equal(a->verb->code.code, "020");
    assert_int_equal(g->verb->npat, a->verb->npat);
    /* +ASK_FOR {+ASKED_FOR ...}: multi-word verb and its forms */
    assert_non_null(lookup(d, "ASKED", K_VERB, "+ASK_FOR"));
    /* "* (BEFORE COURT) [:173]": null code paired with 173 */
    e = lookup(d, "APPEAR", K_VERB, "APPEAR");
    assert_non_null(e);
    p = find_pattern(e->verb, "* (BEFORE COURT)");
    assert_non_null(p);
    assert_int_equal(p->code.kind, C_NULL);
    assert_string_equal(p->code.paired, "173");
    /* &FIGHT_OF_WORDS is its own synset, not &FIGHT + OF_WORDS */
    e = lookup(d, "ENGAGE", K_VERB, "ENGAGE");
    assert_non_null(e);
    p = find_pattern(e->verb, "* (IN &FIGHT_OF_WORDS)");
    assert_non_null(p);
    assert_int_equal(p->upper.n, 2);
    assert_int_equal(p->upper.e[1].kind, E_SYNSET);
    assert_string_equal(d->synsets[p->upper.e[1].ref].name, "FIGHT_OF_WORDS");
    dyad_dict_free(d);

    d = load_ok(dir, "PETR.Validate.verbs.txt", &st);
    assert_true(st.patterns > 450);
    dyad_dict_free(d);
}

static void phoenix_discards_issues_load(void **state)
{
    (void)state;
    PETR(dir);
    dyad_dict_stats st;
    dyad_dict *d = load_ok(dir, "Phoenix.discards.txt", &st);
    assert_int_equal(st.discards, 506);
    dyad_dict_free(d);
    d = load_ok(dir, "PETR.Validate.discards.txt", &st);
    assert_int_equal(st.discards, 9);
    const dy_entry *e = lookup(d, "WORLD", K_DISCARD, "World Golf Championships");
    assert_non_null(e);
    assert_int_equal(e->shift, 1); /* story level */
    e = lookup(d, "MONTHS", K_DISCARD, "MONTHS LATER");
    assert_non_null(e);
    assert_int_equal(e->shift, 0);
    dyad_dict_free(d);

    d = load_ok(dir, "Phoenix.IssueCoding.txt", &st);
    assert_true(st.issues > 3000);
    e = lookup(d, "KINDERGARTENS", K_ISSUE, "n:kindergarten");
    assert_non_null(e);
    assert_string_equal(e->issue, "EARLY_CHILDHOOD_EDUCATION");
    assert_string_equal(d->issue_cats[e->issue_cat], "EDUCATION");
    e = lookup(d, "EUROPEAN", K_ISSUE, "european central bank"); /* no code: previous */
    assert_non_null(e);
    assert_string_equal(e->issue, "EUROPEAN_UNION");
    dyad_dict_free(d);
}

static void tabari_dictionaries_load(void **state)
{
    (void)state;
    const char *sh = dy_test_shared();
    if (!sh)
        skip();
    char dir[512];
    snprintf(dir, sizeof dir, "%s/peers/tabari", sh);
    static const char *const files[] = {
        "Internatnl.120521.actors", "Levant.080629.actors", "TABARI.Demo.actors",
        "PSU.120522.agents", "Validate.agents", "CAMEO.080612.verbs", "TABARI.Demo.verbs",
        "CAMEO.09b5.options", "TABARI.Demo.options", "Validate.options",
        "TABARI.Demo.project", "Validate.project"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        dyad_dict_stats st;
        dyad_dict *d = load_ok(dir, files[i], &st);
        if (!strcmp(files[i], "CAMEO.080612.verbs"))
            assert_true(st.patterns > 14000);
        if (!strcmp(files[i], "Internatnl.120521.actors"))
            assert_true(st.actors > 7000);
        dyad_dict_free(d);
    }
}

/* ---- malformed input ------------------------------------------------------ */

static void tmp_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "/tmp/dyad_test_petr_%ld_%s", (long)getpid(), name);
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* Loads data from a temp file called name; returns rc, the message in err. */
static int load_data(const char *name, const char *data, size_t n, char *err, size_t errlen,
                     dyad_dict_stats *st)
{
    char path[256];
    tmp_path(path, sizeof path, name);
    write_file(path, data, n);
    dyad_dict *d = dyad_dict_new();
    err[0] = '\0';
    int rc = dyad_dict_load(d, path, err, errlen);
    if (st)
        dyad_dict_get_stats(d, st);
    if (rc == 0 && strstr(dyad_dict_warnings(d), path))
        snprintf(err, errlen, "%s", dyad_dict_warnings(d));
    dyad_dict_free(d);
    remove(path);
    return rc;
}

static void expect_error(const char *name, const char *data, size_t n, const char *where)
{
    char err[1024], path[256];
    tmp_path(path, sizeof path, name);
    assert_int_equal(load_data(name, data, n, err, sizeof err, NULL), -1);
    char want[512];
    snprintf(want, sizeof want, "%s:%s", path, where);
    if (!strstr(err, want))
        fprintf(stderr, "got '%s', want '%s'\n", err, want);
    assert_non_null(strstr(err, want));
}

static void malformed_input_is_a_clean_error(void **state)
{
    (void)state;
    static const char verbs_noclose[] = "--- TEST [010] ---\nTEST\n- * FOO [010\n";
    expect_error("a.verbs", verbs_noclose, sizeof verbs_noclose - 1, "3: missing ']'");
    static const char verbs_group[] = "--- TEST [010] ---\nTEST\n- * {FOO BAR [010]\n";
    expect_error("b.verbs", verbs_group, sizeof verbs_group - 1, "3: missing '}'");
    static const char verbs_nostar[] = "--- TEST [010] ---\nTEST\n- FOO BAR [010]\n";
    expect_error("c.verbs", verbs_nostar, sizeof verbs_nostar - 1, "3: missing verb marker");
    static const char actors_noclose[] = "ARNOR [ARN\n";
    expect_error("d.actors", actors_noclose, sizeof actors_noclose - 1, "1: missing ']'");
    static const char garbage[] = "ARNOR [ARN]\nGON\0DOR [GON]\n\x01\x02\xff";
    expect_error("e.actors", garbage, sizeof garbage - 1, "2: binary data");
    expect_error("f.verbs", garbage, sizeof garbage - 1, "2: binary data");
    static const char pgarbage[] = "--- A [010] ---\nA\n\xff\xfe\0\0\n";
    expect_error("g.verbs", pgarbage, sizeof pgarbage - 1, "3: binary data");

    /* unknown synset: PETRARCH ignores the pattern; a warning names file:line */
    static const char verbs_syn[] = "--- TEST [010] ---\nTEST\n- * &NOPE [011]\n- * FOO [012]\n";
    char err[1024], path[256];
    dyad_dict_stats st;
    assert_int_equal(load_data("h.verbs", verbs_syn, sizeof verbs_syn - 1, err, sizeof err, &st), 0);
    tmp_path(path, sizeof path, "h.verbs");
    char want[512];
    snprintf(want, sizeof want, "%s:3: unknown synset &NOPE", path);
    assert_non_null(strstr(err, want));
    assert_int_equal(st.patterns, 1);

    /* issue 15, item 11: an empty alternative read before the token (UBSan, ASan) */
    static const char verbs_empty[] = "--- TEST [010] ---\nTEST\n- * WITH/ FOO [011]\n"
                                      "- * /BY FOO [013]\n- * A//B [014]\n- * FOO [012]\n";
    assert_int_equal(load_data("s.verbs", verbs_empty, sizeof verbs_empty - 1, err, sizeof err, &st),
                     0);
    tmp_path(path, sizeof path, "s.verbs");
    for (int line = 3; line <= 5; line++) {
        snprintf(want, sizeof want, "%s:%d: empty alternative", path, line);
        assert_non_null(strstr(err, want));
    }
    assert_int_equal(st.patterns, 1);

    /* a line just under the 1 MiB limit (dict/reader.h) */
    size_t big = (1 << 20) - 64;
    char *buf = malloc(big + 64);
    assert_non_null(buf);
    memset(buf, 'A', big);
    memcpy(buf + big, " [X]\n", 5);
    expect_error("i.actors", buf, big + 5, "1: phrase longer");
    static const char head[] = "--- BIG [010] ---\n";
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + big, "\n", 1);
    expect_error("j.verbs", buf, big + 1, "2: verb phrase too long");
    memcpy(buf + sizeof head - 1, "- * ", 4);
    memcpy(buf + big, " [010]\n", 7);
    expect_error("k.verbs", buf, big + 7, "2: pattern longer");
    expect_error("l.discards.txt", buf + sizeof head - 1 + 4, big - sizeof head - 3,
                 "1: discard phrase too long");
    free(buf);

    /* empty files load as empty dictionaries */
    static const char *const empty[] = {"m.actors", "n.agents", "o.verbs", "p.discards.txt",
                                        "q.issues.txt", "r.options"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        assert_int_equal(load_data(empty[i], "", 0, err, sizeof err, &st), 0);
        assert_int_equal(st.actors + st.agents + st.verbs + st.discards + st.issues, 0);
    }
    static const char issue_out[] = "n:war [WAR]\n";
    expect_error("s.issues.txt", issue_out, sizeof issue_out - 1, "1: issue phrase outside");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phoenix_actors_load),
        cmocka_unit_test(phoenix_agents_load),
        cmocka_unit_test(petrarch_verbs_load),
        cmocka_unit_test(phoenix_discards_issues_load),
        cmocka_unit_test(tabari_dictionaries_load),
        cmocka_unit_test(malformed_input_is_a_clean_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
