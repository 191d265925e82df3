/* code/match.c - verb pattern matching (manual sections 5.5.3-5.7).
 *
 * A pattern is "lower * upper". Upper elements are matched left to right
 * after the verb, lower elements left to right between the clause start and
 * the verb. Elements joined by '_' must be on adjacent words; others may
 * skip words. Matching backtracks over word positions with a step budget so
 * that the cost per pattern stays bounded. */
#include <string.h>

#include "sentence.h"

#define MATCH_BUDGET 20000

typedef struct mctx {
    const dy_sentence *s;
    int lo, hi;          /* inclusive token range searched */
    int steps;
    int src, tgt, comp;  /* units assigned by $ + % */
    int nesting;         /* synsets being matched inside one another */
} mctx;

static int live(const mctx *c, int j)
{
    while (j <= c->hi && (c->s->t[j].flags & TF_ELIM))
        j++;
    return j;
}

static int match_seq(mctx *c, const dy_elem *e, uint32_t n, uint32_t k, int pos, int adjacent,
                     int need_end, int *endpos, int *letters);

/* Records unit u for a $ + % ^ @ element; 0 when a % wants a compound. */
static int take_actor(mctx *c, const dy_elem *e, int u)
{
    if (e->kind == E_COMPOUND && !c->s->u[u].compound)
        return 0;
    if (e->kind == E_SOURCE)
        c->src = u;
    else if (e->kind == E_TARGET)
        c->tgt = u;
    else if (e->kind == E_COMPOUND)
        c->comp = u;
    return 1;
}

/* 1 when alternative ph starts with a word that is not token `at` (the live
 * token at j, NULL past the range): match_seq(ph, j, adjacent) would then
 * fail after one step, having changed nothing else. Most alternatives of a
 * synset fail so; this saves the call, and the caller counts the step so
 * that the budget runs out exactly as before. (Inline: it runs for every
 * alternative tried, and a call costs more than the test.) */
static inline int first_word_fails(const dy_phrase *ph, const dy_tok *at)
{
    if (ph->first && (!at || !at->len || at->w[0] != ph->first))
        return 1; /* the first letters differ: dy_word_matches would say no */
    if (ph->n == 0 || ph->e[0].kind != E_WORD)
        return 0;
    return !at || !dy_word_matches(&ph->e[0], at->w, at->len);
}

/* 1 when every phrase of synset ss starts with a word and none of those
 * words has the first letter of token `at` (or there is no token): each
 * then fails first_word_fails. */
static int none_starts_with(const dy_synset *ss, const dy_tok *at)
{
    if (!ss->words_first)
        return 0;
    if (!at || !at->len)
        return 1;
    unsigned char ch = (unsigned char)at->w[0];
    return !(ss->firsts[ch / 64] >> (ch % 64) & 1);
}

/* The first of ss's phrases (by byfirst) that start with letter ch, or
 * ss->n when none does. */
static uint32_t first_with(const dy_synset *ss, unsigned char ch)
{
    uint32_t lo = 0, hi = ss->n, want = (uint32_t)ch << 24;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ss->byfirst[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The synset case of match_elem_at when every phrase starts with a word and
 * there is a token at j: only the phrases that start with its letter are
 * tried, in their order; every other one would fail first_word_fails, and
 * counts its step as the whole loop would, so the budget runs out exactly
 * as before. */
static int match_synset_at(mctx *c, const dy_synset *ss, int j, const dy_tok *at, int *letters)
{
    unsigned char ch = (unsigned char)at->w[0];
    uint32_t prev = 0; /* phrases before this one are counted */
    for (uint32_t k = first_with(ss, ch); k < ss->n && ss->byfirst[k] >> 24 == ch; k++) {
        uint32_t a = ss->byfirst[k] & 0xFFFFFF;
        int end, l = 0;
        c->steps += (int)(a - prev); /* the phrases skipped */
        prev = a + 1;
        if (first_word_fails(&ss->ph[a], at)) {
            ++c->steps;
            continue;
        }
        if (match_seq(c, ss->ph[a].e, ss->ph[a].n, 0, j, 1, -1, &end, &l)) {
            *letters += l;
            return end;
        }
    }
    c->steps += (int)(ss->n - prev);
    return -1;
}

/* The first of the na alternatives that matches at j (first live token at):
 * the next position, or -1. */
static int match_alternatives(mctx *c, const dy_phrase *alts, uint32_t na, int j,
                              const dy_tok *at, int *letters)
{
    for (uint32_t a = 0; a < na; a++) {
        int end, l = 0;
        if (first_word_fails(&alts[a], at)) {
            ++c->steps; /* what match_seq would have counted */
            continue;
        }
        if (match_seq(c, alts[a].e, alts[a].n, 0, j, 1, -1, &end, &l)) {
            *letters += l;
            return end;
        }
    }
    return -1;
}

/* Tries element e at exactly token j; returns the next position or -1. */
static int match_elem_at(mctx *c, const dy_elem *e, int j, int *letters)
{
    const dy_sentence *s = c->s;
    if (j > c->hi)
        return -1;
    const dy_tok *t = &s->t[j];
    switch (e->kind) {
    case E_WORD:
        if (!dy_word_matches(e, t->w, t->len))
            return -1;
        *letters += e->len;
        return j + 1;
    case E_SOURCE:
    case E_TARGET:
    case E_COMPOUND:
    case E_SKIP:
    case E_ATTRIB: {
        int u = t->unit;
        if (u < 0 || s->u[u].nm == 0 || (s->u[u].first != j && !s->u[u].pronoun))
            return -1;
        if (s->u[u].last > c->hi || !take_actor(c, e, u))
            return -1;
        return s->u[u].last + 1;
    }
    case E_SYNSET:
    case E_ALT: {
        const dy_phrase *alts;
        uint32_t na;
        if (e->kind == E_SYNSET) {
            const dy_synset *ss = &s->d->synsets[e->ref];
            alts = ss->ph;
            na = ss->n;
        } else {
            alts = e->alts;
            na = e->nalts;
        }
        int first = live(c, j); /* the same for every alternative */
        const dy_tok *at = first <= c->hi ? &s->t[first] : NULL;
        if (e->kind == E_SYNSET && none_starts_with(&s->d->synsets[e->ref], at)) {
            c->steps += (int)na; /* first_word_fails for each, one step each */
            return -1;
        }
        /* a dictionary checked at load has no cycle and nests synsets at most
         * DY_MAX_SYNSET_DEPTH deep; this bounds the recursion whatever it holds */
        if (e->kind == E_SYNSET && c->nesting >= 2 * DY_MAX_SYNSET_DEPTH)
            return -1;
        c->nesting += e->kind == E_SYNSET;
        int end = -1;
        if (e->kind == E_SYNSET && at && at->len && s->d->synsets[e->ref].nbyfirst == na)
            end = match_synset_at(c, &s->d->synsets[e->ref], j, at, letters);
        else
            end = match_alternatives(c, alts, na, j, at, letters);
        c->nesting -= e->kind == E_SYNSET;
        return end;
    }
    default:
        return -1;
    }
}

/* 1 when word e matches token j (which is in range). */
static inline int word_at(const mctx *c, const dy_elem *e, int j)
{
    return dy_word_matches(e, c->s->t[j].w, c->s->t[j].len);
}

/* Matches elements k.. of e starting at pos (exactly there when adjacent).
 * need_end >= 0 requires the match to end right before token need_end. */
static int match_seq(mctx *c, const dy_elem *e, uint32_t n, uint32_t k, int pos, int adjacent,
                     int need_end, int *endpos, int *letters)
{
    if (++c->steps > MATCH_BUDGET)
        return 0;
    pos = live(c, pos);
    if (k == n) {
        if (need_end >= 0 && adjacent && pos != need_end)
            return 0;
        *endpos = pos;
        return 1;
    }
    int last = adjacent ? pos : c->hi;
    for (int j = pos; j <= last; j = live(c, j + 1)) {
        /* a word that is not this token: match_elem_at's answer, without the
         * call (most tries); nothing is changed or counted, so going on is
         * what the loop's end would do */
        if (e[k].kind == E_WORD && j <= c->hi && !word_at(c, &e[k], j))
            continue;
        int src = c->src, tgt = c->tgt, comp = c->comp, l = 0;
        int next = match_elem_at(c, &e[k], j, &l);
        if (next >= 0) {
            int sub = 0;
            int adj = (e[k].flags & F_NEXT) != 0;
            if (match_seq(c, e, n, k + 1, next, adj, need_end, endpos, &sub)) {
                *letters += l + sub;
                return 1;
            }
        }
        c->src = src, c->tgt = tgt, c->comp = comp;
        if (c->steps > MATCH_BUDGET)
            return 0;
    }
    return 0;
}

static int live_back(const mctx *c, int j)
{
    while (j >= c->lo && (c->s->t[j].flags & TF_ELIM))
        j--;
    return j;
}

/* Start of element e when it ends exactly at token j, or -1. */
static int elem_ending_at(mctx *c, const dy_elem *e, int j, int *letters)
{
    const dy_sentence *s = c->s;
    if (j < c->lo)
        return -1;
    const dy_tok *t = &s->t[j];
    if (e->kind == E_WORD)
        return match_elem_at(c, e, j, letters) >= 0 ? j : -1;
    if (e->kind == E_SYNSET || e->kind == E_ALT) {
        int hi = c->hi;
        c->hi = j;
        for (int st = j; st >= c->lo; st--) {
            int l = 0, end = match_elem_at(c, e, st, &l);
            if (end == j + 1) {
                c->hi = hi;
                *letters += l;
                return st;
            }
        }
        c->hi = hi;
        return -1;
    }
    int u = t->unit;
    if (u < 0 || s->u[u].nm == 0 || s->u[u].first < c->lo)
        return -1;
    if (s->u[u].last != j && !s->u[u].pronoun)
        return -1;
    if (!take_actor(c, e, u))
        return -1;
    return s->u[u].pronoun ? j : s->u[u].first;
}

/* Matches elements 0..k of e right to left, element k ending at pos (or
 * anywhere before it when not adjacent): the nearest words to the verb win. */
static int match_back(mctx *c, const dy_elem *e, int k, int pos, int adjacent, int *startpos,
                      int *letters)
{
    if (++c->steps > MATCH_BUDGET)
        return 0;
    if (k < 0) {
        *startpos = pos + 1;
        return 1;
    }
    pos = live_back(c, pos);
    int stop = adjacent ? pos : c->lo;
    for (int j = pos; j >= stop && j >= c->lo; j = live_back(c, j - 1)) {
        int src = c->src, tgt = c->tgt, comp = c->comp, l = 0;
        int st = elem_ending_at(c, &e[k], j, &l);
        if (st >= 0) {
            int sub = 0;
            int adj = k > 0 && (e[k - 1].flags & F_NEXT);
            if (match_back(c, e, k - 1, st - 1, adj, startpos, &sub)) {
                *letters += l + sub;
                return 1;
            }
        }
        c->src = src, c->tgt = tgt, c->comp = comp;
        if (c->steps > MATCH_BUDGET)
            return 0;
    }
    return 0;
}

/* Commas end the region a pattern may search (manual 5.5.3). */
static int upper_limit(const dy_sentence *s, int from, int hi)
{
    for (int j = from; j <= hi; j++) {
        const dy_tok *t = &s->t[j];
        if (t->flags & TF_ELIM)
            continue;
        if (t->type == T_COMMA && !(t->flags & TF_INCOMP))
            return j - 1;
    }
    return hi;
}

static int lower_limit(const dy_sentence *s, int lo, int to)
{
    for (int j = to; j >= lo; j--) {
        const dy_tok *t = &s->t[j];
        if (t->flags & TF_ELIM)
            continue;
        if (t->type == T_COMMA && !(t->flags & TF_INCOMP))
            return j + 1;
    }
    return lo;
}

static void set_bit(dy_word_bits *b, unsigned k) { b->w[k / 64] |= 1ull << (k % 64); }

void dy_word_bits_of(const dy_sentence *s, dy_word_bits *b)
{
    memset(b, 0, sizeof *b);
    if (s->d->nsynsets) /* out of memory: no verdicts kept, each is worked out */
        b->synset_verdict = dy_arena_calloc(s->arena, s->d->nsynsets, 1);
    for (int i = 0; i < s->nt; i++) {
        const dy_tok *t = &s->t[i];
        if (t->len >= 1)
            set_bit(b, dy_word_key(t->w, 1));
        if (t->len >= 2)
            set_bit(b, dy_word_key(t->w, 2));
        if (t->len >= 3)
            set_bit(b, dy_word_key(t->w, 3));
    }
}

static int phrase_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_phrase *ph,
                            int depth);

/* 0 when none of the alternatives may match. */
static int any_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_phrase *alts,
                         uint32_t n, int depth)
{
    for (uint32_t a = 0; a < n; a++)
        if (phrase_may_match(d, b, &alts[a], depth + 1))
            return 1;
    return 0;
}

static int elem_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_elem *e, int depth)
{
    if (e->kind == E_WORD && e->len) {
        unsigned key = e->key; /* dy_word_key(e->s, e->len), computed when the entry was read */
        return b->w[key / 64] >> (key % 64) & 1;
    }
    if (depth >= 4) /* deep nesting: no verdict */
        return 1;
    if (e->kind == E_ALT)
        return any_may_match(d, b, e->alts, e->nalts, depth);
    if (e->kind == E_SYNSET)
        return any_may_match(d, b, d->synsets[e->ref].ph, d->synsets[e->ref].n, depth);
    return 1; /* actors and the verb are not words */
}

static int phrase_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_phrase *ph,
                            int depth)
{
    for (uint32_t k = 0; k < ph->n; k++)
        if (!elem_may_match(d, b, &ph->e[k], depth))
            return 0;
    return 1;
}

/* (dy_phrase_may_match in sentence.h is phrase_may_match at depth 0 with the
 * word test inline; groups come here) */
int dy_group_may_match(const dyad_dict *d, const dy_word_bits *b, const dy_elem *e)
{
    if (e->kind != E_SYNSET || !b->synset_verdict || e->ref >= d->nsynsets)
        return elem_may_match(d, b, e, 0);
    uint8_t *v = &b->synset_verdict[e->ref];
    if (!*v)
        *v = (uint8_t)(1 + elem_may_match(d, b, e, 0));
    return *v - 1;
}

int dy_match_pattern(const dy_sentence *s, const dy_pattern *p, int verb_first, int verb_last,
                     int lo, int hi, dy_match *out)
{
    mctx c = {.s = s, .steps = 0, .src = -1, .tgt = -1, .comp = -1};
    const dy_elem *star = p->upper.e - 1;
    int letters = 0, end = verb_last + 1, start = verb_first;
    if (p->upper.n) {
        c.lo = verb_last + 1;
        c.hi = upper_limit(s, verb_last + 1, hi);
        int adj = (star->flags & F_NEXT) != 0;
        if (!match_seq(&c, p->upper.e, p->upper.n, 0, verb_last + 1, adj, -1, &end, &letters))
            return 0;
    }
    if (p->lower.n) {
        c.lo = lower_limit(s, lo, verb_first - 1);
        c.hi = verb_first - 1;
        int l = 0;
        int adj = (p->lower.e[p->lower.n - 1].flags & F_NEXT) != 0;
        if (c.lo > c.hi ||
            !match_back(&c, p->lower.e, (int)p->lower.n - 1, verb_first - 1, adj, &start, &l))
            return 0;
        letters += l;
    }
    out->src_unit = c.src;
    out->tgt_unit = c.tgt;
    out->comp_unit = c.comp;
    out->actual_len = letters;
    out->first = start;
    out->last = end - 1;
    return 1;
}
