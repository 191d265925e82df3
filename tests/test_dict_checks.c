/* tests/test_dict_checks.c - broken dictionaries: every problem is an error
 * or a warning naming file:line, never a silently dropped entry. */
#include "testutil.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define DY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DY_ASAN 1
#endif
#endif

#include "dict/dict.h"
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

/* Issue 15, item 5: a line longer than 1 MiB, /dev/zero and a directory
 * are errors naming the file (and line); memory running out while reading
 * is an error, never the end of the file with fewer entries. */
static void unbounded_input_is_an_error(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    size_t n = (1u << 20) + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memcpy(big, "A_ [ARN]\n", 9);
    memset(big + 9, 'B', n - 9);
    big[n] = '\0';
    assert_int_not_equal(load("long.actors", big, n, err, warn, sizeof err), 0);
    expect_in(err, "long.actors:2:", "line longer than 1048576 bytes");
    free(big);
    dyad_dict *d = dyad_dict_new();
    assert_non_null(d);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/zero.actors", dir);
    assert_int_equal(symlink("/dev/zero", sub), 0);
    assert_int_not_equal(dyad_dict_load(d, sub, err, sizeof err), 0);
    unlink(sub);
    expect_in(err, "zero.actors:1:", "binary data");
    snprintf(sub, sizeof sub, "%s/folder.actors", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_not_equal(dyad_dict_load(d, sub, err, sizeof err), 0);
    rmdir(sub);
    expect_in(err, "folder.actors", "is a directory");
    assert_null(strstr(err, ":0:"));
    dyad_dict_free(d);
}

#ifndef DY_ASAN /* (the test below is skipped under ASan) */
#define OOM_ACTORS 1000

/* Child: loads OOM_ACTORS actors with headroom bytes of address space;
 * exit 0 when all loaded, 1 for an "out of memory" error, 2 otherwise. */
static void oom_child(const char *path, size_t headroom)
{
    signal(SIGSEGV, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    dyad_dict *d = dyad_dict_new();
    long pages = 0;
    FILE *statm = fopen("/proc/self/statm", "r");
    if (!d || !statm || fscanf(statm, "%ld", &pages) != 1)
        _exit(4);
    fclose(statm);
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + headroom;
    if (setrlimit(RLIMIT_AS, &rl))
        _exit(5);
    char err[1024];
    if (dyad_dict_load(d, path, err, sizeof err)) {
        if (getenv("DYAD_TEST_VERBOSE"))
            fprintf(stderr, "headroom %zu: %s\n", headroom, err);
        _exit(strstr(err, "out of memory") ? 1 : 2);
    }
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    _exit(st.actors == OOM_ACTORS ? 0 : 3);
}
#endif

static void memory_failure_is_an_error(void **state)
{
    (void)state;
#ifdef DY_ASAN
    skip(); /* ASan reserves terabytes of shadow memory: RLIMIT_AS cannot work */
#else
    char path[300];
    snprintf(path, sizeof path, "%s/many.actors", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# a comment of 900 KB: the line buffer must grow\n# ", f);
    for (int i = 0; i < 900 * 1024; i++)
        fputc('x', f);
    fputc('\n', f);
    for (int i = 0; i < OOM_ACTORS; i++)
        fprintf(f, "ACTOR_NUMBER_%d [A%05d]\n", i, i);
    fclose(f);
    int ooms = 0, oks = 0;
    for (size_t headroom = 128u << 10; headroom <= (64u << 20); headroom *= 2) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            oom_child(path, headroom);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
            fail_msg("headroom %zu: child status %d (3: ok with fewer actors)", headroom, status);
        ooms += WEXITSTATUS(status) == 1;
        oks += WEXITSTATUS(status) == 0;
    }
    unlink(path);
    assert_true(ooms > 0);
    assert_true(oks > 0);
#endif
}

/* Issue 15, item 10: a synset that contains itself, two that contain each
 * other, and nesting past DY_MAX_SYNSET_DEPTH are load errors with
 * file:line, in TABARI and PETRARCH verbs files. */
static void synset_cycles_are_errors(void **state)
{
    (void)state;
    char err[1024], warn[1024];
    assert_int_equal(LOAD("self.verbs", "<SYNSETS>\n&SELF\n+ FOO\n+ &SELF BAR\n"), -1);
    expect_in(err, "self.verbs:4:", "synset &SELF would contain itself");
    assert_int_equal(LOAD("mutual.verbs", "<SYNSETS>\n&A\n+ FOO\n&B\n+ X {Y | &A}\n&A\n+ &B\n"),
                     -1);
    expect_in(err, "mutual.verbs:7:", "synset &A would contain itself");
    assert_int_equal(LOAD("petr.verbs", "&A\n+FOO\n\n&B\n+&A\n\n&A\n+&B\n\n"
                                        "--- TEST [010] ---\nTEST\n- * FOO [011]\n"), -1);
    expect_in(err, "petr.verbs:8:", "synset &A would contain itself");
    char deep[4096];
    size_t n = (size_t)snprintf(deep, sizeof deep, "<SYNSETS>\n&S0\n+ FOO\n");
    for (int i = 1; i < DY_MAX_SYNSET_DEPTH; i++) /* S31 nests 32 deep: allowed */
        n += (size_t)snprintf(deep + n, sizeof deep - n, "&S%d\n+ &S%d\n", i, i - 1);
    assert_int_equal(load("deep.verbs", deep, n, err, warn, sizeof err), 0);
    n += (size_t)snprintf(deep + n, sizeof deep - n, "&S%d\n+ &S%d\n", DY_MAX_SYNSET_DEPTH,
                          DY_MAX_SYNSET_DEPTH - 1);
    assert_int_equal(load("deep.verbs", deep, n, err, warn, sizeof err), -1);
    expect_in(err, "deep.verbs:67:", "would nest synsets more than 32 deep");
    /* shared members (a diamond) are neither a cycle nor deep */
    assert_int_equal(LOAD("diamond.verbs", "<SYNSETS>\n&A\n+ FOO\n&B\n+ &A\n&C\n+ &A\n"
                                           "&D\n+ &B &C\n+ &A\n"), 0);
}

static int count_event(const dyad_event *ev, void *user)
{
    (void)ev;
    ++*(long *)user;
    return 0;
}

/* The matcher itself stops at twice that nesting, whatever the dictionary
 * holds: a cycle put in by hand (as a damaged cache could) codes no event,
 * without recursing until the stack runs out. */
static void matcher_bounds_synset_nesting(void **state)
{
    (void)state;
    char path[300], err[1024];
    snprintf(path, sizeof path, "%s/loop.verbs", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("<SYNSETS>\n&LOOP\n+ FOO\n+ BAR\n</SYNSETS>\nATTACK [190]\n- $ * + WITH &LOOP [195]\n", f);
    fclose(f);
    snprintf(path + strlen(dir), sizeof path - strlen(dir), "/loop.actors");
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("NORLAND [NOR]\nSUDLAND [SUD]\n", f);
    fclose(f);
    dyad_dict *d = dyad_dict_new();
    if (dyad_dict_load(d, path, err, sizeof err))
        fail_msg("%s", err);
    unlink(path);
    snprintf(path + strlen(dir), sizeof path - strlen(dir), "/loop.verbs");
    if (dyad_dict_load(d, path, err, sizeof err))
        fail_msg("%s", err);
    unlink(path);
    dy_synset *ss = dy_dict_synset(d, "LOOP", 4, 0);
    assert_non_null(ss);
    ss->ph[0].e[0].kind = E_SYNSET; /* + FOO becomes + &LOOP */
    ss->ph[0].e[0].ref = (uint32_t)(ss - d->synsets);
    ss->ph[0].first = 0;
    dyad_dict_finish(d);
    dyad_coder *c = dyad_coder_new(d);
    assert_non_null(c);
    static const char text[] = "Norland attacked Sudland with bar.";
    long seen = 0;
    long events = dyad_code_document(c, "t", "2021-04-26", text, sizeof text - 1, count_event,
                                     &seen, err, sizeof err);
    assert_true(events >= 0);
    assert_int_equal(events, seen); /* BAR matched through the loop's second member */
    dyad_coder_free(c);
    dyad_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unbalanced_brackets_are_errors),
        cmocka_unit_test(binary_dictionary_is_an_error),
        cmocka_unit_test(unknown_codes_are_warnings),
        cmocka_unit_test(duplicates_are_warnings),
        cmocka_unit_test(overlapping_restrictions_are_warnings),
        cmocka_unit_test(unbounded_input_is_an_error),
        cmocka_unit_test(memory_failure_is_an_error),
        cmocka_unit_test(synset_cycles_are_errors),
        cmocka_unit_test(matcher_bounds_synset_nesting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
