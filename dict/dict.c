/* dict/dict.c - the dictionary model: entries, phrase parsing, word index. */
#include "dict.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code/cameo.h"
#include "util/region.h"
#include "time/date.h"

void dy_options_default(dy_options *o)
{
    memset(o, 0, sizeof *o);
    o->codeby = CODEBY_CLAUSE;
    o->comma_on = 1;
    o->comma_min = 2;
    o->comma_max = 10;
    o->comma_bmin = 128;
    o->comma_bmax = 0;
    o->comma_emin = 2;
    o->comma_emax = 10;
    o->time_shift = -1;
    dy_options_dyad(o, 0);
}

void dy_options_dyad(dy_options *o, int on)
{
    o->place_phrases = o->clause_subject = o->questions = on;
    o->self_pairs_both = o->agent_lists = o->no_source_after = on;
    o->comma_keep_conj = o->implicit_pair = o->reported_speech = on;
    o->acronyms_case = on;
    o->datelines = o->frames = o->light_verbs = o->modifier_actors = on;
    o->clause_markers = on;
}

/* A dictionary lives in a region of its own when the system has them: the
 * whole set is then one range of memory that dict/cache.c can save and map
 * back. Without one, the same code runs on malloc. */
#define DICT_RESERVE ((size_t)8 << 30)

dyad_dict *dyad_dict_new(void)
{
    dy_region *r = dy_region_new(DICT_RESERVE);
    dyad_dict *d = r ? dy_region_alloc(r, sizeof *d) : calloc(1, sizeof *d);
    if (!d) {
        dy_region_free(r);
        return NULL;
    }
    d->region = r;
    if (r)
        dy_arena_init_region(&d->arena, 256 * 1024, r);
    else
        dy_arena_init(&d->arena, 256 * 1024);
    dy_options_default(&d->opt);
    return d;
}

void dyad_dict_free(dyad_dict *d)
{
    if (!d)
        return;
    if (d->region) { /* everything, d included, is in the region */
        dy_region_free(d->region);
        return;
    }
    free(d->entries);
    for (uint32_t i = 0; i < d->nsynsets; i++)
        free(d->synsets[i].byfirst);
    free(d->synsets);
    free(d->tab);
    free(d->keybits);
    free(d->chain);
    free(d->chainword);
    free(d->big);
    free(d->bigorder);
    free(d->bigpos);
    free(d->biggroup);
    free(d->issue_cats);
    free(d->sources);
    free(d->warn);
    dy_arena_free(&d->arena);
    free(d);
}

void *dy_dict_realloc(dyad_dict *d, void *old, size_t old_size, size_t new_size)
{
    if (d->region)
        return dy_region_realloc(d->region, old, old_size, new_size);
    char *p = realloc(old, new_size);
    if (p && new_size > old_size)
        memset(p + old_size, 0, new_size - old_size);
    return p;
}

void dy_dict_release(dyad_dict *d, void *p)
{
    if (!d->region)
        free(p);
}

/* Appends to the warnings text, kept in dictionary memory so that a cached
 * set still lists the warnings of its sources. */
static void warn_append(dyad_dict *d, const char *s, size_t n)
{
    if (d->warnlen + n + 1 > d->warncap) {
        size_t cap = d->warncap ? d->warncap * 2 : 4096;
        while (cap < d->warnlen + n + 1)
            cap *= 2;
        char *p = dy_dict_realloc(d, d->warn, d->warncap, cap);
        if (!p)
            return;
        d->warn = p;
        d->warncap = cap;
    }
    memcpy(d->warn + d->warnlen, s, n);
    d->warnlen += n;
    d->warn[d->warnlen] = '\0';
}

void dy_dict_warn(dyad_dict *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    char msg[512], full[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->nwarnings++;
    if (d->nwarnings <= 1000) {
        int n = snprintf(full, sizeof full, "%s:%d: %s\n", file, line, msg);
        if (n >= (int)sizeof full) { /* a very long path: keep the line ending */
            n = (int)sizeof full - 1;
            full[n - 1] = '\n';
        }
        if (n > 0)
            warn_append(d, full, (size_t)n);
    }
}

const char *dyad_dict_warnings(const dyad_dict *d) { return d->warn ? d->warn : ""; }

void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *st)
{
    memset(st, 0, sizeof *st);
    st->actors = d->count[K_ACTOR];
    st->agents = d->count[K_AGENT];
    st->verbs = d->count[K_VERB];
    st->nouns = d->count[K_NOUN];
    st->adjectives = d->count[K_ADJ];
    st->time_phrases = d->count[K_TIME];
    st->attributions = d->count[K_ATTRIB];
    st->issues = d->count[K_ISSUE];
    st->discards = d->count[K_DISCARD];
    st->prepositions = d->count[K_PREP];
    st->patterns = d->npatterns;
    st->synsets = d->nsynsets;
    st->warnings = d->nwarnings;
}

dy_entry *dy_dict_new_entry(dyad_dict *d, int kind, const char *file, int line)
{
    if (d->nentries == d->capentries) {
        uint32_t cap = d->capentries ? d->capentries * 2 : 1024;
        dy_entry **p = dy_dict_realloc(d, d->entries, d->capentries * sizeof *p, cap * sizeof *p);
        if (!p)
            return NULL;
        d->entries = p;
        d->capentries = cap;
    }
    dy_entry *e = dy_arena_calloc(&d->arena, 1, sizeof *e);
    if (!e)
        return NULL;
    e->kind = (uint8_t)kind;
    e->file = file;
    e->line = line;
    return e;
}

/* ---- phrase parsing ----------------------------------------------------- */

static int is_word_char(int c)
{
    return c && !isspace(c) && c != '_' && c != '~' && c != '=' && c != '{' && c != '}' &&
           c != '|';
}

typedef struct phrase_builder {
    dy_elem e[64];
    uint32_t n;
} phrase_builder;

/* Elements are copied byte for byte, padding included: dictionary memory
 * must hold no stack garbage (dict/cache.c checks an image for stray
 * pointers before saving it). */
static int push_elem(phrase_builder *pb, const dy_elem *el, char *err, size_t errlen)
{
    if (pb->n >= 64) {
        snprintf(err, errlen, "phrase has more than 64 elements");
        return -1;
    }
    memcpy(&pb->e[pb->n++], el, sizeof *el);
    return 0;
}

static int finish_phrase(dyad_dict *d, phrase_builder *pb, dy_phrase *out)
{
    out->n = pb->n;
    out->e = NULL;
    out->first = pb->n && pb->e[0].kind == E_WORD && pb->e[0].len ? pb->e[0].s[0] : 0;
    if (pb->n) {
        out->e = dy_arena_alloc(&d->arena, pb->n * sizeof(dy_elem));
        if (!out->e)
            return -1;
        memcpy(out->e, pb->e, pb->n * sizeof(dy_elem));
    }
    return 0;
}

/* Reads the connector after an element at s[*i] and sets its flags. */
static void read_connector(const char *s, size_t len, size_t *i, dy_elem *el)
{
    while (*i < len) {
        char c = s[*i];
        if (c == '_') {
            if (el->kind == E_WORD)
                el->flags |= F_EXACT;
            (*i)++;
            if (*i < len && !isspace((unsigned char)s[*i]))
                el->flags |= F_NEXT;
        } else if (c == '~') {
            el->flags |= F_NEXT;
            el->flags &= (uint8_t)~F_EXACT;
            (*i)++;
            if (*i < len && s[*i] == '_')
                (*i)++;
        } else if (c == '=') {
            if (el->kind == E_WORD)
                el->flags |= F_EXACT | F_NOEND;
            (*i)++;
        } else {
            break;
        }
    }
}

static int parse_elems(dyad_dict *d, const char *s, size_t len, size_t *i, int allow_tokens,
                       int in_alt, phrase_builder *pb, char *err, size_t errlen);

static int parse_alternatives(dyad_dict *d, const char *s, size_t len, size_t *i,
                              dy_elem *el, char *err, size_t errlen)
{
    dy_phrase alts[32];
    memset(alts, 0, sizeof alts); /* padding included: see push_elem */
    uint32_t n = 0;
    for (;;) {
        phrase_builder sub = {.n = 0};
        if (parse_elems(d, s, len, i, 1, 1, &sub, err, errlen))
            return -1;
        if (n >= 32) {
            snprintf(err, errlen, "more than 32 alternatives in { }");
            return -1;
        }
        if (sub.n == 0) {
            snprintf(err, errlen, "empty alternative in { }");
            return -1;
        }
        if (finish_phrase(d, &sub, &alts[n++]))
            return -1;
        if (*i >= len) {
            snprintf(err, errlen, "missing '}' in alternatives");
            return -1;
        }
        char c = s[(*i)++];
        if (c == '}')
            break;
        /* c == '|' : next alternative */
    }
    el->kind = E_ALT;
    el->nalts = n;
    dy_phrase *a = dy_arena_alloc(&d->arena, n * sizeof *a);
    if (!a)
        return -1;
    memcpy(a, alts, n * sizeof *a);
    el->alts = a;
    return 0;
}

static int parse_token_elem(dyad_dict *d, const char *s, size_t len, size_t *i, dy_elem *el,
                            char *err, size_t errlen)
{
    char c = s[*i];
    memset(el, 0, sizeof *el);
    switch (c) {
    case '*': el->kind = E_VERB; (*i)++; return 1;
    case '$': el->kind = E_SOURCE; (*i)++; return 1;
    case '+': el->kind = E_TARGET; (*i)++; return 1;
    case '%': el->kind = E_COMPOUND; (*i)++; return 1;
    case '^': el->kind = E_SKIP; (*i)++; return 1;
    case '@': el->kind = E_ATTRIB; (*i)++; return 1;
    case '&': {
        size_t j = *i + 1, end;
        while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_'))
            j++;
        end = j;
        /* the longest defined name: "&FIGHT_OF_WORDS" before "&FIGHT" + "_OF_WORDS" */
        dy_synset *ss = NULL;
        while (j > *i + 1 && !(ss = dy_dict_synset(d, s + *i + 1, j - *i - 1, 0))) {
            do
                j--;
            while (j > *i + 1 && s[j] != '_');
        }
        if (end == *i + 1 || s[*i + 1] == '_') {
            snprintf(err, errlen, "'&' without a synset name");
            return -1;
        }
        if (!ss) {
            size_t w = *i + 1;
            while (w < end && s[w] != '_')
                w++;
            snprintf(err, errlen, "unknown synset &%.*s", (int)(w - *i - 1), s + *i + 1);
            return -1;
        }
        el->kind = E_SYNSET;
        el->ref = (uint32_t)(ss - d->synsets);
        *i = j;
        return 1;
    }
    case '{':
        (*i)++;
        return parse_alternatives(d, s, len, i, el, err, errlen) ? -1 : 1;
    default:
        return 0;
    }
}

static int parse_elems(dyad_dict *d, const char *s, size_t len, size_t *i, int allow_tokens,
                       int in_alt, phrase_builder *pb, char *err, size_t errlen)
{
    while (*i < len) {
        unsigned char c = (unsigned char)s[*i];
        if (isspace(c)) {
            (*i)++;
            continue;
        }
        if (in_alt && (c == '|' || c == '}'))
            return 0;
        dy_elem el;
        memset(&el, 0, sizeof el); /* padding included: see push_elem */
        int r = 0;
        if (allow_tokens) {
            r = parse_token_elem(d, s, len, i, &el, err, errlen);
            if (r < 0)
                return -1;
        }
        if (r == 0) {
            if (c == '|' || c == '}' || c == '{') {
                snprintf(err, errlen, "unexpected '%c'", c);
                return -1;
            }
            size_t j = *i;
            while (j < len && is_word_char((unsigned char)s[j]))
                j++;
            if (j == *i) { /* a bare connector: attach to the previous element */
                size_t before = *i;
                if (pb->n)
                    read_connector(s, len, i, &pb->e[pb->n - 1]);
                if (*i == before) /* not a connector either (a NUL byte): skip it */
                    (*i)++;
                continue;
            }
            memset(&el, 0, sizeof el);
            el.kind = E_WORD;
            char *w = dy_arena_strndup(&d->arena, s + *i, j - *i);
            if (!w)
                return -1;
            for (char *p = w; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            el.s = w;
            el.len = (uint16_t)(j - *i);
            if (el.len)
                el.key = (uint16_t)dy_word_key(w, el.len);
            *i = j;
        }
        read_connector(s, len, i, &el);
        if (push_elem(pb, &el, err, errlen))
            return -1;
    }
    return 0;
}

int dy_parse_phrase(dyad_dict *d, const char *s, size_t len, int allow_tokens, dy_phrase *out,
                    char *err, size_t errlen)
{
    phrase_builder pb = {.n = 0};
    size_t i = 0;
    /* hyphens in dictionaries stand for the blank the text filter makes of them */
    char tmp[1024];
    if (len >= sizeof tmp) {
        snprintf(err, errlen, "phrase longer than %zu characters", sizeof tmp - 1);
        return -1;
    }
    for (size_t k = 0; k < len; k++)
        tmp[k] = s[k] == '-' ? '_' : s[k];
    if (parse_elems(d, tmp, len, &i, allow_tokens, 0, &pb, err, errlen))
        return -1;
    if (pb.n == 0) {
        snprintf(err, errlen, "empty phrase");
        return -1;
    }
    return finish_phrase(d, &pb, out);
}

static int elem_length(const dy_elem *e);

int dy_phrase_length(const dy_phrase *p)
{
    int n = 0;
    for (uint32_t i = 0; i < p->n; i++)
        n += elem_length(&p->e[i]);
    return n;
}

static int elem_length(const dy_elem *e)
{
    if (e->kind == E_WORD) {
        int n = 0;
        for (uint16_t i = 0; i < e->len; i++)
            n += isalnum((unsigned char)e->s[i]) != 0;
        return n;
    }
    if (e->kind == E_ALT) {
        int best = 0;
        for (uint32_t i = 0; i < e->nalts; i++) {
            int l = dy_phrase_length(&e->alts[i]);
            if (l > best)
                best = l;
        }
        return best;
    }
    return 0;
}

/* ---- codes ------------------------------------------------------------- */

static int is_special(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            continue;
        if (s[i] != c)
            return 0;
        k++;
    }
    return k == 3;
}

int dy_parse_vcode(dyad_dict *d, const char *s, size_t len, dy_vcode *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0) {
        snprintf(err, errlen, "no code in [ ]");
        return -1;
    }
    if (is_special(s, len, '-')) {
        out->kind = C_NULL;
        return 0;
    }
    if (is_special(s, len, '#')) {
        out->kind = C_DISCARD;
        return 0;
    }
    if (is_special(s, len, '+')) {
        out->kind = C_COMPLEX;
        return 0;
    }
    if (s[len - 1] == '?')
        out->subordinate = 1, len--;
    else if (s[len - 1] == '!')
        out->dominant = 1, len--;
    const char *colon = memchr(s, ':', len);
    size_t l1 = colon ? (size_t)(colon - s) : len;
    for (size_t i = 0; i < len; i++) {
        if (!isalnum((unsigned char)s[i]) && s[i] != ':') {
            snprintf(err, errlen, "invalid character '%c' in code [%.*s]", s[i], (int)len, s);
            return -1;
        }
    }
    if (l1 == 0) {
        snprintf(err, errlen, "empty event code");
        return -1;
    }
    out->kind = C_EVENT;
    out->code = dy_arena_strndup(&d->arena, s, l1);
    if (colon)
        out->paired = dy_arena_strndup(&d->arena, colon + 1, len - l1 - 1);
    return out->code ? 0 : -1;
}

/* ---- synsets ------------------------------------------------------------ */

/* Walks the synsets a new member refers to. The synsets already read form
 * no cycle and nest at most DY_MAX_SYNSET_DEPTH deep, so the walk recurses
 * at most that deep (plus the nesting of { } within one phrase, which its
 * length bounds); memo[r] is the depth of synset r once known. */
typedef struct nest_walk {
    const dyad_dict *d;
    uint32_t target; /* the synset the member joins */
    uint8_t *memo;
} nest_walk;

static int phrase_nesting(nest_walk *w, const dy_phrase *ph, int level);

/* Depth of synset r seen at level (1 = referred to by the new member):
 * 1 + the deepest synset in its phrases; -1 when r is the target (a
 * cycle), -2 when the nesting passes the limit. */
static int synset_nesting(nest_walk *w, uint32_t r, int level)
{
    if (r == w->target)
        return -1;
    if (level > DY_MAX_SYNSET_DEPTH)
        return -2;
    if (!w->memo[r]) {
        const dy_synset *ss = &w->d->synsets[r];
        int best = 0;
        for (uint32_t i = 0; i < ss->n; i++) {
            int k = phrase_nesting(w, &ss->ph[i], level + 1);
            if (k < 0)
                return k;
            best = k > best ? k : best;
        }
        w->memo[r] = (uint8_t)(best + 1 > 255 ? 255 : best + 1);
    }
    return level + w->memo[r] - 1 > DY_MAX_SYNSET_DEPTH ? -2 : w->memo[r];
}

/* The deepest synset nesting in ph, whose synsets are at level. */
static int phrase_nesting(nest_walk *w, const dy_phrase *ph, int level)
{
    int best = 0;
    for (uint32_t k = 0; k < ph->n; k++) {
        const dy_elem *e = &ph->e[k];
        int n = 0;
        if (e->kind == E_SYNSET)
            n = synset_nesting(w, e->ref, level);
        for (uint32_t a = 0; e->kind == E_ALT && a < e->nalts && n >= 0; a++) {
            int m = phrase_nesting(w, &e->alts[a], level);
            n = m < 0 || m > n ? m : n;
        }
        if (n < 0)
            return n;
        best = n > best ? n : best;
    }
    return best;
}

static int refers_to_synsets(const dy_phrase *ph)
{
    for (uint32_t k = 0; k < ph->n; k++) {
        const dy_elem *e = &ph->e[k];
        if (e->kind == E_SYNSET)
            return 1;
        for (uint32_t a = 0; e->kind == E_ALT && a < e->nalts; a++)
            if (refers_to_synsets(&e->alts[a]))
                return 1;
    }
    return 0;
}

int dy_synset_check_member(dyad_dict *d, const dy_synset *ss, const dy_phrase *ph, char *err,
                           size_t errlen)
{
    if (!refers_to_synsets(ph))
        return 0;
    nest_walk w = {d, (uint32_t)(ss - d->synsets), calloc(d->nsynsets, 1)};
    if (!w.memo) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int n = phrase_nesting(&w, ph, 1);
    free(w.memo);
    if (n == -1)
        snprintf(err, errlen, "synset &%s would contain itself (directly or through the synsets "
                 "in this member): a cycle, which no sentence could end", ss->name);
    else if (n < 0 || n + 1 > DY_MAX_SYNSET_DEPTH)
        snprintf(err, errlen, "synset &%s would nest synsets more than %d deep", ss->name,
                 DY_MAX_SYNSET_DEPTH);
    return n < 0 || n + 1 > DY_MAX_SYNSET_DEPTH ? -1 : 0;
}

dy_synset *dy_dict_synset(dyad_dict *d, const char *name, size_t len, int create)
{
    for (uint32_t i = 0; i < d->nsynsets; i++)
        if (strlen(d->synsets[i].name) == len && !strncasecmp(d->synsets[i].name, name, len))
            return &d->synsets[i];
    if (!create)
        return NULL;
    if (d->nsynsets == d->capsynsets) {
        uint32_t cap = d->capsynsets ? d->capsynsets * 2 : 16;
        dy_synset *p = dy_dict_realloc(d, d->synsets, d->capsynsets * sizeof *p, cap * sizeof *p);
        if (!p)
            return NULL;
        d->synsets = p;
        d->capsynsets = cap;
    }
    dy_synset *ss = &d->synsets[d->nsynsets++];
    memset(ss, 0, sizeof *ss);
    char *n = dy_arena_strndup(&d->arena, name, len);
    if (!n)
        return NULL;
    for (char *p = n; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    ss->name = n;
    return ss;
}

/* ---- index ------------------------------------------------------------- */

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The bit of a key hash in keybits (tabcap * 4 bits); other bits of the hash
 * than those that choose the bucket. */
static uint32_t key_bit(uint32_t hash, uint32_t tabcap)
{
    return (hash * 0x9e3779b1u) >> 7 & (tabcap * 4 - 1);
}

static int may_be_key(const dyad_dict *d, uint32_t hash)
{
    uint32_t bit = key_bit(hash, d->tabcap);
    return (d->keybits[bit / 64] >> (bit % 64)) & 1;
}

static void set_key_bit(uint64_t *bits, uint32_t hash, uint32_t tabcap)
{
    uint32_t bit = key_bit(hash, tabcap);
    bits[bit / 64] |= 1ull << (bit % 64);
}

static int grow_table(dyad_dict *d)
{
    uint32_t cap = d->tabcap ? d->tabcap * 2 : 4096;
    dy_bucket *t = dy_dict_realloc(d, NULL, 0, cap * sizeof *t);
    uint64_t *bits = dy_dict_realloc(d, NULL, 0, cap / 16 * sizeof *bits);
    if (!t || !bits) {
        dy_dict_release(d, t);
        dy_dict_release(d, bits);
        return -1;
    }
    for (uint32_t i = 0; i < d->tabcap; i++) {
        dy_bucket *b = &d->tab[i];
        if (!b->key)
            continue;
        uint32_t hash = hash_key(b->key, b->len), h = hash & (cap - 1);
        while (t[h].key)
            h = (h + 1) & (cap - 1);
        t[h] = *b;
        set_key_bit(bits, hash, cap);
    }
    dy_dict_release(d, d->tab);
    dy_dict_release(d, d->keybits);
    d->keybits = bits;
    d->tab = t;
    d->tabcap = cap;
    return 0;
}

/* (inline: dy_dict_lookup probes every prefix of every token) */
static inline dy_bucket *find_bucket_hashed(const dyad_dict *d, const char *s, size_t n, uint32_t hash)
{
    if (!d->tabcap || !may_be_key(d, hash))
        return NULL;
    uint32_t h = hash & (d->tabcap - 1);
    while (d->tab[h].key) {
        if (d->tab[h].len == n && !memcmp(d->tab[h].key, s, n))
            return &d->tab[h];
        h = (h + 1) & (d->tabcap - 1);
    }
    return NULL;
}

static dy_bucket *find_bucket(const dyad_dict *d, const char *s, size_t n)
{
    return find_bucket_hashed(d, s, n, hash_key(s, n));
}

/* Key of the literal word of ph after its first element that the fewest
 * sentences are likely to have, DY_NO_WORD when there is none. A key is
 * made of a word's first three letters at most: a longer key is rarer (in
 * "MINISTER OF DEFENSE", DEF says more than OF, which most sentences have). */
static uint16_t chain_word_key(const dy_phrase *ph)
{
    uint16_t key = DY_NO_WORD, best = 0;
    for (uint32_t k = 1; k < ph->n; k++) {
        const dy_elem *x = &ph->e[k];
        uint16_t n = x->len < 3 ? x->len : 3;
        if (x->kind == E_WORD && n > best) {
            best = n;
            key = x->key;
        }
    }
    return key;
}

int dy_dict_index(dyad_dict *d, dy_entry *e)
{
    if (e->ph.n == 0 || e->ph.e[0].kind != E_WORD)
        return -1;
    const dy_elem *w = &e->ph.e[0];
    if ((d->tabused + 1) * 2 > d->tabcap && grow_table(d))
        return -1;
    if (d->nentries >= d->chaincap) {
        uint32_t cap = d->chaincap ? d->chaincap * 2 : 1024;
        uint32_t *c = dy_dict_realloc(d, d->chain, d->chaincap * sizeof *c, cap * sizeof *c);
        if (!c)
            return -1;
        d->chain = c;
        uint16_t *cw = dy_dict_realloc(d, d->chainword, d->chaincap * sizeof *cw, cap * sizeof *cw);
        if (!cw)
            return -1;
        d->chainword = cw;
        d->chaincap = cap;
    }
    dy_bucket *b = find_bucket(d, w->s, w->len);
    if (!b) {
        uint32_t hash = hash_key(w->s, w->len), h = hash & (d->tabcap - 1);
        while (d->tab[h].key)
            h = (h + 1) & (d->tabcap - 1);
        set_key_bit(d->keybits, hash, d->tabcap);
        b = &d->tab[h];
        b->key = w->s;
        b->len = w->len;
        b->big = 0;
        b->first = 0;
        d->tabused++;
    }
    uint32_t idx = d->nentries;
    e->seq = idx;
    d->entries[idx] = e;
    d->chain[idx] = b->first;
    d->chainword[idx] = chain_word_key(&e->ph);
    b->first = idx + 1;
    d->nentries++;
    if (w->len > d->maxkey)
        d->maxkey = w->len;
    if (e->kind < K_NKINDS)
        d->count[e->kind]++;
    e->length = dy_phrase_length(&e->ph);
    return 0;
}

/* Regular endings accepted after an exact word (manual 5.2.3): nouns,
 * actors and agents take plural and possessive endings, verbs take verb
 * endings. */
typedef struct ending {
    const char *s;
    size_t n;
} ending;

static int in_list(const char *rest, size_t n, const ending *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (list[i].n == n && !memcmp(rest, list[i].s, n))
            return 1;
    return 0;
}

static int is_regular_ending(const dy_elem *w, const char *rest, size_t n)
{
    static const ending noun[] = {{"S", 1}, {"ES", 2}, {"'S", 2}, {"S'", 2}, {"'", 1}};
    static const ending verb[] = {{"S", 1}, {"ES", 2}, {"ED", 2}, {"EN", 2}, {"ING", 3}};
    if (n == 0)
        return 1;
    if (w->flags & (F_VERBW | F_PATW)) {
        if ((w->flags & F_PATW) && (w->flags & F_NEXT))
            return 0;
        if (w->len && w->s[w->len - 1] == 'E' && n == 1 && rest[0] == 'D')
            return 1;
        return in_list(rest, n, verb, 5);
    }
    return in_list(rest, n, noun, 5);
}

int dy_word_ending_ok(const dy_elem *w, const char *rest, size_t n)
{
    return is_regular_ending(w, rest, n);
}

/* 0 when a literal word of e's phrase after the first is not among words
 * (NULL: no words to test against). */
static int words_may_occur(const dy_entry *e, const uint64_t *words)
{
    if (!words)
        return 1;
    for (uint32_t k = 1; k < e->ph.n; k++) {
        const dy_elem *x = &e->ph.e[k];
        if (x->kind == E_WORD && x->len && !(words[x->key / 64] >> (x->key % 64) & 1))
            return 0;
    }
    return 1;
}

void dy_dict_lookup(const dyad_dict *d, const char *tok, size_t len, dy_entry_fn fn, void *ud)
{
    dy_dict_lookup_in(d, tok, len, NULL, fn, ud);
}

/* Offers entry e of a bucket to fn when it can match. Every entry of a
 * bucket has the same first word, so whether that word matches tok depends
 * only on its flags: worked out once per flags value (*known, *matches).
 * 1 when fn asked to stop. */
static inline int offer(const dy_entry *e, const char *tok, size_t len, const uint64_t *words,
                        uint32_t *known, uint32_t *matches, dy_entry_fn fn, void *ud)
{
    uint32_t bit = 1u << (e->ph.e[0].flags & 31);
    if (!(*known & bit)) {
        *known |= bit;
        *matches |= dy_word_matches(&e->ph.e[0], tok, len) ? bit : 0;
    }
    return (*matches & bit) && words_may_occur(e, words) && fn(e, ud);
}

/* Offers bucket b's entries along the chain. 1 when fn asked to stop. */
static int lookup_chain(const dyad_dict *d, const dy_bucket *b, const char *tok, size_t len,
                        const uint64_t *words, dy_entry_fn fn, void *ud)
{
    uint32_t known = 0, matches = 0;
    for (uint32_t i = b->first; i; i = d->chain[i - 1]) {
        uint16_t w2 = d->chainword[i - 1]; /* words_may_occur's first test, kept here */
        if (words && w2 != DY_NO_WORD && !(words[w2 / 64] >> (w2 % 64) & 1))
            continue;
        if (offer(d->entries[i - 1], tok, len, words, &known, &matches, fn, ud))
            return 1;
    }
    return 0;
}

static unsigned low_bit(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned k = 0;
    for (; !(x & 1); x >>= 1)
        k++;
    return k;
#endif
}

static unsigned bit_count(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_popcountll(x);
#else
    unsigned k = 0;
    for (; x; x &= x - 1)
        k++;
    return k;
#endif
}

#define BIG_MIN 48   /* entries from which a bucket is worth a dy_bigbucket */
#define BIG_MAX 4096 /* entries up to which it fits one (positions as bits) */

/* Sets in sel the positions of group g of bb. */
static void select_group(const dyad_dict *d, const dy_bigbucket *bb, uint32_t g, uint64_t *sel)
{
    for (uint32_t k = d->biggroup[bb->groups + g]; k < d->biggroup[bb->groups + g + 1]; k++)
        sel[d->bigpos[k] / 64] |= 1ull << (d->bigpos[k] % 64);
}

/* Offers the entries of big bucket b that lookup_chain would (those without
 * a key, or whose key is among words), in the same order. 1 when fn asked
 * to stop. */
static int lookup_big(const dyad_dict *d, const dy_bucket *b, const char *tok, size_t len,
                      const uint64_t *words, dy_entry_fn fn, void *ud)
{
    const dy_bigbucket *bb = &d->big[b->big - 1];
    uint64_t sel[BIG_MAX / 64];
    uint32_t nw = (bb->n + 63) / 64;
    memset(sel, 0, nw * sizeof *sel);
    select_group(d, bb, 0, sel);
    for (uint32_t w = 0; w < 64; w++)
        for (uint64_t x = words[w] & bb->keys[w]; x; x &= x - 1) {
            uint64_t below = bb->keys[w] & ((x & -x) - 1); /* keys before this one */
            select_group(d, bb, 1u + bb->rank[w] + bit_count(below), sel);
        }
    uint32_t known = 0, matches = 0;
    for (uint32_t w = 0; w < nw; w++)
        for (uint64_t x = sel[w]; x; x &= x - 1) {
            const dy_entry *e = d->entries[d->bigorder[bb->first + w * 64 + low_bit(x)]];
            if (offer(e, tok, len, words, &known, &matches, fn, ud))
                return 1;
        }
    return 0;
}

void dy_dict_lookup_in(const dyad_dict *d, const char *tok, size_t len, const uint64_t *words,
                       dy_entry_fn fn, void *ud)
{
    size_t max = len < d->maxkey ? len : d->maxkey;
    /* the hash of every prefix in one pass (FNV-1a extends byte by byte) */
    uint32_t hashes[256], h = 2166136261u;
    size_t nh = max < 256 ? max : 255;
    for (size_t i = 0; i < nh; i++)
        hashes[i + 1] = h = (h ^ (unsigned char)tok[i]) * 16777619u;
    int big = words && d->bigmade == d->nentries;
    /* longest prefixes first so longer keys are offered before shorter ones */
    for (size_t n = max; n >= 1; n--) { /* n counts down to 1 */
        const dy_bucket *b = n <= nh ? find_bucket_hashed(d, tok, n, hashes[n])
                                     : find_bucket(d, tok, n);
        if (b && (big && b->big ? lookup_big(d, b, tok, len, words, fn, ud)
                                : lookup_chain(d, b, tok, len, words, fn, ud)))
            return;
    }
    /* "LIBYA'S" also matches the exact entry LIBYA when 'S ends the token */
}

/* ---- big buckets (dy_bigbucket) ------------------------------------------ */

/* A position of a big bucket with its key: no key first, then by key, then
 * by position. */
typedef struct big_item {
    uint32_t key; /* chainword + 1, 0 for none */
    uint32_t pos;
} big_item;

static int cmp_big_item(const void *a, const void *b)
{
    const big_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static uint32_t chain_length(const dyad_dict *d, const dy_bucket *b)
{
    uint32_t n = 0;
    for (uint32_t i = b->first; i; i = d->chain[i - 1])
        n++;
    return n;
}

/* Fills bb from bucket b; items is scratch for BIG_MAX; *nord and *ngrp are
 * the parts of bigorder (and bigpos) and biggroup used so far. */
static void index_big(dyad_dict *d, const dy_bucket *b, dy_bigbucket *bb, big_item *items,
                      uint32_t *nord, uint32_t *ngrp)
{
    uint32_t n = 0;
    bb->first = *nord;
    for (uint32_t i = b->first; i; i = d->chain[i - 1], n++) {
        d->bigorder[*nord + n] = i - 1;
        uint16_t k = d->chainword[i - 1];
        items[n] = (big_item){k == DY_NO_WORD ? 0 : k + 1u, n};
        if (k != DY_NO_WORD)
            bb->keys[k / 64] |= 1ull << (k % 64);
    }
    bb->n = n;
    for (uint32_t w = 1; w < 64; w++)
        bb->rank[w] = (uint16_t)(bb->rank[w - 1] + bit_count(bb->keys[w - 1]));
    qsort(items, n, sizeof *items, cmp_big_item);
    bb->groups = *ngrp;
    d->biggroup[(*ngrp)++] = *nord; /* group 0 (no key, sorted first; maybe empty) */
    for (uint32_t k = 0; k < n; k++) {
        if (items[k].key && (k == 0 || items[k].key != items[k - 1].key))
            d->biggroup[(*ngrp)++] = *nord + k;
        d->bigpos[*nord + k] = (uint16_t)items[k].pos;
    }
    d->biggroup[(*ngrp)++] = *nord + n;
    *nord += n;
}

/* Indexes the buckets with many entries; when memory is short, lookups walk
 * every chain instead. */
static void make_big(dyad_dict *d)
{
    uint32_t nbig = 0, nord = 0, ngrp = 0;
    for (uint32_t h = 0; h < d->tabcap; h++) {
        uint32_t n = d->tab[h].key ? chain_length(d, &d->tab[h]) : 0;
        d->tab[h].big = 0;
        if (n >= BIG_MIN && n <= BIG_MAX && nbig < UINT16_MAX) {
            d->tab[h].big = (uint16_t)++nbig;
            nord += n;
            ngrp += n + 2;
        }
    }
    d->bigmade = d->nentries + 1; /* stale until done */
    if (!nbig)
        return;
    big_item *items = malloc(BIG_MAX * sizeof *items); /* scratch, not kept */
    d->big = dy_dict_realloc(d, NULL, 0, nbig * sizeof *d->big);
    d->bigorder = dy_dict_realloc(d, NULL, 0, nord * sizeof *d->bigorder);
    d->bigpos = dy_dict_realloc(d, NULL, 0, nord * sizeof *d->bigpos);
    d->biggroup = dy_dict_realloc(d, NULL, 0, ngrp * sizeof *d->biggroup);
    if (items && d->big && d->bigorder && d->bigpos && d->biggroup) {
        d->nbig = nbig;
        nord = ngrp = 0;
        for (uint32_t h = 0; h < d->tabcap; h++)
            if (d->tab[h].big)
                index_big(d, &d->tab[h], &d->big[d->tab[h].big - 1], items, &nord, &ngrp);
        d->bigmade = d->nentries;
    }
    free(items);
}

/* ---- verbs -------------------------------------------------------------- */

int dy_verb_add_pattern(dyad_dict *d, dy_verb *v, const dy_pattern *p)
{
    if (v->npat == v->cappat) {
        uint32_t cap = v->cappat ? v->cappat * 2 : 4;
        dy_pattern *np = dy_arena_alloc(&d->arena, cap * sizeof *np);
        if (!np)
            return -1;
        if (v->npat)
            memcpy(np, v->pat, v->npat * sizeof *np);
        v->pat = np;
        v->cappat = cap;
    }
    memcpy(&v->pat[v->npat++], p, sizeof *p); /* padding included: see push_elem */
    d->npatterns++;
    return 0;
}

static int cmp_pattern(const void *a, const void *b)
{
    const dy_pattern *x = a, *y = b;
    if (x->length != y->length)
        return y->length - x->length;
    return x->line - y->line; /* stable: earlier lines first */
}

/* ---- checks when loading ends: warnings, never errors ------------------- */

static void check_code(dyad_dict *d, const char *code, const char *file, int line)
{
    if (code && !dy_cameo_lookup(code))
        dy_dict_warn(d, file, line, "unknown CAMEO event code [%s]", code);
}

/* Verb roots and patterns whose codes are not in CAMEO (a typo such as
 * [0422] or [14O] would otherwise code events nobody can interpret). */
static void check_event_codes(dyad_dict *d)
{
    for (uint32_t i = 0; i < d->nentries; i++) {
        const dy_entry *e = d->entries[i];
        const dy_verb *v = e->verb;
        if (e->kind != K_VERB || !v || e->text != v->text)
            continue; /* each root once: its first form carries the root's text */
        if (v->code.kind == C_EVENT)
            check_code(d, v->code.code, e->file, e->line);
        check_code(d, v->code.paired, e->file, e->line);
        for (uint32_t k = 0; k < v->npat; k++) {
            const dy_pattern *p = &v->pat[k];
            if (p->code.kind == C_EVENT)
                check_code(d, p->code.code, p->file ? p->file : e->file, p->line);
            check_code(d, p->code.paired, p->file ? p->file : e->file, p->line);
        }
    }
}

static const char *const kind_name[K_NKINDS] = {
    "actor", "agent", "verb", "noun", "adjective", "time phrase", "attribution phrase",
    "issue phrase", "discard phrase", "preposition"};

static int cmp_elem(const dy_elem *x, const dy_elem *y)
{
    if (x->kind != y->kind || x->flags != y->flags)
        return x->kind != y->kind ? x->kind - y->kind : x->flags - y->flags;
    if (x->kind == E_SYNSET)
        return x->ref < y->ref ? -1 : x->ref > y->ref;
    if (x->kind == E_ALT) /* alternatives are never the same phrase */
        return x->alts < y->alts ? -1 : x->alts > y->alts;
    if (x->len != y->len)
        return x->len - y->len;
    return x->len ? memcmp(x->s, y->s, x->len) : 0;
}

/* Orders entries by kind, then phrase (as parsed: a form's own words), then
 * loading order. */
static int cmp_entry_phrase(const void *a, const void *b)
{
    const dy_entry *x = *(const dy_entry *const *)a, *y = *(const dy_entry *const *)b;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    for (uint32_t k = 0; k < x->ph.n && k < y->ph.n; k++) {
        int c = cmp_elem(&x->ph.e[k], &y->ph.e[k]);
        if (c)
            return c;
    }
    if (x->ph.n != y->ph.n)
        return x->ph.n < y->ph.n ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int same_phrase(const dy_entry *x, const dy_entry *y)
{
    if (x->kind != y->kind || x->ph.n != y->ph.n)
        return 0;
    for (uint32_t k = 0; k < x->ph.n; k++)
        if (cmp_elem(&x->ph.e[k], &y->ph.e[k]))
            return 0;
    return 1;
}

/* The words of a phrase, for messages. */
static void phrase_words(const dy_phrase *p, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < p->n && k + 1 < cap; i++) {
        const dy_elem *e = &p->e[i];
        int w = snprintf(out + k, cap - k, "%s%.*s", k ? " " : "",
                         e->kind == E_WORD ? (int)e->len : 3, e->kind == E_WORD ? e->s : "...");
        if (w < 0)
            break;
        k += (size_t)w < cap - k ? (size_t)w : cap - k - 1;
    }
}

/* The same phrase twice in one kind: the earlier entry always wins, so the
 * later one is dead (TABARI dictionaries merged by hand have many). */
static void check_duplicates(dyad_dict *d)
{
    const dy_entry **v = malloc((d->nentries ? d->nentries : 1) * sizeof *v);
    uint32_t n = 0;
    if (!v)
        return; /* a check, not a need: skipped when memory is short */
    for (uint32_t i = 0; i < d->nentries; i++)
        if (d->entries[i]->kind < K_NKINDS && d->entries[i]->ph.n)
            v[n++] = d->entries[i];
    qsort(v, n, sizeof *v, cmp_entry_phrase);
    for (uint32_t i = 1; i < n; i++) {
        uint32_t first = i - 1;
        for (; i < n && same_phrase(v[i], v[first]); i++) {
            char words[128];
            phrase_words(&v[i]->ph, words, sizeof words);
            dy_dict_warn(d, v[i]->file, v[i]->line,
                         "duplicate %s '%s' (first at %s:%d): only the first is used",
                         kind_name[v[i]->kind], words, v[first]->file, v[first]->line);
        }
    }
    free(v);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ss->byfirst (dy_synset); left stale (nbyfirst != n) when memory is short or
 * a phrase does not start with a word. */
static void synset_byfirst(dyad_dict *d, dy_synset *ss)
{
    if (!ss->words_first || ss->n == 0 || ss->n >= (1u << 24))
        return;
    uint32_t *v = dy_dict_realloc(d, ss->byfirst, ss->nbyfirst * sizeof *v, ss->n * sizeof *v);
    if (!v)
        return;
    for (uint32_t k = 0; k < ss->n; k++)
        v[k] = (uint32_t)(unsigned char)ss->ph[k].first << 24 | k;
    qsort(v, ss->n, sizeof *v, cmp_u32);
    ss->byfirst = v;
    ss->nbyfirst = ss->n;
}

/* The first letters of a synset's phrases, for the matcher (dy_synset). */
static void synset_firsts(dy_synset *ss)
{
    memset(ss->firsts, 0, sizeof ss->firsts);
    ss->words_first = 1;
    for (uint32_t k = 0; k < ss->n; k++) {
        unsigned char c = (unsigned char)ss->ph[k].first;
        if (!c)
            ss->words_first = 0;
        ss->firsts[c / 64] |= 1ull << (c % 64);
    }
}

void dy_dict_finish(dyad_dict *d)
{
    for (uint32_t i = 0; i < d->nsynsets; i++) {
        synset_firsts(&d->synsets[i]);
        synset_byfirst(d, &d->synsets[i]);
    }
    for (uint32_t i = 0; i < d->nentries; i++) {
        dy_verb *v = d->entries[i]->verb;
        if (v && v->npat > 1 && d->entries[i]->text == v->text)
            qsort(v->pat, v->npat, sizeof *v->pat, cmp_pattern);
    }
    check_event_codes(d);
    check_duplicates(d);
    if (!d->big) /* made once: a set finished again keeps them (see bigmade) */
        make_big(d);
}

void dyad_dict_finish(dyad_dict *d) { dy_dict_finish(d); }

/* ---- dates ------------------------------------------------------------- */

int dy_dict_parse_date(const char *s, size_t len, int yyyy, long *days)
{
    dy_date dt;
    (void)yyyy; /* 6 digits pivot on 30, 8 digits are full years: both accepted */
    if (dy_date_parse_digits(s, len, &dt))
        return -1;
    *days = dy_date_to_days(dt);
    return 0;
}
