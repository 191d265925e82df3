/* code/explain.c - a readable account of how one sentence is coded. */
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "sentence.h"
#include "text/clean.h"
#include "time/date.h"


static const char *type_name(int t)
{
    static const char *const names[] = {"",      "actor", "agent",  "verb",   "noun",
                                        "adj",   "time",  "attrib", "determ", "pronoun",
                                        "conj",  "comma", "aux",    "by",     "number",
                                        "quote", "null",  "dict"};
    return t >= 0 && (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

static void list_tokens(const dy_sentence *s, dy_buf *b)
{
    dy_buf_puts(b, "words:\n");
    for (int i = 0; i < s->nt; i++) {
        const dy_tok *t = &s->t[i];
        dy_buf_printf(b, "  %2d %-16.*s %-8s", i, (int)t->len, t->w, type_name(t->type));
        if (t->ent && !(t->flags & TF_PART))
            dy_buf_printf(b, " [%s]", t->ent->text);
        if (t->flags & TF_SHIFTED)
            dy_buf_puts(b, " (verb read as a noun)");
        if (t->flags & TF_ELIM)
            dy_buf_puts(b, " (in a comma clause: ignored)");
        if (t->flags & TF_INCOMP)
            dy_buf_puts(b, " (inside a compound)");
        dy_buf_printf(b, " clause %d\n", t->clause + 1);
    }
}

static void list_units(const dy_sentence *s, dy_buf *b)
{
    dy_buf_puts(b, "actors:\n");
    for (int u = 0; u < s->nu; u++) {
        const dy_unit *x = &s->u[u];
        if (x->nm == 0)
            continue;
        dy_buf_printf(b, "  words %d-%d%s%s:", x->first, x->last, x->compound ? " compound" : "",
                      x->pronoun ? " pronoun" : "");
        for (int m = 0; m < x->nm; m++)
            dy_buf_printf(b, " %s", s->m[x->m0 + m].code);
        dy_buf_putc(b, '\n');
    }
}

char *dyad_explain(dyad_coder *c, const char *sentence, const char *date)
{
    dy_buf b = DY_BUF_INIT, clean = DY_BUF_INIT;
    char err[256];
    if (dy_text_clean(sentence, strlen(sentence), &clean, err, sizeof err)) {
        dy_buf_free(&clean);
        return NULL;
    }
    long day = 0;
    dy_date dt;
    if (date && *date && dy_date_parse_iso(date, &dt) == 0)
        day = dy_date_to_days(dt);
    dy_sentence s;
    dy_sentence_init(&s, c, dy_buf_str(&clean), clean.len, day);
    dy_buf steps = DY_BUF_INIT;
    s.explain = &steps;
    dy_buf_printf(&b, "sentence: %s\n", dy_buf_str(&clean));
    if (dy_code_sentence(&s) == 0) {
        list_tokens(&s, &b);
        list_units(&s, &b);
        dy_buf_puts(&b, "coding:\n");
        dy_buf_puts(&b, dy_buf_str(&steps));
        dy_buf_puts(&b, "result: ");
        if (s.status == S_COMPLEX)
            dy_buf_printf(&b, "too complex to code (%s)\n", s.why);
        else if (s.status == S_DISCARD)
            dy_buf_printf(&b, "discarded (%s)\n", s.why);
        else if (s.nev == 0)
            dy_buf_puts(&b, "no event\n");
        else
            dy_buf_putc(&b, '\n');
        for (int i = 0; i < s.nev; i++)
            dy_buf_printf(&b, "  %s -> %s : %s (%s)%s%s\n", s.ev[i].src_code, s.ev[i].tgt_code,
                          s.ev[i].code, s.ev[i].modality, s.ev[i].pat ? "  pattern: " : "",
                          s.ev[i].pat ? s.ev[i].pat->text : "");
    }
    dy_buf_free(&steps);
    dy_buf_free(&clean);
    dy_coder_reset(c); /* the sentence lived in the coder's arena: 8 KB a call otherwise */
    return b.p ? b.p : strdup("");
}
