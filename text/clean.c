/* text/clean.c - raw text to clean paragraphs (see clean.h for the rules). */
#include "text/clean.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define TAG_MAX 256        /* longest HTML tag we recognise, in bytes */
#define COMMENT_MAX 4096   /* longest <!-- comment --> we remove */
#define ENTITY_MAX 12      /* longest entity name */
#define EMPH_MAX 200       /* longest *emphasised* span */
#define EMPH_DEPTH 8       /* nested emphasis markers tracked */
#define HEAD_WORDS 6       /* running heads have at most this many words */
#define HEAD_BYTES 80      /* ... and at most this many bytes */
#define WORD_BACK 64       /* how far back we look for a word's start */

/* ======================= stage 1: bytes, markup, typography ============= */

typedef struct {
    const char *s;   /* input */
    size_t n, i;     /* length and read position */
    dy_buf *b;       /* output */
    int oom;         /* sticky allocation failure */
    size_t next_gt;  /* memo: position of the next '>' at or after i */
    size_t next_lt;  /* memo: position of the next '<' after i */
    size_t next_cend; /* memo: position of the next "-->" */
} sanitizer;

static void put(sanitizer *z, const char *s, size_t n)
{
    if (!z->oom && dy_buf_append(z->b, s, n))
        z->oom = 1;
}

static void put_cp(sanitizer *z, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, tmp);
    put(z, (const char *)tmp, (size_t)k);
}

static char last_out(const sanitizer *z) { return z->b->len ? z->b->p[z->b->len - 1] : ' '; }

enum { REP_STR, REP_EN_DASH, REP_EM_DASH };

typedef struct {
    int32_t cp;
    int kind;
    const char *rep;
} cp_rule;

/* Sorted by code point (binary search). */
static const cp_rule cp_rules[] = {
    {0x00A0, REP_STR, " "},   {0x00AB, REP_STR, "\""},  {0x00AD, REP_STR, ""},
    {0x00BB, REP_STR, "\""},  {0x02BC, REP_STR, "'"},   {0x1680, REP_STR, " "},
    {0x200B, REP_STR, ""},    {0x200C, REP_STR, ""},    {0x200D, REP_STR, ""},
    {0x200E, REP_STR, ""},    {0x200F, REP_STR, ""},    {0x2010, REP_STR, "-"},
    {0x2011, REP_STR, "-"},   {0x2012, REP_STR, "-"},   {0x2013, REP_EN_DASH, NULL},
    {0x2014, REP_EM_DASH, NULL}, {0x2015, REP_EM_DASH, NULL}, {0x2018, REP_STR, "'"},
    {0x2019, REP_STR, "'"},   {0x201A, REP_STR, "'"},   {0x201B, REP_STR, "'"},
    {0x201C, REP_STR, "\""},  {0x201D, REP_STR, "\""},  {0x201E, REP_STR, "\""},
    {0x201F, REP_STR, "\""},  {0x2026, REP_STR, "..."}, {0x2028, REP_STR, "\n"},
    {0x2029, REP_STR, "\n\n"}, {0x202F, REP_STR, " "},  {0x2039, REP_STR, "'"},
    {0x203A, REP_STR, "'"},   {0x205F, REP_STR, " "},   {0x2060, REP_STR, ""},
    {0x2212, REP_STR, "-"},   {0x3000, REP_STR, " "},   {0xFB00, REP_STR, "ff"},
    {0xFB01, REP_STR, "fi"},  {0xFB02, REP_STR, "fl"},  {0xFB03, REP_STR, "ffi"},
    {0xFB04, REP_STR, "ffl"}, {0xFB05, REP_STR, "st"},  {0xFB06, REP_STR, "st"},
    {0xFEFF, REP_STR, ""},
};

static const cp_rule *find_rule(int32_t cp)
{
    size_t lo = 0, hi = sizeof cp_rules / sizeof cp_rules[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp_rules[mid].cp == cp)
            return &cp_rules[mid];
        if (cp_rules[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* An en dash joins ("1990–2000", "Paris–Berlin") unless spaced. */
static void put_dash(sanitizer *z, int kind)
{
    int tight = !is_space_byte(last_out(z)) && z->i < z->n && !is_space_byte(z->s[z->i]);
    put(z, kind == REP_EN_DASH && tight ? "-" : " - ", kind == REP_EN_DASH && tight ? 1 : 3);
}

/* Emits code point cp (already decoded); z->i points after it. */
static void map_cp(sanitizer *z, int32_t cp)
{
    if (cp == 0 || cp == 0x7F)
        return;
    if (cp == '\n' || cp == 0x0B || cp == 0x85)
        put(z, "\n", 1);
    else if (cp == 0x0C)
        put(z, "\n\n", 2);
    else if (cp < 0x20 || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x2000 && cp <= 0x200A))
        put(z, " ", 1);
    else if (cp < 0x80)
        put(z, (const char[]){(char)cp}, 1);
    else {
        const cp_rule *r = find_rule(cp);
        if (!r)
            put_cp(z, cp);
        else if (r->kind == REP_STR)
            put(z, r->rep, strlen(r->rep));
        else
            put_dash(z, r->kind);
    }
}

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha_ascii(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit_ascii(int c) { return c >= '0' && c <= '9'; }

typedef struct {
    const char *name;
    const char *rep; /* what the tag becomes */
} tag_rule;

static const tag_rule tag_rules[] = {
    {"a", ""},        {"abbr", ""},  {"b", ""},      {"big", ""},     {"blockquote", "\n\n"},
    {"body", "\n\n"}, {"br", "\n"},  {"center", ""}, {"cite", ""},    {"code", ""},
    {"dd", "\n"},     {"del", ""},   {"div", "\n\n"}, {"dl", "\n\n"}, {"dt", "\n"},
    {"em", ""},       {"font", ""},  {"h1", "\n\n"}, {"h2", "\n\n"},  {"h3", "\n\n"},
    {"h4", "\n\n"},   {"h5", "\n\n"}, {"h6", "\n\n"}, {"head", "\n\n"}, {"hr", "\n\n"},
    {"html", "\n\n"}, {"i", ""},     {"img", ""},    {"ins", ""},     {"kbd", ""},
    {"li", "\n\n"},   {"mark", ""},  {"ol", "\n\n"}, {"p", "\n\n"},   {"pre", "\n\n"},
    {"q", ""},        {"s", ""},     {"small", ""},  {"span", ""},    {"strike", ""},
    {"strong", ""},   {"sub", ""},   {"sup", ""},    {"table", "\n\n"}, {"td", " "},
    {"th", " "},      {"tr", "\n\n"}, {"tt", ""},    {"u", ""},       {"ul", "\n\n"},
};

static const tag_rule *find_tag(const char *name, size_t len)
{
    char low[12];
    if (len == 0 || len >= sizeof low)
        return NULL;
    for (size_t k = 0; k < len; k++)
        low[k] = (char)lower_ascii((unsigned char)name[k]);
    low[len] = '\0';
    for (size_t k = 0; k < sizeof tag_rules / sizeof tag_rules[0]; k++)
        if (strcmp(tag_rules[k].name, low) == 0)
            return &tag_rules[k];
    return NULL;
}

/* Position of the next c at or after from (n when none). */
static size_t next_byte(const sanitizer *z, size_t from, char c)
{
    if (from >= z->n)
        return z->n;
    const char *p = memchr(z->s + from, c, z->n - from);
    return p ? (size_t)(p - z->s) : z->n;
}

static size_t next_comment_end(const sanitizer *z, size_t from)
{
    size_t p = from;
    for (;;) {
        p = next_byte(z, p, '>');
        if (p >= z->n)
            return z->n;
        if (p >= 2 && p - 2 >= from && z->s[p - 1] == '-' && z->s[p - 2] == '-')
            return p - 2;
        p++;
    }
}

/* "<!-- ... -->" at z->i: consumes it and returns 1. */
static int try_comment(sanitizer *z)
{
    if (z->n - z->i < 7 || memcmp(z->s + z->i, "<!--", 4) != 0)
        return 0;
    if (z->next_cend < z->i + 4 || z->next_cend == (size_t)-1)
        z->next_cend = next_comment_end(z, z->i + 4);
    if (z->next_cend >= z->n || z->next_cend - z->i > COMMENT_MAX)
        return 0;
    z->i = z->next_cend + 3;
    return 1;
}

/* A known HTML tag at z->i ("<u>", "</b>", "<br/>", "<span class=x>"). */
static int try_tag(sanitizer *z)
{
    size_t i = z->i, k = i + 1;
    if (try_comment(z))
        return 1;
    if (z->next_gt <= i || z->next_gt == (size_t)-1)
        z->next_gt = next_byte(z, i + 1, '>');
    if (z->next_lt <= i || z->next_lt == (size_t)-1)
        z->next_lt = next_byte(z, i + 1, '<');
    if (z->next_gt >= z->n || z->next_gt > z->next_lt || z->next_gt - i > TAG_MAX)
        return 0;
    if (k < z->n && z->s[k] == '/')
        k++;
    size_t name = k;
    while (k < z->n && k - name < 12 && (is_alpha_ascii((unsigned char)z->s[k]) ||
                                         is_digit_ascii((unsigned char)z->s[k])))
        k++;
    if (k >= z->n)
        return 0;
    char after = z->s[k];
    if (after != '>' && after != '/' && !is_space_byte(after))
        return 0;
    const tag_rule *t = find_tag(z->s + name, k - name);
    if (!t)
        return 0;
    put(z, t->rep, strlen(t->rep));
    z->i = z->next_gt + 1;
    return 1;
}

typedef struct {
    const char *name;
    int32_t cp;
} entity;

static const entity entities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", 0xA0},     {"ndash", 0x2013},  {"mdash", 0x2014},
    {"hellip", 0x2026}, {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"sbquo", 0x201A},  {"bdquo", 0x201E},  {"laquo", 0xAB},
    {"raquo", 0xBB},    {"shy", 0xAD},      {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122},  {"deg", 0xB0},      {"euro", 0x20AC},   {"pound", 0xA3},
    {"middot", 0xB7},   {"bull", 0x2022},   {"thinsp", 0x2009}, {"ensp", 0x2002},
    {"emsp", 0x2003},   {"zwj", 0x200D},    {"zwnj", 0x200C},   {"minus", 0x2212},
    {"eacute", 0xE9},   {"egrave", 0xE8},   {"aacute", 0xE1},   {"oacute", 0xF3},
    {"iacute", 0xED},   {"uacute", 0xFA},   {"auml", 0xE4},     {"ouml", 0xF6},
    {"uuml", 0xFC},     {"ccedil", 0xE7},   {"ntilde", 0xF1},   {"szlig", 0xDF},
};

static int32_t numeric_entity(const char *s, size_t n)
{
    int hex = n > 0 && (s[0] == 'x' || s[0] == 'X');
    size_t k = (size_t)hex;
    long v = 0;
    if (n == k || n - k > 7)
        return -1;
    for (; k < n; k++) {
        int c = lower_ascii((unsigned char)s[k]);
        int d = is_digit_ascii(c) ? c - '0' : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * (hex ? 16 : 10) + d;
    }
    return utf8proc_codepoint_valid((utf8proc_int32_t)v) && v != 0 && v <= 0x10FFFF
               ? (int32_t)v
               : 0xFFFD;
}

static int32_t named_entity(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++)
        if (strlen(entities[k].name) == n && memcmp(entities[k].name, s, n) == 0)
            return entities[k].cp;
    return -1;
}

/* "&amp;" "&#39;" "&#x2014;" at z->i. */
static int try_entity(sanitizer *z)
{
    size_t i = z->i + 1, k = i;
    while (k < z->n && k - i <= ENTITY_MAX && z->s[k] != ';' &&
           (is_alpha_ascii((unsigned char)z->s[k]) || is_digit_ascii((unsigned char)z->s[k]) ||
            (k == i && z->s[k] == '#')))
        k++;
    if (k >= z->n || z->s[k] != ';' || k == i)
        return 0;
    int32_t cp = z->s[i] == '#' ? numeric_entity(z->s + i + 1, k - i - 1)
                                : named_entity(z->s + i, k - i);
    if (cp < 0)
        return 0;
    z->i = k + 1;
    map_cp(z, cp);
    return 1;
}

static int try_newline(sanitizer *z)
{
    z->i += 1 + (z->i + 1 < z->n && z->s[z->i + 1] == '\n');
    put(z, "\n", 1);
    return 1;
}

/* A run of ASCII hyphens: "--" and "---" are dashes. */
static int try_hyphens(sanitizer *z)
{
    size_t k = z->i;
    while (k < z->n && z->s[k] == '-')
        k++;
    size_t run = k - z->i;
    z->i = k;
    if (run == 2 || run == 3)
        put(z, " - ", 3);
    else
        put(z, z->s + k - run, run);
    return 1;
}

static int try_utf8(sanitizer *z)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)z->s + z->i,
                                          (utf8proc_ssize_t)(z->n - z->i), &cp);
    if (k <= 0) {
        k = 1;
        cp = 0xFFFD;
    }
    z->i += (size_t)k;
    map_cp(z, cp);
    return 1;
}

typedef int (*byte_handler)(sanitizer *);

/* Which handler gets the first try at a byte. */
static byte_handler handler_for(unsigned char c)
{
    switch (c) {
    case '<': return try_tag;
    case '&': return try_entity;
    case '\r': return try_newline;
    case '-': return try_hyphens;
    default: return NULL;
    }
}

static int plain_byte(unsigned char c) { return c >= 0x20 && c < 0x7F; }

static int sanitize(const char *in, size_t len, dy_buf *b)
{
    sanitizer z = {in, len, 0, b, 0, (size_t)-1, (size_t)-1, (size_t)-1};
    if (dy_buf_reserve(b, len + len / 8 + 16))
        return -1;
    while (z.i < z.n && !z.oom) {
        size_t start = z.i;
        unsigned char c = (unsigned char)in[z.i];
        byte_handler h = handler_for(c);
        if (h && h(&z))
            continue;
        if (plain_byte(c)) { /* fast path: a run of plain ASCII */
            size_t k = z.i + 1;
            while (k < z.n && plain_byte((unsigned char)in[k]) && !handler_for((unsigned char)in[k]))
                k++;
            put(&z, in + z.i, k - z.i);
            z.i = k;
        } else
            try_utf8(&z);
        if (z.i == start) /* cannot happen; keeps the loop provably finite */
            z.i++;
    }
    return z.oom ? -1 : 0;
}

/* ======================= stage 3: lines and paragraphs ================== */

typedef struct {
    size_t off, len;
    unsigned flags;
    uint64_t key;
} para;

enum { P_CAND = 1, P_LOWER = 2, P_REMOVED = 4, P_INTERRUPT = 8 };

typedef struct {
    dy_buf text;   /* all paragraphs, back to back */
    para *v;
    size_t n, cap;
} para_list;

static int32_t cp_at(const char *s, size_t n)
{
    utf8proc_int32_t cp = -1;
    if (n && utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
        cp = -1;
    return cp;
}

/* Code point ending at s[end) (s[0..end) valid UTF-8). */
static int32_t cp_before(const char *s, size_t end)
{
    size_t k = end;
    while (k > 0 && end - k < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    return k > 0 ? cp_at(s + k - 1, end - k + 1) : -1;
}

static int is_letter(int32_t cp)
{
    if (cp < 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_lower(int32_t cp) { return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL; }

static int is_upper(int32_t cp)
{
    return cp >= 0 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
                       utf8proc_category(cp) == UTF8PROC_CATEGORY_LT);
}

/* Is the word that ends at s[end) capitalised? */
static int word_capitalised(const char *s, size_t end)
{
    size_t k = end;
    while (k > 0 && end - k < WORD_BACK && s[k - 1] != ' ')
        k--;
    return is_upper(cp_at(s + k, end - k));
}

/* Appends t[0..n) to b, collapsing runs of spaces (b may end in a space). */
static int append_collapsed(dy_buf *b, const char *t, size_t n)
{
    if (dy_buf_reserve(b, n))
        return -1;
    for (size_t k = 0; k < n; k++) {
        if (t[k] == ' ' && b->len && b->p[b->len - 1] == ' ')
            continue;
        b->p[b->len++] = t[k];
    }
    b->p[b->len] = '\0';
    return 0;
}

/* Joins piece t[0..n) to the text b[from..) that ends a paragraph or line:
 * de-hyphenates "decision-" + "making", keeps "Russian-" + "Belarusian",
 * otherwise puts a single space in between. */
static int join_piece(dy_buf *b, size_t from, const char *t, size_t n)
{
    size_t len = b->len - from;
    const char *p = b->p + from;
    if (len >= 2 && p[len - 1] == '-' && is_letter(cp_before(p, len - 1))) {
        int32_t first = cp_at(t, n);
        if (is_lower(first) && !word_capitalised(p, len - 1))
            b->len--;
        else if (!is_letter(first) && !(first >= '0' && first <= '9'))
            return dy_buf_putc(b, ' ') ? -1 : append_collapsed(b, t, n);
        return append_collapsed(b, t, n);
    }
    if (len && dy_buf_putc(b, ' '))
        return -1;
    return append_collapsed(b, t, n);
}

/* ---- emphasis markers ---- */

static int emph_char(char c) { return c == '*' || c == '_'; }

static size_t run_len(const char *p, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && k - i < 3 && p[k] == p[i])
        k++;
    return k - i;
}

static int opens_ok(const char *p, size_t n, size_t i, size_t r)
{
    static const char before[] = " ([{\"'-";
    return (i == 0 || memchr(before, p[i - 1], sizeof before - 1)) && i + r < n &&
           p[i + r] != ' ' && !emph_char(p[i + r]);
}

static int closes_ok(const char *p, size_t n, size_t j, size_t r)
{
    return p[j - 1] != ' ' && !emph_char(p[j - 1]) &&
           (j + r == n || p[j + r] == ' ' || (!is_alpha_ascii((unsigned char)p[j + r]) &&
                                              !is_digit_ascii((unsigned char)p[j + r]) &&
                                              (unsigned char)p[j + r] < 0x80 && !emph_char(p[j + r])));
}

typedef struct {
    size_t at[EMPH_DEPTH], len[EMPH_DEPTH];
    int n;
} closers;

static int claimed(const closers *c, size_t j)
{
    for (int k = 0; k < c->n; k++)
        if (c->at[k] == j)
            return 1;
    return 0;
}

/* Closing run for the opener at i (length r), or 0 when there is none. */
static size_t find_closer(const char *p, size_t n, size_t i, size_t r, const closers *c)
{
    for (size_t j = i + r + 1; j < n && j - i <= EMPH_MAX; j++) {
        if (p[j] != p[i])
            continue;
        size_t rj = run_len(p, n, j);
        if (rj == r && closes_ok(p, n, j, r))
            return claimed(c, j) ? 0 : j;
        j += rj - 1;
    }
    return 0;
}

static void closers_add(closers *c, size_t at, size_t len)
{
    int k = c->n++;
    while (k > 0 && c->at[k - 1] > at) {
        c->at[k] = c->at[k - 1];
        c->len[k] = c->len[k - 1];
        k--;
    }
    c->at[k] = at;
    c->len[k] = len;
}

static void closers_pop(closers *c)
{
    for (int k = 1; k < c->n; k++) {
        c->at[k - 1] = c->at[k];
        c->len[k - 1] = c->len[k];
    }
    c->n--;
}

/* Removes matched *x*, **x**, _x_ markers from p[0..n) in place. */
static size_t strip_emphasis(char *p, size_t n)
{
    closers c = {{0}, {0}, 0};
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        while (c.n && c.at[0] < i) /* cannot happen; never let a stale entry block */
            closers_pop(&c);
        if (c.n && c.at[0] == i) {
            i += c.len[0];
            closers_pop(&c);
            continue;
        }
        if (!c.n && !emph_char(p[i])) {
            /* no closer pending: the text up to the next marker moves as one
             * block (byte by byte, it would be copied the same way) */
            size_t e = i + 1;
            while (e < n && !emph_char(p[e]))
                e++;
            if (w != i)
                memmove(p + w, p + i, e - i);
            w += e - i, i = e;
            continue;
        }
        if (emph_char(p[i])) {
            size_t r = run_len(p, n, i), j;
            if (r <= 2 && c.n < EMPH_DEPTH && opens_ok(p, n, i, r) &&
                (j = find_closer(p, n, i, r, &c)) != 0) {
                closers_add(&c, j, r);
                i += r;
                continue;
            }
            memmove(p + w, p + i, r);
            w += r, i += r;
            continue;
        }
        p[w++] = p[i++];
    }
    return w;
}

/* ---- building paragraphs ---- */

static int para_push(para_list *pl, size_t off)
{
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 64;
        para *v = realloc(pl->v, cap * sizeof *v);
        if (!v)
            return -1;
        pl->v = v;
        pl->cap = cap;
    }
    size_t len = strip_emphasis(pl->text.p + off, pl->text.len - off);
    pl->text.len = off + len;
    while (pl->text.len > off && pl->text.p[pl->text.len - 1] == ' ')
        pl->text.len--;
    pl->text.p[pl->text.len] = '\0';
    if (pl->text.len > off)
        pl->v[pl->n++] = (para){off, pl->text.len - off, 0, 0};
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Splits s[0..n) into lines and lines into paragraphs. */
static int build_paragraphs(const char *s, size_t n, para_list *pl)
{
    size_t off = 0;
    int open = 0;
    if (dy_buf_reserve(&pl->text, n + 1))
        return -1;
    for (size_t i = 0; i <= n;) {
        const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
        size_t e = nl ? (size_t)(nl - s) : n;
        const char *line = s + i;
        size_t ll = e - i;
        trim(&line, &ll);
        if (ll == 0 && open) {
            if (para_push(pl, off))
                return -1;
            open = 0;
        } else if (ll) {
            if (!open)
                off = pl->text.len, open = 1;
            if (join_piece(&pl->text, off, line, ll))
                return -1;
        }
        i = e + 1;
    }
    return open ? para_push(pl, off) : 0;
}

/* ---- running heads and page breaks ---- */

static const char *ptext(const para_list *pl, size_t k) { return pl->text.p + pl->v[k].off; }

static int ends_sentence(const char *p, size_t n)
{
    return n && strchr(".!?:\"'", p[n - 1]) != NULL;
}

static int32_t first_letter(const char *p, size_t n)
{
    size_t k = 0;
    while (k < n && k < 4 && strchr("(\"'[", p[k]))
        k++;
    return cp_at(p + k, n - k);
}

static size_t word_count(const char *p, size_t n)
{
    size_t w = 1;
    for (size_t k = 0; k < n; k++)
        w += p[k] == ' ';
    return w;
}

/* Hash of the text with case folded and digits ignored. */
static uint64_t head_key(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < n; k++) {
        int c = lower_ascii((unsigned char)p[k]);
        h = (h ^ (uint64_t)(is_digit_ascii(c) ? '#' : c)) * 1099511628211ULL;
    }
    return h;
}

static void classify(para_list *pl)
{
    for (size_t k = 0; k < pl->n; k++) {
        const char *p = ptext(pl, k);
        size_t n = pl->v[k].len;
        unsigned f = 0;
        if (n <= HEAD_BYTES && !ends_sentence(p, n) && p[n - 1] != ',' && p[n - 1] != ';' &&
            word_count(p, n) <= HEAD_WORDS)
            f |= P_CAND;
        if (is_lower(first_letter(p, n)))
            f |= P_LOWER;
        pl->v[k].flags = f;
        pl->v[k].key = f & P_CAND ? head_key(p, n) : 0; /* only candidates are compared */
    }
}

/* Does paragraph b continue the sentence that paragraph a leaves open? */
static int continues(const char *a, size_t an, const char *b, size_t bn)
{
    if (!an || !bn || ends_sentence(a, an))
        return 0;
    int32_t first = first_letter(b, bn);
    if (is_lower(first))
        return 1;
    char last = a[an - 1];
    if (last == ',' || last == ';')
        return is_letter(first) || (first >= '0' && first <= '9');
    return last == '-' && an >= 2 && is_letter(cp_before(a, an - 1)) && is_letter(first);
}

static int is_head_run_member(const para *p)
{
    return (p->flags & (P_CAND | P_LOWER)) == P_CAND;
}

/* Short paragraphs between the two halves of a sentence. */
static void mark_interruptions(para_list *pl)
{
    for (size_t i = 1; i < pl->n;) {
        if (!is_head_run_member(&pl->v[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < pl->n && is_head_run_member(&pl->v[j]))
            j++;
        if (j < pl->n && continues(ptext(pl, i - 1), pl->v[i - 1].len, ptext(pl, j), pl->v[j].len))
            for (size_t k = i; k < j; k++)
                pl->v[k].flags |= P_REMOVED | P_INTERRUPT;
        i = j;
    }
}

typedef struct {
    uint64_t key;
    size_t idx;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void mark_group(para_list *pl, const keyed *g, size_t count)
{
    int interrupt = 0;
    for (size_t k = 0; k < count; k++)
        interrupt |= (pl->v[g[k].idx].flags & P_INTERRUPT) != 0;
    if (count >= 3 || (count >= 2 && interrupt))
        for (size_t k = 0; k < count; k++)
            pl->v[g[k].idx].flags |= P_REMOVED;
}

/* Short paragraphs that repeat (page heads and feet). */
static int mark_repeats(para_list *pl)
{
    size_t m = 0;
    keyed *ks = malloc((pl->n ? pl->n : 1) * sizeof *ks);
    if (!ks)
        return -1;
    for (size_t k = 0; k < pl->n; k++)
        if (pl->v[k].flags & P_CAND)
            ks[m++] = (keyed){pl->v[k].key, k};
    qsort(ks, m, sizeof *ks, keyed_cmp);
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && ks[j].key == ks[i].key;)
            j++;
        mark_group(pl, ks + i, j - i);
    }
    free(ks);
    return 0;
}

/* Writes the kept paragraphs, joining sentences split by a page break. */
static int emit(const para_list *pl, dy_buf *out)
{
    size_t cur = 0; /* start of the paragraph being written in out */
    for (size_t k = 0; k < pl->n; k++) {
        if (pl->v[k].flags & P_REMOVED)
            continue;
        const char *p = ptext(pl, k);
        size_t n = pl->v[k].len;
        if (out->len && continues(out->p + cur, out->len - cur, p, n)) {
            if (join_piece(out, cur, p, n))
                return -1;
            continue;
        }
        if (out->len && dy_buf_append(out, "\n\n", 2))
            return -1;
        cur = out->len;
        if (dy_buf_append(out, p, n))
            return -1;
    }
    return 0;
}

static int layout(const char *s, size_t n, dy_buf *out)
{
    para_list pl = {DY_BUF_INIT, NULL, 0, 0};
    int rc = build_paragraphs(s, n, &pl);
    if (rc == 0) {
        classify(&pl);
        mark_interruptions(&pl);
        rc = mark_repeats(&pl);
    }
    if (rc == 0)
        rc = emit(&pl, out);
    dy_buf_free(&pl.text);
    free(pl.v);
    return rc;
}

/* ======================= driver ========================================== */

/* Makes out->p a valid C string even when nothing was written. */
static int terminate(dy_buf *out)
{
    if (dy_buf_reserve(out, 0))
        return -1;
    out->p[out->len] = '\0';
    return 0;
}

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

static int all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

int dy_text_clean(const char *in, size_t len, dy_buf *out, char *err, size_t errlen)
{
    dy_buf san = DY_BUF_INIT;
    utf8proc_uint8_t *nfc = NULL;
    dy_buf_clear(out);
    if (err && errlen)
        err[0] = '\0';
    if (!in || !len)
        return terminate(out) ? fail(err, errlen, "out of memory") : 0;
    if (sanitize(in, len, &san)) {
        dy_buf_free(&san);
        return fail(err, errlen, "out of memory");
    }
    if (san.len && all_ascii(san.p, san.len)) { /* NFC leaves ASCII as it is */
        int rc = layout(san.p, san.len, out);
        dy_buf_free(&san);
        if (rc == 0)
            rc = terminate(out);
        return rc ? fail(err, errlen, "out of memory") : 0;
    }
    utf8proc_ssize_t m = san.len ? utf8proc_map((const utf8proc_uint8_t *)san.p,
                                                (utf8proc_ssize_t)san.len, &nfc,
                                                UTF8PROC_STABLE | UTF8PROC_COMPOSE)
                                 : 0;
    dy_buf_free(&san);
    if (m < 0)
        return fail(err, errlen, m == UTF8PROC_ERROR_NOMEM ? "out of memory"
                                                           : utf8proc_errmsg(m));
    int rc = m ? layout((const char *)nfc, (size_t)m, out) : 0;
    free(nfc);
    if (rc == 0)
        rc = terminate(out);
    return rc ? fail(err, errlen, "out of memory") : 0;
}

void dy_text_find_damage(const char *in, size_t len, dy_text_damage *out)
{
    const unsigned char *p = (const unsigned char *)in;
    *out = (dy_text_damage){0, len, 0, len};
    for (size_t i = 0; i < len;) {
        if (p[i] == 0 && out->nuls++ == 0)
            out->first_nul = i;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp; /* as try_utf8: a bad sequence is one replaced byte */
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 && out->invalid++ == 0)
            out->first_invalid = i;
        i += k > 0 ? (size_t)k : 1;
    }
}
