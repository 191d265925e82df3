/* text/clean.h - turn raw document text (PDF/HTML/Markdown extractions,
 * any bytes at all) into clean UTF-8 paragraphs for sentence splitting.
 *
 * What dy_text_clean does, in order:
 *  1. bytes: invalid UTF-8 becomes U+FFFD; NUL and DEL are dropped; other
 *     control characters become spaces; CRLF, CR, U+0085, U+2028 become LF;
 *     form feed and U+2029 become a paragraph break; tabs become spaces.
 *  2. markup: simple HTML tags (<u>, </b>, <br/>, <span class=x> ...) and
 *     <!-- comments --> are removed (<p>, <br>, <div>, <li> ... break the
 *     text); entities (&amp; &quot; &#39; &#x2014; &nbsp; ...) are decoded.
 *  3. typography: curly quotes and guillemets become ' and ", em dashes,
 *     horizontal bars, spaced en dashes and "--" become " - " (an en dash
 *     inside a word or number range becomes "-"), unicode spaces become a
 *     space, zero-width characters and soft hyphens vanish, the ellipsis
 *     becomes "...", ligatures (U+FB00-U+FB06) are expanded.
 *  4. NFC normalisation (utf8proc).
 *  5. layout: lines are trimmed and joined with single spaces inside a
 *     paragraph (blank lines separate paragraphs); a line ending in
 *     "letter-" followed by a line starting with a lowercase letter is
 *     de-hyphenated ("decision-\nmaking" -> "decisionmaking") unless the
 *     word is capitalised ("Russian-\nBelarusian" keeps its hyphen); runs of
 *     spaces collapse; *emphasis*, **strong** and _emphasis_ markers vanish.
 *  6. PDF artefacts: a short paragraph (at most 6 words, no final
 *     punctuation) is a running head and removed when it interrupts a
 *     sentence (the paragraph before it does not end in . ! ? : or a quote
 *     and the one after it starts lowercase, or the one before ends in a
 *     comma or semicolon), or when it occurs 3 or more times (digits
 *     ignored, so "Page 3" repeats "Page 4"), or twice with one of them
 *     interrupting a sentence. A paragraph broken mid-sentence by such a
 *     break is joined with the next one. Headings (short lines followed by a
 *     capitalised paragraph) stay paragraphs of their own.
 *
 * Output: paragraphs separated by exactly "\n\n", no leading or trailing
 * whitespace, always valid NFC UTF-8 without control characters other
 * than '\n'. Work is linear in len (every search has a fixed bound). */
#ifndef DY_CLEAN_H
#define DY_CLEAN_H
#include <stddef.h>

#include "util/buf.h"

/* Cleans in[0..len) (any bytes, NULs allowed) into out, replacing out's
 * previous contents; out stays owned by the caller (dy_buf_free).
 * Returns 0, or -1 when memory runs out (or the input is too large for
 * utf8proc), with a message in err[0..errlen) when err is not NULL. */
int dy_text_clean(const char *in, size_t len, dy_buf *out, char *err, size_t errlen);

/* What dy_text_clean cannot keep of in[0..len): invalid UTF-8 sequences
 * (each becomes U+FFFD) and NUL bytes (dropped), with the offset of the first
 * of each (len when there is none). Linear, no allocation. */
typedef struct dy_text_damage {
    size_t invalid, first_invalid;
    size_t nuls, first_nul;
} dy_text_damage;
void dy_text_find_damage(const char *in, size_t len, dy_text_damage *out);

#endif
