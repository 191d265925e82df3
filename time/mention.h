/* time/mention.h - date expressions inside one sentence, resolved against
 * the document date.
 *
 * Nothing here allocates; the caller owns the output array. Matching is
 * ASCII case-insensitive and respects word boundaries ("Mayor" never yields
 * May, "Sundays" never yields Sunday).
 *
 * Spans: start/end are byte offsets into the sentence. A leading preposition
 * ("on", "in", "at", "during", "since", "by", "until") is not part of the
 * span; determiners and modifiers are ("last week", "this autumn",
 * "the weekend", "mid-March", "late 2020").
 *
 * Resolution conventions (TABARI / wire style):
 *   - A weekday alone ("on Thursday") is the most recent such day ON OR
 *     BEFORE the document date (a Thursday story about "Thursday" means that
 *     same day). With a future cue before it in the same clause ("will ... on
 *     Thursday", "plans", "scheduled", "shall", "'ll", "upcoming", "set to") or
 *     the future hint, it is the next such day on or after the document date.
 *     "last Thursday" is strictly before, "next Thursday" strictly after.
 *   - A month alone ("in February", "early May") is the most recent such
 *     month on or before the document month; with a future cue, the next one
 *     on or after. "last February" is strictly before, "next February"
 *     strictly after the document month, "this February" is in the
 *     document year.
 *   - A day and month without a year ("on 22 April") takes the year that
 *     puts it on or before the document date (future: on or after).
 *   - Seasons are northern-hemisphere meteorological: spring = March-May,
 *     summer = June-August, autumn/fall = September-November, winter =
 *     December-February (the winter of year Y starts on Y-12-01). "this
 *     autumn" is the autumn of the document year (for winter: the winter in
 *     progress, else the one starting in December of the document year);
 *     "in the autumn"/"the summer" follow the tense rule.
 *   - Weeks start on Monday: "last week" is the Monday of the week before
 *     the document's week. "the weekend" is a Saturday (gran DAY): the most
 *     recent on or before (future: the next on or after).
 *   - "earlier this year", "later this month" give the current year/month.
 *   - "early/mid/late" set part; the date is still the first day of the
 *     month or year ("mid-March" -> March 1, part DY_PART_MID).
 * relative is 1 whenever the document date supplied any field. */
#ifndef DY_MENTION_H
#define DY_MENTION_H
#include <stddef.h>

#include "time/date.h"

typedef enum { DY_GRAN_DAY, DY_GRAN_WEEK, DY_GRAN_MONTH, DY_GRAN_SEASON, DY_GRAN_YEAR } dy_gran;

enum { DY_PART_NONE = 0, DY_PART_EARLY = 1, DY_PART_MID = 2, DY_PART_LATE = 3 };

/* Tense hint for dy_find_dates_ex. */
enum { DY_TENSE_AUTO = -1, DY_TENSE_PAST = 0, DY_TENSE_FUTURE = 1 };

typedef struct dy_date_mention {
    size_t start, end; /* byte span in the sentence */
    dy_date date;      /* resolved (first day of a month/season/year/week) */
    dy_gran gran;
    int relative;      /* 1 when computed from the document date */
    int part;          /* DY_PART_*: "early May", "mid-March", "late 2020" */
} dy_date_mention;

/* Finds date expressions in s[0..len) and resolves them against doc (which
 * must be valid, else 0 is returned). Writes at most max mentions to out in
 * order of position, never overlapping; returns the count. Same as
 * dy_find_dates_ex with DY_TENSE_AUTO. */
int dy_find_dates(const char *s, size_t len, dy_date doc, dy_date_mention *out, int max);

/* As dy_find_dates; future is DY_TENSE_AUTO (look for future cues in the
 * clause before each expression), DY_TENSE_PAST or DY_TENSE_FUTURE (force
 * the direction for expressions that need one). */
int dy_find_dates_ex(const char *s, size_t len, dy_date doc, int future, dy_date_mention *out,
                     int max);

#endif
