/* cli/files.c - input operands: files, "-" for stdin, and directories,
 * which stand for the regular files under them (recursively, in name
 * order, hidden entries skipped), so that `dyad ingest --db x briefs/`
 * takes a folder of documents. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

typedef struct path_list {
    char **paths;
    int n, cap;
} path_list;

static int push(path_list *l, const char *path)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **p = realloc(l->paths, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        l->paths = p;
        l->cap = cap;
    }
    l->paths[l->n] = strdup(path);
    return l->paths[l->n] ? (l->n++, 0) : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum { MAX_DEPTH = 32 };

static int walk(path_list *l, const char *dir, int depth)
{
    if (depth > MAX_DEPTH) {
        fprintf(stderr, "dyad: %s: directories nested too deeply (skipped)\n", dir);
        return 1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "dyad: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    path_list here = {0};
    int status = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path || (snprintf(path, len, "%s%s%s", dir,
                               dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name),
                      push(&here, path))) {
            free(path);
            status = -1;
            break;
        }
        free(path);
    }
    closedir(d);
    qsort(here.paths, (size_t)here.n, sizeof *here.paths, by_name);
    for (int i = 0; i < here.n; i++) {
        struct stat st;
        if (status >= 0 && stat(here.paths[i], &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                int rc = walk(l, here.paths[i], depth + 1);
                status = rc < 0 ? rc : (rc > status ? rc : status);
            } else if (S_ISREG(st.st_mode) && push(l, here.paths[i])) {
                status = -1;
            }
        }
        free(here.paths[i]);
    }
    free(here.paths);
    return status;
}

int expand_inputs(char **operands, int n, char ***out, int *nout)
{
    path_list l = {0};
    int status = 0;
    for (int i = 0; i < n && status >= 0; i++) {
        struct stat st;
        if (strcmp(operands[i], "-") && stat(operands[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            int before = l.n, rc = walk(&l, operands[i], 0);
            if (rc > status || rc < 0)
                status = rc;
            if (l.n == before && rc >= 0)
                fprintf(stderr, "dyad: %s: no files in this directory\n", operands[i]);
        } else if (push(&l, operands[i])) {
            status = -1;
        }
    }
    if (status < 0) {
        free_inputs(l.paths, l.n);
        fprintf(stderr, "dyad: out of memory listing the input files\n");
        return -1;
    }
    *out = l.paths;
    *nout = l.n;
    return status;
}

void free_inputs(char **paths, int n)
{
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
