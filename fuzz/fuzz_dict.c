/* libFuzzer target: the same bytes as every dictionary format (TABARI
 * actors, agents, verbs, options and project; PETRARCH2 verbs; Phoenix
 * discards, issues and word lists; Phoenix actor and agent files are read by
 * the TABARI actors reader). Errors must name the file; nothing may crash
 * or leak. The bytes are written to x.actors, x.verbs, ... in a private
 * directory, so a project naming those files reads them too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict/dict.h"
#include "dict/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { R_ACTORS, R_AGENTS, R_VERBS, R_PETR, R_OPTIONS, R_DISCARDS, R_ISSUES, R_WORDS,
       R_PROJECT, R_N };

static const char *const file_name[R_N] = {"x.actors", "x.agents", "x.verbs", "x.cameo",
                                           "x.options", "x.discards", "x.issues",
                                           "x.prepositions", "x.project"};

static int read_as(dyad_dict *d, int which, const char *path, char *err, size_t n)
{
    switch (which) {
    case R_ACTORS: return dy_read_tabari_actors(d, path, K_ACTOR, err, n);
    case R_AGENTS: return dy_read_tabari_actors(d, path, K_AGENT, err, n);
    case R_VERBS: return dy_read_tabari_verbs(d, path, err, n);
    case R_PETR: return dy_read_petrarch_verbs(d, path, err, n);
    case R_OPTIONS: return dy_read_tabari_options(d, path, err, n);
    case R_DISCARDS: return dy_read_phoenix_discards(d, path, err, n);
    case R_ISSUES: return dy_read_phoenix_issues(d, path, err, n);
    case R_WORDS: return dy_read_word_list(d, path, K_PREP, err, n);
    default: return dy_read_tabari_project(d, path, err, n);
    }
}

static int count_fn(const dy_entry *e, void *ud)
{
    (void)e;
    ++*(unsigned *)ud;
    return 0;
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int bad = size && fwrite(data, 1, size, f) != size;
    return fclose(f) || bad ? -1 : 0;
}

/* A project may name any path: only names inside our directory are allowed
 * (no '/'), so the harness never reads /dev/zero or the user's files. */
static int project_is_safe(const uint8_t *data, size_t size)
{
    return memchr(data, '/', size) == NULL;
}

static void read_one(int which, const char *path)
{
    dyad_dict *d = dyad_dict_new();
    if (!d)
        return;
    char err[512] = "";
    /* every error names a file: this one, or one a project names in our directory */
    if (read_as(d, which, path, err, sizeof err) && strncmp(err, "/tmp/dyad_fuzz_dict_", 20))
        abort();
    dy_dict_finish(d);
    unsigned hits = 0;
    dy_dict_lookup(d, "THE", 3, count_fn, &hits);
    dyad_dict_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[64], path[R_N][96];
    snprintf(dir, sizeof dir, "/tmp/dyad_fuzz_dict_%ld", (long)getpid());
    mkdir(dir, 0700);
    for (int k = 0; k < R_N; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s", dir, file_name[k]);
        if (write_file(path[k], data, size))
            return 0;
    }
    for (int k = 0; k < R_N; k++)
        if (k != R_PROJECT || project_is_safe(data, size))
            read_one(k, path[k]);
    for (int k = 0; k < R_N; k++)
        remove(path[k]);
    rmdir(dir);
    return 0;
}
