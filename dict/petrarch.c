/* dict/petrarch.c - PETRARCH2 verb dictionaries (CAMEO.2.0.txt) and Phoenix
 * discard and issue lists, read into dyad's TABARI-shaped model.
 *
 * Verbs: a block "--- NAME [code] ---" lists verb lines (roots with optional
 * {irregular forms} and [code]) and patterns "- ... * ... [code] # comment".
 * Every verb line becomes a K_VERB root sharing one dy_verb (code and
 * patterns) per block; a verb line with its own code gets its own dy_verb
 * that shares the block's pattern list. PETRARCH matches whole words and
 * generates regular forms itself, so roots, forms and pattern words are
 * stored exact (F_EXACT: the word plus regular endings); forms the matcher's
 * endings miss (RACE -> RACING, HURRY -> HURRIES) are added as entries.
 * Patterns are converted to linear TABARI notation: parentheses of
 * prepositional phrases are dropped, {NOUN PHRASE} groups become consecutive
 * words A_B, "A/B" becomes { A | B }. Transformations ("~ a (a b X) SAY =")
 * are counted and skipped with one warning. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dict.h"
#include "reader.h"

enum { CONV_MAX = 1024 };

/* ---- small text helpers ---------------------------------------------------- */

static void trim(char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Length of s without a '#' comment; '#' inside [...] ("[###]") is a code. */
static size_t strip_hash(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && depth)
            depth--;
        else if (s[i] == '#' && !depth)
            return i;
    }
    return n;
}

static int is_wordch(int c)
{
    return isalnum(c) || c == '.' || c == '\'' || c == '-' || c >= 0x80;
}

/* Appending output buffer with overflow detection. */
typedef struct out {
    char s[CONV_MAX];
    size_t n;
    int over;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->n + n >= sizeof o->s) {
        o->over = 1;
        return;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
}

static void putc_(out *o, char c) { put(o, &c, 1); }

/* ---- phrase conversion ----------------------------------------------------- */

/* Converts PETRARCH words "A B" / "A_B" / "+A_B" to an exact consecutive
 * phrase "A_B_". 'noend' marks the last word '=' (no endings). The '+' verb
 * marker is dropped; *verbword receives the index of the marked word. */
static void exact_phrase(out *o, const char *s, size_t n, int noend, int *verbword)
{
    int w = 0, inword = 0;
    if (verbword)
        *verbword = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            if (verbword)
                *verbword = w;
            continue;
        }
        if (isspace((unsigned char)c) || c == '_') {
            if (inword) {
                putc_(o, '_');
                w++;
            }
            inword = 0;
            continue;
        }
        inword = 1;
        putc_(o, c);
    }
    if (!inword && o->n && o->s[o->n - 1] == '_')
        o->n--, o->s[o->n] = '\0';
    if (o->n)
        putc_(o, noend ? '=' : '_');
}

/* Regular forms the matcher's endings do not cover: RACE -> RACING,
 * HURRY -> HURRIES/HURRIED. Writes up to 2 forms of word w into f. */
static int extra_forms(const char *w, size_t n, int verb, char f[2][64])
{
    if (n < 2 || n > 60)
        return 0;
    char last = w[n - 1], prev = w[n - 2];
    int vowel = strchr("AEIOU", toupper((unsigned char)prev)) != NULL;
    if (verb && toupper((unsigned char)last) == 'E' && toupper((unsigned char)prev) != 'E') {
        snprintf(f[0], 64, "%.*sING", (int)(n - 1), w);
        return 1;
    }
    if (toupper((unsigned char)last) == 'Y' && !vowel) {
        snprintf(f[0], 64, "%.*sIES", (int)(n - 1), w);
        if (!verb)
            return 1;
        snprintf(f[1], 64, "%.*sIED", (int)(n - 1), w);
        return 2;
    }
    return 0;
}

/* Next word of a phrase in TABARI notation: bounds [*b, *e), *i moved past
 * the word and its connectors ('_', '='). 0 at the end. */
static int next_word(const char *p, size_t n, size_t *i, size_t *b, size_t *e)
{
    while (*i < n && (p[*i] == '_' || p[*i] == '='))
        (*i)++;
    if (*i >= n)
        return 0;
    *b = *i;
    while (*i < n && p[*i] != '_' && p[*i] != '=')
        (*i)++;
    *e = *i;
    return 1;
}

/* The bounds of word k of phrase p. */
static int word_at(const char *p, size_t n, int k, size_t *b, size_t *e)
{
    size_t i = 0;
    for (int w = 0; next_word(p, n, &i, b, e); w++)
        if (w == k)
            return 1;
    return 0;
}

/* Copies phrase p into o with word k replaced by f. */
static void replace_word(out *o, const char *p, size_t n, int k, const char *f)
{
    size_t i = 0, b, e, prev = 0;
    for (int w = 0; next_word(p, n, &i, &b, &e); w++) {
        put(o, p + prev, b - prev);
        if (w == k)
            put(o, f, strlen(f));
        else
            put(o, p + b, e - b);
        prev = e;
    }
    put(o, p + prev, n - prev);
}

/* ---- reader state --------------------------------------------------------- */

typedef struct own_code { /* entries [first, last) of a verb line with its own code */
    uint32_t first, last;
    dy_vcode code;
    const char *text;
} own_code;

typedef struct petr {
    dyad_dict *d;
    const char *file;
    int line;
    dy_synset *synset; /* open "&NAME" set */
    int synset_noplural;
    dy_verb *verb;     /* current block */
    int nroots;        /* verb lines in the block */
    int block_line;
    own_code *own;
    uint32_t nown, capown;
    unsigned ntransform, nbadsyn;
    char *err;
    size_t errlen;
} petr;

static int fail(petr *p, const char *msg)
{
    snprintf(p->err, p->errlen, "%s", msg);
    return -1;
}

/* Parses a code like "042", "---", "042:043" or ":173" (a null code whose
 * paired code is 173). */
static int petr_code(petr *p, const char *c, size_t cn, dy_vcode *vc)
{
    while (cn && isspace((unsigned char)*c))
        c++, cn--;
    if (cn && c[0] == ':') {
        if (dy_parse_vcode(p->d, c + 1, cn - 1, vc, p->err, p->errlen))
            return -1;
        vc->paired = vc->code;
        vc->code = NULL;
        vc->kind = C_NULL;
        return 0;
    }
    return dy_parse_vcode(p->d, c, cn, vc, p->err, p->errlen);
}

/* Splits "TEXT [code] rest" at the brackets. */
static int split_bracket(petr *p, const char *s, size_t n, size_t *tn, const char **c,
                         size_t *cn)
{
    const char *lb = memchr(s, '[', n);
    *tn = lb ? (size_t)(lb - s) : n;
    *c = NULL;
    *cn = 0;
    if (!lb)
        return 0;
    const char *rb = memchr(lb, ']', n - *tn);
    if (!rb)
        return fail(p, "missing ']'");
    *c = lb + 1;
    *cn = (size_t)(rb - lb - 1);
    return 0;
}

/* ---- verb blocks ---------------------------------------------------------- */

/* Gives the verb lines with their own code a dy_verb of their own that shares
 * the block's patterns. */
static int close_block(petr *p)
{
    dyad_dict *d = p->d;
    if (p->verb && p->nroots == 0 && p->verb->npat)
        dy_dict_warn(d, p->file, p->block_line, "verb block '%s' has patterns but no verbs",
                     p->verb->text);
    for (uint32_t k = 0; k < p->nown; k++) {
        dy_verb *v = dy_arena_alloc(&d->arena, sizeof *v);
        if (!v)
            return fail(p, "out of memory");
        *v = *p->verb;
        v->cappat = v->npat; /* shared: a later add must copy */
        v->code = p->own[k].code;
        v->text = p->own[k].text;
        for (uint32_t i = p->own[k].first; i < p->own[k].last && i < d->nentries; i++)
            if (d->entries[i]->verb == p->verb)
                d->entries[i]->verb = v;
    }
    p->nown = 0;
    p->verb = NULL;
    p->nroots = 0;
    return 0;
}

static int block_header(petr *p, char *s, size_t n)
{
    if (close_block(p))
        return -1;
    p->synset = NULL;
    s += 3, n -= 3;
    while (n && s[n - 1] == '-')
        n--;
    size_t tn, cn;
    const char *c;
    if (split_bracket(p, s, n, &tn, &c, &cn))
        return -1;
    dy_verb *v = dy_arena_calloc(&p->d->arena, 1, sizeof *v);
    if (!v)
        return fail(p, "out of memory");
    if (c && petr_code(p, c, cn, &v->code))
        return -1;
    if (!c)
        v->code.kind = C_NULL;
    trim(&s, &tn);
    if (tn == 0)
        return fail(p, "verb block header without a name");
    v->text = dy_arena_strndup(&p->d->arena, s, tn);
    if (!v->text)
        return fail(p, "out of memory");
    p->verb = v;
    p->block_line = p->line;
    return 0;
}

/* Adds one entry for phrase ph (TABARI notation) of the block's verb. */
static int add_verb_entry(petr *p, const char *ph, size_t n, const char *text)
{
    dyad_dict *d = p->d;
    dy_entry *e = dy_dict_new_entry(d, K_VERB, p->file, p->line);
    if (!e)
        return fail(p, "out of memory");
    if (dy_parse_phrase(d, ph, n, 0, &e->ph, p->err, p->errlen))
        return -1;
    for (uint32_t k = 0; k < e->ph.n; k++)
        e->ph.e[k].flags |= F_VERBW; /* verb endings: S ED ING */
    e->text = text;
    e->verb = p->verb;
    if (dy_dict_index(d, e))
        return fail(p, "out of memory");
    return 0;
}

/* The regular forms of verb w (S, ED, ING as PETRARCH makes them). */
static void verb_forms(const char *w, size_t n, char f[3][64])
{
    int up = toupper((unsigned char)w[n - 1]), prev = n > 1 ? toupper((unsigned char)w[n - 2]) : 0;
    int y = up == 'Y' && prev && !strchr("AEIOU", prev);
    int es = up == 'S' || up == 'X' || up == 'Z' || (up == 'H' && (prev == 'C' || prev == 'S'));
    snprintf(f[0], 64, "%.*s%s", (int)(n - (size_t)y), w, y ? "IES" : es ? "ES" : "S");
    snprintf(f[1], 64, "%.*s%s", (int)(n - (size_t)y), w, y ? "IED" : up == 'E' ? "D" : "ED");
    snprintf(f[2], 64, "%.*sING", (int)(n - (size_t)(up == 'E' && prev != 'E')), w);
}

/* Regular forms of the marked verb word: all of them in a multi-word verb
 * (endings apply to a phrase's last word only), else those the matcher's
 * endings miss (RACING, HURRIES). */
static int add_regular_forms(petr *p, const out *root, int vw, const char *text)
{
    size_t b, e, i = 0;
    char f[3][64];
    int nw = 0;
    while (next_word(root->s, root->n, &i, &b, &e))
        nw++;
    if (!word_at(root->s, root->n, vw, &b, &e) || e - b > 60)
        return 0;
    verb_forms(root->s + b, e - b, f);
    for (int k = 0; k < 3; k++) {
        if (nw == 1 && !strncmp(f[k], root->s + b, e - b))
            continue;
        out o = {.n = 0};
        replace_word(&o, root->s, root->n, vw, f[k]);
        if (!o.over && add_verb_entry(p, o.s, o.n, text))
            return -1;
    }
    return 0;
}

static int add_forms(petr *p, const char *s, size_t n, const char *text)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]))
            j++;
        if (j > i) {
            out o = {.n = 0};
            exact_phrase(&o, s + i, j - i, 0, NULL);
            if (o.over)
                return fail(p, "verb form too long");
            if (o.n && add_verb_entry(p, o.s, o.n, text))
                return -1;
        }
        i = j;
    }
    return 0;
}

/* "HURRY {HURRIES HURRYING HURRIED } [code]", "+STIR_UP {+STIRS_UP}", "WIRE_+TAP" */
static int verb_line(petr *p, char *s, size_t n)
{
    dyad_dict *d = p->d;
    if (!p->verb)
        return fail(p, "verb line before any '--- NAME [code] ---' block header");
    const char *lb = memchr(s, '{', n), *rb = NULL;
    if (lb && !(rb = memchr(lb, '}', n - (size_t)(lb - s))))
        return fail(p, "missing '}' after verb forms");
    size_t tn, cn;
    const char *c;
    if (split_bracket(p, s, n, &tn, &c, &cn))
        return -1;
    size_t pn = lb && (size_t)(lb - s) < tn ? (size_t)(lb - s) : tn;
    trim(&s, &pn);
    if (pn == 0)
        return fail(p, "verb line without a verb");
    int empty_forms = 0;
    if (rb) {
        empty_forms = 1;
        for (const char *q = lb + 1; q < rb; q++)
            empty_forms &= isspace((unsigned char)*q) != 0;
    }
    out root = {.n = 0};
    int vw;
    exact_phrase(&root, s, pn, empty_forms, &vw);
    if (root.over || root.n == 0)
        return fail(p, root.over ? "verb phrase too long" : "verb line without a verb");
    const char *text = dy_arena_strndup(&d->arena, s, pn);
    if (!text)
        return fail(p, "out of memory");
    uint32_t first = d->nentries;
    if (p->nroots++ == 0)
        p->verb->text = text; /* lets dy_dict_finish find the block's patterns */
    if (add_verb_entry(p, root.s, root.n, text))
        return -1;
    if (rb && add_forms(p, lb + 1, (size_t)(rb - lb - 1), text))
        return -1;
    if (!rb && add_regular_forms(p, &root, vw, text))
        return -1;
    if (!c)
        return 0;
    if (p->nown == p->capown) {
        uint32_t cap = p->capown ? p->capown * 2 : 8;
        own_code *o = realloc(p->own, cap * sizeof *o);
        if (!o)
            return fail(p, "out of memory");
        p->own = o;
        p->capown = cap;
    }
    own_code *oc = &p->own[p->nown];
    if (petr_code(p, c, cn, &oc->code))
        return -1;
    oc->first = first;
    oc->last = d->nentries;
    oc->text = text;
    p->nown++;
    return 0;
}

/* ---- patterns ------------------------------------------------------------- */

/* Looks up the synset named by s[0..n) ("&FIGHT_OF_WORDS_X": the longest
 * defined prefix ending at a word boundary). */
static int synset_known(dyad_dict *d, const char *s, size_t n)
{
    size_t j = n;
    while (j > 0) {
        if (dy_dict_synset(d, s, j, 0))
            return 1;
        do
            j--;
        while (j > 0 && s[j] != '_' && s[j] != '-');
    }
    return 0;
}

/* One pattern token ("PLOT", "*_UP", "BY/WITH", "&WEAPON", "$") in TABARI
 * notation. Returns 1 for an undefined synset or an empty alternative
 * ("WITH/"), both warned. */
static int conv_token(petr *p, out *o, const char *t, size_t n)
{
    if (n == 0) {
        dy_dict_warn(p->d, p->file, p->line, "empty alternative ('/' at the start or end of a "
                                             "word, or '//'): pattern ignored");
        return 1;
    }
    if (memchr(t, '/', n)) {
        put(o, "{ ", 2);
        size_t i = 0;
        while (i <= n) {
            const char *sl = memchr(t + i, '/', n - i);
            size_t e = sl ? (size_t)(sl - t) : n;
            if (i > 0)
                put(o, " | ", 3);
            int r = conv_token(p, o, t + i, e - i);
            if (r)
                return r;
            i = e + 1;
        }
        put(o, " }", 2);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (t[i] != '&')
            continue;
        size_t j = i + 1;
        while (j < n && (isalnum((unsigned char)t[j]) || t[j] == '_' || t[j] == '-'))
            j++;
        if (!synset_known(p->d, t + i + 1, j - i - 1)) {
            size_t w = i + 1;
            while (w < j && t[w] != '_')
                w++;
            dy_dict_warn(p->d, p->file, p->line, "unknown synset &%.*s: pattern ignored",
                         (int)(w - i - 1), t + i + 1);
            return 1;
        }
    }
    put(o, t, n);
    if (is_wordch((unsigned char)t[n - 1]))
        putc_(o, '_'); /* PETRARCH words are whole words */
    return 0;
}

/* Converts the parse-tree notation "* (TO {BANNED PARTIES}) $" to
 * "* TO_ BANNED_PARTIES_ $". Returns 0, 1 (pattern to skip), -1 (error). */
static int convert_pattern(petr *p, const char *s, size_t n, out *o)
{
    int group = 0, gwords = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '(' || c == ')' || isspace((unsigned char)c)) {
            i++;
            continue;
        }
        if (c == '{' || c == '}') {
            if ((c == '{') == group)
                return fail(p, c == '{' ? "nested '{' in pattern" : "unbalanced '}' in pattern");
            group = c == '{';
            gwords = 0;
            putc_(o, ' ');
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]) && !strchr("(){}", s[j]))
            j++;
        if (group && gwords++ && o->n && o->s[o->n - 1] != '_')
            putc_(o, '_');
        else if (!group || gwords == 1)
            putc_(o, ' ');
        int r = conv_token(p, o, s + i, j - i);
        if (r)
            return r;
        i = j;
    }
    if (group)
        return fail(p, "missing '}' in pattern");
    if (o->over)
        return fail(p, "pattern longer than 1023 characters");
    return 0;
}

static int pattern_line(petr *p, char *s, size_t n)
{
    if (!p->verb)
        return fail(p, "pattern before any '--- NAME [code] ---' block header");
    size_t tn, cn;
    const char *c;
    if (split_bracket(p, s, n, &tn, &c, &cn))
        return -1;
    if (!c)
        return fail(p, "pattern has no [code]");
    trim(&s, &tn);
    out o = {.n = 0};
    int r = convert_pattern(p, s, tn, &o);
    if (r)
        return r > 0 ? 0 : -1;
    dy_pattern pat;
    const char *code = c;
    size_t codelen = cn;
    int paired_null = 0;
    while (codelen && isspace((unsigned char)*code))
        code++, codelen--;
    if (codelen && code[0] == ':')
        paired_null = 1, code = "---", codelen = 3;
    if (dy_parse_pattern(p->d, o.s, o.n, code, codelen, K_VERB, &pat, p->err, p->errlen))
        return -1;
    if (paired_null && petr_code(p, c, cn, &pat.code))
        return -1;
    pat.text = dy_arena_strndup(&p->d->arena, s, tn);
    if (!pat.text)
        return fail(p, "out of memory");
    pat.file = p->file;
    pat.line = p->line;
    return dy_verb_add_pattern(p->d, p->verb, &pat) ? fail(p, "out of memory") : 0;
}

/* ---- synsets -------------------------------------------------------------- */

static int synset_header(petr *p, char *s, size_t n)
{
    size_t j = 1;
    while (j < n && !isspace((unsigned char)s[j]))
        j++;
    size_t nl = j - 1;
    p->synset_noplural = nl && s[nl] == '_';
    while (nl && s[nl] == '_')
        nl--;
    if (nl == 0)
        return fail(p, "'&' without a synset name");
    p->synset = dy_dict_synset(p->d, s + 1, nl, 0);
    if (!p->synset)
        p->synset = dy_dict_synset(p->d, s + 1, nl, 1);
    return p->synset ? 0 : fail(p, "out of memory");
}

static int synset_push(petr *p, const char *ph, size_t n)
{
    dy_synset *ss = p->synset;
    if (ss->n == ss->cap) {
        uint32_t cap = ss->cap ? ss->cap * 2 : 8;
        dy_phrase *a = dy_arena_alloc(&p->d->arena, cap * sizeof *a);
        if (!a)
            return fail(p, "out of memory");
        if (ss->n)
            memcpy(a, ss->ph, ss->n * sizeof *a);
        ss->ph = a;
        ss->cap = cap;
    }
    if (dy_parse_phrase(p->d, ph, n, 1, &ss->ph[ss->n], p->err, p->errlen) ||
        dy_synset_check_member(p->d, ss, &ss->ph[ss->n], p->err, p->errlen))
        return -1;
    ss->n++;
    return 0;
}

/* "+AUSTRIAN FLORIN" (consecutive words), "+CASH_" (no plural), "+&TIETYPES" */
static int synset_member(petr *p, char *s, size_t n)
{
    s++, n--;
    trim(&s, &n);
    if (n == 0)
        return fail(p, "empty synset member");
    if (s[0] == '&') {
        if (!synset_known(p->d, s + 1, n - 1)) {
            dy_dict_warn(p->d, p->file, p->line, "unknown synset %.*s: member ignored",
                         (int)n, s);
            return 0;
        }
        return synset_push(p, s, n);
    }
    int noend = p->synset_noplural || s[n - 1] == '_';
    out o = {.n = 0};
    exact_phrase(&o, s, n, noend, NULL);
    if (o.over || !o.n)
        return fail(p, "synset member too long");
    if (synset_push(p, o.s, o.n))
        return -1;
    /* plural of a final consonant + Y: PARTY -> PARTIES */
    size_t b, e, i = 0;
    int last = -1;
    while (next_word(o.s, o.n, &i, &b, &e))
        last++;
    char f[2][64];
    if (!noend && word_at(o.s, o.n, last, &b, &e) && extra_forms(o.s + b, e - b, 0, f)) {
        out q = {.n = 0};
        replace_word(&q, o.s, o.n, last, f[0]);
        if (!q.over && synset_push(p, q.s, q.n))
            return -1;
    }
    return 0;
}

/* ---- the verb file -------------------------------------------------------- */

static int petr_line(petr *p, char *s, size_t n)
{
    if (n >= 3 && !strncmp(s, "---", 3))
        return block_header(p, s, n);
    if (s[0] == '~') { /* transformations: not represented */
        p->ntransform++;
        return 0;
    }
    if (s[0] == '&') {
        if (close_block(p))
            return -1;
        return synset_header(p, s, n);
    }
    if (s[0] == '+' && p->synset)
        return synset_member(p, s, n);
    p->synset = NULL;
    if (s[0] == '-')
        return pattern_line(p, s + 1, n - 1);
    return verb_line(p, s, n);
}

int dy_read_petrarch_verbs(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    char msg[400];
    petr p = {.d = d, .file = lr.name, .err = msg, .errlen = sizeof msg};
    char *s;
    size_t n;
    int rc, in_html = 0;
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        p.line = lr.line;
        trim(&s, &n);
        if (in_html || (n >= 2 && s[0] == '<' && s[1] == '!')) {
            in_html = !strstr(s, "-->");
            continue;
        }
        n = strip_hash(s, n);
        trim(&s, &n);
        if (n == 0)
            continue;
        msg[0] = '\0';
        if (petr_line(&p, s, n))
            goto fail;
    }
    if (rc < 0 || close_block(&p))
        goto fail;
    if (p.ntransform)
        dy_dict_warn(d, lr.name, lr.line, "%u verb transformations ('~' lines) skipped: "
                     "not supported", p.ntransform);
    free(p.own);
    dy_lines_close(&lr);
    return 0;
fail:
    snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg[0] ? msg : "out of memory");
    free(p.own);
    dy_lines_close(&lr);
    return -1;
}

/* ---- discards ------------------------------------------------------------- */

/* "+WORLD GOLF CHAMPIONSHIPS" (story level), "AFRICAN NATIONS CUP" (sentence
 * level). Words before the last are whole words; the last is a stem unless it
 * ends with '_'. */
static int discard_line(dyad_dict *d, const char *file, int line, char *s, size_t n,
                        char *err, size_t errlen)
{
    int story = s[0] == '+';
    if (story)
        s++, n--;
    trim(&s, &n);
    if (n == 0) {
        snprintf(err, errlen, "empty discard phrase");
        return -1;
    }
    out o = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) {
            if (o.n && o.s[o.n - 1] != '_')
                putc_(&o, '_');
        } else {
            putc_(&o, (char)toupper((unsigned char)s[i]));
        }
    }
    if (o.over) {
        snprintf(err, errlen, "discard phrase too long");
        return -1;
    }
    dy_entry *e = dy_dict_new_entry(d, K_DISCARD, file, line);
    if (!e)
        return -1;
    if (dy_parse_phrase(d, o.s, o.n, 0, &e->ph, err, errlen))
        return -1;
    e->text = dy_arena_strndup(&d->arena, s, n);
    e->shift = story; /* 1: the whole story is discarded */
    if (!e->text || dy_dict_index(d, e)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* The content of a Phoenix discards/issues line: no <!-- --> comment (which
 * may span lines; *in_html carries it), no '#' or ';' comment, trimmed.
 * Returns 0 when nothing is left. */
static int content(char **s, size_t *n, int *in_html)
{
    trim(s, n);
    if (*in_html || (*n >= 2 && (*s)[0] == '<' && (*s)[1] == '!')) {
        *in_html = !strstr(*s, "-->");
        return 0;
    }
    *n = strip_hash(*s, *n);
    char *semi = memchr(*s, ';', *n);
    if (semi)
        *n = (size_t)(semi - *s);
    trim(s, n);
    return *n != 0;
}

int dy_read_phoenix_discards(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    char msg[400] = "";
    char *s;
    size_t n;
    int rc, in_html = 0;
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        if (!content(&s, &n, &in_html))
            continue;
        if (discard_line(d, lr.name, lr.line, s, n, msg, sizeof msg))
            goto fail;
    }
    if (rc < 0)
        goto fail;
    dy_lines_close(&lr);
    return 0;
fail:
    snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg);
    dy_lines_close(&lr);
    return -1;
}

/* ---- issues --------------------------------------------------------------- */

typedef struct issues {
    dyad_dict *d;
    const char *file;
    int line;
    int cat;               /* index into d->issue_cats, -1 outside <ISSUE> */
    const char *lastcode;  /* code of the previous phrase in the category */
    char *err;
    size_t errlen;
} issues;

static int issue_category(issues *is, const char *s, size_t n)
{
    dyad_dict *d = is->d;
    const char *cat = NULL;
    size_t cl = 0;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(s + i, "CATEGORY", 8))
            continue;
        const char *q = memchr(s + i, '"', n - i);
        const char *r = q ? memchr(q + 1, '"', n - (size_t)(q + 1 - s)) : NULL;
        if (r)
            cat = q + 1, cl = (size_t)(r - q - 1);
        break;
    }
    if (!cat) {
        snprintf(is->err, is->errlen, "<ISSUE> without CATEGORY=\"name\"");
        return -1;
    }
    char **c = dy_dict_realloc(d, d->issue_cats, d->nissue_cats * sizeof *c,
                               (d->nissue_cats + 1) * sizeof *c);
    if (!c)
        return -1;
    d->issue_cats = c;
    c[d->nissue_cats] = dy_arena_strndup(&d->arena, cat, cl);
    if (!c[d->nissue_cats])
        return -1;
    is->cat = (int)d->nissue_cats++;
    is->lastcode = c[is->cat];
    return 0;
}

static int issue_entry(issues *is, const char *ph, size_t n, const char *text,
                       const char *code)
{
    dy_entry *e = dy_dict_new_entry(is->d, K_ISSUE, is->file, is->line);
    if (!e)
        return -1;
    if (dy_parse_phrase(is->d, ph, n, 0, &e->ph, is->err, is->errlen))
        return -1;
    e->text = text;
    e->issue = code;
    e->issue_cat = is->cat;
    return dy_dict_index(is->d, e);
}

/* Phoenix phrase "ethnic n:purge", "al+zarqawi", "n:journalist v:arrested":
 * whole words; n:/v: take regular endings, '+' joins with blank or hyphen. */
static int phoenix_phrase(out *o, const char *s, size_t n, int kinds[16], int *nw)
{
    *nw = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        int kind = 0;
        if (i + 2 < n && s[i + 1] == ':' && (s[i] == 'n' || s[i] == 'v' || s[i] == 'N' ||
                                             s[i] == 'V'))
            kind = toupper((unsigned char)s[i]), i += 2;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]))
            j++;
        for (size_t k = i; k < j; k++) {
            if (s[k] == '+' || s[k] == '_' || s[k] == '-') {
                putc_(o, '=');
                putc_(o, '_');
                if (*nw < 16)
                    kinds[(*nw)++] = 0;
            } else if (k + 2 < j && s[k + 1] == ':' && strchr("nNvV", s[k]) &&
                       (k == i || s[k - 1] == '+')) {
                kind = toupper((unsigned char)s[k]);
                k++;
            } else {
                putc_(o, (char)toupper((unsigned char)s[k]));
            }
        }
        putc_(o, kind ? '_' : '=');
        putc_(o, ' ');
        if (*nw < 16)
            kinds[(*nw)++] = kind;
        i = j;
    }
    while (o->n && o->s[o->n - 1] == ' ')
        o->n--;
    return o->over ? -1 : 0;
}

static int issue_line(issues *is, char *s, size_t n)
{
    dyad_dict *d = is->d;
    if (is->cat < 0) {
        snprintf(is->err, is->errlen, "issue phrase outside <ISSUE CATEGORY=\"...\">");
        return -1;
    }
    int ignore = s[0] == '~';
    while (n && s[0] == '~')
        s++, n--;
    const char *lb = memchr(s, '[', n), *code = NULL;
    size_t pn = lb ? (size_t)(lb - s) : n;
    if (lb) {
        const char *rb = memchr(lb, ']', n - pn);
        if (!rb) {
            snprintf(is->err, is->errlen, "missing ']'");
            return -1;
        }
        char *cs = (char *)lb + 1;
        size_t cn = (size_t)(rb - lb - 1);
        trim(&cs, &cn);
        code = dy_arena_strndup(&d->arena, cs, cn);
        if (!code)
            return -1;
        is->lastcode = code;
    }
    trim(&s, &pn);
    if (pn == 0) {
        snprintf(is->err, is->errlen, "issue phrase missing");
        return -1;
    }
    const char *text = dy_arena_strndup(&d->arena, s, pn);
    if (!text)
        return -1;
    /* ignore phrases ("~", "~~") cancel issue coding: issue == NULL */
    const char *c = ignore ? NULL : code ? code : is->lastcode;
    int tabari = 1, kinds[16], nw;
    for (size_t i = 0; i < pn; i++)
        if (islower((unsigned char)s[i]) || (s[i] == ':' && i > 0))
            tabari = 0;
    if (tabari) /* TABARI issues file: TABARI phrase notation */
        return issue_entry(is, s, pn, text, c);
    out o = {.n = 0};
    if (phoenix_phrase(&o, s, pn, kinds, &nw)) {
        snprintf(is->err, is->errlen, "issue phrase too long");
        return -1;
    }
    if (issue_entry(is, o.s, o.n, text, c))
        return -1;
    for (int w = 0; w < nw && w < 16; w++) { /* PARTY -> PARTIES, RAISE -> RAISING */
        size_t b, e;
        char f[2][64];
        if (!kinds[w] || !word_at(o.s, o.n, w, &b, &e))
            continue;
        int nf = extra_forms(o.s + b, e - b, kinds[w] == 'V', f);
        for (int k = 0; k < nf; k++) {
            out q = {.n = 0};
            replace_word(&q, o.s, o.n, w, f[k]);
            if (!q.over && issue_entry(is, q.s, q.n, text, c))
                return -1;
        }
    }
    return 0;
}

static int issues_tag(issues *is, const char *s, size_t n)
{
    if (n >= 6 && !strncasecmp(s, "<ISSUE", 6))
        return issue_category(is, s, n);
    if (n >= 7 && !strncasecmp(s, "</ISSUE", 7)) {
        is->cat = -1;
        return 0;
    }
    dy_dict_warn(is->d, is->file, is->line, "unknown tag %.*s ignored", (int)n, s);
    return 0;
}

int dy_read_phoenix_issues(dyad_dict *d, const char *path, char *err, size_t errlen)
{
    dy_lines lr;
    if (dy_lines_open(&lr, d, path, err, errlen))
        return -1;
    char msg[400] = "";
    issues is = {.d = d, .file = lr.name, .cat = -1, .err = msg, .errlen = sizeof msg};
    char *s;
    size_t n;
    int rc, in_html = 0;
    while ((rc = dy_lines_next(&lr, &s, &n, msg, sizeof msg)) > 0) {
        is.line = lr.line;
        if (!content(&s, &n, &in_html))
            continue;
        msg[0] = '\0';
        int r = s[0] == '<' ? issues_tag(&is, s, n) : issue_line(&is, s, n);
        if (r)
            goto fail;
    }
    if (rc < 0)
        goto fail;
    dy_lines_close(&lr);
    return 0;
fail:
    snprintf(err, errlen, "%s:%d: %s", lr.name, lr.line, msg[0] ? msg : "out of memory");
    dy_lines_close(&lr);
    return -1;
}
