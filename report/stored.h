/* report/stored.h - stored events as tables, CSV, JSON Lines and the
 * field's exchange formats (GDELT 2.0 event table, ICEWS, PLOVER). */
#ifndef DY_REPORT_STORED_H
#define DY_REPORT_STORED_H
#include "store/store.h"
#include "util/buf.h"

enum dy_stored_format {
    DY_OUT_TABLE, /* aligned columns for a terminal */
    DY_OUT_CSV,   /* RFC 4180, with a header */
    DY_OUT_JSONL, /* dyad's own stored-event record */
    DY_OUT_GDELT, /* GDELT 2.0 event table: 61 tab-separated columns, no header */
    DY_OUT_ICEWS, /* ICEWS coded-event columns, tab-separated, with a header */
    DY_OUT_PLOVER /* PLOVER JSON Lines */
};

/* Parses a format name; 0 on success. */
int dy_stored_format_parse(const char *name, int *format);
/* The header line for the format ("" when it has none). */
void dy_stored_header(dy_buf *b, int format);
/* One event as a line ending in '\n'. */
void dy_stored_row(dy_buf *b, int format, const dy_stored_event *e);

#endif
