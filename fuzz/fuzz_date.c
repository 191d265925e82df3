/* libFuzzer target: the date parsers of time/date.c (ISO dates from JSON
 * Lines and --date, TABARI record headers and dictionary restrictions,
 * document-header dates) over arbitrary bytes, with round-trip checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "time/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed date must be valid, print as YYYY-MM-DD and survive days and back. */
static void check_date(dy_date dt)
{
    char buf[11];
    dy_date back;
    if (!dy_date_valid(dt) || dy_date_format(dt, buf) || strlen(buf) != 10)
        abort();
    if (dy_date_parse_iso(buf, &back) || memcmp(&back, &dt, sizeof dt))
        abort();
    back = dy_date_from_days(dy_date_to_days(dt));
    if (memcmp(&back, &dt, sizeof dt) || dy_date_weekday(dt) < 0 || dy_date_weekday(dt) > 6)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* copies without a terminator (header search, digits) and with one (iso) */
    char *s = malloc(size + 1);
    dy_date dt;
    if (!s)
        return 0;
    memcpy(s, data, size);
    if (dy_date_find_in_header(s, size, &dt))
        check_date(dt);
    if (dy_date_parse_digits(s, size, &dt) == 0)
        check_date(dt);
    s[size] = '\0';
    if (dy_date_parse_iso(s, &dt) == 0)
        check_date(dt);
    if (dy_date_parse_yymmdd(s, &dt) == 0)
        check_date(dt);
    if (size >= 4) { /* arbitrary field values must be rejected, never overflow */
        dy_date raw = {(int8_t)data[0] * 100 + data[1], (int8_t)data[2], (int8_t)data[3]};
        if (dy_date_valid(raw))
            check_date(raw);
        (void)dy_date_days_in_month(raw.y, raw.m);
    }
    free(s);
    return 0;
}
