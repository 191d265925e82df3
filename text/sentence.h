/* text/sentence.h - sentence boundaries in clean text (see text/clean.h).
 *
 * A sentence ends at ". ! ?" (and any closing quotes or brackets right after
 * them: `."` and `.)` end after the quote) when whitespace follows, unless
 *  - the word before "." is a title or reference abbreviation that never
 *    ends a sentence (Mr. Dr. Prof. Gen. Lt. Col. St. No. Fig. vs. ...);
 *  - the word before "." is an initialism (U.S. U.N. e.g. i.e.), a single
 *    letter (the "J." of "J. R. Smith"), a month (Jan.-Dec., Sept.) or a
 *    closing abbreviation (etc. Inc. Ltd. Jr. ...) and the next word is not
 *    a typical sentence opener (The, It, But, However, ...);
 *  - the next word starts with a lowercase letter ("3.5" and "..." inside a
 *    sentence never qualify in the first place).
 * A blank line (paragraph break) always ends a sentence, so headings and
 * title lines are sentences of their own. Spans exclude surrounding
 * whitespace; empty sentences are not reported. Linear time. */
#ifndef DY_SENTENCE_H
#define DY_SENTENCE_H
#include <stddef.h>

typedef struct {
    size_t start, end; /* byte offsets into the text, end exclusive */
} dy_span;

/* Splits text[0..len) into sentences. On success returns 0 and sets *out to
 * a malloc'd array of *n spans (NULL when *n is 0); the caller frees it
 * with free(). Returns -1 when memory runs out (*out = NULL, *n = 0). */
int dy_split_sentences(const char *text, size_t len, dy_span **out, size_t *n);

#endif
