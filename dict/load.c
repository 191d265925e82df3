/* dict/load.c - choose a reader for a dictionary file by name and content. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dict.h"
#include "reader.h"

enum dy_format { FMT_UNKNOWN, FMT_PROJECT, FMT_OPTIONS, FMT_ACTORS, FMT_AGENTS, FMT_VERBS,
                 FMT_PETR_VERBS, FMT_DISCARDS, FMT_ISSUES, FMT_PREPOSITIONS };

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcasecmp(s + n - m, suf);
}

static int contains_ci(const char *s, const char *needle)
{
    size_t m = strlen(needle);
    for (; *s; s++)
        if (!strncasecmp(s, needle, m))
            return 1;
    return 0;
}

/* PETRARCH2 verb files group verbs in blocks headed "--- NAME [code] ---". */
static int looks_like_petrarch_verbs(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char line[512];
    int found = 0;
    for (int i = 0; i < 5000 && fgets(line, sizeof line, f); i++) {
        if (!strncmp(line, "---", 3) && strchr(line, '[') && strstr(line + 3, "---")) {
            found = 1;
            break;
        }
    }
    fclose(f);
    return found;
}

static enum dy_format detect(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (has_suffix(base, ".project"))
        return FMT_PROJECT;
    if (has_suffix(base, ".options"))
        return FMT_OPTIONS;
    if (contains_ci(base, "preposition"))
        return FMT_PREPOSITIONS;
    if (contains_ci(base, "discard"))
        return FMT_DISCARDS;
    if (contains_ci(base, "issue"))
        return FMT_ISSUES;
    if (contains_ci(base, "agents"))
        return FMT_AGENTS;
    if (contains_ci(base, "actors"))
        return FMT_ACTORS;
    if (contains_ci(base, "verbs") || contains_ci(base, "cameo"))
        return looks_like_petrarch_verbs(path) ? FMT_PETR_VERBS : FMT_VERBS;
    if (looks_like_petrarch_verbs(path))
        return FMT_PETR_VERBS;
    return FMT_UNKNOWN;
}

int dyad_dict_load(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    switch (detect(path)) {
    case FMT_PROJECT: return dy_read_tabari_project(d, path, err, errlen);
    case FMT_OPTIONS: return dy_read_tabari_options(d, path, err, errlen);
    case FMT_ACTORS: return dy_read_tabari_actors(d, path, K_ACTOR, err, errlen);
    case FMT_AGENTS: return dy_read_tabari_actors(d, path, K_AGENT, err, errlen);
    case FMT_VERBS: return dy_read_tabari_verbs(d, path, err, errlen);
    case FMT_PETR_VERBS: return dy_read_petrarch_verbs(d, path, err, errlen);
    case FMT_DISCARDS: return dy_read_phoenix_discards(d, path, err, errlen);
    case FMT_ISSUES: return dy_read_phoenix_issues(d, path, err, errlen);
    case FMT_PREPOSITIONS: return dy_read_word_list(d, path, K_PREP, err, errlen);
    default:
        snprintf(err, errlen,
                 "%s: unknown dictionary type (name it *.project, *.actors, *.agents, "
                 "*.verbs, *.options, or a Phoenix/PETRARCH2 file name)", path);
        return -1;
    }
}

int dyad_dict_load_default(dyad_dict *d, const char *dir, char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/dyad.project", dir);
    return dy_read_tabari_project(d, path, err, errlen);
}

/* A list of single words, one per line ('#' comments): PETRARCH's prepositions. */
int dy_read_word_list(dyad_dict *d, const char *path, int kind, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    char *s, msg[256];
    size_t n;
    int rc;
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        while (n && isspace((unsigned char)*s))
            s++, n--;
        while (n && isspace((unsigned char)s[n - 1]))
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        dy_entry *e = dy_dict_new_entry(d, kind, lr.name, lr.line);
        if (!e || dy_parse_phrase(d, s, n, 0, &e->ph, msg, sizeof msg) ||
            !(e->text = dy_arena_strndup(&d->arena, s, n)) || dy_dict_index(d, e)) {
            if (!e)
                snprintf(msg, sizeof msg, "out of memory");
            rc = -1;
            break;
        }
    }
    if (rc < 0)
        snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg);
    dy_lines_close(&lr);
    return rc < 0 ? -1 : 0;
}
