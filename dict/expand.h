/* dict/expand.h - expansion of actor and agent phrases written with
 * alternatives "{ A | B }", PETRARCH plural lists "{PLURAL ...}" and Phoenix
 * substitution markers ("!PERSON! = MAN, MEN" then "CONGRESS!PERSON!"). */
#ifndef DY_EXPAND_H
#define DY_EXPAND_H
#include <stddef.h>

#define DY_EXPAND_MAX 256 /* phrases one written phrase may expand to */

typedef struct dy_subst {
    char name[32];  /* between the '!' */
    char *val[32];  /* malloc'd values */
    unsigned nval;
} dy_subst;

typedef struct dy_expander {
    dy_subst s[32];
    unsigned n;
} dy_expander;

/* 1 when s is a marker definition line "!NAME! = a, b, c". */
int dy_expand_is_definition(const char *s, size_t n);
/* Adds the definition; 0, or -1 with a message in err. */
int dy_expand_define(dy_expander *x, const char *s, size_t n, char *err, size_t errlen);
void dy_expand_free(dy_expander *x);

/* Calls fn for each phrase s expands to (s itself when it has no braces or
 * markers). Returns 0, the first nonzero value of fn, or -1 with a message
 * in err for unbalanced braces, unknown markers or too many expansions. */
typedef int (*dy_expand_fn)(const char *ph, size_t n, void *ud);
int dy_expand_phrase(const dy_expander *x, const char *s, size_t n, dy_expand_fn fn, void *ud,
                     char *err, size_t errlen);
#endif
