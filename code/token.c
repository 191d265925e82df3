/* code/token.c - TABARI's input filter and tokenizer (manual section 7.3):
 * upper case without diacritics, sentence-final periods dropped, '?' '!'
 * '-' as blanks, commas in numbers removed, ';' as ',', commas and double
 * quotes as separate words. Offsets into the sentence are kept per token. */
#include <string.h>
#include <utf8proc.h>

#include "sentence.h"

/* dyad never calls setlocale, so the <ctype.h> classes are those of the C
 * locale: ASCII only. The tests below are those classes written out, without
 * a call per byte. */
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* C-locale isspace (space, \t \n \v \f \r) and the marks read as blanks */
static int is_sep(unsigned char c)
{
    switch (c) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case '?': case '!': case '-': case '(': case ')':
    case '[': case ']': case ':': case '/': case '_':
        return 1;
    default:
        return 0;
    }
}

/* Upper-case copy of a word of n bytes, all ASCII. */
static char *upper_ascii(dy_arena *a, const char *s, size_t n)
{
    char *w = dy_arena_alloc(a, n + 1);
    if (!w)
        return NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)(is_lower((unsigned char)s[i]) ? s[i] - 32 : s[i]);
    w[n] = '\0';
    return w;
}

/* Upper-case ASCII copy of a word with diacritics removed; ascii says that
 * no byte of s is 0x80 or above. */
static char *fold_word(dy_arena *a, const char *s, size_t n, int ascii, uint16_t *outlen)
{
    char *w;
    size_t m = n;
    if (ascii) {
        w = upper_ascii(a, s, n);
    } else {
        utf8proc_uint8_t *out = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                          UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                              UTF8PROC_COMPOSE);
        if (r < 0 || !out) {
            w = upper_ascii(a, s, n);
        } else {
            m = (size_t)r;
            w = upper_ascii(a, (const char *)out, m);
            free(out);
        }
    }
    if (!w)
        return NULL;
    *outlen = (uint16_t)(m > 65535 ? 65535 : m);
    return w;
}

static int push_tok(dy_sentence *s, int *cap, int start, int end, int type)
{
    dy_tok *all = dy_arena_grow(s->arena, s->t, s->nt, cap, sizeof *all, 64);
    if (!all)
        return -1;
    s->t = all;
    dy_tok *t = &s->t[s->nt++];
    memset(t, 0, sizeof *t);
    t->start = start;
    t->end = end;
    t->type = (uint8_t)type;
    t->unit = -1;
    return 0;
}

/* A word s[b..e): strips surrounding punctuation and applies the filter. */
static int add_word(dy_sentence *s, int *cap, size_t b, size_t e)
{
    const char *x = s->text;
    /* leading quotes/apostrophes as quote tokens */
    while (b < e && (x[b] == '"' || x[b] == '\'' || x[b] == '`')) {
        if (x[b] == '"' && push_tok(s, cap, (int)b, (int)b + 1, T_QUOTE))
            return -1;
        b++;
    }
    int trailing_quote = -1, trailing_comma = -1;
    for (;;) {
        if (e > b && (x[e - 1] == '"' || (x[e - 1] == '\'' && !(e - b >= 2 && x[e - 2] == 'S') &&
                                          !(e - b >= 2 && x[e - 2] == 's')))) {
            if (x[e - 1] == '"')
                trailing_quote = (int)e - 1;
            e--;
            continue;
        }
        if (e > b && (x[e - 1] == ',' || x[e - 1] == ';')) {
            trailing_comma = (int)e - 1;
            e--;
            continue;
        }
        if (e > b && x[e - 1] == '.' && (e - b == 1 || is_lower((unsigned char)x[e - 2]) ||
                                         x[e - 2] == '.' || x[e - 2] == '"')) {
            e--; /* sentence-final period after a lower-case letter */
            continue;
        }
        break;
    }
    if (e > b) {
        /* commas inside numbers are dropped: 1,500 -> 1500 */
        char buf[256];
        size_t k = 0;
        int ascii = 1;
        for (size_t i = b; i < e && k + 1 < sizeof buf; i++) {
            if ((x[i] == ',' || x[i] == ';') && i > b && is_digit((unsigned char)x[i - 1]) &&
                i + 1 < e && is_digit((unsigned char)x[i + 1]))
                continue;
            ascii &= (unsigned char)x[i] < 0x80;
            buf[k++] = x[i];
        }
        if (push_tok(s, cap, (int)b, (int)e, T_NONE))
            return -1;
        dy_tok *t = &s->t[s->nt - 1];
        t->w = fold_word(s->arena, buf, k, ascii, &t->len);
        if (!t->w)
            return -1;
        if (x[b] >= 'A' && x[b] <= 'Z')
            t->flags |= TF_CAP;
        if (is_digit((unsigned char)x[b]))
            t->type = T_NUMBER;
    }
    if (trailing_quote >= 0 && trailing_comma > trailing_quote) {
        if (push_tok(s, cap, trailing_quote, trailing_quote + 1, T_QUOTE))
            return -1;
        trailing_quote = -1;
    }
    if (trailing_comma >= 0 && push_tok(s, cap, trailing_comma, trailing_comma + 1, T_COMMA))
        return -1;
    if (trailing_quote >= 0 && push_tok(s, cap, trailing_quote, trailing_quote + 1, T_QUOTE))
        return -1;
    return 0;
}

int dy_tokenize(dy_sentence *s)
{
    int cap = 0;
    size_t i = 0, n = s->len;
    const char *x = s->text;
    s->nt = 0;
    int lower = 0;
    for (size_t k = 0; k < n && !lower; k++)
        lower = is_lower((unsigned char)x[k]);
    s->allcaps = !lower;
    s->full_len = n;
    while (i < n) {
        while (i < n && is_sep((unsigned char)x[i]))
            i++;
        size_t b = i;
        if (i < n && s->nt > DYAD_MAX_SENTENCE_TOKENS - 4) { /* a word adds up to 4 tokens */
            s->cut = 1;
            s->len = b; /* later stages (dates, places, issues) see the coded part only */
            break;
        }
        while (i < n && !is_sep((unsigned char)x[i])) {
            /* a comma followed by a letter splits words: "Gondor,Rohan" */
            if ((x[i] == ',' || x[i] == ';') && i + 1 < n && !is_digit((unsigned char)x[i + 1]) &&
                !is_sep((unsigned char)x[i + 1])) {
                i++;
                break;
            }
            i++;
        }
        if (i > b && add_word(s, &cap, b, i))
            return -1;
    }
    /* fill text of punctuation tokens */
    for (int k = 0; k < s->nt; k++) {
        dy_tok *t = &s->t[k];
        if (!t->w) {
            t->w = t->type == T_COMMA ? "," : "\"";
            t->len = 1;
        }
    }
    return 0;
}
