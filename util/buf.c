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

int dy_buf_append(dy_buf *b, const char *s, size_t len)
{
    if (dy_buf_reserve(b, len))
        return -1;
    if (len)
        memcpy(b->p + b->len, s, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

int dy_buf_puts(dy_buf *b, const char *s) { return dy_buf_append(b, s, strlen(s)); }

int dy_buf_putc(dy_buf *b, char c) { return dy_buf_append(b, &c, 1); }

int dy_buf_printf(dy_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || dy_buf_reserve(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int dy_buf_json_escape(dy_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t plain = 0; /* bytes before i that need no escape, copied in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            plain++;
            continue;
        }
        if (plain && dy_buf_append(b, s + i - plain, plain))
            return -1;
        plain = 0;
        int rc;
        switch (c) {
        case '"': rc = dy_buf_append(b, "\\\"", 2); break;
        case '\\': rc = dy_buf_append(b, "\\\\", 2); break;
        case '\n': rc = dy_buf_append(b, "\\n", 2); break;
        case '\r': rc = dy_buf_append(b, "\\r", 2); break;
        case '\t': rc = dy_buf_append(b, "\\t", 2); break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rc = dy_buf_append(b, esc, 6);
        }
        }
        if (rc)
            return -1;
    }
    return plain ? dy_buf_append(b, s + len - plain, plain) : 0;
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
