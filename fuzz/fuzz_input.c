/* libFuzzer target: every document reader over the same bytes; skipping
 * (--shard) must count the same documents and bad records as reading; a
 * record the JSON Lines fast path reads must read the same through jansson. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "text/input.h"
#include "text/jsonl_fast.h"

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

/* What dy_jsonl_fast accepts, jansson (the reader's flags) reads the same. */
static void fast_path_agrees(const uint8_t *data, size_t size)
{
    dy_buf id = DY_BUF_INIT, text = DY_BUF_INIT;
    int has_date = 0;
    dy_date date;
    int rc = dy_jsonl_fast((const char *)data, size, &id, &text, &has_date, &date);
    if (rc == 1) {
        json_error_t err;
        json_t *o = json_loadb((const char *)data, size, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(o))
            abort(); /* accepted what jansson refuses */
        json_t *jid = json_object_get(o, "id"), *jtext = json_object_get(o, "text");
        json_t *jdate = json_object_get(o, "date");
        char num[32];
        const char *want = num;
        if (json_is_string(jid))
            want = json_string_value(jid);
        else if (json_is_integer(jid))
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        else
            abort();
        if (id.len != strlen(want) || memcmp(id.p ? id.p : "", want, id.len))
            abort();
        if (!json_is_string(jtext) || json_string_length(jtext) != text.len ||
            memcmp(text.p ? text.p : "", json_string_value(jtext), text.len))
            abort();
        dy_date want_date;
        int want_has = jdate && !json_is_null(jdate);
        if (want_has != has_date || (want_has && (!json_is_string(jdate) ||
                                                  dy_date_parse_iso(json_string_value(jdate), &want_date) ||
                                                  want_date.y != date.y || want_date.m != date.m ||
                                                  want_date.d != date.d)))
            abort();
        json_decref(o);
    }
    dy_buf_free(&id);
    dy_buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fast_path_agrees(data, size);
    drain(data, size, DY_FMT_PLAIN);
    drain(data, size, DY_FMT_JSONL);
    drain(data, size, DY_FMT_TABARI);
    return 0;
}
