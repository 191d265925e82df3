/* dict/dict.h - dyad's compiled dictionaries.
 *
 * Every dictionary format the field uses (TABARI .actors/.agents/.verbs/
 * .options/.project, PETRARCH2 CAMEO.2.0 verbs, Phoenix actors/agents/
 * discards/issues) is read into this one model. Readers call the dy_dict_add_*
 * builders; the coder reads the compiled tables. Everything is allocated from
 * the dictionary's arena and lives until dy_dict_free.
 *
 * Phrases are sequences of elements. A literal element matches a token when
 *   - it is a stem (no trailing '_' in the file): the token starts with it;
 *   - it is exact ('_'): the token equals it or equals it plus a regular
 *     ending (S ES ED EN ING 'S, and D/ING after a final E) unless '='
 *     forbids endings.
 * F_NEXT on an element means the following element must be on the next
 * token (the '_' or '~' connectors); otherwise words may be skipped. */
#ifndef DY_DICT_H
#define DY_DICT_H
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dyad.h"
#include "util/arena.h"
#include "util/buf.h"

enum dy_elem_kind {
    E_WORD,    /* literal word */
    E_VERB,    /* '*': position of the verb root */
    E_SOURCE,  /* '$' */
    E_TARGET,  /* '+' */
    E_COMPOUND,/* '%': a compound actor, both source and target */
    E_SKIP,    /* '^': skip one actor */
    E_ATTRIB,  /* '@': attribution actor */
    E_SYNSET,  /* '&NAME': any phrase of a synonym set */
    E_ALT,     /* '{ a | b }': any of the alternative phrases */
};

enum dy_elem_flag {
    F_EXACT = 1,  /* trailing '_': whole word (with regular endings) */
    F_NOEND = 2,  /* trailing '=': whole word, no endings */
    F_NEXT = 4,   /* next element must be on the adjacent token */
    F_VERBW = 8,  /* word of a verb root: verb endings (S ED ES EN ING) */
    F_PATW = 16,  /* literal of a pattern: verb endings unless connected */
};

typedef struct dy_phrase dy_phrase;

typedef struct dy_elem {
    uint8_t kind, flags;
    uint16_t len;          /* of s */
    uint16_t key;          /* E_WORD: dy_word_key(s, len), kept (it was padding) */
    const char *s;         /* E_WORD: upper-case text */
    uint32_t ref;          /* E_SYNSET: synset index */
    const dy_phrase *alts; /* E_ALT: alternatives */
    uint32_t nalts;
} dy_elem;

struct dy_phrase {
    dy_elem *e;
    uint32_t n;
    char first; /* e[0].s[0] when e[0] is a word (set by dy_parse_phrase), else 0 */
};

/* An event code as written in brackets: "042", "032:033", "023?", "111!". */
enum dy_code_kind { C_EVENT, C_NULL, C_DISCARD, C_COMPLEX };
typedef struct dy_vcode {
    uint8_t kind;
    uint8_t subordinate, dominant;
    const char *code;   /* C_EVENT */
    const char *paired; /* second code of a pair, or NULL */
} dy_vcode;

/* A code without a lower / upper date bound: valid on every day, however
 * far from 1970 (not a number of days that a real date could pass). */
#define DY_DAY_OPEN_FROM LONG_MIN
#define DY_DAY_OPEN_TO LONG_MAX

/* One code of an actor, valid from..to (days since 1970, inclusive). */
typedef struct dy_acode {
    const char *code; /* "RUSGOV", "ARN/GON" for coded compounds; NULL = null code */
    uint8_t kind;     /* C_EVENT (a real code), C_NULL, C_DISCARD, C_COMPLEX */
    long from, to;
} dy_acode;

enum dy_entry_kind { K_ACTOR, K_AGENT, K_VERB, K_NOUN, K_ADJ, K_TIME, K_ATTRIB, K_ISSUE, K_DISCARD,
                     K_PREP, /* PETRARCH's preposition list: read, not used in matching */
                     K_NKINDS };

typedef struct dy_pattern {
    dy_phrase lower;  /* elements before '*' */
    dy_phrase upper;  /* elements after '*' */
    dy_vcode code;
    int length;       /* TABARI's length: letters in literal words */
    int32_t wordkey;  /* key of its longest literal word outside groups, -1: none */
    const char *text; /* as written, for explanations */
    const char *file;
    int line;
} dy_pattern;

typedef struct dy_verb {
    dy_vcode code;
    dy_pattern *pat; /* sorted longest first */
    uint32_t npat, cappat;
    const char *text;
    uint8_t nominal; /* dyad <NOMINAL> section (1): an event noun ("the accusations made
                        by ..."), not shifted to a plain noun by a determiner;
                        <EVENTNOUNS> (2): an event noun that codes only as the object
                        of a support verb ("launched an offensive", code/light.c) */
} dy_verb;

/* A phrase that can be found in a sentence. */
typedef struct dy_entry {
    dy_phrase ph;
    uint8_t kind;
    int length;         /* letters, for longest-match ordering */
    const char *text;   /* the phrase as written */
    const char *parent; /* first phrase of a synonym group */
    const char *file;
    int line;
    uint32_t seq;       /* order of indexing: earlier entries win ties */
    /* K_ACTOR */
    dy_acode *codes;
    uint32_t ncodes;
    /* K_AGENT: code with '~' removed; agent_prefix=1 when '~' was last ("NGO~") */
    const char *agent;
    uint8_t agent_prefix;
    /* K_VERB, K_TIME, K_ATTRIB: shared by all forms of a root */
    dy_verb *verb;
    /* K_TIME: shift in days, or a special code */
    int shift;
    /* K_ISSUE */
    const char *issue;
    int issue_cat;
} dy_entry;

typedef struct dy_synset {
    const char *name; /* without '&' */
    dy_phrase *ph;
    uint32_t n, cap;
    /* set by dy_dict_finish: 1 when every phrase starts with a word, and the
     * first letters of those words as bits (letter c is bit c % 64 of
     * firsts[c / 64]) */
    uint8_t words_first;
    uint32_t nbyfirst; /* n when byfirst was made (else it is stale) */
    uint64_t firsts[4];
    /* when words_first: (first letter << 24 | phrase index) of every phrase,
     * in ascending order, so the matcher goes straight to the phrases that
     * start with a token's letter (code/match.c) */
    uint32_t *byfirst;
} dy_synset;

/* Options read from a TABARI .options file (and changed by validation records). */
enum dy_codeby { CODEBY_CLAUSE, CODEBY_SENTENCE, CODEBY_ALL };
typedef struct dy_options {
    int codeby;
    int comma_on;
    int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
    int cx_verbs, cx_actors, cx_pronouns, cx_conj, cx_comma, cx_lateverb;
    int cx_noactprior, cx_noactafter, cx_noverb, cx_nosource, cx_notarget, cx_noevent;
    int min_words;
    int time_shift;      /* -1: by presence of <TIME> entries */
    int convert_agents;
    int yyyy;
    int fbis;
    int nonevents;       /* 0 false, 1 true, 2 only */
    int forward;         /* FORWARD: pronouns opening a sentence refer to the previous one */
    int place_phrases;   /* dyad: "in Moscow" before the verb is a place, not the source */
    int clause_subject;  /* dyad: a later clause's own actor before its verb is its source */
    int questions;       /* dyad: events in questions are hypothetical */
    int self_pairs_both; /* dyad: "X and Y discussed" codes X->Y and Y->X */
    int agent_lists;     /* dyad: "ministers of A and B" gives both the agent */
    int no_source_after; /* dyad: never take a source from after the verb */
    int comma_keep_conj; /* dyad: ", and ..." is a clause, never an eliminated aside */
    int implicit_pair;   /* dyad: event nouns without a source go to the document's pair */
    int reported_speech; /* dyad: after "X said", the reported event's subject follows */
    int acronyms_case;   /* dyad: short all-letter actor words match only in capitals */
    int locate_agents;   /* dyad: CONVERT AGENTS only where a place gives the country */
    int datelines;       /* dyad: a wire dateline gives the date and place, never an actor */
    int frames;          /* dyad: intentions, refusals and demands take the embedded act's family */
    int light_verbs;     /* dyad: "launched an offensive": the event noun carries the code */
    int modifier_actors; /* dyad: "US-led", "pro-Western": an actor inside a modifier is none */
    int clause_markers;  /* dyad: after/while/which/who ... + a verb open a clause */
    char forward_fmt[32];/* its sequence format, e.g. "^^*****NNN*SSS" */
    const char *def_source, *def_target;
    int def_source_prior, def_target_after;
} dy_options;

/* A file the set was read from, and a hash of its bytes (XXH3, 128 bits). */
typedef struct dy_source {
    const char *path;
    uint64_t size;
    uint64_t hash_lo, hash_hi;
} dy_source;

/* Hash table from a word (upper case) to the entries whose first word it is. */
typedef struct dy_bucket {
    const char *key;
    uint16_t len;
    uint16_t big;   /* its dy_bigbucket +1, 0 = none (walk the chain) */
    uint32_t first; /* index into entry_next chain, +1; 0 = none */
} dy_bucket;

/* A bucket with many entries (THE, MINISTER, INTERNATIONAL: hundreds in the
 * Phoenix set), indexed by dy_dict_finish: its entries grouped by their
 * chainword key, so that a lookup ANDs the keys with the sentence's words
 * and visits only the groups left, instead of the whole chain. */
typedef struct dy_bigbucket {
    uint64_t keys[64]; /* the chainword keys of its entries (4096 bits) */
    uint16_t rank[64]; /* keys set in keys[0..k-1] */
    uint32_t first;    /* its entries in chain order: bigorder[first..first+n) */
    uint32_t n;
    uint32_t groups;   /* group g's positions (in chain order) are
                          bigpos[biggroup[groups + g] .. biggroup[groups + g + 1]);
                          group 0 has the entries without a key, group r + 1 the
                          r-th key set in keys */
    uint32_t pad;
} dy_bigbucket;

struct dyad_dict {
    dy_arena arena;
    dy_entry **entries;
    uint32_t nentries, capentries;
    dy_synset *synsets;
    uint32_t nsynsets, capsynsets;
    dy_bucket *tab;       /* open addressing, power of two */
    uint32_t tabcap, tabused;
    uint64_t *keybits;    /* one bit per hash of a first word (tabcap * 4 bits): most
                             prefixes of a token are no key, and this tells without
                             touching the large table */
    uint32_t *chain;      /* chain[i] = next entry index +1 with the same first word */
    uint16_t *chainword;  /* chainword[i] = dy_word_key of a literal word of entry i
                             after its first word, the rarest by its key's length,
                             DY_NO_WORD: none (dy_dict_lookup_in) */
    uint32_t chaincap;
    uint32_t nbig;
    dy_bigbucket *big;    /* the buckets' dy_bigbucket (see there) */
    uint32_t *bigorder;   /* entry indices */
    uint16_t *bigpos;     /* positions in a bucket's part of bigorder */
    uint32_t *biggroup;   /* offsets into bigpos */
    uint32_t bigmade;     /* nentries when the big buckets were indexed; if it
                             differs, entries came later: walk the chains */
    uint16_t maxkey;      /* longest first word */
    dy_options opt;
    int has_time;
    char **issue_cats;
    uint32_t nissue_cats;
    /* statistics per kind for `dict check` */
    uint32_t count[K_NKINDS];
    uint32_t npatterns;
    uint32_t nwarnings;
    char *warn;      /* "file:line: message\n" lines (the first 1000) */
    size_t warnlen, warncap;
    const char *lastfile;
    /* Where the memory comes from: a region (util/region.h) holding the
     * whole set, d included, or NULL for malloc. */
    struct dy_region *region;
    /* Every file read, with its contents' hash: what a cached copy of this
     * set depends on (dict/cache.c). */
    dy_source *sources;
    uint32_t nsources, capsources;
    int uncacheable;        /* a source could not be hashed */
    char cache_status[1024]; /* dyad_dict_cache_status */
};

/* TABARI's defaults; dyad's rules for analysis text are off unless an
 * options file turns them on (data/dict/dyad.options does). */
void dy_options_default(dy_options *o);
/* Turns dyad's rules (PLACE PHRASES, CLAUSE SUBJECT, QUESTIONS, SELF PAIRS,
 * AGENT LISTS, SOURCE AFTER VERB = FALSE, COMMA CONJUNCTIONS, IMPLICIT PAIR,
 * REPORTED SPEECH, ACRONYMS) all on or all off. */
void dy_options_dyad(dy_options *o, int on);

/* Memory owned by the dictionary besides its arena (growing tables): from
 * its region when it has one, else malloc; new bytes are zero. release
 * frees only in the malloc case. */
void *dy_dict_realloc(dyad_dict *d, void *old, size_t old_size, size_t new_size);
void dy_dict_release(dyad_dict *d, void *p);
/* Records that the set was read from path, whose bytes hash to h. */
int dy_dict_add_source(dyad_dict *d, const char *path, uint64_t size, uint64_t hash_lo,
                       uint64_t hash_hi);
/* Hashes path and records it (every reader calls it for each file it opens). */
int dy_dict_source(dyad_dict *d, const char *path);
/* Size and XXH3-128 hash of a file's bytes; -1 when it cannot be read. */
int dy_hash_file(const char *path, uint64_t *size, uint64_t *lo, uint64_t *hi);

/* Builders (used by the readers). Return 0, or -1 with a message in err. */
dy_entry *dy_dict_new_entry(dyad_dict *d, int kind, const char *file, int line);
/* Parses a TABARI phrase ("ARNOR", "PRIME_MINISTER_", "- $ * TO + ") into
 * elements. allow_tokens admits $ + % ^ @ * & { | }. */
int dy_parse_phrase(dyad_dict *d, const char *s, size_t len, int allow_tokens,
                    dy_phrase *out, char *err, size_t errlen);
int dy_parse_vcode(dyad_dict *d, const char *s, size_t len, dy_vcode *out, char *err, size_t errlen);
int dy_dict_index(dyad_dict *d, dy_entry *e);
int dy_verb_add_pattern(dyad_dict *d, dy_verb *v, const dy_pattern *p);
int dy_phrase_length(const dy_phrase *p);
dy_synset *dy_dict_synset(dyad_dict *d, const char *name, size_t len, int create);
/* Synsets in synsets nest at most this deep (README "Limits"); the matcher
 * stops at twice as deep whatever a dictionary holds. */
#define DY_MAX_SYNSET_DEPTH 32
/* Before ph is added to synset ss: 0, or -1 with the reason in err when it
 * would make ss contain itself (directly or through other synsets) or nest
 * synsets deeper than DY_MAX_SYNSET_DEPTH. */
int dy_synset_check_member(dyad_dict *d, const dy_synset *ss, const dy_phrase *ph, char *err,
                           size_t errlen);
void dy_dict_warn(dyad_dict *d, const char *file, int line, const char *fmt, ...);
/* Sorts pattern lists and finishes indexes; called once after loading. */
void dy_dict_finish(dyad_dict *d);

/* Readers. Each returns 0, or -1 after reporting "file:line: message" in err. */
int dy_read_tabari_actors(dyad_dict *d, const char *path, int kind, char *err, size_t errlen);
int dy_read_tabari_verbs(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_read_tabari_options(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_apply_option_line(dy_options *o, dyad_dict *d, const char *line, char *err, size_t errlen);
int dy_read_tabari_project(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_read_petrarch_verbs(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_read_phoenix_discards(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_read_phoenix_issues(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_read_word_list(dyad_dict *d, const char *path, int kind, char *err, size_t errlen);

/* Iterates the entries whose first word matches token tok (upper case). */
typedef int (*dy_entry_fn)(const dy_entry *e, void *ud);
void dy_dict_lookup(const dyad_dict *d, const char *tok, size_t len, dy_entry_fn fn, void *ud);
/* The same, without the entries that have a literal word after the first
 * whose dy_word_key is not in the 4096-bit set words: the words of the
 * sentence, when fn rejects phrases that do not all occur in it. */
void dy_dict_lookup_in(const dyad_dict *d, const char *tok, size_t len, const uint64_t *words,
                       dy_entry_fn fn, void *ud);
/* 1 when the letters after a literal word are a regular ending it accepts. */
int dy_word_ending_ok(const dy_elem *w, const char *rest, size_t n);
/* 1 when literal element w matches token tok (with a regular ending when w is
 * exact). Inline: it runs for every candidate word and mostly fails on the
 * first letter. */
#define DY_NO_WORD 0xFFFF /* no word key (dy_word_key is below 4096) */

/* Bit of a word's first letter (1-letter words), first two letters (2-letter
 * words) or first three, in a 4096-bit set: a literal element matches only
 * tokens that begin with its first min(n, 3) letters (code/match.c). */
static inline unsigned dy_word_key(const char *w, size_t n)
{
    unsigned c0 = (unsigned char)w[0], c1 = n > 1 ? (unsigned char)w[1] : 0;
    if (n == 1)
        return c0;
    if (n == 2)
        return 256 + ((c0 << 8) | c1) % 1792;
    unsigned k = ((c0 << 16) | (c1 << 8) | (unsigned char)w[2]) * 2654435761u;
    return 2048 + (k >> 21) % 2048;
}

static inline int dy_word_matches(const dy_elem *w, const char *tok, size_t len)
{
    if (len < w->len || (w->len && tok[0] != w->s[0]) || memcmp(tok, w->s, w->len))
        return 0;
    if (!(w->flags & F_EXACT) || len == w->len)
        return 1;
    if (w->flags & F_NOEND)
        return 0;
    return dy_word_ending_ok(w, tok + w->len, len - w->len);
}

/* Date restriction helpers: a YYMMDD or YYYYMMDD string to days since 1970. */
int dy_dict_parse_date(const char *s, size_t len, int yyyy, long *days);

#endif
