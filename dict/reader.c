/* dict/reader.c - line reading for dictionary files. */
#include "reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
    if (dy_dict_source(d, path)) {
        snprintf(err, errlen, "%s: out of memory", path);
        dy_lines_close(lr);
        return -1;
    }
    return 0;
}

int dy_lines_next(dy_lines *lr, char **s, size_t *n, char *err, size_t errlen)
{
    errno = 0;
    ssize_t len = getline(&lr->buf, &lr->cap, lr->f);
    if (len < 0) {
        if (ferror(lr->f)) {
            snprintf(err, errlen, "read error: %s", strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    lr->line++;
    char *p = lr->buf;
    size_t m = (size_t)len;
    if (memchr(p, '\0', m)) {
        snprintf(err, errlen, "binary data (NUL byte) in a text dictionary");
        return -1;
    }
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
