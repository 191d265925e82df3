#include "testutil.h"
#include "text/clean.h"
#include "text/sentence.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#if defined(__SANITIZE_ADDRESS__)
#define DY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DY_ASAN 1
#endif
#endif

static int valid_utf8(const unsigned char *p, size_t n)
{
    for (size_t k = 0; k < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(p + k, (utf8proc_ssize_t)(n - k), &cp);
        if (r <= 0)
            return 0;
        k += (size_t)r;
    }
    return 1;
}

/* Cleans in and compares with want; prints both on mismatch. */
static void expect_clean_n(const char *in, size_t len, const char *want)
{
    dy_buf out = DY_BUF_INIT;
    char err[128];
    assert_int_equal(dy_text_clean(in, len, &out, err, sizeof err), 0);
    if (strcmp(dy_buf_str(&out), want) != 0)
        fail_msg("clean(\"%.*s\")\n  got  \"%s\"\n  want \"%s\"", (int)len, in, dy_buf_str(&out),
                 want);
    dy_buf_free(&out);
}

static void expect_clean(const char *in, const char *want) { expect_clean_n(in, strlen(in), want); }

/* ---------------- cleaning ---------------- */

static void clean_bytes_and_newlines(void **state)
{
    (void)state;
    expect_clean("", "");
    expect_clean("   \n\n \t \n", "");
    expect_clean_n("a\0b", 3, "ab");
    expect_clean_n("\0\0\0\0", 4, ""); /* fuzz regression: nothing left after stage 1 */
    expect_clean("\xef\xbb\xbf\xe2\x80\x8b\x7f", "");
    expect_clean("a\x01" "b\x7f" "c", "a bc");
    expect_clean("bad \xff\xfe byte", "bad \xef\xbf\xbd\xef\xbf\xbd byte");
    expect_clean("cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd");
    expect_clean("overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd");
    expect_clean("surrogate \xed\xa0\x80!", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
    expect_clean("One.\r\nTwo.\r\rThree\rfour", "One. Two.\n\nThree four");
    expect_clean("tab\there", "tab here");
    expect_clean("page one.\fPage two.", "page one.\n\nPage two.");
    expect_clean("C1\xc2\x85next", "C1 next");
}

static void clean_typography(void **state)
{
    (void)state;
    expect_clean("\xe2\x80\x9cYes,\xe2\x80\x9d he said, \xe2\x80\x98it\xe2\x80\x99s done\xe2\x80\x99",
                 "\"Yes,\" he said, 'it's done'");
    expect_clean("the U.S.\xe2\x80\x94" "but also Poland\xe2\x80\x94of",
                 "the U.S. - but also Poland - of");
    expect_clean("war \xe2\x80\x93 again", "war - again");
    expect_clean("1990\xe2\x80\x93" "2000 and Paris\xe2\x80\x93" "Berlin", "1990-2000 and Paris-Berlin");
    expect_clean("a \xe2\x80\x95 b", "a - b");
    expect_clean("well--known? no -- a dash", "well - known? no - a dash");
    expect_clean("Russian-Belarusian ---- x", "Russian-Belarusian ---- x");
    expect_clean("non\xc2\xa0" "breaking\xe2\x80\x83" "em\xe2\x80\xaf" "narrow\xe3\x80\x80" "ideo",
                 "non breaking em narrow ideo");
    expect_clean("wait\xe2\x80\xa6 what", "wait... what");
    expect_clean("co\xc2\xad" "operation", "cooperation");
    expect_clean("\xef\xac\x81nal e\xef\xac\x83" "cient", "final efficient");
    expect_clean("zero\xe2\x80\x8bwidth\xef\xbb\xbf", "zerowidth");
    expect_clean("\xc2\xab" "Zapad\xc2\xbb", "\"Zapad\"");
}

static void clean_nfc(void **state)
{
    (void)state;
    /* e + combining acute -> precomposed e-acute */
    expect_clean("Mine\x65\xcc\x81 caf\x65\xcc\x81", "Mine\xc3\xa9 caf\xc3\xa9");
    expect_clean("\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9");
}

static void clean_markup(void **state)
{
    (void)state;
    expect_clean("show that <u>integration</u> is", "show that integration is");
    expect_clean("<b>bold</b> <i>it</i> <SPAN class=\"x\">s</SPAN> <a href='u'>link</a>",
                 "bold it s link");
    expect_clean("Line<br/>break.<p>Para.</p>End.", "Line break.\n\nPara.\n\nEnd.");
    expect_clean("a <!-- hidden --> b", "a b");
    expect_clean("Tom &amp; Jerry &quot;x&quot; &#39;y&#39; &#x2014;z&nbsp;w &lt;b&gt;",
                 "Tom & Jerry \"x\" 'y' - z w <b>");
    expect_clean("AT&T &unknown; & x &#0; &#xD800; &#99999999;",
                 "AT&T &unknown; & x \xef\xbf\xbd \xef\xbf\xbd &#99999999;");
    expect_clean("a < b and c > d, x<y>z, <notatag>", "a < b and c > d, x<y>z, <notatag>");
    expect_clean("<b unterminated", "<b unterminated");
    expect_clean("the *Zapad* manoeuvres, *de facto* rule", "the Zapad manoeuvres, de facto rule");
    expect_clean("**strong** and _em_ and __both__", "strong and em and both");
    expect_clean("snake_case_name 2 * 3 * 4 note* *x", "snake_case_name 2 * 3 * 4 note* *x");
    expect_clean("(*Zapad*-2021)", "(Zapad-2021)");
    expect_clean("*multi\nline*", "multi line");
    expect_clean("*a *b* c", "a *b c");
    expect_clean("*a _b* c_ d", "a b c d");
}

static void clean_lines_and_hyphens(void **state)
{
    (void)state;
    expect_clean("one\ntwo\n  three   four  ", "one two three four");
    expect_clean("the decision-\nmaking role", "the decisionmaking role");
    expect_clean("the Russian-\nBelarusian border", "the Russian-Belarusian border");
    expect_clean("Anti-\nterror", "Anti-terror");
    expect_clean("COVID-\n19 cases", "COVID-19 cases");
    expect_clean("a war -\nnot peace", "a war - not peace");
    expect_clean("a\n\n\n\nb.\n\n\n\nC", "a b.\n\nC");
}

static void clean_running_heads(void **state)
{
    (void)state;
    /* interrupting a sentence, like PISM's page foot */
    expect_clean("relations between Belarus and its western\n\nPISM SPOTLIGHT\n\n"
                 "neighbours, including Poland, can be expected.",
                 "relations between Belarus and its western neighbours, including Poland, can be "
                 "expected.");
    /* head plus a page number between the halves */
    expect_clean("a sentence that runs on to the\n\nAnnual Report 2021\n\n17\n\nnext page.",
                 "a sentence that runs on to the next page.");
    /* a comma leaves the sentence open even before a capital */
    expect_clean("for the drills,\n\nPISM\n\nRussia said so.", "for the drills, Russia said so.");
    /* page break without any head */
    expect_clean("such as the\n\nestablishment of bodies.", "such as the establishment of bodies.");
    expect_clean("decision-\n\nmaking matters.", "decisionmaking matters.");
    /* repeated heads anywhere; digits ignored */
    expect_clean("Intro text.\n\nPage 1 of 3\n\nMore text.\n\nPage 2 of 3\n\nEven more.\n\nPage 3 of 3",
                 "Intro text.\n\nMore text.\n\nEven more.");
    expect_clean("A b c\n\nFOOTER\n\nd e.\n\nx y.\n\nFOOTER\n\nz.", "A b c d e.\n\nx y.\n\nz.");
}

static void clean_keeps_headings(void **state)
{
    (void)state;
    const char *doc = "Belarus-Russia Integration Talks\n\nAnna Maria Dyner\n\n"
                      "Over the last days, talks took place.\n\nConclusions\n\n"
                      "The talks will go on.\n\nWhat next?\n\nNobody knows.";
    expect_clean(doc, doc);
    /* a heading after an unfinished paragraph stays when a capital follows */
    expect_clean("A long paragraph without a stop\n\nOutlook\n\nThe future is open.",
                 "A long paragraph without a stop\n\nOutlook\n\nThe future is open.");
    /* a short lowercase fragment continues the sentence rather than being a head */
    expect_clean("relations with its western\n\nneighbours and allies\n\nare tense.",
                 "relations with its western neighbours and allies are tense.");
    /* a heading repeated only twice is kept */
    expect_clean("Summary\n\nText one.\n\nSummary\n\nText two.",
                 "Summary\n\nText one.\n\nSummary\n\nText two.");
}

static void clean_output_shape(void **state)
{
    (void)state;
    expect_clean("\n\n  Lead.  \n\n\n\n Tail \n\n", "Lead.\n\nTail");
    dy_buf out = DY_BUF_INIT;
    assert_int_equal(dy_buf_append(&out, "old", 3), 0);
    assert_int_equal(dy_text_clean(NULL, 0, &out, NULL, 0), 0);
    assert_string_equal(dy_buf_str(&out), "");
    dy_buf_free(&out);
}

/* Every byte value and many random strings: output valid UTF-8, no controls. */
static void clean_random_bytes_are_safe(void **state)
{
    (void)state;
    unsigned long seed = 12345;
    char in[512];
    dy_buf out = DY_BUF_INIT;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 511) + 1;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            in[k] = (char)(seed >> 56);
            if (round % 3 == 0 && (seed >> 20) % 4 == 0)
                in[k] = "<>&;*_-\n "[(seed >> 30) % 9];
        }
        assert_int_equal(dy_text_clean(in, n, &out, NULL, 0), 0);
        const unsigned char *p = (const unsigned char *)dy_buf_str(&out);
        for (size_t k = 0; k < out.len; k++)
            assert_true(p[k] >= 0x20 || p[k] == '\n');
        if (out.len)
            assert_true(p[0] != ' ' && p[0] != '\n' && p[out.len - 1] != ' ' &&
                        p[out.len - 1] != '\n');
        assert_null(strstr((const char *)p, "\n\n\n"));
        assert_null(strstr((const char *)p, "  "));
        assert_true(valid_utf8(p, out.len));
    }
    dy_buf_free(&out);
}

#ifndef DY_ASAN
/* Child: cleans n bytes of text under an address-space cap of what is
 * mapped now plus headroom. Exit 0: success, 1: clean "out of memory". */
static void oom_child(size_t n, size_t headroom)
{
    signal(SIGSEGV, SIG_DFL); /* a crash must kill the child, not re-enter cmocka */
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    char *in = malloc(n);
    if (!in)
        _exit(3);
    for (size_t k = 0; k < n; k++)
        in[k] = "Mr. Putin met\n*Lukashenka* &amp; <u>U.S.</u>\xe2\x80\x94 ok.\n\n"[k % 52];
    long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld", &pages) != 1)
        _exit(4);
    fclose(f);
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + headroom;
    if (setrlimit(RLIMIT_AS, &rl))
        _exit(5);
    dy_buf out = DY_BUF_INIT;
    char err[64] = "unchanged";
    int rc = dy_text_clean(in, n, &out, err, sizeof err);
    if (rc == 0)
        _exit(0);
    _exit(rc == -1 && strcmp(err, "out of memory") == 0 ? 1 : 6);
}
#endif

/* Out of memory is an error result, never a crash: clean runs in child
 * processes whose address space is capped at growing sizes, so that every
 * allocation stage fails in one of them. */
static void clean_reports_out_of_memory(void **state)
{
    (void)state;
#ifdef DY_ASAN
    skip(); /* ASan reserves terabytes of shadow memory: RLIMIT_AS cannot work */
#else
    int ooms = 0, oks = 0;
    for (size_t headroom = 1u << 20; headroom <= (96u << 20); headroom += 3u << 20) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            oom_child(4u << 20, headroom);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
            fail_msg("headroom %zu: child status %d", headroom, status);
        ooms += WEXITSTATUS(status) == 1;
        oks += WEXITSTATUS(status) == 0;
    }
    assert_true(ooms > 0);
    assert_true(oks > 0);
#endif
}

/* ---------------- sentences ---------------- */

static char **split(const char *text, size_t *n)
{
    dy_span *v = NULL;
    assert_int_equal(dy_split_sentences(text, strlen(text), &v, n), 0);
    char **s = calloc(*n + 1, sizeof *s);
    assert_non_null(s);
    for (size_t k = 0; k < *n; k++) {
        assert_true(v[k].start < v[k].end && v[k].end <= strlen(text));
        s[k] = strndup(text + v[k].start, v[k].end - v[k].start);
    }
    free(v);
    return s;
}

/* want: sentences separated by '|' */
static void expect_split(const char *text, const char *want)
{
    size_t n;
    char **s = split(text, &n);
    char got[4096] = "";
    for (size_t k = 0; k < n; k++) {
        if (k)
            strcat(got, "|");
        strncat(got, s[k], sizeof got - strlen(got) - 2);
        free(s[k]);
    }
    free(s);
    if (strcmp(got, want) != 0)
        fail_msg("split(\"%s\")\n  got  \"%s\"\n  want \"%s\"", text, got, want);
}

static void split_basic(void **state)
{
    (void)state;
    expect_split("", "");
    expect_split("   \n\n  ", "");
    expect_split("One. Two! Three? Four", "One.|Two!|Three?|Four");
    expect_split("  padded.   Next.  ", "padded.|Next.");
    expect_split("Really?! Yes.", "Really?!|Yes.");
    expect_split("He said \"we go.\" Then left.", "He said \"we go.\"|Then left.");
    expect_split("It ended (finally.) Next one.", "It ended (finally.)|Next one.");
    expect_split("\"Why?\" he asked. Nobody knew.", "\"Why?\" he asked.|Nobody knew.");
    expect_split("Growth was 3.5 percent. Then 4.", "Growth was 3.5 percent.|Then 4.");
    expect_split("He paused... and went on. Wait... Then it ended.",
                 "He paused... and went on.|Wait...|Then it ended.");
    expect_split("in 2020. 15 people died.", "in 2020.|15 people died.");
}

static void split_abbreviations(void **state)
{
    (void)state;
    expect_split("Mr. Smith met Dr. Jones and Prof. Kim. They talked.",
                 "Mr. Smith met Dr. Jones and Prof. Kim.|They talked.");
    expect_split("Gen. Gerasimov and Lt. Col. Petrov visited St. Petersburg.",
                 "Gen. Gerasimov and Lt. Col. Petrov visited St. Petersburg.");
    expect_split("The U.S. and the U.N. agreed. Russia did not.",
                 "The U.S. and the U.N. agreed.|Russia did not.");
    expect_split("against the U.S. - but also Poland - of plotting.",
                 "against the U.S. - but also Poland - of plotting.");
    expect_split("U.S. President Biden spoke. U.N. officials listened.",
                 "U.S. President Biden spoke.|U.N. officials listened.");
    expect_split("Sanctions hit the U.S. The talks failed.",
                 "Sanctions hit the U.S.|The talks failed.");
    expect_split("PISM Spotlight No. 36/2021 was published.", "PISM Spotlight No. 36/2021 was published.");
    expect_split("The answer was no. Everyone left.", "The answer was no.|Everyone left.");
    expect_split("It began on Jan. 5 and ended in Dec. 2021 after talks.",
                 "It began on Jan. 5 and ended in Dec. 2021 after talks.");
    expect_split("Talks in Sept. Moscow hosted them.", "Talks in Sept. Moscow hosted them.");
    expect_split("Some states, e.g. Poland, i.e. a neighbour, etc. were present.",
                 "Some states, e.g. Poland, i.e. a neighbour, etc. were present.");
    expect_split("Taxes, trade etc. The rest waits.", "Taxes, trade etc.|The rest waits.");
    expect_split("J. R. Smith and A. Merkel met. It was short.",
                 "J. R. Smith and A. Merkel met.|It was short.");
    expect_split("MR. SMITH SPOKE. THEN HE LEFT.", "MR. SMITH SPOKE.|THEN HE LEFT.");
}

static void split_paragraphs(void **state)
{
    (void)state;
    expect_split("Title Line\n\nWhat did Putin and Lukashenka talk about?\n\nOn 22 April they met.",
                 "Title Line|What did Putin and Lukashenka talk about?|On 22 April they met.");
    expect_split("No stop here\n \nnext starts", "No stop here|next starts");
    expect_split("single\nnewline joins.", "single\nnewline joins.");
}

static void split_is_linear(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    const char *pat[] = {"U.S. ", "... ", ".....", "\"\"\"\"'", "Mr. ", "a.b.c.d.",
                         "<b ", "<!--", "&#", "*a ", "_", "x-\n", "\n\nPISM\n\nof\n\n",
                         "\xe2\x80\x94", "/*", "\n \n", "1 April 2021 "};
    for (size_t p = 0; p < sizeof pat / sizeof pat[0]; p++) {
        size_t pl = strlen(pat[p]);
        for (size_t k = 0; k < n; k++)
            big[k] = pat[p][k % pl];
        big[n] = '\0';
        clock_t t0 = clock();
        dy_span *v;
        size_t cnt;
        assert_int_equal(dy_split_sentences(big, n, &v, &cnt), 0);
        free(v);
        dy_buf out = DY_BUF_INIT;
        assert_int_equal(dy_text_clean(big, n, &out, NULL, 0), 0);
        dy_buf_free(&out);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (getenv("DY_TIMES"))
            fprintf(stderr, "pattern %zu: %.2f s\n", p, secs);
        if (secs > 5.0)
            fail_msg("pattern %zu took %.1f s", p, secs);
    }
    free(big);
}

/* ---------------- the real brief ---------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    dy_buf b = DY_BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_int_equal(dy_buf_append(&b, chunk, k), 0);
    fclose(f);
    *len = b.len;
    return b.p;
}

static void real_brief(void **state)
{
    (void)state;
    const char *shared = dy_test_shared();
    if (!shared)
        skip();
    char path[1024];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/corpus/pism-spotlight-36-2021.txt", shared);
    char *raw = read_file(path, &len);
    if (!raw) {
        fprintf(stderr, "note: %s missing; skipped\n", path);
        skip();
    }
    dy_buf out = DY_BUF_INIT;
    assert_int_equal(dy_text_clean(raw, len, &out, NULL, 0), 0);
    const char *t = dy_buf_str(&out);
    assert_null(strstr(t, "PISM SPOTLIGHT"));
    assert_null(strstr(t, "<u>"));
    assert_null(strchr(t, '*'));
    assert_non_null(strstr(t, "show that integration in this area"));
    assert_non_null(strstr(t, "for the Zapad manoeuvres"));
    assert_non_null(strstr(t, "such as the establishment of supranational bodies"));
    assert_non_null(strstr(t, "the U.S. - but also Poland - of preparing"));
    assert_non_null(strstr(t, "the Zapad drills, increasing tensions"));
    assert_non_null(strstr(t, "\n\nSPOTLIGHT\n\nBelarus-Russia Integration Talks\n\n"));

    size_t n;
    char **s = split(t, &n);
    int found_neighbours = 0, found_title = 0, found_question = 0;
    for (size_t k = 0; k < n; k++) {
        if (strstr(s[k], "between Belarus and its western neighbours, including Poland"))
            found_neighbours = 1;
        found_title |= strcmp(s[k], "Belarus-Russia Integration Talks") == 0;
        found_question |= strcmp(s[k], "What did Putin and Lukashenka talk about?") == 0;
        size_t sl = strlen(s[k]);
        assert_false(sl >= 4 && strcmp(s[k] + sl - 4, "U.S.") == 0);
        assert_null(strstr(s[k], "\n"));
        free(s[k]);
    }
    free(s);
    assert_true(found_neighbours);
    assert_true(found_title);
    assert_true(found_question);
    assert_in_range(n, 26, 34); /* 30 by hand count */
    dy_buf_free(&out);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_bytes_and_newlines),
        cmocka_unit_test(clean_typography),
        cmocka_unit_test(clean_nfc),
        cmocka_unit_test(clean_markup),
        cmocka_unit_test(clean_lines_and_hyphens),
        cmocka_unit_test(clean_running_heads),
        cmocka_unit_test(clean_keeps_headings),
        cmocka_unit_test(clean_output_shape),
        cmocka_unit_test(clean_random_bytes_are_safe),
        cmocka_unit_test(clean_reports_out_of_memory),
        cmocka_unit_test(split_basic),
        cmocka_unit_test(split_abbreviations),
        cmocka_unit_test(split_paragraphs),
        cmocka_unit_test(split_is_linear),
        cmocka_unit_test(real_brief),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
