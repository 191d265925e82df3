/* code/modality.h - is an event asserted, negated, planned or hypothetical? */
#ifndef DY_MODALITY_H
#define DY_MODALITY_H
#include "sentence.h"

/* Looks at the words between the source (or clause start) and the verb at
 * token v. Cues already spelled out by the matched pattern (e.g. "NOT *"
 * coded as a rejection) do not count. Returns a static string. */
const char *dy_modality(const dy_sentence *s, int v, int src_unit, const dy_pattern *p);
#endif
