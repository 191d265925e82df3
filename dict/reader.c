/* dict/reader.c - line reading for dictionary files. */
#include "reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

int dy_lines_open(dy_lines *lr, dyad_dict *d, const char *path, char *err, size_t errlen)
{
    memset(lr, 0, sizeof *lr);
    lr->name = dy_arena_strdup(&d->arena, path);
    if (!lr->name) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    lr->f = fopen(path, "rb");
    if (!lr->f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(lr->f), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory, not a dictionary file", path);
        dy_lines_close(lr);
        return -1;
    }
    if (dy_dict_source(d, path)) {
        snprintf(err, errlen, "%s: out of memory", path);
        dy_lines_close(lr);
        return -1;
    }
    return 0;
}

/* Room for one more byte and a NUL in lr->buf; -1 when out of memory. */
static int grow(dy_lines *lr, size_t len)
{
    if (len + 2 <= lr->cap)
        return 0;
    size_t cap = lr->cap ? lr->cap * 2 : 256;
    char *p = realloc(lr->buf, cap);
    if (!p)
        return -1;
    lr->buf = p;
    lr->cap = cap;
    return 0;
}

/* Reads one line (with its '\n') into lr->buf: its length, 0 at the end, or
 * -1 with the reason in err. Stops at the first NUL byte or past the limit
 * (/dev/zero, a binary file) instead of reading on. */
static long read_raw(dy_lines *lr, char *err, size_t errlen)
{
    size_t len = 0;
    int c;
    errno = 0;
    while ((c = getc_unlocked(lr->f)) != EOF) {
        if (c == '\0' || len >= DY_MAX_DICT_LINE) {
            lr->line++;
            snprintf(err, errlen, c == '\0' ? "binary data (NUL byte) in a text dictionary"
                                            : "line longer than %zu bytes (the limit)",
                     DY_MAX_DICT_LINE);
            return -1;
        }
        if (grow(lr, len)) {
            lr->line++;
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        lr->buf[len++] = (char)c;
        if (c == '\n')
            break;
    }
    if (ferror(lr->f)) {
        lr->line++;
        snprintf(err, errlen, "read error: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    if (len == 0)
        return 0;
    lr->buf[len] = '\0';
    return (long)len;
}

int dy_lines_next(dy_lines *lr, char **s, size_t *n, char *err, size_t errlen)
{
    long len = read_raw(lr, err, errlen);
    if (len <= 0)
        return (int)len;
    lr->line++;
    char *p = lr->buf;
    size_t m = (size_t)len;
    if (lr->line == 1 && m >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3, m -= 3;
    while (m && (p[m - 1] == '\n' || p[m - 1] == '\r'))
        m--;
    p[m] = '\0';
    *s = p;
    *n = m;
    return 1;
}

void dy_lines_close(dy_lines *lr)
{
    if (lr->f)
        fclose(lr->f);
    free(lr->buf);
    lr->f = NULL;
    lr->buf = NULL;
}
