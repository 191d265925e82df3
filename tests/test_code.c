/* tests/test_code.c - the coder on small dictionaries written here. */
#include "testutil.h"

#include <unistd.h>

#include "dyad.h"

static const char actors[] =
    "NORLAND [NOR]\n"
    "SUDLAND_ [SUD]\n"
    "WESTMARK [WMK]\n"
    "KING_OTTO [NORGOV 20000101-20101231] [NORELI]\n"
    "<ADJECTIVE>\nOLD\n</ADJECTIVE>\n";
static const char agents[] = "FOREIGN_MINISTER [~GOVFRM]\nPOLICE_ [~COP]\n";
static const char verbs[] =
    "ACCUSE [112]\n"
    "- * + OF SPYING [1121]\n"
    "MEET [036:036]\n"
    "- % * [036:036]\n"
    "VISIT [042:043]\n"
    "ATTACK [190]\n"
    "- $ * + WITH DRONES [195]\n"
    "RESTORE [064]\n"
    "- * DIPLOMATIC_TIES [064]\n"
    "SAY [010?]\n";

static dyad_dict *dict;
static dyad_coder *coder;
static char events[4096];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    char dir[] = "/tmp/dyad_test_code_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[256], err[512];
    dict = dyad_dict_new();
    const char *names[] = {"t.actors", "t.agents", "t.verbs"};
    const char *texts[] = {actors, agents, verbs};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        write_file(p, texts[i]);
        assert_int_equal(dyad_dict_load(dict, p, err, sizeof err), 0);
        unlink(p);
    }
    rmdir(dir);
    dyad_dict_finish(dict);
    coder = dyad_coder_new(dict);
    dyad_coder_set_modality(coder, DYAD_ALL_MODALITIES);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dyad_coder_free(coder);
    dyad_dict_free(dict);
    return 0;
}

static int collect(const dyad_event *ev, void *user)
{
    (void)user;
    char line[128];
    snprintf(line, sizeof line, "%s>%s:%s:%s;", ev->source.code, ev->target.code, ev->cameo,
             ev->modality);
    strncat(events, line, sizeof events - strlen(events) - 1);
    return 0;
}

static const char *code(const char *text, const char *date)
{
    char err[256];
    events[0] = '\0';
    long n = dyad_code_document(coder, "t", date, text, strlen(text), collect, NULL, err,
                                sizeof err);
    assert_true(n >= 0);
    return events;
}

static void simple_event_and_pattern(void **state)
{
    (void)state;
    assert_string_equal(code("Norland accused Westmark.", "2005-01-01"), "NOR>WMK:112:asserted;");
    assert_string_equal(code("Norland accused Westmark of spying.", "2005-01-01"),
                        "NOR>WMK:1121:asserted;");
    assert_string_equal(code("Norland restored diplomatic ties with Sudland.", "2005-01-01"),
                        "NOR>SUD:064:asserted;");
}

static void agents_and_dates(void **state)
{
    (void)state;
    assert_string_equal(code("The Norland foreign minister visited Westmark.", "2005-01-01"),
                        "NORGOVFRM>WMK:042:asserted;WMK>NORGOVFRM:043:asserted;");
    /* King Otto governs until 2010, then he is an elite */
    assert_string_equal(code("King Otto accused Westmark.", "2005-06-01"), "NORGOV>WMK:112:asserted;");
    assert_string_equal(code("King Otto accused Westmark.", "2015-06-01"), "NORELI>WMK:112:asserted;");
}

static void compounds_and_pairs(void **state)
{
    (void)state;
    assert_string_equal(code("Norland and Sudland will meet in May.", "2005-01-01"),
                        "NOR>SUD:036:planned;SUD>NOR:036:planned;");
    assert_string_equal(code("Norland accused Sudland and Westmark.", "2005-01-01"),
                        "NOR>SUD:112:asserted;NOR>WMK:112:asserted;");
}

static void passive_and_designated(void **state)
{
    (void)state;
    assert_string_equal(code("Westmark was accused by Norland.", "2005-01-01"),
                        "NOR>WMK:112:asserted;");
    assert_string_equal(code("Norland attacked Westmark with drones.", "2005-01-01"),
                        "NOR>WMK:195:asserted;");
}

static void modality(void **state)
{
    (void)state;
    assert_string_equal(code("Norland did not accuse Westmark.", "2005-01-01"),
                        "NOR>WMK:112:negated;");
    assert_string_equal(code("Norland may accuse Westmark.", "2005-01-01"),
                        "NOR>WMK:112:hypothetical;");
    dyad_coder_set_modality(coder, DYAD_ASSERTED_ONLY);
    assert_string_equal(code("Norland did not accuse Westmark.", "2005-01-01"), "");
    dyad_coder_set_modality(coder, DYAD_ALL_MODALITIES);
}

static void nothing_to_code(void **state)
{
    (void)state;
    assert_string_equal(code("The weather was fine in Norland.", "2005-01-01"), "");
    assert_string_equal(code("", "2005-01-01"), "");
    assert_string_equal(code("\xff\xfe garbage \x01\x02 Norland", "2005-01-01"), "");
    char err[128];
    assert_int_equal(dyad_code_document(coder, "t", "2005-13-45", "x", 1, collect, NULL, err,
                                        sizeof err),
                     -1);
    assert_non_null(strstr(err, "invalid date"));
}

static void repeats_are_reported_once(void **state)
{
    (void)state;
    assert_string_equal(code("Norland accused Westmark. Norland accused Westmark again.",
                             "2005-01-01"),
                        "NOR>WMK:112:asserted;");
    dyad_coder_keep_repeats(coder, 1);
    assert_string_equal(code("Norland accused Westmark. Norland accused Westmark again.",
                             "2005-01-01"),
                        "NOR>WMK:112:asserted;NOR>WMK:112:asserted;");
    dyad_coder_keep_repeats(coder, 0);
}

static void explain_shows_steps(void **state)
{
    (void)state;
    char *s = dyad_explain(coder, "Norland accused Westmark of spying.", "2005-01-01");
    assert_non_null(s);
    assert_non_null(strstr(s, "NOR -> WMK : 1121"));
    assert_non_null(strstr(s, "pattern"));
    free(s);
}

static char warnings[1024];

static void keep_warning(const dyad_warning *w, void *user)
{
    (void)user;
    char line[320];
    snprintf(line, sizeof line, "%s/%d/%ld: %s;", w->doc, w->sentence, w->offset, w->message);
    strncat(warnings, line, sizeof warnings - strlen(warnings) - 1);
}

/* Invalid UTF-8 and NUL bytes are repaired and reported, not silent. */
static void damage_is_reported(void **state)
{
    (void)state;
    static const char text[] = "Norland \xff accused\0 Westmark.";
    char err[128];
    warnings[0] = events[0] = '\0';
    dyad_coder_set_warnings(coder, keep_warning, NULL);
    assert_int_equal(dyad_code_document(coder, "d", "2005-01-01", text, sizeof text - 1, collect,
                                        NULL, err, sizeof err),
                     1);
    dyad_coder_set_warnings(coder, NULL, NULL);
    assert_string_equal(events, "NOR>WMK:112:asserted;");
    assert_string_equal(warnings,
                        "d/0/8: 1 invalid UTF-8 sequence replaced by U+FFFD (the first at byte 8);"
                        "d/0/17: 1 NUL byte dropped (the first at byte 17);");
}

static int keep_text(const dyad_event *ev, void *user)
{
    *(size_t *)user = strlen(ev->text);
    return 0;
}

/* A sentence of 3000 words is coded from its first DYAD_MAX_SENTENCE_TOKENS
 * tokens, with a warning; the event carries the whole coded text (it used to
 * be cut at 4 KB without a word). */
static void long_sentence_is_cut_with_warning(void **state)
{
    (void)state;
    size_t cap = 40000, n = 0;
    char *text = malloc(cap), err[128];
    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "Norland accused Westmark");
    for (int i = 0; i < 3000; i++)
        n += (size_t)snprintf(text + n, cap - n, " and Sudland");
    n += (size_t)snprintf(text + n, cap - n, ".");
    size_t textlen = 0;
    warnings[0] = '\0';
    dyad_coder_set_warnings(coder, keep_warning, NULL);
    assert_true(dyad_code_document(coder, "long", "2005-01-01", text, n, keep_text, &textlen, err,
                                    sizeof err) >= 1);
    dyad_coder_set_warnings(coder, NULL, NULL);
    assert_non_null(strstr(warnings, "long/1/-1: sentence longer than 1000 tokens: only its first"));
    assert_true(textlen > 4096 && textlen < n);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simple_event_and_pattern),
        cmocka_unit_test(agents_and_dates),
        cmocka_unit_test(compounds_and_pairs),
        cmocka_unit_test(passive_and_designated),
        cmocka_unit_test(modality),
        cmocka_unit_test(nothing_to_code),
        cmocka_unit_test(repeats_are_reported_once),
        cmocka_unit_test(explain_shows_steps),
        cmocka_unit_test(damage_is_reported),
        cmocka_unit_test(long_sentence_is_cut_with_warning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
