/* dict/reader.h - line reading shared by the dictionary readers. */
#ifndef DY_READER_H
#define DY_READER_H
#include <stdio.h>

#include "dict.h"

typedef struct dy_lines {
    FILE *f;
    const char *name; /* path, interned in the dictionary arena */
    int line;         /* 1-based number of the line last returned */
    char *buf;
    size_t cap;
} dy_lines;

/* The longest dictionary line read (README "Limits"): 1 MiB. */
#define DY_MAX_DICT_LINE ((size_t)1 << 20)

/* Opens path for reading; -1 with "path: reason" in err (a directory is
 * refused here, by name). */
int dy_lines_open(dy_lines *lr, dyad_dict *d, const char *path, char *err, size_t errlen);
/* Next line without its end-of-line (and without a UTF-8 BOM on line 1).
 * Returns 1, 0 at end of file, -1 (message in err; lr->line is the line it
 * concerns) for binary data, a line longer than DY_MAX_DICT_LINE, memory
 * running out or a read error: never 0 for those. Lines are modifiable
 * until the next call. */
int dy_lines_next(dy_lines *lr, char **s, size_t *n, char *err, size_t errlen);
void dy_lines_close(dy_lines *lr);

typedef struct dy_project_file {
    char tag[64];
    char path[1024];
} dy_project_file;
/* Reads the <tag> file lines of a TABARI .project file, paths resolved
 * against the project's directory. Returns the count or -1. */
int dy_project_files(const char *path, dy_project_file *files, int max, char *err,
                     size_t errlen);

int dy_parse_pattern(dyad_dict *d, const char *s, size_t n, const char *code, size_t cn,
                     int section, dy_pattern *p, char *err, size_t errlen);
#endif
