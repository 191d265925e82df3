/* code/light.h - event nouns under support verbs ("launched an offensive
 * against", "resumed peace talks with", "lifted the blockade of").
 *
 * English names many events with a noun and a verb that carries little
 * meaning of its own: the noun carries the event code, the verb's subject is
 * the source and the noun's own prepositions give the target. The nouns are
 * dictionary data (<EVENTNOUNS>, data/src/eventnouns.tsv); the support verbs
 * and the reversing verbs that turn a noun's event into its easing or halting
 * code are a closed class of English, listed here. Internal to code/. */
#ifndef DY_CODE_LIGHT_H
#define DY_CODE_LIGHT_H

#include "sentence.h"

/* The support verb of the event noun at token n: its token, or -1 when the
 * noun is not the object of one. *reverses is 0, or for a reversing verb
 * what it reverses (a mask of lifting, halting and breaking off). */
int dy_light_support(const dy_sentence *s, int n, int *reverses);

/* The code of a reversed event ("lifted the embargo": 163 -> 085), or NULL
 * when reversing it by such a verb is no CAMEO event ("ended the talks"). */
const char *dy_light_reverse(const char *code, int reverses);

/* 1 when the verb at token v supports an event noun later in tokens
 * (v, hi]: the noun, not the verb, then carries the event. */
int dy_light_supports(const dy_sentence *s, int v, int hi);

#endif
