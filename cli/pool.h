/* cli/pool.h - `dyad code -j N`: documents coded by N threads, output in input order.
 *
 * The reading thread adds documents (copied) to batches; each worker thread
 * has its own dyad_coder over the shared read-only dictionary and codes
 * whole batches into memory; batches are written to stdout (events) and
 * stderr (messages) strictly in the order they were filled, so the bytes are
 * those of a single-threaded run. A coder keeps no state across documents,
 * which is what makes batches independent. Memory is bounded: at most
 * 4 batches per thread are in flight and pool_add waits for the oldest. */
#ifndef DY_CLI_POOL_H
#define DY_CLI_POOL_H
#include <stddef.h>

#include "dyad.h"
#include "text/input.h"

typedef struct code_pool code_pool;

typedef struct pool_config {
    const dyad_dict *dict;
    int threads;   /* >= 2 */
    int format;    /* enum dyad_format */
    int modality;  /* enum dyad_modality_filter */
    int repeats;   /* dyad_coder_keep_repeats */
} pool_config;

/* Starts the worker threads; NULL (message in err) when memory or threads
 * cannot be had. */
code_pool *pool_new(const pool_config *cfg, char *err, size_t errlen);

/* Queues one document (all strings copied; date may be ""): doc's id,
 * text and first line; the coder's warnings about it name date's stream
 * (name, fmt) as with one thread. Writes finished batches as they
 * complete. Returns 0, or -1 when memory runs out or output failed
 * (pool_write_error). */
int pool_add(code_pool *p, const dy_doc *doc, const char *date, const char *name,
             dy_input_format fmt);

/* Queues a message for stderr at this point of the stream ("dyad: ...\n"). */
int pool_message(code_pool *p, const char *msg);

/* The errno of the first failed write to stdout, or 0; after one, nothing
 * more is written or queued. */
int pool_write_error(const code_pool *p);

/* Codes what is queued, writes everything, stops the threads and frees the
 * pool. Returns 1 when any document failed to code or output failed, else 0;
 * adds the number of events to *nevents; *write_err: pool_write_error. */
int pool_finish(code_pool *p, long *nevents, int *write_err);

#endif
