/* time/date.c - civil-calendar arithmetic and date parsing. */
#include "time/date.h"

#include <string.h>

#define HEADER_MAX_LINES 10
#define HEADER_MAX_BYTES 4096

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int dy_date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return days[m - 1] + (m == 2 && is_leap(y));
}

int dy_date_valid(dy_date dt)
{
    return dt.y >= 1 && dt.y <= 9999 && dt.d >= 1 && dt.d <= dy_date_days_in_month(dt.y, dt.m);
}

/* Howard Hinnant's days_from_civil. */
long dy_date_to_days(dy_date dt)
{
    long y = dt.y - (dt.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (dt.m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + dt.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

dy_date dy_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    dy_date dt;
    dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    dt.y = (int)(yoe + era * 400 + (dt.m <= 2));
    return dt;
}

int dy_date_weekday(dy_date dt)
{
    long d = dy_date_to_days(dt); /* 1970-01-01 was a Thursday (3) */
    long w = (d + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Value of n digits at s, or -1 when one of them is not a digit. */
static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int set_if_valid(int y, int m, int d, dy_date *out)
{
    dy_date dt = {y, m, d};
    if (!dy_date_valid(dt))
        return -1;
    *out = dt;
    return 0;
}

int dy_date_parse_iso(const char *s, dy_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return -1;
    return set_if_valid(y, m, d, out);
}

int dy_date_in_doc_range(dy_date dt)
{
    return dy_date_valid(dt) && dt.y >= 1800 && dt.y <= 2199;
}

int dy_date_parse_doc(const char *s, dy_date *out)
{
    dy_date d;
    if (dy_date_parse_iso(s, &d))
        return -1;
    if (!dy_date_in_doc_range(d))
        return -2;
    *out = d;
    return 0;
}

int dy_date_parse_digits(const char *s, size_t len, dy_date *out)
{
    if (!s || (len != 6 && len != 8))
        return -1;
    size_t ylen = len - 4;
    int y = digits_value(s, ylen);
    int m = digits_value(s + ylen, 2), d = digits_value(s + ylen + 2, 2);
    if (y < 0 || m < 0 || d < 0)
        return -1;
    if (ylen == 2)
        y += y <= 30 ? 2000 : 1900;
    return set_if_valid(y, m, d, out);
}

int dy_date_parse_yymmdd(const char *s, dy_date *out)
{
    return s ? dy_date_parse_digits(s, strlen(s), out) : -1;
}

int dy_date_format(dy_date dt, char buf[11])
{
    if (!dy_date_valid(dt)) {
        buf[0] = '\0';
        return -1;
    }
    int v[3] = {dt.y, dt.m, dt.d}, w[3] = {4, 2, 2};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        for (int k = w[i] - 1; k >= 0; k--, v[i] /= 10)
            p[k] = (char)('0' + v[i] % 10);
        p += w[i];
        *p++ = i < 2 ? '-' : '\0';
    }
    return 0;
}

/* ---- finding a date in a document header ---- */

static int lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_alpha(c) || is_digit(c); }

static int word_eq(const char *w, size_t n, const char *lit)
{
    size_t i = 0;
    for (; i < n && lit[i]; i++)
        if (lower(w[i]) != lit[i])
            return 0;
    return i == n && lit[i] == '\0';
}

int dy_month_of(const char *w, size_t n)
{
    static const char *const names[12] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++) {
        if (word_eq(w, n, names[m]))
            return m + 1;
        if (n == 3 && lower(w[0]) == names[m][0] &&
            lower(w[1]) == names[m][1] && lower(w[2]) == names[m][2])
            return m + 1;
    }
    return word_eq(w, n, "sept") ? 9 : 0;
}

/* Reads a run of up to max digits at *p (within end); returns value or -1. */
static int read_num(const char **p, const char *end, size_t minlen, size_t maxlen)
{
    const char *s = *p;
    size_t n = 0;
    while (s + n < end && n <= maxlen && is_digit(s[n]))
        n++;
    if (n < minlen || n > maxlen)
        return -1;
    *p = s + n;
    return digits_value(s, n);
}

/* Reads a month name at *p; also skips a trailing '.'. */
static int read_month(const char **p, const char *end)
{
    const char *s = *p;
    size_t n = 0;
    while (s + n < end && n < 12 && is_alpha(s[n]))
        n++;
    if (s + n < end && is_alpha(s[n]))
        return 0;
    int m = dy_month_of(s, n);
    if (m) {
        *p = s + n + (s + n < end && s[n] == '.');
    }
    return m;
}

static void skip_ordinal(const char **p, const char *end)
{
    const char *s = *p;
    if (end - s >= 2 && is_alpha(s[0]) && is_alpha(s[1]) &&
        (word_eq(s, 2, "st") || word_eq(s, 2, "nd") || word_eq(s, 2, "rd") ||
         word_eq(s, 2, "th")) &&
        (end - s == 2 || !is_alnum(s[2])))
        *p = s + 2;
}

static int skip_spaces(const char **p, const char *end, int allow_comma)
{
    const char *s = *p;
    int n = 0;
    if (allow_comma && s < end && *s == ',')
        s++, n++;
    while (s < end && (*s == ' ' || *s == '\t') && n < 8)
        s++, n++;
    *p = s;
    return n;
}

static int end_ok(const char *s, const char *end) { return s == end || !is_alnum(*s); }

/* 2021-04-26 */
static int try_iso(const char *s, const char *end, dy_date *out)
{
    int y = read_num(&s, end, 4, 4);
    if (y < 0 || s >= end || *s++ != '-')
        return -1;
    int m = read_num(&s, end, 2, 2);
    if (m < 0 || s >= end || *s++ != '-')
        return -1;
    int d = read_num(&s, end, 2, 2);
    return d < 0 || !end_ok(s, end) ? -1 : set_if_valid(y, m, d, out);
}

/* 26.04.2021 */
static int try_dotted(const char *s, const char *end, dy_date *out)
{
    int d = read_num(&s, end, 1, 2);
    if (d < 0 || s >= end || *s++ != '.')
        return -1;
    int m = read_num(&s, end, 1, 2);
    if (m < 0 || s >= end || *s++ != '.')
        return -1;
    int y = read_num(&s, end, 4, 4);
    return y < 0 || !end_ok(s, end) ? -1 : set_if_valid(y, m, d, out);
}

/* 26 April 2021, 26th of April, 2021 */
static int try_day_month(const char *s, const char *end, dy_date *out)
{
    int d = read_num(&s, end, 1, 2);
    if (d < 0)
        return -1;
    skip_ordinal(&s, end);
    if (!skip_spaces(&s, end, 0))
        return -1;
    if (end - s > 3 && word_eq(s, 2, "of") && s[2] == ' ')
        s += 3;
    int m = read_month(&s, end);
    if (!m)
        return -1;
    skip_spaces(&s, end, 1);
    int y = read_num(&s, end, 4, 4);
    return y < 0 || !end_ok(s, end) ? -1 : set_if_valid(y, m, d, out);
}

/* April 26, 2021 */
static int try_month_day(const char *s, const char *end, dy_date *out)
{
    int m = read_month(&s, end);
    if (!m || !skip_spaces(&s, end, 0))
        return -1;
    int d = read_num(&s, end, 1, 2);
    if (d < 0)
        return -1;
    skip_ordinal(&s, end);
    if (!skip_spaces(&s, end, 1))
        return -1;
    int y = read_num(&s, end, 4, 4);
    return y < 0 || !end_ok(s, end) ? -1 : set_if_valid(y, m, d, out);
}

static int try_at(const char *s, const char *end, dy_date *out)
{
    typedef int (*try_fn)(const char *, const char *, dy_date *);
    static const try_fn tries[] = {try_iso, try_dotted, try_day_month, try_month_day};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
        if (tries[i](s, end, out) == 0)
            return 1;
    return 0;
}

int dy_date_find_in_header(const char *text, size_t len, dy_date *out)
{
    if (!text)
        return 0;
    if (len > HEADER_MAX_BYTES)
        len = HEADER_MAX_BYTES;
    const char *end = text + len;
    int lines = 1;
    for (const char *s = text; s < end && lines <= HEADER_MAX_LINES; s++) {
        if (*s == '\n')
            lines++;
        if (is_alnum(*s) && (s == text || !is_alnum(s[-1])) && try_at(s, end, out))
            return 1;
    }
    return 0;
}
