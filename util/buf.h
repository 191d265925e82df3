/* util/buf.h - growable byte buffer (always NUL-terminated when non-empty).
 *
 * Functions return 0 on success and -1 when memory runs out; on failure the
 * buffer keeps its previous contents. */
#ifndef DY_BUF_H
#define DY_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct dy_buf {
    char *p;
    size_t len, cap;
} dy_buf;

#define DY_BUF_INIT {NULL, 0, 0}

int dy_buf_reserve(dy_buf *b, size_t extra);
/* dy_buf_append when the buffer must grow (see below). */
int dy_buf_append_grow(dy_buf *b, const char *s, size_t len);

/* Appends len bytes. Inline because output records are built from many
 * short pieces: when they fit (len + 1 <= cap - len), no call is made. */
static inline int dy_buf_append(dy_buf *b, const char *s, size_t len)
{
    if (len >= b->cap - b->len) /* also when cap is 0 */
        return dy_buf_append_grow(b, s, len);
    memcpy(b->p + b->len, s, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

/* (inline so that strlen of a literal is a constant) */
static inline int dy_buf_puts(dy_buf *b, const char *s) { return dy_buf_append(b, s, strlen(s)); }

static inline int dy_buf_putc(dy_buf *b, char c) { return dy_buf_append(b, &c, 1); }
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int dy_buf_printf(dy_buf *b, const char *fmt, ...);
/* Appends s as the body of a JSON string (no surrounding quotes). */
int dy_buf_json_escape(dy_buf *b, const char *s, size_t len);
/* Returns the contents as a C string ("" when empty); the buffer keeps ownership. */
const char *dy_buf_str(const dy_buf *b);
void dy_buf_clear(dy_buf *b);
void dy_buf_free(dy_buf *b);

#endif
