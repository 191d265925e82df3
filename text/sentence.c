/* text/sentence.c - rule-based sentence boundaries (see sentence.h). */
#include "text/sentence.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WORD_MAX 32    /* longest word examined before a full stop */
#define NEXT_MAX 16    /* longest next word examined */
#define CLOSERS_MAX 8  /* quotes/brackets allowed after the stop */

typedef struct {
    const char *t;
    size_t n;
    dy_span *v;
    size_t cnt, cap;
} splitter;

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha_ascii(char c) { return is_upper_ascii(c) || (c >= 'a' && c <= 'z'); }

static int emit(splitter *s, size_t a, size_t b)
{
    while (a < b && is_ws(s->t[a]))
        a++;
    while (b > a && is_ws(s->t[b - 1]))
        b--;
    if (a == b)
        return 0;
    if (s->cnt == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        dy_span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->cnt++] = (dy_span){a, b};
    return 0;
}

/* ---- word lists ---- */

/* Never end a sentence: titles and prepositions-like abbreviations. */
static const char *const titles[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt",
    "Cpt", "Sgt", "Cpl", "Pvt", "Adm", "Gov", "Sen", "Rep", "Rev", "Fr", "St", "Hon",
    "Pres", "Amb", "Brig", "Cmdr", "Cdr", "Mt", "Ft", "Rt", "Insp", "Supt", "vs", "v",
    "cf", "viz", NULL};
/* End a sentence only before a digit-less word: "No. 36/2021", "p. 4". */
static const char *const numbered[] = {"No", "Nos", "Vol", "Art", "Fig", "Figs", "p", "pp",
                                       "Para", "Sec", "Ch", "Nr", NULL};
/* End a sentence only before a typical sentence opener. */
static const char *const weak[] = {
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "etc", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "al", "approx", "ca", "Bros", "Dept",
    "Univ", "Assn", "Ave", "Rd", "esp", "incl", "est", NULL};
static const char *const openers[] = {
    "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They",
    "We", "I", "You", "His", "Her", "Their", "Our", "There", "But", "And", "Or", "So",
    "Yet", "However", "Moreover", "Meanwhile", "Therefore", "Thus", "Also", "Still", "In",
    "On", "At", "As", "After", "Before", "When", "While", "If", "Although", "Though",
    "Since", "For", "By", "From", "With", "During", "According", "Following", "Despite",
    "What", "Why", "How", "Who", "Such", "Some", "Many", "Most", "Both", "Each", "All",
    "Nevertheless", "Furthermore", "Instead", "Then", "Later", "Earlier", "Now", "Today",
    "Yesterday", "Last", "Next", "Other", "Another", "One", "Two", NULL};

static int eq_fold(const char *w, size_t n, const char *lit)
{
    size_t k = 0;
    for (; k < n && lit[k]; k++) {
        char c = w[k], l = lit[k];
        if (c != l && !(is_upper_ascii(c) && c + 32 == l) && !(is_upper_ascii(l) && l + 32 == c))
            return 0;
    }
    return k == n && lit[k] == '\0';
}

/* w is in the list as written, or in capitals ("NO", "GEN"). */
static int in_list(const char *const *list, const char *w, size_t n)
{
    int caps = 1;
    for (size_t k = 0; k < n; k++)
        caps &= !is_alpha_ascii(w[k]) || is_upper_ascii(w[k]);
    for (size_t k = 0; list[k]; k++) {
        if ((list[k][0] | 32) != (w[0] | 32)) /* cheap first-letter filter */
            continue;
        if ((strlen(list[k]) == n && memcmp(list[k], w, n) == 0) ||
            (caps && n > 1 && eq_fold(w, n, list[k])))
            return 1;
    }
    return 0;
}

/* "U.S", "e.g", "i.e", "Ph.D": letters with inner dots. */
static int is_initialism(const char *w, size_t n)
{
    int dots = 0;
    for (size_t k = 0; k < n; k++) {
        if (w[k] == '.') {
            if (k == 0 || w[k - 1] == '.')
                return 0;
            dots++;
        } else if (!is_alpha_ascii(w[k]))
            return 0;
    }
    return dots > 0;
}

/* ---- the word after a candidate boundary ---- */

typedef struct {
    const char *w; /* first letters of the next word (ASCII letters only) */
    size_t n;
    int lower;     /* starts with a lowercase letter (any script) */
    int digit;     /* starts with a digit */
    int none;      /* nothing follows */
} next_word;

static next_word read_next(const splitter *s, size_t k)
{
    next_word nw = {NULL, 0, 0, 0, 0};
    while (k < s->n && is_ws(s->t[k]))
        k++;
    for (size_t q = 0; q < 4 && k < s->n && s->t[k] && strchr("\"'([", s->t[k]); q++)
        k++;
    if (k >= s->n) {
        nw.none = 1;
        return nw;
    }
    utf8proc_int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s->t + k, (utf8proc_ssize_t)(s->n - k), &cp);
    nw.lower = cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
    nw.digit = cp >= '0' && cp <= '9';
    nw.w = s->t + k;
    while (k + nw.n < s->n && nw.n < NEXT_MAX && is_alpha_ascii(s->t[k + nw.n]))
        nw.n++;
    return nw;
}

static int is_opener(const next_word *nw)
{
    if (!nw->n)
        return 0;
    for (size_t k = 0; openers[k]; k++)
        if (strlen(openers[k]) == nw->n && memcmp(openers[k], nw->w, nw->n) == 0)
            return 1;
    return 0;
}

/* ---- deciding ---- */

/* Start of the word that ends at i (stops at whitespace and openers). */
static size_t word_start(const splitter *s, size_t from, size_t i)
{
    size_t k = i;
    while (k > from && i - k < WORD_MAX && !is_ws(s->t[k - 1]) &&
           (!s->t[k - 1] || !strchr("\"'([-/", s->t[k - 1])))
        k--;
    return k;
}

/* A single full stop at i, next word nw: is it a sentence end? */
static int stop_ends(const splitter *s, size_t from, size_t i, const next_word *nw)
{
    size_t a = word_start(s, from, i);
    const char *w = s->t + a;
    size_t n = i - a;
    if (nw->none)
        return 1;
    if (n && in_list(titles, w, n))
        return 0;
    if (n && in_list(numbered, w, n))
        return !nw->digit && !nw->lower;
    if (n && (in_list(weak, w, n) || is_initialism(w, n) || (n == 1 && is_alpha_ascii(w[0]))))
        return is_opener(nw);
    return !nw->lower;
}

/* t[i..j) is a run of . ! ?; t[j..k) closing quotes/brackets. */
static int is_boundary(const splitter *s, size_t from, size_t i, size_t j, size_t k)
{
    next_word nw = read_next(s, k);
    if (j - i == 1 && s->t[i] == '.')
        return stop_ends(s, from, i, &nw);
    int exclaim = memchr(s->t + i, '!', j - i) || memchr(s->t + i, '?', j - i);
    if (exclaim)
        return !nw.lower;
    return nw.none || (nw.n && is_upper_ascii(nw.w[0])) || nw.digit; /* "..." */
}

static int is_stop(char c) { return c == '.' || c == '!' || c == '?'; }

/* Position after a paragraph break starting at the '\n' at i, or 0. */
static size_t paragraph_break(const splitter *s, size_t i)
{
    size_t k = i + 1;
    while (k < s->n && (s->t[k] == ' ' || s->t[k] == '\t' || s->t[k] == '\r'))
        k++;
    return k < s->n && s->t[k] == '\n' ? k + 1 : 0;
}

int dy_split_sentences(const char *text, size_t len, dy_span **out, size_t *n)
{
    splitter s = {text, text ? len : 0, NULL, 0, 0};
    size_t start = 0, i = 0;
    int rc = 0;
    while (i < s.n && rc == 0) {
        char c = text[i];
        size_t brk = c == '\n' ? paragraph_break(&s, i) : 0;
        if (brk) {
            rc = emit(&s, start, i);
            start = i = brk;
        } else if (!is_stop(c)) {
            i++;
        } else {
            size_t j = i, k;
            while (j < s.n && is_stop(text[j]))
                j++;
            for (k = j; k < s.n && k - j < CLOSERS_MAX && text[k] && strchr("\"')]}", text[k]); k++)
                ;
            if ((k == s.n || is_ws(text[k])) && is_boundary(&s, start, i, j, k)) {
                rc = emit(&s, start, k);
                start = k;
            }
            i = k > i ? k : i + 1;
        }
    }
    if (rc == 0)
        rc = emit(&s, start, s.n);
    if (rc) {
        free(s.v);
        s.v = NULL;
        s.cnt = 0;
    }
    *out = s.v;
    *n = s.cnt;
    return rc;
}
