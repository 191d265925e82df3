/* cli/out.c - what the commands write to stdout, every write checked: the
 * first failure (a full disk, a file-size limit, a closed pipe) is kept
 * with its errno so that the command can stop and say why. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int out_write(const void *p, size_t n, int *err)
{
    if (*err)
        return -1;
    errno = 0;
    if (n && fwrite(p, 1, n, stdout) != n) {
        *err = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int out_puts(const char *s, int *err) { return out_write(s, strlen(s), err); }

int out_printf(int *err, const char *fmt, ...)
{
    if (*err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int n = vprintf(fmt, ap);
    va_end(ap);
    if (n < 0) {
        *err = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int out_finish(int err)
{
    errno = 0;
    if (!err && (fflush(stdout) == EOF || ferror(stdout)))
        err = errno ? errno : EIO;
    if (!err)
        return 0;
    fprintf(stderr, "dyad: stdout: %s\n", strerror(err));
    return 1;
}
