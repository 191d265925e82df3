/* code/annotate.c - what an event gets besides its actors and code: who
 * said it (attribution), its date, its place and the sentence's issues. */
#include <stddef.h>
#include <string.h>

#include "sentence.h"
#include "countries.h"
#include "geo/geo.h"
#include "time/mention.h"


/* Reporting verbs that make an event reported speech. */
static int is_say_word(const dy_tok *t)
{
    static const char *const says[] = {"SAID", "SAYS", "SAY", "TOLD", "STATED", "ANNOUNCED",
                                       "DECLARED", "REPORTED", "CLAIMED", "INSISTED", "ADDED",
                                       "NOTED", "WROTE", "ASSERTED", "ALLEGED", "CONFIRMED"};
    if (t->type == T_ATTRIB)
        return 1;
    for (size_t i = 0; i < sizeof says / sizeof *says; i++)
        if (dy_tok_is(t, says[i]))
            return 1;
    return 0;
}

static int unit_at(const dy_sentence *s, int i)
{
    int u = s->t[i].unit;
    return u >= 0 && s->u[u].nm > 0 ? u : -1;
}

/* The speaker of the reporting word at token i: "X said", "said X",
 * "according to X". Returns a member index or -1. */
static int speaker(const dy_sentence *s, int i)
{
    if (dy_tok_is(&s->t[i], "ACCORDING")) {
        for (int k = i + 1; k < s->nt && k <= i + 4; k++)
            if (unit_at(s, k) >= 0)
                return s->u[unit_at(s, k)].m0;
        return -1;
    }
    for (int k = i - 1; k >= 0 && k >= i - 6; k--) {
        if (s->t[k].type == T_VERB && !(s->t[k].flags & TF_PART))
            break;
        if (unit_at(s, k) >= 0)
            return s->u[unit_at(s, k)].m0;
    }
    for (int k = i + 1; k < s->nt && k <= i + 3; k++)
        if (unit_at(s, k) >= 0)
            return s->u[unit_at(s, k)].m0;
    return -1;
}

static void attribute(dy_sentence *s)
{
    for (int i = 0; i < s->nt; i++) {
        if (!is_say_word(&s->t[i]))
            continue;
        int m = speaker(s, i);
        if (m < 0)
            continue;
        for (int e = 0; e < s->nev; e++)
            if (s->ev[e].verb_tok != i && s->ev[e].attr_m < 0)
                s->ev[e].attr_m = m;
        return;
    }
}

static int token_at(const dy_sentence *s, size_t byte)
{
    for (int i = 0; i < s->nt; i++)
        if ((size_t)s->t[i].end > byte)
            return i;
    return s->nt - 1;
}

static const char *precision(dy_gran g)
{
    static const char *const names[] = {"day", "week", "month", "season", "year"};
    return g >= DY_GRAN_DAY && g <= DY_GRAN_YEAR ? names[g] : "day";
}

/* Future cues anywhere in the verb's clause: "the signing ... in the
 * autumn will mean", "talks are scheduled for March". */
static int clause_is_future(const dy_sentence *s, int v)
{
    static const char *const before[] = {"WILL", "SHALL", "SCHEDULED", "PLANNED", "PLANS",
                                         "PLAN", "EXPECTED", "DUE", "UPCOMING", "NEXT"};
    static const char *const after[] = {"WILL", "SHALL", "SCHEDULED", "PLANNED", "DUE"};
    for (int i = 0; i < s->nt; i++) {
        if (s->t[i].clause != s->t[v].clause || (s->t[i].flags & TF_ELIM) || i == v)
            continue;
        if (s->t[i].type == T_VERB && i > v)
            break; /* cues of a later verb are its own */
        const char *const *cues = i < v ? before : after;
        size_t n = i < v ? sizeof before / sizeof *before : sizeof after / sizeof *after;
        for (size_t k = 0; k < n; k++)
            if (dy_tok_is(&s->t[i], cues[k]))
                return 1;
    }
    return 0;
}

/* The mention nearest token v in its clause; a sole mention serves every
 * clause, unless later_clauses_own is set: then not a clause before its own
 * ("X imposed sanctions, while the war in Gaza divided the Council" did not
 * happen in Gaza, though "X met Y, and they agreed on Monday" was on
 * Monday). Mentions are structs whose first member is the byte start;
 * stride is their size. */
_Static_assert(offsetof(dy_date_mention, start) == 0, "start leads dy_date_mention");
_Static_assert(offsetof(dy_place_mention, start) == 0, "start leads dy_place_mention");

static int nearest_mention(const dy_sentence *s, const void *mentions, size_t stride, int n,
                           int v, int later_clauses_own)
{
    int best = -1, bestd = 1 << 30;
    for (int k = 0; k < n; k++) {
        const size_t *start = (const size_t *)((const char *)mentions + (size_t)k * stride);
        int t = token_at(s, *start);
        if (t < 0)
            continue;
        int tc = s->t[t].clause, vc = s->t[v].clause;
        if (tc != vc && (n > 1 || (later_clauses_own && tc > vc)))
            continue;
        /* ", while the war in Gaza divided ...": an aside dropped from coding */
        if (later_clauses_own && (s->t[t].flags & TF_ELIM) && t > v)
            continue;
        int d = t > v ? t - v : v - t;
        if (d < bestd)
            best = k, bestd = d;
    }
    return best;
}

/* Each event takes the date stated nearest to its verb in its clause; a
 * sentence with a single date gives it to all its events. Relative dates
 * ("in February", "on Thursday") look back unless the event is planned. */
/* Without a document date only dates that need none count ("on 3 March
 * 2022", "in 2014"); they are read against any valid date and kept when
 * nothing of it was used. */
static int absolute_only(dy_date_mention *m, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!m[i].relative)
            m[k++] = m[i];
    return k;
}

static void date_events(dy_sentence *s)
{
    dy_date_mention past[16], future[16];
    dy_date doc = s->date_known ? dy_date_from_days(s->date) : (dy_date){2000, 1, 1};
    int np = dy_find_dates_ex(s->text, s->len, doc, DY_TENSE_PAST, past, 16);
    if (!s->date_known)
        np = absolute_only(past, np);
    if (np <= 0)
        return;
    int nf = -1; /* future readings, found the first time an event needs them */
    for (int e = 0; e < s->nev; e++) {
        dy_event_i *ev = &s->ev[e];
        int fut = !strcmp(ev->modality, "planned") || clause_is_future(s, ev->verb_tok);
        if (fut && nf < 0) {
            nf = dy_find_dates_ex(s->text, s->len, doc, DY_TENSE_FUTURE, future, 16);
            if (!s->date_known)
                nf = absolute_only(future, nf);
        }
        const dy_date_mention *m = fut && nf > 0 ? future : past;
        int best = nearest_mention(s, m, sizeof *m, fut && nf > 0 ? nf : np, ev->verb_tok, 0);
        if (best < 0)
            continue;
        /* an expressed intent (03x) happens when it is expressed: "pledged aid
         * for next year" is today's pledge */
        if ((ev->framed || !strncmp(ev->code, "03", 2)) && s->date_known &&
            dy_date_to_days(m[best].date) > s->date)
            continue;
        ev->date = dy_date_to_days(m[best].date);
        ev->date_basis = "text";
        ev->date_precision = precision(m[best].gran);
        /* an event dated after the report cannot have happened yet */
        if (s->date_known && ev->date > s->date && !strcmp(ev->modality, "asserted"))
            ev->modality = "planned";
    }
}

static int member_country(const dy_sentence *s, int m, char out[4])
{
    const char *c = m >= 0 ? s->m[m].code : NULL;
    if (!c || strlen(c) < 3 || !dy_is_country_code(c))
        return 0;
    memcpy(out, c, 3);
    out[3] = '\0';
    return 1;
}

/* Each event takes the place named nearest its verb in its clause; a
 * sentence naming one place gives it to all its events. A meeting (040) in a
 * third country is a meeting at a third location (044). */
static int place_events(dy_sentence *s)
{
    dy_place_mention *m = dy_arena_alloc(s->arena, 16 * sizeof *m);
    if (!m)
        return -1;
    int n = dy_find_places(s->text, s->len, m, 15);
    s->places = m;
    s->nplaces = n;
    int dateline = -1; /* the story's city, for meetings the sentence does not place */
    if (s->doc_place) {
        m[n] = (dy_place_mention){0, 0, s->doc_place, {0}, DY_CUE_DATELINE};
        memcpy(m[n].country, s->doc_place->country, 4);
        dateline = n;
        s->nplaces = n + 1;
    }
    for (int e = 0; e < s->nev; e++) {
        dy_event_i *ev = &s->ev[e];
        int best = n > 0 ? nearest_mention(s, m, sizeof *m, n, ev->verb_tok, 1) : -1;
        if (best < 0 && dateline >= 0 && !strncmp(ev->code, "04", 2))
            best = dateline;
        if (best < 0)
            continue;
        ev->loc = best;
        char a[4], b[4];
        if (!strcmp(ev->code, "040") && member_country(s, ev->src_m, a) &&
            member_country(s, ev->tgt_m, b) && strcmp(a, dy_cameo_country(m[best].country)) &&
            strcmp(b, dy_cameo_country(m[best].country)) && m[best].cue != DY_CUE_NEAR)
            ev->code = "044";
    }
    return 0;
}

/* Police, courts, the military, intelligence or a government acting at home:
 * "Russian police detained protesters" (the protesters are Russian). */
static int domestic_authority(const char *code)
{
    static const char *const sectors[] = {"COP", "JUD", "MIL", "SPY", "GOV"};
    if (!code || code[0] == '~' || strlen(code) < 6 || !dy_is_country_code(code))
        return 0;
    for (size_t i = 0; i < sizeof sectors / sizeof *sectors; i++)
        if (!strncmp(code + 3, sectors[i], 3))
            return 1;
    return 0;
}

/* "Protesters stormed the embassy in Baghdad": an agent standing alone
 * (~CVL) belongs to the country where the event happened. */
static void locate_agents(dy_sentence *s, dy_event_i *ev)
{
    const char *place = ev->loc >= 0 ? dy_cameo_country(s->places[ev->loc].country) : "";
    const char **codes[2] = {&ev->src_code, &ev->tgt_code};
    for (int k = 0; k < 2; k++) {
        const char *c = *codes[k];
        if (!c || c[0] != '~')
            continue;
        /* no place named: "Brazilian police questioned former President Lula" is a
         * domestic event, the other side's state is the agent's */
        const char *other = *codes[1 - k];
        /* the story's dateline places it when the sentence does not */
        const char *filed = s->doc_place && s->opt->datelines
                                ? dy_cameo_country(s->doc_place->country) : "";
        const char *country = place[0]                    ? place
                              : filed[0]                  ? filed
                              : domestic_authority(other) ? other
                                                          : "";
        if (!country[0])
            continue;
        char *x = dy_arena_alloc(s->arena, strlen(c) + 4);
        if (!x)
            return;
        memcpy(x, country, 3);
        strcpy(x + 3, c + 1);
        *codes[k] = x;
    }
}

int dy_annotate_events(dy_sentence *s)
{
    for (int e = 0; e < s->nev; e++) {
        dy_event_i *ev = &s->ev[e];
        ev->attr_m = -1;
        ev->loc = -1;
        ev->date = s->date + s->shift;
        /* a time phrase ("last week") shifts the document date: without
         * one, the shifted day is as unknown as the day it counts from */
        ev->date_basis = !s->date_known ? "unknown" : s->shift ? "text" : "document";
        ev->date_precision = "day";
    }
    date_events(s);
    if (place_events(s))
        return -1;
    int k = 0;
    for (int e = 0; e < s->nev; e++) {
        locate_agents(s, &s->ev[e]);
        if (!strcmp(s->ev[e].src_code, s->ev[e].tgt_code))
            continue; /* an agent located into its own counterpart */
        /* LOCATE AGENTS: an agent no place gives a country to is no actor */
        if (s->opt->locate_agents &&
            (s->ev[e].src_code[0] == '~' || s->ev[e].tgt_code[0] == '~'))
            continue;
        s->ev[k++] = s->ev[e];
    }
    s->nev = k;
    attribute(s);
    s->issues = dy_find_issues(s);
    return 0;
}
