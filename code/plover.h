/* code/plover.h - PLOVER event type, mode and context of a CAMEO code. */
#ifndef DY_PLOVER_H
#define DY_PLOVER_H

typedef struct dy_plover_info {
    const char *cameo;   /* "0311" */
    const char *event;   /* "AGREE" */
    const char *mode;    /* "" when CAMEO does not determine it */
    const char *context; /* "" likewise */
} dy_plover_info;

extern const dy_plover_info dy_plover_table[];
extern const int dy_plover_count;

/* The entry for code, falling back to its parent codes ("0311" -> "031"
 * -> "03"); NULL when CAMEO has no PLOVER counterpart (e.g. statements). */
const dy_plover_info *dy_plover_lookup(const char *code);
#endif
