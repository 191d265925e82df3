/* code/sentence.h - one sentence as the coder sees it: tokens, actor units,
 * clauses, and the events found. Internal to code/. */
#ifndef DY_CODE_SENTENCE_H
#define DY_CODE_SENTENCE_H
#include <stdint.h>

#include "dict/dict.h"
#include "util/arena.h"
#include "util/buf.h"

enum dy_tok_type {
    T_NONE, T_ACTOR, T_AGENT, T_VERB, T_NOUN, T_ADJ, T_TIME, T_ATTRIB, T_DETERM, T_PRONOUN,
    T_CONJ, T_COMMA, T_AUX, T_BY, T_NUMBER, T_QUOTE, T_NULLVERB, T_OTHERDICT
};

enum dy_tok_flag {
    TF_CAP = 1,       /* capitalised in the text */
    TF_ELIM = 2,      /* inside an eliminated comma-delimited clause */
    TF_PART = 4,      /* a later word of a phrase that starts earlier */
    TF_INCOMP = 8,    /* conjunction or comma inside a compound phrase */
    TF_SHIFTED = 16,  /* verb shifted to noun */
    TF_LOOKED = 32,   /* dy_classify looked the word up: its issue entries are in s->icand */
};

typedef struct dy_issue_cand {
    int tok;
    const dy_entry *e;
} dy_issue_cand;

typedef struct dy_tok {
    const char *w;
    uint16_t len;
    uint8_t type, flags;
    int start, end;           /* byte offsets in the sentence */
    const dy_entry *ent;      /* dictionary entry starting here */
    int ent_last;             /* last token of the entry's match */
    int unit;                 /* actor unit covering this token, -1 */
    int clause;
} dy_tok;

typedef struct dy_member {
    const char *code;   /* full code, e.g. "ARNGOV" */
    const char *base;   /* the actor's own code, without its agent */
    int first, last;    /* token range that named it */
} dy_member;

typedef struct dy_unit {
    int first, last;    /* token range */
    int m0, nm;         /* members */
    uint8_t compound, pronoun;
    uint8_t agent_before;    /* the agent precedes the actor ("ministers of Russia") */
    const dy_entry *agent;   /* agent attached to the actor, or NULL */
} dy_unit;

typedef struct dy_event_i {
    int src_m, tgt_m;       /* member index, -1 = default code */
    const char *src_code, *tgt_code;
    const char *code;
    int verb_tok, clause;
    const dy_pattern *pat;
    const dy_entry *verb;
    uint8_t subordinate, dominant;
    uint8_t framed;         /* an intention, refusal, appeal or demand (frame.h) */
    const char *modality;
    int attr_m;             /* member who said it, -1 */
    long date;              /* days since 1970 */
    const char *date_basis;
    const char *date_precision;
    int loc;                /* index into the sentence's places, -1 */
} dy_event_i;

enum dy_sent_status { S_CODED, S_NOEVENT, S_DISCARD, S_COMPLEX };

typedef struct dy_sentence {
    dy_arena *arena;
    const dyad_dict *d;
    const dy_options *opt;
    const char *text;
    size_t len;             /* cut to cut_len when the sentence was cut */
    size_t full_len;        /* out: the sentence's length before any cut */
    int cut;                /* out: 1 when tokenize stopped at DYAD_MAX_SENTENCE_TOKENS */
    long date;              /* days since 1970 */
    int shift;              /* time shift in days */
    dy_tok *t;
    int nt;
    dy_unit *u;
    int nu, capu;
    dy_member *m;
    int nm, capm;
    dy_event_i *ev;
    int nev, capev;
    int status;
    const char *why;        /* reason for complex/discard */
    int allcaps;
    dy_buf *explain;        /* when non-NULL, steps are written here */
    const char *forward;    /* in: actor forwarded from the previous sentence */
    int date_known;         /* in: the document date is known */
    const char *issues;     /* out: issue codes found, space-separated */
    const char *first_actor;/* out: base code of the first actor, for the next sentence */
    /* in/out: the last compound of the document ("both countries", "the two
     * leaders" refer to it); codes are copied by the caller between sentences */
    char pair[4][32];
    int npair;
    int pair_unit;          /* unit holding the document's pair in this sentence, -1 */
    int pair_found;         /* out: this sentence named a compound (now in pair) */
    /* in: the pair named last in the document (a compound, or the two sides
     * of an event): what "the two leaders" and "both sides" refer to */
    char last_pair[4][32];
    int nlast_pair;
    struct dy_place_mention *places; /* places named in the sentence (annotate.c) */
    const struct dy_place *doc_place;  /* in: the city of the story's dateline, or NULL */
    int nplaces;
    /* the issue entries the dictionary offered dy_classify, in the order
     * offered: dy_find_issues goes through them instead of a second lookup */
    struct dy_issue_cand *icand;
    int nicand, capicand;
    /* the first letters of the words, as dy_classify found them (in the
     * arena; tokens do not change afterwards), for the coder's pattern filter */
    const struct dy_word_bits *bits;
} dy_sentence;

/* 1 when token t is the upper-case word w. Inline: the parse asks this of
 * every token for many words, and the first letter mostly settles it. */
static inline int dy_tok_is(const dy_tok *t, const char *w)
{
    if (t->len && t->w[0] != w[0])
        return 0;
    size_t n = strlen(w);
    return t->len == n && !memcmp(t->w, w, n);
}

/* token.c */
int dy_tokenize(dy_sentence *s);
/* parse.c */
int dy_classify(dy_sentence *s);
int dy_build_units(dy_sentence *s);
/* 1 when unit u follows IN/AT/NEAR/... and the PLACE PHRASES option is on. */
int dy_unit_is_place(const dy_sentence *s, int u);
int dy_new_member(dy_sentence *s, const char *code, const char *base, int first, int last);
void dy_eliminate_commas(dy_sentence *s);
int dy_mark_clauses(dy_sentence *s);
const char *dy_resolve_actor(const dy_entry *e, long date, int *kind);
/* match.c */
typedef struct dy_match {
    int src_unit, tgt_unit, comp_unit;
    int actual_len;
    int first, last; /* token span matched */
} dy_match;
int dy_match_pattern(const dy_sentence *s, const dy_pattern *p, int verb_first, int verb_last,
                     int lo, int hi, dy_match *out);
/* The first letters of the sentence's words, as bits: a pattern with a
 * literal word no token starts with cannot match, and most patterns of a
 * verb are ruled out this way before the matcher runs. */
typedef struct dy_word_bits {
    uint64_t w[64];
    /* dy_group_may_match's verdict on each synset, made when first asked
     * (0: not yet, 1: no, 2: yes), as every pattern with &NAME asks again;
     * in the sentence's arena, NULL when none are kept */
    uint8_t *synset_verdict;
} dy_word_bits;
void dy_word_bits_of(const dy_sentence *s, dy_word_bits *b);
/* The verdict for an alternation or synset element (match.c). */
int dy_group_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_elem *e);

/* 0 when the dictionary phrase certainly does not match a sentence with
 * these word bits. Inline: the parse and the coder ask this of hundreds of
 * phrases and patterns per sentence, and a literal word settles most. */
static inline int dy_phrase_may_match(const dyad_dict *d, const dy_word_bits *b,
                                      const dy_phrase *ph)
{
    for (uint32_t k = 0; k < ph->n; k++) {
        const dy_elem *e = &ph->e[k];
        if (e->kind == E_WORD && e->len) {
            if (!(b->w[e->key / 64] >> (e->key % 64) & 1))
                return 0;
        } else if ((e->kind == E_ALT || e->kind == E_SYNSET) && !dy_group_may_match(d, b, e)) {
            return 0;
        }
    }
    return 1; /* actors and the verb are not words */
}

/* The same for a verb pattern. */
static inline int dy_pattern_may_match(const dyad_dict *d, const dy_word_bits *b,
                                       const dy_pattern *p)
{
    if (p->wordkey >= 0 && !(b->w[p->wordkey / 64] >> (p->wordkey % 64) & 1))
        return 0; /* one of its words, looked at first: it settles most */
    return dy_phrase_may_match(d, b, &p->upper) && dy_phrase_may_match(d, b, &p->lower);
}
/* api.c */
dy_options *dy_coder_options(dyad_coder *c);
void dy_sentence_init(dy_sentence *s, dyad_coder *c, const char *text, size_t len, long date);
/* Releases what the last sentence took from the coder's scratch arena (every
 * dy_sentence made by dy_sentence_init points into it): call when done. */
void dy_coder_reset(dyad_coder *c);
/* annotate.c */
int dy_annotate_events(dy_sentence *s);
const char *dy_find_issues(dy_sentence *s);
/* coder.c */
int dy_code_sentence(dy_sentence *s);

#endif
