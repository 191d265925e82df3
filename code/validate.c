/* code/validate.c - runs a TABARI validation suite: records whose comments
 * list the events they must produce (manual section 10.1). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict/reader.h"
#include "dyad.h"
#include "sentence.h"
#include "text/clean.h"
#include "time/date.h"


#define MAX_EXPECT 64

typedef struct expect {
    char src[32], tgt[32], code[16];
    int used;
} expect;

typedef struct record {
    char id[64];
    char date[16];
    char raw[64];    /* header after the date, untrimmed, for FORWARD formats */
    dy_buf text;     /* text outside comments */
    dy_buf comment;  /* text inside comments */
    long line;
} record;

typedef struct vstate {
    dyad_dict *d;
    dyad_coder *c;
    dy_buf *out;
    dyad_validation *res;
    int verbose;
    int done_std;
    char story[32];      /* FORWARD: story of the previous record */
    long sentno;         /* and its sentence number, -1 none */
    char fwd[64];        /* its first actor (copied out of the sentence arena), "" none */
    struct cat {
        char name[32];
        unsigned pass, fail;
    } cats[128];
    int ncats;
} vstate;

static void trim_copy(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Splits the raw record text into coded text and comment text. */
static void split_comments(record *r, const char *s, size_t n)
{
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in && i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
            in = 1;
            i++;
            continue;
        }
        if (in && i + 1 < n && s[i] == '*' && s[i + 1] == '/') {
            in = 0;
            i++;
            continue;
        }
        dy_buf_putc(in ? &r->comment : &r->text, s[i]);
    }
}

typedef struct expectations {
    expect e[MAX_EXPECT];
    int n;
    char special[8]; /* "---", "###", "+++" or "" */
    int subset;      /* "-{": listed events must be present, others allowed */
    char date[16];
    int any;
} expectations;

static void parse_group(vstate *v, expectations *x, const char *g, size_t n, const char *after)
{
    char body[512];
    trim_copy(body, sizeof body, g, n);
    if (!strncmp(body, "OPTION:", 7)) {
        char err[256];
        dy_apply_option_line(dy_coder_options(v->c), v->d, body + 7, err, sizeof err);
        return;
    }
    char nospace[512];
    size_t k = 0;
    for (char *p = body; *p && k + 1 < sizeof nospace; p++)
        if (!isspace((unsigned char)*p))
            nospace[k++] = *p;
    nospace[k] = '\0';
    if (!strcmp(nospace, "---") || !strcmp(nospace, "###") || !strcmp(nospace, "+++")) {
        memcpy(x->special, nospace, 4);
        x->any = 1;
        return;
    }
    char *s1 = strchr(body, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s2 || x->n >= MAX_EXPECT)
        return;
    expect *e = &x->e[x->n++];
    memset(e, 0, sizeof *e);
    trim_copy(e->src, sizeof e->src, body, (size_t)(s1 - body));
    trim_copy(e->tgt, sizeof e->tgt, s1 + 1, (size_t)(s2 - s1 - 1));
    trim_copy(e->code, sizeof e->code, s2 + 1, strlen(s2 + 1));
    x->any = 1;
    if (x->n == 1) {
        while (*after == ' ')
            after++;
        size_t dl = 0;
        while (isdigit((unsigned char)after[dl]))
            dl++;
        if (dl == 6 || dl == 8)
            trim_copy(x->date, sizeof x->date, after, dl);
    }
}

static void parse_expectations(vstate *v, const char *c, expectations *x)
{
    memset(x, 0, sizeof *x);
    for (const char *p = c; (p = strchr(p, '{')) != NULL;) {
        const char *q = strchr(p, '}');
        if (!q) /* an OPTION group closed by the comment end, not by a brace */
            q = p + strlen(p);
        int dash = p > c && p[-1] == '-';
        if (dash) {
            x->subset = 1;
            x->any = 1;
            break;
        }
        parse_group(v, x, p + 1, (size_t)(q - p - 1), *q ? q + 1 : q);
        p = *q ? q + 1 : q;
    }
}

static struct cat *category(vstate *v, const char *id)
{
    char name[32];
    size_t n = strcspn(id, "-");
    trim_copy(name, sizeof name, id, n);
    for (int i = 0; i < v->ncats; i++)
        if (!strcmp(v->cats[i].name, name))
            return &v->cats[i];
    if (v->ncats >= 128)
        return &v->cats[127];
    struct cat *c = &v->cats[v->ncats++];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->pass = c->fail = 0;
    return c;
}

static void describe_got(const dy_sentence *s, dy_buf *out)
{
    if (s->status == S_COMPLEX)
        dy_buf_printf(out, "{ +++ } (%s)", s->why ? s->why : "complex");
    else if (s->status == S_DISCARD)
        dy_buf_printf(out, "{ ### } (%s)", s->why ? s->why : "discard");
    else if (s->nev == 0)
        dy_buf_puts(out, "{ --- }");
    for (int i = 0; i < s->nev; i++) {
        const dy_event_i *e = &s->ev[i];
        dy_buf_printf(out, "{ %s / %s / %s } ", e->src_code, e->tgt_code, e->code);
    }
}

static int compare(const dy_sentence *s, expectations *x, long day)
{
    if (x->special[0]) {
        if (!strcmp(x->special, "+++"))
            return s->status == S_COMPLEX;
        if (!strcmp(x->special, "###"))
            return s->status == S_DISCARD;
        return s->nev == 0 && s->status != S_COMPLEX && s->status != S_DISCARD;
    }
    if (s->status == S_COMPLEX || s->status == S_DISCARD)
        return x->subset && x->n == 0;
    for (int i = 0; i < x->n; i++)
        x->e[i].used = 0;
    int matched = 0;
    for (int j = 0; j < s->nev; j++) {
        const dy_event_i *e = &s->ev[j];
        int hit = 0;
        for (int i = 0; i < x->n && !hit; i++) {
            expect *w = &x->e[i];
            if (!w->used && !strcmp(w->src, e->src_code) && !strcmp(w->tgt, e->tgt_code) &&
                !strcmp(w->code, e->code)) {
                w->used = 1;
                hit = 1;
                matched++;
            }
        }
        if (!hit && !x->subset)
            return 0;
    }
    if (matched != x->n)
        return 0;
    if (x->date[0] && s->shift) {
        long want;
        if (dy_dict_parse_date(x->date, strlen(x->date), 0, &want) == 0 &&
            want != day + s->shift)
            return 0;
    }
    return 1;
}

/* Story and sentence numbers of a record id under a FORWARD format. */
static void sequence_of(const char *fmt, const char *raw, char *story, size_t cap, long *sent)
{
    size_t k = 0;
    *sent = 0;
    for (size_t i = 0; fmt[i] && raw[i]; i++) {
        if (fmt[i] == 'N' && k + 1 < cap)
            story[k++] = raw[i];
        else if (fmt[i] == 'S')
            *sent = raw[i] >= '0' && raw[i] <= '9' ? *sent * 10 + (raw[i] - '0') : 0;
    }
    story[k] = '\0';
}

static void run_record(vstate *v, record *r)
{
    expectations x;
    parse_expectations(v, dy_buf_str(&r->comment), &x);
    const char *text = dy_buf_str(&r->text);
    int is_end = strstr(text, "This is the end of the standard validation records") != NULL;
    if (!x.any) {
        v->res->skipped++;
        if (is_end)
            v->done_std = 1;
        return;
    }
    long day = 0;
    if (dy_dict_parse_date(r->date, strlen(r->date), 0, &day))
        day = 0;
    dy_buf clean = DY_BUF_INIT;
    char err[256];
    dy_text_clean(text, r->text.len, &clean, err, sizeof err);
    for (size_t i = 0; i < clean.len; i++)
        if (clean.p[i] == '\n')
            clean.p[i] = ' ';
    dy_sentence s;
    dy_sentence_init(&s, v->c, dy_buf_str(&clean), clean.len, day);
    const dy_options *o = dy_coder_options(v->c);
    char story[32] = "";
    long sent = -1;
    if (o->forward) {
        sequence_of(o->forward_fmt, r->raw, story, sizeof story, &sent);
        if (v->fwd[0] && !strcmp(story, v->story) && sent == v->sentno + 1)
            s.forward = v->fwd;
    }
    dy_code_sentence(&s);
    char next_fwd[sizeof v->fwd] = ""; /* first_actor may be in the arena explain resets */
    if (s.first_actor && strlen(s.first_actor) < sizeof next_fwd)
        memcpy(next_fwd, s.first_actor, strlen(s.first_actor) + 1);
    snprintf(v->story, sizeof v->story, "%s", story);
    v->sentno = sent;
    int ok = compare(&s, &x, day);
    struct cat *c = category(v, r->id);
    if (ok) {
        v->res->passed++;
        c->pass++;
        if (!v->done_std)
            v->res->std_passed++;
    } else {
        v->res->failed++;
        c->fail++;
        if (!v->done_std)
            v->res->std_failed++;
        dy_buf_printf(v->out, "FAIL %s (line %ld): %s\n  expected: ", r->id, r->line,
                      dy_buf_str(&clean));
        if (x.special[0])
            dy_buf_printf(v->out, "{ %s } ", x.special);
        for (int i = 0; i < x.n; i++)
            dy_buf_printf(v->out, "{ %s / %s / %s } ", x.e[i].src, x.e[i].tgt, x.e[i].code);
        if (x.subset)
            dy_buf_puts(v->out, "(and possibly more)");
        dy_buf_puts(v->out, "\n  coded:    ");
        describe_got(&s, v->out);
        dy_buf_putc(v->out, '\n');
        if (v->verbose) {
            char *ex = dyad_explain(v->c, dy_buf_str(&clean), NULL);
            if (ex)
                dy_buf_printf(v->out, "%s", ex);
            free(ex);
        }
    }
    dy_buf_free(&clean);
    memcpy(v->fwd, next_fwd, sizeof v->fwd); /* s pointed into v->fwd until now */
    dy_coder_reset(v->c); /* s and the explanation are done with the arena */
    if (is_end)
        v->done_std = 1;
}

static int is_header(const char *s, size_t n, record *r)
{
    size_t d = 0;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    if ((d != 6 && d != 8) || d == n || !isspace((unsigned char)s[d]))
        return 0;
    trim_copy(r->date, sizeof r->date, s, d);
    snprintf(r->raw, sizeof r->raw, "%.*s", (int)(n - d), s + d);
    trim_copy(r->id, sizeof r->id, s + d, n - d);
    return 1;
}

static int run_text(vstate *v, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, v->d, path, err, errlen))
        return -1;
    record r;
    memset(&r, 0, sizeof r);
    dy_buf raw = DY_BUF_INIT;
    int in_rec = 0, rc;
    char *s;
    size_t n;
    char msg[256];
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        int blank = 1;
        for (size_t i = 0; i < n; i++)
            if (!isspace((unsigned char)s[i]))
                blank = 0;
        if (!in_rec) {
            if (!blank && is_header(s, n, &r)) {
                in_rec = 1;
                r.line = lr.line;
                dy_buf_clear(&raw);
            }
            continue;
        }
        if (!blank) {
            dy_buf_append(&raw, s, n);
            dy_buf_putc(&raw, '\n');
            continue;
        }
        split_comments(&r, raw.p ? raw.p : "", raw.len);
        run_record(v, &r);
        dy_buf_clear(&r.text);
        dy_buf_clear(&r.comment);
        in_rec = 0;
        if (v->done_std)
            break;
    }
    if (in_rec && !v->done_std) {
        split_comments(&r, raw.p ? raw.p : "", raw.len);
        run_record(v, &r);
    }
    dy_buf_free(&raw);
    dy_buf_free(&r.text);
    dy_buf_free(&r.comment);
    dy_lines_close(&lr);
    if (rc < 0) {
        snprintf(err, errlen, "%s:%d: %s", path, lr.line, msg);
        return -1;
    }
    return 0;
}

int dyad_validate_tabari(const char *project_path, dyad_validation *res, char **report,
                         int verbose, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    *report = NULL;
    dy_project_file files[64];
    int nf = dy_project_files(project_path, files, 64, err, errlen);
    if (nf < 0)
        return -1;
    const char *textfile = NULL;
    for (int i = 0; i < nf; i++)
        if (!strcmp(files[i].tag, "textfile"))
            textfile = files[i].path;
    if (!textfile) {
        snprintf(err, errlen, "%s: no <textfile> in the project", project_path);
        return -1;
    }
    dyad_dict *d = dyad_dict_new();
    if (!d || dy_read_tabari_project(d, project_path, err, errlen)) {
        dyad_dict_free(d);
        return -1;
    }
    dyad_dict_finish(d);
    dy_buf out = DY_BUF_INIT;
    vstate *v = calloc(1, sizeof *v);
    dyad_coder *c = dyad_coder_new(d);
    if (!v || !c) {
        snprintf(err, errlen, "out of memory");
        free(v);
        dyad_coder_free(c);
        dyad_dict_free(d);
        return -1;
    }
    dyad_coder_set_modality(c, DYAD_ALL_MODALITIES);
    v->d = d;
    v->c = c;
    v->out = &out;
    v->res = res;
    v->verbose = verbose;
    int rc = run_text(v, textfile, err, errlen);
    dy_buf_puts(&out, "\nper category (passed/failed):\n");
    for (int i = 0; i < v->ncats; i++)
        dy_buf_printf(&out, "  %-10s %3u / %u\n", v->cats[i].name, v->cats[i].pass,
                      v->cats[i].fail);
    dy_buf_printf(&out, "standard records: %u passed, %u failed (%.1f%%)\n", res->std_passed,
                  res->std_failed,
                  res->std_passed + res->std_failed
                      ? 100.0 * res->std_passed / (res->std_passed + res->std_failed)
                      : 0.0);
    dy_buf_printf(&out, "%u passed, %u failed\n", res->passed, res->failed);
    *report = out.p;
    free(v);
    dyad_coder_free(c);
    dyad_dict_free(d);
    return rc;
}
