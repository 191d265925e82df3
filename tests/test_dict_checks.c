/* tests/test_dict_checks.c - broken dictionaries: every problem is an error
 * or a warning naming file:line, never a silently dropped entry. */
#include "testutil.h"

#include <unistd.h>

#include "dyad.h"

static char dir[] = "/tmp/dyad_test_dict_checks_XXXXXX";

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rmdir(dir);
    return 0;
}

/* Loads text as NAME; returns the load status, the error in err and the
 * warnings in warn. */
static int load(const char *name, const char *text, size_t len, char *err, char *warn, size_t cap)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    dyad_dict *d = dyad_dict_new();
    assert_non_null(d);
    err[0] = '\0';
    int rc = dyad_dict_load(d, path, err, cap);
    if (rc == 0)
        dyad_dict_finish(d);
    snprintf(warn, cap, "%s", dyad_dict_warnings(d));
    dyad_dict_free(d);
    unlink(path);
    return rc;
}

#define LOAD(name, text) load(name, text, sizeof text - 1, err, warn, sizeof err)

static void expect_in(const char *haystack, const char *name, const char *needle)
{
    char want[256];
    snprintf(want, sizeof want, "%s/%s", dir, name);
    if (!strstr(haystack, want) || !strstr(haystack, needle))
        fail_msg("wanted \"%s\" ... \"%s\" in \"%s\"", want, needle, haystack);
}

static void unbalanced_brackets_are_errors(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(LOAD("a.actors", "ARNOR_ [ARN]\nGONDOR_ [GON\n"), -1);
    expect_in(err, "a.actors:2:", "missing ']'");
    assert_int_equal(LOAD("b.verbs", "MEET_ [040]\n- * WITH + [042\n"), -1);
    expect_in(err, "b.verbs:2:", "missing ']'");
    assert_int_equal(LOAD("c.verbs", "MEET_ [040]\n{MET_ MEETING_\n"), -1);
    expect_in(err, "c.verbs:2:", "missing '}'");
    /* an open alternative drops only that pattern, and says so */
    assert_int_equal(LOAD("d.verbs", "MEET_ [040]\n- * {WITH | ALONGSIDE + [042]\n"), 0);
    expect_in(warn, "d.verbs:2:", "pattern ignored");
}

static void binary_dictionary_is_an_error(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(LOAD("e.actors", "ARNOR_ [ARN]\nGON\0DOR_ [GON]\n"), -1);
    expect_in(err, "e.actors:2:", "NUL byte");
}

static void unknown_codes_are_warnings(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(LOAD("f.verbs", "MEET_ [04O]\n- * WITH + [042:999]\nWARN_ [130]\n"), 0);
    expect_in(warn, "f.verbs:1:", "unknown CAMEO event code [04O]");
    expect_in(warn, "f.verbs:2:", "unknown CAMEO event code [999]");
    assert_null(strstr(warn, "[042]"));
    assert_null(strstr(warn, "[130]"));
}

static void duplicates_are_warnings(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(LOAD("g.actors", "ROHAN_ [ROH]\nARNOR_ [ARN]\nROHAN_ [GON]\nROHAN [ROH]\n"), 0);
    expect_in(warn, "g.actors:3: duplicate actor 'ROHAN' (first at ", "g.actors:1)");
    assert_null(strstr(warn, "g.actors:4:")); /* ROHAN (a stem) is another phrase */
    assert_int_equal(LOAD("h.verbs", "MEET_ [040]\n{MET_}\nENCOUNTER_ [040]\n{MET_}\n"), 0);
    expect_in(warn, "h.verbs:4: duplicate verb 'MET'", "h.verbs:2)");
}

static void overlapping_restrictions_are_warnings(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(
        LOAD("i.actors", "KING_ [ARNGOV 950101-981231] [ARNMIL 970101-991231] [ARN]\n"
                         "QUEEN_ [ARNGOV 950101-981231] [ARNELI 981231-991231] [ARN]\n"
                         "HEIR_ [ARNGOV <990101] [ARNREB <980101]\n"),
        0);
    expect_in(warn, "i.actors:1:", "[ARNGOV] and [ARNMIL] overlap from 1997-01-01 to 1998-12-31");
    assert_null(strstr(warn, "i.actors:2:")); /* one shared handover day is the convention */
    expect_in(warn, "i.actors:3:", "overlap from the start to 1998-01-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unbalanced_brackets_are_errors),
        cmocka_unit_test(binary_dictionary_is_an_error),
        cmocka_unit_test(unknown_codes_are_warnings),
        cmocka_unit_test(duplicates_are_warnings),
        cmocka_unit_test(overlapping_restrictions_are_warnings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
