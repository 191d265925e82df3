/* tests/test_dict_cache.c - the compiled dictionary cache (dict/cache.c):
 * a set is written once, mapped afterwards, codes exactly as when read,
 * and is read again whenever a source, the cache file or its owner is not
 * what it should be. Works on a copy of the bundled dictionaries in a
 * temporary folder, with the cache in another. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "dyad.h"

static char tmp[] = "/tmp/dyad_test_dict_cache_XXXXXX";
static char data[600], cache[600];

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(tmp));
    snprintf(data, sizeof data, "%s/dict", tmp);
    snprintf(cache, sizeof cache, "%s/cache", tmp);
    assert_int_equal(mkdir(data, 0700), 0);
    static const char *const files[] = {
        "dyad.project", "dyad.countries.actors", "dyad.orgs.actors", "dyad.people.actors",
        "dyad.acronyms.actors", "dyad.names.actors", "dyad.agents", "dyad.verbs",
        "dyad.nominal.verbs", "dyad.events.verbs", "dyad.options"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char from[700], to[700];
        snprintf(from, sizeof from, "data/dict/%s", files[i]);
        snprintf(to, sizeof to, "%s/%s", data, files[i]);
        copy_file(from, to);
    }
    setenv("DYAD_CACHE_DIR", cache, 1);
    unsetenv("DYAD_CACHE");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static const char sentence[] =
    "Russian Foreign Minister Sergei Lavrov accused Poland of preparing provocations on "
    "Tuesday. Zorgland condemned Lithuania.";

static int collect(const dyad_event *ev, void *user)
{
    char line[4096];
    dyad_format_event(ev, DYAD_FORMAT_JSON, line, sizeof line);
    strncat(user, line, 16000 - strlen(user) - 1);
    return 0;
}

/* The events of sentence as JSON Lines, coded with d. */
static void code(const dyad_dict *d, char *out)
{
    dyad_coder *c = dyad_coder_new(d);
    assert_non_null(c);
    out[0] = '\0';
    char err[256];
    assert_true(dyad_code_document(c, "t", "2021-04-20", sentence, sizeof sentence - 1, collect,
                                   out, err, sizeof err) >= 1);
    dyad_coder_free(c);
}

static dyad_dict *open_set(void)
{
    char err[512];
    dyad_dict *d = dyad_dict_open(NULL, 0, data, err, sizeof err);
    if (!d)
        fail_msg("%s", err);
    return d;
}

static int starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

/* The cache file this set uses (the only one in the folder). */
static void cache_file(char *out, size_t n)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls '%s'/*.dict", cache);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(out, (int)n, p));
    out[strcspn(out, "\n")] = '\0';
    pclose(p);
}

static void cached_set_codes_as_read(void **state)
{
    (void)state;
    static char read_ev[16000], mapped_ev[16000], off_ev[16000];
    dyad_dict *d = open_set();
    assert_true(starts(dyad_dict_cache_status(d), "read (no cached copy); cached as "));
    code(d, read_ev);
    dyad_dict_stats st1, st2;
    dyad_dict_get_stats(d, &st1);
    char *warn1 = strdup(dyad_dict_warnings(d));
    dyad_dict_free(d);

    d = open_set();
    assert_true(starts(dyad_dict_cache_status(d), "mapped from "));
    code(d, mapped_ev);
    dyad_dict_get_stats(d, &st2);
    assert_memory_equal(&st1, &st2, sizeof st1);
    assert_string_equal(warn1, dyad_dict_warnings(d));
    assert_string_equal(read_ev, mapped_ev);
    assert_non_null(strstr(mapped_ev, "\"RUSGOV\"")); /* Lavrov, as read */

    /* A second copy of the same set in one process: the address is taken,
     * so it is read, and codes the same. */
    dyad_dict *d2 = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d2), "address range is taken"));
    code(d2, off_ev);
    assert_string_equal(read_ev, off_ev);
    dyad_dict_free(d2);
    dyad_dict_free(d);

    setenv("DYAD_CACHE", "off", 1);
    d = open_set();
    assert_string_equal(dyad_dict_cache_status(d), "read; not cached: DYAD_CACHE=off");
    code(d, off_ev);
    assert_string_equal(read_ev, off_ev);
    dyad_dict_free(d);
    unsetenv("DYAD_CACHE");
    free(warn1);
}

static void changed_source_is_read_again(void **state)
{
    (void)state;
    static char before[16000], after[16000];
    dyad_dict *d = open_set(); /* mapped (the previous test wrote it) or read */
    code(d, before);
    dyad_dict_free(d);
    assert_null(strstr(before, "ZRG"));

    char path[700];
    snprintf(path, sizeof path, "%s/dyad.names.actors", data);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs("\nZORGLAND_ [ZRG]\n", f);
    fclose(f);

    d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "dyad.names.actors changed); cached as "));
    code(d, after);
    assert_non_null(strstr(after, "\"ZRG\""));
    dyad_dict_free(d);
    d = open_set();
    assert_true(starts(dyad_dict_cache_status(d), "mapped from "));
    dyad_dict_free(d);
}

/* Damaged, foreign or shared cache files are never mapped. */
static void bad_cache_files_are_not_used(void **state)
{
    (void)state;
    static char good[16000], got[16000];
    dyad_dict *d = open_set();
    code(d, good);
    dyad_dict_free(d);
    char file[1200];
    cache_file(file, sizeof file);

    assert_int_equal(chmod(file, 0666), 0); /* others could have written it */
    d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "not the user's own private file"));
    code(d, got);
    assert_string_equal(good, got);
    dyad_dict_free(d);

    /* cut short, then garbage over the header, then an empty file */
    assert_int_equal(truncate(file, 10000), 0);
    d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "another build or damaged"));
    dyad_dict_free(d);
    FILE *f = fopen(file, "r+b");
    assert_non_null(f);
    fputs("this is not a dictionary image at all", f);
    fclose(f);
    d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "another build or damaged"));
    code(d, got);
    assert_string_equal(good, got);
    dyad_dict_free(d);
    assert_int_equal(truncate(file, 0), 0);
    d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "another build or damaged"));
    dyad_dict_free(d);
    d = open_set();
    assert_true(starts(dyad_dict_cache_status(d), "mapped from "));
    dyad_dict_free(d);
}

static void unwritable_cache_folder_still_loads(void **state)
{
    (void)state;
    char path[700];
    snprintf(path, sizeof path, "%s/not-a-folder", tmp);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    char sub[800];
    snprintf(sub, sizeof sub, "%s/below", path); /* below a plain file: cannot be made */
    setenv("DYAD_CACHE_DIR", sub, 1);
    dyad_dict *d = open_set();
    assert_non_null(strstr(dyad_dict_cache_status(d), "not cached: cannot create"));
    dyad_dict_free(d);
    setenv("DYAD_CACHE_DIR", cache, 1);

    char err[512];
    const char *missing[] = {"/nonexistent/dyad.verbs"};
    assert_null(dyad_dict_open(missing, 1, NULL, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/dyad.verbs"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cached_set_codes_as_read),
        cmocka_unit_test(changed_source_is_read_again),
        cmocka_unit_test(bad_cache_files_are_not_used),
        cmocka_unit_test(unwritable_cache_folder_still_loads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
