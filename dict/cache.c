/* dict/cache.c - the compiled dictionary cache.
 *
 * Reading the Phoenix dictionaries means parsing and expanding 40,000
 * entries; a coder started for a single document should not pay that every
 * time. A dictionary set is built in a region of its own (util/region.h): one
 * contiguous range of memory that holds every table, string and pointer of
 * the set. After a set is read, that range is written to a file; the next
 * process maps the file back at the same address, copy on write, so the set
 * is ready without reading or relocating anything, and pages are loaded
 * only when the coder touches them.
 *
 * A cache file is used only when
 *   - it was written by this very build (the ELF build id of the object that
 *     holds this code: struct layouts and code change with it),
 *   - every file the set was read from still has the same contents (XXH3
 *     128-bit hash of its bytes, checked on every load),
 *   - it belongs to the user and nobody else can write it (its pointers are
 *     trusted like the program's own memory),
 *   - its address range is free in this process.
 * Otherwise the set is read from its sources, as without a cache, and the
 * file is written again. Before writing, every word of the image that looks
 * like an address of this process is checked to lie inside the image: a
 * pointer to anything else (the heap, the stack, a string in the binary)
 * would dangle in the next process, so such a set is not cached at all.
 *
 * Files: $DYAD_CACHE_DIR, else $XDG_CACHE_HOME/dyad, else ~/.cache/dyad;
 * "<set key>-<build>.dict", at most KEEP_BUILDS per set. DYAD_CACHE=off
 * turns the cache off. Written to a temporary file and renamed, so readers
 * never see a partial file and concurrent writers are harmless. */
#define _GNU_SOURCE /* dladdr, dl_iterate_phdr */
#include "dict.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#if defined(__GLIBC__) || defined(__FreeBSD__)
#include <dlfcn.h>
#include <link.h>
#define HAVE_BUILD_ID 1
#endif

#include "util/region.h"

#define CACHE_MAGIC "DYADDICT"
#define CACHE_FORMAT 1u
#define KEEP_BUILDS 3

typedef struct cache_header {
    char magic[8];
    uint32_t format;
    uint32_t page;
    uint8_t build[64]; /* build id of the code that wrote it */
    uint32_t nbuild;
    uint32_t pad;
    uint64_t key_lo, key_hi; /* the set's key (see set_key) */
    uint64_t base;           /* address the image must be mapped at */
    uint64_t used;           /* image bytes, after one page of header */
    uint64_t dict_offset;    /* of the dyad_dict in the image */
} cache_header;

/* ---- hashing ------------------------------------------------------------- */

int dy_hash_file(const char *path, uint64_t *size, uint64_t *lo, uint64_t *hi)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    XXH3_state_t *st = XXH3_createState();
    if (!st) {
        close(fd);
        return -1;
    }
    XXH3_128bits_reset(st);
    static const size_t chunk = 1 << 16;
    char *buf = malloc(chunk);
    uint64_t total = 0;
    ssize_t n = -1;
    while (buf && (n = read(fd, buf, chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        XXH3_128bits_update(st, buf, (size_t)n);
        total += (uint64_t)n;
    }
    XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    free(buf);
    close(fd);
    if (n != 0)
        return -1;
    *size = total;
    *lo = h.low64;
    *hi = h.high64;
    return 0;
}

int dy_dict_add_source(dyad_dict *d, const char *path, uint64_t size, uint64_t lo, uint64_t hi)
{
    if (d->nsources == d->capsources) {
        uint32_t cap = d->capsources ? d->capsources * 2 : 16;
        dy_source *p = dy_dict_realloc(d, d->sources, d->capsources * sizeof *p, cap * sizeof *p);
        if (!p)
            return -1;
        d->sources = p;
        d->capsources = cap;
    }
    const char *copy = dy_arena_strdup(&d->arena, path);
    if (!copy)
        return -1;
    d->sources[d->nsources++] = (dy_source){copy, size, lo, hi};
    return 0;
}

int dy_dict_source(dyad_dict *d, const char *path)
{
    uint64_t size, lo, hi;
    struct stat st;
    /* A pipe (--dict /dev/stdin, <(...)) can be read once: by its reader, not
     * by the hash. Such a set is simply not cached. */
    if (stat(path, &st) || !S_ISREG(st.st_mode) || dy_hash_file(path, &size, &lo, &hi)) {
        d->uncacheable = 1; /* unreadable now: its reader will say why */
        return 0;
    }
    return dy_dict_add_source(d, path, size, lo, hi);
}

/* ---- this build ------------------------------------------------------------ */

#ifdef HAVE_BUILD_ID
typedef struct build_search {
    const void *base; /* load address of the object holding this code */
    uint8_t *id;
    uint32_t n, max;
} build_search;

static int note_id(struct dl_phdr_info *info, size_t size, void *ud)
{
    (void)size;
    build_search *bs = ud;
    const char *first = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_LOAD) {
            first = (const char *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr -
                                   info->dlpi_phdr[i].p_offset);
            break;
        }
    if (first != bs->base)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
            const char *name = p + sizeof *nh;
            const uint8_t *desc = (const uint8_t *)name + ((nh->n_namesz + 3) & ~3u);
            const char *next = (const char *)desc + ((nh->n_descsz + 3) & ~3u);
            if (next > end)
                break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && !memcmp(name, "GNU", 4) &&
                nh->n_descsz && nh->n_descsz <= bs->max) {
                memcpy(bs->id, desc, nh->n_descsz);
                bs->n = nh->n_descsz;
                return 1;
            }
            p = next;
        }
    }
    return 1;
}
#endif

/* The build id of the program or library this code is part of; 0 when the
 * platform cannot tell (no cache then). */
static uint32_t build_id(uint8_t *id, uint32_t max)
{
#ifdef HAVE_BUILD_ID
    Dl_info info;
    if (!dladdr((void *)&build_id, &info) || !info.dli_fbase)
        return 0;
    build_search bs = {info.dli_fbase, id, 0, max};
    dl_iterate_phdr(note_id, &bs);
    return bs.n;
#else
    (void)id, (void)max;
    return 0;
#endif
}

/* ---- where ----------------------------------------------------------------- */

static int cache_off(void)
{
    const char *v = getenv("DYAD_CACHE");
    return v && (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no"));
}

static int cache_dir(char *dir, size_t n)
{
    const char *v = getenv("DYAD_CACHE_DIR");
    int w;
    if (v && *v)
        w = snprintf(dir, n, "%s", v);
    else if ((v = getenv("XDG_CACHE_HOME")) && *v == '/')
        w = snprintf(dir, n, "%s/dyad", v);
    else if ((v = getenv("HOME")) && *v)
        w = snprintf(dir, n, "%s/.cache/dyad", v);
    else
        return -1;
    return w > 0 && (size_t)w < n ? 0 : -1;
}

/* mkdir -p, private to the user. */
static int make_dirs(const char *dir)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return mkdir(p, 0700) && errno != EEXIST ? -1 : 0;
}

/* The set: what was asked for, by absolute path, in order. The files it
 * pulls in (a project's dictionaries) are checked by content on load. */
static XXH128_hash_t set_key(const char *const *paths, int npaths, const char *default_dir)
{
    XXH3_state_t *st = XXH3_createState();
    XXH128_hash_t h = {0, 0};
    if (!st)
        return h;
    XXH3_128bits_reset(st);
    XXH3_128bits_update(st, "dyad dictionary set", 20);
    char abs[PATH_MAX];
    for (int i = 0; i < (npaths ? npaths : 1); i++) {
        const char *p = npaths ? paths[i] : default_dir;
        const char *r = realpath(p, abs) ? abs : p;
        XXH3_128bits_update(st, npaths ? "F" : "D", 1);
        XXH3_128bits_update(st, r, strlen(r) + 1);
    }
    h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    return h;
}

static void file_name(char *out, size_t n, const char *dir, XXH128_hash_t key, const uint8_t *id,
                      uint32_t nid)
{
    uint32_t b = (uint32_t)XXH32(id, nid, 0);
    snprintf(out, n, "%s/%016llx%016llx-%08x.dict", dir, (unsigned long long)key.high64,
             (unsigned long long)key.low64, b);
}

/* ---- load ------------------------------------------------------------------ */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void status(dyad_dict *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->cache_status, sizeof d->cache_status, fmt, ap);
    va_end(ap);
}

/* Same contents as when the set was read? */
static int sources_unchanged(const dyad_dict *d, char *why, size_t n)
{
    for (uint32_t i = 0; i < d->nsources; i++) {
        const dy_source *s = &d->sources[i];
        uint64_t size, lo, hi;
        if (dy_hash_file(s->path, &size, &lo, &hi) || size != s->size || lo != s->hash_lo ||
            hi != s->hash_hi) {
            snprintf(why, n, "%s changed", s->path);
            return 0;
        }
    }
    return 1;
}

/* The cached set in file, or NULL (why says why). */
static dyad_dict *map_cached(const char *file, XXH128_hash_t key, const uint8_t *id,
                             uint32_t nid, char *why, size_t whyn)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whyn, "no cached copy");
        return NULL;
    }
    struct stat st;
    cache_header h;
    size_t page = dy_page_size();
    dyad_dict *d = NULL;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 022)) {
        snprintf(why, whyn, "the cached copy is not the user's own private file");
    } else if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h ||
               memcmp(h.magic, CACHE_MAGIC, 8) || h.format != CACHE_FORMAT ||
               h.page != page || h.nbuild != nid || memcmp(h.build, id, nid) ||
               h.key_lo != key.low64 || h.key_hi != key.high64 ||
               (uint64_t)st.st_size != page + h.used || h.dict_offset + sizeof *d > h.used) {
        snprintf(why, whyn, "the cached copy is from another build or damaged");
    } else {
        dy_region *r = dy_region_map(fd, (long long)page, (size_t)h.used,
                                     (const void *)(uintptr_t)h.base);
        if (!r) {
            snprintf(why, whyn, "its address range is taken in this process");
        } else {
            d = (dyad_dict *)((char *)(uintptr_t)h.base + h.dict_offset);
            if (d->region != r) {
                snprintf(why, whyn, "the cached copy is damaged");
                dy_region_free(r);
                d = NULL;
            } else if (!sources_unchanged(d, why, whyn)) {
                dy_region_free(r);
                d = NULL;
            }
        }
    }
    close(fd);
    return d;
}

/* ---- save ------------------------------------------------------------------ */

typedef struct range {
    uintptr_t lo, hi;
    char name[48]; /* what /proc/self/maps calls it: "[heap]", a library... */
} range;

/* The named address ranges mapped in this process (the program, libraries,
 * [heap], [stack]), but for those that overlap [skip_lo, skip_hi) (the
 * image itself). */
static int mapped_ranges(range **out, uintptr_t skip_lo, uintptr_t skip_hi)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    range *v = NULL;
    int n = 0, cap = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned long long lo, hi;
        int at = 0;
        if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &lo, &hi, &at) < 2)
            continue;
        if (lo < skip_hi && hi > skip_lo)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            range *p = realloc(v, (size_t)cap * sizeof *p);
            if (!p) {
                free(v);
                fclose(f);
                return -1;
            }
            v = p;
        }
        const char *name = at ? line + at : "";
        if (!*name || *name == '\n')
            continue; /* anonymous: see outside_pointer */
        v[n] = (range){(uintptr_t)lo, (uintptr_t)hi, ""};
        const char *slash = strrchr(name, '/');
        snprintf(v[n].name, sizeof v[n].name, "%.*s", (int)strcspn(slash ? slash + 1 : name, "\n"),
                 slash ? slash + 1 : name);
        n++;
    }
    fclose(f);
    *out = v;
    return n;
}

/* Below 4 GiB, numbers and short strings (the "LITY" of "HOSTILITY")
 * look like addresses wherever something is mapped that low (valgrind,
 * programs built without PIE); in a normal 64-bit process nothing is, and
 * fields_out checks every real pointer field anyway. */
#define LOW_WORDS ((uint64_t)1 << 32)

/* Offset of the first word in the image that points into the program,
 * a library, the heap or the stack, or -1 when none does (-2: cannot
 * tell); where names the mapping. A second net under fields_out, for a
 * pointer field it does not know yet. Anonymous mappings do not count:
 * sanitizers reserve terabytes of them, where any large number would
 * "point". The nskip ranges hold bits, hashes and sizes, not pointers. A
 * number that still looks like an address only keeps the set from being
 * cached, which is safe; the status names it. */
static long long outside_pointer(const char *base, size_t used, size_t reserved,
                                 const range *skip, int nskip, char *where, size_t wn)
{
    range *v;
    int n = mapped_ranges(&v, (uintptr_t)base, (uintptr_t)base + reserved);
    if (n < 0)
        return -2;
    uintptr_t min = UINTPTR_MAX, max = 0;
    for (int i = 0; i < n; i++) {
        if (v[i].lo < min)
            min = v[i].lo;
        if (v[i].hi > max)
            max = v[i].hi;
    }
    long long found = -1;
    for (size_t off = 0; off + sizeof(uintptr_t) <= used && found < 0; off += sizeof(uintptr_t)) {
        int skipped = 0;
        for (int k = 0; k < nskip && !skipped; k++)
            skipped = (uintptr_t)base + off >= skip[k].lo && (uintptr_t)base + off < skip[k].hi;
        if (skipped)
            continue;
        uintptr_t w;
        memcpy(&w, base + off, sizeof w);
        if (w < min || w >= max || (w >= (uintptr_t)base && w <= (uintptr_t)base + used) ||
            (uint64_t)w < LOW_WORDS)
            continue;
        for (int i = 0; i < n; i++)
            if (w >= v[i].lo && w < v[i].hi) {
                found = (long long)off;
                snprintf(where, wn, "%#llx, in %s", (unsigned long long)w,
                         v[i].name[0] ? v[i].name : "anonymous memory");
                break;
            }
    }
    free(v);
    return found;
}

/* ---- every pointer the coder follows, checked -------------------------- */

/* A new field in these structs may be a pointer that fields_out must check:
 * the sizes (LP64) make the compiler point here when one changes. */
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(dy_elem) == 40 && sizeof(dy_phrase) == 16 && sizeof(dy_vcode) == 24 &&
                   sizeof(dy_acode) == 32 && sizeof(dy_pattern) == 88 && sizeof(dy_verb) == 56 &&
                   sizeof(dy_entry) == 120 && sizeof(dy_synset) == 72 && sizeof(dy_bucket) == 16 &&
                   sizeof(dy_source) == 32 && sizeof(dy_bigbucket) == 656 &&
                   sizeof(dyad_dict) == 1544,
               "a dictionary struct changed: check its pointers in fields_out (dict/cache.c)");
#endif

typedef struct walk {
    const char *lo, *hi; /* the image */
    char *where;         /* first pointer found outside it */
    size_t wn;
} walk;

/* 1 (and where set) when p is neither NULL nor inside the image. */
static int out(walk *w, const void *p, const char *what, long i)
{
    const char *c = p;
    if (!c || (c >= w->lo && c <= w->hi))
        return 0;
    snprintf(w->where, w->wn, "%s %ld", what, i);
    return 1;
}

static int phrase_out(walk *w, const dy_phrase *ph, long i, int depth)
{
    if (out(w, ph->e, "phrase of entry", i))
        return 1;
    for (uint32_t k = 0; k < ph->n; k++) {
        const dy_elem *e = &ph->e[k];
        if (out(w, e->s, "word of entry", i) || out(w, e->alts, "alternatives of entry", i))
            return 1;
        for (uint32_t a = 0; e->alts && depth < 8 && a < e->nalts; a++)
            if (phrase_out(w, &e->alts[a], i, depth + 1))
                return 1;
    }
    return 0;
}

static int vcode_out(walk *w, const dy_vcode *c, long i)
{
    return out(w, c->code, "code of verb entry", i) || out(w, c->paired, "code of verb entry", i);
}

static int verb_out(walk *w, const dy_verb *v, long i)
{
    if (vcode_out(w, &v->code, i) || out(w, v->pat, "patterns of entry", i) ||
        out(w, v->text, "verb of entry", i))
        return 1;
    for (uint32_t k = 0; k < v->npat; k++) {
        const dy_pattern *p = &v->pat[k];
        if (phrase_out(w, &p->lower, i, 0) || phrase_out(w, &p->upper, i, 0) ||
            vcode_out(w, &p->code, i) || out(w, p->text, "pattern of entry", i) ||
            out(w, p->file, "pattern of entry", i))
            return 1;
    }
    return 0;
}

static int entry_out(walk *w, const dy_entry *e, long i)
{
    if (out(w, e, "entry", i) || phrase_out(w, &e->ph, i, 0) ||
        out(w, e->text, "text of entry", i) || out(w, e->parent, "parent of entry", i) ||
        out(w, e->file, "file of entry", i) || out(w, e->codes, "codes of entry", i) ||
        out(w, e->agent, "agent of entry", i) || out(w, e->verb, "verb of entry", i) ||
        out(w, e->issue, "issue of entry", i))
        return 1;
    for (uint32_t k = 0; k < e->ncodes; k++)
        if (out(w, e->codes[k].code, "actor code of entry", i))
            return 1;
    return e->verb && verb_out(w, e->verb, i);
}

/* Every pointer of the set, field by field: the authoritative check that
 * the image is self-contained. 1 with where set when one points outside. */
static int fields_out(const dyad_dict *d, const char *lo, const char *hi, char *where, size_t wn)
{
    walk w = {lo, hi, where, wn};
    if (out(&w, d->entries, "entry table", 0) || out(&w, d->synsets, "synset table", 0) ||
        out(&w, d->tab, "index", 0) || out(&w, d->keybits, "index bits", 0) ||
        out(&w, d->chain, "index chains", 0) || out(&w, d->chainword, "index chains", 0) ||
        out(&w, d->big, "big buckets", 0) || out(&w, d->bigorder, "big buckets", 0) ||
        out(&w, d->bigpos, "big buckets", 0) || out(&w, d->biggroup, "big buckets", 0) ||
        out(&w, d->issue_cats, "issue categories", 0) ||
        out(&w, d->warn, "warnings", 0) || out(&w, d->lastfile, "last file", 0) ||
        out(&w, d->sources, "sources", 0) || out(&w, d->opt.def_source, "default source", 0) ||
        out(&w, d->opt.def_target, "default target", 0))
        return 1;
    for (uint32_t i = 0; i < d->nentries; i++)
        if (entry_out(&w, d->entries[i], (long)i))
            return 1;
    for (uint32_t i = 0; i < d->nsynsets; i++) {
        if (out(&w, d->synsets[i].name, "synset", i) || out(&w, d->synsets[i].ph, "synset", i) ||
            out(&w, d->synsets[i].byfirst, "synset", i))
            return 1;
        for (uint32_t k = 0; k < d->synsets[i].n; k++)
            if (phrase_out(&w, &d->synsets[i].ph[k], -1 - (long)i, 0))
                return 1;
    }
    for (uint32_t i = 0; i < d->tabcap; i++)
        if (out(&w, d->tab[i].key, "index key", i))
            return 1;
    for (uint32_t i = 0; i < d->nissue_cats; i++)
        if (out(&w, d->issue_cats[i], "issue category", i))
            return 1;
    for (uint32_t i = 0; i < d->nsources; i++)
        if (out(&w, d->sources[i].path, "source", i))
            return 1;
    return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        c += w, n -= (size_t)w;
    }
    return 0;
}

/* Removes older builds' copies of the same set beyond the newest few. */
static void prune(const char *dir, const char *keep)
{
    const char *base = strrchr(keep, '/') + 1;
    DIR *dd = opendir(dir);
    if (!dd)
        return;
    struct old {
        char name[300];
        time_t mtime;
    } olds[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dd)) && n < 16) {
        if (strncmp(e->d_name, base, 32) || !strcmp(e->d_name, base) || strlen(e->d_name) >= 300)
            continue;
        char p[2 * PATH_MAX];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) == 0) {
            snprintf(olds[n].name, sizeof olds[n].name, "%s", e->d_name);
            olds[n++].mtime = st.st_mtime;
        }
    }
    closedir(dd);
    while (n > KEEP_BUILDS - 1) { /* drop the oldest */
        int o = 0;
        for (int i = 1; i < n; i++)
            if (olds[i].mtime < olds[o].mtime)
                o = i;
        char p[2 * PATH_MAX];
        if (snprintf(p, sizeof p, "%s/%s", dir, olds[o].name) < (int)sizeof p)
            unlink(p);
        olds[o] = olds[--n];
    }
}

static void save(dyad_dict *d, const char *dir, const char *file, XXH128_hash_t key,
                 const uint8_t *id, uint32_t nid, const char *why)
{
    const char *base = dy_region_base(d->region);
    size_t used = dy_region_used(d->region), page = dy_page_size();
    if (d->uncacheable || !d->nsources) {
        status(d, "read (%.300s); not cached: a source is not a regular file or could not be read", why);
        return;
    }
    char where[96] = "";
    range skip[4] = {
        {(uintptr_t)base, (uintptr_t)base + 64, ""}, /* the region's own sizes */
        {(uintptr_t)d->keybits, (uintptr_t)d->keybits + d->tabcap / 16 * sizeof *d->keybits, ""},
        {(uintptr_t)d->sources, (uintptr_t)(d->sources + d->nsources), ""},
        /* key bits and counts, no pointers */
        {(uintptr_t)d->big, (uintptr_t)(d->big ? d->big + d->nbig : NULL), ""},
    };
    long long bad = outside_pointer(base, used, dy_region_reserved(d->region), skip, 4, where,
                                    sizeof where);
    if (bad == -2) {
        status(d, "read (%.300s); not cached: cannot list this process's memory", why);
        return;
    }
    if (bad >= 0) {
        status(d, "read (%.300s); not cached: a pointer out of the set at offset %lld (to %s)", why,
               bad, where);
        return;
    }
    if (fields_out(d, base, base + used, where, sizeof where)) {
        status(d, "read (%.300s); not cached: the %s points out of the set", why, where);
        return;
    }
    if (make_dirs(dir)) {
        status(d, "read (%.300s); not cached: cannot create %.400s (%s)", why, dir, strerror(errno));
        return;
    }
    char tmp[PATH_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        status(d, "read (%.300s); not cached: cannot write in %.400s (%s)", why, dir, strerror(errno));
        return;
    }
    char *head = calloc(1, page);
    int ok = head != NULL;
    if (ok) {
        cache_header h = {.format = CACHE_FORMAT, .page = (uint32_t)page, .nbuild = nid,
                          .key_lo = key.low64, .key_hi = key.high64,
                          .base = (uint64_t)(uintptr_t)base, .used = used,
                          .dict_offset = (uint64_t)((const char *)d - base)};
        memcpy(h.magic, CACHE_MAGIC, 8);
        memcpy(h.build, id, nid);
        memcpy(head, &h, sizeof h);
        /* The status the next process finds is its own; this one says what happened here. */
        status(d, "read (%.300s); cached as %.400s", why, file);
        ok = !write_all(fd, head, page) && !write_all(fd, base, used) && !fchmod(fd, 0600);
    }
    free(head);
    if (close(fd) || !ok || rename(tmp, file)) {
        status(d, "read (%.300s); not cached: cannot write %.400s (%s)", why, file, strerror(errno));
        unlink(tmp);
        return;
    }
    prune(dir, file);
}

/* ---- the entry point ------------------------------------------------------- */

static int read_set(dyad_dict *d, const char *const *paths, int npaths, const char *default_dir,
                    char *err, size_t errlen)
{
    if (!npaths)
        return dyad_dict_load_default(d, default_dir, err, errlen);
    for (int i = 0; i < npaths; i++)
        if (dyad_dict_load(d, paths[i], err, errlen))
            return -1;
    return 0;
}

dyad_dict *dyad_dict_open(const char *const *paths, int npaths, const char *default_dir,
                          char *err, size_t errlen)
{
    uint8_t id[64];
    uint32_t nid = cache_off() ? 0 : build_id(id, sizeof id);
    char dir[PATH_MAX], file[PATH_MAX + 64], why[400] = "";
    XXH128_hash_t key = {0, 0};
    int use = nid && !cache_dir(dir, sizeof dir);
    if (use) {
        key = set_key(paths, npaths, default_dir);
        file_name(file, sizeof file, dir, key, id, nid);
        dyad_dict *d = map_cached(file, key, id, nid, why, sizeof why);
        if (d) {
            status(d, "mapped from %.400s", file);
            return d;
        }
    }
    dyad_dict *d = dyad_dict_new();
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (read_set(d, paths, npaths, default_dir, err, errlen)) {
        dyad_dict_free(d);
        return NULL;
    }
    dyad_dict_finish(d);
    if (!use)
        status(d, "read; not cached: %s",
               cache_off() ? "DYAD_CACHE=off" : nid ? "no cache directory" : "no build id");
    else if (!d->region)
        status(d, "read; not cached: no memory region on this system");
    else
        save(d, dir, file, key, id, nid, why);
    return d;
}

const char *dyad_dict_cache_status(const dyad_dict *d)
{
    return d->cache_status[0] ? d->cache_status : "read; not through dyad_dict_open";
}
