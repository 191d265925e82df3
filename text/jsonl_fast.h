/* text/jsonl_fast.h - the common JSON Lines record, read without a tree.
 *
 * jansson builds a tree (a hash table per object, a copy per string) for
 * every line: a fifth of the work of coding a generated news corpus. Most
 * lines are one flat object: {"id": "...", "date": "YYYY-MM-DD", "text":
 * "...", maybe other string, integer, true/false/null members}. This reads
 * exactly those in one pass, and declines everything else (nesting, real
 * numbers, escaped keys, duplicates, invalid UTF-8, anything unusual) so
 * that jansson, the reference, reads it and reports any error with its own
 * message. A record the fast path accepts gives the same id, date and text
 * as jansson would (fuzz_input checks this on every input it tries). */
#ifndef DY_JSONL_FAST_H
#define DY_JSONL_FAST_H
#include <stddef.h>

#include "time/date.h"
#include "util/buf.h"

/* 1 when line[0..n) is a record the fast path reads: id (a string, or an
 * integer written in decimal) in *id, the unescaped text in *text,
 * *has_date and *date from "date" (absent or null: no date). 0 when jansson
 * must read the line (id and text are then undefined). -1 when memory runs
 * out. */
int dy_jsonl_fast(const char *line, size_t n, dy_buf *id, dy_buf *text, int *has_date,
                  dy_date *date);

#endif
