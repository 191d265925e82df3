/* libFuzzer target: the same bytes as every dictionary format (TABARI
 * actors, agents, verbs, options; PETRARCH2 verbs; Phoenix discards and
 * issues). Errors must name the file; nothing may crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict/dict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { R_ACTORS, R_AGENTS, R_VERBS, R_PETR, R_OPTIONS, R_DISCARDS, R_ISSUES, R_N };

static int read_as(dyad_dict *d, int which, const char *path, char *err, size_t n)
{
    switch (which) {
    case R_ACTORS: return dy_read_tabari_actors(d, path, K_ACTOR, err, n);
    case R_AGENTS: return dy_read_tabari_actors(d, path, K_AGENT, err, n);
    case R_VERBS: return dy_read_tabari_verbs(d, path, err, n);
    case R_PETR: return dy_read_petrarch_verbs(d, path, err, n);
    case R_OPTIONS: return dy_read_tabari_options(d, path, err, n);
    case R_DISCARDS: return dy_read_phoenix_discards(d, path, err, n);
    default: return dy_read_phoenix_issues(d, path, err, n);
    }
}

static int count_fn(const dy_entry *e, void *ud)
{
    (void)e;
    ++*(unsigned *)ud;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/dyad_fuzz_dict_%ld.txt", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    for (int which = 0; which < R_N; which++) {
        dyad_dict *d = dyad_dict_new();
        if (!d)
            break;
        char err[512] = "";
        if (read_as(d, which, path, err, sizeof err) && strncmp(err, path, strlen(path)))
            abort(); /* every error names the file */
        dy_dict_finish(d);
        unsigned hits = 0;
        dy_dict_lookup(d, "THE", 3, count_fn, &hits);
        dyad_dict_free(d);
    }
    remove(path);
    return 0;
}
