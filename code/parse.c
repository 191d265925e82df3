/* code/parse.c - TABARI's shallow parse (manual chapter 7): word types from
 * the dictionaries, noun shifting, actor units (actors with agents,
 * compounds, pronouns), comma-delimited clause elimination, clauses. */
#include <stdio.h>
#include <string.h>

#include "countries.h"
#include "light.h"
#include "sentence.h"

#define MAX_SKIP 6 /* words a disconnected dictionary phrase may skip */

static int is_barrier(const dy_tok *t)
{
    return t->type == T_COMMA || (t->type == T_NONE && (dy_tok_is(t, "AND") || dy_tok_is(t, "BUT")));
}

/* ---- dictionary phrases over tokens -------------------------------------- */

typedef struct phrase_hit {
    int last, span;
    int idx[64];
    int n;
} phrase_hit;

static int match_words(const dy_sentence *s, const dy_phrase *ph, int i, phrase_hit *h)
{
    h->n = 0;
    int pos = i;
    for (uint32_t k = 0; k < ph->n; k++) {
        const dy_elem *e = &ph->e[k];
        if (e->kind != E_WORD)
            return 0;
        if (k == 0) {
            /* regular endings only on the last word of a phrase (manual 5.2.3) */
            if (!dy_word_matches(e, s->t[i].w, s->t[i].len) ||
                (ph->n > 1 && (e->flags & F_EXACT) && s->t[i].len != e->len))
                return 0;
        } else {
            int adjacent = (ph->e[k - 1].flags & F_NEXT) != 0;
            int limit = adjacent ? pos + 1 : pos + 1 + MAX_SKIP;
            int found = -1;
            for (int j = pos + 1; j <= limit && j < s->nt; j++) {
                if (dy_word_matches(e, s->t[j].w, s->t[j].len) &&
                    (k + 1 == ph->n || !(e->flags & F_EXACT) || s->t[j].len == e->len)) {
                    found = j;
                    break;
                }
                if (is_barrier(&s->t[j]))
                    break;
            }
            if (found < 0)
                return 0;
            pos = found;
        }
        if (h->n < 64)
            h->idx[h->n++] = pos;
    }
    h->last = pos;
    h->span = pos - i;
    return 1;
}

typedef struct lookup_ctx {
    dy_sentence *s;
    dy_word_bits bits; /* phrases with a word no token begins with are not tried */
    int i;
    int lost;          /* an issue entry could not be noted (out of memory) */
    const dy_entry *best;
    phrase_hit hit, tmp;
} lookup_ctx;

static int better(const dy_entry *e, const phrase_hit *h, const dy_entry *b, const phrase_hit *bh)
{
    if (!b)
        return 1;
    if (h->n != bh->n)
        return h->n > bh->n;
    if (e->length != b->length)
        return e->length > b->length;
    if (h->span != bh->span)
        return h->span < bh->span;
    return e->seq < b->seq;
}

/* "US negotiators" vs "told us": a short all-letter actor or agent word
 * (US, WHO, UN, XI) does not match a word written all in lowercase. */
static int acronym_ok(const dy_sentence *s, const dy_entry *e, int i)
{
    if ((e->kind != K_ACTOR && e->kind != K_AGENT) || s->allcaps || e->ph.n != 1)
        return 1;
    const dy_elem *w = &e->ph.e[0];
    if (w->len > 3)
        return 1;
    for (uint16_t k = 0; k < w->len; k++)
        if (w->s[k] < 'A' || w->s[k] > 'Z')
            return 1;
    /* "told us", "who said": lowercase words are not names (but "Xi" is) */
    const char *x = s->text + s->t[i].start;
    for (uint16_t k = 0; k < w->len; k++)
        if (x[k] < 'a' || x[k] > 'z')
            return 1;
    return 0;
}

/* Keeps issue entry e offered for token c->i, for dy_find_issues. */
static void note_issue(lookup_ctx *c, const dy_entry *e)
{
    dy_sentence *s = c->s;
    dy_issue_cand *v = dy_arena_grow(s->arena, s->icand, s->nicand, &s->capicand, sizeof *v, 16);
    if (!v) {
        c->lost = 1;
        return;
    }
    s->icand = v;
    s->icand[s->nicand++] = (dy_issue_cand){c->i, e};
}

static int on_candidate(const dy_entry *e, void *ud)
{
    lookup_ctx *c = ud;
    if (e->kind == K_ISSUE || e->kind == K_PREP) {
        if (e->kind == K_ISSUE && e->issue)
            note_issue(c, e);
        return 0;
    }
    if (c->s->opt->acronyms_case && !acronym_ok(c->s, e, c->i))
        return 0;
    /* the first word matched the token (dy_dict_lookup), so its bit is set:
     * the filter's verdict rests on the other elements */
    const dy_phrase rest = {e->ph.e + 1, e->ph.n - 1, 0};
    if ((e->ph.n > 1 && !dy_phrase_may_match(c->s->d, &c->bits, &rest)) ||
        !match_words(c->s, &e->ph, c->i, &c->tmp))
        return 0;
    if (better(e, &c->tmp, c->best, &c->hit)) {
        c->best = e;
        c->hit = c->tmp;
    }
    return 0;
}

static void builtin_type(dy_tok *t)
{
    static const char *const determ[] = {"A", "AN", "THE"};
    static const char *const pron[] = {"HE", "SHE", "HIM", "HER", "IT", "ITS", "HIS",
                                       "THEY", "THEM", "THEIR"};
    static const char *const conj[] = {"AND", "BUT", "OR", "NOR"};
    static const char *const aux[] = {"WAS", "WERE", "BEEN"};
    if (t->len > 5) /* longer than every word below (most tokens) */
        return;
    for (size_t i = 0; i < 3; i++)
        if (dy_tok_is(t, determ[i]))
            t->type = T_DETERM;
    for (size_t i = 0; i < sizeof pron / sizeof *pron; i++)
        if (dy_tok_is(t, pron[i]))
            t->type = T_PRONOUN;
    for (size_t i = 0; i < 4; i++)
        if (dy_tok_is(t, conj[i]))
            t->type = T_CONJ;
    for (size_t i = 0; i < 3; i++)
        if (dy_tok_is(t, aux[i]))
            t->type = T_AUX;
    if (dy_tok_is(t, "BY"))
        t->type = T_BY;
}

const char *dy_resolve_actor(const dy_entry *e, long date, int *kind)
{
    for (uint32_t i = 0; i < e->ncodes; i++) {
        const dy_acode *c = &e->codes[i];
        if (date >= c->from && date <= c->to) {
            *kind = c->kind;
            return c->code;
        }
    }
    *kind = C_NULL;
    return NULL;
}

static void flag_sentence(dy_sentence *s, int status, const char *why)
{
    if (status == S_DISCARD || s->status != S_DISCARD) {
        if (s->status != S_DISCARD && (status == S_DISCARD || s->status != S_COMPLEX)) {
            s->status = status;
            s->why = why;
        }
    }
}

static int type_of_entry(dy_sentence *s, const dy_entry *e)
{
    int kind;
    switch (e->kind) {
    case K_ACTOR:
        dy_resolve_actor(e, s->date, &kind);
        if (kind == C_DISCARD)
            flag_sentence(s, S_DISCARD, "discard code on an actor");
        else if (kind == C_COMPLEX)
            flag_sentence(s, S_COMPLEX, "complex code on an actor");
        return kind == C_EVENT ? T_ACTOR : T_NOUN;
    case K_AGENT: return e->agent ? T_AGENT : T_NOUN;
    case K_VERB: /* discard and complex roots are checked after noun shifting */
        if (e->verb->code.kind == C_NULL && e->verb->npat == 0)
            return T_NULLVERB;
        return T_VERB;
    case K_NOUN: return T_NOUN;
    case K_ADJ: return T_ADJ;
    case K_TIME: return T_TIME;
    case K_ATTRIB: return T_ATTRIB;
    case K_DISCARD:
        flag_sentence(s, S_DISCARD, "discard phrase");
        return T_OTHERDICT;
    default: return T_OTHERDICT;
    }
}

int dy_classify(dy_sentence *s)
{
    lookup_ctx *c = dy_arena_alloc(s->arena, sizeof *c);
    if (!c)
        return -1;
    dy_word_bits_of(s, &c->bits);
    s->bits = &c->bits;
    s->nicand = 0;
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        t->ent_last = i;
        if ((t->flags & TF_PART) || t->type == T_COMMA || t->type == T_QUOTE)
            continue;
        c->s = s;
        c->i = i;
        c->best = NULL;
        c->lost = 0;
        /* on_candidate rejects a phrase with a word not in the sentence (and an
         * issue phrase with one cannot match either): those are not offered */
        dy_dict_lookup_in(s->d, t->w, t->len, c->bits.w, on_candidate, c);
        if (!c->lost)
            t->flags |= TF_LOOKED;
        if (!c->best) {
            if (t->type != T_NUMBER)
                builtin_type(t);
            continue;
        }
        t->ent = c->best;
        t->type = (uint8_t)type_of_entry(s, c->best);
        t->ent_last = c->hit.last;
        for (int k = 1; k < c->hit.n; k++) {
            dy_tok *p = &s->t[c->hit.idx[k]];
            p->flags |= TF_PART;
            p->type = t->type;
        }
    }
    /* verbs after a determiner or capitalised inside the sentence are nouns */
    int first_word = -1;
    for (int i = 0; i < s->nt; i++)
        if (s->t[i].type != T_QUOTE && first_word < 0)
            first_word = i;
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        if (t->type != T_VERB || (t->flags & TF_PART))
            continue;
        /* an event noun of the light-verb rule codes only under its support verb */
        int rev;
        if (t->ent->verb->nominal == 2 &&
            (!s->opt->light_verbs || dy_light_support(s, i, &rev) < 0)) {
            t->type = T_NOUN;
            t->flags |= TF_SHIFTED;
            continue;
        }
        int after_det = i > 0 && s->t[i - 1].type == T_DETERM && !t->ent->verb->nominal;
        int capital = i > first_word && (t->flags & TF_CAP) && !s->allcaps;
        if (after_det || capital) {
            t->type = T_NOUN;
            t->flags |= TF_SHIFTED;
            continue;
        }
        int k = t->ent->verb->code.kind;
        if (k == C_DISCARD)
            flag_sentence(s, S_DISCARD, "discard code on a verb");
        else if (k == C_COMPLEX)
            flag_sentence(s, S_COMPLEX, "complex code on a verb");
    }
    return 0;
}

/* ---- actor units ---------------------------------------------------------- */

static int new_member(dy_sentence *s, const char *code, int first, int last)
{
    return dy_new_member(s, code, code, first, last);
}

int dy_new_member(dy_sentence *s, const char *code, const char *base, int first, int last)
{
    dy_member *m = dy_arena_grow(s->arena, s->m, s->nm, &s->capm, sizeof *m, 32);
    if (!m)
        return -1;
    s->m = m;
    s->m[s->nm].code = code;
    s->m[s->nm].base = base;
    s->m[s->nm].first = first;
    s->m[s->nm].last = last;
    return s->nm++;
}

static int new_unit(dy_sentence *s, int first, int last, int m0, int nm)
{
    dy_unit *all = dy_arena_grow(s->arena, s->u, s->nu, &s->capu, sizeof *all, 16);
    if (!all)
        return -1;
    s->u = all;
    dy_unit *u = &s->u[s->nu];
    memset(u, 0, sizeof *u);
    u->first = first;
    u->last = last;
    u->m0 = m0;
    u->nm = nm;
    return s->nu++;
}

/* "RUS" + "GOV" -> "RUSGOV" unless GOV already sits on a 3-letter boundary. */
static const char *with_agent(dy_sentence *s, const char *actor, const dy_entry *agent)
{
    if (!agent || !agent->agent)
        return actor;
    const char *g = agent->agent;
    size_t al = strlen(actor), gl = strlen(g);
    /* a named group's code is already specific: "Hamas militants" stays Hamas */
    if (s->opt->agent_lists && al >= 9)
        return actor;
    for (size_t i = 0; i + gl <= al; i += 3)
        if (!memcmp(actor + i, g, gl))
            return actor;
    char *c = dy_arena_alloc(s->arena, al + gl + 1);
    if (!c)
        return actor;
    if (agent->agent_prefix) {
        memcpy(c, g, gl);
        memcpy(c + gl, actor, al + 1);
    } else {
        memcpy(c, actor, al);
        memcpy(c + al, g, gl + 1);
    }
    return c;
}

static int next_word(const dy_sentence *s, int i)
{
    for (i++; i < s->nt; i++)
        if (!(s->t[i].flags & TF_PART))
            return i;
    return s->nt;
}

static int is_prep(const dy_tok *t)
{
    return dy_tok_is(t, "OF") || dy_tok_is(t, "IN") || dy_tok_is(t, "FROM");
}

/* The agent attached to the actor at token a (whose match ends at al). */
static int find_agent(dy_sentence *s, int a, int al, int *first, int *last, int *used)
{
    int n = next_word(s, al);
    if (n < s->nt && s->t[n].type == T_AGENT && !used[n]) {
        *last = s->t[n].ent_last > *last ? s->t[n].ent_last : *last;
        return n;
    }
    /* "Brazilian federal police": one lowercase modifier between */
    if (s->opt->agent_lists && n < s->nt && s->t[n].type == T_NONE && !(s->t[n].flags & TF_CAP)) {
        int m = next_word(s, n);
        if (m < s->nt && s->t[m].type == T_AGENT && !used[m]) {
            *last = s->t[m].ent_last > *last ? s->t[m].ent_last : *last;
            return m;
        }
    }
    /* "Iraq's top Shiite cleric": after a possessive, up to two modifiers */
    const dy_tok *at = &s->t[al];
    if (s->opt->agent_lists && at->len > 2 && !memcmp(at->w + at->len - 2, "'S", 2)) {
        for (int k = 0; k < 2 && n < s->nt && s->t[n].type == T_NONE; k++) {
            n = next_word(s, n);
            if (n < s->nt && s->t[n].type == T_AGENT && !used[n]) {
                *last = s->t[n].ent_last > *last ? s->t[n].ent_last : *last;
                return n;
            }
        }
    }
    for (int p = a - 1; p >= 0; p--) {
        if (s->t[p].flags & TF_PART)
            continue;
        if (s->t[p].type == T_AGENT && !used[p] && s->t[p].ent_last == a - 1) {
            *first = p;
            return p;
        }
        break;
    }
    /* AGENT OF|IN [THE] ACTOR */
    int p = a - 1;
    if (p >= 0 && s->t[p].type == T_DETERM)
        p--;
    if (p >= 1 && is_prep(&s->t[p])) {
        for (int q = p - 1; q >= 0; q--) {
            if (s->t[q].flags & TF_PART)
                continue;
            if (s->t[q].type == T_AGENT && !used[q] && s->t[q].ent_last == p - 1) {
                *first = q;
                return q;
            }
            break;
        }
    }
    return -1;
}

static int add_actor_unit(dy_sentence *s, int a, int *used)
{
    int kind;
    const char *code = dy_resolve_actor(s->t[a].ent, s->date, &kind);
    int first = a, last = s->t[a].ent_last;
    int ag = find_agent(s, a, last, &first, &last, used);
    const dy_entry *agent = ag >= 0 ? s->t[ag].ent : NULL;
    if (ag >= 0) {
        used[ag] = 1;
        /* "the defence ministers and chiefs of staff of Russia": the agents
         * joined to this one belong to the same actor */
        for (int p = ag - 1; p >= 1 && s->t[p].type == T_CONJ; ) {
            int q = p - 1;
            while (q > 0 && (s->t[q].flags & TF_PART))
                q--;
            if (s->t[q].type != T_AGENT)
                break;
            used[q] = 1;
            p = q - 1;
        }
    }
    /* a former official is an elite */
    int former = (first > 0 && dy_tok_is(&s->t[first - 1], "FORMER")) ||
                 (ag > 0 && dy_tok_is(&s->t[ag - 1], "FORMER"));
    int m0 = s->nm;
    const char *p = code;
    while (p && *p) { /* coded compounds: "ELR/GAL" */
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char *one = dy_arena_strndup(s->arena, p, n);
        if (!one)
            return -1;
        const char *full = with_agent(s, one, agent);
        if (former && agent) { /* a former office holder is an elite (manual 5.4.1) */
            int has_eli = 0;
            for (size_t k = 3; k + 3 <= n; k += 3)
                has_eli |= !memcmp(one + k, "ELI", 3);
            char *e = dy_arena_alloc(s->arena, n + 4);
            if (!e)
                return -1;
            memcpy(e, one, n);
            memcpy(e + n, "ELI", 4);
            full = has_eli ? one : e;
        }
        if (dy_new_member(s, full, one, first, last) < 0)
            return -1;
        p = slash ? slash + 1 : p + n;
    }
    /* "Bree Prime Minister Romendacil": the second actor of the same state
     * is the same person */
    int n = next_word(s, last);
    if (ag >= 0 && ag > a && n < s->nt && s->t[n].type == T_ACTOR) {
        int k2;
        const char *c2 = dy_resolve_actor(s->t[n].ent, s->date, &k2);
        if (c2 && code && !strncmp(c2, code, 3)) {
            last = s->t[n].ent_last;
            used[n] = 2;
        }
    }
    int u = new_unit(s, first, last, m0, s->nm - m0);
    if (u < 0)
        return -1;
    s->u[u].agent = agent;
    s->u[u].agent_before = ag >= 0 && ag < a;
    for (int k = first; k <= last; k++)
        s->t[k].unit = u;
    return 0;
}

/* With LOCATE AGENTS, an agent stands for people only when used as a noun:
 * plural ("protesters"), or ending its phrase ("the police arrested"), not
 * as a modifier ("military cooperation", "police state"). */
static int agent_is_noun(const dy_sentence *s, int g)
{
    if (!s->opt->locate_agents)
        return 1;
    const dy_tok *t = &s->t[g];
    const dy_entry *e = t->ent;
    const dy_tok *last = &s->t[t->ent_last];
    const dy_elem *w = &e->ph.e[e->ph.n - 1];
    if (last->len > w->len && last->w[last->len - 1] == 'S')
        return 1;
    int n = next_word(s, t->ent_last);
    if (n >= s->nt)
        return 1;
    if (g > 0 && s->t[g - 1].type == T_NUMBER) /* "20 people" */
        return 1;
    if (g > 0 && s->t[g - 1].type == T_PRONOUN) /* "recalled its ambassador" */
        return 0;
    const dy_tok *nx = &s->t[n];
    if (dy_tok_is(nx, "IN") || dy_tok_is(nx, "AT") || dy_tok_is(nx, "NEAR") ||
        dy_tok_is(nx, "FROM"))
        return 1; /* "civilians in Gaza", "police in Tbilisi" */
    if (nx->type == T_NONE && (nx->flags & TF_CAP) && !s->allcaps)
        return 1; /* a title before a name: "opposition lawmaker Edgar Zambrano" */
    if (g > 0 && s->t[g - 1].type == T_VERB && !(s->t[g - 1].flags & TF_PART) &&
        (nx->type == T_VERB || nx->type == T_NONE))
        return 0; /* "threatened military strikes": the agent modifies the object */
    if (nx->type == T_VERB && nx->len > 3 && !memcmp(nx->w + nx->len - 3, "ING", 3))
        return 0; /* "intelligence-sharing pact" */
    int ty = nx->type;
    return ty == T_VERB || ty == T_AUX || ty == T_COMMA || ty == T_CONJ || ty == T_BY ||
           ty == T_NULLVERB;
}

static int add_agent_only_unit(dy_sentence *s, int g)
{
    const dy_entry *e = s->t[g].ent;
    /* an agent standing alone keeps its '~' (TABARI's CONVERT AGENTS output) */
    size_t n = strlen(e->agent);
    char *code = dy_arena_alloc(s->arena, n + 2);
    if (!code)
        return -1;
    if (e->agent_prefix) {
        memcpy(code, e->agent, n);
        memcpy(code + n, "~", 2);
    } else {
        code[0] = '~';
        memcpy(code + 1, e->agent, n + 1);
    }
    int m = new_member(s, code, g, s->t[g].ent_last);
    if (m < 0)
        return -1;
    int u = new_unit(s, g, s->t[g].ent_last, m, 1);
    if (u < 0)
        return -1;
    for (int k = g; k <= s->t[g].ent_last; k++)
        s->t[k].unit = u;
    return 0;
}

/* Skips determiners, adjectives and (up to two) unknown capitalised words
 * such as first names before the next actor of a compound. */
static int skip_modifiers(const dy_sentence *s, int j)
{
    int names = 0;
    while (j < s->nt) {
        const dy_tok *t = &s->t[j];
        if (t->type == T_DETERM || t->type == T_ADJ || (t->flags & TF_PART))
            j++;
        else if (t->type == T_NONE && (t->flags & TF_CAP) && !s->allcaps && names < 2)
            j++, names++;
        else
            break;
    }
    return j;
}

/* "in Moscow" before the verb names a place, not a participant (an option:
 * TABARI has no such rule). */
int dy_unit_is_place(const dy_sentence *s, int u)
{
    static const char *const preps[] = {"IN", "AT", "NEAR", "OUTSIDE", "INSIDE"};
    static const char *const mods[] = {"THE",      "CENTRAL",  "NORTHERN", "SOUTHERN",
                                       "EASTERN",  "WESTERN",  "NORTH",    "SOUTH",
                                       "EAST",     "WEST",     "DOWNTOWN", "SOUTHEASTERN",
                                       "NORTHEASTERN", "SOUTHWESTERN", "NORTHWESTERN"};
    int f = s->u[u].first;
    if (!s->opt->place_phrases || f == 0 || s->u[u].pronoun)
        return 0;
    int p = f - 1;
    /* "in central Seoul", "in the north of" */
    for (int k = 0; k < 2 && p > 0; k++) {
        int mod = 0;
        for (size_t i = 0; i < sizeof mods / sizeof *mods; i++)
            mod |= dy_tok_is(&s->t[p], mods[i]);
        if (!mod)
            break;
        p--;
    }
    for (size_t i = 0; i < sizeof preps / sizeof *preps; i++)
        if (dy_tok_is(&s->t[p], preps[i]))
            return 1;
    return 0;
}

/* An AND-like separator at token j ("and", "nor", "but also", "as well as");
 * returns the number of tokens it takes, 0 when there is none. */
static int and_separator(const dy_sentence *s, int j)
{
    const dy_tok *t = &s->t[j];
    if (t->type == T_CONJ && (dy_tok_is(t, "AND") || dy_tok_is(t, "NOR")))
        return 1;
    if (j + 1 < s->nt && dy_tok_is(t, "BUT") && dy_tok_is(&s->t[j + 1], "ALSO"))
        return 2;
    if (j + 2 < s->nt && dy_tok_is(t, "AS") && dy_tok_is(&s->t[j + 1], "WELL") &&
        dy_tok_is(&s->t[j + 2], "AS"))
        return 3;
    return 0;
}

static int chain_unit_at(const dy_sentence *s, int j)
{
    if (j >= s->nt || s->t[j].unit < 0)
        return -1;
    const dy_unit *u = &s->u[s->t[j].unit];
    return u->first == j && !u->pronoun && u->nm > 0 ? s->t[j].unit : -1;
}

/* "Brazil's Lula", "Russia's Lavrov": a state's possessive before one of its
 * own people is that person (an option: TABARI codes both). */
static void merge_possessives(dy_sentence *s)
{
    if (!s->opt->agent_lists)
        return;
    for (int i = 0; i + 1 < s->nt; i++) {
        int a = s->t[i].unit;
        if (a < 0 || s->u[a].last != i || s->u[a].nm != 1)
            continue;
        const dy_tok *t = &s->t[i];
        if (t->len < 3 || memcmp(t->w + t->len - 2, "'S", 2))
            continue;
        int b = s->t[i + 1].unit;
        if (b < 0 || b == a || s->u[b].first != i + 1 || s->u[b].nm != 1)
            continue;
        const char *ca = s->m[s->u[a].m0].code, *cb = s->m[s->u[b].m0].code;
        if (strlen(ca) != 3 || strncmp(ca, cb, 3))
            continue;
        s->u[b].first = s->u[a].first;
        s->m[s->u[b].m0].first = s->u[a].first;
        s->u[a].nm = 0; /* absorbed */
        for (int k = s->u[b].first; k <= s->u[b].last; k++)
            s->t[k].unit = b;
    }
}

/* The state code of the first member of a chain that names one, or NULL. */
static const char *chain_state(const dy_sentence *s, const int *chain, int nc)
{
    for (int k = 0; k < nc; k++) {
        const dy_unit *u = &s->u[chain[k]];
        for (int m = 0; m < u->nm; m++)
            if (dy_is_country_code(s->m[u->m0 + m].code))
                return s->m[u->m0 + m].code;
    }
    return NULL;
}

/* Copies the chain's members into one contiguous run for the compound. */
static int merge_chain(dy_sentence *s, const int *chain, int nc)
{
    int m0 = s->nm;
    for (int k = 0; k < nc; k++) {
        const dy_unit *u = &s->u[chain[k]];
        for (int m = 0; m < u->nm; m++) {
            dy_member mm = s->m[u->m0 + m];
            /* "the defence ministers of Russia and Belarus": the agent in
             * front of the list applies to every actor in it */
            const dy_unit *head = &s->u[chain[0]];
            const dy_unit *tail = &s->u[chain[nc - 1]];
            if (s->opt->agent_lists && k > 0 && !u->agent && head->agent &&
                head->agent_before && mm.base)
                mm.code = with_agent(s, mm.base, head->agent);
            /* "Chinese and Indian soldiers": the agent after the list too */
            else if (s->opt->agent_lists && k < nc - 1 && !u->agent && tail->agent &&
                     !tail->agent_before && mm.base)
                mm.code = with_agent(s, mm.base, tail->agent);
            /* "the Sri Lankan government and Tamil Tiger rebels": a lone agent in
             * a list with a state belongs to that state */
            if (mm.code[0] == '~' && s->opt->locate_agents) {
                const char *st = chain_state(s, chain, nc);
                char *c = st ? dy_arena_alloc(s->arena, strlen(mm.code) + 3) : NULL;
                if (c) {
                    memcpy(c, st, 3);
                    strcpy(c + 3, mm.code + 1);
                    mm.code = c;
                }
            }
            if (dy_new_member(s, mm.code, mm.base, mm.first, mm.last) < 0)
                return -1;
        }
    }
    dy_unit *a = &s->u[chain[0]];
    a->m0 = m0;
    a->nm = s->nm - m0;
    a->last = s->u[chain[nc - 1]].last;
    a->compound = 1;
    for (int k = a->first; k <= a->last; k++)
        s->t[k].unit = chain[0];
    for (int k = 1; k < nc; k++)
        s->u[chain[k]].nm = 0; /* absorbed */
    return 0;
}

/* Merges "A, B and C" (A, B, C actor units) into one compound unit. */
static int find_compounds(dy_sentence *s)
{
    for (int i = 0; i < s->nt; i++) {
        int u0 = chain_unit_at(s, i);
        if (u0 < 0)
            continue;
        /* "in Moscow, Putin and Lukashenka": a place is not the list's head */
        int after = s->u[u0].last + 1;
        if (dy_unit_is_place(s, u0) && after < s->nt && s->t[after].type == T_COMMA)
            continue;
        int chain[64], nc = 1, seps[64], ns = 0, saw_and = 0;
        chain[0] = u0;
        int j = s->u[u0].last + 1;
        while (j < s->nt && nc < 64 && ns < 60 && !saw_and) {
            int start = j, width = and_separator(s, j);
            if (s->t[j].type == T_COMMA) {
                j++;
                if (j < s->nt && (width = and_separator(s, j)) > 0)
                    j += width;
            } else if (width > 0) {
                j += width;
            } else {
                break;
            }
            j = skip_modifiers(s, j);
            int u = chain_unit_at(s, j);
            if (u < 0)
                break;
            for (int k = start; k < j; k++)
                if (s->t[k].type == T_COMMA || s->t[k].type == T_CONJ)
                    seps[ns++] = k;
            chain[nc++] = u;
            j = s->u[u].last + 1;
            saw_and = width > 0;
        }
        if (!saw_and || nc < 2)
            continue;
        if (merge_chain(s, chain, nc))
            return -1;
        for (int k = 0; k < ns; k++)
            s->t[seps[k]].flags |= TF_INCOMP;
        i = s->u[u0].last;
    }
    return 0;
}

static int first_unit(const dy_sentence *s, int before, int want_compound)
{
    for (int i = 0; i < s->nt && i < before; i++) {
        int u = s->t[i].unit;
        if (u >= 0 && !s->u[u].pronoun && s->u[u].nm > 0 && s->u[u].first == i &&
            (!want_compound || s->u[u].compound))
            return u;
    }
    return -1;
}

/* "both countries", "the two leaders": the document's last compound. */
static int group_reference(const dy_sentence *s, int i)
{
    static const char *const nouns[] = {"COUNTRIES", "SIDES", "LEADERS", "PRESIDENTS",
                                        "GOVERNMENTS", "STATES", "NATIONS", "ALLIES",
                                        "NEIGHBOURS", "NEIGHBORS", "CAPITALS", "PARTIES"};
    int n = -1;
    if (dy_tok_is(&s->t[i], "BOTH") && i + 1 < s->nt)
        n = i + 1;
    else if (dy_tok_is(&s->t[i], "TWO") && i > 0 && s->t[i - 1].type == T_DETERM && i + 1 < s->nt)
        n = i + 1;
    /* "the two leaders": LEADERS alone is an agent, which the pair replaces */
    int u = n >= 0 ? s->t[n].unit : -1;
    if (n < 0 || (u >= 0 && !(s->u[u].nm == 1 && s->m[s->u[u].m0].code[0] == '~')))
        return -1;
    for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++)
        if (dy_tok_is(&s->t[n], nouns[k]))
            return n;
    return -1;
}

static int resolve_group_references(dy_sentence *s)
{
    /* the pair named last, else the pair the document is about */
    int recent = s->nlast_pair >= 2;
    int np = recent ? s->nlast_pair : s->npair;
    if (np < 2)
        return 0;
    for (int i = 0; i < s->nt; i++) {
        int last = group_reference(s, i);
        if (last < 0 || s->t[i].unit >= 0)
            continue;
        int m0 = s->nm;
        for (int k = 0; k < np; k++) {
            const char *c = dy_arena_strdup(s->arena, recent ? s->last_pair[k] : s->pair[k]);
            if (!c || dy_new_member(s, c, c, i, last) < 0)
                return -1;
        }
        int u = new_unit(s, i, last, m0, s->nm - m0);
        if (u < 0)
            return -1;
        s->u[u].compound = 1;
        for (int k = i; k <= last; k++)
            s->t[k].unit = u;
    }
    return 0;
}

/* The document's pair as a unit of its own (no words), for implicit actors. */
static int make_pair_unit(dy_sentence *s)
{
    s->pair_unit = -1;
    if (!s->opt->implicit_pair || s->npair < 2)
        return 0;
    int m0 = s->nm;
    for (int k = 0; k < s->npair; k++) {
        const char *c = dy_arena_strdup(s->arena, s->pair[k]);
        if (!c || dy_new_member(s, c, c, -1, -1) < 0)
            return -1;
    }
    int u = new_unit(s, -1, -1, m0, s->nm - m0);
    if (u < 0)
        return -1;
    s->u[u].compound = 1;
    s->u[u].pronoun = 1; /* not found at any word */
    s->pair_unit = u;
    return 0;
}

static void remember_compound(dy_sentence *s)
{
    for (int u = 0; u < s->nu; u++) {
        const dy_unit *x = &s->u[u];
        if (!x->compound || x->pronoun || x->nm < 2 || x->nm > 4 || x->first < 0)
            continue;
        for (int k = 0; k < x->nm; k++) {
            const char *b = s->m[x->m0 + k].base ? s->m[x->m0 + k].base : s->m[x->m0 + k].code;
            snprintf(s->pair[k], sizeof s->pair[k], "%s", b);
        }
        s->npair = x->nm;
        s->pair_found = 1;
        return;
    }
}

/* A pronoun opening a sentence, before any actor, refers to the first
 * actor of the previous sentence (FORWARD, manual 8.4). */
static int forward_pronoun(dy_sentence *s)
{
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        if (t->unit >= 0)
            return 0;
        if (t->type != T_PRONOUN)
            continue;
        /* "they" goes to the document's pair when there is one */
        if (s->pair_unit >= 0 &&
            (dy_tok_is(t, "THEY") || dy_tok_is(t, "THEM") || dy_tok_is(t, "THEIR")))
            return 0;
        int m = dy_new_member(s, s->forward, s->forward, i, i);
        if (m < 0)
            return -1;
        int u = new_unit(s, i, i, m, 1);
        if (u < 0)
            return -1;
        s->u[u].pronoun = 1;
        t->unit = u;
        return 0;
    }
    return 0;
}

static int first_unit_after(const dy_sentence *s, int after)
{
    for (int i = after + 1; i < s->nt; i++) {
        int u = s->t[i].unit;
        if (u >= 0 && !s->u[u].pronoun && s->u[u].nm > 0 && s->u[u].first == i)
            return u;
    }
    return -1;
}

static int resolve_pronouns(dy_sentence *s)
{
    if (s->forward && forward_pronoun(s))
        return -1;
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        if (t->type != T_PRONOUN || t->unit >= 0)
            continue;
        int ref;
        if (dy_tok_is(t, "ITS") || dy_tok_is(t, "HIS") || dy_tok_is(t, "HER"))
            ref = first_unit(s, i, 0);
        else if (dy_tok_is(t, "THEY") || dy_tok_is(t, "THEM") || dy_tok_is(t, "THEIR")) {
            ref = first_unit(s, s->nt, 1);
            if (ref < 0 && s->pair_unit >= 0) /* "they": the pair the text is about */
                ref = s->pair_unit;
            if (ref < 0)
                ref = first_unit(s, s->nt, 0);
        } else
            ref = first_unit(s, s->nt, 0);
        if (ref < 0 || s->u[ref].first == i)
            continue;
        dy_unit r = s->u[ref];
        int u = new_unit(s, i, i, r.m0, r.nm);
        if (u < 0)
            return -1;
        s->u[u].pronoun = 1;
        s->u[u].compound = r.compound;
        t->unit = u;
    }
    return 0;
}

/* "Iran-backed", "U.S.-brokered", "Pakistan-administered", "EU-member": the
 * participle or noun joined to an actor by a hyphen makes the actor part of a
 * modifier. */
static int modifier_word(const dy_tok *t)
{
    static const char *const words[] = {
        "BACKED", "LED", "BROKERED", "SPONSORED", "SUPPORTED", "ALLIED", "FRIENDLY", "BASED",
        "OWNED", "CONTROLLED", "MEDIATED", "DRAFTED", "ARMED", "TRAINED", "FUNDED",
        "INSPIRED", "ALIGNED", "ADMINISTERED", "HELD", "OCCUPIED", "ANNEXED", "MADE", "BUILT",
        "SUPPLIED", "DESIGNED", "STYLE", "MEMBER", "LINKED", "AFFILIATED", "RUN", "APPOINTED",
        "INSTALLED", "IMPOSED", "ORGANISED", "ORGANIZED", "HOSTED", "CHAIRED", "LEANING",
        "BORN", "BOUND", "CENTRED", "CENTERED", "DOMINATED", "DECLARED", "PROTECTED",
        "RECOGNISED", "RECOGNIZED", "MANDATED", "SANCTIONED", "APPROVED", "ENFORCED",
        "MONITORED", "PATROLLED", "ENDORSED", "FINANCED", "EQUIPPED", NULL};
    for (const char *const *w = words; *w; w++)
        if (dy_tok_is(t, *w))
            return 1;
    return 0;
}

static int hyphen_between(const dy_sentence *s, int a, int b)
{
    return b < s->nt && s->t[a].end + 1 == s->t[b].start && s->text[s->t[a].end] == '-';
}

/* MODIFIER ACTORS: an actor inside a modifier ("Iran-backed Houthi rebels",
 * "pro-Western Georgia", "anti-American protests") names no source or target
 * by itself: its words become an adjective. */
static void demote_modifier_actors(dy_sentence *s)
{
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        if (t->type != T_ACTOR || (t->flags & TF_PART))
            continue;
        int last = t->ent_last, before = i - 1;
        int suffix = hyphen_between(s, last, last + 1) && modifier_word(&s->t[last + 1]);
        int prefix = before >= 0 && hyphen_between(s, before, i) &&
                     (dy_tok_is(&s->t[before], "PRO") || dy_tok_is(&s->t[before], "ANTI") ||
                      dy_tok_is(&s->t[before], "NON"));
        if (!suffix && !prefix)
            continue;
        for (int k = i; k <= last; k++)
            s->t[k].type = T_ADJ;
        if (suffix)
            s->t[last + 1].type = T_ADJ;
    }
}

int dy_build_units(dy_sentence *s)
{
    int *used = dy_arena_calloc(s->arena, (size_t)s->nt + 1, sizeof *used);
    if (!used)
        return -1;
    if (s->opt->modifier_actors)
        demote_modifier_actors(s);
    for (int i = 0; i < s->nt; i++) {
        if (s->t[i].type != T_ACTOR || (s->t[i].flags & TF_PART) || used[i] == 2)
            continue;
        if (add_actor_unit(s, i, used))
            return -1;
    }
    if (s->opt->convert_agents)
        for (int i = 0; i < s->nt; i++)
            if (s->t[i].type == T_AGENT && !used[i] && !(s->t[i].flags & TF_PART) &&
                s->t[i].unit < 0 && agent_is_noun(s, i) && add_agent_only_unit(s, i))
                return -1;
    merge_possessives(s);
    if (find_compounds(s))
        return -1;
    if (s->opt->forward && resolve_group_references(s))
        return -1;
    if (make_pair_unit(s))
        return -1;
    int u = first_unit(s, s->nt, 0);
    while (u >= 0 && dy_unit_is_place(s, u)) /* "In Moscow, he ..." names no one */
        u = first_unit_after(s, s->u[u].last);
    s->first_actor = u >= 0 ? s->m[s->u[u].m0].base : NULL;
    if (resolve_pronouns(s))
        return -1;
    remember_compound(s);
    return 0;
}

/* ---- comma-delimited clauses (manual 7.8, 8.6) --------------------------- */

static void eliminate(dy_sentence *s, int from, int to)
{
    for (int k = from; k <= to && k < s->nt; k++)
        s->t[k].flags |= TF_ELIM;
}

static int verb_before(const dy_sentence *s, int end)
{
    for (int i = 0; i < end; i++)
        if (s->t[i].type == T_VERB && !(s->t[i].flags & (TF_PART | TF_ELIM)))
            return 1;
    return 0;
}

static int verb_outside(const dy_sentence *s, int from, int to)
{
    for (int i = 0; i < s->nt; i++)
        if ((i < from || i > to) && s->t[i].type == T_VERB &&
            !(s->t[i].flags & (TF_PART | TF_ELIM)))
            return 1;
    return 0;
}

void dy_eliminate_commas(dy_sentence *s)
{
    const dy_options *o = s->opt;
    if (!o->comma_on)
        return;
    int prev = -1;        /* previous comma */
    int prev_closed = 0;  /* it closed an eliminated clause */
    for (int i = 0; i <= s->nt; i++) {
        int at_end = i == s->nt;
        if (!at_end && (s->t[i].type != T_COMMA || (s->t[i].flags & TF_INCOMP)))
            continue;
        int words = i - prev - 1, closed = 0;
        /* ", and saying that ..." is a coordinated clause, not an aside */
        int coordinated = s->opt->comma_keep_conj && prev >= 0 && prev + 1 < s->nt &&
                          s->t[prev + 1].type == T_CONJ;
        if (coordinated) {
            prev = i;
            prev_closed = 0;
            continue;
        }
        if (prev < 0) {
            if (!at_end && words > o->comma_bmin && words <= o->comma_bmax)
                eliminate(s, 0, i);
        } else if (at_end) {
            /* the comma that closed a dropped clause does not open a final one;
             * "Later, Norland accused Westmark": no verb before the comma, so the
             * final clause is the sentence itself */
            if (!prev_closed && words > o->comma_emin && words <= o->comma_emax &&
                (verb_before(s, prev) || !s->opt->comma_keep_conj))
                eliminate(s, prev, i - 1);
        } else if (words > o->comma_min && words <= o->comma_max &&
                   (!o->comma_keep_conj || verb_outside(s, prev, i))) {
            /* (dyad: ", Putin arrived in Beijing for a visit," holds the only
             * verb, so it is the main clause, not an aside) */
            eliminate(s, prev, i); /* both commas: the text around them joins */
            closed = 1;
        }
        prev = i;
        prev_closed = closed;
    }
}

/* ---- clauses (manual 7.6) ------------------------------------------------- */

static void mark_noun_compounds(dy_sentence *s)
{
    for (int i = 1; i + 1 < s->nt; i++) {
        dy_tok *c = &s->t[i];
        if (c->type != T_CONJ)
            continue;
        int p = i - 1;
        while (p > 0 && (s->t[p].flags & TF_PART))
            p--;
        int n = i + 1;
        int adj_prev = s->t[p].type == T_ADJ;
        if (adj_prev && s->t[n].type == T_ADJ) {
            c->flags |= TF_INCOMP;
            continue;
        }
        /* "defence ministers and chiefs of staff": agents join like nouns */
        if (s->t[p].type == T_AGENT && s->opt->agent_lists) {
            if (s->t[n].type == T_AGENT)
                c->flags |= TF_INCOMP;
            continue;
        }
        if (s->t[p].type != T_NOUN)
            continue;
        while (n < s->nt && s->t[n].type == T_ADJ)
            n++;
        if (n < s->nt && s->t[n].type == T_NOUN)
            c->flags |= TF_INCOMP;
    }
}

/* Words that open a subordinate or relative clause: "... after B did C",
 * "... at a conference that provides for ...". */
static int opens_clause_word(const dy_tok *t)
{
    static const char *const words[] = {"AFTER", "BEFORE", "WHILE", "BECAUSE", "SINCE",
                                        "ALTHOUGH", "THOUGH", "WHEREAS", "UNLESS", "UNTIL",
                                        "WHEN", "WHO", "WHICH", "WHOSE", "WHOM", "WHERE",
                                        "THAT", NULL};
    if (t->type != T_NONE || (t->flags & (TF_PART | TF_ELIM)) || t->len < 3 || t->len > 8 ||
        !strchr("ABSTUW", t->w[0])) /* the words' lengths and first letters */
        return 0;
    for (const char *const *w = words; *w; w++)
        if (dy_tok_is(t, *w))
            return 1;
    return 0;
}

/* CLAUSE MARKERS: such a word starts a clause when a verb of its own follows
 * before the next comma or conjunction ("after talks mediated by C": C is
 * no target of the main verb; "before dawn" opens nothing). THAT after a
 * reporting verb is left to REPORTED SPEECH. */
static int opens_clause(const dy_sentence *s, int i)
{
    if (!s->opt->clause_markers || !opens_clause_word(&s->t[i]))
        return 0;
    if (dy_tok_is(&s->t[i], "THAT") && i > 0 &&
        (s->t[i - 1].type == T_VERB || s->t[i - 1].type == T_ATTRIB ||
         s->t[i - 1].type == T_NONE))
        return 0;
    for (int k = i + 1; k < s->nt; k++) {
        const dy_tok *t = &s->t[k];
        if (t->type == T_COMMA || t->type == T_CONJ)
            return 0;
        if (t->type == T_VERB && !(t->flags & (TF_PART | TF_ELIM)))
            return 1;
    }
    return 0;
}

/* CLAUSE MARKERS: "drones and missiles at U.S. warships", "sent food and
 * medicine to Y": AND or OR with no verb after it before the next comma or
 * conjunction joins nouns, not clauses. */
static int joins_nouns(const dy_sentence *s, int i)
{
    if (!s->opt->clause_markers || dy_tok_is(&s->t[i], "BUT"))
        return 0;
    for (int k = i + 1; k < s->nt; k++) {
        const dy_tok *t = &s->t[k];
        if (t->type == T_COMMA || (t->type == T_CONJ && !(t->flags & TF_INCOMP)))
            return 1;
        if ((t->type == T_VERB || t->type == T_AUX) && !(t->flags & TF_PART))
            return 0;
    }
    return 1;
}

int dy_mark_clauses(dy_sentence *s)
{
    mark_noun_compounds(s);
    int clause = 0;
    for (int i = 0; i < s->nt; i++) {
        dy_tok *t = &s->t[i];
        if ((t->type == T_CONJ && !(t->flags & (TF_INCOMP | TF_ELIM | TF_PART)) &&
             !joins_nouns(s, i)) ||
            (i > 0 && opens_clause(s, i)))
            clause++;
        t->clause = clause;
    }
    return clause + 1;
}

/* ---- issues (manual 9.2) ------------------------------------------------- */

typedef struct issue_ctx {
    dy_sentence *s;
    int i;
    dy_buf *out;
    phrase_hit hit;
} issue_ctx;

static int on_issue(const dy_entry *e, void *ud)
{
    issue_ctx *c = ud;
    if (e->kind != K_ISSUE || !e->issue || !match_words(c->s, &e->ph, c->i, &c->hit))
        return 0;
    const char *have = dy_buf_str(c->out);
    size_t n = strlen(e->issue);
    for (const char *p = strstr(have, e->issue); p; p = strstr(p + 1, e->issue))
        if ((p == have || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 0; /* already listed */
    if (c->out->len)
        dy_buf_putc(c->out, ' ');
    dy_buf_puts(c->out, e->issue);
    return 0;
}

const char *dy_find_issues(dy_sentence *s)
{
    if (!s->d->count[K_ISSUE])
        return "";
    dy_buf out = DY_BUF_INIT;
    issue_ctx *c = dy_arena_alloc(s->arena, sizeof *c);
    if (!c)
        return "";
    c->s = s;
    c->out = &out;
    for (int i = 0, r = 0; i < s->nt; i++) {
        c->i = i;
        if (!(s->t[i].flags & TF_LOOKED)) {
            /* on_issue needs every word of a phrase in the sentence, so the
             * sentence's word bits leave out nothing it would take */
            dy_dict_lookup_in(s->d, s->t[i].w, s->t[i].len, s->bits ? s->bits->w : NULL,
                              on_issue, c);
            continue;
        }
        /* the same entries in the same order as a lookup would offer them
         * (on_issue ignores all others) */
        for (; r < s->nicand && s->icand[r].tok <= i; r++)
            if (s->icand[r].tok == i)
                on_issue(s->icand[r].e, c);
    }
    const char *r = out.len ? dy_arena_strndup(s->arena, out.p, out.len) : "";
    dy_buf_free(&out);
    return r ? r : "";
}
