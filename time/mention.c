/* time/mention.c - date expressions in a sentence (see mention.h).
 *
 * The sentence is read as a stream of tokens (letter runs, digit runs with
 * an optional ordinal suffix, single punctuation marks). At each token a
 * table of pattern handlers is tried over a window of the next WIN tokens;
 * the first that matches emits a mention and the scan resumes after it. */
#include "time/mention.h"

#include <string.h>

#define WIN 8          /* tokens of lookahead a pattern may use */
#define LOWMAX 12      /* longest keyword + 1 */
#define BACK_WORDS 12  /* how far back a future cue is looked for, in words */
#define BACK_BYTES 160 /* ... and in bytes */

typedef struct {
    size_t start, end;
    char low[LOWMAX]; /* lowercased word, "" when longer than a keyword */
    int num;          /* value of a digit run (<= 5 digits), else -1 */
    int ndig, ord;    /* number of digits; 1 when an ordinal suffix follows */
    int cap;          /* first byte is an ASCII capital */
    char punct;       /* the character of a punctuation token, else 0 */
} tok;

typedef struct {
    dy_date doc;
    int fut; /* 1 when this expression points forward */
} mctx;

typedef struct {
    int ntok;
    dy_date date;
    dy_gran gran;
    int rel, part;
} hit;

typedef int (*handler)(const mctx *c, const tok *w, int n, const tok *prev, hit *h);

enum { M_BEFORE_EQ, M_BEFORE, M_AFTER_EQ, M_AFTER, M_THIS };

static const char *const MONTHS[12] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
static const char *const WEEKDAYS[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
static const tok CUE_IN = {0, 0, "in", -1, 0, 0, 0, 0};

/* ---- tokens ----------------------------------------------------------- */

static int is_alpha(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}
static int is_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }
static int is_wordch(unsigned char ch) { return is_alpha(ch) || is_digit(ch); }
static int is_space(unsigned char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }

static void tok_word(const char *s, tok *t)
{
    size_t n = t->end - t->start;
    t->low[0] = 0;
    if (n >= LOWMAX)
        return;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)s[t->start + k];
        t->low[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    t->low[n] = 0;
}

/* Digit runs: "22", "2021", "22nd". Anything else alphanumeric is a word. */
static void tok_number(const char *s, tok *t)
{
    size_t k = t->start;
    long v = 0;
    while (k < t->end && is_digit((unsigned char)s[k]) && k - t->start < 6)
        v = v * 10 + (s[k++] - '0');
    t->ndig = (int)(k - t->start);
    if (k < t->end && is_digit((unsigned char)s[k]))
        return;
    if (k < t->end) {
        char suf[3] = {0, 0, 0};
        if (t->end - k != 2)
            return;
        suf[0] = (char)(s[k] | 0x20), suf[1] = (char)(s[k + 1] | 0x20);
        if (strcmp(suf, "st") && strcmp(suf, "nd") && strcmp(suf, "rd") && strcmp(suf, "th"))
            return;
        t->ord = 1;
    }
    t->num = (int)v;
}

/* Reads the token at or after pos; returns 0 at the end of the input. */
static int tok_next(const char *s, size_t len, size_t pos, tok *t)
{
    while (pos < len && is_space((unsigned char)s[pos]))
        pos++;
    if (pos >= len)
        return 0;
    memset(t, 0, sizeof *t);
    t->num = -1;
    t->start = pos;
    if (!is_wordch((unsigned char)s[pos])) {
        t->punct = s[pos] ? s[pos] : ' ';
        t->end = pos + 1;
        return 1;
    }
    while (pos < len && is_wordch((unsigned char)s[pos]))
        pos++;
    t->end = pos;
    t->cap = s[t->start] >= 'A' && s[t->start] <= 'Z';
    tok_word(s, t);
    if (is_digit((unsigned char)s[t->start]))
        tok_number(s, t);
    return 1;
}

static int tok_fill(const char *s, size_t len, size_t pos, tok *w, int max)
{
    int n = 0;
    while (n < max && tok_next(s, len, pos, &w[n]))
        pos = w[n++].end;
    return n;
}

/* The window of WIN tokens moves forward through a buffer four windows
 * long and is copied back to its start only when it reaches the end, not at
 * every step. The window is buf[at .. at + n). */
typedef struct {
    tok buf[4 * WIN];
    int at, n;
} window;

/* Drops the first `used` tokens of the window and reads on after the last
 * one: the same tokens tok_fill would give from the end of the last dropped
 * token, without reading the kept ones again. */
static void win_advance(const char *s, size_t len, window *v, int used)
{
    size_t pos = v->buf[v->at + used - 1].end;
    v->at += used;
    v->n -= used;
    if (v->at + WIN > 4 * WIN) {
        memmove(v->buf, v->buf + v->at, (size_t)v->n * sizeof *v->buf);
        v->at = 0;
    }
    tok *w = v->buf + v->at;
    v->n += tok_fill(s, len, v->n ? w[v->n - 1].end : pos, w + v->n, WIN - v->n);
}

/* (the first letters are compared first: most words are no keyword) */
static int is_w(const tok *t, const char *word)
{
    return !t->punct && t->low[0] == word[0] && t->low[1] == word[1] && !strcmp(t->low, word);
}

static int is_any(const tok *t, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (is_w(t, list[k]))
            return 1;
    return 0;
}

/* ---- word classes --------------------------------------------------------- */

/* 1..12 for a month name; *abbr = 1 for "Apr", "Sept". */
static int month_of(const tok *t, int *abbr)
{
    size_t n = strlen(t->low);
    *abbr = 0;
    if (t->punct || t->num >= 0 || n < 3 || !strchr("jfmasond", t->low[0]))
        return 0;
    for (int m = 0; m < 12; m++)
        if (t->low[0] == MONTHS[m][0] && !strcmp(t->low, MONTHS[m]))
            return m + 1;
    *abbr = 1;
    if (!strcmp(t->low, "sept"))
        return 9;
    for (int m = 0; m < 12 && n == 3; m++)
        if (!strncmp(t->low, MONTHS[m], 3))
            return m + 1;
    return 0;
}

static int full_month(const tok *t)
{
    int abbr, m = month_of(t, &abbr);
    return abbr ? 0 : m;
}

static int weekday_of(const tok *t)
{
    for (int k = 0; k < 7; k++)
        if (is_w(t, WEEKDAYS[k]))
            return k;
    return -1;
}

/* 0 winter, 1 spring, 2 summer, 3 autumn; -1 otherwise. */
static int season_of(const tok *t)
{
    static const char *const names[] = {"winter", "spring", "summer", "autumn", "fall"};
    for (int k = 0; k < 5; k++)
        if (is_w(t, names[k]))
            return k == 4 ? 3 : k;
    return -1;
}

static int is_day(const tok *t) { return t->num >= 1 && t->num <= 31 && t->ndig <= 2; }
static int is_year(const tok *t) { return t->num >= 1000 && t->ndig == 4 && !t->ord; }

static int rel_mode(const tok *t)
{
    if (is_w(t, "last") || is_w(t, "past") || is_w(t, "previous"))
        return M_BEFORE;
    if (is_w(t, "next") || is_w(t, "coming"))
        return M_AFTER;
    if (is_w(t, "this"))
        return M_THIS;
    return -1;
}

static int part_of(const tok *t)
{
    if (is_w(t, "early"))
        return DY_PART_EARLY;
    if (is_w(t, "mid") || is_w(t, "middle"))
        return DY_PART_MID;
    if (is_w(t, "late"))
        return DY_PART_LATE;
    return DY_PART_NONE;
}

/* ---- calendar arithmetic -------------------------------------------------- */

static dy_date add_days(dy_date d, long n) { return dy_date_from_days(dy_date_to_days(d) + n); }

static dy_date week_monday(dy_date d) { return add_days(d, -dy_date_weekday(d)); }

static dy_date weekday_near(dy_date doc, int wd, int mode)
{
    int cur = dy_date_weekday(doc);
    int back = (cur - wd + 7) % 7, fwd = (wd - cur + 7) % 7;
    if (mode == M_BEFORE && back == 0)
        back = 7;
    if (mode == M_AFTER && fwd == 0)
        fwd = 7;
    return add_days(doc, mode == M_BEFORE || mode == M_BEFORE_EQ ? -back : fwd);
}

static dy_date month_near(dy_date doc, int m, int mode)
{
    int y = doc.y;
    if ((mode == M_BEFORE_EQ && m > doc.m) || (mode == M_BEFORE && m >= doc.m))
        y--;
    if ((mode == M_AFTER_EQ && m < doc.m) || (mode == M_AFTER && m <= doc.m))
        y++;
    return (dy_date){y, m, 1};
}

static dy_date day_near(dy_date doc, int m, int d, int fut)
{
    int y = doc.y, cmp = m != doc.m ? m - doc.m : d - doc.d;
    if (!fut && cmp > 0)
        y--;
    if (fut && cmp < 0)
        y++;
    return (dy_date){y, m, d};
}

static dy_date season_start(int season, int y) { return (dy_date){y, season ? season * 3 : 12, 1}; }

static int season_containing(dy_date d, int *year)
{
    *year = d.m <= 2 ? d.y - 1 : d.y;
    return (d.m % 12) / 3;
}

static dy_date season_near(dy_date doc, int season, int mode)
{
    int cy, cur = season_containing(doc, &cy);
    long now = dy_date_to_days(doc), cs = dy_date_to_days(season_start(cur, cy));
    dy_date best = season_start(season, doc.y);
    if (mode == M_THIS || (mode == M_AFTER_EQ && season == cur))
        return season == cur ? season_start(cur, cy) : best;
    for (int y = doc.y + 1; y >= doc.y - 2; y--) {
        dy_date st = season_start(season, y);
        long sd = dy_date_to_days(st);
        if ((mode == M_BEFORE_EQ && sd <= now) || (mode == M_BEFORE && sd < cs))
            return st;
        if ((mode == M_AFTER_EQ || mode == M_AFTER) && sd > now)
            best = st;
    }
    return best;
}

static int set_hit(hit *h, int ntok, dy_date d, dy_gran g, int rel)
{
    h->ntok = ntok, h->date = d, h->gran = g, h->rel = rel, h->part = DY_PART_NONE;
    return ntok;
}

/* ---- pattern handlers ------------------------------------------------------- */

/* [the] 22[nd] [of] April[.] [,] [2021] */
static int h_day_month(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = 0, abbr, m, d;
    (void)prev;
    if (n > 1 && is_w(&w[0], "the") && w[1].ord)
        k = 1;
    if (k >= n || !is_day(&w[k]))
        return 0;
    d = w[k++].num;
    if (k < n && is_w(&w[k], "of"))
        k++;
    if (k >= n || !(m = month_of(&w[k], &abbr)))
        return 0;
    k++;
    if (abbr && k < n && w[k].punct == '.')
        k++;
    if (k + 1 < n && w[k].punct == ',' && is_year(&w[k + 1]))
        k++;
    if (k < n && is_year(&w[k]))
        return set_hit(h, k + 1, (dy_date){w[k].num, m, d}, DY_GRAN_DAY, 0);
    return set_hit(h, k, day_near(c->doc, m, d, c->fut), DY_GRAN_DAY, 1);
}

/* April[.] 22[nd] [,] [2021] */
static int h_month_day(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = 1, abbr, m = n > 1 ? month_of(&w[0], &abbr) : 0, d;
    (void)prev;
    if (!m)
        return 0;
    if (abbr && k < n && w[k].punct == '.')
        k++;
    if (k >= n || !is_day(&w[k]))
        return 0;
    d = w[k++].num;
    if (k + 1 < n && w[k].punct == ',' && is_year(&w[k + 1]))
        k++;
    if (k < n && is_year(&w[k]))
        return set_hit(h, k + 1, (dy_date){w[k].num, m, d}, DY_GRAN_DAY, 0);
    return set_hit(h, k, day_near(c->doc, m, d, c->fut), DY_GRAN_DAY, 1);
}

/* April[,] 2021 */
static int h_month_year(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = 1, abbr, m = n > 1 ? month_of(&w[0], &abbr) : 0;
    (void)c, (void)prev;
    if (!m)
        return 0;
    if (k + 1 < n && (w[k].punct == ',' || (abbr && w[k].punct == '.')))
        k++;
    if (!is_year(&w[k]))
        return 0;
    return set_hit(h, k + 1, (dy_date){w[k].num, m, 1}, DY_GRAN_MONTH, 0);
}

static int rel_week(const mctx *c, int mode, int ntok, hit *h)
{
    long off = mode == M_BEFORE ? -7 : mode == M_AFTER ? 7 : 0;
    return set_hit(h, ntok, add_days(week_monday(c->doc), off), DY_GRAN_WEEK, 1);
}

static int rel_weekend(const mctx *c, int mode, int ntok, hit *h)
{
    long off = mode == M_BEFORE ? -2 : mode == M_AFTER ? 12 : 5;
    return set_hit(h, ntok, add_days(week_monday(c->doc), off), DY_GRAN_DAY, 1);
}

static int rel_month(const mctx *c, int mode, int ntok, hit *h)
{
    int y = c->doc.y, m = c->doc.m + (mode == M_BEFORE ? -1 : mode == M_AFTER ? 1 : 0);
    if (m < 1)
        m = 12, y--;
    if (m > 12)
        m = 1, y++;
    return set_hit(h, ntok, (dy_date){y, m, 1}, DY_GRAN_MONTH, 1);
}

static int rel_year(const mctx *c, int mode, int ntok, hit *h)
{
    int y = c->doc.y + (mode == M_BEFORE ? -1 : mode == M_AFTER ? 1 : 0);
    return set_hit(h, ntok, (dy_date){y, 1, 1}, DY_GRAN_YEAR, 1);
}

/* The unit after last/this/next: week, weekend, month, year, a weekday,
 * a month name or a season. */
static int rel_unit(const mctx *c, const tok *u, int mode, int ntok, hit *h)
{
    int wd = weekday_of(u), m = full_month(u), se = season_of(u);
    if (is_w(u, "week"))
        return rel_week(c, mode, ntok, h);
    if (is_w(u, "weekend"))
        return rel_weekend(c, mode, ntok, h);
    if (is_w(u, "month"))
        return rel_month(c, mode, ntok, h);
    if (is_w(u, "year"))
        return rel_year(c, mode, ntok, h);
    if (wd >= 0)
        return set_hit(h, ntok, weekday_near(c->doc, wd, mode == M_THIS ? M_AFTER_EQ : mode),
                       DY_GRAN_DAY, 1);
    if (m)
        return set_hit(h, ntok, month_near(c->doc, m, mode), DY_GRAN_MONTH, 1);
    if (se >= 0)
        return set_hit(h, ntok, season_near(c->doc, se, mode), DY_GRAN_SEASON, 1);
    return 0;
}

/* last/this/next UNIT; earlier/later this week/month/year */
static int h_rel(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = 0, mode;
    (void)prev;
    if (n > 2 && (is_w(&w[0], "earlier") || is_w(&w[0], "later")) && is_w(&w[1], "this")) {
        if (!is_w(&w[2], "week") && !is_w(&w[2], "month") && !is_w(&w[2], "year"))
            return 0;
        k = 1;
    }
    if (k + 1 >= n || (mode = rel_mode(&w[k])) < 0)
        return 0;
    if (mode == M_BEFORE && !is_w(&w[k], "last") && !is_w(&w[k + 1], "week") &&
        !is_w(&w[k + 1], "month") && !is_w(&w[k + 1], "year"))
        return 0; /* "past"/"previous" only with week/month/year */
    if (season_of(&w[k + 1]) >= 0 && is_w(&w[k + 1], "fall") && k + 2 < n && is_w(&w[k + 2], "of"))
        return 0;
    return rel_unit(c, &w[k + 1], mode, k + 2, h);
}

static const char *const YEAR_CUES[] = {"in", "since", "until", "till", "during", "from",
                                        "through", "throughout", "before", "after", NULL};
static const char *const MONTH_CUES[] = {"in", "since", "until", "till", "during", "from",
                                         "through", "throughout", "before", "after", "by",
                                         "of", "to", "end", NULL};

/* in 2019 */
static int h_year(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    (void)c;
    if (n < 1 || !is_year(&w[0]) || w[0].num < 1800 || w[0].num > 2099 || !is_any(prev, YEAR_CUES))
        return 0;
    return set_hit(h, 1, (dy_date){w[0].num, 1, 1}, DY_GRAN_YEAR, 0);
}

/* in February; bare capitalized month names except May and March. */
static int h_month_alone(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int m = n > 0 ? full_month(&w[0]) : 0;
    if (!m)
        return 0;
    if (!is_any(prev, MONTH_CUES)) {
        if (!w[0].cap || m == 3 || m == 5)
            return 0;
    } else if ((m == 3 || m == 5) && is_w(prev, "to")) {
        return 0; /* "spoke to May", "a march to March"? too risky */
    }
    return set_hit(h, 1, month_near(c->doc, m, c->fut ? M_AFTER_EQ : M_BEFORE_EQ), DY_GRAN_MONTH,
                   1);
}

static int h_weekday_date(const mctx *c, const tok *w, int n, const tok *prev, hit *h);

/* Thursday (on or before; future: on or after) */
static int h_weekday(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int wd = n > 0 ? weekday_of(&w[0]) : -1;
    if (wd < 0)
        return 0;
    if (h_weekday_date(c, w, n, prev, h))
        return h->ntok;
    return set_hit(h, 1, weekday_near(c->doc, wd, c->fut ? M_AFTER_EQ : M_BEFORE_EQ), DY_GRAN_DAY,
                   1);
}

/* Thursday[,] 22 April [2021] / Thursday, April 22 -> the date, span from the weekday */
static int h_weekday_date(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = 1 + (n > 1 && w[1].punct == ',');
    if (k >= n)
        return 0;
    if (!h_day_month(c, w + k, n - k, prev, h) && !h_month_day(c, w + k, n - k, prev, h))
        return 0;
    h->ntok += k;
    return h->ntok;
}

static int h_deictic(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    static const char *const words[] = {"yesterday", "today", "tonight", "tomorrow"};
    static const int off[] = {-1, 0, 0, 1};
    (void)prev;
    for (int k = 0; k < 4 && n > 0; k++)
        if (is_w(&w[0], words[k]))
            return set_hit(h, 1, add_days(c->doc, off[k]), DY_GRAN_DAY, 1);
    return 0;
}

/* the weekend */
static int h_weekend(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    (void)prev;
    if (n < 2 || !is_w(&w[0], "the") || !is_w(&w[1], "weekend"))
        return 0;
    return set_hit(h, 2, weekday_near(c->doc, 5, c->fut ? M_AFTER_EQ : M_BEFORE_EQ), DY_GRAN_DAY,
                   1);
}

/* [the] summer [of] [2019]; needs "the" or a preposition before it */
static int h_season(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    int k = n > 1 && is_w(&w[0], "the"), se = k < n ? season_of(&w[k]) : -1;
    if (se < 0 || (!k && !is_any(prev, MONTH_CUES)))
        return 0;
    if (k + 1 < n && is_w(&w[k], "fall") && is_w(&w[k + 1], "of") &&
        !(k + 2 < n && is_year(&w[k + 2])))
        return 0; /* "the fall of Kabul" */
    k++;
    if (k + 1 < n && is_w(&w[k], "of") && is_year(&w[k + 1]))
        k++;
    if (k < n && is_year(&w[k]))
        return set_hit(h, k + 1, season_start(se, w[k].num), DY_GRAN_SEASON, 0);
    return set_hit(h, k, season_near(c->doc, se, c->fut ? M_AFTER_EQ : M_BEFORE_EQ),
                   DY_GRAN_SEASON, 1);
}

/* early/mid/late [-] (month | year | last year | summer ...) */
static int h_part(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    static const handler inner[] = {h_month_year, h_rel, h_year, h_month_alone, h_season};
    int part = n > 1 ? part_of(&w[0]) : 0, k = 1;
    (void)prev;
    if (!part)
        return 0;
    if (w[1].punct == '-')
        k = 2;
    for (size_t j = 0; j < sizeof inner / sizeof *inner && k < n; j++)
        if (inner[j](c, w + k, n - k, &CUE_IN, h)) {
            h->ntok += k;
            h->part = part;
            return h->ntok;
        }
    return 0;
}

static const handler HANDLERS[] = {h_day_month, h_month_day, h_month_year, h_part,    h_rel,
                                   h_year,      h_month_alone, h_weekday,  h_deictic, h_weekend,
                                   h_season};

/* ---- tense ------------------------------------------------------------------ */

static int word_in(const char *s, size_t a, size_t b, const char *const *list)
{
    char low[LOWMAX];
    if (b - a >= LOWMAX)
        return 0;
    for (size_t k = a; k < b; k++)
        low[k - a] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    low[b - a] = 0;
    for (int k = 0; list[k]; k++)
        if (!strcmp(low, list[k]))
            return 1;
    return 0;
}

/* 1 when a future cue comes before pos in the same clause. */
static int future_before(const char *s, size_t pos)
{
    static const char *const fut[] = {"will",  "shall",    "ll",        "would",   "plans",
                                      "plan",  "planned",  "scheduled", "upcoming", "intends",
                                      "expected", "expects", NULL};
    static const char *const stop[] = {"said", "says", "told", "announced", "reported",
                                       "added", "stated", "ago", NULL};
    size_t lim = pos > BACK_BYTES ? pos - BACK_BYTES : 0;
    for (int words = 0; words < BACK_WORDS && pos > lim; words++) {
        size_t e;
        while (pos > lim && !is_wordch((unsigned char)s[pos - 1])) {
            char ch = s[pos - 1];
            if (ch == '.' || ch == ';' || ch == '!' || ch == '?')
                return 0;
            pos--;
        }
        e = pos;
        while (pos > lim && is_wordch((unsigned char)s[pos - 1]))
            pos--;
        if (word_in(s, pos, e, stop))
            return 0;
        if (word_in(s, pos, e, fut))
            return 1;
    }
    return 0;
}

/* ---- driver ----------------------------------------------------------------- */

/* The words other than "the" that a handler accepts as its first token, by
 * first letter: month names and their abbreviations (month_of), weekdays
 * (h_weekday), seasons (h_season), early/mid/middle/late (h_part),
 * earlier/later/last/past/previous/next/coming/this (h_rel) and the words of
 * h_deictic. */
static const char *const *start_words(char first)
{
    static const char *const a[] = {"april", "apr", "august", "aug", "autumn", NULL};
    static const char *const c[] = {"coming", NULL};
    static const char *const d[] = {"december", "dec", NULL};
    static const char *const e[] = {"early", "earlier", NULL};
    static const char *const f[] = {"february", "feb", "friday", "fall", NULL};
    static const char *const j[] = {"january", "jan", "june", "jun", "july", "jul", NULL};
    static const char *const l[] = {"late", "later", "last", NULL};
    static const char *const m[] = {"march", "mar", "may", "mid", "middle", "monday", NULL};
    static const char *const n[] = {"november", "nov", "next", NULL};
    static const char *const o[] = {"october", "oct", NULL};
    static const char *const p[] = {"past", "previous", NULL};
    static const char *const s[] = {"september", "sep", "sept", "saturday", "sunday", "spring",
                                    "summer", NULL};
    static const char *const t[] = {"this", "today", "tonight", "tomorrow", "tuesday", "thursday",
                                    NULL};
    static const char *const w[] = {"wednesday", "winter", NULL};
    static const char *const y[] = {"yesterday", NULL};
    static const char *const none[] = {NULL};
    switch (first) {
    case 'a': return a;
    case 'c': return c;
    case 'd': return d;
    case 'e': return e;
    case 'f': return f;
    case 'j': return j;
    case 'l': return l;
    case 'm': return m;
    case 'n': return n;
    case 'o': return o;
    case 'p': return p;
    case 's': return s;
    case 't': return t;
    case 'w': return w;
    case 'y': return y;
    default: return none;
    }
}

/* 0 when no handler can match at w[0], so match_at (and the tense look-back)
 * can be skipped; most tokens are no date word. A handler's first token is a
 * number (h_day_month, h_year), a start_words word, or "the" followed by an
 * ordinal (h_day_month), "weekend" (h_weekend) or a season (h_season). */
static int can_start(const tok *w, int n)
{
    if (w[0].punct)
        return 0;
    if (w[0].num >= 0)
        return 1;
    if (is_w(&w[0], "the"))
        return n > 1 && (w[1].ord || is_w(&w[1], "weekend") || season_of(&w[1]) >= 0);
    return is_any(&w[0], start_words(w[0].low[0]));
}

/* 1 for a valid hit, -1 for a date that does not exist ("31 February
 * 2021": its tokens are skipped whole), 0 for no match. */
static int match_at(const mctx *c, const tok *w, int n, const tok *prev, hit *h)
{
    for (size_t k = 0; k < sizeof HANDLERS / sizeof *HANDLERS; k++)
        if (HANDLERS[k](c, w, n, prev, h) > 0)
            return dy_date_valid(h->date) ? 1 : -1;
    return 0;
}

int dy_find_dates_ex(const char *s, size_t len, dy_date doc, int future, dy_date_mention *out,
                     int max)
{
    tok prev = CUE_IN;
    window v;
    int count = 0;
    if (!s || !out || max <= 0 || !dy_date_valid(doc))
        return 0;
    prev.low[0] = 0;
    v.at = 0;
    v.n = tok_fill(s, len, 0, v.buf, WIN);
    while (count < max) {
        mctx c = {doc, 0};
        hit h;
        int r, n = v.n;
        const tok *w = v.buf + v.at;
        if (n == 0)
            break;
        r = 0;
        if (can_start(w, n)) {
            c.fut = future == DY_TENSE_AUTO ? future_before(s, w[0].start)
                                            : future == DY_TENSE_FUTURE;
            r = match_at(&c, w, n, &prev, &h);
        }
        int used = r == 0 ? 1 : h.ntok;
        if (r > 0)
            out[count++] = (dy_date_mention){w[0].start, w[h.ntok - 1].end, h.date,
                                         h.gran,     h.rel,              h.part};
        prev = w[used - 1];
        win_advance(s, len, &v, used);
    }
    return count;
}

int dy_find_dates(const char *s, size_t len, dy_date doc, dy_date_mention *out, int max)
{
    return dy_find_dates_ex(s, len, doc, DY_TENSE_AUTO, out, max);
}
