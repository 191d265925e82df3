/* cli/cli.h - what the command files of the dyad CLI share. */
#ifndef DY_CLI_H
#define DY_CLI_H
#include "dyad.h"
#include "text/input.h"

#define MAX_DICTS 64

typedef struct opts {
    const char *dicts[MAX_DICTS];
    int ndicts;
    const char *input, *date, *format;
    int modality_all;
    int repeats;
    int threads;           /* code -j; 0 or 1 = code in the reading thread */
    long shard_k, shard_n; /* code --shard K/N: documents with index % N == K - 1 */
} opts;

/* Prints "dyad: msg" on stderr; returns 2 (the usage-error exit status). */
int die(const char *msg);
/* Loads --dict files, or the bundled dictionaries when there are none;
 * NULL after printing the error. */
dyad_dict *load_dicts(const opts *o);
/* A coder with the options' modality filter and repeats; NULL after
 * printing the error. */
dyad_coder *new_coder(const opts *o, const dyad_dict *d);

/* Expands directory operands into the regular files under them (sorted,
 * recursive, hidden entries skipped); other operands are kept as given.
 * Returns 0, 1 when some directory could not be read (reported), or -1
 * when out of memory. Release with free_inputs. */
int expand_inputs(char **operands, int n, char ***out, int *nout);
void free_inputs(char **paths, int n);

/* Where the coder's warnings point: the stream and the document being coded. */
typedef struct warn_ctx {
    const char *name;
    dy_input_format fmt;
    const dy_doc *doc;
} warn_ctx;
/* A dyad_warning_fn (user: a warn_ctx) printing "dyad: warning: FILE:LINE: ...". */
void print_warning(const dyad_warning *w, void *user);
/* Prints the reader's warnings about the unit just read (dy_reader_warnings)
 * on stderr, each as "dyad: warning: FILE:LINE: ...". */
void print_reader_warnings(const dy_reader *r);
/* The same line (with its newline) into buf, snprintf-style. */
size_t format_warning(const dyad_warning *w, const warn_ctx *x, char *buf, size_t cap);

/* Writing to stdout (cli/out.c). *err is 0 until a write fails, then the
 * errno of that failure; once it is set nothing more is written. Each
 * returns 0, or -1 when this or an earlier write failed. */
int out_write(const void *p, size_t n, int *err);
int out_puts(const char *s, int *err);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int out_printf(int *err, const char *fmt, ...);
/* Flushes stdout. Returns 0, or 1 after printing "dyad: stdout: REASON"
 * when a write failed (err, from the functions above) or the flush does. */
int out_finish(int err);

int cmd_ingest(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
