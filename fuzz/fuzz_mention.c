/* libFuzzer target: dy_find_dates (three tenses) and dy_find_places over
 * arbitrary bytes, checking that spans are in bounds, ordered and valid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "time/mention.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_dates(const char *s, size_t n, dy_date doc, int tense)
{
    dy_date_mention m[32];
    int c = dy_find_dates_ex(s, n, doc, tense, m, 32);
    if (c < 0 || c > 32)
        abort();
    for (int k = 0; k < c; k++)
        if (m[k].start >= m[k].end || m[k].end > n || (k && m[k].start < m[k - 1].end) ||
            !dy_date_valid(m[k].date) || (int)m[k].gran < 0 || m[k].gran > DY_GRAN_YEAR)
            abort();
}

static void check_places(const char *s, size_t n)
{
    dy_place_mention m[32];
    int c = dy_find_places(s, n, m, 32);
    if (c < 0 || c > 32)
        abort();
    for (int k = 0; k < c; k++) {
        if (m[k].start >= m[k].end || m[k].end > n || (k && m[k].start < m[k - 1].end))
            abort();
        if (strlen(m[k].country) != 3 || m[k].cue < DY_CUE_IN || m[k].cue > DY_CUE_NEAR)
            abort();
        if (m[k].place && strcmp(m[k].place->country, m[k].country))
            abort();
    }
    if (n <= 64 && dy_gazetteer_lookup(s, n) && !dy_country_lookup(s, n))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The input is not NUL-terminated: copy it so reads past size are caught. */
    char *s = malloc(size ? size : 1);
    dy_date doc = {2021, 4, 26};
    if (!s)
        return 0;
    memcpy(s, data, size);
    if (size >= 3)
        doc = (dy_date){1 + (data[0] % 9999), 1 + data[1] % 12, 1 + data[2] % 28};
    for (int t = DY_TENSE_AUTO; t <= DY_TENSE_FUTURE; t++)
        check_dates(s, size, doc, t);
    check_dates(s, size, (dy_date){1, 1, 1}, DY_TENSE_AUTO);
    check_dates(s, size, (dy_date){9999, 12, 31}, DY_TENSE_FUTURE);
    check_places(s, size);
    free(s);
    return 0;
}
