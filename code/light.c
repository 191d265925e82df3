/* code/light.c - event nouns under support verbs (see light.h). */
#include <string.h>

#include "light.h"

#define OBJECT_WINDOW 6 /* words between a support verb and its event noun */

/* Verbs that put an event noun into effect; each is matched with its regular
 * forms (-S, -ES, -ED, -D, -ING, E dropped before -ING). */
static const char *const supports[] = {
    "LAUNCH", "BEGIN", "BEGAN", "BEGUN", "START", "MOUNT", "STAGE", "CONDUCT", "UNDERTAKE",
    "UNDERTOOK", "UNDERTAKEN", "HOLD", "HELD", "RESUME", "RENEW", "RESTART", "RESTORE",
    "REESTABLISH", "RE-ESTABLISH", "ESTABLISH", "NORMALISE", "NORMALIZE", "UPGRADE", "OPEN",
    "DECLARE", "PROCLAIM", "IMPOSE", "ORDER", "ANNOUNCE", "COMPLETE", "UNLEASH", "INITIATE",
    "INTENSIFY", "INTENSIFIED", "INTENSIFIES", "ESCALATE", "EXPAND", "EXTEND", "ENFORCE",
    "PLACE", "PUT", "PUTS", "PUTTING", "SIGN", "REACH", "CONCLUDE", "ENTER", "JOIN",
    "CONTINUE", "PURSUE", "INTRODUCE", "WAGE", "CONVENE", "CARRY", "CARRIED", "CARRIES",
    "STEP", "STEPPED", "AGREE", "BROKER", "SET", "SETS", "SETTING", "TIGHTEN", "REIMPOSE",
    "RE-IMPOSE", "EXECUTE", "PERFORM", "DEPLOY", "PROVIDE", "DELIVER", "GRANT", "EXTEND",
    "APPROVE", NULL};
/* Verbs that end, lift or break it off, by what they can reverse: a
 * sanction is lifted or eased, fighting is halted or ended, talks, ties and
 * aid are suspended, broken off or cancelled ("ended three weeks of talks"
 * concluded them: END halts force, it breaks off nothing). */
enum { REV_LIFT = 1, REV_HALT = 2, REV_BREAK = 4 };
typedef struct reverser {
    const char *base;
    int kinds;
} reverser;
static const reverser reversers[] = {
    {"LIFT", REV_LIFT},   {"EASE", REV_LIFT},   {"RELAX", REV_LIFT},   {"RESCIND", REV_LIFT},
    {"REVOKE", REV_LIFT}, {"END", REV_LIFT | REV_HALT},                {"HALT", REV_HALT | REV_BREAK},
    {"STOP", REV_HALT | REV_BREAK}, {"STOPPED", REV_HALT | REV_BREAK},
    {"STOPPING", REV_HALT | REV_BREAK}, {"CEASE", REV_HALT},
    {"SUSPEND", REV_LIFT | REV_HALT | REV_BREAK}, {"CALL", REV_HALT | REV_BREAK},
    {"CALLED", REV_HALT | REV_BREAK}, {"CALLING", REV_HALT | REV_BREAK},
    {"CALLS", REV_HALT | REV_BREAK}, {"ABANDON", REV_HALT | REV_BREAK},
    {"CANCEL", REV_HALT | REV_BREAK}, {"CANCELLED", REV_HALT | REV_BREAK},
    {"CANCELLING", REV_HALT | REV_BREAK}, {"BREAK", REV_BREAK}, {"BROKE", REV_BREAK},
    {"BROKEN", REV_BREAK}, {"SEVER", REV_BREAK}, {"CUT", REV_BREAK}, {"CUTS", REV_BREAK},
    {"CUTTING", REV_BREAK}, {"SCRAP", REV_BREAK}, {"SCRAPPED", REV_BREAK},
    {"SCRAPPING", REV_BREAK}, {"TERMINATE", REV_BREAK}, {"FREEZE", REV_BREAK},
    {"FROZE", REV_BREAK}, {"FROZEN", REV_BREAK}, {"DOWNGRADE", REV_BREAK},
    {"WITHDRAW", REV_BREAK}, {"WITHDREW", REV_BREAK}, {"WITHDRAWN", REV_BREAK},
    {"DROP", REV_LIFT | REV_BREAK}, {"DROPPED", REV_LIFT | REV_BREAK},
    {"DROPPING", REV_LIFT | REV_BREAK}, {"POSTPONE", REV_BREAK}, {"DEFER", REV_BREAK},
    {"DEFERRED", REV_BREAK}, {"SHELVE", REV_BREAK}, {"ABORT", REV_HALT | REV_BREAK},
    {NULL, 0}};
/* words a reverser needs after it to reverse ("called off", "broke off") */
static const char *const need_off[] = {"CALL", "CALLED", "CALLING", "CALLS", "BREAK", "BROKE",
                                       "BROKEN", NULL};

static int form_of(const dy_tok *t, const char *base)
{
    size_t n = strlen(base), l = t->len;
    const char *w = t->w;
    if (l >= n && !memcmp(w, base, n)) {
        const char *e = w + n;
        size_t k = l - n;
        return k == 0 || (k == 1 && (*e == 'S' || *e == 'D')) ||
               (k == 2 && (!memcmp(e, "ES", 2) || !memcmp(e, "ED", 2))) ||
               (k == 3 && !memcmp(e, "ING", 3));
    }
    /* RELEASE -> RELEASING */
    return n > 1 && base[n - 1] == 'E' && l == n + 2 && !memcmp(w, base, n - 1) &&
           !memcmp(w + n - 1, "ING", 3);
}

static int form_in(const dy_tok *t, const char *const *bases)
{
    for (; *bases; bases++)
        if (form_of(t, *bases))
            return 1;
    return 0;
}

static int reverser_kinds(const dy_tok *t)
{
    for (const reverser *r = reversers; r->base; r++)
        if (form_of(t, r->base))
            return r->kinds;
    return 0;
}

/* Words that may stand between a support verb and its noun: determiners,
 * adjectives, possessives, numbers, actors as modifiers ("a Russian
 * offensive"), "its forces on" ("placed its forces on high alert"). */
static int may_intervene(const dy_tok *t)
{
    /* "an immediate and unconditional ceasefire" */
    int and_adj = t->type == T_CONJ && (dy_tok_is(t, "AND") || dy_tok_is(t, "OR"));
    return t->type != T_VERB && t->type != T_COMMA && (t->type != T_CONJ || and_adj) &&
           t->type != T_QUOTE && !dy_tok_is(t, "THAT") && !dy_tok_is(t, "WHICH") &&
           !dy_tok_is(t, "WHO");
}

/* Nouns an event noun may modify: "a defence cooperation treaty", "ceasefire
 * violations", "offensive weapons" name no event of the noun's kind. */
static const char *const head_nouns[] = {
    "TREATY", "TREATIES", "AGREEMENT", "AGREEMENTS", "PACT", "DEAL", "ACCORD", "ACCORDS",
    "PLAN", "PLANS", "PROPOSAL", "PROPOSALS", "PROGRAMME", "PROGRAM", "FRAMEWORK",
    "DECLARATION", "MEMORANDUM", "PROTOCOL", "DOCUMENT", "CHARTER", "CONVENTION", "ROADMAP",
    "COUNCIL", "COMMITTEE", "COMMISSION", "MINISTER", "MINISTERS", "OFFICIALS", "TEAM",
    "DELEGATION", "ZONE", "LINE", "WEAPONS", "VIOLATION", "VIOLATIONS", "MONITORS",
    "TALKS", "NEGOTIATIONS", "NEGOTIATORS", "LAW", "LAWS", "BILL", "REGIME", "REGULATIONS",
    "RULES", "MECHANISM", "TERMS", "CONDITIONS", "DEADLINE", "ORDER", "ORDERS", NULL};

int dy_light_support(const dy_sentence *s, int n, int *reverses)
{
    *reverses = 0;
    int after = s->t[n].ent_last + 1;
    if (after < s->nt && form_in(&s->t[after], head_nouns) &&
        !(s->t[after].flags & TF_PART))
        return -1;
    for (int i = n - 1; i >= 0 && i >= n - OBJECT_WINDOW - 1; i--) {
        const dy_tok *t = &s->t[i];
        if (t->flags & TF_ELIM)
            continue;
        if (t->clause != s->t[n].clause)
            return -1;
        /* "called off", "broke off", "carried out", "stepped up" */
        int head = i;
        if ((dy_tok_is(t, "OFF") || dy_tok_is(t, "OUT") || dy_tok_is(t, "UP")) && i > 0)
            head = i - 1;
        const dy_tok *h = &s->t[head];
        if (h->flags & TF_PART) /* a later word of a verb phrase: find its start */
            for (int k = head - 1; k >= 0; k--)
                if (!(s->t[k].flags & TF_PART)) {
                    head = k;
                    h = &s->t[k];
                    break;
                }
        int kinds = reverser_kinds(h);
        if (kinds) {
            int off = head + 1 < s->nt && dy_tok_is(&s->t[head + 1], "OFF");
            if (!form_in(h, need_off) || off) {
                *reverses = kinds;
                return head;
            }
        }
        if (form_in(h, supports))
            return head;
        if (!may_intervene(t))
            return -1;
    }
    return -1;
}

typedef struct reverse_row {
    const char *prefix, *code;
    int kinds; /* the reversers that may reverse it */
} reverse_row;

/* Longest prefix first within a root; "" = reversing it is no event. */
static const reverse_row reverse_rows[] = {
    {"1721", "0811", REV_LIFT}, {"1722", "0812", REV_LIFT}, {"1723", "0813", REV_LIFT},
    {"1724", "0814", REV_LIFT}, {"172", "081", REV_LIFT},   {"163", "085", REV_LIFT},
    {"175", "082", REV_HALT},   {"191", "0872", REV_LIFT | REV_HALT},
    {"192", "0874", REV_HALT},  {"19", "087", REV_HALT},    {"18", "087", REV_HALT},
    {"15", "087", REV_HALT},    {"045", "165", REV_BREAK},  {"04", "164", REV_BREAK},
    {"054", "161", REV_BREAK},  {"05", "", 0},              {"06", "160", REV_BREAK},
    {"071", "1621", REV_BREAK}, {"072", "1622", REV_BREAK}, {"073", "1623", REV_BREAK},
    {"074", "1661", REV_BREAK}, {"07", "162", REV_BREAK},
};

const char *dy_light_reverse(const char *code, int kinds)
{
    for (size_t i = 0; code && i < sizeof reverse_rows / sizeof *reverse_rows; i++) {
        const reverse_row *r = &reverse_rows[i];
        if (strncmp(code, r->prefix, strlen(r->prefix)))
            continue;
        return *r->code && (r->kinds & kinds) ? r->code : NULL;
    }
    return NULL;
}

int dy_light_supports(const dy_sentence *s, int v, int hi)
{
    for (int n = v + 1; n <= hi && n <= v + OBJECT_WINDOW + 2; n++) {
        const dy_tok *t = &s->t[n];
        if (t->type != T_VERB || (t->flags & (TF_PART | TF_ELIM)))
            continue;
        int rev;
        return t->ent && t->ent->verb && t->ent->verb->nominal == 2 &&
               dy_light_support(s, n, &rev) == v;
    }
    return 0;
}
