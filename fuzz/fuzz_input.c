/* libFuzzer target: every document reader over the same bytes; skipping
 * (--shard) must count the same documents and bad records as reading. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Units passed by dy_reader_skip, or -1 when it hit a fatal error. */
static long skip_all(const uint8_t *data, size_t size, dy_input_format fmt)
{
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return -2;
    dy_reader *r = dy_reader_open(f, "fuzz", fmt);
    long n = 0;
    int rc = DY_READ_END;
    while (r && (rc = dy_reader_skip(r)) == DY_READ_DOC)
        if (++n > (long)size + 2)
            abort(); /* every call must make progress */
    dy_reader_close(r);
    fclose(f);
    return rc == DY_READ_FATAL ? -1 : n;
}

static void drain(const uint8_t *data, size_t size, dy_input_format fmt)
{
    FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
    if (!f)
        return;
    dy_reader *r = dy_reader_open(f, "fuzz", fmt);
    long units = 0;
    int fatal = 0, opened = r != NULL;
    if (r) {
        dy_doc d;
        int rc;
        size_t guard = 0;
        while ((rc = dy_reader_next(r, &d)) != DY_READ_END && rc != DY_READ_FATAL) {
            if (++guard > size + 2)
                abort(); /* every call must make progress */
            if (rc == DY_READ_DOC && (d.text[d.len] != '\0' || !d.id || d.line < 1 ||
                                      d.comment[d.comment_len] != '\0'))
                abort();
            if (rc == DY_READ_BAD && strncmp(dy_reader_error(r), "fuzz:", 5) != 0)
                abort();
            units++;
        }
        fatal = rc == DY_READ_FATAL;
        dy_reader_close(r);
    }
    fclose(f);
    long skipped = opened && !fatal ? skip_all(data, size, fmt) : -2;
    if (skipped >= 0 && skipped != units)
        abort(); /* a shard would disagree with the others on document numbers */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    drain(data, size, DY_FMT_PLAIN);
    drain(data, size, DY_FMT_JSONL);
    drain(data, size, DY_FMT_TABARI);
    return 0;
}
