/* text/jsonl_fast.c - flat JSON Lines records without a tree (see jsonl_fast.h).
 *
 * Every function answers "this is what jansson would read" or "decline";
 * declining is always safe (jansson then reads the line), so anything this
 * does not fully understand is declined, never guessed. */
#include "text/jsonl_fast.h"

#include <stdio.h>
#include <string.h>

enum { DECLINE = 0, OK = 1, NOMEM = -1 };

typedef struct scan {
    const unsigned char *p, *end;
} scan;

static void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

/* Length of the well-formed UTF-8 sequence at p (no overlong forms, no
 * surrogates, nothing above U+10FFFF: what jansson accepts), 0 if none. */
static int utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || end - p < n)
        return 0;
    unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (int k = 2; k < n; k++)
        if (p[k] < 0x80 || p[k] > 0xBF)
            return 0;
    return n;
}

static int hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = p[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return 0;
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

static int put_utf8(dy_buf *out, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80)
        b[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    return dy_buf_append(out, b, n) ? NOMEM : OK;
}

/* A \uXXXX escape at s->p (just after the backslash-u), with its low
 * surrogate when it is a high one: appended to out (NUL included: the
 * reader lets jansson keep NULs in strings). */
static int unicode_escape(scan *s, dy_buf *out)
{
    unsigned cp, lo;
    if (s->end - s->p < 4 || !hex4(s->p, &cp))
        return DECLINE;
    s->p += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return DECLINE; /* a lone low surrogate */
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' || !hex4(s->p + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return DECLINE;
        s->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    return out ? put_utf8(out, cp) : OK;
}

/* The string at s->p (on its opening quote). Its unescaped bytes go to out
 * unless out is NULL; *escaped tells whether it had any escape. */
static int string(scan *s, dy_buf *out, int *escaped)
{
    *escaped = 0;
    s->p++;
    for (;;) {
        const unsigned char *run = s->p; /* plain ASCII, copied in one piece */
        while (s->p < s->end && *s->p >= 0x20 && *s->p < 0x80 && *s->p != '"' && *s->p != '\\')
            s->p++;
        if (out && s->p > run && dy_buf_append(out, (const char *)run, (size_t)(s->p - run)))
            return NOMEM;
        if (s->p >= s->end || *s->p < 0x20)
            return DECLINE; /* unterminated, or a raw control character */
        if (*s->p == '"') {
            s->p++;
            return OK;
        }
        if (*s->p >= 0x80) {
            int n = utf8_len(s->p, s->end);
            if (!n)
                return DECLINE;
            if (out && dy_buf_append(out, (const char *)s->p, (size_t)n))
                return NOMEM;
            s->p += n;
            continue;
        }
        *escaped = 1; /* a backslash */
        if (++s->p >= s->end)
            return DECLINE;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *k = *s->p ? strchr(from, *s->p) : NULL;
        int rc;
        if (k) {
            s->p++;
            rc = out && dy_buf_putc(out, to[k - from]) ? NOMEM : OK;
        } else if (*s->p == 'u') {
            s->p++;
            rc = unicode_escape(s, out);
        } else {
            rc = DECLINE;
        }
        if (rc != OK)
            return rc;
    }
}

/* A non-negative integer in decimal that jansson keeps as an integer (no
 * fraction, no exponent, no leading zero, at most 18 digits). */
static int integer(scan *s, long long *v)
{
    const unsigned char *start = s->p;
    unsigned long long x = 0; /* 19 digits fit: no overflow before the length check */
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9' && s->p - start < 19)
        x = x * 10 + (unsigned)(*s->p++ - '0');
    size_t n = (size_t)(s->p - start);
    if (!n || n > 18 || (start[0] == '0' && n > 1))
        return DECLINE;
    if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E' ||
                          (*s->p >= '0' && *s->p <= '9')))
        return DECLINE;
    *v = (long long)x; /* at most 18 digits: below 2^63 */
    return OK;
}

static int literal(scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
        return DECLINE;
    s->p += n;
    return OK;
}

/* A member's value we do not use: checked as jansson would, then passed. */
static int other_value(scan *s)
{
    int escaped;
    long long v;
    switch (*s->p) {
    case '"': return string(s, NULL, &escaped);
    case 't': return literal(s, "true");
    case 'f': return literal(s, "false");
    case 'n': return literal(s, "null");
    default: return *s->p >= '0' && *s->p <= '9' ? integer(s, &v) : DECLINE;
    }
}

typedef struct record {
    dy_buf *id, *text;
    int have_id, have_text, have_date;
    char date[16];
} record;

static int id_value(scan *s, record *r)
{
    int escaped, rc;
    dy_buf_clear(r->id);
    if (*s->p == '"') {
        /* jansson's id is a C string: an escaped NUL would end it early */
        rc = string(s, r->id, &escaped);
        return rc == OK && escaped ? DECLINE : rc;
    }
    long long v;
    if ((rc = integer(s, &v)) != OK)
        return rc;
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", v);
    return dy_buf_append(r->id, num, (size_t)n) ? NOMEM : OK;
}

static int date_value(scan *s, record *r)
{
    if (*s->p == 'n')
        return literal(s, "null");
    if (*s->p != '"')
        return DECLINE;
    const unsigned char *start = s->p + 1;
    int escaped, rc = string(s, NULL, &escaped);
    size_t n = (size_t)(s->p - start) - 1;
    if (rc != OK || escaped || n >= sizeof r->date)
        return rc == OK ? DECLINE : rc;
    memcpy(r->date, start, n);
    r->date[n] = '\0';
    r->have_date = 1;
    return OK;
}

/* One "key": value member. */
static int member(scan *s, record *r, const unsigned char **keys, size_t *lens, int *nkeys)
{
    if (s->p >= s->end || *s->p != '"')
        return DECLINE;
    const unsigned char *key = s->p + 1;
    int escaped, rc = string(s, NULL, &escaped);
    size_t klen = (size_t)(s->p - key) - 1;
    if (rc != OK || escaped || *nkeys == 32)
        return rc == OK ? DECLINE : rc;
    for (int k = 0; k < *nkeys; k++) /* duplicates are jansson's error to report */
        if (lens[k] == klen && !memcmp(keys[k], key, klen))
            return DECLINE;
    keys[*nkeys] = key;
    lens[(*nkeys)++] = klen;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ':')
        return DECLINE;
    s->p++;
    skip_ws(s);
    if (s->p >= s->end)
        return DECLINE;
    if (klen == 2 && !memcmp(key, "id", 2))
        return r->have_id = 1, id_value(s, r);
    if (klen == 4 && !memcmp(key, "text", 4)) {
        if (*s->p != '"')
            return DECLINE;
        r->have_text = 1;
        dy_buf_clear(r->text);
        return string(s, r->text, &escaped);
    }
    if (klen == 4 && !memcmp(key, "date", 4))
        return date_value(s, r);
    return other_value(s);
}

int dy_jsonl_fast(const char *line, size_t n, dy_buf *id, dy_buf *text, int *has_date,
                  dy_date *date)
{
    scan s = {(const unsigned char *)line, (const unsigned char *)line + n};
    record r = {id, text, 0, 0, 0, ""};
    const unsigned char *keys[32];
    size_t lens[32];
    int nkeys = 0, rc;
    skip_ws(&s);
    if (s.p >= s.end || *s.p != '{')
        return DECLINE;
    s.p++;
    for (;;) {
        skip_ws(&s);
        if ((rc = member(&s, &r, keys, lens, &nkeys)) != OK)
            return rc;
        skip_ws(&s);
        if (s.p < s.end && *s.p == ',') {
            s.p++;
            continue;
        }
        if (s.p < s.end && *s.p == '}') {
            s.p++;
            break;
        }
        return DECLINE;
    }
    skip_ws(&s);
    if (s.p != s.end || !r.have_id || !r.have_text)
        return DECLINE;
    *has_date = r.have_date;
    if (r.have_date && dy_date_parse_doc(r.date, date))
        return DECLINE; /* jansson's path reports the bad date */
    return OK;
}
