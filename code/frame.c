/* code/frame.c - intentions, refusals, appeals and demands (see frame.h). */
#include <string.h>

#include "frame.h"

/* ---- the code table ------------------------------------------------------ */

typedef struct family_row {
    const char *prefix;
    const char *intent, *refuse, *appeal, *demand;
} family_row;

/* Longest prefix first within each root. An embedded act of conflict has an
 * intent (a threat, 13x) and nothing else: refusing or asking to attack is
 * not a CAMEO event. */
static const family_row rows[] = {
    {"0831", "0341", "1231", "0241", "1041"}, {"0832", "0342", "1232", "0242", "1042"},
    {"0833", "0343", "1233", "0243", "1043"}, {"0834", "0344", "1234", "0244", "1044"},
    {"083", "034", "123", "024", "104"},      {"081", "0351", "1241", "0251", "1051"},
    {"082", "0352", "1242", "0252", "1052"},  {"084", "0353", "1243", "0253", "1053"},
    {"085", "0354", "1244", "0254", "1054"},  {"086", "0355", "1245", "0255", "1055"},
    {"087", "0356", "1246", "0256", "1056"},  {"08", "035", "124", "025", "105"},
    {"071", "0331", "1221", "0231", "1031"},  {"072", "0332", "1222", "0232", "1032"},
    {"073", "0333", "1223", "0233", "1033"},  {"074", "0334", "1224", "0234", "1034"},
    {"07", "033", "122", "023", "103"},       {"061", "0311", "1211", "0211", "1011"},
    {"062", "0312", "1212", "0212", "1012"},  {"063", "0313", "121", "0213", "1013"},
    {"064", "0314", "121", "0214", "1014"},   {"06", "031", "121", "021", "101"},
    {"057", "030", "127", "027", "107"},      {"05", "032", "120", "022", "102"},
    {"045", "039", "126", "028", "108"},      {"04", "036", "125", "026", "106"},
    {"03", "", "120", "020", "100"},          {"09", NULL, "120", "020", "100"},
    {"13", "", NULL, NULL, NULL},             {"14", "133", NULL, NULL, NULL},
    {"161", "1313", NULL, NULL, NULL},        {"162", "1311", NULL, NULL, NULL},
    {"163", "1312", NULL, NULL, NULL},        {"164", "134", NULL, NULL, NULL},
    {"165", "135", NULL, NULL, NULL},         {"166", "136", NULL, NULL, NULL},
    {"16", "131", NULL, NULL, NULL},          {"1721", "1321", NULL, NULL, NULL},
    {"1722", "1322", NULL, NULL, NULL},       {"1723", "1323", NULL, NULL, NULL},
    {"1724", "1324", NULL, NULL, NULL},       {"172", "132", NULL, NULL, NULL},
    {"175", "137", NULL, NULL, NULL},         {"17", "130", NULL, NULL, NULL},
    {"18", "1383", NULL, NULL, NULL},         {"191", "1381", NULL, NULL, NULL},
    {"192", "1382", NULL, NULL, NULL},        {"19", "1384", NULL, NULL, NULL},
    {"204", "1385", NULL, NULL, NULL},        {"20", "138", NULL, NULL, NULL},
};

const char *dy_frame_code(int kind, const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const family_row *r = &rows[i];
        if (strncmp(code, r->prefix, strlen(r->prefix)))
            continue;
        const char *c = kind == FR_INTENT   ? r->intent
                        : kind == FR_REFUSE ? r->refuse
                        : kind == FR_APPEAL ? r->appeal
                        : kind == FR_DEMAND ? r->demand
                                            : NULL;
        if (c && !*c)
            return code; /* already in the family: an intent is its own intent */
        return c;
    }
    return NULL;
}

/* ---- the words ------------------------------------------------------------ */

/* "X plans to V": the source's own stated intention */
static const char *const intent_words[] = {
    "PLAN", "PLANS", "PLANNED", "PLANNING", "INTEND", "INTENDS", "INTENDED", "INTENDING",
    "READY", "WILLING", "PREPARED", "OFFER", "OFFERS", "OFFERED", "OFFERING", "PLEDGE",
    "PLEDGES", "PLEDGED", "PLEDGING", "VOW", "VOWS", "VOWED", "VOWING", "PROMISE",
    "PROMISES", "PROMISED", "PROMISING", "DECIDE", "DECIDES", "DECIDED", "AGREE", "AGREES",
    "AGREED", "AGREEING", "HOPE", "HOPES", "HOPED", "WANT", "WANTS", "WANTED", "SEEK",
    "SEEKS", "SOUGHT", "AIM", "AIMS", "AIMED", "THREATEN", "THREATENS", "THREATENED",
    "THREATENING", "RESOLVED", "DETERMINED", "COMMITTED", "EAGER", "UNDERTOOK", "GOING",
    "PROPOSED", "PROPOSES", "PROPOSE", NULL};
/* "X refused to V" */
static const char *const refuse_words[] = {"REFUSE", "REFUSES", "REFUSED", "REFUSING",
                                           "DECLINE", "DECLINES", "DECLINED", "DECLINING",
                                           "UNWILLING", "RELUCTANT", NULL};
/* intent words that, negated, are refusals: "is not ready to" */
static const char *const readiness_words[] = {"READY", "WILLING", "PREPARED", "AGREE",
                                              "AGREED", NULL};
/* "X urged Y to V" */
static const char *const appeal_words[] = {
    "URGE", "URGES", "URGED", "URGING", "ASK", "ASKS", "ASKED", "ASKING", "PRESS", "PRESSES",
    "PRESSED", "PRESSING", "ENCOURAGE", "ENCOURAGES", "ENCOURAGED", "INVITE", "INVITES",
    "INVITED", "REQUEST", "REQUESTS", "REQUESTED", "IMPLORED", "EXHORTED", NULL};
static const char *const call_words[] = {"CALL", "CALLS", "CALLED", "CALLING", "APPEAL",
                                         "APPEALS", "APPEALED", "APPEALING", NULL};
/* "X ordered Y to V", "X demanded that Y V" */
static const char *const demand_words[] = {"ORDER", "ORDERS", "ORDERED", "TOLD", "TELLS",
                                           "INSTRUCTED", "DEMAND", "DEMANDS", "DEMANDED",
                                           "DEMANDING", "INSIST", "INSISTS", "INSISTED",
                                           "INSISTING", NULL};
/* "X said Y must V", "X said it would V" */
static const char *const say_words[] = {
    "SAID", "SAYS", "SAY", "ANNOUNCED", "ANNOUNCES", "STATED", "DECLARED", "ADDED",
    "INDICATED", "CONFIRMED", "WARNED", "WARNS", "VOWED", "PLEDGED", "PROMISED", "INSISTED",
    "INSISTS", "THREATENED", "STRESSED", "DEMANDED", "DEMANDS", "REITERATED", "TOLD",
    NULL};
static const char *const pronouns[] = {"IT", "THEY", "HE", "SHE", "WE", "I", NULL};
static const char *const negations[] = {"NOT", "NEVER", "NO", NULL};

static int in_list(const dy_tok *t, const char *const *words)
{
    for (; *words; words++)
        if (dy_tok_is(t, *words))
            return 1;
    return 0;
}

static int live(const dy_sentence *s, int i)
{
    return i >= 0 && i < s->nt && !(s->t[i].flags & TF_ELIM);
}

/* The token before i that is not an eliminated aside or a -LY adverb. */
static int prev_word(const dy_sentence *s, int i)
{
    for (i--; i >= 0; i--) {
        const dy_tok *t = &s->t[i];
        if (t->flags & TF_ELIM)
            continue;
        if (t->type == T_NONE && t->len > 4 && !memcmp(t->w + t->len - 2, "LY", 2))
            continue;
        return i;
    }
    return -1;
}

static int negated_at(const dy_sentence *s, int i)
{
    return live(s, i) && (in_list(&s->t[i], negations) ||
                          (s->t[i].len > 3 && !memcmp(s->t[i].w + s->t[i].len - 3, "N'T", 3)));
}

static int unit_of(const dy_sentence *s, int i)
{
    int u = live(s, i) ? s->t[i].unit : -1;
    return u >= 0 && s->u[u].nm > 0 ? u : -1;
}

/* "Y to V" after an appeal or order: the cue before the addressee. */
static int addressed(const dy_sentence *s, int to, dy_frame *f)
{
    int u = unit_of(s, prev_word(s, to));
    if (u < 0)
        return 0;
    int k = prev_word(s, s->u[u].first);
    if (k < 0)
        return 0;
    const dy_tok *t = &s->t[k];
    int kind = FR_NONE, cue = k;
    if (in_list(t, appeal_words))
        kind = FR_APPEAL;
    else if (in_list(t, demand_words))
        kind = FR_DEMAND;
    else if ((dy_tok_is(t, "ON") || dy_tok_is(t, "UPON") || dy_tok_is(t, "TO") ||
              dy_tok_is(t, "FOR")) &&
             prev_word(s, k) >= 0 && in_list(&s->t[prev_word(s, k)], call_words)) {
        kind = FR_APPEAL;
        cue = prev_word(s, k);
    }
    if (kind == FR_NONE)
        return 0;
    *f = (dy_frame){kind, cue, u, -1};
    return 1;
}

/* "X said (that) it would V", "X said Y must V": the reporting word before
 * the subject at token subj, within a few words. */
static int say_before(const dy_sentence *s, int subj)
{
    /* "said on Wednesday that the United States ...": a few words of time
     * or a determiner may stand between */
    int k = prev_word(s, subj);
    for (int skipped = 0; k >= 0 && skipped < 4; skipped++) {
        const dy_tok *t = &s->t[k];
        if (in_list(t, say_words))
            return k;
        if (t->type == T_VERB || t->type == T_COMMA || t->type == T_CONJ || t->unit >= 0)
            return -1;
        k = prev_word(s, k);
    }
    return -1;
}

static int same_state(const dy_sentence *s, int a, int b)
{
    const char *x = s->m[s->u[a].m0].code, *y = s->m[s->u[b].m0].code;
    return x[0] != '~' && y[0] != '~' && strlen(x) >= 3 && strlen(y) >= 3 &&
           !memcmp(x, y, 3);
}

/* "Britain will expel 23 diplomats, Theresa May told parliament": the
 * subject's own state says it, after a comma later in the sentence. */
static int said_after_by_same(const dy_sentence *s, int subj, int v)
{
    if (subj < 0)
        return 0;
    for (int i = v + 1; i < s->nt; i++) {
        if (s->t[i].type != T_COMMA)
            continue;
        for (int k = i + 1; k < s->nt && k <= i + 8; k++) {
            const dy_tok *t = &s->t[k];
            if (!in_list(t, say_words))
                continue;
            /* the aside is usually eliminated: read its words as they are */
            int w = s->t[k - 1].unit, after = k + 1 < s->nt ? s->t[k + 1].unit : -1;
            return (w >= 0 && s->u[w].nm > 0 && same_state(s, subj, w)) ||
                   (after >= 0 && s->u[after].nm > 0 && same_state(s, subj, after));
        }
    }
    return 0;
}

/* The actor that states the frame: the first before the cue in the clause. */
static int stater(const dy_sentence *s, int cue)
{
    for (int i = 0; i < cue; i++)
        if (s->t[i].clause == s->t[cue].clause && unit_of(s, i) >= 0)
            return unit_of(s, i);
    return -1;
}

int dy_find_frame(const dy_sentence *s, int v, dy_frame *f)
{
    int i = prev_word(s, v);
    if (i < 0)
        return 0;
    const dy_tok *t = &s->t[i];
    if (dy_tok_is(t, "TO")) {
        if (addressed(s, i, f)) {
            f->source = stater(s, f->cue);
            return 1;
        }
        int j = prev_word(s, i);
        if (j < 0)
            return 0;
        const dy_tok *w = &s->t[j];
        int neg = negated_at(s, prev_word(s, j)) ||
                  (prev_word(s, j) >= 0 && negated_at(s, prev_word(s, prev_word(s, j))));
        if (in_list(w, refuse_words)) {
            *f = (dy_frame){neg ? FR_NONE : FR_REFUSE, j, -1, -1};
            return !neg;
        }
        if (in_list(w, intent_words)) {
            int kind = !neg ? FR_INTENT : in_list(w, readiness_words) ? FR_REFUSE : FR_NONE;
            *f = (dy_frame){kind, j, -1, -1};
            return kind != FR_NONE;
        }
        return 0;
    }
    /* "... said it would (not) V" */
    int neg = 0;
    if (negated_at(s, i)) {
        neg = 1;
        i = prev_word(s, i);
        if (i < 0)
            return 0;
        t = &s->t[i];
    }
    if (dy_tok_is(t, "WILL") || dy_tok_is(t, "WOULD") || dy_tok_is(t, "SHALL") ||
        dy_tok_is(t, "WON'T")) {
        neg |= dy_tok_is(t, "WON'T");
        int subj = prev_word(s, i);
        int said = subj >= 0 && in_list(&s->t[subj], pronouns) && say_before(s, subj) >= 0;
        if (!said && (subj < 0 || !said_after_by_same(s, unit_of(s, subj), v)))
            return 0;
        *f = (dy_frame){neg ? FR_REFUSE : FR_INTENT, i, -1, -1};
        return 1;
    }
    /* "X insisted that Y must V", "X demanded that Y V" */
    if (!neg && (dy_tok_is(t, "MUST") || dy_tok_is(t, "SHOULD"))) {
        int u = unit_of(s, prev_word(s, i));
        int k = u >= 0 ? say_before(s, s->u[u].first) : -1;
        if (k < 0)
            return 0;
        *f = (dy_frame){FR_DEMAND, k, u, stater(s, k)};
        return 1;
    }
    int u = unit_of(s, i);
    if (u >= 0 && s->u[u].last == i) {
        int k = say_before(s, s->u[u].first);
        if (k >= 0 && (in_list(&s->t[k], demand_words) && !dy_tok_is(&s->t[k], "TOLD"))) {
            *f = (dy_frame){FR_DEMAND, k, u, stater(s, k)};
            return 1;
        }
    }
    return 0;
}

int dy_frame_heads(const dy_sentence *s, int i, int lo, int hi, int *embedded)
{
    (void)lo;
    for (int k = i + 1; k <= hi && k <= i + 10; k++) {
        const dy_tok *t = &s->t[k];
        if (t->flags & (TF_ELIM | TF_PART))
            continue;
        if (t->type == T_COMMA)
            return 0;
        if (t->type != T_VERB)
            continue;
        dy_frame f;
        if (dy_find_frame(s, k, &f) && f.cue == i) {
            *embedded = k;
            return 1;
        }
        return 0;
    }
    return 0;
}
