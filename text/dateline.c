/* text/dateline.c - the dateline that opens a wire story (see dateline.h).
 *
 * Shape: CITY [, REGION] [, DATE] [(AGENCY)] - TEXT, where CITY is one to
 * four words in capitals ("NEW DELHI", "RIO DE JANEIRO"), or in title case
 * when an agency in brackets vouches for the dateline ("Moscow, March 12
 * (Reuters) -"). The separator must come within the first 120 bytes. */
#include "text/dateline.h"

#include <string.h>

#define DATELINE_MAX 120 /* no dateline is longer; beyond it " - " is prose */
#define AGENCY_MAX 40

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

typedef struct span {
    size_t a, b;
} span;

static span trim(const char *t, span s)
{
    while (s.a < s.b && is_space(t[s.a]))
        s.a++;
    while (s.b > s.a && is_space(t[s.b - 1]))
        s.b--;
    return s;
}

/* Words of a span: each a run of letters with . ' - inside (UTF-8 letters
 * count as letters). caps: 1 when every letter is a capital, 0 when each word
 * starts with a capital (particles such as "de" or "al" may be lower case). */
static int name_words(const char *t, span s, int caps)
{
    int words = 0;
    size_t i = s.a;
    while (i < s.b) {
        while (i < s.b && t[i] == ' ')
            i++;
        if (i == s.b)
            break;
        size_t w = i;
        int letters = 0, lower = 0;
        while (i < s.b && t[i] != ' ') {
            char c = t[i];
            if (is_lower(c))
                lower++;
            else if (!is_upper(c) && !(c & 0x80) && c != '.' && c != '\'' && c != '-')
                return 0;
            letters += is_upper(c) || is_lower(c) || (c & 0x80);
            i++;
        }
        size_t n = i - w;
        if (!letters)
            return 0;
        if (caps && lower)
            return 0;
        if (!caps && !is_upper(t[w]) && !(n <= 3 && lower == (int)n))
            return 0;
        words++;
    }
    return words;
}

/* "March 12", "12 March", "March 12 2024", "12 March 2024", "Mar. 12", a
 * lone year after a comma ("March 12, 2024" arrives as two parts). */
static int read_date(const char *t, span s, dy_dateline *dl)
{
    int m = 0, d = 0, y = 0;
    size_t i = s.a;
    while (i < s.b) {
        while (i < s.b && (t[i] == ' ' || t[i] == '.'))
            i++;
        if (i == s.b)
            break;
        size_t w = i;
        if (is_digit(t[i])) {
            int v = 0;
            while (i < s.b && is_digit(t[i]) && v < 100000)
                v = v * 10 + (t[i++] - '0');
            if (i < s.b && t[i] != ' ' && t[i] != '.')
                return 0;
            if (i - w == 4 && !y)
                y = v;
            else if (i - w <= 2 && !d && v >= 1 && v <= 31)
                d = v;
            else
                return 0;
        } else {
            while (i < s.b && t[i] != ' ' && t[i] != '.')
                i++;
            int mm = dy_month_of(t + w, i - w);
            if (!mm || m)
                return 0;
            m = mm;
        }
    }
    if (m && d) {
        dl->has_date = 1;
        dl->date = (dy_date){y, m, d};
        dl->year_known = y != 0;
        if (y && !dy_date_valid(dl->date))
            return 0;
        return 1;
    }
    if (y && !m && !d && dl->has_date && !dl->year_known) {
        dl->date.y = y;
        dl->year_known = 1;
        return dy_date_valid(dl->date);
    }
    return 0;
}

static const char *const weekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};

static int is_weekday(const char *t, span s)
{
    for (size_t k = 0; k < 7; k++)
        if (s.b - s.a == strlen(weekdays[k]) && !memcmp(t + s.a, weekdays[k], s.b - s.a))
            return 1;
    return 0;
}

/* Where the separator " - " is, or 0. */
static size_t find_separator(const char *t, size_t from, size_t len)
{
    size_t lim = len < from + DATELINE_MAX ? len : from + DATELINE_MAX;
    for (size_t i = from + 1; i + 2 < lim; i++)
        if (t[i] == '-' && t[i - 1] == ' ' && t[i + 1] == ' ')
            return i;
    return 0;
}

int dy_dateline_find(const char *text, size_t len, dy_dateline *out)
{
    size_t p = 0;
    while (p < len && is_space(text[p]))
        p++;
    size_t sep = find_separator(text, p, len);
    if (!sep || !is_upper(text[p]))
        return 0;
    dy_dateline dl;
    memset(&dl, 0, sizeof dl);
    span head = trim(text, (span){p, sep});
    /* the agency in brackets at the end: "(Reuters)", "(AP)" */
    int agency = 0;
    if (head.b > head.a && text[head.b - 1] == ')') {
        size_t o = head.b - 1;
        while (o > head.a && text[o] != '(')
            o--;
        if (text[o] != '(' || head.b - o > AGENCY_MAX || head.b - o < 3 ||
            !is_upper(text[o + 1]))
            return 0;
        agency = 1;
        head = trim(text, (span){head.a, o});
    }
    /* the parts between commas: city, then region and date in any order */
    int part = 0, region = 0;
    for (size_t a = head.a; a <= head.b; part++) {
        size_t b = a;
        while (b < head.b && text[b] != ',')
            b++;
        span s = trim(text, (span){a, b});
        if (s.a == s.b)
            return 0;
        if (part == 0) {
            int caps = name_words(text, s, 1);
            if (!caps && !(agency && name_words(text, s, 0)))
                return 0;
            if ((caps ? caps : name_words(text, s, 0)) > 4 || s.b - s.a < 2)
                return 0;
            dl.place_start = s.a;
            dl.place_end = s.b;
        } else if (read_date(text, s, &dl) || is_weekday(text, s)) {
            ;
        } else if (!region && !dl.has_date && name_words(text, s, 0) &&
                   name_words(text, s, 0) <= 3) {
            region = 1;
            dl.region_start = s.a;
            dl.region_end = s.b;
        } else {
            return 0;
        }
        a = b + 1;
        if (b >= head.b)
            break;
    }
    /* a lone capitalised word and a dash ("Russia - the largest ...") is
     * prose; a city in capitals, or anything with a date or agency, is not */
    int caps_city = name_words(text, (span){dl.place_start, dl.place_end}, 1) &&
                    dl.place_end - dl.place_start >= 3;
    if (!caps_city && !agency)
        return 0;
    size_t end = sep + 1;
    while (end < len && is_space(text[end]))
        end++;
    dl.end = end;
    *out = dl;
    return 1;
}

int dy_dateline_day(const dy_dateline *dl, int have_doc, long doc_day, long *days)
{
    if (!dl->has_date)
        return 0;
    if (dl->year_known) {
        *days = dy_date_to_days(dl->date);
        return 1;
    }
    if (!have_doc)
        return 0;
    dy_date doc = dy_date_from_days(doc_day);
    for (int y = doc.y + 1; y >= doc.y - 1; y--) {
        dy_date c = {y, dl->date.m, dl->date.d};
        if (!dy_date_valid(c))
            continue;
        long d = dy_date_to_days(c);
        if (d <= doc_day + 1) {
            *days = d;
            return 1;
        }
    }
    return 0;
}
