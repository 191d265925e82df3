/* text/dateline.h - the dateline that opens a wire story.
 *
 * "MOSCOW, 12 March 2024 (Reuters) - ...", "WASHINGTON (AP) - ...",
 * "KYIV, Ukraine - ...", "BEIJING, March 12 (Xinhua) - ...": the city is where
 * the story was filed and the date is the story's date. Neither is part of
 * the first sentence: a coder that reads "MOSCOW" as an actor makes the city
 * the source of whatever follows. The text is cleaned text (text/clean.h), in
 * which every dash between spaces is written " - ". Nothing here allocates. */
#ifndef DY_TEXT_DATELINE_H
#define DY_TEXT_DATELINE_H
#include <stddef.h>

#include "time/date.h"

typedef struct dy_dateline {
    size_t end;                     /* bytes of the dateline, separator and spaces included */
    size_t place_start, place_end;  /* the city, as written */
    size_t region_start, region_end;/* "Ukraine" in "KYIV, Ukraine", or empty */
    int has_date;                   /* a date was written */
    int year_known;                 /* ... with its year (else date.y is 0) */
    dy_date date;
} dy_dateline;

/* 1 when text[0..len) opens with a dateline (filled into *out), else 0. */
int dy_dateline_find(const char *text, size_t len, dy_dateline *out);

/* The dateline's date against the document date (days since 1970, or
 * have_doc 0): a date without a year takes the year that puts it nearest
 * before (or one day after) the document date. Returns 1 and sets *days, or
 * 0 when there is no date or it cannot be placed. */
int dy_dateline_day(const dy_dateline *dl, int have_doc, long doc_day, long *days);

#endif
