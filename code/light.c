/* code/light.c - event nouns under support verbs (see light.h). */
#include <stdlib.h>
#include <string.h>

#include "light.h"

#define OBJECT_WINDOW 6 /* words between a support verb and its event noun */

/* The verbs of the rule, sorted for bsearch: support verbs put an event noun
 * into effect ("launched an offensive"); reversing verbs end, lift or break it
 * off, by what they can reverse: a sanction is lifted or eased, fighting is
 * halted or ended, talks, ties and aid are suspended, broken off or cancelled
 * ("ended three weeks of talks" concluded them: END halts force, it breaks
 * off nothing). Each base is matched with its regular forms (-S, -ES, -ED,
 * -D, -ING, E dropped before -ING); irregular forms are listed. */
enum { REV_LIFT = 1, REV_HALT = 2, REV_BREAK = 4, LX_SUPPORT = 8, LX_NEED_OFF = 16 };
typedef struct lex_entry {
    const char *base;
    int kinds;
} lex_entry;
static const lex_entry lexicon[] = {
    {"ABANDON", REV_BREAK | REV_HALT},
    {"ABORT", REV_BREAK | REV_HALT},
    {"AGREE", LX_SUPPORT},
    {"ANNOUNCE", LX_SUPPORT},
    {"APPROVE", LX_SUPPORT},
    {"BEGAN", LX_SUPPORT},
    {"BEGIN", LX_SUPPORT},
    {"BEGUN", LX_SUPPORT},
    {"BREAK", LX_NEED_OFF | REV_BREAK},
    {"BROKE", LX_NEED_OFF | REV_BREAK},
    {"BROKEN", LX_NEED_OFF | REV_BREAK},
    {"BROKER", LX_SUPPORT},
    {"CALL", LX_NEED_OFF | REV_BREAK | REV_HALT},
    {"CALLED", LX_NEED_OFF | REV_BREAK | REV_HALT},
    {"CALLING", LX_NEED_OFF | REV_BREAK | REV_HALT},
    {"CALLS", LX_NEED_OFF | REV_BREAK | REV_HALT},
    {"CANCEL", REV_BREAK | REV_HALT},
    {"CANCELLED", REV_BREAK | REV_HALT},
    {"CANCELLING", REV_BREAK | REV_HALT},
    {"CARRIED", LX_SUPPORT},
    {"CARRIES", LX_SUPPORT},
    {"CARRY", LX_SUPPORT},
    {"CEASE", REV_HALT},
    {"COMPLETE", LX_SUPPORT},
    {"CONCLUDE", LX_SUPPORT},
    {"CONDUCT", LX_SUPPORT},
    {"CONTINUE", LX_SUPPORT},
    {"CONVENE", LX_SUPPORT},
    {"CUT", REV_BREAK},
    {"CUTS", REV_BREAK},
    {"CUTTING", REV_BREAK},
    {"DECLARE", LX_SUPPORT},
    {"DEFER", REV_BREAK},
    {"DEFERRED", REV_BREAK},
    {"DELIVER", LX_SUPPORT},
    {"DEPLOY", LX_SUPPORT},
    {"DOWNGRADE", REV_BREAK},
    {"DROP", REV_BREAK | REV_LIFT},
    {"DROPPED", REV_BREAK | REV_LIFT},
    {"DROPPING", REV_BREAK | REV_LIFT},
    {"EASE", REV_LIFT},
    {"END", REV_HALT | REV_LIFT},
    {"ENFORCE", LX_SUPPORT},
    {"ENTER", LX_SUPPORT},
    {"ESCALATE", LX_SUPPORT},
    {"ESTABLISH", LX_SUPPORT},
    {"EXECUTE", LX_SUPPORT},
    {"EXPAND", LX_SUPPORT},
    {"EXTEND", LX_SUPPORT},
    {"FREEZE", REV_BREAK},
    {"FROZE", REV_BREAK},
    {"FROZEN", REV_BREAK},
    {"GRANT", LX_SUPPORT},
    {"HALT", REV_BREAK | REV_HALT},
    {"HELD", LX_SUPPORT},
    {"HOLD", LX_SUPPORT},
    {"IMPOSE", LX_SUPPORT},
    {"INITIATE", LX_SUPPORT},
    {"INTENSIFIED", LX_SUPPORT},
    {"INTENSIFIES", LX_SUPPORT},
    {"INTENSIFY", LX_SUPPORT},
    {"INTRODUCE", LX_SUPPORT},
    {"JOIN", LX_SUPPORT},
    {"LAUNCH", LX_SUPPORT},
    {"LIFT", REV_LIFT},
    {"MOUNT", LX_SUPPORT},
    {"NORMALISE", LX_SUPPORT},
    {"NORMALIZE", LX_SUPPORT},
    {"OPEN", LX_SUPPORT},
    {"ORDER", LX_SUPPORT},
    {"PERFORM", LX_SUPPORT},
    {"PLACE", LX_SUPPORT},
    {"POSTPONE", REV_BREAK},
    {"PROCLAIM", LX_SUPPORT},
    {"PROVIDE", LX_SUPPORT},
    {"PURSUE", LX_SUPPORT},
    {"PUT", LX_SUPPORT},
    {"PUTS", LX_SUPPORT},
    {"PUTTING", LX_SUPPORT},
    {"RE-ESTABLISH", LX_SUPPORT},
    {"RE-IMPOSE", LX_SUPPORT},
    {"REACH", LX_SUPPORT},
    {"REESTABLISH", LX_SUPPORT},
    {"REIMPOSE", LX_SUPPORT},
    {"RELAX", REV_LIFT},
    {"RENEW", LX_SUPPORT},
    {"RESCIND", REV_LIFT},
    {"RESTART", LX_SUPPORT},
    {"RESTORE", LX_SUPPORT},
    {"RESUME", LX_SUPPORT},
    {"REVOKE", REV_LIFT},
    {"SCRAP", REV_BREAK},
    {"SCRAPPED", REV_BREAK},
    {"SCRAPPING", REV_BREAK},
    {"SET", LX_SUPPORT},
    {"SETS", LX_SUPPORT},
    {"SETTING", LX_SUPPORT},
    {"SEVER", REV_BREAK},
    {"SHELVE", REV_BREAK},
    {"SIGN", LX_SUPPORT},
    {"STAGE", LX_SUPPORT},
    {"START", LX_SUPPORT},
    {"STEP", LX_SUPPORT},
    {"STEPPED", LX_SUPPORT},
    {"STOP", REV_BREAK | REV_HALT},
    {"STOPPED", REV_BREAK | REV_HALT},
    {"STOPPING", REV_BREAK | REV_HALT},
    {"SUSPEND", REV_BREAK | REV_HALT | REV_LIFT},
    {"TERMINATE", REV_BREAK},
    {"TIGHTEN", LX_SUPPORT},
    {"UNDERTAKE", LX_SUPPORT},
    {"UNDERTAKEN", LX_SUPPORT},
    {"UNDERTOOK", LX_SUPPORT},
    {"UNLEASH", LX_SUPPORT},
    {"UPGRADE", LX_SUPPORT},
    {"WAGE", LX_SUPPORT},
    {"WITHDRAW", REV_BREAK},
    {"WITHDRAWN", REV_BREAK},
    {"WITHDREW", REV_BREAK},
};

static int lex_cmp(const void *key, const void *elem)
{
    const dy_tok *k = key;
    const lex_entry *e = elem;
    size_t n = strlen(e->base);
    int c = strncmp(k->w, e->base, k->len < n ? k->len : n);
    return c ? c : (k->len > n) - (k->len < n);
}

static int lex_exact(const char *w, size_t len)
{
    dy_tok k;
    memset(&k, 0, sizeof k);
    k.w = w;
    k.len = (uint16_t)len;
    const lex_entry *e = bsearch(&k, lexicon, sizeof lexicon / sizeof *lexicon,
                                 sizeof *lexicon, lex_cmp);
    return e ? e->kinds : 0;
}

/* 1 when some base starts with letter c (binary search on first letters) */
static int lex_letter(char c)
{
    size_t lo = 0, hi = sizeof lexicon / sizeof *lexicon;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lexicon[mid].base[0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof lexicon / sizeof *lexicon && lexicon[lo].base[0] == c;
}

/* The kinds of the verb t is a form of, or 0. */
static int lex_kinds(const dy_tok *t)
{
    const char *w = t->w;
    size_t l = t->len;
    if (!l || !lex_letter(w[0]))
        return 0;
    int k = lex_exact(w, l);
    if (k || l < 3)
        return k;
    if (w[l - 1] == 'S' && (k = lex_exact(w, l - 1)))
        return k;
    if (w[l - 1] == 'D' && (k = lex_exact(w, l - 1)))
        return k;
    if (l > 3 && (!memcmp(w + l - 2, "ES", 2) || !memcmp(w + l - 2, "ED", 2)) &&
        (k = lex_exact(w, l - 2)))
        return k;
    if (l > 4 && !memcmp(w + l - 3, "ING", 3)) {
        if ((k = lex_exact(w, l - 3)))
            return k;
        char buf[64]; /* RELEASING -> RELEASE */
        if (l - 2 < sizeof buf) {
            memcpy(buf, w, l - 3);
            buf[l - 3] = 'E';
            return lex_exact(buf, l - 2);
        }
    }
    return 0;
}

static int form_of(const dy_tok *t, const char *base)
{
    const char *w = t->w;
    if (!t->len || w[0] != base[0]) /* most words fail here */
        return 0;
    size_t n = strlen(base), l = t->len;
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
        int kinds = lex_kinds(h);
        if (kinds & (REV_LIFT | REV_HALT | REV_BREAK)) {
            int off = head + 1 < s->nt && dy_tok_is(&s->t[head + 1], "OFF");
            if (!(kinds & LX_NEED_OFF) || off) {
                *reverses = kinds & (REV_LIFT | REV_HALT | REV_BREAK);
                return head;
            }
        }
        if (kinds & LX_SUPPORT)
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
