/* libFuzzer target: event-store filters (the CLI's and the web API's query
 * values) against an in-memory SQLite store. Any text in any filter field
 * must give a result or a clear error, never a crash, and never change the
 * store (filters are parameters, not SQL). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dy_store *make_store(void)
{
    char err[256];
    dy_store *s = dy_store_open(":memory:", 0, err, sizeof err);
    if (!s)
        abort();
    dyad_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc = "d";
    ev.sentence = 1;
    strcpy(ev.date, "2021-04-22");
    ev.source = (dyad_actor){.code = "RUSGOV", .country = "RUS", .sector = "GOV", .text = "Putin"};
    ev.target = (dyad_actor){.code = "BLRGOV", .country = "BLR", .sector = "GOV", .text = "Lukashenka"};
    ev.cameo = "040";
    strcpy(ev.root, "04");
    ev.quad = 1;
    ev.goldstein = 1.0;
    ev.modality = "asserted";
    ev.text = "Putin and Lukashenka met in Moscow.";
    ev.location.name = "Moscow";
    strcpy(ev.location.country, "RUS");
    if (dy_store_begin_document(s, "d", "2021-04-26", "fuzz", "text", 4, 1) ||
        dy_store_add_event(s, &ev) || dy_store_commit_document(s))
        abort();
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Up to 12 NUL-free fields separated by 0x00 bytes. */
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *field[12] = {0};
    int nf = 0;
    for (size_t i = 0, start = 0; i <= size && nf < 12; i++)
        if (i == size || buf[i] == '\0') {
            field[nf++] = buf + start;
            start = i + 1;
        }
    dy_event_filter f = {.source = field[0], .target = field[1], .actor = field[2],
                         .since = field[3], .until = field[4], .roots = field[5],
                         .codes = field[6], .plover = field[7], .text = field[8],
                         .doc = field[9], .modality = field[10]};
    f.both_directions = size > 0 && (data[0] & 1);
    f.quad = size > 1 ? data[1] % 6 : 0;
    f.limit = size > 2 ? data[2] % 4 : 0;
    f.offset = size > 3 ? data[3] % 3 : 0;
    /* One store for the whole run (building it costs more than a query);
     * every run checks that it is unchanged. */
    static dy_store *s;
    if (!s)
        s = make_store();
    long n = -1;
    if (dy_store_count(s, &f, &n) == 0 && (n < 0 || n > 1))
        abort();
    dy_series sr;
    if (dy_store_series(s, &f, size > 4 ? data[4] % 5 : 0, &sr) == 0)
        dy_series_free(&sr);
    dy_event_filter all = {.modality = "all"};
    if (dy_store_count(s, &all, &n) || n != 1)
        abort(); /* the store is unchanged */
    free(buf);
    return 0;
}
