/* code/coder.c - from a parsed sentence to events: verbs in clause order,
 * patterns longest first, source and target by pattern or by TABARI's
 * default rules (manual 5.8, 7.6, 7.9), complexity and discard checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "frame.h"
#include "light.h"
#include "modality.h"
#include "sentence.h"

typedef struct clause_ctx {
    int lo, hi;          /* token range of the clause */
    int index;
    int carried_src;     /* source kept from the previous clause */
} clause_ctx;

typedef struct verb_hit {
    const dy_entry *verb;
    const dy_pattern *pat;
    dy_vcode code;
    dy_match m;
    int tok;
} verb_hit;

static void explain(dy_sentence *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#include <stdarg.h>
static void explain(dy_sentence *s, const char *fmt, ...)
{
    if (!s->explain)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    dy_buf_puts(s->explain, buf);
    dy_buf_putc(s->explain, '\n');
}

static int unit_usable(const dy_sentence *s, int u)
{
    return u >= 0 && s->u[u].nm > 0 && s->u[u].first >= 0 &&
           !(s->t[s->u[u].first].flags & TF_ELIM);
}

static const char *unit_code(const dy_sentence *s, int u)
{
    return s->m[s->u[u].m0].code;
}

static int distinct(const dy_sentence *s, int a, int b)
{
    if (a < 0 || b < 0)
        return 1;
    return strcmp(unit_code(s, a), unit_code(s, b)) != 0;
}

/* Units starting in [from, to], in order; calls until one is accepted. */
static int first_unit_in(const dy_sentence *s, int from, int to, int unlike)
{
    for (int i = from; i <= to && i < s->nt; i++) {
        int u = s->t[i].unit;
        if (!unit_usable(s, u) || (s->u[u].first != i && !s->u[u].pronoun))
            continue;
        if (s->u[u].pronoun && s->u[u].first != i)
            continue;
        if (distinct(s, u, unlike))
            return u;
    }
    return -1;
}

/* The default source before the verb: the first actor that is not a place. */
/* "Russia said Ukraine shelled the plant": the subject of the reported
 * event comes after the reporting verb (an option: TABARI takes the first
 * actor of the clause). Returns where to start looking for the source. */
static int speech_start(const dy_sentence *s, int lo, int v)
{
    static const char *const says[] = {"SAID", "SAYS", "SAY", "CLAIMED", "CLAIMS",
                                       "ANNOUNCED", "REPORTED", "STATED", "ALLEGED",
                                       "ACCUSED", "INSISTED", "TOLD", "WARNED"};
    if (!s->opt->reported_speech)
        return lo;
    for (int i = v - 1; i > lo; i--) {
        const dy_tok *t = &s->t[i];
        for (size_t k = 0; k < sizeof says / sizeof *says; k++)
            if (dy_tok_is(t, says[k])) {
                /* only when an actor follows: "Russia said it would ..." keeps "it" */
                for (int j = i + 1; j < v; j++)
                    if (unit_usable(s, s->t[j].unit))
                        return i + 1;
                return lo;
            }
    }
    return lo;
}

static int first_source_in(const dy_sentence *s, int from, int to, int unlike)
{
    int first = -1;
    for (int i = from; i <= to; i++) {
        int u = first_unit_in(s, i, to, unlike);
        if (u < 0)
            break;
        if (first < 0)
            first = u;
        if (!dy_unit_is_place(s, u))
            return u;
        i = s->u[u].first;
    }
    return s->opt->place_phrases ? -1 : first; /* a place alone acts for no one */
}

/* "near the Polish border", "outside Kyiv": always where, never whom. */
static int after_near(const dy_sentence *s, int u)
{
    for (int k = s->u[u].first - 1; k >= 0 && k >= s->u[u].first - 3; k--) {
        const dy_tok *t = &s->t[k];
        if (dy_tok_is(t, "NEAR") || dy_tok_is(t, "OUTSIDE"))
            return 1;
    }
    return 0;
}

/* After the verb of most events (not force: 15, 17-20), "in
 * Helsinki" is the venue, not the other party. */
/* "exchanged prisoners": a role the pattern names as the object (a word of the
 * matched pattern standing alone as an agent) is what is acted on, not who. */
static int pattern_object(const dy_sentence *s, const verb_hit *h, int u)
{
    if (!h->pat || !s->opt->locate_agents || s->u[u].nm != 1)
        return 0;
    const char *c = s->m[s->u[u].m0].code;
    return c[0] == '~' && s->u[u].first >= h->m.first && s->u[u].last <= h->m.last;
}

static int first_target_after(const dy_sentence *s, const verb_hit *h, int from, int to,
                              int unlike)
{
    const dy_vcode *code = &h->code;
    /* for force (15, 17-20) "in X" may well name the target; otherwise it is a venue */
    int root = code->kind == C_EVENT ? (code->code[0] - '0') * 10 + (code->code[1] - '0') : 0;
    /* a visit's place is where it goes: "arrived in Beijing" */
    int visit = code->kind == C_EVENT && (!strcmp(code->code, "042") || !strcmp(code->code, "043"));
    int venue_roots = root >= 1 && root <= 16 && root != 15 && !visit;
    for (int i = from; i <= to; i++) {
        int u = first_unit_in(s, i, to, unlike);
        if (u < 0)
            return -1;
        if ((!dy_unit_is_place(s, u) || (!venue_roots && !after_near(s, u))) &&
            !pattern_object(s, h, u))
            return u;
        i = s->u[u].first;
    }
    return -1;
}

/* "X and Y met with Z", "mediating between A and B": the other party is named. */
static int counterpart_follows(const dy_sentence *s, int from, int to)
{
    for (int i = from; i <= to && i < s->nt; i++) {
        const dy_tok *t = &s->t[i];
        if (t->type == T_COMMA || t->type == T_CONJ || t->type == T_VERB)
            return 0;
        if (dy_tok_is(t, "WITH") || dy_tok_is(t, "BETWEEN"))
            return i + 1 < s->nt && s->t[i + 1].unit >= 0;
    }
    return 0;
}

/* Before the verb, a place ("in Moscow") is no target either. */
static int first_target_before(const dy_sentence *s, int from, int to, int unlike)
{
    for (int i = from; i <= to; i++) {
        int u = first_unit_in(s, i, to, unlike);
        if (u < 0)
            return -1;
        if (!dy_unit_is_place(s, u))
            return u;
        i = s->u[u].first;
    }
    return -1;
}

static int add_event(dy_sentence *s, const dy_event_i *e)
{
    for (int i = 0; i < s->nev; i++) /* the same event twice is one event */
        if (!strcmp(s->ev[i].src_code, e->src_code) && !strcmp(s->ev[i].tgt_code, e->tgt_code) &&
            !strcmp(s->ev[i].code, e->code))
            return 0;
    dy_event_i *v = dy_arena_grow(s->arena, s->ev, s->nev, &s->capev, sizeof *v, 16);
    if (!v)
        return -1;
    s->ev = v;
    s->ev[s->nev++] = *e;
    return 0;
}


/* Finds the code of the verb at token v: the longest matching pattern
 * (by matched length), else the root's code. */
static int code_verb(dy_sentence *s, const clause_ctx *cc, int v, verb_hit *h)
{
    const dy_entry *e = s->t[v].ent;
    const dy_verb *vb = e->verb;
    int best_len = -1;
    memset(h, 0, sizeof *h);
    h->verb = e;
    h->tok = v;
    h->m.src_unit = h->m.tgt_unit = h->m.comp_unit = -1;
    dy_word_bits own;
    const dy_word_bits *bits = s->bits;
    if (!bits) {
        dy_word_bits_of(s, &own);
        bits = &own;
    }
    for (uint32_t i = 0; i < vb->npat; i++) {
        const dy_pattern *p = &vb->pat[i];
        if (p->length < best_len)
            break;
        dy_match m;
        if (!dy_pattern_may_match(s->d, bits, p) ||
            !dy_match_pattern(s, p, v, s->t[v].ent_last, cc->lo, cc->hi, &m))
            continue;
        if (m.actual_len > best_len) {
            best_len = m.actual_len;
            h->pat = p;
            h->m = m;
        }
    }
    h->code = h->pat ? h->pat->code : vb->code;
    if (h->pat)
        explain(s, "  verb %s: pattern \"%s\" -> %s", e->text, h->pat->text,
                h->code.kind == C_EVENT ? h->code.code : h->code.kind == C_NULL ? "null" : "special");
    else
        explain(s, "  verb %s: no pattern, root code %s", e->text,
                h->code.kind == C_EVENT ? h->code.code : h->code.kind == C_NULL ? "null" : "special");
    return 0;
}

static int is_passive(const dy_sentence *s, int v, int vlast)
{
    int aux = 0;
    for (int k = 1; k <= 2 && v - k >= 0; k++)
        if (s->t[v - k].type == T_AUX)
            aux = 1;
    /* BY right after the verb, or after one adverb: "was opposed earlier by" */
    for (int n = vlast + 1, words = 0; n < s->nt && words < 2; n++) {
        if (s->t[n].flags & TF_ELIM)
            continue;
        if (s->t[n].type == T_BY)
            return aux;
        if (s->t[n].type != T_NONE)
            return 0;
        words++;
    }
    return 0;
}

/* A participle right before BY with no auxiliary: "ship attacked by pirates". */
static int reduced_passive(const dy_sentence *s, int v, int vlast)
{
    const dy_tok *t = &s->t[vlast];
    int n = vlast + 1;
    if (n >= s->nt || s->t[n].type != T_BY || t->len < 3)
        return 0;
    for (int k = 1; k <= 2 && v - k >= 0; k++)
        if (s->t[v - k].type == T_AUX)
            return 0; /* an ordinary passive */
    return !memcmp(t->w + t->len - 2, "ED", 2) || !memcmp(t->w + t->len - 2, "EN", 2);
}

static const char *default_code(const char *c) { return c && *c ? c : NULL; }

/* "Chile and Peru agreed to hold drills": a compound with no other party is
 * its own counterpart. With CLAUSE MARKERS (dyad) only for what two parties
 * do together (intent, consult, cooperate, aid, truce, fighting), never for
 * "American, British and French warplanes struck ..." */
static int compound_may_pair(const dy_sentence *s, const dy_vcode *code)
{
    if (!s->opt->clause_markers || code->kind != C_EVENT)
        return 1;
    const char *c = code->code;
    return !strncmp(c, "03", 2) || !strncmp(c, "04", 2) || !strncmp(c, "05", 2) ||
           !strncmp(c, "06", 2) || !strncmp(c, "07", 2) || !strncmp(c, "087", 3) ||
           !strncmp(c, "19", 2); /* "clashed", "exchanged fire" */
}

/* Source and target of a verb hit; -1 when not found. */
static void assign_actors(dy_sentence *s, const clause_ctx *cc, const verb_hit *h, int *src,
                          int *tgt)
{
    int v = h->tok, vlast = s->t[v].ent_last;
    int so = h->m.src_unit, ta = h->m.tgt_unit;
    if (h->m.comp_unit >= 0)
        so = ta = h->m.comp_unit;
    int designated = so >= 0 || ta >= 0;
    if (so < 0) {
        if (cc->index > 0) {
            int first = cc->lo + 1;
            while (first < v && (s->t[first].type == T_DETERM || (s->t[first].flags & TF_ELIM)))
                first++;
            int u = s->t[first].unit;
            so = unit_usable(s, u) && s->u[u].first == first ? u : -1;
            /* a clause with its own subject before the verb keeps it */
            if (so < 0 && s->opt->clause_subject)
                so = first_source_in(s, cc->lo, v - 1, ta);
            if (so < 0)
                so = cc->carried_src;
            if (so < 0)
                so = first_unit_in(s, cc->lo, v - 1, ta);
        } else {
            so = first_source_in(s, speech_start(s, cc->lo, v), v - 1, ta);
        }
        /* without DEFAULT ... PRIOR, a source is also looked for after the verb (8.5) */
        if (so < 0 && !s->opt->def_source_prior && !s->opt->no_source_after)
            so = first_unit_in(s, vlast + 1, cc->hi, ta);
    }
    /* "the Zapad manoeuvres scheduled for September": an event noun with no
     * source belongs to the pair the document is about */
    if (so < 0 && h->m.tgt_unit < 0 && s->opt->implicit_pair && h->verb->verb->nominal &&
        s->pair_unit >= 0) {
        so = ta = s->pair_unit; /* the pair acts with itself: "the signing" */
        designated = 1;
    }
    /* "Putin and Macron discussed the crisis over Ukraine": when a compound
     * consults (root 04), its members are each other's counterparts */
    if (ta < 0 && so >= 0 && s->u[so].compound && s->opt->self_pairs_both &&
        h->code.kind == C_EVENT && !strncmp(h->code.code, "04", 2) &&
        strcmp(h->code.code, "045") && !counterpart_follows(s, vlast + 1, cc->hi))
        ta = so;
    if (ta < 0) {
        ta = first_target_after(s, h, vlast + 1, cc->hi, so);
        if (ta < 0)
            ta = first_target_before(s, speech_start(s, cc->lo, v), v - 1, so);
        if (ta < 0 && so >= 0 && s->u[so].compound && compound_may_pair(s, &h->code))
            ta = so;
    }
    if (!designated && so >= 0 && ta >= 0 && is_passive(s, v, vlast)) {
        int t = so;
        so = ta;
        ta = t;
        explain(s, "  passive voice: source and target exchanged");
    } else if (!designated && s->opt->place_phrases && so >= 0 && reduced_passive(s, v, vlast)) {
        /* "a ship attacked by Somali pirates": the attacker follows BY; the
         * target is what stands right before the verb, if it is an actor */
        int by = first_unit_in(s, vlast + 2, cc->hi, -1);
        int before = v > 0 ? s->t[v - 1].unit : -1;
        so = by;
        ta = before >= 0 && unit_usable(s, before) && before != by ? before : -1;
        explain(s, "  reduced passive: the actor after BY is the source");
    }
    *src = so;
    *tgt = ta;
}

/* Consultations both sides take part in: talks, calls, meetings, negotiation
 * (CAMEO 040, 041, 044, 046); a visit (042/043) or mediation (045) has a direction. */
static int symmetric(const char *code)
{
    return !strcmp(code, "040") || !strcmp(code, "041") || !strcmp(code, "044") ||
           !strcmp(code, "046");
}

/* Emits the events of a verb hit between units src and tgt (-1: the default
 * codes dsrc / dtgt). code and modality, when not NULL, replace the hit's
 * own: a frame's event (frame.h) is coded by its family, and the act it
 * embeds keeps the modality the frame gives it. */
static int emit_pairs(dy_sentence *s, const verb_hit *h, int src, int tgt, const char *dsrc,
                      const char *dtgt, int clause, const char *code, const char *modality)
{
    dy_event_i e;
    memset(&e, 0, sizeof e);
    e.verb_tok = h->tok;
    e.clause = clause;
    e.pat = h->pat;
    e.verb = h->verb;
    e.subordinate = h->code.subordinate;
    e.dominant = h->code.dominant;
    e.framed = code != NULL;
    e.modality = modality ? modality : dy_modality(s, h->tok, src, h->pat);
    int ns = src >= 0 ? s->u[src].nm : 1, nt = tgt >= 0 ? s->u[tgt].nm : 1;
    /* a compound found as its own target (no '%'): each pair once */
    int same = src >= 0 && src == tgt && h->m.comp_unit < 0 && !s->opt->self_pairs_both;
    for (int i = 0; i < ns; i++) {
        for (int j = same ? i + 1 : 0; j < nt; j++) {
            e.src_m = src >= 0 ? s->u[src].m0 + i : -1;
            e.tgt_m = tgt >= 0 ? s->u[tgt].m0 + j : -1;
            e.src_code = src >= 0 ? s->m[e.src_m].code : dsrc;
            e.tgt_code = tgt >= 0 ? s->m[e.tgt_m].code : dtgt;
            if (!strcmp(e.src_code, e.tgt_code))
                continue;
            e.code = code ? code : h->code.code;
            if (add_event(s, &e))
                return -1;
            const char *reverse = code ? NULL
                                  : h->code.paired ? h->code.paired
                                  : s->opt->self_pairs_both && symmetric(e.code) ? e.code
                                                                                 : NULL;
            if (reverse) {
                dy_event_i r = e;
                r.src_m = e.tgt_m, r.tgt_m = e.src_m;
                r.src_code = e.tgt_code, r.tgt_code = e.src_code;
                r.code = reverse;
                if (add_event(s, &r))
                    return -1;
            }
        }
    }
    return 0;
}

/* A frame's events (frame.h): the intention, refusal, appeal or demand,
 * asserted, coded by the family of the act it embeds; and the act itself,
 * planned (an intention), negated (a refusal) or hypothetical (asked of the
 * addressee). Returns the number of events added, or -1. */
static int emit_framed(dy_sentence *s, const clause_ctx *cc, const verb_hit *h,
                       const dy_frame *f, int src, int tgt)
{
    const char *fc = dy_frame_code(f->kind, h->code.code);
    int before = s->nev;
    int addressing = f->kind == FR_APPEAL || f->kind == FR_DEMAND;
    int fsrc = addressing ? (f->source >= 0 ? f->source : src) : src;
    int ftgt = addressing ? f->addressee : tgt;
    /* a compound may be its own target ("Chile and Peru agreed to hold drills") */
    if (fc && fsrc >= 0 && ftgt >= 0 && (fsrc != ftgt || !addressing)) {
        const char *mod = dy_modality(s, f->cue, fsrc, NULL);
        explain(s, "  frame: %s of %s -> %s",
                f->kind == FR_INTENT ? "intention" : f->kind == FR_REFUSE ? "refusal"
                : f->kind == FR_APPEAL ? "appeal" : "demand", h->code.code, fc);
        if (emit_pairs(s, h, fsrc, ftgt, NULL, NULL, cc->index, fc, mod))
            return -1;
    }
    /* the embedded act: done by the addressee, or by the source later */
    int asrc = addressing ? f->addressee : src;
    if (asrc >= 0 && tgt >= 0 && (asrc != tgt || !addressing)) {
        const char *m = f->kind == FR_INTENT ? "planned"
                        : f->kind == FR_REFUSE ? "negated" : "hypothetical";
        if (emit_pairs(s, h, asrc, tgt, NULL, NULL, cc->index, NULL, m))
            return -1;
    }
    return s->nev - before;
}

/* "visited Mali together with Macron and Sanchez": the actors joined to the
 * source after the verb act with it. Returns their unit, or -1. */
static int co_actors(const dy_sentence *s, const clause_ctx *cc, int v)
{
    for (int i = s->t[v].ent_last + 1; i + 2 <= cc->hi; i++) {
        const dy_tok *a = &s->t[i], *b = &s->t[i + 1];
        if (a->flags & TF_ELIM)
            continue;
        int joined = ((dy_tok_is(a, "TOGETHER") || dy_tok_is(a, "ALONG")) && dy_tok_is(b, "WITH")) ||
                     ((dy_tok_is(a, "ACCOMPANIED") || dy_tok_is(a, "JOINED")) && dy_tok_is(b, "BY"));
        if (!joined)
            continue;
        int u = s->t[i + 2].unit;
        return unit_usable(s, u) && s->u[u].first == i + 2 ? u : -1;
    }
    return -1;
}

/* ", analysts said": a reporting verb whose subject, after the last comma, is
 * no actor reports nothing of the actors before it. */
static int unattributed_report(const dy_sentence *s, const clause_ctx *cc, const verb_hit *h)
{
    if (!s->opt->frames || !h->code.subordinate)
        return 0;
    for (int i = h->tok - 1; i >= cc->lo && i >= h->tok - 4; i--) {
        const dy_tok *t = &s->t[i];
        if (t->type == T_COMMA)
            return 1;
        if (t->unit >= 0 || t->type == T_PRONOUN || t->type == T_VERB)
            return 0;
    }
    return 0;
}

/* "X said that Y shelled Z": a reporting verb's own event (a subordinate
 * 01x) is a statement to someone it addresses ("told Y", "said to Y",
 * "warned Y"), not to whoever the report is about. */
static int addressed_report(const dy_sentence *s, const verb_hit *h, int tgt)
{
    if (!s->opt->frames || !h->code.subordinate || h->code.kind != C_EVENT ||
        strncmp(h->code.code, "01", 2) || tgt < 0 || h->m.tgt_unit >= 0)
        return 1;
    int k = s->t[h->tok].ent_last + 1;
    if (k < s->nt && (dy_tok_is(&s->t[k], "TO") || dy_tok_is(&s->t[k], "WITH")))
        k++;
    while (k < s->nt && s->t[k].type == T_DETERM)
        k++;
    return k < s->nt && s->t[k].unit == tgt;
}

/* Codes one verb; returns the number of events added (0 when none), -1 on
 * error. *src_out receives the source unit. */
static int code_one_verb(dy_sentence *s, const clause_ctx *cc, int v, int *src_out)
{
    verb_hit h;
    code_verb(s, cc, v, &h);
    /* "refused to hand over the sailors": a frame word with no pattern of
     * its own gives way to the act it heads, which is coded in its frame */
    int k;
    /* "held talks with", "launched an offensive": the event noun, not the
     * support verb, carries the event when the verb has no pattern for it */
    if (s->opt->light_verbs && !h.pat && h.code.kind != C_DISCARD &&
        h.code.kind != C_COMPLEX && dy_light_supports(s, v, cc->hi))
        return 0;
    /* an event noun under a reversing verb: "lifted the blockade" */
    int frame_at = v, rev = 0;
    if (s->opt->light_verbs && s->t[v].ent->verb->nominal == 2) {
        int sup = dy_light_support(s, v, &rev);
        if (sup >= 0)
            frame_at = sup;
        if (rev && h.code.kind == C_EVENT) {
            const char *rc = dy_light_reverse(h.code.code, rev);
            if (!rc) {
                explain(s, "  %s reversed: no CAMEO event", h.code.code);
                return 0;
            }
            explain(s, "  %s reversed by its verb -> %s", h.code.code, rc);
            h.code.code = rc;
            h.code.paired = NULL;
        }
    }
    if (s->opt->frames && !h.pat && h.code.kind != C_DISCARD && h.code.kind != C_COMPLEX &&
        dy_frame_heads(s, v, cc->lo, cc->hi, &k)) {
        int n = code_one_verb(s, cc, k, src_out);
        if (n != 0)
            return n;
    }
    if (h.code.kind == C_NULL || unattributed_report(s, cc, &h))
        return 0;
    if (h.code.kind == C_DISCARD) {
        s->status = S_DISCARD;
        s->why = "discard code in a verb pattern";
        return 0;
    }
    if (h.code.kind == C_COMPLEX) {
        s->status = S_COMPLEX;
        s->why = "complex code in a verb pattern";
        return 0;
    }
    int src, tgt;
    assign_actors(s, cc, &h, &src, &tgt);
    const dy_options *o = s->opt;
    if (!addressed_report(s, &h, tgt)) {
        explain(s, "  a report about its target, not addressed to it: no event");
        return 0;
    }
    /* "completing a US military withdrawal from Afghanistan", "the Russian
     * offensive": an actor right before the event noun is its source */
    if (o->light_verbs && s->t[v].ent->verb->nominal == 2 && h.m.src_unit < 0 &&
        h.m.comp_unit < 0) {
        int p = v - 1;
        while (p >= cc->lo && p >= v - 2 && s->t[p].unit < 0 &&
               (s->t[p].type == T_ADJ || s->t[p].type == T_NONE))
            p--;
        int u = p >= cc->lo ? s->t[p].unit : -1;
        if (u >= 0 && u != src && u != tgt && unit_usable(s, u) && s->u[u].last == p) {
            src = u;
            explain(s, "  the actor before the event noun is its source");
        } else if (frame_at != v) {
            /* "Biden announced that Israel and Hezbollah had accepted a
             * ceasefire": the support verb's own subject, nearest before it */
            for (int q = frame_at - 1; q >= cc->lo && q >= frame_at - 4; q--) {
                const dy_tok *t = &s->t[q];
                if (t->type == T_VERB || t->type == T_COMMA || dy_tok_is(t, "THAT"))
                    break;
                int w = t->unit;
                if (w >= 0 && unit_usable(s, w) && s->u[w].last == q) {
                    if (w != src) {
                        src = w;
                        if (tgt == w || (tgt >= 0 && s->u[tgt].first < s->u[w].first))
                            tgt = -1;
                        if (tgt < 0 && s->u[w].compound && compound_may_pair(s, &h.code))
                            tgt = w;
                        explain(s, "  the support verb's subject is the source");
                    }
                    break;
                }
            }
        }
    }
    dy_frame f;
    if (o->frames && h.code.kind == C_EVENT && dy_find_frame(s, frame_at, &f)) {
        int n = emit_framed(s, cc, &h, &f, src, tgt);
        if (n != 0) {
            *src_out = f.kind == FR_APPEAL || f.kind == FR_DEMAND ? f.source : src;
            return n;
        }
    }
    const char *dsrc = NULL, *dtgt = NULL;
    if (src < 0 && (dsrc = default_code(o->def_source)) == NULL) {
        explain(s, "  no source found");
        return 0;
    }
    /* FRAMES (dyad): martial law, a curfew, a state of emergency declared
     * with no one named are imposed on the source's own country */
    if (tgt < 0 && o->frames && h.code.kind == C_EVENT && !strncmp(h.code.code, "172", 3) &&
        src >= 0 && dy_is_country_code(unit_code(s, src))) {
        char *own = dy_arena_alloc(s->arena, 4);
        if (!own)
            return -1;
        memcpy(own, unit_code(s, src), 3);
        own[3] = '\0';
        dtgt = own;
    }
    if (tgt < 0 && !dtgt && (dtgt = default_code(o->def_target)) == NULL) {
        explain(s, "  no target found");
        return 0;
    }
    if (src >= 0 && o->def_source_prior && o->def_source && s->u[src].first > v) {
        src = -1;
        dsrc = o->def_source;
    }
    if (tgt >= 0 && o->def_target_after && o->def_target && s->u[tgt].first < v) {
        tgt = -1;
        dtgt = o->def_target;
    }
    int before = s->nev;
    if (emit_pairs(s, &h, src, tgt, dsrc, dtgt, cc->index, NULL, NULL))
        return -1;
    int with = o->clause_markers ? co_actors(s, cc, v) : -1;
    if (with >= 0 && with != tgt && with != src &&
        emit_pairs(s, &h, with, tgt, NULL, dtgt, cc->index, NULL, NULL))
        return -1;
    *src_out = src;
    return s->nev - before;
}

static int count_type(const dy_sentence *s, int type)
{
    int n = 0;
    for (int i = 0; i < s->nt; i++)
        if (s->t[i].type == type && !(s->t[i].flags & (TF_PART | TF_ELIM | TF_INCOMP)))
            n++;
    return n;
}

/* The first verb whose root has a code of its own (a null-coded root only
 * codes through its patterns, so it does not start the sentence's action). */
static int first_verb(const dy_sentence *s)
{
    for (int i = 0; i < s->nt; i++)
        if (s->t[i].type == T_VERB && !(s->t[i].flags & (TF_PART | TF_ELIM)) &&
            s->t[i].ent->verb->code.kind != C_NULL)
            return i;
    return -1;
}

static int check_complexity(dy_sentence *s)
{
    const dy_options *o = s->opt;
    int verbs = count_type(s, T_VERB);
    int fv = first_verb(s);
    const char *why = NULL;
    if (o->cx_verbs && verbs >= o->cx_verbs)
        why = "too many verbs";
    else if (o->cx_conj && count_type(s, T_CONJ) >= o->cx_conj)
        why = "too many conjunctions";
    else if (o->cx_pronouns && count_type(s, T_PRONOUN) >= o->cx_pronouns)
        why = "too many pronouns";
    else if (o->cx_actors && s->nu >= o->cx_actors)
        why = "too many actors";
    else if (o->cx_noverb && fv < 0)
        why = "no verb";
    else if (o->cx_lateverb && (fv < 0 || fv >= o->cx_lateverb))
        why = "no verb near the beginning";
    else if (o->cx_noactprior && fv >= 0 && first_unit_in(s, 0, fv - 1, -1) < 0)
        why = "no actor before the first verb";
    else if (o->cx_noactafter && fv >= 0 && first_unit_in(s, fv + 1, s->nt - 1, -1) < 0)
        why = "no actor after the first verb";
    if (why) {
        s->status = S_COMPLEX;
        s->why = why;
        return 1;
    }
    return 0;
}

static void apply_time_shift(dy_sentence *s)
{
    const dy_options *o = s->opt;
    int active = o->time_shift >= 0 ? o->time_shift : s->d->count[K_TIME] > 0;
    if (!active)
        return;
    for (int i = 0; i < s->nt; i++) {
        if (s->t[i].type != T_TIME || (s->t[i].flags & TF_PART))
            continue;
        const dy_entry *e = s->t[i].ent;
        clause_ctx cc = {.lo = 0, .hi = s->nt - 1};
        verb_hit h;
        code_verb(s, &cc, i, &h); /* time phrases are matched like verbs */
        if (h.code.kind == C_DISCARD) {
            s->status = S_DISCARD;
            s->why = "discard time phrase";
            return;
        }
        if (h.code.kind == C_COMPLEX) {
            s->status = S_COMPLEX;
            s->why = "complex time phrase";
            return;
        }
        if (h.code.kind != C_EVENT)
            continue;
        s->shift = h.pat ? atoi(h.pat->code.code) : e->shift;
        explain(s, "time phrase %s shifts the date by %d days", e->text, s->shift);
        return;
    }
}

/* Picks the events to keep according to CODE BY and subordinate/dominant codes. */
static void select_events(dy_sentence *s)
{
    int any_dominant = 0;
    for (int i = 0; i < s->nev; i++)
        any_dominant |= s->ev[i].dominant;
    int k = 0;
    for (int i = 0; i < s->nev; i++) {
        dy_event_i *e = &s->ev[i];
        if (any_dominant && !e->dominant)
            continue;
        if (e->subordinate) {
            int other = 0;
            for (int j = 0; j < s->nev; j++)
                if (!s->ev[j].subordinate &&
                    (s->opt->codeby != CODEBY_CLAUSE || s->ev[j].clause == e->clause))
                    other = 1;
            if (other)
                continue;
        }
        s->ev[k++] = *e;
    }
    s->nev = k;
}

#define ASIDE_CLAUSE 1000 /* clause numbers of coded asides start here */

static int is_relative(const dy_tok *t)
{
    return dy_tok_is(t, "WHO") || dy_tok_is(t, "WHICH") || dy_tok_is(t, "THAT") ||
           dy_tok_is(t, "WHOSE");
}

/* 1 when an event in ev[from..to) is material conflict (CAMEO 17-20). */
static int material_conflict(const dy_sentence *s, int from, int to)
{
    for (int e = from; e < to; e++) {
        const char *c = s->ev[e].code;
        if (c[0] == '2' || (c[0] == '1' && c[1] >= '7'))
            return 1;
    }
    return 0;
}

/* Codes the aside in tokens lo..hi (a comma at lo - 1 or none), with the
 * unit its relative pronoun refers to or the main clause's source. */
static int code_aside(dy_sentence *s, int comma, int lo, int hi, int carried, int index)
{
    int verb = -1, consequence = 0, before_aside = s->nev;
    for (int i = lo; i <= hi && verb < 0; i++)
        if (s->t[i].type == T_VERB && !(s->t[i].flags & TF_PART))
            verb = i;
    if (verb < 0)
        return 0;
    const dy_tok *f = &s->t[lo];
    int src = -1;
    if (is_relative(f)) {
        int u = comma > 0 ? s->t[comma - 1].unit : -1;
        if (u < 0 || !unit_usable(s, u) || s->u[u].last != comma - 1)
            return 0; /* "..., which was seen as ...": no actor to refer to */
        src = u;
    } else if (verb == lo && f->len > 4 && !memcmp(f->w + f->len - 3, "ING", 3)) {
        src = carried; /* "..., killing 20 people": the main clause's subject */
        consequence = 1;
    }
    for (int i = lo; i <= hi; i++) {
        s->t[i].flags &= (uint8_t)~TF_ELIM;
        s->t[i].clause = index;
    }
    explain(s, "aside: words %d-%d", lo, hi);
    clause_ctx cc = {.index = index, .carried_src = src, .lo = comma >= 0 ? comma : lo, .hi = hi};
    int rc = 0;
    for (int v = lo; v <= hi; v++) {
        const dy_tok *t = &s->t[v];
        if (t->type != T_VERB || (t->flags & TF_PART))
            continue;
        int vs = -1, before = s->nev;
        int n = code_one_verb(s, &cc, v, &vs);
        if (n < 0 || s->status == S_DISCARD || s->status == S_COMPLEX) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        if (n > 0 && !s->ev[before].subordinate)
            break;
    }
    for (int i = lo; i <= hi; i++)
        s->t[i].flags |= TF_ELIM; /* the main clause's reading stays as it was */
    /* "troops opened fire on the crowd, killing hundreds": the killing is
     * the attack's outcome, already coded, not an event of its own */
    if (consequence && material_conflict(s, 0, before_aside)) {
        int k = before_aside;
        for (int e = before_aside; e < s->nev; e++)
            if (!material_conflict(s, e, e + 1))
                s->ev[k++] = s->ev[e];
        s->nev = k;
    }
    return rc;
}

/* CLAUSE MARKERS: a comma-delimited aside set aside for the main clause
 * ("Britain, which broke off relations with Argentina on Friday, said ...",
 * "..., killing 20 people") is coded as a clause of its own. */
static int code_asides(dy_sentence *s, int carried)
{
    int index = ASIDE_CLAUSE;
    for (int a = 0; a < s->nt; a++) {
        if (!(s->t[a].flags & TF_ELIM))
            continue;
        int b = a;
        while (b + 1 < s->nt && (s->t[b + 1].flags & TF_ELIM))
            b++;
        int lo = a, hi = b;
        while (lo <= hi && s->t[lo].type == T_COMMA)
            lo++;
        while (hi >= lo && s->t[hi].type == T_COMMA)
            hi--;
        int comma = lo > a ? lo - 1 : (a > 0 && s->t[a - 1].type == T_COMMA ? a - 1 : -1);
        if (lo <= hi && code_aside(s, comma, lo, hi, carried, index++) < 0)
            return -1;
        if (s->status == S_DISCARD || s->status == S_COMPLEX)
            return 0;
        a = b;
    }
    return 0;
}

int dy_code_sentence(dy_sentence *s)
{
    s->status = S_NOEVENT;
    s->nev = s->nu = s->nm = 0;
    s->shift = 0;
    if (dy_tokenize(s) || dy_classify(s) || dy_build_units(s))
        return -1;
    if (s->status == S_DISCARD)
        return 0;
    dy_eliminate_commas(s);
    int nclauses = dy_mark_clauses(s);
    if (s->opt->min_words && s->nt < s->opt->min_words)
        return 0;
    if (s->status == S_COMPLEX || check_complexity(s)) {
        explain(s, "complex: %s", s->why);
        return 0;
    }
    apply_time_shift(s);
    if (s->status == S_DISCARD || s->status == S_COMPLEX)
        return 0;
    int carried = -1;
    for (int c = 0; c < nclauses; c++) {
        clause_ctx cc = {.index = c, .carried_src = carried, .lo = -1, .hi = -1};
        for (int i = 0; i < s->nt; i++)
            if (s->t[i].clause == c) {
                if (cc.lo < 0)
                    cc.lo = i;
                cc.hi = i;
            }
        if (cc.lo < 0)
            continue;
        explain(s, "clause %d: words %d-%d", c + 1, cc.lo, cc.hi);
        int coded = 0, subordinate_only = 1;
        for (int v = cc.lo; v <= cc.hi; v++) {
            dy_tok *t = &s->t[v];
            if (t->type != T_VERB || (t->flags & (TF_PART | TF_ELIM)))
                continue;
            int src = -1, before = s->nev;
            int n = code_one_verb(s, &cc, v, &src);
            if (n < 0)
                return -1;
            if (s->status == S_DISCARD || s->status == S_COMPLEX)
                return 0;
            if (n > 0) {
                int sub = s->ev[before].subordinate, dom = s->ev[before].dominant;
                if (!sub)
                    subordinate_only = 0;
                if (!coded)
                    carried = src >= 0 ? src : carried;
                coded = 1;
                if (s->opt->codeby == CODEBY_ALL || dom)
                    continue;
                if (!subordinate_only)
                    break;
            }
        }
        if (!coded && c == 0)
            carried = first_unit_in(s, cc.lo, cc.hi, -1);
        if (s->opt->codeby == CODEBY_SENTENCE && coded && !subordinate_only)
            break;
    }
    if (s->opt->clause_markers && s->opt->codeby != CODEBY_SENTENCE) {
        if (code_asides(s, carried))
            return -1;
        if (s->status == S_DISCARD || s->status == S_COMPLEX)
            return 0;
    }
    select_events(s);
    if (s->opt->codeby == CODEBY_SENTENCE && s->nev) {
        int first_verb_tok = s->ev[0].verb_tok, k = 0;
        for (int i = 0; i < s->nev; i++)
            if (s->ev[i].verb_tok == first_verb_tok)
                s->ev[k++] = s->ev[i];
        s->nev = k;
    }
    if (s->nev) {
        s->status = S_CODED;
        if (dy_annotate_events(s))
            return -1;
    }
    return 0;
}
