/* cli/main.c - the dyad command line: a thin layer over dyad.h and the
 * document readers. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "dyad.h"
#include "pool.h"
#include "text/input.h"

static const char usage[] =
    "usage: dyad <command> [options]\n"
    "\n"
    "  dyad code [options] FILE...     code documents (\"-\" reads stdin), events as JSON Lines\n"
    "      --input plain|jsonl|tabari  input format (default plain: one document per file)\n"
    "      --date YYYY-MM-DD           document date when the input has none\n"
    "      --dict FILE                 dictionary or TABARI .project (repeatable);\n"
    "                                  default: the bundled dictionaries\n"
    "      --format json|tabari|plover output format (default json)\n"
    "      --modality all              also negated, planned and hypothetical events\n"
    "      --repeats                   also events a document already reported\n"
    "      -j N                        code with N threads (output as with one)\n"
    "      --shard K/N                 code only the K-th of N slices of the documents\n"
    "                                  (document number modulo N, K from 1 to N)\n"
    "  dyad ingest --db DB [code options] FILE...   code documents and store their events\n"
    "      --db PATH|postgresql://...  the event store (SQLite file, created on first use)\n"
    "      --events FILE               store events already coded (dyad JSON Lines)\n"
    "      --same-event RULE           window=DAYS,code=full|root|3,place=any|country|name, or off\n"
    "  dyad events --db DB [filters] [--format table|csv|jsonl]   list stored events\n"
    "  dyad series --db DB [filters] --by day|week|month|quarter|year [--plot F.svg|F.png]\n"
    "  dyad export --db DB [filters] --format gdelt|icews|plover   exchange formats\n"
    "      filters: --dyad SRC:TGT [--both-ways] --actor A --since D --until D --root 11,12\n"
    "               --code 0421 --quad 1-4 --plover TYPE --text WORDS --doc ID --modality all\n"
    "  dyad check --db DB              check a store's structure (SQLite's quick_check; done at\n"
    "                                  every open of a store up to 1 GB)\n"
    "  dyad serve --db DB [--port 8080] [--host 127.0.0.1] [--allow-ingest] [--dict F]\n"
    "                                  the analyst's workbench: a web page and JSON API\n"
    "  dyad explain [--dict F] [--date D] \"SENTENCE\"   how one sentence is coded\n"
    "  dyad validate [-v] PROJECT      run a TABARI validation suite\n"
    "  dyad dict check FILE...         read dictionaries, report errors and counts\n"
    "  dyad dict cache [--dict F]...   load a set as dyad code would; say whether it came\n"
    "                                  from the compiled cache and how long it took\n"
    "  dyad version\n";

int die(const char *msg)
{
    fprintf(stderr, "dyad: %s\n", msg);
    return 2;
}

/* The bundled dictionaries: $DYAD_DATA, else data/dict next to the binary's
 * parent directory (build/dyad -> data/dict), else the installed copy. */
static void default_dict_dir(char *out, size_t cap)
{
    const char *env = getenv("DYAD_DATA");
    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            slash = strrchr(exe, '/');
            if (slash)
                *slash = '\0';
            size_t el = strlen(exe);
            if (el + sizeof "/data/dict" <= cap) {
                memcpy(out, exe, el);
                memcpy(out + el, "/data/dict", sizeof "/data/dict");
                if (access(out, R_OK) == 0)
                    return;
            }
        }
    }
    snprintf(out, cap, "/usr/local/share/dyad/dict");
}

dyad_dict *load_dicts(const opts *o)
{
    char err[1024], dir[PATH_MAX];
    if (o->ndicts == 0)
        default_dict_dir(dir, sizeof dir);
    dyad_dict *d = dyad_dict_open((const char *const *)o->dicts, o->ndicts, dir, err, sizeof err);
    if (!d) {
        fprintf(stderr, "dyad: %s\n", err);
        return NULL;
    }
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    if (st.warnings && o->ndicts) /* dropped or dead entries in the user's dictionaries */
        fprintf(stderr, "dyad: note: the dictionaries loaded with %u warning%s "
                "(dyad dict check FILE lists them)\n", st.warnings, st.warnings == 1 ? "" : "s");
    return d;
}

static int parse_threads(const char *val, opts *o)
{
    char *end;
    long n = strtol(val, &end, 10);
    if (*end || n < 1 || n > 256)
        return die("-j takes a number of threads from 1 to 256"), -1;
    o->threads = (int)n;
    return 0;
}

/* "K/N" with 1 <= K <= N <= DY_MAX_SHARDS (a number that does not fit is
 * refused, not read as LONG_MAX). */
#define DY_MAX_SHARDS 1000000000L
static int parse_shard(const char *val, opts *o)
{
    char *slash, *end = NULL;
    errno = 0;
    long k = strtol(val, &slash, 10);
    long n = *slash == '/' && slash > val ? strtol(slash + 1, &end, 10) : 0;
    if (*slash != '/' || errno || !end || end == slash + 1 || *end || n < 1 || k < 1 || k > n ||
        n > DY_MAX_SHARDS)
        return die("--shard takes K/N with 1 <= K <= N <= 1000000000"), -1;
    o->shard_k = k;
    o->shard_n = n;
    return 0;
}

/* Parses shared options; returns the index of the first operand or -1. */
static int parse_opts(int argc, char **argv, int i, opts *o)
{
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-"))
            return i;
        if (!strcmp(a, "--")) {
            return i + 1;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--dict") && val) {
            if (o->ndicts == MAX_DICTS)
                return die("too many --dict options"), -1;
            o->dicts[o->ndicts++] = val;
            i++;
        } else if (!strcmp(a, "--input") && val) {
            o->input = val, i++;
        } else if (!strcmp(a, "--date") && val) {
            o->date = val, i++;
        } else if (!strcmp(a, "--format") && val) {
            o->format = val, i++;
        } else if (!strcmp(a, "-j") && val) {
            if (parse_threads(val, o))
                return -1;
            i++;
        } else if (!strcmp(a, "--shard") && val) {
            if (parse_shard(val, o))
                return -1;
            i++;
        } else if (!strcmp(a, "--repeats")) {
            o->repeats = 1;
        } else if (!strcmp(a, "--modality") && val) {
            if (strcmp(val, "all") && strcmp(val, "asserted"))
                return die("--modality takes 'all' or 'asserted'"), -1;
            o->modality_all = !strcmp(val, "all");
            i++;
        } else {
            fprintf(stderr, "dyad: unknown or incomplete option '%s'\n%s", a, usage);
            return -1;
        }
    }
    return i;
}

typedef struct out_ctx {
    int format;
    char *buf;
    size_t cap;
    int err;       /* errno of the first failed write to stdout (out_write) */
    int no_memory; /* an event could not be formatted */
} out_ctx;

static int print_event(const dyad_event *ev, void *user)
{
    out_ctx *o = user;
    size_t n = dyad_format_event(ev, o->format, o->buf, o->cap);
    if (n >= o->cap) {
        char *b = realloc(o->buf, n + 1);
        if (!b)
            return o->no_memory = 1;
        o->buf = b;
        o->cap = n + 1;
        dyad_format_event(ev, o->format, o->buf, o->cap);
    }
    return out_write(o->buf, n, &o->err) ? 1 : 0;
}

/* Where documents go: the coder of this thread (-j 1) or the pool (-j N). */
typedef struct code_run {
    const opts *o;
    dyad_coder *coder;
    code_pool *pool;
    out_ctx out;
    long nevents;
    long docno; /* documents and bad records read so far, for --shard */
    const char *name; /* the stream being read, for the pool's warnings */
    dy_input_format fmt;
    int status;
} code_run;

/* Prints "dyad: MESSAGE\n" on stderr, in stream order when threads code. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void run_message(code_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!run->pool) {
        fputs("dyad: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
        return;
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *line = n >= 0 ? malloc((size_t)n + 8) : NULL;
    if (line) {
        memcpy(line, "dyad: ", 6);
        vsnprintf(line + 6, (size_t)n + 1, fmt, ap2);
        memcpy(line + 6 + n, "\n", 2);
    }
    if (!line || pool_message(run->pool, line))
        run->status = 1;
    free(line);
    va_end(ap2);
    va_end(ap);
}

/* --shard K/N: the K-th slice is every document whose index in the whole
 * input (all files, bad records included; a plain file counts once it is
 * open, even if reading it fails) is K-1 modulo N. 1 when the next
 * document is this shard's. */
static int next_is_mine(const code_run *run)
{
    return run->o->shard_n == 0 || run->docno % run->o->shard_n == run->o->shard_k - 1;
}

static void code_doc(code_run *run, const dy_doc *doc)
{
    char date[11] = "";
    if (doc->has_date)
        dy_date_format(doc->date, date);
    if (run->pool) {
        if (pool_add(run->pool, doc, date, run->name, run->fmt)) {
            run->out.err = pool_write_error(run->pool);
            if (!run->out.err)
                fprintf(stderr, "dyad: out of memory\n");
            run->status = 1;
        }
        return;
    }
    char err[1024];
    long n = dyad_code_document(run->coder, doc->id, date, doc->text, doc->len, print_event,
                                &run->out, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "dyad: %s\n", err);
        run->status = 1;
    } else {
        run->nevents += n;
    }
    if (run->out.no_memory) {
        fprintf(stderr, "dyad: %s: out of memory for an event\n", doc->id);
        run->out.no_memory = 0;
        run->status = 1;
    }
}

/* Line of the input a warning points to: the document's first line, or for
 * plain text (where the document is the file) the line holding the offset. */
static long warning_line(const warn_ctx *x, long offset)
{
    long line = x->doc->line;
    if (x->fmt != DY_FMT_PLAIN || offset < 0 || (size_t)offset > x->doc->len)
        return line;
    for (const char *p = x->doc->text; (p = memchr(p, '\n', (size_t)(x->doc->text + offset - p)));
         p++)
        line++;
    return line;
}

size_t format_warning(const dyad_warning *w, const warn_ctx *x, char *buf, size_t cap)
{
    int n = w->sentence > 0
                ? snprintf(buf, cap, "dyad: warning: %s:%ld: document %s, sentence %d: %s\n",
                           x->name, warning_line(x, w->offset), w->doc, w->sentence, w->message)
                : snprintf(buf, cap, "dyad: warning: %s:%ld: document %s: %s\n", x->name,
                           warning_line(x, w->offset), w->doc, w->message);
    return n > 0 ? (size_t)n : 0;
}

void print_reader_warnings(const dy_reader *r)
{
    for (const char *w = dy_reader_warnings(r), *nl; *w; w = nl + 1) {
        nl = strchr(w, '\n');
        fprintf(stderr, "dyad: warning: %.*s\n", (int)(nl - w), w);
    }
}

void print_warning(const dyad_warning *w, void *user)
{
    char line[2048];
    size_t n = format_warning(w, user, line, sizeof line);
    if (n >= sizeof line) { /* a very long document id: keep the line whole */
        char *big = malloc(n + 1);
        if (big && format_warning(w, user, big, n + 1) == n) {
            fputs(big, stderr);
            free(big);
            return;
        }
        free(big);
    }
    fputs(line, stderr);
}

/* The reader's warnings about the unit just read, one message a line. */
static void reader_warnings(code_run *run, const dy_reader *r)
{
    for (const char *w = dy_reader_warnings(r), *nl; *w; w = nl + 1) {
        nl = strchr(w, '\n');
        run_message(run, "warning: %.*s", (int)(nl - w), w);
    }
}

static int code_stream(code_run *run, FILE *f, const char *name, dy_input_format fmt)
{
    dy_reader *r = dy_reader_open(f, name, fmt);
    if (!r)
        return die("out of memory"), 1;
    if (run->o->date) {
        dy_date dt;
        if (dy_date_parse_doc(run->o->date, &dt)) {
            dy_reader_close(r);
            return die("--date wants a date YYYY-MM-DD from " DY_DOC_DATE_MIN " to " DY_DOC_DATE_MAX), 2;
        }
        dy_reader_set_date(r, dt);
    }
    int rc;
    long ndocs = 0, nskipped = 0;
    dy_doc doc;
    warn_ctx wx = {name, fmt, &doc};
    run->name = name; /* -j N: the pool's coders name the same file and line */
    run->fmt = fmt;
    if (run->coder)
        dyad_coder_set_warnings(run->coder, print_warning, &wx);
    for (;;) {
        int mine = next_is_mine(run);
        /* other shards' documents are counted, not parsed */
        rc = mine ? dy_reader_next(r, &doc) : dy_reader_skip(r);
        reader_warnings(run, r);
        if (rc == DY_READ_END)
            break;
        if (rc == DY_READ_FATAL) {
            if (fmt == DY_FMT_PLAIN) /* counted, as by the shards that skip it */
                run->docno++;
            run_message(run, "%s", dy_reader_error(r));
            run->status = 1;
            break;
        }
        run->docno++;
        if (!mine)
            continue;
        if (rc == DY_READ_BAD) {
            run_message(run, "%s (skipped)", dy_reader_error(r));
            run->status = 1;
            nskipped++;
            continue;
        }
        ndocs++;
        code_doc(run, &doc);
        if (run->out.err) /* stdout failed: coding on would lose every event */
            break;
    }
    if (nskipped) /* the count, so that no skipped record goes unnoticed in a long log */
        run_message(run, "%s: %ld of %ld records could not be read", name, nskipped, ndocs + nskipped);
    if (run->coder)
        dyad_coder_set_warnings(run->coder, NULL, NULL);
    dy_reader_close(r);
    return 0;
}

/* A coder for -j 1, a pool of coders for -j N; 0 or -1 (reported). */
dyad_coder *new_coder(const opts *o, const dyad_dict *d)
{
    dyad_coder *c = dyad_coder_new(d);
    if (!c) {
        die("out of memory");
        return NULL;
    }
    dyad_coder_set_modality(c, o->modality_all ? DYAD_ALL_MODALITIES : DYAD_ASSERTED_ONLY);
    dyad_coder_keep_repeats(c, o->repeats);
    return c;
}

static int start_coding(code_run *run, const dyad_dict *d)
{
    const opts *o = run->o;
    int modality = o->modality_all ? DYAD_ALL_MODALITIES : DYAD_ASSERTED_ONLY;
    if (o->threads > 1) {
        char err[256];
        pool_config cfg = {d, o->threads, run->out.format, modality, o->repeats};
        run->pool = pool_new(&cfg, err, sizeof err);
        return run->pool ? 0 : (die(err), -1);
    }
    run->coder = new_coder(o, d);
    return run->coder ? 0 : -1;
}

static int cmd_code(int argc, char **argv)
{
    opts o = {.input = "plain", .format = "json", .threads = 1};
    int i = parse_opts(argc, argv, 2, &o);
    if (i < 0)
        return 2;
    if (i >= argc)
        return die("code: no input files (use - for stdin)");
    dy_input_format fmt;
    if (dy_input_format_parse(o.input, &fmt))
        return die("--input takes plain, jsonl or tabari");
    code_run run = {.o = &o};
    run.out.format = !strcmp(o.format, "tabari")   ? DYAD_FORMAT_TABARI
                     : !strcmp(o.format, "plover") ? DYAD_FORMAT_PLOVER
                                                   : DYAD_FORMAT_JSON;
    if (strcmp(o.format, "json") && strcmp(o.format, "tabari") && strcmp(o.format, "plover"))
        return die("--format takes json, tabari or plover");
    dyad_dict *d = load_dicts(&o);
    if (!d)
        return 2;
    if (start_coding(&run, d)) {
        dyad_dict_free(d);
        return 2;
    }
    char **files; /* operands, folders replaced by the files under them */
    int nfiles, status = expand_inputs(argv + i, argc - i, &files, &nfiles);
    for (int k = 0; status >= 0 && k < nfiles && !run.out.err; k++) {
        int is_stdin = !strcmp(files[k], "-");
        FILE *f = is_stdin ? stdin : fopen(files[k], "rb");
        if (!f) {
            run_message(&run, "%s: %s", files[k], strerror(errno));
            run.status = 1;
            continue;
        }
        int rc = code_stream(&run, f, is_stdin ? "stdin" : files[k], fmt);
        if (rc > status)
            status = rc;
        if (!is_stdin)
            fclose(f);
    }
    if (status < 0)
        status = 2;
    else
        free_inputs(files, nfiles);
    int werr = 0;
    if (run.pool && pool_finish(run.pool, &run.nevents, &werr))
        run.status = 1;
    if (!run.out.err)
        run.out.err = werr;
    if (out_finish(run.out.err))
        run.status = 1;
    free(run.out.buf);
    dyad_coder_free(run.coder);
    dyad_dict_free(d);
    return status > run.status ? status : run.status;
}

static int cmd_explain(int argc, char **argv)
{
    opts o = {0};
    int i = parse_opts(argc, argv, 2, &o);
    if (i < 0)
        return 2;
    if (i >= argc)
        return die("explain: give a sentence in quotes");
    dyad_dict *d = load_dicts(&o);
    if (!d)
        return 2;
    dyad_coder *c = dyad_coder_new(d);
    int status = c ? 0 : die("out of memory"), werr = 0;
    for (; i < argc && c && !werr; i++) {
        char *s = dyad_explain(c, argv[i], o.date);
        if (!s) {
            status = die("out of memory");
            break;
        }
        out_puts(s, &werr);
        free(s);
    }
    if (out_finish(werr) && !status)
        status = 1;
    dyad_coder_free(c);
    dyad_dict_free(d);
    return status;
}

static int cmd_validate(int argc, char **argv)
{
    int verbose = 0, i = 2;
    if (i < argc && !strcmp(argv[i], "-v"))
        verbose = 1, i++;
    if (i >= argc)
        return die("validate: give a TABARI .project file");
    dyad_validation res;
    char *report = NULL, err[1024];
    int rc = dyad_validate_tabari(argv[i], &res, &report, verbose, err, sizeof err);
    if (report)
        fputs(report, stdout);
    free(report);
    if (rc) {
        fprintf(stderr, "dyad: %s\n", err);
        return 2;
    }
    return res.failed ? 1 : 0;
}

/* dyad dict cache: the set dyad code would use, and where it came from. */
static int cmd_dict_cache(int argc, char **argv)
{
    opts o = {0};
    int i = parse_opts(argc, argv, 3, &o);
    if (i < 0)
        return 2;
    if (i < argc)
        return die("usage: dyad dict cache [--dict FILE]...");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dyad_dict *d = load_dicts(&o);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!d)
        return 2;
    printf("%s\n%.1f ms\n", dyad_dict_cache_status(d),
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    dyad_dict_free(d);
    return 0;
}

static int cmd_dict(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[2], "cache"))
        return cmd_dict_cache(argc, argv);
    if (argc < 4 || strcmp(argv[2], "check"))
        return die("usage: dyad dict check FILE... | dyad dict cache [--dict FILE]...");
    int status = 0;
    for (int i = 3; i < argc; i++) {
        char err[1024];
        dyad_dict *d = dyad_dict_new();
        if (!d)
            return die("out of memory");
        if (dyad_dict_load(d, argv[i], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            printf("%s: ERROR\n", argv[i]);
            status = 1;
        } else {
            dyad_dict_finish(d);
            dyad_dict_stats st;
            dyad_dict_get_stats(d, &st);
            printf("%s: ok: %u actors, %u agents, %u verbs, %u patterns, %u synsets, %u nouns, "
                   "%u adjectives, %u time phrases, %u issues, %u discards, %u prepositions, "
                   "%u warnings\n",
                   argv[i], st.actors, st.agents, st.verbs, st.patterns, st.synsets, st.nouns,
                   st.adjectives, st.time_phrases, st.issues, st.discards, st.prepositions,
                   st.warnings);
            fputs(dyad_dict_warnings(d), stderr);
        }
        dyad_dict_free(d);
    }
    return status;
}

static int run_command(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "code"))
        return cmd_code(argc, argv);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc, argv);
    if (!strcmp(cmd, "validate"))
        return cmd_validate(argc, argv);
    if (!strcmp(cmd, "dict"))
        return cmd_dict(argc, argv);
    if (!strcmp(cmd, "ingest"))
        return cmd_ingest(argc, argv);
    if (!strcmp(cmd, "events"))
        return cmd_events(argc, argv);
    if (!strcmp(cmd, "series"))
        return cmd_series(argc, argv);
    if (!strcmp(cmd, "export"))
        return cmd_export(argc, argv);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc, argv);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc, argv);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("dyad %s\n", DYAD_VERSION);
        return 0;
    }
    fprintf(stderr, "dyad: unknown command '%s'\n%s", cmd, usage);
    return 2;
}

int main(int argc, char **argv)
{
    /* Past a file-size limit (ulimit -f) a write fails with EFBIG and is
     * reported, instead of the signal killing dyad halfway through a line. */
    signal(SIGXFSZ, SIG_IGN);
    int status = run_command(argc, argv);
    /* What a command did not check itself (help, version, validate, dict):
     * stdout is closed here, and a failure is reported once. */
    errno = 0;
    int failed = ferror(stdout);
    if (fclose(stdout) == EOF || failed) {
        if (!status) /* a command that failed has said why */
            fprintf(stderr, "dyad: stdout: %s\n", strerror(errno ? errno : EIO));
        status = status ? status : 1;
    }
    return status;
}
