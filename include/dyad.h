/* dyad.h - the public interface of libdyad, a political event coder.
 *
 * text -> sentences -> actors, verbs -> coded events (CAMEO).
 *
 * Ownership: every object is created by a *_new function and released by
 * the matching *_free. Pointers inside a dyad_event are valid only during the
 * callback that receives it. Functions that can fail return 0 on success and
 * -1 on failure, writing a message ("file:line: reason" where a file is
 * involved) into the caller's err buffer. The library never prints and never
 * exits. A dyad_dict is read-only after dyad_dict_finish and may be shared by
 * several coders in several threads; a dyad_coder belongs to one thread. */
#ifndef DYAD_H
#define DYAD_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DYAD_VERSION "0.1.0"

typedef struct dyad_dict dyad_dict;
typedef struct dyad_coder dyad_coder;

/* ---- dictionaries ---------------------------------------------------- */

/* Returns an empty dictionary set, or NULL when out of memory. */
dyad_dict *dyad_dict_new(void);
void dyad_dict_free(dyad_dict *d);

/* Reads one dictionary file. The format is recognised from the name and
 * contents: TABARI .project/.actors/.agents/.verbs/.options, PETRARCH2
 * CAMEO.2.0-style verb files, Phoenix actor/agent/discard/issue files. */
int dyad_dict_load(dyad_dict *d, const char *path, char *err, size_t errlen);

/* Reads the bundled default dictionaries from dir (a dyad.project inside). */
int dyad_dict_load_default(dyad_dict *d, const char *dir, char *err, size_t errlen);

/* Compiles the loaded entries for matching; call once after loading. */
void dyad_dict_finish(dyad_dict *d);

/* Reads a whole set and finishes it: the files in paths, in order, or when
 * npaths is 0 the bundled set in default_dir. A compiled copy of the set is
 * kept in the user's cache directory ($DYAD_CACHE_DIR, else
 * $XDG_CACHE_HOME/dyad, else ~/.cache/dyad; DYAD_CACHE=off turns it off),
 * tied to this build of dyad and to the contents of every file the set was
 * read from; later calls memory-map it instead of reading (a set is ready
 * in about a millisecond), and read the sources again when any changed.
 * NULL with "file:line: message" in err when the set cannot be read. */
dyad_dict *dyad_dict_open(const char *const *paths, int npaths, const char *default_dir,
                          char *err, size_t errlen);
/* How the set was obtained: "mapped from FILE", "read (...); cached as FILE",
 * or "read (...); not cached: REASON". */
const char *dyad_dict_cache_status(const dyad_dict *d);

typedef struct dyad_dict_stats {
    unsigned actors, agents, verbs, patterns, nouns, adjectives, time_phrases,
        attributions, issues, discards, synsets, prepositions, warnings;
} dyad_dict_stats;
void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *st);
/* Non-fatal problems found while reading, one "file:line: message" per line. */
const char *dyad_dict_warnings(const dyad_dict *d);

/* ---- coding ---------------------------------------------------------- */

typedef struct dyad_actor {
    const char *code;    /* e.g. "RUSGOV"; "" when unknown */
    char country[4];     /* first three letters when they name a state, e.g. "RUS" */
    const char *sector;  /* e.g. "GOV", "" when none */
    const char *text;    /* words that named the actor */
    int start, end;      /* byte offsets in the sentence text, -1 when defaulted */
} dyad_actor;

typedef struct dyad_location {
    const char *name;    /* place name as written; "" when the event has no place */
    char country[4];     /* ISO 3166-1 alpha-3, "" when unknown */
    double lat, lon;     /* valid when has_coords */
    int has_coords;
    int start, end;      /* byte offsets in the sentence, -1 when none */
} dyad_location;

typedef struct dyad_event {
    const char *doc;     /* document id */
    int sentence;        /* 1-based index in the document */
    char date[11];       /* YYYY-MM-DD */
    dyad_actor source, target;
    const char *cameo;   /* e.g. "042" */
    char root[3];        /* e.g. "04" */
    int quad;            /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
    double goldstein;
    const char *modality;/* "asserted", "negated", "planned", "hypothetical" */
    const char *text;    /* the sentence */
    int verb_start, verb_end; /* byte offsets of the verb in text */
    const char *verb;    /* the verb words */
    const char *pattern; /* the dictionary pattern that matched, as written */
    int shifted;         /* days the date was shifted by a time phrase */
    const char *date_precision; /* "day", "week", "month", "season" or "year" */
    const char *date_basis; /* "text": a date stated in the sentence; "document": the
                              document date (nothing stated); "unknown": no date at all */
    const char *plover_event, *plover_mode, *plover_context; /* "" when CAMEO has none */
    dyad_location location;
    dyad_actor attribution; /* who said it; code "" when the event is not reported speech */
    const char *issues;  /* issue codes found in the sentence, space-separated, or "" */
} dyad_event;

/* Called once per event; return nonzero to stop coding. */
typedef int (*dyad_event_fn)(const dyad_event *ev, void *user);

enum dyad_modality_filter { DYAD_ASSERTED_ONLY = 0, DYAD_ALL_MODALITIES = 1 };

/* A coder holds per-document scratch memory and options. NULL when out of memory. */
dyad_coder *dyad_coder_new(const dyad_dict *d);
void dyad_coder_free(dyad_coder *c);
void dyad_coder_set_modality(dyad_coder *c, int filter);
/* By default an event a document already reported (same actors, code, date
 * and modality) is not delivered again; keep != 0 delivers repeats too. */
void dyad_coder_keep_repeats(dyad_coder *c, int keep);

/* Limits (README "Limits"): a sentence is coded from its first
 * DYAD_MAX_SENTENCE_TOKENS tokens (words, commas, quotes); the rest is
 * dropped with a warning. This bounds the work per sentence (compounds of
 * thousands of actors, thousands of verbs) to a fixed worst case. */
#define DYAD_MAX_SENTENCE_TOKENS 1000

/* A problem in a document that the coder worked around: a sentence cut at a
 * limit, invalid UTF-8 replaced by U+FFFD, NUL bytes dropped. */
typedef struct dyad_warning {
    const char *doc;     /* document id */
    int sentence;        /* 1-based sentence it concerns, 0 for the document */
    long offset;         /* byte offset in the raw document text, -1 when none */
    const char *message; /* one line without a newline, e.g. "sentence of 12000
                            tokens cut to the first 1000" */
} dyad_warning;
typedef void (*dyad_warning_fn)(const dyad_warning *w, void *user);

/* Sets the function that receives warnings (by default they are dropped).
 * The warning's strings are valid only during the call. */
void dyad_coder_set_warnings(dyad_coder *c, dyad_warning_fn fn, void *user);

/* Codes one document. text is raw UTF-8 (cleaned here); date is
 * "YYYY-MM-DD" or NULL/"" for unknown. Returns the number of events
 * delivered, or -1 with a message in err. */
long dyad_code_document(dyad_coder *c, const char *doc_id, const char *date,
                        const char *text, size_t len, dyad_event_fn fn, void *user,
                        char *err, size_t errlen);

/* Writes a step-by-step account of how one sentence is coded into a
 * malloc'd string (caller frees), or NULL when out of memory. */
char *dyad_explain(dyad_coder *c, const char *sentence, const char *date);

/* ---- output ------------------------------------------------------------ */

enum dyad_format { DYAD_FORMAT_JSON = 0, DYAD_FORMAT_TABARI = 1, DYAD_FORMAT_PLOVER = 2 };

/* Formats one event as a line (with '\n') into buf, snprintf-style: returns
 * the length the full line needs; the line was written when it is < cap. */
size_t dyad_format_event(const dyad_event *ev, int format, char *buf, size_t cap);

/* ---- validation -------------------------------------------------------- */

typedef struct dyad_validation {
    unsigned passed, failed, skipped;
    unsigned std_passed, std_failed; /* records before the end of the standard set */
} dyad_validation;

/* Runs a TABARI validation project (records with expected events in
 * comments). A report of failures and per-category counts is appended to
 * *report (malloc'd, caller frees). */
int dyad_validate_tabari(const char *project_path, dyad_validation *res, char **report,
                         int verbose, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
