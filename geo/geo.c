/* geo/geo.c - gazetteer lookups and place mentions (see geo.h).
 *
 * Lookups binary-search the generated tables, folding ASCII case on the
 * fly. dy_find_places walks the sentence word by word, remembering the last
 * few words; at a cue word it tries the longest gazetteer name (up to
 * MAX_NAME_WORDS words) that starts right after the cue. */
#include "geo/geo.h"

#include <string.h>

#define LOWMAX 16
#define MAX_NAME_WORDS 6
#define MAX_ADJ 3
#define RING 6

typedef struct {
    size_t start, end;
    char low[LOWMAX]; /* lowercased, "" when longer */
} word;

typedef struct {
    const char *s;
    size_t len;
    dy_place_mention *out;
    int max, count;
    size_t done; /* end of the last mention */
} scan;

/* ---- lookups --------------------------------------------------------------- */

static int fold(unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }

static int key_cmp(const char *q, size_t qlen, const dy_gaz_name *e)
{
    size_t n = qlen < e->len ? qlen : e->len;
    for (size_t k = 0; k < n; k++) {
        int a = fold((unsigned char)q[k]), b = (unsigned char)e->key[k];
        if (a != b)
            return a - b;
    }
    return qlen < e->len ? -1 : qlen > e->len;
}

static const dy_gaz_name *find(const dy_gaz_name *t, size_t n, const char *q, size_t len)
{
    size_t lo = 0, hi = n;
    if (!q || len == 0 || len > 64)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(q, len, &t[mid]);
        if (c == 0)
            return &t[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static const dy_gaz_name *find_name(const char *q, size_t len)
{
    size_t n;
    const dy_gaz_name *t = dy_gaz_names(&n);
    return find(t, n, q, len);
}

const dy_place *dy_gazetteer_lookup(const char *name, size_t len)
{
    size_t n;
    const dy_gaz_name *e = find_name(name, len);
    const dy_place *p = dy_gaz_places(&n);
    return e && e->place >= 0 && (size_t)e->place < n ? &p[e->place] : NULL;
}

const char *dy_country_lookup(const char *name, size_t len)
{
    const dy_gaz_name *e = find_name(name, len);
    return e ? e->country : NULL;
}

const char *dy_demonym_lookup(const char *w, size_t len)
{
    size_t n;
    const dy_gaz_name *t = dy_gaz_adjectives(&n), *e = find(t, n, w, len);
    return e ? e->country : NULL;
}

/* ---- words ---------------------------------------------------------------- */

static int is_wordch(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch >= 0x80;
}

static int starts_name(unsigned char ch) { return (ch >= 'A' && ch <= 'Z') || ch >= 0x80; }

/* The word at or after pos (apostrophes inside a word belong to it); 0 at the end. */
static int word_at(const char *s, size_t len, size_t pos, word *w)
{
    size_t n;
    while (pos < len && !is_wordch((unsigned char)s[pos]))
        pos++;
    if (pos >= len)
        return 0;
    w->start = pos;
    while (pos < len && (is_wordch((unsigned char)s[pos]) ||
                         (s[pos] == '\'' && pos + 1 < len && is_wordch((unsigned char)s[pos + 1]))))
        pos++;
    w->end = pos;
    n = pos - w->start;
    w->low[0] = 0;
    if (n < LOWMAX) {
        for (size_t k = 0; k < n; k++)
            w->low[k] = (char)fold((unsigned char)s[w->start + k]);
        w->low[n] = 0;
    }
    return 1;
}

/* 1 when only spaces lie between a and b. */
static int only_spaces(const char *s, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (s[k] != ' ')
            return 0;
    return a < b;
}

static int in_list(const char *low, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (low[0] == list[k][0] && !strcmp(low, list[k]))
            return 1;
    return 0;
}

static const char *const IN_PREPS[] = {"in", "at", "near", "outside", "inside", "around",
                                       "across", "throughout", "within", "nearby", NULL};
static const char *const BORDER_PREPS[] = {"near", "on", "along", "across", "at", "to", "toward",
                                           "towards", "from", "over", "by", "close", "in", NULL};
static const char *const ARRIVE[] = {"arrived", "arrive", "arrives", "arriving", "landed",
                                     "land", "lands", "landing", NULL};
static const char *const VISIT[] = {"visited", "visit", "visits", "visiting", "toured", "tour",
                                    "tours", "touring", NULL};
static const char *const TRAVEL[] = {
    "travel", "travels", "travelled", "traveled", "travelling", "traveling", "flew",
    "fly", "flies", "flying", "went", "go", "goes", "going", "gone", "headed", "heading",
    "head", "heads", "returned", "return", "returns", "returning", "trip", "trips", "visit",
    "visits", "journey", "sailed", "sail", "drove", "drive", "moved", "move", "came", "come",
    "comes", "coming", "deployed", "deploy", "sent", "send", "relocated", "fled", "flee",
    "fleeing", "bound", "marched", "advanced", "evacuated", "redeployed", "dispatched", "way",
    "back", "arrived", "pilgrimage", "voyage", "flight", "flights", NULL};
static const char *const PLACE_NOUNS[] = {
    "city", "town", "village", "port", "region", "province", "capital", "district", "suburb",
    "suburbs", "outskirts", "area", "enclave", "settlement", "island", "oblast", "governorate",
    "county", "municipality", "vicinity", "streets", "centre", "center", NULL};

/* ---- names -------------------------------------------------------------------- */

/* Ends of up to MAX_NAME_WORDS words from start, joined by one or two of
 * ' ', '-', '.' (so "Ust-Luga", "St. Petersburg", "Rio de Janeiro"). */
static int name_ends(const char *s, size_t len, size_t start, size_t *ends)
{
    size_t pos = start;
    int n = 0;
    while (n < MAX_NAME_WORDS) {
        word w;
        size_t gap = 0;
        if (!word_at(s, len, pos, &w) || w.start != pos)
            break;
        ends[n++] = w.end;
        pos = w.end;
        while (pos < len && gap < 3 && (s[pos] == ' ' || s[pos] == '-' || s[pos] == '.'))
            pos++, gap++;
        if (gap == 0 || gap > 2)
            break;
    }
    return n;
}

static int emit(scan *c, size_t a, size_t b, const dy_place *p, const char *iso, int cue)
{
    dy_place_mention *m;
    if (c->count >= c->max || a < c->done)
        return 0;
    m = &c->out[c->count++];
    m->start = a, m->end = b, m->place = p, m->cue = cue;
    memcpy(m->country, p ? p->country : iso, 4);
    c->done = b;
    return 1;
}

/* Tries s[a..b) (and without a possessive 's) as a place, then a country. */
static int try_span(scan *c, size_t a, size_t b, int cue)
{
    for (int strip = 0; strip < 2; strip++) {
        const dy_place *p;
        const char *iso;
        if (strip) {
            if (b - a < 3 || c->s[b - 2] != '\'' || (c->s[b - 1] | 0x20) != 's')
                return 0;
            b -= 2;
        }
        if ((p = dy_gazetteer_lookup(c->s + a, b - a)))
            return emit(c, a, b, p, NULL, cue);
        if ((iso = dy_country_lookup(c->s + a, b - a)))
            return emit(c, a, b, NULL, iso, cue);
    }
    return 0;
}

/* The longest name starting at start; with need_cap the first letter must be
 * a capital (or non-ASCII). Returns 1 when a mention was emitted. */
static int name_at(scan *c, size_t start, int cue, int need_cap)
{
    size_t ends[MAX_NAME_WORDS];
    int n;
    if (need_cap && !starts_name((unsigned char)c->s[start]))
        return 0;
    n = name_ends(c->s, c->len, start, ends);
    for (int k = n - 1; k >= 0; k--)
        if (try_span(c, start, ends[k], cue))
            return 1;
    return 0;
}

static const char *adjective_country(const char *s, const word *w)
{
    const char *iso = dy_demonym_lookup(s + w->start, w->end - w->start);
    return iso ? iso : dy_country_lookup(s + w->start, w->end - w->start);
}

/* After "the": ADJ[-ADJ...] border|borders|frontier -> one NEAR mention per
 * adjective ("the Polish-Belarusian border"). */
static int border_at(scan *c, size_t pos)
{
    word adj[MAX_ADJ], w;
    const char *iso[MAX_ADJ];
    int n = 0;
    while (word_at(c->s, c->len, pos, &w)) {
        if (n > 0 && (!strcmp(w.low, "border") || !strcmp(w.low, "borders") ||
                      !strcmp(w.low, "frontier")))
            break;
        if (n == MAX_ADJ || !(iso[n] = adjective_country(c->s, &w)))
            return 0;
        adj[n++] = w;
        pos = w.end;
    }
    if (n == 0 || !word_at(c->s, c->len, pos, &w))
        return 0;
    for (int k = 0; k < n; k++)
        emit(c, adj[k].start, adj[k].end, NULL, iso[k], DY_CUE_NEAR);
    return 1;
}

/* What follows a cue: [the] NAME (when cue > 0), or with border cues "the
 * ADJ border". */
static int after_cue(scan *c, size_t pos, int cue, int border_ok)
{
    word w;
    if (!word_at(c->s, c->len, pos, &w) || !only_spaces(c->s, pos, w.start))
        return 0;
    if (strcmp(w.low, "the"))
        return cue > 0 && name_at(c, w.start, cue, 1);
    if (border_ok && border_at(c, w.end))
        return 1;
    if (cue <= 0)
        return 0;
    if (name_at(c, w.start, cue, 0))
        return 1;
    pos = w.end;
    return word_at(c->s, c->len, pos, &w) && only_spaces(c->s, pos, w.start) &&
           name_at(c, w.start, cue, 1);
}

/* ---- cues ---------------------------------------------------------------------- */

typedef struct {
    word prev[2]; /* the previous word and the one before it */
    size_t starts[RING];
    int nstarts;
} history;

static int is_travel(const history *h)
{
    return in_list(h->prev[0].low, TRAVEL) || in_list(h->prev[1].low, TRAVEL);
}

/* Every word cue_of below tests w against (BORDER_PREPS, IN_PREPS, VISIT,
 * to/for/towards/of/with), by first letter: any other word is no cue, and
 * most words are none. */
static const char *const *cue_words(char first)
{
    static const char *const a[] = {"along", "across", "at", "around", NULL};
    static const char *const b[] = {"by", NULL};
    static const char *const c[] = {"close", NULL};
    static const char *const f[] = {"from", "for", NULL};
    static const char *const i[] = {"in", "inside", NULL};
    static const char *const n[] = {"near", "nearby", NULL};
    static const char *const o[] = {"on", "over", "outside", "of", NULL};
    static const char *const t[] = {"to",     "toward", "towards", "throughout",
                                    "toured", "tour",   "tours",   "touring", NULL};
    static const char *const v[] = {"visited", "visit", "visits", "visiting", NULL};
    static const char *const w[] = {"within", "with", NULL};
    static const char *const none[] = {NULL};
    switch (first) {
    case 'a': return a;
    case 'b': return b;
    case 'c': return c;
    case 'f': return f;
    case 'i': return i;
    case 'n': return n;
    case 'o': return o;
    case 't': return t;
    case 'v': return v;
    case 'w': return w;
    default: return none;
    }
}

/* The cue that word w completes (0 for none); *border when a border phrase may follow. */
static int cue_of(const word *w, const history *h, int *border)
{
    *border = 0;
    if (!in_list(w->low, cue_words(w->low[0])))
        return 0;
    *border = in_list(w->low, BORDER_PREPS);
    if (in_list(w->low, IN_PREPS))
        return (!strcmp(w->low, "in") || !strcmp(w->low, "at")) && in_list(h->prev[0].low, ARRIVE)
                   ? DY_CUE_TO
                   : DY_CUE_IN;
    if (in_list(w->low, VISIT))
        return DY_CUE_TO;
    if ((!strcmp(w->low, "to") || !strcmp(w->low, "for") || !strcmp(w->low, "towards")) &&
        is_travel(h))
        return DY_CUE_TO;
    if (!strcmp(w->low, "of") && in_list(h->prev[0].low, PLACE_NOUNS))
        return DY_CUE_IN;
    if (!strcmp(w->low, "with") && (!strcmp(h->prev[0].low, "border") ||
                                    !strcmp(h->prev[0].low, "borders")))
        return DY_CUE_NEAR;
    return *border ? -1 : 0; /* -1: only a border phrase may follow */
}

/* "Kyiv-based": w is "based" right after a '-'; the name ends at the hyphen. */
static void based(scan *c, const word *w, const history *h)
{
    size_t hy = w->start - 1;
    for (int k = 0; k < h->nstarts; k++) {
        size_t a = h->starts[k];
        if (a < c->done || !starts_name((unsigned char)c->s[a]) || hy <= a)
            continue;
        if (try_span(c, a, hy, DY_CUE_IN))
            return;
    }
}

static void remember(history *h, const word *w)
{
    h->prev[1] = h->prev[0];
    h->prev[0] = *w;
    if (h->nstarts == RING) {
        memmove(h->starts, h->starts + 1, (RING - 1) * sizeof *h->starts);
        h->nstarts--;
    }
    h->starts[h->nstarts++] = w->start;
}

int dy_find_places(const char *s, size_t len, dy_place_mention *out, int max)
{
    scan c = {s, len, out, max, 0, 0};
    history h;
    word w;
    size_t pos = 0;
    if (!s || !out || max <= 0)
        return 0;
    memset(&h, 0, sizeof h);
    while (c.count < c.max && word_at(s, len, pos, &w)) {
        int border, cue = cue_of(&w, &h, &border);
        if (w.low[0] == 'b' && !strcmp(w.low, "based") && w.start > 0 && s[w.start - 1] == '-')
            based(&c, &w, &h);
        remember(&h, &w);
        pos = w.end;
        if (cue && after_cue(&c, w.end, cue, border) && c.done > pos) {
            pos = c.done;
            memset(&h, 0, sizeof h);
        }
    }
    return c.count;
}
