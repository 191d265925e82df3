/* code/modality.c - negation, future/planned and hypothetical cues before a verb. */
#include <string.h>

#include "modality.h"

#define WINDOW 5        /* words between the subject and the verb that are inspected */
#define CLAUSE_WINDOW 12 /* words before the subject, back to the clause start */


static int ends_with(const dy_tok *t, const char *suf)
{
    size_t n = strlen(suf);
    return t->len > n && !memcmp(t->w + t->len - n, suf, n);
}

static int pattern_has(const dy_pattern *p, const dy_tok *t)
{
    if (!p)
        return 0;
    for (uint32_t i = 0; i < p->lower.n; i++) {
        const dy_elem *e = &p->lower.e[i];
        if (e->kind == E_WORD && dy_word_matches(e, t->w, t->len))
            return 1;
    }
    return 0;
}

typedef struct cue {
    const char *w;
    const char *modality;
} cue;

static const cue cues[] = {
    {"NOT", "negated"},       {"NEVER", "negated"},     {"NO", "negated"},
    {"DENIED", "negated"},    {"DENIES", "negated"},    {"DENY", "negated"},
    {"FAILED", "negated"},    {"FAIL", "negated"},      {"WILL", "planned"},
    {"SHALL", "planned"},     {"PLANS", "planned"},     {"PLANNED", "planned"},
    {"PLAN", "planned"},      {"SCHEDULED", "planned"}, {"INTENDS", "planned"},
    {"EXPECTED", "hypothetical"},  {"ABOUT", "planned"},     {"GOING", "planned"},
    {"TOMORROW", "planned"},  {"MAY", "hypothetical"},  {"MIGHT", "hypothetical"},
    {"COULD", "hypothetical"}, {"WOULD", "hypothetical"}, {"SHOULD", "hypothetical"},
    {"IF", "hypothetical"},   {"UNLESS", "hypothetical"}, {"ASSUMED", "hypothetical"},
    {"PROBABLY", "hypothetical"}, {"POSSIBLY", "hypothetical"}, {"PERHAPS", "hypothetical"},
    {"LIKELY", "hypothetical"}, {"UNLIKELY", "hypothetical"},
};

/* "the signing ... is planned", "manoeuvres scheduled for September":
 * a plan stated after the event noun or verb, before the next comma. */
static int planned_after(const dy_sentence *s, int v)
{
    for (int i = s->t[v].ent_last + 1; i < s->nt && i <= v + 12; i++) {
        const dy_tok *t = &s->t[i];
        if (dy_tok_is(t, "SCHEDULED") || dy_tok_is(t, "PLANNED") || dy_tok_is(t, "SLATED"))
            return 1;
        if (t->type == T_COMMA || t->type == T_CONJ || t->type == T_VERB)
            return 0;
        if (dy_tok_is(t, "DUE") && i + 1 < s->nt &&
            (dy_tok_is(&s->t[i + 1], "TO") || dy_tok_is(&s->t[i + 1], "IN")))
            return 1;
    }
    return 0;
}

/* An event noun takes the modality of its predicate: "the signing ... will
 * mean" (planned), "exercises ... should be expected" (hypothetical). */
static const char *nominal_predicate(const dy_sentence *s, int v, const char *found)
{
    for (int i = s->t[v].ent_last + 1; i < s->nt && i <= v + 12; i++) {
        const dy_tok *t = &s->t[i];
        if (t->clause != s->t[v].clause || t->type == T_COMMA)
            break;
        if (dy_tok_is(t, "WILL") || dy_tok_is(t, "SHALL"))
            return "planned";
        if (dy_tok_is(t, "SHOULD") || dy_tok_is(t, "COULD") || dy_tok_is(t, "MAY") ||
            dy_tok_is(t, "MIGHT") || dy_tok_is(t, "WOULD"))
            return "hypothetical";
    }
    return found;
}

const char *dy_modality(const dy_sentence *s, int v, int src_unit, const dy_pattern *p)
{
    if (s->opt->questions && s->len && s->text[s->len - 1] == '?')
        return "hypothetical"; /* a question asserts nothing */
    int from = v - WINDOW;
    if (src_unit >= 0 && s->u[src_unit].last >= from && s->u[src_unit].last < v)
        from = s->u[src_unit].last + 1;
    /* "it can be assumed that they discussed": cues before the subject count
     * too, back to the start of the clause */
    for (int i = from - 1; i >= 0 && i >= v - CLAUSE_WINDOW; i--) {
        if (s->t[i].clause != s->t[v].clause || s->t[i].type == T_COMMA)
            break;
        from = i;
    }
    if (from < 0)
        from = 0;
    const char *found = "asserted";
    for (int i = from; i < v; i++) {
        const dy_tok *t = &s->t[i];
        if (t->flags & TF_ELIM)
            continue;
        if (t->type == T_COMMA || t->type == T_CONJ)
            found = "asserted"; /* cues before a clause break do not reach the verb */
        if (pattern_has(p, t))
            continue;
        if (ends_with(t, "N'T")) {
            found = "negated";
            continue;
        }
        for (size_t k = 0; k < sizeof cues / sizeof *cues; k++)
            if (dy_tok_is(t, cues[k].w)) {
                /* negation wins over a planned or hypothetical auxiliary */
                if (strcmp(found, "negated"))
                    found = cues[k].modality;
                break;
            }
    }
    if (!strcmp(found, "asserted") && planned_after(s, v))
        found = "planned";
    if (!strcmp(found, "asserted") && s->t[v].ent && s->t[v].ent->verb &&
        s->t[v].ent->verb->nominal)
        found = nominal_predicate(s, v, found);
    return found;
}
