/* text/input.c - plain, JSON-lines and TABARI document readers. */
#include "text/input.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "text/jsonl_fast.h"
#include "util/buf.h"

typedef int (*next_fn)(dy_reader *, dy_doc *);

/* How the stream's bytes are read: as they are (UTF-8, the default; a
 * UTF-8 byte order mark is dropped), or UTF-16 told by its byte order mark
 * and decoded to UTF-8 as it is read. */
enum { ENC_UNKNOWN, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

struct dy_reader {
    FILE *f;
    char *name;
    next_fn next;
    dy_input_format fmt;
    char *line;       /* current line, without its line ending */
    size_t linecap, linelen;
    size_t linefull;  /* the line's length in the input: > max when it was cut */
    size_t max;       /* longest line or document kept (DY_MAX_DOC_BYTES) */
    long lineno;
    dy_buf id, text, comment;
    dy_date date;     /* default date (dy_reader_set_date) */
    int has_date;
    int done, fatal;
    int enc;               /* ENC_*: set by the first read */
    unsigned char pend[4]; /* bytes read ahead (sniffing, a decoded character) */
    int npend, ipend;
    int held_unit;         /* UTF-16: a code unit read ahead, or -1 */
    int held_line;         /* tabari: r->line is a header to read again */
    int seen_header;       /* tabari: a record header has been read */
    long preamble, preamble_line; /* tabari: text lines before the first header */
    dy_buf warn;           /* warnings about the last unit read (dy_reader_warnings) */
    char err[512];
};

static const struct {
    const char *name;
    dy_input_format fmt;
} format_names[] = {{"plain", DY_FMT_PLAIN}, {"jsonl", DY_FMT_JSONL}, {"tabari", DY_FMT_TABARI}};

int dy_input_format_parse(const char *name, dy_input_format *out)
{
    for (size_t k = 0; name && k < sizeof format_names / sizeof format_names[0]; k++)
        if (strcmp(name, format_names[k].name) == 0) {
            *out = format_names[k].fmt;
            return 0;
        }
    return -1;
}

/* ---- errors ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int report(dy_reader *r, int status, long line, const char *fmt, ...)
{
    va_list ap;
    int k = line > 0 ? snprintf(r->err, sizeof r->err, "%s:%ld: ", r->name, line)
                     : snprintf(r->err, sizeof r->err, "%s: ", r->name);
    if (k < 0 || (size_t)k >= sizeof r->err)
        k = (int)strlen(r->err);
    va_start(ap, fmt);
    vsnprintf(r->err + k, sizeof r->err - (size_t)k, fmt, ap);
    va_end(ap);
    if (status == DY_READ_FATAL)
        r->fatal = 1;
    return status;
}

static int oom(dy_reader *r) { return report(r, DY_READ_FATAL, r->lineno, "out of memory"); }

/* Adds "NAME:LINE: message\n" to the warnings of the unit being read. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void warn(dy_reader *r, long line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dy_buf_printf(&r->warn, "%s:%ld: %s\n", r->name, line, msg); /* lost only without memory */
}

/* ---- bytes: UTF-8, or UTF-16 with a byte order mark ---- */

static void sniff_bom(dy_reader *r)
{
    int c0 = getc_unlocked(r->f), c1 = c0 == EOF ? EOF : getc_unlocked(r->f);
    r->enc = ENC_UTF8;
    if (c0 == 0xFF && c1 == 0xFE)
        r->enc = ENC_UTF16LE;
    else if (c0 == 0xFE && c1 == 0xFF)
        r->enc = ENC_UTF16BE;
    if (r->enc != ENC_UTF8)
        return;
    int c2 = c0 == 0xEF && c1 == 0xBB ? getc_unlocked(r->f) : EOF;
    if (c2 == 0xBF)
        return; /* the UTF-8 byte order mark */
    int c[3] = {c0, c1, c2};
    for (int k = 0; k < 3 && c[k] != EOF; k++)
        r->pend[r->npend++] = (unsigned char)c[k];
}

/* The next UTF-16 code unit; -1 at the end, -2 for a lone last byte. */
static int utf16_unit(dy_reader *r)
{
    if (r->held_unit >= 0) {
        int u = r->held_unit;
        r->held_unit = -1;
        return u;
    }
    int a = getc_unlocked(r->f);
    if (a == EOF)
        return -1;
    int b = getc_unlocked(r->f);
    if (b == EOF)
        return -2;
    return r->enc == ENC_UTF16LE ? a | b << 8 : a << 8 | b;
}

/* Decodes one UTF-16 character into r->pend as UTF-8 (U+FFFD for a lone
 * surrogate or byte); returns its first byte or EOF. */
static int utf16_getc(dy_reader *r)
{
    int u = utf16_unit(r);
    if (u == -1)
        return EOF;
    uint32_t cp = u < 0 || (u >= 0xDC00 && u < 0xE000) ? 0xFFFD : (uint32_t)u;
    if (u >= 0xD800 && u < 0xDC00) {
        int v = utf16_unit(r);
        if (v >= 0xDC00 && v < 0xE000)
            cp = 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (uint32_t)(v - 0xDC00);
        else {
            cp = 0xFFFD;
            r->held_unit = v >= 0 ? v : -1;
        }
    }
    unsigned char *o = r->pend;
    if (cp < 0x80)
        o[0] = (unsigned char)cp, r->npend = 1;
    else if (cp < 0x800)
        o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F)),
        r->npend = 2;
    else if (cp < 0x10000)
        o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
        o[2] = (unsigned char)(0x80 | (cp & 0x3F)), r->npend = 3;
    else
        o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
        o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F)),
        r->npend = 4;
    r->ipend = 1;
    return o[0];
}

/* The next byte of the stream as UTF-8, or EOF. */
static int rd_getc(dy_reader *r)
{
    if (r->ipend < r->npend)
        return r->pend[r->ipend++];
    r->npend = r->ipend = 0;
    if (r->enc == ENC_UNKNOWN) {
        sniff_bom(r);
        return rd_getc(r);
    }
    return r->enc == ENC_UTF8 ? getc_unlocked(r->f) : utf16_getc(r);
}

/* fread over rd_getc. */
static size_t rd_read(dy_reader *r, char *buf, size_t cap)
{
    size_t n = 0;
    int c;
    if (r->enc == ENC_UNKNOWN || r->ipend < r->npend || r->enc != ENC_UTF8) {
        while (n < cap && (c = rd_getc(r)) != EOF)
            buf[n++] = (char)c;
        return n;
    }
    return fread(buf, 1, cap, r->f);
}

/* ---- lines ---- */

static int read_error(dy_reader *r, long line)
{
    return report(r, DY_READ_FATAL, line, "read error: %s", errno ? strerror(errno) : "I/O error");
}

static int grow_line(dy_reader *r, size_t need)
{
    if (need <= r->linecap)
        return 0;
    size_t cap = r->linecap ? r->linecap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(r->line, cap);
    if (!p)
        return -1;
    r->line = p;
    r->linecap = cap;
    return 0;
}

/* 1: the next line is in r->line, NUL-terminated, without its line ending;
 * a line longer than r->max is cut there (line_too_long) and the rest only
 * counted in r->linefull, so memory stays bounded. 0: end of input;
 * DY_READ_FATAL: error. */
static int read_line(dy_reader *r)
{
    int c;
    if (r->held_line) { /* a tabari header that ended the record before it */
        r->held_line = 0;
        return 1;
    }
    errno = 0;
    r->linelen = r->linefull = 0;
    while ((c = rd_getc(r)) != EOF && c != '\n') {
        if (r->linefull++ >= r->max)
            continue;
        if (grow_line(r, r->linelen + 2))
            return oom(r);
        r->line[r->linelen++] = (char)c;
    }
    if (ferror(r->f))
        return read_error(r, r->lineno + 1);
    if (c == EOF && r->linefull == 0)
        return 0;
    if (grow_line(r, r->linelen + 1))
        return oom(r);
    r->lineno++;
    while (r->linelen > 0 && r->line[r->linelen - 1] == '\r')
        r->linelen--;
    r->line[r->linelen] = '\0';
    return 1;
}

static int line_too_long(const dy_reader *r) { return r->linefull > r->max; }

static int report_too_long(dy_reader *r, long line, const char *what, size_t len)
{
    return report(r, DY_READ_BAD, line, "%s of %zu bytes is longer than the limit of %zu bytes",
                  what, len, r->max);
}

static int is_blank(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strchr(" \t\r\n\f\v", s[k]) || !s[k])
            return 0;
    return 1;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int set_id(dy_reader *r, const char *s, size_t n)
{
    dy_buf_clear(&r->id);
    return dy_buf_append(&r->id, s, n) || dy_buf_reserve(&r->id, 0) ? -1 : 0;
}

/* Fills doc from r->id / r->text. */
static int give(dy_reader *r, dy_doc *doc, long line, const dy_date *date)
{
    if (dy_buf_reserve(&r->text, 0) || dy_buf_reserve(&r->id, 0) ||
        dy_buf_reserve(&r->comment, 0))
        return oom(r);
    r->text.p[r->text.len] = '\0';
    r->id.p[r->id.len] = '\0';
    r->comment.p[r->comment.len] = '\0';
    doc->comment = r->comment.p;
    doc->comment_len = r->comment.len;
    doc->id = r->id.p;
    doc->text = r->text.p;
    doc->len = r->text.len;
    doc->line = line;
    doc->has_date = date != NULL || r->has_date;
    doc->date = date ? *date : r->date;
    return DY_READ_DOC;
}

/* ---- plain ---- */

static int next_plain(dy_reader *r, dy_doc *doc)
{
    char chunk[65536];
    size_t k;
    if (r->done)
        return DY_READ_END;
    r->done = 1;
    size_t total = 0;
    dy_buf_clear(&r->text);
    while ((k = rd_read(r, chunk, sizeof chunk)) > 0) {
        total += k; /* past the limit the rest is only counted */
        if (total <= r->max && dy_buf_append(&r->text, chunk, k))
            return oom(r);
    }
    if (ferror(r->f))
        return read_error(r, 0);
    if (total > r->max) {
        dy_buf_free(&r->text);
        return report_too_long(r, 1, "document", total);
    }
    /* The path as given names the document: two "brief.txt" in different
     * folders are different documents (a store keys documents by id). */
    const char *id = r->name;
    while (id[0] == '.' && id[1] == '/')
        id += 2;
    if (set_id(r, id, strlen(id)))
        return oom(r);
    dy_date found;
    char day[11];
    if (!r->has_date && r->text.len && dy_date_find_in_header(r->text.p, r->text.len, &found)) {
        if (dy_date_in_doc_range(found))
            return give(r, doc, 1, &found);
        dy_date_format(found, day);
        warn(r, 1, "the date %s in the document's first lines is outside the dates accepted "
                   "(" DY_DOC_DATE_RANGE "): the document is undated (give one with --date)", day);
    }
    return give(r, doc, 1, NULL);
}

/* ---- jsonl ---- */

static int json_id(dy_reader *r, json_t *v)
{
    char num[32];
    if (json_is_string(v))
        return set_id(r, json_string_value(v), strlen(json_string_value(v)));
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return set_id(r, num, strlen(num));
}

/* Checks and copies one parsed object; returns a DY_READ_* status. */
static int json_doc(dy_reader *r, json_t *obj, dy_doc *doc)
{
    json_t *id = json_object_get(obj, "id"), *text = json_object_get(obj, "text");
    json_t *date = json_object_get(obj, "date");
    dy_date d;
    if (!json_is_object(obj))
        return report(r, DY_READ_BAD, r->lineno, "not a JSON object");
    if (json_is_real(id))
        return report(r, DY_READ_BAD, r->lineno, "\"id\" is a number that is not an integer "
                                                 "below 2^63 (write it as a string)");
    if (!json_is_string(id) && !json_is_integer(id))
        return report(r, DY_READ_BAD, r->lineno, "\"id\" missing or not a string");
    if (!json_is_string(text))
        return report(r, DY_READ_BAD, r->lineno, "\"text\" missing or not a string");
    int drc = json_is_string(date) ? dy_date_parse_doc(json_string_value(date), &d) : -1;
    if (drc == -2)
        return report(r, DY_READ_BAD, r->lineno,
                      "\"date\" %s is outside the dates accepted (" DY_DOC_DATE_RANGE ")",
                      json_string_value(date));
    if (date && !json_is_null(date) && drc)
        return report(r, DY_READ_BAD, r->lineno, "\"date\" is not a valid YYYY-MM-DD date");
    dy_buf_clear(&r->text);
    if (json_id(r, id) || dy_buf_append(&r->text, json_string_value(text), json_string_length(text)))
        return oom(r);
    return give(r, doc, r->lineno, date && json_is_string(date) ? &d : NULL);
}

static int next_jsonl(dy_reader *r, dy_doc *doc)
{
    int rc;
    while ((rc = read_line(r)) == 1) {
        if (line_too_long(r))
            return report_too_long(r, r->lineno, "line", r->linefull);
        if (is_blank(r->line, r->linelen))
            continue;
        int has_date;
        dy_date date;
        int fast = dy_jsonl_fast(r->line, r->linelen, &r->id, &r->text, &has_date, &date);
        if (fast < 0)
            return oom(r);
        if (fast) /* the common flat record: no tree (text/jsonl_fast.h) */
            return give(r, doc, r->lineno, has_date ? &date : NULL);
        json_error_t jerr;
        size_t flags = JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES;
        json_t *obj = json_loadb(r->line, r->linelen, flags, &jerr);
        if (!obj && json_error_code(&jerr) == json_error_numeric_overflow) /* an integer >= 2^63 */
            obj = json_loadb(r->line, r->linelen, flags | JSON_DECODE_INT_AS_REAL, &jerr);
        if (!obj && json_error_code(&jerr) == json_error_out_of_memory)
            return oom(r);
        if (!obj)
            return report(r, DY_READ_BAD, r->lineno, "invalid JSON: %s", jerr.text);
        rc = json_doc(r, obj, doc);
        json_decref(obj);
        return rc;
    }
    return rc == 0 ? DY_READ_END : rc;
}

/* ---- tabari ---- */

static int starts_digit(const dy_reader *r) { return r->linelen && r->line[0] >= '0' && r->line[0] <= '9'; }

/* Moves slash-star comments from b into c (joined by '\n'), leaving a
 * space in b. An unterminated comment runs to the end of the record; a
 * stray star-slash after a closed comment extends that comment (TABARI's
 * Validate.text has such duplicated comment tails). */
static int strip_comments(dy_buf *b, dy_buf *c)
{
    size_t w = 0, i = 0, after = (size_t)-1; /* after: w just past the last comment */
    while (i < b->len) {
        int open = i + 1 < b->len && b->p[i] == '/' && b->p[i + 1] == '*';
        int stray = !open && after != (size_t)-1 && i + 1 < b->len && b->p[i] == '*' &&
                    b->p[i + 1] == '/';
        if (!open && !stray) {
            b->p[w++] = b->p[i++];
            continue;
        }
        size_t from = open ? i + 2 : after, to, k = i + 2;
        if (open) {
            while (k + 1 < b->len && !(b->p[k] == '*' && b->p[k + 1] == '/'))
                k++;
            to = k + 1 < b->len ? k : b->len;
            k = k + 1 < b->len ? k + 2 : b->len;
        } else
            to = w; /* stray: b->p[after..w) holds the text since the comment */
        if ((c->len && dy_buf_putc(c, '\n')) || dy_buf_append(c, b->p + from, to - from))
            return -1;
        if (open)
            b->p[w++] = ' ';
        else
            w = after;
        after = w;
        i = k;
    }
    b->len = w;
    while (b->len && b->p[b->len - 1] && strchr(" \t\n", b->p[b->len - 1]))
        b->len--;
    if (b->p)
        b->p[b->len] = '\0';
    return 0;
}

/* A line that can only be a record header: a real date of 6 or 8 digits,
 * blanks, then an id. Inside a record's text it starts the next record
 * (the blank line before it is missing); lines such as "12-year break" or
 * "50,000 tonnes" are text. */
static int is_header(const dy_reader *r)
{
    size_t nd = 0;
    dy_date d;
    while (nd < r->linelen && r->line[nd] >= '0' && r->line[nd] <= '9')
        nd++;
    if ((nd != 6 && nd != 8) || nd == r->linelen || (r->line[nd] != ' ' && r->line[nd] != '\t'))
        return 0;
    return !is_blank(r->line + nd, r->linelen - nd) && dy_date_parse_digits(r->line, nd, &d) == 0;
}

/* Collects the record's text lines (up to a blank line or the next header)
 * into r->text, or only counts them (!keep, --shard); *full receives the
 * text's whole length (more than r->max when it was cut). */
static int read_record_text(dy_reader *r, size_t *full, int keep, long header_line)
{
    int rc;
    dy_buf_clear(&r->text);
    *full = 0;
    while ((rc = read_line(r)) == 1 && !is_blank(r->line, r->linelen)) {
        if (is_header(r)) {
            r->held_line = 1; /* read again as the next record's header */
            if (keep)
                warn(r, r->lineno, "record header with no blank line before it: the record "
                                   "of line %ld ends here and a new one starts",
                     header_line);
            break;
        }
        *full += r->linefull + (*full > 0);
        if (!keep || *full > r->max)
            continue; /* the record is skipped: only count the rest */
        if ((r->text.len && dy_buf_putc(&r->text, '\n')) ||
            dy_buf_append(&r->text, r->line, r->linelen))
            return oom(r);
    }
    return rc < 0 ? rc : 0;
}

/* Moves to the next record header (r->line). Text lines before the first
 * header (other than '#' comments) are counted and, when keep, reported
 * once as a warning. 1: a header; 0: end; DY_READ_FATAL. */
static int find_header(dy_reader *r, int keep)
{
    int rc;
    while ((rc = read_line(r)) == 1 && !starts_digit(r))
        if (!r->seen_header && !is_blank(r->line, r->linelen) && r->line[0] != '#' &&
            !r->preamble++)
            r->preamble_line = r->lineno;
    /* '#' lines, blank lines and digit-less blocks between records are comments */
    if (rc >= 0 && !r->seen_header && r->preamble && keep)
        warn(r, r->preamble_line,
             "%ld line%s before the first record header (\"YYMMDD ID\") ignored%s", r->preamble,
             r->preamble == 1 ? "" : "s", rc == 0 ? ": no records in the file" : "");
    if (rc == 1)
        r->seen_header = 1;
    return rc;
}

/* Parses the header line "YYMMDD ID" into *date and r->id. */
static int parse_header(dy_reader *r, dy_date *date)
{
    size_t nd = 0, k;
    while (nd < r->linelen && r->line[nd] >= '0' && r->line[nd] <= '9')
        nd++;
    if (dy_date_parse_digits(r->line, nd, date) || !dy_date_in_doc_range(*date))
        return -1; /* only 8 digits can be outside the range */
    for (k = nd; k < r->linelen && (r->line[k] == ' ' || r->line[k] == '\t');)
        k++;
    size_t e = r->linelen;
    while (e > k && (r->line[e - 1] == ' ' || r->line[e - 1] == '\t'))
        e--;
    if (e > k)
        return set_id(r, r->line + k, e - k) ? -2 : 0;
    char fallback[64];
    snprintf(fallback, sizeof fallback, ":%ld", r->lineno);
    dy_buf_clear(&r->id);
    return dy_buf_puts(&r->id, base_name(r->name)) || dy_buf_puts(&r->id, fallback) ? -2 : 0;
}

static int next_tabari(dy_reader *r, dy_doc *doc)
{
    int rc = find_header(r, 1);
    if (rc != 1)
        return rc == 0 ? DY_READ_END : rc;
    long line = r->lineno;
    dy_date date;
    char head[40];
    snprintf(head, sizeof head, "%.*s", (int)(r->linelen < 32 ? r->linelen : 32), r->line);
    int hrc = line_too_long(r) ? -1 : parse_header(r, &date);
    size_t full;
    if (hrc == -2)
        return oom(r);
    if ((rc = read_record_text(r, &full, 1, line)) < 0)
        return rc;
    if (full > r->max) {
        dy_buf_free(&r->text);
        return report_too_long(r, line, "record text", full);
    }
    if (hrc)
        return report(r, DY_READ_BAD, line, "record skipped: bad date in header \"%s\"", head);
    if (strip_comments(&r->text, &r->comment))
        return oom(r);
    return give(r, doc, line, &date);
}

/* ---- skipping (--shard) ---- */

/* Each moves past one unit (document or bad record) exactly where reading
 * would, without parsing or keeping it: a shard reads the other shards'
 * documents only to count them. */
static int skip_plain(dy_reader *r)
{
    if (r->done)
        return DY_READ_END;
    r->done = 1; /* the stream is one document: nothing to read */
    return DY_READ_DOC;
}

static int skip_jsonl(dy_reader *r)
{
    int rc;
    while ((rc = read_line(r)) == 1)
        if (line_too_long(r) || !is_blank(r->line, r->linelen))
            return DY_READ_DOC;
    return rc == 0 ? DY_READ_END : rc;
}

static int skip_tabari(dy_reader *r)
{
    int rc = find_header(r, 0);
    if (rc != 1)
        return rc == 0 ? DY_READ_END : rc;
    size_t full;
    rc = read_record_text(r, &full, 0, r->lineno);
    return rc < 0 ? rc : DY_READ_DOC;
}

/* ---- the reader ---- */

static next_fn next_for(dy_input_format fmt)
{
    static const next_fn table[] = {[DY_FMT_PLAIN] = next_plain,
                                    [DY_FMT_JSONL] = next_jsonl,
                                    [DY_FMT_TABARI] = next_tabari};
    return (unsigned)fmt < sizeof table / sizeof table[0] ? table[fmt] : NULL;
}

dy_reader *dy_reader_open(FILE *f, const char *name, dy_input_format fmt)
{
    next_fn next = next_for(fmt);
    if (!f || !next)
        return NULL;
    dy_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->name = strdup(name ? name : "-");
    if (!r->name) {
        free(r);
        return NULL;
    }
    r->f = f;
    r->next = next;
    r->fmt = fmt;
    r->max = DY_MAX_DOC_BYTES;
    r->id = (dy_buf)DY_BUF_INIT;
    r->text = (dy_buf)DY_BUF_INIT;
    r->comment = (dy_buf)DY_BUF_INIT;
    r->warn = (dy_buf)DY_BUF_INIT;
    r->held_unit = -1;
    return r;
}

void dy_reader_set_limit(dy_reader *r, size_t max_bytes) { r->max = max_bytes; }

void dy_reader_set_date(dy_reader *r, dy_date date)
{
    r->date = date;
    r->has_date = dy_date_valid(date);
}

int dy_reader_skip(dy_reader *r)
{
    if (r->fatal)
        return DY_READ_FATAL;
    r->err[0] = '\0';
    dy_buf_clear(&r->warn);
    switch (r->fmt) {
    case DY_FMT_PLAIN: return skip_plain(r);
    case DY_FMT_JSONL: return skip_jsonl(r);
    default: return skip_tabari(r);
    }
}

int dy_reader_next(dy_reader *r, dy_doc *doc)
{
    if (r->fatal)
        return DY_READ_FATAL;
    r->err[0] = '\0';
    dy_buf_clear(&r->comment);
    dy_buf_clear(&r->warn);
    return r->next(r, doc);
}

const char *dy_reader_error(const dy_reader *r) { return r->err; }

const char *dy_reader_warnings(const dy_reader *r) { return r->warn.len ? r->warn.p : ""; }

void dy_reader_close(dy_reader *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->line);
    dy_buf_free(&r->id);
    dy_buf_free(&r->text);
    dy_buf_free(&r->comment);
    dy_buf_free(&r->warn);
    free(r);
}
