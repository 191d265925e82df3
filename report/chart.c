/* report/chart.c - draws a dy_chart as SVG text (see chart.h).
 *
 * The layout is computed first (title block, margins, panel boxes, the shared
 * x band and each panel's y scale), then the document is written in one pass.
 * Text widths are estimated from character counts: the layout only needs to
 * keep labels apart, not to measure them exactly. */
#include "report/chart.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "report/chart_png.h"
#include "util/buf.h"

#define FONT_FAMILY "DejaVu Sans, Liberation Sans, Arial, sans-serif"
#define DEFAULT_WIDTH 1000
#define DEFAULT_HEIGHT 600
#define MAX_SIDE 8000
#define MIN_SIDE 200
#define MAX_PANELS 16
#define MAX_SERIES 64
#define MAX_PERIODS 100000
/* beyond this a value is drawn at the limit (its data-value stays exact);
 * it keeps stacked sums and scale arithmetic finite */
#define DRAW_LIMIT 1e15
/* average advance of a character in DejaVu Sans, in em; digits are 0.64 */
#define CHAR_EM 0.62

static const char *const bar_palette[] = {
    DY_CHART_VERBAL_COOP, DY_CHART_MATERIAL_COOP, DY_CHART_VERBAL_CONFLICT,
    DY_CHART_MATERIAL_CONFLICT, "#a1d99b", "#31a354", "#bcbddc", "#756bb1", "#bdbdbd", "#636363"};
static const char *const line_palette[] = {"#252525", "#2166ac", "#b2182b", "#1b7837",
                                           "#e08214", "#762a83", "#737373"};
#define NPALETTE(p) ((int)(sizeof p / sizeof p[0]))

/* ---- output ---------------------------------------------------------- */

typedef struct svg_out {
    dy_buf b;
    int failed; /* out of memory at some point: the document is incomplete */
} svg_out;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(svg_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (o->failed || n < 0 || dy_buf_reserve(&o->b, (size_t)n)) {
        o->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(o->b.p + o->b.len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->b.len += (size_t)n;
}

static void put_raw(svg_out *o, const char *s, size_t len)
{
    if (!o->failed && dy_buf_append(&o->b, s, len))
        o->failed = 1;
}

static const char *xml_entity(int32_t cp)
{
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    default: return NULL;
    }
}

/* XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF even as references */
static int xml_char_ok(int32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
}

/* Appends s escaped for text and attribute values; invalid UTF-8 and
 * characters XML cannot hold become U+FFFD. */
static void put_escaped(svg_out *o, const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        const char *ent = n > 0 ? xml_entity(cp) : NULL;
        if (n <= 0 || !xml_char_ok(cp))
            put_raw(o, "\xEF\xBF\xBD", 3);
        else if (ent)
            put_raw(o, ent, strlen(ent));
        else
            put_raw(o, (const char *)p, (size_t)n);
        p += n > 0 ? n : 1;
    }
}

/* ---- layout ---------------------------------------------------------- */

typedef struct yscale {
    double lo, hi, step; /* axis range, a whole number of steps */
    int decimals;        /* for tick labels */
} yscale;

typedef struct panel_box {
    double legend_top;   /* baseline area of the first legend row */
    int legend_rows;
    double top, height;  /* plot area */
    yscale y;
    int has_negative;
} panel_box;

typedef struct fonts {
    double title, subtitle, axis, tick, legend;
} fonts;

typedef struct layout {
    double w, h, s;      /* size and scale (1 at 1000 px wide) */
    fonts fs;
    double pad, left, right, bottom_axis; /* plot left/right edges; x label baseline */
    double band;         /* width of one period */
    const struct period_shape *shape; /* kind of period, from the first label */
    int label_step;      /* in periods (see is_labelled) */
    int month_step;      /* days: label the first of every month_step-th month, or 0 */
    int year_only;       /* labels show only the year (the first four characters) */
    panel_box *boxes;
} layout;

static double text_width(const char *s, double fs)
{
    double n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        n += (*p & 0xC0) != 0x80; /* count code points, not bytes */
    return n * fs * CHAR_EM;
}

static double drawable(double v)
{
    if (!isfinite(v))
        return NAN;
    return v > DRAW_LIMIT ? DRAW_LIMIT : v < -DRAW_LIMIT ? -DRAW_LIMIT : v;
}

/* Decimals that show a tick step; at most 9 (a step of 1e-300, or a
 * degenerate one, must not turn into an out-of-range int). */
static int decimals_for(double step)
{
    if (step >= 1)
        return 0;
    double d = step > 0 ? ceil(-log10(step) - 1e-9) : 9;
    return isfinite(d) && d < 9 ? (int)d : 9;
}

static yscale scale_with_step(double lo, double hi, double step)
{
    yscale sc = {floor(lo / step + 1e-9) * step, ceil(hi / step - 1e-9) * step, step, 0};
    if (!(sc.hi > sc.lo))
        sc.hi = sc.lo + step;
    sc.decimals = decimals_for(step);
    return sc;
}

/* The finest 1-2-5 step whose ticks lie at least min_gap pixels apart on an
 * axis `height` pixels tall over [lo, hi] (which always includes 0);
 * integral data never gets fractional steps. */
static yscale nice_scale(double lo, double hi, double height, double min_gap, int integral)
{
    static const double mult[3] = {1, 2, 5};
    lo = fmin(lo, 0);
    hi = fmax(hi, 0);
    if (!(hi > lo))
        hi = lo + 1;
    double mag = pow(10, floor(log10((hi - lo) / 50)));
    yscale sc = scale_with_step(lo, hi, hi - lo);
    for (int k = 0; k < 30; k++) { /* 10 decades: ends with a step of (hi - lo) at most */
        double step = mult[k % 3] * mag * pow(10, k / 3);
        if (integral && step < 1)
            continue;
        yscale cand = scale_with_step(lo, hi, step);
        if (height * step / (cand.hi - cand.lo) >= min_gap)
            return cand;
    }
    return sc;
}

typedef struct data_range {
    double lo, hi;
    int integral, has_negative;
} data_range;

static void range_add(data_range *r, double v)
{
    r->lo = fmin(r->lo, v);
    r->hi = fmax(r->hi, v);
}

static void range_note_value(data_range *r, double v)
{
    if (v != floor(v))
        r->integral = 0;
    if (v < 0)
        r->has_negative = 1;
}

/* Bars: the extent of the positive and negative stacks of each period. */
static void bar_range(const dy_chart_panel *p, int n, data_range *r)
{
    for (int i = 0; i < n; i++) {
        double pos = 0, neg = 0;
        for (int j = 0; j < p->nseries; j++) {
            double v = drawable(p->series[j].y[i]);
            if (isnan(v))
                continue;
            range_note_value(r, v);
            if (v >= 0)
                pos = fmin(pos + v, DRAW_LIMIT);
            else
                neg = fmax(neg + v, -DRAW_LIMIT);
        }
        range_add(r, pos);
        range_add(r, neg);
    }
}

static void line_range(const dy_chart_panel *p, int n, data_range *r)
{
    for (int j = 0; j < p->nseries; j++)
        for (int i = 0; i < n; i++) {
            double v = drawable(p->series[j].y[i]);
            if (isnan(v))
                continue;
            range_note_value(r, v);
            range_add(r, v);
        }
}

static void panel_scale(const dy_chart_panel *p, int n, double height, double s, panel_box *box)
{
    data_range r = {0, 0, 1, 0};
    if (p->kind == DY_CHART_STACKED_BARS)
        bar_range(p, n, &r);
    else
        line_range(p, n, &r);
    /* ticks at least 25 px apart, and no more than 8 on a tall panel */
    box->y = nice_scale(r.lo, r.hi, height, fmax(25 * s, height / 8), r.integral);
    box->has_negative = r.has_negative;
}

/* Tick label: fixed decimals, thousands separated by commas, never "-0". */
static void format_tick(double v, int decimals, char *out, size_t outlen)
{
    char digits[64];
    if (fabs(v) < 1e-9 * pow(10, -decimals))
        v = 0;
    snprintf(digits, sizeof digits, "%.*f", decimals, v);
    const char *start = digits + (digits[0] == '-');
    const char *dot = strchr(start, '.');
    size_t intlen = dot ? (size_t)(dot - start) : strlen(start);
    size_t o = 0;
    if (start != digits && o + 3 < outlen) { /* U+2212 MINUS SIGN, as typeset */
        memcpy(out + o, "\xE2\x88\x92", 3);
        o += 3;
    }
    for (size_t i = 0; i < intlen && o + 2 < outlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = start[i];
    }
    snprintf(out + o, outlen - o, "%s", dot ? dot : "");
}

static double max_tick_width(const yscale *y, double fs)
{
    double w = 0;
    char lab[64];
    for (int k = 0; k <= 100 && y->lo + k * y->step <= y->hi + y->step * 1e-6; k++) {
        format_tick(y->lo + k * y->step, y->decimals, lab, sizeof lab);
        w = fmax(w, text_width(lab, fs));
    }
    return w;
}

static int legend_rows(const dy_chart_panel *p, const layout *L)
{
    double x = L->left, room = L->right - L->left;
    int rows = p->nseries > 0;
    for (int j = 0; j < p->nseries; j++) {
        double item = 20 * L->s + text_width(p->series[j].name, L->fs.legend) + 18 * L->s;
        if (x > L->left && x + item > L->left + room) {
            rows++;
            x = L->left;
        }
        x += item;
    }
    return rows;
}

static double weight_of(const dy_chart_panel *p)
{
    return p->weight > 0 && isfinite(p->weight) ? p->weight : 1;
}

/* Trailing number of a period label ("2021-04" -> 4, "2021-Q3" -> 3, "2019" -> 2019),
 * -1 when the label does not end in digits. */
static long trailing_number(const char *s)
{
    size_t n = s ? strlen(s) : 0, i = n;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && n - i < 9)
        i--;
    return i == n ? -1 : strtol(s + i, NULL, 10);
}

/* How the labels of each kind of period are thinned: the steps that read
 * well, and how many periods make a year (labels on a yearly step then show
 * just the year: "2015" rather than "2015-01"). The kind is recognised from
 * the label's shape. */
typedef struct period_shape {
    int (*matches)(const char *label, size_t len);
    int per_year;
    int steps[12]; /* ascending, 0 after the last */
} period_shape;

static int digits_at(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_day(const char *s, size_t n) { return n == 10 && s[4] == '-' && s[7] == '-'; }
static int is_week(const char *s, size_t n) { return n >= 7 && s[4] == '-' && s[5] == 'W'; }
static int is_month(const char *s, size_t n) { return n == 7 && s[4] == '-' && digits_at(s, 5, 7); }
static int is_quarter(const char *s, size_t n) { return n == 7 && s[4] == '-' && s[5] == 'Q'; }
static int is_year(const char *s, size_t n) { return n == 4 && digits_at(s, 0, 4); }
static int is_other(const char *s, size_t n)
{
    (void)s;
    (void)n;
    return 1;
}

static const period_shape shapes[] = {
    {is_day, 0, {1, 2, 7, 14, 28, 56, 91, 182, 364, 728, 1820}},
    {is_week, 52, {1, 2, 4, 13, 26, 52, 104, 260, 520}},
    {is_month, 12, {1, 2, 3, 6, 12, 24, 60, 120, 240}},
    {is_quarter, 4, {1, 2, 4, 8, 20, 40, 80}},
    {is_year, 0, {1, 2, 5, 10, 20, 50, 100, 200, 500}},
    {is_other, 0, {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}},
};

static const period_shape *shape_of(const char *label)
{
    size_t n = strlen(label), k = 0;
    while (!shapes[k].matches(label, n))
        k++; /* the last shape matches anything */
    return &shapes[k];
}

/* The smallest step of the shape's list (then doublings) that keeps labels
 * `need` pixels apart when they are `unit` periods apart per step. */
static int pick_step(const int *steps, double band, double need, int nperiods)
{
    int step = 1;
    for (int k = 0; k < 12 && steps[k] && step * band < need; k++)
        step = steps[k];
    while (step * band < need && step < nperiods)
        step *= 2;
    return step;
}

/* Chooses which periods get an x label. Calendar periods are labelled where
 * the calendar is round (January, Q1, week 1, years divisible by 10, the first
 * of a month) so labels never drift; other labels every step-th period. */
static void x_labels(const dy_chart *c, layout *L)
{
    double widest = 0;
    for (int i = 0; i < c->nperiods; i++)
        widest = fmax(widest, text_width(c->periods[i], L->fs.tick));
    double need = widest + 12 * L->s;
    L->shape = shape_of(c->nperiods > 0 ? c->periods[0] : "");
    L->label_step = pick_step(L->shape->steps, L->band, need, c->nperiods);
    L->month_step = 0;
    if (L->shape->matches == is_day && L->label_step >= 28) {
        /* months are at least 28 days: label firsts of every month_step-th month */
        static const int months[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 0};
        L->month_step = pick_step(months, 28 * L->band, need, c->nperiods);
    }
    L->year_only = L->shape->per_year && L->label_step % L->shape->per_year == 0;
}

/* Year and trailing number of a calendar label ("2021-04" -> 2021, 4). */
static void split_label(const char *label, long *year, long *num)
{
    *year = strtol(label, NULL, 10);
    *num = trailing_number(label);
}

static int is_labelled(const layout *L, const dy_chart *c, int i)
{
    const char *label = c->periods[i];
    int step = L->label_step, per_year = L->shape->per_year;
    long year, num;
    split_label(label, &year, &num);
    if (L->month_step) /* days: firsts of months */
        return num == 1 && ((year * 12 + strtol(label + 5, NULL, 10) - 1) % L->month_step) == 0;
    if (step == 1)
        return 1;
    if (L->shape->matches == is_year)
        return year % step == 0;
    if (per_year && step % per_year == 0) /* whole years: week/month/quarter 1 */
        return num == 1 && year % (step / per_year) == 0;
    if (per_year) /* within the year; week 53 is skipped so it cannot crowd week 1 */
        return num >= 1 && num <= per_year && (num - 1) % step == 0;
    return i % step == 0;
}

static double title_block(const dy_chart *c, const layout *L)
{
    double y = L->pad + L->fs.title;
    if (c->subtitle && *c->subtitle)
        y += L->fs.subtitle * 1.6;
    return y + 14 * L->s;
}

static void panel_heights(const dy_chart *c, layout *L, double top, double bottom)
{
    double gap = 16 * L->s, row = L->fs.legend + 10 * L->s, wsum = 0, fixed = 0;
    for (int k = 0; k < c->npanels; k++) {
        L->boxes[k].legend_rows = legend_rows(&c->panels[k], L);
        fixed += L->boxes[k].legend_rows * row + (k > 0 ? gap : 0);
        wsum += weight_of(&c->panels[k]);
    }
    double avail = fmax(bottom - top - fixed, 10.0 * c->npanels);
    double y = top;
    for (int k = 0; k < c->npanels; k++) {
        panel_box *b = &L->boxes[k];
        y += k > 0 ? gap : 0;
        b->legend_top = y;
        y += b->legend_rows * row;
        b->top = y;
        b->height = avail * weight_of(&c->panels[k]) / wsum;
        y += b->height;
    }
}

/* Left margin: the y axis title and the widest tick label; right margin:
 * half of the last period label, which is centred on its bar. */
static void set_margins(const dy_chart *c, layout *L)
{
    double ticks_w = 0;
    for (int k = 0; k < c->npanels; k++)
        ticks_w = fmax(ticks_w, max_tick_width(&L->boxes[k].y, L->fs.tick));
    L->left = fmax(L->left, L->pad + L->fs.axis + 12 * L->s + ticks_w + 8 * L->s);
    double last = c->nperiods > 0 ? text_width(c->periods[c->nperiods - 1], L->fs.tick) : 0;
    L->right = L->w - fmax(1.5 * L->pad, last / 2 + 4 * L->s);
    L->bottom_axis = L->h - L->pad;
    L->band = (L->right - L->left) / (c->nperiods > 0 ? c->nperiods : 1);
}

static int make_layout(const dy_chart *c, layout *L)
{
    memset(L, 0, sizeof *L);
    L->w = c->width ? c->width : DEFAULT_WIDTH;
    L->h = c->height ? c->height : DEFAULT_HEIGHT;
    L->s = fmin(fmax(L->w / 1000.0, 1.0), 4.0);
    L->fs = (fonts){20 * L->s, 14 * L->s, 13 * L->s, 12 * L->s, 13 * L->s};
    L->pad = 16 * L->s;
    L->boxes = calloc((size_t)c->npanels, sizeof *L->boxes);
    if (!L->boxes)
        return -1;
    double top = title_block(c, L);
    double bottom = L->h - L->pad - L->fs.axis - 10 * L->s - L->fs.tick - 10 * L->s;
    double wsum = 0;
    for (int k = 0; k < c->npanels; k++)
        wsum += weight_of(&c->panels[k]);
    /* the y scales need the panel heights, which need the legend rows, which
     * need the left margin, which needs the y tick labels: a first guess of
     * the heights settles the margin, then the scales are made for the real
     * heights (the margin grows if their labels turn out wider) */
    for (int k = 0; k < c->npanels; k++) {
        double guess = (bottom - top) * weight_of(&c->panels[k]) / wsum - 30 * L->s;
        panel_scale(&c->panels[k], c->nperiods, guess, L->s, &L->boxes[k]);
    }
    set_margins(c, L);
    panel_heights(c, L, top, bottom);
    for (int k = 0; k < c->npanels; k++)
        panel_scale(&c->panels[k], c->nperiods, L->boxes[k].height, L->s, &L->boxes[k]);
    set_margins(c, L);
    x_labels(c, L);
    return 0;
}

static double y_pixel(const panel_box *b, double v)
{
    double t = (b->y.hi - v) / (b->y.hi - b->y.lo);
    return b->top + fmin(fmax(t, 0), 1) * b->height;
}

static double x_center(const layout *L, int i)
{
    return L->left + (i + 0.5) * L->band;
}

static const char *series_color(const dy_chart_panel *p, int j)
{
    const char *c = p->series[j].color;
    if (c && *c)
        return c;
    if (p->kind == DY_CHART_STACKED_BARS)
        return bar_palette[j % NPALETTE(bar_palette)];
    return line_palette[j % NPALETTE(line_palette)];
}

/* ---- drawing --------------------------------------------------------- */

static void put_text(svg_out *o, double x, double y, double fs, const char *anchor,
                     const char *extra, const char *s)
{
    put(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\"%s>", x, y, fs,
        anchor, extra ? extra : "");
    put_escaped(o, s);
    put(o, "</text>\n");
}

static void put_value_attrs(svg_out *o, const char *period, double v)
{
    put(o, " data-period=\"");
    put_escaped(o, period);
    if (isfinite(v))
        put(o, "\" data-value=\"%.15g\"", v);
    else
        put(o, "\" data-value=\"NaN\"");
}

/* a tooltip for viewers that show one: "2021-04 material conflict: 12" */
static void put_tooltip(svg_out *o, const char *period, const char *name, double v)
{
    put(o, "<title>");
    put_escaped(o, period);
    put(o, " ");
    put_escaped(o, name);
    if (isfinite(v))
        put(o, ": %.15g</title>", v);
    else
        put(o, ": no value</title>");
}

static void open_series(svg_out *o, const char *name, const char *color, const char *paint)
{
    put(o, "<g class=\"series\" data-name=\"");
    put_escaped(o, name);
    put(o, "\" %s=\"", paint);
    put_escaped(o, color);
    put(o, "\">\n");
}

static void draw_bar_series(svg_out *o, const layout *L, const panel_box *b, const dy_chart *c,
                            const dy_chart_series *sr, double *pos, double *neg)
{
    /* dense bars touch; they overlap by a fraction of a pixel so that
     * anti-aliasing leaves no pale seams between them */
    double barw = L->band >= 5 * L->s ? fmin(L->band * 0.8, 80 * L->s) : L->band + 0.6;
    for (int i = 0; i < c->nperiods; i++) {
        double raw = sr->y[i], v = drawable(raw);
        put(o, "<rect");
        put_value_attrs(o, c->periods[i], raw);
        if (isnan(v)) {
            put(o, " class=\"gap\" width=\"0\" height=\"0\"/>\n");
            continue;
        }
        double *base = v >= 0 ? pos : neg;
        double from = base[i], to = fmax(fmin(base[i] + v, DRAW_LIMIT), -DRAW_LIMIT);
        base[i] = to;
        double y0 = y_pixel(b, fmax(from, to)), y1 = y_pixel(b, fmin(from, to));
        put(o, " x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">",
            x_center(L, i) - barw / 2, y0, barw, y1 - y0);
        put_tooltip(o, c->periods[i], sr->name, raw);
        put(o, "</rect>\n");
    }
}

static void draw_bars(svg_out *o, const layout *L, const panel_box *b, const dy_chart *c,
                      const dy_chart_panel *p)
{
    size_t n = c->nperiods > 0 ? (size_t)c->nperiods : 1;
    double *pos = calloc(n, sizeof *pos), *neg = calloc(n, sizeof *neg);
    if (!pos || !neg) {
        o->failed = 1;
        free(pos);
        free(neg);
        return;
    }
    /* thin white edges separate stacked segments while bars are wide enough */
    const char *edge = L->band >= 6 * L->s ? " stroke=\"#ffffff\" stroke-width=\"0.6\"" : "";
    for (int j = 0; j < p->nseries; j++) {
        open_series(o, p->series[j].name, series_color(p, j), "fill");
        put(o, "<g%s>\n", edge);
        draw_bar_series(o, L, b, c, &p->series[j], pos, neg);
        put(o, "</g></g>\n");
    }
    free(pos);
    free(neg);
}

static int has_value(const dy_chart_series *sr, int n, int i)
{
    return i >= 0 && i < n && !isnan(drawable(sr->y[i]));
}

static void draw_line_path(svg_out *o, const layout *L, const panel_box *b, const dy_chart *c,
                           const dy_chart_series *sr)
{
    int pen_down = 0;
    put(o, "<path fill=\"none\" stroke-width=\"%.1f\" stroke-linejoin=\"round\" "
           "stroke-linecap=\"round\" d=\"", 2.2 * L->s);
    for (int i = 0; i < c->nperiods; i++) {
        double v = drawable(sr->y[i]);
        if (isnan(v)) {
            pen_down = 0;
            continue;
        }
        put(o, "%s%.2f %.2f", pen_down ? " L" : " M", x_center(L, i), y_pixel(b, v));
        pen_down = 1;
    }
    put(o, "\"/>\n");
}

static void draw_line_series(svg_out *o, const layout *L, const panel_box *b, const dy_chart *c,
                             const dy_chart_series *sr)
{
    int n = c->nperiods;
    int dense = L->band < 8 * L->s;
    draw_line_path(o, L, b, c, sr);
    for (int i = 0; i < n; i++) {
        double v = drawable(sr->y[i]);
        put(o, "<circle");
        put_value_attrs(o, c->periods[i], sr->y[i]);
        if (isnan(v)) {
            put(o, " class=\"gap\" r=\"0\"/>\n");
            continue;
        }
        /* markers where they fit, and always on a point the line cannot show */
        int isolated = !has_value(sr, n, i - 1) && !has_value(sr, n, i + 1);
        double r = !dense ? 3 * L->s : isolated ? 2 * L->s : 0;
        put(o, " cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\">", x_center(L, i), y_pixel(b, v), r);
        put_tooltip(o, c->periods[i], sr->name, sr->y[i]);
        put(o, "</circle>\n");
    }
}

static void draw_lines(svg_out *o, const layout *L, const panel_box *b, const dy_chart *c,
                       const dy_chart_panel *p)
{
    for (int j = 0; j < p->nseries; j++) {
        const char *color = series_color(p, j);
        open_series(o, p->series[j].name, color, "stroke");
        put(o, "<g fill=\"");
        put_escaped(o, color);
        put(o, "\">\n");
        draw_line_series(o, L, b, c, &p->series[j]);
        put(o, "</g></g>\n");
    }
}

static void draw_y_axis(svg_out *o, const layout *L, const panel_box *b, const char *label)
{
    char lab[64];
    put(o, "<g class=\"axis y\">\n");
    for (int k = 0; k <= 100 && b->y.lo + k * b->y.step <= b->y.hi + b->y.step * 1e-6; k++) {
        double v = b->y.lo + k * b->y.step, y = y_pixel(b, v);
        put(o, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.2f\" y2=\"%.2f\" stroke=\"#d9d9d9\" "
               "stroke-width=\"1\"/>\n", L->left, L->right, y, y);
        format_tick(v, b->y.decimals, lab, sizeof lab);
        put_text(o, L->left - 8 * L->s, y + L->fs.tick * 0.35, L->fs.tick, "end",
                 " fill=\"#333333\"", lab);
    }
    double cy = b->top + b->height / 2, cx = L->pad + L->fs.axis * 0.8;
    char rot[96];
    snprintf(rot, sizeof rot,
             " class=\"label\" fill=\"#222222\" transform=\"rotate(-90 %.1f %.1f)\"", cx, cy);
    put_text(o, cx, cy, L->fs.axis, "middle", rot, label);
    put(o, "</g>\n");
}

static void draw_frame(svg_out *o, const layout *L, const panel_box *b)
{
    double bottom = b->top + b->height;
    put(o, "<g class=\"frame\" stroke=\"#333333\" stroke-width=\"1\">\n");
    put(o, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.2f\" y2=\"%.2f\"/>\n", L->left, L->left, b->top,
        bottom);
    if (b->has_negative || b->y.lo < 0) {
        double z = y_pixel(b, 0);
        put(o, "<line class=\"zero\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.2f\" y2=\"%.2f\" "
               "stroke=\"#000000\" stroke-width=\"1.2\"/>\n", L->left, L->right, z, z);
    }
    put(o, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.2f\" y2=\"%.2f\"/>\n", L->left, L->right, bottom,
        bottom);
    put(o, "</g>\n");
}

static void draw_legend(svg_out *o, const layout *L, const panel_box *b, const dy_chart_panel *p)
{
    double x = L->left, row = L->fs.legend + 10 * L->s, sw = 14 * L->s;
    double y = b->legend_top + row / 2;
    put(o, "<g class=\"legend\">\n");
    for (int j = 0; j < p->nseries; j++) {
        const char *color = series_color(p, j), *name = p->series[j].name;
        double item = 20 * L->s + text_width(name, L->fs.legend) + 18 * L->s;
        if (x > L->left && x + item > L->right) {
            x = L->left;
            y += row;
        }
        put(o, "<g class=\"item\" data-name=\"");
        put_escaped(o, name);
        put(o, "\">");
        if (p->kind == DY_CHART_STACKED_BARS)
            put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x,
                y - sw / 2, sw, sw);
        else
            put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x,
                y - 1.5 * L->s, sw + 4 * L->s, 3 * L->s);
        put_escaped(o, color);
        put(o, "\"/>");
        put_text(o, x + 20 * L->s + (p->kind == DY_CHART_LINES ? 4 * L->s : 0),
                 y + L->fs.legend * 0.36, L->fs.legend, "start", " fill=\"#222222\"", name);
        put(o, "</g>\n");
        x += item + (p->kind == DY_CHART_LINES ? 4 * L->s : 0);
    }
    put(o, "</g>\n");
}

static void draw_panel(svg_out *o, const layout *L, const dy_chart *c, int k)
{
    const dy_chart_panel *p = &c->panels[k];
    const panel_box *b = &L->boxes[k];
    put(o, "<g class=\"panel\" data-kind=\"%s\">\n",
        p->kind == DY_CHART_STACKED_BARS ? "stacked-bars" : "lines");
    draw_y_axis(o, L, b, p->y_label);
    if (p->kind == DY_CHART_STACKED_BARS)
        draw_bars(o, L, b, c, p);
    else
        draw_lines(o, L, b, c, p);
    draw_frame(o, L, b);
    draw_legend(o, L, b, p);
    put(o, "</g>\n");
}

/* Ticks under every panel (so they line up), labels under the last one. */
static void draw_x_axis(svg_out *o, const layout *L, const dy_chart *c)
{
    const panel_box *last = &L->boxes[c->npanels - 1];
    double tick = 5 * L->s;
    put(o, "<g class=\"axis x\">\n");
    for (int i = 0; i < c->nperiods; i++) {
        if (!is_labelled(L, c, i))
            continue;
        double x = x_center(L, i);
        for (int k = 0; k < c->npanels; k++) {
            double y = L->boxes[k].top + L->boxes[k].height;
            put(o, "<line x1=\"%.2f\" x2=\"%.2f\" y1=\"%.2f\" y2=\"%.2f\" stroke=\"#333333\"/>\n",
                x, x, y, y + tick);
        }
        char year[5];
        snprintf(year, sizeof year, "%s", c->periods[i]);
        put_text(o, x, last->top + last->height + tick + 4 * L->s + L->fs.tick, L->fs.tick,
                 "middle", " fill=\"#333333\"", L->year_only ? year : c->periods[i]);
    }
    if (c->x_label && *c->x_label)
        put_text(o, (L->left + L->right) / 2, L->bottom_axis, L->fs.axis, "middle",
                 " class=\"label\" fill=\"#222222\"", c->x_label);
    if (c->nperiods == 0) {
        double y = L->boxes[0].top + L->boxes[0].height / 2;
        put_text(o, (L->left + L->right) / 2, y, L->fs.axis, "middle",
                 " class=\"no-data\" fill=\"#555555\"", "no data");
    }
    put(o, "</g>\n");
}

static void draw_header(svg_out *o, const layout *L, const dy_chart *c)
{
    put(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    put(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
           "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">\n",
        L->w, L->h, L->w, L->h, FONT_FAMILY);
    put(o, "<title>");
    put_escaped(o, c->title);
    put(o, "</title>\n");
    if (c->subtitle && *c->subtitle) {
        put(o, "<desc>");
        put_escaped(o, c->subtitle);
        put(o, "</desc>\n");
    }
    put(o, "<rect class=\"background\" width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    double y = L->pad + L->fs.title;
    put_text(o, L->pad, y, L->fs.title, "start", " class=\"title\" font-weight=\"bold\" "
             "fill=\"#111111\"", c->title);
    if (c->subtitle && *c->subtitle)
        put_text(o, L->pad, y + L->fs.subtitle * 1.6, L->fs.subtitle, "start",
                 " class=\"subtitle\" fill=\"#444444\"", c->subtitle);
}

/* ---- public ---------------------------------------------------------- */

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "chart: %s", msg);
    return -1;
}

static int check_panel(const dy_chart_panel *p, int nperiods, char *err, size_t errlen)
{
    if (p->kind != DY_CHART_STACKED_BARS && p->kind != DY_CHART_LINES)
        return fail(err, errlen, "unknown panel kind");
    if (p->nseries < 0 || p->nseries > MAX_SERIES || (p->nseries > 0 && !p->series))
        return fail(err, errlen, "a panel needs 0-64 series");
    for (int j = 0; j < p->nseries; j++)
        if (nperiods > 0 && !p->series[j].y)
            return fail(err, errlen, "a series has no values");
    return 0;
}

int dy_chart_check(const dy_chart *c, char *err, size_t errlen)
{
    if (!c)
        return fail(err, errlen, "no chart");
    if (c->nperiods < 0 || c->nperiods > MAX_PERIODS || (c->nperiods > 0 && !c->periods))
        return fail(err, errlen, "the number of periods must be 0-100000, with labels");
    for (int i = 0; i < c->nperiods; i++)
        if (!c->periods[i])
            return fail(err, errlen, "a period has no label");
    if (c->npanels < 1 || c->npanels > MAX_PANELS || !c->panels)
        return fail(err, errlen, "a chart needs 1-16 panels");
    if ((c->width && (c->width < MIN_SIDE || c->width > MAX_SIDE)) ||
        (c->height && (c->height < MIN_SIDE || c->height > MAX_SIDE)))
        return fail(err, errlen, "width and height must be 200-8000 pixels (0 = default)");
    for (int k = 0; k < c->npanels; k++)
        if (check_panel(&c->panels[k], c->nperiods, err, errlen))
            return -1;
    return 0;
}

char *dy_chart_svg(const dy_chart *c)
{
    layout L;
    svg_out o = {DY_BUF_INIT, 0};
    if (dy_chart_check(c, NULL, 0) || make_layout(c, &L))
        return NULL;
    draw_header(&o, &L, c);
    for (int k = 0; k < c->npanels; k++)
        draw_panel(&o, &L, c, k);
    draw_x_axis(&o, &L, c);
    put(&o, "</svg>\n");
    free(L.boxes);
    if (o.failed) {
        dy_buf_free(&o.b);
        return NULL;
    }
    return o.b.p;
}

static int write_file(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t wrote = fwrite(data, 1, len, f);
    int bad = wrote != len || ferror(f);
    if (fclose(f) || bad) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int dy_chart_write(const dy_chart *c, const char *path, char *err, size_t errlen)
{
    const char *ext = path ? strrchr(path, '.') : NULL;
    int png = ext && !strcasecmp(ext, ".png");
    if (!ext || (!png && strcasecmp(ext, ".svg"))) {
        snprintf(err, errlen, "%s: the chart file must end in .svg or .png", path ? path : "");
        return -1;
    }
    if (dy_chart_check(c, err, errlen))
        return -1;
    char *svg = dy_chart_svg(c);
    if (!svg)
        return fail(err, errlen, "out of memory");
    int rc;
    if (png)
        rc = dy_chart_render_png(svg, strlen(svg), c->width ? c->width : DEFAULT_WIDTH,
                                 c->height ? c->height : DEFAULT_HEIGHT, path, err, errlen);
    else
        rc = write_file(path, svg, strlen(svg), err, errlen);
    free(svg);
    return rc;
}
