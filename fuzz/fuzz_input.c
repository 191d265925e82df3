/* libFuzzer target: every document reader over the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drain(const uint8_t *data, size_t size, dy_input_format fmt)
{
    FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
    if (!f)
        return;
    dy_reader *r = dy_reader_open(f, "fuzz", fmt);
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
        }
        dy_reader_close(r);
    }
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    drain(data, size, DY_FMT_PLAIN);
    drain(data, size, DY_FMT_JSONL);
    drain(data, size, DY_FMT_TABARI);
    return 0;
}
