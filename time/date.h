/* time/date.h - calendar dates as plain values (proleptic Gregorian).
 *
 * Nothing here allocates. Parsers return 0 on success and -1 when the input
 * is not a valid date (out is then left unchanged). */
#ifndef DY_DATE_H
#define DY_DATE_H
#include <stddef.h>

typedef struct {
    int y, m, d;
} dy_date;

/* 1 when y is in 1..9999, m in 1..12 and d exists in that month; else 0. */
int dy_date_valid(dy_date dt);
/* Days in month m of year y (0 when m is out of range). */
int dy_date_days_in_month(int y, int m);
/* Days since 1970-01-01 (negative before it). dt must be valid. */
long dy_date_to_days(dy_date dt);
/* Inverse of dy_date_to_days. */
dy_date dy_date_from_days(long days);
/* Day of the week, 0 = Monday .. 6 = Sunday. */
int dy_date_weekday(dy_date dt);
/* "2021-04-26" exactly (nothing may follow). */
int dy_date_parse_iso(const char *s, dy_date *out);

/* The dates a document (or a stored event) may have: 1800-01-01 to
 * 2199-12-31. Outside it a date is far more likely a typo (9021 for 2021)
 * than news, and is refused rather than coded. */
#define DY_DOC_DATE_MIN "1800-01-01"
#define DY_DOC_DATE_MAX "2199-12-31"
#define DY_DOC_DATE_RANGE DY_DOC_DATE_MIN ".." DY_DOC_DATE_MAX
/* 1 when dt is valid and in that range, else 0. */
int dy_date_in_doc_range(dy_date dt);
/* dy_date_parse_iso, then the range: 0, -1 (not a date) or -2 (a date
 * outside DY_DOC_DATE_RANGE); out is set only on success. */
int dy_date_parse_doc(const char *s, dy_date *out);
/* TABARI event-record dates: 6 digits YYMMDD, where (as TABARI's manual,
 * section 6.5.2, says) years 00-30 are 2000-2030 and 31-99 are 1931-1999;
 * or 8 digits YYYYMMDD (TABARI's "SET: YYYY = TRUE", no pivoting). The
 * string must hold exactly 6 or 8 digits. */
int dy_date_parse_yymmdd(const char *s, dy_date *out);
/* Same as dy_date_parse_yymmdd over s[0..len). */
int dy_date_parse_digits(const char *s, size_t len, dy_date *out);
/* Month number (1-12) of a full, 3-letter or "Sept" month name, any case; 0
 * when w[0..n) is not one. */
int dy_month_of(const char *w, size_t n);
/* Writes "YYYY-MM-DD" and a NUL into buf; returns 0, or -1 (buf = "")
 * when dt is not valid. */
int dy_date_format(dy_date dt, char buf[11]);
/* Looks for the document date in the first lines (at most 10 lines or 4 KiB)
 * of text: "26 April 2021", "26 APRIL 2021", "Monday, 26 April 2021",
 * "April 26, 2021", "26 Apr. 2021", "2021-04-26", "26.04.2021". Month names
 * are case-insensitive, full or 3-letter (and "Sept"). Returns 1 and sets
 * *out for the first valid date found, else 0. */
int dy_date_find_in_header(const char *text, size_t len, dy_date *out);

#endif
