/* cli/pool.c - `dyad code -j N` (see pool.h).
 *
 * Batches live in a ring of slots used in sequence order: the reading
 * thread fills slot seq % nslots, workers claim ready batches in sequence
 * order, and the reading thread writes batch seq only after batch seq - 1,
 * then frees its slot for reuse. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "pool.h"

#define BATCH_DOCS 256
#define BATCH_BYTES (512 * 1024)
#define SLOTS_PER_THREAD 4

enum slot_state { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_CODING, SLOT_DONE };

typedef struct growbuf {
    char *p;
    size_t len, cap;
} growbuf;

/* A document, or (is_msg) a reader message to pass on at this point. */
typedef struct doc_ref {
    size_t id, date, text, len;
    size_t name; /* the stream it came from, for warnings */
    long line;
    dy_input_format fmt;
    int is_msg;
} doc_ref;

typedef struct batch {
    int state;
    growbuf data; /* id\0 date\0 text\0 of each document */
    doc_ref *docs;
    size_t ndocs, capdocs;
    growbuf out;  /* formatted events */
    growbuf msgs; /* stderr messages in stream order */
    long nevents;
    int failed;
} batch;

struct code_pool {
    pool_config cfg;
    pthread_mutex_t mu;
    pthread_cond_t work; /* a batch became ready, or quit */
    pthread_cond_t done; /* a batch was coded */
    batch *slots;
    size_t nslots;
    size_t fill_seq;  /* batch being filled by the reader */
    size_t claim_seq; /* next batch a worker takes */
    size_t flush_seq; /* next batch to write */
    int quit;
    pthread_t *threads;
    int nthreads;
    long nevents;
    int status;
    int write_err; /* errno of the first failed write to stdout */
};

static int grow_reserve(growbuf *g, size_t extra)
{
    if (g->cap - g->len > extra)
        return 0;
    size_t cap = g->cap ? g->cap : 4096;
    while (cap - g->len <= extra)
        cap *= 2;
    char *p = realloc(g->p, cap);
    if (!p)
        return -1;
    g->p = p;
    g->cap = cap;
    return 0;
}

static int grow_append(growbuf *g, const char *s, size_t n)
{
    if (grow_reserve(g, n + 1))
        return -1;
    memcpy(g->p + g->len, s, n);
    g->len += n;
    g->p[g->len] = '\0';
    return 0;
}

static void batch_reset(batch *b)
{
    b->data.len = b->out.len = b->msgs.len = 0;
    b->ndocs = 0;
    b->nevents = 0;
    b->failed = 0;
    b->state = SLOT_FREE;
}

static void batch_free(batch *b)
{
    free(b->data.p);
    free(b->docs);
    free(b->out.p);
    free(b->msgs.p);
}

static doc_ref *batch_new_doc(batch *b)
{
    if (b->ndocs == b->capdocs) {
        size_t cap = b->capdocs ? b->capdocs * 2 : 64;
        doc_ref *d = realloc(b->docs, cap * sizeof *d);
        if (!d)
            return NULL;
        b->docs = d;
        b->capdocs = cap;
    }
    doc_ref *r = &b->docs[b->ndocs++];
    memset(r, 0, sizeof *r);
    return r;
}

static int batch_full(const batch *b)
{
    return b->ndocs >= BATCH_DOCS || b->data.len >= BATCH_BYTES;
}

/* ---- workers ----------------------------------------------------------- */

typedef struct sink {
    batch *b;
    int format;
} sink;

/* The coder's warnings, kept with the batch's messages so that they come
 * out where a single thread prints them. */
typedef struct warn_sink {
    batch *b;
    warn_ctx where;
} warn_sink;

static void append_warning(const dyad_warning *w, void *user)
{
    warn_sink *ws = user;
    growbuf *g = &ws->b->msgs;
    size_t n = format_warning(w, &ws->where, NULL, 0); /* whole, as -j 1 prints it */
    if (grow_reserve(g, n + 1)) {
        ws->b->failed = 1;
        return;
    }
    format_warning(w, &ws->where, g->p + g->len, n + 1);
    g->len += n;
}

static int append_event(const dyad_event *ev, void *user)
{
    sink *s = user;
    growbuf *g = &s->b->out;
    if (grow_reserve(g, 1024)) { /* room for most records: formatted once */
        s->b->failed = 1;
        return 1;
    }
    size_t n = dyad_format_event(ev, s->format, g->p + g->len, g->cap - g->len);
    if (n >= g->cap - g->len) {
        if (grow_reserve(g, n + 1)) {
            s->b->failed = 1;
            return 1;
        }
        dyad_format_event(ev, s->format, g->p + g->len, g->cap - g->len);
    }
    g->len += n;
    return 0;
}

static void code_batch(dyad_coder *c, batch *b, int format)
{
    sink s = {b, format};
    char err[1024];
    dy_doc doc = {0};
    warn_sink ws = {b, {NULL, DY_FMT_PLAIN, &doc}};
    dyad_coder_set_warnings(c, append_warning, &ws);
    for (size_t i = 0; i < b->ndocs; i++) {
        const doc_ref *r = &b->docs[i];
        const char *base = b->data.p;
        if (r->is_msg) {
            if (grow_append(&b->msgs, base + r->text, r->len))
                b->failed = 1;
            continue;
        }
        doc.text = base + r->text;
        doc.len = r->len;
        doc.line = r->line;
        ws.where.name = base + r->name;
        ws.where.fmt = r->fmt;
        long n = dyad_code_document(c, base + r->id, base + r->date, base + r->text, r->len,
                                    append_event, &s, err, sizeof err);
        if (n < 0) {
            b->failed = 1;
            if (grow_append(&b->msgs, "dyad: ", 6) || grow_append(&b->msgs, err, strlen(err)) ||
                grow_append(&b->msgs, "\n", 1))
                continue;
        } else {
            b->nevents += n;
        }
    }
    dyad_coder_set_warnings(c, NULL, NULL);
}

static batch *claim_batch(code_pool *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch *b = &p->slots[p->claim_seq % p->nslots];
        if (p->claim_seq < p->fill_seq && b->state == SLOT_READY) {
            b->state = SLOT_CODING;
            p->claim_seq++;
            pthread_mutex_unlock(&p->mu);
            return b;
        }
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        pthread_cond_wait(&p->work, &p->mu);
    }
}

static void *worker(void *arg)
{
    code_pool *p = arg;
    dyad_coder *c = dyad_coder_new(p->cfg.dict);
    if (c) {
        dyad_coder_set_modality(c, p->cfg.modality);
        dyad_coder_keep_repeats(c, p->cfg.repeats);
    }
    batch *b;
    while ((b = claim_batch(p)) != NULL) {
        if (c)
            code_batch(c, b, p->cfg.format);
        else
            b->failed = 1; /* out of memory for the coder */
        pthread_mutex_lock(&p->mu);
        b->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
    dyad_coder_free(c);
    return NULL;
}

/* ---- the reading thread ------------------------------------------------ */

/* Writes batch flush_seq once coded (waiting for it) and frees its slot.
 * Called with the mutex held. */
static void flush_oldest(code_pool *p)
{
    batch *b = &p->slots[p->flush_seq % p->nslots];
    while (b->state != SLOT_DONE)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu); /* the slot is ours until marked free */
    if (out_write(b->out.p, b->out.len, &p->write_err))
        p->status = 1;
    if (b->msgs.len)
        fputs(b->msgs.p, stderr);
    if (b->failed)
        p->status = 1;
    p->nevents += b->nevents;
    pthread_mutex_lock(&p->mu);
    batch_reset(b);
    p->flush_seq++;
}

/* Marks the batch being filled ready for the workers. */
static void submit(code_pool *p)
{
    pthread_mutex_lock(&p->mu);
    batch *b = &p->slots[p->fill_seq % p->nslots];
    if (b->state == SLOT_FILLING && b->ndocs) {
        b->state = SLOT_READY;
        p->fill_seq++;
        pthread_cond_broadcast(&p->work);
    }
    pthread_mutex_unlock(&p->mu);
}

/* The batch to add to: the current one, or a fresh slot once the oldest
 * batch using it has been written. */
static batch *filling_batch(code_pool *p)
{
    batch *b = &p->slots[p->fill_seq % p->nslots];
    if (b->state == SLOT_FILLING && !batch_full(b))
        return b;
    if (b->state == SLOT_FILLING) {
        submit(p);
        b = &p->slots[p->fill_seq % p->nslots];
    }
    pthread_mutex_lock(&p->mu);
    while (b->state != SLOT_FREE)
        flush_oldest(p);
    b->state = SLOT_FILLING;
    pthread_mutex_unlock(&p->mu);
    return b;
}

code_pool *pool_new(const pool_config *cfg, char *err, size_t errlen)
{
    code_pool *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->cfg = *cfg;
    p->nslots = (size_t)cfg->threads * SLOTS_PER_THREAD;
    p->slots = calloc(p->nslots, sizeof *p->slots);
    p->threads = calloc((size_t)cfg->threads, sizeof *p->threads);
    if (!p->slots || !p->threads) {
        free(p->slots);
        free(p->threads);
        free(p);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    for (; p->nthreads < cfg->threads; p->nthreads++)
        if (pthread_create(&p->threads[p->nthreads], NULL, worker, p))
            break;
    if (p->nthreads == 0) {
        snprintf(err, errlen, "cannot start threads");
        long ignored = 0;
        int ignored_err;
        pool_finish(p, &ignored, &ignored_err);
        return NULL;
    }
    return p;
}

int pool_add(code_pool *p, const dy_doc *doc, const char *date, const char *name,
             dy_input_format fmt)
{
    if (p->write_err)
        return -1;
    batch *b = filling_batch(p);
    doc_ref *r = batch_new_doc(b);
    size_t idl = strlen(doc->id), dl = strlen(date), nl = strlen(name), len = doc->len;
    if (!r || grow_reserve(&b->data, idl + dl + nl + len + 4)) {
        if (r)
            b->ndocs--;
        return -1;
    }
    r->id = b->data.len;
    grow_append(&b->data, doc->id, idl + 1);
    r->date = b->data.len;
    grow_append(&b->data, date, dl + 1);
    r->name = b->data.len;
    grow_append(&b->data, name, nl + 1);
    r->line = doc->line;
    r->fmt = fmt;
    r->text = b->data.len;
    r->len = len;
    grow_append(&b->data, doc->text, len);
    b->data.len++; /* keep the NUL grow_append wrote after the text */
    return 0;
}

int pool_message(code_pool *p, const char *msg)
{
    batch *b = filling_batch(p);
    doc_ref *r = batch_new_doc(b);
    size_t n = strlen(msg);
    if (!r || grow_reserve(&b->data, n + 1)) {
        if (r)
            b->ndocs--;
        return -1;
    }
    r->is_msg = 1;
    r->text = b->data.len;
    r->len = n;
    grow_append(&b->data, msg, n);
    b->data.len++;
    return 0;
}

int pool_write_error(const code_pool *p) { return p->write_err; }

int pool_finish(code_pool *p, long *nevents, int *write_err)
{
    batch *cur = &p->slots[p->fill_seq % p->nslots];
    if (cur->state == SLOT_FILLING && cur->ndocs)
        submit(p);
    else if (cur->state == SLOT_FILLING)
        cur->state = SLOT_FREE;
    pthread_mutex_lock(&p->mu);
    while (p->flush_seq < p->fill_seq)
        flush_oldest(p);
    p->quit = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    int status = p->status;
    *nevents += p->nevents;
    *write_err = p->write_err;
    for (size_t i = 0; i < p->nslots; i++)
        batch_free(&p->slots[i]);
    free(p->slots);
    free(p->threads);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p);
    return status;
}
