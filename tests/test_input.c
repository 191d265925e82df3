#include "testutil.h"
#include "text/input.h"
#include "text/jsonl_fast.h"

#include <jansson.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define DY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DY_ASAN 1
#endif
#endif

typedef struct {
    FILE *f;
    dy_reader *r;
} rd;

static rd open_mem(const char *data, size_t len, const char *name, dy_input_format fmt)
{
    rd x;
    /* fmemopen refuses size 0 on some libcs: use a 1-byte buffer read as empty */
    x.f = len ? fmemopen((void *)data, len, "r") : fmemopen((void *)"", 1, "r");
    assert_non_null(x.f);
    if (!len)
        fgetc(x.f);
    x.r = dy_reader_open(x.f, name, fmt);
    assert_non_null(x.r);
    return x;
}

static rd open_str(const char *data, const char *name, dy_input_format fmt)
{
    return open_mem(data, strlen(data), name, fmt);
}

static void close_rd(rd *x)
{
    dy_reader_close(x->r);
    fclose(x->f);
}

static void expect_doc(rd *x, const char *id, const char *date, const char *text, long line)
{
    dy_doc d;
    int rc = dy_reader_next(x->r, &d);
    if (rc != DY_READ_DOC)
        fail_msg("expected document %s, got %d (%s)", id, rc, dy_reader_error(x->r));
    assert_string_equal(d.id, id);
    if (date) {
        char buf[11];
        assert_true(d.has_date);
        dy_date_format(d.date, buf);
        assert_string_equal(buf, date);
    } else
        assert_false(d.has_date);
    if (text) {
        assert_int_equal(d.len, strlen(text));
        assert_string_equal(d.text, text);
    }
    assert_int_equal(d.line, line);
}

static void expect_status(rd *x, int want, const char *msg)
{
    dy_doc d;
    int rc = dy_reader_next(x->r, &d);
    assert_int_equal(rc, want);
    if (msg && strcmp(dy_reader_error(x->r), msg) != 0)
        fail_msg("error \"%s\", wanted \"%s\"", dy_reader_error(x->r), msg);
}

static void formats_by_name(void **state)
{
    (void)state;
    dy_input_format f;
    assert_int_equal(dy_input_format_parse("tabari", &f), 0);
    assert_int_equal(f, DY_FMT_TABARI);
    assert_int_equal(dy_input_format_parse("jsonl", &f), 0);
    assert_int_equal(f, DY_FMT_JSONL);
    assert_int_equal(dy_input_format_parse("plain", &f), 0);
    assert_int_equal(f, DY_FMT_PLAIN);
    assert_int_equal(dy_input_format_parse("xml", &f), -1);
    assert_int_equal(dy_input_format_parse(NULL, &f), -1);
    assert_null(dy_reader_open(NULL, "x", DY_FMT_PLAIN));
    dy_reader_close(NULL);
}

static void plain_documents(void **state)
{
    (void)state;
    const char *brief = "No. 36/2021, 26 APRIL 2021 (c) PISM\n\nSPOTLIGHT\n\nText.";
    rd x = open_str(brief, "corpus/pism-36.txt", DY_FMT_PLAIN);
    /* The path as given is the id: folders keep same-named files apart. */
    expect_doc(&x, "corpus/pism-36.txt", "2021-04-26", brief, 1);
    expect_status(&x, DY_READ_END, "");
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);
    x = open_str(brief, "./pism-36.txt", DY_FMT_PLAIN);
    expect_doc(&x, "pism-36.txt", "2021-04-26", brief, 1);
    close_rd(&x);

    x = open_str(brief, "b.txt", DY_FMT_PLAIN);
    dy_reader_set_date(x.r, (dy_date){2020, 1, 2});
    expect_doc(&x, "b.txt", "2020-01-02", brief, 1);
    close_rd(&x);

    x = open_str("no date here", "n", DY_FMT_PLAIN);
    expect_doc(&x, "n", NULL, "no date here", 1);
    close_rd(&x);

    x = open_mem("", 0, "empty.txt", DY_FMT_PLAIN);
    expect_doc(&x, "empty.txt", NULL, "", 1);
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);

    const char bin[] = "a\0b\xff\n\0";
    x = open_mem(bin, sizeof bin - 1, "bin", DY_FMT_PLAIN);
    dy_doc d;
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_int_equal(d.len, sizeof bin - 1);
    assert_memory_equal(d.text, bin, sizeof bin - 1);
    close_rd(&x);
}

static void jsonl_documents(void **state)
{
    (void)state;
    const char *in =
        "{\"id\": \"a1\", \"date\": \"2021-04-26\", \"text\": \"Putin met Lukashenka.\"}\n"
        "\n"
        "   \n"
        "{\"id\": \"a2\", \"text\": \"broken\"\n"
        "{\"id\": 7, \"date\": null, \"text\": \"caf\\u00e9 \\u0000 x\"}\r\n"
        "[1, 2]\n"
        "{\"id\": \"a3\", \"date\": \"2021-02-30\", \"text\": \"t\"}\n"
        "{\"id\": \"a4\", \"date\": \"2021-02-03\"}\n"
        "{\"id\": \"a5\", \"text\": \"bad \xff utf8\"}\n"
        "{\"id\": \"a6\", \"id\": \"dup\", \"text\": \"t\"}\n"
        "{\"id\": \"a7\", \"date\": \"1999-12-31\", \"text\": \"last\"}";
    rd x = open_str(in, "in.jsonl", DY_FMT_JSONL);
    expect_doc(&x, "a1", "2021-04-26", "Putin met Lukashenka.", 1);
    expect_status(&x, DY_READ_BAD, NULL);
    assert_memory_equal(dy_reader_error(x.r), "in.jsonl:4: invalid JSON", 24);
    dy_doc d;
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_string_equal(d.id, "7");
    assert_false(d.has_date);
    assert_int_equal(d.len, 9); /* "caf\xc3\xa9 \0 x" */
    assert_memory_equal(d.text, "caf\xc3\xa9 \0 x", 9);
    assert_int_equal(d.line, 5);
    expect_status(&x, DY_READ_BAD, "in.jsonl:6: not a JSON object");
    expect_status(&x, DY_READ_BAD, "in.jsonl:7: \"date\" is not a valid YYYY-MM-DD date");
    expect_status(&x, DY_READ_BAD, "in.jsonl:8: \"text\" missing or not a string");
    expect_status(&x, DY_READ_BAD, NULL); /* invalid UTF-8 */
    assert_memory_equal(dy_reader_error(x.r), "in.jsonl:9: ", 12);
    expect_status(&x, DY_READ_BAD, NULL); /* duplicate key */
    assert_memory_equal(dy_reader_error(x.r), "in.jsonl:10: ", 13);
    expect_doc(&x, "a7", "1999-12-31", "last", 11);
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);

    x = open_str("{\"id\":\"x\",\"text\":\"y\"}\n", "d.jsonl", DY_FMT_JSONL);
    dy_reader_set_date(x.r, (dy_date){2001, 9, 11});
    expect_doc(&x, "x", "2001-09-11", "y", 1);
    close_rd(&x);

    x = open_mem("", 0, "e.jsonl", DY_FMT_JSONL);
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);
}

static void tabari_records(void **state)
{
    (void)state;
    const char *in =
        "\n#######\n# header comment\n#######\n\n"
        "950101  DEMO-01\n"
        "Arnor is about to restore full diplomatic ties with Gondor \n"
        "a senior official said on Saturday. \n"
        "/*\\n-----------------\n"
        "\\n{ ARN / GON / 064 } */    \n"
        "\n"
        "A block of prose without a digit\nis a comment too.\n\n"
        "950101*INTRO\n"
        "Text /* inline */ goes on/* to the\nend */\n"
        "\n"
        "991301 BAD-DATE\n"
        "15 people were killed.\n"
        "\n"
        "20210426 LONG-YEAR\r\n"
        "Putin met Lukashenka.\r\n"
        "\r\n"
        "000229\n"
        "Leap day, no id /* unterminated comment\n";
    rd x = open_str(in, "t.text", DY_FMT_TABARI);
    expect_doc(&x, "DEMO-01", "1995-01-01",
               "Arnor is about to restore full diplomatic ties with Gondor \n"
               "a senior official said on Saturday.",
               6);
    assert_string_equal(dy_reader_error(x.r), "");
    expect_doc(&x, "*INTRO", "1995-01-01", "Text   goes on", 15);
    expect_status(&x, DY_READ_BAD, "t.text:19: record skipped: bad date in header \"991301 BAD-DATE\"");
    expect_doc(&x, "LONG-YEAR", "2021-04-26", "Putin met Lukashenka.", 22);
    expect_doc(&x, "t.text:25", "2000-02-29", "Leap day, no id", 25);
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);

    x = open_str("# only comments\n\nprose\n", "c", DY_FMT_TABARI);
    expect_status(&x, DY_READ_END, "");
    close_rd(&x);
    x = open_str("950101 X", "h", DY_FMT_TABARI);
    expect_doc(&x, "X", "1995-01-01", "", 1);
    close_rd(&x);
}

static void tabari_comments(void **state)
{
    (void)state;
    const char *in = "950104  PATTERN-26\n"
                     "Mordor welcomed ties. \n"
                     "/*\\n[check]\n"
                     "\\n{ FOR / GON / 044 } */ \n"
                     "\\n{ GON / FOR / 044 } */\n"
                     "\n"
                     "950105 B\n"
                     "a */ b /* c */ d\n";
    rd x = open_str(in, "v", DY_FMT_TABARI);
    dy_doc d;
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_string_equal(d.text, "Mordor welcomed ties.");
    assert_string_equal(d.comment, "\\n[check]\n\\n{ FOR / GON / 044 } \n \n\\n{ GON / FOR / 044 } ");
    assert_int_equal(d.comment_len, strlen(d.comment));
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_string_equal(d.text, "a */ b   d"); /* a stray close before any comment is text */
    assert_string_equal(d.comment, " c ");
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_END);
    close_rd(&x);
    x = open_str("{\"id\":\"x\",\"text\":\"y /* z */\"}", "j", DY_FMT_JSONL);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_string_equal(d.text, "y /* z */");
    assert_string_equal(d.comment, "");
    close_rd(&x);
}

static void read_errors_are_fatal(void **state)
{
    (void)state;
    dy_input_format fmts[] = {DY_FMT_PLAIN, DY_FMT_JSONL, DY_FMT_TABARI};
    for (size_t k = 0; k < 3; k++) {
        FILE *f = fopen("/dev/null", "w"); /* reading it fails */
        assert_non_null(f);
        dy_reader *r = dy_reader_open(f, "wo", fmts[k]);
        dy_doc d;
        assert_int_equal(dy_reader_next(r, &d), DY_READ_FATAL);
        assert_memory_equal(dy_reader_error(r), "wo:", 3);
        assert_int_equal(dy_reader_next(r, &d), DY_READ_FATAL);
        dy_reader_close(r);
        fclose(f);
    }
}

#ifndef DY_ASAN
/* Child: reads a 24 MB one-line document in format fmt under an address-space
 * cap. Exit 0: read it, 1: DY_READ_FATAL with "out of memory". */
static void oom_child(dy_input_format fmt, size_t headroom)
{
    signal(SIGSEGV, SIG_DFL); /* a crash must kill the child, not re-enter cmocka */
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    size_t n = 24u << 20;
    char *data = malloc(n + 32);
    if (!data)
        _exit(3);
    static const char head[] = "950101 X\n{\"id\":\"x\",\"text\":\"";
    size_t h = sizeof head - 1;
    memcpy(data, head, h);
    memset(data + h, 'z', n);
    memcpy(data + h + n, "\"}", 2);
    const char *start = fmt == DY_FMT_JSONL ? data + 9 : data;
    FILE *f = fmemopen((void *)start, (size_t)(data + h + n + 2 - start), "r");
    dy_reader *r = dy_reader_open(f, "cap", fmt);
    long pages = 0;
    FILE *statm = fopen("/proc/self/statm", "r");
    if (!f || !r || !statm || fscanf(statm, "%ld", &pages) != 1)
        _exit(4);
    fclose(statm);
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + headroom;
    if (setrlimit(RLIMIT_AS, &rl))
        _exit(5);
    dy_doc d;
    int rc = dy_reader_next(r, &d);
    if (rc == DY_READ_DOC)
        _exit(0);
    if (rc == DY_READ_FATAL && strstr(dy_reader_error(r), "out of memory"))
        _exit(1);
    _exit(6);
}
#endif

/* Running out of memory is a DY_READ_FATAL result, never a crash. Only
 * plain and tabari: jansson 2.14 itself can crash when malloc fails while it
 * lexes a long string (its lex_save ignores a failed buffer append), so the
 * jsonl reader is not run under a memory cap. */
static void readers_report_out_of_memory(void **state)
{
    (void)state;
#ifdef DY_ASAN
    skip(); /* ASan reserves terabytes of shadow memory: RLIMIT_AS cannot work */
#else
    dy_input_format fmts[] = {DY_FMT_PLAIN, DY_FMT_TABARI};
    for (size_t k = 0; k < 2; k++) {
        int ooms = 0, oks = 0;
        for (size_t headroom = 4u << 20; headroom <= (200u << 20); headroom += 14u << 20) {
            pid_t pid = fork();
            assert_true(pid >= 0);
            if (pid == 0)
                oom_child(fmts[k], headroom);
            int status = 0;
            assert_int_equal(waitpid(pid, &status, 0), pid);
            if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
                fail_msg("format %zu headroom %zu: child status %d", k, headroom, status);
            ooms += WEXITSTATUS(status) == 1;
            oks += WEXITSTATUS(status) == 0;
        }
        assert_true(ooms > 0);
        assert_true(oks > 0);
    }
#endif
}

/* A 100 MB line through every reader (no fixed line buffers). */
/* A record or line over the limit (64 MiB) is skipped with a message naming
 * its line, and reading goes on; one under it is read whole. */
static void huge_lines(void **state)
{
    (void)state;
    size_t n = 100u << 20;
    char *big = malloc(n + 64);
    assert_non_null(big);
    memcpy(big, "950101 HUGE\n", 12);
    memset(big + 12, 'x', n);
    memcpy(big + 12 + n, "\n\n950102 NEXT\nok\n", 17);
    rd x = open_mem(big, 12 + n + 17, "huge", DY_FMT_TABARI);
    dy_doc d;
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_BAD);
    assert_non_null(strstr(dy_reader_error(x.r), "huge:1: record text of 104857600 bytes is longer than the limit"));
    expect_doc(&x, "NEXT", "1995-01-02", "ok", 4);
    close_rd(&x);

    size_t jn = 16u << 20;
    memcpy(big, "{\"id\":\"j\",\"text\":\"", 18);
    memset(big + 18, 'y', jn);
    memcpy(big + 18 + jn, "\"}\n", 3);
    x = open_mem(big, 18 + jn + 3, "huge.jsonl", DY_FMT_JSONL);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_DOC);
    assert_int_equal(d.len, jn);
    close_rd(&x);
    free(big);
}

/* The limit, lowered: each format skips what is longer, says so with the
 * line, and keeps everything else. */
static void limit_skips_and_continues(void **state)
{
    (void)state;
    const char *jl = "{\"id\":\"a\",\"text\":\"short\"}\n"
                     "{\"id\":\"b\",\"text\":\"much too long for the limit\"}\n"
                     "{\"id\":\"c\",\"text\":\"fine\"}\n";
    rd x = open_str(jl, "l.jsonl", DY_FMT_JSONL);
    dy_reader_set_limit(x.r, 32);
    dy_doc d;
    expect_doc(&x, "a", NULL, "short", 1);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_BAD);
    assert_string_equal(dy_reader_error(x.r), "l.jsonl:2: line of 47 bytes is longer than the limit "
                                              "of 32 bytes");
    expect_doc(&x, "c", NULL, "fine", 3);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_END);
    close_rd(&x);

    x = open_str("950101 A\nline one\nline two\n\n950102 B\nshort\n", "t", DY_FMT_TABARI);
    dy_reader_set_limit(x.r, 12);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_BAD);
    assert_non_null(strstr(dy_reader_error(x.r), "t:1: record text of 17 bytes"));
    expect_doc(&x, "B", "1995-01-02", "short", 5);
    close_rd(&x);

    x = open_str("0123456789", "p.txt", DY_FMT_PLAIN);
    dy_reader_set_limit(x.r, 9);
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_BAD);
    assert_non_null(strstr(dy_reader_error(x.r), "p.txt:1: document of 10 bytes"));
    assert_int_equal(dy_reader_next(x.r, &d), DY_READ_END);
    close_rd(&x);
    x = open_str("012345678", "p.txt", DY_FMT_PLAIN);
    dy_reader_set_limit(x.r, 9);
    expect_doc(&x, "p.txt", NULL, "012345678", 1);
    close_rd(&x);
}

static void garbage_never_crashes(void **state)
{
    (void)state;
    unsigned long seed = 99;
    char buf[2048];
    dy_input_format fmts[] = {DY_FMT_PLAIN, DY_FMT_JSONL, DY_FMT_TABARI};
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(round * 7 % 2047) + 1;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            buf[k] = (char)(seed >> 56);
            if ((seed >> 20) % 5 == 0)
                buf[k] = "\n9{\"/*# "[(seed >> 30) % 8];
        }
        for (size_t f = 0; f < 3; f++) {
            rd x = open_mem(buf, n, "g", fmts[f]);
            dy_doc d;
            int rc, guard = 0;
            while ((rc = dy_reader_next(x.r, &d)) != DY_READ_END && rc != DY_READ_FATAL) {
                assert_true(guard++ < 5000);
                if (rc == DY_READ_DOC)
                    assert_true(d.text[d.len] == '\0' && d.id != NULL);
            }
            assert_int_equal(rc, DY_READ_END);
            close_rd(&x);
        }
    }
}

/* TABARI's own validation file: every record reads without error. */
static void tabari_validate_file(void **state)
{
    (void)state;
    const char *shared = dy_test_shared();
    if (!shared)
        skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/peers/tabari/Validate.text", shared);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "note: %s missing; skipped\n", path);
        skip();
    }
    size_t records = 0, headers = 0, bad = 0;
    char line[4096];
    int after_blank = 1; /* headers follow a blank line; other digit lines are text */
    while (fgets(line, sizeof line, f)) {
        headers += after_blank && line[0] >= '0' && line[0] <= '9';
        after_blank = strspn(line, " \t\r\n") == strlen(line);
    }
    rewind(f);
    dy_reader *r = dy_reader_open(f, path, DY_FMT_TABARI);
    dy_doc d;
    int rc;
    while ((rc = dy_reader_next(r, &d)) == DY_READ_DOC || rc == DY_READ_BAD) {
        if (rc == DY_READ_BAD) { /* "9501201 ..." and "186010029 ...": 7 and 9 digits */
            assert_non_null(strstr(dy_reader_error(r), "bad date in header"));
            bad++;
            continue;
        }
        if (strcmp(d.id, "DEMO-01") == 0)
            assert_non_null(strstr(d.comment, "{ ARN / GON / 064 }"));
        if (records == 0) {
            assert_string_equal(d.id, "START-00");
            assert_int_equal(d.date.y, 2000);
        }
        assert_null(strstr(d.text, "/*"));
        assert_null(strstr(d.text, "*/"));
        assert_true(d.len > 0);
        records++;
    }
    if (rc != DY_READ_END)
        fail_msg("%s", dy_reader_error(r));
    assert_int_equal(records + bad, headers);
    assert_int_equal(bad, 2);
    assert_true(records > 400);
    dy_reader_close(r);
    fclose(f);
}

/* ---- the JSON Lines fast path reads what jansson reads ---------------- */

/* 1 when the fast path declined or read exactly what jansson reads. */
static int fast_agrees(const char *line, size_t n, int *accepted)
{
    dy_buf id = DY_BUF_INIT, text = DY_BUF_INIT;
    int has_date = 0, ok = 1;
    dy_date date;
    *accepted = dy_jsonl_fast(line, n, &id, &text, &has_date, &date) == 1;
    if (*accepted) {
        json_error_t err;
        json_t *o = json_loadb(line, n, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &err);
        json_t *jid = o ? json_object_get(o, "id") : NULL, *jt = o ? json_object_get(o, "text") : NULL;
        json_t *jd = o ? json_object_get(o, "date") : NULL;
        char num[32] = "";
        if (json_is_integer(jid))
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        const char *want = json_is_string(jid) ? json_string_value(jid) : num;
        dy_date wd = {0, 0, 0};
        int whas = jd && !json_is_null(jd);
        ok = json_is_object(o) && (json_is_string(jid) || json_is_integer(jid)) &&
             id.len == strlen(want) && (!id.len || !memcmp(id.p, want, id.len)) &&
             json_is_string(jt) && json_string_length(jt) == text.len &&
             (!text.len || !memcmp(text.p, json_string_value(jt), text.len)) &&
             whas == has_date &&
             (!whas || (json_is_string(jd) && !dy_date_parse_iso(json_string_value(jd), &wd) &&
                        wd.y == date.y && wd.m == date.m && wd.d == date.d));
        json_decref(o);
    }
    dy_buf_free(&id);
    dy_buf_free(&text);
    return ok;
}

/* Pieces a record is built from: plain and escaped text, multi-byte UTF-8,
 * surrogate pairs; and, rarer, what jansson refuses: lone surrogates, raw
 * control bytes, bad UTF-8, bad escapes. */
static const char *const pieces[] = {
    "plain words", "\\\"quoted\\\"", "tab\\t", "\\/", "\\u00e9", "\\u0000", "\\ud83d\\ude00",
    "caf\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80", "", " ", "\\n\\r\\b\\f", "\\u20AC",
};
static const char *const bad_pieces[] = {
    "\\ud83d", "\\ude00x", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\x01", "\\q", "\\u12G4",
    "\xf4\x90\x80\x80", "\xe0\x80\xaf",
};
static const char *const values[] = {"42", "0", "007", "-3", "1.5", "1e3", "true", "false", "null",
                                     "[1]", "{}", "\"2021-04-22\"", "\"2021-02-30\"",
                                     "\"\"", "123456789012345678", "1234567890123456789",
                                     "9999999999999999999", "99999999999999999999"};
static const char *const keys[] = {"id", "text", "date", "source", "id", "t\\u0065xt", "url"};

static void random_record(char *out, size_t cap, unsigned *seed)
{
    size_t n = 0;
#define NEXT() (*seed = *seed * 1103515245u + 12345u, *seed >> 16)
#define PUT(s) (n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s", (s)))
    PUT(NEXT() % 8 ? "{" : " {");
    int members = (int)(NEXT() % 4) + 2;
    for (int m = 0; m < members; m++) {
        if (m)
            PUT(NEXT() % 6 ? "," : " , ");
        PUT("\"");
        /* mostly an id and a text first, as real records have */
        PUT(m < 2 && NEXT() % 8 ? keys[m] : keys[NEXT() % (sizeof keys / sizeof *keys)]);
        PUT("\":");
        if (m == 1 || NEXT() % 3) {
            PUT("\"");
            for (int k = (int)(NEXT() % 4); k >= 0; k--)
                PUT(NEXT() % 40 ? pieces[NEXT() % (sizeof pieces / sizeof *pieces)]
                                : bad_pieces[NEXT() % (sizeof bad_pieces / sizeof *bad_pieces)]);
            PUT("\"");
        } else {
            PUT(values[NEXT() % (sizeof values / sizeof *values)]); /* some refused */
        }
    }
    PUT(NEXT() % 10 ? "}" : "} x");
#undef PUT
#undef NEXT
}

static void jsonl_fast_path_matches_jansson(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "{\"id\":\"d1\",\"date\":\"2021-04-22\",\"text\":\"Putin met Lukashenka.\"}",
        "{\"id\": 7, \"text\": \"a \\\"b\\\" \\u00e9 \\ud83d\\ude00 \\u0000 c\", \"date\": null, \"x\": true}",
        "  {\"text\":\"t\",\"id\":\"x\"}  ",
    };
    int accepted, n_accepted = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        assert_true(fast_agrees(fixed[i], strlen(fixed[i]), &accepted));
        assert_true(accepted); /* the common records take the fast path */
    }
    unsigned seed = 20261129;
    char line[2048];
    for (int i = 0; i < 100000; i++) {
        random_record(line, sizeof line, &seed);
        if (!fast_agrees(line, strlen(line), &accepted))
            fail_msg("fast path and jansson differ on: %s", line);
        n_accepted += accepted;
    }
    if (n_accepted < 4000) /* the comparison must see many accepted records */
        fail_msg("only %d of 100000 random records took the fast path", n_accepted);
}

/* Issue 15, item 11: integers of 19 or more digits (>= 2^63) in a record:
 * no signed overflow in the fast path (UBSan), and the record is read. */
static void big_integers_are_read(void **state)
{
    (void)state;
    rd x = open_str("{\"id\":\"a\",\"n\":9999999999999999999,\"text\":\"x\"}\n"
                    "{\"id\":\"b\",\"text\":\"y\",\"n\":[99999999999999999999]}\n"
                    "{\"id\":9223372036854775808,\"text\":\"z\"}\n"
                    "{\"id\":922337203685477580,\"text\":\"w\"}\n",
                    "big.jsonl", DY_FMT_JSONL);
    expect_doc(&x, "a", NULL, "x", 1);
    expect_doc(&x, "b", NULL, "y", 2);
    expect_status(&x, DY_READ_BAD, "big.jsonl:3: \"id\" is a number that is not an integer below "
                                   "2^63 (write it as a string)");
    expect_doc(&x, "922337203685477580", NULL, "w", 4);
    close_rd(&x);
}

/* Issue 15, item 2: byte order marks, UTF-16, and TABARI records whose
 * blank line is missing or that follow text. */
static void boms_and_utf16_decoded(void **state)
{
    (void)state;
    static const char bom8[] = "\xef\xbb\xbf{\"id\":\"a\",\"text\":\"x\"}\n";
    rd x = open_str(bom8, "b.jsonl", DY_FMT_JSONL);
    expect_doc(&x, "a", NULL, "x", 1);
    close_rd(&x);
    /* "210426 A\n" + U+00E9, U+1F600 (a surrogate pair), a lone high surrogate, "\n" */
    static const char le[] = "\xff\xfe" "2\0" "1\0" "0\0" "4\0" "2\0" "6\0" " \0" "A\0"
                             "\n\0" "\xe9\0" "\x3d\xd8\x00\xde" "\x3d\xd8" "z\0" "\n\0";
    x = open_mem(le, sizeof le - 1, "le.tabari", DY_FMT_TABARI);
    expect_doc(&x, "A", "2021-04-26", "\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdz", 1);
    expect_status(&x, DY_READ_END, NULL);
    close_rd(&x);
    static const char be[] = "\xfe\xff" "\0R" "\0u" "\0s";
    x = open_mem(be, sizeof be - 1, "be.txt", DY_FMT_PLAIN);
    expect_doc(&x, "be.txt", NULL, "Rus", 1);
    close_rd(&x);
    /* not a byte order mark: the bytes are kept */
    x = open_str("\xef\xbbx", "n.txt", DY_FMT_PLAIN);
    expect_doc(&x, "n.txt", NULL, "\xef\xbbx", 1);
    close_rd(&x);
}

static void tabari_missing_blank_line_and_preamble(void **state)
{
    (void)state;
    rd x = open_str("notes\nmore notes\n\n# c\n210426 A\nOne.\n12-year break.\n210427 B\nTwo.\n",
                    "t.text", DY_FMT_TABARI);
    expect_doc(&x, "A", "2021-04-26", "One.\n12-year break.", 5);
    assert_string_equal(dy_reader_warnings(x.r),
                        "t.text:1: 2 lines before the first record header (\"YYMMDD ID\") ignored\n"
                        "t.text:8: record header with no blank line before it: the record of "
                        "line 5 ends here and a new one starts\n");
    expect_doc(&x, "B", "2021-04-27", "Two.", 8);
    assert_string_equal(dy_reader_warnings(x.r), "");
    expect_status(&x, DY_READ_END, NULL);
    close_rd(&x);
    /* skipping (--shard) passes the same records */
    x = open_str("210426 A\nOne.\n210427 B\nTwo.\n", "t.text", DY_FMT_TABARI);
    assert_int_equal(dy_reader_skip(x.r), DY_READ_DOC);
    expect_doc(&x, "B", "2021-04-27", "Two.", 3);
    close_rd(&x);
    x = open_str("no header\n", "t.text", DY_FMT_TABARI);
    expect_status(&x, DY_READ_END, NULL);
    assert_string_equal(dy_reader_warnings(x.r), "t.text:1: 1 line before the first record header "
                                                 "(\"YYMMDD ID\") ignored: no records in the file\n");
    close_rd(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_by_name),
        cmocka_unit_test(plain_documents),
        cmocka_unit_test(jsonl_documents),
        cmocka_unit_test(tabari_records),
        cmocka_unit_test(tabari_comments),
        cmocka_unit_test(read_errors_are_fatal),
        cmocka_unit_test(huge_lines),
        cmocka_unit_test(limit_skips_and_continues),
        cmocka_unit_test(readers_report_out_of_memory),
        cmocka_unit_test(garbage_never_crashes),
        cmocka_unit_test(tabari_validate_file),
        cmocka_unit_test(jsonl_fast_path_matches_jansson),
        cmocka_unit_test(big_integers_are_read),
        cmocka_unit_test(boms_and_utf16_decoded),
        cmocka_unit_test(tabari_missing_blank_line_and_preamble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
