/* dict/expand.c - phrase alternatives, plural lists and substitution markers. */
#include "expand.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXP_BUF = 1024, EXP_DEPTH = 8 };

int dy_expand_is_definition(const char *s, size_t n)
{
    if (n < 3 || s[0] != '!')
        return 0;
    const char *end = memchr(s + 1, '!', n - 1);
    if (!end)
        return 0;
    const char *p = end + 1;
    while (p < s + n && isspace((unsigned char)*p))
        p++;
    return p < s + n && *p == '=';
}

static char *dup_trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

int dy_expand_define(dy_expander *x, const char *s, size_t n, char *err, size_t errlen)
{
    const char *end = memchr(s + 1, '!', n - 1);
    size_t nl = (size_t)(end - s - 1);
    if (nl == 0 || nl >= sizeof x->s[0].name) {
        snprintf(err, errlen, "invalid substitution marker name");
        return -1;
    }
    if (x->n >= sizeof x->s / sizeof *x->s) {
        snprintf(err, errlen, "more than %zu substitution markers",
                 sizeof x->s / sizeof *x->s);
        return -1;
    }
    dy_subst *sb = &x->s[x->n];
    memset(sb, 0, sizeof *sb);
    memcpy(sb->name, s + 1, nl);
    const char *p = memchr(end, '=', n - (size_t)(end - s)) + 1, *lim = s + n;
    while (p < lim) {
        const char *c = memchr(p, ',', (size_t)(lim - p));
        const char *q = c ? c : lim;
        char *v = dup_trimmed(p, (size_t)(q - p));
        if (!v || sb->nval >= sizeof sb->val / sizeof *sb->val) {
            free(v);
            for (unsigned i = 0; i < sb->nval; i++)
                free(sb->val[i]);
            snprintf(err, errlen, v ? "more than 32 values for !%s!" : "out of memory",
                     sb->name);
            return -1;
        }
        if (*v)
            sb->val[sb->nval++] = v;
        else
            free(v);
        p = q + 1;
    }
    x->n++;
    return 0;
}

void dy_expand_free(dy_expander *x)
{
    for (unsigned i = 0; i < x->n; i++)
        for (unsigned k = 0; k < x->s[i].nval; k++)
            free(x->s[i].val[k]);
    x->n = 0;
}

typedef struct exp_run {
    const dy_expander *x;
    dy_expand_fn fn;
    void *ud;
    unsigned count;
    char *err;
    size_t errlen;
} exp_run;

static int expand(exp_run *r, const char *s, size_t n, int depth);

/* Emits pre + mid + post as one string and expands it further. */
static int splice(exp_run *r, const char *pre, size_t pn, const char *mid, size_t mn,
                  const char *post, size_t qn, int depth)
{
    char buf[EXP_BUF];
    if (pn + mn + qn >= sizeof buf) {
        snprintf(r->err, r->errlen, "expanded phrase longer than %d characters", EXP_BUF - 1);
        return -1;
    }
    memcpy(buf, pre, pn);
    memcpy(buf + pn, mid, mn);
    memcpy(buf + pn + mn, post, qn);
    return expand(r, buf, pn + mn + qn, depth + 1);
}

/* "{ A | B }" -> each alternative in place; "{PL1 PL2}" -> the phrase
 * without the braces, then each plural as a phrase of its own. */
static int expand_braces(exp_run *r, const char *s, size_t n, size_t lb, int depth)
{
    const char *rb = memchr(s + lb, '}', n - lb);
    if (!rb) {
        snprintf(r->err, r->errlen, "missing '}'");
        return -1;
    }
    size_t rbi = (size_t)(rb - s), in = lb + 1;
    const char *post = rb + 1;
    size_t qn = n - rbi - 1;
    int rc;
    if (memchr(s + in, '|', rbi - in)) {
        while (in <= rbi) {
            const char *bar = memchr(s + in, '|', rbi - in);
            size_t e = bar ? (size_t)(bar - s) : rbi;
            if ((rc = splice(r, s, lb, s + in, e - in, post, qn, depth)))
                return rc;
            in = e + 1;
        }
        return 0;
    }
    if ((rc = splice(r, s, lb, "", 0, post, qn, depth)))
        return rc;
    while (in < rbi) {
        while (in < rbi && isspace((unsigned char)s[in]))
            in++;
        size_t e = in;
        while (e < rbi && !isspace((unsigned char)s[e]))
            e++;
        if (e > in && (rc = splice(r, "", 0, s + in, e - in, post, qn, depth)))
            return rc;
        in = e;
    }
    return 0;
}

/* The defined marker "!NAME!" starting at s[bang], or NULL ("WATCH_INDONESIA!"
 * is a plain word). */
static const dy_subst *find_marker(const exp_run *r, const char *s, size_t n, size_t bang)
{
    const char *end = bang + 1 < n ? memchr(s + bang + 1, '!', n - bang - 1) : NULL;
    size_t nl = end ? (size_t)(end - s) - bang - 1 : 0;
    for (unsigned i = 0; end && r->x && i < r->x->n; i++)
        if (strlen(r->x->s[i].name) == nl && !memcmp(r->x->s[i].name, s + bang + 1, nl))
            return &r->x->s[i];
    return NULL;
}

static int expand_marker(exp_run *r, const char *s, size_t n, size_t bang,
                         const dy_subst *sb, int depth)
{
    size_t after = bang + strlen(sb->name) + 2;
    for (unsigned k = 0; k < sb->nval; k++) {
        int rc = splice(r, s, bang, sb->val[k], strlen(sb->val[k]), s + after, n - after,
                        depth);
        if (rc)
            return rc;
    }
    return 0;
}

static int expand(exp_run *r, const char *s, size_t n, int depth)
{
    if (depth > EXP_DEPTH) {
        snprintf(r->err, r->errlen, "phrase nests braces or markers too deeply");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{')
            return expand_braces(r, s, n, i, depth);
        const dy_subst *sb = s[i] == '!' ? find_marker(r, s, n, i) : NULL;
        if (sb)
            return expand_marker(r, s, n, i, sb, depth);
    }
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (++r->count > DY_EXPAND_MAX) {
        snprintf(r->err, r->errlen, "phrase expands to more than %d phrases", DY_EXPAND_MAX);
        return -1;
    }
    return r->fn(s, n, r->ud);
}

int dy_expand_phrase(const dy_expander *x, const char *s, size_t n, dy_expand_fn fn, void *ud,
                     char *err, size_t errlen)
{
    exp_run r = {x, fn, ud, 0, err, errlen};
    return expand(&r, s, n, 0);
}
