/* code/api.c - the public coding interface: documents in, events out. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cameo.h"
#include "countries.h"
#include "geo/geo.h"
#include "plover.h"
#include "dyad.h"
#include "sentence.h"
#include "text/clean.h"
#include "text/dateline.h"
#include "text/sentence.h"
#include "time/date.h"

struct dyad_coder {
    const dyad_dict *d;
    dy_options opt;
    dy_arena arena;     /* per sentence scratch, reset after each */
    int modality;
    int keep_repeats;
    dyad_warning_fn warn; /* NULL: warnings are dropped */
    void *warn_user;
};

dyad_coder *dyad_coder_new(const dyad_dict *d)
{
    dyad_coder *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->d = d;
    c->opt = d->opt;
    dy_arena_init(&c->arena, 64 * 1024);
    return c;
}

void dyad_coder_free(dyad_coder *c)
{
    if (!c)
        return;
    dy_arena_free(&c->arena);
    free(c);
}

void dyad_coder_set_modality(dyad_coder *c, int filter) { c->modality = filter; }

void dyad_coder_keep_repeats(dyad_coder *c, int keep) { c->keep_repeats = keep; }

void dyad_coder_set_warnings(dyad_coder *c, dyad_warning_fn fn, void *user)
{
    c->warn = fn;
    c->warn_user = user;
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void warn(const dyad_coder *c, const char *doc, int sentence, long offset,
                 const char *fmt, ...)
{
    if (!c->warn)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dyad_warning w = {doc, sentence, offset, msg};
    c->warn(&w, c->warn_user);
}

/* Invalid UTF-8 and NUL bytes are repaired by cleaning: say so, once each. */
static void warn_damage(const dyad_coder *c, const char *doc, const char *text, size_t len)
{
    if (!c->warn)
        return;
    dy_text_damage dm;
    dy_text_find_damage(text, len, &dm);
    if (dm.invalid)
        warn(c, doc, 0, (long)dm.first_invalid,
             "%zu invalid UTF-8 sequence%s replaced by U+FFFD (the first at byte %zu)", dm.invalid,
             dm.invalid == 1 ? "" : "s", dm.first_invalid);
    if (dm.nuls)
        warn(c, doc, 0, (long)dm.first_nul, "%zu NUL byte%s dropped (the first at byte %zu)",
             dm.nuls, dm.nuls == 1 ? "" : "s", dm.first_nul);
}

dy_options *dy_coder_options(dyad_coder *c) { return &c->opt; }

static long today(void)
{
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    dy_date dt = {tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday};
    return dy_date_to_days(dt);
}

void dy_coder_reset(dyad_coder *c)
{
    /* keep one block around: free and re-init is cheap compared to coding */
    dy_arena_free(&c->arena);
    dy_arena_init(&c->arena, 64 * 1024);
}

void dy_sentence_init(dy_sentence *s, dyad_coder *c, const char *text, size_t len, long date)
{
    memset(s, 0, sizeof *s);
    s->arena = &c->arena;
    s->d = c->d;
    s->opt = &c->opt;
    s->text = text;
    s->len = len;
    s->date = date;
    s->date_known = 1;
    s->pair_unit = -1;
}

static void fill_actor(dyad_actor *a, const dy_sentence *s, int m, const char *code, char *textbuf,
                       size_t cap)
{
    memset(a, 0, sizeof *a);
    if (code && code[0] == '~') /* an agent without a country */
        code++;
    a->code = code ? code : "";
    a->sector = "";
    a->start = a->end = -1;
    a->text = "";
    if (code && dy_is_country_code(code)) {
        const char *iso = dy_iso_country(code); /* ROMGOV -> country ROU */
        memcpy(a->country, iso ? iso : code, 3);
        a->country[3] = '\0';
        a->sector = code + 3;
    } else if (code && strlen(code) >= 3) {
        a->sector = code; /* IGOs, NGOs, agents without a state */
    }
    if (m >= 0 && s->m[m].first >= 0) { /* implicit actors have no words */
        const dy_member *mm = &s->m[m];
        a->start = s->t[mm->first].start;
        a->end = s->t[mm->last].end;
        size_t n = (size_t)(a->end - a->start);
        if (n >= cap)
            n = cap - 1;
        memcpy(textbuf, s->text + a->start, n);
        textbuf[n] = '\0';
        a->text = textbuf;
    }
}

static void fill_location(dyad_location *l, const dy_sentence *s, int loc, char *buf,
                          size_t cap)
{
    memset(l, 0, sizeof *l);
    l->name = "";
    l->start = l->end = -1;
    if (loc < 0 || loc >= s->nplaces)
        return;
    const dy_place_mention *m = &s->places[loc];
    memcpy(l->country, m->country, 4);
    /* the dateline's city is outside the sentence: no span */
    l->start = m->cue == DY_CUE_DATELINE ? -1 : (int)m->start;
    l->end = m->cue == DY_CUE_DATELINE ? -1 : (int)m->end;
    if (m->place) {
        l->name = m->place->name;
        l->lat = m->place->lat;
        l->lon = m->place->lon;
        l->has_coords = 1;
    } else { /* a country, or "the Polish border": the words as written */
        size_t n = m->end - m->start < cap - 1 ? m->end - m->start : cap - 1;
        memcpy(buf, s->text + m->start, n);
        buf[n] = '\0';
        l->name = buf;
    }
}

/* The pairs of actors a document names ("Putin and Lukashenka", "Russia and
 * Belarus"); the one named most often is what "both countries", "they" and
 * event nouns without actors refer to. */
typedef struct pair_memory {
    struct {
        char code[4][32];
        int n, count, last;
    } p[8];
    int n;
} pair_memory;

static int same_pair(const char (*a)[32], int na, const char (*b)[32], int nb)
{
    if (na != nb)
        return 0;
    for (int i = 0; i < na; i++) {
        int found = 0;
        for (int j = 0; j < nb; j++)
            found |= !strncmp(a[i], b[j], 3); /* same states, any sector */
        if (!found)
            return 0;
    }
    return 1;
}

static void pair_seen(pair_memory *m, const dy_sentence *s, int when)
{
    for (int i = 0; i < m->n; i++)
        if (same_pair(m->p[i].code, m->p[i].n, s->pair, s->npair)) {
            m->p[i].count++;
            m->p[i].last = when;
            return;
        }
    int k = m->n < 8 ? m->n++ : 7;
    memcpy(m->p[k].code, s->pair, sizeof s->pair);
    m->p[k].n = s->npair;
    m->p[k].count = 1;
    m->p[k].last = when;
}

/* A pair named once is not yet what the document is about: "Zelensky
 * signed with Germany and France ... Arab states renewed their calls" must
 * not make "their" Germany and France. */
enum { PAIR_MIN_MENTIONS = 2 };

static void pair_best(const pair_memory *m, dy_sentence *s)
{
    int best = -1;
    for (int i = 0; i < m->n; i++)
        if (best < 0 || m->p[i].count > m->p[best].count ||
            (m->p[i].count == m->p[best].count && m->p[i].last > m->p[best].last))
            best = i;
    if (best < 0 || m->p[best].count < PAIR_MIN_MENTIONS)
        return;
    memcpy(s->pair, m->p[best].code, sizeof s->pair);
    s->npair = m->p[best].n;
}

/* The pair a sentence named last: its compound, else the two sides of its
 * first event between two named actors ("Xi met Putin. The two leaders
 * signed ..."). Codes are the actors' own, without agents. */
static void remember_last_pair(const dy_sentence *s, char pair[4][32], int *n)
{
    if (s->pair_found) {
        memcpy(pair, s->pair, sizeof s->pair);
        *n = s->npair;
        return;
    }
    for (int i = 0; i < s->nev; i++) {
        const dy_event_i *e = &s->ev[i];
        if (e->src_m < 0 || e->tgt_m < 0)
            continue;
        const char *a = s->m[e->src_m].base ? s->m[e->src_m].base : s->m[e->src_m].code;
        const char *b = s->m[e->tgt_m].base ? s->m[e->tgt_m].base : s->m[e->tgt_m].code;
        if (a[0] == '~' || b[0] == '~' || !strcmp(a, b))
            continue;
        snprintf(pair[0], sizeof pair[0], "%s", a);
        snprintf(pair[1], sizeof pair[1], "%s", b);
        *n = 2;
        return;
    }
}

/* Delivers the sentence's events; returns how many, or -1 when stopped. */
/* Events a document has already reported ("It was the second meeting of the
 * two leaders" restates the meeting): same actors, code, date and modality. */
typedef struct seen_events {
    uint64_t *h;
    size_t n, cap;
} seen_events;

static uint64_t event_hash(const dy_event_i *e)
{
    uint64_t h = 1469598103934665603ull;
    const char *parts[] = {e->src_code, e->tgt_code, e->code, e->modality};
    for (size_t k = 0; k < 4; k++) {
        for (const char *p = parts[k]; p && *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    return (h ^ (uint64_t)e->date) * 1099511628211ull;
}

/* 1 when seen before; remembers it otherwise (bounded: at most 4096 per document). */
static int seen_before(seen_events *se, const dy_event_i *e)
{
    uint64_t h = event_hash(e);
    for (size_t i = 0; i < se->n; i++)
        if (se->h[i] == h)
            return 1;
    if (se->n == se->cap) {
        size_t cap = se->cap ? se->cap * 2 : 64;
        if (cap > 4096)
            return 0;
        uint64_t *p = realloc(se->h, cap * sizeof *p);
        if (!p)
            return 0;
        se->h = p;
        se->cap = cap;
    }
    se->h[se->n++] = h;
    return 0;
}

static long deliver(const dy_sentence *s, const char *doc, int sentno, int filter,
                    seen_events *seen, dyad_event_fn fn, void *user)
{
    long n = 0;
    for (int i = 0; i < s->nev; i++) {
        const dy_event_i *e = &s->ev[i];
        if (filter == DYAD_ASSERTED_ONLY && strcmp(e->modality, "asserted"))
            continue;
        if (seen && seen_before(seen, e))
            continue;
        dyad_event ev;
        char stext[256], ttext[256], vtext[256];
        memset(&ev, 0, sizeof ev);
        ev.doc = doc;
        ev.sentence = sentno;
        /* No date at all: none is made up (GDELT's records dated by the
         * day of coding are a known flaw of event data). */
        int undated = !strcmp(e->date_basis, "unknown");
        if (!undated)
            dy_date_format(dy_date_from_days(e->date), ev.date);
        ev.shifted = undated ? 0 : (int)(e->date - s->date);
        ev.date_basis = e->date_basis;
        ev.date_precision = undated ? NULL : e->date_precision;
        const dy_plover_info *pl = dy_plover_lookup(e->code);
        ev.plover_event = pl ? pl->event : "";
        ev.plover_mode = pl ? pl->mode : "";
        ev.plover_context = pl ? pl->context : "";
        ev.issues = s->issues ? s->issues : "";
        char atext[256];
        if (e->attr_m >= 0)
            fill_actor(&ev.attribution, s, e->attr_m, s->m[e->attr_m].code, atext, sizeof atext);
        else
            fill_actor(&ev.attribution, s, -1, NULL, atext, sizeof atext);
        char ltext[128];
        fill_location(&ev.location, s, e->loc, ltext, sizeof ltext);
        fill_actor(&ev.source, s, e->src_m, e->src_code, stext, sizeof stext);
        fill_actor(&ev.target, s, e->tgt_m, e->tgt_code, ttext, sizeof ttext);
        ev.cameo = e->code;
        ev.root[0] = e->code[0];
        ev.root[1] = e->code[1] ? e->code[1] : '\0';
        ev.root[2] = '\0';
        ev.quad = dy_cameo_quad(e->code);
        int found;
        ev.goldstein = dy_cameo_goldstein(e->code, &found);
        ev.modality = e->modality;
        ev.text = s->text; /* NUL-terminated by dyad_code_document while delivering */
        const dy_tok *vt = &s->t[e->verb_tok];
        ev.verb_start = vt->start;
        ev.verb_end = s->t[vt->ent_last].end;
        size_t vl = (size_t)(ev.verb_end - ev.verb_start);
        if (vl >= sizeof vtext)
            vl = sizeof vtext - 1;
        memcpy(vtext, s->text + ev.verb_start, vl);
        vtext[vl] = '\0';
        ev.verb = vtext;
        ev.pattern = e->pat ? e->pat->text : e->verb->text;
        n++;
        if (fn(&ev, user))
            return -1;
    }
    return n;
}

long dyad_code_document(dyad_coder *c, const char *doc_id, const char *date, const char *text,
                        size_t len, dyad_event_fn fn, void *user, char *err, size_t errlen)
{
    dy_buf clean = DY_BUF_INIT;
    warn_damage(c, doc_id, text, len);
    if (dy_text_clean(text, len, &clean, err, errlen)) {
        dy_buf_free(&clean);
        return -1;
    }
    long day = today();
    dy_date dt;
    if (date && *date) {
        int drc = dy_date_parse_doc(date, &dt);
        if (drc) {
            snprintf(err, errlen, drc == -2 ? "%s: date %s is outside the dates accepted ("
                                              DY_DOC_DATE_RANGE ")"
                                            : "%s: invalid date '%s' (want YYYY-MM-DD)",
                     doc_id, date);
            dy_buf_free(&clean);
            return -1;
        }
        day = dy_date_to_days(dt);
    }
    /* a wire story's dateline: its date is the story's (a date without a
     * year is placed by the document date), its city the place of the
     * story; its words are not coded */
    size_t skip = 0;
    int date_known = date && *date;
    const dy_place *doc_place = NULL;
    dy_dateline dl;
    if (c->opt.datelines && dy_dateline_find(dy_buf_str(&clean), clean.len, &dl)) {
        long dday;
        if (dy_dateline_day(&dl, date_known, day, &dday)) {
            day = dday;
            date_known = 1;
        }
        doc_place = dy_gazetteer_lookup(dy_buf_str(&clean) + dl.place_start,
                                        dl.place_end - dl.place_start);
        skip = dl.end;
    }
    dy_span *sp = NULL;
    size_t ns = 0;
    if (dy_split_sentences(dy_buf_str(&clean) + skip, clean.len - skip, &sp, &ns)) {
        snprintf(err, errlen, "out of memory");
        dy_buf_free(&clean);
        return -1;
    }
    long total = 0;
    const char *forward = NULL; /* first actor of the previous sentence (arena below) */
    char fwd_buf[64];
    pair_memory mem = {.n = 0};
    char last_pair[4][32];
    int nlast = 0;
    seen_events seen = {NULL, 0, 0};
    for (size_t i = 0; i < ns; i++) {
        dy_sentence s;
        dy_sentence_init(&s, c, dy_buf_str(&clean) + skip + sp[i].start,
                         sp[i].end - sp[i].start, day);
        s.date_known = date_known;
        s.doc_place = doc_place;
        if (c->opt.forward) {
            s.forward = forward;
            pair_best(&mem, &s);
            memcpy(s.last_pair, last_pair, sizeof last_pair);
            s.nlast_pair = nlast;
        }
        if (dy_code_sentence(&s)) {
            snprintf(err, errlen, "%s: sentence %zu: out of memory", doc_id, i + 1);
            total = -1;
            break;
        }
        if (s.cut)
            warn(c, doc_id, (int)i + 1, -1,
                 "sentence longer than %d tokens: only its first %zu of %zu bytes were coded",
                 DYAD_MAX_SENTENCE_TOKENS, s.len, s.full_len);
        /* events carry the sentence as a C string: terminate it in place for now */
        char *end = clean.p + skip + sp[i].start + s.len, saved = *end;
        *end = '\0';
        long n = s.status == S_CODED ? deliver(&s, doc_id, (int)i + 1, c->modality,
                                               c->keep_repeats ? NULL : &seen, fn, user)
                                     : 0;
        *end = saved;
        if (s.pair_found)
            pair_seen(&mem, &s, (int)i);
        remember_last_pair(&s, last_pair, &nlast);
        forward = NULL; /* copied out: the sentence arena is reset next */
        if (s.first_actor && strlen(s.first_actor) < sizeof fwd_buf) {
            memcpy(fwd_buf, s.first_actor, strlen(s.first_actor) + 1);
            forward = fwd_buf;
        }
        dy_coder_reset(c);
        if (n < 0)
            break;
        total += n;
    }
    free(seen.h);
    free(sp);
    dy_buf_free(&clean);
    return total;
}
