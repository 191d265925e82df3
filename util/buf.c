#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dy_buf_reserve(dy_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int dy_buf_append_grow(dy_buf *b, const char *s, size_t len)
{
    if (dy_buf_reserve(b, len))
        return -1;
    if (len)
        memcpy(b->p + b->len, s, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

int dy_buf_printf(dy_buf *b, const char *fmt, ...)
{
    va_list ap;
    if (!b->cap && dy_buf_reserve(b, 0))
        return -1;
    /* formatted straight into the free space; again after growing if it did not fit */
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->p[b->len] = '\0';
        return -1;
    }
    if ((size_t)n < b->cap - b->len) {
        b->len += (size_t)n;
        return 0;
    }
    b->p[b->len] = '\0';
    if (dy_buf_reserve(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* 1 for the bytes a JSON string cannot hold as they are */
static int needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

static int escape_byte(dy_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"': return dy_buf_append(b, "\\\"", 2);
    case '\\': return dy_buf_append(b, "\\\\", 2);
    case '\n': return dy_buf_append(b, "\\n", 2);
    case '\r': return dy_buf_append(b, "\\r", 2);
    case '\t': return dy_buf_append(b, "\\t", 2);
    default: {
        char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        return dy_buf_append(b, esc, 6);
    }
    }
}

/* 1 when one of the eight bytes of v needs an escape: the well-known tests
 * "some byte is below n" ((v - n * ones) & ~v & highs) and "some byte is
 * zero" after xor with '"' and '\\'. They never miss such a byte (a byte
 * above one that does may be flagged too, which only ends the fast scan). */
static int any_needs_escape(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    uint64_t below = (v - ones * 0x20) & ~v, quote = (q - ones) & ~q, bslash = (bs - ones) & ~bs;
    return ((below | quote | bslash) & highs) != 0;
}

/* End of the run of bytes from i on that need no escape. */
static size_t plain_run_end(const char *s, size_t len, size_t i)
{
    for (uint64_t v; i + 8 <= len; i += 8) { /* eight at a time while none needs one */
        memcpy(&v, s + i, 8);
        if (any_needs_escape(v))
            break;
    }
    while (i < len && !needs_escape((unsigned char)s[i]))
        i++;
    return i;
}

int dy_buf_json_escape(dy_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t end = plain_run_end(s, len, i); /* s[i..end) is copied in one go */
        if (end > i && dy_buf_append(b, s + i, end - i))
            return -1;
        if (end == len)
            break;
        if (escape_byte(b, (unsigned char)s[end]))
            return -1;
        i = end + 1;
    }
    return 0;
}

const char *dy_buf_str(const dy_buf *b) { return b->p ? b->p : ""; }

void dy_buf_clear(dy_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void dy_buf_free(dy_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
