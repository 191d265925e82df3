/* dict/tabari.c - readers for TABARI's .actors, .agents, .verbs, .options
 * and .project files (TABARI manual, chapters 5, 6 and 8). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dict.h"
#include "time/date.h"
#include "expand.h"
#include "reader.h"

/* ---- code blocks: [CODE], [CODE <YYMMDD], [CODE 950601-990815], [~GOV] ---- */

static int parse_restriction(const char *s, size_t n, dy_acode *ac, char *err, size_t errlen)
{
    /* s: text after the code, e.g. " < 950601", ">990816", "950601 - 990815" */
    char buf[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (!isspace((unsigned char)s[i]))
            buf[k++] = s[i];
    buf[k] = '\0';
    ac->from = DY_DAY_OPEN_FROM;
    ac->to = DY_DAY_OPEN_TO;
    if (k == 0)
        return 1; /* no restriction: default code */
    if (buf[0] == '<' || buf[0] == '>') {
        long dd;
        if (dy_dict_parse_date(buf + 1, k - 1, 0, &dd))
            goto bad;
        if (buf[0] == '<')
            ac->to = dd;
        else
            ac->from = dd;
        return 0;
    }
    char *dash = strchr(buf, '-');
    if (!dash || dy_dict_parse_date(buf, (size_t)(dash - buf), 0, &ac->from) ||
        dy_dict_parse_date(dash + 1, strlen(dash + 1), 0, &ac->to))
        goto bad;
    return 0;
bad:
    snprintf(err, errlen, "invalid date restriction '%.*s'", (int)n, s);
    return -2;
}

/* Parses one "[...]" block body into ac. Returns 1 for a default
 * (unrestricted) code, 0 for a restricted one, -1 on error, -2 for an
 * invalid date. */
static int parse_acode(dyad_dict *d, const char *s, size_t n, dy_acode *ac, char *err,
                       size_t errlen)
{
    memset(ac, 0, sizeof *ac); /* padding included: see push_elem in dict.c */
    while (n && isspace((unsigned char)*s))
        s++, n--;
    size_t c = 0;
    while (c < n && !isspace((unsigned char)s[c]) && s[c] != '<' && s[c] != '>' &&
           !(isdigit((unsigned char)s[c]) && c == 0))
        c++;
    /* codes made of '-', '#', '+' may be written with blanks: "- - -" */
    size_t k = 0, special = 0;
    while (k < n && (s[k] == '-' || s[k] == '#' || s[k] == '+' || s[k] == ' ')) {
        if (s[k] != ' ')
            special++;
        k++;
    }
    if (special == 3 && (s[0] == '-' || s[0] == '#' || s[0] == '+')) {
        ac->kind = s[0] == '-' ? C_NULL : s[0] == '#' ? C_DISCARD : C_COMPLEX;
        ac->code = NULL;
        return parse_restriction(s + k, n - k, ac, err, errlen);
    }
    if (c == 0) {
        snprintf(err, errlen, "no code in [%.*s]", (int)n, s);
        return -1;
    }
    for (size_t i = 0; i < c; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && ch != '/' && ch != '~' && ch != '_') {
            snprintf(err, errlen, "invalid character '%c' in code [%.*s]", ch, (int)n, s);
            return -1;
        }
    }
    ac->kind = C_EVENT;
    ac->code = dy_arena_strndup(&d->arena, s, c);
    if (!ac->code)
        return -1;
    return parse_restriction(s + c, n - c, ac, err, errlen);
}

/* Collects all [..] blocks of s into codes (default code moved last). */
typedef struct code_list {
    dy_acode c[32];
    uint32_t n;
    int has_default;
} code_list;

static const char *acode_name(const dy_acode *c)
{
    return c->code ? c->code : c->kind == C_NULL ? "---" : c->kind == C_DISCARD ? "###" : "+++";
}


static void day_text(long day, const char *open, char out[16])
{
    if (day == DY_DAY_OPEN_FROM || day == DY_DAY_OPEN_TO || dy_date_format(dy_date_from_days(day), out))
        snprintf(out, 16, "%s", open);
}

/* Two restricted codes whose periods overlap: the first listed wins there,
 * which is rarely what the author meant (a typo in a date, usually). */
static void warn_overlaps(dyad_dict *d, const char *file, int line, const code_list *cl)
{
    for (uint32_t i = 0; i < cl->n; i++)
        for (uint32_t j = i + 1; j < cl->n; j++) {
            const dy_acode *a = &cl->c[i], *b = &cl->c[j];
            if ((a->from == DY_DAY_OPEN_FROM && a->to == DY_DAY_OPEN_TO) ||
                (b->from == DY_DAY_OPEN_FROM && b->to == DY_DAY_OPEN_TO) || a->from >= b->to || b->from >= a->to)
                continue; /* a default code, disjoint periods, or one shared handover day
                             ([USALEG 010103-090121] [USAGOV 090121-130201]) */
            char from[16], to[16];
            day_text(a->from > b->from ? a->from : b->from, "the start", from);
            day_text(a->to < b->to ? a->to : b->to, "the end", to);
            dy_dict_warn(d, file, line,
                         "date restrictions of [%s] and [%s] overlap from %s to %s: [%s] applies "
                         "there", acode_name(a), acode_name(b), from, to, acode_name(a));
        }
}

/* Invalid dates (Phoenix has "9008223-911221") and extra default codes are
 * warnings: the rest of the entry still loads. */
static int collect_codes(dyad_dict *d, const char *file, int line, const char *s, size_t n,
                         code_list *cl, char *err, size_t errlen)
{
    size_t i = 0;
    while (i < n) {
        const char *lb = memchr(s + i, '[', n - i);
        if (!lb)
            break;
        const char *rb = memchr(lb, ']', n - (size_t)(lb - s));
        if (!rb && (rb = memchr(lb, '}', n - (size_t)(lb - s))) != NULL) /* "[~ENV}" */
            dy_dict_warn(d, file, line, "code closed with '}' instead of ']'");
        if (!rb) {
            snprintf(err, errlen, "missing ']'");
            return -1;
        }
        if (cl->n >= 32) {
            snprintf(err, errlen, "more than 32 codes");
            return -1;
        }
        dy_acode ac;
        int r = parse_acode(d, lb + 1, (size_t)(rb - lb - 1), &ac, err, errlen);
        i = (size_t)(rb - s) + 1;
        if (r == -2) {
            dy_dict_warn(d, file, line, "%s: code ignored", err);
            continue;
        }
        if (r < 0)
            return -1;
        if (r == 1 && cl->has_default) {
            dy_dict_warn(d, file, line, "more than one code without a date restriction: "
                         "[%.*s] ignored", (int)(rb - lb - 1), lb + 1);
            continue;
        }
        if (r == 1)
            cl->has_default = 1;
        memcpy(&cl->c[cl->n++], &ac, sizeof ac);
    }
    warn_overlaps(d, file, line, cl);
    return 0;
}

static int store_codes(dyad_dict *d, dy_entry *e, const code_list *cl)
{
    /* restricted codes in order, then the default (TABARI 6.5.2) */
    uint32_t n = cl->n + (cl->has_default ? 0 : 1);
    dy_acode *a = dy_arena_alloc(&d->arena, n * sizeof *a);
    if (!a)
        return -1;
    uint32_t k = 0;
    for (uint32_t i = 0; i < cl->n; i++)
        if (!(cl->c[i].from == DY_DAY_OPEN_FROM && cl->c[i].to == DY_DAY_OPEN_TO))
            a[k++] = cl->c[i];
    for (uint32_t i = 0; i < cl->n; i++)
        if (cl->c[i].from == DY_DAY_OPEN_FROM && cl->c[i].to == DY_DAY_OPEN_TO)
            a[k++] = cl->c[i];
    if (!cl->has_default) {
        a[k].kind = C_NULL;
        a[k].code = NULL;
        a[k].from = DY_DAY_OPEN_FROM;
        a[k].to = DY_DAY_OPEN_TO;
        k++;
    }
    e->codes = a;
    e->ncodes = k;
    return 0;
}

/* ---- actors and agents ---------------------------------------------------- */

typedef struct group {
    struct {
        const char *s;
        size_t n;
        int line;
    } ph[256];
    uint32_t n;
    code_list codes;
    int active;
    const dy_expander *x; /* substitution markers, or NULL */
} group;

static int add_agent_code(dyad_dict *d, dy_entry *e, const code_list *cl, char *err,
                          size_t errlen)
{
    if (cl->n == 0 || cl->c[0].kind != C_EVENT) {
        e->agent = NULL; /* a null-coded agent */
        return 0;
    }
    const char *c = cl->c[0].code;
    size_t n = strlen(c);
    const char *t = strchr(c, '~');
    if (!t) {
        snprintf(err, errlen, "missing '~' connector in agent code [%s]", c);
        return -1;
    }
    e->agent_prefix = t != c; /* "NGO~": agent code goes before the actor */
    char *code = dy_arena_alloc(&d->arena, n);
    if (!code)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i] != '~')
            code[k++] = c[i];
    code[k] = '\0';
    e->agent = code;
    return 0;
}

typedef struct group_add {
    dyad_dict *d;
    group *g;
    int kind, line;
    const char *file, *parent;
    char *err;
    size_t errlen;
} group_add;

/* Adds one (expanded) phrase of a group as an entry. */
static int add_group_entry(const char *s, size_t n, void *ud)
{
    group_add *a = ud;
    dyad_dict *d = a->d;
    dy_entry *e = dy_dict_new_entry(d, a->kind, a->file, a->line);
    if (!e)
        return -1;
    if (dy_parse_phrase(d, s, n, 0, &e->ph, a->err, a->errlen))
        return -1;
    e->text = dy_arena_strndup(&d->arena, s, n);
    if (!e->text)
        return -1;
    if (!a->parent)
        a->parent = e->text;
    e->parent = a->parent;
    if (a->kind == K_AGENT) {
        if (add_agent_code(d, e, &a->g->codes, a->err, a->errlen))
            return -1;
    } else if (a->kind == K_ACTOR) {
        if (store_codes(d, e, &a->g->codes))
            return -1;
    }
    return dy_dict_index(d, e);
}

static int flush_group(dyad_dict *d, group *g, int kind, const char *file, char *err,
                       size_t errlen, int *errline)
{
    if (!g->active)
        return 0;
    g->active = 0;
    group_add a = {d, g, kind, 0, file, NULL, err, errlen};
    if (kind == K_ACTOR && g->codes.n == 0 && g->n) /* PETRARCH: a null code */
        dy_dict_warn(d, file, g->ph[0].line, "actor '%.*s' has no code", (int)g->ph[0].n,
                     g->ph[0].s);
    for (uint32_t i = 0; i < g->n; i++) {
        *errline = a.line = g->ph[i].line;
        err[0] = '\0';
        if (dy_expand_phrase(g->x, g->ph[i].s, g->ph[i].n, add_group_entry, &a, err, errlen)) {
            if (!err[0])
                snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    g->n = 0;
    memset(&g->codes, 0, sizeof g->codes);
    return 0;
}

/* The phrase is copied: the line buffer is reused for the next line. */
static int group_add_phrase(dyad_dict *d, group *g, const char *s, size_t n, int line,
                            char *err, size_t errlen)
{
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0) {
        snprintf(err, errlen, "phrase missing");
        return -1;
    }
    if (g->n >= 256) {
        snprintf(err, errlen, "more than 256 synonyms in one group");
        return -1;
    }
    g->ph[g->n].s = dy_arena_strndup(&d->arena, s, n);
    if (!g->ph[g->n].s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    g->ph[g->n].n = n;
    g->ph[g->n].line = line;
    g->n++;
    g->active = 1;
    return 0;
}

static size_t strip_comment(char *s, size_t n)
{
    char *semi = memchr(s, ';', n);
    if (semi)
        n = (size_t)(semi - s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n;
}

/* Phoenix files mark comments with '#' after the entry as well. */
static size_t strip_hash_comment(char *s, size_t n)
{
    const char *rb = NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ']')
            rb = s + i;
        if (s[i] == '#' && (rb || i > 0) && (i == 0 || isspace((unsigned char)s[i - 1]))) {
            n = i;
            break;
        }
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n;
}

static int read_word_list_line(dyad_dict *d, const char *file, int line, char *s, size_t n,
                               int kind, char *err, size_t errlen)
{
    group g = {.n = 0};
    int el = line;
    const char *lb = memchr(s, '[', n);
    size_t pn = lb ? (size_t)(lb - s) : n;
    if (group_add_phrase(d, &g, s, pn, line, err, errlen))
        return -1;
    if (lb && collect_codes(d, file, line, lb, n - pn, &g.codes, err, errlen))
        return -1;
    return flush_group(d, &g, kind, file, err, errlen, &el);
}

int dy_read_tabari_actors(dyad_dict *d, const char *path, int kind, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    group *g = calloc(1, sizeof *g);
    dy_expander *x = calloc(1, sizeof *x);
    if (!g || !x) {
        free(g);
        free(x);
        dy_lines_close(&lr);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    g->x = x;
    int section = 0; /* 0 actors/agents, K_NOUN, K_ADJ */
    int in_html = 0;  /* inside a PETRARCH "<!-- ... -->" comment */
    char *s;
    size_t n;
    int rc = 0, errline = 0;
    char msg[400];
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        int line = lr.line;
        errline = line;
        int indented = n && (s[0] == ' ' || s[0] == '\t');
        while (n && isspace((unsigned char)*s))
            s++, n--;
        if (in_html || (n >= 2 && s[0] == '<' && s[1] == '!')) {
            in_html = !strstr(s, "-->");
            continue;
        }
        if (dy_expand_is_definition(s, n)) { /* Phoenix "!PERSON! = MAN, MEN" */
            if (dy_expand_define(x, s, strip_hash_comment(s, n), msg, sizeof msg))
                goto fail;
            continue;
        }
        n = strip_comment(s, n);
        n = strip_hash_comment(s, n);
        if (n == 0 || s[0] == '#' || (s[0] == '/' && n > 1 && s[1] == '/'))
            continue;
        if (s[0] == '~' || !strncmp(s, "<END>", 5))
            break; /* ~FINISH: the rest of the file is not read */
        if (s[0] == '<') {
            if (flush_group(d, g, kind, lr.name, msg, sizeof msg, &errline))
                goto fail;
            if (!strncasecmp(s, "<NOUN>", 6))
                section = K_NOUN;
            else if (!strncasecmp(s, "<ADJ", 4))
                section = K_ADJ;
            else if (!strncasecmp(s, "</", 2))
                section = 0;
            else
                dy_dict_warn(d, lr.name, line, "unknown section %.*s ignored", (int)n, s);
            continue;
        }
        if (section) {
            if (read_word_list_line(d, lr.name, line, s, n, section, msg, sizeof msg))
                goto fail;
            continue;
        }
        if (s[0] == '[' && (indented || g->active)) { /* date restriction line */
            if (!g->active) {
                snprintf(msg, sizeof msg, "code line without an actor");
                goto fail;
            }
            if (collect_codes(d, lr.name, line, s, n, &g->codes, msg, sizeof msg))
                goto fail;
            continue;
        }
        if (s[0] == '+' && g->active) { /* synonym */
            const char *lb = memchr(s, '[', n);
            size_t pn = lb ? (size_t)(lb - s) : n;
            if (group_add_phrase(d, g, s + 1, pn - 1, line, msg, sizeof msg))
                goto fail;
            if (lb && collect_codes(d, lr.name, line, lb, n - pn, &g->codes, msg, sizeof msg))
                goto fail;
            continue;
        }
        if (flush_group(d, g, kind, lr.name, msg, sizeof msg, &errline))
            goto fail;
        errline = line;
        const char *lb = memchr(s, '[', n);
        size_t pn = lb ? (size_t)(lb - s) : n;
        if (s[0] == '+')
            s++, pn--;
        if (group_add_phrase(d, g, s, pn, line, msg, sizeof msg))
            goto fail;
        if (lb && collect_codes(d, lr.name, line, lb, n - pn, &g->codes, msg, sizeof msg))
            goto fail;
    }
    if (rc < 0) {
        errline = lr.line; /* the line with the binary data */
        goto fail;
    }
    if (flush_group(d, g, kind, lr.name, msg, sizeof msg, &errline))
        goto fail;
    dy_expand_free(x);
    free(x);
    free(g);
    dy_lines_close(&lr);
    return 0;
fail:
    snprintf(err, errlen, "%s:%d: %s", lr.name, errline, msg);
    dy_expand_free(x);
    free(x);
    free(g);
    dy_lines_close(&lr);
    return -1;
}

/* ---- verbs -------------------------------------------------------------- */

typedef struct verb_state {
    dy_verb *verb;        /* current root */
    dy_entry *root;
    int section;          /* K_VERB, K_TIME, K_ATTRIB, K_NOUN, K_ADJ; -1 synsets */
    int nominal;          /* inside <NOMINAL> (a dyad extension) */
    dy_synset *synset;
} verb_state;

static int parse_time_code(const char *s, size_t n, int *shift)
{
    char buf[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (!isspace((unsigned char)s[i]))
            buf[k++] = s[i];
    buf[k] = '\0';
    if ((buf[0] == '+' || buf[0] == '-') && isdigit((unsigned char)buf[1])) {
        long v = strtol(buf, NULL, 10);
        *shift = v > 8192 || v < -8192 ? 0 : (int)v;
        return 1;
    }
    return 0;
}

/* Splits "PHRASE [code] " into phrase and code text. */
static int split_code(const char *s, size_t n, size_t *pn, const char **code, size_t *cn,
                      char *err, size_t errlen)
{
    const char *lb = memchr(s, '[', n);
    if (!lb) {
        *pn = n;
        *code = NULL;
        *cn = 0;
        return 0;
    }
    const char *rb = memchr(lb, ']', n - (size_t)(lb - s));
    if (!rb) {
        snprintf(err, errlen, "missing ']'");
        return -1;
    }
    *pn = (size_t)(lb - s);
    *code = lb + 1;
    *cn = (size_t)(rb - lb - 1);
    return 0;
}

static int add_vcode(dyad_dict *d, int section, const char *code, size_t cn, dy_vcode *vc,
                     int *shift, char *err, size_t errlen)
{
    if (!code) {
        memset(vc, 0, sizeof *vc);
        vc->kind = C_NULL;
        return 0;
    }
    if (section == K_TIME && parse_time_code(code, cn, shift)) {
        memset(vc, 0, sizeof *vc);
        vc->kind = C_EVENT;
        vc->code = dy_arena_strdup(&d->arena, "TIME"); /* in the set: see dict/cache.c */
        return vc->code ? 0 : -1;
    }
    return dy_parse_vcode(d, code, cn, vc, err, errlen);
}

static int verb_root_line(dyad_dict *d, verb_state *st, const char *file, int line,
                          const char *s, size_t n, char *err, size_t errlen)
{
    size_t pn, cn;
    const char *code;
    if (split_code(s, n, &pn, &code, &cn, err, errlen))
        return -1;
    int kind = st->section;
    dy_entry *e = dy_dict_new_entry(d, kind, file, line);
    dy_verb *v = dy_arena_calloc(&d->arena, 1, sizeof *v);
    if (!e || !v)
        return -1;
    if (dy_parse_phrase(d, s, pn, 0, &e->ph, err, errlen))
        return -1;
    for (uint32_t k = 0; k < e->ph.n; k++)
        e->ph.e[k].flags |= F_VERBW;
    if (add_vcode(d, kind, code, cn, &v->code, &e->shift, err, errlen))
        return -1;
    while (pn && isspace((unsigned char)s[pn - 1]))
        pn--;
    e->text = v->text = dy_arena_strndup(&d->arena, s, pn);
    v->nominal = (uint8_t)st->nominal;
    e->verb = v;
    st->verb = v;
    st->root = e;
    return dy_dict_index(d, e);
}

static int verb_forms_line(dyad_dict *d, verb_state *st, const char *file, int line,
                           const char *s, size_t n, char *err, size_t errlen)
{
    if (!st->verb) {
        snprintf(err, errlen, "verb forms before any verb");
        return -1;
    }
    const char *end = memchr(s, '}', n);
    if (!end) {
        snprintf(err, errlen, "missing '}' after verb forms");
        return -1;
    }
    size_t i = 1, m = (size_t)(end - s);
    int nforms = 0;
    while (i < m) {
        while (i < m && isspace((unsigned char)s[i]))
            i++;
        size_t j = i;
        while (j < m && !isspace((unsigned char)s[j]))
            j++;
        if (j > i) {
            dy_entry *e = dy_dict_new_entry(d, st->root->kind, file, line);
            if (!e)
                return -1;
            const char *w = s + i;
            size_t wl = j - i;
            if (*w == '+') /* PETRARCH marks multi-word forms with '+' */
                w++, wl--;
            if (dy_parse_phrase(d, w, wl, 0, &e->ph, err, errlen))
                return -1;
            for (uint32_t k = 0; k < e->ph.n; k++)
                e->ph.e[k].flags |= F_VERBW;
            e->text = st->verb->text;
            e->verb = st->verb;
            e->shift = st->root->shift;
            if (dy_dict_index(d, e))
                return -1;
            nforms++;
        }
        i = j;
    }
    if (!nforms) {
        snprintf(err, errlen, "no verb forms inside { }");
        return -1;
    }
    return 0;
}

static void mark_pattern_words(dy_phrase *p)
{
    for (uint32_t k = 0; k < p->n; k++) {
        dy_elem *e = &p->e[k];
        if (e->kind == E_WORD)
            e->flags |= F_PATW;
        else if (e->kind == E_ALT)
            for (uint32_t a = 0; a < e->nalts; a++)
                mark_pattern_words((dy_phrase *)&e->alts[a]);
    }
}

/* The filter key of the longest literal word at the top of the pattern
 * (long words are the rarest), -1 when it has none: dy_pattern_may_match
 * looks at it before the rest. */
static int32_t pattern_word_key(const dy_pattern *p)
{
    const dy_elem *best = NULL;
    const dy_phrase *ph[2] = {&p->upper, &p->lower};
    for (int h = 0; h < 2; h++)
        for (uint32_t k = 0; k < ph[h]->n; k++) {
            const dy_elem *e = &ph[h]->e[k];
            if (e->kind == E_WORD && e->len && (!best || e->len > best->len))
                best = e;
        }
    return best ? best->key : -1;
}

int dy_parse_pattern(dyad_dict *d, const char *s, size_t n, const char *code, size_t cn,
                     int section, dy_pattern *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    dy_phrase all;
    if (dy_parse_phrase(d, s, n, 1, &all, err, errlen))
        return -1;
    mark_pattern_words(&all);
    uint32_t star = all.n;
    for (uint32_t i = 0; i < all.n; i++)
        if (all.e[i].kind == E_VERB) {
            star = i;
            break;
        }
    if (star == all.n) {
        snprintf(err, errlen, "missing verb marker '*' in pattern");
        return -1;
    }
    p->lower.e = all.e;
    p->lower.n = star;
    p->upper.e = all.e + star + 1;
    p->upper.n = all.n - star - 1;
    /* the '*' element stays in the array: its '_' connector ("*_X") is read
     * by the matcher as p->upper.e[-1] */
    p->length = dy_phrase_length(&all);
    p->wordkey = pattern_word_key(p);
    int shift = 0;
    if (add_vcode(d, section, code, cn, &p->code, &shift, err, errlen))
        return -1;
    while (n && (*s == ' ' || *s == '\t')) /* shown in explanations: trim the padding */
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    p->text = dy_arena_strndup(&d->arena, s, n);
    return p->text ? 0 : -1;
}

static int verb_pattern_line(dyad_dict *d, verb_state *st, const char *file, int line,
                             const char *s, size_t n, char *err, size_t errlen)
{
    if (!st->verb) {
        snprintf(err, errlen, "pattern before any verb");
        return -1;
    }
    size_t pn, cn;
    const char *code;
    if (split_code(s, n, &pn, &code, &cn, err, errlen))
        return -1;
    if (!code) {
        snprintf(err, errlen, "pattern has no code");
        return -1;
    }
    dy_pattern p;
    if (dy_parse_pattern(d, s, pn, code, cn, st->section, &p, err, errlen)) {
        /* TABARI reports a bad pattern and goes on ("{ WAS | WERE ]" in CAMEO.080612) */
        dy_dict_warn(d, file, line, "%s: pattern ignored", err);
        return 0;
    }
    p.file = file;
    p.line = line;
    if (st->section == K_TIME && p.code.kind == C_EVENT) {
        /* a time pattern's code is its shift in days ("+3"), read when matched */
        p.code.paired = NULL;
        p.code.code = dy_arena_strndup(&d->arena, code, cn);
    }
    return dy_verb_add_pattern(d, st->verb, &p);
}

static int synset_line(dyad_dict *d, verb_state *st, const char *s, size_t n, char *err,
                       size_t errlen)
{
    if (s[0] == '&') {
        size_t j = 1;
        while (j < n && !isspace((unsigned char)s[j]))
            j++;
        if (dy_dict_synset(d, s + 1, j - 1, 0)) {
            st->synset = dy_dict_synset(d, s + 1, j - 1, 0);
            return 0; /* re-opened: later members are added */
        }
        st->synset = dy_dict_synset(d, s + 1, j - 1, 1);
        return st->synset ? 0 : -1;
    }
    if (s[0] != '+' || !st->synset) {
        snprintf(err, errlen, "synset member outside a '&NAME' set");
        return -1;
    }
    dy_synset *ss = st->synset;
    if (ss->n == ss->cap) {
        uint32_t cap = ss->cap ? ss->cap * 2 : 8;
        dy_phrase *p = dy_arena_alloc(&d->arena, cap * sizeof *p);
        if (!p)
            return -1;
        if (ss->n)
            memcpy(p, ss->ph, ss->n * sizeof *p);
        ss->ph = p;
        ss->cap = cap;
    }
    /* the phrase may refer to earlier synsets, never in a cycle */
    if (dy_parse_phrase(d, s + 1, n - 1, 1, &ss->ph[ss->n], err, errlen) ||
        dy_synset_check_member(d, ss, &ss->ph[ss->n], err, errlen))
        return -1;
    ss->n++;
    return 0;
}

static int verbs_section(verb_state *st, const char *s, size_t n)
{
    if (!strncasecmp(s, "<SYNSET", 7))
        st->section = -1;
    else if (!strncasecmp(s, "<TIME>", 6))
        st->section = K_TIME;
    else if (!strncasecmp(s, "<ATTRIB", 7))
        st->section = K_ATTRIB;
    else if (!strncasecmp(s, "<NOUN>", 6))
        st->section = K_NOUN;
    else if (!strncasecmp(s, "<ADJ", 4))
        st->section = K_ADJ;
    else if (!strncasecmp(s, "<NOMINAL>", 9))
        st->section = K_VERB, st->nominal = 1;
    else if (!strncasecmp(s, "<EVENTNOUNS>", 12))
        st->section = K_VERB, st->nominal = 2;
    else if (!strncasecmp(s, "</", 2))
        st->section = K_VERB, st->nominal = 0;
    else
        return -1;
    (void)n;
    st->verb = NULL;
    st->root = NULL;
    return 0;
}

static int verbs_line(dyad_dict *d, verb_state *st, const char *file, int line, char *s,
                      size_t n, char *err, size_t errlen)
{
    if (s[0] == '<') {
        if (verbs_section(st, s, n))
            dy_dict_warn(d, file, line, "unknown section %.*s ignored", (int)n, s);
        return 0;
    }
    if (st->section == -1)
        return synset_line(d, st, s, n, err, errlen);
    if (st->section == K_NOUN || st->section == K_ADJ)
        return read_word_list_line(d, file, line, s, n, st->section, err, errlen);
    if (s[0] == '{')
        return verb_forms_line(d, st, file, line, s, n, err, errlen);
    if (s[0] == '-' && n > 1 && isspace((unsigned char)s[1]))
        return verb_pattern_line(d, st, file, line, s + 1, n - 1, err, errlen);
    if (s[0] == '-' && n > 1 && (s[1] == '*' || s[1] == '$' || s[1] == '+' || s[1] == '%'))
        return verb_pattern_line(d, st, file, line, s + 1, n - 1, err, errlen);
    return verb_root_line(d, st, file, line, s, n, err, errlen);
}

int dy_read_tabari_verbs(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    verb_state st = {.section = K_VERB};
    char *s;
    size_t n;
    int rc;
    char msg[400];
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        while (n && isspace((unsigned char)*s))
            s++, n--;
        n = strip_comment(s, n);
        if (n == 0 || s[0] == '#' || (s[0] == '/' && n > 1 && s[1] == '/'))
            continue;
        if (s[0] == '~')
            break;
        if (verbs_line(d, &st, lr.name, lr.line, s, n, msg, sizeof msg))
            goto fail;
    }
    if (rc < 0)
        goto fail;
    dy_lines_close(&lr);
    return 0;
fail:
    snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg);
    dy_lines_close(&lr);
    return -1;
}

/* ---- options ------------------------------------------------------------ */

static const char *after(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    return p ? p + strlen(key) : NULL;
}

static int bracket_num(const char *s, const char *key)
{
    const char *p = after(s, key);
    if (!p)
        return 0;
    while (*p == ' ')
        p++;
    if (*p != '[')
        return 0;
    return atoi(p + 1);
}

static void complex_option(dy_options *o, const char *s)
{
    o->cx_verbs = bracket_num(s, "VERBS");
    o->cx_actors = bracket_num(s, "ACTORS");
    o->cx_pronouns = bracket_num(s, "PRONOUNS");
    o->cx_conj = bracket_num(s, "CONJ");
    o->cx_comma = bracket_num(s, "COMMA");
    o->cx_lateverb = bracket_num(s, "LATEVERB");
    o->cx_noactprior = strstr(s, "NOACTPRIOR") != NULL;
    o->cx_noactafter = strstr(s, "NOACTAFTER") != NULL;
    o->cx_noverb = strstr(s, "NOVERB") != NULL;
    o->cx_nosource = strstr(s, "NOSOURCE") != NULL;
    o->cx_notarget = strstr(s, "NOTARGET") != NULL;
    o->cx_noevent = strstr(s, "NOEVENT") != NULL;
}

static int comma_value(const char *s, const char *key, int *out)
{
    /* keys: MIN MAX BMIN BMAX EMIN EMAX; match whole key */
    const char *p = s;
    size_t kl = strlen(key);
    while ((p = strstr(p, key)) != NULL) {
        int start_ok = p == s || !isalpha((unsigned char)p[-1]);
        const char *q = p + kl;
        if (start_ok && !isalpha((unsigned char)*q)) {
            while (*q == ' ' || *q == '=')
                q++;
            *out = atoi(q);
            return 1;
        }
        p = q;
    }
    return 0;
}

static void comma_option(dy_options *o, const char *s)
{
    if (strstr(s, "OFF")) {
        o->comma_on = 0;
        return;
    }
    o->comma_on = 1;
    comma_value(s, "MIN", &o->comma_min);
    comma_value(s, "MAX", &o->comma_max);
    comma_value(s, "BMIN", &o->comma_bmin);
    comma_value(s, "BMAX", &o->comma_bmax);
    comma_value(s, "EMIN", &o->comma_emin);
    comma_value(s, "EMAX", &o->comma_emax);
}

static int truthy(const char *s)
{
    const char *eq = strchr(s, '=');
    const char *v = eq ? eq + 1 : s;
    while (*v == ' ')
        v++;
    return *v == 'T' || *v == '1' || *v == 'Y';
}

static void set_option(dy_options *o, const char *s)
{
    if (strstr(s, "CODE BY CLAUSE"))
        o->codeby = CODEBY_CLAUSE;
    else if (strstr(s, "CODE BY SENTENCE"))
        o->codeby = CODEBY_SENTENCE;
    else if (strstr(s, "CODE ALL"))
        o->codeby = CODEBY_ALL;
    else if (strstr(s, "MINIMUM WORDS")) {
        const char *eq = strchr(s, '=');
        o->min_words = eq ? atoi(eq + 1) : 0;
    } else if (strstr(s, "TIME SHIFT"))
        o->time_shift = truthy(s);
    else if (strstr(s, "CONVERT AGENT"))
        o->convert_agents = truthy(s);
    else if (strstr(s, "YYYY"))
        o->yyyy = truthy(s);
    else if (strstr(s, "PLACE PHRASES"))
        o->place_phrases = truthy(s);
    else if (strstr(s, "CLAUSE SUBJECT"))
        o->clause_subject = truthy(s);
    else if (strstr(s, "REPORTED SPEECH"))
        o->reported_speech = truthy(s);
    else if (strstr(s, "CLAUSE MARKERS"))
        o->clause_markers = truthy(s);
    else if (strstr(s, "DATELINES"))
        o->datelines = truthy(s);
    else if (strstr(s, "FRAMES"))
        o->frames = truthy(s);
    else if (strstr(s, "LIGHT VERBS"))
        o->light_verbs = truthy(s);
    else if (strstr(s, "MODIFIER ACTORS"))
        o->modifier_actors = truthy(s);
    else if (strstr(s, "LOCATE AGENTS"))
        o->locate_agents = truthy(s);
    else if (strstr(s, "ACRONYMS"))
        o->acronyms_case = strstr(s, "CASE") != NULL;
    else if (strstr(s, "IMPLICIT PAIR"))
        o->implicit_pair = truthy(s);
    else if (strstr(s, "COMMA CONJUNCTIONS"))
        o->comma_keep_conj = strstr(s, "KEEP") != NULL;
    else if (strstr(s, "SOURCE AFTER VERB"))
        o->no_source_after = !truthy(s);
    else if (strstr(s, "AGENT LISTS"))
        o->agent_lists = truthy(s);
    else if (strstr(s, "SELF PAIRS"))
        o->self_pairs_both = strstr(s, "BOTH") != NULL;
    else if (strstr(s, "QUESTIONS"))
        o->questions = truthy(s);
    else if (strstr(s, "FBIS"))
        o->fbis = truthy(s);
}

static const char *default_code(dyad_dict *d, const char *s, const char *key)
{
    const char *p = after(s, key);
    if (!p)
        return NULL;
    const char *lb = strchr(p, '[');
    const char *rb = lb ? strchr(lb, ']') : NULL;
    if (!rb)
        return NULL;
    while (lb + 1 < rb && lb[1] == ' ')
        lb++;
    size_t n = (size_t)(rb - lb - 1);
    while (n && lb[n] == ' ')
        n--;
    char *c = d ? dy_arena_strndup(&d->arena, lb + 1, n) : NULL;
    return c;
}

static void default_option(dy_options *o, dyad_dict *d, const char *s)
{
    if (strstr(s, "OFF")) {
        o->def_source = o->def_target = NULL;
        o->def_source_prior = o->def_target_after = 0;
        return;
    }
    const char *src = default_code(d, s, "SOURCE");
    const char *tgt = default_code(d, s, "TARGET");
    if (src) {
        o->def_source = src;
        o->def_source_prior = strstr(s, "PRIOR") != NULL;
    }
    if (tgt) {
        o->def_target = tgt;
        o->def_target_after = strstr(s, "AFTER") != NULL;
    }
}

/* FORWARD: <format> [DOC] [OFF] (manual 8.4) */
static void forward_option(dy_options *o, const char *s)
{
    const char *p = strchr(s, ':');
    p = p ? p + 1 : s + 4;
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, " \t");
    if (n >= sizeof o->forward_fmt)
        n = sizeof o->forward_fmt - 1;
    memcpy(o->forward_fmt, p, n);
    o->forward_fmt[n] = '\0';
    o->forward = strstr(p + n, "OFF") == NULL;
}

int dy_apply_option_line(dy_options *o, dyad_dict *d, const char *line, char *err,
                         size_t errlen)
{
    char s[512];
    size_t n = strlen(line);
    if (n >= sizeof s)
        n = sizeof s - 1;
    for (size_t i = 0; i < n; i++)
        s[i] = (char)toupper((unsigned char)line[i]);
    s[n] = '\0';
    char *c = strstr(s, "//");
    if (c)
        *c = '\0';
    if (s[0] == '#')
        return 0;
    char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return 0;
    if (!strncmp(p, "COMPLEX:", 8) || !strncmp(p, "COMP", 4))
        complex_option(o, p);
    else if (!strncmp(p, "SET", 3))
        set_option(o, p);
    else if (!strncmp(p, "COMMA", 5))
        comma_option(o, p);
    else if (!strncmp(p, "DEFA", 4))
        default_option(o, d, p);
    else if (!strncmp(p, "NONE", 4))
        o->nonevents = strstr(p, "ONLY") ? 2 : strstr(p, "TRUE") ? 1 : 0;
    else if (!strncmp(p, "FORW", 4))
        forward_option(o, p);
    else if (!strncmp(p, "LABE", 4) || !strncmp(p, "OUTP", 4))
        ; /* labels, output fields and forwarding do not change the coding */
    else {
        snprintf(err, errlen, "unknown option command '%s'", p);
        return -1;
    }
    return 0;
}

int dy_read_tabari_options(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    char *s;
    size_t n;
    int rc;
    char msg[400];
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        if (n && s[0] == '~')
            break;
        if (dy_apply_option_line(&d->opt, d, s, msg, sizeof msg))
            dy_dict_warn(d, lr.name, lr.line, "%s", msg);
    }
    dy_lines_close(&lr);
    if (rc < 0) {
        snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg);
        return -1;
    }
    return 0;
}

/* ---- project ------------------------------------------------------------ */

int dy_project_files(const char *path, dy_project_file *files, int max, char *err,
                     size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        dir[0] = '\0';
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int n = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        char *lt = strchr(line, '<'), *gt = lt ? strchr(lt, '>') : NULL;
        if (!lt || !gt || lt != line)
            continue;
        char tag[64];
        size_t tl = (size_t)(gt - lt - 1);
        if (tl >= sizeof tag)
            continue;
        memcpy(tag, lt + 1, tl);
        tag[tl] = '\0';
        char *v = gt + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t vl = strcspn(v, "\r\n");
        while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        if (!vl || strchr(tag, ' '))
            continue;
        if (n == max) { /* never drop a file silently */
            snprintf(err, errlen, "%s: more than %d files named", path, max);
            n = -1;
            break;
        }
        snprintf(files[n].tag, sizeof files[n].tag, "%s", tag);
        if (v[0] == '/')
            snprintf(files[n].path, sizeof files[n].path, "%.*s", (int)vl, v);
        else
            snprintf(files[n].path, sizeof files[n].path, "%s%.*s", dir, (int)vl, v);
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

int dy_read_tabari_project(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_project_file files[64];
    int n = dy_project_files(path, files, 64, err, errlen);
    if (n < 0)
        return -1;
    if (dy_dict_source(d, path)) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    /* TABARI's default minimum sentence length (manual 8.2.3) holds for its projects */
    d->opt.min_words = 8;
    /* options first so that later files see them; then actors, agents, verbs */
    static const char *const order[] = {"optionsfile", "actorsfile", "agentsfile", "verbsfile",
                                        "issuesfile", "discardfile"};
    int loaded = 0;
    for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
        for (int i = 0; i < n; i++) {
            if (strcmp(files[i].tag, order[o]))
                continue;
            int r;
            if (o == 0)
                r = dy_read_tabari_options(d, files[i].path, err, errlen);
            else if (o == 1)
                r = dy_read_tabari_actors(d, files[i].path, K_ACTOR, err, errlen);
            else if (o == 2)
                r = dy_read_tabari_actors(d, files[i].path, K_AGENT, err, errlen);
            else if (o == 3)
                r = dy_read_tabari_verbs(d, files[i].path, err, errlen);
            else if (o == 4)
                r = dy_read_phoenix_issues(d, files[i].path, err, errlen);
            else
                r = dy_read_phoenix_discards(d, files[i].path, err, errlen);
            if (r)
                return -1;
            loaded++;
        }
    }
    if (!loaded) {
        snprintf(err, errlen, "%s: no dictionary files named in the project", path);
        return -1;
    }
    return 0;
}
