/* bench/gencorpus.c - a deterministic generator of news-like text for benchmarks.
 *
 *   gencorpus [--seed S] [--names FILE] [--verbs FILE] N > corpus.jsonl
 *
 * Writes N sentences as JSON Lines documents ({"id","date","text"}, 1 to 12
 * sentences each). Actor names and verbs are drawn from word lists (one
 * phrase per line, e.g. extracted from a dictionary by bench/run.sh); without
 * them a small built-in list is used. Sentences mix the shapes of wire
 * copy: "X <verb> Y" with dates, places, titles and subordinate clauses, and
 * sentences with no event at all, with lengths of about 8 to 45 words.
 * The same seed and lists give the same bytes on every machine. Streaming:
 * memory does not grow with N. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct word_list {
    char **w;
    size_t n, cap;
} word_list;

static uint64_t next_random(uint64_t *state)
{
    /* splitmix64: small, fast and identical everywhere */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static size_t pick(uint64_t *state, size_t n) { return (size_t)(next_random(state) % n); }

static const char *pick_word(uint64_t *state, const word_list *l)
{
    return l->w[pick(state, l->n)];
}

static int list_add(word_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        char **w = realloc(l->w, cap * sizeof *w);
        if (!w)
            return -1;
        l->w = w;
        l->cap = cap;
    }
    l->w[l->n] = strdup(s);
    return l->w[l->n++] ? 0 : -1;
}

static int list_read(word_list *l, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && list_add(l, line)) {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

static int list_from_array(word_list *l, const char *const *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list_add(l, a[i]))
            return -1;
    return 0;
}

static void list_free(word_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->w[i]);
    free(l->w);
}

static const char *const default_names[] = {
    "Russia", "Ukraine", "France", "Germany", "China", "Japan", "Iran", "Israel",
    "Egypt", "Turkey", "Brazil", "India", "Pakistan", "Syria", "Iraq", "Nigeria",
    "Kenya", "Mexico", "Canada", "Poland", "the United Nations", "NATO", "the European Union",
};
static const char *const default_verbs[] = {
    "accused", "criticized", "praised", "met", "visited", "attacked", "condemned",
    "warned", "threatened", "urged", "signed an agreement with", "hosted", "arrested",
    "sanctioned", "thanked", "rejected", "welcomed", "supported", "denounced",
};
static const char *const titles[] = {
    "President", "Prime Minister", "Foreign Minister", "Defence Minister", "officials of",
    "the government of", "police in", "troops from", "the ambassador of", "leaders of",
};
static const char *const days[] = {
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "last week", "earlier this month", "on 12 March", "in February",
};
static const char *const filler[] = {
    "the", "a", "of", "in", "and", "to", "that", "for", "on", "with", "as", "its", "after",
    "talks", "border", "agreement", "officials", "reported", "statement", "security",
    "economic", "meeting", "conference", "capital", "region", "forces", "government",
    "minister", "week", "year", "trade", "support", "crisis", "election", "report",
    "negotiations", "spokesman", "told", "reporters", "announced", "plans", "new",
    "military", "political", "international", "said", "more", "than", "people", "city",
    "district", "local", "sources", "according", "two", "three", "several", "long",
    "recent", "ongoing", "dispute", "cooperation", "issue", "oil", "gas", "prices",
    "aid", "refugees", "humanitarian", "visit", "delegation", "summit", "council",
};
static const char *const places[] = {
    "in the capital", "near the border", "in the north of the country", "at a summit in Geneva",
    "in New York", "in the southern province", "at the airport",
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static void put_filler(uint64_t *rs, char *out, size_t *len, size_t cap, int words)
{
    for (int i = 0; i < words; i++) {
        const char *w = filler[pick(rs, COUNT(filler))];
        *len += (size_t)snprintf(out + *len, cap - *len, " %s", w);
    }
}

static void put_actor(uint64_t *rs, const word_list *names, char *out, size_t *len, size_t cap)
{
    if (pick(rs, 4) == 0)
        *len += (size_t)snprintf(out + *len, cap - *len, " %s", titles[pick(rs, COUNT(titles))]);
    *len += (size_t)snprintf(out + *len, cap - *len, " %s", pick_word(rs, names));
}

/* One sentence into out (cap bytes, always enough for the fixed word counts
 * and phrases of at most 500 bytes each). */
static void make_sentence(uint64_t *rs, const word_list *names, const word_list *verbs, char *out,
                          size_t cap)
{
    size_t len = 0;
    int shape = (int)pick(rs, 10);
    if (shape < 2) { /* no event: background, quotes, figures */
        len += (size_t)snprintf(out, cap, "The");
        put_filler(rs, out, &len, cap, 8 + (int)pick(rs, 25));
    } else {
        if (shape == 2) { /* leading clause */
            len += (size_t)snprintf(out, cap, "After");
            put_filler(rs, out, &len, cap, 3 + (int)pick(rs, 6));
            len += (size_t)snprintf(out + len, cap - len, ",");
        } else if (shape < 6) {
            len += (size_t)snprintf(out, cap, "Officials said");
        }
        put_actor(rs, names, out, &len, cap);
        len += (size_t)snprintf(out + len, cap - len, " %s", pick_word(rs, verbs));
        put_actor(rs, names, out, &len, cap);
        if (pick(rs, 2))
            len += (size_t)snprintf(out + len, cap - len, " %s", days[pick(rs, COUNT(days))]);
        if (pick(rs, 3) == 0)
            len += (size_t)snprintf(out + len, cap - len, " %s", places[pick(rs, COUNT(places))]);
        put_filler(rs, out, &len, cap, 2 + (int)pick(rs, 18));
    }
    snprintf(out + len, cap - len, ".");
    if (out[0] == ' ') /* started with an actor */
        memmove(out, out + 1, len + 1);
}

/* Names and verbs from the lists are upper case dictionary phrases: write
 * them as they would appear in news ("VLADIMIR PUTIN" -> "Vladimir Putin"). */
static void to_news_case(word_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        int start = 1;
        for (char *p = l->w[i]; *p; p++) {
            if (*p >= 'A' && *p <= 'Z' && !start)
                *p = (char)(*p - 'A' + 'a');
            start = *p == ' ' || *p == '-';
        }
    }
}

static void lower_case(word_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        for (char *p = l->w[i]; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
}

/* Writes s as the inside of a JSON string. */
static void put_json(const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
}

static int usage(void)
{
    fputs("usage: gencorpus [--seed S] [--names FILE] [--verbs FILE] N\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t seed = 20261129;
    word_list names = {0}, verbs = {0};
    long long n = -1;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--names") && i + 1 < argc)
            rc = list_read(&names, argv[++i]);
        else if (!strcmp(argv[i], "--verbs") && i + 1 < argc)
            rc = list_read(&verbs, argv[++i]);
        else if (argv[i][0] != '-')
            n = atoll(argv[i]);
        else
            rc = -1;
    }
    if (rc || n < 0)
        return usage();
    if (names.n == 0)
        list_from_array(&names, default_names, COUNT(default_names));
    else
        to_news_case(&names);
    if (verbs.n == 0)
        list_from_array(&verbs, default_verbs, COUNT(default_verbs));
    else
        lower_case(&verbs);
    uint64_t rs = seed;
    char sentence[8192];
    long long doc = 0;
    for (long long done = 0; done < n; doc++) {
        long long k = 1 + (long long)pick(&rs, 12);
        if (k > n - done)
            k = n - done;
        printf("{\"id\":\"d%lld\",\"date\":\"20%02d-%02d-%02d\",\"text\":\"", doc,
               10 + (int)pick(&rs, 15), 1 + (int)pick(&rs, 12), 1 + (int)pick(&rs, 28));
        for (long long s = 0; s < k; s++) {
            make_sentence(&rs, &names, &verbs, sentence, sizeof sentence);
            fputs(s ? " " : "", stdout);
            put_json(sentence);
        }
        fputs("\"}\n", stdout);
        done += k;
    }
    list_free(&names);
    list_free(&verbs);
    return fflush(stdout) ? 1 : 0;
}
