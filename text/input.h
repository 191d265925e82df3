/* text/input.h - document readers, one per input format.
 *
 *   plain   the whole stream is one document; id = the display name without
 *           its directory; date = the date set with dy_reader_set_date, else
 *           the first date found in the header (dy_date_find_in_header).
 *   jsonl   one JSON object per line: {"id": "...", "date": "YYYY-MM-DD",
 *           "text": "..."}; "id" (string or integer) and "text" (string) are
 *           required, "date" is optional (absent or null: no date). Blank
 *           lines are skipped.
 *   tabari  TABARI event records: a line "YYMMDD ID" (or "YYYYMMDD ID")
 *           starts a record, the lines after it up to a blank line are its
 *           text; comments between records are lines that start with '#' or
 *           any block of lines not starting with a digit (TABARI's rule);
 *           comments (slash-star ... star-slash) are moved from the text to
 *           doc->comment; an unterminated one runs to the end of the record.
 *           A header whose date is not 6 or 8 digits (or not a real date)
 *           is a DY_READ_BAD record. A header line inside a record's text
 *           (a real 6- or 8-digit date, blanks, an id) starts a new record,
 *           with a warning about the missing blank line; text lines before
 *           the first header (not '#' comments) are ignored with a warning.
 *
 * Every format: a UTF-8 byte order mark at the start is dropped, and a
 * stream that starts with a UTF-16 byte order mark (LE or BE) is decoded
 * to UTF-8 as it is read (a lone surrogate or odd last byte becomes U+FFFD).
 *
 * Text is returned raw (run dy_text_clean on it). Lines may hold any bytes
 * and be up to DY_MAX_DOC_BYTES long (no fixed buffers below that).
 *
 * Limit: a plain document, a jsonl line or a tabari record's text longer
 * than DY_MAX_DOC_BYTES (dy_reader_set_limit) is a DY_READ_BAD ("NAME:LINE:
 * document of N bytes is longer than the limit of M bytes"); the reader
 * reads past it keeping at most the limit in memory, and goes on with the
 * next line or record.
 *
 * Errors are never silent: a bad record yields DY_READ_BAD with the message
 * "NAME:LINE: reason" in dy_reader_error(); the reader has skipped that record
 * and the caller may call dy_reader_next again (or stop). DY_READ_FATAL
 * (read error, out of memory) ends the stream: later calls return it again.
 * Known limit: jansson 2.14 may crash (not fail) when malloc fails while it
 * parses a very long jsonl line; the plain and tabari readers never do. */
#ifndef DY_INPUT_H
#define DY_INPUT_H
#include <stdio.h>

#include "time/date.h"

typedef struct dy_doc {
    const char *id;   /* NUL-terminated */
    dy_date date;     /* valid when has_date */
    int has_date;
    const char *text; /* len bytes, NUL-terminated (may also contain NULs) */
    size_t len;
    long line;        /* line in the input where the document starts (1-based) */
    const char *comment; /* tabari: the removed comments, joined by '\n' (TABARI
                          * keeps validation events there); "" otherwise */
    size_t comment_len;
} dy_doc;

/* 64 MiB: coding takes about six times a document's size in memory. */
#define DY_MAX_DOC_BYTES ((size_t)64 << 20)

typedef enum { DY_FMT_PLAIN, DY_FMT_JSONL, DY_FMT_TABARI } dy_input_format;

enum { DY_READ_DOC = 1, DY_READ_END = 0, DY_READ_BAD = -1, DY_READ_FATAL = -2 };

typedef struct dy_reader dy_reader;

/* "plain", "jsonl", "tabari" -> *out; returns 0, or -1 for an unknown name. */
int dy_input_format_parse(const char *name, dy_input_format *out);

/* A reader over f (not closed by the reader; the caller keeps it open until
 * dy_reader_close). name is used in ids and messages and is copied.
 * Returns NULL when memory runs out. */
dy_reader *dy_reader_open(FILE *f, const char *name, dy_input_format fmt);

/* Longest document or line kept (default DY_MAX_DOC_BYTES; tests lower it). */
void dy_reader_set_limit(dy_reader *r, size_t max_bytes);

/* Date for documents that have none of their own (plain: overrides the
 * header search). */
void dy_reader_set_date(dy_reader *r, dy_date date);

/* Reads the next document into *doc. Returns DY_READ_DOC, DY_READ_END,
 * DY_READ_BAD or DY_READ_FATAL (see above). The strings in *doc belong to
 * the reader and stay valid until the next call or dy_reader_close. */
int dy_reader_next(dy_reader *r, dy_doc *doc);

/* Moves past the next document or bad record without parsing or keeping
 * it (--shard: the documents of other shards). Returns DY_READ_DOC when one
 * was passed, DY_READ_END or DY_READ_FATAL. Documents and bad records are
 * counted exactly as dy_reader_next counts them; a plain stream is passed
 * without reading it. */
int dy_reader_skip(dy_reader *r);

/* Message for the last DY_READ_BAD / DY_READ_FATAL ("" otherwise). */
const char *dy_reader_error(const dy_reader *r);

/* Warnings about the input read by the last dy_reader_next, "" when none:
 * lines "NAME:LINE: message\n" (the input was used, but not all of it as
 * written). dy_reader_skip gives none, so that shards report each once. */
const char *dy_reader_warnings(const dy_reader *r);

/* Frees the reader and every document it returned. NULL is fine. */
void dy_reader_close(dy_reader *r);

#endif
